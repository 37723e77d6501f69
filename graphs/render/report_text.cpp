#include "graphs/render/report_text.h"

#include "graphs/base/utf8.h"

namespace pg::report_text {

std::string shorten(std::string_view s, std::size_t max) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < max) {
    next_code_point(s, i);
    ++n;
  }
  if (i >= s.size()) return std::string(s);
  return std::string(s.substr(0, i)) + "…";
}

std::string date_or_empty(const std::optional<Date>& d) { return d ? d->to_iso() : ""; }

std::string effective_text(const Document& d) {
  switch (d.effective.kind) {
    case Effective::Kind::kDate: return d.effective.date.to_iso();
    case Effective::Kind::kOnIssue: return "自印发之日";
    case Effective::Kind::kUnstated: return "";
  }
  return "";
}

std::string status_text(const Status& s) {
  std::string out(to_string(s.kind));
  if (s.since) out += " " + s.since->to_iso();
  return out;
}

}  // namespace pg::report_text
