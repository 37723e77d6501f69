// The whole-corpus lists (superseded, orphans, expiring, unresolved,
// findings) answered straight from the stored graph's columns and edge rows
// (graphs/store/graph_store.h), without making a CorpusGraph of what they
// print.
//
// Contract: each function gives the rows queries.h's function gives on the
// whole graph the store holds (the same nodes, statuses, paths, edges and
// order), with node and edge indices into a RowGraph that holds only what the
// rows name: the nodes of the rows, the repealers and amenders their
// statuses name, the nodes and edges of orphan chains, the sources and edges
// of unresolved references, the subjects of findings. Nodes in a RowGraph
// carry their names (id, external, doc_no, title, issuer, level) and, for the
// nodes whose status a row holds, the document fields status reads; no
// mentions or aliases. The store's graph must be current (graph_state):
// the answers are of the graph as stored.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/graph_store.h"

namespace pg {

// The part of a graph a list's rows name, read like CorpusGraph's: nodes
// sorted by id, edges (indices into nodes()) sorted by (from, to, type).
class RowGraph {
 public:
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<GraphEdge>& edges() const { return edges_; }
  const std::vector<Finding>& findings() const { return findings_; }
  // Node index by exact id; nullopt when absent.
  std::optional<std::size_t> index_of(std::string_view id) const;
  // The same nodes, edges and findings as a CorpusGraph (from_parts, no
  // title index), for code that reads a CorpusGraph: the report's renderers.
  CorpusGraph into_graph() &&;

 private:
  friend struct RowGraphMaker;
  std::vector<Node> nodes_;
  std::vector<GraphEdge> edges_;
  std::vector<Finding> findings_;
};

// A list's rows and the RowGraph their indices point into.
template <class Row>
struct StoredList {
  RowGraph graph;
  std::vector<Row> rows;
};

struct StoredSuperseded : StoredList<StatusRow> {
  // --issuer matched as a part of names: no node has it exactly.
  bool issuer_by_substring = false;
};

// superseded(whole, as_of, issuer).
Result<StoredSuperseded> stored_superseded(const StoredGraph& sg, Date as_of,
                                           std::string_view issuer = {});
// The same rows, each handed to `row` as it is made and then dropped, in
// node-number order (the id order of a graph saved whole; a caller that
// prints in id order sorts when an update in place numbered nodes out of
// it): the node (Body::kStatus), its status and, when the status names a
// node (Status::by), that node (Body::kNames), else null. Nothing is kept
// but the repeal and amendment edges and the names of the sources that lie
// far from what they repeal or amend (read in number order before the
// rows): for a list of 10^5 rows.
using SupersededRow = std::function<void(const Node& node, const Status& status, const Node* by)>;
Result<bool> visit_superseded(const StoredGraph& sg, Date as_of, std::string_view issuer,
                              bool& issuer_by_substring, const SupersededRow& row);
// orphans(whole, as_of): one pass over the basis edges (ends only), the
// walks over node numbers with arrays stamped per walk.
Result<StoredList<Orphan>> stored_orphans(const StoredGraph& sg, Date as_of);
// stored_orphans' rows in parts of at most `part_rows` rows, in the list's
// order, each with a RowGraph of what its rows name: for a report, which
// holds one part at a time.
Result<bool> stored_orphan_parts(const StoredGraph& sg, Date as_of, std::size_t part_rows,
                                 const std::function<void(StoredList<Orphan>&&)>& sink);
// A node's names as a list hands them over (views, valid during the call):
// what a row prints of a node it only names.
struct NodeName {
  std::string_view id;
  std::optional<std::string_view> doc_no;
  std::string_view title, issuer;
  Level level = Level::kUnknown;
  bool external = true;
};
NodeName name_of(const Node& n);  // views into `n`

// stored_orphans' rows as visit_superseded hands them over, in the list's
// order (by node id, then basis id): the names of the document, of its
// basis and of each node along its chain, the basis' status and the node
// that status names (null when none), the types of the chain's edges.
// Valid during the call only. With `passes` > 1, every row is handed over
// again after the last (OrphanRow::pass says which time): a table measures
// its columns first and prints second, keeping no cells. With `detail`,
// also the document's own status and the chain's edges (for --json). The
// names are kept in one buffer, the statuses without their nodes. Without
// `detail`, the names hold what a table shows: each number, the title of
// the row's document and of a node with no number, the id of `by`; no
// issuer, and the other titles and ids empty; the basis' status without
// its detail, nor its evidence's document and quote.
struct OrphanRow {
  const NodeName& node;
  const NodeName& basis;
  const Status& basis_status;
  const NodeName* by;
  std::span<const NodeName> path;       // node .. basis
  std::span<const RelationType> types;  // of the edges along it
  int pass = 0;
  const Status* status = nullptr;           // detail: the document's status
  std::span<const GraphEdge* const> edges;  // detail: the edges along the path (ends left 0)
};
using OrphanVisit = std::function<void(const OrphanRow&)>;
Result<bool> visit_orphans(const StoredGraph& sg, Date as_of, const OrphanVisit& row,
                           int passes = 1, bool detail = false);
// expiring(whole, as_of, window).
Result<StoredList<ExpiringRow>> stored_expiring(const StoredGraph& sg, Date as_of, Window window);
// stored_expiring's rows as visit_superseded hands them over (the same
// order): the node (Body::kStatus) and its row (ExpiringRow::node: the
// row's place in that order). The repeals and amendments are read for the
// candidates only.
using ExpiringVisit = std::function<void(const Node& node, const ExpiringRow& row)>;
Result<bool> visit_expiring(const StoredGraph& sg, Date as_of, Window window,
                            const ExpiringVisit& row);
// unresolved(whole).
Result<StoredList<UnresolvedGroup>> stored_unresolved(const StoredGraph& sg);
// stored_unresolved's groups for a table, in its order, handed over as
// they are made: the target (its doc_no and title; no id or issuer), how
// many references it has, the evidence of the first, and the source of the
// k-th reference (at least its doc_no, and its title when it has none;
// read when asked: a table names the first few). Valid during the call
// only; a source until the next call of `source`.
// stored_unresolved's groups in parts of whole groups, of at most
// `part_references` references (a larger group alone), in the list's
// order, each with a RowGraph of what its groups name: for a report.
Result<bool> stored_unresolved_parts(
    const StoredGraph& sg, std::size_t part_references,
    const std::function<void(StoredList<UnresolvedGroup>&&)>& sink);
// stored_unresolved's groups with every reference, for --json, in its
// order, each handed over as it is made: the target (Body::kNames), how
// many of its sources are in the corpus (UnresolvedGroup::citing_documents)
// and its references in unresolved()'s order, each the id of its source and
// its edge (GraphEdge::from and to left 0). The edges are read in one pass
// in number order and kept packed until their group is handed over. Valid
// during the call only.
struct UnresolvedReference {
  std::string_view from;  // the source's id
  const GraphEdge* edge;
};
struct UnresolvedReferences {
  const Node& target;
  std::size_t citing_documents;
  std::span<const UnresolvedReference> references;
};
using UnresolvedReferencesVisit = std::function<void(const UnresolvedReferences&)>;
Result<bool> visit_unresolved_references(const StoredGraph& sg,
                                         const UnresolvedReferencesVisit& row);
struct UnresolvedRow {
  const Node& target;
  std::size_t references;
  const Evidence& first;
  const std::function<const Node&(std::size_t k)>& source;
};
using UnresolvedVisit = std::function<void(const UnresolvedRow&)>;
Result<bool> visit_unresolved(const StoredGraph& sg, const UnresolvedVisit& row);
// The statuses of `nodes` (ascending numbers) on `as_of`, as status() of
// the whole graph gives them: rows (node, status) in id order, in a RowGraph
// of those nodes (Body::kStatus) and the nodes their statuses name
// (Body::kNames). The repeals and amendments are read for these nodes only:
// for a report's rows of one issuer, a part at a time.
Result<StoredList<StatusRow>> stored_statuses(const StoredGraph& sg,
                                              const std::vector<NodeNo>& nodes, Date as_of);
// The findings (RowGraph::findings(), in stored order) and the nodes they
// are about.
Result<RowGraph> stored_findings(const StoredGraph& sg);

}  // namespace pg
