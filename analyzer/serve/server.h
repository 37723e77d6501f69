// `policygraph serve`: the store over HTTP, as web pages and a JSON API
// (README "The web application"; the routes are the serve contract of
// /work/notes/team.md). cpp-httplib in-process, its thread pool answering
// requests in parallel.
//
// Contract:
// - The store is only read: each request opens it read-only (SQLite WAL
//   lets `ingest` write beside it) and sees what was committed last, so new
//   data shows without a restart. The whole graph the lists and the search
//   read is kept between requests and read again when the store's
//   files_generation (graphs/store/graph_store.h) has moved.
// - With a token, every request must carry it: `?token=T` (which also sets
//   the cookie pg_token), `Authorization: Bearer T` or that cookie; else 401.
// - A request never stops the server: bad parameters answer 400, unknown
//   documents 404, bodies over max_upload 413, anything thrown 500.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "graphs/base/result.h"

namespace pg::serve {

struct ServeOptions {
  std::string db;                     // the store (must exist)
  std::string host = "127.0.0.1";     // the address to bind
  int port = 8080;                    // 0: any free port
  std::string token;                  // empty: none (loopback only)
  std::size_t max_upload = 20 << 20;  // bytes of a request body (a draft upload)
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

class Server {
 public:
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Checks the options (a non-loopback host needs a token; the store must
  // open) and binds; returns the port bound.
  Result<int> bind();
  // Serves until stop() (from any thread). Call after bind().
  void listen();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pg::serve
