// policygraph-graph-scale-bench: what resolving and the whole-corpus queries
// cost in one process at N documents, and optionally a store of the same
// corpus for timing the CLI. The corpus is the sample's gold extractions
// (tests/data gazettes and judicial *.json) repeated: each copy renumbers the
// sample's own numbers (serial + 1000 * copy) and marks its own titles, so
// copies are distinct instruments that cite each other as the originals do,
// while laws and other external instruments stay shared.
//
// Also the adversarial shapes of tests/graphs/graph_scale_test.cpp at full
// size (--shape hub|chain|same-title), so their cost can be watched too.
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/ingest/graph_loading.h"
#include "graphs/answers/queries.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/json_io.h"
#include "graphs/store/store.h"
#include "support/graph_shapes.h"

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Heap bytes in use (malloc's count, exact, unlike resident memory, which
// keeps what was freed) and the peak resident memory of this process.
std::pair<long, long> memory() {
  std::ifstream in("/proc/self/status");
  std::string line;
  long hwm = 0;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::atol(line.c_str() + 6) * 1024;
  }
  return {static_cast<long>(mallinfo2().uordblks), hwm};
}

std::vector<std::pair<std::string, pg::Extraction>> load_sample(const std::string& data) {
  std::vector<std::pair<std::string, pg::Extraction>> out;
  for (const char* dir : {"gazettes", "judicial"}) {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(data + "/" + dir)) {
      if (entry.path().extension() == ".json") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p);
      std::stringstream text;
      text << in.rdbuf();
      pg::Result<pg::Extraction> e = pg::extraction_from_json(text.str(), p.string());
      if (!e) {
        std::cerr << e.error().to_string() << '\n';
        std::exit(2);
      }
      out.emplace_back(std::string(dir) + "/" + p.filename().string(), std::move(*e));
    }
  }
  return out;
}

std::string renumber(const std::string& no, int copy) {
  if (copy == 0) return no;
  std::size_t close = no.find("〕");
  std::size_t hao = no.rfind("号");
  if (close == std::string::npos || hao == std::string::npos || hao < close) return no;
  std::size_t digits = close + std::string("〕").size();
  long serial = std::atol(no.substr(digits, hao - digits).c_str());
  return no.substr(0, digits) + std::to_string(serial + 1000L * copy) + "号";
}

// The sample repeated to at least `docs` documents; file names in `names`.
std::vector<pg::Extraction> repeated_sample(const std::string& data, std::size_t docs,
                                            std::vector<std::string>& names) {
  auto sample = load_sample(data);
  std::set<std::string> own_titles, own_numbers;
  std::size_t per_copy = 0;
  for (const auto& [name, e] : sample) {
    per_copy += e.documents.size();
    for (const pg::Document& d : e.documents) {
      own_titles.insert(d.title);
      for (const std::string& p : d.promulgated_titles) own_titles.insert(p);
      if (d.doc_no) own_numbers.insert(*d.doc_no);
    }
  }
  std::vector<pg::Extraction> corpus;
  for (int k = 0; corpus.empty() || corpus.size() / sample.size() * per_copy < docs; ++k) {
    const std::string mark = "（副本" + std::to_string(k) + "）";
    auto title = [&](const std::string& t) { return k && own_titles.count(t) ? t + mark : t; };
    auto number = [&](const std::string& n) { return own_numbers.count(n) ? renumber(n, k) : n; };
    for (const auto& [name, e] : sample) {
      pg::Extraction c = e;
      c.source = "copy" + std::to_string(k) + "/" + e.source;
      for (pg::Document& d : c.documents) {
        if (d.doc_no) d.doc_no = number(*d.doc_no);
        d.title = title(d.title);
        for (std::string& p : d.promulgated_titles) p = title(p);
      }
      for (pg::Edge& edge : c.edges) {
        edge.from = own_numbers.count(edge.from) ? number(edge.from) : title(edge.from);
        if (edge.to_doc_no) edge.to_doc_no = number(*edge.to_doc_no);
        if (edge.to_title) edge.to_title = title(*edge.to_title);
      }
      names.push_back("copy" + std::to_string(k) + "/" + name);
      corpus.push_back(std::move(c));
    }
  }
  return corpus;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Resolution and whole-corpus queries at N documents, in one process"};
  std::string data = TEST_DATA_DIR;
  std::size_t docs = 10000;
  std::string db;
  std::string shape = "sample";
  bool owned = false;
  int repealed = 2;
  app.add_option("--data", data, "tests/data (gold *.json under gazettes/ and judicial/)");
  app.add_option("--docs", docs, "At least this many documents");
  app.add_option("--db", db, "Also write the corpus to this store (replaced), file by file");
  app.add_option("--shape", shape, "sample, hub, chain or same-title");
  app.add_option("--repealed", repealed, "The chain's repealed document (index)");
  app.add_flag("--owned", owned, "Give the corpus up to the graph (build from an rvalue)");
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> names;
  std::vector<pg::Extraction> corpus;
  const int n = static_cast<int>(docs);
  if (shape == "sample") {
    corpus = repeated_sample(data, docs, names);
  } else if (shape == "hub") {
    corpus = pg::testing::hub_corpus(n);
  } else if (shape == "chain") {
    corpus = pg::testing::chain_corpus(n, repealed);
  } else if (shape == "same-title") {
    corpus = pg::testing::same_title_corpus(n);
  } else {
    std::cerr << "unknown shape " << shape << '\n';
    return 2;
  }
  std::size_t documents = 0, references = 0;
  for (const auto& e : corpus) {
    documents += e.documents.size();
    references += e.edges.size();
  }
  if (!db.empty()) {
    std::filesystem::remove(db);
    pg::Result<pg::Store> store = pg::Store::open(db);
    if (!store) return 2;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      std::string path = names.empty() ? corpus[i].source : names[i];
      if (!store->put_file(path, pg::content_hash(path), corpus[i])) return 2;
    }
    std::printf("store %s written\n", db.c_str());
  }
  auto rules = pg::agency_rules();
  if (!rules) return 2;
  auto [heap0, hwm0] = memory();
  double t = cpu_seconds();
  pg::CorpusGraph g = owned ? pg::CorpusGraph::build(std::move(corpus), *rules)
                            : pg::CorpusGraph::build(corpus, *rules);
  double build_s = cpu_seconds() - t;
  auto [heap1, hwm1] = memory();
  std::printf("%s: %zu documents, %zu references -> %zu nodes, %zu edges, %zu findings\n",
              shape.c_str(), documents, references, g.nodes().size(), g.edges().size(),
              g.findings().size());
  std::printf(
      "corpus: %.0f bytes/document of heap; build%s: %.2f s CPU, heap %+.0f bytes/document "
      "after it; peak resident %.0f bytes/document before, %.0f after\n",
      double(heap0) / documents, owned ? " (owned corpus)" : "", build_s,
      double(heap1 - heap0) / documents, double(hwm0) / documents, double(hwm1) / documents);
  const pg::Date as_of = *pg::Date::make(2020, 3, 1);
  auto time = [&](const char* what, auto f) {
    double t0 = cpu_seconds();
    std::size_t rows = f();
    std::printf("%-12s %8.3f s CPU, %zu rows\n", what, cpu_seconds() - t0, rows);
  };
  time("orphans", [&] { return pg::orphans(g, as_of).size(); });
  time("unresolved", [&] { return pg::unresolved(g).size(); });
  time("superseded", [&] { return pg::superseded(g, as_of).size(); });
  time("expiring", [&] { return pg::expiring(g, as_of, *pg::parse_window("5y")).size(); });
  // A chain's impact lists every document below with its whole path: an
  // answer quadratic in the depth, not a cost to measure.
  if (shape != "chain")
    time("impact x100", [&] {
      std::size_t rows = 0;
      for (std::size_t i = 0; i < 100; ++i)
        rows += pg::impact(g, i * 7919 % g.nodes().size(), as_of).total;
      return rows;
    });
  return 0;
}
