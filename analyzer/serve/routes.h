// The routes of `policygraph serve` (server.h), over one shared State.
// Internal to analyzer/serve.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "analyzer/serve/server.h"
#include "graphs/graph/corpus_graph.h"

namespace pg::serve {

// What every request shares: the options, the whole graph (kept while the
// store's files_generation stays the same) and a lock for Graphviz, which
// keeps global state.
struct State {
  ServeOptions options;
  std::mutex graph_mutex;
  std::int64_t generation = -1;
  std::shared_ptr<const CorpusGraph> whole;
  std::mutex graphviz_mutex;
};

// Adds every route of the contract to `server`.
void add_routes(httplib::Server& server, State& state);

}  // namespace pg::serve
