// What the lists that weigh every node's status read first: the repeals /
// amends edges and each node's status kind, from one pass over the status
// columns (status_edges' days counted from and all_status_kinds' facts read
// the same covering index, graph_nodes_status, twice when read apart).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "graphs/base/date.h"
#include "graphs/store/graph_store.h"

namespace pg {

// A node's status columns as the scan read them (graph_nodes_status): what
// the status rule weighs of a node besides the repeals and amendments into
// it. Dates packed in 4 bytes each: 10^5 nodes' facts in 2 MB.
struct StatusColumns {
  NodeNo no = 0;
  bool published = false;  // it has a document (doc_effective not NULL)
  std::optional<Date> expires() const { return unpack(expires_); }
  // The day it takes effect (status_rule.h's effective_at(...).date).
  std::optional<Date> effective() const { return unpack(effective_); }
  std::optional<Date> signed_date() const { return unpack(signed_); }

  static std::int32_t pack(const std::optional<Date>& d) {
    return d ? (d->year * 16 + d->month) * 32 + d->day : 0;
  }
  static std::optional<Date> unpack(std::int32_t v) {
    if (v == 0) return std::nullopt;
    Date d;
    d.day = v % 32;
    d.month = (v / 32) % 16;
    d.year = v / 512;
    return d;
  }
  std::int32_t expires_ = 0, effective_ = 0, signed_ = 0;  // pack()ed
};

struct StatusScan {
  std::vector<StoredGraph::StatusEdge> edges;  // StoredGraph::status_edges()
  std::vector<StatusKind> kinds;               // StoredGraph::all_status_kinds(as_of, edges)
  // With `fallen_columns`: the status columns of every node repealed or
  // expired on `as_of` (kinds), by number. A list decides such a node's
  // status from them and its events, without reading its row.
  std::vector<StatusColumns> fallen;
};

// status_edges() and all_status_kinds(as_of) of them, equal to reading them
// apart (in one read transaction), from one pass over the status columns.
// Without `quotes`, the edges' evidence has no quote (a list that prints
// none: 10^5 quotes were a tenth of the memory orphans first touched).
Result<StatusScan> status_edges_and_kinds(const StoredGraph& graph, Date as_of, bool quotes = true,
                                          bool fallen_columns = false);

}  // namespace pg
