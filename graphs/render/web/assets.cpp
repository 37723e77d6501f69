#include "graphs/render/web/assets.h"

#include <utility>

namespace pg {
namespace detail {
extern const std::pair<std::string_view, std::string_view> kEmbeddedWebAssets[];
extern const int kEmbeddedWebAssetCount;
}  // namespace detail

namespace web {

std::string_view asset_file(std::string_view name) {
  for (int i = 0; i < detail::kEmbeddedWebAssetCount; ++i) {
    if (detail::kEmbeddedWebAssets[i].first == name) return detail::kEmbeddedWebAssets[i].second;
  }
  return {};
}

std::string_view asset_type(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  return "text/plain; charset=utf-8";
}

}  // namespace web
}  // namespace pg
