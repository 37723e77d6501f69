// `policygraph serve`: the web application over the store (analyzer/serve).
// Prints "serving http://HOST:PORT/" on stdout once listening; SIGINT and
// SIGTERM stop it (exit 0).
#include <pthread.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/options.h"
#include "analyzer/serve/server.h"
#include "graphs/base/exit_release.h"

namespace pg::cli {
namespace {

struct ServeArgs {
  serve::ServeOptions options;
  std::string token_file;
  std::size_t max_upload_mb = 20;
};

int run_serve(ServeArgs a) {
  // A server goes on after each request: what it is done with is freed.
  set_process_ends_after_command(false);
  if (!a.token_file.empty()) {
    std::ifstream in(a.token_file);
    std::stringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    while (!token.empty() &&
           (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
      token.pop_back();
    }
    if (!in || token.empty()) {
      std::cerr << "policygraph: error: --token-file " << a.token_file
                << ": cannot read a token from it\n";
      return 2;
    }
    a.options.token = token;
  }
  a.options.max_upload = a.max_upload_mb << 20;
  // SIGINT and SIGTERM are taken by one thread (sigwait), not a handler:
  // stopping the server is not async-signal-safe. Blocked before any other
  // thread starts, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  serve::Server server(a.options);
  Result<int> port = server.bind();
  if (!port) {
    std::cerr << "policygraph: error: " << port.error().to_string() << '\n';
    return 2;
  }
  std::thread stopper([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  const std::string host =
      a.options.host.find(':') != std::string::npos ? "[" + a.options.host + "]" : a.options.host;
  std::cout << "serving http://" << host << ":" << *port << "/" << std::endl;
  if (!a.options.token.empty()) {
    std::cerr << "policygraph: a token is required: open http://" << host << ":" << *port
              << "/?token=... (the token given), or send Authorization: Bearer ...\n";
  }
  server.listen();
  // listen() returned: stopped by a signal, or failed; wake the stopper.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return 0;
}

}  // namespace

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
