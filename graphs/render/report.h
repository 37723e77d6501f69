// The audit report: one document that answers, as of a date, the questions a
// legal-affairs office asks of its corpus (what is in force, what fell away,
// what rests on something that fell away, what runs out soon, what is cited
// but missing, what is inconsistent), per issuer, with the evidence for every
// item and drawings of the key neighbourhoods.
//
// Two steps, like graphs/render/export.h: build_report() asks graphs/answers/queries.h the
// questions and draws the diagrams (plain data, no I/O); render_html(),
// render_markdown() and render_json() write it. Every string taken from a
// document (numbers, titles, issuers, quotes, file names) is escaped for the
// output format. Output is deterministic for the same corpus and options.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/graph/corpus_graph.h"
#include "graphs/base/date.h"
#include "graphs/answers/queries.h"

namespace pg {

enum class ReportFormat {
  kHtml,      // "html": one self-contained page (inline CSS, SVG and script)
  kMarkdown,  // "md": GitHub-flavoured Markdown tables
  kJson,      // "json": the same content as data
};
std::string_view to_string(ReportFormat f);
// "html", "md" (also "markdown"), "json"; nullopt for anything else.
std::optional<ReportFormat> parse_report_format(std::string_view s);

struct ReportOptions {
  // Statuses are computed for this day. Required: the default (all zero) is
  // not a date and makes build_report fail.
  Date as_of;
  // When not empty, only documents whose issuer, a printed issuer or 机关代字
  // contains it (as `superseded` filters); see build_report for each section.
  std::string issuer;
  // "Expiring": a 有效期 ending within this window from as_of.
  Window expiring_within{6, Window::Unit::kMonths};
  // Diagrams of key neighbourhoods (each orphan at depth 2, then each
  // repealing document at depth 1), at most this many; 0 draws none.
  std::size_t max_diagrams = 6;
  // A neighbourhood with more nodes than this is drawn at a smaller depth or
  // with repeals/amends/based_on/implements edges only, else left out.
  std::size_t max_diagram_nodes = 40;
};

// Number of StatusKind values (kNotYetEffective .. kUnknown).
inline constexpr std::size_t kStatusKinds = 6;
// Number of Level values (kNational .. kUnknown).
inline constexpr std::size_t kLevels = 6;

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

// A drawing of one node's neighbourhood.
struct Diagram {
  std::size_t around = 0;  // node index
  int depth = 1;
  bool key_types_only = false;  // cites/forwards edges left out to fit
  std::string reason;           // "orphan", "repeals"
  std::size_t nodes = 0;        // nodes drawn
  std::string svg;              // the <svg> element alone (no XML prolog)
};

struct Report {
  Date as_of;
  std::string issuer;        // the filter, empty for none
  Window expiring_within;
  Date expiring_until;       // expiring_within.end_from(as_of)

  // Documents published in the corpus / instruments only cited by it (issuer
  // filter applied to both).
  StatusLevelCounts published;
  StatusLevelCounts cited_only;

  std::vector<StatusRow> superseded;      // queries.h superseded()
  std::vector<Orphan> orphans;            // orphans() whose document matches
  std::vector<ExpiringRow> expiring;      // expiring() whose document matches
  // unresolved() groups with at least one reference from a matching document.
  std::vector<UnresolvedGroup> unresolved;
  std::size_t unresolved_references = 0;  // references in those groups
  // Findings whose subject or a piece of evidence concerns a matching document
  // (all findings without a filter), in CorpusGraph order.
  std::vector<Finding> findings;
  std::vector<IssuerSection> issuers;     // by issuer name; unknown last
  std::vector<Diagram> diagrams;
  // Neighbourhoods chosen but not drawn, with the reason (Graphviz error, or
  // too many nodes).
  std::vector<std::string> diagram_notes;
};

// Asks the questions and draws the diagrams. Errors: as_of unset. Not
// thread-safe (Graphviz keeps global state).
Result<Report> build_report(const CorpusGraph& graph, const ReportOptions& options);

// The report in each format. `graph` must be the one the report was built
// from. HTML: UTF-8, one file, no network; tables sort when a header is
// clicked; each item links to its evidence in the "Evidence" appendix.
std::string render_html(const CorpusGraph& graph, const Report& report);
std::string render_markdown(const CorpusGraph& graph, const Report& report);
std::string render_json(const CorpusGraph& graph, const Report& report);
std::string render(const CorpusGraph& graph, const Report& report, ReportFormat format);

// Escaping, exposed for tests and for other HTML writers: & < > " ' become
// entities; invalid UTF-8 becomes U+FFFD.
std::string html_escape(std::string_view text);
// Text for Markdown (a table cell or a heading): & < > as entities (so no
// raw HTML gets through), the table separator | and the Markdown punctuation
// \ ` * _ [ ] # ~ ! backslash-escaped, line breaks and other control
// characters as spaces; invalid UTF-8 becomes U+FFFD.
std::string markdown_escape(std::string_view text);

}  // namespace pg
