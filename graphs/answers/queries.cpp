#include "graphs/answers/queries.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "graphs/answers/issuer_filter.h"

namespace pg {
namespace {

bool type_in(RelationType t, const std::vector<RelationType>& types) {
  return types.empty() || std::find(types.begin(), types.end(), t) != types.end();
}

bool is_basis(RelationType t) {
  return t == RelationType::kBasedOn || t == RelationType::kImplements;
}

// The edges of a walk's path, in path order. A walk reaches a node through
// its via_edge from the node at the edge's other end, whichever direction the
// walk follows, so the path is rebuilt from the target back to the start.
std::vector<std::size_t> path_edges(const std::vector<Reach>& walk,
                                    const std::vector<std::size_t>& path) {
  std::map<std::size_t, std::size_t> via;
  for (const Reach& r : walk) via.emplace(r.node, r.via_edge);
  std::vector<std::size_t> out;
  for (std::size_t i = 1; i < path.size(); ++i) out.push_back(via.at(path[i]));
  return out;
}

// Walk rows by depth, then id (nodes are sorted by id, so by index).
void sort_walk(std::vector<WalkRow>& rows) {
  std::sort(rows.begin(), rows.end(), [](const WalkRow& a, const WalkRow& b) {
    return std::tie(a.depth, a.node) < std::tie(b.depth, b.node);
  });
}

std::vector<WalkRow> walk_rows(const CorpusGraph& g, std::size_t start,
                               const std::vector<Reach>& walk, Date as_of) {
  std::vector<WalkRow> rows;
  for (const Reach& r : walk) {
    WalkRow row;
    row.node = r.node;
    row.depth = r.depth;
    row.via_edge = r.via_edge;
    row.status = g.status(r.node, as_of);
    row.path = g.path_to(start, walk, r.node);
    row.edges = path_edges(walk, row.path);
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

bool in_force(StatusKind k) { return k == StatusKind::kInForce || k == StatusKind::kAmended; }

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
  for (const Reach& r : walk) {
    if (skip.count(r.node) != 0) continue;
    std::vector<std::size_t> path = g.path_to(target, walk, r.node);
    std::vector<std::size_t> edges = path_edges(walk, path);
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
    out.push_back({r.node, std::move(st), std::move(path), std::move(edges)});
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

std::vector<Orphan> orphans(const CorpusGraph& g, Date as_of) {
  std::vector<std::optional<Status>> memo(g.nodes().size());
  auto status_of = [&](std::size_t i) -> const Status& {
    if (!memo[i]) memo[i] = g.status(i, as_of);
    return *memo[i];
  };
  std::vector<Orphan> out;
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    if (g.nodes()[i].external || !in_force(status_of(i).kind)) continue;
    std::vector<Reach> walk = g.chain_up(i);
    std::vector<Orphan> found;
    for (const Reach& r : walk) {
      if (!fallen(status_of(r.node).kind)) continue;
      std::vector<std::size_t> path = g.path_to(i, walk, r.node);
      // Only the nearest fallen instrument: a basis of a fallen basis is
      // reported for the document that rests on it directly.
      bool nearest = std::none_of(path.begin() + 1, path.end() - 1,
                                  [&](std::size_t p) { return fallen(status_of(p).kind); });
      if (!nearest) continue;
      Orphan o;
      o.node = i;
      o.status = status_of(i);
      o.basis = r.node;
      o.basis_status = status_of(r.node);
      o.fell_away = o.basis_status.since;
      o.edges = path_edges(walk, path);
      o.path = std::move(path);
      found.push_back(std::move(o));
    }
    std::sort(found.begin(), found.end(),
              [](const Orphan& a, const Orphan& b) { return a.basis < b.basis; });
    for (Orphan& o : found) out.push_back(std::move(o));
  }
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
  Impact im;
  im.start = node;
  std::vector<WalkRow> rows = walk_rows(g, node, g.impact_down(node), as_of);
  im.total = rows.size();
  for (Level level : {Level::kNational, Level::kProvincial, Level::kMunicipal, Level::kDistrict,
                      Level::kDepartment, Level::kUnknown}) {
    ImpactGroup group;
    group.level = level;
    for (const WalkRow& r : rows) {
      if (g.nodes()[r.node].level == level) group.rows.push_back(r);
    }
    if (!group.rows.empty()) im.groups.push_back(std::move(group));
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
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    if (!g.nodes()[i].external) continue;
    UnresolvedGroup group;
    group.target = i;
    group.references = g.in_edges(i);
    if (group.references.empty()) continue;
    std::set<std::size_t> citing;
    for (std::size_t e : group.references) {
      std::size_t from = g.edges()[e].from;
      if (!g.nodes()[from].external) citing.insert(from);
    }
    group.citing_documents = citing.size();
    out.push_back(std::move(group));
  }
  // The instruments most worth adding first: most references, then by id.
  std::stable_sort(out.begin(), out.end(), [](const UnresolvedGroup& a, const UnresolvedGroup& b) {
    return a.references.size() > b.references.size();
  });
  return out;
}

}  // namespace pg
