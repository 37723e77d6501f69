// The store under what a server room does to it (issue 8): read-only files
// and folders, a damaged file, a file-size limit during ingest, and two
// ingests at once. The built executable on the sample corpus, each test with
// its own temporary directory.
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;

void ingest(const std::string& db, const std::string& what) {
  Run r = run("ingest --db '" + db + "' " + what);
  INFO(r.err);
  REQUIRE(r.status == 0);
}

std::string journal_mode(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  std::string mode = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(h);
  return mode;
}

void set_journal_mode_delete(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
}

std::string dump(const std::string& db) {
  auto store = pg::Store::open(db, pg::Store::OpenMode::kReadOnly);
  REQUIRE(store.ok());
  auto d = store->dump();
  REQUIRE(d.ok());
  return *d;
}

}  // namespace

TEST_CASE("a query writes nothing: a rollback-journal store stays as it is, byte for byte",
          "[store_cli][read_only]") {
  TempDir tmp;
  ingest(tmp.db(), "'" + kData + "/gazettes'");
  set_journal_mode_delete(tmp.db());
  fs::permissions(tmp.db(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const std::string before = slurp(tmp.db());
  Run r = run("superseded --db '" + tmp.db() + "'");
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "济政办发〔2017〕54号"));
  // Before the fix the query switched the store to WAL: a write.
  CHECK(journal_mode(tmp.db()) == "delete");
  CHECK(slurp(tmp.db()) == before);
  CHECK_FALSE(fs::exists(tmp.db() + "-wal"));
}

TEST_CASE("a read-only WAL store in a read-only folder is queried", "[store_cli][read_only]") {
  // Root ignores file modes; the query then runs as the unprivileged user
  // 65534 through setpriv, as a reader of a shared folder would.
  std::string as_reader;
  if (::geteuid() == 0) {
    if (!fs::exists("/usr/bin/setpriv")) {
      WARN("running as root without /usr/bin/setpriv: read-only folder not testable, skipped");
      return;
    }
    as_reader = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups";
  }
  TempDir tmp;
  const std::string folder = tmp.file("share");
  fs::create_directory(folder);
  const std::string db = folder + "/corpus.db";
  ingest(db, "'" + kData + "/gazettes'");
  REQUIRE(journal_mode(db) == "wal");  // as ingest leaves it
  const auto r_x = fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                   fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec;
  fs::permissions(tmp.path(), r_x | fs::perms::owner_write);
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(folder, r_x);
  Run r = run("superseded --db '" + db + "'", {.env = as_reader});
  fs::permissions(folder, r_x | fs::perms::owner_write);  // so that TempDir can remove it
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "济政办发〔2017〕54号"));
  CHECK_FALSE(has(r.err, "readonly"));
}

TEST_CASE("a corrupt store is called corrupt, with how to rebuild it", "[store_cli][corrupt]") {
  TempDir tmp;
  SECTION("not SQLite at all") {
    std::ofstream(tmp.db()) << "these are not the pages of a database\n";
  }
  SECTION("a store with its pages overwritten") {
    ingest(tmp.db(), "'" + kData + "/gazettes'");
    set_journal_mode_delete(tmp.db());
    std::string bytes = slurp(tmp.db());
    REQUIRE(bytes.size() > 4096);
    for (std::size_t i = 100; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xA5);
    std::ofstream(tmp.db(), std::ios::binary | std::ios::trunc) << bytes;
  }
  Run r = run("superseded --db '" + tmp.db() + "'");
  CHECK(r.status == 2);
  CHECK(has(r.err, tmp.db() + ": not a policygraph store or is corrupt ("));
  CHECK(has(r.err, "rebuild it with `policygraph ingest PATH... --db " + tmp.db() + "`"));
  CHECK_FALSE(has(r.err, "first"));  // not the advice for a missing store
}

TEST_CASE("ingest under a file-size limit stops with a message and keeps the store's content",
          "[store_cli][full]") {
  TempDir tmp;
  ingest(tmp.db(), "'" + kData + "/gazettes'");
  const std::string before = dump(tmp.db());
  // Three texts of ~2.6 MB each (the gazettes six times, distinct by their
  // first line): the store cannot grow past 300 KiB to take them. (Three
  // times fit once extraction rows lost their unread indexes.)
  const std::string folder = tmp.file("big");
  fs::create_directory(folder);
  std::string text;
  for (const std::string& f : files_in(kData + "/gazettes", ".txt")) text += slurp(f);
  for (int i = 0; i < 3; ++i) {
    std::ofstream(folder + "/big" + std::to_string(i) + ".txt")
        << "第" << i << "份\n"
        << text << text << text << text << text << text;
  }
  // bash counts ulimit -f in KiB (sh in 512-byte blocks).
  Run r = shell("bash -c \"ulimit -f 300; '" + std::string(POLICYGRAPH_EXE) + "' ingest --db '" +
                tmp.db() + "' '" + folder + "'\"");
  INFO(r.err);
  CHECK(r.status == 2);  // an exit, not SIGXFSZ
  CHECK(has(r.err, "a file-size limit (ulimit -f) was reached"));
  CHECK(has(r.err, "the store keeps its previous content"));
  // The three gazettes are as they were, and the store is sound.
  const std::string after = dump(tmp.db());
  for (const std::string& f : files_in(kData + "/gazettes", ".txt")) {
    const std::string key = fs::weakly_canonical(f).string();
    CAPTURE(key);
    const std::string rows = rows_of(before, key);
    CHECK_FALSE(rows.empty());
    CHECK(rows_of(after, key) == rows);
  }
  auto store = pg::Store::open(tmp.db(), pg::Store::OpenMode::kReadOnly);
  REQUIRE(store.ok());
  CHECK(*store->integrity_check() == "ok");
  CHECK(store->files()->size() < 3 + 3);
}

TEST_CASE("a new store that cannot even take its schema says why", "[store_cli][full]") {
  TempDir tmp;
  // 4 KiB: the first page of the new file fits, its WAL does not.
  Run r = shell("bash -c \"ulimit -f 4; '" + std::string(POLICYGRAPH_EXE) + "' ingest --db '" +
                tmp.db() + "' '" + kData + "/drafts/clean.txt'\"");
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(has(r.err, "a file-size limit (ulimit -f) was reached"));
}

TEST_CASE("two ingests at once keep each other's files, and a third rewrites nothing",
          "[store_cli][concurrent]") {
  TempDir tmp;
  const std::string exe = "'" + std::string(POLICYGRAPH_EXE) + "'";
  const std::string db = "'" + tmp.db() + "'";
  Run r = shell("(" + exe + " ingest --db " + db + " '" + kData + "/gazettes' & " + exe +
                " ingest --db " + db + " '" + kData + "/judicial' & wait)");
  INFO(r.err);
  auto store = pg::Store::open(tmp.db(), pg::Store::OpenMode::kReadOnly);
  REQUIRE(store.ok());
  CHECK(store->files()->size() == 23);  // 3 gazettes + 20 judicial texts
  Run again = run("ingest --db " + db + " '" + kData + "/gazettes' '" + kData + "/judicial'");
  CHECK(again.status == 0);
  CHECK(has(again.err, "(0 added, 0 replaced, 23 unchanged)"));
}

TEST_CASE("export under a file-size limit fails with a message and leaves no half file",
          "[store_cli][full]") {
  TempDir tmp;
  ingest(tmp.db(), "'" + kData + "/gazettes'");
  Run whole = run("export --format json --db '" + tmp.db() + "'");
  REQUIRE(whole.status == 0);
  REQUIRE(whole.out.size() > 50 * 1024);  // more than the limit below
  const std::string out = tmp.file("graph.json");
  // 48 KiB: room for the reader's -shm (32 KiB), not for the JSON.
  Run r = shell("bash -c \"ulimit -f 48; '" + std::string(POLICYGRAPH_EXE) +
                "' export --format json --db '" + tmp.db() + "' -o '" + out + "'\"");
  INFO(r.err);
  CHECK(r.status == 2);  // an exit, not SIGXFSZ
  CHECK(has(r.err, out + ": cannot write"));
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(out + ".tmp"));
}

TEST_CASE("standard output cut short by a file-size limit is an error, not a success",
          "[store_cli][full]") {
  TempDir tmp;
  const std::string gazette = kData + "/gazettes/000_1a218bf28652ce10.txt";
  REQUIRE(run("extract '" + gazette + "'").out.size() > 12 * 1024);  // the limit is 8 KiB
  Run r = shell("bash -c \"ulimit -f 8; '" + std::string(POLICYGRAPH_EXE) + "' extract '" +
                gazette + "' > '" + tmp.file("out.json") + "'\"");
  CHECK(r.status == 2);
  CHECK(has(r.err, "writing standard output failed"));
}

TEST_CASE("unresolved --json gives a PDF reference the page extract read it on",
          "[store_cli][pdf]") {
  // The stored edge lookup once skipped the page column, so every PDF
  // reference printed page 0 in unresolved --json.
  TempDir tmp;
  const std::string pdf = kData + "/pdf/hongze_2023_p1-2.pdf";
  ingest(tmp.db(), "'" + pdf + "'");
  const nlohmann::json extracted = parse(run("extract '" + pdf + "'"));
  std::map<std::pair<int, std::string>, int> page_of;  // (line, quote) -> page
  for (const auto& e : extracted.at("edges")) {
    page_of[{e.at("line").get<int>(), e.at("evidence").get<std::string>()}] =
        e.at("page").get<int>();
  }
  const nlohmann::json listed = parse(run("unresolved --json --db '" + tmp.db() + "'"));
  int pdf_references = 0;
  for (const auto& target : listed.at("targets")) {
    for (const auto& r : target.at("references")) {
      const auto& ev = r.at("evidence");
      if (!ev.at("file").get<std::string>().ends_with(".pdf")) continue;
      ++pdf_references;
      const auto key = std::make_pair(ev.at("line").get<int>(), ev.at("quote").get<std::string>());
      INFO(ev.dump());
      REQUIRE(page_of.count(key) == 1);
      CHECK(ev.at("page").get<int>() == page_of[key]);
      CHECK(ev.at("page").get<int>() >= 1);
    }
  }
  CHECK(pdf_references >= 1);
}
