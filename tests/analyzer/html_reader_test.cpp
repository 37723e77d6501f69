// Saved web pages (analyzer/read/html_reader.h): the 60 State Council pages
// of tests/data/html (as gov.cn served them: a metadata table, then the body
// in #UCAP-CONTENT) against their index and against the plain-text versions
// of the same documents in tests/data/national; the encoding a page declares;
// page chrome left out; the metadata table preferred to the body and a
// disagreement reported; hostile markup read in linear time or refused.
#include "analyzer/read/html_reader.h"

#include <iconv.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "support/test_support.h"

namespace {

const std::string kHtmlDir = TEST_DATA_DIR "/html/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return cols;
}

struct Row {
  std::string file, doc_no, title, issuer;
};

// tests/data/html/index.tsv: file, url, doc_no, title, issuer.
std::vector<Row> html_index() {
  std::istringstream lines(slurp(kHtmlDir + "index.tsv"));
  std::vector<Row> rows;
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::vector<std::string> c = split_tabs(line);
    REQUIRE(c.size() >= 5);
    rows.push_back({c[0], c[2], c[3], c[4]});
  }
  return rows;
}

std::string remove_whitespace(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

struct Read {
  pg::SourceText source;
  pg::Extraction e;
  std::vector<pg::Diagnostic> diagnostics;
};

Read read_bytes(const std::string& name, const std::string& bytes) {
  pg::Result<pg::SourceText> source = pg::decode_source(name, bytes);
  INFO((source.ok() ? std::string() : source.error().to_string()));
  REQUIRE(source.ok());
  pg::CollectingSink sink;
  Read r{*source, pg::extract(*source, sink), {}};
  r.diagnostics = std::move(sink.items);
  return r;
}

Read read_file(const std::string& path) { return read_bytes(path, slurp(path)); }

// The document the page describes: the first.
const pg::Document& first_document(const Read& r) {
  REQUIRE(!r.e.documents.empty());
  return r.e.documents.front();
}

std::string issuers_of(const pg::Document& d) {
  std::string s;
  for (const std::string& i : d.issuers) s += (s.empty() ? "" : "、") + i;
  return s;
}

using EdgeKey = std::tuple<std::string, std::string, std::string, std::string>;

std::set<EdgeKey> edge_set(const pg::Extraction& e) {
  std::set<EdgeKey> out;
  for (const pg::Edge& x : e.edges) {
    out.insert({x.from, std::string(pg::to_string(x.type)), x.to_doc_no.value_or(""),
                x.to_title.value_or("")});
  }
  return out;
}

std::string show(const std::set<EdgeKey>& edges) {
  std::string s;
  for (const auto& [from, type, no, title] : edges) {
    s += "  " + from + " " + type + " " + no + " 《" + title + "》\n";
  }
  return s;
}

// UTF-8 -> `charset` with iconv(3); fails the test when a character has no
// place in it.
std::string convert(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* to = out.data();
  std::size_t to_left = out.size();
  const std::size_t done = iconv(cd, &in, &in_left, &to, &to_left);
  iconv_close(cd);
  REQUIRE(done != static_cast<std::size_t>(-1));
  REQUIRE(in_left == 0);
  out.resize(out.size() - to_left);
  return out;
}

std::string replace_first(std::string s, const std::string& from, const std::string& to) {
  std::size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l == line) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the 60 gov.cn pages give the number, title and issuer of their index", "[html]") {
  const std::vector<Row> rows = html_index();
  REQUIRE(rows.size() == 60);
  int right = 0;
  for (const Row& row : rows) {
    CAPTURE(row.file);
    Read r = read_file(kHtmlDir + row.file);
    CHECK(r.source.format == "html");
    CHECK(r.source.encoding == "UTF-8");
    const pg::Document& d = first_document(r);
    const bool ok = d.doc_no.value_or("") == row.doc_no &&
                    remove_whitespace(d.title) == remove_whitespace(row.title) &&
                    issuers_of(d) == row.issuer;
    CHECK(d.doc_no.value_or("") == row.doc_no);
    CHECK(remove_whitespace(d.title) == remove_whitespace(row.title));
    CHECK(issuers_of(d) == row.issuer);
    if (ok) ++right;
  }
  CHECK(right == 60);
  WARN("html pages with number, title and issuer right: " << right << "/60");
}

TEST_CASE("a page's metadata fields keep the lines they are rendered on", "[html]") {
  // govcn_0000.html prints 索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号,
  // 发布日期 in its table, in that order (read from the file).
  Read r = read_file(kHtmlDir + "govcn_0000.html");
  const pg::SourceMetadata& m = r.source.metadata;
  CHECK(m.issuer.value == "国务院");
  CHECK(m.issuer.line == 3);
  CHECK(m.signed_date.value == "2019年01月27日");
  CHECK(m.signed_date.line == 4);
  CHECK(m.title.value == "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见");
  CHECK(m.title.line == 5);
  CHECK(m.number.value == "国发〔2019〕5号");
  CHECK(m.number.line == 6);
  CHECK(m.published_date.value == "2019年02月15日");
  CHECK(m.published_date.line == 7);
  CHECK(has_line(r.source.utf8, "索引号：000014349/2019-00007"));
  CHECK(has_line(r.source.utf8, "发文字号：国发〔2019〕5号"));
  const pg::Document& d = first_document(r);
  REQUIRE(d.signed_date.has_value());
  CHECK(d.signed_date->to_iso() == "2019-01-27");
  // The evidence of the number is its metadata line.
  bool number_evidence = false;
  for (const auto& f : d.field_evidence) {
    if (f.field != "doc_no") continue;
    number_evidence = true;
    CHECK(f.evidence.line == 6);
    CHECK(f.evidence.quote == "发文字号：国发〔2019〕5号");
  }
  CHECK(number_evidence);
  // The table agrees with the body: nothing to report.
  for (const pg::Diagnostic& x : r.diagnostics) CHECK_FALSE(pg::testing::has(x.message, "page's"));
}

TEST_CASE("the 60 pages give the edges of their plain-text versions", "[html]") {
  // tests/data/national/NNNN.txt is the body of govcn_NNNN.html as text, its
  // annex tables left out (0003, 0009, 0043, 0051): the page reads them too,
  // a row per line. One row holds a reference, read by hand in
  // govcn_0003.html's annex (指标说明 of 出院患者…): 8.用于检查的大型医用设备按照
  // 国家卫生健康委《大型医用设备配置许可管理目录》进行统计. Every other edge is
  // the text version's.
  int equal = 0;
  std::set<EdgeKey> only_in_tables;
  for (int i = 0; i < 60; ++i) {
    char num[8];
    std::snprintf(num, sizeof num, "%04d", i);
    CAPTURE(num);
    Read html = read_file(kHtmlDir + "govcn_" + num + ".html");
    const std::string text_file = std::string(TEST_DATA_DIR "/national/") + num + ".txt";
    Read text = read_file(text_file);
    std::set<EdgeKey> from_html = edge_set(html.e);
    std::set<EdgeKey> from_text = edge_set(text.e);
    INFO("html:\n" << show(from_html) << "text:\n" << show(from_text));
    for (const EdgeKey& k : from_text) CHECK(from_html.count(k) == 1);
    if (from_html == from_text) ++equal;
    for (const pg::Edge& x : html.e.edges) {
      // Evidence lines are lines of the rendered page.
      std::istringstream in(html.source.utf8);
      std::string line;
      for (int n = 0; n < x.line && std::getline(in, line);) ++n;
      CHECK_FALSE(line.empty());
      const EdgeKey k{x.from, std::string(pg::to_string(x.type)), x.to_doc_no.value_or(""),
                      x.to_title.value_or("")};
      if (from_text.count(k) == 0) {
        // An edge the text lacks stands on a line the text lacks.
        CHECK_FALSE(has_line(text.source.utf8, line));
        only_in_tables.insert(k);
      }
    }
  }
  CHECK(equal == 59);
  CHECK(only_in_tables ==
        std::set<EdgeKey>{{"国办发〔2019〕4号", "cites", "", "大型医用设备配置许可管理目录"}});
}

TEST_CASE("a GBK page declared by <meta charset> or http-equiv reads as its UTF-8 original",
          "[html][encoding]") {
  const std::string utf8 = slurp(kHtmlDir + "govcn_0000.html");
  Read original = read_bytes("govcn_0000.html", utf8);
  struct Case {
    const char* meta;
    const char* charset;
  };
  for (const Case& c : {Case{"<meta charset=\"gbk\">", "GBK"},
                        Case{"<meta http-equiv=\"Content-Type\" content=\"text/html; "
                             "charset=gb2312\">",
                             "GBK"}}) {
    CAPTURE(c.meta);
    std::string page = replace_first(utf8, "<meta charset=\"utf-8\">", c.meta);
    std::string gbk = convert(page, c.charset);
    REQUIRE(gbk != page);
    // Named .txt: the content says it is a page.
    Read r = read_bytes("converted.txt", gbk);
    CHECK(r.source.format == "html");
    CHECK(pg::testing::has(r.source.encoding, "GB18030"));
    CHECK(r.source.utf8 == original.source.utf8);
    CHECK(first_document(r).doc_no == first_document(original).doc_no);
    CHECK(edge_set(r.e) == edge_set(original.e));
  }
  // No declaration and not UTF-8: the bytes decide, as for text.
  std::string page = replace_first(utf8, "<meta charset=\"utf-8\">", "");
  Read r = read_bytes("undeclared.html", convert(page, "GBK"));
  CHECK(r.source.encoding == "GB18030");
  CHECK(r.source.utf8 == original.source.utf8);
}

namespace {

// A page as portals build them: a header with a menu, a search form, a
// breadcrumb, the document in a plain div (no #UCAP-CONTENT), a list of
// related links, a footer, scripts and styles - each of the others with a
// reference of its own that must not be read.
const char* const kPageWithChrome = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某市人民政府关于加强城市管理的通知</title>
<style>.x { content: "国发〔2001〕1号"; }</style>
<script>var s = "《国务院关于脚本里的通知》（国发〔2001〕2号）";</script></head>
<body>
<div class="header"><ul class="nav-menu"><li><a href="/">首页</a></li>
<li><a href="/zc">《国务院关于菜单里的通知》</a></li><li><a href="/gk">国发〔2001〕3号</a></li></ul></div>
<form class="search"><input name="q"><button>搜索</button></form>
<div class="crumb">当前位置：首页 &gt; 政策 &gt; 国发〔2001〕4号</div>
<div class="main">
<div class="article">
<p style="text-align:center">济南市人民政府关于加强城市管理工作的通知</p>
<p>济政发〔2020〕3号</p>
<p>各区县人民政府，市政府各部门：</p>
<p>为贯彻落实《国务院关于深入推进城市执法体制改革改进城市管理工作的指导意见》（中发〔2015〕37号），
现就加强城市管理工作通知如下。</p>
<p>一、总体要求<br>各级各部门要按照<b>国发〔2016〕14号</b>文件要求抓好落实。</p>
<table><tr><td>序号</td><td>任务</td><td>责任单位</td></tr>
<tr><td>1</td><td><p>落实《城市管理执法办法》</p></td><td>市城管局</td></tr></table>
<p>济南市人民政府</p>
<p>2020年3月1日</p>
</div>
<div class="related"><h3>相关链接</h3><ul>
<li><a href="/a">《国务院关于相关链接的通知》（国发〔2001〕5号）</a></li>
<li><a href="/b">《国务院关于另一相关链接的通知》（国发〔2001〕6号）</a></li></ul></div>
<ul><li><a href="/c">《国务院关于无类名链接的通知》</a></li><li><a href="/d">国发〔2001〕7号</a></li>
<li><a href="/e">国发〔2001〕8号</a></li></ul>
</div>
<div id="footer">版权所有：某市人民政府 国发〔2001〕9号 <script>document.write("国发〔2001〕10号")</script></div>
</body></html>
)";

}  // namespace

TEST_CASE("menus, headers, footers, scripts and related links are not read", "[html]") {
  Read r = read_bytes("portal.html", kPageWithChrome);
  INFO(r.source.utf8);
  // Read by hand from the page above: only the article's lines, the table a
  // row per line.
  const std::string want =
      "济南市人民政府关于加强城市管理工作的通知\n"
      "济政发〔2020〕3号\n"
      "各区县人民政府，市政府各部门：\n"
      "为贯彻落实《国务院关于深入推进城市执法体制改革改进城市管理工作的指导意见》（中发〔2015〕37号），"
      " 现就加强城市管理工作通知如下。\n"
      "一、总体要求\n"
      "各级各部门要按照国发〔2016〕14号文件要求抓好落实。\n"
      "序号 任务 责任单位\n"
      "1 落实《城市管理执法办法》 市城管局\n"
      "济南市人民政府\n"
      "2020年3月1日\n";
  CHECK(r.source.utf8 == want);
  CHECK(r.source.metadata.empty());
  const pg::Document& d = first_document(r);
  CHECK(d.doc_no.value_or("") == "济政发〔2020〕3号");
  std::set<std::string> targets;
  for (const pg::Edge& x : r.e.edges) targets.insert(x.to_doc_no.value_or(x.to_title.value_or("")));
  CHECK(targets.count("中发〔2015〕37号") == 1);
  CHECK(targets.count("国发〔2016〕14号") == 1);
  for (const std::string& t : targets) CHECK_FALSE(pg::testing::has(t, "2001"));
}

TEST_CASE("the metadata table takes precedence over the body, and a disagreement is reported",
          "[html]") {
  // The table of govcn_0000.html says 国发〔2019〕50号, the body still prints
  // 国发〔2019〕5号; the issuer cell says 国务院办公厅, the body's title 国务院.
  std::string page = slurp(kHtmlDir + "govcn_0000.html");
  page = replace_first(page, "<td>国发〔2019〕5号</td>", "<td>国发〔2019〕50号</td>");
  page = replace_first(page, "<td>国务院</td>", "<td>国务院办公厅</td>");
  Read r = read_bytes("disagreeing.html", page);
  const pg::Document& d = first_document(r);
  CHECK(d.doc_no.value_or("") == "国发〔2019〕50号");
  CHECK(issuers_of(d) == "国务院办公厅");
  int number_reports = 0, issuer_reports = 0;
  for (const pg::Diagnostic& x : r.diagnostics) {
    if (pg::testing::has(x.message, "国发〔2019〕50号") &&
        pg::testing::has(x.message, "国发〔2019〕5号")) {
      ++number_reports;
      CHECK(x.line == 6);  // 发文字号's line
    }
    if (pg::testing::has(x.message, "发文机关 国务院办公厅") &&
        pg::testing::has(x.message, "document's 国务院 ")) {
      ++issuer_reports;
    }
  }
  CHECK(number_reports == 1);
  CHECK(issuer_reports == 1);
  // The document's edges leave from the table's number.
  REQUIRE(!r.e.edges.empty());
  for (const pg::Edge& x : r.e.edges) CHECK(x.from == "国发〔2019〕50号");
}

TEST_CASE("a real page whose table and signature disagree on the signing date", "[html]") {
  // govcn_0023.html, read by hand: the table says 成文日期 2004年04月17日, the
  // signature under the letter 二〇〇四年四月二十七日.
  Read r = read_file(kHtmlDir + "govcn_0023.html");
  const pg::Document& d = first_document(r);
  REQUIRE(d.signed_date.has_value());
  CHECK(d.signed_date->to_iso() == "2004-04-17");
  int reports = 0;
  for (const pg::Diagnostic& x : r.diagnostics) {
    if (pg::testing::has(x.message, "2004年04月17日") &&
        pg::testing::has(x.message, "2004-04-27")) {
      ++reports;
      CHECK(x.line == 4);
    }
  }
  CHECK(reports == 1);
}

TEST_CASE("pages are known by their extension and by their content", "[html][sniff]") {
  const std::string page = "<p>国务院关于测试的通知</p>\n";
  CHECK(pg::has_html_extension("a/b.HTML"));
  CHECK(pg::has_html_extension("b.htm"));
  CHECK_FALSE(pg::has_html_extension("b.html.txt"));
  CHECK(pg::looks_like_html("<!DOCTYPE html><p>x"));
  CHECK(pg::looks_like_html(
      "\xEF\xBB\xBF  \n<!-- saved from url=(0048)http://www.gov.cn/ -->\n<HTML>"));
  CHECK(pg::looks_like_html(std::string("\xFF\xFE<\0h\0t\0m\0l\0>\0", 14)));
  CHECK_FALSE(pg::looks_like_html("国务院关于<html>的通知"));
  CHECK_FALSE(pg::looks_like_html("<p>no doctype</p>"));
  // A fragment named .htm is a page; the same bytes named .txt are text.
  CHECK(read_bytes("x.htm", page).source.utf8 == "国务院关于测试的通知\n");
  CHECK(read_bytes("x.txt", page).source.format == "text");
}

namespace {

double cpu_seconds_to_read(const std::string& bytes) {
  const std::clock_t start = std::clock();
  pg::Result<pg::SourceText> r = pg::decode_source("hostile.html", bytes);
  const std::clock_t end = std::clock();
  (void)r;
  return static_cast<double>(end - start) / CLOCKS_PER_SEC;
}

std::string repeat(const std::string& unit, std::size_t n) {
  std::string s = "<!DOCTYPE html><html><body>";
  s.reserve(s.size() + unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) s += unit;
  return s;
}

}  // namespace

TEST_CASE("hostile markup is read in linear time or refused", "[html][hostile]") {
  SECTION("nesting deeper than the bound is an error naming the file, at once") {
    pg::Result<pg::SourceText> r = pg::decode_source("deep.html", repeat("<div>", 200000));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string().find("deep.html") != std::string::npos);
    CHECK(pg::testing::has(r.error().to_string(), "nested deeper than 512"));
    CHECK(cpu_seconds_to_read(repeat("<div>", 200000)) < 2.0);
  }
  SECTION("nesting within the bound is read") {
    pg::Result<pg::SourceText> r =
        pg::decode_source("nested.html", repeat("<div>", 500) + "国发〔2016〕14号");
    REQUIRE(r.ok());
    CHECK(r->utf8 == "国发〔2016〕14号\n");
  }
  SECTION("unclosed tags that HTML closes itself do not nest: 4x the page, about 4x the work") {
    // A quadratic reader would take sixteen times as long.
    for (const char* unit : {"<p>段落", "<li>条目<p>段落", "<table><tr><td>单元</table>",
                             "<dl><dt>词<dd>义</dl>", "<b><p>粗体", "<a href=x>链接</a></p></b>"}) {
      CAPTURE(unit);
      const std::string small = repeat(unit, 20000);
      const std::string large = repeat(unit, 80000);
      pg::Result<pg::SourceText> r = pg::decode_source("unclosed.html", large);
      REQUIRE(r.ok());
      double t_small = std::max(cpu_seconds_to_read(small), 0.005);
      double t_large = cpu_seconds_to_read(large);
      WARN(unit << ": 20000 units " << t_small << " s, 80000 units " << t_large << " s");
      CHECK(t_large < 9 * t_small);
    }
  }
}

TEST_CASE("extract, ingest of a folder and check read web pages", "[html][cli]") {
  using pg::testing::run;
  pg::testing::Run extract = run("extract --format summary '" + kHtmlDir + "govcn_0000.html'");
  CHECK(extract.status == 0);
  CHECK(pg::testing::has(extract.out, "govcn_0000.html: 1 documents"));
  pg::testing::TempDir tmp;
  pg::testing::Run ingest = run("ingest --db '" + tmp.db() + "' '" + kHtmlDir + "'");
  INFO(ingest.err);
  CHECK(ingest.status == 0);
  CHECK(pg::testing::has(ingest.err + ingest.out, "ingested 60 files"));
  pg::testing::Run show = run("show --db '" + tmp.db() + "' '国发〔2019〕5号'");
  CHECK(pg::testing::has(show.out, "govcn_0000.html:"));
  pg::testing::Run check =
      run("check --db '" + tmp.db() + "' --as-of 2020-01-01 '" + kHtmlDir + "govcn_0001.html'");
  CHECK((check.status == 0 || check.status == 3));
  CHECK(pg::testing::has(check.out, "国办发〔2019〕6号"));
}
