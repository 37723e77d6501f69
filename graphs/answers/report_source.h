// Where a report's renderer (graphs/render/report.h) reads the report from,
// section by section, so that it never holds the whole corpus: the counts and
// the issuers' heads first, then each list's rows in one or more parts, then
// the diagrams.
//
// Two sources give the same report:
// - MemoryReportSource: a Report built by build_report over a whole
//   CorpusGraph (a store without a current graph, and tests);
// - StoredReportSource: straight from the stored graph (graph_store.h): the
//   counts from one pass over the status columns, each list through its seam
//   below, each issuer's documents read in parts, each diagram's
//   neighbourhood read alone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "graphs/answers/queries.h"
#include "graphs/answers/report.h"
#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/graph_store.h"

namespace pg {

// A graph that some rows index (their node and edge numbers are its own),
// and each of its nodes' index in the whole graph (the report's anchors).
struct ReportPart {
  const CorpusGraph* graph = nullptr;
  std::vector<std::size_t> index;  // empty: the graph is the whole graph
  std::size_t whole_index(std::size_t i) const { return index.empty() ? i : index[i]; }
};

// One list's rows and the graph they index.
template <class Row>
struct ReportList {
  CorpusGraph graph;
  std::vector<Row> rows;
};

// One issuer's section without its rows (IssuerSection's counts).
struct IssuerHead {
  std::string issuer;  // empty: not known
  Level level = Level::kUnknown;
  std::array<std::size_t, kStatusKinds> by_status{};
  std::size_t documents = 0;
};

// What is known before any list is read.
struct ReportHead {
  Date as_of;
  std::string issuer;
  Window expiring_within;
  Date expiring_until;
  StatusLevelCounts published;
  StatusLevelCounts cited_only;
  std::vector<IssuerHead> issuers;  // Report::issuers' order
};

class ReportSource {
 public:
  // Called with each part of a list, in the list's order.
  template <class Row>
  using Sink = std::function<void(const ReportPart&, const std::vector<Row>&)>;

  virtual ~ReportSource() = default;
  virtual const ReportHead& head() const = 0;
  // Whether the report has a row (an anchor) for the node of this index in
  // the whole graph: a published document of an issuer section, or the
  // target of an unresolved group.
  virtual bool anchored(std::size_t whole_index) const = 0;
  // Each list as Report holds it (filtered by the issuer), in parts.
  virtual Result<bool> superseded(const Sink<StatusRow>& sink) = 0;
  virtual Result<bool> orphans(const Sink<Orphan>& sink) = 0;
  virtual Result<bool> expiring(const Sink<ExpiringRow>& sink) = 0;
  virtual Result<bool> unresolved(const Sink<UnresolvedGroup>& sink) = 0;
  virtual Result<bool> findings(const Sink<Finding>& sink) = 0;
  // The documents of head().issuers[k], in parts.
  virtual Result<bool> issuer_rows(std::size_t k, const Sink<StatusRow>& sink) = 0;
  // The diagrams chosen (Diagram::around indexes the part), and the notes on
  // those left out. After orphans(): the orphans are candidates.
  virtual Result<bool> diagrams(const Sink<Diagram>& sink, std::vector<std::string>& notes) = 0;
  // A graph holding what `d` (from diagrams()) draws, and its `around` there.
  virtual Result<bool> diagram_graph(
      const Diagram& d, const ReportPart& from,
      const std::function<void(const ReportPart&, std::size_t around)>& draw) = 0;
};

// A Report of `graph` (which must outlive it).
class MemoryReportSource : public ReportSource {
 public:
  MemoryReportSource(const CorpusGraph& graph, const Report& report);
  const ReportHead& head() const override { return head_; }
  bool anchored(std::size_t whole_index) const override;
  Result<bool> superseded(const Sink<StatusRow>& sink) override;
  Result<bool> orphans(const Sink<Orphan>& sink) override;
  Result<bool> expiring(const Sink<ExpiringRow>& sink) override;
  Result<bool> unresolved(const Sink<UnresolvedGroup>& sink) override;
  Result<bool> findings(const Sink<Finding>& sink) override;
  Result<bool> issuer_rows(std::size_t k, const Sink<StatusRow>& sink) override;
  Result<bool> diagrams(const Sink<Diagram>& sink, std::vector<std::string>& notes) override;
  Result<bool> diagram_graph(
      const Diagram& d, const ReportPart& from,
      const std::function<void(const ReportPart&, std::size_t around)>& draw) override;

 private:
  const CorpusGraph& graph_;
  const Report& report_;
  ReportHead head_;
  ReportPart whole_;
  std::vector<char> anchored_;
};

// ----------------------------------------------------------- the seams ----
// Each list of the report comes from the stored graph through one of these,
// unfiltered (as its command prints it without --issuer); the report keeps
// the rows that concern the issuer. Rows index the returned graph, which
// holds every node and edge they name (and, for a status, what repeals or
// amends it).

Result<ReportList<StatusRow>> report_superseded(const StoredGraph& sg, Date as_of);
Result<ReportList<Orphan>> report_orphans(const StoredGraph& sg, Date as_of);
Result<ReportList<ExpiringRow>> report_expiring(const StoredGraph& sg, Date as_of, Window within);
Result<ReportList<UnresolvedGroup>> report_unresolved(const StoredGraph& sg);
Result<ReportList<Finding>> report_findings(const StoredGraph& sg);

// The report of a current stored graph, read as the renderer asks for it.
class StoredReportSource : public ReportSource {
 public:
  // Reads the ids, the status columns and the references to external nodes
  // (the counts, the issuers' heads, the filter and the anchors).
  static Result<std::unique_ptr<StoredReportSource>> open(const StoredGraph& sg,
                                                          const ReportOptions& options);

  const ReportHead& head() const override { return head_; }
  bool anchored(std::size_t whole_index) const override;
  Result<bool> superseded(const Sink<StatusRow>& sink) override;
  Result<bool> orphans(const Sink<Orphan>& sink) override;
  Result<bool> expiring(const Sink<ExpiringRow>& sink) override;
  Result<bool> unresolved(const Sink<UnresolvedGroup>& sink) override;
  Result<bool> findings(const Sink<Finding>& sink) override;
  Result<bool> issuer_rows(std::size_t k, const Sink<StatusRow>& sink) override;
  Result<bool> diagrams(const Sink<Diagram>& sink, std::vector<std::string>& notes) override;
  Result<bool> diagram_graph(
      const Diagram& d, const ReportPart& from,
      const std::function<void(const ReportPart&, std::size_t around)>& draw) override;

  // Documents per part of the issuers' rows (each part is one read of the
  // store: a large section in several, small ones together); tests make it
  // small to cover both.
  std::size_t issuer_part_size = 2048;

 private:
  StoredReportSource(const StoredGraph& sg, const ReportOptions& options)
      : sg_(sg), snapshot_(sg), options_(options) {}
  Result<bool> read_index();
  // Whole-graph index of a node id; SIZE_MAX when no node has it.
  std::size_t rank_of(const std::string& id) const;
  // `graph`'s nodes' whole-graph indices.
  ReportPart part_of(const CorpusGraph& graph) const;
  bool matches(std::size_t rank) const { return match_[rank] != 0; }
  // Issuers' documents read together, and their rows.
  struct IssuerBatch {
    std::size_t first = 0, last = 0;  // the sections [first, last)
    std::unique_ptr<CorpusGraph> graph;
    ReportPart part;
    std::vector<StatusRow> rows;                            // by whole-graph index
    std::unordered_map<std::uint32_t, std::size_t> row_of;  // whole-graph index -> row
  };
  void read_rows(const std::vector<std::uint32_t>& ranks, IssuerBatch& into);

  const StoredGraph& sg_;
  // Every section read from one state of the store.
  StoredGraph::Snapshot snapshot_;
  ReportOptions options_;
  ReportHead head_;
  std::vector<NodeNo> no_of_rank_;      // whole-graph index -> node number
  std::vector<std::uint32_t> rank_of_;  // node number -> whole-graph index
  // Node ids by a 64-bit hash: (hash, index), by hash; ids whose hash is
  // shared are in `shared_ids_`.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> id_hashes_;
  // Where each run of id_hashes_ with the same top `hash_bits_` bits begins
  // (one more entry at the end): a lookup searches its run only, about one
  // entry, where a binary search over 10^6 hashes took 20 steps and as many
  // cache misses (rank_of was x16.6 from 10^5 to 10^6 documents).
  std::vector<std::uint32_t> hash_runs_;
  int hash_bits_ = 0;
  std::unordered_map<std::string, std::uint32_t> shared_ids_;
  std::vector<char> match_;                               // by whole-graph index
  std::vector<char> published_;                           // by whole-graph index
  std::vector<char> anchored_;                            // by whole-graph index
  std::vector<std::vector<std::uint32_t>> issuer_nodes_;  // per head_.issuers
  std::vector<std::uint32_t> orphan_nodes_;               // orphans' documents, in row order
  IssuerBatch batch_;
  // Node numbers ascend with ids: a list read in number order is in id order.
  bool numbers_follow_ids_ = false;
  // Rows per part of a list handed over in parts.
  static constexpr std::size_t kListPart = 4096;
};

}  // namespace pg
