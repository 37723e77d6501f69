#include "analyzer/ingest/graph_loading.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "analyzer/data/tables.h"
#include "graphs/answers/queries.h"
#include "graphs/base/doc_number.h"
#include "graphs/base/titles.h"
#include "graphs/store/graph_update.h"

namespace pg {

Result<std::vector<IssuerRule>> agency_rules() {
  return parse_issuer_rules(data_file("agency_codes.tsv"), "agency_codes.tsv");
}

Result<CorpusGraph> build_graph(const std::vector<Extraction>& corpus) {
  Result<std::vector<IssuerRule>> rules = agency_rules();
  if (!rules) return rules.error();
  return CorpusGraph::build(corpus, *rules);
}

Result<CorpusGraph> load_graph(const Store& store, KeptExtractions&& kept) {
  Result<std::vector<Extraction>> corpus = store.load_all(std::move(kept));
  if (!corpus) return corpus.error();
  Result<std::vector<IssuerRule>> rules = agency_rules();
  if (!rules) return rules.error();
  // The extractions are moved into the graph: one copy of the corpus at the
  // peak instead of two.
  return CorpusGraph::build(std::move(*corpus), *rules);
}

Result<bool> refresh_graph(Store& store, KeptExtractions&& kept, std::string* how) {
  Result<GraphState> state = graph_state(store);
  if (!state) return state.error();
  if (*state == GraphState::kCurrent) return false;
  Result<std::vector<IssuerRule>> rules = agency_rules();
  if (!rules) return rules.error();
  if (*state == GraphState::kStale) {
    Result<UpdateResult> up = update_graph(store, *rules);
    if (!up) return up.error();
    if (up->updated) {
      if (how) {
        *how = "graph: updated in place for " + std::to_string(up->files) + " file(s)";
        if (up->reresolved > 0) {
          *how += " and " + std::to_string(up->reresolved) + " file(s) citing their titles";
        }
        *how += ": " + std::to_string(up->nodes_written) + " node(s), " +
                std::to_string(up->edges_written) + " edge(s) written";
      }
      return true;
    }
    if (how) *how = "graph: rebuilt whole (" + up->why + ")";
  } else if (how) {
    *how = "graph: built whole";
  }
  // The counter first, then the extractions: a file stored meanwhile makes
  // the saved graph stale rather than silently missing.
  if (Result<bool> made = prepare_graph_tables(store); !made) return made.error();
  Result<std::int64_t> generation = files_generation(store);
  if (!generation) return generation.error();
  Result<std::vector<Extraction>> corpus = store.load_all(std::move(kept));
  if (!corpus) return corpus.error();
  return full_rebuild(store, std::move(*corpus), *rules, *generation);
}

namespace {

using Scope = GraphNeed::Scope;
using Nodes = std::vector<NodeNo>;
using Direction = StoredGraph::Direction;

const std::set<RelationType> kBasis{RelationType::kBasedOn, RelationType::kImplements};
// What impact_down follows (and cascade, within it).
const std::set<RelationType> kResting{RelationType::kBasedOn, RelationType::kImplements,
                                      RelationType::kForwards, RelationType::kAmends};

void add(Nodes& to, const Nodes& more) { to.insert(to.end(), more.begin(), more.end()); }

// What CorpusGraph::find(query) reads: the ids it tries and the title keys.
struct FindInputs {
  std::vector<std::string> ids;
  std::vector<std::string> keys;
};

void find_inputs(std::string_view query, FindInputs& in) {
  in.ids.emplace_back(query);
  if (auto no = normalize_doc_no(query)) {
    in.ids.push_back(*no);
    return;  // find looks no further
  }
  std::string title(query);
  if (title.starts_with("title:")) title.erase(0, 6);
  in.keys.push_back(fold_title(title));
  if (auto inner = strip_issue_wrapper(title)) in.keys.push_back(fold_title(*inner));
  in.keys.emplace_back(without_state_name(fold_title(title)));
}

// The nodes `in` names: by id, and every id its title keys name.
Nodes find_nodes(const StoredGraph& sg, const FindInputs& in, TitleIndex& titles) {
  TitleIndex found = take(sg.titles(in.keys));
  std::vector<std::string> ids = in.ids;
  for (auto& [key, named] : found) {
    ids.insert(ids.end(), named.begin(), named.end());
    titles.emplace(key, std::move(named));
  }
  return take(sg.nodes_with_ids(ids));
}

NodeNo number_of(const StoredGraph& sg, const CorpusGraph& g, std::size_t node) {
  Nodes n = take(sg.nodes_with_ids({g.nodes()[node].id}));
  if (n.size() != 1) throw Failed{Error{"", -1, "stored graph: " + g.nodes()[node].id}};
  return n.front();
}

// The parts a whole-corpus listing reads: names, statuses and 有效期
// evidence from the stored columns, no body decoded, no mentions (none of
// them prints the status of an external node that nothing repeals, the only
// status that reads them).
StoredGraph::Parts listing_parts() {
  StoredGraph::Parts p;
  p.mentions = false;
  p.body = StoredGraph::Parts::Body::kStatus;
  return p;
}

// Looks X up as queries.h's lookup does, reading only the nodes it can name.
NeededGraph document_graph(const StoredGraph& sg, const GraphNeed& need) {
  FindInputs in;
  find_inputs(need.x, in);
  if (need.canonical) find_inputs(*need.canonical, in);
  TitleIndex titles;
  Nodes named = find_nodes(sg, in, titles);
  // find() reads ids and the title index only: names will do. A fragment
  // (search() reads aliases too) reads whole nodes below.
  StoredGraph::PointNodes by_name;
  by_name.names = named;
  CorpusGraph g = take(sg.point_graph(by_name, titles));
  const bool found = g.find(need.x) || (need.canonical && g.find(*need.canonical));
  if (!found) {
    // A fragment: every node that contains it, as search() finds them.
    add(named, take(sg.nodes_containing(fold_title(need.x))));
    g = take(sg.subgraph(named, titles, false));
  }
  Lookup hit = lookup(g, need.x, need.canonical);
  if (hit.nodes.size() != 1) return {std::move(g), std::nullopt};
  NodeNo x = number_of(sg, g, hit.nodes.front());
  // Each node read as far as the answer prints it (StoredGraph::point_graph):
  // the walks and cards print names and statuses; only a card prints its own
  // node whole.
  StoredGraph::PointNodes read;
  switch (need.scope) {
    case Scope::kCard:
      read.full = {x};
      read.names = take(sg.neighbours({x}));
      read.names_edges = false;
      break;
    case Scope::kCites:
    case Scope::kCitedBy:
      // One direction of the card: a hub's citers are not read for what it
      // cites (国令第707号 in the 100k bench: 1,239 citers, 6 references).
      read.full = {x};
      read.names = take(sg.reach(
          {x}, {}, need.scope == Scope::kCites ? Direction::kForward : Direction::kBackward, 1));
      read.names_edges = false;
      break;
    case Scope::kRepeals: {
      Nodes targets = take(
          sg.reach({x}, {RelationType::kRepeals, RelationType::kAmends}, Direction::kForward, 1));
      read.status = take(sg.reach(targets, kResting, Direction::kBackward));
      read.status.push_back(x);  // status(X) as in the whole graph, for every scope
      break;
    }
    case Scope::kChain: read.status = take(sg.reach({x}, kBasis, Direction::kForward)); break;
    case Scope::kImpact: read.status = take(sg.reach({x}, kResting, Direction::kBackward)); break;
    case Scope::kNeighbourhood: {
      // An export prints whole nodes.
      Nodes want{x};
      add(want, take(sg.reach({x}, {}, Direction::kBoth, need.depth)));
      CorpusGraph out = take(sg.subgraph(want, {}, false));
      std::optional<std::size_t> node = out.index_of(g.nodes()[hit.nodes.front()].id);
      return {std::move(out), node};
    }
    default: read.full = {x}; break;
  }
  CorpusGraph out = take(sg.point_graph(read, {}));
  std::optional<std::size_t> node = out.index_of(g.nodes()[hit.nodes.front()].id);
  return {std::move(out), node};
}

// What check_draft reads: every node a reference of the draft can name, the
// draft's numbers, and what rests on what it repeals.
CorpusGraph draft_graph(const StoredGraph& sg, const Extraction& draft) {
  FindInputs in, repealed;
  for (const Document& d : draft.documents) {
    if (d.doc_no) in.ids.push_back(*d.doc_no);
  }
  for (const Edge& e : draft.edges) {
    FindInputs& into = e.type == RelationType::kRepeals ? repealed : in;
    if (e.to_doc_no) into.ids.push_back(*e.to_doc_no);
    if (!e.to_title || e.to_title->empty()) continue;
    if (e.to_date) {
      into.ids.push_back("title:" + *e.to_title + "（" + e.to_date->to_iso() + "）");
    } else {
      find_inputs(*e.to_title, into);
    }
  }
  TitleIndex titles;
  // check_draft prints names, statuses, and the source and first line of a
  // node whose number the draft takes: kStatus reads them.
  StoredGraph::PointNodes read;
  read.status = find_nodes(sg, in, titles);
  Nodes targets = find_nodes(sg, repealed, titles);
  add(read.status, take(sg.reach(targets, kResting, Direction::kBackward)));
  return take(sg.point_graph(read, std::move(titles)));
}

NeededGraph stored_graph(const StoredGraph& sg, const GraphNeed& need) {
  switch (need.scope) {
    case Scope::kWhole: return {take(sg.whole())};
    case Scope::kCard:
    case Scope::kCites:
    case Scope::kCitedBy:
    case Scope::kRepeals:
    case Scope::kChain:
    case Scope::kImpact:
    case Scope::kNeighbourhood: return document_graph(sg, need);
    case Scope::kSuperseded: {
      // What is fallen, from the stored status columns (no body read).
      Nodes want = take(sg.fallen_on(need.as_of));
      // The --issuer rule matches exactly when any node has the issuer.
      if (auto witness = take(sg.node_with_issuer(need.issuer))) want.push_back(*witness);
      return {take(sg.subgraph(want, {}, listing_parts()))};
    }
    case Scope::kOrphans: {
      // What is fallen, and what rests on it: the only nodes orphans()
      // walks. Basis edges read once, ids only.
      Nodes resting =
          take(sg.reach_all(take(sg.fallen_on(need.as_of)), kBasis, Direction::kBackward));
      return {take(sg.subgraph(resting, {}, listing_parts()))};
    }
    case Scope::kExpiring: {
      std::optional<Date> until;
      if (need.within) until = need.within->end_from(need.as_of);
      return {take(sg.subgraph(take(sg.expiring_between(need.as_of, until)), {}, listing_parts()))};
    }
    case Scope::kUnresolved: {
      // unresolved() prints names and edges, no status: no repealers and
      // no bodies needed.
      StoredGraph::Parts parts = listing_parts();
      parts.status_sources = false;
      parts.body = StoredGraph::Parts::Body::kNames;
      return {take(sg.subgraph(take(sg.cited_external()), {}, parts))};
    }
    case Scope::kFindings: return {take(sg.subgraph(take(sg.finding_subjects()), {}, true))};
    case Scope::kReport: {
      StoredGraph::Parts parts = listing_parts();
      parts.findings = true;
      parts.status_sources = false;  // every node is read
      return {take(sg.subgraph(take(sg.all_nodes()), {}, parts))};
    }
    case Scope::kDraft:
      if (!need.draft) return {take(sg.whole())};
      return {draft_graph(sg, *need.draft)};
  }
  return {take(sg.whole())};
}

bool is_document_scope(Scope s) {
  return s == Scope::kCard || s == Scope::kCites || s == Scope::kCitedBy || s == Scope::kRepeals ||
         s == Scope::kChain || s == Scope::kImpact || s == Scope::kNeighbourhood;
}

}  // namespace

Result<NeededGraph> load_needed(const Store& store, const GraphNeed& need) {
  // One read lock for the stored graph's statements, not one each (a
  // question runs hundreds). Ended before the corpus is resolved: load_all
  // opens a transaction of its own.
  std::optional<ReadTransaction> reading(std::in_place, store);
  Result<GraphState> state = graph_state(store);
  if (!state) return state.error();
  if (*state == GraphState::kCurrent) {
    try {
      NeededGraph out = stored_graph(StoredGraph(store), need);
      return out;
    } catch (const Failed& f) {
      return f.error;
    }
  }
  reading.reset();
  Result<CorpusGraph> graph = load_graph(store);
  if (!graph) return graph.error();
  NeededGraph out{std::move(*graph)};
  out.stored = false;
  out.state = *state;
  if (is_document_scope(need.scope)) {
    Lookup hit = lookup(out.graph, need.x, need.canonical);
    if (hit.nodes.size() == 1) out.node = hit.nodes.front();
  }
  return out;
}

}  // namespace pg
