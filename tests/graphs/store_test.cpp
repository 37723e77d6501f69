#include "graphs/store/store.h"

#include <sqlite3.h>  // only to tamper with a database behind the store's back
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/base/result.h"
#include "graphs/model/json_io.h"
#include "graphs/model/model.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;

using namespace pg::testing;

// An input file: the path the store keys it by, its hash and its extraction.
struct Input {
  std::string path;
  std::string hash;
  pg::Extraction extraction;
};

// The gold extractions: real gazettes, labeled by hand; the test needs no
// analyzer to produce them.
std::vector<Input> gold_inputs() {
  std::vector<Input> out;
  for (const auto& p : gold_files()) {
    std::string text = slurp(p);
    auto e = pg::extraction_from_json(text, p.string());
    REQUIRE(e.ok());
    out.push_back({p.string(), pg::content_hash(text), std::move(e).value()});
  }
  REQUIRE(out.size() >= 3);
  return out;
}

pg::Store open_store(const std::string& path) {
  auto store = pg::Store::open(path);
  INFO((store.ok() ? "" : store.error().to_string()));
  REQUIRE(store.ok());
  return std::move(store).value();
}

pg::Store::IngestOutcome put(pg::Store& store, const Input& in) {
  auto r = store.put_file(in.path, in.hash, in.extraction);
  INFO((r.ok() ? "" : r.error().to_string()));
  REQUIRE(r.ok());
  return *r;
}

std::string dump(const pg::Store& store) {
  auto d = store.dump();
  REQUIRE(d.ok());
  return *d;
}

// Dump lines that do not belong to `path` (lines start with the quoted path).
std::string dump_without(const std::string& full_dump, const std::string& path) {
  std::istringstream in(full_dump);
  std::string prefix = "\"" + path + "\"\t";
  std::string out, line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) != 0) out += line + "\n";
  }
  return out;
}

// Everything an extraction holds, in its own order: the JSON (which groups
// evidence by field) plus the evidence as a sequence, with its file.
std::string describe(const pg::Extraction& e) {
  std::string out = pg::to_json(e, -1) + "\nsource=" + e.source + "\n";
  for (const auto& d : e.documents) {
    for (const auto& fe : d.field_evidence) {
      out += fe.field + "|" + fe.evidence.file + "|" + std::to_string(fe.evidence.line) + "|" +
             fe.evidence.quote + "\n";
    }
  }
  return out;
}

// Hostile and unusual text in every field that takes text.
pg::Extraction hostile_extraction() {
  pg::Extraction e;
  e.source = "O'Brien; \"quoted\".txt";
  e.encoding = "GB18030";
  e.gazette.publisher = "济南市人民政府'); DROP TABLE files; --";
  e.gazette.year = 2017;
  e.gazette.issue = std::nullopt;
  e.notes = "line one\nline two\ttabbed \\ backslash";

  pg::Document a;
  a.doc_no = "济政发〔2017〕24号\"; DELETE FROM documents; --";
  a.title = "关于印发《X》的通知'); DROP TABLE documents; --";
  a.issuers = {"济南市人民政府", "", "O'Neil \"&\" 合作方"};
  a.signed_date = pg::Date::make(2017, 11, 20);
  a.printed_date = pg::Date::make(2016, 2, 29);
  a.registration_no = "JNCR-2019-0010006";
  a.effective.kind = pg::Effective::Kind::kDate;
  a.effective.date = *pg::Date::make(2017, 12, 20);
  a.expires = pg::Date::make(2022, 12, 19);
  a.expires_text = "有效期至2022年12月19日";
  a.promulgated_titles = {"办法; 细则", std::string("embedded\0nul", 12)};
  a.prevails_clause = true;
  a.line_start = 1;
  a.line_end = 772;
  a.field_evidence = {{"title", {e.source, 3, "《X》'; --"}},
                      {"doc_no", {"other-file.txt", 2, "quote \"here\""}},
                      {"title", {e.source, 4, ""}}};

  pg::Document b;
  b.title = "大事记";
  b.kind = pg::DocumentKind::kOther;
  b.effective.kind = pg::Effective::Kind::kOnIssue;
  b.line_start = 773;
  b.line_end = 800;

  pg::Document c;
  c.title = "";  // unstated everything
  e.documents = {a, b, c};

  pg::Edge x;
  x.from = *a.doc_no;
  x.to_doc_no = "鲁政发〔2016〕26号";
  x.to_title = "'; DROP TABLE edges; --";
  x.type = pg::RelationType::kBasedOn;
  x.line = 21;
  x.evidence = "根据《…》（鲁政发〔2016〕26号）\n等";
  pg::Edge y;
  y.from = "鲁政发〔2016〕26号";
  y.to_doc_no = "国发〔2016〕14号";
  y.type = pg::RelationType::kImplements;
  y.derived = true;
  pg::Edge z;  // both targets null
  z.from = "大事记";
  z.type = pg::RelationType::kRepeals;
  e.edges = {x, y, z};
  return e;
}

// A large extraction, so that an interrupted put has written pages beyond
// SQLite's cache (the database file itself is touched before the commit).
pg::Extraction big_extraction() {
  pg::Extraction e;
  e.source = "big.txt";
  for (int i = 0; i < 400; ++i) {
    pg::Document d;
    d.doc_no = "济政发〔2020〕" + std::to_string(i) + "号";
    d.title = std::string(300, 'T') + std::to_string(i);
    d.line_start = i * 10 + 1;
    d.line_end = i * 10 + 10;
    d.field_evidence.push_back({"title", {e.source, d.line_start, std::string(500, 'q')}});
    e.documents.push_back(std::move(d));
  }
  for (int i = 0; i < 4000; ++i) {
    pg::Edge x;
    x.from = "济政发〔2020〕" + std::to_string(i % 400) + "号";
    x.to_title = "target " + std::to_string(i);
    x.line = i + 1;
    x.evidence = std::string(1000, 'e');
    e.edges.push_back(std::move(x));
  }
  return e;
}

void set_schema_version(const std::string& db_path, const char* version) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  std::string sql =
      std::string("UPDATE meta SET value = '") + version + "' WHERE key = 'schema_version'";
  CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("content hash is FNV-1a 64 with the length", "[store]") {
  CHECK(pg::content_hash("") == "cbf29ce484222325-0");
  CHECK(pg::content_hash("a") == "af63dc4c8601ec8c-1");
  CHECK(pg::content_hash("济政发") != pg::content_hash("济政办发"));
}

TEST_CASE("every gold extraction loads back as it was put", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto store = open_store(dir.file("corpus.db"));
  // Put in reverse order: load_all still returns them by path.
  for (auto it = inputs.rbegin(); it != inputs.rend(); ++it) {
    CHECK(put(store, *it) == pg::Store::IngestOutcome::kAdded);
  }
  auto loaded = store.load_all();
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    INFO(inputs[i].path);
    CHECK(describe((*loaded)[i]) == describe(inputs[i].extraction));
  }

  auto one = store.load_file(inputs[1].path);
  REQUIRE(one.ok());
  REQUIRE(one->has_value());
  CHECK(describe(**one) == describe(inputs[1].extraction));
  auto none = store.load_file("no/such/file.txt");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

TEST_CASE("titles with quotes, semicolons and SQL round-trip exactly", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("hostile.db"));
  Input in{"dir/O'Brien; \"x\".txt", "h1", hostile_extraction()};
  put(store, in);
  auto loaded = store.load_file(in.path);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  CHECK(describe(**loaded) == describe(in.extraction));
  const pg::Document& a = (**loaded).documents[0];
  CHECK(a.title == in.extraction.documents[0].title);
  CHECK(a.promulgated_titles[1] == std::string("embedded\0nul", 12));
  CHECK(a.field_evidence[1].evidence.file == "other-file.txt");
  CHECK((**loaded).documents[1].effective.kind == pg::Effective::Kind::kOnIssue);
  CHECK((**loaded).documents[2].effective.kind == pg::Effective::Kind::kUnstated);
  CHECK_FALSE((**loaded).edges[2].to_doc_no.has_value());
  CHECK_FALSE((**loaded).edges[2].to_title.has_value());
  auto check = store.integrity_check();
  REQUIRE(check.ok());
  CHECK(*check == "ok");
}

TEST_CASE("putting a file again with the same hash is unchanged and writes nothing", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto store = open_store(dir.file("corpus.db"));
  for (const auto& in : inputs) put(store, in);
  std::string before = dump(store);
  for (const auto& in : inputs) {
    CHECK(put(store, in) == pg::Store::IngestOutcome::kUnchanged);
    auto has = store.has_file(in.path, in.hash);
    REQUIRE(has.ok());
    CHECK(*has);
    auto other = store.has_file(in.path, "another hash");
    REQUIRE(other.ok());
    CHECK_FALSE(*other);
  }
  CHECK(dump(store) == before);

  // Even a different extraction under the same hash is not looked at.
  Input altered = inputs[0];
  altered.extraction.documents.clear();
  CHECK(put(store, altered) == pg::Store::IngestOutcome::kUnchanged);
  CHECK(dump(store) == before);
}

TEST_CASE("a changed file replaces its own rows and no other file's", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto store = open_store(dir.file("corpus.db"));
  for (const auto& in : inputs) put(store, in);
  std::string before = dump(store);

  Input edited = inputs[1];
  edited.hash = "edited";
  edited.extraction.documents.pop_back();
  edited.extraction.documents.front().title += "（修订）";
  edited.extraction.edges.push_back(hostile_extraction().edges[0]);
  CHECK(put(store, edited) == pg::Store::IngestOutcome::kReplaced);

  std::string after = dump(store);
  CHECK(after != before);
  CHECK(dump_without(after, edited.path) == dump_without(before, edited.path));
  auto loaded = store.load_file(edited.path);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  CHECK(describe(**loaded) == describe(edited.extraction));

  auto files = store.files();
  REQUIRE(files.ok());
  REQUIRE(files->size() == inputs.size());
  CHECK((*files)[1].path == edited.path);
  CHECK((*files)[1].hash == "edited");
  CHECK((*files)[1].documents == static_cast<int>(edited.extraction.documents.size()));
  CHECK((*files)[1].edges == static_cast<int>(edited.extraction.edges.size()));

  // Putting the original back restores the original database.
  CHECK(put(store, inputs[1]) == pg::Store::IngestOutcome::kReplaced);
  CHECK(dump(store) == before);
}

TEST_CASE("two databases fed the same files in the same order are identical", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto first = open_store(dir.file("first.db"));
  auto second = open_store(dir.file("second.db"));
  for (const auto& in : inputs) {
    put(first, in);
    put(second, in);
  }
  put(first, inputs[0]);  // a second ingest of the same files
  CHECK(dump(first) == dump(second));
  CHECK(dump(first).find("\"schema_version\"\t\"8\"") != std::string::npos);
}

TEST_CASE("remove_file deletes every row of the file", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto all = open_store(dir.file("all.db"));
  auto rest = open_store(dir.file("rest.db"));
  for (const auto& in : inputs) put(all, in);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i != 1) put(rest, inputs[i]);
  }
  auto removed = all.remove_file(inputs[1].path);
  REQUIRE(removed.ok());
  CHECK(*removed);
  CHECK(dump(all) == dump(rest));
  auto again = all.remove_file(inputs[1].path);
  REQUIRE(again.ok());
  CHECK_FALSE(*again);
  auto check = all.integrity_check();
  REQUIRE(check.ok());
  CHECK(*check == "ok");
}

TEST_CASE("a database reopened holds what was committed", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  std::string before;
  {
    auto store = open_store(dir.file("corpus.db"));
    for (const auto& in : inputs) put(store, in);
    before = dump(store);
  }
  auto reopened = pg::Store::open(dir.file("corpus.db"), pg::Store::OpenMode::kMustExist);
  REQUIRE(reopened.ok());
  CHECK(dump(*reopened) == before);
  CHECK(put(*reopened, inputs[0]) == pg::Store::IngestOutcome::kUnchanged);
}

TEST_CASE("a database of another schema version is refused, naming both versions", "[store]") {
  TempDir dir;
  std::string path = dir.file("old.db");
  { open_store(path); }
  set_schema_version(path, "9");
  auto store = pg::Store::open(path);
  REQUIRE_FALSE(store.ok());
  std::string message = store.error().to_string();
  CHECK(message == path + ": database has schema version 9; this policygraph needs " +
                       std::to_string(pg::kStoreSchemaVersion));
}

TEST_CASE("files that are not policygraph databases are refused", "[store]") {
  TempDir dir;
  SECTION("a text file") {
    std::string path = dir.file("notes.txt");
    std::ofstream(path) << "this is not a database, just some text that is long enough\n";
    auto store = pg::Store::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().file == path);
    CHECK(store.error().message.find("not a database") != std::string::npos);
  }
  SECTION("another application's SQLite database") {
    std::string path = dir.file("other.db");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    auto store = pg::Store::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().to_string() == path + ": not a policygraph database (no meta table)");
  }
  SECTION("a missing file when the database must exist") {
    std::string path = dir.file("typo.db");
    auto store = pg::Store::open(path, pg::Store::OpenMode::kMustExist);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().file == path);
    CHECK_FALSE(fs::exists(path));
  }
}

TEST_CASE("a failure in the middle of put_file leaves the previous content", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto store = open_store(dir.file("corpus.db"));
  put(store, inputs[0]);
  put(store, inputs[1]);
  std::string before = dump(store);

  Input edited = inputs[1];
  edited.hash = "edited";
  edited.extraction.documents.pop_back();
  REQUIRE(edited.extraction.edges.size() >= 2);

  SECTION("stopped by the hook after some rows were replaced") {
    int edges = 0;
    store.set_step_hook(
        [&edges](std::string_view step) { return !(step == "edge" && ++edges == 2); });
    auto r = store.put_file(edited.path, edited.hash, edited.extraction);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().file == edited.path);
    CHECK(r.error().to_string().find("stopped by the step hook at \"edge\"") != std::string::npos);
    store.set_step_hook(nullptr);
  }
  SECTION("stopped just before the commit of a new file") {
    store.set_step_hook([](std::string_view step) { return step != "commit"; });
    auto r = store.put_file(inputs[2].path, inputs[2].hash, inputs[2].extraction);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().file == inputs[2].path);
    store.set_step_hook(nullptr);
  }
  SECTION("a date that does not exist") {
    Input bad = edited;
    bad.extraction.documents.back().signed_date = pg::Date{2017, 2, 30};
    auto r = store.put_file(bad.path, bad.hash, bad.extraction);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("signed is not a valid date") != std::string::npos);
  }
  CHECK(dump(store) == before);
  auto has = store.has_file(edited.path, edited.hash);
  REQUIRE(has.ok());
  CHECK_FALSE(*has);
  // The store still works after the rollback.
  CHECK(put(store, edited) == pg::Store::IngestOutcome::kReplaced);
}

TEST_CASE("a process killed mid-ingest leaves every file committed before it", "[store]") {
  TempDir dir;
  std::string path = dir.file("corpus.db");
  auto inputs = gold_inputs();
  Input big{"big.txt", "big-hash", big_extraction()};
  constexpr int kKilled = 42;

  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child uses no Catch2 and leaves by _exit only: no destructors, no
    // flushing, no rollback, as if killed.
    auto store = pg::Store::open(path);
    if (!store.ok()) _exit(1);
    if (!store->put_file(inputs[0].path, inputs[0].hash, inputs[0].extraction).ok()) _exit(2);
    int edges = 0;
    store->set_step_hook([&edges](std::string_view step) {
      if (step == "edge" && ++edges == 3000) _exit(kKilled);
      return true;
    });
    (void)store->put_file(big.path, big.hash, big.extraction);
    _exit(3);  // the hook was never reached
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == kKilled);
  // The killed writer left its write-ahead log behind (it never closed): the
  // committed file is in it, the interrupted one has no commit record there.
  REQUIRE(fs::exists(path + "-wal"));
  CHECK(fs::file_size(path + "-wal") > 0);

  auto store = open_store(path);
  auto check = store.integrity_check();
  REQUIRE(check.ok());
  CHECK(*check == "ok");
  auto files = store.files();
  REQUIRE(files.ok());
  REQUIRE(files->size() == 1);
  CHECK((*files)[0].path == inputs[0].path);
  auto loaded = store.load_all();
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == 1);
  CHECK(describe(loaded->front()) == describe(inputs[0].extraction));

  // The same ingest, done again, completes.
  CHECK(put(store, big) == pg::Store::IngestOutcome::kAdded);
  CHECK(put(store, inputs[0]) == pg::Store::IngestOutcome::kUnchanged);
}

TEST_CASE("a closed store is one file again, its write-ahead log folded in", "[store]") {
  TempDir dir;
  std::string path = dir.file("closed.db");
  auto inputs = gold_inputs();
  {
    auto store = open_store(path);
    CHECK(put(store, inputs[0]) == pg::Store::IngestOutcome::kAdded);
    CHECK(fs::exists(path + "-wal"));
  }
  CHECK_FALSE(fs::exists(path + "-wal"));
  CHECK_FALSE(fs::exists(path + "-shm"));
  auto reopened = open_store(path);
  auto files = reopened.files();
  REQUIRE(files.ok());
  CHECK(files->size() == 1);
}

TEST_CASE("put_files commits a batch at once and a file that fails fails alone", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  Input bad = inputs[1];
  bad.extraction.documents.back().signed_date = pg::Date{2017, 2, 30};

  auto batch = open_store(dir.file("batch.db"));
  std::vector<pg::FilePut> puts{{inputs[0].path, inputs[0].hash, &inputs[0].extraction},
                                {bad.path, bad.hash, &bad.extraction},
                                {inputs[2].path, inputs[2].hash, &inputs[2].extraction}};
  auto done = batch.put_files(puts);
  REQUIRE(done.ok());
  REQUIRE(done->size() == 3);
  CHECK((*done)[0].ok());
  REQUIRE_FALSE((*done)[1].ok());
  CHECK((*done)[1].error().file == bad.path);
  CHECK(has((*done)[1].error().message, "signed is not a valid date"));
  CHECK((*done)[2].ok());

  // The same as the good files put one by one.
  auto single = open_store(dir.file("single.db"));
  put(single, inputs[0]);
  put(single, inputs[2]);
  CHECK(dump(batch) == dump(single));

  // Unchanged files in a batch write nothing; a forced one is rewritten.
  puts = {{inputs[0].path, inputs[0].hash, &inputs[0].extraction},
          {inputs[2].path, inputs[2].hash, &inputs[2].extraction, {}, true}};
  done = batch.put_files(puts);
  REQUIRE(done.ok());
  CHECK(*(*done)[0] == pg::Store::IngestOutcome::kUnchanged);
  CHECK(*(*done)[1] == pg::Store::IngestOutcome::kReplaced);
  CHECK(dump(batch) == dump(single));
}

TEST_CASE("a batch stopped before its commit stores none of its files", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto store = open_store(dir.file("corpus.db"));
  put(store, inputs[0]);
  const std::string before = dump(store);
  store.set_step_hook([](std::string_view step) { return step != "commit"; });
  std::vector<pg::FilePut> puts{{inputs[1].path, inputs[1].hash, &inputs[1].extraction},
                                {inputs[2].path, inputs[2].hash, &inputs[2].extraction}};
  auto done = store.put_files(puts);
  REQUIRE_FALSE(done.ok());
  CHECK(has(done.error().message, "a batch of 2 files not stored"));
  store.set_step_hook(nullptr);
  CHECK(dump(store) == before);
}

TEST_CASE("the same bytes stored by another extractor are stored again", "[store]") {
  TempDir dir;
  auto inputs = gold_inputs();
  auto store = open_store(dir.file("corpus.db"));
  const pg::ExtractorStamp v1{1, "tables-a"}, v2{2, "tables-a"};
  const Input& in = inputs[0];
  CHECK(*store.put_file(in.path, in.hash, in.extraction, v1) == pg::Store::IngestOutcome::kAdded);
  CHECK(*store.put_file(in.path, in.hash, in.extraction, v1) ==
        pg::Store::IngestOutcome::kUnchanged);
  CHECK(*store.put_file(in.path, in.hash, in.extraction, v2) ==
        pg::Store::IngestOutcome::kReplaced);
  auto files = store.files();
  REQUIRE(files.ok());
  REQUIRE(files->size() == 1);
  CHECK((*files)[0].extractor == v2);
}

// tests/data/store_v2/v2.db was written by policygraph before schema 3 (see
// its README): one file, /tmp/pgfix/corpus/2018_jiyang_6.txt.
TEST_CASE(
    "a version 2 store is refused read-only with the command that upgrades it, and "
    "migrated in place when opened for writing",
    "[store][upgrade]") {
  TempDir dir;
  const std::string path = dir.file("v2.db");
  fs::copy_file(std::string(TEST_DATA_DIR) + "/store_v2/v2.db", path);

  auto refused = pg::Store::open(path, pg::Store::OpenMode::kReadOnly);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().to_string() ==
        path + ": database has schema version 2; this policygraph needs 8: upgrade it with " +
            "`policygraph reindex --db " + path + "`");

  {
    auto store = open_store(path);  // migrates
    auto files = store.files();
    REQUIRE(files.ok());
    REQUIRE(files->size() == 1);
    CHECK((*files)[0].path == "/tmp/pgfix/corpus/2018_jiyang_6.txt");
    CHECK((*files)[0].source == "2018_jiyang_6.txt");
    CHECK((*files)[0].documents == 1);
    CHECK((*files)[0].edges == 2);
    CHECK((*files)[0].extractor == pg::ExtractorStamp{});  // unknown: re-read on the next ingest
    auto all = store.load_all();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1);
    REQUIRE(all->front().documents.size() == 1);
    CHECK(all->front().documents[0].doc_no == "济阳政发〔2018〕6号");
    // Through versions 3, 4 and 5 to 6 in the one transaction.
    CHECK(has(dump(store), "\"\"\tmeta\t\"schema_version\"\t\"8\"\n"));
    CHECK(*store.integrity_check() == "ok");
  }
  auto reopened = pg::Store::open(path, pg::Store::OpenMode::kReadOnly);
  CHECK(reopened.ok());
}
