#include "graphs/answers/queries.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "graphs/answers/issuer_filter.h"
#include "graphs/answers/orphan_walk.h"
#include "graphs/base/work_stats.h"

namespace pg {
namespace {

// Steps counted for the cost checks (graphs/base/work_stats.h).
void step(std::uint64_t n = 1) { work_stats().graph_steps += n; }

bool type_in(RelationType t, const std::vector<RelationType>& types) {
  return types.empty() || std::find(types.begin(), types.end(), t) != types.end();
}

bool is_basis(RelationType t) {
  return t == RelationType::kBasedOn || t == RelationType::kImplements;
}

// A walk's tree, indexed once: for each reached node the edge that reached
// it. Paths are read back from a node to the start through the via edges
// (whichever direction the walk follows, the previous node is the edge's
// other end), so each path costs its own length, not the walk's size.
class WalkTree {
 public:
  WalkTree(const CorpusGraph& g, std::size_t start, const std::vector<Reach>& walk)
      : g_(g), start_(start) {
    step(walk.size());
    via_.reserve(walk.size());
    for (const Reach& r : walk) via_.emplace(r.node, r.via_edge);
  }

  // The node path start .. target and the edges along it (as
  // CorpusGraph::path_to and the via edges of its nodes after the start);
  // both empty when the walk did not reach target.
  void path(std::size_t target, std::vector<std::size_t>& nodes,
            std::vector<std::size_t>& edges) const {
    nodes.assign(1, target);
    edges.clear();
    std::size_t at = target;
    while (at != start_) {
      step();
      auto it = via_.find(at);
      if (it == via_.end() || nodes.size() > via_.size()) {
        nodes.clear();
        edges.clear();
        return;
      }
      const GraphEdge& e = g_.edges()[it->second];
      edges.push_back(it->second);
      at = e.to == at ? e.from : e.to;
      nodes.push_back(at);
    }
    std::reverse(nodes.begin(), nodes.end());
    std::reverse(edges.begin(), edges.end());
  }

 private:
  const CorpusGraph& g_;
  std::size_t start_;
  std::unordered_map<std::size_t, std::size_t> via_;  // node -> via edge
};

// Walk rows by depth, then id (nodes are sorted by id, so by index).
void sort_walk(std::vector<WalkRow>& rows) {
  std::sort(rows.begin(), rows.end(), [](const WalkRow& a, const WalkRow& b) {
    return std::tie(a.depth, a.node) < std::tie(b.depth, b.node);
  });
}

// A walk's row without its status and path.
WalkRow reach_row(const Reach& r) {
  WalkRow row;
  row.node = r.node;
  row.depth = r.depth;
  row.via_edge = r.via_edge;
  return row;
}

std::vector<WalkRow> walk_rows(const CorpusGraph& g, std::size_t start,
                               const std::vector<Reach>& walk, Date as_of) {
  const WalkTree tree(g, start, walk);
  std::vector<WalkRow> rows;
  rows.reserve(walk.size());
  for (const Reach& r : walk) {
    WalkRow row = reach_row(r);
    row.status = g.status(r.node, as_of);
    tree.path(r.node, row.path, row.edges);
    rows.push_back(std::move(row));
  }
  sort_walk(rows);
  return rows;
}

}  // namespace

// -------------------------------------------------------------- window ----

Date Window::end_from(Date start) const {
  switch (unit) {
    case Unit::kDays: return start.plus_days(amount);
    case Unit::kMonths: return start.plus_months(amount);
    case Unit::kYears: return start.plus_years(amount);
  }
  return start;
}

std::string Window::to_string() const {
  const char* u = unit == Unit::kDays ? "d" : unit == Unit::kMonths ? "m" : "y";
  return std::to_string(amount) + u;
}

std::optional<Window> parse_window(std::string_view text) {
  if (text.size() < 2 || text.size() > 6) return std::nullopt;
  Window w;
  switch (text.back()) {
    case 'd':
    case 'D': w.unit = Window::Unit::kDays; break;
    case 'm':
    case 'M': w.unit = Window::Unit::kMonths; break;
    case 'y':
    case 'Y': w.unit = Window::Unit::kYears; break;
    default: return std::nullopt;
  }
  int n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n == 0) return std::nullopt;
  w.amount = n;
  return w;
}

// 部分失效 still binds but for its repealed part: in force, not fallen.
bool in_force(StatusKind k) {
  return k == StatusKind::kInForce || k == StatusKind::kAmended || k == StatusKind::kPartlyRepealed;
}

bool fallen(StatusKind k) { return k == StatusKind::kRepealed || k == StatusKind::kExpired; }

// -------------------------------------------------------------- lookup ----

Lookup lookup(const CorpusGraph& g, std::string_view x,
              const std::optional<std::string>& canonical) {
  Lookup out;
  const Node* n = g.find(x);
  if (!n && canonical) n = g.find(*canonical);
  if (n) {
    out.nodes.push_back(*g.index_of(n->id));
    return out;
  }
  for (const Node* hit : g.search(x)) out.nodes.push_back(*g.index_of(hit->id));
  return out;
}

// ---------------------------------------------------------------- card ----

std::vector<Reference> cites(const CorpusGraph& g, std::size_t node,
                             const std::vector<RelationType>& types) {
  std::vector<Reference> out;
  for (std::size_t e : g.out_edges(node)) {
    if (type_in(g.edges()[e].type, types)) out.push_back({e, g.edges()[e].to});
  }
  return out;
}

std::vector<Reference> cited_by(const CorpusGraph& g, std::size_t node,
                                const std::vector<RelationType>& types) {
  std::vector<Reference> out;
  for (std::size_t e : g.in_edges(node)) {
    if (type_in(g.edges()[e].type, types)) out.push_back({e, g.edges()[e].from});
  }
  return out;
}

Card card(const CorpusGraph& g, std::size_t node, Date as_of) {
  Card c;
  c.node = node;
  c.status = g.status(node, as_of);
  c.references = cites(g, node);
  c.referenced_by = cited_by(g, node);
  return c;
}

// ------------------------------------------------------------- repeals ----

std::vector<Dependent> cascade(const CorpusGraph& g, std::size_t target, Date as_of,
                               const std::set<std::size_t>& skip) {
  std::vector<Dependent> out;
  std::vector<Reach> walk = g.impact_down(target);
  const WalkTree tree(g, target, walk);
  std::vector<std::size_t> path, edges;
  for (const Reach& r : walk) {
    if (skip.count(r.node) != 0) continue;
    tree.path(r.node, path, edges);
    // The cascade follows only what rests on the repealed text, not what
    // forwards or amends it.
    bool resting = !edges.empty() && std::all_of(edges.begin(), edges.end(), [&](std::size_t e) {
      return is_basis(g.edges()[e].type);
    });
    if (!resting) continue;
    Status st = g.status(r.node, as_of);
    if (!in_force(st.kind)) continue;
    std::reverse(path.begin(), path.end());
    std::reverse(edges.begin(), edges.end());
    out.push_back({r.node, std::move(st), path, edges});
  }
  std::sort(out.begin(), out.end(),
            [](const Dependent& a, const Dependent& b) { return a.node < b.node; });
  return out;
}

std::vector<RepealTarget> repeals(const CorpusGraph& g, std::size_t node, Date as_of) {
  std::vector<RepealTarget> out;
  for (const Reference& ref : cites(g, node, {RelationType::kRepeals, RelationType::kAmends})) {
    RepealTarget t;
    t.ref = ref;
    t.status = g.status(ref.other, as_of);
    if (g.edges()[ref.edge].type == RelationType::kRepeals) {
      t.cascade = cascade(g, ref.other, as_of, {node});
    }
    out.push_back(std::move(t));
  }
  return out;
}

// ---------------------------------------------------------- superseded ----

std::vector<StatusRow> superseded(const CorpusGraph& g, Date as_of, std::string_view issuer) {
  const IssuerFilter filter(g, issuer);
  std::vector<StatusRow> out;
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    if (!filter.matches(g.nodes()[i])) continue;
    Status st = g.status(i, as_of);
    if (fallen(st.kind)) out.push_back({i, std::move(st)});
  }
  return out;
}

// ------------------------------------------------------------- orphans ----

// The answer is what a breadth-first walk up from each document in force
// (CorpusGraph::chain_up) would report: each fallen node whose walk-tree path
// has no other fallen node between it and the document. Found without a
// whole walk per document: statuses are read once; a walk never enters a
// node from which no fallen node can be reached (such a node is never
// reported and never leads to one, so leaving it out changes neither the
// order nor the tree of the nodes that are), never starts from one, and stops
// once every node left in its queue lies behind a fallen one (orphan_walk.h,
// the walks stored_lists.cpp makes over the stored rows too).
std::vector<Orphan> orphans(const CorpusGraph& g, Date as_of) {
  const std::size_t n = g.nodes().size();
  const auto& edges = g.edges();
  std::vector<StatusKind> kind(n);
  for (std::size_t i = 0; i < n; ++i) kind[i] = g.status(i, as_of).kind;

  // Nodes with a fallen node at or above them: backwards from every fallen
  // node over based_on / implements edges.
  std::vector<char> leads_to_fallen(n, 0), is_fallen(n, 0);
  std::vector<std::size_t> queue;
  for (std::size_t i = 0; i < n; ++i) {
    if (fallen(kind[i])) {
      leads_to_fallen[i] = 1;
      is_fallen[i] = 1;
      queue.push_back(i);
    }
  }
  for (std::size_t h = 0; h < queue.size(); ++h) {
    step(1 + g.in_edges(queue[h]).size());
    for (std::size_t e : g.in_edges(queue[h])) {
      std::size_t from = edges[e].from;
      if (!is_basis(edges[e].type) || leads_to_fallen[from]) continue;
      leads_to_fallen[from] = 1;
      queue.push_back(from);
    }
  }

  // The basis arcs into such nodes, in edge order.
  orphan_walk::Arcs arcs;
  arcs.first.assign(n + 1, 0);
  for (std::size_t u = 0; u < n; ++u) {
    arcs.first[u] = static_cast<std::uint32_t>(arcs.arcs.size());
    if (!leads_to_fallen[u]) continue;
    step(1 + g.out_edges(u).size());
    for (std::size_t e : g.out_edges(u)) {
      const std::size_t t = edges[e].to;
      if (!is_basis(edges[e].type) || !leads_to_fallen[t]) continue;
      arcs.arcs.push_back({static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(e)});
    }
  }
  arcs.first[n] = static_cast<std::uint32_t>(arcs.arcs.size());

  orphan_walk::Walker walker(arcs, is_fallen);
  std::unordered_map<std::size_t, Status> basis_status;
  std::vector<Orphan> out;
  std::vector<std::uint32_t> path;
  for (std::size_t i = 0; i < n; ++i) {
    if (!leads_to_fallen[i] || g.nodes()[i].external || !in_force(kind[i])) continue;
    const std::vector<std::uint32_t>& found = walker.walk(static_cast<std::uint32_t>(i));
    if (found.empty()) continue;
    const Status status = g.status(i, as_of);
    for (std::uint32_t basis : found) {
      Orphan o;
      o.node = i;
      o.status = status;
      o.basis = basis;
      auto it = basis_status.find(basis);
      if (it == basis_status.end()) it = basis_status.emplace(basis, g.status(basis, as_of)).first;
      o.basis_status = it->second;
      o.fell_away = o.basis_status.since;
      path.clear();
      walker.path_to(basis, path);
      step(path.size());
      o.path.push_back(i);
      for (std::uint32_t a : path) {
        o.path.push_back(arcs.arcs[a].to);
        o.edges.push_back(arcs.arcs[a].edge);
      }
      out.push_back(std::move(o));
    }
  }
  work_stats().graph_steps += walker.steps();
  return out;
}

// --------------------------------------------------------------- walks ----

Chain chain(const CorpusGraph& g, std::size_t node, Date as_of) {
  Chain c;
  c.start = node;
  c.rows = walk_rows(g, node, g.chain_up(node), as_of);
  c.reaches_national = std::any_of(c.rows.begin(), c.rows.end(), [&](const WalkRow& r) {
    return g.nodes()[r.node].level == Level::kNational;
  });
  return c;
}

Impact impact(const CorpusGraph& g, std::size_t node, Date as_of) {
  return impact(g, node, as_of, 0, std::numeric_limits<std::size_t>::max());
}

Impact impact(const CorpusGraph& g, std::size_t node, Date as_of, std::size_t offset,
              std::size_t limit) {
  Impact im;
  im.start = node;
  const std::vector<Reach> walk = g.impact_down(node);
  // The order of the whole answer first, from the walk alone (depth, then
  // id, within each level); statuses and paths for the kept rows only.
  std::vector<WalkRow> rows;
  rows.reserve(walk.size());
  for (const Reach& r : walk) rows.push_back(reach_row(r));
  sort_walk(rows);
  im.total = rows.size();
  const WalkTree tree(g, node, walk);
  std::size_t at = 0;  // the position in the whole answer
  for (Level level : {Level::kNational, Level::kProvincial, Level::kMunicipal, Level::kDistrict,
                      Level::kDepartment, Level::kUnknown}) {
    ImpactGroup group;
    group.level = level;
    for (const WalkRow& r : rows) {
      if (g.nodes()[r.node].level != level) continue;
      ++group.total;
      if (at >= offset && at - offset < limit) {
        WalkRow kept = r;
        kept.status = g.status(r.node, as_of);
        tree.path(r.node, kept.path, kept.edges);
        group.rows.push_back(std::move(kept));
      }
      ++at;
    }
    if (group.total > 0) im.groups.push_back(std::move(group));
  }
  return im;
}

// ------------------------------------------------------------ expiring ----

std::vector<ExpiringRow> expiring(const CorpusGraph& g, Date as_of, Window window) {
  const Date last = window.end_from(as_of);
  std::vector<ExpiringRow> out;
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    const Node& n = g.nodes()[i];
    if (!n.document || !n.document->expires) continue;
    const Date expires = *n.document->expires;
    if (expires < as_of || expires > last) continue;
    Status st = g.status(i, as_of);
    if (!in_force(st.kind)) continue;
    ExpiringRow row;
    row.node = i;
    row.expires = expires;
    row.days_left = expires.to_days() - as_of.to_days();
    row.status = std::move(st);
    row.evidence = {n.source, n.document->line_start, n.document->expires_text.value_or("")};
    for (const auto& fe : n.document->field_evidence) {
      if (fe.field == "expires") row.evidence = fe.evidence;
    }
    out.push_back(std::move(row));
  }
  return out;
}

// ---------------------------------------------------------- unresolved ----

std::vector<UnresolvedGroup> unresolved(const CorpusGraph& g) {
  std::vector<UnresolvedGroup> out;
  std::unordered_set<std::size_t> seen;
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    if (!g.nodes()[i].external) continue;
    const std::vector<std::size_t>& references = g.in_edges(i);
    step(1 + references.size());
    if (references.empty()) continue;
    UnresolvedGroup group;
    group.target = i;
    group.references = references;
    seen.clear();
    for (std::size_t e : references) {
      std::size_t from = g.edges()[e].from;
      if (!seen.insert(from).second) continue;
      group.citing.push_back(from);
      if (!g.nodes()[from].external) ++group.citing_documents;
    }
    out.push_back(std::move(group));
  }
  // The instruments most worth adding first: most references, then by id.
  std::stable_sort(out.begin(), out.end(), [](const UnresolvedGroup& a, const UnresolvedGroup& b) {
    return a.references.size() > b.references.size();
  });
  return out;
}

}  // namespace pg
