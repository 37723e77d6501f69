#include "graphs/render/templates.h"

#include <utility>

namespace pg {
namespace detail {
extern const std::pair<std::string_view, std::string_view> kEmbeddedTemplates[];
extern const int kEmbeddedTemplateCount;
}  // namespace detail

std::string_view template_file(std::string_view name) {
  for (int i = 0; i < detail::kEmbeddedTemplateCount; ++i) {
    if (detail::kEmbeddedTemplates[i].first == name) return detail::kEmbeddedTemplates[i].second;
  }
  return {};
}

}  // namespace pg
