// The resolved corpus graph, kept in the store's SQLite file beside the
// extractions it was resolved from, so that a query reads the few nodes and
// edges it needs instead of resolving the whole corpus again.
//
// Contract:
// - save_graph writes a whole CorpusGraph (nodes, aliases, mentions, edges,
//   the title index, findings) in one transaction, replacing the graph stored
//   before. Node and edge numbers are the graph's own indices; an incremental
//   update (graph_update.h) keeps the numbers of the nodes it keeps and
//   numbers new ones after the largest, so readers sort what they read (nodes
//   by id, edges by (from, to, type)) before CorpusGraph::from_parts.
// - Staleness: triggers on the files table count every change to a file's
//   records (files_generation); save_graph records the count the graph was
//   built from. graph_state() compares them: a file ingested, replaced or
//   removed after the graph was saved makes it kStale, whoever wrote it.
// - StoredGraph reads pieces (nodes by id, the title index by key, edge
//   neighbours, walks over edge types) and makes a CorpusGraph of any node set
//   through CorpusGraph::from_parts: nodes in the graph's order, and every
//   stored edge between two of them. Errors name the store's file.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graphs/base/date.h"
#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/store.h"

namespace pg {

// The layout of the graph tables; another layout reads as kStale.
// 4: graph_nodes has the columns status is computed from (effective,
// signed), the names of a node (doc_no, title, issuer, level) and what
// StoredGraph::Parts::Body::kStatus reads; bodies in graph_bodies; node
// numbers are row ids (an update in place leaves gaps); mentions say what
// each reference was, and graph_file_keys/graph_dirty let graph_update.h
// update the graph in place. 5: graph_title_keys lists every title node under
// each key the title index may list it by (graph_rows::title_node_keys).
// 6: graph_mentions and graph_edges have the page of their evidence (0: no
// pages), and doc_evidence writes a line on page N as "LpN".
// Also in 6: the covering indexes graph_nodes_status (external, doc_effective,
// expires, effective, signed) and graph_edges_type (type, dst, src), which
// the passes over every node or edge read instead of the wide rows.
// 7: two more narrow covering indexes, so that the whole-corpus lists read
// what they print in sequential passes: graph_nodes_names (no and the names
// id, external, doc_no, title, issuer, level: what Body::kNames reads, a
// sixth of a node row) and graph_edges_status (the repeals and amends edges
// only, by target, with source, date and evidence: read in that order, not a
// seek into the edge table per edge).
// 8: graph_edges has a nullable scope (the part a repeal ends: 部分失效),
// also in graph_edges_status.
// 9: a node's field evidence (graph_node_evidence) and its folded names and
// issuer keys (graph_node_keys) are tables of their own by node number, out
// of graph_nodes, whose rows the lists' status passes read whole.
inline constexpr int kGraphStoreFormat = 9;

enum class GraphState {
  kMissing,  // no graph saved (a store from an older policygraph, or never ingested)
  kStale,    // saved, but files changed since (or another layout)
  kCurrent,  // saved from the files as they are
};
std::string_view to_string(GraphState s);  // "missing", "stale", "current"

// Creates the graph tables and the triggers that count file changes, when
// missing. Needs a writable store.
Result<bool> prepare_graph_tables(Store& store);

// The count of changes to the files table so far (0 before
// prepare_graph_tables). Read it before loading the extractions a graph is
// built from, and give it to save_graph.
Result<std::int64_t> files_generation(const Store& store);

// What a file carries that an incremental update (graph_update.h) compares:
// rows of (role, key), roles as graph_update.h's FileKeyRole.
struct FileKeys {
  std::string file;  // Extraction::source
  std::vector<std::pair<int, std::string>> rows;
};

// What save_graph keeps beside the graph so that graph_update.h can update it
// in place; without both, the next change of files makes a full rebuild.
struct GraphExtras {
  const std::vector<std::vector<MentionRef>>* mention_refs = nullptr;  // per node
  const std::vector<FileKeys>* file_keys = nullptr;                    // per file
};

// Replaces the stored graph with `g`, built from the files as they were at
// `generation`.
Result<bool> save_graph(Store& store, const CorpusGraph& g, std::int64_t generation,
                        const GraphExtras& extras = {});

Result<GraphState> graph_state(const Store& store);

// A node's number in the stored graph (its index in the whole graph).
using NodeNo = std::int64_t;

using TitleIndex = std::unordered_map<std::string, std::vector<std::string>>;

// Reads the stored graph of `store`, which must outlive it and hold a graph
// (graph_state not kMissing).
class StoredGraph {
 public:
  explicit StoredGraph(const Store& store) : store_(&store) {}
  const Store& store() const { return *store_; }

  // Every node, ascending.
  Result<std::vector<NodeNo>> all_nodes() const;
  // Nodes with these exact ids (absent ones left out), ascending.
  Result<std::vector<NodeNo>> nodes_with_ids(const std::vector<std::string>& ids) const;
  // The title index entries of these fold_title keys (absent keys left out).
  Result<TitleIndex> titles(const std::vector<std::string>& keys) const;
  // Nodes whose id, title or an alias, folded, contains `folded_fragment`
  // (CorpusGraph::search's test), ascending. Reads every node.
  Result<std::vector<NodeNo>> nodes_containing(const std::string& folded_fragment) const;
  // The nodes at the other end of an edge of each node (either direction).
  Result<std::vector<NodeNo>> neighbours(const std::vector<NodeNo>& nodes) const;
  enum class Direction { kForward, kBackward, kBoth };
  // Every node reachable from `start` over edges of `types` (empty: all),
  // forward (from -> to), backward or both, `start` included, up to `depth`
  // edges (-1: no limit).
  Result<std::vector<NodeNo>> reach(const std::vector<NodeNo>& start,
                                    const std::set<RelationType>& types, Direction direction,
                                    int depth = -1) const;
  // Targets of edges of `type`.
  Result<std::vector<NodeNo>> targets_of(RelationType type) const;
  // Nodes whose document expires on a day in [first, last] (either may be
  // nullopt: open).
  Result<std::vector<NodeNo>> expiring_between(std::optional<Date> first,
                                               std::optional<Date> last) const;
  // External nodes that something references, and the sources of those references.
  Result<std::vector<NodeNo>> cited_external() const;
  // One node that has `issuer` exactly as its issuer, a printed issuer or its
  // 机关代字 (issuer_filter.h's exact match), nullopt when none has.
  Result<std::optional<NodeNo>> node_with_issuer(const std::string& issuer) const;
  // The subjects of the stored findings that are nodes.
  Result<std::vector<NodeNo>> finding_subjects() const;

  // reach() without depth, over the edge rows of `types` read in one pass
  // (ids only) and walked in memory: for a large start set, where a lookup
  // per node costs more. kForward or kBackward only.
  Result<std::vector<NodeNo>> reach_all(const std::vector<NodeNo>& start,
                                        const std::set<RelationType>& types,
                                        Direction direction) const;

  // Each node's status kind on `as_of` from the stored columns (external,
  // expires, effective, signed) and the dated repeals/amends edges into it,
  // without reading a body: CorpusGraph::status(node, as_of).kind of the
  // whole graph. In the order of `nodes`.
  Result<std::vector<StatusKind>> status_kinds(const std::vector<NodeNo>& nodes, Date as_of) const;
  // The nodes repealed or expired on `as_of`, ascending, as status_kinds
  // tells: one range pass over the expiry index and one over the repeal
  // edges, no body read.
  Result<std::vector<NodeNo>> fallen_on(Date as_of) const;

  // Every node, in id order (the order of a CorpusGraph's nodes): position
  // k is the node whose index in the whole graph is k. `each`, when given,
  // is called with each id in that order. One pass over the id index.
  Result<std::vector<NodeNo>> nodes_by_id(
      const std::function<void(std::string_view id)>& each = {}) const;
  // True when node numbers follow ids (number k is the k-th id), as in a
  // graph saved whole and not updated in place since: nodes_by_id() is
  // then every number, ascending, without reading the id index.
  Result<bool> numbered_by_id() const;
  // Calls `visit` for every node, in number order, with the node as
  // Parts::Body::kStatus reads it (no mentions) and its status kind on
  // `as_of` (status_kinds' computation): one pass over graph_nodes and one
  // over the repeals/amends edges. For a report's counts.
  Result<bool> scan_status_nodes(
      Date as_of, const std::function<void(NodeNo, const Node&, StatusKind)>& visit) const;
  // Every edge into an external node, as (source, target).
  Result<std::vector<std::pair<NodeNo, NodeNo>>> external_references() const;
  // For each node with edges of `type` out of it: (node, how many), by node.
  Result<std::vector<std::pair<NodeNo, std::size_t>>> out_edge_counts(RelationType type) const;
  // reach(), but nullopt as soon as more than `limit` nodes are reached: a
  // neighbourhood through a hub costs what the limit allows, not the hub.
  Result<std::optional<std::vector<NodeNo>>> reach_at_most(const std::vector<NodeNo>& start,
                                                           const std::set<RelationType>& types,
                                                           Direction direction, int depth,
                                                           std::size_t limit) const;

  // While it lives, one read transaction is open on the store: every read
  // sees the same state of it (a report reads it many times), and SQLite
  // takes its lock once instead of at each statement. Does nothing when a
  // transaction is open already.
  class Snapshot {
   public:
    explicit Snapshot(const StoredGraph& graph);
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

   private:
    sqlite3* db_ = nullptr;  // null: nothing to end
  };

  // What subgraph() reads besides the nodes asked for and the edges between
  // them.
  struct Parts {
    bool findings = false;  // every stored finding
    // Every node that repeals or amends one of them, transitively, so that
    // status() of each is as in the whole graph. Without: status() of a
    // node holds only what the part holds.
    bool status_sources = true;
    // Node::mentions; without, they are empty (status() of an external node
    // no repeal reaches then says "cited 0 time(s)": for answers that print
    // no such status).
    bool mentions = true;
    // How much of each node is read.
    enum class Body {
      kFull,  // the whole node (its body)
      // From columns, no body decoded: the names (below), source, and a
      // document holding only what status(), the --issuer rule, expiring()
      // and the report read (issuers, signed, printed, effective, expires,
      // expires_text, line_start, title, and the evidence of effective,
      // signed, printed, expires and title); no aliases. For answers that
      // print names, statuses, dates and their evidence.
      kStatus,
      // id, external, doc_no, title, issuer and level only: for answers
      // that print names and no status.
      kNames,
    };
    Body body = Body::kFull;
  };
  // A graph of `nodes` and (Parts::status_sources) every node that repeals
  // or amends one of them, transitively, with every stored edge between two
  // of them, the title index entries `titles` and, when `with_findings`,
  // every finding.
  Result<CorpusGraph> subgraph(const std::vector<NodeNo>& nodes, TitleIndex titles,
                               bool with_findings) const;
  Result<CorpusGraph> subgraph(const std::vector<NodeNo>& nodes, TitleIndex titles,
                               Parts parts) const;
  // The whole stored graph.
  Result<CorpusGraph> whole() const;

  // The nodes of one document's answer (show, repeals, chain, impact,
  // check), each read as far as the answer prints it.
  struct PointNodes {
    // Read whole, with mentions when it has no document (only status() and
    // a card of a node outside the corpus print them): a card's own node.
    std::vector<NodeNo> full;
    // Parts::Body::kStatus, with the mentions of a node without a document
    // (status() of one says how often it is cited): nodes whose status the
    // answer prints.
    std::vector<NodeNo> status;
    // Parts::Body::kNames: nodes the answer only names.
    std::vector<NodeNo> names;
    // The edges between two names-only nodes too. A card prints only its
    // own node's edges: without those, a hub's citers cost a row each, not
    // a read of every edge out of each.
    bool names_edges = true;
  };
  // A graph of the nodes of `read` (a node in several lists read as the
  // first of full, status, names that holds it), of every node that repeals
  // or amends a node of `full` or `status` (as kStatus: status() of those is
  // as in the whole graph), every stored edge between two of them (see
  // names_edges) and the
  // title index entries `titles`. A lookup per node: for the few nodes of one
  // document's question. Of the mentions a node is read with, only the first
  // is read and the others counted (Node::mentions_unread; what status() and
  // a card print: the first and how many).
  Result<CorpusGraph> point_graph(const PointNodes& read, TitleIndex titles) const;

  // ---- Rows for answers printed straight from the columns (the lists of
  // graphs/answers/stored_lists.h), no CorpusGraph made. ----

  // The nodes `nodes` (numbers; any order, repeats allowed) read as `body`
  // reads them (kStatus or kNames; kFull reads as kStatus), no mentions, in
  // the order given: a lookup per node for a few, one pass over the column
  // table for many.
  Result<std::vector<Node>> read_nodes(const std::vector<NodeNo>& nodes, Parts::Body body) const;
  // Calls `visit(i, node)` for each node of `nodes` (ascending, no
  // repeats), read as read_nodes reads them, in that order; `node` lives
  // during the call only. Nothing is kept: for a list printed as it is made.
  Result<bool> visit_nodes(const std::vector<NodeNo>& nodes, Parts::Body body,
                           const std::function<void(std::size_t, const Node&)>& visit) const;
  // visit_nodes(nodes, Parts::Body::kStatus, visit), but a document's
  // field evidence (Document::field_evidence) is read for the nodes marked
  // in `evidence` (by node number) and its issuers (Document::issuers) when
  // `issuers`; the others may be left empty (when it reads many, they are):
  // for a list that prints the evidence of a few of its rows.
  Result<bool> visit_status_nodes(const std::vector<NodeNo>& nodes,
                                  const std::vector<char>& evidence, bool issuers,
                                  const std::function<void(std::size_t, const Node&)>& visit) const;
  // The ids of `nodes`, in the order given.
  Result<std::vector<std::string>> read_ids(const std::vector<NodeNo>& nodes) const;

  // An edge row: its number, the numbers of its ends, and the edge
  // (GraphEdge::from and to left 0: the ends are `from` and `to`).
  struct EdgeRow {
    NodeNo no = 0, from = 0, to = 0;
    GraphEdge edge;
  };
  // The edges numbered `edges` (any order, repeats allowed), in the order
  // given.
  Result<std::vector<EdgeRow>> read_edges(const std::vector<NodeNo>& edges) const;
  // Calls `visit(row)` for each edge into a node marked in `targets`
  // (indexed by node number), read as read_edges reads them, in number
  // order: one pass over graph_edges, the other rows skipped inside SQLite.
  Result<bool> visit_edges_into(const std::vector<char>& targets,
                                const std::function<void(const EdgeRow&)>& visit) const;
  // Every edge into an external node, with its evidence, in no set order.
  Result<std::vector<EdgeRow>> edges_into_external() const;

  // Single nodes and edges by number, each statement prepared once: for a
  // list that reads a little more as it goes. Must not outlive the graph.
  class Lookups {
   public:
    explicit Lookups(const StoredGraph& graph);
    ~Lookups();
    Lookups(const Lookups&) = delete;
    Lookups& operator=(const Lookups&) = delete;
    Result<Node> named(NodeNo no);  // as Parts::Body::kNames reads it
    // What the day a repeals or amends edge counts from
    // (StatusEdge::counts_from) takes from its source: with a document
    // (`published`), its effective column; else the edge's own date.
    struct SourceDay {
      bool published = false;
      std::optional<Date> effective;
      std::optional<Date> counts_from(const std::optional<Date>& edge_date) const;
    };
    // named(no) into `n` (its strings' storage kept) for the source of a
    // repeals or amends edge, and what such an edge takes from it into
    // `day`; false, and nothing read, when no node has the number
    // (status_edges() leaves such an edge out).
    Result<bool> status_source_into(NodeNo no, Node& n, SourceDay& day);
    Result<EdgeRow> edge(NodeNo no);

   private:
    struct Statements;
    const Store* store_;
    std::unique_ptr<Statements> s_;
  };

  // An edge's number, ends and type, no evidence (32-bit numbers: a walk's
  // arrays stay small).
  struct EdgeEnds {
    std::uint32_t no = 0, from = 0, to = 0;
    RelationType type = RelationType::kCites;
  };
  // Every edge of `types` (empty: all), ends only, that `keep` keeps (when
  // given): one pass over a covering index of the edges, in no set order.
  Result<std::vector<EdgeEnds>> edge_ends(
      const std::set<RelationType>& types,
      const std::function<bool(const EdgeEnds&)>& keep = {}) const;
  // The edges into a node marked in `targets` (indexed by node number),
  // ends only, in no set order: one pass over a covering index of the
  // edges, the other rows skipped inside SQLite.
  Result<std::vector<EdgeEnds>> edge_ends_into(const std::vector<char>& targets) const;
  // The external nodes (not in the corpus), in no set order: one range of
  // the status index.
  Result<std::vector<NodeNo>> external_nodes() const;
  // One more than the largest node number (node numbers are below it).
  Result<std::size_t> node_bound() const;

  // A repeals or amends edge as CorpusGraph::status weighs it.
  struct StatusEdge {
    NodeNo no = 0, from = 0, to = 0;
    bool repeal = false;               // repeals, else amends
    std::optional<Date> counts_from;   // the source's effective column when it is
                                       // published, else the edge's own date
    std::optional<Date> date;          // the edge's own date (GraphEdge::date)
    Evidence evidence;                 // the edge's (a status quotes it)
    std::optional<std::string> scope;  // the part it repeals (GraphEdge::scope): 部分失效
  };
  // Every repeals and amends edge, by target (`to`), then by number.
  Result<std::vector<StatusEdge>> status_edges() const;
  // status_edges() without the day each counts from (left empty) and with
  // the edges from a number no node has: no pass over the sources' rows,
  // for a list that looks its edges' sources up as it weighs them
  // (Lookups::status_source_into).
  Result<std::vector<StatusEdge>> status_edges_undated() const;
  // status_edges() into `targets` only (ascending, no repeats), in the same
  // order: a lookup per target, for lists that weigh a few nodes.
  Result<std::vector<StatusEdge>> status_edges_into(const std::vector<NodeNo>& targets) const;
  // Every stored finding, in order.
  Result<std::vector<Finding>> findings() const;
  // status_kinds of every node, indexed by node number (node_bound() of
  // them; a number no node has reads kUnknown): one pass over the status
  // columns and one over the repeals / amends edges.
  Result<std::vector<StatusKind>> all_status_kinds(Date as_of) const;
  // The same from `edges`, status_edges() as read before (in the same read
  // transaction): a list that weighs the edges anyway reads them once.
  Result<std::vector<StatusKind>> all_status_kinds(Date as_of,
                                                   const std::vector<StatusEdge>& edges) const;

 private:
  const Store* store_;
};

// One read transaction on `store` while it lives: the reads inside see one
// state of the file and take its lock once, where each statement outside a
// transaction takes and drops it (a list reads thousands of rows by number).
// When it cannot begin, reads go on without it.
class ReadTransaction {
 public:
  explicit ReadTransaction(const Store& store);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  const Store* store_;
  bool open_ = false;
};

}  // namespace pg
