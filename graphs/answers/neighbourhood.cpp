#include "graphs/answers/neighbourhood.h"

#include <deque>

namespace pg {

std::vector<std::size_t> neighbourhood(const CorpusGraph& graph, std::size_t around, int depth,
                                       const std::set<RelationType>& types) {
  const auto& edges = graph.edges();
  auto type_kept = [&](RelationType t) { return types.empty() || types.count(t) > 0; };
  // Breadth-first, each node once at its least depth.
  std::vector<int> reached(graph.nodes().size(), -1);
  std::deque<std::size_t> queue{around};
  reached[around] = 0;
  while (!queue.empty()) {
    std::size_t v = queue.front();
    queue.pop_front();
    if (reached[v] == depth) continue;
    auto visit = [&](std::size_t e, std::size_t other) {
      if (!type_kept(edges[e].type) || reached[other] >= 0) return;
      reached[other] = reached[v] + 1;
      queue.push_back(other);
    };
    for (std::size_t e : graph.out_edges(v)) visit(e, edges[e].to);
    for (std::size_t e : graph.in_edges(v)) visit(e, edges[e].from);
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < reached.size(); ++i) {
    if (reached[i] >= 0) out.push_back(i);
  }
  return out;
}

}  // namespace pg
