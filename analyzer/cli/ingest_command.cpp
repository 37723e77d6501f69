// `policygraph ingest PATH...` (gazette texts -> the corpus store),
// `policygraph ingest --from-jsonl FILE|-` (extractions made elsewhere) and
// `policygraph reindex` (every stored file read again), through
// analyzer/ingest (the pipeline); here only options, progress and messages.
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/output.h"
#include "analyzer/cli/pages.h"
#include "analyzer/ingest/ingest.h"
#include "graphs/store/store.h"
#include "graphs/store/text_index.h"

namespace pg::cli {
namespace {

struct IngestOptions {
  std::vector<std::string> paths;
  std::string from_jsonl;  // FILE, or "-" for standard input
  std::string root;        // --root: what JSONL sources are relative to
  std::string db;
  unsigned jobs = 0;
  std::size_t batch = 256;
  bool verbose = false;
  bool no_text_index = false;                // --no-text-index
  bool text_index = false;                   // --text-index
  bool text_index_later = false;             // --text-index-later
  std::size_t text_batch = kTextIndexBatch;  // index-text --batch
};

// A line redrawn on standard error when it is a terminal: a bar of 20
// cells for `done` of `total`, then the caller's figures; redrawn at most ten
// times a second, and once when done reaches total.
class TerminalBar {
 public:
  explicit TerminalBar(bool enabled)
      : enabled_(enabled && ::isatty(2) == 1), start_(std::chrono::steady_clock::now()) {}

  // Whether to redraw now; if so, the seconds since the start.
  std::optional<double> due(std::uint64_t done, std::uint64_t total) {
    if (!enabled_) return std::nullopt;
    auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return std::nullopt;
    last_ = now;
    return std::chrono::duration<double>(now - start_).count();
  }
  void draw(std::uint64_t done, std::uint64_t total, const char* figures) const {
    const auto filled =
        static_cast<std::size_t>(total == 0 ? 20 : 20 * std::min(done, total) / total);
    std::cerr << "\r[" << std::string(filled, '#') << std::string(20 - filled, ' ') << "] "
              << figures << std::flush;
  }
  void finish() const {
    if (enabled_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
};

// The ingest's line: files, MB, documents, rate.
class Progress {
 public:
  Progress(std::size_t files, std::uintmax_t bytes)
      : bar_(files > 0),  // JSONL: no total, no bar
        files_(files),
        bytes_(bytes) {}

  void update(std::size_t files_done, std::uintmax_t bytes_done, long documents) {
    std::optional<double> secs = bar_.due(files_done, files_);
    if (!secs) return;
    double mb = bytes_done / 1e6;
    char line[200];
    std::snprintf(line, sizeof line, "%zu/%zu files  %.1f/%.1f MB  %ld documents  %.1f MB/s ",
                  files_done, files_, mb, bytes_ / 1e6, documents, *secs > 0 ? mb / *secs : 0.0);
    bar_.draw(files_done, files_, line);
  }
  void finish() const { bar_.finish(); }

 private:
  TerminalBar bar_;
  std::size_t files_;
  std::uintmax_t bytes_;
};

// Test seam for the crash-safety test: POLICYGRAPH_TEST_CRASH_AT=N:STEP ends
// the process abruptly at Store step STEP ("document", "edge", "commit" ...)
// while the N-th file (0-based) this run writes is being written (files
// skipped as unchanged are not counted).
std::optional<std::pair<std::size_t, std::string>> crash_point() {
  const char* v = std::getenv("POLICYGRAPH_TEST_CRASH_AT");
  if (!v) return std::nullopt;
  std::string s(v);
  std::size_t colon = s.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(static_cast<std::size_t>(std::atol(s.substr(0, colon).c_str())),
                        s.substr(colon + 1));
}

void set_crash_hook(Store& store, std::size_t& written) {
  if (auto crash = crash_point()) {
    store.set_step_hook([crash, &written](std::string_view step) {
      if (step == "begin") ++written;
      if (written == crash->first + 1 && step == crash->second) std::_Exit(137);
      return true;
    });
  }
}

// What the user sees while files are ingested: the progress line, and with
// --verbose each file's outcome once its transaction committed (a line per
// file that a crash can no longer take back); errors always.
class Reporter : public IngestObserver {
 public:
  Reporter(const std::vector<IngestInput>& files, bool verbose, std::string_view kept = "")
      : progress_(files.size(), total_bytes(files)), verbose_(verbose), kept_(kept) {}

  void rereading(std::size_t files, bool older) override {
    status_message("re-reading " + std::to_string(files) + " files extracted by " +
                   (older ? "an older version" : "another version or other data tables"));
  }
  void before_file(std::size_t index, std::uintmax_t bytes_done, long documents) override {
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
    std::cerr << "policygraph: error: " << error.to_string() << kept_ << '\n';
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
  std::string kept_;  // said after each error (reindex: the records are kept)
};

// Every named path must exist before the store is opened (and created): a
// typing mistake leaves no empty database behind.
bool inputs_ok(const Collected& in) {
  for (const std::string& w : in.warnings) std::cerr << "policygraph: warning: " << w << '\n';
  for (const Error& e : in.errors) std::cerr << "policygraph: error: " << e.to_string() << '\n';
  if (!in.errors.empty()) std::cerr << "policygraph: error: nothing ingested\n";
  return in.errors.empty();
}

void print_totals(const IngestTotals& t, double secs, const char* verb = "ingested") {
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.2f", secs);
  std::string line = verb + (" " + std::to_string(t.files)) + " files (" + std::to_string(t.added) +
                     " added, " + std::to_string(t.replaced) + " replaced, " +
                     std::to_string(t.unchanged) + " unchanged";
  if (t.failed > 0) line += ", " + std::to_string(t.failed) + " failed";
  line += "), " + std::to_string(t.documents) + " documents, " + std::to_string(t.edges) +
          " edges in " + timing + " s";
  status_message(line);
}

// The text index as the store records it (graphs/store/text_index.h): the
// first ingest records its choice, later ones keep to it, and a flag that
// differs from the record switches it for the whole store, saying so.
std::optional<IngestConfig> config_of(const IngestOptions& opt, Store& store) {
  IngestConfig c;
  c.jobs = opt.jobs;
  c.batch_files = std::max<std::size_t>(1, opt.batch);
  Result<TextIndexSetting> setting = text_index_setting(store);
  if (!setting) {
    std::cerr << "policygraph: error: " << setting.error().to_string() << '\n';
    return std::nullopt;
  }
  const bool was_on = *setting != TextIndexSetting::kOff;
  c.text_index = opt.no_text_index ? false : opt.text_index ? true : was_on;
  if (*setting == TextIndexSetting::kUnset || c.text_index != was_on) {
    Result<std::int64_t> dropped = set_text_index_setting(store, c.text_index);
    if (!dropped) {
      std::cerr << "policygraph: error: " << dropped.error().to_string() << '\n';
      return std::nullopt;
    }
    // A store from before the record was on: turning it off drops text too.
    if (!c.text_index && (*setting == TextIndexSetting::kOn || *dropped > 0)) {
      status_message("text index turned off for this store: the text of " +
                     std::to_string(*dropped) + " stored files was dropped");
    } else if (c.text_index && *setting == TextIndexSetting::kOff) {
      status_message(
          "text index turned on for this store: files stored from now on keep their text; "
          "`policygraph reindex --db " +
          store.path() + "` re-reads the others");
    }
  }
  return c;
}

// The text index's line: documents indexed, rate.
class TextIndexLine {
 public:
  explicit TextIndexLine(std::int64_t total)
      : bar_(true), total_(std::max<std::int64_t>(0, total)) {}
  void update(std::int64_t done) {
    const auto n = static_cast<std::uint64_t>(std::max<std::int64_t>(0, done));
    const auto total = static_cast<std::uint64_t>(total_);
    std::optional<double> secs = bar_.due(n, total);
    if (!secs) return;
    char line[200];
    std::snprintf(line, sizeof line, "text index: %lld/%lld documents  %.0f documents/s ",
                  static_cast<long long>(done), static_cast<long long>(total_),
                  *secs > 0 ? done / *secs : 0.0);
    bar_.draw(n, total, line);
  }
  void finish() const { bar_.finish(); }

 private:
  TerminalBar bar_;
  std::int64_t total_;
};

// Test seam for the resume test: POLICYGRAPH_TEST_INDEX_CRASH_AFTER=N ends
// the process abruptly once N transactions of the text index committed.
std::optional<long> index_crash_point() {
  const char* v = std::getenv("POLICYGRAPH_TEST_INDEX_CRASH_AFTER");
  if (!v) return std::nullopt;
  return std::atol(v);
}

// The pending text into the full-text index (graphs/store/text_index.h),
// with its progress line and a closing line; `pending` as text_index_state
// counted it. Returns false after saying what failed: what was indexed
// before stays indexed.
bool index_text(Store& store, std::int64_t pending, std::size_t batch) {
  auto t0 = std::chrono::steady_clock::now();
  TextIndexLine line(pending);
  const std::optional<long> crash = index_crash_point();
  long batches = 0;
  Result<std::int64_t> indexed = index_pending_text(
      store,
      [&](const TextIndexProgress& p) {
        line.update(p.indexed);
        if (crash && ++batches >= *crash) std::_Exit(137);
        return true;
      },
      batch);
  line.finish();
  if (!indexed) {
    std::cerr << "policygraph: error: " << indexed.error().to_string()
              << " (the documents indexed before it stay indexed; `policygraph index-text --db "
              << store.path() << "` goes on)\n";
    return false;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char timing[64];
  std::snprintf(timing, sizeof timing, "%.2f s (%.0f documents/s)", secs,
                secs > 0 ? *indexed / secs : 0.0);
  status_message("text index: " + std::to_string(*indexed) + " documents indexed in " + timing);
  return true;
}

// After an ingest or reindex committed its files: the text index as the
// second phase (or left pending with --text-index-later), and the time of
// each phase. `status` is the first phase's exit status.
int finish_text(Store& store, const IngestOptions& opt, const IngestConfig& config,
                std::chrono::steady_clock::time_point t0, int status) {
  if (!config.text_index) return status;
  Result<TextIndexState> state = text_index_state(store);
  if (!state) {
    std::cerr << "policygraph: error: " << state.error().to_string() << '\n';
    return 2;
  }
  if (state->pending_spans == 0) return status;
  if (opt.text_index_later) {
    status_message(std::to_string(state->pending_spans) +
                   " documents are not yet in the full-text index (search reads their text "
                   "instead, slower); `policygraph index-text --db " +
                   store.path() + "` indexes them");
    return status;
  }
  const double graph_secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!index_text(store, state->pending_spans, opt.text_batch)) return 2;
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char line[160];
  std::snprintf(line, sizeof line, "took %.2f s: %.2f s files and graph, %.2f s text index", total,
                graph_secs, total - graph_secs);
  status_message(line);
  return status;
}

// The end of a run: messages and the exit status.
int finish_run(const Result<IngestTotals>& totals, std::size_t inputs, const StderrSink& sink,
               bool verbose, std::chrono::steady_clock::time_point t0,
               const char* verb = "ingested") {
  if (!totals) {
    std::cerr << "policygraph: error: " << totals.error().to_string() << '\n';
    return 2;
  }
  if (totals->out_of_room) {
    std::cerr << "policygraph: error: ingest stopped after " << totals->stopped_at << " of "
              << inputs << " files; the files before it are stored\n";
  }
  print_totals(*totals,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), verb);
  if (verbose && !totals->graph_note.empty()) status_message(totals->graph_note);
  if (sink.count > 0 && !verbose) {
    status_message(std::to_string(sink.count) +
                   " diagnostics inside documents (--verbose shows them)");
  }
  return totals->failed > 0 ? 2 : 0;
}

Result<Store> open_store(const std::string& db, Store::OpenMode mode) {
  Result<Store> store = Store::open(db, mode);
  if (!store) std::cerr << "policygraph: error: " << store.error().to_string() << '\n';
  return store;
}

// `ingest --from-jsonl FILE|-`.
int run_ingest_jsonl(const IngestOptions& opt, std::chrono::steady_clock::time_point t0) {
  std::ifstream file;
  if (opt.from_jsonl != "-") {
    file.open(opt.from_jsonl, std::ios::binary);
    if (!file) {
      std::cerr << "policygraph: error: " << opt.from_jsonl << ": cannot open file\n";
      std::cerr << "policygraph: error: nothing ingested\n";
      return 2;
    }
  }
  std::istream& in = opt.from_jsonl == "-" ? std::cin : file;
  Result<Store> store = open_store(opt.db, Store::OpenMode::kCreateIfMissing);
  if (!store) return 2;
  std::size_t written = 0;
  set_crash_hook(*store, written);
  StderrSink sink(opt.verbose);
  Reporter reporter({}, opt.verbose);
  std::optional<IngestConfig> config = config_of(opt, *store);
  if (!config) return 2;
  Result<IngestTotals> totals =
      ingest_jsonl(*store, in, opt.from_jsonl == "-" ? "<stdin>" : opt.from_jsonl, opt.root, sink,
                   reporter, *config);
  reporter.finish();
  if (in.bad()) {
    std::cerr << "policygraph: error: " << opt.from_jsonl << ": read error\n";
    return 2;
  }
  return finish_run(totals, 0, sink, opt.verbose, t0);
}

// An ingest allocates and frees the corpus's extractions and graph in
// large blocks on three threads. glibc's defaults hand freed memory back to
// the system (a trim above 128 KB free at the top, mmap for blocks of 128 KB
// and up) and then fault it in again, zeroed: half of an ingest's page
// faults and a fifth of its system time at 10k documents. Freed memory is
// kept for reuse instead (peak RSS measured unchanged).
void keep_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

// Huge pages off (pages.h): a large ingest grows its heap to gigabytes while
// the store's pages fill the page cache, and compact_stall rose by 6,546 in
// one `scripts/bench --docs 1000000`.
int run_ingest(const IngestOptions& opt) {
  auto t0 = std::chrono::steady_clock::now();
  keep_freed_memory();
  no_huge_pages();
  if (!opt.from_jsonl.empty()) return run_ingest_jsonl(opt, t0);
  if (opt.paths.empty()) {
    std::cerr << "policygraph: error: name the files or directories to ingest, or "
                 "--from-jsonl FILE\n";
    return 2;
  }
  Collected in = collect_inputs(opt.paths);
  if (!inputs_ok(in)) return 2;

  Result<Store> store = open_store(opt.db, Store::OpenMode::kCreateIfMissing);
  if (!store) return 2;
  std::size_t written = 0;
  set_crash_hook(*store, written);
  StderrSink sink(opt.verbose);
  Reporter reporter(in.files, opt.verbose);
  std::optional<IngestConfig> config = config_of(opt, *store);
  if (!config) return 2;
  Result<IngestTotals> totals = ingest_files(*store, in.files, sink, reporter, *config);
  reporter.finish();
  const int status = finish_run(totals, in.files.size(), sink, opt.verbose, t0);
  if (!totals) return status;
  return finish_text(*store, opt, *config, t0, status);
}

// `reindex`: every stored file read again from its path, in place.
int run_reindex(const IngestOptions& opt) {
  auto t0 = std::chrono::steady_clock::now();
  keep_freed_memory();
  no_huge_pages();
  // kMustExist: a typo in --db creates nothing; a version 2 store is
  // migrated here.
  Result<Store> store = open_store(opt.db, Store::OpenMode::kMustExist);
  if (!store) return 2;
  Result<std::vector<FileRecord>> records = store->files();
  if (!records) {
    std::cerr << "policygraph: error: " << records.error().to_string() << '\n';
    return 2;
  }
  std::vector<IngestInput> inputs = stored_inputs(*records);
  std::size_t written = 0;
  set_crash_hook(*store, written);
  StderrSink sink(opt.verbose);
  Reporter reporter(inputs, opt.verbose, "; its stored records are kept");
  std::optional<IngestConfig> config = config_of(opt, *store);
  if (!config) return 2;
  config->force = true;
  Result<IngestTotals> totals = ingest_files(*store, inputs, sink, reporter, *config);
  reporter.finish();
  const int status = finish_run(totals, inputs.size(), sink, opt.verbose, t0, "reindexed");
  if (!totals) return status;
  return finish_text(*store, opt, *config, t0, status);
}

// `index-text`: the pending text into the full-text index.
int run_index_text(const IngestOptions& opt) {
  no_huge_pages();
  Result<Store> store = open_store(opt.db, Store::OpenMode::kMustExist);
  if (!store) return 2;
  Result<TextIndexState> state = text_index_state(*store);
  if (!state) {
    std::cerr << "policygraph: error: " << state.error().to_string() << '\n';
    return 2;
  }
  if (state->pending_spans == 0) {
    status_message("the full-text index is complete: no document's text is pending");
    return 0;
  }
  return index_text(*store, state->pending_spans, opt.text_batch) ? 0 : 2;
}

void add_pipeline_options(CLI::App* cmd, IngestOptions& opt) {
  cmd->add_option("-j,--jobs", opt.jobs,
                  "Threads that read and extract (default: the machine's hardware threads)")
      ->check(CLI::Range(0u, 256u));
  cmd->add_option("--batch", opt.batch,
                  "Files per transaction at most (default 256; also at most 8 MB of input)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  CLI::Option* off = cmd->add_flag(
      "--no-text-index", opt.no_text_index,
      "Keep no text for `search` and the source view (smaller store, faster ingest); the store "
      "records it, and a store that had text drops all of it");
  cmd->add_flag("--text-index", opt.text_index,
                "Keep text again in a store made with --no-text-index (files stored from now on; "
                "reindex re-reads the others)")
      ->excludes(off);
  cmd->add_flag("--text-index-later", opt.text_index_later,
                "Store the text but leave its full-text index for `policygraph index-text` "
                "(by default it is built after the graph is committed, as a second phase); "
                "search reads the text not yet indexed instead, slower")
      ->excludes(off);
}

}  // namespace

Runner add_ingest_command(CLI::App& app) {
  auto opt = std::make_shared<IngestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read gazette texts (files, or directories searched recursively for *.txt and *.html/*.htm) "
      "into the database. Unchanged files are skipped; a changed file, or one "
      "stored by another extractor version, replaces its own records; files "
      "are committed in batches, each file whole or not at all. Files are "
      "named relative to the directory given (or a file's own directory).");
  CLI::Option* paths = cmd->add_option("paths", opt->paths, "Files and directories");
  CLI::Option* jsonl = cmd->add_option(
      "--from-jsonl", opt->from_jsonl,
      "Load extraction JSONL (`policygraph extract --format jsonl` lines) from FILE, or '-' "
      "for standard input, instead of reading texts");
  jsonl->excludes(paths);
  cmd->add_option("--root", opt->root,
                  "With --from-jsonl: the folder the records' \"source\" names are relative to; "
                  "a record is stored under ROOT/SOURCE (default: the working directory)")
      ->needs(jsonl);
  add_db_option(cmd, opt->db);
  add_pipeline_options(cmd, *opt);
  add_verbose_option(cmd, opt->verbose);
  return [opt] { return run_ingest(*opt); };
}

Runner add_index_text_command(CLI::App& app) {
  auto opt = std::make_shared<IngestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "index-text",
      "Put the text that ingest --text-index-later (or an interrupted ingest) left pending into "
      "the full-text index, in transactions of --batch documents: stopped, it keeps what it "
      "indexed, and run again it goes on.");
  add_db_option(cmd, opt->db);
  cmd->add_option(
         "--batch", opt->text_batch,
         "Documents per transaction at most (default " + std::to_string(kTextIndexBatch) + ")")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  return [opt] { return run_index_text(*opt); };
}

Runner add_reindex_command(CLI::App& app) {
  auto opt = std::make_shared<IngestOptions>();
  CLI::App* cmd =
      app.add_subcommand("reindex",
                         "Read every stored file again from its path with this build's rules and "
                         "tables, in place (after an upgrade). A file that is gone is an error "
                         "naming it, and its stored records are kept. Upgrades an older store.");
  add_db_option(cmd, opt->db);
  add_pipeline_options(cmd, *opt);
  add_verbose_option(cmd, opt->verbose);
  return [opt] { return run_reindex(*opt); };
}

}  // namespace pg::cli
