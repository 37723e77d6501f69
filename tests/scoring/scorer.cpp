#include "scoring/scorer.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/model/json_io.h"

namespace pg::scoring {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr int kLineTolerance = 2;
constexpr char kSep = '\x1f';  // cannot occur in document text keys

// --- matching --------------------------------------------------------------

// Candidates sharing one key, taken in order; `next_` skips the ones another
// gold item already took, so every candidate is passed over at most once.
struct Bucket {
  std::vector<std::size_t> items_;
  std::size_t next_ = 0;

  std::size_t take(std::vector<bool>& used) {
    while (next_ < items_.size() && used[items_[next_]]) ++next_;
    if (next_ == items_.size()) return kNone;
    std::size_t i = items_[next_++];
    used[i] = true;
    return i;
  }
};
using Index = std::unordered_map<std::string, Bucket>;

std::size_t take(Index& index, const std::string& key, std::vector<bool>& used) {
  auto it = index.find(key);
  return it == index.end() ? kNone : it->second.take(used);
}

// Pairs found: gold index -> ours index (kNone when missed), and which of ours
// were used.
struct Matching {
  std::vector<std::size_t> gold_to_ours;
  std::vector<bool> ours_used;
};

Matching match_documents(const std::vector<Document>& got, const std::vector<Document>& gold) {
  Matching m{std::vector<std::size_t>(gold.size(), kNone), std::vector<bool>(got.size(), false)};
  Index by_no, by_title_no_number, by_title_with_number;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i].doc_no) {
      by_no[*got[i].doc_no].items_.push_back(i);
      by_title_with_number[remove_whitespace(got[i].title)].items_.push_back(i);
    } else {
      by_title_no_number[remove_whitespace(got[i].title)].items_.push_back(i);
    }
  }
  // Numbered gold documents first, so that a title match cannot take a
  // document that a number would have matched.
  for (std::size_t g = 0; g < gold.size(); ++g) {
    if (gold[g].doc_no) m.gold_to_ours[g] = take(by_no, *gold[g].doc_no, m.ours_used);
  }
  for (std::size_t g = 0; g < gold.size(); ++g) {
    if (gold[g].doc_no) continue;
    std::string title = remove_whitespace(gold[g].title);
    std::size_t o = take(by_title_no_number, title, m.ours_used);
    if (o == kNone) o = take(by_title_with_number, title, m.ours_used);
    m.gold_to_ours[g] = o;
  }
  return m;
}

struct EdgeKey {
  std::string from_number;  // from + number (+ type); empty when no number
  std::string from_title;   // from + title (+ type); empty when no title
};

EdgeKey edge_key(const Edge& e, bool typed) {
  std::string from = remove_whitespace(e.from) + kSep;
  std::string suffix;
  if (typed) suffix = kSep + std::string(to_string(e.type));
  EdgeKey k;
  if (e.to_doc_no && !e.to_doc_no->empty()) {
    k.from_number = from + remove_whitespace(*e.to_doc_no) + suffix;
  }
  if (e.to_title && !e.to_title->empty()) {
    k.from_title = from + remove_whitespace(*e.to_title) + suffix;
  }
  return k;
}

// Numbers decide when both sides have one; titles decide when either side
// lacks one. The first pass takes the exact kind of match (number to number,
// title-only to title-only), the second the mixed ones, so that a mixed match
// does not take an edge that an exact one needed.
Matching match_edges(const std::vector<Edge>& got, const std::vector<Edge>& gold, bool typed) {
  Matching m{std::vector<std::size_t>(gold.size(), kNone), std::vector<bool>(got.size(), false)};
  Index by_number, by_title_no_number, by_title_with_number;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EdgeKey k = edge_key(got[i], typed);
    if (!k.from_number.empty()) {
      by_number[k.from_number].items_.push_back(i);
      if (!k.from_title.empty()) by_title_with_number[k.from_title].items_.push_back(i);
    } else if (!k.from_title.empty()) {
      by_title_no_number[k.from_title].items_.push_back(i);
    }
  }
  std::vector<EdgeKey> gold_keys;
  gold_keys.reserve(gold.size());
  for (const auto& e : gold) gold_keys.push_back(edge_key(e, typed));

  for (std::size_t g = 0; g < gold.size(); ++g) {
    const EdgeKey& k = gold_keys[g];
    if (!k.from_number.empty()) {
      m.gold_to_ours[g] = take(by_number, k.from_number, m.ours_used);
    } else if (!k.from_title.empty()) {
      m.gold_to_ours[g] = take(by_title_no_number, k.from_title, m.ours_used);
    }
  }
  for (std::size_t g = 0; g < gold.size(); ++g) {
    const EdgeKey& k = gold_keys[g];
    if (m.gold_to_ours[g] != kNone || k.from_title.empty()) continue;
    m.gold_to_ours[g] = k.from_number.empty()
                            ? take(by_title_with_number, k.from_title, m.ours_used)
                            : take(by_title_no_number, k.from_title, m.ours_used);
  }
  return m;
}

Prf prf_of(const Matching& m) {
  Prf p;
  for (std::size_t o : m.gold_to_ours) (o == kNone ? p.false_neg : p.true_pos)++;
  for (bool used : m.ours_used) {
    if (!used) ++p.false_pos;
  }
  return p;
}

// --- printing --------------------------------------------------------------

std::string show(const std::optional<std::string>& s) { return s ? *s : "null"; }
std::string show(const std::optional<Date>& d) { return d ? d->to_iso() : "null"; }
std::string show(const Effective& e) { return effective_value(e).value_or("null"); }
std::string show(const std::vector<std::string>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += " | ";
    out += list[i];
  }
  return out + "]";
}

std::string show_target(const Edge& e) {
  std::string out;
  if (e.to_doc_no) out += *e.to_doc_no;
  if (e.to_title) out += "《" + *e.to_title + "》";
  return out.empty() ? "?" : out;
}

std::string show_edge(const Edge& e) {
  return e.from + " -> " + show_target(e) + " " + std::string(to_string(e.type)) + " line " +
         std::to_string(e.line) + (e.derived ? " derived" : "");
}

// --- fields ----------------------------------------------------------------

bool same_list(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (remove_whitespace(a[i]) != remove_whitespace(b[i])) return false;
  }
  return true;
}

bool same_effective(const Effective& a, const Effective& b) {
  if (a.kind != b.kind) return false;
  return a.kind != Effective::Kind::kDate || a.date == b.date;
}

void score_fields(const Document& got, const Document& gold, FileScore& out) {
  auto field = [&](const char* name, bool right, const std::string& got_text,
                   const std::string& want_text) {
    auto& [ok, total] = out.fields[name];
    ++total;
    if (right) {
      ++ok;
      return;
    }
    out.details.push_back("FIELD " + gold.key() + " " + name + ": got " + got_text + " want " +
                          want_text);
  };
  field("title", remove_whitespace(got.title) == remove_whitespace(gold.title), got.title,
        gold.title);
  field("issuers", same_list(got.issuers, gold.issuers), show(got.issuers), show(gold.issuers));
  field("signed", got.signed_date == gold.signed_date, show(got.signed_date),
        show(gold.signed_date));
  field("printed", got.printed_date == gold.printed_date, show(got.printed_date),
        show(gold.printed_date));
  field("effective", same_effective(got.effective, gold.effective), show(got.effective),
        show(gold.effective));
  field("expires", got.expires == gold.expires, show(got.expires), show(gold.expires));
  field("registration_no", got.registration_no == gold.registration_no, show(got.registration_no),
        show(gold.registration_no));
  field("promulgated_titles", same_list(got.promulgated_titles, gold.promulgated_titles),
        show(got.promulgated_titles), show(gold.promulgated_titles));
  field("line_start", std::abs(got.line_start - gold.line_start) <= kLineTolerance,
        std::to_string(got.line_start), std::to_string(gold.line_start));
}

// --- corpus ----------------------------------------------------------------

std::optional<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads and extracts one text. The harness scores the extractor, so a text it
// cannot read or an exception it throws becomes an empty extraction and a
// detail line, not a stop.
Extraction extract_file(const fs::path& txt, std::string* problem) {
  Extraction empty;
  empty.source = txt.filename().string();
  try {
    auto source = read_source(txt.string());
    if (!source.ok()) {
      *problem = "ERROR read: " + source.error().to_string();
      return empty;
    }
    CollectingSink sink;
    return extract(*source, sink);
  } catch (const std::exception& ex) {
    *problem = std::string("ERROR extract threw: ") + ex.what();
  } catch (...) {
    *problem = "ERROR extract threw a non-standard exception";
  }
  return empty;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

}  // namespace

double Prf::precision() const {
  int found = true_pos + false_pos;
  return found == 0 ? 1.0 : static_cast<double>(true_pos) / found;
}

double Prf::recall() const {
  int wanted = true_pos + false_neg;
  return wanted == 0 ? 1.0 : static_cast<double>(true_pos) / wanted;
}

double Prf::f1() const {
  double p = precision();
  double r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

std::string remove_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto byte = [&](std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u;
  };
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = byte(i);
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      i += 1;
    } else if (c == 0xC2 && byte(i + 1) == 0xA0) {  // U+00A0
      i += 2;
    } else if (c == 0xE3 && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) {  // U+3000
      i += 3;
    } else if (c == 0xE2 && byte(i + 1) == 0x80 && byte(i + 2) >= 0x80 &&
               byte(i + 2) <= 0x8B) {  // U+2000..U+200B
      i += 3;
    } else if (c == 0xEF && byte(i + 1) == 0xBB && byte(i + 2) == 0xBF) {  // U+FEFF
      i += 3;
    } else {
      out += static_cast<char>(c);
      i += 1;
    }
  }
  return out;
}

const std::vector<std::string>& field_names() {
  static const std::vector<std::string> kNames = {
      "title",     "issuers", "signed",          "printed",
      "effective", "expires", "registration_no", "promulgated_titles",
      "line_start"};
  return kNames;
}

double field_accuracy(const FileScore& s, const std::string& field) {
  auto it = s.fields.find(field);
  if (it == s.fields.end() || it->second.second == 0) return 1.0;
  return static_cast<double>(it->second.first) / it->second.second;
}

FileScore score_file(const Extraction& got, const Extraction& gold) {
  FileScore out;
  out.file = gold.source.empty() ? got.source : gold.source;
  for (const auto& name : field_names()) out.fields[name] = {0, 0};

  Matching docs = match_documents(got.documents, gold.documents);
  out.documents = prf_of(docs);
  for (std::size_t g = 0; g < gold.documents.size(); ++g) {
    const Document& want = gold.documents[g];
    if (docs.gold_to_ours[g] == kNone) {
      out.details.push_back("MISS doc " + want.key() + " line " + std::to_string(want.line_start));
    } else {
      score_fields(got.documents[docs.gold_to_ours[g]], want, out);
    }
  }
  for (std::size_t o = 0; o < got.documents.size(); ++o) {
    if (!docs.ours_used[o]) {
      out.details.push_back("FALSE doc " + got.documents[o].key() + " line " +
                            std::to_string(got.documents[o].line_start));
    }
  }

  Matching untyped = match_edges(got.edges, gold.edges, false);
  Matching typed = match_edges(got.edges, gold.edges, true);
  out.untyped_edges = prf_of(untyped);
  out.typed_edges = prf_of(typed);
  for (std::size_t g = 0; g < gold.edges.size(); ++g) {
    const Edge& want = gold.edges[g];
    bool typed_hit = typed.gold_to_ours[g] != kNone;
    if (!typed_hit && (want.type == RelationType::kRepeals || want.type == RelationType::kAmends)) {
      out.missed_repeal_amend.push_back(want);
    }
    if (untyped.gold_to_ours[g] == kNone) {
      out.details.push_back("MISS edge " + show_edge(want));
    } else if (!typed_hit) {
      const Edge& got_edge = got.edges[untyped.gold_to_ours[g]];
      out.details.push_back("TYPE edge " + show_edge(want) + ": got " +
                            std::string(to_string(got_edge.type)) + " want " +
                            std::string(to_string(want.type)));
    }
  }
  for (std::size_t o = 0; o < got.edges.size(); ++o) {
    if (!untyped.ours_used[o]) {
      out.details.push_back("FALSE edge " + show_edge(got.edges[o]));
    }
  }
  return out;
}

FileScore total(const std::vector<FileScore>& files, const std::string& name) {
  FileScore sum;
  sum.file = name;
  for (const auto& field : field_names()) sum.fields[field] = {0, 0};
  auto add = [](Prf& to, const Prf& from) {
    to.true_pos += from.true_pos;
    to.false_pos += from.false_pos;
    to.false_neg += from.false_neg;
  };
  for (const auto& f : files) {
    add(sum.documents, f.documents);
    add(sum.untyped_edges, f.untyped_edges);
    add(sum.typed_edges, f.typed_edges);
    for (const auto& [field, counts] : f.fields) {
      sum.fields[field].first += counts.first;
      sum.fields[field].second += counts.second;
    }
    sum.missed_repeal_amend.insert(sum.missed_repeal_amend.end(), f.missed_repeal_amend.begin(),
                                   f.missed_repeal_amend.end());
    for (const auto& line : f.details) sum.details.push_back(f.file + ": " + line);
  }
  return sum;
}

Result<std::vector<std::string>> labelled_texts(const std::string& data_dir,
                                                const std::string& set) {
  fs::path dir = fs::path(data_dir) / set;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error{dir.string(), -1, "no such directory"};
  }
  std::vector<fs::path> texts;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() == ".txt" && fs::exists(fs::path(p).replace_extension(".json"))) {
      texts.push_back(p);
    }
  }
  if (ec) return Error{dir.string(), -1, ec.message()};
  if (texts.empty()) return Error{dir.string(), -1, "no .txt file with a gold .json"};
  std::sort(texts.begin(), texts.end());
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(t.string());
  return out;
}

Result<SetScore> score_set(const std::string& data_dir, const std::string& set) {
  auto listed = labelled_texts(data_dir, set);
  if (!listed.ok()) return listed.error();
  const std::vector<std::string>& texts = *listed;

  SetScore out;
  out.set = set;
  for (const fs::path txt : texts) {
    fs::path json = fs::path(txt).replace_extension(".json");
    auto gold_text = slurp(json);
    if (!gold_text) return Error{json.string(), -1, "cannot read"};
    auto gold = extraction_from_json(*gold_text, json.string());
    if (!gold.ok()) return gold.error();

    std::string problem;
    Extraction got = extract_file(txt, &problem);
    FileScore score = score_file(got, *gold);
    score.file = txt.filename().string();
    if (!problem.empty()) score.details.insert(score.details.begin(), problem);
    out.files.push_back(std::move(score));
  }
  out.sum = total(out.files, set);
  return out;
}

Result<NationalScore> score_national(const std::string& data_dir) {
  fs::path dir = fs::path(data_dir) / "national";
  fs::path index_path = dir / "index.tsv";
  auto index = slurp(index_path);
  if (!index) return Error{index_path.string(), -1, "cannot read"};

  NationalScore out;
  std::istringstream lines(*index);
  std::string line;
  bool header = true;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {  // file doc_no title issuer
      header = false;
      continue;
    }
    auto cols = split_tabs(line);
    if (cols.size() < 3) {
      return Error{index_path.string(), -1, "row without file, doc_no, title: " + line};
    }
    fs::path txt = dir / cols[0];
    if (!fs::exists(txt)) return Error{txt.string(), -1, "listed in index.tsv but missing"};
    ++out.total;

    std::string problem;
    Extraction got = extract_file(txt, &problem);
    const std::string& want_no = cols[1];
    std::string want_title = remove_whitespace(cols[2]);
    std::string got_desc = "nothing";
    if (!got.documents.empty()) {
      const Document& first = got.documents.front();
      if (first.doc_no == want_no && remove_whitespace(first.title) == want_title) {
        ++out.right;
        continue;
      }
      got_desc = show(first.doc_no) + " 《" + first.title + "》";
    }
    if (!problem.empty()) got_desc += " (" + problem + ")";
    out.misses.push_back(cols[0] + ": got " + got_desc + " want " + want_no + " 《" + want_title +
                         "》");
  }
  if (out.total == 0) return Error{index_path.string(), -1, "no rows"};
  return out;
}

}  // namespace pg::scoring
