// The extraction JSON format (tests/data/SCHEMA.md): writing it for
// `policygraph extract`, reading it back for gold files and tests.
#pragma once

#include <string>
#include <string_view>

#include "graphs/base/result.h"
#include "graphs/model/model.h"

namespace pg {

// Pretty (indent >= 0) or one-line (indent < 0) JSON of one extraction, with
// keys in the schema's order. Text from documents is escaped by the JSON
// writer. Extra keys: "encoding", and per document "evidence".
std::string to_json(const Extraction& e, int indent = 2);

// Reads an extraction (a gold file or our own output). Unknown keys are
// ignored; a malformed file is an Error naming `name` and the parse position.
Result<Extraction> extraction_from_json(std::string_view text, const std::string& name);

}  // namespace pg
