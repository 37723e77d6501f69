// `policygraph ingest PATH...`: gazette texts -> the corpus store, through
// analyzer/ingest (the pipeline); here only options, progress and messages.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/output.h"
#include "analyzer/ingest/ingest.h"
#include "graphs/store/store.h"

namespace pg::cli {
namespace {

struct IngestOptions {
  std::vector<std::string> paths;
  std::string db;
  bool verbose = false;
};

// One line redrawn on a terminal: files, MB, documents, rate.
class Progress {
 public:
  Progress(std::size_t files, std::uintmax_t bytes)
      : enabled_(::isatty(2) == 1),
        files_(files),
        bytes_(bytes),
        start_(std::chrono::steady_clock::now()) {}

  void update(std::size_t files_done, std::uintmax_t bytes_done, long documents) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    // Redrawn at most ten times a second, and once at the end.
    if (files_done < files_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double mb = bytes_done / 1e6;
    int filled = files_ == 0 ? 20 : static_cast<int>(20 * files_done / files_);
    char line[200];
    std::snprintf(line, sizeof line,
                  "\r[%s%s] %zu/%zu files  %.1f/%.1f MB  %ld documents  %.1f MB/s ",
                  std::string(filled, '#').c_str(), std::string(20 - filled, ' ').c_str(),
                  files_done, files_, mb, bytes_ / 1e6, documents, secs > 0 ? mb / secs : 0.0);
    std::cerr << line << std::flush;
  }
  void finish() {
    if (enabled_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  bool enabled_;
  std::size_t files_;
  std::uintmax_t bytes_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
};

// Test seam for the crash-safety test: POLICYGRAPH_TEST_CRASH_AT=N:STEP ends
// the process abruptly at Store step STEP ("document", "edge", "commit" ...)
// while the N-th file (0-based) of this run is being written.
std::optional<std::pair<std::size_t, std::string>> crash_point() {
  const char* v = std::getenv("POLICYGRAPH_TEST_CRASH_AT");
  if (!v) return std::nullopt;
  std::string s(v);
  std::size_t colon = s.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(static_cast<std::size_t>(std::atol(s.substr(0, colon).c_str())),
                        s.substr(colon + 1));
}

// What the user sees while files are ingested: the progress line, and with
// --verbose each file's outcome; errors always.
class Reporter : public IngestObserver {
 public:
  Reporter(const std::vector<IngestInput>& files, bool verbose, std::size_t& current)
      : progress_(files.size(), total_bytes(files)), verbose_(verbose), current_(current) {}

  void before_file(std::size_t index, std::uintmax_t bytes_done, long documents) override {
    current_ = index;
    progress_.update(index, bytes_done, documents);
  }
  void stored(const IngestInput& f, Store::IngestOutcome outcome, const Extraction& e) override {
    if (!verbose_) return;
    progress_.finish();
    std::cerr << f.path << ": " << e.encoding << ", " << to_string(outcome) << ", "
              << e.documents.size() << " documents, " << e.edges.size() << " edges\n";
  }
  void failed(const IngestInput&, const Error& error) override {
    progress_.finish();
    std::cerr << "policygraph: error: " << error.to_string() << '\n';
  }
  void finish() { progress_.finish(); }

 private:
  static std::uintmax_t total_bytes(const std::vector<IngestInput>& files) {
    std::uintmax_t n = 0;
    for (const IngestInput& f : files) n += f.size;
    return n;
  }
  Progress progress_;
  bool verbose_;
  std::size_t& current_;
};

// Every named path must exist before the store is opened (and created): a
// typing mistake leaves no empty database behind.
bool inputs_ok(const Collected& in) {
  for (const std::string& w : in.warnings) std::cerr << "policygraph: warning: " << w << '\n';
  for (const Error& e : in.errors) std::cerr << "policygraph: error: " << e.to_string() << '\n';
  if (!in.errors.empty()) std::cerr << "policygraph: error: nothing ingested\n";
  return in.errors.empty();
}

void print_totals(const IngestTotals& t, double secs) {
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.2f", secs);
  std::string line = "ingested " + std::to_string(t.files) + " files (" + std::to_string(t.added) +
                     " added, " + std::to_string(t.replaced) + " replaced, " +
                     std::to_string(t.unchanged) + " unchanged";
  if (t.failed > 0) line += ", " + std::to_string(t.failed) + " failed";
  line += "), " + std::to_string(t.documents) + " documents, " + std::to_string(t.edges) +
          " edges in " + timing + " s";
  status_message(line);
}

int run_ingest(const IngestOptions& opt) {
  auto t0 = std::chrono::steady_clock::now();
  Collected in = collect_inputs(opt.paths);
  if (!inputs_ok(in)) return 2;

  Result<Store> store = Store::open(opt.db, Store::OpenMode::kCreateIfMissing);
  if (!store) {
    std::cerr << "policygraph: error: " << store.error().to_string() << '\n';
    return 2;
  }
  std::size_t current = 0;
  if (auto crash = crash_point()) {
    store->set_step_hook([crash, &current](std::string_view step) {
      if (current == crash->first && step == crash->second) std::_Exit(137);
      return true;
    });
  }
  StderrSink sink(opt.verbose);
  Reporter reporter(in.files, opt.verbose, current);
  Result<IngestTotals> totals = ingest_files(*store, in.files, sink, reporter);
  reporter.finish();
  if (!totals) {
    std::cerr << "policygraph: error: " << totals.error().to_string() << '\n';
    return 2;
  }
  if (totals->out_of_room) {
    std::cerr << "policygraph: error: ingest stopped after " << totals->stopped_at << " of "
              << in.files.size() << " files; the files before it are stored\n";
  }
  print_totals(*totals,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (sink.count > 0 && !opt.verbose) {
    status_message(std::to_string(sink.count) +
                   " diagnostics inside documents (--verbose shows them)");
  }
  return totals->failed > 0 ? 2 : 0;
}

}  // namespace

Runner add_ingest_command(CLI::App& app) {
  auto opt = std::make_shared<IngestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read gazette texts (files, or directories searched recursively for *.txt) "
      "into the database. Unchanged files are skipped; a changed file replaces "
      "its own records; each file is one transaction. Files are named relative "
      "to the directory given (or a file's own directory).");
  cmd->add_option("paths", opt->paths, "Files and directories")->required();
  add_db_option(cmd, opt->db);
  add_verbose_option(cmd, opt->verbose);
  return [opt] { return run_ingest(*opt); };
}

}  // namespace pg::cli
