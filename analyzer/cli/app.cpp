// The command line's shape, apart from main so that the CLI fuzz target
// (tests/fuzz/cli_fuzz.cpp) parses exactly what the executable parses.
#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"

namespace pg::cli {

void register_commands(CLI::App& app, Registry& commands) {
  app.set_version_flag("--version", std::string("policygraph ") + POLICYGRAPH_VERSION);
  app.require_subcommand(1);
  commands["extract"] = add_extract_command(app);
  commands["ingest"] = add_ingest_command(app);
  add_query_commands(app, commands);
  add_artefact_commands(app, commands);
  add_report_command(app, commands);
}

}  // namespace pg::cli
