// `policygraph serve` through HTTP as a client sees it: a server started
// in-process on a free port over a store ingested from tests/data/gazettes
// (by the built executable, as a user would), asked with httplib's client.
// Each answer is checked for its content, not only its status.
#include <httplib.h>

#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/serve/csp.h"
#include "analyzer/serve/server.h"
#include "graphs/render/web/pages.h"
#include "support/test_support.h"

namespace {

using nlohmann::json;
using pg::testing::TempDir;
using pg::web::url_encode;

constexpr std::size_t kTestUpload = 1 << 20;

// A server over `db` in a thread; stopped and joined at the end.
class Served {
 public:
  explicit Served(std::string db, std::string token = "") {
    pg::serve::ServeOptions o;
    o.db = std::move(db);
    o.host = "127.0.0.1";
    o.port = 0;
    o.token = std::move(token);
    o.max_upload = kTestUpload;
    server_ = std::make_unique<pg::serve::Server>(o);
    pg::Result<int> port = server_->bind();
    if (!port) FAIL("bind: " << port.error().to_string());
    port_ = *port;
    thread_ = std::thread([this] { server_->listen(); });
  }
  ~Served() {
    server_->stop();
    thread_.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }

 private:
  std::unique_ptr<pg::serve::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// The sample gazettes ingested once per test process, and a server over them.
struct Corpus {
  TempDir dir;
  std::string db = dir.db();
  Corpus() {
    pg::testing::Run r = pg::testing::run("ingest --db '" + db + "' '" TEST_DATA_DIR "/gazettes'");
    if (r.status != 0) FAIL("ingest: " << r.err);
  }
};
Corpus& corpus() {
  static Corpus c;
  return c;
}
Served& served() {
  static Served s(corpus().db);
  return s;
}

json get_json(const std::string& path, int expect = 200) {
  auto res = served().client().Get(path.c_str());
  REQUIRE(res);
  INFO(path << " -> " << res->body);
  REQUIRE(res->status == expect);
  REQUIRE(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  return json::parse(res->body);
}

std::string get_html(const std::string& path, int expect = 200) {
  auto res = served().client().Get(path.c_str());
  REQUIRE(res);
  INFO(path << " -> " << res->body.substr(0, 2000));
  REQUIRE(res->status == expect);
  REQUIRE(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  return res->body;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Ids of the "other" ends of a card's or cites' references.
bool names(const json& list, const std::string& id) {
  for (const json& j : list) {
    if (j.contains("other") && j["other"]["id"] == id) return true;
    if (j.contains("id") && j["id"] == id) return true;
  }
  return false;
}

const std::string kExpiring = url_encode("济政办发〔2017〕54号");

}  // namespace

TEST_CASE("api doc gives the status as of the day asked", "[serve]") {
  json before = get_json("/api/doc/" + kExpiring + "?asof=2018-06-01");
  CHECK(before["document"]["id"] == "济政办发〔2017〕54号");
  CHECK(before["status"]["status_zh"] == "现行有效");
  json after = get_json("/api/doc/" + kExpiring + "?asof=2020-01-01");
  CHECK(after["status"]["status_zh"] == "失效");
  CHECK(after["status"]["since"] == "2019-12-20");
  CHECK(after["status"]["evidence"]["quote"] == "有效期至2019年12月19日");
}

TEST_CASE("doc page shows the status word and the CSP header", "[serve]") {
  auto res = served().client().Get(("/doc/" + kExpiring + "?asof=2020-01-01").c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Security-Policy") ==
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  const std::string& page = res->body;
  CHECK(has(page, "<html lang=\"zh-CN\">"));
  CHECK(has(page, "id=\"status\" data-status=\"失效\""));
  CHECK(has(page, "<input type=\"date\" id=\"asof\" name=\"asof\" value=\"2020-01-01\""));
  for (const char* id : {"timeline", "basis", "impact", "cites", "cited-by"}) {
    CHECK(has(page, "<section id=\"" + std::string(id) + "\">"));
  }
  CHECK(has(page, "<blockquote class=\"evidence\">有效期至2019年12月19日"));
  CHECK(has(page, "class=\"source-link\" href=\"/source?file="));
  CHECK(has(page, "<a id=\"graph-link\" href=\"/graph/" + kExpiring + "?asof=2020-01-01"));
  CHECK_FALSE(has(page, "<script>"));  // only the script file
  CHECK(has(page, "<script src=\"/static/app.js\" defer></script>"));
  std::string early = get_html("/doc/" + kExpiring + "?asof=2018-06-01");
  CHECK(has(early, "id=\"status\" data-status=\"现行有效\""));
}

TEST_CASE("api chain impact cites and cited-by follow the references", "[serve]") {
  json ch = get_json("/api/chain/" + url_encode("济政发〔2017〕24号") + "?asof=2020-03-01");
  CHECK(ch["reaches_national"] == true);
  REQUIRE(ch["chain"].size() >= 2);
  CHECK(ch["chain"][0]["id"] == "鲁政发〔2016〕26号");
  CHECK(ch["chain"][0]["via"]["type"] == "based_on");

  json im = get_json("/api/impact/" + url_encode("鲁政发〔2016〕26号") + "?asof=2020-03-01");
  bool found = false;
  for (const json& level : im["levels"])
    found = found || names(level["documents"], "济政发〔2017〕24号");
  CHECK(found);

  json cites = get_json("/api/cites/" + url_encode("济政发〔2019〕17号") + "?types=repeals");
  CHECK(names(cites["cites"], "济政发〔2019〕2号"));
  CHECK(cites["cites"][0]["type"] == "repeals");
  json by = get_json("/api/cited-by/" + url_encode("济政发〔2019〕2号"));
  CHECK(names(by["cited_by"], "济政发〔2019〕17号"));
}

TEST_CASE("search finds a number and a number alone opens its page", "[serve]") {
  json hits = get_json("/api/search?q=" + url_encode("济政发[2019]2号") + "&asof=2020-03-01");
  REQUIRE(!hits["hits"].empty());
  CHECK(hits["hits"][0]["id"] == "济政发〔2019〕2号");
  CHECK(hits["hits"][0]["status"]["status_zh"] == "已废止");

  auto res = served().client().Get(
      ("/search?q=" + url_encode("济政发〔2019〕2号") + "&asof=2020-03-01").c_str());
  REQUIRE(res);
  CHECK(res->status == 302);
  // httplib's client decodes the Location it reads; the server sends it encoded.
  CHECK(res->get_header_value("Location") == "/doc/济政发〔2019〕2号?asof=2020-03-01");

  std::string page = get_html("/search?q=" + url_encode("非道路移动机械") + "&asof=2020-03-01");
  CHECK(has(page, "<ol id=\"results\">"));
  CHECK(has(page, "<li class=\"hit\"><a class=\"hit-link\" href=\"/doc/"));
  CHECK(has(page, "<form id=\"search-form\""));
}

TEST_CASE("lists answer as a page as JSON and as CSV with a BOM", "[serve]") {
  json sup = get_json("/api/lists/superseded.json?asof=2020-03-01");
  CHECK(sup["documents"].size() == 5);  // README's superseded run on the same corpus
  CHECK(names(sup["documents"], "济政办发〔2017〕54号"));
  CHECK(names(sup["documents"], "济政发〔2019〕2号"));

  auto csv = served().client().Get("/api/lists/superseded.csv?asof=2020-03-01");
  REQUIRE(csv);
  REQUIRE(csv->status == 200);
  CHECK(csv->body.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(has(csv->body, "济政发〔2019〕2号"));
  CHECK(std::count(csv->body.begin(), csv->body.end(), '\n') == 6);  // header + 5 rows

  std::string page = get_html("/lists/superseded?asof=2020-03-01");
  CHECK(has(page, "<table id=\"list\">"));
  CHECK(has(page, "<a id=\"csv\" href=\"/api/lists/superseded.csv?asof=2020-03-01\""));
  CHECK(has(page, "<a id=\"json\" href=\"/api/lists/superseded.json?asof=2020-03-01\""));
  for (const char* list : {"orphans", "expiring", "unresolved", "findings"}) {
    std::string p = get_html("/lists/" + std::string(list) + "?asof=2020-03-01");
    CHECK(has(p, "<table id=\"list\">"));
    json j = get_json("/api/lists/" + std::string(list) + ".json?asof=2020-03-01");
    CHECK(j.is_object());
  }
  json unresolved = get_json("/api/lists/unresolved.json");
  CHECK(!unresolved["targets"].empty());
}

TEST_CASE("graph page inlines the drawing with nodes linked to their pages", "[serve]") {
  const std::string id = url_encode("济政发〔2017〕24号");
  std::string page = get_html("/graph/" + id + "?asof=2020-03-01&depth=2");
  CHECK(has(page, "<div id=\"graph\">"));
  CHECK(has(page, "<svg"));
  CHECK_FALSE(has(page, "<?xml"));
  CHECK(has(page, "href=\"/doc/" + url_encode("鲁政发〔2016〕26号") + "?asof=2020-03-01\""));
  json g = get_json("/api/graph/" + id + "?depth=2&asof=2020-03-01");
  CHECK(names(g["nodes"], "鲁政发〔2016〕26号"));
}

TEST_CASE("a draft is checked from text and from an uploaded file", "[serve]") {
  const std::string draft = pg::testing::read_file(TEST_DATA_DIR "/drafts/cites_repealed.txt");
  auto res =
      served().client().Post("/api/check?asof=2020-03-01", draft, "text/plain; charset=utf-8");
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  json j = json::parse(res->body);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["kind"] == "cites_repealed");
  CHECK(j["findings"][0]["subject"] == "济政发〔2019〕2号");

  httplib::MultipartFormDataItems form = {
      {"asof", "2020-03-01", "", ""},
      {"text", "", "", ""},
      {"file", draft, "cites_repealed.txt", "text/plain"},
  };
  auto page = served().client().Post("/check", form);  // asof in the form, as a browser sends it
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(has(page->body, "<ul id=\"findings\">"));
  CHECK(has(page->body, "<li class=\"finding\" data-kind=\"cites_repealed\">"));
}

TEST_CASE("bad parameters answer 400 with a message", "[serve]") {
  json j = get_json("/api/doc/" + kExpiring + "?asof=2020-02-30", 400);
  CHECK(has(j["error"].get<std::string>(), "asof"));
  j = get_json("/api/graph/" + kExpiring + "?depth=9", 400);
  CHECK(has(j["error"].get<std::string>(), "depth"));
  j = get_json("/api/cites/" + kExpiring + "?types=quotes", 400);
  CHECK(has(j["error"].get<std::string>(), "types"));
  j = get_json("/api/lists/expiring.json?within=soon", 400);
  CHECK(has(j["error"].get<std::string>(), "within"));
  j = get_json("/api/search", 400);
  CHECK(has(j["error"].get<std::string>(), "q"));
  std::string page = get_html("/lists/superseded?asof=yesterday", 400);
  CHECK(has(page, "asof: &#39;yesterday&#39; is not a date"));
  auto empty = served().client().Post("/api/check", "  ", "text/plain");
  REQUIRE(empty);
  CHECK(empty->status == 400);
}

TEST_CASE("an unknown document answers 404 with suggestions", "[serve]") {
  json j = get_json("/api/doc/" + url_encode("济政发〔2019〕99号"), 404);
  CHECK(j["error"] == "not found");
  CHECK(!j["matches"].empty());  // documents numbered 济政发〔2019〕…
  std::string page = get_html("/doc/" + url_encode("济政发〔2019〕99号"), 404);
  CHECK(has(page, "<ul id=\"suggestions\">"));
  CHECK(has(page, "<li><a class=\"doc-link\" href=\"/doc/"));
}

TEST_CASE("an upload over the limit answers 413", "[serve]") {
  const std::string big(kTestUpload + 1, 'a');
  auto res = served().client().Post("/api/check", big, "text/plain");
  REQUIRE(res);
  CHECK(res->status == 413);
  // The server goes on.
  CHECK(get_json("/api/doc/" + kExpiring)["document"]["id"] == "济政办发〔2017〕54号");
}

TEST_CASE("bare error pages keep the as-of date in their link back", "[serve]") {
  auto unknown = served().client().Get("/no-such-page?asof=2018-06-01");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(has(unknown->body, "href=\"/?asof=2018-06-01\""));
  const std::string big(kTestUpload + 1, 'a');
  auto large = served().client().Post("/check?asof=2018-06-01", big, "text/plain");
  REQUIRE(large);
  CHECK(large->status == 413);
  CHECK(has(large->body, "href=\"/?asof=2018-06-01\""));
  Served guarded(corpus().db, "s3cret-token");
  auto refused = guarded.client().Get("/?asof=2018-06-01");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  CHECK(has(refused->body, "href=\"/?asof=2018-06-01\""));
  // A date that is not one is left out, not echoed.
  auto bad = served().client().Get("/no-such-page?asof=%3Cscript%3E");
  REQUIRE(bad);
  CHECK(has(bad->body, "href=\"/\""));
}

TEST_CASE("the report's own inline script and style are allowed by hash and nothing else",
          "[serve]") {
  // FIPS 180-2's example: SHA-256 of "abc", and of 56 bytes (two padding blocks).
  CHECK(pg::serve::csp_hash_source("abc") ==
        "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
  CHECK(pg::serve::csp_hash_source("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "'sha256-JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE='");
  auto res = served().client().Get("/report?asof=2020-03-01");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string& html = res->body;
  const std::size_t open = html.find("<script>", html.rfind("</main>"));
  const std::size_t close = html.find("</script>", open);
  REQUIRE(open != std::string::npos);
  REQUIRE(close != std::string::npos);
  const std::string script = html.substr(open + 8, close - open - 8);
  const std::string policy = res->get_header_value("Content-Security-Policy");
  CHECK(res->get_header_value_count("Content-Security-Policy") == 1);
  CHECK(has(policy, "script-src 'self' " + pg::serve::csp_hash_source(script) + ";"));
  CHECK(has(policy, "style-src 'self' 'sha256-"));
  CHECK(!has(policy, "unsafe-inline"));
  // Every other page keeps the policy without hashes.
  auto home = served().client().Get("/");
  REQUIRE(home);
  CHECK(home->get_header_value("Content-Security-Policy") == pg::serve::kPageCsp);
}

TEST_CASE("with a token every request must carry it", "[serve]") {
  Served guarded(corpus().db, "s3cret-token");
  const std::string path = "/api/doc/" + kExpiring;
  auto none = guarded.client().Get(path.c_str());
  REQUIRE(none);
  CHECK(none->status == 401);
  auto wrong = guarded.client().Get((path + "?token=s3cret").c_str());
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  auto query = guarded.client().Get((path + "?token=s3cret-token").c_str());
  REQUIRE(query);
  CHECK(query->status == 200);
  CHECK(has(query->get_header_value("Set-Cookie"), "pg_token=s3cret-token"));
  auto bearer = guarded.client().Get(path.c_str(), {{"Authorization", "Bearer s3cret-token"}});
  REQUIRE(bearer);
  CHECK(bearer->status == 200);
  auto cookie = guarded.client().Get("/", {{"Cookie", "pg_token=s3cret-token"}});
  REQUIRE(cookie);
  CHECK(cookie->status == 200);
}

TEST_CASE("a hostile title ingested while serving is shown at once and inert", "[serve]") {
  const std::string id = "济政发〔2021〕99号";
  get_json("/api/doc/" + url_encode(id), 404);  // not there yet
  TempDir more;
  const std::string title = "济南市人民政府关于<script>alert(1)</script>\"引号\"'单引号'的通知";
  {
    std::ofstream out(more.file("hostile.txt"));
    out << title << "\n\n"
        << id << "\n\n各区县人民政府，市政府各部门：\n\n"
        << "根据《济南市人民政府关于划定非道路移动机械低排放控制区的通告》（济政发〔2019〕2号），现通知如下。\n\n"
        << "本通知自印发之日起施行。\n\n济南市人民政府\n\n2021年3月1日\n\n（2021年3月1日印发）\n";
  }
  pg::testing::Run r =
      pg::testing::run("ingest --db '" + corpus().db + "' '" + more.file("hostile.txt") + "'");
  REQUIRE(r.status == 0);

  auto res = served().client().Get(("/api/doc/" + url_encode(id)).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  json j = json::parse(res->body);
  const std::string stored = j["document"]["title"];
  REQUIRE(has(stored, "<script>alert(1)</script>"));  // the fixture is hostile indeed
  CHECK(has(stored, "\"引号\""));

  std::string page = get_html("/doc/" + url_encode(id));
  CHECK_FALSE(has(page, "<script>alert"));
  CHECK(has(page, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;引号&quot;&#39;单引号&#39;"));
  std::string graph = get_html("/graph/" + url_encode(id));
  CHECK(has(graph, "<svg"));
  CHECK_FALSE(has(graph, "<script>alert"));
  std::string search = get_html("/search?q=" + url_encode("单引号"));
  CHECK(has(search, "class=\"hit-link\""));
  CHECK_FALSE(has(search, "<script>alert"));
}

TEST_CASE("source shows the lines around an evidence line of a stored file only", "[serve]") {
  json doc = get_json("/api/doc/" + kExpiring + "?asof=2020-01-01");
  const std::string file = doc["status"]["evidence"]["file"];
  const int line = doc["status"]["evidence"]["line"];
  json src = get_json("/api/source?file=" + url_encode(file) + "&line=" + std::to_string(line));
  const int at = line - src["first"].get<int>();
  REQUIRE(at >= 0);
  REQUIRE(at < static_cast<int>(src["lines"].size()));
  // The text as printed: full-width digits, the sentence wrapped over two lines.
  CHECK(has(src["lines"][at].get<std::string>(), "有效期至２０１９年１２月１９日"));
  std::string page = get_html("/source?file=" + url_encode(file) + "&line=" + std::to_string(line));
  CHECK(has(page, "<span class=\"hit-line\" id=\"hit-line\">"));
  // A path the store does not hold is never read.
  json outside = get_json("/api/source?file=" + url_encode("/etc/passwd") + "&line=1", 404);
  CHECK(has(outside["error"].get<std::string>(), "not a file of the store"));
}

// ------------------------------------------------------------- a hub ----

namespace {

// A national document that kHubDependents city documents each implement and
// cite: more rows than a document page shows (pages.h kDocSectionRows).
constexpr int kHubDependents = 60;
const std::string kHub = "国发〔2015〕7号";

struct HubCorpus {
  TempDir dir;
  std::string db = dir.db();
  HubCorpus() {
    std::string text =
        "国务院\n关于加强<b>基层</b>治理的意见\n国发〔2015〕7号\n\n各省人民政府：\n\n"
        "现就加强基层治理提出如下意见。\n\n本意见自2015年3月1日起施行。\n\n国务院\n\n2015年3月1日\n\n";
    for (int i = 1; i <= kHubDependents; ++i) {
      const std::string no = "宁黔政发〔2016〕" + std::to_string(i) + "号";
      text +=
          "宁黔市人民政府\n关于贯彻落实基层治理意见的实施意见（第" + std::to_string(i) + "号）\n" +
          no +
          "\n\n各区县人民政府：\n\n为贯彻落实《国务院关于加强<b>基层</b>治理的意见》（国发〔2015〕7号），"
          "结合我市实际，制定本意见。\n\n本意见自2016年1月1日起施行。\n\n宁黔市人民政府\n\n2016年1月1日\n\n";
    }
    std::ofstream(dir.file("hub.txt")) << text;
    pg::testing::Run r = pg::testing::run("ingest --db '" + db + "' '" + dir.file("hub.txt") + "'");
    if (r.status != 0) FAIL("ingest: " << r.err);
  }
};

Served& hub_served() {
  static HubCorpus c;
  static Served s(c.db);
  return s;
}

httplib::Result hub_get(const std::string& path) { return hub_served().client().Get(path.c_str()); }

json hub_json(const std::string& path, int expect = 200) {
  auto res = hub_get(path);
  REQUIRE(res);
  INFO(path << " -> " << res->body.substr(0, 2000));
  REQUIRE(res->status == expect);
  return json::parse(res->body);
}

std::string hub_html(const std::string& path, int expect = 200) {
  auto res = hub_get(path);
  REQUIRE(res);
  INFO(path << " -> " << res->body.substr(0, 2000));
  REQUIRE(res->status == expect);
  return res->body;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The part of a page from <section id="NAME"> to its </section>.
std::string section(const std::string& page, const std::string& name) {
  const std::size_t from = page.find("<section id=\"" + name + "\">");
  if (from == std::string::npos) return {};
  return page.substr(from, page.find("</section>", from) - from);
}

// The ids of an impact answer's documents, in order.
std::vector<std::string> impact_ids(const json& j) {
  std::vector<std::string> ids;
  for (const json& level : j["levels"])
    for (const json& d : level["documents"]) ids.push_back(d["id"]);
  return ids;
}

}  // namespace

TEST_CASE("a hub's page shows the first rows of its long sections a count and a link to all",
          "[serve][pages]") {
  const std::string hub = url_encode(kHub);
  const std::string page = hub_html("/doc/" + hub + "?asof=2020-03-01");
  const std::string impact = section(page, "impact");
  const std::string by = section(page, "cited-by");
  REQUIRE(!impact.empty());
  REQUIRE(!by.empty());
  CHECK(count_of(impact, "<tr><td>") == pg::web::kDocSectionRows);
  CHECK(has(impact, "<h3>市级（" + std::to_string(kHubDependents) + "）</h3>"));
  CHECK(has(impact, "data-total=\"" + std::to_string(kHubDependents) + "\""));
  CHECK(count_of(by, "<li>") == pg::web::kDocSectionRows);
  const std::string all_impact = "/doc/" + hub + "?asof=2020-03-01&amp;all=impact#impact";
  CHECK(has(impact, "<a class=\"more\" href=\"" + all_impact + "\">"));
  CHECK(has(by, "<a class=\"more\" href=\"/doc/" + hub +
                    "?asof=2020-03-01&amp;all=cited-by#cited-by\">"));
  CHECK(has(by, "共 " + std::to_string(kHubDependents) + " 项"));
  // The title is escaped as everywhere.
  CHECK_FALSE(has(page, "<b>基层</b>"));
  CHECK(has(page, "&lt;b&gt;基层&lt;/b&gt;"));

  // The link opens the whole list, as of the same day; the other sections stay cut.
  const std::string whole = hub_html("/doc/" + hub + "?asof=2020-03-01&all=impact");
  CHECK(count_of(section(whole, "impact"), "<tr><td>") == kHubDependents);
  CHECK_FALSE(has(section(whole, "impact"), "class=\"more\""));
  CHECK(count_of(section(whole, "cited-by"), "<li>") == pg::web::kDocSectionRows);
  CHECK(has(whole, "value=\"2020-03-01\""));
  const std::string whole_by = hub_html("/doc/" + hub + "?asof=2020-03-01&all=cited-by");
  CHECK(count_of(section(whole_by, "cited-by"), "<li>") == kHubDependents);

  // A page of the whole list links to the next one.
  const std::string first = hub_html("/doc/" + hub + "?asof=2020-03-01&all=impact&limit=25");
  CHECK(count_of(section(first, "impact"), "<tr><td>") == 25);
  CHECK(has(section(first, "impact"),
            "<a class=\"next\" href=\"/doc/" + hub +
                "?asof=2020-03-01&amp;all=impact&amp;offset=25&amp;limit=25#impact\">"));
  const std::string last =
      hub_html("/doc/" + hub + "?asof=2020-03-01&all=impact&offset=50&limit=25");
  CHECK(count_of(section(last, "impact"), "<tr><td>") == kHubDependents - 50);
  CHECK_FALSE(has(section(last, "impact"), "class=\"next\""));

  const std::string bad = hub_html("/doc/" + hub + "?all=everything", 400);
  CHECK(has(bad, "all: &#39;everything&#39; is not a section"));
}

TEST_CASE("api impact and references are paged with a total and the first rows of the whole",
          "[serve]") {
  const std::string hub = url_encode(kHub);
  const json whole = hub_json("/api/impact/" + hub + "?asof=2020-03-01&limit=all");
  CHECK(whole["total"] == kHubDependents);
  CHECK(whole["limit"].is_null());
  const std::vector<std::string> all_ids = impact_ids(whole);
  REQUIRE(all_ids.size() == kHubDependents);

  const json first = hub_json("/api/impact/" + hub + "?asof=2020-03-01&limit=7");
  CHECK(first["total"] == kHubDependents);
  CHECK(first["limit"] == 7);
  CHECK(first["offset"] == 0);
  CHECK(first["levels"][0]["count"] == kHubDependents);
  CHECK(impact_ids(first) == std::vector<std::string>(all_ids.begin(), all_ids.begin() + 7));
  const json middle = hub_json("/api/impact/" + hub + "?asof=2020-03-01&offset=55&limit=10");
  CHECK(impact_ids(middle) == std::vector<std::string>(all_ids.begin() + 55, all_ids.end()));
  const json past = hub_json("/api/impact/" + hub + "?asof=2020-03-01&offset=500");
  CHECK(impact_ids(past).empty());
  CHECK(past["total"] == kHubDependents);
  // The default is bounded (100 rows) and says so.
  CHECK(hub_json("/api/impact/" + hub)["limit"] == 100);

  const json by = hub_json("/api/cited-by/" + hub + "?limit=5&offset=2");
  CHECK(by["total"] == kHubDependents);
  CHECK(by["cited_by"].size() == 5);
  const json by_all = hub_json("/api/cited-by/" + hub + "?limit=all");
  REQUIRE(by_all["cited_by"].size() == kHubDependents);
  CHECK(by["cited_by"][0] == by_all["cited_by"][2]);
  const json card = hub_json("/api/doc/" + hub + "?limit=3");
  CHECK(card["referenced_by"].size() == 3);
  CHECK(card["referenced_by_total"] == kHubDependents);
  CHECK(card["references_total"] == 0);

  for (const char* query :
       {"limit=0", "limit=-1", "limit=ten", "offset=-3", "offset=1e3", "limit=1000000001"}) {
    INFO(query);
    for (const std::string route : {"/api/impact/", "/api/cited-by/", "/api/doc/"}) {
      const json j = hub_json(route + hub + "?" + query, 400);
      const std::string error = j["error"];
      CHECK((has(error, "limit") || has(error, "offset")));
    }
  }
}

TEST_CASE("search on a store with text not yet indexed finds it and says so in JSON and HTML",
          "[serve][text_pending]") {
  TempDir dir;
  const std::string db = dir.db();
  pg::testing::Run r =
      pg::testing::run("ingest --text-index-later --db '" + db + "' '" TEST_DATA_DIR "/gazettes'");
  REQUIRE(r.status == 0);
  Served later(db);
  const std::string path = "/api/search?q=" + url_encode("城乡临时救助") + "&asof=2018-06-01";
  auto res = later.client().Get(path.c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  json j = json::parse(res->body);
  INFO(res->body.substr(0, 2000));
  REQUIRE_FALSE(j["hits"].empty());
  REQUIRE(j["notes"].size() == 1);
  const std::string note = j["notes"][0];
  CHECK(has(note, "documents are not yet in the full-text index"));
  CHECK(has(note, "policygraph index-text --db " + db));
  auto page = later.client().Get(("/search?q=" + url_encode("城乡临时救助")).c_str());
  REQUIRE(page);
  CHECK(has(page->body, "documents are not yet in the full-text index"));

  // Indexed while the server runs: the same hits, no note.
  REQUIRE(pg::testing::run("index-text --db '" + db + "'").status == 0);
  auto again = later.client().Get(path.c_str());
  REQUIRE(again);
  json k = json::parse(again->body);
  CHECK(k["notes"].empty());
  CHECK(k["hits"].size() == j["hits"].size());
}
