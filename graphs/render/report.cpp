#include "graphs/render/report.h"

#include <nlohmann/json.hpp>

#include "graphs/answers/json.h"
#include "graphs/base/json_text.h"
#include "graphs/base/text.h"
#include "graphs/base/utf8.h"
#include "graphs/render/report_text.h"

namespace pg {

// ------------------------------------------------------------- formats ----

std::string_view to_string(ReportFormat f) {
  switch (f) {
    case ReportFormat::kHtml: return "html";
    case ReportFormat::kMarkdown: return "md";
    case ReportFormat::kJson: return "json";
  }
  return "html";
}

std::optional<ReportFormat> parse_report_format(std::string_view s) {
  if (s == "html") return ReportFormat::kHtml;
  if (s == "md" || s == "markdown") return ReportFormat::kMarkdown;
  if (s == "json") return ReportFormat::kJson;
  return std::nullopt;
}

// --------------------------------------------------------------- json ----

namespace {

// Nodes, edges, statuses and findings are written by the mappings every
// output shares (graphs/graph/json.h, graphs/answers/json.h); the functions
// here put the report's sections together, one function per section.

Json summary_json(const Report& r) {
  Json j;
  j["documents"] = r.published.total();
  j["in_force"] =
      r.published.by_status(StatusKind::kInForce) + r.published.by_status(StatusKind::kAmended);
  j["cited_only"] = r.cited_only.total();
  j["superseded"] = r.superseded.size();
  j["orphans"] = r.orphans.size();
  j["expiring"] = r.expiring.size();
  j["unresolved"] = r.unresolved.size();
  j["unresolved_references"] = r.unresolved_references;
  j["findings"] = r.findings.size();
  j["issuers"] = r.issuers.size();
  j["diagrams"] = r.diagrams.size();
  return j;
}

// Status counts keyed by the status's ASCII name, in StatusKind order.
template <class Count>
Json by_status_json(Count count) {
  Json j;
  for (StatusKind k : kAllStatuses) j[std::string(ascii_name(k))] = count(k);
  return j;
}

Json counts_json(const StatusLevelCounts& c) {
  Json j;
  j["total"] = c.total();
  j["by_status"] = by_status_json([&](StatusKind k) { return c.by_status(k); });
  Json by_level;
  for (Level l : kAllLevels) {
    by_level[std::string(to_string(l))] =
        by_status_json([&](StatusKind k) { return c.cells[level_index(l)][status_index(k)]; });
  }
  j["by_level"] = by_level;
  return j;
}

// One JSON value per item of `items`, by `one`.
template <class T, class F>
Json list_json(const std::vector<T>& items, F one) {
  Json list = Json::array();
  for (const T& item : items) list.push_back(one(item));
  return list;
}

Json issuer_json(const CorpusGraph& g, const IssuerSection& s) {
  Json j;
  j["issuer"] = s.issuer;
  put_term(j, "level", to_string(s.level), zh_name(s.level));
  j["by_status"] = by_status_json([&](StatusKind k) { return s.by_status[status_index(k)]; });
  j["documents"] = list_json(s.documents, [&](const StatusRow& row) {
    Json d = status_row_json(g, row.node, row.status);
    d["evidence"] = header_evidence(g.nodes()[row.node]);
    return d;
  });
  return j;
}

Json diagram_json(const CorpusGraph& g, const Diagram& d) {
  Json j;
  j["around"] = g.nodes()[d.around].id;
  j["reason"] = d.reason;
  j["depth"] = d.depth;
  j["key_types_only"] = d.key_types_only;
  j["nodes"] = d.nodes;
  return j;
}

}  // namespace

std::string render_json(const CorpusGraph& g, const Report& r) {
  Json j;
  j["as_of"] = r.as_of.to_iso();
  j["issuer"] = r.issuer.empty() ? Json(nullptr) : Json(r.issuer);
  j["summary"] = summary_json(r);
  j["counts"] = {{"published", counts_json(r.published)},
                 {"cited_only", counts_json(r.cited_only)}};
  j["superseded"] = list_json(
      r.superseded, [&](const StatusRow& s) { return status_row_json(g, s.node, s.status); });
  j["orphans"] = list_json(r.orphans, [&](const Orphan& o) { return orphan_json(g, o); });
  j["expiring_within"] = r.expiring_within.to_string();
  j["expiring_until"] = r.expiring_until.to_iso();
  j["expiring"] = list_json(r.expiring, [&](const ExpiringRow& e) { return expiring_json(g, e); });
  j["unresolved"] =
      list_json(r.unresolved, [&](const UnresolvedGroup& u) { return unresolved_json(g, u); });
  j["findings"] = r.findings;
  j["issuers"] = list_json(r.issuers, [&](const IssuerSection& s) { return issuer_json(g, s); });
  j["diagrams"] = list_json(r.diagrams, [&](const Diagram& d) { return diagram_json(g, d); });
  j["diagram_notes"] = r.diagram_notes;
  // Document text may hold invalid UTF-8: json_text writes U+FFFD for it.
  return json_text(j) + "\n";
}

std::string render(const CorpusGraph& graph, const Report& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kHtml: return render_html(graph, report);
    case ReportFormat::kMarkdown: return render_markdown(graph, report);
    case ReportFormat::kJson: return render_json(graph, report);
  }
  return render_html(graph, report);
}

}  // namespace pg
