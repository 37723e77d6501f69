#include "analyzer/cli/output.h"

#include <algorithm>
#include <cstdint>
#include <iostream>

#include "graphs/base/json_text.h"
#include "graphs/base/text.h"
#include "graphs/base/text_escape.h"
#include "graphs/base/utf8.h"
#include "graphs/graph/json.h"

namespace pg::cli {

void StderrSink::report(Diagnostic d) {
  ++count;
  if (!show_) return;
  std::cerr << terminal_safe(d.file);
  if (d.page > 0) std::cerr << ":p" << d.page;  // file:p12:31, as evidence names it
  if (d.line > 0) std::cerr << ':' << d.line;
  std::cerr << ": " << to_string(d.severity) << ": " << terminal_safe(d.message) << '\n';
}
Table::Table(std::vector<std::string> headers)
    : headers_(std::move(headers)),
      columns_(headers_.size()),
      max_(columns_, 0),
      header_width_(columns_, 0),
      measured_width_(columns_, 0) {
  for (std::size_t c = 0; c < columns_; ++c) header_width_[c] = display_width(headers_[c]);
}

Table& Table::max_width(std::size_t column, int width) {
  if (column < max_.size()) max_[column] = width;
  return *this;
}

void Table::fit(std::vector<std::string>& cells, int* widths) const {
  cells.resize(columns_);
  for (std::size_t c = 0; c < cells.size(); ++c) {
    // Cells carry document text: control and bidi characters are shown as
    // escapes, never sent to the terminal.
    int w = safe_display_width(cells[c]);
    if (w < 0) {
      cells[c] = terminal_safe(cells[c]);
      w = display_width(cells[c]);
    }
    if (max_[c] > 0) w = truncate_in_place(cells[c], w, max_[c]);
    widths[c] = w;
  }
}

void Table::add_view_row(std::initializer_list<std::string_view> cells) {
  widths_.resize(widths_.size() + columns_);
  int* widths = widths_.data() + widths_.size() - columns_;
  for (std::size_t c = 0; c < columns_; ++c) {
    const std::string_view text = c < cells.size() ? cells.begin()[c] : std::string_view();
    int w = safe_display_width(text);
    if (w >= 0 && (max_[c] <= 0 || w <= max_[c])) {
      widths[c] = w;
      cells_.push_back(text_.put(text));
      continue;
    }
    // fit's way, for the few cells to escape or cut.
    std::string copy(text);
    if (w < 0) {
      copy = terminal_safe(copy);
      w = display_width(copy);
    }
    if (max_[c] > 0) w = truncate_in_place(copy, w, max_[c]);
    widths[c] = w;
    cells_.push_back(text_.put(copy));
  }
}

void Table::add_row(std::vector<std::string> cells) {
  widths_.resize(widths_.size() + columns_);
  fit(cells, widths_.data() + widths_.size() - columns_);
  for (const std::string& c : cells) cells_.push_back(text_.put(c));
}

void Table::sort_rows(const std::function<bool(std::size_t, std::size_t)>& before) {
  if (order_.empty()) {
    order_.resize(size());
    for (std::size_t r = 0; r < order_.size(); ++r) order_[r] = r;
  }
  std::stable_sort(order_.begin(), order_.end(), before);
}

std::string_view Table::cell(std::size_t row, std::size_t column) const {
  return cells_[row * columns_ + column];
}

void Table::line(std::ostream& out, std::string_view indent, const std::vector<int>& width,
                 const std::function<std::string_view(std::size_t)>& cell_at,
                 const int* cell_width) const {
  std::string s;
  line_into(s, indent, width, cell_at, cell_width);
  out << s;
}

void Table::line_into(std::string& s, std::string_view indent, const std::vector<int>& width,
                      const std::function<std::string_view(std::size_t)>& cell_at,
                      const int* cell_width) const {
  const std::size_t begin = s.size();
  s += indent;
  for (std::size_t c = 0; c < columns_; ++c) {
    s += cell_at(c);
    if (c + 1 < columns_) s.append(width[c] - cell_width[c] + 2, ' ');
  }
  while (s.size() > begin && s.back() == ' ') s.pop_back();
  s += '\n';
}

void Table::print(std::ostream& out, std::string_view indent) const {
  const std::size_t rows = size();
  const std::vector<int>& header_width = header_width_;
  std::vector<int> width = header_width;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns_; ++c) {
      width[c] = std::max(width[c], widths_[r * columns_ + c]);
    }
  }
  // The lines written in pieces of about 64 KB (a stream write per row was
  // a tenth of a list of 10^5 rows).
  constexpr std::size_t kPiece = std::size_t{1} << 16;
  std::string text;
  text.reserve(kPiece + 1024);
  line_into(
      text, indent, width, [&](std::size_t c) -> std::string_view { return headers_[c]; },
      header_width.data());
  for (std::size_t k = 0; k < rows; ++k) {
    const std::size_t r = order_.empty() ? k : order_[k];
    line_into(
        text, indent, width, [&](std::size_t c) { return cell(r, c); },
        widths_.data() + r * columns_);
    if (text.size() >= kPiece) {
      out << text;
      text.clear();
    }
  }
  out << text;
}

void Table::measure(std::vector<std::string> cells) {
  std::vector<int> widths(columns_);
  fit(cells, widths.data());
  for (std::size_t c = 0; c < columns_; ++c) {
    measured_width_[c] = std::max(measured_width_[c], widths[c]);
  }
  ++measured_;
}

void Table::measure_view(std::initializer_list<std::string_view> cells) {
  for (std::size_t c = 0; c < columns_; ++c) {
    const std::string_view text = c < cells.size() ? cells.begin()[c] : std::string_view();
    const int w = safe_display_width(text);
    kept_width_.push_back(w);
    int fitted = w;
    if (w < 0 || (max_[c] > 0 && w > max_[c])) {
      // fit's way, for the few cells to escape or cut.
      scratch_.assign(text);
      if (w < 0) {
        scratch_ = terminal_safe(scratch_);
        fitted = display_width(scratch_);
      }
      if (max_[c] > 0) fitted = truncate_in_place(scratch_, fitted, max_[c]);
    }
    measured_width_[c] = std::max(measured_width_[c], fitted);
  }
  ++measured_;
}

void Table::print_view_row(std::string& text, std::initializer_list<std::string_view> cells,
                           std::string_view indent) {
  if (print_width_.empty()) {
    print_width_ = header_width_;
    for (std::size_t c = 0; c < columns_; ++c) {
      print_width_[c] = std::max(print_width_[c], measured_width_[c]);
    }
  }
  const bool kept = printed_ < measured_ && kept_width_.size() >= (printed_ + 1) * columns_;
  const int* kept_width = kept ? kept_width_.data() + printed_ * columns_ : nullptr;
  ++printed_;
  // line_into's line.
  const std::size_t begin = text.size();
  text += indent;
  for (std::size_t c = 0; c < columns_; ++c) {
    const std::string_view cell = c < cells.size() ? cells.begin()[c] : std::string_view();
    int w = kept ? kept_width[c] : safe_display_width(cell);
    if (w >= 0 && (max_[c] <= 0 || w <= max_[c])) {
      text += cell;
    } else {
      scratch_.assign(cell);
      if (w < 0) {
        scratch_ = terminal_safe(scratch_);
        w = display_width(scratch_);
      }
      if (max_[c] > 0) w = truncate_in_place(scratch_, w, max_[c]);
      text += scratch_;
    }
    if (c + 1 < columns_) text.append(print_width_[c] - w + 2, ' ');
  }
  while (text.size() > begin && text.back() == ' ') text.pop_back();
  text += '\n';
}

void Table::print_header(std::ostream& out, std::string_view indent) const {
  const std::vector<int>& header_width = header_width_;
  std::vector<int> width = header_width;
  for (std::size_t c = 0; c < columns_; ++c) width[c] = std::max(width[c], measured_width_[c]);
  line(
      out, indent, width, [&](std::size_t c) -> std::string_view { return headers_[c]; },
      header_width.data());
}

void Table::print_row(std::ostream& out, std::vector<std::string> cells,
                      std::string_view indent) const {
  std::vector<int> widths(columns_);
  fit(cells, widths.data());
  std::vector<int> width = header_width_;
  for (std::size_t c = 0; c < columns_; ++c) width[c] = std::max(width[c], measured_width_[c]);
  line(
      out, indent, width, [&](std::size_t c) -> std::string_view { return cells[c]; },
      widths.data());
}

std::string node_label(const Node& n, int width) {
  if (n.doc_no) return *n.doc_no;
  std::string out;
  append_title_label(out, n.title, width);
  return out;
}

void append_title_label(std::string& out, std::string_view title, int width) {
  out += "《";
  append_to_width(out, title, width);
  out += "》";
}

std::string path_cell(const CorpusGraph& g, const std::vector<std::size_t>& path,
                      const std::vector<std::size_t>& edges, int title_width) {
  return path_cell(g.nodes(), g.edges(), path, edges, title_width);
}

std::string path_cell(const std::vector<Node>& nodes, const std::vector<GraphEdge>& graph_edges,
                      const std::vector<std::size_t>& path, const std::vector<std::size_t>& edges,
                      int title_width) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += node_label(nodes[path[i]], title_width);
    if (i < edges.size()) out += " —" + std::string(to_string(graph_edges[edges[i]].type)) + "→ ";
  }
  return out;
}

std::string where(const Evidence& e) {
  std::string out;
  append_where(out, e);
  return out;
}

std::string quote_cell(std::string_view quote, int width) {
  std::string out;
  append_quote_cell(out, quote, width);
  return out;
}

std::string status_cell(const Status& s) {
  std::string out;
  append_status_cell(out, s);
  return out;
}

void append_where(std::string& out, const Evidence& e) {
  if (!e.file.empty()) append_location(out, e.file, e.page, e.line);
}

void append_quote_cell(std::string& out, std::string_view quote, int width) {
  if (quote.empty()) return;
  out += "「";
  append_to_width(out, quote, width);
  out += "」";
}

void append_status_cell(std::string& out, const Status& s) {
  out += to_string(s.kind);
  if (s.since) {
    out += ' ';
    out += s.since->to_iso();
  }
}

// The mappings every output shares (graphs/graph/json.h); the commands print
// nlohmann::json, which sorts the keys.

nlohmann::json evidence_json(const Evidence& e) { return Json(e); }

nlohmann::json status_json(const Status& s) { return Json(s); }

nlohmann::json node_ref_json(const Node& n) { return node_summary_json(n); }

nlohmann::json node_json(const Node& n) { return Json(n); }

nlohmann::json edge_json(const CorpusGraph& g, std::size_t edge) { return pg::edge_json(g, edge); }

nlohmann::json edge_json(const std::vector<Node>& nodes, const GraphEdge& e) {
  return pg::edge_json(nodes, e);
}

void print_json(std::ostream& out, const nlohmann::json& j) { out << json_text(j) << '\n'; }

void write_evidence(JsonWriter& w, const Evidence& e, const std::string* document) {
  w.begin_object();
  if (document) w.key("document").string(*document);
  w.key("file").string(e.file);
  w.key("line").integer(e.line);
  if (e.page > 0) w.key("page").integer(e.page);
  w.key("quote").string(e.quote);
  w.end_object();
}

void write_status(JsonWriter& w, const Status& s) {
  w.begin_object();
  if (s.by) {
    w.key("by").string(*s.by);
  } else {
    w.key("by").null();
  }
  w.key("detail").string(s.detail);
  w.key("evidence");
  write_evidence(w, s.evidence.evidence, &s.evidence.document);
  if (s.since) {
    w.key("since").string(s.since->to_iso());
  } else {
    w.key("since").null();
  }
  w.key("status").string(ascii_name(s.kind));
  w.key("status_zh").string(to_string(s.kind));
  w.end_object();
}

void write_node_row(JsonWriter& w, const NodeName& n, std::initializer_list<JsonMember> members) {
  const JsonMember* next = members.begin();
  // The row's own members that sort before `key`.
  auto before = [&](std::string_view key) {
    for (; next != members.end() && next->key < key; ++next) {
      w.key(next->key);
      next->value(w);
    }
  };
  w.begin_object();
  before("doc_no");
  if (n.doc_no) {
    w.key("doc_no").string(*n.doc_no);
  } else {
    w.key("doc_no").null();
  }
  before("external");
  w.key("external").boolean(n.external);
  before("id");
  w.key("id").string(n.id);
  before("issuer");
  w.key("issuer").string(n.issuer);
  before("level");
  w.key("level").string(to_string(n.level));
  before("level_zh");
  w.key("level_zh").string(zh_name(n.level));
  before("title");
  w.key("title").string(n.title);
  for (; next != members.end(); ++next) {
    w.key(next->key);
    next->value(w);
  }
  w.end_object();
}

void write_node_status(JsonWriter& w, const NodeName& n, const Status& s) {
  write_node_row(w, n, {{"status", [&](JsonWriter& v) { write_status(v, s); }}});
}

void write_edge(JsonWriter& w, std::string_view from, std::string_view to, const GraphEdge& e) {
  w.begin_object();
  if (e.date) w.key("date").string(e.date->to_iso());
  w.key("derived").boolean(e.derived);
  w.key("evidence");
  write_evidence(w, e.evidence);
  w.key("from").string(from);
  if (e.scope) w.key("scope").string(*e.scope);
  w.key("to").string(to);
  w.key("type").string(to_string(e.type));
  w.key("type_zh").string(zh_name(e.type));
  w.end_object();
}

}  // namespace pg::cli
