// CorpusGraph::from_parts: a graph (or a subgraph) from the parts a stored
// graph keeps, without resolving anything again.
#include <utility>

#include "graphs/graph/corpus_graph.h"

namespace pg {

CorpusGraph CorpusGraph::from_parts(
    std::vector<Node> nodes, std::vector<GraphEdge> edges, std::vector<Finding> findings,
    std::unordered_map<std::string, std::vector<std::string>> title_index) {
  CorpusGraph cg;
  cg.nodes_ = std::move(nodes);
  cg.edges_ = std::move(edges);
  cg.findings_ = std::move(findings);
  cg.by_title_ = std::move(title_index);
  cg.by_id_.reserve(cg.nodes_.size());
  for (std::size_t i = 0; i < cg.nodes_.size(); ++i) cg.by_id_.emplace(cg.nodes_[i].id, i);
  cg.index_edges();
  return cg;
}

}  // namespace pg
