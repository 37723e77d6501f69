// Serializing JSON for output: the one place that chooses how strings that
// are not valid UTF-8 (a file name, a document's text, a command argument)
// are written.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pg {

// j.dump(indent), except that invalid UTF-8 becomes U+FFFD instead of
// throwing nlohmann::json::type_error 316. For nlohmann::json and
// nlohmann::ordered_json alike.
template <class Json>
std::string json_text(const Json& j, int indent = 2) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace pg
