// Real PDFs of ../shared/corpus/pdf, cut to a few pages by
// tests/data/pdf/cut_pdfs.sh. Every expectation here was read by hand from
// the PDF (pdftotext -layout): the number, title, dates and references as
// printed, and the page they are printed on. Then the commands: extract,
// ingest of a folder and check read PDFs, by content as well as by name.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/model/model.h"
#include "support/law_expectations.h"
#include "support/test_support.h"

namespace {

using pg::testing::has;
using pg::testing::Run;
using pg::testing::run;
using pg::testing::TempDir;

const std::string kPdf = TEST_DATA_DIR "/pdf/";

struct Read {
  pg::SourceText source;
  pg::Extraction e;
  // The 1-based page holding line `line` of the text.
  int page_of(int line) const {
    const auto& s = source.page_starts;
    return static_cast<int>(std::upper_bound(s.begin(), s.end(), line) - s.begin());
  }
  // The line (1-based) of the text that `part` is on; 0 when absent.
  int line_of(const std::string& part) const {
    const std::size_t at = source.utf8.find(part);
    if (at == std::string::npos) return 0;
    return 1 + static_cast<int>(std::count(source.utf8.begin(), source.utf8.begin() + at, '\n'));
  }
};

Read read(const std::string& file) {
  pg::Result<pg::SourceText> s = pg::read_source(kPdf + file);
  INFO(file << (s.ok() ? "" : ": " + s.error().to_string()));
  REQUIRE(s.ok());
  Read r;
  r.source = std::move(*s);
  pg::testing::NullSink sink;
  r.e = pg::extract(r.source, sink);
  return r;
}

}  // namespace

TEST_CASE("NHC 印发 notice: number, title, date, the plan it issues, on page 1", "[pdf]") {
  // Pages 1-2, 24 and 38 of nhc_covid_prevention_plan_v9_2022.pdf.
  const Read r = read("nhc_plan_v9_p1-2_24_38.pdf");
  CHECK(r.source.format == "pdf");
  REQUIRE(r.source.page_starts.size() == 4);
  REQUIRE(r.e.documents.size() == 1);
  const pg::Document& d = r.e.documents[0];
  CHECK(d.doc_no.value_or("") == "联防联控机制综发〔2022〕71号");
  CHECK(d.title == "关于印发新型冠状病毒肺炎防控方案（第九版）的通知");
  REQUIRE(d.signed_date.has_value());
  CHECK(d.signed_date->to_iso() == "2022-06-27");
  CHECK(d.promulgated_titles == std::vector<std::string>{"新型冠状病毒肺炎防控方案（第九版）"});
  CHECK(r.page_of(d.line_start) == 1);
  CHECK(r.page_of(r.line_of("2022 年 6 月 27 日")) == 1);
  // Signed 国务院应对新型冠状病毒肺炎 / 疫情联防联控机制综合组 over two
  // centred lines, （国家卫生健康委代章） under them: one issuer. The notice
  // cites no other instrument.
  CHECK(d.issuers == std::vector<std::string>{"国务院应对新型冠状病毒肺炎疫情联防联控机制综合组"});
  CHECK(r.e.edges.empty());
  // The plan's title opens page 2; the list of annexes is on page 3 (the
  // PDF's page 24), the annex table 附表2 on page 4 with its header row whole.
  CHECK(r.page_of(r.line_of("\n新型冠状病毒肺炎防控方案\n（第九版）\n") + 1) == 2);
  CHECK(r.page_of(r.line_of("13.新冠肺炎境外输入疫情防控要点")) == 3);
  CHECK(r.page_of(r.line_of("附表2\n")) == 4);
  CHECK(has(r.source.utf8, "\n内容    类别    核酸检测数量    阳性数\n"));
  // The page numbers (1, 2, ...) under each page are gone.
  CHECK_FALSE(has(r.source.utf8, "\n1\n"));
  CHECK_FALSE(has(r.source.utf8, "\n2\n"));
}

TEST_CASE("county report: the Regulations it cites by title and number, -1- footers gone",
          "[pdf]") {
  // Pages 1-2 of hongze_disclosure_report_2023.pdf.
  const Read r = read("hongze_2023_p1-2.pdf");
  REQUIRE(r.source.page_starts.size() == 2);
  REQUIRE(r.e.documents.size() == 1);
  // The title printed under the issuer's name: 洪泽区人民政府 /
  // 2023 年政府信息公开工作年度报告.
  CHECK(r.e.documents[0].title == "洪泽区人民政府2023年政府信息公开工作年度报告");
  // Printed: 《中华人民共和国政府信息公开条例》（国令第 711 号）, page 1.
  REQUIRE(r.e.edges.size() == 1);
  const pg::Edge& cites = r.e.edges[0];
  CHECK(cites.to_doc_no.value_or("") == "国令第711号");
  CHECK(cites.to_title.value_or("") == "中华人民共和国政府信息公开条例");
  CHECK(cites.type == pg::RelationType::kCites);
  CHECK(r.page_of(cites.line) == 1);
  // The report's dates, as printed: 自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止.
  CHECK(has(r.source.utf8, "自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止"));
  // -1- and -2- are footers; the table rows keep their cells on one line.
  CHECK_FALSE(has(r.source.utf8, "-1-"));
  CHECK_FALSE(has(r.source.utf8, "-2-"));
  CHECK(has(r.source.utf8, "\n规章    0    0    0\n"));
  CHECK(has(r.source.utf8, "\n行政规范性文件    0    5    5\n"));
  CHECK(r.page_of(r.line_of("规章    0    0    0")) == 2);
}

TEST_CASE("the Constitution: title, adoption note on one line, dot-leader contents", "[pdf]") {
  // Pages 1-2 of constitution_2018.pdf.
  const Read r = read("constitution_p1-2.pdf");
  REQUIRE(r.source.page_starts.size() == 2);
  CHECK(r.source.utf8.starts_with("中华人民共和国宪法\n"));
  // The note, printed over two lines and then six, reads as two lines.
  CHECK(has(r.source.utf8,
            "\n（1982 年 12 月 4 日第五届全国人民代表大会第五次会议通过 1982 年 12 月 4 "
            "日全国人民代表大会公告公布施行\n"));
  const int amendments = r.line_of("根据 1988 年 4 月 12 日第七届全国人民代表大会");
  REQUIRE(amendments > 0);
  CHECK(r.line_of("2018 年 3 月 11 日第十三届全国人民代表大会第一次会议通过的《中华人民共和国宪法"
                  "修正案》修正）") == amendments);
  // Contents: 第一章 总纲 ..... 4 as TITLE……PAGE, one entry a line.
  CHECK(has(r.source.utf8, "\n序 言……2\n第一章 总 纲……4\n"));
  CHECK(has(r.source.utf8, "\n第四章 国旗、国歌、国徽、首都……24\n"));
  CHECK(r.page_of(r.line_of("序 言\n")) == 2);
  // No contents entry reads as a reference.
  for (const pg::Edge& e : r.e.edges) CHECK_FALSE(has(e.evidence, "……"));
  // One law, named by its title, over its note of two paragraphs: adopted
  // 1982-12-04, amended by the five 宪法修正案 its 根据…、…和…修正 lists.
  const std::string kAmendment = "中华人民共和国宪法修正案";
  pg::testing::check_law(r.e, {"",
                               "中华人民共和国宪法",
                               "",
                               "1982-12-04",
                               {{"1988-04-12", kAmendment, amendments},
                                {"1993-03-29", kAmendment, amendments},
                                {"1999-03-15", kAmendment, amendments},
                                {"2004-03-14", kAmendment, amendments},
                                {"2018-03-11", kAmendment, amendments}},
                               {}});
  REQUIRE(r.e.documents.size() == 1);
  CHECK_FALSE(r.e.documents[0].doc_no.has_value());
  CHECK(r.page_of(r.e.documents[0].line_start) == 1);
}

TEST_CASE("the Criminal Law: its two-column contents read column by column", "[pdf]") {
  // Pages 1-3 of criminal_law_2020.pdf.
  const Read r = read("criminal_law_p1-3.pdf");
  REQUIRE(r.source.page_starts.size() == 3);
  // The history note, one line, with the amendments it lists.
  const int note = r.line_of("（1979 年 7 月 1 日第五届全国人民代表大会第二次会议通过");
  REQUIRE(note > 0);
  CHECK(r.page_of(note) == 1);
  // Contents on page 2: the left column, then the right one.
  const int left_last = r.line_of("第二章 危害公共安全罪……16");
  const int right_first = r.line_of("第三章 破坏社会主义市场经济秩序罪");
  const int right_last = r.line_of("附件二……70");
  REQUIRE(left_last > 0);
  CHECK(r.line_of("第一编 总则……3") < left_last);
  CHECK(left_last < right_first);
  CHECK(right_first < right_last);
  CHECK(r.page_of(left_last) == 2);
  // Page numbers at the foot of pages 1 and 2 are gone.
  CHECK_FALSE(has(r.source.utf8, "\n1\n"));
  CHECK_FALSE(has(r.source.utf8, "\n2\n"));
  for (const pg::Edge& e : r.e.edges) CHECK_FALSE(has(e.evidence, "……"));
  // One law past the reading copy's own lines (https://flk.npc.gov.cn/,
  // 来源： 中国人大网 国法库 2021 年 5 月 19 日): adopted 1979-07-01, revised
  // 1997-03-14 by the session, then the 13 instruments its 根据…修正 lists.
  const std::string kLaw = "中华人民共和国刑法";
  auto amendment = [&](const char* n) { return kLaw + "修正案" + n; };
  pg::testing::check_law(
      r.e, {"",
            kLaw,
            "",
            "1979-07-01",
            {{"1997-03-14", "第八届全国人民代表大会第五次会议", note},
             {"1998-12-29",
              "全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定", note},
             {"1999-12-25", amendment(""), note},
             {"2001-08-31", amendment("（二）"), note},
             {"2001-12-29", amendment("（三）"), note},
             {"2002-12-28", amendment("（四）"), note},
             {"2005-02-28", amendment("（五）"), note},
             {"2006-06-29", amendment("（六）"), note},
             {"2009-02-28", amendment("（七）"), note},
             {"2009-08-27", "全国人民代表大会常务委员会关于修改部分法律的决定", note},
             {"2011-02-25", amendment("（八）"), note},
             {"2015-08-29", amendment("（九）"), note},
             {"2017-11-04", amendment("（十）"), note},
             {"2020-12-26", amendment("（十一）"), note}},
            {}});
  REQUIRE(r.e.documents.size() == 1);
  CHECK(r.page_of(r.e.documents[0].line_start) == 1);
}

TEST_CASE("extract -v names a PDF by its text layer and pages", "[pdf][cli]") {
  Run r = run("extract -v --format summary '" + kPdf + "hongze_2023_p1-2.pdf'");
  CHECK(r.status == 0);
  CHECK(has(r.err, "hongze_2023_p1-2.pdf: PDF (text layer, 2 pages), 1 documents"));
}

TEST_CASE("a warning about a line of a PDF names its page", "[pdf]") {
  // The real pages of the county report, with an unclosed 《 added to the
  // end of page 2: the warning is on that line, of page 2.
  pg::Result<pg::SourceText> s = pg::read_source(kPdf + "hongze_2023_p1-2.pdf");
  REQUIRE(s.ok());
  s->utf8 += "依据《政府信息公开条例\n";
  const int last = static_cast<int>(std::count(s->utf8.begin(), s->utf8.end(), '\n'));
  pg::CollectingSink sink;
  pg::extract(*s, sink);
  bool found = false;
  for (const pg::Diagnostic& d : sink.items) {
    if (!has(d.message, "without a closing")) continue;
    found = true;
    CHECK(d.line == last);
    CHECK(d.page == 2);
  }
  CHECK(found);
}

TEST_CASE("extract reads a PDF named .txt, and a bad PDF fails alone with exit 2", "[pdf][cli]") {
  TempDir dir;
  std::filesystem::copy_file(kPdf + "hongze_2023_p1-2.pdf", dir.file("report.txt"));
  Run r =
      run("extract --format summary '" + dir.file("report.txt") + "' '" + kPdf + "encrypted.pdf'");
  CHECK(r.status == 2);
  CHECK(has(r.out, "report.txt: 1 documents, 1 edges"));
  CHECK(has(r.err, "encrypted.pdf: encrypted PDF"));
}

TEST_CASE("ingest of a folder takes its PDFs, and check reads a PDF draft", "[pdf][cli]") {
  TempDir dir;
  std::filesystem::create_directories(dir.file("in/sub"));
  std::filesystem::copy_file(kPdf + "nhc_plan_v9_p1-2_24_38.pdf", dir.file("in/sub/plan.pdf"));
  std::filesystem::copy_file(TEST_DATA_DIR "/gazettes/002_1864a195dda547c1.txt",
                             dir.file("in/gazette.txt"));
  Run r = run("ingest --db '" + dir.db() + "' '" + dir.file("in") + "'");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.err + r.out, "ingested 2 files"));
  Run shown = run("show --db '" + dir.db() + "' '联防联控机制综发〔2022〕71号'");
  CHECK(has(shown.out, "关于印发新型冠状病毒肺炎防控方案（第九版）的通知"));

  Run check = run("check --db '" + dir.db() + "' --as-of 2023-01-01 --json '" + kPdf +
                  "hongze_2023_p1-2.pdf'");
  INFO(check.out << check.err);
  // The draft's reference, read from the PDF, with its evidence.
  CHECK(has(check.out, "\"subject\": \"国令第711号\""));
  CHECK(has(check.out, "《中华人民共和国政府信息公开条例》（国令第711号）"));
}
