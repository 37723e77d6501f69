// The 清理 worksheet on the sample gazettes (gold labels) and on the
// multi-gazette fixtures (an orphan), and its CSV written and read back.
#include "graphs/answers/worksheet.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/model/json_io.h"
#include "support/hostile_titles.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::Date;
using pg::Disposition;
using pg::Extraction;
using pg::StatusKind;
using pg::Worksheet;
using pg::WorksheetRow;
using namespace pg::testing;

// tests/data/multi read by the analyzer: 鲁政发〔2019〕25号 repeals the basis
// of 济政发〔2017〕24号 from 2020-01-01.
const CorpusGraph& multi() {
  static const CorpusGraph g = [] {
    std::vector<Extraction> corpus;
    for (const auto& f : files_in(TEST_DATA_DIR "/multi", ".txt")) {
      auto source = pg::read_source(f);
      REQUIRE(source.ok());
      pg::CollectingSink sink;
      corpus.push_back(pg::extract(*source, sink));
    }
    return CorpusGraph::build(corpus, agency_rules());
  }();
  return g;
}

const WorksheetRow& row_of(const CorpusGraph& g, const Worksheet& s, const std::string& id) {
  for (const WorksheetRow& r : s.rows) {
    if (g.nodes()[r.node].id == id) return r;
  }
  FAIL("no row for " << id);
  return s.rows.front();
}

std::vector<std::string> ids(const CorpusGraph& g, const Worksheet& s) {
  std::vector<std::string> out;
  for (const WorksheetRow& r : s.rows) out.push_back(g.nodes()[r.node].id);
  return out;
}

}  // namespace

TEST_CASE("dispositions have the Chinese words of a 清理 notice", "[worksheet]") {
  CHECK(pg::to_string(Disposition::kKeep) == "继续有效");
  CHECK(pg::to_string(Disposition::kExpired) == "失效");
  CHECK(pg::to_string(Disposition::kRepealed) == "已废止");
  CHECK(pg::to_string(Disposition::kReview) == "需审查");
  for (auto d :
       {Disposition::kKeep, Disposition::kExpired, Disposition::kRepealed, Disposition::kReview}) {
    CHECK(pg::parse_disposition(pg::to_string(d)) == d);
  }
  CHECK_FALSE(pg::parse_disposition("有效").has_value());
  // The ASCII names JSON writes beside them.
  CHECK(pg::ascii_name(Disposition::kKeep) == "keep");
  CHECK(pg::ascii_name(Disposition::kExpired) == "expired");
  CHECK(pg::ascii_name(Disposition::kRepealed) == "repealed");
  CHECK(pg::ascii_name(Disposition::kReview) == "review");
}

TEST_CASE("the worksheet of 济南市人民政府办公厅 on 2020-03-01", "[worksheet]") {
  const CorpusGraph& g = gazette_graph();
  Worksheet s = pg::make_worksheet(g, "济南市人民政府办公厅", day("2020-03-01"));
  CHECK_FALSE(s.by_substring);
  // Published documents, joint ones with the Party office included, and
  // documents of the office the corpus only cites; by id.
  CHECK(ids(g, s) == std::vector<std::string>{
                         "济办发〔2017〕12号",   "济办发〔2017〕17号",   "济厅字〔2017〕29号",
                         "济厅字〔2017〕36号",   "济政办发〔2017〕26号", "济政办发〔2017〕27号",
                         "济政办发〔2017〕53号", "济政办发〔2017〕54号", "济政办发〔2017〕55号",
                         "济政办发〔2017〕9号",  "济政办发〔2019〕15号", "济政办字〔2017〕42号",
                         "济政办字〔2017〕81号", "济政办字〔2017〕82号", "济政办字〔2018〕65号",
                         "济政办字〔2018〕71号", "济政办字〔2018〕89号", "济政办字〔2019〕63号",
                         "济政办字〔2019〕64号", "济政办字〔2019〕65号", "济政办字〔2019〕66号",
                         "济政办字〔2019〕67号"});

  const WorksheetRow& expired = row_of(g, s, "济政办发〔2017〕54号");
  CHECK(expired.status.kind == StatusKind::kExpired);
  CHECK(expired.disposition == Disposition::kExpired);
  CHECK(expired.reason == "有效期已届满（自2019-12-20起失效）");
  // The gold labels carry no field evidence: the status points at the header.
  CHECK(expired.evidence.file.find("000_1a218bf28652ce10") != std::string::npos);
  CHECK(expired.evidence.line == 1499);

  const WorksheetRow& repealed = row_of(g, s, "济政办字〔2018〕89号");
  CHECK(repealed.disposition == Disposition::kRepealed);
  CHECK(repealed.reason == "已被济政办字〔2019〕67号废止（自2019-12-30起）");
  CHECK(repealed.evidence.line == 1568);

  const WorksheetRow& kept = row_of(g, s, "济政办字〔2019〕67号");
  CHECK(kept.disposition == Disposition::kKeep);
  CHECK(kept.status.kind == StatusKind::kInForce);

  const WorksheetRow& cited = row_of(g, s, "济政办字〔2018〕65号");
  CHECK(cited.status.kind == StatusKind::kUnknown);
  CHECK(cited.disposition == Disposition::kReview);
  CHECK(cited.evidence.line == 1071);
}

TEST_CASE("a 有效期 ending within six months is to be reviewed", "[worksheet]") {
  const CorpusGraph& g = gazette_graph();
  // 济政办发〔2017〕26号: 有效期2年 from 2017-07-20, last day 2019-07-19.
  Worksheet s = pg::make_worksheet(g, "济南市人民政府办公厅", day("2019-03-01"));
  const WorksheetRow& r = row_of(g, s, "济政办发〔2017〕26号");
  CHECK(r.status.kind == StatusKind::kInForce);
  CHECK(r.disposition == Disposition::kReview);
  CHECK(r.reason == "有效期至2019-07-19，6个月内到期（尚余140天）");
  CHECK(r.evidence.file.find("001_78fafd201e7347e4") != std::string::npos);
  // Seven months before, it is simply in force.
  Worksheet earlier = pg::make_worksheet(g, "济南市人民政府办公厅", day("2018-12-19"));
  CHECK(row_of(g, earlier, "济政办发〔2017〕26号").disposition == Disposition::kKeep);
}

TEST_CASE("a document whose basis was repealed is to be reviewed", "[worksheet]") {
  const CorpusGraph& g = multi();
  Worksheet s = pg::make_worksheet(g, "济南市人民政府", day("2020-03-01"));
  REQUIRE(ids(g, s) == std::vector<std::string>{"济政发〔2017〕24号"});
  const WorksheetRow& r = s.rows[0];
  CHECK(r.status.kind == StatusKind::kInForce);
  CHECK(r.disposition == Disposition::kReview);
  CHECK(
      r.reason ==
      "依据鲁政发〔2016〕26号已废止（2020-01-01）：济政发〔2017〕24号→based_on→鲁政发〔2016〕26号");
  CHECK(r.evidence.file.find("2019_shandong_25.txt") != std::string::npos);
  // Before the repeal took effect it was simply in force.
  Worksheet before = pg::make_worksheet(g, "济南市人民政府", day("2019-12-31"));
  CHECK(before.rows.at(0).disposition == Disposition::kKeep);
}

TEST_CASE("an issuer matched by no document exactly is matched as a part", "[worksheet]") {
  const CorpusGraph& g = gazette_graph();
  Worksheet exact = pg::make_worksheet(g, "济南市人民政府", day("2020-03-01"));
  CHECK_FALSE(exact.by_substring);
  for (const WorksheetRow& r : exact.rows) {
    const pg::Node& n = g.nodes()[r.node];
    bool printed = n.document && std::find(n.document->issuers.begin(), n.document->issuers.end(),
                                           "济南市人民政府") != n.document->issuers.end();
    INFO(n.id);
    CHECK((n.issuer == "济南市人民政府" || printed));
  }
  Worksheet part = pg::make_worksheet(g, "人民政府办公厅", day("2020-03-01"));
  CHECK(part.by_substring);
  CHECK(part.rows.size() > exact.rows.size() / 2);
  CHECK(pg::make_worksheet(g, "北京市人民政府", day("2020-03-01")).rows.empty());
  CHECK(pg::make_worksheet(g, "", day("2020-03-01")).rows.empty());
}

TEST_CASE("CSV fields are quoted as RFC 4180 says", "[worksheet][csv]") {
  using Row = std::pair<std::string, std::string>;
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      Row{"济政发〔2019〕17号", "济政发〔2019〕17号"},
      Row{"", ""},
      Row{"关于甲、乙，丙", "关于甲、乙，丙"},  // full-width commas need no quotes
      Row{"a,b", "\"a,b\""},
      Row{"他说\"好\"", "\"他说\"\"好\"\"\""},
      Row{"line\nbreak", "\"line\nbreak\""},
      Row{"cr\rhere", "\"cr\rhere\""},
  }));
  CHECK(pg::csv_field(input) == expected);
}

TEST_CASE("CSV fields that a spreadsheet would run as a formula get an apostrophe",
          "[worksheet][csv]") {
  CHECK(pg::csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(pg::csv_field("+1") == "'+1");
  CHECK(pg::csv_field("-1") == "'-1");
  CHECK(pg::csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(pg::csv_field("\tx") == "'\tx");
  CHECK(pg::csv_field("1-2") == "1-2");
  CHECK(pg::csv_field("2020-01-01") == "2020-01-01");
}

TEST_CASE("CSV fields show control and bidi characters as escapes", "[worksheet][csv]") {
  CHECK(pg::csv_field("\x1b[31m红\x07") == "\\x1b[31m红\\x07");
  CHECK(pg::csv_field("关于\u202e甲") == "关于\\u202e甲");
  CHECK(pg::csv_field("a\x7f") == "a\\x7f");
  // An escape in front does not hide a formula behind it from the guard: the
  // field starts with a backslash, which no spreadsheet evaluates.
  CHECK(pg::csv_field("\x01=1+1") == "\\x01=1+1");
}

TEST_CASE("parse_csv reads quoted fields and CRLF or LF and refuses an open quote",
          "[worksheet][csv]") {
  auto rows = pg::parse_csv(
      "\xEF\xBB\xBF"
      "a,\"b,c\",\"d\"\"e\"\r\n\"x\r\ny\",,z\n");
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0] == std::vector<std::string>{"a", "b,c", "d\"e"});
  CHECK((*rows)[1] == std::vector<std::string>{"x\r\ny", "", "z"});
  CHECK_FALSE(pg::parse_csv("a,\"b\r\n").has_value());
}

TEST_CASE("the worksheet CSV has a BOM and CRLF lines and reads back to the rows",
          "[worksheet][csv]") {
  const CorpusGraph& g = gazette_graph();
  Worksheet s = pg::make_worksheet(g, "济南市人民政府办公厅", day("2020-03-01"));
  std::ostringstream out;
  pg::write_worksheet_csv(out, g, s);
  const std::string csv = out.str();
  CHECK(csv.rfind("\xEF\xBB\xBF文号,标题,发文机关,状态,状态日期,处理建议,理由,依据文件,行,引文\r\n",
                  0) == 0);
  // Every line ends CRLF: as many CR as LF, and no field here holds a line break.
  CHECK(std::count(csv.begin(), csv.end(), '\r') == std::count(csv.begin(), csv.end(), '\n'));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == static_cast<long>(s.rows.size()) + 1);

  auto rows = pg::parse_csv(csv);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == s.rows.size() + 1);
  for (const auto& r : *rows) CHECK(r.size() == 10);
  std::map<std::string, std::vector<std::string>> by_no;
  for (std::size_t i = 1; i < rows->size(); ++i) by_no[(*rows)[i][0]] = (*rows)[i];
  CHECK(by_no.at("济政办字〔2018〕89号") ==
        std::vector<std::string>{
            "济政办字〔2018〕89号", "济南市人民政府办公厅关于培育和发展住房租赁市场的实施意见",
            "济南市人民政府办公厅", "已废止", "2019-12-30", "已废止",
            "已被济政办字〔2019〕67号废止（自2019-12-30起）", "002_1864a195dda547c1.txt", "1568",
            "《济南市人民政府办公厅关于培育和发展住房租赁市场的实施意见》（"
            "济政办字〔2018〕89号）同时废止"});
  CHECK(by_no.at("济办发〔2017〕12号")[2] == "中共济南市委办公厅、济南市人民政府办公厅");
  CHECK(by_no.at("济政办发〔2017〕55号")[5] == "失效");
}

TEST_CASE("untrusted titles are quoted and defused in the worksheet CSV", "[worksheet][csv]") {
  Extraction e;
  e.source = "evil.txt";
  pg::Document d;
  d.doc_no = "济政办字〔2020〕1号";
  d.title = "=cmd|'/c calc'!A1,\"关于\"";
  d.issuers = {"济南市人民政府办公厅"};
  d.signed_date = Date::parse_iso("2020-01-02");
  d.line_start = 1;
  d.line_end = 5;
  e.documents.push_back(d);
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  Worksheet s = pg::make_worksheet(g, "济南市人民政府办公厅", day("2020-03-01"));
  REQUIRE(s.rows.size() == 1);
  std::ostringstream out;
  pg::write_worksheet_csv(out, g, s);
  CHECK(out.str().find("\"'=cmd|'/c calc'!A1,\"\"关于\"\"\"") != std::string::npos);
  auto rows = pg::parse_csv(out.str());
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[1][1] == "'=cmd|'/c calc'!A1,\"关于\"");
}

TEST_CASE("hostile titles read back from the worksheet CSV defused", "[worksheet][csv]") {
  // Title as printed -> the cell a spreadsheet gets back.
  const std::vector<std::pair<std::string, std::string>> titles = {
      {"=HYPERLINK(\"http://x\",\"点击\")", "'=HYPERLINK(\"http://x\",\"点击\")"},
      {"+1+1关于", "'+1+1关于"},
      {"-2+3关于", "'-2+3关于"},
      {"@SUM(A1)关于", "'@SUM(A1)关于"},
      {"\t=1关于", "'\t=1关于"},
      {"\x1b]0;标题\x07关于", "\\x1b]0;标题\\x07关于"},
      {"关于\u202e知通", "关于\\u202e知通"},
  };
  Extraction e;
  e.source = "evil.txt";
  for (std::size_t i = 0; i < titles.size(); ++i) {
    pg::Document d;
    d.doc_no = "济政办字〔2020〕" + std::to_string(i + 1) + "号";
    d.title = titles[i].first;
    d.issuers = {"济南市人民政府办公厅"};
    d.signed_date = Date::parse_iso("2020-01-02");
    d.line_start = static_cast<int>(10 * i + 1);
    d.line_end = static_cast<int>(10 * i + 5);
    e.documents.push_back(d);
  }
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  Worksheet s = pg::make_worksheet(g, "济南市人民政府办公厅", day("2020-03-01"));
  REQUIRE(s.rows.size() == titles.size());
  std::ostringstream out;
  pg::write_worksheet_csv(out, g, s);
  auto rows = pg::parse_csv(out.str());
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == titles.size() + 1);
  std::map<std::string, std::string> by_no;
  for (std::size_t r = 1; r < rows->size(); ++r) by_no[(*rows)[r][0]] = (*rows)[r][1];
  for (std::size_t i = 0; i < titles.size(); ++i) {
    CAPTURE(i);
    CHECK(by_no.at("济政办字〔2020〕" + std::to_string(i + 1) + "号") == titles[i].second);
  }
}

TEST_CASE("every title of the shared hostile list is defused in the worksheet CSV",
          "[worksheet][csv][hostile]") {
  const auto& titles = pg::testing::hostile_titles();
  Extraction e = pg::testing::hostile_documents("济政办字", 2021, "济南市人民政府办公厅");
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  Worksheet s = pg::make_worksheet(g, "济南市人民政府办公厅", day("2021-03-01"));
  std::ostringstream out;
  pg::write_worksheet_csv(out, g, s);
  auto rows = pg::parse_csv(out.str());
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == titles.size() + 1);
  for (std::size_t r = 1; r < rows->size(); ++r) {
    for (const std::string& cell : (*rows)[r]) {
      CAPTURE(cell);
      // No formula starter opens a cell; no control character but the tab,
      // CR and LF a quoted cell may hold is left raw.
      CHECK((cell.empty() || std::string("=+-@").find(cell[0]) == std::string::npos));
      CHECK(std::none_of(cell.begin(), cell.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0x7f;
      }));
    }
  }
}
