#include "analyzer/data/tables.h"

#include <utility>

namespace pg {
namespace detail {
extern const std::pair<std::string_view, std::string_view> kEmbeddedData[];
extern const int kEmbeddedDataCount;
}  // namespace detail

namespace {

// Calls row(line_number, cells) for each row of a table's text.
template <class Row>
void for_each_row(std::string_view text, Row row) {
  std::size_t pos = 0;
  int line_number = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> cells;
    std::size_t c = 0;
    while (true) {
      std::size_t tab = line.find('\t', c);
      cells.push_back(line.substr(c, tab == std::string_view::npos ? tab : tab - c));
      if (tab == std::string_view::npos) break;
      c = tab + 1;
    }
    row(line_number, std::move(cells));
  }
}

// What each reader needs of a row (the reader in parentheses).
constexpr TableShape kShapes[] = {
    {"agency_codes.tsv", 3},         // code, issuer, level (doc_number, parse_issuer_rules)
    {"cue_qualifiers.tsv", 1},       // word (relations)
    {"cues.tsv", 3},                 // type, position, phrase (relations)
    {"doc_types.tsv", 1},            // word (segmenter, relations, doc_number)
    {"furniture.tsv", 2},            // kind, phrase (segmenter)
    {"page_furniture.tsv", 2},       // kind, pattern (PDF reader)
    {"header_cues.tsv", 2},          // kind, word (segmenter)
    {"history_verbs.tsv", 2},        // kind, word (segmenter, extractor, validity)
    {"issuer_suffixes.tsv", 2},      // word, role (issuers, doc_number)
    {"list_headings.tsv", 3},        // kind, type, word (relations)
    {"non_instruments.tsv", 1},      // ending (citations)
    {"number_code_endings.tsv", 1},  // character (doc_number)
    {"number_stop_words.tsv", 1},    // word (doc_number)
    {"other_items.tsv", 1},          // ending (segmenter)
    {"repealed_parts.tsv", 2},       // kind, word (relations)
    {"title_cues.tsv", 4},           // scope, position, type, phrase (extractor)
    {"title_endings.tsv", 1},        // ending (citations)
    {"validity_cues.tsv", 2},        // kind, word (validity)
    {"web_page.tsv", 2},             // kind, word (html_reader)
};

}  // namespace

std::string_view data_file(std::string_view name) {
  for (int i = 0; i < detail::kEmbeddedDataCount; ++i) {
    if (detail::kEmbeddedData[i].first == name) return detail::kEmbeddedData[i].second;
  }
  return {};
}

std::vector<std::vector<std::string_view>> tsv_rows(std::string_view name) {
  std::vector<std::vector<std::string_view>> rows;
  for_each_row(data_file(name),
               [&](int, std::vector<std::string_view> cells) { rows.push_back(std::move(cells)); });
  return rows;
}

std::vector<std::string_view> history_verbs(std::initializer_list<std::string_view> kinds) {
  std::vector<std::string_view> words;
  for (const auto& row : tsv_rows("history_verbs.tsv")) {
    if (row.size() < 2 || row[1].empty()) continue;
    for (std::string_view k : kinds) {
      if (row[0] == k) words.push_back(row[1]);
    }
  }
  return words;
}

std::span<const TableShape> table_shapes() { return kShapes; }

std::vector<Diagnostic> check_table(std::string_view name, std::string_view text,
                                    std::size_t cells) {
  std::vector<Diagnostic> out;
  for_each_row(text, [&](int line, const std::vector<std::string_view>& row) {
    std::string problem;
    if (row.size() < cells) {
      problem = std::to_string(row.size()) + " of " + std::to_string(cells) + " cells";
    } else {
      for (std::size_t c = 0; c < cells && problem.empty(); ++c) {
        if (row[c].empty()) problem = "cell " + std::to_string(c + 1) + " empty";
      }
    }
    if (!problem.empty()) {
      out.push_back({Diagnostic::Severity::kWarning, std::string(name), line,
                     "table row that no reader takes: " + problem});
    }
  });
  return out;
}

std::vector<Diagnostic> check_tables() {
  std::vector<Diagnostic> out;
  for (const TableShape& shape : kShapes) {
    std::string_view text = data_file(shape.name);
    if (text.empty()) {
      out.push_back(
          {Diagnostic::Severity::kError, std::string(shape.name), 0, "table not compiled in"});
      continue;
    }
    for (Diagnostic& d : check_table(shape.name, text, shape.cells)) out.push_back(std::move(d));
  }
  for (int i = 0; i < detail::kEmbeddedDataCount; ++i) {
    const std::string_view name = detail::kEmbeddedData[i].first;
    bool known = false;
    for (const TableShape& shape : kShapes) known = known || shape.name == name;
    if (!known) {
      out.push_back({Diagnostic::Severity::kWarning, std::string(name), 0,
                     "table compiled in that no reader is listed for"});
    }
  }
  return out;
}

}  // namespace pg
