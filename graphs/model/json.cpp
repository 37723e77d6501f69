#include "graphs/model/json.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "graphs/base/text.h"

namespace pg {
namespace {

Json optional_string(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

Json optional_date(const std::optional<Date>& d) { return d ? Json(d->to_iso()) : Json(nullptr); }

// A field's evidence without its file (the document's file is the source).
Json field_evidence_json(const Evidence& ev) {
  Json j = Json::object();
  j["line"] = ev.line;
  if (ev.page > 0) j["page"] = ev.page;
  j["quote"] = ev.quote;
  return j;
}

// field -> {"line","quote"}; a field with several pieces of evidence (one per
// promulgated title, say) gets an array of them so that nothing is dropped.
Json field_evidence_json(const std::vector<Document::FieldEvidence>& items) {
  Json out = Json::object();
  for (const auto& item : items) {
    Json one = field_evidence_json(item.evidence);
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

// --- reading ---------------------------------------------------------------

[[noreturn]] void fail(const std::string& path, const std::string& want) {
  throw JsonSchemaError(path, want);
}

// Reads one object's keys; a missing key keeps the default. Errors name the
// key; the caller adds the path to the object (JsonSchemaError::within).
class ObjectReader {
 public:
  explicit ObjectReader(const Json& j) : j_(j) {
    if (!j_.is_object()) fail("", "an object");
  }

  // nullptr when the key is absent.
  const Json* find(const std::string& key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  void string(const std::string& key, std::string& out) const {
    const Json* v = find(key);
    if (!v) return;
    if (!v->is_string()) fail(key, "a string");
    out = v->get<std::string>();
  }
  // Like string(), but null also keeps the default.
  void nullable_string(const std::string& key, std::string& out) const {
    if (const Json* v = find(key); v && !v->is_null()) string(key, out);
  }
  void optional_string(const std::string& key, std::optional<std::string>& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_string()) fail(key, "a string or null");
    out = v->get<std::string>();
  }
  void integer(const std::string& key, int& out) const {
    const Json* v = find(key);
    if (!v) return;
    if (!v->is_number_integer()) fail(key, "an integer");
    out = v->get<int>();
  }
  // A page number: absent or null keeps 0 (no page), otherwise at least 1.
  void page(const std::string& key, int& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number_integer() || v->get<long long>() < 1 || v->get<long long>() > INT32_MAX) {
      fail(key, "a page number of 1 or more");
    }
    out = v->get<int>();
  }
  void optional_integer(const std::string& key, std::optional<int>& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number_integer()) fail(key, "an integer or null");
    out = v->get<int>();
  }
  void boolean(const std::string& key, bool& out) const {
    const Json* v = find(key);
    if (!v) return;
    if (!v->is_boolean()) fail(key, "true or false");
    out = v->get<bool>();
  }
  void optional_date(const std::string& key, std::optional<Date>& out) const {
    std::optional<std::string> s;
    optional_string(key, s);
    if (!s) return;
    out = Date::parse_iso(*s);
    if (!out) fail(key, "a date YYYY-MM-DD, got \"" + *s + "\"");
  }
  void string_list(const std::string& key, std::vector<std::string>& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_array()) fail(key, "an array of strings");
    out.clear();
    for (const auto& item : *v) {
      if (!item.is_string()) fail(key, "an array of strings");
      out.push_back(item.get<std::string>());
    }
  }
  // The elements of an array (none for a missing key or null), each read by
  // from_json; errors name "key[i]".
  template <class T>
  void list(const std::string& key, std::vector<T>& out) const {
    const Json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_array()) fail(key, "an array");
    for (std::size_t i = 0; i < v->size(); ++i) {
      out.push_back(read<T>((*v)[i], key + "[" + std::to_string(i) + "]"));
    }
  }
  // One value read by from_json; errors are prefixed with `path`.
  template <class T>
  static T read(const Json& j, const std::string& path) {
    T value;
    try {
      from_json(j, value);
    } catch (const JsonSchemaError& e) {
      throw e.within(path);
    }
    return value;
  }

 private:
  const Json& j_;
};

}  // namespace

void put_term(Json& j, const std::string& key, std::string_view ascii, std::string_view zh) {
  j[key] = std::string(ascii);
  j[key + "_zh"] = std::string(zh);
}

JsonSchemaError::JsonSchemaError(std::string path, std::string want)
    : std::runtime_error((path.empty() ? "top level" : path) + ": expected " + want),
      path_(std::move(path)),
      want_(std::move(want)) {}

JsonSchemaError JsonSchemaError::within(const std::string& outer) const {
  if (outer.empty()) return *this;
  if (path_.empty()) return JsonSchemaError(outer, want_);
  return JsonSchemaError(outer + (path_.front() == '[' ? "" : ".") + path_, want_);
}

// --- Evidence ----------------------------------------------------------------

void to_json(Json& j, const Evidence& e) {
  j = Json::object();
  j["file"] = e.file;
  j["line"] = e.line;
  // Only for a paged input (a PDF): text outputs stay as they were.
  if (e.page > 0) j["page"] = e.page;
  j["quote"] = e.quote;
}

void from_json(const Json& j, Evidence& e) {
  ObjectReader r(j);
  r.string("file", e.file);
  r.integer("line", e.line);
  r.page("page", e.page);
  r.string("quote", e.quote);
}

// --- Document ----------------------------------------------------------------

void to_json(Json& j, const Document& d) {
  j = Json::object();
  j["doc_no"] = optional_string(d.doc_no);
  j["title"] = d.title;
  j["kind"] = std::string(to_string(d.kind));
  j["issuers"] = d.issuers;
  j["signed"] = optional_date(d.signed_date);
  j["printed"] = optional_date(d.printed_date);
  j["registration_no"] = optional_string(d.registration_no);
  j["effective"] = optional_string(effective_value(d.effective));
  j["effective_zh"] = std::string(zh_name(d.effective.kind));
  j["expires"] = optional_date(d.expires);
  j["expires_text"] = optional_string(d.expires_text);
  j["promulgated_titles"] = d.promulgated_titles;
  j["prevails_clause"] = d.prevails_clause;
  j["line_start"] = d.line_start;
  j["line_end"] = d.line_end;
  j["evidence"] = field_evidence_json(d.field_evidence);
}

void from_json(const Json& j, Document& d) {
  ObjectReader r(j);
  r.optional_string("doc_no", d.doc_no);
  r.string("title", d.title);
  if (const Json* kind = r.find("kind"); kind && !kind->is_null()) {
    auto parsed = kind->is_string() ? parse_document_kind(kind->get<std::string>()) : std::nullopt;
    if (!parsed) fail("kind", "\"policy\" or \"other\"");
    d.kind = *parsed;
  }
  r.string_list("issuers", d.issuers);
  r.optional_date("signed", d.signed_date);
  r.optional_date("printed", d.printed_date);
  r.optional_string("registration_no", d.registration_no);
  std::optional<std::string> effective;
  r.optional_string("effective", effective);
  if (effective) {
    auto parsed = parse_effective_value(*effective);
    if (!parsed) {
      fail("effective", "null, \"on_issue\" or a date YYYY-MM-DD, got \"" + *effective + "\"");
    }
    d.effective = *parsed;
  }
  r.optional_date("expires", d.expires);
  r.optional_string("expires_text", d.expires_text);
  r.string_list("promulgated_titles", d.promulgated_titles);
  r.boolean("prevails_clause", d.prevails_clause);
  r.integer("line_start", d.line_start);
  r.integer("line_end", d.line_end);
  if (const Json* ev = r.find("evidence"); ev && !ev->is_null()) {
    if (!ev->is_object()) fail("evidence", "an object");
    for (const auto& [field, value] : ev->items()) {
      std::string path = "evidence." + field;
      if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
          std::string item = path + "[" + std::to_string(i) + "]";
          d.field_evidence.push_back({field, ObjectReader::read<Evidence>(value[i], item)});
        }
      } else {
        d.field_evidence.push_back({field, ObjectReader::read<Evidence>(value, path)});
      }
    }
  }
}

// --- Edge --------------------------------------------------------------------

void to_json(Json& j, const Edge& e) {
  j = Json::object();
  j["from"] = e.from;
  j["to_doc_no"] = optional_string(e.to_doc_no);
  j["to_title"] = optional_string(e.to_title);
  put_term(j, "type", to_string(e.type), zh_name(e.type));
  j["line"] = e.line;
  if (e.page > 0) j["page"] = e.page;
  j["evidence"] = e.evidence;
  j["derived"] = e.derived;
  // Only where the text gives them: most references carry no date.
  if (e.from_date) j["from_date"] = e.from_date->to_iso();
  if (e.to_date) j["to_date"] = e.to_date->to_iso();
  if (e.scope) j["scope"] = *e.scope;
}

void from_json(const Json& j, Edge& e) {
  ObjectReader r(j);
  r.string("from", e.from);
  r.optional_string("to_doc_no", e.to_doc_no);
  r.optional_string("to_title", e.to_title);
  if (const Json* type = r.find("type")) {
    auto parsed = type->is_string() ? parse_relation_type(type->get<std::string>()) : std::nullopt;
    if (!parsed) fail("type", "one of repeals, amends, based_on, implements, forwards, cites");
    e.type = *parsed;
  }
  r.integer("line", e.line);
  r.page("page", e.page);
  r.string("evidence", e.evidence);
  r.boolean("derived", e.derived);
  r.optional_date("from_date", e.from_date);
  r.optional_date("to_date", e.to_date);
  r.optional_string("scope", e.scope);
}

// --- GazetteInfo, Extraction ---------------------------------------------------

void to_json(Json& j, const GazetteInfo& g) {
  j = Json::object();
  j["publisher"] = optional_string(g.publisher);
  j["year"] = g.year ? Json(*g.year) : Json(nullptr);
  j["issue"] = optional_string(g.issue);
}

void from_json(const Json& j, GazetteInfo& g) {
  ObjectReader r(j);
  r.optional_string("publisher", g.publisher);
  r.optional_integer("year", g.year);
  r.optional_string("issue", g.issue);
}

void to_json(Json& j, const Extraction& e) {
  j = Json::object();
  j["source"] = base_name(e.source);
  j["encoding"] = e.encoding.empty() ? Json(nullptr) : Json(e.encoding);
  j["gazette"] = e.gazette;
  j["documents"] = e.documents;
  j["edges"] = e.edges;
  j["notes"] = e.notes;
}

void from_json(const Json& j, Extraction& e) {
  ObjectReader r(j);
  r.string("source", e.source);
  r.nullable_string("encoding", e.encoding);
  if (const Json* g = r.find("gazette"); g && !g->is_null()) {
    e.gazette = ObjectReader::read<GazetteInfo>(*g, "gazette");
  }
  r.list("documents", e.documents);
  r.list("edges", e.edges);
  r.nullable_string("notes", e.notes);
  for (Document& d : e.documents) {
    for (auto& fe : d.field_evidence) fe.evidence.file = e.source;
  }
}

// --- Diagnostic -----------------------------------------------------------------

void to_json(Json& j, const Diagnostic& d) {
  j = Json::object();
  j["severity"] = std::string(to_string(d.severity));
  j["file"] = d.file;
  j["line"] = d.line;
  if (d.page > 0) j["page"] = d.page;
  j["message"] = d.message;
}

}  // namespace pg
