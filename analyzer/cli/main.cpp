// policygraph: a thin main over the analyzer and graphs libraries.
#include <CLI/CLI.hpp>

#include <iostream>

#include "analyzer/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"policygraph: reads Chinese government gazettes into a graph of "
               "who cites, implements, amends and repeals whom."};
  pg::cli::Registry commands;
  pg::cli::register_commands(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // CLI11 returns 0 for --help/--version; usage errors become our status 2.
    return code == 0 ? 0 : 2;
  }
  for (const auto& [name, run] : commands) {
    if (app.got_subcommand(name)) return run();
  }
  return 2;
}
