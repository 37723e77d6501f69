// The command line's shape, apart from main so that the CLI fuzz target
// (tests/fuzz/cli_fuzz.cpp) parses exactly what the executable parses.
#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"

namespace pg::cli {

namespace {

// Usage errors in the words of every other error, with the way out for a
// name that looks like an option.
std::string failure_message(const CLI::App* /*app*/, const CLI::Error& e) {
  std::string out = "policygraph: error: " + std::string(e.what()) + "\n";
  const std::string name = e.get_name();
  // A subcommand's ExtrasError carries the subcommand's name instead: extract
  // and ingest take --files-from / --from-jsonl instead of names, so their
  // names are not required and a stray "-x" shows up as an extra.
  if (name == "ExtrasError" || name == "RequiredError" ||
      dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    out +=
        "(a file or document name beginning with - goes after --, as in "
        "`policygraph extract -- -draft.txt`)\n";
  }
  out += "Run with --help for more information.\n";
  return out;
}

}  // namespace

void register_commands(CLI::App& app, Registry& commands) {
  app.failure_message(failure_message);
  app.set_version_flag("--version", std::string("policygraph ") + POLICYGRAPH_VERSION);
  app.require_subcommand(1);
  commands["extract"] = add_extract_command(app);
  commands["ingest"] = add_ingest_command(app);
  commands["reindex"] = add_reindex_command(app);
  commands["index-text"] = add_index_text_command(app);
  add_query_commands(app, commands);
  add_artefact_commands(app, commands);
  add_report_command(app, commands);
  commands["search"] = add_search_command(app);
  add_serve_command(app, commands);
}

}  // namespace pg::cli
