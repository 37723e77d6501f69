#include "graphs/render/report.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/model/json_io.h"
#include "graphs/render/export.h"
#include "graphs/render/templates.h"
#include "support/test_support.h"

namespace {

using nlohmann::json;
using pg::CorpusGraph;
using pg::Level;
using pg::Report;
using pg::ReportOptions;
using pg::StatusKind;
using namespace pg::testing;

Report build(const CorpusGraph& g, const char* as_of, const std::string& issuer = "") {
  ReportOptions o;
  o.as_of = day(as_of);
  o.issuer = issuer;
  auto r = pg::build_report(g, o);
  REQUIRE(r.ok());
  return std::move(*r);
}

const Report& sample_report() {
  static const Report r = build(sample_graph(), "2020-03-01");
  return r;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto i = text.find(part); i != std::string::npos; i = text.find(part, i + 1)) ++n;
  return n;
}

// A document of a hand-made corpus, in force from `signed_on`.
pg::Document document(const std::string& no, const std::string& title, const char* signed_on,
                      int line) {
  pg::Document d;
  d.doc_no = no;
  d.title = title;
  d.issuers = {"测试市人民政府"};
  d.signed_date = day(signed_on);
  d.effective.kind = pg::Effective::Kind::kDate;
  d.effective.date = day(signed_on);
  d.line_start = line;
  d.line_end = line + 5;
  d.field_evidence.push_back({"title", {"hand.txt", line, title}});
  return d;
}

pg::Edge edge(const std::string& from, const std::string& to, pg::RelationType type, int line,
              const std::string& quote) {
  pg::Edge e;
  e.from = from;
  e.to_doc_no = to;
  e.type = type;
  e.line = line;
  e.evidence = quote;
  return e;
}

// A: based on B; C repeals B from 2019-06-01. As of 2020, A is an orphan. The
// repealing document's title is hostile.
const char* const kHostileTitle = "<script>alert(\"x\")</script> & 'q' | *b* [l](u)";

CorpusGraph hand_graph() {
  pg::Extraction e;
  e.source = "hand.txt";
  e.documents.push_back(document("测政发〔2018〕1号", "测试市甲办法", "2018-01-01", 1));
  e.documents.push_back(document("测政发〔2017〕2号", "测试市乙规定", "2017-01-01", 10));
  e.documents.push_back(document("测政发〔2019〕3号", kHostileTitle, "2019-06-01", 20));
  e.edges.push_back(edge("测政发〔2018〕1号", "测政发〔2017〕2号", pg::RelationType::kBasedOn, 3,
                         "根据《测试市乙规定》（测政发〔2017〕2号）"));
  e.edges.push_back(edge("测政发〔2019〕3号", "测政发〔2017〕2号", pg::RelationType::kRepeals, 24,
                         "《测试市乙规定》（测政发〔2017〕2号）同时废止 <b>&amp;</b>"));
  return CorpusGraph::build({e}, agency_rules());
}

// ------------------------------------------------------------- counts ----

TEST_CASE("sample report as of 2020-03-01 counts documents by status and level", "[report]") {
  const Report& r = sample_report();
  CHECK(r.published.total() == 51);
  // J001 (北京市市容环境卫生条例) is 已被修改: its history note dates four
  // amendments, 2016-11-25 the latest before the day.
  CHECK(r.published.by_status(StatusKind::kInForce) == 38);
  CHECK(r.published.by_status(StatusKind::kAmended) == 1);
  CHECK(r.published.by_status(StatusKind::kNotYetEffective) == 9);
  CHECK(r.published.by_status(StatusKind::kExpired) == 3);
  CHECK(r.published.by_status(StatusKind::kRepealed) == 0);
  CHECK(r.published.by_level(Level::kNational) == 18);
  CHECK(r.published.by_level(Level::kProvincial) == 2);
  CHECK(r.published.by_level(Level::kMunicipal) == 31);
  // Its four amending decisions are four nodes (title and date), where two
  // undated title nodes were.
  CHECK(r.cited_only.total() == 122);
  CHECK(r.cited_only.by_status(StatusKind::kRepealed) == 16);
  CHECK(r.cited_only.by_status(StatusKind::kUnknown) == 106);
}

TEST_CASE("sample report as of 2020-03-01 lists each section's items", "[report]") {
  const Report& r = sample_report();
  const auto& nodes = sample_graph().nodes();
  CHECK(r.superseded.size() == 19);
  CHECK(r.orphans.empty());
  CHECK(r.expiring.empty());
  CHECK(r.expiring_until == day("2020-09-01"));
  // The decisions only amend (they are sources, not cited targets).
  CHECK(r.unresolved.size() == 118);
  CHECK(r.unresolved_references == 143);
  CHECK(r.findings.size() == 3);
  CHECK(r.issuers.size() == 5);
  CHECK(r.diagrams.size() == 6);  // the default cap

  // 济政发〔2019〕2号 is repealed by 济政发〔2019〕17号 from 2020-02-01, line 101.
  auto it = std::find_if(r.superseded.begin(), r.superseded.end(), [&](const pg::StatusRow& s) {
    return nodes[s.node].id == "济政发〔2019〕2号";
  });
  REQUIRE(it != r.superseded.end());
  CHECK(it->status.kind == StatusKind::kRepealed);
  CHECK(it->status.by == std::optional<std::string>("济政发〔2019〕17号"));
  CHECK(it->status.since == day("2020-02-01"));
  CHECK(it->status.evidence.evidence.line == 101);

  // Every issuer section's documents add up to the published total.
  std::size_t docs = 0;
  for (const auto& s : r.issuers) docs += s.documents.size();
  CHECK(docs == 51);
  // The model names each neighbourhood; its node count is what the exporter
  // selects for it (the HTML renderer draws that selection).
  for (const auto& d : r.diagrams) {
    CHECK(d.reason == "repeals");
    CHECK(d.nodes <= 40);
    pg::ExportOptions eo;
    eo.as_of = r.as_of;
    eo.around = d.around;
    eo.depth = d.depth;
    if (d.key_types_only) eo.types = pg::kDiagramKeyTypes;
    auto sel = pg::select_subgraph(sample_graph(), eo);
    REQUIRE(sel.ok());
    CHECK(sel->nodes.size() == d.nodes);
  }
}

TEST_CASE("expiring lists a 有效期 ending within six months", "[report]") {
  Report r = build(sample_graph(), "2021-01-01");
  REQUIRE(r.expiring.size() == 1);
  CHECK(sample_graph().nodes()[r.expiring[0].node].id == "济政发〔2019〕19号");
  CHECK(r.expiring[0].expires == day("2021-01-31"));
  CHECK(r.expiring[0].days_left == 30);
}

TEST_CASE("the issuer filter keeps only that issuer's documents", "[report]") {
  Report r = build(sample_graph(), "2020-03-01", "济南");
  CHECK(r.published.total() == 31);
  CHECK(r.superseded.size() == pg::superseded(sample_graph(), day("2020-03-01"), "济南").size());
  CHECK(r.superseded.size() == 5);
  for (const auto& s : r.issuers) CHECK(has(s.issuer, "济南"));
  CHECK(r.unresolved.size() < 120);
  CHECK_FALSE(r.unresolved.empty());
}

TEST_CASE("an orphan is reported with its chain and drawn first", "[report]") {
  CorpusGraph g = hand_graph();
  Report r = build(g, "2020-03-01");
  REQUIRE(r.orphans.size() == 1);
  CHECK(g.nodes()[r.orphans[0].node].id == "测政发〔2018〕1号");
  CHECK(g.nodes()[r.orphans[0].basis].id == "测政发〔2017〕2号");
  CHECK(r.orphans[0].fell_away == day("2019-06-01"));
  REQUIRE(r.diagrams.size() == 2);
  CHECK(r.diagrams[0].reason == "orphan");
  CHECK(r.diagrams[0].depth == 2);
  CHECK(g.nodes()[r.diagrams[1].around].id == "测政发〔2019〕3号");

  const std::string html = pg::render_html(g, r);
  CHECK(has(
      html,
      "<h2 id=\"orphans\">依据已失效的现行文件 Orphans<span class=\"count\" data-count=\"1\">"));
  CHECK(has(html, "测政发〔2018〕1号</a> —based_on→ "));
  CHECK(has(html, "<figure id=\"diagram-1\">"));
  // Two drawings, each with its own ids.
  CHECK(has(html, "id=\"d1-graph0\""));
  CHECK(has(html, "id=\"d2-graph0\""));
}

TEST_CASE("no diagrams are drawn when max_diagrams is 0", "[report]") {
  ReportOptions o;
  o.as_of = day("2020-03-01");
  o.max_diagrams = 0;
  auto r = pg::build_report(sample_graph(), o);
  REQUIRE(r.ok());
  CHECK(r->diagrams.empty());
}

TEST_CASE("a report needs a date", "[report]") {
  auto r = pg::build_report(sample_graph(), ReportOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(has(r.error().message, "as_of"));
}

// --------------------------------------------------------------- html ----

TEST_CASE("sample HTML has every section with its count", "[report][html]") {
  const std::string html = pg::render_html(sample_graph(), sample_report());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(has(html, "<meta charset=\"utf-8\">"));
  CHECK(has(
      html,
      "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif"));
  for (const char* section : {"summary", "counts", "superseded", "orphans", "expiring",
                              "unresolved", "findings", "issuers", "diagrams", "evidence"}) {
    INFO(section);
    CHECK(has(html, std::string("<h2 id=\"") + section + "\">"));
    CHECK(has(html, std::string("<a href=\"#") + section + "\">"));
  }
  CHECK(has(html, "已废止或失效 Superseded<span class=\"count\" data-count=\"19\">19</span>"));
  CHECK(has(html, "Orphans<span class=\"count\" data-count=\"0\">"));
  CHECK(has(html, "Expiring within 6m<span class=\"count\" data-count=\"0\">"));
  CHECK(has(html, "Unresolved references<span class=\"count\" data-count=\"118\">"));
  CHECK(has(html, "Integrity findings<span class=\"count\" data-count=\"3\">"));
  CHECK(has(html, "By issuer<span class=\"count\" data-count=\"5\">"));
  CHECK(has(html, "Diagrams<span class=\"count\" data-count=\"6\">"));
  CHECK(has(html, "<th class=\"num\" data-total=\"51\">51</th>"));
  CHECK(has(html, "<th class=\"num\" data-total=\"122\">122</th>"));
  CHECK(count_of(html, "<figure id=\"diagram-") == 6);
  CHECK(count_of(html, "<svg") == 6);
}

TEST_CASE("every HTML item links to its evidence", "[report][html]") {
  const std::string html = pg::render_html(sample_graph(), sample_report());
  // The repeal of 济政发〔2019〕2号, linked to its appendix row.
  auto at = html.find(">002_1864a195dda547c1.txt:101</a>");
  REQUIRE(at != std::string::npos);
  auto href = html.rfind("<a href=\"#e", at);
  REQUIRE(href != std::string::npos);
  std::string id = html.substr(href + 10, html.find('"', href + 10) - href - 10);
  CHECK(has(html, "<tr id=\"" + id + "\">"));
  CHECK(has(html, "2019年1月2日印发的《济南市人民政府关于划定非道路移动机械低排放控制区的通告》"));
  // Every appendix link (#e1, #e2 ...) has its row.
  for (auto i = html.find("href=\"#e"); i != std::string::npos; i = html.find("href=\"#e", i + 1)) {
    if (!std::isdigit(static_cast<unsigned char>(html[i + 8]))) continue;  // #expiring
    std::string target = html.substr(i + 7, html.find('"', i + 7) - i - 7);
    INFO(target);
    REQUIRE(has(html, "<tr id=\"" + target + "\">"));
  }
  // And every document link has its row.
  for (auto i = html.find("href=\"#n"); i != std::string::npos; i = html.find("href=\"#n", i + 1)) {
    if (!std::isdigit(static_cast<unsigned char>(html[i + 8]))) continue;
    std::string target = html.substr(i + 7, html.find('"', i + 7) - i - 7);
    INFO(target);
    REQUIRE(has(html, "<tr id=\"" + target + "\">"));
  }
}

TEST_CASE("the HTML needs no network and no other file", "[report][html]") {
  const std::string html = pg::render_html(sample_graph(), sample_report());
  CHECK_FALSE(has(html, " src="));
  CHECK_FALSE(has(html, "<link"));
  CHECK_FALSE(has(html, "@import"));
  CHECK_FALSE(has(html, "url(http"));
  CHECK_FALSE(has(html, "href=\"http"));
  CHECK_FALSE(has(html, "<?xml"));  // the SVG prolog is stripped
  CHECK(count_of(html, "<script") == 1);
  CHECK(count_of(html, "<style") == 1);
}

TEST_CASE("document text is escaped in HTML", "[report][html]") {
  CorpusGraph g = hand_graph();
  const std::string html = pg::render_html(g, build(g, "2020-03-01"));
  CHECK_FALSE(has(html, "<script>alert"));
  CHECK_FALSE(has(html, "<b>&amp;</b>"));
  CHECK(count_of(html, "<script") == 1);  // ours only
  CHECK(has(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; | *b*"));
  CHECK(has(html, "同时废止 &lt;b&gt;&amp;amp;&lt;/b&gt;"));
}

TEST_CASE("the page's templates are compiled in and write only the drawings unescaped",
          "[report][html]") {
  const std::vector<std::string> files = {"report.html.mustache", "node.mustache",
                                          "status.mustache",      "evidence.mustache",
                                          "report.css",           "report.js"};
  for (const std::string& name : files) {
    INFO(name);
    const std::string text(pg::template_file(name));
    REQUIRE_FALSE(text.empty());
    // {{& x}} is the other unescaped form; no template uses it.
    CHECK(count_of(text, "{{&") == 0);
    // The stylesheet and script are included as partials: a double brace in
    // them would be read as a tag.
    if (name == "report.css" || name == "report.js") CHECK(count_of(text, "{{") == 0);
  }
  const std::string page(pg::template_file("report.html.mustache"));
  CHECK(count_of(page, "{{{") == 1);
  CHECK(count_of(page, "{{{svg}}}") == 1);
  CHECK(pg::template_file("no-such.mustache").empty());
}

TEST_CASE("html_escape escapes the five specials and repairs UTF-8", "[report][html]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"a&b", "a&amp;b"},
      {"<x>", "&lt;x&gt;"},
      {"\"'", "&quot;&#39;"},
      {"济政发〔2019〕17号", "济政发〔2019〕17号"},
      {"bad\xff", "bad\xEF\xBF\xBD"},
  }));
  CHECK(pg::html_escape(in) == out);
}

// ----------------------------------------------------------- markdown ----

TEST_CASE("sample Markdown has every section with its count", "[report][markdown]") {
  const std::string md = pg::render_markdown(sample_graph(), sample_report());
  for (const char* heading :
       {"# 规范性文件审核报告 Audit report", "## 概要 Summary",
        "## 按状态和层级统计 Counts by status and level", "## 已废止或失效 Superseded (19)",
        "## 依据已失效的现行文件 Orphans (0)", "## 即将到期 Expiring within 6m (0)",
        "## 未收录的被引文件 Unresolved references (118)", "## 一致性问题 Integrity findings (3)",
        "## 按发文机关 By issuer (5)", "## 关系图 Diagrams (6)"}) {
    INFO(heading);
    CHECK(has(md, std::string(heading) + "\n"));
  }
  CHECK(has(
      md,
      "| 济政发〔2019〕2号 | 济南市人民政府关于划定非道路移动机械低排放控制区的通告 | 已废止 2020-02-01 | "
      "济政发〔2019〕17号 | 002\\_1864a195dda547c1.txt:101 「"));
}

TEST_CASE("document text is escaped in Markdown", "[report][markdown]") {
  CorpusGraph g = hand_graph();
  const std::string md = pg::render_markdown(g, build(g, "2020-03-01"));
  CHECK_FALSE(has(md, "<script>"));
  CHECK_FALSE(has(md, "<b>"));
  CHECK(has(md, "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' \\| \\*b\\* \\[l\\](u)"));
  // Each row of the superseded table keeps its five columns: the | in the
  // title does not open a sixth.
  auto at = md.find("| 测政发〔2017〕2号 |");
  REQUIRE(at != std::string::npos);
  std::string row = md.substr(at, md.find('\n', at) - at);
  std::size_t bars = 0;
  for (std::size_t i = 0; i < row.size(); ++i)
    bars += row[i] == '|' && (i == 0 || row[i - 1] != '\\');
  CHECK(bars == 6);
}

TEST_CASE("markdown_escape escapes table and emphasis characters", "[report][markdown]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"a|b", "a\\|b"},
      {"*x* _y_", "\\*x\\* \\_y\\_"},
      {"[t](u)", "\\[t\\](u)"},
      {"<b>&", "&lt;b&gt;&amp;"},
      {"line\nbreak", "line break"},
      {"`c` #h ~s~ !", "\\`c\\` \\#h \\~s\\~ \\!"},
      {"鲁政发〔2016〕26号", "鲁政发〔2016〕26号"},
  }));
  CHECK(pg::markdown_escape(in) == out);
}

// --------------------------------------------------------------- json ----

TEST_CASE("sample JSON parses and carries the counts", "[report][json]") {
  const json j = json::parse(pg::render_json(sample_graph(), sample_report()));
  CHECK(j["as_of"] == "2020-03-01");
  CHECK(j["issuer"].is_null());
  CHECK(j["summary"]["documents"] == 51);
  CHECK(j["summary"]["superseded"] == 19);
  CHECK(j["summary"]["orphans"] == 0);
  CHECK(j["summary"]["expiring"] == 0);
  CHECK(j["summary"]["unresolved"] == 118);
  CHECK(j["summary"]["unresolved_references"] == 143);
  CHECK(j["summary"]["findings"] == 3);
  CHECK(j["counts"]["published"]["by_level"]["municipal"]["expired"] == 3);
  CHECK(j["superseded"].size() == 19);
  CHECK(j["unresolved"].size() == 118);
  CHECK(j["findings"].size() == 3);
  CHECK(j["issuers"].size() == 5);
  CHECK(j["diagrams"].size() == 6);
  bool found = false;
  for (const auto& s : j["superseded"]) {
    if (s["id"] != "济政发〔2019〕2号") continue;
    found = true;
    CHECK(s["status"]["status"] == "repealed");
    CHECK(s["status"]["by"] == "济政发〔2019〕17号");
    CHECK(s["status"]["evidence"]["file"] == "002_1864a195dda547c1.txt");
    CHECK(s["status"]["evidence"]["line"] == 101);
  }
  CHECK(found);
}

TEST_CASE("hostile and invalid text round-trips through JSON", "[report][json]") {
  pg::Extraction e;
  e.source = "hand.txt";
  e.documents.push_back(
      document("测政发〔2019〕9号", std::string(kHostileTitle) + "\xff", "2019-01-01", 1));
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  Report r = build(g, "2020-03-01");
  const json j = json::parse(pg::render_json(g, r));
  REQUIRE(j["issuers"].size() == 1);
  CHECK(j["issuers"][0]["documents"][0]["title"] == std::string(kHostileTitle) + "\xEF\xBF\xBD");
  const std::string html = pg::render_html(g, r);
  CHECK(has(html, "[l](u)\xEF\xBF\xBD"));
}

TEST_CASE("report formats parse by name", "[report]") {
  CHECK(pg::parse_report_format("html") == pg::ReportFormat::kHtml);
  CHECK(pg::parse_report_format("md") == pg::ReportFormat::kMarkdown);
  CHECK(pg::parse_report_format("markdown") == pg::ReportFormat::kMarkdown);
  CHECK(pg::parse_report_format("json") == pg::ReportFormat::kJson);
  CHECK_FALSE(pg::parse_report_format("pdf"));
  CHECK(pg::to_string(pg::ReportFormat::kMarkdown) == "md");
}

}  // namespace
