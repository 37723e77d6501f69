// National laws carry no document number: each file is one document, named
// by its title, effective as its 自…起施行 article says, adopted and changed as
// the history note under the title says (题注: 通过, each 修正 with the decision
// that made it, each 修订 with the session that adopted the revised text),
// and repealing what its 同时废止 names. Expectations were read from the texts
// in tests/data/laws by hand: the title line, the history note (line 5 in
// every one of the ten), the article that says when the law takes effect and
// the one that says what it repeals.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "support/law_expectations.h"

using pg::testing::Amendment;
using pg::testing::decision;
using pg::testing::LawExpected;
using pg::testing::Repeal;

namespace {

const std::string kIncomeTax = "中华人民共和国个人所得税法";
const std::string kPopulation = "中华人民共和国人口与计划生育法";
const std::string kPolice = "中华人民共和国人民警察法";

}  // namespace

TEST_CASE("the first ten shared laws: title, effective date, adoption, amendments, repeals",
          "[laws]") {
  auto row = GENERATE(values<LawExpected>({
      {"-中华人民共和国海商法_19921107.txt",
       "中华人民共和国海商法",
       "1993-07-01",
       "1992-11-07",
       {},
       {}},
      {"中华人民共和国专属经济区和大陆架法_19980626.txt",
       "中华人民共和国专属经济区和大陆架法",
       "on_issue",
       "1998-06-26",
       {},
       {}},
      // Seven 修正, each by a decision of the same title on its own day.
      {"中华人民共和国个人所得税法_20180831.txt",
       kIncomeTax,
       "on_issue",
       "1980-09-10",
       {{"1993-10-31", decision(kIncomeTax), 5},
        {"1999-08-30", decision(kIncomeTax), 5},
        {"2005-10-27", decision(kIncomeTax), 5},
        {"2007-06-29", decision(kIncomeTax), 5},
        {"2007-12-29", decision(kIncomeTax), 5},
        {"2011-06-30", decision(kIncomeTax), 5},
        {"2018-08-31", decision(kIncomeTax), 5}},
       {}},
      {"中华人民共和国中医药法_20161225.txt",
       "中华人民共和国中医药法",
       "2017-07-01",
       "2016-12-25",
       {},
       {}},
      // 修订 by the session, no decision named.
      {"中华人民共和国中小企业促进法_20170901.txt",
       "中华人民共和国中小企业促进法",
       "2018-01-01",
       "2002-06-29",
       {{"2017-09-01", "第十二届全国人民代表大会常务委员会第二十九次会议", 5}},
       {}},
      {"中华人民共和国乡村振兴促进法_20210429.txt",
       "中华人民共和国乡村振兴促进法",
       "2021-06-01",
       "2021-04-29",
       {},
       {}},
      // The 2021 amendment keeps the original article: 自2002年9月1日起施行.
      {"中华人民共和国人口与计划生育法_20210820.txt",
       kPopulation,
       "2002-09-01",
       "2001-12-29",
       {{"2015-12-27", decision(kPopulation), 5}, {"2021-08-20", decision(kPopulation), 5}},
       {}},
      {"中华人民共和国人民武装警察法_20200620.txt",
       "中华人民共和国人民武装警察法",
       "2020-06-21",
       "2009-08-27",
       {{"2020-06-20", "第十三届全国人民代表大会常务委员会第十九次会议", 5}},
       {}},
      // 第五十二条: 1957年6月25日公布的《中华人民共和国人民警察条例》同时废止.
      {"中华人民共和国人民警察法_20121026.txt",
       kPolice,
       "on_issue",
       "1995-02-28",
       {{"2012-10-26", decision(kPolice), 5}},
       {{"中华人民共和国人民警察条例", "", 165}}},
      {"中华人民共和国人民调解法_20100828.txt",
       "中华人民共和国人民调解法",
       "2011-01-01",
       "2010-08-28",
       {},
       {}},
  }));
  CAPTURE(row.file);
  auto source = pg::read_source(std::string(TEST_DATA_DIR "/laws/") + row.file);
  REQUIRE(source.ok());
  pg::CollectingSink sink;
  pg::Extraction e = pg::extract(*source, sink);
  CHECK(sink.items.empty());
  REQUIRE(e.documents.size() == 1);
  const pg::Document& d = e.documents.front();
  CHECK_FALSE(d.doc_no.has_value());
  CHECK(d.line_start == 3);
  pg::testing::check_law(e, row);
}
