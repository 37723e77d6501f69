// The audit report's renderers: the model of graphs/answers/report.h as one
// HTML page (report_html.cpp, from the templates in graphs/render/templates/,
// with the diagrams drawn by graphs/render/export.h), Markdown
// (report_markdown.cpp) or JSON (report.cpp). Every string taken from a
// document (numbers, titles, issuers, quotes, file names) is escaped for the
// output format. Output is deterministic for the same corpus and options.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "graphs/answers/report.h"
#include "graphs/answers/report_source.h"
#include "graphs/base/result.h"
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

// The same, read from `source` section by section and written to `out`:
// each list's rows go to a temporary file as they are made
// (graphs/render/report_spool.h) and the page around them is written last,
// so memory holds one part of one list, not the report. The same report
// gives the same bytes as the functions above. Errors: the source's, a
// temporary file's, or writing `out` failed.
// Returns the counts the report shows.
struct ReportTally {
  std::size_t documents = 0, superseded = 0, orphans = 0, expiring = 0, unresolved = 0,
              findings = 0, diagrams = 0;
};
Result<ReportTally> render(ReportSource& source, ReportFormat format, std::ostream& out);
// How the HTML page's rows are made: kDirect writes each row's markup
// straight from the row (the page's way); kTemplates renders each row with
// its list's template cut out of report.html.mustache, the reference the
// tests hold kDirect to (the same bytes), about ten times slower.
enum class HtmlRows { kDirect, kTemplates };
Result<ReportTally> render_html(ReportSource& source, std::ostream& out,
                                HtmlRows rows = HtmlRows::kDirect);
Result<ReportTally> render_markdown(ReportSource& source, std::ostream& out);
Result<ReportTally> render_json(ReportSource& source, std::ostream& out);

// Escaping, exposed for tests and for other HTML writers: & < > " ' become
// entities; invalid UTF-8 becomes U+FFFD.
std::string html_escape(std::string_view text);
// html_escape(text) appended to `out`.
void append_html_escaped(std::string& out, std::string_view text);
// Text for Markdown (a table cell or a heading): & < > as entities (so no
// raw HTML gets through), the table separator | and the Markdown punctuation
// \ ` * _ [ ] # ~ ! backslash-escaped, line breaks and other control
// characters as spaces; invalid UTF-8 becomes U+FFFD.
std::string markdown_escape(std::string_view text);

}  // namespace pg
