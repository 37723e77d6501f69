// National laws carry no document number: each file is one document, named
// by its title, effective as its 自…起施行 article says. Expectations were read
// from the texts in tests/data/laws by hand (the title line and the article
// that says when the law takes effect).
#include <catch2/catch.hpp>

#include <string>

#include "analyzer/extractor.h"
#include "analyzer/source_reader.h"

namespace {

struct Expected {
  std::string file;
  std::string title;
  std::string effective;  // ISO date, or "on_issue" for 自公布之日起施行
};

std::string effective_of(const pg::Document& d) {
  switch (d.effective.kind) {
    case pg::Effective::Kind::kDate:
      return d.effective.date.to_iso();
    case pg::Effective::Kind::kOnIssue:
      return "on_issue";
    default:
      return "";
  }
}

}  // namespace

TEST_CASE("the first ten shared laws: one document each, its title and effective date",
          "[laws]") {
  auto row = GENERATE(values<Expected>({
      {"-中华人民共和国海商法_19921107.txt", "中华人民共和国海商法", "1993-07-01"},
      {"中华人民共和国专属经济区和大陆架法_19980626.txt", "中华人民共和国专属经济区和大陆架法",
       "on_issue"},
      {"中华人民共和国个人所得税法_20180831.txt", "中华人民共和国个人所得税法", "on_issue"},
      {"中华人民共和国中医药法_20161225.txt", "中华人民共和国中医药法", "2017-07-01"},
      {"中华人民共和国中小企业促进法_20170901.txt", "中华人民共和国中小企业促进法", "2018-01-01"},
      {"中华人民共和国乡村振兴促进法_20210429.txt", "中华人民共和国乡村振兴促进法", "2021-06-01"},
      // The 2021 amendment keeps the original article: 自2002年9月1日起施行.
      {"中华人民共和国人口与计划生育法_20210820.txt", "中华人民共和国人口与计划生育法",
       "2002-09-01"},
      {"中华人民共和国人民武装警察法_20200620.txt", "中华人民共和国人民武装警察法", "2020-06-21"},
      {"中华人民共和国人民警察法_20121026.txt", "中华人民共和国人民警察法", "on_issue"},
      {"中华人民共和国人民调解法_20100828.txt", "中华人民共和国人民调解法", "2011-01-01"},
  }));
  CAPTURE(row.file);
  auto source = pg::read_source(std::string(TEST_DATA_DIR "/laws/") + row.file);
  REQUIRE(source.ok());
  pg::CollectingSink sink;
  pg::Extraction e = pg::extract(*source, sink);
  REQUIRE(e.documents.size() == 1);
  const pg::Document& d = e.documents.front();
  CHECK(d.title == row.title);
  CHECK_FALSE(d.doc_no.has_value());
  CHECK(effective_of(d) == row.effective);
  CHECK(d.line_start == 3);
}
