// The audit report as data: as of a date, the questions a legal-affairs
// office asks of its corpus (what is in force, what fell away, what rests on
// something that fell away, what runs out soon, what is cited but missing,
// what is inconsistent), per issuer, with the evidence for every item and the
// key neighbourhoods worth drawing.
//
// build_report() asks graphs/answers/queries.h the questions and chooses the
// neighbourhoods; it draws nothing and formats nothing. The renderers in
// graphs/render/report.h write it as HTML (drawing the neighbourhoods),
// Markdown or JSON. The same corpus and options give the same report.
#pragma once

#include <array>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"

namespace pg {

struct ReportOptions {
  // Statuses are computed for this day. Required: the default (all zero) is
  // not a date and makes build_report fail.
  Date as_of;
  // When not empty, only the documents this issuer matches (IssuerFilter in
  // graphs/answers/issuer_filter.h: exact, else a part of a name), as
  // `superseded` filters; see Report for each section.
  std::string issuer;
  // "Expiring": a 有效期 ending within this window from as_of.
  Window expiring_within{6, Window::Unit::kMonths};
  // Diagrams of key neighbourhoods (each orphan at depth 2, then each
  // repealing document at depth 1), at most this many; 0 chooses none.
  std::size_t max_diagrams = 6;
  // A neighbourhood with more nodes than this is drawn at a smaller depth or
  // with repeals/amends/based_on/implements edges only, else left out.
  std::size_t max_diagram_nodes = 40;
};

// Number of StatusKind values (kNotYetEffective .. kUnknown).
inline constexpr std::size_t kStatusKinds = 7;
// Number of Level values (kNational .. kUnknown).
inline constexpr std::size_t kLevels = 6;
// Every status and every level, in enum order.
inline constexpr std::array<StatusKind, kStatusKinds> kAllStatuses = {
    StatusKind::kNotYetEffective, StatusKind::kInForce,  StatusKind::kAmended,
    StatusKind::kPartlyRepealed,  StatusKind::kRepealed, StatusKind::kExpired,
    StatusKind::kUnknown};
inline constexpr std::array<Level, kLevels> kAllLevels = {Level::kNational,   Level::kProvincial,
                                                          Level::kMunicipal,  Level::kDistrict,
                                                          Level::kDepartment, Level::kUnknown};
// Positions in the count arrays below.
inline std::size_t status_index(StatusKind k) { return static_cast<std::size_t>(k); }
inline std::size_t level_index(Level l) { return static_cast<std::size_t>(l); }

// Counts of instruments by level (rows, in Level order) and status (columns,
// in StatusKind order).
struct StatusLevelCounts {
  std::array<std::array<std::size_t, kStatusKinds>, kLevels> cells{};
  std::size_t total() const;
  std::size_t by_status(StatusKind k) const;
  std::size_t by_level(Level l) const;
};

// One issuer's documents published in the corpus.
struct IssuerSection {
  std::string issuer;  // Node::issuer; empty: not known
  Level level = Level::kUnknown;
  std::vector<StatusRow> documents;  // by id
  std::array<std::size_t, kStatusKinds> by_status{};
};

// The edge types a diagram keeps when all of them do not fit: those that
// carry force.
inline const std::set<RelationType> kDiagramKeyTypes = {
    RelationType::kRepeals, RelationType::kAmends, RelationType::kBasedOn,
    RelationType::kImplements};

// One node's neighbourhood to draw (graphs/answers/neighbourhood.h): the
// nodes within `depth` edges of `around`, over every edge type, or over
// kDiagramKeyTypes only when key_types_only.
struct Diagram {
  std::size_t around = 0;  // node index
  int depth = 1;
  bool key_types_only = false;  // cites/forwards edges left out to fit
  std::string reason;           // "orphan", "repeals"
  std::size_t nodes = 0;        // nodes in the neighbourhood
};

struct Report {
  Date as_of;
  std::string issuer;  // the filter, empty for none
  Window expiring_within;
  Date expiring_until;  // expiring_within.end_from(as_of)

  // Documents published in the corpus / instruments only cited by it (issuer
  // filter applied to both).
  StatusLevelCounts published;
  StatusLevelCounts cited_only;

  std::vector<StatusRow> superseded;  // queries.h superseded()
  std::vector<Orphan> orphans;        // orphans() whose document matches
  std::vector<ExpiringRow> expiring;  // expiring() whose document matches
  // unresolved() groups with at least one reference from a matching document.
  std::vector<UnresolvedGroup> unresolved;
  std::size_t unresolved_references = 0;  // references in those groups
  // Findings whose subject or a piece of evidence concerns a matching document
  // (all findings without a filter), in CorpusGraph order.
  std::vector<Finding> findings;
  std::vector<IssuerSection> issuers;  // by issuer name; unknown last
  std::vector<Diagram> diagrams;
  // Neighbourhoods chosen but left out, with the reason (too many nodes).
  std::vector<std::string> diagram_notes;
};

// Asks the questions and chooses the diagrams. Errors: as_of unset.
Result<Report> build_report(const CorpusGraph& graph, const ReportOptions& options);

// Where a published document's header is printed: the title's evidence, else
// the document's file, first line and title. Empty for an external node.
Evidence header_evidence(const Node& n);

}  // namespace pg
