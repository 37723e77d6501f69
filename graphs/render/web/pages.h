// The pages of `policygraph serve`: HTML fragments of the answers of
// graphs/answers (a search, a document's card and walks, a neighbourhood
// drawing, the lists, a draft check), and the frame around them
// (assets/page.html.mustache). Every text taken from a document or a request
// goes through html_escape (graphs/render/report.h); URLs are built with
// url_encode. Each page keeps the as-of date in every link it makes.
//
// The element ids and classes are the serve contract that the browser tests
// read (/work/notes/team.md): #title, #status[data-status], #timeline,
// #basis, #impact, #cites, #cited-by, a.doc-link, blockquote.evidence,
// a.source-link, #graph-link, #results li.hit a.hit-link, #suggestions,
// #graph, #list, #csv, #json, #check-form, #draft, #findings li.finding.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphs/answers/draft_check.h"
#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"

namespace pg::web {

// Percent-encoding of every byte but A-Z a-z 0-9 - . _ ~ (a path segment or
// a query value).
std::string url_encode(std::string_view s);

// "/doc/<id>?asof=YYYY-MM-DD".
std::string doc_href(std::string_view id, Date as_of);

// The frame of every page: its title, the path and the query parameters the
// as-of form keeps (besides asof), and the date.
struct Frame {
  std::string title;
  std::string path;
  std::vector<std::pair<std::string, std::string>> keep;
  Date as_of;
};
// A whole page: `body` (HTML made by the functions below) in the frame.
std::string page(const Frame& frame, std::string_view body);

// A heading and a line of text, both escaped: the 400/404/413/500 pages.
std::string message_body(std::string_view heading, std::string_view message);

// ---------------------------------------------------------------- search ----

struct Hit {
  std::string id;  // node id (the /doc/ID link)
  std::optional<std::string> doc_no;
  std::string title, issuer;
  Level level = Level::kUnknown;
  Status status;  // as of the date asked
  bool external = false;
  std::string passage;  // for a match in the text: the words around it
  Evidence where;       // where the passage is (file empty: none)
};
// The search form (#search-form, #q) and, when `q` is not empty, the hits
// (#results). `note` is said above them (how many, or why none).
std::string search_body(std::string_view q, Date as_of, const std::vector<Hit>& hits,
                        std::string_view note);

// ------------------------------------------------------------- documents ----

// The rows a document page shows of each list that grows with the corpus
// (#impact, #cites, #cited-by) before a link to the whole list.
inline constexpr std::size_t kDocSectionRows = 50;

// The sections a document page can show whole (`?all=NAME`).
inline constexpr std::string_view kDocSections[] = {"impact", "cites", "cited-by"};

struct DocView {
  const CorpusGraph* card_graph = nullptr;  // holds card.node and its references
  const Card* card = nullptr;
  const CorpusGraph* chain_graph = nullptr;
  const Chain* chain = nullptr;
  const CorpusGraph* impact_graph = nullptr;
  // The rows of `impact` are the ones to show (queries.h's windowed
  // impact(): the first kDocSectionRows, or the window of `all`); its
  // totals are the whole answer's.
  const Impact* impact = nullptr;
  Date as_of;
  // The section shown whole ("" for none; one of kDocSections): its rows
  // [offset, offset + limit), with a link to the next ones. Every other long
  // section shows its first kDocSectionRows rows, its count and a link
  // (#impact-all, #cites-all, #cited-by-all: "?all=NAME", asof kept) when
  // it has more.
  std::string all;
  std::size_t offset = 0;
  std::size_t limit = 0;
};
std::string doc_body(const DocView& v);

// The 404 page of a document not found, with the nodes a looser match
// finds (#suggestions, possibly empty).
std::string not_found_body(std::string_view x, const CorpusGraph& g,
                           const std::vector<std::size_t>& suggestions, Date as_of);

// The drawing of a neighbourhood (#graph: the SVG of `export svg`, its
// nodes linked to their pages) with the form that changes depth and types.
std::string graph_body(const Node& center, Date as_of, int depth,
                       const std::set<RelationType>& types, std::string_view svg);

// ----------------------------------------------------------------- lists ----

// One cell of a list: text, and a link (doc-link) or a status word.
struct Cell {
  std::string text;
  std::string href;    // a document's page: the cell is an a.doc-link
  std::string status;  // a status word: the cell is a span.status
  std::string sort;    // the key the table sorts by, when not the text
};
struct ListTable {
  std::string name;     // superseded, orphans, expiring, unresolved, findings
  std::string heading;  // 已废止或失效的文件 ...
  std::vector<std::string> headers;
  std::vector<std::vector<Cell>> rows;
};
using NodeFilter = std::function<bool(const Node&)>;  // empty: every node

ListTable superseded_table(const CorpusGraph& g, const std::vector<StatusRow>& rows, Date as_of,
                           const NodeFilter& keep = {});
ListTable orphans_table(const CorpusGraph& g, const std::vector<Orphan>& rows, Date as_of,
                        const NodeFilter& keep = {});
ListTable expiring_table(const CorpusGraph& g, const std::vector<ExpiringRow>& rows, Date as_of,
                         const NodeFilter& keep = {});
ListTable unresolved_table(const CorpusGraph& g, const std::vector<UnresolvedGroup>& rows,
                           Date as_of, const NodeFilter& keep = {});
ListTable findings_table(const CorpusGraph& g, Date as_of, const NodeFilter& keep = {});

// The list page: the filter form, download links (#csv, #json, whose query
// is `query`) and the table (#list).
std::string list_body(const ListTable& t, std::string_view query, std::string_view issuer,
                      std::string_view level, std::string_view within);
// The table as CSV: UTF-8 with a BOM, CRLF line ends, every cell quoted.
std::string list_csv(const ListTable& t);

// ----------------------------------------------------------------- check ----

// The draft form (#check-form), with `text` in the text area.
std::string check_form_body(Date as_of, std::string_view text);
// The findings (#findings) and references of a checked draft.
std::string check_result_body(const CorpusGraph& g, const DraftReport& r);

// ---------------------------------------------------------------- source ----

// Lines of a stored file around `line` (`first` is the number of lines[0]),
// the line itself marked.
std::string source_body(std::string_view file, int line, int first,
                        const std::vector<std::string>& lines, Date as_of);

}  // namespace pg::web
