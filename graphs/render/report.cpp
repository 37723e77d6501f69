#include "graphs/render/report.h"

#include <nlohmann/json.hpp>

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

using nlohmann::ordered_json;

ordered_json evidence_json(const Evidence& e) {
  return {{"file", valid_utf8(base_name(e.file))}, {"line", e.line}, {"quote", valid_utf8(e.quote)}};
}

ordered_json node_json(const CorpusGraph& g, std::size_t i) {
  const Node& n = g.nodes()[i];
  return {{"id", valid_utf8(n.id)},
          {"doc_no", n.doc_no ? ordered_json(valid_utf8(*n.doc_no)) : ordered_json(nullptr)},
          {"title", valid_utf8(n.title)},
          {"issuer", valid_utf8(n.issuer)},
          {"level", std::string(to_string(n.level))},
          {"external", n.external}};
}

ordered_json status_json(const Status& s) {
  return {{"status", std::string(ascii_name(s.kind))},
          {"status_zh", std::string(to_string(s.kind))},
          {"since", s.since ? ordered_json(s.since->to_iso()) : ordered_json(nullptr)},
          {"by", s.by ? ordered_json(valid_utf8(*s.by)) : ordered_json(nullptr)},
          {"detail", valid_utf8(s.detail)},
          {"evidence", evidence_json(s.evidence.evidence)}};
}

ordered_json edge_json(const CorpusGraph& g, std::size_t e) {
  const GraphEdge& edge = g.edges()[e];
  return {{"type", std::string(to_string(edge.type))},
          {"from", valid_utf8(g.nodes()[edge.from].id)},
          {"to", valid_utf8(g.nodes()[edge.to].id)},
          {"derived", edge.derived},
          {"evidence", evidence_json(edge.evidence)}};
}

ordered_json counts_json(const StatusLevelCounts& c) {
  ordered_json j;
  j["total"] = c.total();
  ordered_json by_status;
  for (StatusKind k : kAllStatuses) by_status[std::string(ascii_name(k))] = c.by_status(k);
  j["by_status"] = by_status;
  ordered_json by_level;
  for (Level l : kAllLevels) {
    ordered_json row;
    for (StatusKind k : kAllStatuses) row[std::string(ascii_name(k))] = c.cells[level_index(l)][status_index(k)];
    by_level[std::string(to_string(l))] = row;
  }
  j["by_level"] = by_level;
  return j;
}

}  // namespace

std::string render_json(const CorpusGraph& g, const Report& r) {
  ordered_json j;
  j["as_of"] = r.as_of.to_iso();
  j["issuer"] = r.issuer.empty() ? ordered_json(nullptr) : ordered_json(valid_utf8(r.issuer));
  j["summary"] = {{"documents", r.published.total()},
                  {"in_force", r.published.by_status(StatusKind::kInForce) +
                                   r.published.by_status(StatusKind::kAmended)},
                  {"cited_only", r.cited_only.total()},
                  {"superseded", r.superseded.size()},
                  {"orphans", r.orphans.size()},
                  {"expiring", r.expiring.size()},
                  {"unresolved", r.unresolved.size()},
                  {"unresolved_references", r.unresolved_references},
                  {"findings", r.findings.size()},
                  {"issuers", r.issuers.size()},
                  {"diagrams", r.diagrams.size()}};
  j["counts"] = {{"published", counts_json(r.published)}, {"cited_only", counts_json(r.cited_only)}};

  ordered_json list = ordered_json::array();
  for (const StatusRow& s : r.superseded) {
    ordered_json row = node_json(g, s.node);
    row["status"] = status_json(s.status);
    list.push_back(row);
  }
  j["superseded"] = list;

  list = ordered_json::array();
  for (const Orphan& o : r.orphans) {
    ordered_json row = node_json(g, o.node);
    row["status"] = status_json(o.status);
    row["basis"] = node_json(g, o.basis);
    row["basis"]["status"] = status_json(o.basis_status);
    row["fell_away"] = o.fell_away ? ordered_json(o.fell_away->to_iso()) : ordered_json(nullptr);
    ordered_json chain = ordered_json::array();
    for (std::size_t e : o.edges) chain.push_back(edge_json(g, e));
    row["chain"] = chain;
    list.push_back(row);
  }
  j["orphans"] = list;

  j["expiring_within"] = r.expiring_within.to_string();
  j["expiring_until"] = r.expiring_until.to_iso();
  list = ordered_json::array();
  for (const ExpiringRow& e : r.expiring) {
    ordered_json row = node_json(g, e.node);
    row["expires"] = e.expires.to_iso();
    row["days_left"] = e.days_left;
    row["status"] = status_json(e.status);
    row["evidence"] = evidence_json(e.evidence);
    list.push_back(row);
  }
  j["expiring"] = list;

  list = ordered_json::array();
  for (const UnresolvedGroup& u : r.unresolved) {
    ordered_json row = node_json(g, u.target);
    row["citing_documents"] = u.citing_documents;
    ordered_json refs = ordered_json::array();
    for (std::size_t e : u.references) refs.push_back(edge_json(g, e));
    row["references"] = refs;
    list.push_back(row);
  }
  j["unresolved"] = list;

  list = ordered_json::array();
  for (const Finding& f : r.findings) {
    ordered_json ev = ordered_json::array();
    for (const Sourced& s : f.evidence) {
      ordered_json e = evidence_json(s.evidence);
      e["document"] = valid_utf8(s.document);
      ev.push_back(e);
    }
    list.push_back({{"kind", std::string(to_string(f.kind))},
                    {"subject", valid_utf8(f.subject)},
                    {"message", valid_utf8(f.message)},
                    {"evidence", ev}});
  }
  j["findings"] = list;

  list = ordered_json::array();
  for (const IssuerSection& s : r.issuers) {
    ordered_json by_status;
    for (StatusKind k : kAllStatuses) by_status[std::string(ascii_name(k))] = s.by_status[status_index(k)];
    ordered_json docs = ordered_json::array();
    for (const StatusRow& row : s.documents) {
      ordered_json d = node_json(g, row.node);
      d["status"] = status_json(row.status);
      d["evidence"] = evidence_json(header_evidence(g.nodes()[row.node]));
      docs.push_back(d);
    }
    list.push_back({{"issuer", valid_utf8(s.issuer)},
                    {"level", std::string(to_string(s.level))},
                    {"by_status", by_status},
                    {"documents", docs}});
  }
  j["issuers"] = list;

  list = ordered_json::array();
  for (const Diagram& d : r.diagrams) {
    list.push_back({{"around", valid_utf8(g.nodes()[d.around].id)},
                    {"reason", d.reason},
                    {"depth", d.depth},
                    {"key_types_only", d.key_types_only},
                    {"nodes", d.nodes}});
  }
  j["diagrams"] = list;
  ordered_json notes = ordered_json::array();
  for (const std::string& n : r.diagram_notes) notes.push_back(valid_utf8(n));
  j["diagram_notes"] = notes;
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
