#include "graphs/store/checkpointer.h"

#include <sqlite3.h>  // a reader holding a snapshot, as another process would

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg::testing;

constexpr std::uintmax_t kPage = 16384;  // a new store's page size (store.cpp)

std::uintmax_t wal_size(const std::string& db) {
  std::error_code ec;
  std::uintmax_t size = fs::file_size(db + "-wal", ec);
  return ec ? 0 : size;
}

// Batch `b` of the sample corpus, each file under a path of its own.
std::vector<pg::FilePut> batch(const std::vector<pg::Extraction>& corpus, int b) {
  std::vector<pg::FilePut> puts;
  for (std::size_t k = 0; k < corpus.size(); ++k) {
    std::string path = "/b" + std::to_string(b) + "/" + std::to_string(k) + ".txt";
    puts.push_back({path, "hash-" + path, &corpus[k]});
  }
  return puts;
}

}  // namespace

TEST_CASE("the log stays under its limit while batches commit and the thread copies it",
          "[checkpointer]") {
  TempDir dir;
  const std::string db = dir.db();
  const std::vector<pg::Extraction> corpus = sample_corpus();
  constexpr int kBatches = 60;
  const pg::BackgroundCheckpoints::Limits limits{1, 32};
  std::uintmax_t first = 0, peak = 0;
  pg::BackgroundCheckpoints::Stats stats;
  {
    auto store = pg::Store::open(db);
    REQUIRE(store.ok());
    pg::BackgroundCheckpoints checkpoints(*store, limits);
    REQUIRE(checkpoints.active());
    for (int b = 0; b < kBatches; ++b) {
      auto done = store->put_files(batch(corpus, b));
      REQUIRE(done.ok());
      for (const auto& r : *done) REQUIRE(r.ok());
      if (b == 0) first = wal_size(db);
      peak = std::max(peak, wal_size(db));
    }
    stats = checkpoints.stats();
  }
  // The limit and a batch or two past it: SQLite's own checkpoint (at 1,000
  // pages) or none at all would let the log grow to every batch's pages.
  const std::uintmax_t batch_pages = first / kPage + 1;
  INFO("first batch " << first << " bytes, peak " << peak << " bytes");
  CHECK(batch_pages * kBatches > 4 * (32 + 2 * batch_pages));
  CHECK(peak <= (32 + 2 * batch_pages) * (kPage + 24) + 32);
  // The thread's connection copied the log; the writer never did.
  CHECK(stats.passes > 0);
  CHECK(stats.pages_copied > 0);
  CHECK(stats.writer_checkpoints == 0);

  // Closed: the log folded back, every file there, the database sound.
  CHECK_FALSE(fs::exists(db + "-wal"));
  auto reopened = pg::Store::open(db, pg::Store::OpenMode::kMustExist);
  REQUIRE(reopened.ok());
  auto files = reopened->files();
  REQUIRE(files.ok());
  CHECK(files->size() == corpus.size() * kBatches);
  auto check = reopened->integrity_check();
  REQUIRE(check.ok());
  CHECK(*check == "ok");
}

TEST_CASE("a reader holding a snapshot neither fails the writer nor stalls it", "[checkpointer]") {
  TempDir dir;
  const std::string db = dir.db();
  const std::vector<pg::Extraction> corpus = sample_corpus();
  auto store = pg::Store::open(db);
  REQUIRE(store.ok());
  REQUIRE(store->put_files(batch(corpus, 0)).ok());

  // Another process's query in the middle of its read: the log cannot be
  // copied past its snapshot nor started again while it reads.
  sqlite3* reader = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* read = nullptr;
  REQUIRE(sqlite3_prepare_v2(reader, "SELECT path FROM files", -1, &read, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(read) == SQLITE_ROW);

  pg::BackgroundCheckpoints::Stats stats;
  {
    pg::BackgroundCheckpoints checkpoints(*store, {1, 16});
    for (int b = 1; b < 20; ++b) {
      auto done = store->put_files(batch(corpus, b));
      REQUIRE(done.ok());
      for (const auto& r : *done) REQUIRE(r.ok());
      // A query opened now reads every batch committed.
      auto query = pg::Store::open(db, pg::Store::OpenMode::kReadOnly);
      REQUIRE(query.ok());
      auto files = query->files();
      REQUIRE(files.ok());
      CHECK(files->size() == corpus.size() * (b + 1));
    }
    stats = checkpoints.stats();
  }
  CHECK(stats.waits > 0);  // each waited for one checkpoint, not for the reader
  CHECK(stats.writer_checkpoints == 0);
  // The reader still sees its snapshot: the first batch only.
  int rows = 1;
  while (sqlite3_step(read) == SQLITE_ROW) ++rows;
  CHECK(rows == static_cast<int>(corpus.size()));
  sqlite3_finalize(read);
  sqlite3_close_v2(reader);

  auto check = store->integrity_check();
  REQUIRE(check.ok());
  CHECK(*check == "ok");
}
