// The list commands' tables printed as the stored lists are read (superseded,
// orphans, expiring and unresolved with a current graph: the visit_*
// functions of graphs/answers/stored_lists.h, rows made into cells one at a
// time) against the same tables printed from the whole graph resolved again
// (the same store made stale: queries.h's lists and the printers over a
// CorpusGraph); and their --json, streamed row by row from the store,
// against the JSON of the whole graph. The built executable on the sample
// corpus, saved whole and updated in place (node numbers out of id order).
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;

// The ids of the stored graph's nodes, in node-number order.
std::vector<std::string> ids_by_number(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "SELECT id FROM graph_nodes ORDER BY no", -1, &s, nullptr) ==
          SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

// The files of tests/data/`dir` (.txt) copied under `to`.
void copy_dir(const std::string& dir, const std::string& to) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(kData + "/" + dir)) {
    if (entry.path().extension() == ".txt") {
      fs::copy_file(entry.path(), to + "/" + dir + "_" + entry.path().filename().string());
    }
  }
}

void ingest(const std::string& db, const std::string& what) {
  Run r = run("ingest --db '" + db + "' '" + what + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
}

// Every list table the tests compare, at a few days.
std::vector<std::string> list_commands() {
  std::vector<std::string> out;
  for (const char* day : {"1990-01-01", "2015-01-01", "2019-06-01", "2021-03-01", "2026-12-01"}) {
    const std::string as_of = std::string(" --as-of ") + day;
    out.push_back("superseded" + as_of);
    out.push_back("superseded --issuer 济南" + as_of);
    out.push_back("superseded --issuer 济南市人民政府" + as_of);
    out.push_back("orphans" + as_of);
    for (const char* within : {"2y", "90d", "6m", "10y"}) {
      out.push_back(std::string("expiring --within ") + within + as_of);
    }
  }
  out.push_back("unresolved");
  out.push_back("findings");
  // And each as --json: streamed row by row from the store (JSON text
  // written as each row is read) against the whole object printed at once.
  const std::size_t tables = out.size();
  for (std::size_t i = 0; i < tables; ++i) out.push_back(out[i] + " --json");
  return out;
}

// Runs every list on `db` as stored (current graph), then made stale
// (resolved again in memory): the same exit status and standard output.
// Returns the stored outputs, joined.
std::string compare_stored_with_resolved(const std::string& db) {
  std::vector<Run> stored;
  for (const std::string& c : list_commands()) stored.push_back(run(c + " --db '" + db + "'"));
  // A change of files counted since the graph was saved: kStale.
  sql(db, "UPDATE graph_meta SET value = value + 1 WHERE key = 'files_generation'");
  std::string all;
  const std::vector<std::string> commands = list_commands();
  for (std::size_t i = 0; i < commands.size(); ++i) {
    INFO(commands[i]);
    Run resolved = run(commands[i] + " --db '" + db + "'");
    INFO(stored[i].err);
    CHECK(stored[i].status == resolved.status);
    CHECK(stored[i].out == resolved.out);
    all += stored[i].out;
  }
  return all;
}

}  // namespace

TEST_CASE("the stored list tables equal the tables of the graph resolved again", "[list_tables]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  for (const char* d : {"gazettes", "judicial", "national", "multi"}) copy_dir(d, corpus);
  const std::string db = tmp.file("s.db");
  ingest(db, corpus);
  const std::string all = compare_stored_with_resolved(db);
  // Each list had rows somewhere.
  CHECK(all.find(" repealed or expired as of ") != std::string::npos);
  CHECK(all.find(" rest on a basis that fell away") != std::string::npos);
  CHECK(all.find(" document(s) expire between ") != std::string::npos);
  CHECK(all.find(" instrument(s) cited but not in the corpus") != std::string::npos);
  CHECK(all.find(" finding(s)") != std::string::npos);
  // And each list's JSON had rows.
  CHECK(all.find("\"documents\": [\n    {") != std::string::npos);
  CHECK(all.find("\"fell_away\": \"") != std::string::npos);
  CHECK(all.find("\"days_left\": ") != std::string::npos);
  CHECK(all.find("\"citing_documents\": ") != std::string::npos);
}

TEST_CASE("the stored list tables keep id order when an update numbers nodes out of it",
          "[list_tables]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  for (const char* d : {"gazettes", "judicial", "national"}) copy_dir(d, corpus);
  const std::string db = tmp.file("s.db");
  ingest(db, corpus);
  // More files, one ingest each into the same store: a graph updated in
  // place numbers the new nodes after the others. The second is
  // 2019_shandong_25.txt with its number made 京政发〔2019〕25号: numbered
  // last, it sorts before most ids, and expires (a superseded and expiring
  // row out of number order).
  fs::copy_file(kData + "/multi/2017_jinan_24.txt", corpus + "/multi_2017_jinan_24.txt");
  ingest(db, corpus);
  {
    std::ifstream in(kData + "/multi/2019_shandong_25.txt", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "鲁政发〔2019〕25号";
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "京政发〔2019〕25号");
    std::ofstream out(corpus + "/multi_2019_renumbered_25.txt", std::ios::binary);
    out << text;
  }
  ingest(db, corpus);
  const std::vector<std::string> ids = ids_by_number(db);
  REQUIRE_FALSE(ids.empty());
  // The case this test is for.
  CHECK_FALSE(std::is_sorted(ids.begin(), ids.end()));
  const std::string all = compare_stored_with_resolved(db);
  CHECK(all.find(" repealed or expired as of ") != std::string::npos);
  CHECK(all.find(" document(s) expire between ") != std::string::npos);
  // The renumbered node is a row of the lists compared.
  CHECK(all.find("\n京政发〔2019〕25号 ") != std::string::npos);
  CHECK(ids.back() == "京政发〔2019〕25号");
  // In the JSON too, in id order (compared above).
  CHECK(all.find("\"id\": \"京政发〔2019〕25号\"") != std::string::npos);
}
