#include "graphs/model/json_io.h"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "graphs/base/json_text.h"
#include "graphs/base/text.h"
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

// The one-line JSON of an extraction written straight from the model, byte
// for byte what json_text(Json(e), -1) writes (keys in to_json's order, a
// field with several pieces of evidence as an array at the place of its
// first), without building the Json tree: this is every line of `extract
// --format jsonl` and of ingest. False when a string is not valid UTF-8:
// the caller then goes through Json, whose writer decides what that becomes.
class CompactWriter {
 public:
  explicit CompactWriter(std::string& out) : out_(out) {}

  bool extraction(const Extraction& e) {
    out_ += "{\"source\":";
    if (!string(base_name(e.source))) return false;
    out_ += ",\"encoding\":";
    if (e.encoding.empty()) {
      out_ += "null";
    } else if (!string(e.encoding)) {
      return false;
    }
    out_ += ",\"gazette\":{\"publisher\":";
    if (!optional_string(e.gazette.publisher)) return false;
    out_ += ",\"year\":";
    if (e.gazette.year) {
      detail::append_integer(out_, *e.gazette.year);
    } else {
      out_ += "null";
    }
    out_ += ",\"issue\":";
    if (!optional_string(e.gazette.issue)) return false;
    out_ += "},\"documents\":[";
    for (std::size_t i = 0; i < e.documents.size(); ++i) {
      if (i > 0) out_ += ',';
      if (!document(e.documents[i])) return false;
    }
    out_ += "],\"edges\":[";
    for (std::size_t i = 0; i < e.edges.size(); ++i) {
      if (i > 0) out_ += ',';
      if (!edge(e.edges[i])) return false;
    }
    out_ += "],\"notes\":";
    if (!string(e.notes)) return false;
    out_ += '}';
    return true;
  }

 private:
  bool string(std::string_view s) { return detail::append_json_string(out_, s); }
  bool optional_string(const std::optional<std::string>& s) {
    if (s) return string(*s);
    out_ += "null";
    return true;
  }
  void optional_date(const std::optional<Date>& d) {
    if (!d) {
      out_ += "null";
      return;
    }
    date(*d);
  }
  void date(const Date& d) {
    out_ += '"';
    out_ += d.to_iso();  // digits and '-' only
    out_ += '"';
  }
  bool strings(const std::vector<std::string>& list) {
    out_ += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out_ += ',';
      if (!string(list[i])) return false;
    }
    out_ += ']';
    return true;
  }
  void boolean(bool b) { out_ += b ? "true" : "false"; }

  bool evidence(const Evidence& ev) {
    out_ += "{\"line\":";
    detail::append_integer(out_, ev.line);
    if (ev.page > 0) {
      out_ += ",\"page\":";
      detail::append_integer(out_, ev.page);
    }
    out_ += ",\"quote\":";
    if (!string(ev.quote)) return false;
    out_ += '}';
    return true;
  }

  bool document(const Document& d) {
    out_ += "{\"doc_no\":";
    if (!optional_string(d.doc_no)) return false;
    out_ += ",\"title\":";
    if (!string(d.title)) return false;
    out_ += ",\"kind\":";
    if (!string(to_string(d.kind))) return false;
    out_ += ",\"issuers\":";
    if (!strings(d.issuers)) return false;
    out_ += ",\"signed\":";
    optional_date(d.signed_date);
    out_ += ",\"printed\":";
    optional_date(d.printed_date);
    out_ += ",\"registration_no\":";
    if (!optional_string(d.registration_no)) return false;
    out_ += ",\"effective\":";
    if (!optional_string(effective_value(d.effective))) return false;
    out_ += ",\"effective_zh\":";
    if (!string(zh_name(d.effective.kind))) return false;
    out_ += ",\"expires\":";
    optional_date(d.expires);
    out_ += ",\"expires_text\":";
    if (!optional_string(d.expires_text)) return false;
    out_ += ",\"promulgated_titles\":";
    if (!strings(d.promulgated_titles)) return false;
    out_ += ",\"prevails_clause\":";
    boolean(d.prevails_clause);
    out_ += ",\"line_start\":";
    detail::append_integer(out_, d.line_start);
    out_ += ",\"line_end\":";
    detail::append_integer(out_, d.line_end);
    out_ += ",\"evidence\":";
    if (!field_evidence(d.field_evidence)) return false;
    out_ += '}';
    return true;
  }

  // As field_evidence_json in json.cpp: fields in the order they first
  // appear; a field met again makes an array of all its pieces there. The
  // fields are the few names the extractor gives evidence for, so a pass
  // per field stays linear in the pieces.
  bool field_evidence(const std::vector<Document::FieldEvidence>& items) {
    fields_.clear();
    for (const Document::FieldEvidence& item : items) {
      if (std::find(fields_.begin(), fields_.end(), item.field) == fields_.end()) {
        fields_.push_back(item.field);
      }
    }
    out_ += '{';
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      const std::string_view field = fields_[f];
      if (f > 0) out_ += ',';
      if (!string(field)) return false;
      out_ += ':';
      std::size_t count = 0;
      for (const Document::FieldEvidence& item : items) count += item.field == field;
      if (count > 1) out_ += '[';
      bool first = true;
      for (const Document::FieldEvidence& item : items) {
        if (item.field != field) continue;
        if (!first) out_ += ',';
        first = false;
        if (!evidence(item.evidence)) return false;
      }
      if (count > 1) out_ += ']';
    }
    out_ += '}';
    return true;
  }

  bool edge(const Edge& e) {
    out_ += "{\"from\":";
    if (!string(e.from)) return false;
    out_ += ",\"to_doc_no\":";
    if (!optional_string(e.to_doc_no)) return false;
    out_ += ",\"to_title\":";
    if (!optional_string(e.to_title)) return false;
    out_ += ",\"type\":";
    if (!string(to_string(e.type))) return false;
    out_ += ",\"type_zh\":";
    if (!string(zh_name(e.type))) return false;
    out_ += ",\"line\":";
    detail::append_integer(out_, e.line);
    if (e.page > 0) {
      out_ += ",\"page\":";
      detail::append_integer(out_, e.page);
    }
    out_ += ",\"evidence\":";
    if (!string(e.evidence)) return false;
    out_ += ",\"derived\":";
    boolean(e.derived);
    if (e.from_date) {
      out_ += ",\"from_date\":";
      date(*e.from_date);
    }
    if (e.to_date) {
      out_ += ",\"to_date\":";
      date(*e.to_date);
    }
    if (e.scope) {
      out_ += ",\"scope\":";
      if (!string(*e.scope)) return false;
    }
    out_ += '}';
    return true;
  }

  std::string& out_;
  std::vector<std::string_view> fields_;
};

}  // namespace

std::string to_json(const Extraction& e, int indent) {
  if (indent < 0) {
    std::string out;
    if (CompactWriter(out).extraction(e)) return out;
  }
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
