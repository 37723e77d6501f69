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
  if (d.line > 0) std::cerr << ':' << d.line;
  std::cerr << ": " << to_string(d.severity) << ": " << terminal_safe(d.message) << '\n';
}
namespace {

// East Asian Width W and F (Unicode 15, coarse ranges that cover the
// scripts gazettes print).
int char_width(char32_t c) {
  if (c == 0) return 0;
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
      (c >= 0xFE00 && c <= 0xFE0F)) {
    return 0;
  }
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
      (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x20000 && c <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

}  // namespace

int display_width(std::string_view utf8) {
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) w += char_width(next_code_point(utf8, i));
  return w;
}

std::string truncate_to_width(std::string_view utf8, int width) {
  if (display_width(utf8) <= width) return std::string(utf8);
  if (width <= 0) return "";
  std::string out;
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    int cw = char_width(next_code_point(utf8, i));
    if (w + cw > width - 1) break;  // keep one column for the ellipsis
    out.append(utf8.substr(start, i - start));
    w += cw;
  }
  return out + "…";
}

Table::Table(std::vector<std::string> headers)
    : headers_(std::move(headers)), max_(headers_.size(), 0) {}

Table& Table::max_width(std::size_t column, int width) {
  if (column < max_.size()) max_[column] = width;
  return *this;
}

void Table::add_row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    // Cells carry document text: control and bidi characters are shown as
    // escapes, never sent to the terminal.
    cells[c] = terminal_safe(cells[c]);
    if (max_[c] > 0) cells[c] = truncate_to_width(cells[c], max_[c]);
  }
  rows_.push_back(std::move(cells));
}

void Table::print(std::ostream& out, std::string_view indent) const {
  std::vector<int> width(headers_.size(), 0);
  for (std::size_t c = 0; c < headers_.size(); ++c) width[c] = display_width(headers_[c]);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], display_width(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s(indent);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      s += cells[c];
      if (c + 1 < cells.size()) s.append(width[c] - display_width(cells[c]) + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out << s << '\n';
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
}

std::string node_label(const Node& n, int width) {
  return n.doc_no ? *n.doc_no : "《" + truncate_to_width(n.title, width) + "》";
}

std::string path_cell(const CorpusGraph& g, const std::vector<std::size_t>& path,
                      const std::vector<std::size_t>& edges, int title_width) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += node_label(g.nodes()[path[i]], title_width);
    if (i < edges.size()) out += " —" + std::string(to_string(g.edges()[edges[i]].type)) + "→ ";
  }
  return out;
}

std::string where(const Evidence& e) {
  if (e.file.empty()) return "";
  return base_name(e.file) + ":" + std::to_string(e.line);
}

std::string quote_cell(std::string_view quote, int width) {
  if (quote.empty()) return "";
  return "「" + truncate_to_width(quote, width) + "」";
}

std::string status_cell(const Status& s) {
  std::string out(to_string(s.kind));
  if (s.since) out += " " + s.since->to_iso();
  return out;
}

// The mappings every output shares (graphs/graph/json.h); the commands print
// nlohmann::json, which sorts the keys.

nlohmann::json evidence_json(const Evidence& e) { return Json(e); }

nlohmann::json status_json(const Status& s) { return Json(s); }

nlohmann::json node_ref_json(const Node& n) { return node_summary_json(n); }

nlohmann::json node_json(const Node& n) { return Json(n); }

nlohmann::json edge_json(const CorpusGraph& g, std::size_t edge) { return pg::edge_json(g, edge); }

void print_json(std::ostream& out, const nlohmann::json& j) { out << json_text(j) << '\n'; }

}  // namespace pg::cli
