// The report as GitHub-flavoured Markdown: one table per section, the
// diagrams listed (they are drawn in the HTML report only).
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "graphs/base/text.h"
#include "graphs/base/text_escape.h"
#include "graphs/base/utf8.h"
#include "graphs/render/report.h"
#include "graphs/render/report_text.h"

namespace pg {

using namespace report_text;

std::string markdown_escape(std::string_view text) {
  static constexpr std::string_view kPunctuation = "\\`*_[]|#~!";
  return escape_bytes(valid_utf8(text), [](std::string& out, char c) {
    if (const char* entity = markup_entity(c, /*quote=*/false)) {
      out += entity;
    } else if (kPunctuation.find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else if (is_control_char(c)) {
      out += ' ';
    } else {
      out += c;
    }
  });
}

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string md(std::string_view s) { return markdown_escape(s); }

std::string md_label(const Node& n) { return md(label_of(n)); }

std::string md_label_id(const CorpusGraph& g, const std::string& id) {
  if (auto i = g.index_of(id)) return md_label(g.nodes()[*i]);
  return md(id);
}

std::string md_evidence(const Evidence& e) {
  if (e.file.empty() && e.quote.empty()) return "";
  std::string out = md(base_name(e.file)) + ":" + std::to_string(e.line);
  if (!e.quote.empty()) out += " 「" + md(shorten(e.quote, 60)) + "」";
  return out;
}

std::string md_status(const Status& s) { return md(status_text(s)); }

std::string md_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string md_table(const std::vector<std::string>& headers, const Rows& rows) {
  std::string out = md_row(headers);
  out += "|";
  for (std::size_t i = 0; i < headers.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& r : rows) out += md_row(r);
  return out + "\n";
}

// A section's table, or "None." when it has no rows.
std::string md_table_or_none(const std::vector<std::string>& headers, const Rows& rows) {
  return rows.empty() ? "None.\n\n" : md_table(headers, rows);
}

// "## heading (count)".
std::string md_heading(const std::string& text, std::size_t count) {
  return "## " + text + " (" + std::to_string(count) + ")\n\n";
}

// The title, the date and scope, the caveat.
std::string md_header(const Report& r) {
  std::string o = "# 规范性文件审核报告 Audit report\n\n";
  o += "截至 as of " + r.as_of.to_iso() + " · " +
       (r.issuer.empty() ? std::string("all issuers 全部发文机关")
                         : "issuer 发文机关 ∋ " + md(r.issuer)) +
       " · policygraph\n\n";
  o += "This report says what the documents say; it is not a judgement of legal validity.\n\n";
  return o;
}

std::string md_summary(const Report& r) {
  const auto& p = r.published;
  return "## 概要 Summary\n\n" +
         md_table(
             {"item", "count"},
             {{"收录文件 documents in the corpus", std::to_string(p.total())},
              {"现行有效（含已修改） in force", std::to_string(p.by_status(StatusKind::kInForce) +
                                                               p.by_status(StatusKind::kAmended))},
              {"已废止或失效 superseded", std::to_string(r.superseded.size())},
              {"依据已失效 orphans", std::to_string(r.orphans.size())},
              {"即将到期 expiring", std::to_string(r.expiring.size())},
              {"未收录的被引文件 unresolved", std::to_string(r.unresolved.size())},
              {"一致性问题 findings", std::to_string(r.findings.size())}});
}

// One counts table: a row per level that has instruments, then the totals.
std::string md_counts_table(const StatusLevelCounts& c, const char* caption) {
  std::string o = "### " + std::string(caption) + "\n\n";
  std::vector<std::string> headers{"level"};
  for (StatusKind k : kStatusColumns) headers.push_back(std::string(to_string(k)));
  headers.push_back("total");
  Rows rows;
  for (Level l : kAllLevels) {
    if (c.by_level(l) == 0) continue;
    std::vector<std::string> row{std::string(zh_name(l)) + " " + std::string(to_string(l))};
    for (StatusKind k : kStatusColumns)
      row.push_back(std::to_string(c.cells[level_index(l)][status_index(k)]));
    row.push_back(std::to_string(c.by_level(l)));
    rows.push_back(std::move(row));
  }
  std::vector<std::string> total{"total"};
  for (StatusKind k : kStatusColumns) total.push_back(std::to_string(c.by_status(k)));
  total.push_back(std::to_string(c.total()));
  rows.push_back(std::move(total));
  return o + md_table(headers, rows);
}

std::string md_counts(const Report& r) {
  return "## 按状态和层级统计 Counts by status and level\n\n" +
         md_counts_table(r.published, "收录文件 Documents published in the corpus") +
         md_counts_table(r.cited_only, "仅被引用的文件 Instruments only cited");
}

std::string md_superseded(const CorpusGraph& g, const Report& r) {
  const auto& nodes = g.nodes();
  Rows rows;
  for (const StatusRow& s : r.superseded) {
    rows.push_back({md_label(nodes[s.node]), md(nodes[s.node].title), md_status(s.status),
                    s.status.by ? md_label_id(g, *s.status.by) : "",
                    md_evidence(s.status.evidence.evidence)});
  }
  return md_heading("已废止或失效 Superseded", r.superseded.size()) +
         md_table_or_none({"number", "title", "status", "by", "evidence"}, rows);
}

std::string md_orphans(const CorpusGraph& g, const Report& r) {
  const auto& nodes = g.nodes();
  Rows rows;
  for (const Orphan& x : r.orphans) {
    std::string chain;
    for (std::size_t i = 0; i < x.path.size(); ++i) {
      chain += md_label(nodes[x.path[i]]);
      if (i < x.edges.size())
        chain += " —" + std::string(to_string(g.edges()[x.edges[i]].type)) + "→ ";
    }
    std::string ev;
    for (std::size_t e : x.edges)
      ev += (ev.empty() ? "" : "; ") + md_evidence(g.edges()[e].evidence);
    rows.push_back({md_label(nodes[x.node]), md(nodes[x.node].title), md_label(nodes[x.basis]),
                    md_status(x.basis_status), chain, ev});
  }
  return md_heading("依据已失效的现行文件 Orphans", r.orphans.size()) +
         md_table_or_none({"document", "title", "basis", "basis status", "chain", "evidence"},
                          rows);
}

std::string md_expiring(const CorpusGraph& g, const Report& r) {
  const auto& nodes = g.nodes();
  Rows rows;
  for (const ExpiringRow& e : r.expiring) {
    rows.push_back({md_label(nodes[e.node]), md(nodes[e.node].title), e.expires.to_iso(),
                    std::to_string(e.days_left), md_status(e.status), md_evidence(e.evidence)});
  }
  return md_heading("即将到期 Expiring within " + r.expiring_within.to_string(),
                    r.expiring.size()) +
         "有效期 ending between " + r.as_of.to_iso() + " and " + r.expiring_until.to_iso() +
         ".\n\n" +
         md_table_or_none({"number", "title", "expires", "days left", "status", "evidence"}, rows);
}

std::string md_unresolved(const CorpusGraph& g, const Report& r) {
  const auto& nodes = g.nodes();
  Rows rows;
  for (const UnresolvedGroup& u : r.unresolved) {
    std::string by, ev;
    std::set<std::size_t> seen;
    for (std::size_t e : u.references) {
      const GraphEdge& edge = g.edges()[e];
      if (seen.insert(edge.from).second)
        by += (by.empty() ? "" : "; ") + md_label(nodes[edge.from]);
      ev += (ev.empty() ? "" : "; ") + md_evidence(edge.evidence);
    }
    const Node& n = nodes[u.target];
    rows.push_back({md(n.doc_no ? *n.doc_no : ""), md(n.title), md(n.issuer),
                    std::to_string(u.references.size()), by, ev});
  }
  return md_heading("未收录的被引文件 Unresolved references", r.unresolved.size()) +
         std::to_string(r.unresolved.size()) + " instruments cited but not in the corpus (" +
         std::to_string(r.unresolved_references) + " references).\n\n" +
         md_table_or_none({"number", "title", "issuer", "references", "cited by", "evidence"},
                          rows);
}

std::string md_findings(const CorpusGraph& g, const Report& r) {
  Rows rows;
  for (const Finding& f : r.findings) {
    std::string ev;
    for (const Sourced& s : f.evidence) ev += (ev.empty() ? "" : "; ") + md_evidence(s.evidence);
    rows.push_back({md(to_string(f.kind)), md_label_id(g, f.subject), md(f.message), ev});
  }
  return md_heading("一致性问题 Integrity findings", r.findings.size()) +
         md_table_or_none({"kind", "subject", "message", "evidence"}, rows);
}

// A heading and a table per issuer.
std::string md_issuers(const CorpusGraph& g, const Report& r) {
  std::string o = md_heading("按发文机关 By issuer", r.issuers.size());
  for (const IssuerSection& s : r.issuers) {
    o += "### " + (s.issuer.empty() ? std::string("(未知 unknown)") : md(s.issuer)) + " (" +
         std::string(zh_name(s.level)) + ", " + std::to_string(s.documents.size()) + ")\n\n";
    Rows rows;
    for (const StatusRow& row : s.documents) {
      const Node& n = g.nodes()[row.node];
      const Document& d = *n.document;
      std::string status = md_status(row.status);
      if (row.status.by) status += " by " + md_label_id(g, *row.status.by);
      rows.push_back({md(n.doc_no ? *n.doc_no : ""), md(n.title), status,
                      date_or_empty(d.signed_date ? d.signed_date : d.printed_date),
                      md(effective_text(d)), date_or_empty(d.expires),
                      md_evidence(header_evidence(n))});
    }
    o += md_table({"number", "title", "status", "signed", "effective", "expires", "source"}, rows);
  }
  return o;
}

// The diagrams, listed.
std::string md_diagrams(const CorpusGraph& g, const Report& r) {
  std::string o = md_heading("关系图 Diagrams", r.diagrams.size());
  if (r.diagrams.empty()) o += "None.\n\n";
  for (const Diagram& d : r.diagrams) {
    o += "- " + md_label(g.nodes()[d.around]) + " (" + d.reason + ", depth " +
         std::to_string(d.depth) + ", " + std::to_string(d.nodes) +
         " nodes): drawn in the HTML report\n";
  }
  if (!r.diagrams.empty()) o += "\n";
  return o;
}

}  // namespace

std::string render_markdown(const CorpusGraph& g, const Report& r) {
  return md_header(r) + md_summary(r) + md_counts(r) + md_superseded(g, r) + md_orphans(g, r) +
         md_expiring(g, r) + md_unresolved(g, r) + md_findings(g, r) + md_issuers(g, r) +
         md_diagrams(g, r);
}

}  // namespace pg
