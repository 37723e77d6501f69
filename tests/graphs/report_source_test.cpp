// The report read from the stored graph section by section
// (StoredReportSource) is byte for byte the report built over the whole graph
// (MemoryReportSource over build_report), in every format, with and without
// --issuer, on the sample corpus and on a generated one.
#include "graphs/answers/report_source.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/ingest/graph_loading.h"
#include "analyzer/ingest/ingest.h"
#include "bench/corpus_gen.h"
#include "graphs/base/utf8.h"
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
        if (format == ReportFormat::kHtml) {
          // The rows written directly are the rows of the page's templates.
          std::ostringstream templated;
          REQUIRE(render_html(**stored, templated, HtmlRows::kTemplates).ok());
          CHECK(templated.str() == expected);
        }
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

// Text from documents that HTML must keep as text: markup, quotes of both
// kinds, control characters, invalid UTF-8 (cut inside a character, and
// stray bytes), and titles long enough to be shortened.
std::string hostile(const std::string& text) {
  static const std::vector<std::string> kTails = {
      "<script>alert(\"x&y\")</script>'",
      std::string("\x01\x7f\tline\nbreak\x1b[31m"),
      std::string("\xE4\xB8") + "尾<b>",
      "关于进一步加强和改进行政规范性文件制定和监督管理工作的通知&amp;",
      std::string("\xFF\xFE\"q\""),
      std::string("前\xC3") + "关于进一步加强和改进行政规范性文件制定和监督管理工作的通知",
  };
  std::size_t h = 0;
  for (unsigned char c : text) h = h * 31 + c;
  return text + kTails[h % kTails.size()];
}

TEST_CASE("the html report keeps hostile document text as text, rows direct or templated",
          "[report_source][html]") {
  TempDir tmp;
  Store store = open_store(tmp.db());
  std::vector<Extraction> corpus = sample_corpus();
  std::set<std::string> numbers;
  for (const Extraction& e : corpus) {
    for (const Document& d : e.documents) {
      if (d.doc_no) numbers.insert(*d.doc_no);
    }
  }
  for (std::size_t k = 0; k < corpus.size(); ++k) {
    Extraction& e = corpus[k];
    for (Document& d : e.documents) {
      d.title = hostile(d.title);
      for (Document::FieldEvidence& f : d.field_evidence) {
        f.evidence.quote = hostile(f.evidence.quote);
        f.evidence.file = hostile(f.evidence.file);
      }
    }
    for (Edge& edge : e.edges) {
      if (!numbers.count(edge.from)) edge.from = hostile(edge.from);
      if (edge.to_title) edge.to_title = hostile(*edge.to_title);
      edge.evidence = hostile(edge.evidence);
    }
    e.source = (k % 2 ? "a<&\"'"
                      : "\xE4"
                        "b") +
               e.source;
    REQUIRE(store.put_file(e.source, "h-" + e.source, e).ok());
  }
  REQUIRE(refresh_graph(store).ok());
  CHECK(check_same_reports(store, {"2020-03-01", "2026-12-01"}, {"", "济南"}) > 1000);

  const StoredGraph sg(store);
  ReportOptions options;
  options.as_of = day("2026-12-01");
  Result<std::unique_ptr<StoredReportSource>> stored = StoredReportSource::open(sg, options);
  REQUIRE(stored.ok());
  const std::string html = rendered(**stored, ReportFormat::kHtml);
  CHECK(html.find("&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;") !=
        std::string::npos);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("&amp;amp;") != std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  // Control characters become spaces (line breaks and tabs stay), invalid
  // UTF-8 becomes U+FFFD: the page is valid UTF-8 with no stray controls.
  CHECK(html.find('\x1b') == std::string::npos);
  CHECK(html.find('\x7f') == std::string::npos);
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(html.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(first_invalid_utf8(html) == std::string::npos);
  // Shortened titles (no number) and quotes end in "…".
  CHECK(html.find("…") != std::string::npos);
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
