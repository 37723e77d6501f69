#include "graphs/render/report.h"

#include <sstream>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "graphs/answers/json.h"
#include "graphs/base/json_text.h"
#include "graphs/base/text.h"
#include "graphs/base/utf8.h"
#include "graphs/render/report_spool.h"
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
// here put the report's sections together, one function per section. The
// lists are written element by element, each as json_text writes it at its
// depth in the whole document (two spaces a level).

// Counts of the lists, as they are written.
struct ListCounts {
  std::size_t superseded = 0, orphans = 0, expiring = 0, unresolved = 0, unresolved_references = 0,
              findings = 0, diagrams = 0;
};

Json summary_json(const ReportHead& h, const ListCounts& c) {
  Json j;
  j["documents"] = h.published.total();
  j["in_force"] = h.published.by_status(StatusKind::kInForce) +
                  h.published.by_status(StatusKind::kAmended) +
                  h.published.by_status(StatusKind::kPartlyRepealed);
  j["cited_only"] = h.cited_only.total();
  j["superseded"] = c.superseded;
  j["orphans"] = c.orphans;
  j["expiring"] = c.expiring;
  j["unresolved"] = c.unresolved;
  j["unresolved_references"] = c.unresolved_references;
  j["findings"] = c.findings;
  j["issuers"] = h.issuers.size();
  j["diagrams"] = c.diagrams;
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

// An issuer's object without its documents (an empty list in their place).
Json issuer_head_json(const IssuerHead& s) {
  Json j;
  j["issuer"] = s.issuer;
  put_term(j, "level", to_string(s.level), zh_name(s.level));
  j["by_status"] = by_status_json([&](StatusKind k) { return s.by_status[status_index(k)]; });
  j["documents"] = Json::array();
  return j;
}

Json issuer_document_json(const CorpusGraph& g, const StatusRow& row) {
  Json d = status_row_json(g, row.node, row.status);
  d["evidence"] = header_evidence(g.nodes()[row.node]);
  return d;
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

// `j` as json_text writes it `depth` levels deep.
std::string nested(const Json& j, int depth) {
  std::string text = json_text(j);
  const std::string pad(static_cast<std::size_t>(2 * depth), ' ');
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

// A JSON array `depth` levels deep, written element by element.
class ArrayWriter {
 public:
  ArrayWriter(report_spool::Spool& out, int depth) : out_(out), depth_(depth) {}
  // Starts an element: what follows is written at depth + 1.
  void element() {
    out_.write(first_ ? "[\n" : ",\n");
    out_.write(std::string(static_cast<std::size_t>(2 * (depth_ + 1)), ' '));
    first_ = false;
  }
  void add(const Json& j) {
    element();
    out_.write(nested(j, depth_ + 1));
  }
  void close() {
    if (first_) {
      out_.write("[]");
    } else {
      out_.write("\n" + std::string(static_cast<std::size_t>(2 * depth_), ' ') + "]");
    }
  }

 private:
  report_spool::Spool& out_;
  int depth_;
  bool first_ = true;
};

// A list of the source as a JSON array under `key`, one element per row.
template <class Row, class Read, class One>
Result<bool> json_list(report_spool::Spool& spool, const char* key, Read read, One one,
                       std::size_t& count) {
  spool.begin(key);
  ArrayWriter array(spool, 1);
  Result<bool> r = read([&](const ReportPart& p, const std::vector<Row>& rows) {
    for (const Row& row : rows) array.add(one(*p.graph, row));
    count += rows.size();
  });
  array.close();
  return r;
}

}  // namespace

Result<ReportTally> render_json(ReportSource& source, std::ostream& out) {
  report_spool::Spool spool;
  const ReportHead& h = source.head();
  ListCounts c;
  using S = ReportSource;
  std::vector<Result<bool>> done;
  done.push_back(json_list<StatusRow>(
      spool, "superseded", [&](const S::Sink<StatusRow>& k) { return source.superseded(k); },
      [](const CorpusGraph& g, const StatusRow& s) { return status_row_json(g, s.node, s.status); },
      c.superseded));
  done.push_back(json_list<Orphan>(
      spool, "orphans", [&](const S::Sink<Orphan>& k) { return source.orphans(k); },
      [](const CorpusGraph& g, const Orphan& o) { return orphan_json(g, o); }, c.orphans));
  done.push_back(json_list<ExpiringRow>(
      spool, "expiring", [&](const S::Sink<ExpiringRow>& k) { return source.expiring(k); },
      [](const CorpusGraph& g, const ExpiringRow& e) { return expiring_json(g, e); }, c.expiring));
  done.push_back(json_list<UnresolvedGroup>(
      spool, "unresolved", [&](const S::Sink<UnresolvedGroup>& k) { return source.unresolved(k); },
      [&](const CorpusGraph& g, const UnresolvedGroup& u) {
        c.unresolved_references += u.references.size();
        return unresolved_json(g, u);
      },
      c.unresolved));
  done.push_back(json_list<Finding>(
      spool, "findings", [&](const S::Sink<Finding>& k) { return source.findings(k); },
      [](const CorpusGraph&, const Finding& f) { return Json(f); }, c.findings));
  for (const Result<bool>& r : done) {
    if (!r) return r.error();
  }
  spool.begin("issuers");
  ArrayWriter issuers(spool, 1);
  for (std::size_t k = 0; k < h.issuers.size(); ++k) {
    // The issuer's object, its documents (the last member) written between.
    const std::string text = nested(issuer_head_json(h.issuers[k]), 2);
    const std::size_t list = text.rfind("[]");
    issuers.element();
    spool.write(std::string_view(text).substr(0, list));
    ArrayWriter documents(spool, 3);
    Result<bool> r =
        source.issuer_rows(k, [&](const ReportPart& p, const std::vector<StatusRow>& rows) {
          for (const StatusRow& row : rows) documents.add(issuer_document_json(*p.graph, row));
        });
    if (!r) return r.error();
    documents.close();
    spool.write(std::string_view(text).substr(list + 2));
  }
  issuers.close();
  Json diagrams = Json::array();
  std::vector<std::string> notes;
  Result<bool> chosen = source.diagrams(
      [&](const ReportPart& p, const std::vector<Diagram>& ds) {
        for (const Diagram& d : ds) diagrams.push_back(diagram_json(*p.graph, d));
      },
      notes);
  if (!chosen) return chosen.error();
  c.diagrams = diagrams.size();

  Json j;
  j["as_of"] = h.as_of.to_iso();
  j["issuer"] = h.issuer.empty() ? Json(nullptr) : Json(h.issuer);
  j["summary"] = summary_json(h, c);
  j["counts"] = {{"published", counts_json(h.published)},
                 {"cited_only", counts_json(h.cited_only)}};
  j["superseded"] = report_spool::marker("superseded");
  j["orphans"] = report_spool::marker("orphans");
  j["expiring_within"] = h.expiring_within.to_string();
  j["expiring_until"] = h.expiring_until.to_iso();
  j["expiring"] = report_spool::marker("expiring");
  j["unresolved"] = report_spool::marker("unresolved");
  j["findings"] = report_spool::marker("findings");
  j["issuers"] = report_spool::marker("issuers");
  j["diagrams"] = diagrams;
  j["diagram_notes"] = notes;
  // Document text may hold invalid UTF-8: json_text writes U+FFFD for it.
  std::string page = json_text(j) + "\n";
  // The markers, as JSON strings, back to themselves.
  for (const char* key :
       {"superseded", "orphans", "expiring", "unresolved", "findings", "issuers"}) {
    const std::string quoted = "\"\\u0001rows:" + std::string(key) + "\\u0001\"";
    const std::size_t at = page.find(quoted);
    if (at != std::string::npos) page.replace(at, quoted.size(), report_spool::marker(key));
  }
  if (Result<bool> r = spool.splice(page, out); !r) return r.error();
  return ReportTally{h.published.total(), c.superseded, c.orphans, c.expiring,
                     c.unresolved,        c.findings,   c.diagrams};
}

std::string render_json(const CorpusGraph& g, const Report& r) {
  MemoryReportSource source(g, r);
  std::ostringstream out;
  Result<ReportTally> done = render_json(source, out);
  if (!done) throw std::runtime_error(done.error().to_string());
  return out.str();
}

Result<ReportTally> render(ReportSource& source, ReportFormat format, std::ostream& out) {
  try {
    switch (format) {
      case ReportFormat::kHtml: return render_html(source, out);
      case ReportFormat::kMarkdown: return render_markdown(source, out);
      case ReportFormat::kJson: return render_json(source, out);
    }
    return render_html(source, out);
  } catch (const std::runtime_error& e) {
    return Error{"", -1, e.what()};
  }
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
