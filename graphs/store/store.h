// The corpus store: an embedded SQLite database that holds the extractions of
// many gazette files (`policygraph ingest` writes it; every other command
// reads it).
//
// Contract:
// - One file (by path) is one unit: put_file replaces all of a file's rows in
//   one transaction, and put_files stores many files in one transaction with
//   a savepoint per file, so after a crash or an error the database holds
//   either a file's previous records or its new ones, never a mix.
// - A file is identified by the path the caller gives (spelled as the caller
//   chooses; the store does not canonicalize it) and its content by a hash the
//   caller gives (content_hash below, or any stable string).
// - "Identical database" means identical table contents: dump() serializes
//   every row in a fixed order, independent of the order of pages on disk.
// - A Store is not thread-safe; use one per thread. Several processes may
//   open the same file: writers wait for each other (up to a few seconds),
//   readers see only committed files.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/base/result.h"
#include "graphs/model/model.h"

struct sqlite3;

namespace pg {

// The layout this build reads and writes. Version 3 adds, per file, the
// extractor that made its records (ExtractorStamp); version 4 the page of
// each piece of evidence and each edge (0: the input has no pages). A version
// 2 or 3 database is migrated in place when opened for writing (one
// transaction; version 2 records get an unknown stamp, so the next ingest
// re-reads them; version 3 records get page 0, which is what a text input
// has, and only text inputs were read before version 4) and refused when
// opened read-only, with the command that upgrades it; any other version is
// refused with an Error.
// Version 5 adds the text of each file and its full-text index
// (text_index.h); a version 4 store is migrated to it with no text, which
// `policygraph reindex` fills.
// Version 6 adds edges.scope (Edge::scope: the part a repeal ends); a version
// 5 store is migrated with NULL, and the next ingest re-reads its files (the
// tables hash changed).
// Version 7 indexes text after an ingest's transactions (text_index.h: a
// span is stored pending, index_pending_text indexes it); a version 6
// store is migrated with its index as it was and nothing pending. Opening
// it for writing is the whole upgrade: the message read-only gives names
// `policygraph index-text`, which does that quickly.
// Version 8 stores the text's spans without the generated `flat` column
// (text_index.cpp: SQLite computed it on every insert); a version 7 store
// is migrated in place, its index kept, by the same command.
inline constexpr int kStoreSchemaVersion = 8;

// The default database file, relative to the working directory.
inline constexpr std::string_view kDefaultStorePath = "policygraph.db";

// Words of the errors a caller may tell apart: a file that is no store or
// is damaged (open), and a write refused for room (put_file: full disk or
// a file-size limit). The store is unchanged after either.
inline constexpr std::string_view kCorruptStoreMessage = "not a policygraph store or is corrupt";
inline constexpr std::string_view kStoreOutOfRoomMessage =
    "the disk is full or a file-size limit (ulimit -f) was reached";

// A stable identity of a file's bytes: FNV-1a 64 and the length, as
// "<16 hex digits>-<length>", e.g. "cbf29ce484222325-0" for empty input.
// Not cryptographic: it detects edits, not tampering.
std::string content_hash(std::string_view bytes);

// Which extractor made a file's records: its rules version and a hash of the
// data tables it was built with (analyzer/ingest gives the current one). The
// store only keeps and compares it.
struct ExtractorStamp {
  int version = 0;          // 0: unknown (a migrated v2 store, or loaded from JSONL)
  std::string tables_hash;  // "" when unknown
  bool operator==(const ExtractorStamp&) const = default;
};

// One stored file, as files() lists it.
struct FileRecord {
  std::string path;    // the key given to put_file
  std::string hash;    // the content hash given to put_file
  std::string source;  // Extraction::source
  int documents = 0;   // number of documents stored for it
  int edges = 0;       // number of edges stored for it
  ExtractorStamp extractor;
};

// One file for put_files.
struct FilePut {
  std::string path;                        // the key
  std::string hash;                        // its content hash
  const Extraction* extraction = nullptr;  // must stay live during the call
  ExtractorStamp extractor;                // what made `extraction`
  bool force = false;                      // rewrite even when unchanged
  // The file's text (text_index.h: text_spans), stored with its records;
  // null: none (its old text, if any, goes). Must stay live and unchanged
  // during the call: its strings are bound without a copy.
  const struct FileSpans* text = nullptr;
};

// An extraction a caller has just put, kept in memory so that reading every
// extraction back (load_all) need not decode its rows again.
struct KeptExtraction {
  std::string hash;  // as given to put_files
  ExtractorStamp extractor;
  Extraction extraction;
};
// Kept extractions by store key (FilePut::path).
using KeptExtractions = std::map<std::string, KeptExtraction>;

class Store {
 public:
  // What open does when there is no database yet.
  enum class OpenMode {
    kCreateIfMissing,  // create the file and the schema (ingest)
    kMustExist,        // Error unless the file holds a policygraph database
                       // (a typo in --db must not create an empty one)
    kReadOnly,         // as kMustExist, and nothing is written (queries): no
                       // journal-mode switch, so a read-only file or folder
                       // can be queried; a WAL store whose -shm cannot be
                       // made is read as an immutable file
  };

  // What put_file did.
  enum class IngestOutcome {
    kAdded,      // the path was not stored before
    kReplaced,   // the path was stored with another hash; its old rows are gone
    kUnchanged,  // the path was stored with this hash; nothing was written
  };

  // Opens the database at `path`, creating it if `mode` allows. Errors name
  // the file: it cannot be opened, it is not a SQLite database, it is a SQLite
  // database of something else, or its schema version differs
  // ("database has schema version 2; this policygraph needs 1").
  // Opening recovers from an interrupted write (the file's directory must be
  // writable for that), so every file committed before a crash is there.
  static Result<Store> open(const std::string& path, OpenMode mode = OpenMode::kCreateIfMissing);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // The database file this store was opened on.
  const std::string& path() const;

  // Stores `e` as the records of `file_path` with content `hash`, in one
  // transaction: an unchanged hash and source (the name the file is stored
  // under) writes nothing (kUnchanged); otherwise the
  // file's old documents, evidence and edges are deleted and the new ones
  // inserted. On any failure the transaction is rolled back, the database is
  // as before the call, and the Error names `file_path`. Dates in `e` must be
  // valid calendar dates. Order within `e` is kept (documents, edges,
  // issuers, promulgated titles, field evidence).
  Result<IngestOutcome> put_file(const std::string& file_path, std::string_view hash,
                                 const Extraction& e, const ExtractorStamp& extractor = {});

  // Stores many files in ONE transaction, each inside its own savepoint, with
  // statements prepared once per store. A file is unchanged (nothing written)
  // when its hash, source and extractor stamp are all as stored, unless
  // `force`. A file that fails (an invalid date, a hook) is rolled back alone:
  // its slot holds an Error naming it, and the others are committed. The
  // outer Error means the batch as a whole failed (the commit, or a failure
  // that ended the transaction, such as a full disk): nothing of it is
  // stored. Results are in the order of `files`.
  Result<std::vector<Result<IngestOutcome>>> put_files(const std::vector<FilePut>& files);

  // True when `file_path` is stored with exactly `hash` (so an ingest can
  // skip reading and extracting it).
  Result<bool> has_file(const std::string& file_path, std::string_view hash) const;

  // Deletes every record of `file_path` in one transaction; false when it was
  // not stored.
  Result<bool> remove_file(const std::string& file_path);

  // Every stored file, by path (byte order).
  Result<std::vector<FileRecord>> files() const;

  // The extraction stored for `file_path`, nullopt when it is not stored.
  Result<std::optional<Extraction>> load_file(const std::string& file_path) const;

  // Every stored extraction, by path (byte order), each in the order it was
  // put. Evidence::file is restored as it was given.
  Result<std::vector<Extraction>> load_all() const;
  // The same, in one read transaction, taking a file's extraction from
  // `kept` (moved out) instead of reading its rows when the file is stored
  // with the kept hash, source and extractor stamp - the rows put from it
  // (ingest keeps what it stored, for the graph rebuild after its last file).
  // Others, and a kept file stored differently since, are read.
  Result<std::vector<Extraction>> load_all(KeptExtractions&& kept) const;

  // Every row of every table as text, one row per line, each line starting
  // with the file's path, sorted by path and then by position within the file.
  // Equal dumps mean equal stored contents; filtering lines by path gives the
  // rows of one file. Meant for tests and debugging, not as an export format.
  Result<std::string> dump() const;

  // SQLite's integrity check plus its foreign key check: "ok", or the
  // problems found, one a line.
  Result<std::string> integrity_check() const;

  // Test seam. When set, put_file and put_files call it inside the
  // transaction after each step: "begin" (a file's savepoint taken), "file",
  // "document" (after each), "edge" (after each) and "commit" (once per
  // transaction, just before COMMIT). Returning false makes put_file fail there
  // and roll back as a SQLite error would; a hook may also end the process to
  // simulate a crash. Not for production use.
  using StepHook = std::function<bool(std::string_view step)>;
  void set_step_hook(StepHook hook);

  // The SQLite connection, for graphs/store/graph_store.h (the resolved graph
  // kept in the same file) and checkpointer.h (its commits' checkpoints).
  // Owned by the Store; not for other callers.
  sqlite3* db_handle() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  // kReadOnly: SQLITE_OPEN_READONLY, or the file opened as immutable.
  static Result<Store> open_read_only(const std::string& path, bool immutable);
  std::unique_ptr<Impl> impl_;
};

std::string_view to_string(Store::IngestOutcome o);  // "added", "replaced", "unchanged"

}  // namespace pg
