#include "analyzer/read/doc_number.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_set>

#include "analyzer/data/tables.h"
#include "graphs/base/doc_number.h"
#include "graphs/base/text.h"
#include "graphs/base/utf8.h"
#include "graphs/base/work_stats.h"

namespace pg {
namespace {

// The code point ending just before s[end]; its first byte goes to `start`.
char32_t decode_before(std::string_view s, std::size_t end, std::size_t& start) {
  start = end;
  return prev_code_point(s, start);
}

// A 机关代字 character: an ideograph, or 〇.
bool is_ideograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) || c == 0x3007;  // 〇
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool has_at(std::string_view s, std::size_t pos, std::string_view w) {
  return pos <= s.size() && s.substr(pos, w.size()) == w;
}

bool has_before(std::string_view s, std::size_t end, std::string_view w) {
  return end >= w.size() && s.substr(end - w.size(), w.size()) == w;
}

// 〔〕 is canonical; PDF text and websites also show [] 【】 ［］ () （）, and
// the two halves need not match ((2017〕 occurs).
constexpr std::array<std::string_view, 6> kOpenBrackets = {"〔", "【", "［", "（", "[", "("};
constexpr std::array<std::string_view, 6> kCloseBrackets = {"〕", "】", "］", "）", "]", ")"};

std::size_t open_bracket_before(std::string_view s, std::size_t end) {
  for (std::string_view b : kOpenBrackets) {
    if (has_before(s, end, b)) return b.size();
  }
  return 0;
}

std::size_t close_bracket_at(std::string_view s, std::size_t pos) {
  for (std::string_view b : kCloseBrackets) {
    if (has_at(s, pos, b)) return b.size();
  }
  return 0;
}

std::size_t open_bracket_at(std::string_view s, std::size_t pos) {
  for (std::string_view b : kOpenBrackets) {
    if (has_at(s, pos, b)) return b.size();
  }
  return 0;
}

std::size_t digit_run_end(std::string_view s, std::size_t pos) {
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  return pos;
}

long to_number(std::string_view digits) {
  long v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

constexpr int kMinYear = 1949;
constexpr int kMaxYear = 2099;

// ---------------------------------------------------------------------------
// Tables, loaded once.

struct Tables {
  std::unordered_set<std::string_view> known_codes;
  std::vector<std::string_view> stop_words;
  // The same words by their last byte: scanning back, only the few that can
  // end at a position are compared there, not all sixty.
  std::array<std::vector<std::string_view>, 256> stop_words_by_last_byte;
  // Words that end an issuer's name and never stand inside a code (人民政府,
  // 办公厅, 委员会 ...: the multi-character endings of issuer_suffixes.tsv).
  std::vector<std::string_view> name_endings;
  // Last characters of codes that are read without brackets (温政发202057号).
  std::unordered_set<char32_t> bare_code_endings;
};

const Tables& tables() {
  static const Tables kTables = [] {
    Tables t;
    for (const auto& row : tsv_rows("agency_codes.tsv")) {
      if (row.empty() || row[0].empty()) continue;
      t.known_codes.insert(row[0]);
    }
    for (const auto& row : tsv_rows("issuer_suffixes.tsv")) {
      if (row.size() >= 2 && row[1] == "end" && code_point_count(row[0]) >= 2) {
        t.name_endings.push_back(row[0]);
      }
    }
    for (const auto& row : tsv_rows("number_code_endings.tsv")) {
      std::size_t i = 0;
      if (!row.empty() && !row[0].empty()) t.bare_code_endings.insert(next_code_point(row[0], i));
    }
    for (const auto& row : tsv_rows("number_stop_words.tsv")) {
      if (!row.empty() && !row[0].empty()) t.stop_words.push_back(row[0]);
    }
    for (std::string_view w : t.stop_words) {
      t.stop_words_by_last_byte[static_cast<unsigned char>(w.back())].push_back(w);
    }
    return t;
  }();
  return kTables;
}

// ---------------------------------------------------------------------------
// Agency codes and issuers in running text.

constexpr int kMaxCodeChars = 12;
constexpr int kMaxIssuerChars = 20;

// The start of the run of ideographs that ends at `end`, at most max_chars
// long. A one-ideograph parenthesis with ideographs on both sides is part of
// the run: 法（研）发〔1987〕32号. A run that begins with 年/月/日 right after a
// digit starts after it (3月4日中华人民共和国国务院令...).
std::size_t run_start(std::string_view s, std::size_t end, int max_chars) {
  std::size_t pos = end;
  int count = 0;
  while (pos > 0 && count < max_chars) {
    std::size_t start = 0;
    char32_t c = decode_before(s, pos, start);
    if (is_ideograph(c)) {
      pos = start;
      ++count;
      continue;
    }
    if ((c == U'）' || c == U')') && count > 0 && count + 2 <= max_chars) {
      std::size_t inner = 0, open = 0, outer = 0;
      char32_t ci = decode_before(s, start, inner);
      if (!is_ideograph(ci)) break;
      char32_t co = decode_before(s, inner, open);
      if (co != U'（' && co != U'(') break;
      if (open == 0 || !is_ideograph(decode_before(s, open, outer))) break;
      pos = open;
      ++count;
      continue;
    }
    break;
  }
  if (pos < end && pos > 0 && is_digit(s[pos - 1])) {
    std::size_t after = pos;
    char32_t c = next_code_point(s, after);
    if (c == U'年' || c == U'月' || c == U'日') pos = after;
  }
  return pos;
}

// Start of the part of [begin, end) after the last stop word in it. Issuers
// of decrees and announcements keep 和: 工业和信息化部, 住房和城乡建设部.
std::size_t after_stop_words(std::string_view s, std::size_t begin, std::size_t end,
                             bool issuer = false) {
  const Tables& t = tables();
  std::size_t p = end;
  while (p > begin) {
    std::string_view head = s.substr(begin, p - begin);
    // 和 inside 中华人民共和国 (国务院令, 财政部令 ...) is not a conjunction.
    if (!head.ends_with("中华人民共和")) {
      for (std::string_view w : t.stop_words_by_last_byte[static_cast<unsigned char>(s[p - 1])]) {
        if (text_ends_with(head, w) && !(issuer && w == "和")) return p;
      }
    }
    std::size_t start = 0;
    decode_before(s, p, start);
    p = start < begin ? begin : start;
  }
  return begin;
}

bool has_ideograph(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (is_ideograph(next_code_point(s, i))) return true;
  }
  return false;
}

// True when [begin, q) ends where an issuer's name or a date ends: the text
// before a code is then a header or a sentence, not part of the code. (文件
// and other stop words never end it: after_stop_words already cut there.)
bool ends_outside_code(std::string_view s, std::size_t begin, std::size_t q) {
  std::string_view head = s.substr(begin, q - begin);
  if (head.ends_with("日")) return true;
  for (std::string_view w : tables().name_endings) {
    if (text_ends_with(head, w)) return true;
  }
  return false;
}

// Where the agency code that ends at `end` (just before the bracket) starts,
// or npos. The 机关代字 is the whole prefix printed before the bracket, whether
// or not the agency table knows it. Three cuts, in order: punctuation ends
// the run (run_start); the code starts after the last stop word (关于贯彻鲁政发
// -> 鲁政发); and a known code that is a proper suffix of what is left starts
// the code only when the text before it ends an issuer's name or a date
// (日市人民政府京政发 -> 京政发). Otherwise the prefix stays whole: 苏财税 is
// not 财税 and 青厅字 is not 厅字, known or not.
std::size_t agency_start(std::string_view s, std::size_t end) {
  std::size_t run = run_start(s, end, kMaxCodeChars);
  if (run == end) return std::string_view::npos;
  std::size_t begin = after_stop_words(s, run, end);
  if (begin == end || !has_ideograph(s.substr(begin, end - begin))) {
    return std::string_view::npos;
  }
  const Tables& t = tables();
  for (std::size_t q = begin; q < end;) {
    std::string_view tail = s.substr(q, end - q);
    if (t.known_codes.contains(tail)) {
      if (q == begin) return begin;
      if (code_point_count(tail) >= 2 && ends_outside_code(s, begin, q)) return q;
      return begin;
    }
    next_code_point(s, q);
  }
  return begin;
}

// ---------------------------------------------------------------------------
// Building numbers.

// Agencies keep their inner parenthesis full-width: 法(研)发 -> 法（研）发.
std::string canonical_agency(std::string_view agency) {
  std::string out;
  out.reserve(agency.size());
  for (char c : agency) {
    if (c == '(')
      out += "（";
    else if (c == ')')
      out += "）";
    else
      out += c;
  }
  return out;
}

DocNumber make_standard(std::string_view agency, int year, long serial) {
  DocNumber n;
  n.form = DocNumber::Form::kStandard;
  n.agency = canonical_agency(agency);
  n.year = year;
  n.serial = serial;
  n.canonical = standard_number(n.agency, year, serial);
  return n;
}

// 国务院令 / 中华人民共和国国务院令 / 国令 are one series: canonical 国令第N号.
DocNumber make_decree(std::string_view issuer, int year, long serial) {
  DocNumber n;
  n.form = DocNumber::Form::kDecree;
  n.year = year;
  n.serial = serial;
  if (year == 0 && (issuer == "国" || issuer.ends_with("国务院"))) {
    n.agency = "国务院";
    n.canonical = decree_number("国", 0, serial);
    return n;
  }
  n.agency = std::string(issuer);
  n.canonical = decree_number(n.agency, year, serial);
  return n;
}

// Announcements are canonical as printed (without spaces): issuer 公告 YYYY年第N号.
// Ministries also print the bare form 国家税务总局2018年第32号; it keeps no 公告.
DocNumber make_announcement(std::string_view issuer, bool with_word, int year, long serial) {
  DocNumber n;
  n.form = DocNumber::Form::kAnnouncement;
  n.agency = std::string(issuer);
  n.year = year;
  n.serial = serial;
  n.canonical = announcement_number(n.agency, with_word, year, serial);
  return n;
}

// The serial at pos (optional 第, digits, 号). Returns the end past 号 or npos.
std::size_t read_serial(std::string_view s, std::size_t pos, bool allow_di, long& serial) {
  if (allow_di && has_at(s, pos, "第")) pos += 3;
  std::size_t se = digit_run_end(s, pos);
  if (se == pos || se - pos > kMaxSerialDigits || !has_at(s, se, "号")) {
    return std::string_view::npos;
  }
  serial = to_number(s.substr(pos, se - pos));
  if (serial == 0) return std::string_view::npos;
  return se + 3;
}

// 鲁联内资（2009）第1351号 after 内部刊号： is the gazette's own periodical
// registration, not a document number.
bool after_periodical_label(std::string_view s, std::size_t begin) {
  std::size_t p = begin;
  if (has_before(s, p, "："))
    p -= 3;
  else if (has_before(s, p, ":"))
    p -= 1;
  return has_before(s, p, "刊号");
}

}  // namespace

// ---------------------------------------------------------------------------

std::vector<NumberMatch> find_doc_numbers(std::string_view text) {
  return find_doc_numbers(text, nullptr);
}

std::vector<NumberMatch> find_doc_numbers(std::string_view text,
                                          std::vector<RejectedNumber>* rejected) {
  work_stats().scanned += text.size();
  std::vector<NumberMatch> out;
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Every form has digits: jump from digit run to digit run. In CJK text
    // digits are rare, so this byte loop is the whole cost of a clean page.
    i = find_ascii_digit(text, i);
    if (i == std::string_view::npos) break;
    const std::size_t ds = i;
    const std::size_t de = digit_run_end(text, ds);
    i = de;
    const bool four = de - ds == 4;
    const int year = four ? static_cast<int>(to_number(text.substr(ds, 4))) : 0;
    const bool year_ok = four && year >= kMinYear && year <= kMaxYear;

    // 机关代字〔YYYY〕N号
    if (year_ok) {
      std::size_t ob = open_bracket_before(text, ds);
      std::size_t cb = close_bracket_at(text, de);
      long serial = 0;
      std::size_t end =
          ob && cb ? read_serial(text, de + cb, true, serial) : std::string_view::npos;
      if (end == std::string_view::npos && ob && cb && rejected != nullptr) {
        // 〔2016〕 then more digits than any serial has, then 号.
        std::size_t ss = de + cb;
        if (has_at(text, ss, "第")) ss += 3;
        std::size_t se = digit_run_end(text, ss);
        if (se - ss > kMaxSerialDigits && has_at(text, se, "号")) {
          rejected->push_back(
              {ds - ob, se + 3, "serial of " + std::to_string(se - ss) + " digits"});
          i = se + 3;
          continue;
        }
      }
      if (end != std::string_view::npos) {
        std::size_t code_end = ds - ob;
        std::size_t begin = agency_start(text, code_end);
        if (begin != std::string_view::npos && !after_periodical_label(text, begin)) {
          out.push_back(
              {begin, end, make_standard(text.substr(begin, code_end - begin), year, serial)});
          i = end;
          continue;
        }
      }
    }

    // 机关代字YYYYN号 printed without brackets (温政发202057号): a plausible
    // year, then a serial, right after a code of at least two characters
    // whose last character ends codes (number_code_endings.tsv).
    if (de - ds > 4 && de - ds <= 4 + kMaxSerialDigits && has_at(text, de, "号")) {
      const int bare_year = static_cast<int>(to_number(text.substr(ds, 4)));
      const long serial = to_number(text.substr(ds + 4, de - ds - 4));
      std::size_t prev = 0;
      const char32_t last = ds > 0 ? decode_before(text, ds, prev) : 0;
      if (bare_year >= kMinYear && bare_year <= kMaxYear && serial > 0 &&
          tables().bare_code_endings.contains(last)) {
        std::size_t begin = agency_start(text, ds);
        if (begin != std::string_view::npos &&
            code_point_count(text.substr(begin, ds - begin)) >= 2 &&
            !after_periodical_label(text, begin)) {
          out.push_back(
              {begin, de + 3, make_standard(text.substr(begin, ds - begin), bare_year, serial)});
          i = de + 3;
          continue;
        }
      }
    }

    // X令第N号 (not 第N号令) and X令YYYY年第N号.
    const bool decree_di = has_before(text, ds, "令第");
    const bool decree_year = year_ok && has_before(text, ds, "令") && has_at(text, de, "年第");
    if (decree_di || decree_year) {
      long serial = 0;
      std::size_t end = decree_di ? read_serial(text, ds, false, serial)
                                  : read_serial(text, de + 6, false, serial);
      std::size_t issuer_end = ds - (decree_di ? 6 : 3);
      if (end != std::string_view::npos) {
        std::size_t run = run_start(text, issuer_end, kMaxIssuerChars);
        std::size_t begin = after_stop_words(text, run, issuer_end, true);
        std::string_view issuer = text.substr(begin, issuer_end - begin);
        if (issuer.ends_with("中华人民共和国国务院")) {
          begin = issuer_end - std::string_view("中华人民共和国国务院").size();
        } else if (issuer.ends_with("国务院")) {
          begin = issuer_end - std::string_view("国务院").size();
        }
        issuer = text.substr(begin, issuer_end - begin);
        if (!issuer.empty()) {
          out.push_back({begin, end, make_decree(issuer, decree_di ? 0 : year, serial)});
          i = end;
          continue;
        }
      }
    }

    // X公告YYYY年第N号
    if (year_ok && has_before(text, ds, "公告") && has_at(text, de, "年第")) {
      long serial = 0;
      std::size_t end = read_serial(text, de + 6, false, serial);
      std::size_t issuer_end = ds - 6;
      if (end != std::string_view::npos) {
        std::size_t run = run_start(text, issuer_end, kMaxIssuerChars);
        std::size_t begin = after_stop_words(text, run, issuer_end, true);
        if (begin < issuer_end) {
          out.push_back(
              {begin, end,
               make_announcement(text.substr(begin, issuer_end - begin), true, year, serial)});
          i = end;
          continue;
        }
      }
    }
  }
  return out;
}

namespace {

ParseOutcome fail(std::string reason) { return {std::nullopt, std::move(reason)}; }

// Drops leading labels such as 发文字号： / 文号: (a short prefix without
// digits or brackets that ends in a colon). Labels can repeat or be empty
// (发文字号：文号：, "::"); all are dropped, so that no colon is left to start
// the issuer. A label is at most 8 characters: the colon is looked for in
// that many bytes only, which keeps a field of many colons linear.
std::string_view strip_label(std::string_view s) {
  constexpr std::size_t kMaxLabelChars = 8;
  constexpr std::size_t kLookAhead = kMaxLabelChars * 4 + 3;  // UTF-8, then "："
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view colon : {std::string_view("："), std::string_view(":")}) {
      std::size_t p = s.substr(0, kLookAhead).find(colon);
      if (p == std::string_view::npos) continue;
      std::string_view head = s.substr(0, p);
      bool plain = code_point_count(head) <= kMaxLabelChars;
      for (char c : head) plain = plain && !is_digit(c);
      for (std::string_view b : kOpenBrackets)
        plain = plain && head.find(b) == std::string_view::npos;
      if (plain) {
        s.remove_prefix(p + colon.size());
        changed = true;
        break;
      }
    }
  }
  return s;
}

// Trailing junk that websites leave: empty bracket pairs (〔〕) and punctuation.
std::string_view strip_trailing_junk(std::string_view s) {
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (std::string_view o : kOpenBrackets) {
      for (std::string_view c : kCloseBrackets) {
        if (s.size() >= o.size() + c.size() && s.ends_with(c) &&
            s.substr(s.size() - c.size() - o.size(), o.size()) == o) {
          s.remove_suffix(o.size() + c.size());
          changed = true;
        }
      }
    }
    for (std::string_view p : {"。", "，", "；", "、", ",", ";", "."}) {
      if (s.ends_with(p)) {
        s.remove_suffix(p.size());
        changed = true;
      }
    }
  }
  return s;
}

// A leading outer bracket that is not the year's: （国发〔2015〕12号）.
std::string_view strip_leading_bracket(std::string_view s) {
  while (std::size_t b = open_bracket_at(s, 0)) {
    if (b < s.size() && is_digit(s[b])) break;
    s.remove_prefix(b);
  }
  return s;
}

// Fields cut out of running text start with the tail of what came before:
// 号市人大公告1996年第40号, 据国家卫生健康委2019年第7号. Leading stop words
// (号, 据, 根据 ...) are dropped; the rest of the issuer is kept as printed,
// even when it is visibly truncated (海市人民政府公告): guessing the missing
// characters would invent an issuer.
std::string_view strip_leading_stop_words(std::string_view s) {
  const Tables& t = tables();
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::string_view w : t.stop_words) {
      if (s.size() > w.size() && s.starts_with(w)) {
        s.remove_prefix(w.size());
        changed = true;
      }
    }
  }
  return s;
}

// The issuer of a decree or announcement: what strip_leading_stop_words
// leaves can start with a bracket or label again (见(国务院令第1号); all three
// are dropped until none is left, as the field's own prefix is.
std::string_view clean_issuer(std::string_view s) {
  for (std::size_t before = 0; before != s.size();) {
    before = s.size();
    s = strip_label(strip_leading_bracket(strip_leading_stop_words(s)));
  }
  return s;
}

ParseOutcome parse_standard(std::string_view s, std::size_t open, std::size_t ob) {
  std::string_view agency = strip_leading_bracket(s.substr(0, open));
  if (agency.empty() || !has_ideograph(agency)) return fail("no agency");
  // 其他 ('other') is what some sites print when the field has no agency.
  if (agency == "其他") return fail("placeholder agency 其他");
  std::size_t ds = open + ob;
  std::size_t de = digit_run_end(s, ds);
  if (de - ds != 4) return fail("year not 4 digits");
  int year = static_cast<int>(to_number(s.substr(ds, 4)));
  if (year < kMinYear || year > kMaxYear) return fail("year out of range");
  std::size_t cb = close_bracket_at(s, de);
  if (cb == 0) return fail("no closing bracket");
  std::size_t p = de + cb;
  if (has_at(s, p, "号") && p + 3 < s.size() && is_digit(s[p + 3])) {
    return fail("号 before serial");  // 晋政发〔2017〕号99
  }
  if (has_at(s, p, "第")) p += 3;
  std::size_t se = digit_run_end(s, p);
  if (se == p) return fail("no serial");
  if (se - p > kMaxSerialDigits) return fail("serial too long");
  long serial = to_number(s.substr(p, se - p));
  if (serial == 0) return fail("serial 0");
  // A missing 号 is tolerated in a field (晋政办发〔2012〕18): the field says
  // what it is. Text after 号 (（已废止）...) is ignored.
  return {make_standard(agency, year, serial), ""};
}

}  // namespace

ParseOutcome parse_doc_number(std::string_view raw) {
  // Light folding for whole fields: every kind of whitespace and the invisible
  // joiners go, full-width digits become ASCII. Punctuation stays.
  const std::string folded = fold_number_text(raw);
  std::string_view s = folded;
  if (s.empty()) return fail("empty");
  s = strip_label(s);
  if (s.empty()) return fail("label only");
  s = strip_trailing_junk(s);
  // Labels and outer brackets nest either way round ([发文字号：国令第706号],
  // 文号：（国发〔2016〕14号）, "(:(府令第1"): both are dropped until neither is
  // left. A colon or bracket left in front would become part of the issuer,
  // and the canonical spelling would not read back as itself.
  for (std::size_t before = 0; before != s.size();) {
    before = s.size();
    s = strip_label(strip_leading_bracket(s));
  }
  if (s.empty()) return fail("no number");

  // Standard form: the first opening bracket followed by a digit.
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t ob = open_bracket_at(s, i); ob && i + ob < s.size() && is_digit(s[i + ob])) {
      return parse_standard(s, i, ob);
    }
    next_code_point(s, i);
  }

  // Decree: X令第N号 (省政府令 第171号, 国务院令第706号).
  if (std::size_t p = s.find("令第"); p != std::string_view::npos) {
    std::string_view issuer = clean_issuer(s.substr(0, p));
    std::size_t ds = p + 6;
    std::size_t de = digit_run_end(s, ds);
    if (issuer.empty() || !has_ideograph(issuer)) return fail("no issuer");
    if (de == ds) return fail("no serial");
    if (de - ds > kMaxSerialDigits) return fail("serial too long");
    long serial = to_number(s.substr(ds, de - ds));
    if (serial == 0) return fail("serial 0");
    return {make_decree(issuer, 0, serial), ""};
  }

  // Announcement or yearly decree: X公告YYYY年第N号, X令YYYY年第N号, and
  // the bare XYYYY年第N号 that ministries print.
  if (std::size_t p = s.find("年第"); p != std::string_view::npos && p >= 4 &&
                                      digit_run_end(s, p - 4) == p &&
                                      (p == 4 || !is_digit(s[p - 5]))) {
    int year = static_cast<int>(to_number(s.substr(p - 4, 4)));
    std::string_view issuer = clean_issuer(s.substr(0, p - 4));
    std::size_t ds = p + 6;
    std::size_t de = digit_run_end(s, ds);
    if (year < kMinYear || year > kMaxYear) return fail("year out of range");
    if (de == ds) return fail("no serial");
    if (de - ds > kMaxSerialDigits) return fail("serial too long");
    long serial = to_number(s.substr(ds, de - ds));
    if (serial == 0) return fail("serial 0");
    if (issuer.ends_with("令")) {
      issuer.remove_suffix(std::string_view("令").size());
      if (issuer.empty()) return fail("no issuer");
      return {make_decree(issuer, year, serial), ""};
    }
    bool with_word = issuer.ends_with("公告");
    if (with_word) issuer.remove_suffix(std::string_view("公告").size());
    if (issuer.empty() || !has_ideograph(issuer)) return fail("no issuer");
    return {make_announcement(issuer, with_word, year, serial), ""};
  }

  bool any_digit = false;
  for (char c : s) any_digit = any_digit || is_digit(c);
  if (!any_digit) return fail(has_ideograph(s) ? "no digits" : "no number");
  return fail("no year");  // 豫政 第24号
}

std::optional<std::string> canonical_doc_number(std::string_view raw) {
  ParseOutcome o = parse_doc_number(raw);
  if (!o.number) return std::nullopt;
  return std::move(o.number->canonical);
}

bool is_known_agency(std::string_view code) { return tables().known_codes.contains(code); }

std::optional<std::string> unknown_agency(std::string_view number) {
  ParseOutcome o = parse_doc_number(number);
  if (o.number && o.number->form == DocNumber::Form::kStandard &&
      !is_known_agency(o.number->agency)) {
    return std::move(o.number->agency);
  }
  return std::nullopt;
}

namespace {

// The next line opens with a whole number `own`, and the longer `joined`
// reaches back over the break, after `before`. The code was broken when the
// table knows the longer code and not the shorter (…意见济 / 政办字〔2019〕67号),
// or when the longer one starts right after a title's document type, as a
// title and its number run together on a web page (…意见青 / 政办字…).
bool broken_code(std::string_view before, const NumberMatch& joined, const NumberMatch& own) {
  if (is_known_agency(joined.number.agency) && !is_known_agency(own.number.agency)) return true;
  static const std::vector<std::string_view> kDocTypes = [] {
    std::vector<std::string_view> words;
    for (const auto& row : tsv_rows("doc_types.tsv")) words.push_back(row[0]);
    return words;
  }();
  for (std::string_view type : kDocTypes) {
    if (before.ends_with(type)) return true;
  }
  return false;
}

}  // namespace

std::size_t number_rest_length(std::string_view line, std::string_view next) {
  // A number's code is at most a dozen characters, its 〔年份〕序号号 ten.
  constexpr std::size_t kTailBytes = 3 * 14;
  constexpr std::size_t kHeadBytes = 3 * 12;
  if (line.empty() || next.empty()) return 0;
  std::size_t from = line.size() > kTailBytes ? line.size() - kTailBytes : 0;
  while (from < line.size() && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) ++from;
  std::size_t to = std::min(next.size(), kHeadBytes);
  while (to < next.size() && (static_cast<unsigned char>(next[to]) & 0xC0) == 0x80) --to;
  std::string_view head = next.substr(0, to);
  // Every form ends in 号 (E5 8F B7); its last byte, rare in CJK text, is
  // looked for first (E5 leads every sixth character or so).
  bool hao = false;
  for (std::size_t at = head.find('\xB7', 2); at != std::string_view::npos && !hao;
       at = head.find('\xB7', at + 1)) {
    hao = head[at - 1] == '\x8F' && head[at - 2] == '\xE5';
  }
  if (!hao) return 0;
  // The two pieces joined in a buffer on the stack (at most 78 bytes): this
  // runs for every line whose next line holds a 号 near its start. The next
  // line's own numbers are read only when a number crosses the seam.
  char buffer[kTailBytes + kHeadBytes];
  const std::string_view tail = line.substr(from);
  std::memcpy(buffer, tail.data(), tail.size());
  std::memcpy(buffer + tail.size(), head.data(), head.size());
  const std::size_t seam = tail.size();
  const std::string_view joined(buffer, tail.size() + head.size());
  for (const NumberMatch& m : find_doc_numbers(joined)) {
    // Decrees print 国务院令 over 第707号 by design; only 〔年份〕 numbers break.
    if (m.begin < seam && m.end > seam && m.number.form == DocNumber::Form::kStandard) {
      // A line that opens with a whole number (…的通告 / 济政发〔2019〕17号, a
      // running header over 济政办字〔2017〕81号) is not the rest of one, though
      // the code run would reach back into the line above; see broken_code.
      const std::vector<NumberMatch> own = find_doc_numbers(head);
      const NumberMatch* own_first =
          !own.empty() && own.front().begin == 0 ? &own.front() : nullptr;
      if (own_first == nullptr || broken_code(joined.substr(0, m.begin), m, *own_first)) {
        return m.end - seam;
      }
      return 0;
    }
  }
  return 0;
}

}  // namespace pg
