// `report`: the audit report of the corpus in the store, as one HTML page,
// Markdown or JSON, written to a file (or stdout with -o -).
// Exit status: 0 written, 2 usage, input or write error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/context.h"
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

// Writes to a temporary file beside the target and renames it, so that a
// failed run never leaves half a report where the last good one was.
bool write_file(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::cerr << "policygraph: error: " << path << ": cannot open for writing\n";
      return false;
    }
    out << text;
    out.close();
    if (!out) {
      std::cerr << "policygraph: error: " << path << ": write failed\n";
      std::remove(tmp.c_str());
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::cerr << "policygraph: error: " << path << ": " << ec.message() << '\n';
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

int run_report(const ReportArgs& a) {
  auto format = parse_report_format(a.format);
  if (!format) {
    std::cerr << "policygraph: error: --format: unknown format '" << a.format
              << "' (html, md, json)\n";
    return 2;
  }
  auto window = parse_window(a.within);
  if (!window) {
    std::cerr << "policygraph: error: --within: '" << a.within << "' is not a window (6m, 90d, 1y)\n";
    return 2;
  }
  auto ctx = load(a.common);
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
  if (a.output == "-") {
    std::cout << text;
    std::cout.flush();
    return std::cout ? 0 : 2;
  }
  if (!write_file(a.output, text)) return 2;
  const Report& r = *report;
  std::cerr << "policygraph: wrote " << a.output << " (" << to_string(*format) << ", as of "
            << r.as_of.to_iso() << "): " << r.published.total() << " documents, "
            << r.superseded.size() << " superseded, " << r.orphans.size() << " orphans, "
            << r.expiring.size() << " expiring, " << r.unresolved.size() << " unresolved, "
            << r.findings.size() << " findings, " << r.diagrams.size() << " diagrams\n";
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
  cmd->add_option("--db", a->common.db,
                  "Database file (default: $POLICYGRAPH_DB, else ./policygraph.db)");
  cmd->add_option("--as-of", a->common.as_of,
                  "Statuses as of this day, YYYY-MM-DD (default: today)");
  cmd->add_option("--issuer", a->issuer,
                  "Only documents whose issuer, a printed issuer or 机关代字 contains this");
  cmd->add_option("--format", a->format, "html (one self-contained page), md or json")
      ->capture_default_str();
  cmd->add_option("-o,--output", a->output, "Output file, or - for stdout")->required();
  cmd->add_option("--within", a->within, "The expiring window: 6m, 90d, 1y")
      ->capture_default_str();
  cmd->add_option("--max-diagrams", a->max_diagrams,
                  "Diagrams of key neighbourhoods to draw (0: none)")
      ->capture_default_str();
  registry["report"] = [a] { return run_report(*a); };
}

}  // namespace pg::cli
