// The routes of `policygraph serve` (server.h), over one shared State.
// Internal to analyzer/serve.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analyzer/serve/server.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/store.h"

namespace pg::serve {

// What every request shares: the options, the whole graph (kept while the
// store's files_generation stays the same) and a lock for Graphviz, which
// keeps global state.
// The threads that answer requests. httplib's default pool (8 on this
// machine) held one keep-alive connection per thread, so that under 50
// clients the others queued for up to a second (tests/browser/load.mjs:
// p90 ~1 s); a thread waiting on an idle connection costs no CPU.
inline constexpr std::size_t kServeThreads = 64;

struct State {
  ServeOptions options;
  // Stores opened before and idle, for the next request (routes.cpp's
  // open_store): opening one reads and checks the schema, a few ms a
  // request. Kept while the file at options.db is the same file (device and
  // inode); a read transaction sees the latest commit either way.
  std::mutex stores_mutex;
  std::vector<std::unique_ptr<Store>> idle_stores;
  std::uint64_t store_device = 0, store_inode = 0;
  std::mutex graph_mutex;
  std::int64_t generation = -1;
  std::shared_ptr<const CorpusGraph> whole;
  std::mutex graphviz_mutex;
};

// Adds every route of the contract to `server`.
void add_routes(httplib::Server& server, State& state);

}  // namespace pg::serve
