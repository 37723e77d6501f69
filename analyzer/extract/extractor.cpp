#include "analyzer/extract/extractor.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/data/tables.h"
#include "analyzer/extract/citations.h"
#include "analyzer/extract/issuers.h"
#include "analyzer/extract/relations.h"
#include "analyzer/extract/segmenter.h"
#include "analyzer/extract/validity.h"
#include "analyzer/read/doc_number.h"
#include "analyzer/read/normalizer.h"
#include "graphs/base/text.h"
#include "graphs/base/titles.h"
#include "graphs/base/utf8.h"
#include "graphs/base/work_stats.h"

namespace pg {
namespace {

// The words by which a title states its relation to what it names
// (analyzer/data/title_cues.tsv; its header explains the columns).
struct TitleCue {
  RelationType type;
  std::string_view phrase;
};
struct TitleCues {
  std::vector<TitleCue> before_number;
  std::vector<TitleCue> before_title;
  std::vector<TitleCue> plan_after;
};
struct TitleCueTables {
  TitleCues own;
  TitleCues cited;
};

const TitleCueTables& title_cues() {
  static const TitleCueTables kCues = [] {
    TitleCueTables t;
    for (const auto& row : tsv_rows("title_cues.tsv")) {
      if (row.size() < 4) continue;
      std::optional<RelationType> type = parse_relation_type(row[2]);
      if (!type || row[3].empty()) continue;
      TitleCues* scope = row[0] == "own" ? &t.own : row[0] == "cited" ? &t.cited : nullptr;
      if (scope == nullptr) continue;
      std::vector<TitleCue>* list = row[1] == "before_number"  ? &scope->before_number
                                    : row[1] == "before_title" ? &scope->before_title
                                    : row[1] == "plan_after"   ? &scope->plan_after
                                                               : nullptr;
      if (list != nullptr) list->push_back({*type, row[3]});
    }
    return t;
  }();
  return kCues;
}

// The verbs of a law's history note (history_verbs.tsv): the adoption, a
// later change (or an amending decision's 修改), and every verb of a note.
// Loaded on first use, like every table.
struct NoteWords {
  std::vector<std::string_view> adoption = history_verbs({"adopted"});
  std::vector<std::string_view> change = history_verbs({"amended", "revised", "decision"});
  std::vector<std::string_view> any =
      history_verbs({"amended", "revised", "adopted", "approved", "promulgated", "effective"});
};
const NoteWords& note_words() {
  static const NoteWords kWords;
  return kWords;
}

bool contains_any(std::string_view text, const std::vector<std::string_view>& words) {
  for (std::string_view w : words) {
    if (contains(text, w)) return true;
  }
  return false;
}

// The type of the first cue in `cues` that `text` contains.
std::optional<RelationType> cue_within(std::string_view text, const std::vector<TitleCue>& cues) {
  for (const TitleCue& c : cues) {
    if (contains(text, c.phrase)) return c.type;
  }
  return std::nullopt;
}

// The type of the first cue in `cues` that `text` ends with.
std::optional<RelationType> cue_at_end(std::string_view text, const std::vector<TitleCue>& cues) {
  for (const TitleCue& c : cues) {
    if (text.ends_with(c.phrase)) return c.type;
  }
  return std::nullopt;
}

std::string strip_outer_title_marks(std::string_view t) {
  if (text_starts_with(t, "《") && text_ends_with(t, "》")) {
    t = t.substr(std::string_view("《").size(), t.size() - 2 * std::string_view("《").size());
  }
  return std::string(t);
}

// Titles seen with a number, looked up by their folded key (graphs/base/titles.h)
// or by its part from 关于 on: 最高人民法院、最高人民检察院关于办理…解释 and
// 关于办理…解释 are one instrument, printed with and without its issuers.
class TitleIndex {
 public:
  void insert(std::string_view title, const std::string& number) {
    std::string folded = fold_title(title);
    if (std::string_view about = about_part(folded); !about.empty()) {
      about_.emplace(std::string(about), number);
    }
    exact_.emplace(std::move(folded), number);
  }
  const std::string* find(std::string_view title) const {
    std::string folded = fold_title(title);
    if (auto it = exact_.find(folded); it != exact_.end()) return &it->second;
    if (std::string_view about = about_part(folded); !about.empty()) {
      if (auto it = about_.find(about); it != about_.end()) return &it->second;
    }
    return nullptr;
  }

 private:
  // Looked up by a view of the folded key: no copy of its 关于 part.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
  static std::string_view about_part(std::string_view folded) {
    std::size_t at = folded.find("关于");
    if (at == std::string_view::npos || folded.size() - at < 3 * 6) return {};
    return folded.substr(at);
  }
  Map exact_;
  Map about_;
};

struct Opening {
  std::size_t begin;
  std::size_t end;
};

// Section marks that end a document's opening statement.
bool starts_section(std::string_view line) {
  for (std::string_view mark : {"一、", "（一）", "(一)", "第二条", "第二章", "1.", "1、"}) {
    if (line.starts_with(mark)) return true;
  }
  return false;
}

class DocumentReader {
 public:
  DocumentReader(const SourceText& source, const NormalizedText& text, const Segmentation& seg,
                 const Segment& s, DiagnosticSink& sink, std::vector<Edge>& edges,
                 std::unordered_map<std::string, std::size_t>& edge_index)
      : source_(source),
        text_(text),
        seg_(seg),
        s_(s),
        sink_(sink),
        edges_(edges),
        edge_index_(edge_index) {}

  Document read() {
    doc_.kind = s_.kind;
    if (s_.number) doc_.doc_no = s_.number->canonical;
    doc_.title = strip_outer_title_marks(s_.title);
    doc_.line_start = s_.line_start;
    doc_.line_end = s_.line_end;
    doc_.registration_no = s_.registration_no;
    if (s_.registration_no) add_evidence("registration_no", s_.registration_line);
    // Page numbers and running headers inside the body are left out, so a
    // sentence or a number broken by a page break reads whole.
    flow_ = join_lines(text_, s_.body_start, std::max(s_.body_start, s_.line_end), seg_.furniture);
    read_dates();
    read_history();
    read_promulgated();
    if (doc_.title.empty() && !doc_.promulgated_titles.empty()) {
      doc_.title = doc_.promulgated_titles.front();  // a decree is named by its measure
    }
    if (!doc_.title.empty()) add_evidence("title", s_.line_start, doc_.title);
    if (doc_.doc_no) add_evidence("doc_no", s_.number_line ? s_.number_line : s_.line_start);
    read_issuers();
    read_validity();
    check_dates();
    check_title_marks();
    find_openings();
    find_passage_breaks();
    scan_body();
    read_title_references();
    read_body_references();
    return std::move(doc_);
  }

 private:
  void add_evidence(const char* field, int line, std::string quote = {}) {
    if (quote.empty()) quote = line_quote(line);
    work_stats().quoted += quote.size();
    doc_.field_evidence.push_back({field, Evidence{source_.name, line, std::move(quote)}});
  }

  // A line as evidence, cut on a character boundary when it is longer than
  // any header or date line (text extracted without line breaks): a quote
  // is copied into the output for each fact, and must not carry the file.
  std::string line_quote(int n) const {
    static constexpr std::size_t kMaxLineQuoteBytes = 3 * 200;
    std::string_view line = text_.line(n);
    if (line.size() <= kMaxLineQuoteBytes) return std::string(line);
    return std::string(line.substr(0, floor_char_boundary(line, kMaxLineQuoteBytes))) + "…";
  }

  void report(int line, std::string message) {
    sink_.report(
        Diagnostic{Diagnostic::Severity::kWarning, source_.name, line, std::move(message)});
  }

  bool is_furniture(int n) const {
    return n < static_cast<int>(seg_.furniture.size()) && seg_.furniture[n];
  }

  void read_dates() {
    // signed: the first date standing alone under a signature; printed: the
    // （X年X月X日印发） line. A '#' document's dates are its adoption notes.
    for (int n = s_.header_end + 1; n <= s_.line_end; ++n) {
      const std::optional<Date>& d = seg_.dates[n];
      if (!d || is_furniture(n)) continue;
      if (seg_.printed[n]) {
        doc_.printed_date = d;
        printed_line_ = n;
      } else if (!doc_.signed_date) {
        doc_.signed_date = d;
        signed_line_ = n;
      }
    }
    if (printed_line_) add_evidence("printed", printed_line_);
    if (!doc_.signed_date) read_adoption_dates();
    if (!doc_.signed_date && described_by_page() && seg_.page.date) {
      // 成文日期 of the page's metadata: no signature line in the document.
      doc_.signed_date = seg_.page.date;
      add_evidence("signed", seg_.page.date_line);
      return;
    }
    if (doc_.signed_date) add_evidence("signed", signed_line_);
  }

  // 2024年1月8日最高人民法院审判委员会第1911次会议、2024年7月23日最高人民检察院…通过:
  // a joint document is adopted when its last issuer adopts it; a later line
  // by a body already seen records an amendment, not the adoption.
  void read_adoption_dates() {
    std::set<std::string> bodies;
    int limit = std::min(s_.line_end, s_.line_start + 16);
    for (int n = s_.line_start; n <= limit; ++n) {
      std::string_view line = text_.line(n);
      if (line.empty() || !contains_any(line, note_words().adoption)) continue;
      if (contains_any(line, note_words().change)) break;
      // The note may stand in brackets: （2021年9月24日…会议通过）.
      if (text_starts_with(line, "（")) line.remove_prefix(std::string_view("（").size());
      std::vector<DateMatch> dates = find_dates(line);
      if (dates.empty() || dates.front().begin != 0) continue;
      std::string body = adopting_body(line.substr(dates.front().end));
      if (!body.empty() && bodies.count(body)) break;
      bodies.insert(body);
      doc_.signed_date = dates.back().date;
      signed_line_ = n;
      if (adoption_body_.empty()) adoption_body_ = body;
    }
  }

  // A law or regulation has no number: it is named by its title, and the
  // history note under the title says when it was adopted and each time it
  // was changed. Each 修正 is an amends edge from the deciding instrument
  // (《关于修改〈X〉的决定》 of that day), each 修订 one from the session that
  // adopted the revised text; both are known by title and date (from_date),
  // since one decision title recurs on other days.
  void read_history() {
    if (doc_.doc_no || doc_.title.empty()) return;
    auto [first, last] = history_note_lines();
    if (!first) return;
    history_first_ = first;
    history_last_ = last;
    FlowText note = join_lines(text_, first, last);
    std::string_view f(note.text());
    const HistoryClause* adoption = nullptr;
    const std::vector<HistoryClause> clauses = find_history(f);
    for (const HistoryClause& c : clauses) {
      std::string quote(f.substr(c.begin, c.end - c.begin));
      int line = note.line_at(c.begin);
      switch (c.kind) {
        case HistoryClause::Kind::kAdopted:
        case HistoryClause::Kind::kApproved:
        case HistoryClause::Kind::kPromulgated:
          // The first adoption; else the first approval or promulgation.
          if (adoption == nullptr || (adoption->kind != HistoryClause::Kind::kAdopted &&
                                      c.kind == HistoryClause::Kind::kAdopted)) {
            adoption = &c;
            adoption_line_ = line;
            adoption_quote_ = quote;
          }
          break;
        case HistoryClause::Kind::kAmended:
        case HistoryClause::Kind::kRevised: add_history_edge(c, line, std::move(quote)); break;
        case HistoryClause::Kind::kEffective: break;
      }
    }
    // The adopting body is the issuer when no line said it already:
    // 第六届全国人民代表大会常务委员会第十六次会议 -> 全国人民代表大会常务委员会.
    if (adoption != nullptr && adoption_body_.empty())
      adoption_body_ = adopting_body(adoption->body);
    if (adoption != nullptr && !doc_.signed_date) {
      doc_.signed_date = adoption->date;
      doc_.field_evidence.push_back(
          {"signed", Evidence{source_.name, adoption_line_, adoption_quote_}});
    }
  }

  // The first and last line of the history note under the title, {0, 0}
  // when there is none. A note's clause is a dated line saying what was done;
  // a title broken over lines (《 not yet closed) continues it.
  std::pair<int, int> history_note_lines() const {
    int limit = std::min(s_.line_end, s_.line_start + 24);
    int first = 0, last = 0;
    int open_marks = 0;  // 《 minus 》 so far: a title broken over lines
    for (int n = s_.line_start + 1; n <= limit; ++n) {
      std::string_view line = text_.line(n);
      if (line.empty()) continue;
      if (!is_history_clause(line) && !(first && open_marks > 0)) {
        if (first) break;  // the note has ended
        if (text_starts_with(line, "第") || text_starts_with(line, "目")) break;  // the body
        continue;  // a title line broken in two, a blank Markdown mark
      }
      if (!first) first = n;
      last = n;
      open_marks += count_text(line, "《") - count_text(line, "》");
    }
    return {first, last};
  }

  // A note's clause is a date and what was done on it; a sentence (with its
  // commas and 。) is the body's, even when it opens with a date.
  static bool is_history_clause(std::string_view line) {
    std::string_view lead = line;
    for (std::string_view p : {"（", "(", "根据"}) {
      if (lead.starts_with(p)) lead.remove_prefix(p.size());
    }
    return date_at(lead, 0).has_value() && !contains(line, "，") && !contains(line, "。") &&
           (contains_any(line, note_words().any) ||
            count_text(line, "《") > count_text(line, "》"));  // verb on the next line
  }

  // A 修正 or 修订 of the note: an amends edge from the deciding instrument,
  // or the session, known by title and date.
  void add_history_edge(const HistoryClause& c, int line, std::string quote) {
    Edge e;
    e.from = !c.decision.empty() ? c.decision : c.body;
    if (e.from.empty()) e.from = quote;
    e.from_date = c.date;
    e.to_title = doc_.title;
    e.type = RelationType::kAmends;
    e.line = line;
    e.evidence = std::move(quote);
    std::string key = e.from + "\x1f" + c.date.to_iso() + "\x1f" + doc_.title + "\x1f@history";
    if (edge_index_.emplace(key, edges_.size()).second) edges_.push_back(std::move(e));
  }

  // Where a reference that ends at `end` really ends: （法释〔2009〕19号，以下简称
  // 《解释》）: the short name belongs to the bracket; the reference ends where
  // the bracket closes.
  static std::size_t reference_end(std::string_view flow, std::size_t end) {
    std::string_view rest = flow.substr(end, 3 * 24);
    if (!text_starts_with(rest, "，以下简称") && !text_starts_with(rest, ",以下简称")) return end;
    for (std::string_view close : {"）", ")"}) {
      std::size_t at = rest.find(close);
      if (at != std::string_view::npos) return end + at + close.size();
    }
    return end;
  }

  static int count_text(std::string_view s, std::string_view p) {
    int n = 0;
    for (std::size_t at = s.find(p); at != std::string_view::npos; at = s.find(p, at + p.size()))
      ++n;
    return n;
  }

  // The date printed in the words just before a title (…颁布的《X》), when it
  // is before the document's own adoption; nullopt otherwise. Of several
  // (1995年…通过，2005年…修订的《X》) the first, its adoption, names it.
  std::optional<Date> date_printed_before(std::size_t title_begin) const {
    if (!doc_.signed_date) return std::nullopt;
    std::string_view f(flow_.text());
    std::size_t from = title_begin > 3 * 120 ? title_begin - 3 * 120 : 0;
    std::string_view before = f.substr(from, title_begin - from);
    for (std::string_view end : {"。", "；"}) {
      std::size_t at = before.rfind(end);
      if (at != std::string_view::npos) before.remove_prefix(at + end.size());
    }
    std::vector<DateMatch> dates = find_dates(before);
    if (dates.empty() || !(dates.back().date < *doc_.signed_date)) return std::nullopt;
    return dates.front().date;
  }

  bool in_history(int line) const {
    return history_first_ != 0 && line >= history_first_ && line <= history_last_;
  }

  // 北京市第十一届人民代表大会常务委员会第三十六次会议通过 -> 北京市人民代表大会常务委员会
  static std::string adopting_body(std::string_view s) {
    std::size_t meeting = s.find("次会议");
    if (meeting != std::string_view::npos) {
      std::size_t di = s.rfind("第", meeting);
      if (di != std::string_view::npos) s = s.substr(0, di);
    }
    std::string out(s);
    std::size_t di = out.find("第");
    std::size_t jie = out.find("届");
    if (di != std::string::npos && jie != std::string::npos && jie > di && jie - di <= 3 * 4) {
      out.erase(di, jie + std::string_view("届").size() - di);
    }
    return out;
  }

  void read_promulgated() {
    std::optional<std::string> from_title = strip_issue_wrapper(doc_.title);
    if (from_title) {
      // 关于印发《A》和《B》的通知 issues two measures.
      std::vector<TitleMention> several = find_titles(*from_title);
      if (several.size() > 1) {
        for (const TitleMention& t : several) doc_.promulgated_titles.push_back(t.title);
      } else {
        doc_.promulgated_titles.push_back(*from_title);
      }
      for (const std::string& t : doc_.promulgated_titles) {
        add_evidence("promulgated_titles", s_.line_start, t);
      }
      return;
    }
    // A decree has no title of its own: 现公布修订后的《X》 / 现将修订后的《X》
    // 公布 - the first sentence names the measure it promulgates.
    if (!doc_.title.empty()) return;
    std::string_view f(flow_.text());
    std::size_t sentence_end = std::min(f.size(), find_text(f, "。"));
    std::string_view first = f.substr(0, std::min<std::size_t>(sentence_end, 3 * 200));
    std::size_t verb = std::string_view::npos;
    for (std::string_view v : {"印发给你们", "公布", "发布", "印发"}) {
      verb = std::min(verb, first.find(v));
    }
    if (verb == std::string_view::npos) return;
    std::vector<TitleMention> titles = find_titles(first);
    const TitleMention* pick = nullptr;
    for (const TitleMention& t : titles) {
      if (t.end <= verb) pick = &t;  // the last title before the verb
    }
    if (pick == nullptr && !titles.empty()) pick = &titles.front();
    if (pick == nullptr) return;
    doc_.promulgated_titles.push_back(pick->title);
    add_evidence("promulgated_titles", flow_.line_at(pick->begin), pick->title);
  }

  void read_issuers() {
    std::string_view prefix = issuer_prefix(doc_.title);
    if (prefix.empty() && doc_.kind == DocumentKind::kOther) prefix = leading_issuer(doc_.title);
    if (!prefix.empty()) {
      doc_.issuers = split_issuers(prefix);
    } else if (!s_.mark.empty()) {
      // A title without its issuers (关于…的意见) under a red header
      // (衢州市柯城区人民政府文件): the header names them.
      doc_.issuers = split_issuers(s_.mark);
    } else if (!adoption_body_.empty()) {
      doc_.issuers = {adoption_body_};
    } else if (!doc_.title.empty() && doc_.doc_no && doc_.doc_no->find("国令") == 0) {
      doc_.issuers = {"国务院"};
    } else if (doc_.kind == DocumentKind::kPolicy) {
      doc_.issuers = signature_issuers();
      if (doc_.issuers.empty() && described_by_page() && !seg_.page.issuer.empty()) {
        doc_.issuers = split_issuers(seg_.page.issuer);  // 发文机关 of the page's metadata
      }
    }
  }

  // True when the page's metadata table describes this document.
  bool described_by_page() const {
    int i = seg_.page.segment;
    return i >= 0 && &seg_.segments[static_cast<std::size_t>(i)] == &s_;
  }

  // The signature (署名) over the date of signing: the names before the date
  // on its line, else the signature lines just above it, in printed order.
  std::vector<std::string> signature_issuers() const {
    if (signed_line_ == 0) return {};
    const std::vector<std::string_view>& sig = seg_.signatures;
    if (!sig[signed_line_].empty()) return split_issuers(sig[signed_line_]);
    std::vector<std::string> out;
    int lower = 0;  // the signature line read last (the one below n)
    for (int n = signed_line_ - 1, seen = 0; n > s_.header_end && seen < 4; --n) {
      std::string_view line = text_.line(n);
      if (line.empty()) continue;
      ++seen;
      if (out.empty() && is_seal_note(line)) continue;  // （国家卫生健康委代章）
      if (sig[n].empty()) {
        // One name centred over two lines: 国务院应对新型冠状病毒肺炎 /
        // 疫情联防联控机制综合组, the lower line one name of its own.
        if (lower != 0 && lower == n + 1 && out.size() == 1 && opens_split_issuer(line)) {
          out.front().insert(0, line);
        }
        break;
      }
      std::vector<std::string> names = split_issuers(sig[n]);
      out.insert(out.begin(), names.begin(), names.end());
      lower = n;
    }
    return out;
  }

  void read_validity() {
    // Validity clauses stand at the end of the measure (the body), or on a
    // header line of their own in a judicial interpretation (read below).
    const FlowText& all = flow_;
    ValidityFacts v = find_validity(all.text());
    if (v.effective.kind == Effective::Kind::kUnstated) {
      // A judicial header prints "2018年12月1日施行" on a line of its own, run
      // together with the adoption notes once lines are joined: read each
      // header line alone.
      for (int n = s_.line_start; n <= std::min(s_.line_end, s_.body_start + 8); ++n) {
        std::string_view line = text_.line(n);
        if (line.empty() || line.size() > 3 * 30) continue;  // such a line is short
        ValidityFacts line_facts = find_validity(line);
        if (line_facts.effective.kind == Effective::Kind::kUnstated) continue;
        v.effective = line_facts.effective;
        doc_.effective = v.effective;
        add_evidence("effective", n);
        break;
      }
    }
    std::optional<Date> issue = doc_.signed_date ? doc_.signed_date : doc_.printed_date;
    if (v.effective.kind == Effective::Kind::kOnIssue && v.days_after_issue > 0 && issue) {
      // A fixed delay after issue gives a date.
      v.effective.kind = Effective::Kind::kDate;
      v.effective.date = issue->plus_days(v.days_after_issue);
    }
    doc_.effective = v.effective;
    if (v.effective.kind != Effective::Kind::kUnstated && v.effective_pos != std::string::npos) {
      add_evidence("effective", all.line_at(v.effective_pos),
                   evidence_quote(all.text(), v.effective_pos, v.effective_pos));
    }
    doc_.expires = compute_expiry(v, issue);
    if (!v.expires_text.empty()) doc_.expires_text = v.expires_text;
    if (doc_.expires && v.expires_pos != std::string::npos) {
      add_evidence("expires", all.line_at(v.expires_pos), v.expires_text);
    }
    for (const auto& [pos, printed] : v.impossible_dates) {
      report(all.line_at(pos), "date that does not exist in a validity clause: " + printed);
    }
    doc_.prevails_clause = v.prevails;
    if (v.prevails && v.prevails_pos != std::string::npos) {
      add_evidence("prevails_clause", all.line_at(v.prevails_pos),
                   evidence_quote(all.text(), v.prevails_pos, v.prevails_pos));
    }
  }

  // A short line that reads like a date but is none (2019年2月30日, or digits
  // lost in extraction) leaves a signature or printed date unknown.
  void check_dates() {
    for (int n = s_.header_end + 1; n <= s_.line_end; ++n) {
      std::string_view line = text_.line(n);
      if (seg_.dates[n] || line.size() > 3 * 14 || is_furniture(n)) continue;
      std::size_t nian = line.find("年");
      std::size_t yue = line.find("月");
      bool date_like = nian != std::string_view::npos && yue != std::string_view::npos &&
                       nian < yue &&
                       (text_ends_with(line, "日") || text_ends_with(line, "日印发）"));
      if (date_like && nian >= 4 && line[nian - 1] >= '0' && line[nian - 1] <= '9') {
        report(n, "date line that is not a valid date: " + std::string(line));
      }
    }
    if (doc_.expires && doc_.effective.kind == Effective::Kind::kDate &&
        *doc_.expires < doc_.effective.date) {
      report(doc_.line_start, "expiry before the effective date: " + doc_.expires->to_iso() +
                                  " < " + doc_.effective.date.to_iso());
    }
  }

  // An unclosed 《 hides a title: every reference in it is lost.
  void check_title_marks() {
    std::string_view f(flow_.text());
    int depth = 0;
    std::size_t open_at = 0;
    static constexpr std::string_view kOpen = "《";
    static constexpr std::string_view kClose = "》";
    for (std::size_t i = 0; i + 2 < f.size(); ++i) {
      // Outside a title nothing but a 《 counts: jump to the next one (E3,
      // the lead byte of 、。《》, starts every tenth character or so).
      if (depth == 0) {
        i = find_text(f, kOpen, i);
        if (i == std::string_view::npos) break;
      }
      // 《 and 》 are E3 80 8A and E3 80 8B: jump from lead byte to lead byte.
      const void* lead = std::memchr(f.data() + i, 0xE3, f.size() - i);
      std::size_t next = lead ? static_cast<const char*>(lead) - f.data() : f.size();
      if (depth > 0 && next - open_at > 3 * 200) {
        report(flow_.line_at(open_at), "《 without a closing 》 within 200 characters");
        depth = 0;
      }
      i = next;
      if (i + 2 >= f.size()) break;
      if (f.compare(i, 3, kOpen) == 0) {
        if (depth == 0) open_at = i;
        ++depth;
        i += 2;
      } else if (f.compare(i, 3, kClose) == 0) {
        if (depth > 0) --depth;
        i += 2;
      } else if (depth > 0 && i - open_at > 3 * 200) {
        report(flow_.line_at(open_at), "《 without a closing 》 within 200 characters");
        depth = 0;
      }
    }
    if (depth > 0) report(flow_.line_at(open_at), "《 without a closing 》");
  }

  // The opening statement of the notice and of the measure it issues: from
  // the start of each to its first numbered part.
  void find_openings() {
    std::vector<int> starts = {s_.body_start};
    // The measure a notice issues starts after the notice's signature date.
    if (signed_line_ > 0 && signed_line_ < s_.line_end) starts.push_back(signed_line_ + 1);
    for (int start : starts) {
      int end = s_.line_end + 1;
      std::size_t text_seen = 0;
      for (int n = start; n <= s_.line_end; ++n) {
        std::string_view line = text_.line(n);
        if (line.empty()) continue;
        if (starts_section(line) || (text_starts_with(line, "第一条") && text_seen >= 3 * 30)) {
          end = n;
          break;
        }
        if (!text_starts_with(line, "第一章")) text_seen += line.size();
      }
      openings_.push_back({flow_.offset_of_line(start), flow_.offset_of_line(end)});
    }
  }

  // Flow offsets where a passage ends without a printed 。: around date
  // lines (signatures, 印发 marks), chapter and section headings, and the
  // （此件公开发布） mark.
  void find_passage_breaks() {
    for (int n = s_.body_start; n <= s_.line_end; ++n) {
      std::string_view line = text_.line(n);
      if (line.empty()) continue;
      bool heading = (text_starts_with(line, "第") && line.size() <= 3 * 16 &&
                      (contains(line, "章") || contains(line, "节"))) ||
                     (text_starts_with(line, "（此件") && text_ends_with(line, "）"));
      std::optional<RelationType> list = list_heading_type(line);
      if (seg_.dates[n] || heading || list) {
        breaks_.push_back(flow_.offset_of_line(n));
        breaks_.push_back(flow_.offset_of_line(n + 1));
      } else if (starts_enumeration(line)) {
        // Each item of a list is read on its own: a cue in one item does not
        // reach the next, printed without a 。 between them.
        breaks_.push_back(flow_.offset_of_line(n));
      }
      // The reach of a list heading: to the next line enumerated as it is,
      // the next list heading, or the next annex.
      if (list) {
        list_scopes_.push_back({flow_.offset_of_line(n + 1), *list});
        list_style_ = enumeration_style(line);
      } else if (!list_scopes_.empty() && list_scopes_.back().type &&
                 (text_starts_with(line, "附件") ||
                  (list_style_ != Enumeration::kNone && enumeration_style(line) == list_style_))) {
        list_scopes_.push_back({flow_.offset_of_line(n), std::nullopt});
      }
    }
    std::sort(breaks_.begin(), breaks_.end());
  }

  // The type a list heading above `pos` gives a reference without a cue of
  // its own, if any.
  std::optional<RelationType> list_type_at(std::size_t pos) const {
    auto it = std::upper_bound(list_scopes_.begin(), list_scopes_.end(), pos,
                               [](std::size_t p, const ListScope& s) { return p < s.begin; });
    if (it == list_scopes_.begin()) return std::nullopt;
    return (it - 1)->type;
  }

  std::pair<std::size_t, std::size_t> passage_around(std::size_t pos) const {
    auto it = std::upper_bound(breaks_.begin(), breaks_.end(), pos);
    std::size_t end = it == breaks_.end() ? flow_.text().size() : *it;
    std::size_t begin = it == breaks_.begin() ? 0 : *(it - 1);
    return {begin, std::max(begin, end)};
  }

  bool in_opening(std::size_t pos) const {
    for (const Opening& o : openings_) {
      if (pos >= o.begin && pos < o.end) return true;
    }
    return false;
  }

  // The document's own names: its title, the title without its issuers, and
  // the measures it issues. Built once, looked up per mention.
  bool is_own_title(std::string_view t) {
    if (!own_titles_built_) {
      own_titles_built_ = true;
      std::string_view own = doc_.title;
      if (!own.empty()) own_titles_.insert(own, "");
      std::string_view prefix = issuer_prefix(own);
      if (!prefix.empty()) own_titles_.insert(own.substr(prefix.size()), "");
      for (const std::string& p : doc_.promulgated_titles) own_titles_.insert(p, "");
    }
    return own_titles_.find(t) != nullptr;
  }

  // Identity of a referenced instrument inside this document: its number, or
  // a title that was seen with a number, or the title itself.
  std::string target_key(const std::optional<std::string>& number, const std::string& title) {
    if (number) return "#" + *number;
    if (const std::string* n = title_numbers_.find(title)) return "#" + *n;
    auto alias = aliases_.find(title);
    if (alias != aliases_.end()) return alias->second;
    return "T" + title;
  }

  void add_edge(const std::string& from, std::optional<std::string> number,
                std::optional<std::string> title, RelationType type, int line, std::string evidence,
                bool derived, std::optional<Date> to_date = std::nullopt,
                std::optional<std::string> scope = std::nullopt) {
    if (title && title->empty()) title.reset();
    std::string key = from + "\x1f" + target_key(number, title.value_or("")) + "\x1f" +
                      std::string(to_string(type));
    if (to_date) key += "\x1f" + to_date->to_iso();
    auto seen = edge_index_.find(key);
    if (seen != edge_index_.end()) {
      doc_targets_.insert(target_key(number, title.value_or("")));
      Edge& e = edges_[seen->second];
      if (!e.to_title && title) e.to_title = title;
      if (!e.to_doc_no && number) e.to_doc_no = number;
      // A whole repeal and a partial one of one target: the whole wins. An
      // amendment keeps the part another of its references ends.
      if (type == RelationType::kRepeals) {
        if (!scope) e.scope.reset();
      } else if (!e.scope) {
        e.scope = std::move(scope);
      }
      return;
    }
    if (!number && title) {
      if (const std::string* n = title_numbers_.find(*title)) number = *n;
    }
    doc_targets_.insert(target_key(number, title.value_or("")));
    Edge e;
    e.from = from;
    e.to_doc_no = std::move(number);
    e.to_title = std::move(title);
    e.type = type;
    e.line = line;
    e.evidence = std::move(evidence);
    e.derived = derived;
    e.to_date = to_date;
    e.scope = std::move(scope);
    edge_index_.emplace(std::move(key), edges_.size());
    edges_.push_back(std::move(e));
  }

  // References the document's own title states: 关于贯彻鲁政发〔2017〕5号文件…,
  // 关于修改《X》的决定, 关于废止《X》的决定, 转发A关于Y的通知.
  void read_title_references() {
    const std::string& title = doc_.title;
    if (title.empty()) return;
    const std::string from = doc_.key();
    const TitleCues& cues = title_cues().own;
    for (const NumberMatch& m : find_doc_numbers(title)) {
      if (doc_.doc_no && m.number.canonical == *doc_.doc_no) continue;
      std::string_view before = std::string_view(title).substr(0, m.begin);
      if (auto type = cue_within(before, cues.before_number)) {
        add_edge(from, m.number.canonical, std::nullopt, *type, header_line_at(m.begin),
                 title_after_issuer(), false);
      }
    }
    // 关于修改《X》的决定, 关于贯彻落实《X》的实施意见.
    for (const TitleMention& t : find_titles(title)) {
      std::string_view before = std::string_view(title).substr(0, t.begin);
      if (auto type = cue_at_end(before, cues.before_title)) {
        add_edge(from, std::nullopt, t.title, *type, header_line_at(t.begin), title, false);
      }
    }
    VerbAt forward = first_verb(title, kForwardVerbs);
    if (forward.found() && !doc_.promulgated_titles.empty()) {
      std::size_t at = forward.pos;
      add_edge(from, std::nullopt, doc_.promulgated_titles.front(), RelationType::kForwards,
               forward_line(), title.substr(at), false);
    }
  }

  std::string title_after_issuer() const {
    std::string_view prefix = issuer_prefix(doc_.title);
    return doc_.title.substr(prefix.size());
  }

  // The header line that prints byte `offset` of the title, which is the
  // header lines joined (a title broken over lines).
  int header_line_at(std::size_t offset) const {
    std::size_t seen = 0;
    for (int n = s_.line_start; n <= s_.header_end; ++n) {
      if (is_furniture(n)) continue;
      seen += text_.line(n).size();
      if (offset < seen) return n;
    }
    return s_.line_start;
  }

  int forward_line() const {
    for (int n = s_.line_start; n <= s_.header_end; ++n) {
      if (first_verb(text_.line(n), kForwardVerbs).found()) return n;
    }
    return s_.line_start;
  }

  // Finds the body's titles and numbers once, and what they say of each
  // other, before any edge is made: a title printed with its number anywhere
  // in the document gives that number to its other mentions.
  void scan_body() {
    std::string_view flow(flow_.text());
    titles_ = find_titles(flow);
    std::vector<RejectedNumber> rejected;
    numbers_ = find_doc_numbers(flow, &rejected);
    for (const RejectedNumber& r : rejected) {
      // Not inside a character; r.begin starts one.
      const std::size_t cut = floor_char_boundary(flow, std::min(r.end, r.begin + 40));
      std::string_view printed = flow.substr(r.begin, cut - r.begin);
      report(flow_.line_at(r.begin), "document number that cannot be read: " + r.reason + " (" +
                                         std::string(printed) + "…)");
    }
    attach_issuing_numbers(flow);
    for (const TitleMention& t : titles_) {
      if (t.number) title_numbers_.insert(t.title, t.number->number.canonical);
    }
  }

  // 以京政发〔1985〕167号文件发布…的《X》 / 以法〔1998〕86号通知印发了《X》: the
  // number is the one X was issued under, printed before it.
  void attach_issuing_numbers(std::string_view flow) {
    std::size_t next_title = 0;
    for (std::size_t i = 0; i < numbers_.size(); ++i) {
      const NumberMatch& m = numbers_[i];
      std::string_view after = flow.substr(m.end, 3 * 6);
      for (std::string_view carrier : {"文件", "通知", "文"}) {
        if (after.starts_with(carrier)) {
          after.remove_prefix(carrier.size());
          break;
        }
      }
      if (!text_starts_with(after, "发布") && !text_starts_with(after, "印发")) continue;
      while (next_title < titles_.size() && titles_[next_title].begin < m.end) ++next_title;
      if (next_title >= titles_.size()) break;
      TitleMention& t = titles_[next_title];
      std::size_t limit = i + 1 < numbers_.size() ? numbers_[i + 1].begin : flow.size();
      std::string_view between = flow.substr(m.end, t.begin - m.end);
      if (t.number || t.begin > limit || contains(between, "。") || contains(between, "；") ||
          passage_around(m.begin) != passage_around(t.begin)) {
        continue;
      }
      t.number = m;
      issuing_numbers_.push_back(m.begin);
    }
  }

  void read_body_references() {
    const std::string& f = flow_.text();
    std::string_view flow(f);
    const std::string from = doc_.key();
    const std::vector<TitleMention>& titles = titles_;
    const std::vector<NumberMatch>& numbers = numbers_;

    // Titles printed with their numbers identify the instrument wherever the
    // same title stands alone; 以下简称《Y》 makes Y an alias.
    for (std::size_t i = 0; i < titles.size(); ++i) {
      const TitleMention& t = titles[i];
      std::size_t close_mark = t.begin + std::string_view("《").size() + t.title.size();
      std::string_view after = flow.substr(std::min(close_mark, flow.size()), 3 * 30);
      std::size_t alias_at = after.find("简称《");
      if (alias_at != std::string_view::npos) {
        std::size_t open = alias_at + std::string_view("简称").size();
        std::size_t close = after.find("》", open);
        if (close != std::string_view::npos) {
          std::string alias(after.substr(open + std::string_view("《").size(),
                                         close - open - std::string_view("《").size()));
          aliases_[alias] = t.number ? "#" + t.number->number.canonical : "T" + t.title;
          alias_targets_[alias] = {
              t.number ? std::optional<std::string>(t.number->number.canonical) : std::nullopt,
              t.title};
        }
      }
    }

    // Number spans that belong to titles (printed after, or inside them).
    // Titles come in order and do not overlap at depth 0, so a number is
    // covered when the last title starting at or before it reaches past it.
    std::vector<std::pair<std::size_t, std::size_t>> covered;
    for (const TitleMention& t : titles) covered.emplace_back(t.begin, t.end);
    for (std::size_t b : issuing_numbers_) covered.emplace_back(b, b + 1);
    std::sort(covered.begin(), covered.end());
    std::vector<std::size_t> reach(covered.size());  // max end so far
    for (std::size_t i = 0; i < covered.size(); ++i) {
      reach[i] = std::max(covered[i].second, i ? reach[i - 1] : 0);
    }
    auto is_covered = [&](std::size_t b) {
      auto it = std::upper_bound(covered.begin(), covered.end(),
                                 std::make_pair(b, std::numeric_limits<std::size_t>::max()));
      if (it == covered.begin()) return false;
      return reach[(it - covered.begin()) - 1] > b;
    };

    struct Ref {
      std::size_t begin, end;
      std::optional<std::string> number;
      std::optional<std::string> title;
      bool via_alias = false;    // a short form (以下简称《Y》) of a named instrument
      std::optional<Date> date;  // an older instrument of the document's own title
    };
    std::vector<Ref> refs;
    std::size_t last_end = 0;
    for (const TitleMention& t : titles) {
      if (t.begin < last_end) continue;  // an alias inside a number bracket
      // The history note's decisions are read by read_history, with their
      // dates: an undated cite of the same title would be another node.
      if (in_history(flow_.line_at(t.begin))) continue;
      last_end = t.end;
      std::optional<std::string> number;
      if (t.number) number = t.number->number.canonical;
      std::string title = t.title;
      auto alias = alias_targets_.find(title);
      bool via_alias = false;
      if (!number && alias != alias_targets_.end()) {
        number = alias->second.first;
        title = alias->second.second;
        via_alias = true;
      }
      if (doc_.doc_no && number && *number == *doc_.doc_no) continue;
      std::optional<Date> older;
      if (!number && is_own_title(title)) {
        // 1950年6月29日中央人民政府颁布的《中华人民共和国工会法》 in the 工会法 of
        // 1992: the own title with a date before the document's own is an
        // older instrument of that title, not a self-reference.
        older = date_printed_before(t.begin);
        if (!older) continue;
      }
      if (number && is_own_title(title) && !doc_.doc_no) continue;
      if (!number && !t.is_instrument && alias == alias_targets_.end()) continue;
      refs.push_back({t.begin, reference_end(flow, t.end), number, title, via_alias, older});
      add_derived_edges(t);
    }
    for (const NumberMatch& m : numbers) {
      if (is_covered(m.begin)) continue;
      if (doc_.doc_no && m.number.canonical == *doc_.doc_no) continue;
      refs.push_back({m.begin, m.end, m.number.canonical, std::nullopt});
    }
    std::sort(refs.begin(), refs.end(),
              [](const Ref& a, const Ref& b) { return a.begin < b.begin; });

    for (const Ref& r : refs) {
      // A short form repeats an instrument already named: it adds no new
      // relation of its own.
      if (r.via_alias && doc_targets_.count(target_key(r.number, r.title.value_or("")))) continue;
      // Read the reference within its passage: a signature, a date or a
      // chapter heading ends a sentence even where no 。 was printed.
      auto [pb, pe] = passage_around(r.begin);
      std::string_view passage = flow.substr(pb, pe - pb);
      ReferenceContext ctx{passage, r.begin - pb, r.end - pb, in_opening(r.begin)};
      RelationType type = classify_reference(ctx);
      // 一、决定废止的规范性文件 over a list of instruments: the heading says
      // what is done to each item that says nothing itself.
      if (type == RelationType::kCites) {
        if (auto listed = list_type_at(r.begin)) type = *listed;
      }
      // A repeal that ends part of the target only: which part (部分失效).
      std::optional<std::string> part;
      if (type == RelationType::kRepeals || type == RelationType::kAmends) {
        part = repealed_part(ctx);
      }
      add_edge(from, r.number, r.title, type, flow_.line_at(r.begin),
               evidence_quote(passage, r.begin - pb, r.end - pb), false, r.date, std::move(part));
    }
  }

  // A cited title can itself state a relation: 《…关于贯彻国发〔2016〕14号文件…》
  // (鲁政发〔2016〕26号) implements 国发〔2016〕14号; 《关于修改〈X〉的决定》 amends X;
  // 《〈X〉济南行动计划》 carries out X.
  void add_derived_edges(const TitleMention& t) {
    const std::string from = t.number ? t.number->number.canonical : t.title;
    int line = flow_.line_at(t.begin);
    std::string quote = "《" + t.title + "》";
    const TitleCues& cues = title_cues().cited;
    for (const NumberMatch& m : find_doc_numbers(t.title)) {
      std::string_view before = std::string_view(t.title).substr(0, m.begin);
      if (auto type = cue_within(before, cues.before_number)) {
        add_edge(from, m.number.canonical, std::nullopt, *type, line, quote, true);
      }
    }
    static const std::string_view kInnerOpen = "〈";
    static const std::string_view kInnerClose = "〉";
    std::size_t open = t.title.find(kInnerOpen);
    if (open == std::string::npos) return;
    std::size_t close = t.title.find(kInnerClose, open);
    if (close == std::string::npos) return;
    std::string inner = t.title.substr(open + kInnerOpen.size(), close - open - kInnerOpen.size());
    std::string_view before = std::string_view(t.title).substr(0, open);
    std::string_view after = std::string_view(t.title).substr(close + kInnerClose.size());
    // 《关于修改〈X〉的决定》 amends X; 《…关于贯彻落实〈X〉的实施意见》 and
    // 《〈X〉济南行动计划》 carry it out.
    std::optional<RelationType> type = cue_at_end(before, cues.before_title);
    if (!type && open == 0) type = cue_at_end(after, cues.plan_after);
    if (type) add_edge(from, std::nullopt, inner, *type, line, quote, true);
  }

  const SourceText& source_;
  const NormalizedText& text_;
  const Segmentation& seg_;
  const Segment& s_;
  DiagnosticSink& sink_;
  std::vector<Edge>& edges_;
  Document doc_;
  FlowText flow_;
  int signed_line_ = 0;
  int printed_line_ = 0;
  int history_first_ = 0;  // the history note's lines (0: none)
  int history_last_ = 0;
  int adoption_line_ = 0;
  std::string adoption_quote_;
  std::string adoption_body_;
  std::vector<Opening> openings_;
  std::vector<std::size_t> breaks_;  // passage breaks, flow offsets
  struct ListScope {
    std::size_t begin;                 // flow offset where the reach starts
    std::optional<RelationType> type;  // nullopt: no list heading reaches here
  };
  std::vector<ListScope> list_scopes_;           // in flow order
  Enumeration list_style_ = Enumeration::kNone;  // the last list heading's mark
  std::vector<TitleMention> titles_;
  std::vector<NumberMatch> numbers_;
  std::vector<std::size_t> issuing_numbers_;  // numbers given to a later title
  std::set<std::string> doc_targets_;         // targets this document has edges to
  TitleIndex title_numbers_;
  TitleIndex own_titles_;
  bool own_titles_built_ = false;
  std::unordered_map<std::string, std::string> aliases_;
  std::unordered_map<std::string, std::pair<std::optional<std::string>, std::string>>
      alias_targets_;
  // One edge per (from, target, type) across the whole source: a derived
  // edge stated by a title cited in two documents is one edge.
  std::unordered_map<std::string, std::size_t>& edge_index_;
};

// A document whose title, red header and signature name no issuer takes
// them from its number's 机关代字: as another header of the same source shows
// it (衢政办发 under 衢州市人民政府办公室), else as agency_codes.tsv lists it.
void issuers_from_agency_codes(std::vector<Document>& docs) {
  std::unordered_map<std::string, const std::vector<std::string>*> shown;
  auto agency_of = [](const Document& d) -> std::string {
    if (!d.doc_no) return {};
    ParseOutcome o = parse_doc_number(*d.doc_no);
    if (!o.number || o.number->form != DocNumber::Form::kStandard) return {};
    return o.number->agency;
  };
  // A decree's number names its issuer: 衢州市人民政府令第12号.
  for (Document& d : docs) {
    if (!d.issuers.empty() || !d.doc_no) continue;
    ParseOutcome o = parse_doc_number(*d.doc_no);
    if (o.number && o.number->form == DocNumber::Form::kDecree &&
        ends_like_issuer(o.number->agency)) {
      d.issuers = {o.number->agency};
    }
  }
  for (const Document& d : docs) {
    if (d.issuers.empty()) continue;
    std::string agency = agency_of(d);
    if (!agency.empty()) shown.emplace(agency, &d.issuers);
  }
  static const std::unordered_map<std::string_view, std::string_view> table = [] {
    std::unordered_map<std::string_view, std::string_view> t;
    for (const auto& row : tsv_rows("agency_codes.tsv")) {
      if (row.size() >= 2) t.emplace(row[0], row[1]);
    }
    return t;
  }();
  for (Document& d : docs) {
    if (!d.issuers.empty()) continue;
    std::string agency = agency_of(d);
    if (agency.empty()) continue;
    if (auto it = shown.find(agency); it != shown.end()) {
      d.issuers = *it->second;
    } else if (auto row = table.find(agency); row != table.end()) {
      d.issuers = {std::string(row->second)};
    }
  }
}

// A web page's metadata table (SourceText::metadata) states the number,
// title, issuer and 成文日期 of the document it describes outright: they
// replace what was read from its body, with the table's line as evidence, and
// a disagreement between the two is reported naming both.
void apply_source_metadata(const SourceText& source, const Segmentation& seg, Extraction& out,
                           DiagnosticSink& sink) {
  const SourceMetadata& meta = source.metadata;
  if (meta.empty() || out.documents.empty()) return;
  const std::size_t at = seg.page.segment >= 0 ? static_cast<std::size_t>(seg.page.segment) : 0;
  if (at >= out.documents.size()) return;
  Document& d = out.documents[at];
  const std::string old_from = d.key();
  auto use = [&](const char* field, const char* label, const MetadataField& f,
                 const std::string& body_value, bool differs) {
    if (differs && !body_value.empty()) {
      sink.report(Diagnostic{Diagnostic::Severity::kWarning, source.name, f.line,
                             std::string("the page's ") + label + " " + f.value +
                                 " differs from the document's " + body_value + " (line " +
                                 std::to_string(d.line_start) + "); the page's is used"});
    }
    std::erase_if(d.field_evidence,
                  [&](const Document::FieldEvidence& e) { return e.field == field; });
    d.field_evidence.push_back(
        {field, Evidence{source.name, f.line, std::string(label) + "：" + f.value}});
  };
  if (!meta.number.empty()) {
    std::vector<NumberMatch> found = find_doc_numbers(meta.number.value);
    if (!found.empty()) {
      const std::string& no = found.front().number.canonical;
      use("doc_no", "发文字号", meta.number, d.doc_no.value_or(""), d.doc_no != no);
      d.doc_no = no;
    }
  }
  if (!meta.title.empty()) {
    const std::string title = strip_outer_title_marks(meta.title.value);
    use("title", "标题", meta.title, d.title, fold_title(title) != fold_title(d.title));
    d.title = title;
  }
  if (!meta.issuer.empty()) {
    std::vector<std::string> issuers = split_issuers(meta.issuer.value);
    if (!issuers.empty()) {
      std::string shown;
      for (const std::string& i : d.issuers) shown += (shown.empty() ? "" : "、") + i;
      use("issuers", "发文机关", meta.issuer, shown, issuers != d.issuers);
      d.issuers = std::move(issuers);
    }
  }
  if (!meta.signed_date.empty()) {
    if (std::optional<DateMatch> date = date_at(meta.signed_date.value, 0)) {
      use("signed", "成文日期", meta.signed_date,
          d.signed_date ? d.signed_date->to_iso() : std::string(), d.signed_date != date->date);
      d.signed_date = date->date;
    }
  }
  // The document's edges leave from its name: the table's, now.
  const std::string from = d.key();
  if (from != old_from) {
    for (Edge& e : out.edges) {
      if (e.from == old_from) e.from = from;
    }
  }
}

// Each fact's page, for a paged input (a PDF): one binary search over the
// page starts per fact. Lines stay lines of the decoded text.
void assign_pages(Extraction& out, const std::vector<int>& page_starts) {
  if (page_starts.empty()) return;
  for (Document& d : out.documents) {
    for (Document::FieldEvidence& fe : d.field_evidence) {
      fe.evidence.page = page_of_line(page_starts, fe.evidence.line);
    }
  }
  for (Edge& e : out.edges) e.page = page_of_line(page_starts, e.line);
}

// Gives each diagnostic about a line of a paged input (a PDF) its page, as
// evidence has it, so that a warning reads file:p12:31.
class PagingSink : public DiagnosticSink {
 public:
  PagingSink(DiagnosticSink& next, const std::vector<int>& page_starts)
      : next_(next), page_starts_(page_starts) {}
  void report(Diagnostic d) override {
    if (d.page == 0 && d.line > 0 && !page_starts_.empty()) {
      d.page = page_of_line(page_starts_, d.line);
    }
    next_.report(std::move(d));
  }

 private:
  DiagnosticSink& next_;
  const std::vector<int>& page_starts_;
};

}  // namespace

Extraction extract(const SourceText& source, DiagnosticSink& all_sink) {
  CappedSink capped(all_sink, source.name);
  PagingSink sink(capped, source.page_starts);
  Extraction out;
  out.source = source.name;
  out.encoding = source.encoding;
  for (const std::string& warning : source.warnings) {  // what the reader left out
    sink.report(Diagnostic{Diagnostic::Severity::kWarning, source.name, 0, warning});
  }
  NormalizedText text = normalize(source.utf8);
  Segmentation seg = segment(text, source.utf8);
  out.gazette = seg.gazette;
  if (seg.segments.empty()) {
    sink.report(Diagnostic{Diagnostic::Severity::kWarning, source.name, 0,
                           "no document header found (title with a document number, or a "
                           "'#' title)"});
  }
  std::unordered_map<std::string, std::size_t> edge_index;
  for (const Segment& s : seg.segments) {
    DocumentReader reader(source, text, seg, s, sink, out.edges, edge_index);
    out.documents.push_back(reader.read());
  }
  issuers_from_agency_codes(out.documents);
  apply_source_metadata(source, seg, out, sink);
  assign_pages(out, source.page_starts);
  capped.finish();
  return out;
}

}  // namespace pg
