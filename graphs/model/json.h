// The one JSON mapping of each model type: nlohmann `to_json` / `from_json`
// beside the types (found by argument-dependent lookup), so that
// `Json j = document;` and `j.get<Edge>()` mean the same thing in every
// output: `extract`, the CLI's `--json`, `export json` and the report JSON.
// The graph layer maps its own types the same way (graphs/graph/json.h).
//
// Vocabulary, the same in every format: an enumerated value is written as its
// ASCII name under the field named for it ("type": "repeals", "status":
// "repealed", "level": "municipal", "effective": "on_issue"), and its Chinese
// word beside it under the same name + "_zh" ("type_zh": "废止", "status_zh":
// "已废止", "level_zh": "市级", "effective_zh": "自印发之日起施行"). put_term
// is the one place that writes such a pair.
//
// Strings are written as they are; serialize with json_text()
// (graphs/base/json_text.h), which replaces invalid UTF-8 by U+FFFD.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "graphs/model/model.h"

namespace pg {

// Every mapping writes this type: keys stay in the order they are written.
using Json = nlohmann::ordered_json;

// j[key] = ascii, j[key + "_zh"] = zh.
void put_term(Json& j, const std::string& key, std::string_view ascii, std::string_view zh);

// A value of the wrong type or an unknown name while reading. `path` names
// the key from the top of the document ("documents[2].signed"); the readers
// prefix it on the way out (see JsonSchemaError::within).
class JsonSchemaError : public std::runtime_error {
 public:
  JsonSchemaError(std::string path, std::string want);
  const std::string& path() const { return path_; }
  const std::string& want() const { return want_; }
  // The same error one level further out: "documents[2]" + "signed".
  JsonSchemaError within(const std::string& outer) const;

 private:
  std::string path_;
  std::string want_;
};

// {"file", "line", "page", "quote"}; file is the path as stored, never
// shortened. "page" only when the evidence has one (a PDF); reading, an
// absent or null page is 0 and a present one must be 1 or more.
void to_json(Json& j, const Evidence& e);
void from_json(const Json& j, Evidence& e);

// The document of tests/data/SCHEMA.md, keys in the schema's order, then
// "effective_zh" after "effective", and "evidence": field -> {"line",
// "page" (only when nonzero), "quote"} (an array when a field has several). The file of that evidence is
// the file the document is read from (Extraction::source, Node::source), so
// it is not repeated; from_json leaves Evidence::file empty.
void to_json(Json& j, const Document& d);
void from_json(const Json& j, Document& d);

// The edge of tests/data/SCHEMA.md, with "type_zh" after "type";
// "page" (after "line"), "from_date" and "to_date" only when set.
void to_json(Json& j, const Edge& e);
void from_json(const Json& j, Edge& e);

// {"publisher", "year", "issue"}.
void to_json(Json& j, const GazetteInfo& g);
void from_json(const Json& j, GazetteInfo& g);

// The whole extraction: "source" (the base name: the folder is where this run
// found the file, not part of what it says), "encoding", "gazette",
// "documents", "edges", "notes". from_json sets every field evidence's file
// to the source.
void to_json(Json& j, const Extraction& e);
void from_json(const Json& j, Extraction& e);

// {"severity", "file", "line", "message"}.
void to_json(Json& j, const Diagnostic& d);

}  // namespace pg
