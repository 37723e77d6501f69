#include "graphs/base/doc_number.h"

#include <algorithm>
#include <vector>

#include "graphs/base/utf8.h"

namespace pg {
namespace {

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view d) {
  return std::all_of(d.begin(), d.end(), [](char c) { return is_ascii_digit(c); });
}

// Whitespace and invisible characters that a number never contains.
bool is_number_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x00A0 ||
         c == 0x3000 || (c >= 0x2000 && c <= 0x200F) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x2060 || c == 0xFEFF;
}

}  // namespace

std::string standard_number(std::string_view agency, int year, long serial) {
  std::string out(agency);
  out += kYearOpen;
  out += std::to_string(year);
  out += kYearClose;
  out += std::to_string(serial);
  out += kNumberEnd;
  return out;
}

std::string decree_number(std::string_view issuer, int year, long serial) {
  std::string out(issuer);
  out += "令";
  if (year != 0) out += std::to_string(year) + "年";
  out += "第" + std::to_string(serial);
  out += kNumberEnd;
  return out;
}

std::string announcement_number(std::string_view issuer, bool with_word, int year, long serial) {
  std::string out(issuer);
  if (with_word) out += "公告";
  out += std::to_string(year) + "年第" + std::to_string(serial);
  out += kNumberEnd;
  return out;
}

std::optional<NumberParts> split_doc_no(std::string_view s) {
  const std::size_t open = s.find(kYearOpen);
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  const std::size_t close = s.find(kYearClose, open);
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view year = s.substr(open + kYearOpen.size(), close - open - kYearOpen.size());
  std::string_view serial = s.substr(close + kYearClose.size());
  if (year.size() != 4 || !serial.ends_with(kNumberEnd)) return std::nullopt;
  serial.remove_suffix(kNumberEnd.size());
  if (serial.empty() || serial.size() > kMaxSerialDigits) return std::nullopt;
  if (!all_digits(year) || !all_digits(serial)) return std::nullopt;
  NumberParts n;
  n.agency = std::string(s.substr(0, open));
  n.year = std::stoi(std::string(year));
  n.serial = std::stol(std::string(serial));
  return n;
}

bool is_canonical_number(std::string_view s) {
  if (split_doc_no(s)) return true;
  if (s.size() < 9 || !s.ends_with(kNumberEnd)) return false;
  if (s.find("令第") != std::string_view::npos) return true;
  const std::size_t year_end = s.find("年第");
  if (year_end == std::string_view::npos) return false;
  if (s.find("公告") != std::string_view::npos) return true;
  // A decree with a year: 令YYYY年第N号.
  return year_end >= 4 && all_digits(s.substr(year_end - 4, 4)) &&
         s.substr(0, year_end - 4).ends_with("令");
}

std::string fold_number_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(raw, i);
    std::string_view bytes = raw.substr(start, i - start);
    if (is_number_space(c) || c == kReplacementChar) continue;
    if (c >= U'０' && c <= U'９') {
      out += static_cast<char>('0' + (c - U'０'));
      continue;
    }
    out += bytes;
  }
  return out;
}

std::optional<std::string> normalize_doc_no(std::string_view text) {
  const std::string folded = fold_number_text(text);
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < folded.size();) cps.push_back(next_code_point(folded, i));
  auto is_open = [](char32_t c) {
    return c == U'〔' || c == '[' || c == U'【' || c == U'［' || c == '(' || c == U'（' ||
           c == U'〖';
  };
  auto is_close = [](char32_t c) {
    return c == U'〕' || c == ']' || c == U'】' || c == U'］' || c == ')' || c == U'）' ||
           c == U'〗';
  };
  // The year: the first open bracket followed by four digits and a close.
  for (std::size_t k = 1; k + 5 < cps.size(); ++k) {
    if (!is_open(cps[k]) || !is_close(cps[k + 5])) continue;
    if (!std::all_of(cps.begin() + k + 1, cps.begin() + k + 5, is_ascii_digit)) continue;
    std::string agency;
    for (std::size_t j = 0; j < k; ++j) append_utf8(agency, cps[j]);
    const int year = (cps[k + 1] - '0') * 1000 + (cps[k + 2] - '0') * 100 +
                     (cps[k + 3] - '0') * 10 + (cps[k + 4] - '0');
    std::size_t j = k + 6;
    const std::size_t serial_start = j;
    while (j < cps.size() && cps[j] == '0') ++j;  // no leading zeros
    const std::size_t digits_start = j;
    long serial = 0;
    while (j < cps.size() && is_ascii_digit(cps[j])) {
      if (j - digits_start < kMaxSerialDigits) serial = serial * 10 + (cps[j] - '0');
      ++j;
    }
    // 第24号 is not canonical.
    if (j == serial_start || j - digits_start > kMaxSerialDigits) return std::nullopt;
    if (j < cps.size() && cps[j] == U'号') ++j;
    if (j != cps.size()) return std::nullopt;
    std::string out = standard_number(agency, year, serial);
    if (!split_doc_no(out)) return std::nullopt;  // a bracket in the agency
    return out;
  }
  return std::nullopt;
}

}  // namespace pg
