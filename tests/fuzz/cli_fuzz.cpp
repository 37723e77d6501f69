// The command line's argument handling: the input is the arguments,
// separated by NUL bytes (invalid UTF-8, option-like names and all). Every
// input is parsed exactly as main parses it; when the parse chooses a command
// that only reads the store (the queries, cleanup to stdout, check of a
// named file), the command also runs, on a small store built once from
// tests/data/multi, with its output discarded. Commands that write files
// (ingest, -o) or draw with Graphviz (export, report) are parsed only.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/ingest/ingest.h"
#include "fuzz_check.h"

namespace {

std::string store_path() { return "/tmp/cli_fuzz_" + std::to_string(::getpid()) + ".db"; }

void remove_store() {
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((store_path() + suffix).c_str());
}

// The store the commands read: tests/data/multi, ingested once per process
// and removed at exit.
std::string make_store() {
  const std::string path = store_path();
  remove_store();
  std::atexit(remove_store);
  pg::Result<pg::Store> store = pg::Store::open(path);
  if (!store) std::abort();
  pg::Collected in = pg::collect_inputs({std::string(FUZZ_DATA_DIR) + "/multi"});
  pg::CollectingSink sink;
  pg::IngestObserver quiet;
  if (!in.errors.empty() || !pg::ingest_files(*store, in.files, sink, quiet)) std::abort();
  return path;
}

const std::set<std::string> kRunnable = {
    "show",    "repeals",  "chain",      "impact",   "cites",   "cited-by", "superseded",
    "orphans", "expiring", "unresolved", "findings", "cleanup", "check"};

// Whether the parsed command may run here: it reads the store only and
// writes nothing but its standard output.
bool runnable(const std::string& name, const std::vector<std::string>& args) {
  if (!kRunnable.count(name)) return false;
  for (const std::string& a : args) {
    // stdin, another database, a file to write
    if (a == "-" || a.rfind("--db", 0) == 0 || a.rfind("-o", 0) == 0 ||
        a.rfind("--output", 0) == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static const std::string store = make_store();
  ::setenv("POLICYGRAPH_DB", store.c_str(), 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"policygraph"};
  std::string current;
  for (std::size_t i = 0; i < size && args.size() < 64; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  if (!current.empty()) args.push_back(current);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());

  CLI::App app{"policygraph"};
  pg::cli::Registry commands;
  pg::cli::register_commands(app, commands);
  std::ostringstream discard;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    app.exit(e, discard, discard);
    return 0;
  }
  for (const auto& [name, run] : commands) {
    if (!app.got_subcommand(name) || !runnable(name, args)) continue;
    // The answer and the messages go nowhere; the exit status must be one
    // the commands document.
    std::streambuf* out = std::cout.rdbuf(discard.rdbuf());
    std::streambuf* err = std::cerr.rdbuf(discard.rdbuf());
    int status = run();
    std::cout.rdbuf(out);
    std::cerr.rdbuf(err);
    FUZZ_CHECK(status >= 0 && status <= 3, "an exit status the commands document");
    std::cout.clear();
  }
  return 0;
}
