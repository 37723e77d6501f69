#include "graphs/answers/neighbourhood.h"

#include <algorithm>
#include <unordered_map>

#include "graphs/base/work_stats.h"

namespace pg {

std::vector<std::size_t> neighbourhood(const CorpusGraph& graph, std::size_t around, int depth,
                                       const std::set<RelationType>& types,
                                       std::size_t stop_after) {
  const auto& edges = graph.edges();
  auto type_kept = [&](RelationType t) { return types.empty() || types.count(t) > 0; };
  // Breadth-first, each node once at its least depth. The depths are kept
  // for the nodes reached only, so a small neighbourhood of a large graph
  // costs what it holds.
  std::unordered_map<std::size_t, int> reached{{around, 0}};
  std::vector<std::size_t> out{around};
  auto full = [&] { return out.size() > stop_after; };
  for (std::size_t h = 0; h < out.size() && !full(); ++h) {
    const std::size_t v = out[h];
    const int d = reached.at(v);
    if (d == depth) continue;
    auto visit = [&](std::size_t e, std::size_t other) {
      ++work_stats().graph_steps;
      if (!type_kept(edges[e].type) || !reached.emplace(other, d + 1).second) return;
      out.push_back(other);
    };
    for (std::size_t e : graph.out_edges(v)) {
      if (full()) break;
      visit(e, edges[e].to);
    }
    for (std::size_t e : graph.in_edges(v)) {
      if (full()) break;
      visit(e, edges[e].from);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace pg
