// Output of the query commands: aligned plain-text tables for people (CJK
// characters count two columns, as a terminal shows them) and JSON for
// programs (nlohmann, which escapes document text).
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graphs/answers/stored_lists.h"
#include "graphs/base/json_writer.h"
#include "graphs/base/text.h"
#include "graphs/base/text_arena.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg::cli {

// Problems inside documents, counted, and printed to stderr as
// "file:line: severity: message" (when `show`) while the command goes on.
class StderrSink : public DiagnosticSink {
 public:
  explicit StderrSink(bool show = true) : show_(show) {}
  void report(Diagnostic d) override;
  int count = 0;

 private:
  bool show_;
};

// Column widths come from graphs/base/text.h (display_width,
// truncate_to_width).

// A table: a header row and rows of cells, printed with columns padded to
// the widest cell (two spaces between columns, no trailing spaces). A column
// may be given a maximum width; longer cells are truncated with "…". The
// cells are kept in blocks of text (a list of 10^5 rows is not 10^6
// strings).
class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  // Cells of column `column` are cut to `width` columns (0: unlimited).
  Table& max_width(std::size_t column, int width);
  void add_row(std::vector<std::string> cells);
  // add_row of cells given as views (a list's row made in reused buffers): a
  // cell that needs no escape and fits its column is copied into the table's
  // text only.
  void add_view_row(std::initializer_list<std::string_view> cells);
  bool empty() const { return widths_.empty(); }
  std::size_t size() const { return columns_ == 0 ? 0 : widths_.size() / columns_; }
  // Puts the rows in the order of `before` (row numbers as added; a stable
  // sort), for rows made in another order than printed.
  void sort_rows(const std::function<bool(std::size_t, std::size_t)>& before);
  void print(std::ostream& out, std::string_view indent = "") const;

  // The same table printed keeping no cells, for rows that can be made
  // twice: measure() each row first, then print_header() and print_row()
  // with the same rows in the same order (add_row not used).
  void measure(std::vector<std::string> cells);
  void print_header(std::ostream& out, std::string_view indent = "") const;
  void print_row(std::ostream& out, std::vector<std::string> cells,
                 std::string_view indent = "") const;
  std::size_t measured() const { return measured_; }
  // measure() and print_row() of cells given as views (a row made in
  // buffers kept from row to row): measure_view() keeps each cell's width
  // (4 bytes a cell), so that print_view_row() of the same rows, in the same
  // order, measures no cell again and copies only those to escape or cut.
  // print_view_row() appends the line to `text`, for the caller to write in
  // pieces; print_header() goes out first.
  void measure_view(std::initializer_list<std::string_view> cells);
  void print_view_row(std::string& text, std::initializer_list<std::string_view> cells,
                      std::string_view indent = "");

 private:
  std::string_view cell(std::size_t row, std::size_t column) const;
  // Escapes and cuts `cells` as add_row does; their display widths into
  // `widths` (columns_ of them).
  void fit(std::vector<std::string>& cells, int* widths) const;
  void line(std::ostream& out, std::string_view indent, const std::vector<int>& width,
            const std::function<std::string_view(std::size_t)>& cell_at,
            const int* cell_width) const;
  // line()'s text appended to `s`.
  void line_into(std::string& s, std::string_view indent, const std::vector<int>& width,
                 const std::function<std::string_view(std::size_t)>& cell_at,
                 const int* cell_width) const;

  std::vector<std::string> headers_;
  std::size_t columns_;
  std::vector<int> max_;
  TextArena text_;                       // every cell's text
  std::vector<std::string_view> cells_;  // into text_, row after row
  // Display width of each cell, row after row (measured once, in add_row).
  std::vector<int> widths_;
  std::vector<std::size_t> order_;   // rows in print order; empty: as added
  std::vector<int> header_width_;    // display width of each header
  std::vector<int> measured_width_;  // widest cell of each column measured
  std::size_t measured_ = 0;         // rows measured
  // measure_view: each cell's safe_display_width (-1: to escape), row after
  // row; the rows print_view_row printed; the widths it pads to; a cell
  // being escaped or cut.
  std::vector<int> kept_width_;
  std::size_t printed_ = 0;
  std::vector<int> print_width_;
  std::string scratch_;
};

// A node named in a cell: its number, else its title in 《》 cut to `width`.
std::string node_label(const Node& n, int width = 24);
// A title as node_label shows it, in 《》 cut to `width`, appended to `out`.
void append_title_label(std::string& out, std::string_view title, int width = 24);
// "A —based_on→ B —implements→ C": a walk's node path and the edges along it.
std::string path_cell(const CorpusGraph& g, const std::vector<std::size_t>& path,
                      const std::vector<std::size_t>& edges, int title_width = 20);
// The same over the nodes and edges of a part of a graph
// (graphs/answers/stored_lists.h's RowGraph).
std::string path_cell(const std::vector<Node>& nodes, const std::vector<GraphEdge>& graph_edges,
                      const std::vector<std::size_t>& path, const std::vector<std::size_t>& edges,
                      int title_width = 20);

// "file:line", or "file:pN:line" on page N of a PDF (pg::location), with the
// file's base name (tables); "" when there is no file.
std::string where(const Evidence& e);
// A quote for a table cell, in 「」 and cut to `width` columns.
std::string quote_cell(std::string_view quote, int width = 36);
// A status for a table cell: the word, and its day when known
// ("已废止 2020-02-01", "现行有效 2017-12-20", "未知").
std::string status_cell(const Status& s);
// where, quote_cell and status_cell appended to `out` (a list's rows made in
// buffers kept from row to row).
void append_where(std::string& out, const Evidence& e);
void append_quote_cell(std::string& out, std::string_view quote, int width = 36);
void append_status_cell(std::string& out, const Status& s);

// JSON values shared by the commands: the mappings of graphs/model/json.h
// and graphs/graph/json.h, the same shapes as `export json` and the report.
// {"file", "line", "quote"}.
nlohmann::json evidence_json(const Evidence& e);
// {"status", "status_zh", "since", "by", "detail", "evidence"}.
nlohmann::json status_json(const Status& s);
// A node in full: the summary, "aliases", "source", "document" (no references).
nlohmann::json node_json(const Node& n);
// The node summary: id, doc_no, title, issuer, level, level_zh, external.
nlohmann::json node_ref_json(const Node& n);
// An edge: type, type_zh, from, to (ids), derived, date (when set), evidence.
nlohmann::json edge_json(const CorpusGraph& g, std::size_t edge);
nlohmann::json edge_json(const std::vector<Node>& nodes, const GraphEdge& e);

// Pretty JSON and a newline.
void print_json(std::ostream& out, const nlohmann::json& j);

// The same shapes written by a JsonWriter (graphs/base/json_writer.h) as the
// rows come, for the lists' --json: each the bytes json_text writes of the
// tree above of the same name (output_json_test holds them to it).
// A member of a row besides its node's: its key and how its value is written.
struct JsonMember {
  std::string_view key;
  std::function<void(JsonWriter&)> value;
};
// {"file", "line", "page" (when > 0), "quote"}, and "document" when given.
void write_evidence(JsonWriter& w, const Evidence& e, const std::string* document = nullptr);
// status_json.
void write_status(JsonWriter& w, const Status& s);
// An object of node_ref_json's members (the names of `n`) and `members`
// (in key order), all in key order: a row of a list.
void write_node_row(JsonWriter& w, const NodeName& n, std::initializer_list<JsonMember> members);
// node_ref_json of `n` with "issuer", "level" and "status" (a list's row).
void write_node_status(JsonWriter& w, const NodeName& n, const Status& s);
// edge_json of an edge from the node of id `from` to that of id `to`.
void write_edge(JsonWriter& w, std::string_view from, std::string_view to, const GraphEdge& e);

}  // namespace pg::cli
