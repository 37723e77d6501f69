// The neighbourhood of one node: what `export --around` draws and what the
// report's diagrams show. One walk for both, so that the report counts the
// nodes of a drawing exactly as the exporter selects them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg {

// Every node within `depth` edges of `around` (included), following edges of
// the given types (every type when `types` is empty) in either direction;
// node indices ascending. `around` must be a node of `graph` and `depth` not
// negative (the caller checks both). With `stop_after`, the walk stops as
// soon as it holds more than that many nodes: the result then has
// stop_after + 1 of them (enough to tell "too many"), not the whole
// neighbourhood.
std::vector<std::size_t> neighbourhood(const CorpusGraph& graph, std::size_t around, int depth,
                                       const std::set<RelationType>& types,
                                       std::size_t stop_after = SIZE_MAX);

}  // namespace pg
