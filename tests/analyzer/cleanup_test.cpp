// 清理 (clean-up) notices: the headings of their lists type the instruments
// listed under them (relations.h list_heading_type; extractor.cpp), in both
// layouts offices publish: numbered lists under 一、二、 headings and annex
// tables under a list title. Expectations read from tests/data/cleanup/.
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/extract/relations.h"
#include "analyzer/read/source_reader.h"
#include "support/test_support.h"

namespace {

const std::string kData = TEST_DATA_DIR;

// Target number -> relation type, for the edges of the file's one document.
std::map<std::string, std::string> typed_targets(const std::string& file, std::size_t* docs) {
  pg::Result<pg::SourceText> src = pg::read_source(kData + "/cleanup/" + file);
  REQUIRE(src.ok());
  pg::CollectingSink sink;
  pg::Extraction e = pg::extract(*src, sink);
  *docs = e.documents.size();
  std::map<std::string, std::string> out;
  for (const pg::Edge& edge : e.edges) {
    if (edge.to_doc_no) out[*edge.to_doc_no] = std::string(pg::to_string(edge.type));
  }
  return out;
}

std::string heading(std::string_view line) {
  auto t = pg::list_heading_type(line);
  return t ? std::string(pg::to_string(*t)) : "-";
}

}  // namespace

TEST_CASE("list headings of a clean-up notice and the type each gives", "[cleanup]") {
  CHECK(heading("一、决定废止的规范性文件（5件）") == "repeals");
  CHECK(heading("（二）宣布失效的规范性文件目录：") == "repeals");
  CHECK(heading("决定修改的市政府规章目录") == "amends");
  CHECK(heading("四、延长有效期的规范性文件") == "amends");
  CHECK(heading("三、继续有效的规范性文件（12件）") == "cites");
  CHECK(heading("附件2：继续有效的政策文件目录") == "cites");
  // Not list headings: a sentence, a heading that names no list, a list
  // heading without a cue word.
  CHECK(heading("一、经清理，决定废止规范性文件5件。") == "-");
  CHECK(heading("二、修改和完善工作制度") == "-");
  CHECK(heading("三、规范性文件目录") == "-");
}

TEST_CASE("list headings: words at the very start and end of the line, cut endings", "[cleanup]") {
  // A line is passed over on its last byte unless a list word or a cut part
  // (：, :, （N件）, (N件)) can end it.
  CHECK(heading("废止文件") == "repeals");
  CHECK(heading("宣布失效的规章:") == "repeals");
  CHECK(heading("宣布失效的规章：：") == "repeals");
  CHECK(heading("继续有效的文件目录(3件)") == "cites");
  CHECK(heading("继续有效的文件目录（3件）：") == "cites");
  CHECK(heading("继续有效的文件目录x") == "-");
  CHECK(heading("继续有效的文件目录。") == "-");
  CHECK(heading("") == "-");
  CHECK(heading("：") == "-");
  CHECK(heading("文件") == "-");  // a list word, no cue
}

TEST_CASE("enumeration marks start items and headings: decimals do not", "[cleanup]") {
  for (const char* line : {"一、总体要求", "十二、附则", "（三）工作措施", "(1)申报条件",
                           "1.浙江省…", "12、做好衔接", "3．加强领导", "附件1"}) {
    CAPTURE(line);
    CHECK(pg::starts_enumeration(line));
  }
  for (const char* line : {"1.5亿元用于补助", "2017年起", "一是加强领导", "第一条"}) {
    CAPTURE(line);
    CHECK_FALSE(pg::starts_enumeration(line));
  }
}

TEST_CASE("numbered lists: each item takes its heading's type", "[cleanup]") {
  std::size_t docs = 0;
  auto t = typed_targets("numbered_lists.txt", &docs);
  CHECK(docs == 1);
  CHECK(t["浙财预〔2014〕12号"] == "repeals");  // 一、决定废止的…
  CHECK(t["浙财采监〔2015〕3号"] == "repeals");
  CHECK(t["浙财预〔2018〕31号"] == "repeals");  // 二、宣布失效的…
  CHECK(t["浙财采监〔2017〕8号"] == "cites");   // 三、继续有效的…
  CHECK(t["浙财综〔2016〕20号"] == "amends");   // 四、延长有效期的…
}

TEST_CASE("annex tables: rows are listed instruments, not documents", "[cleanup]") {
  std::size_t docs = 0;
  auto t = typed_targets("annex_tables.txt", &docs);
  CHECK(docs == 1);  // the table rows print titles and numbers, not headers
  CHECK(t["苏政发〔2014〕39号"] == "repeals");  // 附件1 决定废止的…目录
  CHECK(t["苏政办发〔2015〕88号"] == "repeals");
  CHECK(t["苏政发〔2019〕12号"] == "cites");        // 附件2 继续有效的…目录
  CHECK(t["国办发〔2018〕115号"] == "implements");  // 按照《…》要求 in the opening
}
