// `policygraph serve`'s options (serve_command.cpp) and what runs them:
// serve_run.cpp, the server, in the executable policygraph-serve (linked
// with analyzer/serve and cpp-httplib); serve_exec.cpp in policygraph, which
// hands the process over to policygraph-serve, so that policygraph itself
// loads neither cpp-httplib nor what it links.
#pragma once

#include <cstddef>
#include <string>

#include "analyzer/serve/server.h"

namespace pg::cli {

struct ServeArgs {
  serve::ServeOptions options;
  std::string token_file;
  std::size_t max_upload_mb = 20;
};

// Serves until SIGINT or SIGTERM; the exit status.
int run_serve(ServeArgs a);

}  // namespace pg::cli
