// The ingest pipeline: gazette files on disk -> the corpus store. The CLI's
// `ingest` command is a thin caller (options, progress, messages); the steps
// themselves live here so that tests, benchmarks and a future server call
// the same code.
//
// Paths: a file is stored under its canonical absolute path (the store key,
// which tells one file from another), while the extraction's `source` and
// its evidence name the file relative to the ingest root: the directory
// named on the command line, or the named file's own directory. So the
// stored text, and every answer read from it, is the same whichever folder
// `ingest` ran from.
//
// Threads: files are read and extracted by worker threads, and stored by the
// calling thread, in input order, many files per transaction (a savepoint
// each). Everything a caller hears (observer, diagnostics) comes on the
// calling thread, in input order, after the file's transaction committed; so
// messages and the store's contents do not depend on thread timing. One
// more thread copies the store's log into its database meanwhile
// (graphs/store/checkpointer.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "analyzer/extract/extractor.h"
#include "graphs/base/result.h"
#include "graphs/store/store.h"

namespace pg {

// The extractor's rules version, stored with each file's records. Bump it
// whenever a change to analyzer/read or analyzer/extract changes what is
// extracted from the same text: `ingest` then re-reads files stored by an
// older build even when their bytes are unchanged. (It lives here rather than
// in analyzer/extract because only the store's stamp uses it.)
inline constexpr int kExtractorVersion = 1;

// content_hash of every compiled-in analyzer/data table (names and contents,
// in order): a table edit re-reads stored files as a version bump does.
const std::string& tables_hash();

// {kExtractorVersion, tables_hash()}: the stamp of this build.
const ExtractorStamp& current_extractor();

struct IngestInput {
  std::string path;  // as found (to open it, and in messages)
  std::string key;   // canonical absolute path: the store's key
  std::string name;  // relative to the ingest root: Extraction::source, evidence
  std::uintmax_t size = 0;
};

struct Collected {
  std::vector<IngestInput> files;
  std::vector<Error> errors;          // a named path missing, a directory unreadable
  std::vector<std::string> warnings;  // a symbolic link loop not followed
};

// Files under each path: a directory gives its *.txt files, recursively, in
// byte order of their paths (symbolic links followed, loops not); a file is
// taken whatever its name. A file named twice is read once.
Collected collect_inputs(const std::vector<std::string>& paths);

// What a caller hears while files are ingested (progress, --verbose). Every
// call comes from the thread that called ingest_files, in input order.
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  // Before the first file, when `files` of the inputs are stored with records
  // of another extractor (ExtractorStamp): they are re-read even if their
  // bytes are unchanged. `older`: every one of them by an older version.
  virtual void rereading(std::size_t /*files*/, bool /*older*/) {}
  // Files before `index` are done (committed, skipped or failed);
  // `bytes_done` and `documents` so far. Called after each transaction.
  virtual void before_file(std::size_t /*index*/, std::uintmax_t /*bytes_done*/,
                           long /*documents*/) {}
  // A file read and stored (added or replaced; unchanged files are skipped
  // without being decoded and are not reported here). Called only once the
  // transaction holding it has committed.
  virtual void stored(const IngestInput& /*file*/, Store::IngestOutcome /*outcome*/,
                      const Extraction& /*e*/) {}
  // A file that could not be read, decoded or stored; the others go on.
  virtual void failed(const IngestInput& /*file*/, const Error& /*error*/) {}
};

// How ingest_files works; the defaults suit the command line.
struct IngestConfig {
  // Threads that read and extract; 0: the machine's hardware threads.
  unsigned jobs = 0;
  // A transaction holds at most this many files to write, and stops taking
  // more once their input reaches `batch_bytes`.
  std::size_t batch_files = 256;
  std::uintmax_t batch_bytes = std::uintmax_t{8} << 20;
  // Re-read and rewrite every file, even one stored unchanged (reindex).
  bool force = false;
  // Keep each file's text in the store (graphs/store/text_index.h) for
  // full-text search and the lines around evidence.
  bool text_index = true;
  // The stamp stored with the records (tests change it).
  ExtractorStamp extractor = current_extractor();
};

struct IngestTotals {
  std::size_t files = 0;  // stored now with their current content
  int added = 0, replaced = 0, unchanged = 0, failed = 0;
  // Files re-read because another extractor made their stored records.
  std::size_t reread = 0;
  // Store keys of the files added or replaced, in input order: what a step
  // after the last commit (re-resolving the graph) needs to revisit.
  std::vector<std::string> changed;
  long documents_read = 0;  // documents extracted in this run
  // Documents and edges stored for the files ingested, read back from the store.
  long documents = 0, edges = 0;
  // The disk (or a file-size limit) ran out at file `stopped_at`: the files
  // before it are stored, the rest not tried.
  bool out_of_room = false;
  std::size_t stopped_at = 0;
  // How the stored graph was brought up to date (refresh_graph's `how`).
  std::string graph_note;
};

// Reads, extracts and stores each file, a batch of files per transaction
// (config). A file stored with the same content hash, name and extractor
// stamp is skipped without being decoded. A file whose name another stored or
// given file has takes more of its path's folders (2019/x.txt) until it is
// the only one. A file that fails is reported and
// the others go on; a full disk stops the run (out_of_room), retrying its
// batch file by file so that the files before the culprit are stored.
// Diagnostics inside documents go to `sink`, in input order. An Error only
// when the store cannot be read.
Result<IngestTotals> ingest_files(Store& store, const std::vector<IngestInput>& files,
                                  DiagnosticSink& sink, IngestObserver& observer,
                                  const IngestConfig& config = {});

// The stored files as inputs for reindex: each read again from its stored
// path (the key) and stored under its stored name. Run with config.force.
std::vector<IngestInput> stored_inputs(const std::vector<FileRecord>& records);

// Loads extraction JSONL (the lines of `policygraph extract --format jsonl`,
// SCHEMA.md), one file's extraction per line, from `in`, named `name` in
// messages. A record is stored under the path its "source" names relative
// to `root` (canonical, absolute: the key a text ingest from `root` would
// use), with the hash "jsonl-" + content_hash(line) and the unknown extractor
// stamp, so that re-loading the same line is unchanged and a later text
// ingest or reindex re-reads it. A bad line (not JSON, not an extraction, a
// source that is absolute or leaves the root) is an Error naming `name` and
// the line number; the other lines go on. Blank lines are skipped;
// whitespace after the record (a tab left by Hadoop streaming) is ignored.
Result<IngestTotals> ingest_jsonl(Store& store, std::istream& in, const std::string& name,
                                  const std::string& root, DiagnosticSink& sink,
                                  IngestObserver& observer, const IngestConfig& config = {});

}  // namespace pg
