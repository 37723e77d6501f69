// Checkpoints of a store's write-ahead log on a thread of their own, for a
// long run of write transactions (an ingest: its batches of files and the
// graph saved after them).
//
// SQLite copies the log (the -wal file) back into the database in a
// checkpoint, by default inside the COMMIT that leaves the log at 1,000 pages
// or more: on the writing thread. While a BackgroundCheckpoints lives:
// - the store's connection does not checkpoint after its commits; a commit
//   that leaves the log at `start_pages` or more wakes a thread that copies
//   it with a connection of its own to the same file. Its checkpoints are
//   PASSIVE: they never wait for the writer or a reader, and never make one
//   wait or fail (the writer is never busy because of them), and the thread
//   holds no read transaction between them;
// - the log stays bounded: a commit that leaves it at `limit_pages` or more
//   waits for a checkpoint that covers it, so that the next write
//   transaction starts the log again from its beginning (unless a reader
//   still reads an older snapshot, which holds SQLite's own checkpoints back
//   the same way). Should the thread fail (its connection cannot be opened,
//   a checkpoint fails), such a commit checkpoints on the writer, as SQLite
//   would;
// - nothing committed depends on it: a checkpoint is crash-safe wherever a
//   process is killed, and the log is folded back into the database when the
//   last connection closes, as before.
// A store whose journal is not a write-ahead log (an in-memory database) is
// left alone. Destroying it stops the thread after the checkpoint in
// progress and gives the store's connection its auto-checkpoint back. It
// must be made and destroyed on the thread that uses the store, and
// destroyed before the store.
#pragma once

#include <memory>

namespace pg {

class Store;

class BackgroundCheckpoints {
 public:
  struct Limits {
    long start_pages = 1000;  // SQLite's own auto-checkpoint point
    long limit_pages = 4000;  // 64 MB of 16 KB pages
  };
  // What happened so far, for tests and measurements.
  struct Stats {
    long passes = 0;              // checkpoints run by the thread
    long pages_copied = 0;        // pages they copied into the database
    long waits = 0;               // commits that waited for one (the log at its limit)
    long writer_checkpoints = 0;  // checkpoints run on the writer (the thread failed)
  };

  explicit BackgroundCheckpoints(Store& store) : BackgroundCheckpoints(store, Limits{}) {}
  BackgroundCheckpoints(Store& store, Limits limits);
  ~BackgroundCheckpoints();
  BackgroundCheckpoints(const BackgroundCheckpoints&) = delete;
  BackgroundCheckpoints& operator=(const BackgroundCheckpoints&) = delete;

  // False when the store was left alone (not a write-ahead log, or no thread
  // could be started): its commits checkpoint as SQLite's default does.
  bool active() const;
  Stats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace pg
