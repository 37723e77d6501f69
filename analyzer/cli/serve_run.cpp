// run_serve (serve_command.h) in policygraph-serve: the server.
// Prints "serving http://HOST:PORT/" on stdout once listening; SIGINT and
// SIGTERM stop it (exit 0).
#include <pthread.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "analyzer/cli/serve_command.h"
#include "analyzer/serve/server.h"
#include "graphs/base/exit_release.h"

namespace pg::cli {

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

}  // namespace pg::cli
