// `report`: the audit report of the corpus in the store, as one HTML page,
// Markdown or JSON, written to a file (or stdout with -o -).
// Exit status: 0 written, 2 usage, input or write error.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/context.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/pages.h"
#include "graphs/answers/queries.h"
#include "graphs/answers/report_source.h"
#include "graphs/render/report.h"
#include "graphs/store/graph_store.h"

namespace pg::cli {
namespace {

struct ReportArgs {
  Common common;
  std::string issuer;
  std::string format = "html";
  std::string output;
  std::string within = "6m";
  std::size_t max_diagrams = 6;
};

// "wrote FILE (html, as of DAY): N documents, ..."
std::string wrote_report(const std::string& output, ReportFormat format, Date as_of,
                         const ReportTally& r) {
  auto n = [](std::size_t count, const char* what) { return std::to_string(count) + " " + what; };
  return "wrote " + output + " (" + std::string(to_string(format)) + ", as of " + as_of.to_iso() +
         "): " + n(r.documents, "documents") + ", " + n(r.superseded, "superseded") + ", " +
         n(r.orphans, "orphans") + ", " + n(r.expiring, "expiring") + ", " +
         n(r.unresolved, "unresolved") + ", " + n(r.findings, "findings") + ", " +
         n(r.diagrams, "diagrams");
}

// Writes the report to `output` (stdout for "-" or empty) as it is made; a
// file is written beside it and renamed when complete, as write_output does.
std::optional<ReportTally> write_report(const std::string& output, ReportSource& source,
                                        ReportFormat format) {
  auto failed = [](const Error& e) {
    std::cerr << "policygraph: error: " << e.to_string() << '\n';
    return std::nullopt;
  };
  if (output.empty() || output == "-") {
    Result<ReportTally> r = render(source, format, std::cout);
    if (!r) return failed(r.error());
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "policygraph: error: writing standard output failed\n";
      return std::nullopt;
    }
    return *r;
  }
  // A device or a pipe is written into; a file beside and renamed.
  const bool in_place = written_in_place(output);
  const std::string tmp = in_place ? output : output + ".tmp";
  Result<ReportTally> r = Error{"", -1, ""};
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::cerr << "policygraph: error: " << output << ": cannot open for writing\n";
      return std::nullopt;
    }
    r = render(source, format, out);
    // The last buffer is written at close: a full disk shows there.
    out.close();
    if (r && !out) {
      std::cerr << "policygraph: error: " << output << ": cannot write\n";
      if (!in_place) std::remove(tmp.c_str());
      return std::nullopt;
    }
  }
  if (!r) {
    if (!in_place) std::remove(tmp.c_str());
    return failed(r.error());
  }
  if (in_place) return *r;
  std::error_code ec;
  std::filesystem::rename(tmp, output, ec);
  if (ec) {
    std::cerr << "policygraph: error: " << output << ": " << ec.message() << '\n';
    std::remove(tmp.c_str());
    return std::nullopt;
  }
  return *r;
}

int run_report(const ReportArgs& a) {
  // Huge pages off (pages.h): the report of 10^6 documents writes 3 GB of
  // HTML, and took 460-485 MB at its peak with them against 427 MB without.
  no_huge_pages();
  // Both checked by CLI11 while parsing.
  auto format = parse_report_format(a.format);
  auto window = parse_window(a.within);
  if (!format || !window) return 2;
  std::optional<Date> as_of = as_of_date(a.common);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(a.common);
  if (!store) return 2;
  ReportOptions options;
  options.as_of = *as_of;
  options.issuer = a.issuer;
  options.expiring_within = *window;
  options.max_diagrams = a.max_diagrams;
  Result<GraphState> state = graph_state(*store);
  if (!state) {
    std::cerr << "policygraph: error: " << state.error().to_string() << '\n';
    return 2;
  }
  // A current stored graph is read section by section; otherwise every
  // extraction is resolved (load_from says why) and the report built whole.
  std::optional<StoredGraph> stored;
  std::optional<Context> ctx;
  std::optional<Report> report;
  std::unique_ptr<ReportSource> source;
  if (*state == GraphState::kCurrent) {
    stored.emplace(*store);
    Result<std::unique_ptr<StoredReportSource>> s = StoredReportSource::open(*stored, options);
    if (!s) {
      std::cerr << "policygraph: error: " << s.error().to_string() << '\n';
      return 2;
    }
    source = std::move(*s);
  } else {
    GraphNeed need;
    need.scope = GraphNeed::Scope::kReport;
    ctx = load_from(*store, *as_of, need);
    if (!ctx) return 2;
    Result<Report> built = build_report(ctx->graph, options);
    if (!built) {
      std::cerr << "policygraph: error: " << built.error().to_string() << '\n';
      return 2;
    }
    report = std::move(*built);
    source = std::make_unique<MemoryReportSource>(ctx->graph, *report);
  }
  std::optional<ReportTally> tally = write_report(a.output, *source, *format);
  if (!tally) return 2;
  if (a.output != "-") status_message(wrote_report(a.output, *format, *as_of, *tally));
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Registry& registry) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "The audit report: counts by status and level, superseded, orphans, expiring, "
      "unresolved references, integrity findings, per-issuer tables and diagrams, "
      "each item with its evidence");
  add_db_option(cmd, a->common.db);
  add_as_of_option(cmd, a->common.as_of);
  add_issuer_option(cmd, a->issuer);
  add_format_option(cmd, a->format, {"html", "md", "json"},
                    "html: one self-contained page; md: Markdown; json");
  add_output_option(cmd, a->output, "the report", true);
  add_window_option(cmd, a->within, "The expiring window")->capture_default_str();
  cmd->add_option("--max-diagrams", a->max_diagrams,
                  "Diagrams of key neighbourhoods to draw (0: none)")
      ->capture_default_str();
  registry["report"] = [a] { return run_report(*a); };
}

}  // namespace pg::cli
