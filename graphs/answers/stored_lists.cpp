#include "graphs/answers/stored_lists.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "graphs/answers/issuer_filter.h"
#include "graphs/graph/status_rule.h"

namespace pg {

using Body = StoredGraph::Parts::Body;
using EdgeRow = StoredGraph::EdgeRow;
using StatusEdge = StoredGraph::StatusEdge;

CorpusGraph RowGraph::into_graph() && {
  return CorpusGraph::from_parts(std::move(nodes_), std::move(edges_), std::move(findings_), {});
}

std::optional<std::size_t> RowGraph::index_of(std::string_view id) const {
  auto it = std::lower_bound(nodes_.begin(), nodes_.end(), id,
                             [](const Node& n, std::string_view x) { return n.id < x; });
  if (it == nodes_.end() || it->id != id) return std::nullopt;
  return static_cast<std::size_t>(it - nodes_.begin());
}

// Puts read rows in CorpusGraph's order: nodes by id, edges by (from, to,
// type), and says where each node and edge number went.
struct RowGraphMaker {
  std::unordered_map<NodeNo, std::size_t> node_at, edge_at;

  // `nos` unique, `nodes` in their order; every edge's ends among `nos`.
  RowGraph make(const std::vector<NodeNo>& nos, std::vector<Node>&& nodes,
                std::vector<EdgeRow>&& edges, std::vector<Finding>&& findings = {}) {
    RowGraph g;
    std::vector<std::size_t> order(nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Node numbers follow ids in a graph saved whole; an update in place
    // numbers new nodes after the largest.
    auto by_id = [&](std::size_t a, std::size_t b) { return nodes[a].id < nodes[b].id; };
    if (!std::is_sorted(order.begin(), order.end(), by_id)) {
      std::sort(order.begin(), order.end(), by_id);
    }
    g.nodes_.reserve(nodes.size());
    node_at.reserve(nodes.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      node_at.emplace(nos[order[k]], k);
      g.nodes_.push_back(std::move(nodes[order[k]]));
    }
    // Edges by (from, to, type); the same ends and type twice (never written
    // by a build) by number.
    std::vector<std::tuple<std::size_t, std::size_t, int, NodeNo, std::size_t>> keys;
    keys.reserve(edges.size());
    for (std::size_t i = 0; i < edges.size(); ++i) {
      keys.emplace_back(node_at.at(edges[i].from), node_at.at(edges[i].to),
                        static_cast<int>(edges[i].edge.type), edges[i].no, i);
    }
    std::sort(keys.begin(), keys.end());
    g.edges_.reserve(keys.size());
    edge_at.reserve(keys.size());
    for (const auto& [from, to, type, no, i] : keys) {
      GraphEdge e = std::move(edges[i].edge);
      e.from = from;
      e.to = to;
      edge_at.emplace(no, g.edges_.size());
      g.edges_.push_back(std::move(e));
    }
    g.findings_ = std::move(findings);
    return g;
  }
};

namespace {

std::vector<NodeNo> sorted_unique(std::vector<NodeNo> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// ------------------------------------------------------------ statuses ----
// CorpusGraph::status from the stored columns (a node read as Body::kStatus)
// and the stored repeals / amends edges into it: the same tests in the same
// order (corpus_graph.cpp), with the same words.

// The repeals and amends edges of every node, by target.
class Events {
 public:
  explicit Events(std::vector<StatusEdge> all) : all_(std::move(all)) {}

  const std::vector<StatusEdge>& all() const { return all_; }

  std::span<const StatusEdge> of(NodeNo no) const {
    auto range =
        std::equal_range(all_.begin(), all_.end(), StatusEdge{0, 0, no},
                         [](const StatusEdge& a, const StatusEdge& b) { return a.to < b.to; });
    return {all_.data() + (range.first - all_.begin()),
            static_cast<std::size_t>(range.second - range.first)};
  }

 private:
  std::vector<StatusEdge> all_;
};

// What decide_status (graphs/graph/status_rule.h) decides for a node
// before the repealer's or amender's id and the edge's evidence are read in.
struct Decision {
  Status status;
  const StatusEdge* edge = nullptr;  // the repeal or amendment that decides it
};

// `id_of(no)`: the id of an event's source. The events go to decide_status
// in CorpusGraph's edge order, by source id (which decides between two
// events of one day), then by edge number.
template <class IdOf>
Decision decide(const Node& n, std::span<const StatusEdge> events, Date as_of, IdOf&& id_of) {
  std::vector<const StatusEdge*> order;
  order.reserve(events.size());
  for (const StatusEdge& e : events) order.push_back(&e);
  if (order.size() > 1) {
    std::sort(order.begin(), order.end(), [&](const StatusEdge* a, const StatusEdge* b) {
      const std::string& ia = id_of(a->from);
      const std::string& ib = id_of(b->from);
      return ia != ib ? ia < ib : a->no < b->no;
    });
  }
  std::vector<StatusEvent> in_order;
  in_order.reserve(order.size());
  for (const StatusEdge* e : order) in_order.push_back({e->repeal, e->counts_from, e->date});
  StatusDecision d = decide_status(n, in_order, as_of);
  Decision out{std::move(d.status)};
  if (d.event != StatusDecision::kNoEvent) out.edge = order[d.event];
  // No list prints a node not in the corpus: without the mentions, the
  // count is not the graph's.
  if (out.status.kind == StatusKind::kUnknown) out.status.detail = "未知: not in the corpus";
  return out;
}

// The statuses of some nodes (read as Body::kStatus), and the names of the
// nodes their events come from.
struct Statuses {
  std::vector<Status> of;          // in the order of the nodes given
  std::vector<NodeNo> by;          // the source each names (by), else -1; same order
  std::vector<NodeNo> sources;     // every event source, ascending
  std::vector<Node> source_nodes;  // their names, same order
  const Node& source(NodeNo no) const {
    auto it = std::lower_bound(sources.begin(), sources.end(), no);
    return source_nodes[static_cast<std::size_t>(it - sources.begin())];
  }
};

Statuses statuses(const StoredGraph& sg, const Events& events, const std::vector<NodeNo>& nos,
                  const std::vector<Node>& nodes, Date as_of) {
  Statuses out;
  for (NodeNo no : nos) {
    for (const StatusEdge& e : events.of(no)) out.sources.push_back(e.from);
  }
  out.sources = sorted_unique(std::move(out.sources));
  out.source_nodes = take(sg.read_nodes(out.sources, Body::kNames));
  auto id_of = [&](NodeNo no) -> const std::string& { return out.source(no).id; };
  out.of.reserve(nos.size());
  out.by.reserve(nos.size());
  for (std::size_t i = 0; i < nos.size(); ++i) {
    Decision d = decide(nodes[i], events.of(nos[i]), as_of, id_of);
    Status& st = d.status;
    out.by.push_back(d.edge ? d.edge->from : -1);
    if (d.edge) name_status_event(st, id_of(d.edge->from), d.edge->evidence);
    out.of.push_back(std::move(st));
  }
  return out;
}

// The rows' nodes (read as Body::kStatus) with the sources named by the
// statuses in `by` (Statuses::by of the rows' statuses), and `edges`, as a
// RowGraph; `maker` says where each number went.
RowGraph row_graph(RowGraphMaker& maker, const std::vector<NodeNo>& nos, std::vector<Node>&& nodes,
                   const Statuses& st, std::vector<NodeNo> by, std::vector<EdgeRow>&& edges = {}) {
  std::vector<NodeNo> all = nos;
  std::vector<Node> all_nodes = std::move(nodes);
  const std::vector<NodeNo> sorted_nos = sorted_unique(nos);
  std::erase(by, NodeNo{-1});
  for (NodeNo no : sorted_unique(std::move(by))) {
    if (std::binary_search(sorted_nos.begin(), sorted_nos.end(), no)) continue;
    all.push_back(no);
    all_nodes.push_back(st.source(no));
  }
  return maker.make(all, std::move(all_nodes), std::move(edges));
}

}  // namespace

// ---------------------------------------------------------- superseded ----

Result<StoredSuperseded> stored_superseded(const StoredGraph& sg, Date as_of,
                                           std::string_view issuer) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    StoredSuperseded out;
    const Events events(take(sg.status_edges()));
    // What may have fallen by as_of: expired by then (the expiry index), or
    // the target of a repeal that counts by then.
    std::vector<NodeNo> candidates = take(sg.expiring_between(std::nullopt, as_of.plus_days(-1)));
    for (const StatusEdge& e : events.all()) {
      if (e.repeal && e.counts_from && *e.counts_from <= as_of) candidates.push_back(e.to);
    }
    candidates = sorted_unique(std::move(candidates));
    std::vector<Node> read = take(sg.read_nodes(candidates, Body::kStatus));
    // IssuerFilter's rule: exact when some node of the whole graph has the
    // issuer exactly.
    if (!issuer.empty()) {
      out.issuer_by_substring = !take(sg.node_with_issuer(std::string(issuer)));
    }
    std::vector<NodeNo> nos;
    std::vector<Node> nodes;
    nos.reserve(candidates.size());
    nodes.reserve(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!issuer.empty() && !issuer_matches(read[i], issuer, out.issuer_by_substring)) continue;
      nos.push_back(candidates[i]);
      nodes.push_back(std::move(read[i]));
    }
    std::vector<Node>().swap(read);
    Statuses st = statuses(sg, events, nos, nodes, as_of);
    // The fallen ones.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < nos.size(); ++i) {
      if (!fallen(st.of[i].kind)) continue;
      if (kept != i) {  // a move into itself would empty it
        nos[kept] = nos[i];
        nodes[kept] = std::move(nodes[i]);
        st.of[kept] = std::move(st.of[i]);
        st.by[kept] = st.by[i];
      }
      ++kept;
    }
    nos.resize(kept);
    nodes.resize(kept);
    st.of.resize(kept);
    st.by.resize(kept);
    RowGraphMaker maker;
    out.graph = row_graph(maker, nos, std::move(nodes), st, st.by);
    out.rows.reserve(nos.size());
    for (std::size_t i = 0; i < nos.size(); ++i) {
      out.rows.push_back({maker.node_at.at(nos[i]), std::move(st.of[i])});
    }
    std::sort(out.rows.begin(), out.rows.end(),
              [](const StatusRow& a, const StatusRow& b) { return a.node < b.node; });
    return out;
  });
}

Result<bool> visit_superseded(const StoredGraph& sg, Date as_of, std::string_view issuer,
                              bool& issuer_by_substring, const SupersededRow& row) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    const Events events(take(sg.status_edges()));
    // The candidates of stored_superseded.
    std::vector<NodeNo> candidates = take(sg.expiring_between(std::nullopt, as_of.plus_days(-1)));
    for (const StatusEdge& e : events.all()) {
      if (e.repeal && e.counts_from && *e.counts_from <= as_of) candidates.push_back(e.to);
    }
    candidates = sorted_unique(std::move(candidates));
    issuer_by_substring = !issuer.empty() && !take(sg.node_with_issuer(std::string(issuer)));
    // The names of every event source of a candidate: the ids that order
    // two events of one day, and the nodes a status names.
    std::vector<NodeNo> sources;
    for (NodeNo no : candidates) {
      for (const StatusEdge& e : events.of(no)) sources.push_back(e.from);
    }
    sources = sorted_unique(std::move(sources));
    const std::vector<Node> source_nodes = take(sg.read_nodes(sources, Body::kNames));
    auto source = [&](NodeNo no) -> const Node& {
      auto it = std::lower_bound(sources.begin(), sources.end(), no);
      return source_nodes[static_cast<std::size_t>(it - sources.begin())];
    };
    auto id_of = [&](NodeNo no) -> const std::string& { return source(no).id; };
    take(sg.visit_nodes(candidates, Body::kStatus, [&](std::size_t i, const Node& n) {
      if (!issuer.empty() && !issuer_matches(n, issuer, issuer_by_substring)) return;
      Decision d = decide(n, events.of(candidates[i]), as_of, id_of);
      if (!fallen(d.status.kind)) return;
      const Node* by = nullptr;
      if (d.edge) {
        by = &source(d.edge->from);
        name_status_event(d.status, by->id, d.edge->evidence);
      }
      row(n, d.status, by);
    }));
    return true;
  });
}

// ------------------------------------------------------------- orphans ----

// orphans() of queries.cpp over node numbers: the same walks (breadth
// first, up basis edges in edge order, never into a node from which no
// fallen node can be reached, stopping once every node left lies behind a
// fallen one), in the same order (starts and neighbours by id), so the same
// nearest fallen nodes and the same chains.
namespace {

// The walks of orphans(): what they found, by rank (the nodes' id order).
struct OrphanFound {
  std::uint32_t node, basis;
  std::vector<std::uint32_t> path;   // ranks, node .. basis
  std::vector<std::uint32_t> edges;  // edge numbers along it
  std::vector<RelationType> types;   // their types
};
struct OrphanWalks {
  std::vector<NodeNo> walked;        // the nodes walked, ascending
  std::vector<std::uint32_t> order;  // rank -> position in walked
  std::vector<OrphanFound> found;    // by rank of the node, then of the basis
  NodeNo no_of(std::uint32_t rank) const { return walked[order[rank]]; }
};

OrphanWalks walk_orphans(const StoredGraph& sg, Date as_of) {
  OrphanWalks out;
  const std::size_t bound = take(sg.node_bound());
  const std::vector<StoredGraph::EdgeEnds> basis =
      take(sg.edge_ends({RelationType::kBasedOn, RelationType::kImplements}));
  for (const auto& e : basis) {
    if (e.from >= bound || e.to >= bound) {
      throw Failed{Error{"", -1, "stored graph: an edge to no node"}};
    }
  }

  // Nodes with a fallen node at or above them: backwards from every fallen
  // node over the basis edges (compressed adjacency, to -> from).
  std::vector<std::uint32_t> first(bound + 1, 0), up(basis.size());
  for (const auto& e : basis) ++first[e.to + 1];
  for (std::size_t v = 0; v < bound; ++v) first[v + 1] += first[v];
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (const auto& e : basis) up[fill[e.to]++] = e.from;
  }
  // Every node's kind, from one pass over the status columns.
  const std::vector<StatusKind> all_kinds = take(sg.all_status_kinds(as_of));
  if (all_kinds.size() != bound) throw Failed{Error{"", -1, "stored graph: changed meanwhile"}};
  std::vector<char> leads(bound, 0);
  std::vector<std::uint32_t> queue;
  for (std::size_t f = 0; f < bound; ++f) {
    if (fallen(all_kinds[f])) {
      leads[f] = 1;
      queue.push_back(static_cast<std::uint32_t>(f));
    }
  }
  for (std::size_t h = 0; h < queue.size(); ++h) {
    for (std::uint32_t k = first[queue[h]]; k < first[queue[h] + 1]; ++k) {
      if (!leads[up[k]]) {
        leads[up[k]] = 1;
        queue.push_back(up[k]);
      }
    }
  }
  std::vector<std::uint32_t>().swap(up);
  std::vector<NodeNo>& walked = out.walked;  // ascending numbers
  walked.reserve(queue.size());
  for (std::size_t v = 0; v < bound; ++v) {
    if (leads[v]) walked.push_back(static_cast<NodeNo>(v));
  }
  std::vector<std::uint32_t>().swap(queue);

  // Their order by id (the graph's node order).
  const std::size_t n = walked.size();
  std::vector<std::uint32_t>& order = out.order;  // rank -> position in walked
  order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  {
    const std::vector<std::string> ids = take(sg.read_ids(walked));
    auto by_id = [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; };
    if (!std::is_sorted(order.begin(), order.end(), by_id)) {
      std::sort(order.begin(), order.end(), by_id);
    }
  }
  constexpr std::uint32_t kNone = 0xffffffffu;
  std::vector<std::uint32_t> rank_of(bound, kNone);
  for (std::uint32_t r = 0; r < n; ++r) {
    rank_of[static_cast<std::size_t>(walked[order[r]])] = r;
  }
  std::vector<StatusKind> kind(n);
  for (std::uint32_t r = 0; r < n; ++r) {
    kind[r] = all_kinds[static_cast<std::size_t>(walked[order[r]])];
  }

  // Basis edges between walked nodes, by rank: out of each in edge order
  // (target id, then type).
  struct Arc {
    std::uint32_t to;
    int type;
    std::uint32_t no;
  };
  std::vector<std::uint32_t> out_first(n + 1, 0);
  std::size_t arcs_count = 0;
  for (const auto& e : basis) {
    if (rank_of[e.from] == kNone || rank_of[e.to] == kNone) continue;
    ++out_first[rank_of[e.from] + 1];
    ++arcs_count;
  }
  for (std::size_t v = 0; v < n; ++v) out_first[v + 1] += out_first[v];
  std::vector<Arc> arcs(arcs_count);
  {
    std::vector<std::uint32_t> fill(out_first.begin(), out_first.end() - 1);
    for (const auto& e : basis) {
      if (rank_of[e.from] == kNone || rank_of[e.to] == kNone) continue;
      arcs[fill[rank_of[e.from]]++] = {rank_of[e.to], static_cast<int>(e.type), e.no};
    }
  }
  for (std::size_t v = 0; v < n; ++v) {
    std::sort(arcs.begin() + out_first[v], arcs.begin() + out_first[v + 1],
              [](const Arc& a, const Arc& b) {
                return std::tie(a.to, a.type, a.no) < std::tie(b.to, b.type, b.no);
              });
  }

  // The walks, as queries.cpp's orphans(): found rows by rank.
  std::vector<OrphanFound>& found_rows = out.found;
  std::vector<std::uint32_t> stamp(n, 0), via_from(n), via_no(n);
  std::vector<RelationType> via_type(n);
  std::vector<char> clear(n, 0);
  std::uint32_t walk_no = 0;
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!in_force(kind[i])) continue;  // in force: published, not external
    ++walk_no;
    stamp[i] = walk_no;
    clear[i] = 1;
    queue.assign(1, i);
    found.clear();
    std::size_t clear_waiting = 1;
    for (std::size_t h = 0; h < queue.size() && clear_waiting > 0; ++h) {
      const std::uint32_t u = queue[h];
      if (clear[u]) --clear_waiting;
      for (std::uint32_t k = out_first[u]; k < out_first[u + 1]; ++k) {
        const std::uint32_t t = arcs[k].to;
        if (stamp[t] == walk_no) continue;
        stamp[t] = walk_no;
        via_from[t] = u;
        via_no[t] = arcs[k].no;
        via_type[t] = static_cast<RelationType>(arcs[k].type);
        if (fallen(kind[t]) && clear[u]) found.push_back(t);
        clear[t] = clear[u] && !fallen(kind[t]);
        if (clear[t]) ++clear_waiting;
        queue.push_back(t);
      }
    }
    if (found.empty()) continue;
    std::sort(found.begin(), found.end());
    for (std::uint32_t b : found) {
      OrphanFound f;
      f.node = i;
      f.basis = b;
      for (std::uint32_t at = b; at != i; at = via_from[at]) {
        f.path.push_back(at);
        f.edges.push_back(via_no[at]);
        f.types.push_back(via_type[at]);
      }
      f.path.push_back(i);
      std::reverse(f.path.begin(), f.path.end());
      std::reverse(f.edges.begin(), f.edges.end());
      std::reverse(f.types.begin(), f.types.end());
      found_rows.push_back(std::move(f));
    }
  }

  return out;
}

}  // namespace

Result<StoredList<Orphan>> stored_orphans(const StoredGraph& sg, Date as_of) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    const OrphanWalks walks = walk_orphans(sg, as_of);
    const std::vector<OrphanFound>& found_rows = walks.found;
    // What the rows print: the statuses of the documents and their bases,
    // the names along the chains, the chains' edges.
    auto no_of = [&](std::uint32_t r) { return walks.no_of(r); };
    std::vector<NodeNo> status_nos, path_nos, edge_nos;
    for (const OrphanFound& f : found_rows) {
      status_nos.push_back(no_of(f.node));
      status_nos.push_back(no_of(f.basis));
      for (std::uint32_t r : f.path) path_nos.push_back(no_of(r));
      for (std::uint32_t e : f.edges) edge_nos.push_back(e);
    }
    status_nos = sorted_unique(std::move(status_nos));
    path_nos = sorted_unique(std::move(path_nos));
    edge_nos = sorted_unique(std::move(edge_nos));
    std::vector<Node> status_nodes = take(sg.read_nodes(status_nos, Body::kStatus));
    const Events events(take(sg.status_edges()));
    Statuses st = statuses(sg, events, status_nos, status_nodes, as_of);
    std::vector<NodeNo> name_nos;
    for (NodeNo no : path_nos) {
      if (!std::binary_search(status_nos.begin(), status_nos.end(), no)) name_nos.push_back(no);
    }
    std::vector<Node> name_nodes = take(sg.read_nodes(name_nos, Body::kNames));
    std::vector<NodeNo> nos = status_nos;
    nos.insert(nos.end(), name_nos.begin(), name_nos.end());
    std::vector<Node> nodes = std::move(status_nodes);
    for (Node& node : name_nodes) nodes.push_back(std::move(node));
    RowGraphMaker maker;
    StoredList<Orphan> out;
    out.graph = row_graph(maker, nos, std::move(nodes), st, st.by, take(sg.read_edges(edge_nos)));

    auto status_at = [&](NodeNo no) -> const Status& {
      auto it = std::lower_bound(status_nos.begin(), status_nos.end(), no);
      return st.of[static_cast<std::size_t>(it - status_nos.begin())];
    };
    out.rows.reserve(found_rows.size());
    for (const OrphanFound& f : found_rows) {
      Orphan o;
      o.node = maker.node_at.at(no_of(f.node));
      o.status = status_at(no_of(f.node));
      o.basis = maker.node_at.at(no_of(f.basis));
      o.basis_status = status_at(no_of(f.basis));
      o.fell_away = o.basis_status.since;
      o.path.reserve(f.path.size());
      for (std::uint32_t r : f.path) o.path.push_back(maker.node_at.at(no_of(r)));
      o.edges.reserve(f.edges.size());
      for (std::uint32_t e : f.edges) o.edges.push_back(maker.edge_at.at(e));
      out.rows.push_back(std::move(o));
    }
    return out;
  });
}

Result<bool> visit_orphans(const StoredGraph& sg, Date as_of, const OrphanVisit& row, int passes) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    const OrphanWalks walks = walk_orphans(sg, as_of);
    // The bases' statuses; the names of every node along a chain.
    std::vector<NodeNo> basis_nos, path_nos;
    for (const OrphanFound& f : walks.found) {
      basis_nos.push_back(walks.no_of(f.basis));
      for (std::uint32_t r : f.path) path_nos.push_back(walks.no_of(r));
    }
    basis_nos = sorted_unique(std::move(basis_nos));
    path_nos = sorted_unique(std::move(path_nos));
    const std::vector<Node> bases = take(sg.read_nodes(basis_nos, Body::kStatus));
    const Events events(take(sg.status_edges()));
    const Statuses st = statuses(sg, events, basis_nos, bases, as_of);
    const std::vector<Node> names = take(sg.read_nodes(path_nos, Body::kNames));
    auto at = [](const std::vector<NodeNo>& nos, NodeNo no) {
      return static_cast<std::size_t>(std::lower_bound(nos.begin(), nos.end(), no) - nos.begin());
    };
    std::vector<const Node*> path;
    for (int pass = 0; pass < passes; ++pass) {
      for (const OrphanFound& f : walks.found) {
        const std::size_t b = at(basis_nos, walks.no_of(f.basis));
        path.clear();
        for (std::uint32_t r : f.path) path.push_back(&names[at(path_nos, walks.no_of(r))]);
        const NodeNo by = st.by[b];
        row(OrphanRow{*path.front(), bases[b], st.of[b], by == -1 ? nullptr : &st.source(by), path,
                      f.types, pass});
      }
    }
    return true;
  });
}

// ------------------------------------------------------------ expiring ----

Result<StoredList<ExpiringRow>> stored_expiring(const StoredGraph& sg, Date as_of, Window window) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    const Date last = window.end_from(as_of);
    const std::vector<NodeNo> candidates = take(sg.expiring_between(as_of, last));
    std::vector<Node> read = take(sg.read_nodes(candidates, Body::kStatus));
    const Events events(take(sg.status_edges()));
    Statuses st = statuses(sg, events, candidates, read, as_of);
    std::vector<NodeNo> nos;
    std::vector<Node> nodes;
    std::vector<Status> kept;
    std::vector<NodeNo> by;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const Node& n = read[i];
      if (!n.document || !n.document->expires) continue;
      const Date expires = *n.document->expires;
      if (expires < as_of || expires > last || !in_force(st.of[i].kind)) continue;
      nos.push_back(candidates[i]);
      nodes.push_back(std::move(read[i]));
      kept.push_back(std::move(st.of[i]));
      by.push_back(st.by[i]);
    }
    RowGraphMaker maker;
    StoredList<ExpiringRow> out;
    out.graph = row_graph(maker, nos, std::move(nodes), st, std::move(by));
    for (std::size_t i = 0; i < nos.size(); ++i) {
      const std::size_t at = maker.node_at.at(nos[i]);
      const Node& n = out.graph.nodes()[at];
      ExpiringRow row;
      row.node = at;
      row.expires = *n.document->expires;
      row.days_left = row.expires.to_days() - as_of.to_days();
      row.status = std::move(kept[i]);
      row.evidence = {n.source, n.document->line_start, n.document->expires_text.value_or("")};
      for (const auto& fe : n.document->field_evidence) {
        if (fe.field == "expires") row.evidence = fe.evidence;
      }
      out.rows.push_back(std::move(row));
    }
    std::sort(out.rows.begin(), out.rows.end(),
              [](const ExpiringRow& a, const ExpiringRow& b) { return a.node < b.node; });
    return out;
  });
}

Result<bool> visit_expiring(const StoredGraph& sg, Date as_of, Window window,
                            const ExpiringVisit& row) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    const Date last = window.end_from(as_of);
    const std::vector<NodeNo> candidates = take(sg.expiring_between(as_of, last));
    const Events events(take(sg.status_edges_into(candidates)));
    std::vector<NodeNo> sources;
    for (const StatusEdge& e : events.all()) sources.push_back(e.from);
    sources = sorted_unique(std::move(sources));
    const std::vector<Node> source_nodes = take(sg.read_nodes(sources, Body::kNames));
    auto id_of = [&](NodeNo no) -> const std::string& {
      auto it = std::lower_bound(sources.begin(), sources.end(), no);
      return source_nodes[static_cast<std::size_t>(it - sources.begin())].id;
    };
    std::size_t kept = 0;
    take(sg.visit_nodes(candidates, Body::kStatus, [&](std::size_t i, const Node& n) {
      if (!n.document || !n.document->expires) return;
      const Date expires = *n.document->expires;
      if (expires < as_of || expires > last) return;
      Decision d = decide(n, events.of(candidates[i]), as_of, id_of);
      if (!in_force(d.status.kind)) return;
      if (d.edge) name_status_event(d.status, id_of(d.edge->from), d.edge->evidence);
      ExpiringRow r;
      r.node = kept++;
      r.expires = expires;
      r.days_left = r.expires.to_days() - as_of.to_days();
      r.status = std::move(d.status);
      r.evidence = {n.source, n.document->line_start, n.document->expires_text.value_or("")};
      for (const auto& fe : n.document->field_evidence) {
        if (fe.field == "expires") r.evidence = fe.evidence;
      }
      row(n, r);
    }));
    return true;
  });
}

// ---------------------------------------------------------- unresolved ----

Result<StoredList<UnresolvedGroup>> stored_unresolved(const StoredGraph& sg) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    std::vector<EdgeRow> edges = take(sg.edges_into_external());
    std::vector<NodeNo> nos;
    nos.reserve(edges.size() * 2);
    for (const EdgeRow& e : edges) {
      nos.push_back(e.from);
      nos.push_back(e.to);
    }
    nos = sorted_unique(std::move(nos));
    RowGraphMaker maker;
    StoredList<UnresolvedGroup> out;
    out.graph = maker.make(nos, take(sg.read_nodes(nos, Body::kNames)), std::move(edges));
    const RowGraph& g = out.graph;
    // Incoming edges per node, in edge order (edges are sorted by from).
    std::vector<std::size_t> first(g.nodes().size() + 1, 0), in(g.edges().size());
    for (const GraphEdge& e : g.edges()) ++first[e.to + 1];
    for (std::size_t v = 0; v < g.nodes().size(); ++v) first[v + 1] += first[v];
    {
      std::vector<std::size_t> fill(first.begin(), first.end() - 1);
      for (std::size_t e = 0; e < g.edges().size(); ++e) in[fill[g.edges()[e].to]++] = e;
    }
    std::vector<std::size_t> seen(g.nodes().size(), 0);  // stamp: the group that saw it, + 1
    for (std::size_t i = 0; i < g.nodes().size(); ++i) {
      if (!g.nodes()[i].external || first[i] == first[i + 1]) continue;
      UnresolvedGroup group;
      group.target = i;
      group.references.assign(in.begin() + static_cast<std::ptrdiff_t>(first[i]),
                              in.begin() + static_cast<std::ptrdiff_t>(first[i + 1]));
      for (std::size_t e : group.references) {
        const std::size_t from = g.edges()[e].from;
        if (seen[from] == i + 1) continue;
        seen[from] = i + 1;
        group.citing.push_back(from);
        if (!g.nodes()[from].external) ++group.citing_documents;
      }
      out.rows.push_back(std::move(group));
    }
    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const UnresolvedGroup& a, const UnresolvedGroup& b) {
                       return a.references.size() > b.references.size();
                     });
    return out;
  });
}

Result<bool> visit_unresolved(const StoredGraph& sg, const UnresolvedVisit& row) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    // Each node's place in id order (the order of a graph's nodes).
    const std::size_t bound = take(sg.node_bound());
    constexpr std::uint32_t kNone = 0xffffffffu;
    std::vector<std::uint32_t> rank(bound, kNone);
    {
      const std::vector<NodeNo> by_id = take(sg.nodes_by_id());
      for (std::size_t k = 0; k < by_id.size(); ++k) {
        if (by_id[k] < 0 || static_cast<std::size_t>(by_id[k]) >= bound) {
          throw Failed{Error{"", -1, "stored graph: a node number out of range"}};
        }
        rank[static_cast<std::size_t>(by_id[k])] = static_cast<std::uint32_t>(k);
      }
    }
    std::vector<char> external(bound, 0);
    for (NodeNo no : take(sg.external_nodes())) external[static_cast<std::size_t>(no)] = 1;
    // The edges into them, as the RowGraph orders them: by target, then
    // source, type and number.
    std::vector<StoredGraph::EdgeEnds> in = take(sg.edge_ends({}));
    std::erase_if(in, [&](const StoredGraph::EdgeEnds& e) {
      if (e.from >= bound || e.to >= bound || rank[e.from] == kNone || rank[e.to] == kNone) {
        throw Failed{Error{"", -1, "stored graph: an edge to no node"}};
      }
      return !external[e.to];
    });
    std::vector<char>().swap(external);
    std::sort(in.begin(), in.end(),
              [&](const StoredGraph::EdgeEnds& a, const StoredGraph::EdgeEnds& b) {
                return std::make_tuple(rank[a.to], rank[a.from], static_cast<int>(a.type), a.no) <
                       std::make_tuple(rank[b.to], rank[b.from], static_cast<int>(b.type), b.no);
              });
    // Groups [begin, end) of `in`, by count (most first), then target id.
    struct Group {
      std::size_t begin, end;
    };
    std::vector<Group> groups;
    for (std::size_t i = 0; i < in.size();) {
      std::size_t j = i;
      while (j < in.size() && in[j].to == in[i].to) ++j;
      groups.push_back({i, j});
      i = j;
    }
    std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
      return a.end - a.begin > b.end - b.begin;
    });
    // The targets' names, the first references' evidence, the names of the
    // first sources of each group (more are read when asked for).
    constexpr std::size_t kFirstSources = 4;
    std::vector<NodeNo> targets, firsts, sources;
    for (const Group& g : groups) {
      targets.push_back(in[g.begin].to);
      firsts.push_back(in[g.begin].no);
      for (std::size_t k = g.begin; k < g.end && k < g.begin + kFirstSources; ++k) {
        sources.push_back(in[k].from);
      }
    }
    targets = sorted_unique(std::move(targets));
    firsts = sorted_unique(std::move(firsts));
    sources = sorted_unique(std::move(sources));
    const std::vector<Node> target_nodes = take(sg.read_nodes(targets, Body::kNames));
    const std::vector<EdgeRow> first_edges = take(sg.read_edges(firsts));
    const std::vector<Node> source_nodes = take(sg.read_nodes(sources, Body::kNames));
    std::unordered_map<NodeNo, Node> more;  // sources read when asked for
    auto at = [](const std::vector<NodeNo>& nos, NodeNo no) {
      auto it = std::lower_bound(nos.begin(), nos.end(), no);
      return it != nos.end() && *it == no ? static_cast<std::size_t>(it - nos.begin()) : SIZE_MAX;
    };
    auto named = [&](NodeNo no) -> const Node& {
      const std::size_t k = at(sources, no);
      if (k != SIZE_MAX) return source_nodes[k];
      auto it = more.find(no);
      if (it == more.end()) {
        it = more.emplace(no, std::move(take(sg.read_nodes({no}, Body::kNames)).front())).first;
      }
      return it->second;
    };
    for (const Group& g : groups) {
      const std::function<const Node&(std::size_t)> source = [&](std::size_t k) -> const Node& {
        if (k >= g.end - g.begin) throw Failed{Error{"", -1, "stored graph: no such reference"}};
        return named(in[g.begin + k].from);
      };
      row(UnresolvedRow{target_nodes[at(targets, in[g.begin].to)], g.end - g.begin,
                        first_edges[at(firsts, in[g.begin].no)].edge.evidence, source});
    }
    return true;
  });
}

// ------------------------------------------------------------ findings ----

Result<RowGraph> stored_findings(const StoredGraph& sg) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    std::vector<Finding> findings = take(sg.findings());
    const std::vector<NodeNo> subjects = take(sg.finding_subjects());
    RowGraphMaker maker;
    return maker.make(subjects, take(sg.read_nodes(subjects, Body::kNames)), {},
                      std::move(findings));
  });
}

}  // namespace pg
