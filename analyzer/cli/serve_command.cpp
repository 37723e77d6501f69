// `policygraph serve`: the web application over the store (analyzer/serve).
// The options are read here; serve_command.h says what runs them.
#include "analyzer/cli/serve_command.h"

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/options.h"

namespace pg::cli {

void add_serve_command(CLI::App& app, Registry& registry) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "the web application: search, document pages, graphs, lists, draft check and a JSON API "
      "over the store, read-only (README: The web application)");
  add_db_option(cmd, a->options.db);
  cmd->add_option("--host", a->options.host,
                  "address to listen on (default 127.0.0.1; another address needs --token)");
  cmd->add_option("--port", a->options.port, "port (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  auto* token = cmd->add_option("--token", a->options.token,
                                "a token every request must carry (?token=T or "
                                "Authorization: Bearer T)");
  cmd->add_option("--token-file", a->token_file, "read the token from this file")->excludes(token);
  cmd->add_option("--max-upload", a->max_upload_mb,
                  "largest request body (a draft upload), in MB (default 20)")
      ->check(CLI::Range(1, 1024));
  registry["serve"] = [a] { return run_serve(*a); };
}

}  // namespace pg::cli
