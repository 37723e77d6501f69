// Local regulations (Markdown: '# title', then the history note as lines of
// their own, each opening with its date, then the articles) are read as one
// document each: title, effective date, adoption, each 修正 with its deciding
// decision and each 修订 with its session, and what 同时废止 names.
// Expectations were read from the texts in tests/data/local by hand (the
// first ten files of ../shared/corpus/local/ by path: the 上海 ones).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "support/law_expectations.h"

using pg::testing::decision;
using pg::testing::LawExpected;

namespace {

const std::string kRules = "上海市人民代表大会议事规则";
const std::string kBusiness = "上海市优化营商环境条例";
const std::string kCityLooks = "上海市市容环境卫生管理条例";
const std::string kCivilDefence = "上海市民防条例";
const std::string kWaterSupplyNine = "关于修改〈上海市供水管理条例〉等9件地方性法规的决定";

}  // namespace

TEST_CASE(
    "the first ten shared local regulations: title, effective date, adoption, "
    "amendments, repeals",
    "[local]") {
  auto row = GENERATE_COPY(values<LawExpected>({
      // 1993: adopted by the congress itself, 若干条款 in the decision's title.
      {"上海市人民代表大会议事规则.md",
       kRules,
       "on_issue",
       "1990-04-30",
       {{"1993-01-09", "关于修改〈上海市人民代表大会议事规则〉若干条款的决定", 5},
        {"1998-01-14", decision(kRules), 7},
        {"2001-10-24", decision(kRules), 9}},
       {}},
      {"上海市优化营商环境条例(2024-09-27).md",
       kBusiness,
       "2020-04-10",
       "2020-04-10",
       {{"2021-10-28", decision(kBusiness), 5},
        {"2023-11-22", decision(kBusiness), 7},
        {"2024-09-27", decision(kBusiness), 9}},
       {}},
      // Line 5 prints the decision without outer marks: 关于修改《X》的决定;
      // line 7 holds a 修订 and, after 根据, a 修正.
      {"上海市实施《残疾人保障法》办法(2017-11-23).md",
       "上海市实施《中华人民共和国残疾人保障法》办法",
       "2014-04-01",
       "1993-02-06",
       {{"1999-07-12", "关于修改《上海市实施〈中华人民共和国残疾人保障法〉办法》的决定", 5},
        {"2013-11-21", "上海市第十四届人民代表大会常务委员会第九次会议", 7},
        {"2017-11-23", "关于修改本市部分地方性法规的决定", 7}},
       {}},
      {"上海市市容环境卫生管理条例(2018-12-20).md",
       kCityLooks,
       "2002-04-01",
       "2001-11-14",
       {{"2003-04-24", decision(kCityLooks), 5},
        {"2009-02-24", decision(kCityLooks), 7},
        {"2018-12-20", kWaterSupplyNine, 9}},
       {{"上海市环境卫生管理条例", "", 355}}},
      // No history note at all.
      {"上海市建设工程材料管理条例.md", "上海市建设工程材料管理条例", "2000-01-01", "", {}, {}},
      {"上海市未成年人保护条例.md",
       "上海市未成年人保护条例",
       "2005-03-01",
       "",
       {},
       {{"上海市青少年保护条例", "", 255}}},
      {"上海市民防条例(2018-12-20).md",
       kCivilDefence,
       "1999-08-01",
       "1999-06-01",
       {{"2003-06-26", decision(kCivilDefence), 5},
        {"2015-07-23", "关于修改〈上海市建设工程材料管理条例〉等12件地方性法规的决定", 7},
        {"2018-12-20", kWaterSupplyNine, 9}},
       {}},
      {"上海市浦东新区促进张江生物医药产业创新高地建设规定(2024-12-31).md",
       "上海市浦东新区促进张江生物医药产业创新高地建设规定",
       "2022-01-01",
       "2021-12-29",
       {{"2024-12-31", "关于修改〈上海市公路管理条例〉等10件地方性法规的决定", 5}},
       {}},
      {"上海市经纪人条例.md", "上海市经纪人条例", "2001-05-01", "", {}, {}},
      {"上海市职工代表大会条例(2017-11-23).md",
       "上海市职工代表大会条例",
       "2011-05-01",
       "2010-12-23",
       {{"2017-11-23", decision("上海市职工代表大会条例"), 5}},
       {}},
  }));
  CAPTURE(row.file);
  auto source = pg::read_source(std::string(TEST_DATA_DIR "/local/") + row.file);
  REQUIRE(source.ok());
  pg::CollectingSink sink;
  pg::Extraction e = pg::extract(*source, sink);
  CHECK(sink.items.empty());
  REQUIRE(e.documents.size() == 1);
  CHECK_FALSE(e.documents.front().doc_no.has_value());
  CHECK(e.documents.front().line_start == 1);
  pg::testing::check_law(e, row);
}
