#include "analyzer/extract/validity.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <tuple>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "analyzer/data/tables.h"
#include "graphs/base/text.h"
#include "graphs/base/utf8.h"
#include "graphs/base/work_stats.h"

namespace pg {

namespace {

// ---------------------------------------------------------------------------
// Small UTF-8 helpers. The input is normalized flow text, so every CJK
// character is three bytes and digits are ASCII; these helpers only need to
// compare byte strings at known positions and to step over one character.

// Whether the n bytes at a and b are the same: a loop, for the few bytes of a
// cue word, where a call to memcmp costs more than the compare.
bool same_bytes(const char* a, const char* b, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

bool starts_at(std::string_view s, std::size_t pos, std::string_view word) {
  return pos <= s.size() && text_starts_with(s.substr(pos), word);
}

bool ends_at(std::string_view s, std::size_t end, std::string_view word) {
  return end <= s.size() && text_ends_with(s.substr(0, end), word);
}

// Start of the character that ends at `end` (graphs/base/utf8).
std::size_t prev_char_start(std::string_view s, std::size_t end) {
  prev_code_point(s, end);
  return end;
}

// Code point at pos (pos must start a character).
char32_t code_point_at(std::string_view s, std::size_t pos) { return next_code_point(s, pos); }

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// A clause may end here: end of text, or anything that is not a CJK ideograph
// or an ASCII letter/digit (punctuation, brackets, the ❂ the PDF extractor
// leaves for spaces, the <!-- of an info block).
bool is_boundary_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return true;
  char32_t c = code_point_at(s, pos);
  if (c < 0x80)
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  return !(c >= 0x4E00 && c <= 0x9FFF) && !(c >= 0x3400 && c <= 0x4DBF);
}

// Sentence ends: 。；！？ and their half-width forms. Commas only end clauses.
constexpr std::array<std::string_view, 6> kSentenceEnds = {"。", "；", "！", "？", ";", "?"};

// [begin, end) of the sentence containing pos, at most 400 characters either
// side; `end` excludes the delimiter.
// Walks outward byte by byte, so the cost is the sentence's length, not the
// document's (a find() for a delimiter the text never uses would scan to the
// end every time).
std::pair<std::size_t, std::size_t> sentence_around(std::string_view s, std::size_t pos) {
  auto ends_sentence_at = [&](std::size_t end) {
    for (std::string_view d : kSentenceEnds) {
      if (ends_at(s, end, d)) return true;
    }
    return false;
  };
  auto starts_sentence_end_at = [&](std::size_t p) {
    for (std::string_view d : kSentenceEnds) {
      if (starts_at(s, p, d)) return true;
    }
    return false;
  };
  // Text without sentence marks would make each clause scan all of it: a
  // sentence reaches at most kMaxSentenceReach bytes either side of pos,
  // cut on character boundaries.
  constexpr std::size_t kMaxSentenceReach = 3 * 400;
  auto continuation = [&](std::size_t p) {
    return p < s.size() && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80;
  };
  pos = std::min(pos, s.size());
  const std::size_t floor = pos > kMaxSentenceReach ? pos - kMaxSentenceReach : 0;
  const std::size_t ceiling = std::min(s.size(), pos + kMaxSentenceReach);
  std::size_t begin = pos;
  while (begin > floor && !ends_sentence_at(begin)) --begin;
  while (continuation(begin) && begin < pos) ++begin;
  std::size_t end = pos;
  while (end < ceiling && !starts_sentence_end_at(end)) ++end;
  while (continuation(end) && end > pos) --end;
  work_stats().sentences += end - begin;
  return {begin, end};
}

// ---------------------------------------------------------------------------
// Numbers.

// One digit: ASCII, or Chinese 〇 (U+3007) / ○ (U+25CB, how PDFs often print
// it) / 零 and 一..九. Returns {value, byte length}.
std::optional<std::pair<int, std::size_t>> digit_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return std::nullopt;
  if (is_ascii_digit(s[pos])) return std::pair{s[pos] - '0', std::size_t{1}};
  static constexpr std::array<std::pair<std::string_view, int>, 12> kDigits = {{
      {"〇", 0},
      {"○", 0},
      {"零", 0},
      {"一", 1},
      {"二", 2},
      {"三", 3},
      {"四", 4},
      {"五", 5},
      {"六", 6},
      {"七", 7},
      {"八", 8},
      {"九", 9},
  }};
  // Every one is three bytes: the character is decoded once and compared
  // with each, rather than the twelve words compared at every position tried.
  constexpr auto decode3 = [](unsigned char b0, unsigned char b1, unsigned char b2) {
    return static_cast<char32_t>(((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu));
  };
  static constexpr std::array<char32_t, 12> kChars = [&] {
    std::array<char32_t, 12> c{};
    for (std::size_t k = 0; k < kDigits.size(); ++k) {
      const std::string_view w = kDigits[k].first;
      c[k] = decode3(static_cast<unsigned char>(w[0]), static_cast<unsigned char>(w[1]),
                     static_cast<unsigned char>(w[2]));
    }
    return c;
  }();
  if (s.size() - pos < 3) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(s[pos]);
  const auto b1 = static_cast<unsigned char>(s[pos + 1]);
  const auto b2 = static_cast<unsigned char>(s[pos + 2]);
  if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return std::nullopt;
  const char32_t c = decode3(b0, b1, b2);
  for (std::size_t k = 0; k < kChars.size(); ++k) {
    if (c == kChars[k]) return std::pair{kDigits[k].second, kDigits[k].first.size()};
  }
  return std::nullopt;
}

bool is_chinese_digit_at(std::string_view s, std::size_t pos) {
  auto d = digit_at(s, pos);
  return d && d->second > 1;
}

// A small count as printed in dates and terms: 1-3 ASCII digits, or Chinese
// 一..九, 十, 十一..十九, 二十..九十九 (and 两 when allow_liang, as in 两年).
// Returns {value, end}.
std::optional<std::pair<int, std::size_t>> small_number_at(std::string_view s, std::size_t pos,
                                                           bool allow_liang) {
  if (pos < s.size() && is_ascii_digit(s[pos])) {
    int v = 0;
    std::size_t p = pos;
    while (p < s.size() && is_ascii_digit(s[p]) && p - pos < 3) v = v * 10 + (s[p++] - '0');
    if (p < s.size() && is_ascii_digit(s[p])) return std::nullopt;  // too long to be a count
    return std::pair{v, p};
  }
  constexpr std::string_view kTen = "十";
  if (allow_liang && starts_at(s, pos, "两")) return std::pair{2, pos + 3};
  int tens = 0;
  std::size_t p = pos;
  if (starts_at(s, p, kTen)) {
    tens = 1;
    p += kTen.size();
  } else {
    auto d = digit_at(s, p);
    if (!d || d->second == 1 || d->first == 0) return std::nullopt;
    p += d->second;
    if (!starts_at(s, p, kTen)) return std::pair{d->first, p};
    tens = d->first;
    p += kTen.size();
  }
  int units = 0;
  auto u = digit_at(s, p);
  if (u && u->second > 1 && u->first > 0) {
    units = u->first;
    p += u->second;
  }
  return std::pair{tens * 10 + units, p};
}

// ---------------------------------------------------------------------------
// Cue words (analyzer/data/validity_cues.tsv).

struct Cues {
  std::vector<std::string_view> verbs;      // 施行 实施 执行
  std::vector<std::string_view> events;     // 印发 公布 发布 …
  std::vector<std::string_view> negations;  // 停止 不再 …
  std::vector<std::string> self_forms;      // 本办法, 本实施意见 …, longest first
};

const Cues& cues() {
  static const Cues kCues = [] {
    Cues c;
    std::vector<std::string_view> nouns, modifiers;
    for (const auto& row : tsv_rows("validity_cues.tsv")) {
      if (row.size() < 2 || row[1].empty()) continue;
      if (row[0] == "verb")
        c.verbs.push_back(row[1]);
      else if (row[0] == "event")
        c.events.push_back(row[1]);
      else if (row[0] == "noun")
        nouns.push_back(row[1]);
      else if (row[0] == "modifier")
        modifiers.push_back(row[1]);
      else if (row[0] == "negation")
        c.negations.push_back(row[1]);
    }
    for (std::string_view n : nouns) {
      c.self_forms.push_back("本" + std::string(n));
      for (std::string_view m : modifiers)
        c.self_forms.push_back("本" + std::string(m) + std::string(n));
    }
    // Longest first, so 本实施意见 is preferred to a shorter reading.
    std::stable_sort(
        c.self_forms.begin(), c.self_forms.end(),
        [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return c;
  }();
  return kCues;
}

// Length of the word from `words` starting at pos, or 0.
std::size_t word_at(std::string_view s, std::size_t pos,
                    const std::vector<std::string_view>& words) {
  for (std::string_view w : words) {
    if (starts_at(s, pos, w)) return w.size();
  }
  return 0;
}

std::size_t word_ending_at(std::string_view s, std::size_t end,
                           const std::vector<std::string_view>& words) {
  for (std::string_view w : words) {
    if (ends_at(s, end, w)) return w.size();
  }
  return 0;
}

// A self-reference (本办法, 本实施意见) starting at pos: its length, or 0.
std::size_t self_noun_at(std::string_view s, std::size_t pos) {
  if (!starts_at(s, pos, "本")) return 0;
  for (const std::string& f : cues().self_forms) {
    if (starts_at(s, pos, f)) return f.size();
  }
  return 0;
}

// A self-reference ending exactly at `end`: its length, or 0.
std::size_t self_noun_ending_at(std::string_view s, std::size_t end) {
  for (const std::string& f : cues().self_forms) {
    if (ends_at(s, end, f)) return f.size();
  }
  return 0;
}

bool has_self_noun(std::string_view s, std::size_t begin, std::size_t end) {
  // Search [begin, end) only: a miss must not scan the rest of the document.
  std::string_view range = s.substr(0, std::min(end, s.size()));
  for (std::size_t p = find_text(range, "本", begin); p != std::string_view::npos;
       p = find_text(range, "本", p + 1)) {
    if (self_noun_at(s, p) > 0) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// 施行 clauses.

struct EffectiveCandidate {
  Effective effective;
  int days_after_issue = 0;  // 自印发之日起30日后施行
  std::size_t pos = 0;       // start of the clause (its subject, 自, or the date)
  // 3: the subject is the document itself (本办法自…起施行, 自本方案印发之日起…执行).
  // 2: no subject (自印发之日起施行, a header's 自2018年12月1日起施行）).
  // 1: the subject is a cited instrument (《X》自…起施行).
  // Highest score wins; among equals the last, because a notice's attached
  // measure, whose clauses are the document's, is printed after the notice.
  int score = 0;
};

// 自X起施行 where X is a date: also X起施行, X施行 (a header line
// "2018年12月1日施行"), 于X施行, 自X起正式施行.
void date_candidates(std::string_view s, const std::vector<DateMatch>& dates,
                     std::vector<EffectiveCandidate>& out) {
  for (const DateMatch& m : dates) {
    std::size_t p = m.end;
    if (starts_at(s, p, "起")) p += 3;
    if (starts_at(s, p, "正式")) p += 6;
    std::size_t verb = word_at(s, p, cues().verbs);
    if (verb == 0) continue;  // 自2020年2月1日起，禁止… is a phased provision
    std::size_t after = p + verb;
    // 自2020年1月1日起施行的《X》 describes another instrument.
    if (starts_at(s, after, "的")) continue;
    std::size_t start = m.begin;
    for (std::string_view prep : {"自", "从", "于"}) {
      if (ends_at(s, start, prep)) {
        start -= prep.size();
        break;
      }
    }
    EffectiveCandidate c;
    c.effective.kind = Effective::Kind::kDate;
    c.effective.date = m.date;
    if (std::size_t self = self_noun_ending_at(s, start)) {
      c.pos = start - self;
      c.score = 3;
    } else {
      // Without a subject, the verb must end its clause (施行。 施行，): a
      // verb with an object (起执行新标准) is a provision, not the start of
      // the document.
      if (!is_boundary_at(s, after)) continue;
      c.pos = start;
      c.score = 2;
      std::size_t before = prev_char_start(s, start);
      if (ends_at(s, start, "》")) c.score = 1;
      if ((ends_at(s, start, "（") || ends_at(s, start, "(")) &&
          (ends_at(s, before, "》") || ends_at(s, before, "）") || ends_at(s, before, ")"))) {
        c.score = 1;  // 《X》（自2020年1月1日起施行）
      }
    }
    out.push_back(c);
  }
}

// A 施行 verb somewhere in [begin, end) that no 停止/不再 cancels.
bool has_positive_verb(std::string_view s, std::size_t begin, std::size_t end) {
  std::string_view range = s.substr(0, std::min(end, s.size()));
  for (std::string_view v : cues().verbs) {
    for (std::size_t p = find_text(range, v, begin); p != std::string_view::npos;
         p = find_text(range, v, p + 1)) {
      if (word_ending_at(s, p, cues().negations) == 0) return true;
    }
  }
  return false;
}

// 自印发之日起30日后施行: in force a fixed number of days after issue. At pos
// (right after 之日起): {the days, the end of 日后/天后}, or nullopt.
std::optional<std::pair<int, std::size_t>> days_after_at(std::string_view s, std::size_t pos) {
  std::size_t d = pos;
  int days = 0;
  while (d < s.size() && is_ascii_digit(s[d]) && days < 10000) {
    days = days * 10 + (s[d] - '0');
    ++d;
  }
  if (d == pos) return std::nullopt;
  for (std::string_view unit : {"日后", "天后"}) {
    if (starts_at(s, d, unit)) return std::pair{days, d + unit.size()};
  }
  return std::nullopt;
}

// 自印发之日起施行 and its variants: 本通知自印发之日起施行,
// 自本方案印发之日起施行, 本决定自公布之日起施行, and the looser
// 自本方案印发之日起，新设立的…按本方案要求执行 (the gold labels accept it: the
// clause names the document and its sentence applies it from that day). Not
// 自本规定公布之日起，…同时废止: no 施行 verb, only a repeal.
void issue_candidates(std::string_view s, const std::vector<std::size_t>& from_days,
                      std::vector<EffectiveCandidate>& out) {
  constexpr std::string_view kFromDay = "之日起";
  for (const std::size_t q : from_days) {
    std::size_t event = word_ending_at(s, q, cues().events);
    if (event == 0) continue;  // 自收到申请之日起, 自本决定实施之日起
    std::size_t e = q - event;
    std::size_t inner_self = self_noun_ending_at(s, e);  // 自本方案印发之日起
    std::size_t e2 = e - inner_self;
    std::size_t prep = 0;
    for (std::string_view w : {"自", "从"}) {
      if (ends_at(s, e2, w)) {
        prep = w.size();
        break;
      }
    }
    if (prep == 0 && inner_self == 0) continue;  // 本意见印发之日起30日内 without 自
    std::size_t e3 = e2 - prep;
    std::size_t outer_self = (inner_self == 0) ? self_noun_ending_at(s, e3) : 0;  // 本通知自印发…

    EffectiveCandidate c;
    c.effective.kind = Effective::Kind::kOnIssue;
    c.pos = e3 - outer_self;
    bool self = inner_self > 0 || outer_self > 0;

    std::size_t p = q + kFromDay.size();
    if (auto later = days_after_at(s, p)) {
      c.days_after_issue = later->first;
      p = later->second;
    }
    if (starts_at(s, p, "正式")) p += 6;
    if (std::size_t verb = word_at(s, p, cues().verbs)) {
      std::size_t after = p + verb;
      if (starts_at(s, after, "的")) continue;
      if (self) {
        c.score = 3;
      } else {
        if (!is_boundary_at(s, after)) continue;
        c.score = ends_at(s, c.pos, "》") ? 1 : 2;
      }
    } else {
      // The looser form needs 自本X印发之日起 followed by a clause break:
      // 在本意见印发之日起30日内…实施办法 is a deadline, not a start.
      if (inner_self == 0 || prep == 0 || !is_boundary_at(s, p)) continue;
      auto [sb, se] = sentence_around(s, q);
      (void)sb;
      if (!has_positive_verb(s, p, se)) continue;
      c.score = 2;
    }
    out.push_back(c);
  }
}

// ---------------------------------------------------------------------------
// 有效期 clauses.

struct ExpiryCandidate {
  std::size_t pos = 0;
  std::size_t end = 0;
  std::optional<Date> until;
  int years = 0;
  int months = 0;
};

// Parses 有效期至Y / 有效期N年 / 有效期为N个月 (also 有效期限) at pos.
std::optional<ExpiryCandidate> expiry_at(std::string_view s, std::size_t pos) {
  ExpiryCandidate c;
  c.pos = pos;
  std::size_t p = pos + std::string_view("有效期").size();
  if (starts_at(s, p, "限")) p += 3;
  if (starts_at(s, p, "至")) {
    auto m = date_at(s, p + 3);
    if (!m) return std::nullopt;
    c.until = m->date;
    c.end = m->end;
    return c;
  }
  for (std::string_view filler : {"暂定为", "暂定", "为", "是"}) {
    if (starts_at(s, p, filler)) {
      p += filler.size();
      break;
    }
  }
  auto n = small_number_at(s, p, /*allow_liang=*/true);
  if (!n || n->first <= 0) return std::nullopt;
  p = n->second;
  if (starts_at(s, p, "年")) {
    c.years = n->first;
    c.end = p + 3;
  } else if (starts_at(s, p, "个月")) {
    c.months = n->first;
    c.end = p + 6;
  } else {
    return std::nullopt;
  }
  // 有效期3年内 speaks of something done within the term, not of the term.
  if (starts_at(s, c.end, "内")) return std::nullopt;
  return c;
}

// ASCII digits then 年, digits then 月, digits then 日, ending right before
// `end` (the shape of a date, whether or not it exists): its begin, or npos.
std::size_t date_shape_before(std::string_view s, std::size_t end) {
  std::size_t p = end;
  for (std::string_view unit : {"日", "月", "年"}) {
    if (p < unit.size() || s.substr(p - unit.size(), unit.size()) != unit) {
      return std::string_view::npos;
    }
    p -= unit.size();
    std::size_t digits_end = p;
    while (p > 0 && is_ascii_digit(s[p - 1])) --p;
    if (p == digits_end) return std::string_view::npos;
  }
  return p;
}

// The same shape starting at `begin`: its end, or npos.
std::size_t date_shape_at(std::string_view s, std::size_t begin) {
  std::size_t p = begin;
  for (std::string_view unit : {"年", "月", "日"}) {
    std::size_t digits_begin = p;
    while (p < s.size() && is_ascii_digit(s[p])) ++p;
    if (p == digits_begin || !starts_at(s, p, unit)) return std::string_view::npos;
    p += unit.size();
  }
  return p;
}

// A date as printed, for a message: a run of 10,000 digits is shown cut.
std::string printed_date(std::string_view s) {
  constexpr std::size_t kMaxShown = 40;
  if (s.size() <= kMaxShown) return std::string(s);
  return std::string(s.substr(0, kMaxShown)) + "…(" + std::to_string(s.size()) + " bytes)";
}

}  // namespace

// ---------------------------------------------------------------------------
// Dates.

std::optional<DateMatch> date_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return std::nullopt;
  // Year: four digits, all ASCII or all Chinese (二〇一九, 一九九六, 二○○四).
  int year = 0;
  std::size_t p = pos;
  bool ascii = is_ascii_digit(s[pos]);
  for (int i = 0; i < 4; ++i) {
    auto d = digit_at(s, p);
    if (!d || (d->second == 1) != ascii) return std::nullopt;
    year = year * 10 + d->first;
    p += d->second;
  }
  if (!starts_at(s, p, "年")) return std::nullopt;
  p += 3;
  auto month = small_number_at(s, p, /*allow_liang=*/false);
  if (!month || !starts_at(s, month->second, "月")) return std::nullopt;
  p = month->second + 3;
  auto day = small_number_at(s, p, /*allow_liang=*/false);
  if (!day || !starts_at(s, day->second, "日")) return std::nullopt;
  auto date = Date::make(year, month->first, day->first);
  if (!date) return std::nullopt;  // 2月30日: reported by the caller, if at all
  return DateMatch{pos, day->second + 3, *date};
}

namespace {

// The dates of s whose 年 stands at one of `years` (every 年 of s, in order).
// Every date has a 年; the parse steps back over the year from each, rather
// than trying every byte.
std::vector<DateMatch> dates_at_years(std::string_view s, const std::vector<std::size_t>& years) {
  std::vector<DateMatch> out;
  std::size_t from = 0;
  for (const std::size_t y : years) {
    if (y < from) continue;  // inside the date just read
    std::optional<DateMatch> m;
    if (y >= 4 + from && is_ascii_digit(s[y - 1])) {
      std::size_t b = y - 4;
      if (b == 0 || !is_ascii_digit(s[b - 1])) m = date_at(s, b);  // not 12017年
    } else if (y >= 12 + from) {
      std::size_t b = y - 12;
      if (!(b >= 3 && is_chinese_digit_at(s, b - 3))) m = date_at(s, b);
    }
    if (!m) continue;
    out.push_back(*m);
    from = m->end;
  }
  return out;
}

}  // namespace

std::vector<DateMatch> find_dates(std::string_view s) {
  work_stats().scanned += s.size();
  constexpr std::string_view kYear = "年";
  std::vector<std::size_t> years;
  for (std::size_t y = find_text(s, kYear); y != std::string_view::npos;
       y = find_text(s, kYear, y + kYear.size())) {
    years.push_back(y);
  }
  return dates_at_years(s, years);
}

std::optional<Date> whole_line_date(std::string_view s) {
  auto trim = [](std::string_view& v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
      v.remove_suffix(1);
    while (text_starts_with(v, "　")) v.remove_prefix(3);
    while (text_ends_with(v, "　")) v.remove_suffix(3);
  };
  trim(s);
  // （2017年11月20日印发）: PDF text prints the brackets full- or half-width.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kBrackets = {{
      {"（", "）"},
      {"(", ")"},
      {"〔", "〕"},
      {"[", "]"},
      {"【", "】"},
  }};
  for (const auto& [open, close] : kBrackets) {
    if (s.size() >= open.size() + close.size() && text_starts_with(s, open) &&
        text_ends_with(s, close)) {
      s = s.substr(open.size(), s.size() - open.size() - close.size());
      trim(s);
      break;
    }
  }
  constexpr std::string_view kPrinted = "印发";
  if (s.size() > kPrinted.size() && text_ends_with(s, kPrinted)) {
    s.remove_suffix(kPrinted.size());
    trim(s);
  }
  auto m = date_at(s, 0);
  if (!m || m->end != s.size()) return std::nullopt;
  return m->date;
}

// ---------------------------------------------------------------------------
// Validity.

namespace {

constexpr std::string_view kTerm = "有效期";
constexpr std::string_view kYear = "年";
constexpr std::string_view kFromDay = "之日起";
constexpr std::string_view kInForce = "起施行";
constexpr std::string_view kBySelf = "以本";

// Where the words that open the validity clauses stand in a flow text, each
// list in text order: every 年 (dates), 之日起, 有效期, 起施行 and 以本.
struct ClauseWords {
  std::vector<std::size_t> years, from_days, terms, in_force, by_self;
};

// One pass over the text finds all five words (five searches with find_text
// read it five times): each begins with a three-byte character, and only the
// starts where a first character's lead and third byte both match (sixteen
// starts tested at a time) are compared with the words.
ClauseWords find_clause_words(std::string_view s) {
  work_stats().scanned += s.size();
  ClauseWords w;
  const auto holds = [&](std::size_t i, std::string_view word) {
    return s.size() - i >= word.size() && same_bytes(s.data() + i, word.data(), word.size());
  };
  // A start where one of the words may begin (its first character's first and
  // third byte matched): the word, if any, goes to its list.
  const auto try_at = [&](std::size_t i) {
    if (holds(i, kYear)) {
      w.years.push_back(i);
    } else if (holds(i, kFromDay)) {
      w.from_days.push_back(i);
    } else if (holds(i, kTerm)) {
      w.terms.push_back(i);
    } else if (holds(i, kInForce)) {
      w.in_force.push_back(i);
    } else if (holds(i, kBySelf)) {
      w.by_self.push_back(i);
    }
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  const char* const p = s.data();
  const auto byte = [](std::string_view word, std::size_t k) { return _mm_set1_epi8(word[k]); };
  const auto both = [](__m128i a, __m128i c, __m128i lead, __m128i third) {
    return _mm_and_si128(_mm_cmpeq_epi8(a, lead), _mm_cmpeq_epi8(c, third));
  };
  const __m128i year0 = byte(kYear, 0), year2 = byte(kYear, 2);
  const __m128i from0 = byte(kFromDay, 0), from2 = byte(kFromDay, 2);
  const __m128i term0 = byte(kTerm, 0), term2 = byte(kTerm, 2);
  const __m128i force0 = byte(kInForce, 0), force2 = byte(kInForce, 2);
  const __m128i by0 = byte(kBySelf, 0), by2 = byte(kBySelf, 2);
  for (; i + 2 + 16 <= s.size(); i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 2));
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(both(a, c, year0, year2), both(a, c, from0, from2)),
        _mm_or_si128(_mm_or_si128(both(a, c, term0, term2), both(a, c, force0, force2)),
                     both(a, c, by0, by2)));
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0; mask &= mask - 1) {
      try_at(i + static_cast<std::size_t>(__builtin_ctz(mask)));
    }
  }
#endif
  for (; i + 3 <= s.size(); ++i) try_at(i);
  return w;
}

// 有效期至 followed by the shape of a date that does not exist (有效期至
// 99999年1月1日) at q: the words as printed; nullopt for anything else.
std::optional<std::string> impossible_expiry_at(std::string_view flow, std::size_t q) {
  std::size_t p = q + kTerm.size();
  if (starts_at(flow, p, "限")) p += std::string_view("限").size();
  if (!starts_at(flow, p, "至")) return std::nullopt;
  p += std::string_view("至").size();
  std::size_t end = date_shape_at(flow, p);
  if (end == std::string_view::npos) return std::nullopt;
  return "有效期至" + printed_date(flow.substr(p, end - p));
}

// 有效期 is also said of licences and certificates (营业执照有效期,
// 证书有效期为3年, 在有效期内). It is taken as the document's own term only
// when
//   (a) it opens a clause (after ，。；： or at the start) or follows a
//       self-reference directly (本办法有效期至…): 证书有效期 is not ours;
//   (b) and its sentence names the document (本办法/本通告/…) or holds a
//       施行 clause, or it opens the sentence right after one
//       (…起施行。有效期至…).
// Among accepted ones 有效期至Y beats a term of years (the date is what the
// document finally says), then the one in the chosen 施行 sentence (`best`),
// then the last. Sets v's expiry fields and notes impossible 有效期至 dates.
void read_expiry(std::string_view flow, const std::vector<std::size_t>& terms,
                 const std::vector<EffectiveCandidate>& effective, const EffectiveCandidate* best,
                 ValidityFacts& v) {
  auto holds_effective = [&](std::size_t begin, std::size_t end) {
    for (const EffectiveCandidate& c : effective) {
      if (c.pos >= begin && c.pos < end) return true;
    }
    return false;
  };
  std::pair<std::size_t, std::size_t> best_sentence{std::string::npos, std::string::npos};
  if (best) best_sentence = sentence_around(flow, best->pos);
  std::optional<ExpiryCandidate> chosen;
  auto rank = [&](const ExpiryCandidate& c) {
    bool in_best = c.pos >= best_sentence.first && c.pos < best_sentence.second;
    return std::tuple{c.until.has_value(), in_best, c.pos};
  };
  for (const std::size_t q : terms) {
    auto c = expiry_at(flow, q);
    if (!c) {
      if (auto printed = impossible_expiry_at(flow, q))
        v.impossible_dates.emplace_back(q, *printed);
      continue;
    }
    bool opens_clause = q == 0 || self_noun_ending_at(flow, q) > 0;
    for (std::string_view p : {"，", "。", "；", "：", ",", ";", ":"}) {
      opens_clause = opens_clause || ends_at(flow, q, p);
    }
    if (!opens_clause) continue;
    auto [sb, se] = sentence_around(flow, q);
    bool ours = has_self_noun(flow, sb, se) || holds_effective(sb, se);
    if (!ours && sb == q && sb > 0) {
      auto [pb, pe] = sentence_around(flow, prev_char_start(flow, sb));
      ours = holds_effective(pb, pe + 1);
    }
    if (!ours) continue;
    if (!chosen || rank(*c) > rank(*chosen)) chosen = c;
  }
  if (chosen) {
    v.expires_on = chosen->until;
    v.term_years = chosen->years;
    v.term_months = chosen->months;
    v.expires_text = std::string(flow.substr(chosen->pos, chosen->end - chosen->pos));
    v.expires_pos = chosen->pos;
  }
}

// 自2019年2月30日起施行, 99999年1月1日起施行: a 施行 date that is no date.
void note_impossible_start_dates(std::string_view flow, const std::vector<std::size_t>& in_force,
                                 ValidityFacts& v) {
  for (const std::size_t q : in_force) {
    std::size_t begin = date_shape_before(flow, q);
    if (begin == std::string_view::npos) continue;
    if (date_at(flow, begin) && date_at(flow, begin)->end == q) continue;
    v.impossible_dates.emplace_back(begin, printed_date(flow.substr(begin, q - begin)) + "起施行");
  }
}

// 以本办法为准 (also 以本办法规定为准, 以本意见的规定为准). 以国家规定为准
// names another authority and does not count.
void read_prevails(std::string_view flow, const std::vector<std::size_t>& by_self,
                   ValidityFacts& v) {
  for (const std::size_t q : by_self) {
    std::size_t self = self_noun_at(flow, q + 3);
    if (self == 0) continue;
    std::size_t p = q + 3 + self;
    if (starts_at(flow, p, "的")) p += 3;
    if (starts_at(flow, p, "规定")) p += 6;
    if (!starts_at(flow, p, "为准")) continue;
    v.prevails = true;
    v.prevails_pos = sentence_around(flow, q).first;
    return;
  }
}

}  // namespace

ValidityFacts find_validity(std::string_view flow) {
  ValidityFacts v;
  const ClauseWords words = find_clause_words(flow);
  const std::vector<DateMatch> dates = dates_at_years(flow, words.years);

  std::vector<EffectiveCandidate> effective;
  date_candidates(flow, dates, effective);
  issue_candidates(flow, words.from_days, effective);
  const EffectiveCandidate* best = nullptr;
  for (const EffectiveCandidate& c : effective) {
    if (!best || c.score > best->score || (c.score == best->score && c.pos > best->pos)) best = &c;
  }
  if (best) {
    v.effective = best->effective;
    v.effective_pos = best->pos;
    v.days_after_issue = best->days_after_issue;
  }
  read_expiry(flow, words.terms, effective, best, v);
  note_impossible_start_dates(flow, words.in_force, v);
  read_prevails(flow, words.by_self, v);
  return v;
}

std::optional<Date> compute_expiry(const ValidityFacts& v, std::optional<Date> issue_date) {
  if (v.expires_on) return v.expires_on;
  if (v.term_years <= 0 && v.term_months <= 0) return std::nullopt;
  std::optional<Date> start;
  switch (v.effective.kind) {
    case Effective::Kind::kDate: start = v.effective.date; break;
    case Effective::Kind::kOnIssue: start = issue_date; break;
    case Effective::Kind::kUnstated: break;  // a term with no start: unknown
  }
  if (!start) return std::nullopt;
  // The term ends the day before its anniversary; plus_years clamps 29
  // February first, so 2020-02-29 + 1 year - 1 day is 2021-02-27.
  return start->plus_years(v.term_years).plus_months(v.term_months).plus_days(-1);
}

std::optional<Date> printed_mark_date(std::string_view s) {
  std::size_t at = find_text(s, "日印发");
  if (at == std::string_view::npos) return std::nullopt;
  for (const DateMatch& d : find_dates(s)) {
    if (d.end == at + std::string_view("日").size()) return d.date;
  }
  return std::nullopt;
}

namespace {

constexpr std::string_view kTitleOpen = "《", kTitleClose = "》";

struct HistoryVerb {
  std::string_view word;
  HistoryClause::Kind kind;
};

// The verbs of a history note, strongest first (通过的《X》修正 is an
// amendment, 通过并于同日公布施行 an adoption), from history_verbs.tsv; its
// `decision` word titles an amending decision and is no clause verb.
const std::vector<HistoryVerb>& history_verbs_by_strength() {
  static const std::vector<HistoryVerb> verbs = [] {
    static constexpr std::pair<std::string_view, HistoryClause::Kind> kKinds[] = {
        {"amended", HistoryClause::Kind::kAmended},
        {"revised", HistoryClause::Kind::kRevised},
        {"adopted", HistoryClause::Kind::kAdopted},
        {"approved", HistoryClause::Kind::kApproved},
        {"promulgated", HistoryClause::Kind::kPromulgated},
        {"effective", HistoryClause::Kind::kEffective},
    };
    std::vector<HistoryVerb> out;
    for (const auto& row : tsv_rows("history_verbs.tsv")) {
      if (row.size() < 2 || row[1].empty()) continue;
      for (const auto& [name, kind] : kKinds) {
        if (row[0] == name) out.push_back({row[1], kind});
      }
    }
    return out;
  }();
  return verbs;
}

// Dates at depth 0 of 《》 open clauses; one pass keeps the depth.
std::vector<DateMatch> clause_dates(std::string_view s) {
  std::vector<DateMatch> starts;
  int depth = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (starts_at(s, i, kTitleOpen)) {
      ++depth;
      i += kTitleOpen.size();
      continue;
    }
    if (starts_at(s, i, kTitleClose)) {
      if (depth > 0) --depth;
      i += kTitleClose.size();
      continue;
    }
    bool number_starts = is_ascii_digit(s[i]) && (i == 0 || !is_ascii_digit(s[i - 1]));
    if (depth == 0 && number_starts) {
      if (auto d = date_at(s, i)) {
        starts.push_back(*d);
        i = d->end;
        continue;
      }
    }
    next_code_point(s, i);
  }
  return starts;
}

// The end of a clause that runs up to `end`, without the next clause's
// lead-in (根据, 自) and the note's brackets and punctuation; never before
// `floor` (the end of the clause's date).
std::size_t trim_clause_end(std::string_view s, std::size_t floor, std::size_t end) {
  static constexpr std::string_view kTails[] = {"根据", "自", "）", ")",  "（",
                                                "(",    "；", "。", "，", "、"};
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view tail : kTails) {
      if (end < floor + tail.size() || !ends_at(s, end, tail)) continue;
      end -= tail.size();
      trimmed = true;
    }
  }
  return end;
}

// What one pass over a clause finds outside and around 《》.
struct ClauseScan {
  // The strongest verb outside 《》 (the last one of that strength).
  const HistoryVerb* verb = nullptr;
  std::size_t verb_at = 0;
  // The last 《》 closed in the clause, and where the first one opens.
  std::size_t title_begin = std::string_view::npos, title_end = 0;
  std::size_t first_title = std::string_view::npos;
};

ClauseScan scan_clause(std::string_view s, std::size_t begin, std::size_t end) {
  ClauseScan c;
  std::size_t open_at = 0;
  int depth = 0;
  for (std::size_t i = begin; i < end;) {
    if (starts_at(s, i, kTitleOpen)) {
      if (depth++ == 0) open_at = i;
      i += kTitleOpen.size();
      continue;
    }
    if (starts_at(s, i, kTitleClose)) {
      if (depth > 0 && --depth == 0) {
        c.title_begin = open_at;
        c.title_end = i + kTitleClose.size();
        c.first_title = std::min(c.first_title, open_at);
      }
      i += kTitleClose.size();
      continue;
    }
    for (const HistoryVerb& v : history_verbs_by_strength()) {
      if (depth > 0 || !starts_at(s, i, v.word) || i + v.word.size() > end) continue;
      if (c.verb && &v > c.verb) continue;  // weaker than the one kept (table order)
      c.verb = &v;
      c.verb_at = i;
    }
    next_code_point(s, i);
  }
  return c;
}

// The deciding instrument of a 修正 clause, from the last 《》 closed before
// its verb; sets c.decision and moves scan.first_title to a 关于 that opens it.
void read_decision(std::string_view s, std::size_t date_end, ClauseScan& scan, HistoryClause& c) {
  std::size_t tb = scan.title_begin, te = scan.title_end;
  // 关于修改《X》的决定 printed without outer marks: the decision runs from
  // its 关于 to its 的决定, the marks around X are its inner ones.
  if (starts_at(s, te, "的决定")) {
    std::size_t about = s.rfind("关于", tb);
    if (about != std::string_view::npos && about >= date_end) {
      c.decision = std::string(s.substr(about, te + std::string_view("的决定").size() - about));
      scan.first_title = std::min(scan.first_title, about);
    }
  }
  if (c.decision.empty()) {
    std::size_t inner = tb + kTitleOpen.size();
    c.decision = std::string(s.substr(inner, te - inner - kTitleClose.size()));
  }
}

}  // namespace

std::vector<HistoryClause> find_history(std::string_view s) {
  const std::vector<DateMatch> starts = clause_dates(s);
  std::vector<HistoryClause> out;
  // A list of amending instruments under one verb: 根据A通过的《X》、B通过的
  // 《Y》和C通过的《Z》修正 (the Constitution, the Criminal Law). Each item
  // but the last reads 通过的《X》 followed by 、 or 和 and the next item's
  // date; it takes the list's verb when the clause ending the list is a 修正.
  struct Item {
    std::size_t at;        // in out
    std::size_t end;       // the clause's end as read alone
    std::string decision;  // its 《X》
  };
  std::vector<Item> items;  // the open list's items so far
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const DateMatch& d = starts[k];
    const std::size_t raw_end = k + 1 < starts.size() ? starts[k + 1].begin : s.size();
    std::size_t end = trim_clause_end(s, d.end, raw_end);
    ClauseScan scan = scan_clause(s, d.end, end);
    if (!scan.verb) {
      items.clear();
      continue;
    }
    HistoryClause c;
    c.kind = scan.verb->kind;
    c.date = d.date;
    c.begin = d.begin;
    c.end = scan.verb_at + scan.verb->word.size();
    if (c.kind == HistoryClause::Kind::kAmended && scan.title_begin != std::string_view::npos &&
        scan.title_end <= scan.verb_at) {
      read_decision(s, d.end, scan, c);
    }
    // The acting body: from the date to the decision or the verb, up to its
    // 会议 when it names one (第二次修订 and 通过的 are not part of it).
    std::size_t body_end = std::min(scan.verb_at, scan.first_title);
    std::string_view body = s.substr(d.end, body_end - d.end);
    std::size_t meeting = body.rfind("会议");
    if (meeting != std::string_view::npos)
      body = body.substr(0, meeting + std::string_view("会议").size());
    if (c.kind != HistoryClause::Kind::kEffective) c.body = std::string(body);  // 自X起施行: none
    if (c.kind == HistoryClause::Kind::kAmended) {
      for (const Item& item : items) {
        out[item.at].kind = HistoryClause::Kind::kAmended;
        out[item.at].decision = item.decision;
        out[item.at].end = item.end;
      }
    }
    bool item = false;
    const std::size_t verb_end = scan.verb_at + scan.verb->word.size();
    if (c.kind == HistoryClause::Kind::kAdopted && k + 1 < starts.size() &&
        scan.title_begin != std::string_view::npos &&
        verb_end + std::string_view("的").size() == scan.title_begin &&
        starts_at(s, verb_end, "的")) {
      std::string_view gap = s.substr(scan.title_end, raw_end - scan.title_end);
      while (!gap.empty() && gap.back() == ' ') gap.remove_suffix(1);
      while (!gap.empty() && gap.front() == ' ') gap.remove_prefix(1);
      if (gap == "、" || gap == "和") {
        std::size_t inner = scan.title_begin + kTitleOpen.size();
        items.push_back(
            {out.size(), scan.title_end,
             std::string(s.substr(inner, scan.title_end - inner - kTitleClose.size()))});
        item = true;
      }
    }
    if (!item) items.clear();  // the list, if any, has ended
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace pg
