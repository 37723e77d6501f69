#include "graphs/base/date.h"

#include <string>
#include <tuple>

#include <catch2/catch.hpp>

using pg::Date;

TEST_CASE("leap years: divisible by 4 and not by 100, or by 400", "[date]") {
  auto [year, leap] = GENERATE(table<int, bool>({
      {2016, true},
      {2019, false},
      {2020, true},
      {1900, false},
      {2000, true},
      {2100, false},
      {2400, true},
      {-4, true},
  }));
  CAPTURE(year);
  CHECK(pg::is_leap_year(year) == leap);
}

TEST_CASE("days in month count February by the leap rule", "[date]") {
  auto [year, month, days] = GENERATE(table<int, int, int>({
      {2019, 1, 31},
      {2019, 2, 28},
      {2020, 2, 29},
      {1900, 2, 28},
      {2000, 2, 29},
      {2019, 4, 30},
      {2019, 12, 31},
  }));
  CAPTURE(year, month);
  CHECK(pg::days_in_month(year, month) == days);
}

TEST_CASE("make accepts real dates and rejects impossible ones", "[date]") {
  auto [year, month, day, valid] = GENERATE(table<int, int, int, bool>({
      {2017, 11, 20, true},
      {2020, 2, 29, true},
      {2019, 2, 29, false},
      {2019, 2, 30, false},
      {2019, 4, 31, false},
      {2019, 13, 1, false},
      {2019, 0, 1, false},
      {2019, 1, 0, false},
      {2019, 12, 31, true},
  }));
  CAPTURE(year, month, day);
  auto d = Date::make(year, month, day);
  REQUIRE(d.has_value() == valid);
  if (d) CHECK(*d == Date{year, month, day});
}

TEST_CASE("parse_iso reads YYYY-MM-DD and nothing else", "[date]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"2017-12-20", "2017-12-20"},
      {"2020-02-29", "2020-02-29"},
      {"2019-02-29", ""},
      {"2017-1-20", ""},
      {"2017/12/20", ""},
      {"2017-12-20 ", ""},
      {"20171220", ""},
      {"", ""},
      {"on_issue", ""},
      // A byte that is not a digit in any of the eight places: below '0',
      // above '9', a sign, a space, a byte of UTF-8.
      {"+017-12-20", ""},
      {"2 17-12-20", ""},
      {"201:-12-20", ""},
      {"2017-/2-20", ""},
      {"2017-1a-20", ""},
      {"2017-12-2\xef", ""},
      {"\xef\xbc"
       "17-12-20",
       ""},
      {"0000-01-01", "0000-01-01"},
      {"9999-12-31", "9999-12-31"},
      {"2017-13-01", ""},
      {"2017-00-10", ""},
      {"2017-04-31", ""},
  }));
  CAPTURE(text);
  auto d = Date::parse_iso(text);
  CHECK((d ? d->to_iso() : std::string()) == expected);
}

TEST_CASE("to_iso pads year, month and day with zeros", "[date]") {
  CHECK(Date{2017, 7, 2}.to_iso() == "2017-07-02");
  CHECK(Date{996, 1, 1}.to_iso() == "0996-01-01");
  CHECK(Date{0, 12, 31}.to_iso() == "0000-12-31");
  CHECK(Date{9999, 10, 9}.to_iso() == "9999-10-09");
}

TEST_CASE("to_iso writes years outside 0..9999 as printf's %04d does", "[date]") {
  CHECK(Date{10000, 1, 2}.to_iso() == "10000-01-02");
  CHECK(Date{-1, 3, 4}.to_iso() == "-001-03-04");
}

TEST_CASE("plus_years turns 29 February into 28 February in a common year", "[date]") {
  auto [from, years, expected] = GENERATE(table<std::string, int, std::string>({
      {"2017-07-20", 2, "2019-07-20"},
      {"2020-02-29", 1, "2021-02-28"},
      {"2020-02-29", 4, "2024-02-29"},
      {"2020-02-29", -1, "2019-02-28"},
      {"2019-12-31", 3, "2022-12-31"},
  }));
  CAPTURE(from, years);
  CHECK(Date::parse_iso(from)->plus_years(years).to_iso() == expected);
}

TEST_CASE("plus_months clamps to the end of a shorter month", "[date]") {
  auto [from, months, expected] = GENERATE(table<std::string, int, std::string>({
      {"2019-01-31", 1, "2019-02-28"},
      {"2020-01-31", 1, "2020-02-29"},
      {"2019-03-31", 1, "2019-04-30"},
      {"2019-11-15", 2, "2020-01-15"},
      {"2019-01-15", -1, "2018-12-15"},
      {"2019-03-31", -13, "2018-02-28"},
      {"2019-05-20", 24, "2021-05-20"},
  }));
  CAPTURE(from, months);
  CHECK(Date::parse_iso(from)->plus_months(months).to_iso() == expected);
}

TEST_CASE("plus_days crosses month, year and leap-day boundaries", "[date]") {
  auto [from, days, expected] = GENERATE(table<std::string, int, std::string>({
      {"2019-07-20", -1, "2019-07-19"},
      {"2020-01-01", -1, "2019-12-31"},
      {"2020-02-28", 1, "2020-02-29"},
      {"2020-03-01", -1, "2020-02-29"},
      {"2019-03-01", -1, "2019-02-28"},
      {"2017-12-20", 365, "2018-12-20"},
      {"1970-01-01", -1, "1969-12-31"},
  }));
  CAPTURE(from, days);
  CHECK(Date::parse_iso(from)->plus_days(days).to_iso() == expected);
}

TEST_CASE("to_days counts from 1970-01-01 and is negative before it", "[date]") {
  auto [text, days] = GENERATE(table<std::string, long>({
      {"1970-01-01", 0},
      {"1970-01-02", 1},
      {"1969-12-31", -1},
      {"2000-03-01", 11017},
      {"2017-12-20", 17520},
      {"1900-01-01", -25567},
      {"0000-03-01", -719468},
  }));
  CAPTURE(text);
  Date d = *Date::parse_iso(text);
  CHECK(d.to_days() == days);
  CHECK(Date::from_days(days) == d);
}

TEST_CASE("from_days inverts to_days across four centuries", "[date]") {
  // 1800-01-01 .. 2200-01-01 crosses 1900 and 2100 (not leap) and 2000 (leap).
  Date d{1800, 1, 1};
  long first = d.to_days();
  for (long n = first; n < first + 146097; ++n) {
    Date back = Date::from_days(n);
    REQUIRE(back.to_days() == n);
    REQUIRE(Date::make(back.year, back.month, back.day).has_value());
    if (n > first) REQUIRE(Date::from_days(n - 1) < back);
  }
  CHECK(Date::from_days(first + 146097) == Date{2200, 1, 1});
}

TEST_CASE("dates order by year, then month, then day", "[date]") {
  CHECK(Date{2019, 12, 31} < Date{2020, 1, 1});
  CHECK(Date{2020, 1, 31} < Date{2020, 2, 1});
  CHECK(Date{2020, 2, 1} == Date{2020, 2, 1});
}
