#include "graphs/base/date.h"

#include <cstdio>

namespace pg {

namespace {

// Floor division: the month and day arithmetic below must round toward
// negative infinity so that dates before 1970 (and before year 0) work.
long floor_div(long a, long b) {
  long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> Date::make(int year, int month, int day) {
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return Date{year, month, day};
}

std::optional<Date> Date::parse_iso(std::string_view s) {
  // Exactly YYYY-MM-DD: no signs, no spaces, no short fields.
  // One test a digit, no substrings: a list parses the stored dates of
  // 10^6 nodes (three columns each).
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int digit[10];
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    const unsigned d = static_cast<unsigned char>(s[i]) - unsigned{'0'};
    if (d > 9) return std::nullopt;
    digit[i] = static_cast<int>(d);
  }
  return make(((digit[0] * 10 + digit[1]) * 10 + digit[2]) * 10 + digit[3],
              digit[5] * 10 + digit[6], digit[8] * 10 + digit[9]);
}

std::string Date::to_iso() const {
  // Digits by hand: snprintf was 4% of a list of 10^5 rows, which print a
  // date or two each. Other years (negative, five digits) as printf does.
  if (year < 0 || year > 9999 || month < 0 || month > 99 || day < 0 || day > 99) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
  }
  std::string out(10, '-');
  auto put = [&](std::size_t at, int value, int digits) {
    for (int k = digits - 1; k >= 0; --k, value /= 10) {
      out[at + static_cast<std::size_t>(k)] = static_cast<char>('0' + value % 10);
    }
  };
  put(0, year, 4);
  put(5, month, 2);
  put(8, day, 2);
  return out;
}

Date Date::plus_years(int n) const {
  // Clamping covers 29 February -> 28 February in a common year.
  int y = year + n;
  int d = day;
  int last = days_in_month(y, month);
  if (d > last) d = last;
  return Date{y, month, d};
}

Date Date::plus_months(int n) const {
  long total = static_cast<long>(year) * 12 + (month - 1) + n;
  int y = static_cast<int>(floor_div(total, 12));
  int m = static_cast<int>(total - static_cast<long>(y) * 12) + 1;
  int d = day;
  int last = days_in_month(y, m);
  if (d > last) d = last;
  return Date{y, m, d};
}

Date Date::plus_days(int n) const { return from_days(to_days() + n); }

// days_from_civil / civil_from_days after Howard Hinnant's "chrono-compatible
// low-level date algorithms": eras of 400 years starting on 1 March, so the
// leap day is the last day of the (shifted) year.
long Date::to_days() const {
  long y = static_cast<long>(year) - (month <= 2 ? 1 : 0);
  long era = floor_div(y, 400);
  long yoe = y - era * 400;                          // [0, 399]
  long mp = (month + 9) % 12;                        // March = 0
  long doy = (153 * mp + 2) / 5 + day - 1;           // [0, 365]
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

Date Date::from_days(long days) {
  long z = days + 719468;
  long era = floor_div(z, 146097);
  long doe = z - era * 146097;                                       // [0, 146096]
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);      // [0, 365]
  long mp = (5 * doy + 2) / 153;                           // [0, 11]
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);  // [1, 31]
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);     // [1, 12]
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

}  // namespace pg
