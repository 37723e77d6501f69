// 部分失效 end to end: a gazette whose measure repeals two articles of an
// earlier one, ingested and asked about with the built executable.
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace {

using nlohmann::json;
using namespace pg::testing;

// Two notices of one gazette: 3号 of 2015, and 11号 of 2020, in force from
// 2020-06-01, which ends articles 10 and 12 of 3号.
const char* kGazette =
    "青岛市人民政府\n"
    "关于印发青岛市犬类管理规定的通知\n"
    "青政发〔2015〕3号\n"
    "\n"
    "各区、市人民政府，市政府各部门：\n"
    "现将《青岛市犬类管理规定》印发给你们，请认真贯彻执行。\n"
    "青岛市人民政府\n"
    "2015年2月6日\n"
    "青岛市犬类管理规定\n"
    "第一条 为加强犬类管理，制定本规定。\n"
    "第二条 本规定自印发之日起施行。\n"
    "（2015年2月7日印发）\n"
    "青岛市人民政府\n"
    "关于印发青岛市城市养犬管理办法的通知\n"
    "青政发〔2020〕11号\n"
    "\n"
    "各区、市人民政府，市政府各部门：\n"
    "现将《青岛市城市养犬管理办法》印发给你们，请认真贯彻执行。\n"
    "青岛市人民政府\n"
    "2020年5月6日\n"
    "青岛市城市养犬管理办法\n"
    "第一条 为加强养犬管理，制定本办法。\n"
    "第二条 本办法自2020年6月1日起施行。《青岛市犬类管理规定》（青政发〔2015〕3号）第十条、第十二条同时废止。\n"
    "（2020年5月7日印发）\n";

void ingest(const TempDir& tmp) {
  const std::string file = tmp.file("gazette.txt");
  std::ofstream(file) << kGazette;
  Run r = run("ingest --db '" + tmp.db() + "' '" + file + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
}

}  // namespace

TEST_CASE("show gives 部分失效 with the repealer, the part and the evidence", "[partial_cli]") {
  TempDir tmp;
  ingest(tmp);
  Run before = run("show 青政发〔2015〕3号 --as-of 2020-05-31 --json --db " + tmp.db());
  REQUIRE(before.status == 0);
  CHECK(parse(before)["status"]["status_zh"] == "现行有效");

  Run r = run("show 青政发〔2015〕3号 --as-of 2020-06-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["status"]["status"] == "partly_repealed");
  CHECK(j["status"]["status_zh"] == "部分失效");
  CHECK(j["status"]["by"] == "青政发〔2020〕11号");
  CHECK(j["status"]["since"] == "2020-06-01");
  CHECK(has(j["status"]["detail"], "(第十条、第十二条)"));
  CHECK(j["status"]["evidence"]["line"] == 23);
  REQUIRE(j["referenced_by"].size() >= 1);
  bool scoped = false;
  for (const auto& e : j["referenced_by"])
    scoped = scoped || e.value("scope", "") == "第十条、第十二条";
  CHECK(scoped);

  Run text = run("show 青政发〔2015〕3号 --as-of 2020-06-01 --db " + tmp.db());
  REQUIRE(text.status == 0);
  CHECK(has(text.out, "部分失效 2020-06-01 by 青政发〔2020〕11号"));
  CHECK(has(text.out, "部分失效 by 青政发〔2020〕11号 from 2020-06-01 (第十条、第十二条)"));
  CHECK(has(text.out, "amends 部分:「第十条、第十二条」"));
}

TEST_CASE("a partly repealed document is not superseded", "[partial_cli]") {
  TempDir tmp;
  ingest(tmp);
  Run r = run("superseded --as-of 2021-01-01 --db " + tmp.db());
  CHECK(r.status == 1);  // nothing superseded
  CHECK_FALSE(has(r.out, "青政发〔2015〕3号"));
}

TEST_CASE("extract writes the scope on the edge", "[partial_cli]") {
  TempDir tmp;
  const std::string file = tmp.file("gazette.txt");
  std::ofstream(file) << kGazette;
  Run r = run("extract '" + file + "'");
  REQUIRE(r.status == 0);
  json j = parse(r);
  int scoped = 0;
  for (const auto& e : j["edges"]) {
    if (e.contains("scope")) {
      ++scoped;
      CHECK(e["scope"] == "第十条、第十二条");
      CHECK(e["to_doc_no"] == "青政发〔2015〕3号");
    }
  }
  CHECK(scoped == 1);
}
