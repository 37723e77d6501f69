// End-to-end tests of the policygraph executable: real command lines on the
// sample corpus, checking exit status, stdout and stderr.
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "graphs/model/json_io.h"
#include "support/test_support.h"

namespace {

using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;
const std::string kGazette = kData + "/gazettes/000_1a218bf28652ce10.txt";

}  // namespace

TEST_CASE("the version flag prints the program name and version", "[cli]") {
  Run r = run("--version");
  CHECK(r.status == 0);
  CHECK(r.out.find("policygraph 0.") == 0);
}

TEST_CASE("extract --help describes the subcommand", "[cli]") {
  Run r = run("extract --help");
  CHECK(r.status == 0);
  CHECK(r.out.find("--format") != std::string::npos);
}

TEST_CASE("an unknown option is a usage error with status 2", "[cli]") {
  Run r = run("extract --no-such-option " + kGazette);
  CHECK(r.status == 2);
  CHECK(!r.err.empty());
}

TEST_CASE("extract prints the schema JSON for one gazette", "[cli]") {
  Run r = run("extract " + kGazette);
  REQUIRE(r.status == 0);
  pg::Result<pg::Extraction> e = pg::extraction_from_json(r.out, "stdout");
  REQUIRE(e.ok());
  CHECK(e->source == "000_1a218bf28652ce10.txt");
  REQUIRE(e->documents.size() == 6);
  CHECK(e->documents[0].doc_no.value_or("") == "济政发〔2017〕24号");
  CHECK(e->documents[0].title == "济南市人民政府关于印发济南市特困人员救助供养办法的通知");
  bool based_on_found = false;
  for (const pg::Edge& edge : e->edges) {
    if (edge.from == "济政发〔2017〕24号" && edge.to_doc_no.value_or("") == "鲁政发〔2016〕26号" &&
        edge.type == pg::RelationType::kBasedOn) {
      based_on_found = true;
      CHECK(edge.line == 22);
    }
  }
  CHECK(based_on_found);
}

TEST_CASE("extract reads standard input when given '-'", "[cli]") {
  Run r = run("extract -", {.stdin_file = kGazette});
  REQUIRE(r.status == 0);
  pg::Result<pg::Extraction> e = pg::extraction_from_json(r.out, "stdout");
  REQUIRE(e.ok());
  CHECK(e->documents.size() == 6);
}

TEST_CASE("the jsonl format prints one line per file", "[cli]") {
  Run r = run("extract --format jsonl " + kGazette + " " + kData + "/judicial/J000.txt");
  REQUIRE(r.status == 0);
  std::istringstream lines(r.out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    REQUIRE(pg::extraction_from_json(line, "line").ok());
    ++count;
  }
  CHECK(count == 2);
}

TEST_CASE("a binary file is an error naming it, and the other files still run", "[cli]") {
  std::string bad = kData + "/encodings/binary.png";
  Run r = run("extract " + bad + " " + kGazette);
  CHECK(r.status == 2);
  CHECK(r.err.find("binary.png") != std::string::npos);
  CHECK(r.err.find("byte") != std::string::npos);
  // The good file's extraction is still printed, as a one-element array.
  CHECK(r.out.find("济政发〔2017〕24号") != std::string::npos);
}

TEST_CASE("a missing file is an error naming it with status 2", "[cli]") {
  Run r = run("extract /nonexistent/gazette.txt");
  CHECK(r.status == 2);
  CHECK(r.err.find("/nonexistent/gazette.txt") != std::string::npos);
}

TEST_CASE("the verbose flag says which encoding was assumed", "[cli]") {
  Run r = run("extract --verbose " + kData + "/encodings/excerpt.gb18030.txt");
  CHECK(r.status == 0);
  CHECK(r.err.find("GB18030") != std::string::npos);
}

TEST_CASE("the summary format counts documents and edges by type", "[cli]") {
  Run r = run("extract --format summary " + kGazette);
  REQUIRE(r.status == 0);
  CHECK(r.out ==
        "000_1a218bf28652ce10.txt: 6 documents, 12 edges (based_on 4, cites 5, forwards 1, "
        "implements 2)\n");
}

TEST_CASE("problems inside a document are diagnostics with file and line, and the run goes on",
          "[cli]") {
  std::string file = kData + "/bad/diagnostics.txt";
  Run r = run("extract " + file);
  CHECK(r.status == 0);
  CHECK(r.err.find(file + ":14: warning: date line that is not a valid date") != std::string::npos);
  CHECK(r.err.find(file + ":16: warning: 《 without a closing 》") != std::string::npos);
  pg::Result<pg::Extraction> e = pg::extraction_from_json(r.out, "stdout");
  REQUIRE(e.ok());
  REQUIRE(e->documents.size() == 1);
  CHECK(e->documents[0].doc_no.value_or("") == "济政发〔2017〕24号");
}

TEST_CASE("agency codes missing from the table are kept whole and noted once per run",
          "[cli][doc_number]") {
  // Two files citing the same unknown code (苏财税) and a known one (国发).
  TempDir dir;
  for (const std::string name : {"a.txt", "b.txt"}) {
    std::ofstream(dir.file(name)) << "江苏省财政厅关于转发财政部通知的通知\n"
                                     "苏财税〔2019〕3号\n"
                                     "各市财政局：\n"
                                     "现将《财政部关于实施小微企业普惠性税收减免政策的通知》"
                                     "（财税〔2019〕13号）转发给你们，并根据国发〔2018〕5号"
                                     "要求，请遵照执行。\n";
  }
  Run r = run("extract " + dir.file("a.txt") + " " + dir.file("b.txt"));
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "苏财税〔2019〕3号"));
  CHECK(has(r.out, "财税〔2019〕13号"));
  // The unknown code is reported once, for both files; known codes are not.
  std::size_t first = r.err.find("苏财税");
  REQUIRE(first != std::string::npos);
  CHECK(r.err.find("苏财税", first + 1) == std::string::npos);
  CHECK(has(r.err, "not in agency_codes.tsv"));
  CHECK_FALSE(has(r.err, " 国发"));
}

TEST_CASE("terminal output shows a title's control and bidi characters as escapes",
          "[cli][escape]") {
  TempDir dir;
  std::ofstream(dir.file("hostile.txt"))
      << "济南市人民政府关于印发\x1b[31m测试\u202e办法的通知\n"
         "济政发〔2020〕9号\n"
         "各区县人民政府：\n"
         "根据《关于\a测试的规定》（济政发〔2019〕77号）制定本办法。\n";
  REQUIRE(run("ingest " + dir.file("hostile.txt") + " --db " + dir.db()).status == 0);
  for (const std::string query : {"show '济政发〔2020〕9号'", "unresolved"}) {
    Run r = run(query + " --db " + dir.db());
    CAPTURE(query, r.out);
    REQUIRE(r.status == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\a') == std::string::npos);
    CHECK_FALSE(has(r.out, "\u202e"));
  }
  Run show = run("show '济政发〔2020〕9号' --db " + dir.db());
  CHECK(has(show.out, "\\x1b[31m测试\\u202e办法"));
}
