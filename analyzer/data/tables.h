// Data tables (analyzer/data/*.tsv), compiled into the binary at build time so
// that policygraph runs from any directory. The words that type a reference
// (cues.tsv, title_cues.tsv, list_headings.tsv, validity_cues.tsv), agency
// codes, stop words and title endings live there, not in code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pg {

// The contents of analyzer/data/NAME (e.g. "cues.tsv"); empty if unknown.
std::string_view data_file(std::string_view name);

// Its rows split at tabs; '#' comment lines and blank lines skipped. Views
// point into static storage.
std::vector<std::vector<std::string_view>> tsv_rows(std::string_view name);

}  // namespace pg
