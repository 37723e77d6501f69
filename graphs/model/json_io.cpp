#include "graphs/model/json_io.h"

#include <nlohmann/json.hpp>

#include "graphs/base/json_text.h"
#include "graphs/model/json.h"

namespace pg {
namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] "; the
// position is reported separately, so keep only the readable part.
std::string strip_exception_id(const std::string& what) {
  if (!what.empty() && what.front() == '[') {
    auto close = what.find("] ");
    if (close != std::string::npos) return what.substr(close + 2);
  }
  return what;
}

}  // namespace

std::string to_json(const Extraction& e, int indent) {
  // Document text may hold bytes that are not UTF-8 (a bad PDF extraction):
  // json_text replaces them with U+FFFD rather than throw.
  return json_text(Json(e), indent < 0 ? -1 : indent);
}

Result<Extraction> extraction_from_json(std::string_view text, const std::string& name) {
  Json j;
  try {
    j = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& ex) {
    return Error{name, static_cast<std::int64_t>(ex.byte), strip_exception_id(ex.what())};
  } catch (const Json::exception& ex) {
    return Error{name, -1, strip_exception_id(ex.what())};
  }
  try {
    return j.get<Extraction>();
  } catch (const JsonSchemaError& ex) {
    return Error{name, -1, ex.what()};
  } catch (const Json::exception& ex) {
    // Out-of-range integers and the like.
    return Error{name, -1, strip_exception_id(ex.what())};
  }
}

}  // namespace pg
