// End-to-end tests of `policygraph report`: the built executable on the
// sample corpus (tests/data/gazettes and judicial) in a temporary database,
// and the HTML page as a person sees it, in headless Chromium.
//
// The browser tests need Debian's `chromium` at /usr/bin/chromium
// (scripts/setup-browser.sh installs it). Without it they fail, saying so;
// a developer may skip them with POLICYGRAPH_NO_BROWSER=1.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/answers/queries.h"
#include "graphs/render/report.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* const kChromium = "/usr/bin/chromium";
const std::string kData = TEST_DATA_DIR;

using namespace pg::testing;
using pg::build_report;
using pg::Extraction;
using pg::html_escape;
using pg::Report;
using pg::ReportOptions;
using pg::Result;
using pg::unresolved;
using pg::UnresolvedGroup;

// ------------------------------------------------- what to expect ----
//
// The counts a report of the sample corpus must show are derived from the
// gold labels (tests/data/gazettes and judicial, *.json, hand-checked; see
// tests/data/SCHEMA.md), not from a previous run of the extractor: the gold
// extractions resolved into a graph (sample_graph()) and asked the report's
// questions by the library. The command reads the texts through the
// extractor and the store, so it passes only when that pipeline yields what
// the gold implies.

const char* const kAsOf = "2020-03-01";

// Documents the gold labels publish.
std::size_t gold_documents() {
  std::size_t n = 0;
  for (const Extraction& ex : sample_corpus()) n += ex.documents.size();
  return n;
}

// The report of the gold graph as of kAsOf, for `issuer` (empty: all).
const Report& gold_report(const std::string& issuer = {}) {
  static std::map<std::string, Report> cache;
  auto it = cache.find(issuer);
  if (it != cache.end()) return it->second;
  ReportOptions options;
  options.as_of = day(kAsOf);
  options.issuer = issuer;
  Result<Report> r = build_report(sample_graph(), options);
  REQUIRE(r.ok());
  return cache.emplace(issuer, std::move(r.value())).first->second;
}

std::string n(std::size_t count) { return std::to_string(count); }

// A section heading of the HTML report with its count.
std::string html_heading(const std::string& id, const std::string& title, std::size_t count) {
  return "<h2 id=\"" + id + "\">" + title + "<span class=\"count\" data-count=\"" + n(count) +
         "\">" + n(count) + "</span></h2>";
}

// The sample corpus in the temporary database.
void ingest_sample(const TempDir& dir) {
  Run r = run("ingest --db '" + dir.db() + "' '" + kData + "/gazettes' '" + kData + "/judicial'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(has(r.out + r.err, n(gold_documents()) + " documents"));
}

std::string report_html(const TempDir& dir) {
  const std::string html = dir.file("report.html");
  Run r = run("report --db '" + dir.db() + "' --format html -o '" + html + "' --as-of 2020-03-01");
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(fs::exists(html));
  return html;
}

// Whether the browser tests run: true with chromium installed; false (the
// test passes with a warning) only when POLICYGRAPH_NO_BROWSER=1; otherwise
// the test fails with what to install.
bool browser_available() {
  if (fs::exists(kChromium)) return true;
  const char* skip = std::getenv("POLICYGRAPH_NO_BROWSER");
  if (skip != nullptr && std::string(skip) == "1") {
    WARN("SKIPPED: " << kChromium << " is not installed and POLICYGRAPH_NO_BROWSER=1");
    return false;
  }
  FAIL(kChromium << " is not installed: the report's browser test needs Debian's chromium "
                    "(run `bash scripts/setup-browser.sh` as root; CI installs it). To skip "
                    "this test on a developer machine, set POLICYGRAPH_NO_BROWSER=1.");
  return false;
}

// Headless Chromium with a fresh profile and nothing running in the
// background; `extra` picks what it does (--dump-dom, --screenshot=...).
Run chromium(const TempDir& dir, const std::string& extra, const std::string& page) {
  const std::string profile = dir.file("chromium-profile");
  fs::create_directories(profile);
  return shell("timeout 120 " + std::string(kChromium) +
               " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
               " --disable-background-networking --disable-component-update --disable-sync"
               " --user-data-dir='" +
               profile + "' --enable-logging=stderr --v=0 " + extra + " 'file://" + page + "'");
}

// Console messages and uncaught exceptions of the page, one per line.
// Chromium's own start-up noise (D-Bus, GPU, sandbox) is not the page's.
std::vector<std::string> console_lines(const std::string& err) {
  std::vector<std::string> out;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (has(line, ":CONSOLE") || has(line, "Uncaught")) out.push_back(line);
  }
  return out;
}

std::string console_text(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// ---------------------------------------------------------- the command ----

TEST_CASE("the gold labels give the report something to count", "[report_cli]") {
  // The counts below guard only if they are not trivially zero.
  const Report& gold = gold_report();
  CHECK(gold_documents() > 40);
  CHECK(gold.published.total() == gold_documents());
  CHECK(gold.superseded.size() > 5);
  CHECK(gold.unresolved.size() > 50);
  CHECK_FALSE(gold.findings.empty());
  CHECK(gold_report("济南").published.total() > 0);
  CHECK(gold_report("济南").published.total() < gold_documents());
}

TEST_CASE("report writes HTML Markdown and JSON of the sample corpus", "[report_cli]") {
  const Report& gold = gold_report();
  TempDir dir;
  ingest_sample(dir);
  const std::string html = slurp(report_html(dir));
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(has(html, html_heading("superseded", "已废止或失效 Superseded", gold.superseded.size())));

  Run md = run("report --db '" + dir.db() + "' --as-of " + kAsOf + " --format md -o -");
  CHECK(md.status == 0);
  CHECK(has(md.out, "## 已废止或失效 Superseded (" + n(gold.superseded.size()) + ")\n"));
  CHECK(has(md.out,
            "## 未收录的被引文件 Unresolved references (" + n(gold.unresolved.size()) + ")\n"));

  Run js = run("report --db '" + dir.db() + "' --as-of " + kAsOf + " --format json -o -");
  REQUIRE(js.status == 0);
  json j = json::parse(js.out);
  CHECK(j["summary"]["documents"] == gold_documents());
  CHECK(j["summary"]["superseded"] == gold.superseded.size());
  CHECK(j["summary"]["orphans"] == gold.orphans.size());
  CHECK(j["summary"]["expiring"] == gold.expiring.size());
  CHECK(j["summary"]["unresolved"] == gold.unresolved.size());
  CHECK(j["summary"]["findings"] == gold.findings.size());
}

// A device or a pipe given to -o is written into: writing beside it and
// renaming would put a regular file where /dev/stdout or the FIFO was.
TEST_CASE("report and export -o a FIFO write into it and leave it a FIFO", "[report_cli]") {
  TempDir dir;
  ingest_sample(dir);
  const std::string fifo = dir.file("pipe");
  for (const std::string& command :
       {std::string("report --format md"), std::string("export --format dot")}) {
    INFO(command);
    const std::string got = dir.file("got"), want = dir.file("want");
    REQUIRE(
        run(command + " --db '" + dir.db() + "' --as-of " + kAsOf + " -o '" + want + "'").status ==
        0);
    fs::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // A reader in the background (bounded, should the writer never open the
    // FIFO), then the command, then the reader's end.
    Run r = shell("timeout 60 cat '" + fifo + "' > '" + got + "' & reader=$!; '" +
                  std::string(POLICYGRAPH_EXE) + "' " + command + " --db '" + dir.db() +
                  "' --as-of " + kAsOf + " -o '" + fifo + "'; s=$?; wait $reader; exit $s");
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(fs::is_fifo(fifo));
    CHECK_FALSE(fs::exists(fifo + ".tmp"));
    CHECK(slurp(got) == slurp(want));
    CHECK_FALSE(slurp(want).empty());
  }
}

TEST_CASE("report filters by issuer", "[report_cli]") {
  TempDir dir;
  ingest_sample(dir);
  const Report& gold = gold_report("济南");
  Run js =
      run("report --db '" + dir.db() + "' --as-of " + kAsOf + " --issuer 济南 --format json -o -");
  REQUIRE(js.status == 0);
  json j = json::parse(js.out);
  CHECK(j["issuer"] == "济南");
  CHECK(j["summary"]["documents"] == gold.published.total());
  CHECK(j["summary"]["superseded"] == gold.superseded.size());
}

TEST_CASE("report usage and input errors exit 2", "[report_cli]") {
  TempDir dir;
  ingest_sample(dir);
  const std::string db = "--db '" + dir.db() + "' ";
  Run no_output = run("report " + db + "--format html");
  CHECK(no_output.status == 2);
  CHECK(has(no_output.err, "--output"));
  Run bad_format = run("report " + db + "--format pdf -o -");
  CHECK(bad_format.status == 2);
  CHECK(has(bad_format.err, "--format: pdf not in {html,md,json}"));
  Run bad_date = run("report " + db + "--as-of 2020-02-30 -o -");
  CHECK(bad_date.status == 2);
  CHECK(has(bad_date.err, "--as-of"));
  Run no_db = run("report --db '" + dir.file("missing.db") + "' -o -");
  CHECK(no_db.status == 2);
  Run bad_dir = run("report " + db + "-o '" + dir.file("no/such/dir/r.html") + "'");
  CHECK(bad_dir.status == 2);
  CHECK(has(bad_dir.err, "cannot open for writing"));
}

// ------------------------------------------------------------ the page ----

TEST_CASE("the HTML report loads in headless Chromium and shows its sections and counts",
          "[report_cli][browser]") {
  if (!browser_available()) return;
  TempDir dir;
  ingest_sample(dir);
  const std::string page = report_html(dir);
  Run r = chromium(dir, "--dump-dom", page);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string& dom = r.out;
  // The page's script ran to its end, and nothing was logged or thrown.
  CHECK(has(dom, "<html lang=\"zh-CN\" data-report-ready=\"1\">"));
  CHECK(console_text(console_lines(r.err)).empty());
  const Report& gold = gold_report();
  for (const std::string& heading :
       {std::string("<h2 id=\"summary\">概要 Summary</h2>"),
        std::string("<h2 id=\"counts\">按状态和层级统计 Counts by status and level</h2>"),
        html_heading("superseded", "已废止或失效 Superseded", gold.superseded.size()),
        html_heading("orphans", "依据已失效的现行文件 Orphans", gold.orphans.size()),
        html_heading("expiring", "即将到期 Expiring within 6m", gold.expiring.size()),
        html_heading("unresolved", "未收录的被引文件 Unresolved references",
                     gold.unresolved.size()),
        html_heading("findings", "一致性问题 Integrity findings", gold.findings.size()),
        html_heading("issuers", "按发文机关 By issuer", gold.issuers.size()),
        html_heading("diagrams", "关系图 Diagrams", gold.diagrams.size()),
        std::string("<h2 id=\"evidence\">依据原文 Evidence")}) {
    INFO(heading);
    CHECK(has(dom, heading));
  }
  // The summary cards, as the browser built them.
  auto card = [](const char* key, std::size_t count) {
    return "data-key=\"" + std::string(key) + "\"><div class=\"n\">" + n(count) + "</div>";
  };
  CHECK(has(dom, card("documents", gold_documents())));
  CHECK(has(dom, card("superseded", gold.superseded.size())));
  CHECK(has(dom, card("unresolved", gold.unresolved.size())));
  CHECK(has(dom, card("findings", gold.findings.size())));
  // The drawings, parsed as SVG.
  std::size_t svgs = 0;
  for (auto i = dom.find("<svg"); i != std::string::npos; i = dom.find("<svg", i + 1)) ++svgs;
  CHECK(svgs == gold.diagrams.size());
  // Chinese text arrives intact.
  CHECK(has(dom, "济南市人民政府关于划定非道路移动机械低排放控制区的通告"));
}

TEST_CASE("the HTML report renders to a screenshot", "[report_cli][browser]") {
  if (!browser_available()) return;
  TempDir dir;
  ingest_sample(dir);
  const std::string page = report_html(dir);
  const std::string png = dir.file("report.png");
  Run r = chromium(dir, "--screenshot='" + png + "' --window-size=1280,2000", page);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(console_text(console_lines(r.err)).empty());
  REQUIRE(fs::exists(png));
  const std::string bytes = slurp(png);
  // A PNG of the window's size, with enough in it to be a page, not a blank.
  REQUIRE(bytes.size() > 24);
  CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(bytes[at]) << 24) |
           (static_cast<unsigned char>(bytes[at + 1]) << 16) |
           (static_cast<unsigned char>(bytes[at + 2]) << 8) |
           static_cast<unsigned char>(bytes[at + 3]);
  };
  CHECK(be32(16) == 1280);
  CHECK(be32(20) == 2000);
  CHECK(bytes.size() > 100 * 1024);
}

TEST_CASE("clicking a column header sorts the table in the browser", "[report_cli][browser]") {
  if (!browser_available()) return;
  TempDir dir;
  ingest_sample(dir);
  // The report, and a script after ours that clicks "引用次数 references" of
  // the unresolved table twice (ascending, then descending).
  std::string html = slurp(report_html(dir));
  const std::string click =
      "<script>var th=document.querySelectorAll('#table-unresolved thead th')[3];"
      "th.click();th.click();</script>\n</body>";
  auto at = html.rfind("</body>");
  REQUIRE(at != std::string::npos);
  html.replace(at, 7, click);
  const std::string page = dir.file("clicked.html");
  std::ofstream(page, std::ios::binary) << html;
  Run r = chromium(dir, "--dump-dom", page);
  REQUIRE(r.status == 0);
  CHECK(console_text(console_lines(r.err)).empty());
  const std::string& dom = r.out;
  auto table = dom.find("<table class=\"sortable\" id=\"table-unresolved\">");
  REQUIRE(table != std::string::npos);
  CHECK(has(dom.substr(table, 2000), "aria-sort=\"descending\">引用次数 references</th>"));
  // The most cited instrument first, then the second: in the gold graph the
  // top three have distinct counts, so the order after sorting is certain.
  const std::vector<UnresolvedGroup> groups = unresolved(sample_graph());
  REQUIRE(groups.size() >= 3);
  REQUIRE(groups[0].references.size() > groups[1].references.size());
  REQUIRE(groups[1].references.size() > groups[2].references.size());
  const std::string& most = sample_graph().nodes()[groups[0].target].title;
  const std::string& next = sample_graph().nodes()[groups[1].target].title;
  auto body = dom.find("<tbody>", table);
  auto first = dom.find("</tr>", body);
  auto second = dom.find("</tr>", first + 1);
  REQUIRE(second != std::string::npos);
  CHECK(has(dom.substr(body, first - body), "<td>" + html_escape(most) + "</td>"));
  CHECK(has(dom.substr(body, first - body),
            "<td class=\"num\">" + n(groups[0].references.size()) + "</td>"));
  CHECK(has(dom.substr(first, second - first), "<td>" + html_escape(next) + "</td>"));
}

TEST_CASE("hostile titles in the HTML report stay text in the browser",
          "[report_cli][browser][escaping]") {
  if (!browser_available()) return;
  TempDir dir;
  // tests/data/bad/hostile_titles.txt: a document whose title holds a
  // <script>, citing a title with an <img onerror> and repealing one with an
  // </style><svg onload>. Each would mark <body data-pwned> if it ran.
  Run in = run("ingest --db '" + dir.db() + "' '" + kData + "/bad/hostile_titles.txt'");
  INFO(in.err);
  REQUIRE(in.status == 0);
  const std::string page = dir.file("report.html");
  Run r = run("report --db '" + dir.db() + "' --format html -o '" + page + "' --as-of 2020-03-01");
  INFO(r.err);
  REQUIRE(r.status == 0);
  Run b = chromium(dir, "--dump-dom", page);
  INFO(b.err);
  REQUIRE(b.status == 0);
  const std::string& dom = b.out;
  CHECK(has(dom, "data-report-ready=\"1\""));  // the page's own script ran to its end
  CHECK_FALSE(has(dom, "data-pwned=\""));      // no injected script or handler ran
  CHECK_FALSE(has(dom, "<img"));               // no injected element
  CHECK_FALSE(has(dom, "<svg onload"));
  CHECK_FALSE(has(dom, "<svg/onload"));
  // The titles are shown, as text.
  CHECK(has(dom, "&lt;script&gt;document.body.setAttribute("));
  CHECK(console_text(console_lines(b.err)).empty());
}

TEST_CASE("the browser check catches a page that throws", "[report_cli][browser]") {
  if (!browser_available()) return;
  TempDir dir;
  const std::string page = dir.file("broken.html");
  std::ofstream(page) << "<!DOCTYPE html><html><body><p>x</p><script>no_such_function();</script>"
                         "</body></html>";
  Run r = chromium(dir, "--dump-dom", page);
  REQUIRE(r.status == 0);
  std::vector<std::string> lines = console_lines(r.err);
  REQUIRE(lines.size() == 1);
  CHECK(has(lines[0], "no_such_function is not defined"));
}

}  // namespace
