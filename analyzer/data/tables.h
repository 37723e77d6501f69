// Data tables (analyzer/data/*.tsv), compiled into the binary at build time so
// that policygraph runs from any directory. The words that type a reference
// (cues.tsv, title_cues.tsv, list_headings.tsv, validity_cues.tsv), the verbs
// of a law's history note (history_verbs.tsv), agency
// codes, stop words and title endings live there, not in code.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/model/model.h"

namespace pg {

// The contents of analyzer/data/NAME (e.g. "cues.tsv"); empty if unknown.
std::string_view data_file(std::string_view name);

// Its rows split at tabs; '#' comment lines and blank lines skipped. Views
// point into static storage.
std::vector<std::vector<std::string_view>> tsv_rows(std::string_view name);

// The words of history_verbs.tsv whose kind is one of `kinds`, in the
// table's order (strongest first).
std::vector<std::string_view> history_verbs(std::initializer_list<std::string_view> kinds);

// A table the readers use, and the cells each of its rows must have: the
// readers skip a shorter row (or one with an empty cell among those), so such
// a row is a mistake in the table that would otherwise go unseen.
struct TableShape {
  std::string_view name;
  std::size_t cells = 1;
};
std::span<const TableShape> table_shapes();

// The rows of `text`, read as tsv_rows reads them, that a reader would skip:
// fewer than `cells` cells, or an empty one among them. One warning each,
// naming `name` and the 1-based line.
std::vector<Diagnostic> check_table(std::string_view name, std::string_view text,
                                    std::size_t cells);
// check_table on every table of table_shapes(), plus an error for a table
// that is not compiled in and a warning for a compiled-in table that no
// shape lists (no reader, or one this list does not know).
std::vector<Diagnostic> check_tables();

}  // namespace pg
