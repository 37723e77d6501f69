#include "graphs/store/checkpointer.h"

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "graphs/store/sqlite_stmt.h"
#include "graphs/store/store.h"

namespace pg {

struct BackgroundCheckpoints::Impl {
  sqlite3* writer = nullptr;  // the store's connection
  std::string path;
  Limits limits;
  int autocheckpoint = 1000;  // the writer's, given back at the end

  std::mutex mutex;
  std::condition_variable wake, done;
  long asked = 0;   // commits that asked for a checkpoint
  long served = 0;  // the last of them a finished checkpoint covers
  bool stopping = false;
  bool failed = false;  // the thread's connection is gone: the writer checkpoints
  Stats stats;
  std::thread thread;

  // The thread: a checkpoint for the latest request, until stopped. A
  // request made while a checkpoint runs is served by the next one, which
  // reads the log as it is then.
  void run() {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                              nullptr) == SQLITE_OK;
    // A connection opens the log on its first read, and a checkpoint on a
    // connection that has not is a no-op: read once (the statement ends, so
    // no read transaction stays open). NORMAL as the writer's: a checkpoint
    // syncs the log before it copies and the database after.
    ok = ok && sqlite3_exec(db, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) == 0 &&
         sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == 0;
    std::unique_lock lock(mutex);
    while (ok) {
      wake.wait(lock, [this] { return stopping || asked > served; });
      if (stopping) break;
      const long request = asked;
      lock.unlock();
      int log = 0, copied = 0;
      int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
      lock.lock();
      // BUSY: another process's checkpoint runs; it copies the log instead.
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) ok = false;
      ++stats.passes;
      if (copied > 0) stats.pages_copied += copied;
      served = request;
      done.notify_all();
    }
    failed = !stopping;
    done.notify_all();
    lock.unlock();
    sqlite3_close_v2(db);
  }

  // The writer's wal hook: called after each commit with the log's pages.
  void committed(sqlite3* db, const char* name, int pages) {
    if (pages < limits.start_pages) return;
    std::unique_lock lock(mutex);
    if (!failed) {
      const long request = ++asked;
      wake.notify_one();
      if (pages < limits.limit_pages) return;
      ++stats.waits;
      done.wait(lock, [&] { return served >= request || failed; });
      if (!failed) return;
    }
    // The thread is gone: checkpoint here, as SQLite's auto-checkpoint would.
    ++stats.writer_checkpoints;
    lock.unlock();
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }

  static int hook(void* self, sqlite3* db, const char* name, int pages) {
    static_cast<Impl*>(self)->committed(db, name, pages);
    return SQLITE_OK;
  }
};

BackgroundCheckpoints::BackgroundCheckpoints(Store& store, Limits limits) {
  sqlite3* db = store.db_handle();
  if (!db || store.path().empty()) return;
  auto impl = std::make_unique<Impl>();
  try {
    sql::Stmt mode(db, "PRAGMA journal_mode");
    if (!mode.step() || mode.str(0) != "wal") return;
    sql::Stmt pages(db, "PRAGMA wal_autocheckpoint");  // to give back
    if (pages.step()) impl->autocheckpoint = pages.int32(0);
  } catch (const sql::Failure&) {
    return;  // left alone: SQLite's own checkpoints, as before
  }
  impl->writer = db;
  impl->path = store.path();
  impl->limits = limits;
  try {
    impl->thread = std::thread([p = impl.get()] { p->run(); });
  } catch (const std::system_error&) {
    return;  // no thread: SQLite's own checkpoints, as before
  }
  // Replaces the auto-checkpoint, which is SQLite's own wal hook.
  sqlite3_wal_hook(db, &Impl::hook, impl.get());
  impl_ = std::move(impl);
}

BackgroundCheckpoints::~BackgroundCheckpoints() {
  if (!impl_) return;
  sqlite3_wal_autocheckpoint(impl_->writer, impl_->autocheckpoint);
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

bool BackgroundCheckpoints::active() const { return impl_ != nullptr; }

BackgroundCheckpoints::Stats BackgroundCheckpoints::stats() const {
  if (!impl_) return {};
  std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

}  // namespace pg
