// The report as GitHub-flavoured Markdown: one table per section, the
// diagrams listed (they are drawn in the HTML report only).
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "graphs/base/text.h"
#include "graphs/base/text_escape.h"
#include "graphs/base/utf8.h"
#include "graphs/render/report.h"
#include "graphs/render/report_spool.h"
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
  std::string out = md(location(e.file, e.page, e.line));
  if (!e.quote.empty()) out += " 「" + md(shorten(e.quote, 60)) + "」";
  return out;
}

std::string md_status(const Status& s) { return md(status_text(s)); }

std::string md_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + c + " |";
  return out + "\n";
}

// A table's header row and separator.
std::string md_table_head(const std::vector<std::string>& headers) {
  std::string out = md_row(headers);
  out += "|";
  for (std::size_t i = 0; i < headers.size(); ++i) out += "---|";
  return out + "\n";
}

std::string md_table(const std::vector<std::string>& headers, const Rows& rows) {
  std::string out = md_table_head(headers);
  for (const auto& r : rows) out += md_row(r);
  return out + "\n";
}

// A section's table around the rows spooled under `key`, or "None." when it
// has no rows.
std::string md_table_or_none(const std::vector<std::string>& headers, std::size_t rows,
                             const std::string& key) {
  return rows == 0 ? "None.\n\n" : md_table_head(headers) + report_spool::marker(key) + "\n";
}

// "## heading (count)".
std::string md_heading(const std::string& text, std::size_t count) {
  return "## " + text + " (" + std::to_string(count) + ")\n\n";
}

// The title, the date and scope, the caveat.
std::string md_header(const ReportHead& r) {
  std::string o = "# 规范性文件审核报告 Audit report\n\n";
  o += "截至 as of " + r.as_of.to_iso() + " · " +
       (r.issuer.empty() ? std::string("all issuers 全部发文机关")
                         : "issuer 发文机关 ∋ " + md(r.issuer)) +
       " · policygraph\n\n";
  o += "This report says what the documents say; it is not a judgement of legal validity.\n\n";
  return o;
}

// Counts of the lists, as their rows are written.
struct ListCounts {
  std::size_t superseded = 0, orphans = 0, expiring = 0, unresolved = 0, unresolved_references = 0,
              findings = 0;
};

std::string md_summary(const ReportHead& h, const ListCounts& c) {
  const auto& p = h.published;
  return "## 概要 Summary\n\n" +
         md_table({"item", "count"},
                  {{"收录文件 documents in the corpus", std::to_string(p.total())},
                   {"现行有效（含已修改） in force",
                    std::to_string(p.by_status(StatusKind::kInForce) +
                                   p.by_status(StatusKind::kAmended) +
                                   p.by_status(StatusKind::kPartlyRepealed))},
                   {"已废止或失效 superseded", std::to_string(c.superseded)},
                   {"依据已失效 orphans", std::to_string(c.orphans)},
                   {"即将到期 expiring", std::to_string(c.expiring)},
                   {"未收录的被引文件 unresolved", std::to_string(c.unresolved)},
                   {"一致性问题 findings", std::to_string(c.findings)}});
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

std::string md_counts(const ReportHead& h) {
  return "## 按状态和层级统计 Counts by status and level\n\n" +
         md_counts_table(h.published, "收录文件 Documents published in the corpus") +
         md_counts_table(h.cited_only, "仅被引用的文件 Instruments only cited");
}

std::string md_superseded_row(const CorpusGraph& g, const StatusRow& s) {
  const auto& nodes = g.nodes();
  return md_row({md_label(nodes[s.node]), md(nodes[s.node].title), md_status(s.status),
                 s.status.by ? md_label_id(g, *s.status.by) : "",
                 md_evidence(s.status.evidence.evidence)});
}

std::string md_orphan_row(const CorpusGraph& g, const Orphan& x) {
  const auto& nodes = g.nodes();
  std::string chain;
  for (std::size_t i = 0; i < x.path.size(); ++i) {
    chain += md_label(nodes[x.path[i]]);
    if (i < x.edges.size())
      chain += " —" + std::string(to_string(g.edges()[x.edges[i]].type)) + "→ ";
  }
  std::string ev;
  for (std::size_t e : x.edges) ev += (ev.empty() ? "" : "; ") + md_evidence(g.edges()[e].evidence);
  return md_row({md_label(nodes[x.node]), md(nodes[x.node].title), md_label(nodes[x.basis]),
                 md_status(x.basis_status), chain, ev});
}

std::string md_expiring_row(const CorpusGraph& g, const ExpiringRow& e) {
  const auto& nodes = g.nodes();
  return md_row({md_label(nodes[e.node]), md(nodes[e.node].title), e.expires.to_iso(),
                 std::to_string(e.days_left), md_status(e.status), md_evidence(e.evidence)});
}

std::string md_unresolved_row(const CorpusGraph& g, const UnresolvedGroup& u) {
  const auto& nodes = g.nodes();
  std::string by, ev;
  std::set<std::size_t> seen;
  for (std::size_t e : u.references) {
    const GraphEdge& edge = g.edges()[e];
    if (seen.insert(edge.from).second) by += (by.empty() ? "" : "; ") + md_label(nodes[edge.from]);
    ev += (ev.empty() ? "" : "; ") + md_evidence(edge.evidence);
  }
  const Node& n = nodes[u.target];
  return md_row({md(n.doc_no ? *n.doc_no : ""), md(n.title), md(n.issuer),
                 std::to_string(u.references.size()), by, ev});
}

std::string md_finding_row(const CorpusGraph& g, const Finding& f) {
  std::string ev;
  for (const Sourced& s : f.evidence) ev += (ev.empty() ? "" : "; ") + md_evidence(s.evidence);
  return md_row({md(to_string(f.kind)), md_label_id(g, f.subject), md(f.message), ev});
}

std::string md_issuer_row(const CorpusGraph& g, const StatusRow& row) {
  const Node& n = g.nodes()[row.node];
  const Document& d = *n.document;
  std::string status = md_status(row.status);
  if (row.status.by) status += " by " + md_label_id(g, *row.status.by);
  return md_row({md(n.doc_no ? *n.doc_no : ""), md(n.title), status,
                 date_or_empty(d.signed_date ? d.signed_date : d.printed_date),
                 md(effective_text(d)), date_or_empty(d.expires), md_evidence(header_evidence(n))});
}

// Each row of a list spooled under `key`, counted.
template <class Row, class Read, class One>
Result<bool> md_list(report_spool::Spool& spool, const std::string& key, Read read, One one,
                     std::size_t& count) {
  spool.begin(key);
  return read([&](const ReportPart& p, const std::vector<Row>& rows) {
    for (const Row& row : rows) spool.write(one(*p.graph, row));
    count += rows.size();
  });
}

}  // namespace

Result<ReportTally> render_markdown(ReportSource& source, std::ostream& out) {
  report_spool::Spool spool;
  const ReportHead& h = source.head();
  ListCounts c;
  using S = ReportSource;
  std::vector<Result<bool>> done;
  done.push_back(md_list<StatusRow>(
      spool, "superseded", [&](const S::Sink<StatusRow>& k) { return source.superseded(k); },
      md_superseded_row, c.superseded));
  done.push_back(md_list<Orphan>(
      spool, "orphans", [&](const S::Sink<Orphan>& k) { return source.orphans(k); }, md_orphan_row,
      c.orphans));
  done.push_back(md_list<ExpiringRow>(
      spool, "expiring", [&](const S::Sink<ExpiringRow>& k) { return source.expiring(k); },
      md_expiring_row, c.expiring));
  done.push_back(md_list<UnresolvedGroup>(
      spool, "unresolved", [&](const S::Sink<UnresolvedGroup>& k) { return source.unresolved(k); },
      [&](const CorpusGraph& g, const UnresolvedGroup& u) {
        c.unresolved_references += u.references.size();
        return md_unresolved_row(g, u);
      },
      c.unresolved));
  done.push_back(md_list<Finding>(
      spool, "findings", [&](const S::Sink<Finding>& k) { return source.findings(k); },
      md_finding_row, c.findings));
  for (const Result<bool>& r : done) {
    if (!r) return r.error();
  }
  // A heading and a table per issuer.
  std::string issuers = md_heading("按发文机关 By issuer", h.issuers.size());
  for (std::size_t k = 0; k < h.issuers.size(); ++k) {
    const IssuerHead& s = h.issuers[k];
    const std::string key = "issuer-" + std::to_string(k + 1);
    std::size_t documents = 0;
    Result<bool> r = md_list<StatusRow>(
        spool, key, [&](const S::Sink<StatusRow>& sink) { return source.issuer_rows(k, sink); },
        md_issuer_row, documents);
    if (!r) return r.error();
    issuers += "### " + (s.issuer.empty() ? std::string("(未知 unknown)") : md(s.issuer)) + " (" +
               std::string(zh_name(s.level)) + ", " + std::to_string(s.documents) + ")\n\n";
    issuers +=
        md_table_head({"number", "title", "status", "signed", "effective", "expires", "source"}) +
        report_spool::marker(key) + "\n";
  }
  // The diagrams, listed.
  std::vector<std::string> notes;
  std::string diagrams;
  std::size_t drawn = 0;
  Result<bool> chosen = source.diagrams(
      [&](const ReportPart& p, const std::vector<Diagram>& ds) {
        for (const Diagram& d : ds) {
          diagrams += "- " + md_label(p.graph->nodes()[d.around]) + " (" + d.reason + ", depth " +
                      std::to_string(d.depth) + ", " + std::to_string(d.nodes) +
                      " nodes): drawn in the HTML report\n";
          ++drawn;
        }
      },
      notes);
  if (!chosen) return chosen.error();
  diagrams = md_heading("关系图 Diagrams", drawn) + (drawn == 0 ? "None.\n\n" : diagrams + "\n");

  std::string page = md_header(h) + md_summary(h, c) + md_counts(h);
  page +=
      md_heading("已废止或失效 Superseded", c.superseded) +
      md_table_or_none({"number", "title", "status", "by", "evidence"}, c.superseded, "superseded");
  page += md_heading("依据已失效的现行文件 Orphans", c.orphans) +
          md_table_or_none({"document", "title", "basis", "basis status", "chain", "evidence"},
                           c.orphans, "orphans");
  page += md_heading("即将到期 Expiring within " + h.expiring_within.to_string(), c.expiring) +
          "有效期 ending between " + h.as_of.to_iso() + " and " + h.expiring_until.to_iso() +
          ".\n\n" +
          md_table_or_none({"number", "title", "expires", "days left", "status", "evidence"},
                           c.expiring, "expiring");
  page += md_heading("未收录的被引文件 Unresolved references", c.unresolved) +
          std::to_string(c.unresolved) + " instruments cited but not in the corpus (" +
          std::to_string(c.unresolved_references) + " references).\n\n" +
          md_table_or_none({"number", "title", "issuer", "references", "cited by", "evidence"},
                           c.unresolved, "unresolved");
  page += md_heading("一致性问题 Integrity findings", c.findings) +
          md_table_or_none({"kind", "subject", "message", "evidence"}, c.findings, "findings");
  page += issuers + diagrams;
  if (Result<bool> r = spool.splice(page, out); !r) return r.error();
  return ReportTally{h.published.total(), c.superseded, c.orphans, c.expiring,
                     c.unresolved,        c.findings,   drawn};
}

std::string render_markdown(const CorpusGraph& g, const Report& r) {
  MemoryReportSource source(g, r);
  std::ostringstream out;
  Result<ReportTally> done = render_markdown(source, out);
  if (!done) throw std::runtime_error(done.error().to_string());
  return out.str();
}

}  // namespace pg
