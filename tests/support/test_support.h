// Helpers shared by the test binaries: the gold extractions of tests/data and
// the graph built from them, temporary directories, and the built
// `policygraph` executable run through the shell.
//
// Functions that check something do it with Catch2 (REQUIRE), so call them
// from inside a TEST_CASE.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg::testing {

// ------------------------------------------------------------- files ----

// The whole file, or "" when it cannot be read.
std::string slurp(const std::filesystem::path& path);
// The whole file; fails the test (naming the path) when it cannot be opened.
std::string read_file(const std::filesystem::path& path);
// The files of `dir` whose extension is `ext` (".json"), sorted by path.
std::vector<std::string> files_in(const std::string& dir, const std::string& ext);

// ---------------------------------------------------------- the gold ----

// The hand-labelled extractions (*.json) of tests/data/gazettes and
// tests/data/judicial, sorted by path.
std::vector<std::filesystem::path> gold_files();
// The gold extractions of tests/data/gazettes only, in file-name order.
std::vector<Extraction> gazette_corpus();
// The gold extractions of tests/data/gazettes and tests/data/judicial (the
// sample corpus, all 23 files), in file-name order.
std::vector<Extraction> sample_corpus();
// The issuer rules of analyzer/data/agency_codes.tsv, read once.
const std::vector<IssuerRule>& agency_rules();
// The graphs of gazette_corpus() and sample_corpus() with agency_rules(),
// each built once per test binary.
const CorpusGraph& gazette_graph();
const CorpusGraph& sample_graph();

// A sink that drops every diagnostic.
class NullSink : public DiagnosticSink {
 public:
  void report(Diagnostic) override {}
};
// The file at `path` read and extracted, its source named `name` (the path a
// store keeps it under), diagnostics dropped; fails the test when the file
// cannot be read.
Extraction extract_file(const std::string& path, const std::string& name);

// ------------------------------------------------------ small values ----

// An ISO date known to be valid ("2017-11-20").
Date day(const char* iso);
// The node index of `id`; fails the test when the graph has no such node.
std::size_t idx(const CorpusGraph& g, const char* id);
// A hand-made edge from the document numbered `from`.
Edge edge(const char* from, const char* to_no, const char* to_title, RelationType type, int line,
          const char* quote = "");
bool has(const std::string& text, const std::string& part);
// The lines of a Store::dump() that belong to one stored file (they start
// with its quoted path).
std::string rows_of(const std::string& dump, const std::string& key);
// Every field of a graph as text, for comparing two graphs: nodes with their
// mentions, edges, findings and the title index.
std::string graph_dump(const CorpusGraph& g);
// Runs SQL on the database file `db` (to age or damage a store); fails the
// test, showing SQLite's message, when SQLite refuses it.
void sql(const std::string& db, const std::string& statement);

// ------------------------------------------------------ directories ----

// A fresh directory per test, removed with everything in it at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // A database file inside the directory (not created).
  std::string db() const { return file("test.db"); }

 private:
  std::filesystem::path path_;
};

// ---------------------------------------------------- the executable ----

// What a command did: its exit status (-1 when it did not exit normally)
// and both output streams.
struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

struct RunOptions {
  // Shell text put before the command: variable assignments
  // ("POLICYGRAPH_DB='x.db'"), or "cd 'dir' && ".
  std::string env;
  // A file fed to the command's standard input; none when empty.
  std::string stdin_file;
};

// Runs a shell command line, capturing both streams.
Run shell(const std::string& command_line);
// Runs `ENV policygraph ARGS <STDIN` (the built executable, POLICYGRAPH_EXE)
// through the shell, capturing both streams.
Run run(const std::string& args, const RunOptions& options = {});
// The standard output as JSON; the test shows both streams if it is not.
nlohmann::json parse(const Run& r);

}  // namespace pg::testing
