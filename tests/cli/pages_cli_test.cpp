// Evidence pages through the commands (issue 11): an extraction that carries
// pages (as the PDF reader's will) loaded with `ingest --from-jsonl`, then
// show, cites, the report and the worksheet name `file:pN:L`; the same file
// read as text prints what it printed before.

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;
const std::string kFile = "2017_jinan_24.txt";
const std::string kDoc = "济政发〔2017〕24号";

// The page a test gives line L: 20 lines a page.
int page_of(int line) { return (line - 1) / 20 + 1; }

// A store holding 2017_jinan_24.txt as JSONL with a page on every fact, and
// the extraction it was made from.
struct PagedStore {
  TempDir tmp;
  nlohmann::json extraction;
  PagedStore() {
    Run map = run("extract --format jsonl '" + kData + "/multi/" + kFile + "'");
    INFO(map.err);
    REQUIRE(map.status == 0);
    extraction = nlohmann::json::parse(map.out);
    REQUIRE(extraction["source"] == kFile);
    for (auto& d : extraction["documents"]) {
      for (auto& [field, ev] : d["evidence"].items()) {
        if (ev.is_array()) {
          for (auto& one : ev) one["page"] = page_of(one["line"].get<int>());
        } else {
          ev["page"] = page_of(ev["line"].get<int>());
        }
      }
    }
    REQUIRE(extraction["edges"].size() >= 2);
    for (auto& e : extraction["edges"]) e["page"] = page_of(e["line"].get<int>());
    {
      std::ofstream out(tmp.file("part-00000"));
      out << extraction.dump() << "\n";
    }
    Run in = run("ingest --db '" + tmp.db() + "' --root '" + tmp.path() + "' --from-jsonl '" +
                 tmp.file("part-00000") + "'");
    INFO(in.err);
    REQUIRE(in.status == 0);
  }
  std::string db() const { return " --db '" + tmp.db() + "'"; }
};

TEST_CASE("cites and show name the page of each reference and of the header", "[pages_cli]") {
  PagedStore s;
  // JSON: "page" beside "line" in the evidence of every reference.
  Run js = run("cites " + kDoc + " --json" + s.db());
  INFO(js.err);
  REQUIRE(js.status == 0);
  const nlohmann::json j = parse(js);
  // The table names the same places as file:pN:L.
  Run cites = run("cites " + kDoc + s.db());
  REQUIRE(cites.status == 0);
  std::size_t paged = 0;
  for (const auto& item : j.at("cites")) {
    const auto& ev = item.at("evidence");
    const int line = ev.at("line").get<int>();
    CHECK(ev.at("page") == page_of(line));
    const std::string where =
        kFile + ":p" + std::to_string(page_of(line)) + ":" + std::to_string(line);
    CAPTURE(where);
    CHECK(has(cites.out, where));
    ++paged;
  }
  CHECK(paged > 0);

  Run show = run("show " + kDoc + s.db());
  REQUIRE(show.status == 0);
  const auto& doc = s.extraction["documents"][0];
  const int start = doc["line_start"].get<int>();
  CHECK(has(show.out, kFile + ":p" + std::to_string(page_of(start)) + ":" + std::to_string(start) +
                          "-" + std::to_string(doc["line_end"].get<int>())));
}

TEST_CASE("the report names pages in Markdown, HTML and JSON", "[pages_cli]") {
  PagedStore s;
  Run md = run("report --as-of 2020-03-01 --format md -o -" + s.db());
  INFO(md.err);
  REQUIRE(md.status == 0);
  // Some reference of the file is unresolved (its target is not in the
  // corpus of one file): its evidence is printed with its page.
  // (Markdown escapes the file name's underscores: the place is matched
  // from ".txt".)
  std::size_t found = 0;
  for (const auto& e : s.extraction["edges"]) {
    const int line = e["line"].get<int>();
    found += has(md.out, ".txt:p" + std::to_string(page_of(line)) + ":" + std::to_string(line));
  }
  CHECK(found > 0);
  CHECK_FALSE(has(md.out, ".txt:" + std::to_string(s.extraction["edges"][0]["line"].get<int>())));

  const std::string html = s.tmp.file("report.html");
  Run h = run("report --as-of 2020-03-01 --format html -o '" + html + "'" + s.db());
  REQUIRE(h.status == 0);
  const std::string page = read_file(html);
  CHECK(has(page, kFile + ":p"));
  // The appendix's line cell.
  CHECK(has(page, "<td class=\"num\">p"));

  Run js = run("report --as-of 2020-03-01 --format json -o -" + s.db());
  REQUIRE(js.status == 0);
  CHECK(has(js.out, "\"page\""));
}

TEST_CASE("the same file read as text prints no page anywhere", "[pages_cli]") {
  TempDir tmp;
  fs::create_directories(tmp.file("corpus"));
  fs::copy_file(kData + "/multi/" + kFile, tmp.file("corpus/" + kFile));
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + tmp.file("corpus") + "'").status == 0);
  const std::string db = " --db '" + tmp.db() + "'";
  for (const std::string& args :
       {"cites " + kDoc + db, "show " + kDoc + db, "cites " + kDoc + " --json" + db,
        "report --as-of 2020-03-01 --format md -o -" + db,
        "report --as-of 2020-03-01 --format json -o -" + db}) {
    Run r = run(args);
    CAPTURE(args);
    REQUIRE(r.status == 0);
    CHECK_FALSE(has(r.out, ".txt:p"));
    CHECK_FALSE(has(r.out, "\"page\""));
    CHECK(has(r.out, "jinan"));
    if (!has(args, "json")) CHECK(has(r.out, ".txt:"));
  }
}

std::string dump(const std::string& db) {
  auto store = pg::Store::open(db, pg::Store::OpenMode::kReadOnly);
  INFO((store.ok() ? "" : store.error().to_string()));
  REQUIRE(store.ok());
  auto d = store->dump();
  REQUIRE(d.ok());
  return *d;
}

// tests/data/store_v3/v3.db: a store the build before pages made (its
// README). A query refuses it with the command that fixes it; that command
// migrates it and stores the graph again in the new layout, after which the
// store is the one a fresh ingest makes and queries read its stored graph.
TEST_CASE("a version 3 store is refused by queries with the fixing command, which upgrades it",
          "[pages_cli][upgrade]") {
  TempDir tmp;
  const std::string db = tmp.file("v3.db");
  fs::copy_file(kData + "/store_v3/v3.db", db);
  const std::string fix = "policygraph reindex --db " + db;
  Run q = run("show 济阳政发〔2018〕6号 --db '" + db + "'");
  CHECK(q.status == 2);
  CHECK(has(q.err, "database has schema version 3; this policygraph needs 8: upgrade it with `" +
                       fix + "`"));
  // The file it names (/tmp/pgfix/corpus/...) moved into this test's folder.
  const std::string file = fs::weakly_canonical(tmp.path()).string() + "/corpus/2018_jiyang_6.txt";
  fs::create_directories(tmp.file("corpus"));
  fs::copy_file(kData + "/multi/2018_jiyang_6.txt", file);
  sql(db, "UPDATE files SET path = '" + file + "'");
  Run up = run("reindex --verbose --db '" + db + "'");
  INFO(up.err);
  CHECK(up.status == 0);
  {
    auto store = pg::Store::open(db, pg::Store::OpenMode::kReadOnly);
    REQUIRE(store.ok());
    auto state = pg::graph_state(*store);
    REQUIRE(state.ok());
    CHECK(*state == pg::GraphState::kCurrent);
  }
  Run show = run("show 济阳政发〔2018〕6号 --db '" + db + "'");
  CHECK(show.status == 0);
  CHECK_FALSE(has(show.err, "out of date"));
  CHECK_FALSE(has(show.out, ":p"));
  REQUIRE(run("ingest --db '" + tmp.file("fresh.db") + "' '" + tmp.file("corpus") + "'").status ==
          0);
  CHECK(dump(db) == dump(tmp.file("fresh.db")));
}

}  // namespace
