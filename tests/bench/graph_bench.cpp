// policygraph-graph-bench: ingest throughput and query latency on the sample
// corpus repeated to at least N documents. Each copy renumbers the sample's
// own documents (serial + 1000 * copy) and marks their titles, so copies are
// distinct instruments that cite each other as the originals do, while laws
// and other external instruments stay shared, as in a real corpus.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/ingest/graph_loading.h"
#include "analyzer/read/source_reader.h"
#include "graphs/answers/queries.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Sample {
  std::string name;
  std::size_t bytes = 0;
  pg::Extraction extraction;
};

class NullSink : public pg::DiagnosticSink {
 public:
  void report(pg::Diagnostic) override {}
};

std::vector<Sample> load_sample(const std::vector<std::string>& dirs) {
  std::vector<Sample> out;
  NullSink sink;
  for (const std::string& dir : dirs) {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".txt") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      pg::Result<pg::SourceText> src = pg::read_source(p.string());
      if (!src) continue;
      out.push_back({p.filename().string(), src->utf8.size(), pg::extract(*src, sink)});
    }
  }
  return out;
}

// 济政发〔2017〕24号 -> 济政发〔2017〕1024号 for copy 1.
std::string renumber(const std::string& no, int copy) {
  if (copy == 0) return no;
  std::size_t close = no.find("〕");
  std::size_t hao = no.rfind("号");
  if (close == std::string::npos || hao == std::string::npos || hao < close) return no;
  std::size_t digits = close + std::string("〕").size();
  long serial = std::atol(no.substr(digits, hao - digits).c_str());
  return no.substr(0, digits) + std::to_string(serial + 1000L * copy) + "号";
}

pg::Extraction copy_of(const pg::Extraction& e, int copy, const std::set<std::string>& own_titles,
                       const std::set<std::string>& own_numbers) {
  if (copy == 0) return e;
  const std::string mark = "（副本" + std::to_string(copy) + "）";
  auto title = [&](const std::string& t) { return own_titles.count(t) ? t + mark : t; };
  auto number = [&](const std::string& n) { return own_numbers.count(n) ? renumber(n, copy) : n; };
  pg::Extraction c = e;
  c.source = "copy" + std::to_string(copy) + "/" + e.source;
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
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Ingest throughput and query latency on the sample corpus, repeated"};
  std::vector<std::string> dirs;
  std::size_t target_docs = 10000;
  std::string db = "/tmp/policygraph-bench.db";
  app.add_option("dirs", dirs, "Folders of .txt gazettes")->required();
  app.add_option("--docs", target_docs, "Repeat the corpus to at least this many documents");
  app.add_option("--db", db, "Scratch database (replaced)");
  CLI11_PARSE(app, argc, argv);

  std::vector<Sample> sample = load_sample(dirs);
  std::size_t sample_docs = 0, sample_bytes = 0;
  std::set<std::string> own_titles, own_numbers;
  for (const Sample& s : sample) {
    sample_docs += s.extraction.documents.size();
    sample_bytes += s.bytes;
    for (const pg::Document& d : s.extraction.documents) {
      own_titles.insert(d.title);
      for (const std::string& p : d.promulgated_titles) own_titles.insert(p);
      if (d.doc_no) own_numbers.insert(*d.doc_no);
    }
  }
  if (sample_docs == 0) {
    std::cerr << "policygraph-graph-bench: no documents found\n";
    return 2;
  }
  const int copies = static_cast<int>((target_docs + sample_docs - 1) / sample_docs);

  std::filesystem::remove(db);
  pg::Result<pg::Store> store = pg::Store::open(db);
  if (!store) {
    std::cerr << store.error().to_string() << '\n';
    return 2;
  }
  // Ingest: one transaction per file, as `policygraph ingest` does (the
  // extraction itself is measured by scripts/bench's first figure).
  std::size_t files = 0, docs = 0, edges = 0, bytes = 0;
  auto t0 = Clock::now();
  for (int k = 0; k < copies; ++k) {
    for (const Sample& s : sample) {
      pg::Extraction c = copy_of(s.extraction, k, own_titles, own_numbers);
      std::string path = "copy" + std::to_string(k) + "/" + s.name;
      pg::Result<pg::Store::IngestOutcome> put = store->put_file(path, pg::content_hash(path), c);
      if (!put) {
        std::cerr << put.error().to_string() << '\n';
        return 2;
      }
      ++files;
      docs += c.documents.size();
      edges += c.edges.size();
      bytes += s.bytes;
    }
  }
  double ingest_s = seconds_since(t0);
  std::printf(
      "corpus: %d copies of %zu files = %zu files, %zu documents, %zu edges, %.1f MB of text\n",
      copies, sample.size(), files, docs, edges, bytes / 1e6);
  std::printf("ingest (store only): %.2f s, %.0f files/s, %.0f documents/s, %.1f MB/s of text\n",
              ingest_s, files / ingest_s, docs / ingest_s, bytes / 1e6 / ingest_s);

  t0 = Clock::now();
  pg::Result<std::vector<pg::Extraction>> corpus = store->load_all();
  double load_s = seconds_since(t0);
  if (!corpus) return 2;
  t0 = Clock::now();
  pg::Result<pg::CorpusGraph> built = pg::build_graph(*corpus);  // as every command does
  if (!built) return 2;
  const pg::CorpusGraph& g = *built;
  double build_s = seconds_since(t0);
  std::printf("load: %.2f s; resolve into the graph: %.2f s (%zu nodes, %zu edges)\n", load_s,
              build_s, g.nodes().size(), g.edges().size());

  const pg::Date as_of = *pg::Date::make(2020, 3, 1);
  const std::size_t n = g.nodes().size();
  // show: the card of 1000 nodes spread over the graph.
  const int kCards = 1000;
  t0 = Clock::now();
  std::size_t refs = 0;
  for (int i = 0; i < kCards; ++i) {
    pg::Card c = pg::card(g, (i * 7919) % n, as_of);
    refs += c.references.size() + c.referenced_by.size();
  }
  double show_us = seconds_since(t0) / kCards * 1e6;
  t0 = Clock::now();
  std::vector<pg::Orphan> orphans = pg::orphans(g, as_of);
  double orphans_ms = seconds_since(t0) * 1e3;
  const int kImpacts = 200;
  t0 = Clock::now();
  std::size_t reached = 0;
  for (int i = 0; i < kImpacts; ++i) {
    pg::Impact im = pg::impact(g, (i * 104729) % n, as_of);
    for (const auto& group : im.groups) reached += group.rows.size();
  }
  double impact_us = seconds_since(t0) / kImpacts * 1e6;
  std::printf("query show: %.1f us per document (%zu references seen)\n", show_us, refs);
  std::printf("query orphans: %.1f ms for the whole corpus (%zu orphans)\n", orphans_ms,
              orphans.size());
  std::printf("query impact: %.1f us per document (%zu dependents reached)\n", impact_us, reached);
  std::printf(
      "(the command line adds opening the database and resolving the graph: the load "
      "and resolve figures above)\n");
  std::filesystem::remove(db);
  return 0;
}
