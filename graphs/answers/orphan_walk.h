// The walks of orphans() (queries.h), over node ranks and basis arcs, for
// both places that answer it: queries.cpp over a CorpusGraph, and
// stored_lists.cpp over the stored edge rows. Internal to graphs/answers.
//
// Contract: nodes are ranks 0..n-1 in the graph's node order (by id); the
// arcs out of each node are its based_on / implements edges in the graph's
// edge order (by target rank, then type), left out those into a node from
// which no fallen node can be reached. A walk from a document in force is
// breadth first up the arcs, marks stamped per walk (no walk clears
// anything), and stops once every node left in its queue lies behind a
// fallen one: the fallen nodes it finds with no other fallen node between
// them and the start are what orphans() reports, each with the path the walk
// reached it by.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pg::orphan_walk {

struct Arc {
  std::uint32_t to = 0;
  std::uint32_t edge = 0;  // the caller's number of the edge
};

// Out arcs of node v: arcs[first[v] .. first[v + 1]).
struct Arcs {
  std::vector<std::uint32_t> first;  // n + 1 entries
  std::vector<Arc> arcs;
  std::size_t nodes() const { return first.empty() ? 0 : first.size() - 1; }
};

class Walker {
 public:
  // `arcs` and `fallen` (per rank: repealed or expired) must outlive it.
  Walker(const Arcs& arcs, const std::vector<char>& fallen)
      : g_(arcs),
        fallen_(fallen),
        stamp_(arcs.nodes(), 0),
        via_(arcs.nodes(), 0),
        clear_(arcs.nodes(), 0) {}

  // Walks up from `start`; the fallen nodes found, ascending. Valid until
  // the next walk.
  const std::vector<std::uint32_t>& walk(std::uint32_t start) {
    ++walk_no_;
    start_ = start;
    stamp_[start] = walk_no_;
    clear_[start] = 1;
    queue_.assign(1, start);
    found_.clear();
    std::size_t clear_waiting = 1;  // clear nodes in the queue not yet expanded
    for (std::size_t h = 0; h < queue_.size() && clear_waiting > 0; ++h) {
      const std::uint32_t u = queue_[h];
      steps_ += 1 + g_.first[u + 1] - g_.first[u];
      if (clear_[u]) --clear_waiting;
      for (std::uint32_t k = g_.first[u]; k < g_.first[u + 1]; ++k) {
        const std::uint32_t t = g_.arcs[k].to;
        if (stamp_[t] == walk_no_) continue;
        stamp_[t] = walk_no_;
        via_[t] = k;
        if (fallen_[t] && clear_[u]) found_.push_back(t);
        clear_[t] = clear_[u] && !fallen_[t];
        if (clear_[t]) ++clear_waiting;
        queue_.push_back(t);
      }
    }
    std::sort(found_.begin(), found_.end());
    return found_;
  }

  // The arcs (indices into Arcs::arcs) the last walk reached `t` by, from
  // its start to `t`, appended to `out`.
  void path_to(std::uint32_t t, std::vector<std::uint32_t>& out) const {
    const std::size_t begin = out.size();
    for (std::uint32_t at = t; at != start_; at = from_of(via_[at])) out.push_back(via_[at]);
    std::reverse(out.begin() + static_cast<std::ptrdiff_t>(begin), out.end());
  }

  // Nodes expanded plus arcs looked at, over every walk (work_stats).
  std::uint64_t steps() const { return steps_; }

 private:
  // The node arc k leaves: the v with first[v] <= k < first[v + 1].
  std::uint32_t from_of(std::uint32_t k) const {
    auto it = std::upper_bound(g_.first.begin(), g_.first.end(), k);
    return static_cast<std::uint32_t>(it - g_.first.begin() - 1);
  }

  const Arcs& g_;
  const std::vector<char>& fallen_;
  std::vector<std::uint32_t> stamp_, via_;
  std::vector<char> clear_;
  std::vector<std::uint32_t> queue_, found_;
  std::uint32_t walk_no_ = 0, start_ = 0;
  std::uint64_t steps_ = 0;
};

}  // namespace pg::orphan_walk
