#include "analyzer/extract/citations.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "analyzer/data/tables.h"
#include "analyzer/read/normalizer.h"
#include "graphs/base/text.h"
#include "graphs/base/titles.h"
#include "graphs/base/work_stats.h"

namespace pg {
namespace {

constexpr char32_t kOpenTitle = U'《';
constexpr char32_t kCloseTitle = U'》';
// A title longer than this (in code points) is taken for an unclosed 《: the
// longest titles in the gazettes run to about 100 characters.
constexpr int kMaxTitleChars = 200;
// How far after 》 the bracket holding a document number may close.
constexpr int kMaxNumberBracketChars = 80;

// A table's words grouped by their last byte: a title is compared only with
// the words that end as it does (one or two of the table's), not with all.
using ByLastByte = std::array<std::vector<std::string_view>, 256>;

struct EndingTables {
  ByLastByte instrument;      // title_endings.tsv
  ByLastByte non_instrument;  // non_instruments.tsv
};

const EndingTables& ending_tables() {
  // Loaded once; the views point into the embedded data.
  static const EndingTables tables = [] {
    EndingTables t;
    const auto load = [](std::string_view table, ByLastByte& out) {
      for (const auto& row : tsv_rows(table)) {
        if (!row.empty() && !row[0].empty()) {
          out[static_cast<unsigned char>(row[0].back())].push_back(row[0]);
        }
      }
    };
    load("title_endings.tsv", t.instrument);
    load("non_instruments.tsv", t.non_instrument);
    return t;
  }();
  return tables;
}

// Length in bytes of the longest entry of `endings` that `s` ends with, or 0.
std::size_t longest_ending(std::string_view s, const ByLastByte& endings) {
  std::size_t best = 0;
  if (s.empty()) return best;
  for (std::string_view e : endings[static_cast<unsigned char>(s.back())]) {
    if (e.size() > best && text_ends_with(s, e)) best = e.size();
  }
  return best;
}

bool is_open_bracket(char32_t c) { return c == U'（' || c == U'('; }
bool is_close_bracket(char32_t c) { return c == U'）' || c == U')'; }

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// 中国制造2025, 健康中国2030: a national programme named after its target
// year has no kind word at its end. A title that ends in a year (19xx/20xx)
// right after an ideograph is taken for such a programme.
bool ends_with_target_year(std::string_view t) {
  if (t.size() < 7) return false;
  std::string_view year = t.substr(t.size() - 4);
  if (!std::all_of(year.begin(), year.end(), is_ascii_digit)) return false;
  if (!(year.starts_with("19") || year.starts_with("20"))) return false;
  std::size_t i = t.size() - 4;
  return is_cjk_ideograph(prev_code_point(t, i));
}

// A standard code such as GB20891—2007, GB/T7714-2015, HJ2.1-2016: a few
// capital letters (with /T or /Z) and then a digit.
bool starts_with_standard_code(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') ++i;
  if (i == 0 || i > 4) return false;
  if (i + 1 < s.size() && s[i] == '/' && (s[i + 1] == 'T' || s[i + 1] == 'Z')) i += 2;
  return i < s.size() && is_ascii_digit(s[i]);
}

// Offset just past the 》 that closes the 《 at `open`, or npos when it does
// not close within kMaxTitleChars or a sentence end comes first. Inner 《》
// nest; inner 〈〉 are ordinary characters.
std::size_t find_title_close(std::string_view flow, std::size_t open) {
  std::size_t i = open;
  next_code_point(flow, i);  // the 《
  int depth = 1;
  for (int chars = 0; i < flow.size() && chars < kMaxTitleChars; ++chars) {
    char32_t c = next_code_point(flow, i);
    if (c == kOpenTitle) {
      ++depth;
    } else if (c == kCloseTitle) {
      if (--depth == 0) return i;
    } else if (c == U'。' || c == U'；' || c == U'\n') {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

// The bracket right after a title: [content_begin, content_end) and the
// offset past its closing bracket, or nothing when no bracket follows.
struct Bracket {
  std::size_t content_begin = 0;
  std::size_t content_end = 0;
  std::size_t past_close = 0;
};
std::optional<Bracket> bracket_after(std::string_view flow, std::size_t pos) {
  std::size_t i = pos;
  if (i >= flow.size() || !is_open_bracket(next_code_point(flow, i))) return std::nullopt;
  Bracket b;
  b.content_begin = i;
  int depth = 1;
  std::size_t stop = i;
  for (int chars = 0; i < flow.size() && chars < kMaxNumberBracketChars; ++chars) {
    std::size_t at = i;
    char32_t c = next_code_point(flow, i);
    stop = i;
    if (is_open_bracket(c)) {
      ++depth;
    } else if (is_close_bracket(c) && --depth == 0) {
      b.content_end = at;
      b.past_close = i;
      return b;
    } else if (c == U'。' || c == U'《') {
      stop = at;
      break;
    }
  }
  // Unclosed: the number may still stand at its start (a bracket lost in
  // extraction); read the bounded window, which ends on a character boundary.
  b.content_end = stop;
  b.past_close = stop;
  return b;
}

}  // namespace

bool is_instrument_title(std::string_view title) {
  std::string_view core = strip_trailing_brackets(title);
  if (core.empty()) return false;
  const EndingTables& tables = ending_tables();
  std::size_t yes = longest_ending(core, tables.instrument);
  std::size_t no = longest_ending(core, tables.non_instrument);
  // The longer ending is the more specific word: 工作报告 beats 报告, 做法 beats 法.
  if (yes > no) return true;
  if (no > 0) return false;
  return ends_with_target_year(core);
}

std::vector<TitleMention> find_titles(std::string_view flow) {
  work_stats().scanned += flow.size();
  std::vector<TitleMention> out;
  std::size_t i = 0;
  while (i < flow.size()) {
    std::size_t at = find_text(flow, "《", i);
    if (at == std::string_view::npos) break;
    std::size_t close = find_title_close(flow, at);
    if (close == std::string_view::npos) {
      // Unclosed 《: skip it alone, so that a title after it is still read.
      i = at + std::string_view("《").size();
      continue;
    }
    TitleMention m;
    m.begin = at;
    m.end = close;
    std::size_t inner_begin = at + std::string_view("《").size();
    std::size_t inner_end = close - std::string_view("》").size();
    m.title = std::string(flow.substr(inner_begin, inner_end - inner_begin));
    m.is_instrument = is_instrument_title(m.title);

    if (auto b = bracket_after(flow, close)) {
      std::string_view content = flow.substr(b->content_begin, b->content_end - b->content_begin);
      // Only a number at the very start of the bracket belongs to the title:
      // （鲁政发〔2016〕26号） and （法释〔2009〕19号，以下简称《解释》）, not
      // （1992年9月19日…通过）. The rest of a longer bracket stays outside the
      // mention so that a short form (以下简称《解释》) is read as a title too.
      std::vector<NumberMatch> numbers = find_doc_numbers(content);
      if (!numbers.empty() && numbers.front().begin == 0) {
        NumberMatch n = numbers.front();
        n.begin += b->content_begin;
        n.end += b->content_begin;
        m.end = n.end == b->content_end ? b->past_close : n.end;
        m.number = std::move(n);
      } else if (starts_with_standard_code(content)) {
        // 《…排放限值及测量方法（中国第三、四阶段）》（GB20891—2014): the
        // code is not a document number, but it says the title is a standard.
        m.is_instrument = true;
      }
    }
    i = m.end;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace pg
