#include "analyzer/data/tables.h"

#include <utility>

namespace pg {
namespace detail {
extern const std::pair<std::string_view, std::string_view> kEmbeddedData[];
extern const int kEmbeddedDataCount;
}  // namespace detail

std::string_view data_file(std::string_view name) {
  for (int i = 0; i < detail::kEmbeddedDataCount; ++i) {
    if (detail::kEmbeddedData[i].first == name) return detail::kEmbeddedData[i].second;
  }
  return {};
}

std::vector<std::vector<std::string_view>> tsv_rows(std::string_view name) {
  std::vector<std::vector<std::string_view>> rows;
  std::string_view text = data_file(name);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
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
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace pg
