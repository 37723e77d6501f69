#include "analyzer/ingest/ingest.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "analyzer/ingest/graph_loading.h"
#include "analyzer/read/source_reader.h"

namespace pg {
namespace {

namespace fs = std::filesystem;

// Adds files to a Collected, each once (by canonical path).
class Collector {
 public:
  explicit Collector(Collected& out) : out_(out) {}

  // `p` named relative to `root` (a directory).
  void add(const fs::path& p, const fs::path& root) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(fs::absolute(p), ec).string();
    if (ec) key = fs::absolute(p).lexically_normal().string();
    if (!seen_.insert(key).second) return;
    std::uintmax_t size = fs::file_size(p, ec);
    fs::path base = root.lexically_normal();
    if (!base.has_filename()) base = base.parent_path();  // "dir/" -> "dir"
    std::string name = p.lexically_normal().lexically_relative(base).string();
    if (name.empty() || name.rfind("..", 0) == 0) name = p.filename().string();
    out_.files.push_back({p.lexically_normal().string(), key, name, ec ? 0 : size});
  }

  // The *.txt files under `dir`, in byte order of their paths. Symlinked
  // directories are followed, except one that leads back to a directory on
  // its own path (a loop such as `ln -s . loop`), which would otherwise be
  // walked until the system gives up with ELOOP.
  void add_directory(const std::string& dir) {
    std::error_code ec;
    std::vector<fs::path> found;
    // ancestors[d] is the canonical path of the directory the entries at depth d are in.
    std::vector<fs::path> ancestors{fs::canonical(dir, ec)};
    if (ec) ancestors[0] = fs::absolute(dir).lexically_normal();
    ec.clear();
    for (auto it = fs::recursive_directory_iterator(
             dir, fs::directory_options::follow_directory_symlink, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;
      if (it->is_directory(entry_ec)) {
        ancestors.resize(static_cast<std::size_t>(it.depth()) + 1);
        fs::path real = fs::canonical(it->path(), entry_ec);
        if (entry_ec || std::find(ancestors.begin(), ancestors.end(), real) != ancestors.end()) {
          out_.warnings.push_back(it->path().string() + ": " +
                                  (entry_ec ? entry_ec.message() : "symbolic link loop") +
                                  ", not followed");
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
    if (ec) out_.errors.push_back(Error{dir, -1, ec.message()});
    std::sort(found.begin(), found.end());
    for (const fs::path& p : found) add(p, dir);
  }

 private:
  Collected& out_;
  std::set<std::string> seen_;
};

Result<std::string> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, -1, "cannot open file"};
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Error{path, -1, "read error"};
  return s.str();
}

// Diagnostics name the file as it was found (the path a user can open),
// while the evidence names it relative to the ingest root.
class FoundPathSink : public DiagnosticSink {
 public:
  FoundPathSink(DiagnosticSink& inner, const IngestInput& f) : inner_(inner), f_(f) {}
  void report(Diagnostic d) override {
    if (d.file == f_.name) d.file = f_.path;
    inner_.report(std::move(d));
  }

 private:
  DiagnosticSink& inner_;
  const IngestInput& f_;
};

// One file read, extracted and stored; nullopt when unchanged. `stored_name`
// is the name it is stored under, if any: a file stored with the same bytes
// under another name (a database from before names were relative to the
// ingest root, or a file ingested from another root) is stored again.
Result<std::optional<Store::IngestOutcome>> ingest_one(Store& store, const IngestInput& f,
                                                       const std::string* stored_name,
                                                       DiagnosticSink& sink, Extraction& e) {
  Result<std::string> bytes = read_bytes(f.path);
  if (!bytes) return bytes.error();
  const std::string hash = content_hash(*bytes);
  Result<bool> same = store.has_file(f.key, hash);
  if (!same) return same.error();
  if (*same && stored_name && *stored_name == f.name) {
    return std::optional<Store::IngestOutcome>();  // unchanged: not even decoded
  }
  Result<SourceText> source = decode_source(f.path, *bytes);
  if (!source) return source.error();
  source->name = f.name;  // evidence names the file relative to the ingest root
  FoundPathSink found(sink, f);
  e = extract(*source, found);
  e.source = f.name;
  Result<Store::IngestOutcome> put = store.put_file(f.key, hash, e);
  if (!put) return put.error();
  return std::optional<Store::IngestOutcome>(*put);
}

}  // namespace

Collected collect_inputs(const std::vector<std::string>& paths) {
  Collected out;
  Collector collector(out);
  for (const std::string& arg : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      out.errors.push_back(Error{arg, -1, "no such file or directory"});
    } else if (fs::is_directory(st)) {
      collector.add_directory(arg);
    } else {
      collector.add(arg, fs::path(arg).parent_path());
    }
  }
  return out;
}

Result<IngestTotals> ingest_files(Store& store, const std::vector<IngestInput>& files,
                                  DiagnosticSink& sink, IngestObserver& observer) {
  IngestTotals t;
  std::map<std::string, std::string> stored_names;  // key -> Extraction::source
  {
    Result<std::vector<FileRecord>> before = store.files();
    if (!before) return before.error();
    for (FileRecord& r : *before) stored_names.emplace(std::move(r.path), std::move(r.source));
  }
  std::set<std::string> ingested;
  std::uintmax_t bytes_done = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const IngestInput& f = files[i];
    observer.before_file(i, bytes_done, t.documents_read);
    bytes_done += f.size;
    Extraction e;
    auto stored = stored_names.find(f.key);
    Result<std::optional<Store::IngestOutcome>> done =
        ingest_one(store, f, stored == stored_names.end() ? nullptr : &stored->second, sink, e);
    if (!done) {
      ++t.failed;
      observer.failed(f, done.error());
      // No room for this file is no room for the next: stop here, with the
      // files stored so far committed.
      if (done.error().message.find(kStoreOutOfRoomMessage) != std::string::npos) {
        t.out_of_room = true;
        t.stopped_at = i;
        break;
      }
      continue;
    }
    ingested.insert(f.key);
    if (!*done) {
      ++t.unchanged;
      continue;
    }
    (**done == Store::IngestOutcome::kAdded ? t.added : t.replaced) += 1;
    t.documents_read += static_cast<long>(e.documents.size());
    observer.stored(f, **done, e);
  }
  observer.before_file(files.size(), bytes_done, t.documents_read);
  t.files = ingested.size();
  if (Result<bool> g = t.out_of_room ? Result<bool>(false) : refresh_graph(store); !g)
    return g.error();

  Result<std::vector<FileRecord>> records = store.files();
  if (!records) return records.error();
  for (const FileRecord& r : *records) {
    if (!ingested.count(r.path)) continue;
    t.documents += r.documents;
    t.edges += r.edges;
  }
  return t;
}

}  // namespace pg
