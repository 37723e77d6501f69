// Titles as printed and the key they are compared by (graphs/base/titles.h).
// Expectations follow the header's contract, one rule per row.
#include "graphs/base/titles.h"

#include <optional>
#include <string>

#include <catch2/catch.hpp>

TEST_CASE("fold_title applies each folding rule of the header", "[titles]") {
  auto [title, key] = GENERATE(table<std::string, std::string>({
      {"济南市 足球改革\u3000发展\t规划", "济南市足球改革发展规划"},  // whitespace
      {"\uFEFF济南市\u00A0规划", "济南市规划"},                       // BOM, NBSP
      {"办法（试行）", "办法(试行)"},                                 // （） -> ()
      {"“互联网+”行动", "\"互联网+\"行动"},                           // “” -> "
      {"‘一卡通’", "'一卡通'"},                                       // ‘’ -> '
      {"规划（2017—2020年）", "规划(2017-2020年)"},                   // — -> -
      {"规划（2017——2020年）", "规划(2017-2020年)"},                  // a run of dashes -> one
      {"规划（2017－－2020年）", "规划(2017-2020年)"},                // full-width hyphen
      {"规划（2017–2020年）", "规划(2017-2020年)"},                   // en dash
      {"【2017】［1］", "[2017][1]"},                                 // 【［ -> [, 】］ -> ]
      {"一，二", "一,二"},                                            // ， -> ,
      {"２０１７年", "2017年"},                                       // full-width digits
      {"《关于修改〈X〉的决定》", "关于修改X的决定"},                 // 《》〈〉 dropped
      {"「甲」『乙』", "甲乙"},                                       // 「」『』 dropped
      {"", ""},
      // Broken ideographs (ideographs are copied whole, three bytes at a
      // time): each maximal invalid part becomes one U+FFFD.
      {"济南\xE5\x8F", "济南\uFFFD"},
      {"甲\xE4"
       "A乙\xE9\xBF",
       "甲\uFFFDA乙\uFFFD"},
  }));
  CAPTURE(title);
  CHECK(pg::fold_title(title) == key);
  CHECK(pg::fold_title(key) == key);  // a key folds to itself
}

TEST_CASE("titles that differ only in print fold to one key", "[titles]") {
  CHECK(pg::fold_title("《济南市特困人员救助供养办法（试行）》") ==
        pg::fold_title("济南市特困人员救助供养办法 (试行)"));
  CHECK(pg::fold_title("济南市足球改革发展实施方案") != pg::fold_title("济南市足球改革发展规划"));
}

TEST_CASE("a law's key is also read without the state's name", "[titles]") {
  CHECK(pg::without_state_name("中华人民共和国行政许可法") == "行政许可法");
  CHECK(pg::without_state_name("行政许可法") == "行政许可法");
  // Nothing would be left: unchanged.
  CHECK(pg::without_state_name("中华人民共和国") == "中华人民共和国");
  // Only the state's name goes, not a body's name.
  CHECK(pg::without_state_name("全国人民代表大会常务委员会关于修改《X》的决定") ==
        "全国人民代表大会常务委员会关于修改《X》的决定");
}

TEST_CASE("the measure a notice issues or forwards", "[titles]") {
  auto [title, measure] = GENERATE(table<std::string, std::string>({
      {"济南市人民政府关于印发《济南市特困人员救助供养办法》的通知", "济南市特困人员救助供养办法"},
      {"济南市人民政府印发济南市足球改革发展规划的通知", "济南市足球改革发展规划"},
      // 转发: the forwarded instrument's own title starts at its 关于.
      {"济南市人民政府办公厅转发市农业局等部门关于加快农业科技创新的意见的通知",
       "关于加快农业科技创新的意见"},
      {"国务院批转发展改革委关于2015年深化经济体制改革重点工作意见的通知",
       "关于2015年深化经济体制改革重点工作意见"},
      // Two titles stay two: the marks are kept.
      {"关于印发《甲办法》和《乙办法》的通知", "《甲办法》和《乙办法》"},
      {"关于印发《济南市规划》的通告", "济南市规划"},
  }));
  CAPTURE(title);
  auto got = pg::strip_issue_wrapper(title);
  REQUIRE(got);
  CHECK(*got == measure);
}

TEST_CASE("a title that issues nothing has no wrapper", "[titles]") {
  CHECK_FALSE(pg::strip_issue_wrapper("济南市人民政府关于加快推进品牌建设的实施意见"));
  CHECK_FALSE(pg::strip_issue_wrapper("关于印发的通知"));  // nothing left
  CHECK_FALSE(pg::strip_issue_wrapper(""));
}

TEST_CASE("first_verb finds the earliest verb and its length", "[titles]") {
  const std::string title = "济南市人民政府关于印发《X》的通知";  // 济南市人民政府: 21 bytes
  pg::VerbAt about = pg::first_verb(title, pg::kTitleVerbs);
  REQUIRE(about.found());
  CHECK(about.pos == 21);
  CHECK(about.size == 6);
  pg::VerbAt issue = pg::first_verb(title, pg::kIssueVerbs);
  CHECK(issue.pos == 27);
  CHECK_FALSE(pg::first_verb(title, pg::kForwardVerbs).found());
  CHECK_FALSE(pg::first_verb("", pg::kTitleVerbs).found());
}

TEST_CASE("trailing bracket groups say the version, not the kind", "[titles]") {
  auto [title, core] = GENERATE(table<std::string, std::string>({
      {"济南市特困人员救助供养办法（试行）", "济南市特困人员救助供养办法"},
      {"济南市足球改革发展规划(2017—2020年)", "济南市足球改革发展规划"},
      {"办法（试行）（修订）", "办法"},          // every group goes
      {"方案（中国Ⅰ、Ⅱ阶段（修订））", "方案"},  // groups nest
      {"办法（试行)", "办法"},                   // either bracket closes
      {"济南市规划", "济南市规划"},              // none
      {"（试行）", "（试行）"},                  // a group that opens the title stays
      {"办法试行）", "办法试行）"},              // not opened
      {"", ""},
  }));
  CAPTURE(title);
  CHECK(pg::strip_trailing_brackets(title) == core);
}
