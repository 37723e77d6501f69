// The web pages' files (graphs/render/web/assets/: the page template, the
// stylesheet and the script), compiled in as the report's templates are.
#pragma once

#include <string_view>

namespace pg::web {

// The text of graphs/render/web/assets/<name> ("app.css"); empty when there
// is no such file.
std::string_view asset_file(std::string_view name);

// The Content-Type of an asset by its extension ("text/css; charset=utf-8").
std::string_view asset_type(std::string_view name);

}  // namespace pg::web
