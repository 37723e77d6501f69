// What the lists that weigh every node's status read first: the repeals /
// amends edges and each node's status kind, from one pass over the status
// columns (status_edges' days counted from and all_status_kinds' facts read
// the same covering index, graph_nodes_status, twice when read apart).
#pragma once

#include <vector>

#include "graphs/base/date.h"
#include "graphs/store/graph_store.h"

namespace pg {

struct StatusScan {
  std::vector<StoredGraph::StatusEdge> edges;  // StoredGraph::status_edges()
  std::vector<StatusKind> kinds;               // StoredGraph::all_status_kinds(as_of, edges)
};

// status_edges() and all_status_kinds(as_of) of them, equal to reading them
// apart (in one read transaction), from one pass over the status columns.
// Without `quotes`, the edges' evidence has no quote (a list that prints
// none: 10^5 quotes were a tenth of the memory orphans first touched).
Result<StatusScan> status_edges_and_kinds(const StoredGraph& graph, Date as_of, bool quotes = true);

}  // namespace pg
