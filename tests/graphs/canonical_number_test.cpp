// The canonical spelling of document numbers and its parts
// (graphs/base/doc_number.h), which the analyzer writes and the graph reads.
// (The split and normalize cases that corpus_graph_test held moved here with
// the code.)
#include <string>

#include <catch2/catch.hpp>

#include "graphs/base/doc_number.h"

TEST_CASE("numbers are spelled in the canonical forms", "[canonical_number]") {
  CHECK(pg::standard_number("济政发", 2017, 24) == "济政发〔2017〕24号");
  CHECK(pg::standard_number("法（研）发", 1987, 32) == "法（研）发〔1987〕32号");
  CHECK(pg::decree_number("国", 0, 706) == "国令第706号");
  CHECK(pg::decree_number("省政府", 0, 82) == "省政府令第82号");
  CHECK(pg::decree_number("交通运输部", 2019, 5) == "交通运输部令2019年第5号");
  CHECK(pg::announcement_number("国家税务总局", true, 2019, 13) == "国家税务总局公告2019年第13号");
  CHECK(pg::announcement_number("国家税务总局", false, 2018, 32) == "国家税务总局2018年第32号");
}

TEST_CASE("a canonical standard number splits back into the parts it was spelled from",
          "[canonical_number]") {
  auto [agency, year, serial] = GENERATE(table<std::string, int, long>({
      {"济政办发", 2017, 54},
      {"国发", 1949, 1},
      {"鲁政字", 2099, 999999999},  // the longest serial
      {"法（研）发", 1987, 32},
  }));
  const std::string canonical = pg::standard_number(agency, year, serial);
  CAPTURE(canonical);
  auto parts = pg::split_doc_no(canonical);
  REQUIRE(parts);
  CHECK(parts->agency == agency);
  CHECK(parts->year == year);
  CHECK(parts->serial == serial);
  CHECK(pg::is_canonical_number(canonical));
}

TEST_CASE("only the canonical standard form splits", "[canonical_number]") {
  auto text = GENERATE(as<std::string>{},
                       "济政发[2017]24号",            // printed brackets
                       "〔2017〕24号",                // no agency
                       "济政发〔17〕24号",            // two-digit year
                       "济政发〔２０１７〕24号",      // full-width digits
                       "济政发〔2017〕24",            // no 号
                       "济政发〔2017〕号",            // no serial
                       "济政发〔2017〕第24号",        // 第 is not canonical
                       "济政发〔2017〕1234567890号",  // ten digits
                       "济政发 〔2017〕24号x");
  CAPTURE(text);
  CHECK_FALSE(pg::split_doc_no(text));
}

TEST_CASE("decrees and announcements are canonical too: titles are not", "[canonical_number]") {
  CHECK(pg::is_canonical_number("国令第706号"));
  CHECK(pg::is_canonical_number("国家税务总局公告2019年第13号"));
  CHECK(pg::is_canonical_number("交通运输部令2019年第5号"));
  CHECK_FALSE(pg::is_canonical_number("专利代理条例"));
  CHECK_FALSE(pg::is_canonical_number("第5号"));
}

TEST_CASE("number text folds spaces, invisible characters and full-width digits",
          "[canonical_number]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"济政办发 〔２０１７〕５３号", "济政办发〔2017〕53号"},
      {"济阳政发〔2020〕17 号", "济阳政发〔2020〕17号"},
      {"国\u3000发\u00A0[2016]\t14号\r\n", "国发[2016]14号"},
      {"\uFEFF鲁\u200B政发〔2016〕26号", "鲁政发〔2016〕26号"},
      {"鲁\xFF政发\uFFFD", "鲁政发"},                    // an invalid byte and U+FFFD go
      {"（国发〔2015〕12号）", "（国发〔2015〕12号）"},  // punctuation stays
  }));
  CAPTURE(input);
  CHECK(pg::fold_number_text(input) == expected);
}

TEST_CASE("typed numbers normalize to the canonical form", "[canonical_number]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"济政发〔2019〕2号", "济政发〔2019〕2号"},
      {"济政发[2019]2号", "济政发〔2019〕2号"},
      {"济政发【2019】2号", "济政发〔2019〕2号"},
      {"济政发［2019］2号", "济政发〔2019〕2号"},
      {"济政发〖2019〗2号", "济政发〔2019〕2号"},
      {"济政办发 （２０１７）５４号", "济政办发〔2017〕54号"},
      {"国发(2016)14", "国发〔2016〕14号"},
      {"济政发〔2019〕02号", "济政发〔2019〕2号"},
      {"济政发〔2019〕002号", "济政发〔2019〕2号"},
  }));
  CAPTURE(input);
  auto got = pg::normalize_doc_no(input);
  REQUIRE(got);
  CHECK(*got == expected);
}

TEST_CASE("text that is not a standard number does not normalize", "[canonical_number]") {
  CHECK_FALSE(pg::normalize_doc_no("济南市特困人员救助供养办法"));
  CHECK_FALSE(pg::normalize_doc_no("2017年济南市政务公开工作要点"));
  CHECK_FALSE(pg::normalize_doc_no("济政发〔2019〕2号文件"));       // text after 号
  CHECK_FALSE(pg::normalize_doc_no("〔2019〕2号"));                 // no agency
  CHECK_FALSE(pg::normalize_doc_no("济政发〔2019〕号"));            // no serial
  CHECK_FALSE(pg::normalize_doc_no("济政发〔2019〕1234567890号"));  // ten digits
  CHECK_FALSE(pg::normalize_doc_no("国令第706号"));  // decrees are matched as they are
}
