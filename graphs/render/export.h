// Exporters: the corpus graph, or a part of it, as DOT, SVG, PNG, JSON or
// GraphML, for `policygraph export`.
//
// Two steps: select_subgraph() picks nodes and edges (the whole corpus, or a
// neighbourhood, filtered by relation type and issuer); render() writes the
// selection in one format. export_graph() does both and applies the node limit.
//
// Output is deterministic: nodes in CorpusGraph order (by id), edges in
// CorpusGraph order (by source, target, type), so the same corpus and options
// give byte-identical DOT, JSON and GraphML. Every string taken from a
// document (titles, numbers, issuers, quotes) is escaped for the format.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/base/date.h"
#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg {

enum class ExportFormat {
  kDot,      // "dot": Graphviz source, built with cgraph
  kSvg,      // "svg": laid out and rendered in-process by gvc (dot layout)
  kPng,      // "png": likewise; needs Graphviz's cairo or gd render plugin
  kJson,     // "json": {"as_of", "nodes": [...], "edges": [...]}
  kGraphml,  // "graphml": GraphML XML with <key> declarations
};
std::string_view to_string(ExportFormat f);
std::optional<ExportFormat> parse_export_format(std::string_view s);
// True for the formats that are drawn (dot, svg, png): the node limit applies.
bool is_drawing(ExportFormat f);

inline constexpr std::size_t kDefaultMaxNodes = 300;

struct ExportOptions {
  ExportFormat format = ExportFormat::kDot;
  // A neighbourhood instead of the whole corpus: every node within `depth`
  // edges of nodes()[*around], following kept edges in either direction.
  std::optional<std::size_t> around;
  int depth = 1;
  // Relation types to keep; empty keeps every type. With a type filter, a
  // node left without any kept edge is dropped (except the `around` node).
  std::set<RelationType> types;
  // Keep only the nodes this issuer matches (IssuerFilter in
  // graphs/answers/issuer_filter.h: exact, else a part of a name); the
  // `around` node is always kept.
  std::optional<std::string> issuer;
  // The date statuses are computed for. Required: the default (all zero) is
  // not a date and makes select_subgraph fail.
  Date as_of;
  // Drawings (dot, svg, png) with more nodes than this fail with a message
  // that suggests --around; 0 means no limit. JSON and GraphML have no limit.
  std::size_t max_nodes = kDefaultMaxNodes;
  // Drawings: when set, each node links to node_url(node) (Graphviz's URL
  // attribute; an <a> around the node in SVG). The web pages link nodes to
  // their /doc pages; the CLI leaves it unset and its DOT is unchanged.
  std::function<std::string(const Node&)> node_url;
};

// What an export shows: indices into CorpusGraph::nodes() and edges(), both
// ascending (so nodes by id and edges by source, target, type).
struct Selection {
  std::vector<std::size_t> nodes;
  std::vector<std::size_t> edges;  // both ends are in `nodes`
};

// Picks nodes and edges as `options` say (format and max_nodes are not
// looked at). Errors: `around` out of range, negative depth, as_of unset.
Result<Selection> select_subgraph(const CorpusGraph& graph, const ExportOptions& options);

// The node-limit message for a drawing of `selection`, or nullopt when it is
// within options.max_nodes (or the format is not a drawing). The message reads
// "N nodes exceed the limit of M; use --around X --depth N ...".
std::optional<std::string> node_limit_message(const Selection& selection,
                                              const ExportOptions& options);

// Writes `selection` in options.format. DOT, JSON and GraphML are UTF-8 text;
// SVG is UTF-8 XML; PNG is binary bytes in the string. Drawings: one node per
// instrument labelled with its number and a shortened title (full title as
// tooltip), filled by status, in one cluster per level (national, provincial,
// municipal, district, department, unknown); edges coloured and styled by
// type; the graph label is a legend. Errors: a Graphviz layout or render
// failure, or "png" not available in this Graphviz installation. Does not
// check the node limit. Not thread-safe: Graphviz keeps global state.
Result<std::string> render(const CorpusGraph& graph, const Selection& selection,
                           const ExportOptions& options);

// select_subgraph + node limit (as an Error carrying node_limit_message)
// + render.
Result<std::string> export_graph(const CorpusGraph& graph, const ExportOptions& options);

}  // namespace pg
