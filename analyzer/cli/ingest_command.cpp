// `policygraph ingest PATH...`: gazette texts -> the corpus store.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/cli/commands.h"
#include "analyzer/read/doc_number.h"
#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/store/store.h"

namespace pg::cli {
namespace {

namespace fs = std::filesystem;

struct IngestOptions {
  std::vector<std::string> paths;
  std::string db;
  bool verbose = false;
};

struct InputFile {
  std::string shown;  // the path as found (evidence and messages)
  std::string key;    // canonical absolute path (the store's key)
  std::uintmax_t size = 0;
};

// Files under each path: a directory gives its *.txt files, recursively, in
// byte order of their paths; a file is taken whatever its name. A file named
// twice is read once.
bool collect(const std::vector<std::string>& paths, std::vector<InputFile>& out) {
  bool ok = true;
  std::set<std::string> seen;
  auto add = [&](const fs::path& p) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(fs::absolute(p), ec).string();
    if (ec) key = fs::absolute(p).lexically_normal().string();
    if (!seen.insert(key).second) return;
    std::uintmax_t size = fs::file_size(p, ec);
    out.push_back({p.lexically_normal().string(), key, ec ? 0 : size});
  };
  for (const std::string& arg : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      std::cerr << "policygraph: error: " << arg << ": no such file or directory\n";
      ok = false;
      continue;
    }
    if (!fs::is_directory(st)) {
      add(arg);
      continue;
    }
    std::vector<fs::path> found;
    // Symlinked directories are followed, except one that leads back to a
    // directory on its own path (a loop such as `ln -s . loop`), which would
    // otherwise be walked until the system gives up with ELOOP. ancestors[d]
    // is the canonical path of the directory the entries at depth d are in.
    std::vector<fs::path> ancestors{fs::canonical(arg, ec)};
    if (ec) ancestors[0] = fs::absolute(arg).lexically_normal();
    ec.clear();
    for (auto it = fs::recursive_directory_iterator(
             arg, fs::directory_options::follow_directory_symlink, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;
      if (it->is_directory(entry_ec)) {
        ancestors.resize(static_cast<std::size_t>(it.depth()) + 1);
        fs::path real = fs::canonical(it->path(), entry_ec);
        if (entry_ec ||
            std::find(ancestors.begin(), ancestors.end(), real) != ancestors.end()) {
          std::cerr << "policygraph: warning: " << it->path().string() << ": "
                    << (entry_ec ? entry_ec.message() : "symbolic link loop")
                    << ", not followed\n";
          it.disable_recursion_pending();
        } else {
          ancestors.push_back(std::move(real));
        }
        continue;
      }
      if (it->is_regular_file(entry_ec) && it->path().extension() == ".txt") {
        found.push_back(it->path());
      }
    }
    if (ec) {
      std::cerr << "policygraph: error: " << arg << ": " << ec.message() << '\n';
      ok = false;
    }
    std::sort(found.begin(), found.end());
    for (const fs::path& p : found) add(p);
  }
  return ok;
}

Result<std::string> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, -1, "cannot open file"};
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Error{path, -1, "read error"};
  return s.str();
}

// Diagnostics inside documents: counted, and shown with --verbose.
class CountingSink : public DiagnosticSink {
 public:
  explicit CountingSink(bool show) : show_(show) {}
  void report(Diagnostic d) override {
    ++count;
    if (!show_) return;
    std::cerr << d.file;
    if (d.line > 0) std::cerr << ':' << d.line;
    std::cerr << ": " << to_string(d.severity) << ": " << d.message << '\n';
  }
  int count = 0;

 private:
  bool show_;
};

// One line redrawn on a terminal: files, MB, documents, rate.
class Progress {
 public:
  Progress(std::size_t files, std::uintmax_t bytes)
      : enabled_(::isatty(2) == 1), files_(files), bytes_(bytes),
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
    std::snprintf(line, sizeof line, "\r[%s%s] %zu/%zu files  %.1f/%.1f MB  %ld documents  %.1f MB/s ",
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

int run_ingest(const IngestOptions& opt) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<InputFile> files;
  int status = collect(opt.paths, files) ? 0 : 2;

  const std::string db_path = resolve_db_path(opt.db);
  Result<Store> store = Store::open(db_path, Store::OpenMode::kCreateIfMissing);
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

  std::uintmax_t total_bytes = 0;
  for (const InputFile& f : files) total_bytes += f.size;
  Progress progress(files.size(), total_bytes);

  int added = 0, replaced = 0, unchanged = 0, failed = 0;
  long documents_read = 0;
  std::uintmax_t bytes_done = 0;
  std::set<std::string> ingested;
  CountingSink sink(opt.verbose);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const InputFile& f = files[i];
    current = i;
    progress.update(i, bytes_done, documents_read);
    bytes_done += f.size;
    auto fail = [&](const Error& e) {
      progress.finish();
      std::cerr << "policygraph: error: " << e.to_string() << '\n';
      ++failed;
      status = 2;  // the other files are still ingested
    };
    Result<std::string> bytes = read_bytes(f.shown);
    if (!bytes) {
      fail(bytes.error());
      continue;
    }
    const std::string hash = content_hash(*bytes);
    Result<bool> same = store->has_file(f.key, hash);
    if (!same) {
      fail(same.error());
      continue;
    }
    if (*same) {  // unchanged: not even decoded
      ++unchanged;
      ingested.insert(f.key);
      continue;
    }
    Result<SourceText> source = decode_source(f.shown, *bytes);
    if (!source) {
      fail(source.error());
      continue;
    }
    Extraction e = extract(*source, sink);
    e.source = f.shown;
    documents_read += static_cast<long>(e.documents.size());
    Result<Store::IngestOutcome> put = store->put_file(f.key, hash, e);
    if (!put) {
      fail(put.error());
      // No room for this file is no room for the next: stop here, with the
      // files stored so far committed.
      if (put.error().message.find(kStoreOutOfRoomMessage) != std::string::npos) {
        std::cerr << "policygraph: error: ingest stopped after " << i << " of " << files.size()
                  << " files; the files before it are stored\n";
        break;
      }
      continue;
    }
    (*put == Store::IngestOutcome::kAdded ? added : replaced) += 1;
    ingested.insert(f.key);
    if (opt.verbose) {
      progress.finish();
      std::cerr << f.shown << ": " << to_string(*put) << ", " << e.documents.size()
                << " documents, " << e.edges.size() << " edges\n";
    }
  }
  progress.update(files.size(), bytes_done, documents_read);
  progress.finish();

  // Documents and edges now stored for the files named, read back from the store.
  long documents = 0, edges = 0;
  if (Result<std::vector<FileRecord>> records = store->files()) {
    for (const FileRecord& r : *records) {
      if (!ingested.count(r.path)) continue;
      documents += r.documents;
      edges += r.edges;
    }
  } else {
    std::cerr << "policygraph: error: " << records.error().to_string() << '\n';
    status = 2;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.2f", secs);
  std::cout << "ingested " << ingested.size() << " files (" << added << " added, " << replaced
            << " replaced, " << unchanged << " unchanged";
  if (failed > 0) std::cout << ", " << failed << " failed";
  std::cout << "), " << documents << " documents, " << edges << " edges in " << timing << " s\n";
  if (sink.count > 0 && !opt.verbose) {
    std::cerr << "policygraph: " << sink.count
              << " diagnostics inside documents (--verbose shows them)\n";
  }
  return status;
}

}  // namespace

std::string resolve_db_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("POLICYGRAPH_DB"); env && *env) return env;
  return std::string(kDefaultStorePath);
}

Runner add_ingest_command(CLI::App& app) {
  auto opt = std::make_shared<IngestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read gazette texts (files, or directories searched recursively for *.txt) "
      "into the database. Unchanged files are skipped; a changed file replaces "
      "its own records; each file is one transaction.");
  cmd->add_option("paths", opt->paths, "Files and directories")->required();
  cmd->add_option("--db", opt->db,
                  "Database file (default: $POLICYGRAPH_DB, else ./policygraph.db)");
  cmd->add_flag("-v,--verbose", opt->verbose,
                "Print each file's outcome and the diagnostics inside documents");
  return [opt] { return run_ingest(*opt); };
}

}  // namespace pg::cli
