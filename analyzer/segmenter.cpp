#include "analyzer/segmenter.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/issuers.h"
#include "analyzer/tables.h"
#include "analyzer/validity.h"
#include "graphs/titles.h"

namespace pg {
namespace {

// A header has at most this many non-blank lines above its number line, and
// blank runs inside it are short: PDF text puts a blank line between every
// printed line, but never a page of them.
constexpr int kMaxHeaderLines = 8;
constexpr int kMaxBlankRun = 4;
// A header line is short: titles wrap at about 20 characters a line in print,
// and a whole title on one line stays under ~60 characters (3 bytes each).
constexpr std::size_t kMaxHeaderLineBytes = 3 * 70;
// A '#' title's document number, when printed, stands within this many lines.
constexpr int kHeadingNumberWindow = 16;
// A title is never longer than this; a longer first line is body text.
constexpr std::size_t kMaxTitleBytes = 3 * 200;

bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;  // lines are short
}

// The title a line can hold: the line itself, or of a line too long for a
// title (text extracted without line breaks) its first sentence, cut to
// kMaxTitleBytes on a character boundary. Titles are copied into every edge
// and evidence, so an unbounded one makes the output grow with its square.
std::string bounded_title(std::string_view line) {
  if (line.size() <= kMaxTitleBytes) return std::string(line);
  std::size_t end = std::min(line.size(), kMaxTitleBytes);
  for (std::string_view mark : {"。", "；", "！", "？"}) {
    std::size_t at = line.substr(0, end).find(mark);
    if (at != std::string_view::npos) end = at;
  }
  while (end > 0 && end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(line.substr(0, end));
}

// One column of a data table: the first column, or the second column of the
// rows whose first is `kind`.
std::vector<std::string_view> load_column(std::string_view table, std::string_view kind = {}) {
  std::vector<std::string_view> words;
  for (const auto& row : tsv_rows(table)) {
    if (kind.empty()) {
      words.push_back(row[0]);
    } else if (row.size() > 1 && row[0] == kind) {
      words.push_back(row[1]);
    }
  }
  return words;
}

// The tables, read once.
struct Words {
  std::vector<std::string_view> doc_types = load_column("doc_types.tsv");
  std::vector<std::string_view> other_items = load_column("other_items.tsv");
  std::vector<std::string_view> toc = load_column("furniture.tsv", "toc");
  std::vector<std::string_view> back_matter = load_column("furniture.tsv", "backmatter");
  std::vector<std::string_view> masthead = load_column("furniture.tsv", "masthead");
};
const Words& words() {
  static const Words w;
  return w;
}

// Strips trailing bracket groups such as （试行） or (2017-2019年) so that the
// ending of a title can be read.
std::string_view strip_trailing_brackets(std::string_view s) {
  while (true) {
    if (s.ends_with("）")) {
      std::size_t open = s.rfind("（");
      if (open == std::string_view::npos) return s;
      s = s.substr(0, open);
    } else if (s.ends_with(")")) {
      std::size_t open = s.rfind('(');
      if (open == std::string_view::npos) return s;
      s = s.substr(0, open);
    } else {
      return s;
    }
  }
}

bool ends_with_any(std::string_view s, const std::vector<std::string_view>& words) {
  for (std::string_view w : words) {
    if (s.ends_with(w)) return true;
  }
  return false;
}

// Registration numbers print their dashes as - or the full-width －.
std::string ascii_dashes(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.substr(i, std::string_view("－").size()) == "－") {
      out += '-';
      i += std::string_view("－").size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

// A registration number, alone on its line or after a short label
// (登记号：JNCR-2019-0010006); returns the number without the label.
std::string_view registration_part(std::string_view line) {
  std::size_t colon = line.rfind("：");
  if (colon != std::string_view::npos && colon <= 3 * 8) {
    return line.substr(colon + std::string_view("：").size());
  }
  return line;
}

bool is_registration_no(std::string_view raw) {
  // Letters, a dash, a 4-digit year, a dash, digits: JNCR-2019-0010006.
  if (raw.size() > 3 * 8 + 40) return false;
  raw = registration_part(raw);
  if (raw.size() < 8 || raw.front() < 'A' || raw.front() > 'Z') return false;
  std::string folded = ascii_dashes(raw);
  std::string_view s = folded;
  std::size_t i = 0;
  while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') ++i;
  if (i < 2 || i > 8 || i >= s.size() || s[i] != '-') return false;
  std::size_t y = ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i - y != 4 || i >= s.size() || s[i] != '-') return false;
  std::size_t d = ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i == s.size() && i - d >= 3;
}

bool is_page_number(std::string_view s) {
  // "91", "-12-", "—12—", "第3页", "(31)" (a contents entry's page, broken off)
  std::size_t digits = 0;
  std::size_t other = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else {
      ++other;
    }
  }
  if (digits == 0 || digits > 4) return false;
  if (other == 0) return true;
  std::string_view t = s;
  for (std::string_view mark : {"-", "—", "－", "·", "•", "第", "页", "(", ")", "（", "）"}) {
    while (t.starts_with(mark)) t.remove_prefix(mark.size());
    while (t.ends_with(mark)) t.remove_suffix(mark.size());
  }
  return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_running_header(std::string_view s) {
  // 济南市人民政府公报（2017年第23期）市政府办公厅文件
  if (s.size() > 3 * 40) return false;
  // 济南市人民政府公报（2017年第23期）, 2019年第1期 XX市人民政府公报: the
  // periodical's name with an issue number, and no sentence or title marks;
  // or the name alone on its line, as on a cover.
  for (std::string_view word : words().masthead) {
    if (s.ends_with(word) && s.size() > word.size() && s.size() <= 3 * 16) return true;
  }
  for (std::string_view stop : {"《", "。", "，", "："}) {
    if (contains(s, stop)) return false;
  }
  for (std::string_view word : words().masthead) {
    std::size_t at = s.find(word);
    if (at == std::string_view::npos || at == 0) continue;
    if (contains(s, "期")) return true;
  }
  return false;
}

// What a line wrapped whole in （） or () holds, or nullopt.
std::optional<std::string_view> inside_brackets(std::string_view s) {
  if (s.starts_with("（") && s.ends_with("）") && s.size() >= 6) return s.substr(3, s.size() - 6);
  if (s.starts_with("(") && s.ends_with(")") && s.size() >= 2) return s.substr(1, s.size() - 2);
  return std::nullopt;
}

// （鲁政发〔2016〕26号） standing alone: the number, without its brackets.
std::optional<NumberMatch> bracketed_number(std::string_view s) {
  std::optional<std::string_view> wrapped = inside_brackets(s);
  if (!wrapped) return std::nullopt;
  std::string_view inner = *wrapped;
  if (!inner.ends_with("号")) return std::nullopt;
  std::vector<NumberMatch> found = find_doc_numbers(inner);
  if (found.size() != 1 || found[0].begin != 0 || found[0].end != inner.size()) {
    return std::nullopt;
  }
  return found[0];
}

// A line's number, boxed: most lines have none, and a NumberMatch (112
// bytes) held inline in every line's info was half the memory of a large
// file. Reads like std::optional<NumberMatch>.
class LineNumber {
 public:
  LineNumber() = default;
  LineNumber(const LineNumber& o) : p_(o.p_ ? std::make_unique<NumberMatch>(*o.p_) : nullptr) {}
  LineNumber(LineNumber&&) noexcept = default;
  LineNumber& operator=(LineNumber o) noexcept {
    p_ = std::move(o.p_);
    return *this;
  }
  LineNumber& operator=(const NumberMatch& m) {
    p_ = std::make_unique<NumberMatch>(m);
    return *this;
  }
  LineNumber& operator=(const std::optional<NumberMatch>& m) {
    p_ = m ? std::make_unique<NumberMatch>(*m) : nullptr;
    return *this;
  }
  explicit operator bool() const { return p_ != nullptr; }
  const NumberMatch* operator->() const { return p_.get(); }
  const NumberMatch& operator*() const { return *p_; }

 private:
  std::unique_ptr<NumberMatch> p_;
};

struct LineInfo {
  std::string_view text;
  bool blank = true;
  std::optional<Date> when;   // a whole-line date or a 印发 mark's date
  bool date = false;          // the whole line is a date
  bool printed = false;       // （X年X月X日印发）
  bool registration = false;  // JNCR-2019-0010006
  bool furniture = false;
  LineNumber number;                  // a number ending the line
  bool number_only = false;           // ... and it is all the line holds
};

// True when s holds a mark a title never does: 。；：！？， or ':'. One pass
// over the bytes (this runs on every line).
bool has_sentence_mark(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b == ':') return true;
    if (i + 2 >= s.size() || (b != 0xE3 && b != 0xEF)) continue;
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    auto b2 = static_cast<unsigned char>(s[i + 2]);
    if (b == 0xE3 && b1 == 0x80 && b2 == 0x82) return true;  // 。
    if (b == 0xEF && b1 == 0xBC &&
        (b2 == 0x9B || b2 == 0x9A || b2 == 0x81 || b2 == 0x9F || b2 == 0x8C)) {
      return true;  // ；：！？，
    }
  }
  return false;
}

// A table-of-contents entry ends in its page number: …（济政发〔2017〕9号）(18),
// or …………18 with dotted leaders.
bool ends_in_page_reference(std::string_view s) {
  std::size_t digits = 0;
  while (digits < s.size() && s[s.size() - 1 - digits] >= '0' && s[s.size() - 1 - digits] <= '9') {
    ++digits;
  }
  if (digits > 0 && digits <= 3) {
    std::string_view before = s.substr(0, s.size() - digits);
    for (std::string_view leader : {"…", "⋯", "..", "·", "．"}) {
      if (before.ends_with(leader)) return true;
    }
  }
  std::size_t open;
  if (s.ends_with(")")) {
    open = s.rfind('(');
    if (open == std::string_view::npos) return false;
    open += 1;
    s = s.substr(open, s.size() - 1 - open);
  } else if (s.ends_with("）")) {
    open = s.rfind("（");
    if (open == std::string_view::npos) return false;
    open += std::string_view("（").size();
    s = s.substr(open, s.size() - std::string_view("）").size() - open);
  } else {
    return false;
  }
  return !s.empty() && s.size() <= 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool looks_like_header_line(const LineInfo& l) {
  if (l.blank || l.date || l.printed || l.registration || l.furniture || l.number_only) return false;
  // Section labels of a table of contents (【市政府文件】) and its entries;
  // a title never opens with a bracket: （此件公开发布）, （本文有删减）. Only
  // its last line may, when a narrow column broke it before its bracketed
  // period: …实施方案 / （2019—2021年）的通知.
  if (l.text.starts_with("【") || ends_in_page_reference(l.text)) return false;
  if ((l.text.starts_with("（") || l.text.starts_with("(")) &&
      (inside_brackets(l.text) || !ends_with_any(l.text, words().doc_types))) {
    return false;
  }
  if (l.text.size() > kMaxHeaderLineBytes) return false;
  return !has_sentence_mark(l.text);
}

class Segmenter {
 public:
  Segmenter(const NormalizedText& text, std::string_view original)
      : text_(text), original_(original) {}

  Segmentation run() {
    classify_lines();
    mark_table_of_contents_and_back_matter();
    find_headers();
    if (out_.segments.empty()) single_document_fallback();
    numbers_from_table_of_contents();
    attach_registration_numbers();
    set_line_ends();
    read_gazette_info();
    out_.furniture.assign(lines_.size(), false);
    out_.dates.assign(lines_.size(), std::nullopt);
    out_.printed.assign(lines_.size(), false);
    for (std::size_t i = 1; i < lines_.size(); ++i) {
      out_.furniture[i] = lines_[i].furniture;
      out_.dates[i] = lines_[i].when;
      out_.printed[i] = lines_[i].printed;
    }
    return std::move(out_);
  }

 private:
  int line_count() const { return static_cast<int>(lines_.size()) - 1; }

  void classify_lines() {
    lines_.resize(text_.line_count() + 1);
    for (int n = 1; n <= text_.line_count(); ++n) {
      LineInfo& l = lines_[n];
      l.text = text_.line(n);
      l.blank = l.text.empty();
      if (l.blank) continue;
      // A date line is short; most lines are body text and skip the parse.
      bool short_line = l.text.size() <= 3 * 24;
      if (short_line && (l.when = whole_line_date(l.text))) {
        l.date = true;
        l.printed = contains(l.text, "印发");
      } else if (l.text.size() <= 3 * 60 && (l.when = printed_mark_date(l.text))) {
        // A garbled table can run the 印发 line into a row of other cells.
        l.printed = true;
      }
      l.registration = is_registration_no(l.text);
      l.furniture = l.text.size() <= 3 * 40 && (is_page_number(l.text) || is_running_header(l.text));
      if (l.date || l.registration || l.furniture) continue;
      // Some gazettes print the number in brackets under the title.
      if (std::optional<NumberMatch> inner = bracketed_number(l.text)) {
        l.number = inner;
        l.number_only = true;
        continue;
      }
      // A web page runs a header together: title, number and addressees on
      // one line (…的通知济政发〔2017〕24号各县区人民政府，市政府各部门：).
      if (std::optional<NumberMatch> m = number_before_recipients(l.text)) {
        l.number = m;
        continue;
      }
      // Otherwise only lines that end in 号 can carry a header's number.
      if (!l.text.ends_with("号")) continue;
      std::vector<NumberMatch> found = find_doc_numbers(l.text);
      if (found.empty() || found.back().end != l.text.size()) continue;
      l.number = found.back();
      l.number_only = found.back().begin == 0;
    }
    // A decree prints 中华人民共和国国务院令 over 第707号.
    for (int n = 2; n <= line_count(); ++n) {
      LineInfo& l = lines_[n];
      if (l.number || !l.text.starts_with("第") || !l.text.ends_with("号")) continue;
      int prev = previous_nonblank(n);
      if (prev == 0 || !lines_[prev].text.ends_with("令")) continue;
      std::string joined = std::string(lines_[prev].text) + std::string(l.text);
      std::vector<NumberMatch> found = find_doc_numbers(joined);
      if (found.size() == 1 && found[0].begin == 0 && found[0].end == joined.size()) {
        NumberMatch m = found[0];
        m.begin = 0;
        m.end = l.text.size();
        l.number = m;
        l.number_only = true;
        decree_lines_.insert(prev);
      }
    }
  }

  // A number between a title (ending in its document type) and a line of
  // addressees, all on one line.
  static std::optional<NumberMatch> number_before_recipients(std::string_view line) {
    if (!line.ends_with("：") && !line.ends_with(":")) return std::nullopt;
    for (const NumberMatch& m : find_doc_numbers(line)) {
      std::string_view title = strip_trailing_brackets(line.substr(0, m.begin));
      if (title.empty() || !ends_with_any(title, words().doc_types)) continue;
      if (is_recipients_line(line.substr(m.end))) return m;
    }
    return std::nullopt;
  }

  int previous_nonblank(int n) const {
    for (int i = n - 1; i >= 1; --i) {
      if (!lines_[i].blank) return i;
    }
    return 0;
  }
  int next_nonblank(int n) const {
    for (int i = n + 1; i <= line_count(); ++i) {
      if (!lines_[i].blank) return i;
    }
    return 0;
  }

  void mark_table_of_contents_and_back_matter() {
    // The table of contents runs from its heading to the first header; it is
    // marked once headers are known (see find_headers). Back matter runs from
    // its first line to the end.
    for (int n = 1; n <= line_count(); ++n) {
      LineInfo& l = lines_[n];
      if (l.blank) continue;
      if (toc_line_ == 0) {
        for (std::string_view w : words().toc) {
          if (l.text == w) toc_line_ = n;
        }
      }
      // Back matter starts with a short heading or label line.
      if (back_matter_line_ == 0 && n > line_count() / 2 && l.text.size() <= 3 * 30) {
        for (std::string_view w : words().back_matter) {
          if (contains(l.text, w)) back_matter_line_ = n;
        }
      }
    }
    if (back_matter_line_ != 0) {
      for (int n = back_matter_line_; n <= line_count(); ++n) lines_[n].furniture = true;
    }
  }

  // Walks up from a number line over the title lines above it.
  int header_top(int number_line, int floor) const {
    int top = number_line;
    int taken = 0;
    int blanks = 0;
    bool title_started = false;
    bool page_break = false;  // a running header was just passed
    for (int i = number_line - 1; i > floor && taken < kMaxHeaderLines; --i) {
      const LineInfo& l = lines_[i];
      if (l.blank) {
        if (++blanks > kMaxBlankRun) break;
        continue;
      }
      if (l.furniture && !l.blank) {
        // A page number above the table of contents' last entry ends the
        // walk; a page break (the running header, then the page number of the
        // page before) inside the first header does not.
        bool running_header = is_running_header(l.text);
        if (in_toc(i) && !running_header && !page_break) break;
        page_break = running_header;
        continue;
      }
      if (!looks_like_header_line(l)) break;
      // Above the line where the title starts (关于/印发/转发), only issuer
      // lines belong to the header: the leftovers of the document before (an
      // annex table row, a （此件公开发布） mark) do not.
      if (title_started && !is_issuer_line(l.text)) break;
      if (starts_title(l.text)) title_started = true;
      blanks = 0;
      top = i;
      ++taken;
    }
    return top;
  }

  // A verb inside 《》 is the cited title's (全国人民代表大会常务委员会关于批准 /
  // 《国务院关于…暂行办法》 / 的决议): the title starts on the line above.
  static bool starts_title(std::string_view line) {
    VerbAt verb = first_verb(line, kTitleVerbs);
    if (!verb.found()) return false;
    std::string_view before = line.substr(0, verb.pos);
    std::size_t opened = 0, closed = 0;
    for (std::size_t at = before.find("《"); at != std::string_view::npos; at = before.find("《", at + 1)) ++opened;
    for (std::size_t at = before.find("》"); at != std::string_view::npos; at = before.find("》", at + 1)) ++closed;
    return opened <= closed;
  }

  // 济南市人民政府, 中共济南市委办公厅, 国务院、中央军委: a short line ending
  // in the name of a body.
  static bool is_issuer_line(std::string_view line) {
    return line.size() <= 3 * 30 && !line.starts_with("附件") &&
           ends_like_issuer(line);
  }

  bool in_toc(int n) const {
    return toc_line_ != 0 && n >= toc_line_ && (first_header_ == 0 || n < first_header_);
  }

  std::string join(int first, int last) const {
    std::string s;
    for (int i = first; i <= last; ++i) {
      if (!lines_[i].furniture) s += lines_[i].text;
    }
    return s;
  }

  bool is_title(std::string_view title) const {
    std::string_view t = strip_trailing_brackets(title);
    return ends_with_any(t, words().doc_types) || contains(title, "关于");
  }

  void find_headers() {
    int floor = 0;
    std::optional<int> heading = markdown_heading();
    if (heading) {
      Segment s;
      s.line_start = *heading;
      s.title = bounded_title(lines_[*heading].text);
      s.header_end = *heading;
      // A number printed in the header zone under the '#' title is its own.
      int seen = 0;
      for (int n = *heading + 1; n <= line_count() && seen < kHeadingNumberWindow; ++n) {
        if (lines_[n].blank) continue;
        ++seen;
        if (lines_[n].number_only) {
          s.number = lines_[n].number->number;
          s.number_line = n;
          s.header_end = n;
          break;
        }
        if (contains(lines_[n].text, "。")) break;
      }
      s.body_start = s.header_end + 1;
      out_.segments.push_back(std::move(s));
      floor = out_.segments.back().header_end;
    }
    for (int n = floor + 1; n <= line_count(); ++n) {
      const LineInfo& l = lines_[n];
      if (l.furniture || l.blank) continue;
      if (l.number) {
        if (toc_line_ != 0 && first_header_ == 0 && n > toc_line_ && !l.number_only &&
            next_nonblank_is_toc_like(n)) {
          continue;
        }
        // A contents entry's number with its page on the next line: (31).
        if (toc_line_ != 0 && first_header_ == 0 && n > toc_line_ && l.number_only &&
            next_nonblank(n) != 0 && is_page_number(lines_[next_nonblank(n)].text)) {
          continue;
        }
        if (try_number_header(n, floor)) {
          floor = n;
          continue;
        }
      }
      if (try_other_item(n, floor) || try_adopted_header(n, floor) ||
          try_unnumbered_header(n, floor)) {
        floor = n;
      }
    }
    // A table of contents after the first header is a law's own contents,
    // inside its document: neither it nor the header above is furniture.
    if (toc_line_ != 0 && (first_header_ == 0 || toc_line_ < first_header_)) {
      int end = first_header_ == 0 ? line_count() : first_header_ - 1;
      for (int n = toc_line_; n <= end; ++n) lines_[n].furniture = true;
      // The masthead above the table of contents is furniture too.
      for (int n = 1; n < toc_line_; ++n) lines_[n].furniture = true;
    }
  }

  bool next_nonblank_is_toc_like(int n) const {
    // In a table of contents, a title line with its number is followed by
    // more such lines or by a page number, not by recipients or body text.
    int next = next_nonblank(n);
    return next != 0 && (lines_[next].number || is_page_number(lines_[next].text) ||
                         looks_like_header_line(lines_[next]));
  }

  bool try_number_header(int n, int floor) {
    const LineInfo& l = lines_[n];
    Segment s;
    s.number = l.number->number;
    s.number_line = n;
    s.header_end = n;
    std::string inline_title;
    if (!l.number_only) {
      // A line too long for a title that ends in a number is text.
      if (l.number->begin > kMaxTitleBytes) return false;
      inline_title = std::string(l.text.substr(0, l.number->begin));
      // A title ending the line before its number: …的通知济政字〔2019〕90号.
      // It ends in its document type: a line broken after a number inside a
      // title (…关于贯彻鲁政发〔2017〕5号 / 文件…的通知) is no header.
      if (!ends_with_any(strip_trailing_brackets(inline_title), words().doc_types)) return false;
    }
    int decree = previous_nonblank(n);
    if (l.number_only && decree != 0 && decree_lines_.count(decree) != 0) {
      // 济南市人民政府令 over 第263号: the decree's own title is the measure it
      // promulgates, read from its body.
      s.line_start = decree;
      s.body_start = n + 1;
      if (first_header_ == 0) first_header_ = s.line_start;
      out_.segments.push_back(std::move(s));
      return true;
    }
    int top = trim_header_top(header_top(n, floor), n);
    std::string title = join(top, n - 1) + inline_title;
    if (!title.empty() && is_title(title)) {
      s.line_start = top;
      s.body_start = n + 1;
    } else if (l.number_only && header_below(n, s)) {
      // The number printed above the title (a red-header layout).
      title = s.title;
      s.line_start = n;
      for (int i = n - 1; i > floor && i >= n - 4; --i) {
        if (lines_[i].blank) continue;
        if (lines_[i].text.ends_with("文件") && looks_like_header_line(lines_[i])) s.line_start = i;
        break;
      }
    } else {
      return false;
    }
    s.title = std::move(title);
    if (first_header_ == 0) first_header_ = s.line_start;
    out_.segments.push_back(std::move(s));
    return true;
  }

  // Header lines under a number line, down to the recipients or the body.
  bool header_below(int n, Segment& s) const {
    std::string title;
    int last = 0;
    int taken = 0;
    for (int i = n + 1; i <= line_count() && taken < kMaxHeaderLines; ++i) {
      if (lines_[i].blank) continue;
      if (!looks_like_header_line(lines_[i])) break;
      title += lines_[i].text;
      last = i;
      ++taken;
    }
    if (last == 0 || !is_title(title)) return false;
    s.title = std::move(title);
    s.header_end = last;
    s.body_start = last + 1;
    return true;
  }

  // Drops lines from the top of a header while what stands before 关于/印发/转发/批转
  // cannot be a run of issuers: a line without punctuation left over from the
  // document before (a table row, a name) is not part of this title.
  int trim_header_top(int top, int number_line) const {
    while (top < number_line) {
      std::string title = join(top, number_line - 1);
      VerbAt verb = first_verb(title, kTitleVerbs);
      if (!verb.found() || verb.pos == 0) return top;
      std::string_view prefix = std::string_view(title).substr(0, verb.pos);
      if (ends_like_issuer(prefix)) return top;
      int next = top + 1;
      while (next < number_line && lines_[next].blank) ++next;
      if (next >= number_line) return top;
      top = next;
    }
    return top;
  }



  // A gazette that prints a document without its number in the body often
  // prints it in the table of contents: 济南市人民政府关于…的意见
  // (济政发〔2019〕18号) (4), or the number on the line under the title.
  void numbers_from_table_of_contents() {
    if (toc_line_ == 0 || first_header_ == 0) return;
    std::unordered_map<std::string, std::pair<DocNumber, int>> by_title;  // with its line
    std::string pending;  // a title line waiting for its number line
    for (int n = toc_line_ + 1; n < first_header_; ++n) {
      std::string_view t = lines_[n].text;
      if (t.empty()) continue;
      std::vector<NumberMatch> found = find_doc_numbers(t);
      if (found.empty()) {
        // A title may be broken over lines; a section label (【市政府文件】)
        // or an entry ending in its page number is no part of one.
        if (t.starts_with("【") || ends_in_page_reference(t)) {
          pending.clear();
        } else {
          pending += std::string(t);
        }
        continue;
      }
      const NumberMatch& m = found.back();
      std::string_view before = t.substr(0, m.begin);
      for (std::string_view open : {"（", "(", "〔", "["}) {
        if (before.ends_with(open)) before.remove_suffix(open.size());
      }
      std::string title = pending + std::string(before);
      pending.clear();
      if (!title.empty()) by_title.emplace(fold_title(title), std::make_pair(m.number, n));
    }
    for (Segment& s : out_.segments) {
      if (s.number || s.title.empty()) continue;
      auto it = by_title.find(fold_title(s.title));
      if (it == by_title.end()) continue;
      s.number = it->second.first;
      s.number_line = it->second.second;  // the evidence: the contents line
    }
  }

  // A single document with no header this segmenter knows (a web page's
  // text): the whole text is one document, titled by its first line, with the
  // first number printed near the top.
  void single_document_fallback() {
    int first = 0;
    for (int n = 1; n <= line_count(); ++n) {
      if (!lines_[n].blank && !lines_[n].furniture) {
        first = n;
        break;
      }
    }
    if (first == 0) return;
    Segment s;
    s.line_start = first;
    s.header_end = first;
    s.title = bounded_title(lines_[first].text);
    // A first line too long for a title is text: the document's body.
    if (lines_[first].text.size() > kMaxTitleBytes) s.header_end = first - 1;
    int seen = 0;
    for (int n = first; n <= line_count() && seen < kHeadingNumberWindow; ++n) {
      if (lines_[n].blank) continue;
      ++seen;
      if (lines_[n].number) {
        s.number = lines_[n].number->number;
        s.number_line = n;
        if (lines_[n].number_only) s.header_end = std::max(s.header_end, n);
        break;
      }
    }
    s.body_start = s.header_end + 1;
    out_.segments.push_back(std::move(s));
  }

  // A regulation or decision printed without a number: its title, then the
  // adoption note in brackets —
  //   北京市人民代表大会常务委员会关于废止部分地方性法规的决定
  //   （2021年9月24日北京市第十五届人民代表大会常务委员会第三十三次会议通过）
  bool try_adopted_header(int n, int floor) {
    const LineInfo& note = lines_[n];
    if (!is_adoption_note(note.text)) return false;
    int title_end = previous_nonblank(n);
    if (title_end <= floor || !looks_like_header_line(lines_[title_end])) return false;
    // Before the first header, a title under a table of contents is a
    // contents entry; a law prints its contents after its title and note.
    if (toc_line_ != 0 && toc_line_ < title_end && first_header_ == 0) return false;
    int top = header_top(title_end + 1, floor);
    std::string title = join(top, title_end);
    if (title.empty() || !is_title(title)) return false;
    if (!out_.segments.empty()) {
      // The measure a decree or a 印发 notice issues is printed after its
      // signature, with its own adoption note: part of that document.
      const Segment& prev = out_.segments.back();
      bool decree = prev.number && prev.number->form == DocNumber::Form::kDecree;
      if (decree || prev.title.find(title) != std::string::npos) return false;
    }
    Segment s;
    s.line_start = top;
    s.header_end = n;
    s.body_start = n + 1;
    s.title = std::move(title);
    if (first_header_ == 0) first_header_ = s.line_start;
    out_.segments.push_back(std::move(s));
    return true;
  }

  // A document printed without its number: a title ending in a document
  // type, straight above its recipients line (各区县人民政府，市政府各部门：).
  bool try_unnumbered_header(int n, int floor) {
    if (!is_recipients_line(lines_[n].text)) return false;
    int title_end = previous_nonblank(n);
    // No table-of-contents guard here: a contents entry is never followed by
    // a recipients line.
    if (title_end <= floor || !looks_like_header_line(lines_[title_end])) return false;
    int top = trim_header_top(header_top(title_end + 1, floor), title_end + 1);
    std::string title = join(top, title_end);
    if (title.empty() || !ends_with_any(strip_trailing_brackets(title), words().doc_types)) {
      return false;
    }
    // A published document names its issuer first (济南市人民政府办公厅关于…);
    // a title opening with 关于 under a notice is the report, request or
    // opinion it forwards or attaches.
    if (title.starts_with("关于")) return false;
    if (!out_.segments.empty() && out_.segments.back().title.find(title) != std::string::npos) {
      return false;  // the measure a notice issues or forwards, printed in it
    }
    Segment s;
    s.line_start = top;
    s.header_end = title_end;
    s.body_start = n;
    s.title = std::move(title);
    if (first_header_ == 0) first_header_ = s.line_start;
    out_.segments.push_back(std::move(s));
    return true;
  }

  // 各区县人民政府，市政府各部门（单位）：/ 广东省人民政府，国家发展改革委：
  static bool is_recipients_line(std::string_view s) {
    std::string_view body;
    for (std::string_view colon : {"：", ":"}) {
      if (s.ends_with(colon)) body = s.substr(0, s.size() - colon.size());
    }
    if (body.empty() || body.size() > 3 * 80) return false;
    if (body.find("。") != std::string_view::npos) return false;
    if (body.starts_with("各")) return true;
    std::string_view last = strip_trailing_brackets(body);
    return ends_like_issuer(last);
  }

  // （2021年9月24日…会议通过）, （…公布）: a bracketed line opening with a date.
  // A law's history line ends with its latest change: （…通过　根据…第二次修正）
  // or （…修订）.
  static bool is_adoption_note(std::string_view s) {
    std::optional<std::string_view> wrapped = inside_brackets(s);
    if (!wrapped) return false;
    std::string_view inner = *wrapped;
    if (!ends_with_any(inner, {"通过", "公布", "发布", "修正", "修订", "批准"})) return false;
    std::optional<DateMatch> d = date_at(inner, 0);
    return d.has_value();
  }

  bool try_other_item(int n, int floor) {
    // 济南市人民政府任命工作人员名单, followed by its date.
    const LineInfo& l = lines_[n];
    if (!looks_like_header_line(l) || n <= floor) return false;
    if (!ends_with_any(l.text, words().other_items)) return false;
    int next = next_nonblank(n);
    while (next != 0 && lines_[next].furniture) next = next_nonblank(next);  // a page break
    if (next == 0) return false;
    // A list is followed by its date or by the decision it records (市政府决定，
    // 任命：…); a chronicle (大事记) by its entries.
    std::string_view follows = lines_[next].text;
    bool opens = lines_[next].date || contains(follows, "任命") || contains(follows, "免去") ||
                 contains(follows, "决定") || l.text.ends_with("大事记");
    if (!opens) return false;
    if (toc_line_ != 0 && first_header_ == 0) return false;
    Segment s;
    s.line_start = n;
    s.header_end = n;
    s.body_start = n + 1;
    s.title = std::string(l.text);
    s.kind = DocumentKind::kOther;
    out_.segments.push_back(std::move(s));
    return true;
  }

  std::optional<int> markdown_heading() const {
    // The first non-blank line of a single-document Markdown export is its
    // '# title'; the normalizer dropped the mark, so look at the original.
    for (int n = 1; n <= line_count(); ++n) {
      if (lines_[n].blank) continue;
      std::size_t at = text_.to_original(text_.line_offset(n));
      // The mark may stand before the first kept character, after spaces.
      std::size_t line_begin = at;
      while (line_begin > 0 && original_[line_begin - 1] != '\n') --line_begin;
      std::string_view raw = original_.substr(line_begin, at - line_begin);
      if (raw.find('#') != std::string_view::npos) return n;
      return std::nullopt;
    }
    return std::nullopt;
  }

  void attach_registration_numbers() {
    // A registration number is printed at the head of a normative document:
    // just under its header, or on its own line above it. One between two
    // documents (past the first one's header) goes to the one that follows.
    std::vector<Segment>& segs = out_.segments;
    for (int n = 1; n <= line_count(); ++n) {
      if (!lines_[n].registration || segs.empty()) continue;
      auto next = std::upper_bound(segs.begin(), segs.end(), n,
                                   [](int line, const Segment& s) { return line < s.line_start; });
      Segment* best = nullptr;
      if (next != segs.begin()) {
        Segment& prev = *(next - 1);
        if (n > prev.header_end && n <= prev.header_end + 4 && !prev.registration_no) best = &prev;
      }
      if (best == nullptr && next != segs.end()) best = &*next;
      if (best == nullptr) best = &segs.back();
      if (best->registration_no) continue;
      best->registration_no = ascii_dashes(registration_part(lines_[n].text));
      best->registration_line = n;
    }
  }

  void set_line_ends() {
    for (std::size_t i = 0; i < out_.segments.size(); ++i) {
      Segment& s = out_.segments[i];
      int limit = i + 1 < out_.segments.size() ? out_.segments[i + 1].line_start - 1
                                               : line_count();
      int end = s.header_end;
      for (int n = s.header_end + 1; n <= limit; ++n) {
        const LineInfo& l = lines_[n];
        if (l.blank || l.furniture) continue;
        if (l.registration && i + 1 < out_.segments.size() &&
            out_.segments[i + 1].registration_line == n) {
          continue;
        }
        end = n;
      }
      s.line_end = end;
    }
  }

  void read_gazette_info() {
    GazetteInfo& g = out_.gazette;
    int seen = 0;
    for (int n = 1; n <= line_count() && seen < 12; ++n) {
      std::string_view t = lines_[n].text;
      if (t.empty()) continue;
      ++seen;
      if (!g.publisher && t.ends_with("公报") && t.size() > 6) {
        g.publisher = std::string(t.substr(0, t.size() - std::string_view("公报").size()));
      } else if (!g.year && t.size() == 4 && std::all_of(t.begin(), t.end(), [](char c) {
                   return c >= '0' && c <= '9';
                 })) {
        g.year = std::stoi(std::string(t));
      } else if (!g.issue && t.starts_with("第") && contains(t, "期") && t.size() < 3 * 20) {
        g.issue = std::string(t);
      }
    }
    if (g.issue && g.year) return;
    // Otherwise a running page header: 济南市人民政府公报（2017年第23期）.
    for (int n = 1; n <= line_count(); ++n) {
      if (!is_running_header(lines_[n].text) || !contains(lines_[n].text, "期")) continue;
      std::string_view t = lines_[n].text;
      std::size_t gb = t.find("公报");
      if (!g.publisher && gb != std::string_view::npos && gb > 0) {
        g.publisher = std::string(t.substr(0, gb));
      }
      std::size_t nian = t.find("年第");
      std::size_t qi = t.find("期", nian == std::string_view::npos ? 0 : nian);
      if (nian != std::string_view::npos && nian >= 4 && qi != std::string_view::npos) {
        std::string_view year = t.substr(nian - 4, 4);
        if (std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          if (!g.year) g.year = std::stoi(std::string(year));
          if (!g.issue) {
            g.issue = std::string(t.substr(nian + std::string_view("年").size(),
                                           qi + std::string_view("期").size() - nian -
                                               std::string_view("年").size()));
          }
        }
      }
      break;
    }
  }

  const NormalizedText& text_;
  std::string_view original_;
  std::vector<LineInfo> lines_;
  std::unordered_set<int> decree_lines_;
  int toc_line_ = 0;
  int first_header_ = 0;
  int back_matter_line_ = 0;
  Segmentation out_;
};

}  // namespace

Segmentation segment(const NormalizedText& text, std::string_view original) {
  return Segmenter(text, original).run();
}

}  // namespace pg
