// The report as one HTML page. HtmlView turns the report into plain values
// (document text still raw); graphs/render/templates/report.html.mustache
// lays them out, and kainjow mustache escapes every value with html_escape
// below. The diagrams are drawn here, by the exporter's SVG renderer.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>

#include "graphs/base/text.h"
#include "graphs/base/text_escape.h"
#include "graphs/base/utf8.h"
#include "graphs/render/export.h"
#include "graphs/render/report.h"
#include "graphs/render/report_text.h"
#include "graphs/render/templates.h"

namespace pg {

using namespace report_text;

std::string html_escape(std::string_view text) {
  return escape_bytes(valid_utf8(text), [](std::string& out, char c) {
    if (const char* entity = markup_entity(c, /*quote=*/true)) {
      out += entity;
    } else if (c == '\'') {
      out += "&#39;";
    } else if (is_control_char(c) && c != '\n' && c != '\t') {
      out += ' ';
    } else {
      out += c;
    }
  });
}

namespace {

namespace mustache = kainjow::mustache;
// A template value: an object, a list, a string or a bool. Numbers go in as
// strings (num below): data(std::size_t) would convert to bool.
using mustache::data;
using mustache::list;
using mustache::object;

data num(std::size_t n) { return data(std::to_string(n)); }
data num(long n) { return data(std::to_string(n)); }
data num(int n) { return data(std::to_string(n)); }

// Graphviz writes an XML prolog, a DOCTYPE and comments before <svg>; inline
// SVG in HTML needs the element alone. Its ids (graph0, node1, edge1 ...)
// repeat in every drawing, so they get a per-diagram prefix to stay unique.
std::string inline_svg(const std::string& svg, const std::string& prefix) {
  auto start = svg.find("<svg");
  std::string body = start == std::string::npos ? svg : svg.substr(start);
  std::string out;
  out.reserve(body.size() + 1024);
  static const std::string kId = " id=\"";
  static const std::string kUrl = "url(#";
  static const std::string kHref = "href=\"#";
  for (std::size_t i = 0; i < body.size();) {
    bool hit = false;
    for (const std::string* pat : {&kId, &kUrl, &kHref}) {
      if (body.compare(i, pat->size(), *pat) == 0) {
        out += *pat;
        out += prefix;
        i += pat->size();
        hit = true;
        break;
      }
    }
    if (!hit) out += body[i++];
  }
  return out;
}

// The page's values, section by section. Evidence met while building the
// sections is numbered in order of first use and listed in the appendix,
// which every item links to; so the appendix is built last.
class HtmlView {
 public:
  HtmlView(const CorpusGraph& g, const Report& r) : g_(g), r_(r) {
    for (const IssuerSection& s : r.issuers) {
      for (const StatusRow& row : s.documents) anchored_.insert(row.node);
    }
    for (const UnresolvedGroup& u : r.unresolved) anchored_.insert(u.target);
  }

  data page();

 private:
  // A node (node.mustache): its number, else its title in 《》 (long ones cut,
  // whole in the tooltip), linked to its row when it has one.
  data node(std::size_t i) const;
  // A number column: the node, or "(无文号)" when it has no number.
  data number(std::size_t i) const;
  // A node id from a status or finding; plain text when not in the graph.
  data node_id(const std::string& id) const;
  // A list of none or one node_id, for an optional "by".
  data by(const std::optional<std::string>& id) const;
  data status(const Status& s) const;
  // Evidence (evidence.mustache): "file:line" linked to the appendix, then
  // the quote (shortened); brief: file:line only, the quote as tooltip. Empty
  // evidence shows nothing. `gap` puts a space before it.
  data evidence(const Evidence& e, const char* section, bool brief = false, bool gap = false);

  data cards() const;
  data count_tables() const;
  data superseded();
  data orphans();
  data expiring();
  data unresolved();
  data findings();
  data issuers();
  data diagrams() const;
  data evidence_appendix() const;

  const CorpusGraph& g_;
  const Report& r_;
  std::set<std::size_t> anchored_;
  struct EvidenceEntry {
    Evidence evidence;
    std::set<std::string> sections;
  };
  std::vector<EvidenceEntry> evidence_;
  std::map<std::tuple<std::string, int, std::string>, std::size_t> evidence_index_;
};

// Each object sets every key its partial reads: a missing key would be looked
// up in the enclosing objects.
data node_object(const char* kind) {
  data d = object{{"link", false},
                  {"span", false},
                  {"plain", false},
                  {"no_number_link", false},
                  {"no_number", false}};
  d.set(kind, true);
  return d;
}

data HtmlView::node(std::size_t i) const {
  const Node& n = g_.nodes()[i];
  data d = node_object(anchored_.count(i) ? "link" : "span");
  d.set("index", num(i));
  d.set("title", n.title);
  d.set("text", n.doc_no ? *n.doc_no : "《" + shorten(n.title, 22) + "》");
  return d;
}

data HtmlView::number(std::size_t i) const {
  if (g_.nodes()[i].doc_no) return node(i);
  data d = node_object(anchored_.count(i) ? "no_number_link" : "no_number");
  d.set("index", num(i));
  return d;
}

data HtmlView::node_id(const std::string& id) const {
  if (auto i = g_.index_of(id)) return node(*i);
  data d = node_object("plain");
  d.set("text", id.rfind("title:", 0) == 0 ? "《" + id.substr(6) + "》" : id);
  return d;
}

data HtmlView::by(const std::optional<std::string>& id) const {
  data l = list{};
  if (id) l.push_back(node_id(*id));
  return l;
}

data HtmlView::status(const Status& s) const {
  return object{{"name", std::string(ascii_name(s.kind))},
                {"zh", std::string(to_string(s.kind))},
                {"has_since", s.since.has_value()},
                {"since", s.since ? s.since->to_iso() : ""}};
}

data HtmlView::evidence(const Evidence& e, const char* section, bool brief, bool gap) {
  data d = object{{"gap", gap}, {"long", false}, {"brief", false}, {"has_quote", false}};
  if (e.file.empty() && e.quote.empty()) return d;
  auto key = std::make_tuple(e.file, e.line, e.quote);
  auto [it, added] = evidence_index_.emplace(key, evidence_.size());
  if (added) evidence_.push_back({e, {}});
  evidence_[it->second].sections.insert(section);
  d.set(brief ? "brief" : "long", true);
  d.set("n", num(it->second + 1));
  d.set("where", base_name(e.file) + ":" + std::to_string(e.line));
  d.set("quote", e.quote);
  d.set("has_quote", !e.quote.empty());
  d.set("short_quote", shorten(e.quote, 60));
  return d;
}

// A section's object: its item count, and whether it has none.
data section(std::size_t count) { return object{{"count", num(count)}, {"none", count == 0}}; }

data HtmlView::cards() const {
  data l = list{};
  auto card = [&](const char* href, std::size_t n, const char* label, bool warn, const char* key) {
    l.push_back(object{
        {"href", href}, {"n", num(n)}, {"label", label}, {"warn", warn && n > 0}, {"key", key}});
  };
  const auto& p = r_.published;
  card("counts", p.total(), "收录文件 documents in the corpus", false, "documents");
  card("counts", p.by_status(StatusKind::kInForce) + p.by_status(StatusKind::kAmended),
       "现行有效（含已修改） in force", false, "in_force");
  card("superseded", r_.superseded.size(), "已废止或失效 superseded", true, "superseded");
  card("orphans", r_.orphans.size(), "依据已失效 orphans", true, "orphans");
  card("expiring", r_.expiring.size(), "即将到期 expiring", true, "expiring");
  card("unresolved", r_.unresolved.size(), "未收录的被引文件 unresolved", false, "unresolved");
  card("findings", r_.findings.size(), "一致性问题 findings", true, "findings");
  card("diagrams", r_.diagrams.size(), "关系图 diagrams", false, "diagrams");
  return l;
}

data HtmlView::count_tables() const {
  auto table = [](const StatusLevelCounts& c, const char* caption, const char* id) {
    data levels = list{};
    for (Level l : kAllLevels) {
      if (c.by_level(l) == 0) continue;
      data cells = list{};
      for (StatusKind k : kStatusColumns)
        cells.push_back(num(c.cells[level_index(l)][status_index(k)]));
      levels.push_back(object{{"level", std::string(zh_name(l)) + " " + std::string(to_string(l))},
                              {"cells", cells},
                              {"level_total", num(c.by_level(l))}});
    }
    data totals = list{};
    for (StatusKind k : kStatusColumns) totals.push_back(num(c.by_status(k)));
    return data(object{{"caption", caption},
                       {"id", id},
                       {"levels", levels},
                       {"totals", totals},
                       {"table_total", num(c.total())}});
  };
  return list{table(r_.published, "收录文件 Documents published in the corpus", "counts-published"),
              table(r_.cited_only, "仅被引用的文件 Instruments only cited", "counts-cited")};
}

data HtmlView::superseded() {
  data rows = list{};
  for (const StatusRow& row : r_.superseded) {
    const Node& n = g_.nodes()[row.node];
    rows.push_back(
        object{{"number", number(row.node)},
               {"cited_only", n.external},
               {"title", n.title},
               {"status", status(row.status)},
               {"by", by(row.status.by)},
               {"evidence", list{evidence(row.status.evidence.evidence, "superseded")}}});
  }
  data s = section(r_.superseded.size());
  s.set("rows", rows);
  return s;
}

data HtmlView::orphans() {
  data rows = list{};
  for (const Orphan& o : r_.orphans) {
    data chain = list{};
    for (std::size_t i = 0; i < o.path.size(); ++i) {
      data link = node(o.path[i]);
      link.set("arrow", i < o.edges.size());
      link.set("edge_type",
               i < o.edges.size() ? std::string(to_string(g_.edges()[o.edges[i]].type)) : "");
      chain.push_back(link);
    }
    // The chain's evidence first, then the basis's status.
    data ev = list{};
    for (std::size_t e : o.edges) ev.push_back(evidence(g_.edges()[e].evidence, "orphans"));
    ev.push_back(evidence(o.basis_status.evidence.evidence, "orphans"));
    rows.push_back(object{{"number", number(o.node)},
                          {"title", g_.nodes()[o.node].title},
                          {"basis", node(o.basis)},
                          {"status", status(o.basis_status)},
                          {"by", by(o.basis_status.by)},
                          {"fell_away", date_or_empty(o.fell_away)},
                          {"chain", chain},
                          {"evidence", ev}});
  }
  data s = section(r_.orphans.size());
  s.set("rows", rows);
  return s;
}

data HtmlView::expiring() {
  data rows = list{};
  for (const ExpiringRow& e : r_.expiring) {
    rows.push_back(object{{"number", number(e.node)},
                          {"title", g_.nodes()[e.node].title},
                          {"expires", e.expires.to_iso()},
                          {"days_left", num(e.days_left)},
                          {"status", status(e.status)},
                          {"evidence", list{evidence(e.evidence, "expiring")}}});
  }
  data s = section(r_.expiring.size());
  s.set("within", r_.expiring_within.to_string());
  s.set("until", r_.expiring_until.to_iso());
  s.set("rows", rows);
  return s;
}

data HtmlView::unresolved() {
  data rows = list{};
  for (const UnresolvedGroup& u : r_.unresolved) {
    const Node& n = g_.nodes()[u.target];
    // The first reference with its quote; the others as file:line links (the
    // quote is their tooltip and is in the appendix), to keep rows short.
    data cited_by = list{};
    data ev = list{};
    std::set<std::size_t> seen;
    for (std::size_t k = 0; k < u.references.size(); ++k) {
      const GraphEdge& edge = g_.edges()[u.references[k]];
      if (seen.insert(edge.from).second) {
        data link = node(edge.from);
        link.set("br", seen.size() > 1);
        cited_by.push_back(link);
      }
      ev.push_back(evidence(edge.evidence, "unresolved", /*brief=*/k > 0, /*gap=*/k > 1));
    }
    rows.push_back(object{{"index", num(u.target)},
                          {"numbered", n.doc_no.has_value()},
                          {"doc_no", n.doc_no ? *n.doc_no : ""},
                          {"title", n.title},
                          {"issuer", n.issuer},
                          {"references", num(u.references.size())},
                          {"cited_by", cited_by},
                          {"evidence", ev}});
  }
  data s = section(r_.unresolved.size());
  s.set("references", num(r_.unresolved_references));
  s.set("rows", rows);
  return s;
}

data HtmlView::findings() {
  data rows = list{};
  for (const Finding& f : r_.findings) {
    data ev = list{};
    for (const Sourced& s : f.evidence) ev.push_back(evidence(s.evidence, "findings"));
    rows.push_back(object{{"kind", std::string(to_string(f.kind))},
                          {"subject", node_id(f.subject)},
                          {"message", f.message},
                          {"evidence", ev}});
  }
  data s = section(r_.findings.size());
  s.set("rows", rows);
  return s;
}

// An index (one row per issuer with its counts), then a table per issuer.
data HtmlView::issuers() {
  std::size_t documents = 0;
  data sections = list{};
  for (std::size_t k = 0; k < r_.issuers.size(); ++k) {
    const IssuerSection& s = r_.issuers[k];
    documents += s.documents.size();
    data by_status = list{};
    for (StatusKind st : kStatusColumns) by_status.push_back(num(s.by_status[status_index(st)]));
    data rows = list{};
    for (const StatusRow& row : s.documents) {
      const Node& n = g_.nodes()[row.node];
      const Document& d = *n.document;
      rows.push_back(
          object{{"index", num(row.node)},
                 {"numbered", n.doc_no.has_value()},
                 {"doc_no", n.doc_no ? *n.doc_no : ""},
                 {"title", n.title},
                 {"status", status(row.status)},
                 {"by", by(row.status.by)},
                 {"signed", date_or_empty(d.signed_date ? d.signed_date : d.printed_date)},
                 {"effective", effective_text(d)},
                 {"expires", date_or_empty(d.expires)},
                 {"evidence", list{evidence(header_evidence(n), "issuers")}}});
    }
    sections.push_back(object{{"k", num(k + 1)},
                              {"known", !s.issuer.empty()},
                              {"name", s.issuer},
                              {"level_zh", std::string(zh_name(s.level))},
                              {"level", std::string(to_string(s.level))},
                              {"by_status", by_status},
                              {"total", num(s.documents.size())},
                              {"rows", rows}});
  }
  data s = section(r_.issuers.size());
  s.set("documents", num(documents));
  s.set("sections", sections);
  return s;
}

// Each diagram drawn as the exporter draws `export svg --around`; a drawing
// that fails shows as a note in its place.
data HtmlView::diagrams() const {
  data figures = list{};
  for (std::size_t k = 0; k < r_.diagrams.size(); ++k) {
    const Diagram& d = r_.diagrams[k];
    const Node& n = g_.nodes()[d.around];
    ExportOptions eo;
    eo.format = ExportFormat::kSvg;
    eo.as_of = r_.as_of;
    eo.around = d.around;
    eo.depth = d.depth;
    eo.max_nodes = 0;
    if (d.key_types_only) eo.types = kDiagramKeyTypes;
    Result<std::string> svg = export_graph(g_, eo);
    if (!svg) {
      figures.push_back(
          object{{"drawn", false}, {"failure", label_of(n) + ": " + svg.error().to_string()}});
      continue;
    }
    figures.push_back(
        object{{"drawn", true},
               {"k", num(k + 1)},
               {"around", node(d.around)},
               {"short_title", shorten(n.title, 50)},
               {"reason", d.reason == "orphan" ? "orphan 依据已失效" : "repeals 废止"},
               {"depth", num(d.depth)},
               {"nodes", num(d.nodes)},
               {"key_types_only", d.key_types_only},
               // Trusted markup, written unescaped by the template.
               {"svg", inline_svg(*svg, "d" + std::to_string(k + 1) + "-")}});
  }
  data notes = list{};
  for (const std::string& note : r_.diagram_notes) notes.push_back(note);
  data s = object{{"count", num(r_.diagrams.size())},
                  {"none", r_.diagrams.empty() && r_.diagram_notes.empty()},
                  {"figures", figures},
                  {"notes", notes}};
  return s;
}

data HtmlView::evidence_appendix() const {
  data rows = list{};
  for (std::size_t k = 0; k < evidence_.size(); ++k) {
    const EvidenceEntry& e = evidence_[k];
    data used = list{};
    for (const std::string& s : e.sections) {
      used.push_back(object{{"comma", used.list_value().size() > 0}, {"section", s}});
    }
    rows.push_back(object{{"n", num(k + 1)},
                          {"file", base_name(e.evidence.file)},
                          {"line", num(e.evidence.line)},
                          {"quote", e.evidence.quote},
                          {"used", used}});
  }
  data s = section(evidence_.size());
  s.set("rows", rows);
  return s;
}

data HtmlView::page() {
  data p = object{};
  p.set("as_of", r_.as_of.to_iso());
  p.set("has_issuer", !r_.issuer.empty());
  p.set("issuer", r_.issuer);
  data columns = list{};
  for (StatusKind k : kStatusColumns) {
    columns.push_back(
        object{{"zh", std::string(to_string(k))}, {"name", std::string(ascii_name(k))}});
  }
  p.set("columns", columns);
  p.set("cards", cards());
  p.set("count_tables", count_tables());
  // In page order: the sections number the evidence the appendix lists.
  p.set("superseded", superseded());
  p.set("orphans", orphans());
  p.set("expiring", expiring());
  p.set("unresolved", unresolved());
  p.set("findings", findings());
  p.set("issuers", issuers());
  p.set("diagrams", diagrams());
  p.set("evidence_appendix", evidence_appendix());
  return p;
}

// A partial's text: the file without its final line break, so that it sits
// inline where the template names it.
std::string partial_text(std::string_view name) {
  std::string text(template_file(name));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

std::string render_html(const CorpusGraph& graph, const Report& report) {
  data page = HtmlView(graph, report).page();
  for (const char* partial :
       {"node.mustache", "status.mustache", "evidence.mustache", "report.css", "report.js"}) {
    page.set(partial, partial_text(partial));
  }
  mustache::mustache page_template{std::string(template_file("report.html.mustache"))};
  // Every {{value}} goes through our escaping (which also repairs UTF-8), not
  // the library's.
  page_template.set_custom_escape([](const std::string& s) { return html_escape(s); });
  std::string html = page_template.render(page);
  // The templates are compiled in and rendered by every test of this page,
  // so an error here is a broken template in the source tree.
  if (!page_template.is_valid()) {
    throw std::logic_error("report.html.mustache: " + page_template.error_message());
  }
  return html;
}

}  // namespace pg
