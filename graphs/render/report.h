// The audit report's renderers: the model of graphs/answers/report.h as one
// HTML page (report_html.cpp, from the templates in graphs/render/templates/,
// with the diagrams drawn by graphs/render/export.h), Markdown
// (report_markdown.cpp) or JSON (report.cpp). Every string taken from a
// document (numbers, titles, issuers, quotes, file names) is escaped for the
// output format. Output is deterministic for the same corpus and options.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "graphs/answers/report.h"
#include "graphs/graph/corpus_graph.h"

namespace pg {

enum class ReportFormat {
  kHtml,      // "html": one self-contained page (inline CSS, SVG and script)
  kMarkdown,  // "md": GitHub-flavoured Markdown tables
  kJson,      // "json": the same content as data
};
std::string_view to_string(ReportFormat f);
// "html", "md" (also "markdown"), "json"; nullopt for anything else.
std::optional<ReportFormat> parse_report_format(std::string_view s);

// The report in each format. `graph` must be the one the report was built
// from. HTML: UTF-8, one file, no network; tables sort when a header is
// clicked; each item links to its evidence in the "Evidence" appendix; the
// diagrams are drawn here (a Graphviz failure shows as a note in the
// drawing's place). Not thread-safe: Graphviz keeps global state.
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
