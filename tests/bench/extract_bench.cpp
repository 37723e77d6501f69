// policygraph-bench: extraction throughput on the sample corpus, repeated to a
// target size, single thread. Prints figures; asserts nothing (scripts/bench).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/normalizer.h"
#include "analyzer/read/source_reader.h"

namespace {

struct Input {
  std::string name;
  std::string bytes;
};

std::vector<Input> load_corpus(const std::vector<std::string>& dirs) {
  std::vector<Input> inputs;
  for (const std::string& dir : dirs) {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".txt") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      inputs.push_back({p.filename().string(), ss.str()});
    }
  }
  return inputs;
}

class NullSink : public pg::DiagnosticSink {
 public:
  void report(pg::Diagnostic) override { ++count; }
  long count = 0;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Extraction throughput on the sample corpus, single thread"};
  std::vector<std::string> dirs;
  double target_mb = 100;
  app.add_option("dirs", dirs, "Folders of .txt gazettes")->required();
  app.add_option("--mb", target_mb, "Repeat the corpus to at least this many MB");
  CLI11_PARSE(app, argc, argv);

  std::vector<Input> corpus = load_corpus(dirs);
  std::size_t corpus_bytes = 0;
  for (const Input& in : corpus) corpus_bytes += in.bytes.size();
  if (corpus_bytes == 0) {
    std::cerr << "policygraph-bench: no .txt files found\n";
    return 2;
  }
  const std::size_t target = static_cast<std::size_t>(target_mb * 1e6);
  const std::size_t rounds = (target + corpus_bytes - 1) / corpus_bytes;

  using Clock = std::chrono::steady_clock;
  std::size_t bytes = 0, documents = 0, edges = 0, normalized = 0;
  NullSink sink;
  double normalize_s = 0;
  auto t0 = Clock::now();
  for (std::size_t r = 0; r < rounds; ++r) {
    for (const Input& in : corpus) {
      pg::Result<pg::SourceText> src = pg::decode_source(in.name, in.bytes);
      if (!src) continue;
      pg::Extraction e = pg::extract(*src, sink);
      bytes += in.bytes.size();
      documents += e.documents.size();
      edges += e.edges.size();
    }
  }
  double total_s = std::chrono::duration<double>(Clock::now() - t0).count();
  // The normalizer alone, on the same input, for a per-stage figure.
  auto t1 = Clock::now();
  for (std::size_t r = 0; r < rounds; ++r) {
    for (const Input& in : corpus) normalized += pg::normalize(in.bytes).text().size();
  }
  normalize_s = std::chrono::duration<double>(Clock::now() - t1).count();

  std::printf("corpus: %zu files, %.2f MB, repeated %zu times = %.1f MB\n", corpus.size(),
              corpus_bytes / 1e6, rounds, bytes / 1e6);
  std::printf("extract: %.2f s, %.1f MB/s, %zu documents, %zu edges, %ld diagnostics\n", total_s,
              bytes / 1e6 / total_s, documents, edges, sink.count);
  std::printf("normalize alone: %.2f s, %.1f MB/s (%zu bytes out)\n", normalize_s,
              bytes / 1e6 / normalize_s, normalized);
  return 0;
}
