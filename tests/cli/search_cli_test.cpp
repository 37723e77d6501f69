// `policygraph search`: the table, --json, exit statuses and escaping, with
// the built executable on tests/data/gazettes.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;

const std::string& gazette_db() {
  static TempDir dir;
  static const std::string db = [] {
    const std::string path = dir.db();
    Run r = run("ingest --db '" + path + "' '" + kData + "/gazettes'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    return path;
  }();
  return db;
}

TEST_CASE("search by a number in full-width digits prints its row first", "[search_cli]") {
  Run r = run("search 济政办发 〔２０１７〕５４号 --as-of 2018-06-01 --db '" + gazette_db() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  // The header, then the number's row.
  const std::string first_row = r.out.substr(r.out.find('\n') + 1);
  CHECK(first_row.rfind("济政办发〔2017〕54号", 0) == 0);
  CHECK(has(first_row.substr(0, first_row.find('\n')), "number"));
  CHECK(has(first_row.substr(0, first_row.find('\n')), "现行有效"));
}

TEST_CASE("search --json gives each hit's match, status and passage with offsets", "[search_cli]") {
  Run r = run("search 城乡临时救助 --json --as-of 2018-06-01 --db '" + gazette_db() + "'");
  REQUIRE(r.status == 0);
  nlohmann::json j = parse(r);
  CHECK(j["query"] == "城乡临时救助");
  CHECK(j["as_of"] == "2018-06-01");
  CHECK(j["short_query"] == false);
  bool seen = false;
  for (const auto& h : j["hits"]) {
    if (h["id"] != "济政办发〔2017〕54号") continue;
    seen = true;
    CHECK(h["match"] == "text");
    CHECK(h["status"] == "in_force");
    CHECK(h["status_zh"] == "现行有效");
    CHECK(h["passage"]["file"] == "000_1a218bf28652ce10.txt");
    CHECK(h["passage"]["line"] == 1532);
    const std::string text = h["passage"]["text"];
    const std::size_t b = h["passage"]["marks"][0][0], e = h["passage"]["marks"][0][1];
    CHECK(text.substr(b, e - b) == "城\n\n乡临时救助");
  }
  CHECK(seen);
}

TEST_CASE("a store remembers --no-text-index, and a flag switches the whole store",
          "[search_cli][ingest]") {
  TempDir tmp;
  const std::string db = tmp.db();
  const std::string corpus = tmp.file("corpus");
  fs::create_directories(corpus);
  fs::copy_file(kData + "/gazettes/000_1a218bf28652ce10.txt", corpus + "/a.txt");
  const std::string at = " --db '" + db + "' '" + corpus + "'";
  REQUIRE(run("ingest --no-text-index" + at).status == 0);
  // A changed file ingested without the flag keeps to the store's choice.
  std::ofstream(corpus + "/a.txt", std::ios::app) << "\n";
  REQUIRE(run("ingest" + at).status == 0);
  Run off = run("search 城乡临时救助 --db '" + db + "'");
  CHECK(has(off.err, "keeps no text index"));
  CHECK_FALSE(has(off.out, "济政办发〔2017〕54号"));
  // Turned on: said, and reindex fills the file stored before.
  Run on = run("ingest --text-index" + at);
  REQUIRE(on.status == 0);
  CHECK(has(on.err, "text index turned on"));
  REQUIRE(run("reindex --db '" + db + "'").status == 0);
  Run found = run("search 城乡临时救助 --db '" + db + "'");
  CHECK(found.status == 0);
  CHECK(has(found.out, "济政办发〔2017〕54号"));
  // Turned off again: all text goes at once, and search says why it finds none.
  Run dropped = run("ingest --no-text-index" + at);
  REQUIRE(dropped.status == 0);
  CHECK(has(dropped.err, "the text of 1 stored files was dropped"));
  CHECK(has(run("search 城乡临时救助 --db '" + db + "'").err, "keeps no text index"));
  CHECK(run("ingest --text-index --no-text-index" + at).status != 0);
}

TEST_CASE("search exits 1 when nothing is found, and 2 on a bad date", "[search_cli]") {
  Run none = run("search 量子计算机 --db '" + gazette_db() + "'");
  CHECK(none.status == 1);
  CHECK(has(none.out, "nothing found"));
  Run json = run("search 量子计算机 --json --db '" + gazette_db() + "'");
  CHECK(json.status == 1);
  CHECK(parse(json)["hits"].empty());
  CHECK(run("search 救助 --as-of 2018-02-30 --db '" + gazette_db() + "'").status == 2);
}

TEST_CASE("a short query says on stderr that only titles were searched", "[search_cli]") {
  Run r = run("search 足球 --db '" + gazette_db() + "'");
  CHECK(r.status == 0);
  CHECK(has(r.err, "shorter than 3 characters"));
  CHECK(has(r.out, "济政办发〔2017〕53号"));
}

TEST_CASE("search prints control characters of the text escaped, and FTS5 syntax is harmless",
          "[search_cli][hostile]") {
  TempDir tmp;
  fs::create_directories(tmp.file("corpus"));
  std::string text = slurp(kData + "/multi/2018_jiyang_6.txt");
  const std::string at = "具体负责特困人员";
  text.insert(text.find(at), "\"*NEAR(\x1b[2J");
  std::ofstream(tmp.file("corpus/a.txt"), std::ios::binary) << text;
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + tmp.file("corpus") + "'").status == 0);
  Run r = run("search 具体负责特困人员 --db '" + tmp.db() + "'");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(has(r.out, "\\x1b"));
  CHECK(has(r.out, "【具体负责特困人员】"));
  Run q = run("search '\"*NEAR(' --json --db '" + tmp.db() + "'");
  INFO(q.err);
  CHECK(q.status == 0);
  CHECK(parse(q)["hits"][0]["id"] == "济阳政发〔2018〕6号");
}

}  // namespace
