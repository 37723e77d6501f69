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
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/extract/extractor.h"
#include "graphs/base/result.h"
#include "graphs/store/store.h"

namespace pg {

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

// What a caller hears while files are ingested (progress, --verbose).
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  // Before file `index` is read; `bytes_done` and `documents` so far.
  virtual void before_file(std::size_t /*index*/, std::uintmax_t /*bytes_done*/,
                           long /*documents*/) {}
  // A file read and stored (added or replaced; unchanged files are skipped
  // without being decoded and are not reported here).
  virtual void stored(const IngestInput& /*file*/, Store::IngestOutcome /*outcome*/,
                      const Extraction& /*e*/) {}
  // A file that could not be read, decoded or stored; the others go on.
  virtual void failed(const IngestInput& /*file*/, const Error& /*error*/) {}
};

struct IngestTotals {
  std::size_t files = 0;  // stored now with their current content
  int added = 0, replaced = 0, unchanged = 0, failed = 0;
  long documents_read = 0;  // documents extracted in this run
  // Documents and edges stored for the files ingested, read back from the store.
  long documents = 0, edges = 0;
  // The disk (or a file-size limit) ran out at file `stopped_at`: the files
  // before it are stored, the rest not tried.
  bool out_of_room = false;
  std::size_t stopped_at = 0;
};

// Reads, extracts and stores each file, one transaction per file. A file
// stored with the same content hash is skipped. Diagnostics inside documents
// go to `sink`. An Error only when the totals cannot be read back.
Result<IngestTotals> ingest_files(Store& store, const std::vector<IngestInput>& files,
                                  DiagnosticSink& sink, IngestObserver& observer);

}  // namespace pg
