#include "graphs/answers/stored_lists.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "graphs/answers/issuer_filter.h"
#include "graphs/answers/orphan_walk.h"
#include "graphs/base/text_arena.h"
#include "graphs/graph/status_rule.h"
#include "graphs/store/status_scan.h"

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

// sorted_unique(v) by marks over the node numbers (`marks` all 0, grown as
// needed, left all 0): the lists' sorts of 10^5 numbers were 4% of orphans.
std::vector<NodeNo> marked_unique(const std::vector<NodeNo>& v, std::vector<char>& marks) {
  NodeNo top = -1;
  for (NodeNo no : v) {
    if (no < 0) return sorted_unique(v);
    top = std::max(top, no);
  }
  const auto end = static_cast<std::size_t>(top + 1);
  if (marks.size() < end) marks.resize(end, 0);
  std::size_t count = 0;
  for (NodeNo no : v) {
    char& m = marks[static_cast<std::size_t>(no)];
    count += m == 0;
    m = 1;
  }
  std::vector<NodeNo> out;
  out.reserve(count);
  for (std::size_t no = 0; no < end && out.size() < count; ++no) {
    if (marks[no]) {
      out.push_back(static_cast<NodeNo>(no));
      marks[no] = 0;
    }
  }
  return out;
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

// Events::of for targets asked in ascending order: a cursor that moves
// forward through the events (a search of them per node was a few percent
// of superseded at 10^6 documents).
class EventCursor {
 public:
  explicit EventCursor(const Events& events) : all_(events.all()) {}
  std::span<const StatusEdge> of(NodeNo no) {
    while (at_ < all_.size() && all_[at_].to < no) ++at_;
    std::size_t end = at_;
    while (end < all_.size() && all_[end].to == no) ++end;
    return {all_.data() + at_, end - at_};
  }

 private:
  const std::vector<StatusEdge>& all_;
  std::size_t at_ = 0;
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
  // Most nodes have no event or one: no vector made for them (a list weighs
  // 10^5 nodes).
  if (events.size() <= 1) {
    StatusEvent one;
    if (!events.empty())
      one = {events[0].repeal, events[0].counts_from, events[0].date, events[0].scope.has_value()};
    StatusDecision d = decide_status(n, std::span<const StatusEvent>(&one, events.size()), as_of);
    Decision out{std::move(d.status)};
    if (d.event != StatusDecision::kNoEvent) out.edge = &events[0];
    if (out.status.kind == StatusKind::kUnknown) out.status.detail = "未知: not in the corpus";
    return out;
  }
  std::vector<const StatusEdge*> order;
  order.reserve(events.size());
  for (const StatusEdge& e : events) order.push_back(&e);
  if (order.size() > 1) {
    std::sort(order.begin(), order.end(), [&](const StatusEdge* a, const StatusEdge* b) {
      const std::string_view ia = id_of(a->from);
      const std::string_view ib = id_of(b->from);
      return ia != ib ? ia < ib : a->no < b->no;
    });
  }
  std::vector<StatusEvent> in_order;
  in_order.reserve(order.size());
  for (const StatusEdge* e : order) {
    in_order.push_back({e->repeal, e->counts_from, e->date, e->scope.has_value()});
  }
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
    if (d.edge) name_status_event(st, id_of(d.edge->from), d.edge->evidence, d.edge->scope);
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

// Node names kept in blocks of text (TextArena): the names of every node
// along the chains of 10^5 rows, without a Node (hundreds of bytes) each.
// A name's four texts lie one after another, found by their lengths: 32
// bytes an entry, not a NodeName's 80 of views.
class NameTable {
 public:
  // Room for `n` entries in all.
  void reserve(std::size_t n) { entries_.reserve(n); }
  void add(const Node& n) {
    put(n.id, n.doc_no ? std::optional<std::string_view>(*n.doc_no) : std::nullopt, n.title,
        n.issuer, n);
  }
  // add() of the parts a table names: the number, the id when `id`, the
  // title when `title` or the node has no number; no issuer.
  void add_label(const Node& n, bool id, bool title) {
    put(id ? std::string_view(n.id) : std::string_view(),
        n.doc_no ? std::optional<std::string_view>(*n.doc_no) : std::nullopt,
        title || !n.doc_no ? std::string_view(n.title) : std::string_view(), {}, n);
  }
  std::size_t size() const { return entries_.size(); }
  NodeName operator[](std::size_t k) const {
    const Entry& e = entries_[k];
    NodeName out;
    const char* at = e.text;
    auto next = [&](std::uint32_t size) {
      const std::string_view v = size == 0 ? std::string_view() : std::string_view(at, size);
      at += size;
      return v;
    };
    out.id = next(e.id);
    const std::string_view doc_no = next(e.doc_no);
    if (e.has_doc_no) out.doc_no = doc_no;
    out.title = next(e.title);
    out.issuer = next(e.issuer);
    out.level = e.level;
    out.external = e.external;
    return out;
  }

 private:
  struct Entry {
    const char* text = nullptr;  // id, doc_no, title, issuer, one after another
    std::uint32_t id = 0, doc_no = 0, title = 0, issuer = 0;  // their sizes
    Level level = Level::kUnknown;
    bool external = true, has_doc_no = false;
  };
  void put(std::string_view id, std::optional<std::string_view> doc_no, std::string_view title,
           std::string_view issuer, const Node& n) {
    const std::string_view number = doc_no.value_or(std::string_view());
    scratch_.clear();
    scratch_ += id;
    scratch_ += number;
    scratch_ += title;
    scratch_ += issuer;
    auto size = [](std::string_view v) {
      if (v.size() > 0xffffffffu) throw Failed{Error{"", -1, "stored graph: a name too long"}};
      return static_cast<std::uint32_t>(v.size());
    };
    entries_.push_back({text_.put(scratch_).data(), size(id), size(number), size(title),
                        size(issuer), n.level, n.external, doc_no.has_value()});
  }
  TextArena text_;
  std::vector<Entry> entries_;
  std::string scratch_;
};

// `n` holding `name` as Body::kNames reads a node, its strings' storage
// kept: a node handed over row after row without a Node per row.
void fill_names(Node& n, const NodeName& name) {
  n.id.assign(name.id);
  if (name.doc_no) {
    if (n.doc_no) {
      n.doc_no->assign(*name.doc_no);
    } else {
      n.doc_no.emplace(*name.doc_no);
    }
  } else {
    n.doc_no.reset();
  }
  n.title.assign(name.title);
  n.issuer.assign(name.issuer);
  n.level = name.level;
  n.external = name.external;
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

namespace {

// The sources of the repeal and amendment events into some nodes that lie
// far from the node in number order (a province's decision repeals its
// cities' documents): their names (what a status names, and the ids that
// order two events of one day) and what the day each event counts from
// takes from them, read by a lookup each in number order (the pages in file
// order, each read once, wherever the sources lie) and kept compact
// (NameTable: 32 bytes and the texts a source, about 270 bytes, not a
// Node). A source near its target is looked up as the target is weighed,
// on pages the pass over the targets reads anyway, and not kept.
class FarSources {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  // Numbers apart: about 26 pages of the node table (40 rows a page at 10^5
  // documents), well inside the 2,048 pages of SQLite's cache that the pass
  // over the targets fills in number order.
  static constexpr NodeNo kNear = 1024;

  static bool far(const StatusEdge& e) { return e.from > e.to + kNear || e.to > e.from + kNear; }

  // The far sources of `events` (by target) into `targets` (ascending).
  FarSources(const StoredGraph& sg, const Events& events, const std::vector<NodeNo>& targets) {
    std::vector<NodeNo> wanted;
    EventCursor cursor(events);
    for (NodeNo no : targets) {
      for (const StatusEdge& e : cursor.of(no)) {
        if (far(e)) wanted.push_back(e.from);
      }
    }
    if (wanted.empty()) return;
    std::vector<char> marks;
    wanted = marked_unique(wanted, marks);
    std::vector<char>().swap(marks);
    StoredGraph::Lookups lookups(sg);
    Node n;
    StoredGraph::Lookups::SourceDay day;
    nos_.reserve(wanted.size());
    days_.reserve(wanted.size());
    names_.reserve(wanted.size());
    for (NodeNo no : wanted) {
      if (!take(lookups.status_source_into(no, n, day))) continue;  // no node: left out
      nos_.push_back(no);
      days_.push_back(day);
      names_.add(n);
    }
  }
  // The place of source `no`, or kNone when no node has the number.
  std::size_t find(NodeNo no) const {
    auto it = std::lower_bound(nos_.begin(), nos_.end(), no);
    return it != nos_.end() && *it == no ? static_cast<std::size_t>(it - nos_.begin()) : kNone;
  }
  std::string_view id(std::size_t k) const { return names_[k].id; }
  const StoredGraph::Lookups::SourceDay& day(std::size_t k) const { return days_[k]; }
  // `n` as Body::kNames reads source k, its strings' storage kept.
  void fill(std::size_t k, Node& n) const { fill_names(n, names_[k]); }

 private:
  std::vector<NodeNo> nos_;  // ascending
  std::vector<StoredGraph::Lookups::SourceDay> days_;
  NameTable names_;
};

}  // namespace

Result<bool> visit_superseded(const StoredGraph& sg, Date as_of, std::string_view issuer,
                              bool& issuer_by_substring, const SupersededRow& row) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    // The edges without the day each counts from: that day is the source's
    // (its effective column), read below with the source's names by a
    // lookup per edge weighed (or per far source), where a pass over every
    // node's status columns read it for all (a tenth of the list at 10^5
    // documents).
    const Events events(take(sg.status_edges_undated()));
    std::vector<NodeNo> candidates = take(sg.expiring_between(std::nullopt, as_of.plus_days(-1)));
    // A node's field evidence is printed only when it has expired (the
    // evidence of its expiry), and only a node of this range can have.
    std::vector<char> expiring;
    for (NodeNo no : candidates) {
      if (no < 0) continue;
      if (expiring.size() <= static_cast<std::size_t>(no)) {
        expiring.resize(static_cast<std::size_t>(no) + 1, 0);
      }
      expiring[static_cast<std::size_t>(no)] = 1;
    }
    // stored_superseded's candidates and the targets of the repeals that
    // count later or never (the day not read yet): decide() drops those.
    for (const StatusEdge& e : events.all()) {
      if (e.repeal) candidates.push_back(e.to);
    }
    candidates = sorted_unique(std::move(candidates));
    issuer_by_substring = !issuer.empty() && !take(sg.node_with_issuer(std::string(issuer)));
    // Each candidate's events with the day each counts from, and the names
    // of their sources (the ids that order two events of one day, the node
    // a status names): of a source near the candidate (in number order),
    // read by a lookup as the candidate is weighed, on the pages the pass
    // over the candidates reads; of the others, read before the pass in
    // number order (FarSources), where a lookup each in the candidates'
    // order read the node table at random. Kept from row to row.
    const FarSources far(sg, events, candidates);
    StoredGraph::Lookups lookups(sg);
    std::vector<StatusEdge> dated;
    std::vector<Node> near;           // a near source's names
    std::vector<std::size_t> far_at;  // a far source's place, else kNone
    std::size_t weighed = 0;          // of dated, near and far_at
    auto id_of = [&](NodeNo no) -> std::string_view {
      for (std::size_t k = 0; k < weighed; ++k) {
        if (dated[k].from != no) continue;
        return far_at[k] == FarSources::kNone ? std::string_view(near[k].id) : far.id(far_at[k]);
      }
      throw Failed{Error{"", -1, "stored graph: an event source not read"}};
    };
    Node far_by;                 // a far source a row names, refilled row after row
    EventCursor cursor(events);  // visit_nodes visits the candidates in order
    take(sg.visit_status_nodes(
        candidates, expiring, !issuer.empty(), [&](std::size_t i, const Node& n) {
          if (!issuer.empty() && !issuer_matches(n, issuer, issuer_by_substring)) return;
          weighed = 0;
          for (const StatusEdge& e : cursor.of(candidates[i])) {
            if (dated.size() <= weighed) {
              dated.emplace_back();
              near.emplace_back();
              far_at.emplace_back();
            }
            // An edge from no node is left out, as status_edges() does.
            StoredGraph::Lookups::SourceDay day;
            if (FarSources::far(e)) {
              far_at[weighed] = far.find(e.from);
              if (far_at[weighed] == FarSources::kNone) continue;
              day = far.day(far_at[weighed]);
            } else {
              far_at[weighed] = FarSources::kNone;
              if (!take(lookups.status_source_into(e.from, near[weighed], day))) continue;
            }
            dated[weighed] = e;  // strings assigned into kept storage
            dated[weighed].counts_from = day.counts_from(e.date);
            ++weighed;
          }
          Decision d = decide(n, std::span<const StatusEdge>(dated.data(), weighed), as_of, id_of);
          if (!fallen(d.status.kind)) return;
          const Node* by = nullptr;
          if (d.edge) {
            const auto k = static_cast<std::size_t>(d.edge - dated.data());
            by = &near[k];
            if (far_at[k] != FarSources::kNone) {
              far.fill(far_at[k], far_by);
              by = &far_by;
            }
            name_status_event(d.status, by->id, d.edge->evidence, d.edge->scope);
          }
          row(n, d.status, by);
        }));
    return true;
  });
}

// ------------------------------------------------------------- orphans ----

// orphans() of queries.cpp over node numbers: the same walks (orphan_walk.h)
// over the same arcs (the basis edges between nodes from which a fallen node
// can be reached, by rank, in edge order), from the same starts in the same
// order, so the same nearest fallen nodes and the same chains.
namespace {

// The walks of orphans(): what they found, by rank (the nodes' id order).
struct OrphanWalks {
  std::vector<NodeNo> no_of_rank;  // the nodes walked, in id order
  orphan_walk::Arcs arcs;          // Arc::edge: the edge's number
  std::vector<RelationType> arc_type;
  struct Found {
    std::uint32_t node, basis;  // ranks
    std::uint32_t path;         // its arcs begin at path_arcs[path]
  };
  std::vector<Found> found;  // by rank of the node, then of the basis
  std::vector<std::uint32_t> path_arcs;
  NodeNo no_of(std::uint32_t rank) const { return no_of_rank[rank]; }
  // The arcs of found[k]'s chain, node .. basis.
  std::span<const std::uint32_t> path_of(std::size_t k) const {
    const std::size_t end = k + 1 < found.size() ? found[k + 1].path : path_arcs.size();
    return {path_arcs.data() + found[k].path, end - found[k].path};
  }
};

// `all_kinds`: every node's status kind on the day (status_scan.h).
OrphanWalks walk_orphans(const StoredGraph& sg, const std::vector<StatusKind>& all_kinds) {
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
  std::vector<char> leads(bound, 0);
  {
    std::vector<std::uint32_t> first(bound + 1, 0), up(basis.size());
    for (const auto& e : basis) ++first[e.to + 1];
    for (std::size_t v = 0; v < bound; ++v) first[v + 1] += first[v];
    {
      std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
      for (const auto& e : basis) up[fill[e.to]++] = e.from;
    }
    std::vector<std::uint32_t> queue;
    if (all_kinds.size() != bound) throw Failed{Error{"", -1, "stored graph: changed meanwhile"}};
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
    // leads: 1 reached, 2 also fallen, 3 also in force (a walk's start).
    for (std::size_t v = 0; v < bound; ++v) {
      if (!leads[v]) continue;
      if (fallen(all_kinds[v])) leads[v] = 2;
      if (in_force(all_kinds[v])) leads[v] = 3;
    }
  }

  // Their ranks: the order of the id index (no id read or compared), or of
  // the numbers when they follow ids (the index was a 50 MB pass at 10^6
  // documents).
  constexpr std::uint32_t kNone = 0xffffffffu;
  std::vector<std::uint32_t> rank_of(bound, kNone);
  auto rank = [&](NodeNo no) {
    if (no < 0 || static_cast<std::size_t>(no) >= bound) {
      throw Failed{Error{"", -1, "stored graph: a node number out of range"}};
    }
    if (!leads[static_cast<std::size_t>(no)]) return;
    rank_of[static_cast<std::size_t>(no)] = static_cast<std::uint32_t>(out.no_of_rank.size());
    out.no_of_rank.push_back(no);
  };
  if (take(sg.numbered_by_id())) {
    for (std::size_t no = 0; no < bound; ++no) rank(static_cast<NodeNo>(no));
  } else {
    for (NodeNo no : take(sg.nodes_by_id())) rank(no);
  }
  const std::size_t n = out.no_of_rank.size();
  std::vector<char> is_fallen(n, 0);
  for (std::uint32_t r = 0; r < n; ++r) {
    is_fallen[r] = leads[static_cast<std::size_t>(out.no_of_rank[r])] == 2;
  }

  // Basis edges between walked nodes, by rank: out of each in edge order
  // (target rank, then type, then number).
  orphan_walk::Arcs& arcs = out.arcs;
  arcs.first.assign(n + 1, 0);
  for (const auto& e : basis) {
    if (rank_of[e.from] == kNone || rank_of[e.to] == kNone) continue;
    ++arcs.first[rank_of[e.from] + 1];
  }
  for (std::size_t v = 0; v < n; ++v) arcs.first[v + 1] += arcs.first[v];
  struct Keyed {
    std::uint32_t to;
    int type;
    std::uint32_t no;
  };
  std::vector<Keyed> keyed(arcs.first[n]);
  {
    std::vector<std::uint32_t> fill(arcs.first.begin(), arcs.first.end() - 1);
    for (const auto& e : basis) {
      if (rank_of[e.from] == kNone || rank_of[e.to] == kNone) continue;
      keyed[fill[rank_of[e.from]]++] = {rank_of[e.to], static_cast<int>(e.type), e.no};
    }
  }
  arcs.arcs.resize(keyed.size());
  out.arc_type.resize(keyed.size());
  for (std::size_t v = 0; v < n; ++v) {
    auto b = keyed.begin() + arcs.first[v], e = keyed.begin() + arcs.first[v + 1];
    std::sort(b, e, [](const Keyed& x, const Keyed& y) {
      return std::tie(x.to, x.type, x.no) < std::tie(y.to, y.type, y.no);
    });
  }
  for (std::size_t k = 0; k < keyed.size(); ++k) {
    arcs.arcs[k] = {keyed[k].to, keyed[k].no};
    out.arc_type[k] = static_cast<RelationType>(keyed[k].type);
  }
  std::vector<Keyed>().swap(keyed);

  // The walks, from each document in force, in rank order.
  orphan_walk::Walker walker(arcs, is_fallen);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (leads[static_cast<std::size_t>(out.no_of_rank[i])] != 3) continue;
    for (std::uint32_t b : walker.walk(i)) {
      out.found.push_back({i, b, static_cast<std::uint32_t>(out.path_arcs.size())});
      walker.path_to(b, out.path_arcs);
    }
  }
  return out;
}

}  // namespace

NodeName name_of(const Node& n) {
  NodeName out;
  out.id = n.id;
  if (n.doc_no) out.doc_no = *n.doc_no;
  out.title = n.title;
  out.issuer = n.issuer;
  out.level = n.level;
  out.external = n.external;
  return out;
}

namespace {

// stored_orphans' rows [begin, end) of `walks`, with a RowGraph of what they
// name.
StoredList<Orphan> orphan_part(const StoredGraph& sg, const OrphanWalks& walks,
                               const Events& events, std::size_t begin, std::size_t end,
                               Date as_of) {
  // What the rows print: the statuses of the documents and their bases,
  // the names along the chains, the chains' edges.
  auto no_of = [&](std::uint32_t r) { return walks.no_of(r); };
  std::vector<NodeNo> status_nos, path_nos, edge_nos;
  for (std::size_t k = begin; k < end; ++k) {
    const auto& f = walks.found[k];
    status_nos.push_back(no_of(f.node));
    status_nos.push_back(no_of(f.basis));
    path_nos.push_back(no_of(f.node));
    for (std::uint32_t a : walks.path_of(k)) {
      path_nos.push_back(no_of(walks.arcs.arcs[a].to));
      edge_nos.push_back(walks.arcs.arcs[a].edge);
    }
  }
  status_nos = sorted_unique(std::move(status_nos));
  path_nos = sorted_unique(std::move(path_nos));
  edge_nos = sorted_unique(std::move(edge_nos));
  std::vector<Node> status_nodes = take(sg.read_nodes(status_nos, Body::kStatus));
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
  out.rows.reserve(end - begin);
  for (std::size_t k = begin; k < end; ++k) {
    const auto& f = walks.found[k];
    Orphan o;
    o.node = maker.node_at.at(no_of(f.node));
    o.status = status_at(no_of(f.node));
    o.basis = maker.node_at.at(no_of(f.basis));
    o.basis_status = status_at(no_of(f.basis));
    o.fell_away = o.basis_status.since;
    o.path.push_back(o.node);
    for (std::uint32_t a : walks.path_of(k)) {
      o.path.push_back(maker.node_at.at(no_of(walks.arcs.arcs[a].to)));
      o.edges.push_back(maker.edge_at.at(walks.arcs.arcs[a].edge));
    }
    out.rows.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Result<StoredList<Orphan>> stored_orphans(const StoredGraph& sg, Date as_of) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    StatusScan scan = take(status_edges_and_kinds(sg, as_of));
    const OrphanWalks walks = walk_orphans(sg, scan.kinds);
    const Events events(std::move(scan.edges));
    return orphan_part(sg, walks, events, 0, walks.found.size(), as_of);
  });
}

Result<bool> stored_orphan_parts(const StoredGraph& sg, Date as_of, std::size_t part_rows,
                                 const std::function<void(StoredList<Orphan>&&)>& sink) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    StatusScan scan = take(status_edges_and_kinds(sg, as_of));
    const OrphanWalks walks = walk_orphans(sg, scan.kinds);
    const Events events(std::move(scan.edges));
    const std::size_t step = std::max<std::size_t>(1, part_rows);
    for (std::size_t begin = 0; begin < walks.found.size(); begin += step) {
      sink(
          orphan_part(sg, walks, events, begin, std::min(walks.found.size(), begin + step), as_of));
    }
    return true;
  });
}

namespace {

// A node as decide_status weighs it when a repeal or amendment decides its
// status, made from its status columns alone (status_scan.h): a document
// only when it has one, with the day it takes effect (the effective column
// is effective_at's day: kept as a 施行 date), the day it was signed and the
// expiry; no names, source or field evidence. decide_status of it gives the
// kind, since and deciding event of the node read whole: those follow from
// these columns and the events. Only a status with no event (失效, 现行有效,
// 尚未生效) quotes the node's own text, which this node lacks.
Node status_columns_node(const StatusColumns& c) {
  Node n;
  n.external = !c.published;
  if (!c.published) return n;
  Document d;
  if (std::optional<Date> on = c.effective()) {
    d.effective.kind = Effective::Kind::kDate;
    d.effective.date = *on;
  }
  d.signed_date = c.signed_date();
  d.expires = c.expires();
  n.document = std::move(d);
  return n;
}

// A basis' status as a table prints it (kind, since, by and where its
// evidence is), without a Status' strings: 10^5 of them, each made into one
// Status as its rows are handed over.
struct TableStatus {
  StatusKind kind = StatusKind::kUnknown;
  std::optional<Date> since;
  const StatusEdge* edge = nullptr;  // the deciding repeal or amendment: by, evidence
  std::string_view file;             // else the evidence's (kept in a TextArena)
  int line = 0, page = 0;
};

}  // namespace

Result<bool> visit_orphans(const StoredGraph& sg, Date as_of, const OrphanVisit& row, int passes,
                           bool detail) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    StatusScan scan = take(status_edges_and_kinds(sg, as_of, detail, !detail));
    OrphanWalks walks = walk_orphans(sg, scan.kinds);
    if (detail) std::vector<StatusKind>().swap(scan.kinds);
    // The bases' statuses (the nodes' too for `detail`); the names of every
    // node along a chain, kept in a NameTable.
    std::vector<NodeNo> basis_nos, node_nos, path_nos, doc_nos;
    for (std::size_t k = 0; k < walks.found.size(); ++k) {
      const auto& f = walks.found[k];
      basis_nos.push_back(walks.no_of(f.basis));
      if (detail) node_nos.push_back(walks.no_of(f.node));
      if (!detail && (k == 0 || walks.found[k - 1].node != f.node)) {
        doc_nos.push_back(walks.no_of(f.node));
      }
      path_nos.push_back(walks.no_of(f.node));
      for (std::uint32_t a : walks.path_of(k)) {
        path_nos.push_back(walks.no_of(walks.arcs.arcs[a].to));
      }
    }
    std::vector<char> marks;
    basis_nos = marked_unique(basis_nos, marks);
    node_nos = marked_unique(node_nos, marks);
    path_nos = marked_unique(path_nos, marks);
    doc_nos = marked_unique(doc_nos, marks);
    // Only the events of those nodes are weighed: the others' (with their
    // evidence, most of the repeal edges) are let go before the names are
    // read into the memory they held.
    std::erase_if(scan.edges, [&](const StatusEdge& e) {
      if (!std::binary_search(basis_nos.begin(), basis_nos.end(), e.to) &&
          !std::binary_search(node_nos.begin(), node_nos.end(), e.to)) {
        return true;
      }
      return false;
    });
    scan.edges.shrink_to_fit();
    const Events events(std::move(scan.edges));
    // Statuses of some nodes, read one at a time: only the Status is kept.
    std::vector<NodeNo> sources;
    for (const std::vector<NodeNo>* nos : {&basis_nos, &node_nos}) {
      for (NodeNo no : *nos) {
        for (const StatusEdge& e : events.of(no)) sources.push_back(e.from);
      }
    }
    // The names of those sources and of every node along a chain, in one
    // NameTable (not a Node each: 10^5 of them) from one pass over the names
    // index: two passes, one for each, read it twice (a sixth of the pages
    // this list read at 10^5 documents).
    sources = marked_unique(sources, marks);
    std::vector<NodeNo> named = sources;
    named.insert(named.end(), path_nos.begin(), path_nos.end());
    named = marked_unique(named, marks);
    NameTable names;
    names.reserve(named.size());
    if (detail) {
      take(sg.visit_nodes(named, Body::kNames, [&](std::size_t, const Node& n) { names.add(n); }));
    } else {
      // A table shows numbers, titles only of its documents and of nodes
      // with no number, and needs the ids of the event sources (decide
      // orders by them, the detail names them): a quarter of the names'
      // text at 10^5 documents.
      take(sg.visit_nodes(named, Body::kNames, [&](std::size_t i, const Node& n) {
        const NodeNo no = named[i];
        names.add_label(n, std::binary_search(sources.begin(), sources.end(), no),
                        std::binary_search(doc_nos.begin(), doc_nos.end(), no));
      }));
    }
    // Each named node's place in `names`, by number: the rows look up
    // every node along their chains, twice, and a search of `named` each
    // was a twentieth of the list at 10^6 documents.
    std::vector<std::uint32_t> name_slot(
        named.empty() ? 0 : static_cast<std::size_t>(named.back()) + 1);
    for (std::size_t k = 0; k < named.size(); ++k) {
      name_slot[static_cast<std::size_t>(named[k])] = static_cast<std::uint32_t>(k);
    }
    auto name_at = [&](NodeNo no) { return names[name_slot[static_cast<std::size_t>(no)]]; };
    auto id_of = [&](NodeNo no) { return name_at(no).id; };
    auto statuses_of = [&](const std::vector<NodeNo>& nos, std::vector<Status>& of,
                           std::vector<NodeNo>& by) {
      of.resize(nos.size());
      by.assign(nos.size(), -1);
      take(sg.visit_nodes(nos, Body::kStatus, [&](std::size_t i, const Node& n) {
        Decision d = decide(n, events.of(nos[i]), as_of, id_of);
        if (d.edge) {
          by[i] = d.edge->from;
          name_status_event(d.status, std::string(id_of(d.edge->from)), d.edge->evidence,
                            d.edge->scope);
        }
        if (!detail) {
          // A table shows no detail or quote: 10^5 statuses keep neither.
          std::string().swap(d.status.detail);
          std::string().swap(d.status.evidence.document);
          std::string().swap(d.status.evidence.evidence.quote);
        }
        of[i] = std::move(d.status);
      }));
    };
    std::vector<Status> basis_status, node_status;
    std::vector<NodeNo> basis_by, node_by;
    // For a table, the bases' statuses kept as TableStatus: decided from
    // the status columns of the scan when an event decides (the repealed),
    // and from the node's row only when its own text is quoted (the
    // expired): most rows of the wide table were read for nothing.
    std::vector<TableStatus> table_status;
    TextArena files;
    if (detail) {
      statuses_of(basis_nos, basis_status, basis_by);
    } else {
      table_status.resize(basis_nos.size());
      std::vector<NodeNo> read_nos;
      std::vector<std::size_t> read_at;
      std::size_t c = 0;  // into scan.fallen (by number, as basis_nos)
      for (std::size_t i = 0; i < basis_nos.size(); ++i) {
        const NodeNo no = basis_nos[i];
        while (c < scan.fallen.size() && scan.fallen[c].no < no) ++c;
        if (c == scan.fallen.size() || scan.fallen[c].no != no ||
            static_cast<std::size_t>(no) >= scan.kinds.size()) {
          throw Failed{Error{"", -1, "stored graph: changed meanwhile"}};
        }
        Decision d = decide(status_columns_node(scan.fallen[c]), events.of(no), as_of, id_of);
        // The one rule (decide_status) and the scan's (kind_on) agree.
        if (d.status.kind != scan.kinds[static_cast<std::size_t>(no)]) {
          throw Failed{Error{"", -1, "stored graph: the status rules disagree"}};
        }
        if (!d.edge) {
          table_status[i].kind = d.status.kind;
          read_nos.push_back(no);
          read_at.push_back(i);
          continue;
        }
        table_status[i] = {d.status.kind, d.status.since, d.edge};
      }
      std::vector<StatusColumns>().swap(scan.fallen);
      std::vector<StatusKind>().swap(scan.kinds);
      std::string_view last;  // a file's text put once for a run of its nodes
      take(sg.visit_nodes(read_nos, Body::kStatus, [&](std::size_t i, const Node& n) {
        Decision d = decide(n, events.of(read_nos[i]), as_of, id_of);
        TableStatus& t = table_status[read_at[i]];
        if (d.status.kind != t.kind) {
          throw Failed{Error{"", -1, "stored graph: the status rules disagree"}};
        }
        t.since = d.status.since;
        t.edge = d.edge;
        const Evidence& ev = d.status.evidence.evidence;
        if (ev.file != last) last = files.put(ev.file);
        t.file = last;
        t.line = ev.line;
        t.page = ev.page;
      }));
    }
    // A table's basis status, made from its TableStatus into one Status.
    Status table_st;
    auto basis_status_at = [&](std::size_t b) -> const Status& {
      if (detail) return basis_status[b];
      const TableStatus& t = table_status[b];
      table_st.kind = t.kind;
      table_st.since = t.since;
      Evidence& ev = table_st.evidence.evidence;
      if (t.edge) {
        const std::string_view by = id_of(t.edge->from);
        if (table_st.by) {
          table_st.by->assign(by);
        } else {
          table_st.by.emplace(by);
        }
        ev.file.assign(t.edge->evidence.file);
        ev.line = t.edge->evidence.line;
        ev.page = t.edge->evidence.page;
      } else {
        table_st.by.reset();
        ev.file.assign(t.file);
        ev.line = t.line;
        ev.page = t.page;
      }
      return table_st;
    };
    auto basis_by_at = [&](std::size_t b) -> NodeNo {
      if (detail) return basis_by[b];
      return table_status[b].edge ? table_status[b].edge->from : -1;
    };
    auto at = [](const std::vector<NodeNo>& nos, NodeNo no) {
      return static_cast<std::size_t>(std::lower_bound(nos.begin(), nos.end(), no) - nos.begin());
    };
    // The chains' edges, for `detail`: read by number as each row is
    // handed over (kept, 10^5 chains' edges with their quotes were a
    // hundred MB at 10^6 documents).
    StoredGraph::Lookups lookups(sg);
    std::vector<GraphEdge> row_edges;
    std::vector<NodeName> path;
    std::vector<RelationType> types;
    std::vector<const GraphEdge*> path_edges;
    auto hand_over = [&](std::size_t k, int pass, const Status* status) {
      const auto& f = walks.found[k];
      const std::size_t b = at(basis_nos, walks.no_of(f.basis));
      path.clear();
      types.clear();
      path_edges.clear();
      row_edges.clear();
      path.push_back(name_at(walks.no_of(f.node)));
      for (std::uint32_t a : walks.path_of(k)) {
        path.push_back(name_at(walks.no_of(walks.arcs.arcs[a].to)));
        types.push_back(walks.arc_type[a]);
        if (detail) row_edges.push_back(take(lookups.edge(walks.arcs.arcs[a].edge)).edge);
      }
      for (const GraphEdge& e : row_edges) path_edges.push_back(&e);
      const NodeNo by = basis_by_at(b);
      const NodeName by_name = by == -1 ? NodeName{} : name_at(by);
      OrphanRow r{
          path.front(), path.back(), basis_status_at(b), by == -1 ? nullptr : &by_name, path,
          types,        pass};
      if (detail) {
        r.status = status;
        r.edges = path_edges;
      }
      row(r);
    };
    if (detail && passes == 1 && std::is_sorted(walks.no_of_rank.begin(), walks.no_of_rank.end())) {
      // Node numbers follow ids (a graph saved whole): the rows, in the
      // order of their documents, go with one pass over those documents,
      // each status made as its rows are handed over and then dropped.
      std::size_t k = 0;
      take(sg.visit_nodes(node_nos, Body::kStatus, [&](std::size_t i, const Node& n) {
        Decision d = decide(n, events.of(node_nos[i]), as_of, id_of);
        if (d.edge)
          name_status_event(d.status, std::string(id_of(d.edge->from)), d.edge->evidence,
                            d.edge->scope);
        for (; k < walks.found.size() && walks.no_of(walks.found[k].node) == node_nos[i]; ++k) {
          hand_over(k, 0, &d.status);
        }
      }));
      if (k != walks.found.size()) throw Failed{Error{"", -1, "stored graph: changed meanwhile"}};
      return true;
    }
    if (detail) statuses_of(node_nos, node_status, node_by);
    for (int pass = 0; pass < passes; ++pass) {
      for (std::size_t k = 0; k < walks.found.size(); ++k) {
        hand_over(k, pass,
                  detail ? &node_status[at(node_nos, walks.no_of(walks.found[k].node))] : nullptr);
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
      if (d.edge) name_status_event(d.status, id_of(d.edge->from), d.edge->evidence, d.edge->scope);
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

namespace {

// The references to external nodes, grouped by target as unresolved()
// groups them: `in` by target rank, then source rank, type and number;
// groups [begin, end) of it by count (most first), then target id.
struct UnresolvedGroups {
  std::vector<StoredGraph::EdgeEnds> in;
  struct Group {
    std::size_t begin, end;
  };
  std::vector<Group> groups;
  // With `names`: every node's id by number (views into `id_text`) and
  // whether it is external, from the passes made anyway.
  std::vector<std::string_view> id_of;
  TextArena id_text;
  std::vector<char> external;
};

// With `rows`, the edges are read whole, each handed to `rows` in number
// order as it is read (one pass over the edges, evidence and all).
UnresolvedGroups unresolved_groups(
    const StoredGraph& sg, bool names = false,
    const std::function<void(const StoredGraph::EdgeRow&)>* rows = nullptr) {
  UnresolvedGroups out;
  // Each node's place in id order (the order of a graph's nodes): its
  // number when numbers follow ids, else from the id index (with every id
  // for `names`).
  const std::size_t bound = take(sg.node_bound());
  constexpr std::uint32_t kNone = 0xffffffffu;
  const bool by_number = take(sg.numbered_by_id());
  std::vector<std::uint32_t> rank(by_number ? 0 : bound, kNone);
  std::vector<std::uint32_t> no_of_rank;  // the inverse, for the sorted keys below
  auto rank_of = [&](std::uint32_t no) { return by_number ? no : rank[no]; };
  auto no_at = [&](std::uint64_t r) {
    return by_number ? static_cast<std::uint32_t>(r) : no_of_rank[r];
  };
  if (!by_number) {
    std::vector<std::string_view> id_by_rank;
    std::function<void(std::string_view)> each;
    if (names) {
      id_by_rank.reserve(bound);
      each = [&](std::string_view id) { id_by_rank.push_back(out.id_text.put(id)); };
    }
    const std::vector<NodeNo> by_id = take(sg.nodes_by_id(each));
    no_of_rank.resize(by_id.size());
    if (names) out.id_of.resize(bound);
    for (std::size_t k = 0; k < by_id.size(); ++k) {
      if (by_id[k] < 0 || static_cast<std::size_t>(by_id[k]) >= bound) {
        throw Failed{Error{"", -1, "stored graph: a node number out of range"}};
      }
      rank[static_cast<std::size_t>(by_id[k])] = static_cast<std::uint32_t>(k);
      no_of_rank[k] = static_cast<std::uint32_t>(by_id[k]);
      if (names) out.id_of[static_cast<std::size_t>(by_id[k])] = id_by_rank.at(k);
    }
  }
  std::vector<char> external(bound, 0);
  for (NodeNo no : take(sg.external_nodes())) external[static_cast<std::size_t>(no)] = 1;
  // The edges into them (kept as read: every edge of the corpus would be
  // tens of bytes a document).
  std::vector<StoredGraph::EdgeEnds>& in = out.in;
  auto check = [&](const StoredGraph::EdgeEnds& e) {
    if (e.from >= bound || e.to >= bound || rank_of(e.from) == kNone || rank_of(e.to) == kNone) {
      throw Failed{Error{"", -1, "stored graph: an edge to no node"}};
    }
  };
  if (rows) {
    take(sg.visit_edges_into(external, [&](const StoredGraph::EdgeRow& r) {
      if (r.no < 0 || r.from < 0 || r.to < 0 || r.no > 0xffffffffLL) {
        throw Failed{Error{"", -1, "stored graph: an edge to no node"}};
      }
      const StoredGraph::EdgeEnds e{static_cast<std::uint32_t>(r.no),
                                    static_cast<std::uint32_t>(r.from),
                                    static_cast<std::uint32_t>(r.to), r.edge.type};
      check(e);
      in.push_back(e);
      (*rows)(r);
    }));
  } else {
    in = take(sg.edge_ends_into(external));
    for (const StoredGraph::EdgeEnds& e : in) check(e);
  }
  if (names && by_number) {
    // The ids of the sources only, from one pass over the id index (in
    // number order here).
    std::vector<char> source(bound, 0);
    for (const StoredGraph::EdgeEnds& e : in) source[e.from] = 1;
    out.id_of.resize(bound);
    std::size_t no = 0;
    take(sg.nodes_by_id([&](std::string_view id) {
      if (no < bound && source[no]) out.id_of[no] = out.id_text.put(id);
      ++no;
    }));
  }
  if (names) {
    out.external = std::move(external);
  } else {
    std::vector<char>().swap(external);
  }
  // Placed by target rank (a count of each, then a fill), each target's
  // references then sorted by keys of two words, (source rank, type) and
  // number: one sort of them all by target too was 6% of the table's CPU
  // at 10^6 documents, and comparing tuples looked the ranks up at each
  // comparison.
  {
    struct Key {
      std::uint64_t from_type;
      std::uint32_t no;
      bool operator<(const Key& o) const {
        return from_type != o.from_type ? from_type < o.from_type : no < o.no;
      }
    };
    static_assert(sizeof(RelationType) <= sizeof(std::uint32_t));
    std::vector<std::uint32_t> first(bound + 1, 0);  // by target rank
    for (const StoredGraph::EdgeEnds& e : in) ++first[rank_of(e.to) + 1];
    for (std::size_t r = 0; r < bound; ++r) first[r + 1] += first[r];
    std::vector<Key> keys(in.size());
    {
      std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
      for (const StoredGraph::EdgeEnds& e : in) {
        keys[fill[rank_of(e.to)]++] = {
            std::uint64_t{rank_of(e.from)} << 32 | static_cast<std::uint32_t>(e.type), e.no};
      }
    }
    for (std::size_t r = 0; r < bound; ++r) {
      if (first[r] == first[r + 1]) continue;
      std::sort(keys.begin() + first[r], keys.begin() + first[r + 1]);
      const std::uint32_t to = no_at(r);
      for (std::size_t k = first[r]; k < first[r + 1]; ++k) {
        in[k].to = to;
        in[k].from = no_at(keys[k].from_type >> 32);
        in[k].type = static_cast<RelationType>(keys[k].from_type & 0xffffffffu);
        in[k].no = keys[k].no;
      }
      out.groups.push_back({first[r], first[r + 1]});
    }
  }
  std::stable_sort(out.groups.begin(), out.groups.end(),
                   [](const UnresolvedGroups::Group& a, const UnresolvedGroups::Group& b) {
                     return a.end - a.begin > b.end - b.begin;
                   });
  return out;
}

}  // namespace

Result<bool> stored_unresolved_parts(
    const StoredGraph& sg, std::size_t part_references,
    const std::function<void(StoredList<UnresolvedGroup>&&)>& sink) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    const UnresolvedGroups u = unresolved_groups(sg);
    const std::size_t step = std::max<std::size_t>(1, part_references);
    for (std::size_t first = 0; first < u.groups.size();) {
      // Whole groups, up to `step` references (a larger group alone).
      std::size_t last = first, references = 0;
      while (last < u.groups.size() &&
             (last == first || references + (u.groups[last].end - u.groups[last].begin) <= step)) {
        references += u.groups[last].end - u.groups[last].begin;
        ++last;
      }
      std::vector<NodeNo> nos, edge_nos;
      for (std::size_t g = first; g < last; ++g) {
        for (std::size_t k = u.groups[g].begin; k < u.groups[g].end; ++k) {
          nos.push_back(u.in[k].from);
          nos.push_back(u.in[k].to);
          edge_nos.push_back(u.in[k].no);
        }
      }
      nos = sorted_unique(std::move(nos));
      RowGraphMaker maker;
      StoredList<UnresolvedGroup> part;
      part.graph =
          maker.make(nos, take(sg.read_nodes(nos, Body::kNames)), take(sg.read_edges(edge_nos)));
      const RowGraph& graph = part.graph;
      for (std::size_t g = first; g < last; ++g) {
        UnresolvedGroup group;
        group.target = maker.node_at.at(u.in[u.groups[g].begin].to);
        for (std::size_t k = u.groups[g].begin; k < u.groups[g].end; ++k) {
          group.references.push_back(maker.edge_at.at(u.in[k].no));
        }
        // In edge order, as unresolved() lists them (sources by id, the
        // order of the part's nodes, then type and number).
        std::sort(group.references.begin(), group.references.end());
        for (std::size_t e : group.references) {
          const std::size_t from = graph.edges()[e].from;
          if (!group.citing.empty() && group.citing.back() == from) continue;
          group.citing.push_back(from);
          if (!graph.nodes()[from].external) ++group.citing_documents;
        }
        part.rows.push_back(std::move(group));
      }
      sink(std::move(part));
      first = last;
    }
    return true;
  });
}

Result<bool> visit_unresolved_references(const StoredGraph& sg,
                                         const UnresolvedReferencesVisit& row) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    // Every reference's edge, read in the pass that finds them (a lookup
    // each was half the list's CPU) and kept packed until its group is
    // handed over: its texts in an arena, a file's name once. Forty bytes
    // an edge: 10^6 references are tens of MB, not a GraphEdge (and its
    // strings) each.
    constexpr std::uint32_t kNoScope = 0xffffffffu;
    struct Packed {
      std::string_view quote;
      std::uint32_t file = 0;          // into `files`
      std::uint32_t scope = kNoScope;  // into `scopes`
      std::int32_t date = -1;          // year * 10000 + month * 100 + day, -1: none
      std::int32_t line = 0, page = 0;
      std::uint8_t type = 0;  // RelationType
      bool derived = false;
    };
    std::vector<Packed> packed;      // in number order
    std::vector<std::uint32_t> nos;  // their numbers, ascending
    std::vector<std::string_view> files, scopes;
    TextArena text;  // what the views of `packed`, `files` and `scopes` point into
    std::unordered_map<std::string, std::uint32_t> file_at;
    std::uint32_t last_file = 0;
    const std::function<void(const StoredGraph::EdgeRow&)> keep =
        [&](const StoredGraph::EdgeRow& r) {
          Packed& p = packed.emplace_back();
          nos.push_back(static_cast<std::uint32_t>(r.no));
          const GraphEdge& e = r.edge;
          // A file's edges are numbered together: the last one is checked first.
          if (files.empty() || files[last_file] != e.evidence.file) {
            auto it = file_at.find(e.evidence.file);
            if (it == file_at.end()) {
              it = file_at.emplace(e.evidence.file, static_cast<std::uint32_t>(files.size())).first;
              files.push_back(text.put(e.evidence.file));
            }
            last_file = it->second;
          }
          p.file = last_file;
          p.quote = text.put(e.evidence.quote);
          if (e.scope) {
            p.scope = static_cast<std::uint32_t>(scopes.size());
            scopes.push_back(text.put(*e.scope));
          }
          if (e.date) p.date = e.date->year * 10000 + e.date->month * 100 + e.date->day;
          p.line = e.evidence.line;
          p.page = e.evidence.page;
          p.type = static_cast<std::uint8_t>(e.type);
          p.derived = e.derived;
        };
    const UnresolvedGroups u = unresolved_groups(sg, true, &keep);
    const std::vector<StoredGraph::EdgeEnds>& in = u.in;
    std::unordered_map<std::string, std::uint32_t>().swap(file_at);
    // The targets' names.
    std::vector<NodeNo> targets;
    targets.reserve(u.groups.size());
    for (const UnresolvedGroups::Group& g : u.groups) targets.push_back(in[g.begin].to);
    targets = sorted_unique(std::move(targets));
    NameTable target_names;
    target_names.reserve(targets.size());
    take(sg.visit_nodes(targets, Body::kNames,
                        [&](std::size_t, const Node& n) { target_names.add(n); }));
    Node target_node;
    std::vector<GraphEdge> edges;
    std::vector<UnresolvedReference> refs;
    for (const UnresolvedGroups::Group& g : u.groups) {
      const auto t = std::lower_bound(targets.begin(), targets.end(), in[g.begin].to);
      fill_names(target_node, target_names[static_cast<std::size_t>(t - targets.begin())]);
      const std::size_t n = g.end - g.begin;
      if (edges.size() < n) edges.resize(n);
      refs.clear();
      std::size_t citing_documents = 0;
      for (std::size_t k = 0; k < n; ++k) {
        const StoredGraph::EdgeEnds& ends = in[g.begin + k];
        const Packed& p = packed[static_cast<std::size_t>(
            std::lower_bound(nos.begin(), nos.end(), ends.no) - nos.begin())];
        GraphEdge& e = edges[k];
        e.type = static_cast<RelationType>(p.type);
        e.derived = p.derived;
        if (p.date >= 0) {
          e.date = Date{p.date / 10000, p.date / 100 % 100, p.date % 100};
        } else {
          e.date.reset();
        }
        e.evidence.file.assign(files[p.file]);
        e.evidence.line = p.line;
        e.evidence.page = p.page;
        e.evidence.quote.assign(p.quote);
        if (p.scope != kNoScope) {
          e.scope.emplace(scopes[p.scope]);
        } else {
          e.scope.reset();
        }
        // Sources come in id order: each new one follows the last.
        if (k == 0 || ends.from != in[g.begin + k - 1].from) {
          if (!u.external[ends.from]) ++citing_documents;
        }
        refs.push_back({u.id_of[ends.from], &e});
      }
      row(UnresolvedReferences{target_node, citing_documents, refs});
    }
    return true;
  });
}

Result<bool> visit_unresolved(const StoredGraph& sg, const UnresolvedVisit& row) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    const UnresolvedGroups u = unresolved_groups(sg);
    const std::vector<StoredGraph::EdgeEnds>& in = u.in;
    using Group = UnresolvedGroups::Group;
    const std::vector<Group>& groups = u.groups;
    // The targets' names, the first references' evidence, the names of the
    // first sources of each group (more are read when asked for).
    constexpr std::size_t kFirstSources = 4;
    std::vector<NodeNo> targets, firsts, named_nos;
    for (const Group& g : groups) {
      targets.push_back(in[g.begin].to);
      firsts.push_back(in[g.begin].no);
      for (std::size_t k = g.begin; k < g.end && k < g.begin + kFirstSources; ++k) {
        named_nos.push_back(in[k].from);
      }
    }
    targets = sorted_unique(std::move(targets));
    firsts = sorted_unique(std::move(firsts));
    named_nos.insert(named_nos.end(), targets.begin(), targets.end());
    named_nos = sorted_unique(std::move(named_nos));
    // Targets and first sources named in one pass over the names index
    // (the two passes were a fifth of the table's instructions at 10^5
    // documents), in one buffer, with the parts the table shows only: a
    // target's number and title, a source's label (a Node each was most of
    // the memory at 10^6 documents; ids, issuers and the titles of numbered
    // sources are most of a name's text). Handed over in a Node refilled
    // for each call.
    NameTable names;
    names.reserve(named_nos.size());
    take(sg.visit_nodes(named_nos, Body::kNames, [&](std::size_t k, const Node& n) {
      names.add_label(n, false, std::binary_search(targets.begin(), targets.end(), named_nos[k]));
    }));
    StoredGraph::Lookups lookups(sg);
    // The first references' evidence, read in number order and kept packed
    // (an EdgeRow each, strings and all, was tens of MB at 10^6 documents):
    // texts in an arena, a file's name once for a run of the same file.
    struct Packed {
      std::string_view file, quote;
      int line = 0, page = 0;
    };
    std::vector<Packed> first_evidence;
    first_evidence.reserve(firsts.size());
    TextArena evidence_text;
    for (NodeNo no : firsts) {
      const EdgeRow r = take(lookups.edge(no));
      const Evidence& e = r.edge.evidence;
      std::string_view file = first_evidence.empty() ? "" : first_evidence.back().file;
      if (file != e.file) file = evidence_text.put(e.file);
      first_evidence.push_back({file, evidence_text.put(e.quote), e.line, e.page});
    }
    Node target_node, source_node;
    Evidence first;
    auto at = [](const std::vector<NodeNo>& nos, NodeNo no) {
      auto it = std::lower_bound(nos.begin(), nos.end(), no);
      return it != nos.end() && *it == no ? static_cast<std::size_t>(it - nos.begin()) : SIZE_MAX;
    };
    auto named = [&](NodeNo no) -> const Node& {
      const std::size_t k = at(named_nos, no);
      if (k != SIZE_MAX) {
        fill_names(source_node, names[k]);
        return source_node;
      }
      // Read when asked for and kept until the next call only: a national
      // hub's group has 10^5 sources, each asked for once.
      source_node = take(lookups.named(no));
      return source_node;
    };
    for (const Group& g : groups) {
      const std::function<const Node&(std::size_t)> source = [&](std::size_t k) -> const Node& {
        if (k >= g.end - g.begin) throw Failed{Error{"", -1, "stored graph: no such reference"}};
        return named(in[g.begin + k].from);
      };
      fill_names(target_node, names[at(named_nos, in[g.begin].to)]);
      const Packed& p = first_evidence[at(firsts, in[g.begin].no)];
      first.file.assign(p.file);
      first.line = p.line;
      first.quote.assign(p.quote);
      first.page = p.page;
      row(UnresolvedRow{target_node, g.end - g.begin, first, source});
    }
    return true;
  });
}

// ------------------------------------------------------------ statuses ----

Result<StoredList<StatusRow>> stored_statuses(const StoredGraph& sg,
                                              const std::vector<NodeNo>& nodes, Date as_of) {
  return caught([&] {
    const ReadTransaction tx(sg.store());
    std::vector<Node> read = take(sg.read_nodes(nodes, Body::kStatus));
    const Events events(take(sg.status_edges_into(nodes)));
    Statuses st = statuses(sg, events, nodes, read, as_of);
    RowGraphMaker maker;
    StoredList<StatusRow> out;
    out.graph = row_graph(maker, nodes, std::move(read), st, st.by);
    out.rows.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      out.rows.push_back({maker.node_at.at(nodes[i]), std::move(st.of[i])});
    }
    std::sort(out.rows.begin(), out.rows.end(),
              [](const StatusRow& a, const StatusRow& b) { return a.node < b.node; });
    return out;
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
