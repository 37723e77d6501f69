// The report read from the stored graph section by section
// (StoredReportSource) is byte for byte the report built over the whole graph
// (MemoryReportSource over build_report), in every format, with and without
// --issuer, on the sample corpus and on a generated one.
#include "graphs/answers/report_source.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/ingest/graph_loading.h"
#include "analyzer/ingest/ingest.h"
#include "bench/corpus_gen.h"
#include "graphs/render/report.h"
#include "support/test_support.h"

namespace {

using namespace pg;
using namespace pg::testing;

Store open_store(const std::string& path) {
  Result<Store> s = Store::open(path);
  REQUIRE(s.ok());
  return std::move(*s);
}

// The graph today's `report` reads from a current store (GraphNeed kReport).
CorpusGraph report_graph(const Store& store) {
  GraphNeed need;
  need.scope = GraphNeed::Scope::kReport;
  Result<NeededGraph> g = load_needed(store, need);
  REQUIRE(g.ok());
  REQUIRE(g->stored);
  return std::move(g->graph);
}

std::string rendered(ReportSource& source, ReportFormat format) {
  std::ostringstream out;
  Result<ReportTally> r = render(source, format, out);
  REQUIRE(r.ok());
  return out.str();
}

// Both sources' reports of `store` for each day and issuer, in every format;
// returns how many lines of rows they held, so a caller can tell the reports
// were not empty.
std::size_t check_same_reports(const Store& store, const std::vector<const char*>& days,
                               const std::vector<std::string>& issuers) {
  const CorpusGraph whole = report_graph(store);
  const StoredGraph sg(store);
  std::size_t lines = 0;
  for (const char* d : days) {
    for (const std::string& issuer : issuers) {
      ReportOptions options;
      options.as_of = day(d);
      options.issuer = issuer;
      Result<Report> report = build_report(whole, options);
      REQUIRE(report.ok());
      MemoryReportSource memory(whole, *report);
      for (ReportFormat format :
           {ReportFormat::kHtml, ReportFormat::kMarkdown, ReportFormat::kJson}) {
        Result<std::unique_ptr<StoredReportSource>> stored = StoredReportSource::open(sg, options);
        REQUIRE(stored.ok());
        // Parts of three documents: every issuer's rows come in several reads.
        (*stored)->issuer_part_size = 3;
        INFO("as of " << d << ", issuer '" << issuer << "', " << to_string(format));
        const std::string expected = rendered(memory, format);
        const std::string got = rendered(**stored, format);
        CHECK(got.size() == expected.size());
        CHECK(got == expected);
        // The string renderers of build_report's Report write the same.
        CHECK(render(whole, *report, format) == expected);
        lines += static_cast<std::size_t>(std::count(got.begin(), got.end(), '\n'));
      }
    }
  }
  return lines;
}

}  // namespace

TEST_CASE("the stored report equals the report of the whole graph on the sample corpus",
          "[report_source]") {
  TempDir tmp;
  Store store = open_store(tmp.db());
  for (const Extraction& e : sample_corpus()) {
    REQUIRE(store.put_file(e.source, "h-" + e.source, e).ok());
  }
  REQUIRE(refresh_graph(store).ok());
  const std::size_t lines = check_same_reports(store, {"2016-06-01", "2020-03-01", "2026-12-01"},
                                               {"", "济南", "济南市人民政府", "无此机关"});
  CHECK(lines > 1000);
}

TEST_CASE("the stored report equals the report of the whole graph on a generated corpus",
          "[report_source]") {
  TempDir tmp;
  bench::CorpusOptions options;
  for (const char* dir : {"gazettes", "judicial", "national"}) {
    options.sample_dirs.push_back(std::string(TEST_DATA_DIR) + "/" + dir);
  }
  options.out_dir = tmp.file("gen");
  options.documents = 600;
  bench::CorpusManifest manifest;
  std::string error;
  REQUIRE(bench::generate_corpus(options, manifest, error));
  Store store = open_store(tmp.db());
  Collected inputs = collect_inputs({tmp.file("gen") + "/corpus"});
  REQUIRE_FALSE(inputs.files.empty());
  NullSink sink;
  IngestObserver quiet;
  IngestConfig config;
  config.jobs = 1;
  REQUIRE(ingest_files(store, inputs.files, sink, quiet, config).ok());
  REQUIRE(refresh_graph(store).ok());
  // An issuer of the corpus by its whole name, and a part of names.
  const CorpusGraph whole = report_graph(store);
  std::string issuer;
  for (const Node& n : whole.nodes()) {
    if (!n.external && !n.issuer.empty()) {
      issuer = n.issuer;
      break;
    }
  }
  REQUIRE_FALSE(issuer.empty());
  // The generator's 有效期 fall around 2026-06-01 (the benchmark's day).
  const std::size_t lines =
      check_same_reports(store, {"2020-01-01", "2026-06-01"}, {"", issuer, "人民政府"});
  CHECK(lines > 5000);
}
