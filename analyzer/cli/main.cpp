// policygraph: a thin main over the analyzer and graphs libraries.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "analyzer/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"policygraph: reads Chinese government gazettes into a graph of "
               "who cites, implements, amends and repeals whom."};
  app.set_version_flag("--version", std::string("policygraph ") + POLICYGRAPH_VERSION);
  app.require_subcommand(1);

  pg::cli::Registry commands;
  commands["extract"] = pg::cli::add_extract_command(app);
  commands["ingest"] = pg::cli::add_ingest_command(app);
  pg::cli::add_query_commands(app, commands);
  pg::cli::add_artefact_commands(app, commands);
  pg::cli::add_report_command(app, commands);

  // A file-size limit (ulimit -f) would kill the process mid-write with
  // SIGXFSZ; ignored, the write fails with EFBIG and ingest says so, its
  // transaction rolled back.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // CLI11 returns 0 for --help/--version; usage errors become our status 2.
    return code == 0 ? 0 : 2;
  }
  for (const auto& [name, run] : commands) {
    if (!app.got_subcommand(name)) continue;
    int status = run();
    // Output cut short (a full disk, ulimit -f on a redirect) is an error,
    // not a success with half a JSON document.
    if (!std::cout.flush()) {
      std::cerr << "policygraph: error: writing standard output failed\n";
      return 2;
    }
    return status;
  }
  return 2;
}
