#include "graphs/render/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "graphs/answers/json.h"
#include "graphs/render/export.h"
#include "graphs/base/json_text.h"
#include "graphs/base/text_escape.h"
#include "graphs/base/utf8.h"

namespace pg {

namespace {

constexpr std::array<StatusKind, kStatusKinds> kAllStatuses = {
    StatusKind::kNotYetEffective, StatusKind::kInForce, StatusKind::kAmended,
    StatusKind::kRepealed,        StatusKind::kExpired, StatusKind::kUnknown};
constexpr std::array<Level, kLevels> kAllLevels = {
    Level::kNational, Level::kProvincial, Level::kMunicipal,
    Level::kDistrict, Level::kDepartment, Level::kUnknown};

// Columns of the counts tables: the usual reading order of a status list
// (in force first), not the enum order.
constexpr std::array<StatusKind, kStatusKinds> kStatusColumns = {
    StatusKind::kInForce,  StatusKind::kAmended, StatusKind::kNotYetEffective,
    StatusKind::kRepealed, StatusKind::kExpired, StatusKind::kUnknown};

std::size_t status_index(StatusKind k) { return static_cast<std::size_t>(k); }
std::size_t level_index(Level l) { return static_cast<std::size_t>(l); }

const char* level_zh(Level l) {
  switch (l) {
    case Level::kNational: return "国家";
    case Level::kProvincial: return "省级";
    case Level::kMunicipal: return "市级";
    case Level::kDistrict: return "区县";
    case Level::kDepartment: return "部门";
    case Level::kUnknown: return "未知";
  }
  return "未知";
}

// ------------------------------------------------------------- text ----

// At most `max` code points, "…" when cut.
std::string shorten(std::string_view s, std::size_t max) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < max) {
    next_code_point(s, i);
    ++n;
  }
  if (i >= s.size()) return std::string(s);
  return std::string(s.substr(0, i)) + "…";
}

std::string base_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool contains(std::string_view hay, std::string_view needle) {
  return !needle.empty() && hay.find(needle) != std::string_view::npos;
}

// The issuer filter, as queries.h superseded() applies it.
bool matches_issuer(const Node& n, std::string_view issuer) {
  if (issuer.empty()) return true;
  if (contains(n.issuer, issuer)) return true;
  if (n.document) {
    for (const std::string& s : n.document->issuers) {
      if (contains(s, issuer)) return true;
    }
  }
  if (n.doc_no) {
    if (auto parts = split_doc_no(*n.doc_no)) return contains(parts->agency, issuer);
  }
  return false;
}

// A node as people name it: its number, else its title in 《》.
std::string label_of(const Node& n) { return n.doc_no ? *n.doc_no : "《" + n.title + "》"; }

// Where a published document's header is printed.
Evidence header_evidence(const Node& n) {
  Evidence e;
  if (!n.document) return e;
  for (const auto& fe : n.document->field_evidence) {
    if (fe.field == "title" && !fe.evidence.file.empty()) return fe.evidence;
  }
  e.file = n.source;
  e.line = n.document->line_start;
  e.quote = n.document->title;
  return e;
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

}  // namespace

// ------------------------------------------------------------ escapes ----

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

std::size_t StatusLevelCounts::total() const {
  std::size_t n = 0;
  for (const auto& row : cells) {
    for (std::size_t c : row) n += c;
  }
  return n;
}

std::size_t StatusLevelCounts::by_status(StatusKind k) const {
  std::size_t n = 0;
  for (const auto& row : cells) n += row[status_index(k)];
  return n;
}

std::size_t StatusLevelCounts::by_level(Level l) const {
  std::size_t n = 0;
  for (std::size_t c : cells[level_index(l)]) n += c;
  return n;
}

// -------------------------------------------------------------- build ----

Result<Report> build_report(const CorpusGraph& g, const ReportOptions& opt) {
  if (!Date::make(opt.as_of.year, opt.as_of.month, opt.as_of.day)) {
    return Error{"", -1, "report: as_of is not a date"};
  }
  Report r;
  r.as_of = opt.as_of;
  r.issuer = opt.issuer;
  r.expiring_within = opt.expiring_within;
  r.expiring_until = opt.expiring_within.end_from(opt.as_of);

  const auto& nodes = g.nodes();
  std::vector<char> match(nodes.size(), 0);
  for (std::size_t i = 0; i < nodes.size(); ++i) match[i] = matches_issuer(nodes[i], opt.issuer);

  // Counts and issuer sections.
  std::map<std::string, IssuerSection> by_issuer;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!match[i]) continue;
    const Node& n = nodes[i];
    Status st = g.status(i, opt.as_of);
    StatusLevelCounts& counts = n.external ? r.cited_only : r.published;
    ++counts.cells[level_index(n.level)][status_index(st.kind)];
    if (n.external) continue;
    IssuerSection& sec = by_issuer[n.issuer];
    sec.issuer = n.issuer;
    sec.level = n.level;
    ++sec.by_status[status_index(st.kind)];
    sec.documents.push_back({i, std::move(st)});
  }
  for (auto& [name, sec] : by_issuer) {
    if (!name.empty()) r.issuers.push_back(std::move(sec));
  }
  // Documents whose issuer is not known come last, not first.
  if (auto it = by_issuer.find(""); it != by_issuer.end()) r.issuers.push_back(std::move(it->second));

  r.superseded = superseded(g, opt.as_of, opt.issuer);
  for (Orphan& o : orphans(g, opt.as_of)) {
    if (match[o.node]) r.orphans.push_back(std::move(o));
  }
  for (ExpiringRow& e : expiring(g, opt.as_of, opt.expiring_within)) {
    if (match[e.node]) r.expiring.push_back(std::move(e));
  }
  for (UnresolvedGroup& u : unresolved(g)) {
    bool any = opt.issuer.empty();
    for (std::size_t e : u.references) any = any || match[g.edges()[e].from];
    if (!any) continue;
    r.unresolved_references += u.references.size();
    r.unresolved.push_back(std::move(u));
  }
  for (const Finding& f : g.findings()) {
    bool any = opt.issuer.empty();
    if (auto i = g.index_of(f.subject)) any = any || match[*i];
    for (const Sourced& s : f.evidence) {
      if (auto i = g.index_of(s.document)) any = any || match[*i];
    }
    if (any) r.findings.push_back(f);
  }

  // Key neighbourhoods: each orphan (with what it rested on, two steps), then
  // each document that repeals something, most repeals first.
  struct Candidate {
    std::size_t node;
    int depth;
    std::string reason;
  };
  std::vector<Candidate> candidates;
  std::set<std::size_t> chosen;
  for (const Orphan& o : r.orphans) {
    if (chosen.insert(o.node).second) candidates.push_back({o.node, 2, "orphan"});
  }
  std::vector<std::pair<std::size_t, std::size_t>> repealers;  // (count, node)
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!match[i] || nodes[i].external) continue;
    std::size_t n = 0;
    for (std::size_t e : g.out_edges(i)) n += g.edges()[e].type == RelationType::kRepeals;
    if (n > 0) repealers.push_back({n, i});
  }
  std::stable_sort(repealers.begin(), repealers.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [count, i] : repealers) {
    if (chosen.insert(i).second) candidates.push_back({i, 1, "repeals"});
  }
  for (const Candidate& c : candidates) {
    if (r.diagrams.size() >= opt.max_diagrams) break;
    ExportOptions eo;
    eo.format = ExportFormat::kSvg;
    eo.as_of = opt.as_of;
    eo.around = c.node;
    eo.max_nodes = 0;
    // Smaller depth first, then only the edges that carry force, until it fits.
    std::vector<std::pair<int, bool>> tries;
    for (int d = c.depth; d >= 1; --d) tries.push_back({d, false});
    tries.push_back({1, true});
    std::optional<Selection> fit;
    bool key_only = false;
    int depth = c.depth;
    for (const auto& [d, key] : tries) {
      eo.depth = d;
      eo.types.clear();
      if (key) {
        eo.types = {RelationType::kRepeals, RelationType::kAmends, RelationType::kBasedOn,
                    RelationType::kImplements};
      }
      Result<Selection> sel = select_subgraph(g, eo);
      if (sel && sel->nodes.size() <= opt.max_diagram_nodes) {
        fit = std::move(*sel);
        key_only = key;
        depth = d;
        break;
      }
    }
    const std::string who = label_of(nodes[c.node]);
    if (!fit) {
      r.diagram_notes.push_back(who + ": neighbourhood too large to draw (more than " +
                                std::to_string(opt.max_diagram_nodes) + " nodes)");
      continue;
    }
    Result<std::string> svg = render(g, *fit, eo);
    if (!svg) {
      r.diagram_notes.push_back(who + ": " + svg.error().to_string());
      continue;
    }
    Diagram d;
    d.around = c.node;
    d.depth = depth;
    d.key_types_only = key_only;
    d.reason = c.reason;
    d.nodes = fit->nodes.size();
    d.svg = inline_svg(*svg, "d" + std::to_string(r.diagrams.size() + 1) + "-");
    r.diagrams.push_back(std::move(d));
  }
  return r;
}

// --------------------------------------------------------------- html ----

namespace {

constexpr const char* kCss = R"CSS(
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg-alt:#f6f8fa;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;
 font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 font-size:15px;line-height:1.6}
main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
header.top{background:#0b3d6b;color:#fff;padding:22px 32px}
header.top h1{margin:0;font-size:26px;font-weight:700;letter-spacing:.02em}
header.top p{margin:4px 0 0;color:#d6e4f2}
h2{font-size:21px;margin:40px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h2 .count{display:inline-block;min-width:2em;margin-left:10px;padding:0 8px;border-radius:12px;
 background:#e7eef6;color:var(--accent);font-size:15px;text-align:center;vertical-align:middle}
h3{font-size:17px;margin:26px 0 6px}
p.note{color:var(--muted);margin:4px 0 10px}
nav.toc{margin:16px 0 8px;display:flex;flex-wrap:wrap;gap:6px 14px}
nav.toc a{color:var(--accent);text-decoration:none}
nav.toc a:hover{text-decoration:underline}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:12px;margin:14px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--bg-alt);
 text-decoration:none;color:inherit;display:block}
.card:hover{border-color:var(--accent)}
.card .n{font-size:28px;font-weight:700;line-height:1.2}
.card .l{color:var(--muted);font-size:13px}
.card.warn .n{color:#b42318}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}
th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2;position:sticky;top:0;white-space:nowrap}
table.sortable thead th{cursor:pointer;user-select:none}
table.sortable thead th::after{content:" \2195";color:#9aa4ad;font-size:12px}
table.sortable thead th[aria-sort=ascending]::after{content:" \2191";color:var(--fg)}
table.sortable thead th[aria-sort=descending]::after{content:" \2193";color:var(--fg)}
tfoot th{background:#eaeef2}
tbody tr:nth-child(even){background:#fafbfc}
tbody tr:target{background:#fff8c5}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.no{white-space:nowrap}
a{color:var(--accent)}
.ev{display:block;font-size:13px}
.evs{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;white-space:nowrap}
.ev a{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;white-space:nowrap}
q{color:#3d444d}
q::before{content:"「"}q::after{content:"」"}
.st{display:inline-block;padding:0 6px;border-radius:4px;white-space:nowrap;border:1px solid #0000001a}
.st-in_force{background:#c7ecd2}.st-amended{background:#fff0b3}.st-not_yet_effective{background:#cfe2ff}
.st-repealed{background:#f5c2c7}.st-expired{background:#dcdcdc}.st-unknown{background:#fff}
.ext{color:var(--muted);font-size:12px}
.d{white-space:nowrap}
.empty{color:var(--muted);font-style:italic}
figure{margin:14px 0 28px;border:1px solid var(--line);border-radius:8px;padding:10px;overflow-x:auto}
figure svg{max-width:100%;height:auto}
figcaption{font-weight:600;margin-bottom:6px}
footer{color:var(--muted);font-size:13px;margin-top:48px;border-top:1px solid var(--line);padding-top:8px}
)CSS";

// Click a header to sort by that column; click again to reverse. Cells may
// carry data-sort; numbers compare as numbers, the rest with zh collation.
constexpr const char* kScript = R"JS(
(function(){
  function key(td){return td?(td.getAttribute('data-sort')||td.textContent.trim()):'';}
  var coll=new Intl.Collator('zh-CN',{numeric:true});
  document.querySelectorAll('table.sortable').forEach(function(table){
    var ths=table.tHead?table.tHead.rows[0].cells:[];
    Array.prototype.forEach.call(ths,function(th,col){
      th.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=table.tBodies[0];
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){
          var x=key(a.cells[col]),y=key(b.cells[col]);
          var nx=parseFloat(x),ny=parseFloat(y);
          var c=(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x&&String(ny)===y)?nx-ny:coll.compare(x,y);
          return asc?c:-c;
        });
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  // Tells a reader (and the browser test) that the script ran to the end.
  document.documentElement.setAttribute('data-report-ready','1');
})();
)JS";

// Writes the HTML page. Evidence met while writing the sections is numbered
// in order of first use and listed in the appendix, which every item links to.
class HtmlWriter {
 public:
  HtmlWriter(const CorpusGraph& g, const Report& r) : g_(g), r_(r) {
    for (const IssuerSection& s : r.issuers) {
      for (const StatusRow& row : s.documents) anchored_.insert(row.node);
    }
    for (const UnresolvedGroup& u : r.unresolved) anchored_.insert(u.target);
  }

  std::string write();

 private:
  static std::string esc(std::string_view s) { return html_escape(s); }
  // A node, linked to its row when it has one.
  std::string node_link(std::size_t node) const;
  std::string node_link_id(const std::string& id) const;
  // A number column: the number, linked, or "(无文号)" when it has none.
  std::string number_link(std::size_t node) const;
  std::string status_cell(const Status& s) const;
  // "file:line" linked to the appendix, then the quote (shortened).
  // Short form: with_quote false shows file:line only, the quote as a tooltip
  // (and in the appendix).
  std::string evidence(const Evidence& e, const char* section, bool with_quote = true);
  std::string heading(const char* id, const std::string& text, std::optional<std::size_t> count);
  std::string th(const char* text, bool num = false) {
    return std::string("<th") + (num ? " class=\"num\"" : "") + ">" + text + "</th>";
  }
  std::string path_cell(const std::vector<std::size_t>& path, const std::vector<std::size_t>& edges);

  std::string summary();
  std::string counts();
  std::string superseded();
  std::string orphans();
  std::string expiring();
  std::string unresolved();
  std::string findings();
  std::string issuers();
  std::string diagrams();
  std::string evidence_appendix();

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

std::string HtmlWriter::node_link(std::size_t node) const {
  const Node& n = g_.nodes()[node];
  // Titles stand in for a missing number; long ones are cut, whole in the tooltip.
  std::string text = esc(n.doc_no ? *n.doc_no : "《" + shorten(n.title, 22) + "》");
  std::string title = esc(n.title);
  if (anchored_.count(node)) {
    return "<a href=\"#n" + std::to_string(node) + "\" title=\"" + title + "\">" + text + "</a>";
  }
  return "<span title=\"" + title + "\">" + text + "</span>";
}

std::string HtmlWriter::number_link(std::size_t node) const {
  const Node& n = g_.nodes()[node];
  if (n.doc_no) return node_link(node);
  std::string text = "<span class=\"ext\">(无文号)</span>";
  if (anchored_.count(node)) return "<a href=\"#n" + std::to_string(node) + "\">" + text + "</a>";
  return text;
}

std::string HtmlWriter::node_link_id(const std::string& id) const {
  if (auto i = g_.index_of(id)) return node_link(*i);
  return esc(id.rfind("title:", 0) == 0 ? "《" + id.substr(6) + "》" : id);
}

std::string HtmlWriter::status_cell(const Status& s) const {
  return "<span class=\"st st-" + std::string(ascii_name(s.kind)) + "\">" +
         esc(to_string(s.kind)) + "</span>" +
         (s.since ? " <span class=\"d\">" + s.since->to_iso() + "</span>" : "");
}

std::string HtmlWriter::evidence(const Evidence& e, const char* section, bool with_quote) {
  if (e.file.empty() && e.quote.empty()) return "";
  auto key = std::make_tuple(e.file, e.line, e.quote);
  auto [it, added] = evidence_index_.emplace(key, evidence_.size());
  if (added) evidence_.push_back({e, {}});
  evidence_[it->second].sections.insert(section);
  std::string id = "e" + std::to_string(it->second + 1);
  std::string where = base_name(e.file) + ":" + std::to_string(e.line);
  if (!with_quote) {
    return "<a class=\"evs\" href=\"#" + id + "\" title=\"" + esc(e.quote) + "\">" + esc(where) + "</a>";
  }
  std::string out = "<span class=\"ev\"><a href=\"#" + id + "\">" + esc(where) + "</a>";
  if (!e.quote.empty()) {
    out += " <q title=\"" + esc(e.quote) + "\">" + esc(shorten(e.quote, 60)) + "</q>";
  }
  return out + "</span>";
}

std::string HtmlWriter::heading(const char* id, const std::string& text,
                                std::optional<std::size_t> count) {
  std::string h = "<h2 id=\"" + std::string(id) + "\">" + text;
  if (count) {
    h += "<span class=\"count\" data-count=\"" + std::to_string(*count) + "\">" +
         std::to_string(*count) + "</span>";
  }
  return h + "</h2>\n";
}

std::string HtmlWriter::path_cell(const std::vector<std::size_t>& path,
                                  const std::vector<std::size_t>& edges) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += node_link(path[i]);
    if (i < edges.size()) {
      out += " —" + std::string(to_string(g_.edges()[edges[i]].type)) + "→ ";
    }
  }
  return out;
}

std::string HtmlWriter::summary() {
  auto card = [](const char* href, std::size_t n, const char* label, bool warn, const char* key) {
    return std::string("<a class=\"card") + (warn && n > 0 ? " warn" : "") + "\" href=\"#" + href +
           "\" data-key=\"" + key + "\"><div class=\"n\">" + std::to_string(n) +
           "</div><div class=\"l\">" + label + "</div></a>";
  };
  const auto& p = r_.published;
  std::string h = heading("summary", "概要 Summary", std::nullopt);
  h += "<div class=\"cards\">";
  h += card("counts", p.total(), "收录文件 documents in the corpus", false, "documents");
  h += card("counts",
            p.by_status(StatusKind::kInForce) + p.by_status(StatusKind::kAmended),
            "现行有效（含已修改） in force", false, "in_force");
  h += card("superseded", r_.superseded.size(), "已废止或失效 superseded", true, "superseded");
  h += card("orphans", r_.orphans.size(), "依据已失效 orphans", true, "orphans");
  h += card("expiring", r_.expiring.size(), "即将到期 expiring", true, "expiring");
  h += card("unresolved", r_.unresolved.size(), "未收录的被引文件 unresolved", false, "unresolved");
  h += card("findings", r_.findings.size(), "一致性问题 findings", true, "findings");
  h += card("diagrams", r_.diagrams.size(), "关系图 diagrams", false, "diagrams");
  h += "</div>\n";
  return h;
}

std::string HtmlWriter::counts() {
  std::string h = heading("counts", "按状态和层级统计 Counts by status and level", std::nullopt);
  auto table = [&](const StatusLevelCounts& c, const char* caption, const char* id) {
    std::string t = "<h3>" + std::string(caption) + "</h3>\n<table class=\"sortable counts\" id=\"" +
                    id + "\"><thead><tr>" + th("层级 level");
    for (StatusKind k : kStatusColumns) {
      t += th((std::string(to_string(k)) + "<br><span class=\"ext\">" +
               std::string(ascii_name(k)) + "</span>").c_str(), true);
    }
    t += th("合计 total", true) + "</tr></thead><tbody>";
    for (Level l : kAllLevels) {
      if (c.by_level(l) == 0) continue;
      t += "<tr><td>" + std::string(level_zh(l)) + " " + std::string(to_string(l)) + "</td>";
      for (StatusKind k : kStatusColumns) {
        t += "<td class=\"num\">" + std::to_string(c.cells[level_index(l)][status_index(k)]) + "</td>";
      }
      t += "<td class=\"num\">" + std::to_string(c.by_level(l)) + "</td></tr>";
    }
    t += "</tbody><tfoot><tr><th>合计 total</th>";
    for (StatusKind k : kStatusColumns) {
      t += "<th class=\"num\">" + std::to_string(c.by_status(k)) + "</th>";
    }
    t += "<th class=\"num\" data-total=\"" + std::to_string(c.total()) + "\">" +
         std::to_string(c.total()) + "</th></tr></tfoot></table>\n";
    return t;
  };
  h += table(r_.published, "收录文件 Documents published in the corpus", "counts-published");
  h += table(r_.cited_only, "仅被引用的文件 Instruments only cited", "counts-cited");
  return h;
}

std::string HtmlWriter::superseded() {
  std::string h = heading("superseded", "已废止或失效 Superseded", r_.superseded.size());
  h += "<p class=\"note\">Repealed (已废止) or expired (失效) on " + r_.as_of.to_iso() +
       ": repeal counts from the repealing document's effective date, expiry from the day after "
       "its 有效期.</p>\n";
  if (r_.superseded.empty()) return h + "<p class=\"empty\">None.</p>\n";
  h += "<table class=\"sortable\" id=\"table-superseded\"><thead><tr>" + th("文号 number") +
       th("标题 title") + th("状态 status") + th("由 by") + th("依据 evidence") +
       "</tr></thead><tbody>";
  for (const StatusRow& row : r_.superseded) {
    const Node& n = g_.nodes()[row.node];
    h += "<tr><td class=\"no\">" + number_link(row.node) + (n.external ? "<br><span class=\"ext\">仅被引用 cited only</span>" : "") +
         "</td><td>" + esc(n.title) + "</td><td>" + status_cell(row.status) + "</td><td>" +
         (row.status.by ? node_link_id(*row.status.by) : "") + "</td><td>" +
         evidence(row.status.evidence.evidence, "superseded") + "</td></tr>";
  }
  return h + "</tbody></table>\n";
}

std::string HtmlWriter::orphans() {
  std::string h = heading("orphans", "依据已失效的现行文件 Orphans", r_.orphans.size());
  h += "<p class=\"note\">Documents in force on " + r_.as_of.to_iso() +
       " whose based_on / implements chain reaches an instrument that is repealed or expired "
       "(the nearest one on each path).</p>\n";
  if (r_.orphans.empty()) return h + "<p class=\"empty\">None.</p>\n";
  h += "<table class=\"sortable\" id=\"table-orphans\"><thead><tr>" + th("文件 document") +
       th("标题 title") + th("依据 basis") + th("依据状态 basis status") + th("失效于 fell away") +
       th("链 chain") + th("依据 evidence") + "</tr></thead><tbody>";
  for (const Orphan& o : r_.orphans) {
    std::string chain_ev;
    for (std::size_t e : o.edges) chain_ev += evidence(g_.edges()[e].evidence, "orphans");
    h += "<tr><td class=\"no\">" + number_link(o.node) + "</td><td>" + esc(g_.nodes()[o.node].title) +
         "</td><td class=\"no\">" + node_link(o.basis) + "</td><td>" + status_cell(o.basis_status) +
         (o.basis_status.by ? " by " + node_link_id(*o.basis_status.by) : "") + "</td><td>" +
         date_or_empty(o.fell_away) + "</td><td>" + path_cell(o.path, o.edges) + "</td><td>" +
         chain_ev + evidence(o.basis_status.evidence.evidence, "orphans") + "</td></tr>";
  }
  return h + "</tbody></table>\n";
}

std::string HtmlWriter::expiring() {
  std::string h = heading("expiring", "即将到期 Expiring within " + r_.expiring_within.to_string(),
                          r_.expiring.size());
  h += "<p class=\"note\">Documents in force whose 有效期 ends between " + r_.as_of.to_iso() +
       " and " + r_.expiring_until.to_iso() + ".</p>\n";
  if (r_.expiring.empty()) return h + "<p class=\"empty\">None.</p>\n";
  h += "<table class=\"sortable\" id=\"table-expiring\"><thead><tr>" + th("文号 number") +
       th("标题 title") + th("有效期至 expires") + th("剩余天数 days left", true) +
       th("状态 status") + th("依据 evidence") + "</tr></thead><tbody>";
  for (const ExpiringRow& e : r_.expiring) {
    h += "<tr><td class=\"no\">" + number_link(e.node) + "</td><td>" + esc(g_.nodes()[e.node].title) +
         "</td><td>" + e.expires.to_iso() + "</td><td class=\"num\">" + std::to_string(e.days_left) +
         "</td><td>" + status_cell(e.status) + "</td><td>" + evidence(e.evidence, "expiring") +
         "</td></tr>";
  }
  return h + "</tbody></table>\n";
}

std::string HtmlWriter::unresolved() {
  std::string h = heading("unresolved", "未收录的被引文件 Unresolved references", r_.unresolved.size());
  h += "<p class=\"note\">" + std::to_string(r_.unresolved.size()) +
       " instruments cited but not published in the corpus (" +
       std::to_string(r_.unresolved_references) +
       " references): add them to the corpus to check their status.</p>\n";
  if (r_.unresolved.empty()) return h + "<p class=\"empty\">None.</p>\n";
  h += "<table class=\"sortable\" id=\"table-unresolved\"><thead><tr>" + th("文号 number") +
       th("标题 title") + th("发文机关 issuer") + th("引用次数 references", true) +
       th("引用文件 cited by") + th("依据 evidence") + "</tr></thead><tbody>";
  for (const UnresolvedGroup& u : r_.unresolved) {
    const Node& n = g_.nodes()[u.target];
    // The first reference with its quote; the others as file:line links (the
    // quote is their tooltip and is in the appendix), to keep rows short.
    std::string by, ev;
    std::set<std::size_t> seen;
    for (std::size_t k = 0; k < u.references.size(); ++k) {
      const GraphEdge& edge = g_.edges()[u.references[k]];
      if (seen.insert(edge.from).second) by += (by.empty() ? "" : "<br>") + node_link(edge.from);
      if (k == 0) {
        ev += evidence(edge.evidence, "unresolved");
      } else {
        ev += (k == 1 ? "" : " ") + evidence(edge.evidence, "unresolved", false);
      }
    }
    h += "<tr id=\"n" + std::to_string(u.target) + "\"><td class=\"no\">" +
         (n.doc_no ? esc(*n.doc_no) : std::string("<span class=\"ext\">(无文号)</span>")) + "</td><td>" + esc(n.title) + "</td><td>" +
         esc(n.issuer) + "</td><td class=\"num\">" + std::to_string(u.references.size()) +
         "</td><td>" + by + "</td><td>" + ev + "</td></tr>";
  }
  return h + "</tbody></table>\n";
}

std::string HtmlWriter::findings() {
  std::string h = heading("findings", "一致性问题 Integrity findings", r_.findings.size());
  h += "<p class=\"note\">Problems in the corpus as a whole: one number with two titles, a number "
       "cited before its year, a repeal of a later document, a title that pairs with several "
       "numbers.</p>\n";
  if (r_.findings.empty()) return h + "<p class=\"empty\">None.</p>\n";
  h += "<table class=\"sortable\" id=\"table-findings\"><thead><tr>" + th("类型 kind") +
       th("对象 subject") + th("说明 message") + th("依据 evidence") + "</tr></thead><tbody>";
  for (const Finding& f : r_.findings) {
    std::string ev;
    for (const Sourced& s : f.evidence) ev += evidence(s.evidence, "findings");
    h += "<tr><td class=\"no\">" + esc(to_string(f.kind)) + "</td><td>" + node_link_id(f.subject) +
         "</td><td>" + esc(f.message) + "</td><td>" + ev + "</td></tr>";
  }
  return h + "</tbody></table>\n";
}

std::string HtmlWriter::issuers() {
  std::size_t docs = 0;
  for (const IssuerSection& s : r_.issuers) docs += s.documents.size();
  std::string h = heading("issuers", "按发文机关 By issuer", r_.issuers.size());
  h += "<p class=\"note\">" + std::to_string(docs) + " documents published in the corpus, by issuer "
       "(from the 机关代字 table or the header).</p>\n";
  // An index first: one row per issuer with its counts.
  h += "<table class=\"sortable\" id=\"table-issuers\"><thead><tr>" + th("发文机关 issuer") +
       th("层级 level");
  for (StatusKind k : kStatusColumns) h += th(std::string(to_string(k)).c_str(), true);
  h += th("合计 total", true) + "</tr></thead><tbody>";
  for (std::size_t k = 0; k < r_.issuers.size(); ++k) {
    const IssuerSection& s = r_.issuers[k];
    h += "<tr><td><a href=\"#issuer-" + std::to_string(k + 1) + "\">" +
         (s.issuer.empty() ? "(未知 unknown)" : esc(s.issuer)) + "</a></td><td>" +
         level_zh(s.level) + " " + std::string(to_string(s.level)) + "</td>";
    for (StatusKind st : kStatusColumns) {
      h += "<td class=\"num\">" + std::to_string(s.by_status[status_index(st)]) + "</td>";
    }
    h += "<td class=\"num\">" + std::to_string(s.documents.size()) + "</td></tr>";
  }
  h += "</tbody></table>\n";
  for (std::size_t k = 0; k < r_.issuers.size(); ++k) {
    const IssuerSection& s = r_.issuers[k];
    h += "<h3 id=\"issuer-" + std::to_string(k + 1) + "\">" +
         (s.issuer.empty() ? "(未知 unknown)" : esc(s.issuer)) + " <span class=\"ext\">" +
         level_zh(s.level) + " · " + std::to_string(s.documents.size()) + " documents</span></h3>\n";
    h += "<table class=\"sortable issuer\"><thead><tr>" + th("文号 number") + th("标题 title") +
         th("状态 status") + th("签发 signed") + th("施行 effective") + th("有效期至 expires") +
         th("出处 source") + "</tr></thead><tbody>";
    for (const StatusRow& row : s.documents) {
      const Node& n = g_.nodes()[row.node];
      const Document& d = *n.document;
      std::string status = status_cell(row.status);
      if (row.status.by) status += "<br><span class=\"ext\">by</span> " + node_link_id(*row.status.by);
      h += "<tr id=\"n" + std::to_string(row.node) + "\"><td class=\"no\">" +
           (n.doc_no ? esc(*n.doc_no) : std::string("<span class=\"ext\">(无文号)</span>")) + "</td><td>" + esc(n.title) + "</td><td>" + status +
           "</td><td>" + date_or_empty(d.signed_date ? d.signed_date : d.printed_date) +
           "</td><td>" + esc(effective_text(d)) + "</td><td>" + date_or_empty(d.expires) +
           "</td><td>" + evidence(header_evidence(n), "issuers") + "</td></tr>";
    }
    h += "</tbody></table>\n";
  }
  return h;
}

std::string HtmlWriter::diagrams() {
  std::string h = heading("diagrams", "关系图 Diagrams", r_.diagrams.size());
  h += "<p class=\"note\">Neighbourhoods of each orphan and of the documents that repeal others. "
       "Nodes are filled by status as of " + r_.as_of.to_iso() +
       "; the legend is in each drawing. <code>policygraph export --around X</code> draws "
       "others.</p>\n";
  if (r_.diagrams.empty() && r_.diagram_notes.empty()) return h + "<p class=\"empty\">None.</p>\n";
  for (std::size_t k = 0; k < r_.diagrams.size(); ++k) {
    const Diagram& d = r_.diagrams[k];
    const Node& n = g_.nodes()[d.around];
    h += "<figure id=\"diagram-" + std::to_string(k + 1) + "\"><figcaption>" + node_link(d.around) +
         " " + esc(shorten(n.title, 50)) + " <span class=\"ext\">(" +
         (d.reason == "orphan" ? "orphan 依据已失效" : "repeals 废止") + "; depth " +
         std::to_string(d.depth) + ", " + std::to_string(d.nodes) + " nodes" +
         (d.key_types_only ? ", cites and forwards left out" : "") + ")</span></figcaption>\n" +
         d.svg + "</figure>\n";
  }
  for (const std::string& note : r_.diagram_notes) h += "<p class=\"note\">" + esc(note) + "</p>\n";
  return h;
}

std::string HtmlWriter::evidence_appendix() {
  std::string h = heading("evidence", "依据原文 Evidence", evidence_.size());
  h += "<p class=\"note\">Every file, line and quote the report rests on, as printed in the "
       "gazette text (whitespace removed).</p>\n";
  h += "<table class=\"sortable\" id=\"table-evidence\"><thead><tr>" + th("#", true) +
       th("文件 file") + th("行 line", true) + th("原文 quote") + th("用于 used in") +
       "</tr></thead><tbody>";
  for (std::size_t k = 0; k < evidence_.size(); ++k) {
    const EvidenceEntry& e = evidence_[k];
    std::string used;
    for (const std::string& s : e.sections) {
      used += (used.empty() ? "" : ", ") + std::string("<a href=\"#") + s + "\">" + s + "</a>";
    }
    h += "<tr id=\"e" + std::to_string(k + 1) + "\"><td class=\"num\">" + std::to_string(k + 1) +
         "</td><td class=\"no\">" + esc(base_name(e.evidence.file)) + "</td><td class=\"num\">" +
         std::to_string(e.evidence.line) + "</td><td>" + esc(e.evidence.quote) + "</td><td>" +
         used + "</td></tr>";
  }
  return h + "</tbody></table>\n";
}

std::string HtmlWriter::write() {
  // Sections first: they fill the evidence list the appendix prints.
  std::string body = summary();
  body += counts();
  body += superseded();
  body += orphans();
  body += expiring();
  body += unresolved();
  body += findings();
  body += issuers();
  body += diagrams();
  body += evidence_appendix();

  const std::string scope =
      r_.issuer.empty() ? std::string("all issuers 全部发文机关") : "issuer 发文机关 ∋ " + esc(r_.issuer);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"policygraph report\">\n<title>审核报告 Audit report · " +
      r_.as_of.to_iso() + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n" +
      "<header class=\"top\"><h1>规范性文件审核报告 Audit report</h1><p>截至 as of " +
      r_.as_of.to_iso() + " · " + scope + " · policygraph</p></header>\n<main>\n";
  h += "<nav class=\"toc\">";
  for (const auto& [id, text] : std::vector<std::pair<const char*, const char*>>{
           {"summary", "概要"}, {"counts", "统计"}, {"superseded", "已废止或失效"},
           {"orphans", "依据已失效"}, {"expiring", "即将到期"}, {"unresolved", "未收录"},
           {"findings", "一致性问题"}, {"issuers", "按发文机关"}, {"diagrams", "关系图"},
           {"evidence", "依据原文"}}) {
    h += std::string("<a href=\"#") + id + "\">" + text + "</a>";
  }
  h += "</nav>\n<p class=\"note\">This report says what the documents say; it is not a judgement "
       "of legal validity. An item not found in the text is missing here, not denied.</p>\n";
  h += body;
  h += "<footer>Generated by policygraph. Statuses as of " + r_.as_of.to_iso() +
       ". Click a column header to sort.</footer>\n</main>\n<script>" + kScript +
       "</script>\n</body>\n</html>\n";
  return h;
}

// ------------------------------------------------------------ markdown ----

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

std::string md_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string md_table(const std::vector<std::string>& headers,
                     const std::vector<std::vector<std::string>>& rows) {
  std::string out = md_row(headers);
  out += "|";
  for (std::size_t i = 0; i < headers.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& r : rows) out += md_row(r);
  return out + "\n";
}

std::string md_status(const Status& s) { return md(status_text(s)); }

}  // namespace

std::string render_html(const CorpusGraph& graph, const Report& report) {
  return HtmlWriter(graph, report).write();
}

std::string render_markdown(const CorpusGraph& g, const Report& r) {
  const auto& nodes = g.nodes();
  std::string o = "# 规范性文件审核报告 Audit report\n\n";
  o += "截至 as of " + r.as_of.to_iso() + " · " +
       (r.issuer.empty() ? std::string("all issuers 全部发文机关") : "issuer 发文机关 ∋ " + md(r.issuer)) +
       " · policygraph\n\n";
  o += "This report says what the documents say; it is not a judgement of legal validity.\n\n";

  o += "## 概要 Summary\n\n";
  const auto& p = r.published;
  o += md_table({"item", "count"},
                {{"收录文件 documents in the corpus", std::to_string(p.total())},
                 {"现行有效（含已修改） in force",
                  std::to_string(p.by_status(StatusKind::kInForce) + p.by_status(StatusKind::kAmended))},
                 {"已废止或失效 superseded", std::to_string(r.superseded.size())},
                 {"依据已失效 orphans", std::to_string(r.orphans.size())},
                 {"即将到期 expiring", std::to_string(r.expiring.size())},
                 {"未收录的被引文件 unresolved", std::to_string(r.unresolved.size())},
                 {"一致性问题 findings", std::to_string(r.findings.size())}});

  o += "## 按状态和层级统计 Counts by status and level\n\n";
  for (const auto& [c, caption] : {std::pair{&r.published, "收录文件 Documents published in the corpus"},
                                   std::pair{&r.cited_only, "仅被引用的文件 Instruments only cited"}}) {
    o += "### " + std::string(caption) + "\n\n";
    std::vector<std::string> headers{"level"};
    for (StatusKind k : kStatusColumns) headers.push_back(std::string(to_string(k)));
    headers.push_back("total");
    std::vector<std::vector<std::string>> rows;
    for (Level l : kAllLevels) {
      if (c->by_level(l) == 0) continue;
      std::vector<std::string> row{std::string(level_zh(l)) + " " + std::string(to_string(l))};
      for (StatusKind k : kStatusColumns) row.push_back(std::to_string(c->cells[level_index(l)][status_index(k)]));
      row.push_back(std::to_string(c->by_level(l)));
      rows.push_back(std::move(row));
    }
    std::vector<std::string> total{"total"};
    for (StatusKind k : kStatusColumns) total.push_back(std::to_string(c->by_status(k)));
    total.push_back(std::to_string(c->total()));
    rows.push_back(std::move(total));
    o += md_table(headers, rows);
  }

  auto none = [](std::vector<std::vector<std::string>>& rows) { return rows.empty(); };

  o += "## 已废止或失效 Superseded (" + std::to_string(r.superseded.size()) + ")\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (const StatusRow& s : r.superseded) {
      rows.push_back({md_label(nodes[s.node]), md(nodes[s.node].title), md_status(s.status),
                      s.status.by ? md_label_id(g, *s.status.by) : "",
                      md_evidence(s.status.evidence.evidence)});
    }
    o += none(rows) ? "None.\n\n" : md_table({"number", "title", "status", "by", "evidence"}, rows);
  }

  o += "## 依据已失效的现行文件 Orphans (" + std::to_string(r.orphans.size()) + ")\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (const Orphan& x : r.orphans) {
      std::string chain;
      for (std::size_t i = 0; i < x.path.size(); ++i) {
        chain += md_label(nodes[x.path[i]]);
        if (i < x.edges.size()) chain += " —" + std::string(to_string(g.edges()[x.edges[i]].type)) + "→ ";
      }
      std::string ev;
      for (std::size_t e : x.edges) ev += (ev.empty() ? "" : "; ") + md_evidence(g.edges()[e].evidence);
      rows.push_back({md_label(nodes[x.node]), md(nodes[x.node].title), md_label(nodes[x.basis]),
                      md_status(x.basis_status), chain, ev});
    }
    o += none(rows) ? "None.\n\n"
                    : md_table({"document", "title", "basis", "basis status", "chain", "evidence"}, rows);
  }

  o += "## 即将到期 Expiring within " + r.expiring_within.to_string() + " (" +
       std::to_string(r.expiring.size()) + ")\n\n";
  o += "有效期 ending between " + r.as_of.to_iso() + " and " + r.expiring_until.to_iso() + ".\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (const ExpiringRow& e : r.expiring) {
      rows.push_back({md_label(nodes[e.node]), md(nodes[e.node].title), e.expires.to_iso(),
                      std::to_string(e.days_left), md_status(e.status), md_evidence(e.evidence)});
    }
    o += none(rows) ? "None.\n\n"
                    : md_table({"number", "title", "expires", "days left", "status", "evidence"}, rows);
  }

  o += "## 未收录的被引文件 Unresolved references (" + std::to_string(r.unresolved.size()) + ")\n\n";
  o += std::to_string(r.unresolved.size()) + " instruments cited but not in the corpus (" +
       std::to_string(r.unresolved_references) + " references).\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (const UnresolvedGroup& u : r.unresolved) {
      std::string by, ev;
      std::set<std::size_t> seen;
      for (std::size_t e : u.references) {
        const GraphEdge& edge = g.edges()[e];
        if (seen.insert(edge.from).second) by += (by.empty() ? "" : "; ") + md_label(nodes[edge.from]);
        ev += (ev.empty() ? "" : "; ") + md_evidence(edge.evidence);
      }
      const Node& n = nodes[u.target];
      rows.push_back({md(n.doc_no ? *n.doc_no : ""), md(n.title), md(n.issuer),
                      std::to_string(u.references.size()), by, ev});
    }
    o += none(rows) ? "None.\n\n"
                    : md_table({"number", "title", "issuer", "references", "cited by", "evidence"}, rows);
  }

  o += "## 一致性问题 Integrity findings (" + std::to_string(r.findings.size()) + ")\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (const Finding& f : r.findings) {
      std::string ev;
      for (const Sourced& s : f.evidence) ev += (ev.empty() ? "" : "; ") + md_evidence(s.evidence);
      rows.push_back({md(to_string(f.kind)), md_label_id(g, f.subject), md(f.message), ev});
    }
    o += none(rows) ? "None.\n\n" : md_table({"kind", "subject", "message", "evidence"}, rows);
  }

  o += "## 按发文机关 By issuer (" + std::to_string(r.issuers.size()) + ")\n\n";
  for (const IssuerSection& s : r.issuers) {
    o += "### " + (s.issuer.empty() ? std::string("(未知 unknown)") : md(s.issuer)) + " (" +
         level_zh(s.level) + ", " + std::to_string(s.documents.size()) + ")\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const StatusRow& row : s.documents) {
      const Node& n = nodes[row.node];
      const Document& d = *n.document;
      std::string status = md_status(row.status);
      if (row.status.by) status += " by " + md_label_id(g, *row.status.by);
      rows.push_back({md(n.doc_no ? *n.doc_no : ""), md(n.title), status,
                      date_or_empty(d.signed_date ? d.signed_date : d.printed_date),
                      md(effective_text(d)), date_or_empty(d.expires), md_evidence(header_evidence(n))});
    }
    o += md_table({"number", "title", "status", "signed", "effective", "expires", "source"}, rows);
  }

  o += "## 关系图 Diagrams (" + std::to_string(r.diagrams.size()) + ")\n\n";
  if (r.diagrams.empty()) o += "None.\n\n";
  for (const Diagram& d : r.diagrams) {
    o += "- " + md_label(nodes[d.around]) + " (" + d.reason + ", depth " + std::to_string(d.depth) +
         ", " + std::to_string(d.nodes) + " nodes): drawn in the HTML report\n";
  }
  if (!r.diagrams.empty()) o += "\n";
  return o;
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
    by_level[std::string(to_string(l))] = by_status_json(
        [&](StatusKind k) { return c.cells[level_index(l)][status_index(k)]; });
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
