#include "scoring/transforms.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <utility>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/base/utf8.h"
#include "graphs/model/json_io.h"

namespace pg::scoring {
namespace {

namespace fs = std::filesystem;

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string replace_all(std::string s, const Pairs& pairs) {
  for (const auto& [from, to] : pairs) {
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
      s.replace(p, from.size(), to);
    }
  }
  return s;
}

std::vector<char32_t> code_points(std::string_view s);

// --- renaming -----------------------------------------------------------------

void rename(std::string& s, const Pairs& pairs) { s = replace_all(std::move(s), pairs); }
void rename(std::optional<std::string>& s, const Pairs& pairs) {
  if (s) rename(*s, pairs);
}

// Every name-bearing field of the gold: numbers, titles, issuers, evidence.
Extraction renamed(Extraction g, const Pairs& pairs) {
  rename(g.gazette.publisher, pairs);
  for (Document& d : g.documents) {
    rename(d.doc_no, pairs);
    rename(d.title, pairs);
    for (auto& i : d.issuers) rename(i, pairs);
    for (auto& t : d.promulgated_titles) rename(t, pairs);
    rename(d.expires_text, pairs);
  }
  for (Edge& e : g.edges) {
    rename(e.from, pairs);
    rename(e.to_doc_no, pairs);
    rename(e.to_title, pairs);
    rename(e.evidence, pairs);
  }
  return g;
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Like replace_all, but a name broken over lines (济\n\n政办字) is renamed
// too: ASCII whitespace may stand between its characters, and stays.
std::string rename_text(const std::string& s, const Pairs& pairs) {
  std::string text = s;
  for (const auto& [from, to] : pairs) {
    std::vector<char32_t> want = code_points(from);
    std::vector<char32_t> with = code_points(to);
    std::string first;
    append_utf8(first, want.front());
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
      if (text.compare(i, first.size(), first) != 0) {  // the common case
        out += text[i++];
        continue;
      }
      // Try a match at i: the code points of `from`, whitespace between them.
      std::size_t j = i;
      std::vector<std::string> gaps;
      bool match = true;
      for (std::size_t k = 0; k < want.size() && match; ++k) {
        std::string gap;
        if (k > 0) {
          while (j < text.size() && is_space_byte(text[j])) gap += text[j++];
        }
        if (j >= text.size()) {
          match = false;
          break;
        }
        std::size_t next = j;
        match = next_code_point(text, next) == want[k];
        j = next;
        gaps.push_back(gap);
      }
      if (!match || want.size() != with.size()) {
        if (match) {  // lengths differ: only an unbroken name is renamed
          match = text.compare(i, from.size(), from) == 0;
          if (match) {
            out += to;
            i += from.size();
            continue;
          }
        }
        std::size_t next = i;
        next_code_point(text, next);
        out.append(text, i, next - i);
        i = next;
        continue;
      }
      for (std::size_t k = 0; k < with.size(); ++k) {
        out += gaps[k];
        append_utf8(out, with[k]);
      }
      i = j;
    }
    text = std::move(out);
  }
  return text;
}

Transform rename_transform(std::string name, Pairs pairs) {
  return {std::move(name), [pairs](const Labelled& in) {
            return Labelled{in.name, rename_text(in.text, pairs), renamed(in.gold, pairs)};
          }};
}

// Only the text changes: the gold is written in canonical form already.
Transform text_transform(std::string name, std::function<std::string(const std::string&)> f) {
  return {std::move(name), [f](const Labelled& in) {
            return Labelled{in.name, f(in.text), in.gold};
          }};
}

// Place names and agency prefixes of other provinces and cities; 苏 and 青
// codes are not in agency_codes.tsv, so numbers must keep their whole prefix.
const Pairs kOtherProvince = {{"山东省", "江苏省"}, {"山东", "江苏"}, {"鲁政", "苏政"},
                              {"鲁民", "苏民"},     {"鲁财", "苏财"}, {"鲁办", "苏办"},
                              {"鲁发", "苏发"},     {"鲁厅", "苏厅"}};
const Pairs kOtherCity = {{"济南市", "青岛市"}, {"济南", "青岛"}, {"济政", "青政"},
                          {"济办", "青办"},     {"济厅", "青厅"}, {"济财", "青财"},
                          {"济发", "青发"}};

// --- lines --------------------------------------------------------------------

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = nl + 1;
  }
  return lines;
}

// The new lines of a text and where each old line went: map[n] is the
// 1-based new line of old line n (the line its first character lands on).
class LineWriter {
 public:
  explicit LineWriter(std::size_t old_count) : map_(old_count + 1, 0) {}
  // Old line n starts on the next line written.
  void place(int n) { map_[n] = static_cast<int>(out_.size()) + 1; }
  // Old line n is joined onto the last line written.
  void place_on_last(int n) { map_[n] = std::max(1, static_cast<int>(out_.size())); }
  void write(std::string line) { out_.push_back(std::move(line)); }
  std::string& last() { return out_.back(); }
  bool empty() const { return out_.empty(); }

  // The text and the gold with its line numbers carried over. Lines that were
  // dropped map to the next line that was kept.
  Labelled finish(const Labelled& in) {
    int next = static_cast<int>(out_.size());
    for (std::size_t n = map_.size(); n-- > 1;) {
      if (map_[n] == 0) {
        map_[n] = next;
      } else {
        next = map_[n];
      }
    }
    Labelled out{in.name, {}, in.gold};
    for (const auto& l : out_) out.text += l + "\n";
    auto carry = [&](int line) {
      if (line < 1) return line;
      if (static_cast<std::size_t>(line) >= map_.size()) return static_cast<int>(out_.size());
      return map_[line];
    };
    for (Document& d : out.gold.documents) {
      d.line_start = carry(d.line_start);
      d.line_end = carry(d.line_end);
    }
    for (Edge& e : out.gold.edges) e.line = carry(e.line);
    return out;
  }

 private:
  std::vector<int> map_;
  std::vector<std::string> out_;
};

bool is_blank(std::string_view s) { return remove_whitespace(s).empty(); }

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
  return out;
}

std::string utf8(const std::vector<char32_t>& cps, std::size_t begin, std::size_t end) {
  std::string s;
  for (std::size_t i = begin; i < end && i < cps.size(); ++i) append_utf8(s, cps[i]);
  return s;
}

// Full-width digits folded and whitespace removed: how a line is compared with
// a canonical number.
std::string folded(std::string_view s) {
  std::string out;
  for (char32_t c : code_points(remove_whitespace(s))) {
    if (c >= U'０' && c <= U'９') c = U'0' + (c - U'０');
    append_utf8(out, c);
  }
  return out;
}

// The line (1-based) holding a document's number in its header, or 0: within
// a few lines of its first header line.
int number_line(const std::vector<std::string>& lines, const Document& d) {
  if (!d.doc_no) return 0;
  int seen = 0;
  for (int n = std::max(1, d.line_start); n <= static_cast<int>(lines.size()) && seen < 12; ++n) {
    const std::string& l = lines[n - 1];
    if (is_blank(l)) continue;
    ++seen;
    if (folded(l).find(*d.doc_no) != std::string::npos) return n;
  }
  return 0;
}

// --- the line transforms ------------------------------------------------------

Labelled unwrap(const Labelled& in);

// The text reflowed to a column of `width` characters, as PDF extraction of
// another layout gives it: paragraphs joined (see unwrap), then every line
// longer than the column cut into pieces of that width, so titles and
// numbers break anywhere.
Labelled rewrap(const Labelled& original, std::size_t width) {
  const Labelled in = unwrap(original);
  std::vector<std::string> lines = split_lines(in.text);
  LineWriter w(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    w.place(static_cast<int>(i) + 1);
    std::vector<char32_t> cps = code_points(trim_right(lines[i]));
    if (cps.size() <= width) {
      w.write(trim_right(lines[i]));
      continue;
    }
    for (std::size_t at = 0; at < cps.size(); at += width) w.write(utf8(cps, at, at + width));
  }
  return w.finish(in);
}

bool ends_sentence(std::string_view s) {
  for (std::string_view mark : {"。", "！", "？", "：", "；", ":", ";"}) {
    if (s.ends_with(mark)) return true;
  }
  return false;
}

// Paragraphs joined onto one line each, as a web page or a reflowing reader
// shows them: a line continues the paragraph above when that one neither ends
// a sentence nor stops short of the column (the last line of a paragraph, a
// title, a signature or a date is short). The column is the most common
// length of the text's longer lines, when a quarter of them have it.
Labelled unwrap(const Labelled& in) {
  std::vector<std::string> lines = split_lines(in.text);
  std::map<std::size_t, int> lengths;
  for (const auto& l : lines) {
    std::size_t n = code_points(remove_whitespace(l)).size();
    if (n >= 8) ++lengths[n];
  }
  std::size_t column = 0;
  int most = 0;
  int all = 0;
  for (const auto& [n, count] : lengths) {
    all += count;
    if (count > most) {
      most = count;
      column = n;
    }
  }
  // Text whose lines are paragraphs already has no column: lines of every
  // length, none common.
  if (most * 4 < all) column = 0;
  LineWriter w(lines.size());
  bool open = false;  // the last line written is a paragraph that may go on
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    std::string text = trim_right(lines[i]);
    if (is_blank(text)) {
      w.place(n);  // dropped: maps to the next line written
      continue;
    }
    // A bracketed line is a note of its own: （2017年11月20日印发）, （此件公开发布）.
    std::string bare = remove_whitespace(text);
    bool note = bare.starts_with("（") && bare.ends_with("）");
    if (open && !note) {
      w.place_on_last(n);
      w.last() += text;
    } else {
      if (!w.empty()) w.write("");
      w.place(n);
      w.write(text);
    }
    const std::size_t length = code_points(bare).size();
    open = column != 0 && !note && !ends_sentence(bare) && length + 3 >= column &&
           length <= column + 1;
  }
  return w.finish(in);
}

// Each document's header as a web page prints it: the issuer and title lines,
// the number and the addressees on one line.
Labelled join_headers(const Labelled& in) {
  std::vector<std::string> lines = split_lines(in.text);
  // first line of a header -> its last line
  std::map<int, int> spans;
  for (const Document& d : in.gold.documents) {
    int number = number_line(lines, d);
    if (number == 0) continue;
    int first = std::min(d.line_start, number);
    int last = std::max(d.line_start, number);
    // The addressees under the number: 各县区人民政府，市政府各部门：
    for (int n = last + 1, seen = 0; n <= static_cast<int>(lines.size()) && seen < 2; ++n) {
      if (is_blank(lines[n - 1])) continue;
      ++seen;
      std::string t = remove_whitespace(lines[n - 1]);
      if (t.ends_with("：") && t.find("。") == std::string::npos && code_points(t).size() <= 80) {
        last = n;
        break;
      }
    }
    spans[first] = last;
  }
  LineWriter w(lines.size());
  for (int n = 1; n <= static_cast<int>(lines.size()); ++n) {
    auto span = spans.find(n);
    if (span == spans.end()) {
      w.place(n);
      w.write(lines[n - 1]);
      continue;
    }
    std::string joined;
    for (int k = n; k <= span->second; ++k) {
      w.place(k);
      if (is_blank(lines[k - 1])) continue;
      if (!joined.empty()) joined += " ";
      joined += remove_whitespace(lines[k - 1]);
    }
    w.write(joined);
    n = span->second;
  }
  return w.finish(in);
}

bool starts_with_numeral_then(std::string_view s, std::string_view first, std::string_view after,
                              std::size_t* end) {
  if (!s.starts_with(first)) return false;
  std::size_t i = first.size();
  std::size_t digits = 0;
  static const std::u32string kNumerals = U"一二三四五六七八九十百零〇";
  while (i < s.size()) {
    std::size_t j = i;
    char32_t c = next_code_point(s, j);
    if (kNumerals.find(c) == std::u32string::npos) break;
    i = j;
    ++digits;
  }
  if (digits == 0 || s.substr(i).substr(0, after.size()) != after) return false;
  *end = i + after.size();
  return true;
}

// A Markdown export: each document's title joined into one '##' heading,
// chapters and short section heads as '###', article numbers in bold, the
// table of contents as a table.
Labelled markdown(const Labelled& in) {
  std::vector<std::string> lines = split_lines(in.text);
  std::map<int, int> titles;  // first title line -> last title line
  int first_document = static_cast<int>(lines.size()) + 1;
  for (const Document& d : in.gold.documents) {
    first_document = std::min(first_document, d.line_start);
    int number = number_line(lines, d);
    int last = number > d.line_start ? number - 1 : d.line_start;
    while (last > d.line_start && is_blank(lines[last - 1])) --last;
    titles[d.line_start] = last;
  }
  int toc = 0;
  for (int n = 1; n < first_document; ++n) {
    std::string t = remove_whitespace(lines[n - 1]);
    if (t == "目录" || t == "目次") toc = n;
  }
  LineWriter w(lines.size());
  bool table_open = false;
  for (int n = 1; n <= static_cast<int>(lines.size()); ++n) {
    const std::string& line = lines[n - 1];
    std::string t = remove_whitespace(line);
    w.place(n);
    if (auto title = titles.find(n); title != titles.end()) {
      std::string joined;
      for (int k = n; k <= title->second; ++k) {
        w.place(k);
        joined += remove_whitespace(lines[k - 1]);
      }
      w.write("## " + joined);
      n = title->second;
      continue;
    }
    if (toc != 0 && n > toc && n < first_document && !t.empty() && !line.starts_with("|")) {
      w.write("| " + trim_right(line) + " |");
      if (!table_open) w.write("|---|");
      table_open = true;
      continue;
    }
    std::size_t end = 0;
    if (starts_with_numeral_then(t, "第", "章", &end) && t.size() <= 3 * 20) {
      w.write("### " + trim_right(line));
    } else if (starts_with_numeral_then(t, "第", "条", &end)) {
      w.write("**" + t.substr(0, end) + "** " + t.substr(end));
    } else if (starts_with_numeral_then(t, "", "、", &end) && t.size() <= 3 * 24 &&
               !ends_sentence(t) && t.find("。") == std::string::npos) {
      w.write("### " + t);
    } else {
      w.write(line);
    }
  }
  return w.finish(in);
}

// Page furniture as PDF text keeps it: every `every` lines a page ends with
// its number and the next opens with the gazette's running header.
Labelled page_furniture(const Labelled& in, int every) {
  std::vector<std::string> lines = split_lines(in.text);
  const GazetteInfo& g = in.gold.gazette;
  std::string header = g.publisher.value_or("济南市人民政府") + "公报 " +
                       std::to_string(g.year.value_or(2017)) + "年" + g.issue.value_or("第13期");
  LineWriter w(lines.size());
  int page = 1;
  for (int n = 1; n <= static_cast<int>(lines.size()); ++n) {
    w.place(n);
    w.write(lines[n - 1]);
    if (n % every == 0 && n < static_cast<int>(lines.size())) {
      for (std::string l : {std::string(), "— " + std::to_string(page) + " —", std::string(),
                            header, std::string()}) {
        w.write(std::move(l));
      }
      ++page;
    }
  }
  return w.finish(in);
}

// The table of contents cut out: from its heading to the first document.
Labelled without_contents(const Labelled& in) {
  std::vector<std::string> lines = split_lines(in.text);
  int first_document = static_cast<int>(lines.size()) + 1;
  for (const Document& d : in.gold.documents)
    first_document = std::min(first_document, d.line_start);
  int toc = 0;
  for (int n = 1; n < first_document; ++n) {
    std::string t = remove_whitespace(lines[n - 1]);
    if (t == "目录" || t == "目次") toc = n;
  }
  LineWriter w(lines.size());
  for (int n = 1; n <= static_cast<int>(lines.size()); ++n) {
    if (toc != 0 && n >= toc && n < first_document) continue;
    w.place(n);
    w.write(lines[n - 1]);
  }
  return w.finish(in);
}

// --- text transforms ----------------------------------------------------------

// A space between every two CJK ideographs: 济 南 市 人 民 政 府.
std::string spaced(const std::string& text) {
  std::string out;
  out.reserve(text.size() * 4 / 3);
  char32_t prev = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (is_cjk_ideograph(prev) && is_cjk_ideograph(c)) out += ' ';
    append_utf8(out, c);
    prev = c;
  }
  return out;
}

std::string full_width_digits(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      append_utf8(out, U'０' + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

// 济政发〔2017〕24号 -> 济政发 〔 2017 〕 24 号
std::string spaced_numbers(const std::string& text) {
  std::string out = replace_all(text, {{"〔", " 〔 "}, {"〕", " 〕 "}});
  std::string result;
  for (std::size_t i = 0; i < out.size(); ++i) {
    result += out[i];
    if (out[i] >= '0' && out[i] <= '9' && out.compare(i + 1, 3, "号") == 0) result += ' ';
  }
  return result;
}

std::vector<Transform> make_transforms() {
  Pairs both = kOtherProvince;
  both.insert(both.end(), kOtherCity.begin(), kOtherCity.end());
  // Other cities name their general offices 办公室, not 办公厅.
  both.push_back({"市人民政府办公厅", "市人民政府办公室"});
  both.push_back({"市委办公厅", "市委办公室"});
  auto brackets = [](std::string open, std::string close) {
    return [open, close](const std::string& t) {
      return replace_all(t, {{"〔", open}, {"〕", close}});
    };
  };
  return {
      rename_transform("other city", kOtherCity),
      rename_transform("other province", kOtherProvince),
      rename_transform("other province+city", both),
      {"rewrap 20", [](const Labelled& in) { return rewrap(in, 20); }},
      {"rewrap 35", [](const Labelled& in) { return rewrap(in, 35); }},
      {"unwrap", unwrap},
      {"web headers", join_headers},
      text_transform("brackets []", brackets("[", "]")),
      text_transform("brackets 【】", brackets("【", "】")),
      text_transform("brackets ［］", brackets("［", "］")),
      text_transform("brackets （）", brackets("（", "）")),
      text_transform("brackets dropped", brackets("", "")),
      text_transform("full-width digits", full_width_digits),
      text_transform("spaces in numbers", spaced_numbers),
      {"markdown", markdown},
      {"page furniture", [](const Labelled& in) { return page_furniture(in, kPageLines); }},
      {"no contents", without_contents},
      text_transform("CJK spaced", spaced),
      // Several at once, as a held-out text differs in several ways.
      {"renamed+rewrap 35",
       [both](const Labelled& in) { return rewrap(rename_transform("", both).apply(in), 35); }},
      {"renamed+markdown+pages",
       [both](const Labelled& in) {
         return page_furniture(markdown(rename_transform("", both).apply(in)), kPageLines);
       }},
      {"renamed+web+no brackets",
       [both](const Labelled& in) {
         Labelled out = join_headers(rename_transform("", both).apply(in));
         out.text = replace_all(out.text, {{"〔", ""}, {"〕", ""}});
         return out;
       }},
  };
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<std::vector<Labelled>> load_labelled(const std::string& data_dir, const std::string& set) {
  auto listed = labelled_texts(data_dir, set);
  if (!listed.ok()) return listed.error();
  std::vector<Labelled> out;
  for (const fs::path txt : *listed) {
    fs::path json = fs::path(txt).replace_extension(".json");
    auto gold = extraction_from_json(slurp(json), json.string());
    if (!gold.ok()) return gold.error();
    out.push_back({txt.filename().string(), slurp(txt), std::move(gold).value()});
  }
  return out;
}

const std::vector<Transform>& transforms() {
  static const std::vector<Transform> kTransforms = make_transforms();
  return kTransforms;
}

FileScore score_labelled(const std::vector<Labelled>& texts, const std::string& name) {
  std::vector<FileScore> files;
  for (const Labelled& l : texts) {
    Extraction got;
    std::string problem;
    try {
      auto source = decode_source(l.name, l.text);
      if (source.ok()) {
        CollectingSink sink;
        got = extract(*source, sink);
      } else {
        problem = "ERROR read: " + source.error().to_string();
      }
    } catch (const std::exception& ex) {
      problem = std::string("ERROR extract threw: ") + ex.what();
    }
    FileScore s = score_file(got, l.gold);
    s.file = l.name;
    if (!problem.empty()) s.details.insert(s.details.begin(), problem);
    files.push_back(std::move(s));
  }
  return total(files, name);
}

double fields_accuracy(const FileScore& s) {
  int right = 0;
  int all = 0;
  for (const auto& [field, counts] : s.fields) {
    right += counts.first;
    all += counts.second;
  }
  return all == 0 ? 1.0 : static_cast<double>(right) / all;
}

Result<std::vector<TransformRow>> score_transforms(const std::string& data_dir,
                                                   const std::string& set) {
  auto texts = load_labelled(data_dir, set);
  if (!texts.ok()) return texts.error();
  std::vector<TransformRow> rows;
  rows.push_back({"base", score_labelled(*texts, "base")});
  for (const Transform& t : transforms()) {
    std::vector<Labelled> changed;
    for (const Labelled& l : *texts) changed.push_back(t.apply(l));
    rows.push_back({t.name, score_labelled(changed, t.name)});
  }
  return rows;
}

}  // namespace pg::scoring
