#include "graphs/model/json_io.h"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "graphs/base/json_text.h"
#include "graphs/base/text.h"

namespace pg {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kOnIssue = "on_issue";

Json optional_string(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

Json optional_date(const std::optional<Date>& d) { return d ? Json(d->to_iso()) : Json(nullptr); }

Json effective_json(const Effective& e) {
  switch (e.kind) {
    case Effective::Kind::kOnIssue:
      return Json(kOnIssue);
    case Effective::Kind::kDate:
      return Json(e.date.to_iso());
    case Effective::Kind::kUnstated:
      break;
  }
  return Json(nullptr);
}

Json evidence_json(const Evidence& ev) {
  Json j = Json::object();
  j["line"] = ev.line;
  j["quote"] = ev.quote;
  return j;
}

// field -> {"line","quote"}; a field with several pieces of evidence (one per
// promulgated title, say) gets an array of them so that nothing is dropped.
Json field_evidence_json(const std::vector<Document::FieldEvidence>& items) {
  Json out = Json::object();
  for (const auto& item : items) {
    Json one = evidence_json(item.evidence);
    if (!out.contains(item.field)) {
      out[item.field] = std::move(one);
      continue;
    }
    Json& slot = out[item.field];
    if (!slot.is_array()) slot = Json::array({std::move(slot)});
    slot.push_back(std::move(one));
  }
  return out;
}

Json document_json(const Document& d) {
  Json j = Json::object();
  j["doc_no"] = optional_string(d.doc_no);
  j["title"] = d.title;
  j["kind"] = std::string(to_string(d.kind));
  j["issuers"] = d.issuers;
  j["signed"] = optional_date(d.signed_date);
  j["printed"] = optional_date(d.printed_date);
  j["registration_no"] = optional_string(d.registration_no);
  j["effective"] = effective_json(d.effective);
  j["expires"] = optional_date(d.expires);
  j["expires_text"] = optional_string(d.expires_text);
  j["promulgated_titles"] = d.promulgated_titles;
  j["prevails_clause"] = d.prevails_clause;
  j["line_start"] = d.line_start;
  j["line_end"] = d.line_end;
  j["evidence"] = field_evidence_json(d.field_evidence);
  return j;
}

Json edge_json(const Edge& e) {
  Json j = Json::object();
  j["from"] = e.from;
  j["to_doc_no"] = optional_string(e.to_doc_no);
  j["to_title"] = optional_string(e.to_title);
  j["type"] = std::string(to_string(e.type));
  j["line"] = e.line;
  j["evidence"] = e.evidence;
  j["derived"] = e.derived;
  // Only where the text gives them: most references carry no date.
  if (e.from_date) j["from_date"] = e.from_date->to_iso();
  if (e.to_date) j["to_date"] = e.to_date->to_iso();
  return j;
}

// --- reading ---------------------------------------------------------------

// A value of the wrong type; `what()` names the key path. Caught at
// extraction_from_json's edge and turned into an Error.
struct SchemaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& path, const std::string& want) {
  throw SchemaError(path + ": expected " + want);
}

// The reader walks one object and keeps the key path for messages.
class ObjectReader {
 public:
  ObjectReader(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) fail(path_.empty() ? "top level" : path_, "an object");
  }

  // nullptr when the key is absent (a missing key keeps the default).
  const Json* find(const std::string& key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  std::string path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  void string(const std::string& key, std::string& out) const {
    const Json* v = find(key);
    if (!v) return;
    if (!v->is_string()) fail(path(key), "a string");
    out = v->get<std::string>();
  }
  void optional_string(const std::string& key, std::optional<std::string>& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_string()) fail(path(key), "a string or null");
    out = v->get<std::string>();
  }
  void integer(const std::string& key, int& out) const {
    const Json* v = find(key);
    if (!v) return;
    if (!v->is_number_integer()) fail(path(key), "an integer");
    out = v->get<int>();
  }
  void optional_integer(const std::string& key, std::optional<int>& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number_integer()) fail(path(key), "an integer or null");
    out = v->get<int>();
  }
  void boolean(const std::string& key, bool& out) const {
    const Json* v = find(key);
    if (!v) return;
    if (!v->is_boolean()) fail(path(key), "true or false");
    out = v->get<bool>();
  }
  void optional_date(const std::string& key, std::optional<Date>& out) const {
    std::optional<std::string> s;
    optional_string(key, s);
    if (!s) return;
    out = Date::parse_iso(*s);
    if (!out) fail(path(key), "a date YYYY-MM-DD, got \"" + *s + "\"");
  }
  void string_list(const std::string& key, std::vector<std::string>& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_array()) fail(path(key), "an array of strings");
    out.clear();
    for (const auto& item : *v) {
      if (!item.is_string()) fail(path(key), "an array of strings");
      out.push_back(item.get<std::string>());
    }
  }

 private:
  const Json& j_;
  std::string path_;
};

Evidence evidence_from(const Json& j, const std::string& path, const std::string& file) {
  ObjectReader r(j, path);
  Evidence ev;
  ev.file = file;
  r.integer("line", ev.line);
  r.string("quote", ev.quote);
  return ev;
}

Document document_from(const Json& j, const std::string& path, const std::string& file) {
  ObjectReader r(j, path);
  Document d;
  r.optional_string("doc_no", d.doc_no);
  r.string("title", d.title);
  if (const Json* kind = r.find("kind"); kind && !kind->is_null()) {
    auto parsed = kind->is_string() ? parse_document_kind(kind->get<std::string>()) : std::nullopt;
    if (!parsed) fail(r.path("kind"), "\"policy\" or \"other\"");
    d.kind = *parsed;
  }
  r.string_list("issuers", d.issuers);
  r.optional_date("signed", d.signed_date);
  r.optional_date("printed", d.printed_date);
  r.optional_string("registration_no", d.registration_no);
  std::optional<std::string> effective;
  r.optional_string("effective", effective);
  if (effective && *effective == kOnIssue) {
    d.effective.kind = Effective::Kind::kOnIssue;
  } else if (effective) {
    auto date = Date::parse_iso(*effective);
    if (!date) {
      fail(r.path("effective"),
           "null, \"on_issue\" or a date YYYY-MM-DD, got \"" + *effective + "\"");
    }
    d.effective.kind = Effective::Kind::kDate;
    d.effective.date = *date;
  }
  r.optional_date("expires", d.expires);
  r.optional_string("expires_text", d.expires_text);
  r.string_list("promulgated_titles", d.promulgated_titles);
  r.boolean("prevails_clause", d.prevails_clause);
  r.integer("line_start", d.line_start);
  r.integer("line_end", d.line_end);
  if (const Json* ev = r.find("evidence"); ev && !ev->is_null()) {
    ObjectReader fields(*ev, r.path("evidence"));  // checks it is an object
    for (const auto& [field, value] : ev->items()) {
      std::string field_path = r.path("evidence") + "." + field;
      if (value.is_array()) {
        for (const auto& one : value) {
          d.field_evidence.push_back({field, evidence_from(one, field_path, file)});
        }
      } else {
        d.field_evidence.push_back({field, evidence_from(value, field_path, file)});
      }
    }
  }
  return d;
}

Edge edge_from(const Json& j, const std::string& path) {
  ObjectReader r(j, path);
  Edge e;
  r.string("from", e.from);
  r.optional_string("to_doc_no", e.to_doc_no);
  r.optional_string("to_title", e.to_title);
  if (const Json* type = r.find("type")) {
    auto parsed = type->is_string() ? parse_relation_type(type->get<std::string>()) : std::nullopt;
    if (!parsed) {
      fail(r.path("type"), "one of repeals, amends, based_on, implements, forwards, cites");
    }
    e.type = *parsed;
  }
  r.integer("line", e.line);
  r.string("evidence", e.evidence);
  r.boolean("derived", e.derived);
  r.optional_date("from_date", e.from_date);
  r.optional_date("to_date", e.to_date);
  return e;
}

const Json* array_at(const ObjectReader& r, const std::string& key) {
  const Json* v = r.find(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) fail(r.path(key), "an array");
  return v;
}

Extraction extraction_from(const Json& j) {
  ObjectReader r(j, "");
  Extraction e;
  r.string("source", e.source);
  if (const Json* enc = r.find("encoding"); enc && !enc->is_null()) {
    r.string("encoding", e.encoding);
  }
  if (const Json* g = r.find("gazette"); g && !g->is_null()) {
    ObjectReader gr(*g, "gazette");
    gr.optional_string("publisher", e.gazette.publisher);
    gr.optional_integer("year", e.gazette.year);
    gr.optional_string("issue", e.gazette.issue);
  }
  if (const Json* docs = array_at(r, "documents")) {
    for (std::size_t i = 0; i < docs->size(); ++i) {
      e.documents.push_back(
          document_from((*docs)[i], "documents[" + std::to_string(i) + "]", e.source));
    }
  }
  if (const Json* edges = array_at(r, "edges")) {
    for (std::size_t i = 0; i < edges->size(); ++i) {
      e.edges.push_back(edge_from((*edges)[i], "edges[" + std::to_string(i) + "]"));
    }
  }
  if (const Json* notes = r.find("notes"); notes && !notes->is_null()) {
    r.string("notes", e.notes);
  }
  return e;
}

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
  Json j = Json::object();
  // The base name: the directory is where this run found the file, not part
  // of what the gazette says.
  j["source"] = base_name(e.source);
  j["encoding"] = e.encoding.empty() ? Json(nullptr) : Json(e.encoding);
  Json gazette = Json::object();
  gazette["publisher"] = optional_string(e.gazette.publisher);
  gazette["year"] = e.gazette.year ? Json(*e.gazette.year) : Json(nullptr);
  gazette["issue"] = optional_string(e.gazette.issue);
  j["gazette"] = std::move(gazette);
  j["documents"] = Json::array();
  for (const auto& d : e.documents) j["documents"].push_back(document_json(d));
  j["edges"] = Json::array();
  for (const auto& edge : e.edges) j["edges"].push_back(edge_json(edge));
  j["notes"] = e.notes;
  // Document text may hold bytes that are not UTF-8 (a bad PDF extraction):
  // replace them with U+FFFD rather than throw.
  return json_text(j, indent < 0 ? -1 : indent);
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
    return extraction_from(j);
  } catch (const SchemaError& ex) {
    return Error{name, -1, ex.what()};
  } catch (const Json::exception& ex) {
    // Out-of-range integers and the like.
    return Error{name, -1, strip_exception_id(ex.what())};
  }
}

}  // namespace pg
