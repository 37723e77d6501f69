// policygraph: a thin main over the analyzer and graphs libraries.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "graphs/base/exit_release.h"

int main(int argc, char** argv) {
  CLI::App app{
      "policygraph: reads Chinese government gazettes into a graph of "
      "who cites, implements, amends and repeals whom."};
  pg::cli::Registry commands;
  pg::cli::register_commands(app, commands);

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
  // One command per process: what it is done with need not be freed
  // before the exit (graphs/base/exit_release.h).
  pg::set_process_ends_after_command(true);
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
