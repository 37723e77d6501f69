#include "analyzer/extract/segmenter.h"

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "analyzer/data/tables.h"
#include "analyzer/extract/issuers.h"
#include "analyzer/extract/validity.h"
#include "graphs/base/text.h"
#include "graphs/base/titles.h"
#include "graphs/base/utf8.h"

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
// A web page's metadata table stands within its first lines.
constexpr int kMaxMetadataLines = 16;
// A title is never longer than this; a longer first line is body text.
constexpr std::size_t kMaxTitleBytes = 3 * 200;
// A law's history note printed over several lines (the 2018 Constitution's
// adoption, then its 根据…修正） as a paragraph of their own) runs from its
// opening bracket to the line its closing bracket ends, within this many
// lines and bytes (the Criminal Law's note lists 13 changes in ~1,400
// characters).
constexpr int kMaxNoteLines = 16;
constexpr std::size_t kMaxNoteBytes = 3 * 3000;
// Between a law's title and its note a reading copy prints lines of its own
// (the source's address, 来源：…, a contents line); at most this many are
// passed over.
constexpr int kMaxFrontMatterLines = 6;

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
  return std::string(line.substr(0, floor_char_boundary(line, end)));
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
  // The same, by their last byte: the types that can end at a given byte.
  std::array<std::vector<std::string_view>, 256> doc_types_by_last_byte = [this] {
    std::array<std::vector<std::string_view>, 256> out;
    for (std::string_view t : doc_types) {
      if (!t.empty()) out[static_cast<unsigned char>(t.back())].push_back(t);
    }
    return out;
  }();
  // The words that end an adoption or history note: （…会议通过）, （…修正）.
  std::vector<std::string_view> note_ends =
      history_verbs({"amended", "revised", "adopted", "approved", "promulgated"});
  std::vector<std::string_view> other_items = load_column("other_items.tsv");
  std::vector<std::string_view> toc = load_column("furniture.tsv", "toc");
  std::vector<std::string_view> back_matter = load_column("furniture.tsv", "backmatter");
  std::vector<std::string_view> masthead = load_column("furniture.tsv", "masthead");
  std::vector<std::string_view> front_matter = load_column("furniture.tsv", "front");
  std::vector<std::string_view> mark_ends = load_column("header_cues.tsv", "mark");
  std::vector<std::string_view> addressee_starts =
      load_column("header_cues.tsv", "addressee_start");
  std::vector<std::string_view> addressee_ends = load_column("header_cues.tsv", "addressee_end");
  std::vector<std::string_view> signers = load_column("header_cues.tsv", "signer");
  // Metadata labels, each with its kind (label_number, label_date ...).
  std::vector<std::pair<std::string_view, std::string_view>> labels = [] {
    std::vector<std::pair<std::string_view, std::string_view>> out;
    for (const auto& row : tsv_rows("header_cues.tsv")) {
      if (row.size() > 1 && text_starts_with(row[0], "label_")) out.emplace_back(row[0], row[1]);
    }
    return out;
  }();
};
const Words& words() {
  static const Words w;
  return w;
}

bool ends_with_any(std::string_view s, const std::vector<std::string_view>& words) {
  for (std::string_view w : words) {
    if (text_ends_with(s, w)) return true;
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
  // The label is short: a line without a colon in its first bytes is
  // passed over without looking for its last colon.
  constexpr std::size_t kLabelBytes = 3 * 8 + std::string_view("：").size();
  if (find_text(line.substr(0, kLabelBytes), "：") == std::string_view::npos) return line;
  std::size_t colon = rfind_text(line, "：");
  if (colon != std::string_view::npos && colon <= 3 * 8) {
    return line.substr(colon + std::string_view("：").size());
  }
  return line;
}

// The length of a registration number opening s: capital letters, perhaps
// digits (a district's code: ZJHC00), a dash, a 4-digit year, a dash, digits:
// JNCR-2019-0010006, ZJHC00－2017－0010. 0 when s does not open with one. Web
// text glues the issuer's name to it: ZJHC00－2017－0010衢州市人民政府.
std::size_t registration_length(std::string_view s) {
  constexpr std::string_view kWide = "－";
  auto dash_at = [&](std::size_t i) -> std::size_t {
    if (i < s.size() && s[i] == '-') return 1;
    if (s.substr(i, kWide.size()) == kWide) return kWide.size();
    return 0;
  };
  auto digits_from = [&](std::size_t i) {
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    return j - i;
  };
  std::size_t i = 0;
  while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') ++i;
  if (i < 2 || i > 8) return 0;
  std::size_t code_digits = digits_from(i);
  if (code_digits > 4) return 0;
  i += code_digits;
  std::size_t dash = dash_at(i);
  if (dash == 0 || digits_from(i + dash) != 4) return 0;
  i += dash + 4;
  dash = dash_at(i);
  if (dash == 0) return 0;
  std::size_t serial = digits_from(i + dash);
  if (serial < 3) return 0;
  return i + dash + serial;
}

bool is_page_number(std::string_view s) {
  // "91", "-12-", "—12—", "第3页", "(31)" (a contents entry's page, broken off)
  static constexpr std::string_view kMarks[] = {"-",  "—", "－", "·",  "•", "第",
                                                "页", "(", ")",  "（", "）"};
  // Marks are stripped from both ends and digits must be left: a line that
  // opens or ends with anything else is no page number, and most lines are
  // passed over here without counting their digits.
  // The first and last bytes a mark can open and end with, tested before the
  // marks themselves: most lines fail here.
  static const auto kEdges = [] {
    std::array<std::array<bool, 256>, 2> t{};  // [0]: first bytes, [1]: last bytes
    for (std::string_view m : kMarks) {
      t[0][static_cast<unsigned char>(m.front())] = true;
      t[1][static_cast<unsigned char>(m.back())] = true;
    }
    return t;
  }();
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.empty()) return false;
  if (!is_digit(s.front()) &&
      (!kEdges[0][static_cast<unsigned char>(s.front())] ||
       std::none_of(std::begin(kMarks), std::end(kMarks),
                    [&](std::string_view m) { return text_starts_with(s, m); }))) {
    return false;
  }
  if (!is_digit(s.back()) &&
      (!kEdges[1][static_cast<unsigned char>(s.back())] ||
       std::none_of(std::begin(kMarks), std::end(kMarks),
                    [&](std::string_view m) { return text_ends_with(s, m); }))) {
    return false;
  }
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
  for (std::string_view mark : kMarks) {
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
  // 期 somewhere (most lines have none), none of 《 。 ， ： (one pass over
  // the lead bytes E3 and EF that start them), then the masthead's words.
  if (!contains(s, "期")) return false;
  constexpr std::string_view kLeads = "\xE3\xEF";
  for (std::size_t i = find_any_byte(s, kLeads); i != std::string_view::npos;
       i = find_any_byte(s, kLeads, i + 1)) {
    for (std::string_view stop : {"《", "。", "，", "："}) {
      if (s.compare(i, stop.size(), stop) == 0) return false;
    }
  }
  for (std::string_view word : words().masthead) {
    std::size_t at = find_text(s, word);
    if (at != std::string_view::npos && at != 0) return true;
  }
  return false;
}

// What a line wrapped whole in （） or () holds, or nullopt.
std::optional<std::string_view> inside_brackets(std::string_view s) {
  if (text_starts_with(s, "（") && text_ends_with(s, "）") && s.size() >= 6)
    return s.substr(3, s.size() - 6);
  if (text_starts_with(s, "(") && text_ends_with(s, ")") && s.size() >= 2)
    return s.substr(1, s.size() - 2);
  return std::nullopt;
}

// （鲁政发〔2016〕26号） standing alone: the number, without its brackets.
std::optional<NumberMatch> bracketed_number(std::string_view s) {
  std::optional<std::string_view> wrapped = inside_brackets(s);
  if (!wrapped) return std::nullopt;
  std::string_view inner = *wrapped;
  if (!text_ends_with(inner, "号")) return std::nullopt;
  std::vector<NumberMatch> found = find_doc_numbers(inner);
  if (found.size() != 1 || found[0].begin != 0 || found[0].end != inner.size()) {
    return std::nullopt;
  }
  return found[0];
}

// A value most lines do not have, boxed: held inline in every line's info,
// a NumberMatch (112 bytes) was half the memory of a large file, and the
// parts of a web text line (80 bytes) most of the rest. Reads like
// std::optional<T>; parts() gives an empty T for a line without one.
template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(Boxed o) noexcept {
    p_ = std::move(o.p_);
    return *this;
  }
  Boxed& operator=(const T& m) {
    p_ = std::make_unique<T>(m);
    return *this;
  }
  Boxed& operator=(const std::optional<T>& m) {
    p_ = m ? std::make_unique<T>(*m) : nullptr;
    return *this;
  }
  explicit operator bool() const { return p_ != nullptr; }
  const T* operator->() const { return p_.get(); }
  const T& operator*() const { return *p_; }
  // The value, or an empty one when there is none.
  const T& value_or_empty() const {
    static const T kEmpty{};
    return p_ ? *p_ : kEmpty;
  }
  // The value to write to, made empty first when there is none.
  T& make() {
    if (!p_) p_ = std::make_unique<T>();
    return *p_;
  }

 private:
  std::unique_ptr<T> p_;
};

// Web text runs a header's parts together on one line; a line's `text` is
// then narrowed to the part the rules below read, and the others are kept
// here. Empty on most lines.
struct LineParts {
  std::string_view registration_text;  // a registration number opening the line
  std::string_view mark;               // 发文机关标志: the issuers' names before 文件
  std::string_view title_after;        // a title printed after the number
  std::string_view signature;          // issuers' names of a signature (alone or before its date)
  std::string_view after_date;         // what follows a signature's date on its line
};

struct LineInfo {
  std::string_view text;
  bool blank = true;
  std::optional<Date> when;   // a whole-line date or a 印发 mark's date
  bool date = false;          // the whole line is a date
  bool printed = false;       // （X年X月X日印发）
  bool registration = false;  // JNCR-2019-0010006
  bool furniture = false;
  bool table_row = false;     // printed as a Markdown table row
  bool number_only = false;   // the number is all the line holds
  bool mark_only = false;     // the mark is all the line holds
  bool addressees = false;    // the addressees (主送机关) followed the text on this line
  bool body_follows = false;  // body text follows the addressees on this line
  bool metadata = false;      // a line of a web page's metadata table
  Boxed<NumberMatch> number;  // a number ending the line
  Boxed<LineParts> parts_box;
  const LineParts& parts() const { return parts_box.value_or_empty(); }
  // has_sentence_mark of `text` as it stood when last asked (the signature
  // and every header walk ask it of the same line); kept with the view it
  // was read from, so a line whose text was cut since is read again.
  mutable std::string_view mark_read;
  mutable bool mark_known = false;
  mutable bool mark_found = false;
};

// True when s holds a mark a title never does: 。；：！？， or ':'. One pass
// over the bytes (this runs on every line).
bool has_sentence_mark(std::string_view s) {
  std::size_t from = 0;
#if defined(__SSE2__)
  // Sixteen starts at a time, each tested for ':', E3 80 82 and EF BC (9B 9A
  // 81 9F 8C) at once; the last starts, whose three bytes the loads would
  // overrun, go to the loop below.
  const char* p = s.data();
  const auto eq = [](__m128i v, unsigned char b) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(b)));
  };
  for (; from + 18 <= s.size(); from += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + from));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + from + 1));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + from + 2));
    const __m128i full_stop = _mm_and_si128(eq(a, 0xE3), _mm_and_si128(eq(b, 0x80), eq(c, 0x82)));
    const __m128i wide =
        _mm_and_si128(_mm_and_si128(eq(a, 0xEF), eq(b, 0xBC)),
                      _mm_or_si128(_mm_or_si128(_mm_or_si128(eq(c, 0x9B), eq(c, 0x9A)),
                                                _mm_or_si128(eq(c, 0x81), eq(c, 0x9F))),
                                   eq(c, 0x8C)));
    if (_mm_movemask_epi8(_mm_or_si128(eq(a, ':'), _mm_or_si128(full_stop, wide))) != 0) {
      return true;
    }
  }
#endif
  // Only ':' and the lead bytes E3 and EF can start one.
  constexpr std::string_view kLeads = ":\xE3\xEF";
  for (std::size_t i = find_any_byte(s, kLeads, from); i != std::string_view::npos;
       i = find_any_byte(s, kLeads, i + 1)) {
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

// has_sentence_mark(l.text), read once per text a line holds.
bool line_has_sentence_mark(const LineInfo& l) {
  if (!l.mark_known || l.mark_read.data() != l.text.data() || l.mark_read.size() != l.text.size()) {
    l.mark_read = l.text;
    l.mark_found = has_sentence_mark(l.text);
    l.mark_known = true;
  }
  return l.mark_found;
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
  if (text_ends_with(s, ")")) {
    open = s.rfind('(');
    if (open == std::string_view::npos) return false;
    open += 1;
    s = s.substr(open, s.size() - 1 - open);
  } else if (text_ends_with(s, "）")) {
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
  if (l.blank || l.date || l.printed || l.registration || l.furniture || l.number_only ||
      l.mark_only || l.table_row || l.text.size() > kMaxHeaderLineBytes) {
    return false;
  }
  // Section labels of a table of contents (【市政府文件】) and its entries;
  // a title never opens with a bracket: （此件公开发布）, （本文有删减）. Only
  // its last line may, when a narrow column broke it before its bracketed
  // period: …实施方案 / （2019—2021年）的通知.
  if (text_starts_with(l.text, "【") || ends_in_page_reference(l.text)) return false;
  if ((text_starts_with(l.text, "（") || text_starts_with(l.text, "(")) &&
      (inside_brackets(l.text) || !ends_with_any(l.text, words().doc_types))) {
    return false;
  }
  return !line_has_sentence_mark(l);
}

class Segmenter {
 public:
  Segmenter(const NormalizedText& text, std::string_view original)
      : text_(text), original_(original) {}

  Segmentation run() {
    classify_lines();
    mark_table_of_contents_and_back_matter();
    read_page_metadata();
    find_headers();
    if (out_.segments.empty()) single_document_fallback();
    apply_page_metadata();
    numbers_from_table_of_contents();
    attach_registration_numbers();
    set_line_ends();
    read_gazette_info();
    out_.furniture.assign(lines_.size(), false);
    out_.dates.assign(lines_.size(), std::nullopt);
    out_.printed.assign(lines_.size(), false);
    out_.signatures.assign(lines_.size(), std::string_view());
    for (std::size_t i = 1; i < lines_.size(); ++i) {
      out_.furniture[i] = lines_[i].furniture;
      out_.dates[i] = lines_[i].when;
      out_.printed[i] = lines_[i].printed;
      out_.signatures[i] = lines_[i].parts().signature;
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
      read_registration(l);
      // A date line is short; most lines are body text and skip the parse.
      bool short_line = l.text.size() <= 3 * 24;
      if (short_line && (l.when = whole_line_date(l.text))) {
        l.date = true;
        l.printed = contains(l.text, "印发");
      } else if (l.text.size() <= 3 * 60 && (l.when = printed_mark_date(l.text))) {
        // A garbled table can run the 印发 line into a row of other cells.
        l.printed = true;
      } else if (l.text.size() <= 3 * 100) {
        read_signature(l);
      }
      l.furniture =
          l.text.size() <= 3 * 40 && (is_page_number(l.text) || is_running_header(l.text));
      // A document's header is never printed inside a table: a row of an
      // annex list (| 1 | 某某关于…的通知 | 某政发〔2014〕39号 |) cites it.
      l.table_row = text_.table_row(n);
      if (l.date || l.registration || l.furniture || l.table_row) continue;
      split_addressees(l);
      read_mark(l);
      if (read_number_then_title(l)) continue;
      // Some gazettes print the number in brackets under the title.
      if (std::optional<NumberMatch> inner = bracketed_number(l.text)) {
        l.number = inner;
        l.number_only = true;
        continue;
      }
      // A title with its number in brackets after it: …的通知（衢政发〔2018〕41号）.
      // Only where addressees follow, on the line or the next: a row of a list
      // of documents (废止文件目录) prints titles and numbers this way too.
      if (std::optional<NumberMatch> m = bracketed_number_after_title(l.text)) {
        std::string_view title = l.text.substr(0, m->begin);
        bool header = !contains(title, "《") && !has_sentence_mark(title) &&
                      ends_with_any(strip_trailing_brackets(title), words().doc_types) &&
                      (l.addressees || is_recipients_line(next_nonblank_text(n)));
        if (header) {
          l.number = m;
          continue;
        }
      }
      // A web page runs a header together: title, number and addressees on
      // one line (…的通知济政发〔2017〕24号各县区人民政府，市政府各部门：).
      if (std::optional<NumberMatch> m = number_before_recipients(l.text)) {
        l.number = m;
        continue;
      }
      // Otherwise only lines that end in 号 can carry a header's number.
      if (!text_ends_with(l.text, "号")) continue;
      std::vector<NumberMatch> found = find_doc_numbers(l.text);
      if (found.empty() || found.back().end != l.text.size()) continue;
      l.number = found.back();
      l.number_only = found.back().begin == 0;
    }
    // A decree prints 中华人民共和国国务院令 over 第707号.
    for (int n = 2; n <= line_count(); ++n) {
      LineInfo& l = lines_[n];
      if (l.number || !text_starts_with(l.text, "第") || !text_ends_with(l.text, "号")) continue;
      int prev = previous_nonblank(n);
      if (prev == 0 || !text_ends_with(lines_[prev].text, "令")) continue;
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

  // The number in brackets ending a title line: 衢州市人民政府关于…的通知
  // （衢政发〔2018〕41号）; the match spans the brackets.
  static std::optional<NumberMatch> bracketed_number_after_title(std::string_view t) {
    for (auto [open, close] :
         {std::pair<std::string_view, std::string_view>{"（", "）"}, {"(", ")"}}) {
      if (!t.ends_with(close)) continue;
      std::size_t at = t.rfind(open);
      if (at == std::string_view::npos || at == 0) return std::nullopt;
      std::optional<NumberMatch> inner = bracketed_number(t.substr(at));
      if (!inner) return std::nullopt;
      inner->begin = at;
      inner->end = t.size();
      return inner;
    }
    return std::nullopt;
  }

  // A number between a title (ending in its document type) and a line of
  // addressees, all on one line.
  static std::optional<NumberMatch> number_before_recipients(std::string_view line) {
    if (!text_ends_with(line, "：") && !text_ends_with(line, ":")) return std::nullopt;
    for (const NumberMatch& m : find_doc_numbers(line)) {
      std::string_view title = strip_trailing_brackets(line.substr(0, m.begin));
      if (title.empty() || !ends_with_any(title, words().doc_types)) continue;
      if (is_recipients_line(line.substr(m.end))) return m;
    }
    return std::nullopt;
  }

  // ZJHC00－2017－0010 opening a line: kept apart, and the line read without it
  // (web text glues it to the issuer's name or to the red header).
  static void read_registration(LineInfo& l) {
    std::string_view body = registration_part(l.text);
    if (l.text.size() - body.size() > 3 * 8) return;
    std::size_t length = registration_length(body);
    if (length < 8) return;
    l.parts_box.make().registration_text = body.substr(0, length);
    std::string_view rest = body.substr(length);
    if (rest.empty()) {
      l.registration = true;
    } else {
      l.text = rest;
    }
  }

  // A signature: issuers' names alone on a line (署名), or before the date
  // (成文日期) on the same line, perhaps followed by the next title as web text
  // runs them: 龙游县人民政府办公室二〇一九年六月十一日龙游县粮食应急预案.
  static void read_signature(LineInfo& l) {
    if (line_has_sentence_mark(l)) return;
    std::string_view t = l.text;
    if (t.size() <= 3 * 40 && ends_like_issuer(strip_trailing_brackets(t)) && !starts_title(t)) {
      l.parts_box.make().signature = t;
      return;
    }
    std::vector<DateMatch> dates = find_dates(t);
    if (dates.empty()) return;
    const DateMatch& d = dates.front();
    std::string_view before = t.substr(0, d.begin);
    std::string_view after = t.substr(d.end);
    if (before.empty() && after.empty()) return;
    // A date opening an adoption note (2018年7月30日最高人民法院审判委员会
    // 第1745次会议通过) is read with the note, not as a signature date.
    if (before.empty() && (contains(after, "会议") || ends_with_any(after, words().note_ends) ||
                           text_ends_with(after, "施行") || text_ends_with(after, "实施"))) {
      return;
    }
    if (!before.empty() &&
        (before.size() > 3 * 40 || !(ends_like_issuer(before) || is_signer(before)) ||
         starts_title(before))) {
      return;
    }
    if (after.size() > 3 * 60 || text_starts_with(after, "起") || text_starts_with(after, "前") ||
        text_starts_with(after, "后") || text_starts_with(after, "至")) {
      return;  // 2019年1月1日起施行, 2019年6月30日前完成: a clause, not a date line
    }
    l.when = d.date;
    l.date = true;
    if (ends_like_issuer(before))
      l.parts_box.make().signature = before;  // not a person (市长 汤飞帆)
    if (!after.empty()) l.parts_box.make().after_date = after;
  }

  // A decree is signed by a person with the office (市长 汤飞帆): a short name
  // after an office word of header_cues.tsv.
  static bool is_signer(std::string_view s) {
    if (s.size() > 3 * 10) return false;
    for (std::string_view office : words().signers) {
      if (s.starts_with(office) && s.size() > office.size()) return true;
    }
    return false;
  }

  // The 发文机关标志 opening a line: issuers' names then 文件, alone or
  // followed by the number or the title (衢州市人民政府文件衢政发〔2018〕41号).
  void read_mark(LineInfo& l) const {
    for (std::string_view word : words().mark_ends) {
      // Only a mark in the first 40 characters counts: the search stops there.
      std::size_t at = find_text(l.text.substr(0, 3 * 40 + word.size()), word);
      if (at == std::string_view::npos || at == 0) continue;
      std::string_view names = l.text.substr(0, at);
      if (!ends_like_issuer(names) || has_sentence_mark(names) || starts_title(names)) continue;
      std::string_view rest = l.text.substr(at + word.size());
      if (rest.empty()) {
        l.parts_box.make().mark = names;
        l.mark_only = true;
        return;
      }
      std::vector<NumberMatch> found = find_doc_numbers(rest.substr(0, 3 * 30));
      bool number_first = !found.empty() && found.front().begin == 0;
      if (!number_first && (has_sentence_mark(rest) || !is_title(rest))) continue;
      l.parts_box.make().mark = names;
      l.text = rest;
      return;
    }
  }

  // 主送机关 run onto the title or number line: …的通知各县（市、区）人民政府，
  // 市政府各部门： - the header part stops where an addressee list starts.
  // The cut is after the number or a document-type word, the last place
  // from which the rest up to the colon reads as an addressee list.
  void split_addressees(LineInfo& l) const {
    constexpr std::string_view kColon = "：";
    std::size_t colon = find_text(l.text.substr(0, 3 * 170 + kColon.size()), kColon);
    if (colon == std::string_view::npos) return;
    std::string_view head = l.text.substr(0, colon);
    if (contains(head, "。") || contains(head, "；")) return;
    std::vector<std::size_t> cuts;
    for (const NumberMatch& m : find_doc_numbers(head)) {
      // …的通知（衢政发〔2018〕41号）各县…: the number's bracket closes first.
      std::size_t end = m.end;
      for (std::string_view close : {"）", ")"}) {
        if (head.substr(end).starts_with(close)) end += close.size();
      }
      cuts.push_back(end);
    }
    std::size_t numbers = cuts.size();
    // After every document-type word in head, found in one pass over its
    // bytes by the words' last bytes (the order of the cuts does not matter:
    // the furthest that passes wins).
    const auto& by_last_byte = words().doc_types_by_last_byte;
    for (std::size_t end = 1; end <= head.size(); ++end) {
      for (std::string_view type : by_last_byte[static_cast<unsigned char>(head[end - 1])]) {
        if (type.size() <= end && head.compare(end - type.size(), type.size(), type) == 0) {
          cuts.push_back(end);
        }
      }
    }
    std::size_t best = 0;
    for (std::size_t i = 0; i < cuts.size(); ++i) {
      std::size_t p = cuts[i];
      if (p <= best || p >= head.size()) continue;
      std::string_view prefix = head.substr(0, p);
      // A title cut needs the title's own form: 关于/印发/转发 and a 文种.
      if (has_sentence_mark(prefix) ||
          (i >= numbers && !(is_title(prefix) && starts_title(prefix)))) {
        continue;
      }
      if (is_addressee_list(head.substr(p))) best = p;
    }
    if (best == 0) return;
    l.addressees = true;
    l.body_follows = colon + kColon.size() < l.text.size();
    l.text = l.text.substr(0, best);
  }

  // 各县（市、区）人民政府，市政府各部门 / 国家发展改革委、财政部: what stands
  // between a title and the colon of its addressees.
  static bool is_addressee_list(std::string_view s) {
    if (s.empty() || s.size() > 3 * 100) return false;
    for (std::string_view w : words().addressee_starts) {
      if (s.starts_with(w)) return true;
    }
    std::size_t end = s.size();
    for (std::string_view sep : {"，", "、", ","}) end = std::min(end, s.find(sep));
    std::string_view first = strip_trailing_brackets(s.substr(0, end));
    if (first.size() < 3 * 4 || starts_title(first)) return false;
    return ends_like_issuer(first) || ends_with_any(first, words().addressee_ends);
  }

  // The number first and the title after it on one line, as web text runs a
  // header: 龙政办发〔2019〕12号龙游县人民政府办公室关于印发…的通知.
  bool read_number_then_title(LineInfo& l) const {
    constexpr std::string_view kHao = "号";
    std::size_t hao = find_text(l.text.substr(0, 3 * 30 + kHao.size()), kHao);
    if (hao == std::string_view::npos) return false;
    std::size_t end = hao + kHao.size();
    std::string_view rest = l.text.substr(end);
    if (rest.empty() || rest.size() > kMaxHeaderLineBytes || has_sentence_mark(rest) ||
        !is_title(rest)) {
      return false;
    }
    std::vector<NumberMatch> found = find_doc_numbers(l.text.substr(0, end));
    if (found.empty() || found.front().begin != 0 || found.front().end != end) return false;
    l.number = found.front();
    l.number_only = true;
    l.parts_box.make().title_after = rest;
    l.text = l.text.substr(0, end);
    return true;
  }

  // The next non-blank normalized line after n, before lines are classified.
  std::string_view next_nonblank_text(int n) const {
    for (int i = n + 1; i <= text_.line_count() && i <= n + kMaxBlankRun + 1; ++i) {
      if (!text_.line(i).empty()) return text_.line(i);
    }
    return {};
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
      if (!l.parts().after_date.empty()) {
        // The document before ends with its signature and date on this line,
        // and this title starts after them (web text).
        if (title_started ? is_issuer_line(l.parts().after_date)
                          : starts_title(l.parts().after_date))
          top = i;
        break;
      }
      if (!looks_like_header_line(l)) break;
      // Above the line where the title starts (关于/印发/转发), only issuer
      // lines belong to the header: the leftovers of the document before (an
      // annex table row, a （此件公开发布） mark) do not.
      if (title_started && !is_issuer_line(l.text)) {
        // Unless it is the first part of an issuer's name broken over two
        // lines, directly above the rest (济南市 / 人民政府办公厅).
        if (i == top - 1 && completes_split_issuer(l.text, lines_[top].text)) top = i;
        break;
      }
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
    for (std::size_t at = before.find("《"); at != std::string_view::npos;
         at = before.find("《", at + 1))
      ++opened;
    for (std::size_t at = before.find("》"); at != std::string_view::npos;
         at = before.find("》", at + 1))
      ++closed;
    return opened <= closed;
  }

  // 济南市人民政府, 中共济南市委办公厅, 国务院、中央军委: a short line ending
  // in the name of a body.
  static bool is_issuer_line(std::string_view line) {
    return line.size() <= 3 * 30 && !text_starts_with(line, "附件") && ends_like_issuer(line);
  }

  bool in_toc(int n) const {
    return toc_line_ != 0 && n >= toc_line_ && (first_header_ == 0 || n < first_header_);
  }

  std::string join(int first, int last) const {
    std::string s;
    for (int i = first; i <= last; ++i) {
      if (lines_[i].furniture) continue;
      // A title opening after a signature's date: only its part after the date.
      s += i == first && !lines_[i].parts().after_date.empty() ? lines_[i].parts().after_date
                                                               : lines_[i].text;
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
        // An adoption note over several lines ends the header below n.
        floor = n = std::max(n, out_.segments.back().header_end);
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
    s.mark = std::string(l.parts().mark);
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
    bool joined_decree = l.number_only && l.parts().title_after.empty() &&
                         l.number->number.form == DocNumber::Form::kDecree &&
                         l.number->begin == 0 && contains(l.text, "令") &&
                         !contains(l.text, "公告");
    if (joined_decree) decree = n;  // 衢州市人民政府令第12号 on one line (web text)
    if (l.number_only && decree != 0 && (decree == n || decree_lines_.count(decree) != 0)) {
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
    if (!l.parts().title_after.empty()) {
      // Number and title on one line (web text); the title may go on below.
      title = std::string(l.parts().title_after);
      s.line_start = n;
      s.body_start = n + 1;
      for (int i = n + 1, taken = 0; i <= line_count() && taken < kMaxHeaderLines; ++i) {
        if (ends_with_any(strip_trailing_brackets(title), words().doc_types)) break;
        if (lines_[i].blank) continue;
        if (!looks_like_header_line(lines_[i])) break;
        title += lines_[i].text;
        s.header_end = i;
        s.body_start = i + 1;
        ++taken;
      }
      if (lines_[s.header_end].body_follows) s.body_start = s.header_end;
    } else if (!title.empty() && is_title(title)) {
      s.line_start = top;
      s.body_start = l.body_follows ? n : n + 1;
    } else if (l.number_only && header_below(n, s)) {
      // The number printed above the title (a red-header layout).
      title = s.title;
      s.line_start = n;
    } else {
      return false;
    }
    take_mark_above(s, floor);
    s.title = std::move(title);
    if (first_header_ == 0) first_header_ = s.line_start;
    out_.segments.push_back(std::move(s));
    return true;
  }

  // The 发文机关标志 on a line of its own just above a header belongs to it.
  void take_mark_above(Segment& s, int floor) const {
    for (int i = s.line_start - 1; i > floor && i >= s.line_start - 4; --i) {
      if (lines_[i].blank) continue;
      if (lines_[i].mark_only) {
        s.line_start = i;
        if (s.mark.empty()) s.mark = std::string(lines_[i].parts().mark);
      }
      return;
    }
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
    s.body_start = lines_[last].body_follows ? last : last + 1;
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
        if (text_starts_with(t, "【") || ends_in_page_reference(t)) {
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

  // The labelled fields of a web page's metadata table, in its first lines:
  // 发文机关：国务院成文日期：2018年12月13日 (cells run together), or a label
  // at the end of a line with its value on the next (cells on lines).
  void read_page_metadata() {
    constexpr std::string_view kColon = "：";
    int seen = 0;
    for (int n = 1; n <= line_count() && seen < kMaxMetadataLines; ++n) {
      std::string_view t = lines_[n].text;
      if (t.empty()) continue;
      ++seen;
      if (t.size() > 3 * 200) continue;
      struct Label {
        std::size_t begin, value;
        std::string_view kind;
      };
      std::vector<Label> found;
      for (std::size_t c = t.find(kColon); c != std::string_view::npos; c = t.find(kColon, c + 1)) {
        std::pair<std::string_view, std::string_view> best;
        for (const auto& label : words().labels) {
          std::string_view w = label.second;
          if (w.size() > best.second.size() && c >= w.size() &&
              t.substr(c - w.size(), w.size()) == w) {
            best = label;
          }
        }
        if (!best.second.empty())
          found.push_back({c - best.second.size(), c + kColon.size(), best.first});
      }
      // Metadata lines open with a label; a sentence with a colon does not.
      if (found.empty() || found.front().begin != 0) continue;
      for (std::size_t i = 0; i < found.size(); ++i) {
        std::size_t end = i + 1 < found.size() ? found[i + 1].begin : t.size();
        std::string_view value = t.substr(found[i].value, end - found[i].value);
        int line = n;
        if (value.empty() && i + 1 == found.size()) {
          int next = next_nonblank(n);
          if (next == 0 || contains(lines_[next].text, kColon)) continue;
          value = lines_[next].text;
          line = next;
        }
        if (value.empty()) continue;
        read_page_field(found[i].kind, value, line);
      }
      lines_[n].metadata = true;
    }
  }

  void read_page_field(std::string_view kind, std::string_view value, int line) {
    PageMetadata& page = out_.page;
    if (kind == "label_number" && !page.number) {
      std::vector<NumberMatch> found = find_doc_numbers(value);
      if (!found.empty() && found.front().begin == 0) {
        page.number = found.front().number;
        page.number_line = line;
      }
    } else if (kind == "label_issuer" && page.issuer.empty()) {
      if (ends_like_issuer(value) && !has_sentence_mark(value)) {
        page.issuer = std::string(value);
        page.issuer_line = line;
      }
    } else if (kind == "label_date" && !page.date) {
      std::optional<DateMatch> d = date_at(value, 0);
      if (d) {
        page.date = d->date;
      } else if (value.size() >= 10) {
        page.date = Date::parse_iso(value.substr(0, 10));
      }
      if (page.date) page.date_line = line;
    } else if (kind == "label_title" && page.title.empty() && !has_sentence_mark(value)) {
      page.title = std::string(value);
      page.title_line = line;
    }
  }

  // The metadata describe the first document that starts after them; it
  // takes the number from them when its own header printed none.
  void apply_page_metadata() {
    PageMetadata& page = out_.page;
    int last = std::max({page.number_line, page.issuer_line, page.date_line, page.title_line});
    if (last == 0) return;
    for (std::size_t i = 0; i < out_.segments.size(); ++i) {
      Segment& s = out_.segments[i];
      if (s.line_start <= last && s.header_end <= last) continue;
      page.segment = static_cast<int>(i);
      if (!s.number && page.number) {
        s.number = page.number;
        s.number_line = page.number_line;
      }
      return;
    }
  }

  // A single document with no header this segmenter knows (a web page's
  // text): the whole text is one document, titled by its first line, with the
  // first number printed near the top.
  void single_document_fallback() {
    int first = 0;
    for (int n = 1; n <= line_count(); ++n) {
      if (!lines_[n].blank && !lines_[n].furniture && !lines_[n].metadata && !lines_[n].mark_only) {
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
    // A title printed over lines, the issuer's name first (洪泽区人民政府 /
    // 2023年政府信息公开工作年度报告): the issuer line and the header lines
    // under it, up to the first that ends in a document type.
    if (s.header_end == first && is_issuer_line(lines_[first].text) &&
        !is_title(lines_[first].text)) {
      std::string joined(lines_[first].text);
      for (int n = first + 1, taken = 1; n <= line_count() && taken < kMaxHeaderLines; ++n) {
        const LineInfo& l = lines_[n];
        if (l.blank) break;
        if (!looks_like_header_line(l)) break;
        joined += l.text;
        ++taken;
        if (ends_with_any(strip_trailing_brackets(joined), words().doc_types)) {
          s.title = bounded_title(joined);
          s.header_end = n;
          break;
        }
      }
    }
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
    take_mark_above(s, 0);
    out_.segments.push_back(std::move(s));
  }

  // A regulation or decision printed without a number: its title, then the
  // adoption note in brackets —
  //   北京市人民代表大会常务委员会关于废止部分地方性法规的决定
  //   （2021年9月24日北京市第十五届人民代表大会常务委员会第三十三次会议通过）
  // The note may span lines up to its closing bracket (note_end), and a
  // reading copy's own lines may stand between title and note (front matter,
  // passed over).
  bool try_adopted_header(int n, int floor) {
    const int note_last = note_end(n);
    if (note_last == 0) return false;
    int title_end = previous_nonblank(n);
    int front = 0;
    while (title_end > floor && front < kMaxFrontMatterLines && is_front_matter(title_end)) {
      title_end = previous_nonblank(title_end);
      ++front;
    }
    if (title_end <= floor || !looks_like_header_line(lines_[title_end])) return false;
    // Before the first header, a title under a table of contents is a
    // contents entry; a law prints its contents after its title and note.
    if (toc_line_ != 0 && toc_line_ < title_end && first_header_ == 0) return false;
    int top = header_top(title_end + 1, floor);
    // A reading copy's masthead above the title (大萌法律读本 » 2020-刑法) is
    // not part of it.
    for (int i = title_end; i >= top; --i) {
      if (!lines_[i].blank && is_front_matter(i)) {
        top = i + 1;
        break;
      }
    }
    while (top < title_end && lines_[top].blank) ++top;
    std::string title = join(top, title_end);
    if (title.empty() || !is_title(title)) return false;
    // Past front matter, only a title ending in a document type (法, 条例)
    // is a law's; a 关于 line there is something else.
    if (front > 0 && !ends_with_any(strip_trailing_brackets(title), words().doc_types)) {
      return false;
    }
    if (!out_.segments.empty()) {
      // The measure a decree or a 印发 notice issues is printed after its
      // signature, with its own adoption note: part of that document.
      const Segment& prev = out_.segments.back();
      bool decree = prev.number && prev.number->form == DocNumber::Form::kDecree;
      if (decree || prev.title.find(title) != std::string::npos) return false;
    }
    Segment s;
    s.line_start = top;
    s.header_end = note_last;
    s.body_start = note_last + 1;
    s.title = std::move(title);
    if (first_header_ == 0) first_header_ = s.line_start;
    out_.segments.push_back(std::move(s));
    return true;
  }

  // The last line of an adoption note opening on line n: n itself for a
  // one-line note; for a note whose closing bracket is on a later line, that
  // line (blank lines and page furniture inside it passed over), within
  // kMaxNoteLines lines and kMaxNoteBytes. 0 when line n opens no note.
  int note_end(int n) const {
    std::string_view first = lines_[n].text;
    if (is_adoption_note(first)) return n;
    std::string_view inner;
    for (std::string_view open : {"（", "("}) {
      if (text_starts_with(first, open)) inner = first.substr(open.size());
    }
    // Cheap tests first: an open bracket, a date right after it, no close.
    if (inner.empty() || text_ends_with(first, "）") || text_ends_with(first, ")") ||
        !date_at(inner, 0)) {
      return 0;
    }
    std::string note(first);
    int taken = 1;
    for (int i = n + 1; i <= line_count() && taken < kMaxNoteLines; ++i) {
      const LineInfo& l = lines_[i];
      if (l.blank || l.furniture) continue;
      if (note.size() + l.text.size() > kMaxNoteBytes) return 0;
      note += l.text;
      ++taken;
      if (text_ends_with(l.text, "）") || text_ends_with(l.text, ")")) {
        return is_adoption_note(note) ? i : 0;
      }
    }
    return 0;
  }

  // A reading copy's line of its own near a law's title: the source's
  // address, 来源：…, a breadcrumb (phrases of furniture.tsv's "front" rows),
  // or a table of contents' heading or entry.
  bool is_front_matter(int n) const {
    std::string_view t = lines_[n].text;
    for (std::string_view w : words().front_matter) {
      if (contains(t, w)) return true;
    }
    for (std::string_view w : words().toc) {
      if (t == w) return true;
    }
    return ends_in_page_reference(t);
  }

  // A document printed without its number: a title ending in a document
  // type, straight above its recipients line (各区县人民政府，市政府各部门：).
  bool try_unnumbered_header(int n, int floor) {
    // The addressees follow the title on its own line in web text.
    bool same_line = lines_[n].addressees;
    if (!same_line && !is_recipients_line(lines_[n].text)) return false;
    int title_end = same_line ? n : previous_nonblank(n);
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
    // Under a red header (衢州市柯城区人民政府文件) it is the document's own.
    int above = previous_nonblank(top);
    bool under_mark = above > floor && lines_[above].mark_only;
    if (text_starts_with(title, "关于") && !under_mark) return false;
    if (!out_.segments.empty() && out_.segments.back().title.find(title) != std::string::npos) {
      return false;  // the measure a notice issues or forwards, printed in it
    }
    Segment s;
    s.line_start = top;
    s.header_end = title_end;
    s.body_start = same_line && !lines_[n].body_follows ? n + 1 : n;
    s.mark = std::string(lines_[title_end].parts().mark);
    take_mark_above(s, floor);
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
    if (text_starts_with(body, "各")) return true;
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
    if (!ends_with_any(inner, words().note_ends)) return false;
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
                 contains(follows, "决定") || text_ends_with(l.text, "大事记");
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
      if (lines_[n].parts().registration_text.empty() || segs.empty()) continue;
      auto next = std::upper_bound(segs.begin(), segs.end(), n,
                                   [](int line, const Segment& s) { return line < s.line_start; });
      Segment* best = nullptr;
      if (next != segs.begin()) {
        Segment& prev = *(next - 1);
        // Under its header, or glued to a header line (ZJHC00－2017－0010衢州市人民政府文件).
        if (n >= prev.line_start && n <= prev.header_end + 4 && !prev.registration_no) best = &prev;
      }
      if (best == nullptr && next != segs.end()) best = &*next;
      if (best == nullptr) best = &segs.back();
      if (best->registration_no) continue;
      best->registration_no = ascii_dashes(lines_[n].parts().registration_text);
      best->registration_line = n;
    }
  }

  void set_line_ends() {
    for (std::size_t i = 0; i < out_.segments.size(); ++i) {
      Segment& s = out_.segments[i];
      int limit = i + 1 < out_.segments.size() ? out_.segments[i + 1].line_start - 1 : line_count();
      // A line holding this document's signature date and the next title
      // belongs to both.
      if (i + 1 < out_.segments.size() && !lines_[limit + 1].parts().after_date.empty()) ++limit;
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
      if (!g.publisher && text_ends_with(t, "公报") && t.size() > 6) {
        g.publisher = std::string(t.substr(0, t.size() - std::string_view("公报").size()));
      } else if (!g.year && t.size() == 4 &&
                 std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        g.year = std::stoi(std::string(t));
      } else if (!g.issue && text_starts_with(t, "第") && contains(t, "期") && t.size() < 3 * 20) {
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
            g.issue = std::string(t.substr(
                nian + std::string_view("年").size(),
                qi + std::string_view("期").size() - nian - std::string_view("年").size()));
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
