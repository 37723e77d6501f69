// `report`: the audit report of the corpus in the store, as one HTML page,
// Markdown or JSON, written to a file (or stdout with -o -).
// Exit status: 0 written, 2 usage, input or write error.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/context.h"
#include "analyzer/cli/options.h"
#include "graphs/answers/queries.h"
#include "graphs/render/report.h"

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
std::string wrote_report(const std::string& output, ReportFormat format, const Report& r) {
  auto n = [](std::size_t count, const char* what) { return std::to_string(count) + " " + what; };
  return "wrote " + output + " (" + std::string(to_string(format)) + ", as of " + r.as_of.to_iso() +
         "): " + n(r.published.total(), "documents") + ", " + n(r.superseded.size(), "superseded") +
         ", " + n(r.orphans.size(), "orphans") + ", " + n(r.expiring.size(), "expiring") + ", " +
         n(r.unresolved.size(), "unresolved") + ", " + n(r.findings.size(), "findings") + ", " +
         n(r.diagrams.size(), "diagrams");
}

int run_report(const ReportArgs& a) {
  // Both checked by CLI11 while parsing.
  auto format = parse_report_format(a.format);
  auto window = parse_window(a.within);
  if (!format || !window) return 2;
  GraphNeed need;
  need.scope = GraphNeed::Scope::kReport;
  auto ctx = load(a.common, need);
  if (!ctx) return 2;
  ReportOptions options;
  options.as_of = ctx->as_of;
  options.issuer = a.issuer;
  options.expiring_within = *window;
  options.max_diagrams = a.max_diagrams;
  Result<Report> report = build_report(ctx->graph, options);
  if (!report) {
    std::cerr << "policygraph: error: " << report.error().to_string() << '\n';
    return 2;
  }
  const std::string text = render(ctx->graph, *report, *format);
  if (!write_output(a.output, text)) return 2;
  if (a.output != "-") status_message(wrote_report(a.output, *format, *report));
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
