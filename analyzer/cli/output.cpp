#include "analyzer/cli/output.h"

#include <algorithm>
#include <cstdint>
#include <iostream>

#include "graphs/base/json_text.h"
#include "graphs/base/text_escape.h"
#include "graphs/graph/json.h"

namespace pg::cli {

void StderrSink::report(Diagnostic d) {
  std::cerr << terminal_safe(d.file);
  if (d.line > 0) std::cerr << ':' << d.line;
  std::cerr << ": " << to_string(d.severity) << ": " << terminal_safe(d.message) << '\n';
}
namespace {

// Decodes one UTF-8 sequence at `i`; an invalid byte decodes as itself with
// length 1 so that width counting never stalls.
char32_t decode(std::string_view s, std::size_t i, std::size_t* len) {
  auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    *len = 1;
    return b;
  }
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < n; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont >> 6) != 2) {
      *len = 1;
      return b;
    }
    c = (c << 6) | (cont & 0x3F);
  }
  *len = n;
  return c;
}

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

std::string base_name(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int display_width(std::string_view utf8) {
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t len = 1;
    w += char_width(decode(utf8, i, &len));
    i += len;
  }
  return w;
}

std::string truncate_to_width(std::string_view utf8, int width) {
  if (display_width(utf8) <= width) return std::string(utf8);
  if (width <= 0) return "";
  std::string out;
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t len = 1;
    int cw = char_width(decode(utf8, i, &len));
    if (w + cw > width - 1) break;  // keep one column for the ellipsis
    out.append(utf8.substr(i, len));
    w += cw;
    i += len;
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
