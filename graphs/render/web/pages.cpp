// The web pages. Fragments are written with H (below), which escapes every
// piece of text through html_escape, the report's escaping; the frame is
// the mustache template assets/page.html.mustache, rendered with the same
// escape. No page carries a script or a style attribute: the CSP forbids
// both, and app.js (sorting, the as-of control) is a file.
#include "graphs/render/web/pages.h"

#include <algorithm>
#include <map>

#include <kainjow/mustache.hpp>

#include "graphs/answers/worksheet.h"
#include "graphs/render/report.h"
#include "graphs/render/web/assets.h"

namespace pg::web {
namespace {

namespace mustache = kainjow::mustache;

// An HTML fragment being written: raw markup, or text escaped.
class H {
 public:
  H& raw(std::string_view s) {
    out_ += s;
    return *this;
  }
  H& text(std::string_view s) {
    append_html_escaped(out_, s);
    return *this;
  }
  // <a class="..." href="...">text</a>
  H& link(std::string_view cls, std::string_view href, std::string_view label) {
    raw("<a class=\"").text(cls).raw("\" href=\"").text(href).raw("\">").text(label).raw("</a>");
    return *this;
  }
  std::string str() && { return std::move(out_); }
  const std::string& str() const& { return out_; }

 private:
  std::string out_;
};

std::string asof_query(Date as_of) { return "asof=" + as_of.to_iso(); }

std::string label(const Node& n) { return n.doc_no ? *n.doc_no : "《" + n.title + "》"; }

void status_span(H& h, const Status& s, std::string_view id = {}) {
  h.raw("<span class=\"status\"");
  if (!id.empty()) h.raw(" id=\"").text(id).raw("\"");
  h.raw(" data-status=\"").text(to_string(s.kind)).raw("\">").text(to_string(s.kind));
  if (s.since) h.raw(" ").text(s.since->to_iso());
  h.raw("</span>");
}

std::string source_href(const Evidence& e, Date as_of) {
  return "/source?file=" + url_encode(e.file) + "&line=" + std::to_string(e.line) + "&" +
         asof_query(as_of);
}

void evidence(H& h, const Evidence& e, Date as_of) {
  if (e.file.empty() && e.quote.empty()) return;
  h.raw("<blockquote class=\"evidence\">").text(e.quote);
  h.raw("<cite>").text(location(e.file, e.page, e.line)).raw(" ");
  if (!e.file.empty()) h.link("source-link", source_href(e, as_of), "查看原文");
  h.raw("</cite></blockquote>\n");
}

void doc_link(H& h, const Node& n, Date as_of) {
  h.link("doc-link", doc_href(n.id, as_of), label(n));
  if (n.doc_no && !n.title.empty())
    h.raw(" <span class=\"doc-title\">").text(n.title).raw("</span>");
}

std::string level_zh(Level l) { return std::string(zh_name(l)); }

// The rows [from, from + count) of a long section of a document page.
struct RowSpan {
  std::size_t from = 0, count = 0;
};

// Which rows of a section of `total` rows the page shows: the window of
// `?all=` for that section, else the first kDocSectionRows.
RowSpan section_window(const DocView& v, std::string_view section, std::size_t total) {
  if (v.all != section) return {0, std::min(total, kDocSectionRows)};
  const std::size_t from = std::min(v.offset, total);
  return {from, std::min(total - from, v.limit)};
}

// Under a long section: how many rows of how many it shows and, when not all
// of them, a link to the rest: the whole list (a.more, #SECTION-all), or the
// next rows of the whole list (a.next).
void section_more(H& h, const DocView& v, const Node& n, std::string_view section, RowSpan w,
                  std::size_t total) {
  if (w.from == 0 && w.count == total) return;
  const std::string href =
      "/doc/" + url_encode(n.id) + "?" + asof_query(v.as_of) + "&all=" + std::string(section);
  h.raw("<p class=\"more\" id=\"").text(section).raw("-count\" data-total=\"");
  h.text(std::to_string(total)).raw("\">");
  if (w.count == 0) {
    h.text("共 " + std::to_string(total) + " 项");
  } else {
    h.text("第 " + std::to_string(w.from + 1) + "–" + std::to_string(w.from + w.count) +
           " 项，共 " + std::to_string(total) + " 项");
  }
  if (v.all != section) {
    h.raw(" ").link("more", href + "#" + std::string(section),
                    "查看全部 " + std::to_string(total) + " 项");
    h.raw("</p>\n");
    return;
  }
  if (w.from + w.count < total) {
    h.raw(" ").link("next",
                    href + "&offset=" + std::to_string(w.from + w.count) +
                        "&limit=" + std::to_string(v.limit) + "#" + std::string(section),
                    "下一页");
  }
  h.raw("</p>\n");
}

// One reference of a card: type, the other end, its evidence.
void reference_items(H& h, const CorpusGraph& g, const std::vector<Reference>& refs, RowSpan w,
                     Date as_of, std::string_view none) {
  if (refs.empty()) {
    h.raw("<p class=\"meta\">").text(none).raw("</p>\n");
    return;
  }
  h.raw("<ul>\n");
  for (std::size_t i = w.from; i < w.from + w.count; ++i) {
    const Reference& r = refs[i];
    const GraphEdge& e = g.edges()[r.edge];
    const Node& other = g.nodes()[r.other];
    h.raw("<li><span class=\"rel\">").text(zh_name(e.type));
    if (e.derived) h.raw("（推定）");
    h.raw("</span> ");
    doc_link(h, other, as_of);
    h.raw(" ");
    status_span(h, g.status(r.other, as_of));
    evidence(h, e.evidence, as_of);
    h.raw("</li>\n");
  }
  h.raw("</ul>\n");
}

void walk_table(H& h, const CorpusGraph& g, const std::vector<WalkRow>& rows, Date as_of) {
  h.raw(
      "<table><thead><tr><th>层级</th><th>文件</th><th>级别</th><th>状态</th><th>关系</th>"
      "<th>依据</th></tr></thead><tbody>\n");
  for (const WalkRow& r : rows) {
    const Node& n = g.nodes()[r.node];
    const GraphEdge& e = g.edges()[r.via_edge];
    h.raw("<tr><td>").text(std::to_string(r.depth)).raw("</td><td>");
    doc_link(h, n, as_of);
    h.raw("</td><td>").text(level_zh(n.level)).raw("</td><td>");
    status_span(h, r.status);
    h.raw("</td><td>").text(zh_name(e.type)).raw(e.derived ? "（推定）" : "").raw("</td><td>");
    evidence(h, e.evidence, as_of);
    h.raw("</td></tr>\n");
  }
  h.raw("</tbody></table>\n");
}

// What happened to a document, by date: issued, effective, amended or
// repealed by, expired; undated events last.
struct Event {
  std::optional<Date> date;
  std::string what;
  const Node* by = nullptr;
  Evidence evidence;
};

std::vector<Event> timeline(const CorpusGraph& g, const Card& card, Date as_of) {
  std::vector<Event> events;
  const Node& n = g.nodes()[card.node];
  if (n.document) {
    const Document& d = *n.document;
    if (d.signed_date) events.push_back({d.signed_date, "成文", nullptr, {}});
    if (d.printed_date) events.push_back({d.printed_date, "印发", nullptr, {}});
    if (d.effective.kind == Effective::Kind::kDate) {
      events.push_back({d.effective.date, "施行", nullptr, {}});
    } else if (d.effective.kind == Effective::Kind::kOnIssue) {
      events.push_back(
          {d.signed_date ? d.signed_date : d.printed_date, "自印发之日起施行", nullptr, {}});
    }
    if (d.expires) {
      events.push_back({d.expires, "有效期至" + d.expires->to_iso(), nullptr, {}});
    }
  }
  for (const Reference& r : card.referenced_by) {
    const GraphEdge& e = g.edges()[r.edge];
    if (e.type != RelationType::kRepeals && e.type != RelationType::kAmends) continue;
    const Node& by = g.nodes()[r.other];
    std::optional<Date> when = effective_date(by);
    events.push_back(
        {when, e.type == RelationType::kRepeals ? "被废止" : "被修改", &by, e.evidence});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.date && b.date) return *a.date < *b.date;
    return a.date.has_value() && !b.date.has_value();
  });
  (void)as_of;
  return events;
}

}  // namespace

std::string url_encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' ||
        b == '.' || b == '_' || b == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

std::string doc_href(std::string_view id, Date as_of) {
  return "/doc/" + url_encode(id) + "?" + asof_query(as_of);
}

std::string page(const Frame& frame, std::string_view body) {
  mustache::mustache tpl{std::string(asset_file("page.html.mustache"))};
  tpl.set_custom_escape([](const std::string& s) { return html_escape(s); });
  mustache::data hidden{mustache::data::type::list};
  for (const auto& [name, value] : frame.keep) {
    mustache::data field;
    field.set("name", name);
    field.set("value", value);
    hidden.push_back(field);
  }
  mustache::data d;
  d.set("title", frame.title);
  d.set("path", frame.path);
  d.set("asof", frame.as_of.to_iso());
  d.set("hidden", hidden);
  d.set("body", std::string(body));
  return tpl.render(d);
}

std::string message_body(std::string_view heading, std::string_view message) {
  H h;
  h.raw("<h1>").text(heading).raw("</h1>\n<p class=\"error\">").text(message).raw("</p>\n");
  return std::move(h).str();
}

std::string search_body(std::string_view q, Date as_of, const std::vector<Hit>& hits,
                        std::string_view note) {
  H h;
  h.raw("<h1>检索</h1>\n<form id=\"search-form\" method=\"get\" action=\"/search\">\n")
      .raw(
          "<input id=\"q\" name=\"q\" type=\"search\" size=\"50\" placeholder=\"文号、标题或正文词语\" "
          "value=\"")
      .text(q)
      .raw("\">\n<input type=\"hidden\" name=\"asof\" value=\"")
      .text(as_of.to_iso())
      .raw("\">\n<button type=\"submit\">检索</button>\n</form>\n");
  if (!note.empty()) h.raw("<p class=\"meta\" id=\"result-note\">").text(note).raw("</p>\n");
  if (q.empty()) return std::move(h).str();
  h.raw("<ol id=\"results\">\n");
  for (const Hit& hit : hits) {
    h.raw("<li class=\"hit\">");
    h.link("hit-link", doc_href(hit.id, as_of), hit.doc_no ? *hit.doc_no : hit.title);
    if (hit.doc_no) h.raw(" ").text(hit.title);
    h.raw(" ");
    status_span(h, hit.status);
    h.raw("<div class=\"meta\">").text(hit.issuer).raw(" · ").text(level_zh(hit.level));
    if (hit.external) h.raw(" · 仅见于引用");
    h.raw("</div>");
    if (!hit.passage.empty()) {
      h.raw("<div class=\"passage\">").text(hit.passage).raw("</div>");
      if (!hit.where.file.empty()) evidence(h, hit.where, as_of);
    }
    h.raw("</li>\n");
  }
  h.raw("</ol>\n");
  return std::move(h).str();
}

std::string doc_body(const DocView& v) {
  const CorpusGraph& g = *v.card_graph;
  const Card& card = *v.card;
  const Node& n = g.nodes()[card.node];
  const Date as_of = v.as_of;
  H h;
  h.raw("<h1 id=\"title\">");
  if (n.doc_no) h.raw("<span class=\"doc-no\">").text(*n.doc_no).raw("</span> ");
  h.text(n.title.empty() ? label(n) : n.title).raw("</h1>\n");
  h.raw("<dl class=\"card\">\n<dt>状态</dt><dd>");
  status_span(h, card.status, "status");
  h.raw(" <span class=\"meta\">（").text(as_of.to_iso()).raw("）</span>");
  if (card.status.by) {
    h.raw(" 依 ");
    if (auto by = g.index_of(*card.status.by)) {
      doc_link(h, g.nodes()[*by], as_of);
    } else {
      h.link("doc-link", doc_href(*card.status.by, as_of), *card.status.by);
    }
  }
  if (!card.status.detail.empty())
    h.raw("<div class=\"meta\">").text(card.status.detail).raw("</div>");
  evidence(h, card.status.evidence.evidence, as_of);
  h.raw("</dd>\n");
  auto field = [&](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    h.raw("<dt>").text(name).raw("</dt><dd>").text(value).raw("</dd>\n");
  };
  field("发文机关", n.issuer);
  field("效力级别", level_zh(n.level));
  if (n.document) {
    const Document& d = *n.document;
    field("成文日期", d.signed_date ? d.signed_date->to_iso() : "");
    field("印发日期", d.printed_date ? d.printed_date->to_iso() : "");
    field("施行日期", d.effective.kind == Effective::Kind::kDate
                          ? d.effective.date.to_iso()
                          : std::string(zh_name(d.effective.kind)));
    if (d.expires)
      field("有效期至",
            d.expires->to_iso() + (d.expires_text ? "（" + *d.expires_text + "）" : ""));
    field("登记编号", d.registration_no.value_or(""));
    field("出处", location(n.source, header_page(d), d.line_start));
  } else {
    field("出处", "未收录：仅见于 " + std::to_string(times_cited(n)) + " 处引用");
  }
  for (const std::string& a : n.aliases) field("又称", a);
  h.raw("</dl>\n");
  h.raw("<p><a id=\"graph-link\" href=\"/graph/")
      .text(url_encode(n.id))
      .raw("?")
      .text(asof_query(as_of))
      .raw("&amp;depth=1\">关系图</a> · <a href=\"/api/doc/")
      .text(url_encode(n.id))
      .raw("?")
      .text(asof_query(as_of))
      .raw("\">JSON</a></p>\n");

  h.raw("<section id=\"timeline\">\n<h2>时间线</h2>\n<ol>\n");
  for (const Event& e : timeline(g, card, as_of)) {
    h.raw("<li><span class=\"date\">")
        .text(e.date ? e.date->to_iso() : "日期不详")
        .raw("</span> ")
        .text(e.what);
    if (e.by) {
      h.raw(" ");
      doc_link(h, *e.by, as_of);
    }
    evidence(h, e.evidence, as_of);
    h.raw("</li>\n");
  }
  h.raw("</ol>\n</section>\n");

  h.raw("<section id=\"basis\">\n<h2>制定依据（上溯）</h2>\n");
  if (v.chain && v.chain_graph && !v.chain->rows.empty()) {
    walk_table(h, *v.chain_graph, v.chain->rows, as_of);
    h.raw("<p class=\"meta\">")
        .text(v.chain->reaches_national ? "上溯至国家层面文件" : "语料中未上溯至国家层面文件")
        .raw("</p>\n");
  } else {
    h.raw("<p class=\"meta\">语料中未见其依据或贯彻的文件</p>\n");
  }
  h.raw("</section>\n<section id=\"impact\">\n<h2>以其为依据的文件（影响）</h2>\n");
  if (v.impact && v.impact_graph && v.impact->total > 0) {
    // The route asked impact() for this window's rows only.
    const RowSpan w = section_window(v, "impact", v.impact->total);
    for (const ImpactGroup& group : v.impact->groups) {
      h.raw("<h3>")
          .text(level_zh(group.level))
          .raw("（")
          .text(std::to_string(group.total))
          .raw("）</h3>\n");
      if (!group.rows.empty()) walk_table(h, *v.impact_graph, group.rows, as_of);
    }
    section_more(h, v, n, "impact", w, v.impact->total);
  } else {
    h.raw("<p class=\"meta\">语料中没有以其为依据的文件</p>\n");
  }
  h.raw("</section>\n<section id=\"cites\">\n<h2>引用的文件</h2>\n");
  const RowSpan cites_w = section_window(v, "cites", card.references.size());
  reference_items(h, g, card.references, cites_w, as_of, "不引用语料中的文件");
  section_more(h, v, n, "cites", cites_w, card.references.size());
  h.raw("</section>\n<section id=\"cited-by\">\n<h2>被引用</h2>\n");
  const RowSpan by_w = section_window(v, "cited-by", card.referenced_by.size());
  reference_items(h, g, card.referenced_by, by_w, as_of, "语料中没有引用它的文件");
  section_more(h, v, n, "cited-by", by_w, card.referenced_by.size());
  h.raw("</section>\n");
  return std::move(h).str();
}

std::string not_found_body(std::string_view x, const CorpusGraph& g,
                           const std::vector<std::size_t>& suggestions, Date as_of) {
  H h;
  h.raw("<h1>未找到文件</h1>\n<p class=\"error\">语料中没有 「").text(x).raw("」。</p>\n");
  h.raw("<p>相近的文件：</p>\n<ul id=\"suggestions\">\n");
  for (std::size_t s : suggestions) {
    h.raw("<li>");
    doc_link(h, g.nodes()[s], as_of);
    h.raw("</li>\n");
  }
  h.raw("</ul>\n<p><a href=\"/search?q=")
      .text(url_encode(x))
      .raw("&amp;")
      .text(asof_query(as_of))
      .raw("\">全文检索</a></p>\n");
  return std::move(h).str();
}

std::string graph_body(const Node& center, Date as_of, int depth,
                       const std::set<RelationType>& types, std::string_view svg) {
  H h;
  h.raw("<h1>关系图：");
  h.link("doc-link", doc_href(center.id, as_of), label(center));
  h.raw("</h1>\n<form id=\"graph-form\" method=\"get\" action=\"/graph/")
      .text(url_encode(center.id))
      .raw("\">\n");
  h.raw("<input type=\"hidden\" name=\"asof\" value=\"").text(as_of.to_iso()).raw("\">\n");
  h.raw("<label for=\"depth\">层数</label> <select id=\"depth\" name=\"depth\">");
  for (int d = 1; d <= 4; ++d) {
    h.raw("<option")
        .raw(d == depth ? " selected" : "")
        .raw(">")
        .text(std::to_string(d))
        .raw("</option>");
  }
  h.raw("</select>\n");
  for (RelationType t :
       {RelationType::kRepeals, RelationType::kAmends, RelationType::kBasedOn,
        RelationType::kImplements, RelationType::kForwards, RelationType::kCites}) {
    const std::string name(to_string(t));
    h.raw("<label><input type=\"checkbox\" name=\"types\" value=\"").text(name).raw("\"");
    if (types.empty() || types.count(t)) h.raw(" checked");
    h.raw("> ").text(zh_name(t)).raw("</label>\n");
  }
  h.raw("<button type=\"submit\">重绘</button>\n</form>\n<div id=\"graph\">\n");
  // Graphviz's SVG is XML whose text it escaped; the prolog and doctype are
  // dropped so that it stands inline in the page.
  const std::size_t at = svg.find("<svg");
  h.raw(at == std::string_view::npos ? svg : svg.substr(at));
  h.raw("</div>\n");
  return std::move(h).str();
}

// ----------------------------------------------------------------- lists ----

namespace {

Cell doc_cell(const Node& n, Date as_of) { return {label(n), doc_href(n.id, as_of), "", n.id}; }
Cell text_cell(std::string s) { return {std::move(s), "", "", ""}; }
Cell status_cell(const Status& s) {
  std::string text(to_string(s.kind));
  return {text + (s.since ? " " + s.since->to_iso() : ""), "", text, ""};
}
Cell where_cell(const Evidence& e) {
  if (e.file.empty()) return text_cell("");
  return text_cell(location(e.file, e.page, e.line) + " 「" + e.quote + "」");
}
Cell id_cell(const CorpusGraph& g, const std::optional<std::string>& id, Date as_of) {
  if (!id) return text_cell("");
  if (auto i = g.index_of(*id)) return doc_cell(g.nodes()[*i], as_of);
  return text_cell(*id);
}
bool kept(const NodeFilter& keep, const Node& n) { return !keep || keep(n); }

}  // namespace

ListTable superseded_table(const CorpusGraph& g, const std::vector<StatusRow>& rows, Date as_of,
                           const NodeFilter& keep) {
  ListTable t{"superseded",
              "已废止或失效的文件",
              {"文件", "标题", "发文机关", "状态", "废止文件", "依据"},
              {}};
  for (const StatusRow& r : rows) {
    const Node& n = g.nodes()[r.node];
    if (!kept(keep, n)) continue;
    t.rows.push_back({doc_cell(n, as_of), text_cell(n.title), text_cell(n.issuer),
                      status_cell(r.status), id_cell(g, r.status.by, as_of),
                      where_cell(r.status.evidence.evidence)});
  }
  return t;
}

ListTable orphans_table(const CorpusGraph& g, const std::vector<Orphan>& rows, Date as_of,
                        const NodeFilter& keep) {
  ListTable t{"orphans",
              "依据已失效的现行文件",
              {"文件", "标题", "失效的依据", "依据状态", "失效日期", "链条", "依据"},
              {}};
  for (const Orphan& o : rows) {
    const Node& n = g.nodes()[o.node];
    if (!kept(keep, n)) continue;
    std::string chain;
    for (std::size_t i = 0; i < o.path.size(); ++i) {
      chain += label(g.nodes()[o.path[i]]);
      if (i < o.edges.size())
        chain += " —" + std::string(zh_name(g.edges()[o.edges[i]].type)) + "→ ";
    }
    t.rows.push_back({doc_cell(n, as_of), text_cell(n.title), doc_cell(g.nodes()[o.basis], as_of),
                      status_cell(o.basis_status),
                      text_cell(o.fell_away ? o.fell_away->to_iso() : ""), text_cell(chain),
                      where_cell(o.basis_status.evidence.evidence)});
  }
  return t;
}

ListTable expiring_table(const CorpusGraph& g, const std::vector<ExpiringRow>& rows, Date as_of,
                         const NodeFilter& keep) {
  ListTable t{"expiring",
              "即将到期的文件",
              {"文件", "标题", "发文机关", "有效期至", "剩余天数", "状态", "依据"},
              {}};
  for (const ExpiringRow& r : rows) {
    const Node& n = g.nodes()[r.node];
    if (!kept(keep, n)) continue;
    t.rows.push_back({doc_cell(n, as_of), text_cell(n.title), text_cell(n.issuer),
                      text_cell(r.expires.to_iso()), text_cell(std::to_string(r.days_left)),
                      status_cell(r.status), where_cell(r.evidence)});
  }
  return t;
}

ListTable unresolved_table(const CorpusGraph& g, const std::vector<UnresolvedGroup>& rows,
                           Date as_of, const NodeFilter& keep) {
  ListTable t{"unresolved",
              "被引用但未收录的文件",
              {"文件", "标题", "引用次数", "引用文件数", "首次引用"},
              {}};
  for (const UnresolvedGroup& u : rows) {
    const Node& n = g.nodes()[u.target];
    if (keep) {
      bool any = false;
      for (std::size_t c : u.citing) any = any || keep(g.nodes()[c]);
      if (!any) continue;
    }
    Evidence first = u.references.empty() ? Evidence{} : g.edges()[u.references.front()].evidence;
    t.rows.push_back({doc_cell(n, as_of), text_cell(n.title),
                      text_cell(std::to_string(u.references.size())),
                      text_cell(std::to_string(u.citing_documents)), where_cell(first)});
  }
  return t;
}

ListTable findings_table(const CorpusGraph& g, Date as_of, const NodeFilter& keep) {
  ListTable t{"findings", "一致性问题", {"类别", "对象", "说明", "依据"}, {}};
  for (const Finding& f : g.findings()) {
    auto i = g.index_of(f.subject);
    if (keep && (!i || !keep(g.nodes()[*i]))) continue;
    t.rows.push_back({text_cell(std::string(to_string(f.kind))),
                      i ? doc_cell(g.nodes()[*i], as_of) : text_cell(f.subject),
                      text_cell(f.message),
                      where_cell(f.evidence.empty() ? Evidence{} : f.evidence.front().evidence)});
  }
  return t;
}

std::string list_body(const ListTable& t, std::string_view query, std::string_view issuer,
                      std::string_view level, std::string_view within) {
  H h;
  h.raw("<h1>")
      .text(t.heading)
      .raw("</h1>\n<form id=\"filter-form\" method=\"get\" action=\"/lists/")
      .text(t.name)
      .raw(
          "\">\n<label for=\"issuer\">发文机关</label> <input id=\"issuer\" name=\"issuer\" value=\"")
      .text(issuer)
      .raw(
          "\">\n<label for=\"level\">级别</label> <select id=\"level\" name=\"level\"><option value=\"\">全部</option>");
  for (Level l : {Level::kNational, Level::kProvincial, Level::kMunicipal, Level::kDistrict,
                  Level::kDepartment, Level::kUnknown}) {
    const std::string name(to_string(l));
    h.raw("<option value=\"")
        .text(name)
        .raw("\"")
        .raw(name == level ? " selected" : "")
        .raw(">")
        .text(zh_name(l))
        .raw("</option>");
  }
  h.raw("</select>\n");
  if (t.name == "expiring") {
    h.raw(
         "<label for=\"within\">期限</label> <input id=\"within\" name=\"within\" size=\"4\" value=\"")
        .text(within)
        .raw("\">\n");
  }
  h.raw("<button type=\"submit\">筛选</button>\n</form>\n<p class=\"downloads\">")
      .raw("<a id=\"csv\" href=\"/api/lists/")
      .text(t.name)
      .raw(".csv?")
      .text(query)
      .raw("\">下载 CSV</a>")
      .raw("<a id=\"json\" href=\"/api/lists/")
      .text(t.name)
      .raw(".json?")
      .text(query)
      .raw("\">下载 JSON</a>")
      .raw(" <span class=\"meta\">共 ")
      .text(std::to_string(t.rows.size()))
      .raw(" 项</span></p>\n");
  h.raw("<table id=\"list\">\n<thead><tr>");
  for (const std::string& head : t.headers) h.raw("<th>").text(head).raw("</th>");
  h.raw("</tr></thead>\n<tbody>\n");
  for (const auto& row : t.rows) {
    h.raw("<tr>");
    for (const Cell& c : row) {
      h.raw("<td");
      if (!c.sort.empty()) h.raw(" data-sort=\"").text(c.sort).raw("\"");
      h.raw(">");
      if (!c.href.empty()) {
        h.link("doc-link", c.href, c.text);
      } else if (!c.status.empty()) {
        h.raw("<span class=\"status\" data-status=\"")
            .text(c.status)
            .raw("\">")
            .text(c.text)
            .raw("</span>");
      } else {
        h.text(c.text);
      }
      h.raw("</td>");
    }
    h.raw("</tr>\n");
  }
  h.raw("</tbody>\n</table>\n");
  return std::move(h).str();
}

std::string list_csv(const ListTable& t) {
  // csv_field quotes, and disarms a cell a spreadsheet would read as a formula.
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const auto& cells, auto text_of) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += csv_field(text_of(cells[i]));
    }
    out += "\r\n";
  };
  line(t.headers, [](const std::string& s) -> std::string_view { return s; });
  for (const auto& row : t.rows)
    line(row, [](const Cell& c) -> std::string_view { return c.text; });
  return out;
}

std::string check_form_body(Date as_of, std::string_view text) {
  H h;
  h.raw(
       "<h1>草案审查（合法性审核预查）</h1>\n<p class=\"meta\">粘贴草案文本或上传文件（文本、PDF 或网页）。"
       "所提交的内容只用于本次审查，不会保存。</p>\n")
      .raw(
          "<form id=\"check-form\" method=\"post\" action=\"/check\" enctype=\"multipart/form-data\">\n")
      .raw("<input type=\"hidden\" name=\"asof\" value=\"")
      .text(as_of.to_iso())
      .raw("\">\n")
      .raw("<textarea id=\"draft\" name=\"text\">")
      .text(text)
      .raw("</textarea>\n")
      .raw(
          "<p><input type=\"file\" name=\"file\"> <button id=\"check-submit\" type=\"submit\">审查</button></p>\n</form>\n");
  return std::move(h).str();
}

std::string check_result_body(const CorpusGraph& g, const DraftReport& r) {
  H h;
  h.raw("<h2>审查结果（").text(r.as_of.to_iso()).raw("）</h2>\n");
  if (!r.documents.empty()) {
    h.raw("<p class=\"meta\">草案文号：");
    for (const std::string& d : r.documents) h.text(d).raw(" ");
    h.raw("</p>\n");
  }
  h.raw("<p>")
      .text(r.clean() ? "未发现问题" : std::to_string(r.findings.size()) + " 个问题")
      .raw("</p>\n");
  h.raw("<ul id=\"findings\">\n");
  for (const DraftFinding& f : r.findings) {
    h.raw("<li class=\"finding\" data-kind=\"")
        .text(to_string(f.kind))
        .raw("\"><strong>")
        .text(to_string(f.kind))
        .raw("</strong> ");
    if (f.node) {
      doc_link(h, g.nodes()[*f.node], r.as_of);
      h.raw(" ");
      status_span(h, g.status(*f.node, r.as_of));
    } else {
      h.text(f.subject);
    }
    h.raw("<div>").text(f.message).raw("</div>");
    h.raw("<blockquote class=\"evidence\">")
        .text(f.evidence.quote)
        .raw("<cite>草案第 ")
        .text(std::to_string(f.evidence.line))
        .raw(" 行</cite></blockquote></li>\n");
  }
  h.raw("</ul>\n<h2>草案引用的文件（")
      .text(std::to_string(r.references.size()))
      .raw("）</h2>\n<ul id=\"references\">\n");
  for (const DraftReference& ref : r.references) {
    h.raw("<li><span class=\"rel\">").text(zh_name(ref.edge.type)).raw("</span> ");
    if (ref.node) {
      doc_link(h, g.nodes()[*ref.node], r.as_of);
      h.raw(" ");
      if (ref.status) status_span(h, *ref.status);
    } else {
      h.text(ref.edge.to_doc_no.value_or(ref.edge.to_title.value_or("")))
          .raw(" <span class=\"meta\">语料中未收录</span>");
    }
    h.raw("<blockquote class=\"evidence\">")
        .text(ref.evidence.quote)
        .raw("<cite>草案第 ")
        .text(std::to_string(ref.evidence.line))
        .raw(" 行</cite></blockquote></li>\n");
  }
  h.raw("</ul>\n");
  return std::move(h).str();
}

std::string source_body(std::string_view file, int line, int first,
                        const std::vector<std::string>& lines, Date as_of) {
  H h;
  h.raw("<h1>原文</h1>\n<p class=\"meta\">")
      .text(file)
      .raw(" 第 ")
      .text(std::to_string(line))
      .raw(" 行</p>\n<pre class=\"source\">");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int n = first + static_cast<int>(i);
    h.raw(n == line ? "<span class=\"hit-line\" id=\"hit-line\">" : "<span>")
        .text(std::to_string(n))
        .raw("  ")
        .text(lines[i])
        .raw("</span>\n");
  }
  h.raw("</pre>\n");
  (void)as_of;
  return std::move(h).str();
}

}  // namespace pg::web
