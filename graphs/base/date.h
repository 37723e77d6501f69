// Calendar dates (proleptic Gregorian) as the documents print them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..days_in_month

  // A valid date: month 1..12, day within the month (leap years counted).
  static std::optional<Date> make(int year, int month, int day);
  // Parses "YYYY-MM-DD"; nullopt for anything else or an impossible date.
  static std::optional<Date> parse_iso(std::string_view s);

  std::string to_iso() const;  // "YYYY-MM-DD"

  // Same day N years later; 29 February becomes 28 February in a common year.
  Date plus_years(int n) const;
  // Same day N months later, clamped to the end of a shorter month.
  Date plus_months(int n) const;
  Date plus_days(int n) const;  // n may be negative
  // Days since 1970-01-01.
  long to_days() const;
  static Date from_days(long days);

  auto operator<=>(const Date&) const = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

}  // namespace pg
