// End-to-end tests of export, check and cleanup: the built executable on the
// sample corpus (tests/data/gazettes and judicial), each test with its own
// temporary database; the drafts are tests/data/drafts/*.txt.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/answers/worksheet.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;

// The sample corpus ingested into a fresh database.
struct Sample {
  TempDir dir;
  Sample() {
    Run r = run("ingest --db '" + dir.db() + "' '" + kData + "/gazettes' '" + kData + "/judicial'");
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
  std::string db() const { return "--db '" + dir.db() + "'"; }
};

std::string draft(const std::string& name) { return "'" + kData + "/drafts/" + name + "'"; }

std::vector<std::string> finding_kinds(const json& j) {
  std::vector<std::string> out;
  for (const json& f : j.at("findings")) out.push_back(f.at("kind"));
  return out;
}

}  // namespace

// ------------------------------------------------------------------ check ----

TEST_CASE("check: a draft citing only 济政发〔2019〕17号 in force exits 0", "[cli][check]") {
  Sample s;
  Run r = run("check " + s.db() + " --as-of 2020-03-01 " + draft("clean.txt"));
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "references (1)"));
  CHECK(has(r.out, "based_on  济政发〔2019〕17号"));
  CHECK(has(r.out, "现行有效 2020-02-01"));
  CHECK(has(r.out, "clean.txt:7"));
  CHECK(has(r.out, "findings (0)"));
  CHECK(has(r.out, "clean: no findings"));

  json j = parse(run("check " + s.db() + " --as-of 2020-03-01 --json " + draft("clean.txt")));
  CHECK(j.at("clean") == true);
  CHECK(j.at("documents") == json::array({"济政发〔2020〕3号"}));
  REQUIRE(j.at("references").size() == 1);
  CHECK(j["references"][0]["node"]["id"] == "济政发〔2019〕17号");
  CHECK(j["references"][0]["status"]["status"] == "in_force");
  CHECK(j.at("findings").empty());
}

TEST_CASE("check: a draft citing the repealed 济政发〔2019〕2号 exits 3", "[cli][check]") {
  Sample s;
  Run r = run("check " + s.db() + " --as-of 2020-03-01 " + draft("cites_repealed.txt"));
  INFO(r.out << r.err);
  CHECK(r.status == 3);
  CHECK(has(r.out, "cites_repealed"));
  CHECK(has(r.out, "已废止 by 济政发〔2019〕17号 from 2020-02-01"));
  CHECK(has(r.out, "cites_repealed.txt:7"));
  CHECK(has(r.out, "1 finding(s)"));

  Run rj = run("check " + s.db() + " --as-of 2020-03-01 --json " + draft("cites_repealed.txt"));
  CHECK(rj.status == 3);
  json j = parse(rj);
  CHECK(j.at("clean") == false);
  CHECK(finding_kinds(j) == std::vector<std::string>{"cites_repealed"});
  CHECK(j["findings"][0]["subject"] == "济政发〔2019〕2号");
  CHECK(j["findings"][0]["evidence"]["line"] == 7);
  CHECK(has(j["findings"][0]["evidence"]["quote"], "济政发〔2019〕2号"));
  CHECK(j["references"][0]["status"]["by"] == "济政发〔2019〕17号");
}

TEST_CASE("check: repealing 济政办字〔2018〕65号 shows the cascade and exits 3", "[cli][check]") {
  Sample s;
  Run r = run("check " + s.db() + " --as-of 2020-03-01 " + draft("repeals_basis.txt"));
  INFO(r.out << r.err);
  CHECK(r.status == 3);
  CHECK(has(r.out,
            "cascade of 济政办字〔2018〕65号: documents in force on 2020-03-01 resting on it (1)"));
  CHECK(has(r.out, "济政办字〔2019〕63号 —based_on→ 济政办字〔2018〕65号"));
  CHECK(has(r.out, "repeal_cascade"));

  json j =
      parse(run("check " + s.db() + " --as-of 2020-03-01 --json " + draft("repeals_basis.txt")));
  CHECK(finding_kinds(j) == std::vector<std::string>{"repeal_cascade"});
  REQUIRE(j["references"].size() == 1);
  CHECK(j["references"][0]["type"] == "repeals");
  REQUIRE(j["references"][0]["cascade"].size() == 1);
  CHECK(j["references"][0]["cascade"][0]["id"] == "济政办字〔2019〕63号");
  CHECK(j["references"][0]["cascade"][0]["chain"][0]["type"] == "based_on");
}

TEST_CASE("check: a colliding number and references to nothing are findings", "[cli][check]") {
  Sample s;
  Run r = run("check " + s.db() + " --as-of 2020-03-01 --json " + draft("collision.txt"));
  CHECK(r.status == 3);
  json j = parse(r);
  CHECK(finding_kinds(j) ==
        std::vector<std::string>{"number_collision", "cites_unknown", "unresolved"});
  CHECK(j["findings"][0]["node"]["id"] == "济政办字〔2019〕63号");
  CHECK(j["findings"][2]["node"].is_null());
  CHECK(j["references"][1]["node"].is_null());
}

TEST_CASE("check: an unreadable draft or a missing store exits 2", "[cli][check]") {
  Sample s;
  Run missing = run("check " + s.db() + " '" + kData + "/drafts/no_such_draft.txt'");
  CHECK(missing.status == 2);
  CHECK(has(missing.err, "no_such_draft.txt"));
  Run binary = run("check " + s.db() + " '" + kData + "/encodings/binary.png'");
  CHECK(binary.status == 2);
  TempDir empty;
  Run nodb = run("check --db '" + empty.file("none.db") + "' " + draft("clean.txt"));
  CHECK(nodb.status == 2);
  Run bad_date = run("check " + s.db() + " --as-of 2020-02-30 " + draft("clean.txt"));
  CHECK(bad_date.status == 2);
}

// ---------------------------------------------------------------- cleanup ----

TEST_CASE("cleanup: the worksheet CSV of 济南市人民政府办公厅 reads back", "[cli][cleanup]") {
  Sample s;
  const std::string csv_path = s.dir.file("清理.csv");
  Run r = run("cleanup " + s.db() + " --issuer 济南市人民政府办公厅 --as-of 2020-03-01 -o '" +
              csv_path + "'");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.err, "22 document(s) of 济南市人民政府办公厅 as of 2020-03-01"));
  CHECK(has(r.err, "继续有效 14, 失效 3, 已废止 1, 需审查 4"));

  const std::string csv = slurp(csv_path);
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(has(csv, "\r\n"));
  auto rows = pg::parse_csv(csv);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 23);
  CHECK((*rows)[0] == std::vector<std::string>{"文号", "标题", "发文机关", "状态", "状态日期",
                                               "处理建议", "理由", "依据文件", "行", "引文"});
  std::map<std::string, std::vector<std::string>> by_no;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    REQUIRE((*rows)[i].size() == 10);
    by_no[(*rows)[i][0]] = (*rows)[i];
  }
  // Read from the text: the 有效期 line is the evidence of expiry.
  CHECK(by_no.at("济政办发〔2017〕54号") ==
        std::vector<std::string>{
            "济政办发〔2017〕54号",
            "济南市人民政府办公厅关于印发济南市社会救助工作责任追究办法（试行）的通知",
            "济南市人民政府办公厅", "失效", "2019-12-20", "失效",
            "有效期已届满（自2019-12-20起失效）", "000_1a218bf28652ce10.txt", "1814",
            "有效期至2019年12月19日"});
  CHECK(by_no.at("济政办字〔2018〕89号")[5] == "已废止");
  CHECK(by_no.at("济政办字〔2018〕89号")[6] == "已被济政办字〔2019〕67号废止（自2019-12-30起）");
  CHECK(by_no.at("济政办字〔2019〕67号")[5] == "继续有效");
  CHECK(by_no.at("济政办字〔2018〕65号")[5] == "需审查");
  CHECK(by_no.at("济政办字〔2018〕65号")[8] == "1071");
  CHECK(by_no.at("济办发〔2017〕12号")[2] == "中共济南市委办公厅、济南市人民政府办公厅");

  // Without -o the same CSV goes to standard output.
  Run out = run("cleanup " + s.db() + " --issuer 济南市人民政府办公厅 --as-of 2020-03-01");
  CHECK(out.status == 0);
  CHECK(out.out == csv);
}

TEST_CASE("cleanup: an expiry within six months is 需审查 in the JSON", "[cli][cleanup]") {
  Sample s;
  Run r = run("cleanup " + s.db() + " --issuer 济南市人民政府办公厅 --as-of 2019-03-01 --json");
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j.at("issuer") == "济南市人民政府办公厅");
  CHECK(j.at("by_substring") == false);
  bool seen = false;
  for (const json& row : j.at("rows")) {
    if (row.at("id") != "济政办发〔2017〕26号") continue;
    seen = true;
    CHECK(row.at("disposition") == "review");
    CHECK(row.at("disposition_zh") == "需审查");
    CHECK(row.at("reason") == "有效期至2019-07-19，6个月内到期（尚余140天）");
    CHECK(row.at("status").at("status") == "in_force");
    CHECK(row.at("evidence").at("quote") == "有效期2年");
  }
  CHECK(seen);
}

TEST_CASE("cleanup: an unknown issuer exits 1 and an empty one 2", "[cli][cleanup]") {
  Sample s;
  Run none = run("cleanup " + s.db() + " --issuer 上海市人民政府 --as-of 2020-03-01");
  CHECK(none.status == 1);
  CHECK(has(none.err, "no document of the issuer 上海市人民政府"));
  CHECK(run("cleanup " + s.db() + " --issuer ''").status == 2);
  CHECK(run("cleanup " + s.db()).status == 2);  // --issuer is required
  Run part = run("cleanup " + s.db() + " --issuer 人民政府办公厅 --as-of 2020-03-01 --json");
  CHECK(part.status == 0);
  CHECK(has(part.err, "whose issuer contains it"));
  CHECK(parse(part).at("by_substring") == true);
}

// ----------------------------------------------------------------- export ----

TEST_CASE("export: the neighbourhood of 济政发〔2019〕17号 as JSON and DOT", "[cli][export]") {
  Sample s;
  Run r = run("export --format json " + s.db() +
              " --as-of 2020-03-01 --around 济政发〔2019〕17号 --depth 1");
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j.at("as_of") == "2020-03-01");
  std::vector<std::string> ids;
  for (const json& n : j.at("nodes")) ids.push_back(n.at("id"));
  CHECK(std::find(ids.begin(), ids.end(), "济政发〔2019〕17号") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "济政发〔2019〕2号") != ids.end());
  CHECK(ids.size() == 6);

  // The format positional of earlier versions still works.
  Run old =
      run("export json " + s.db() + " --as-of 2020-03-01 --around 济政发〔2019〕17号 --depth 1");
  REQUIRE(old.status == 0);
  CHECK(old.out == r.out);

  Run typed = run("export --format json " + s.db() +
                  " --as-of 2020-03-01 --around 济政发〔2019〕17号 --types repeals");
  REQUIRE(typed.status == 0);
  json t = parse(typed);
  CHECK(t.at("nodes").size() == 2);
  REQUIRE(t.at("edges").size() == 1);
  CHECK(t["edges"][0]["type"] == "repeals");

  Run dot =
      run("export --format dot " + s.db() + " --as-of 2020-03-01 --around 济政发〔2019〕17号");
  CHECK(dot.status == 0);
  CHECK(dot.out.rfind("digraph", 0) == 0);
  CHECK(has(dot.out, "济政发〔2019〕2号"));
}

TEST_CASE("export: files are written as bytes with -o", "[cli][export]") {
  Sample s;
  const std::string graphml = s.dir.file("g.graphml");
  Run r = run("export --format graphml " + s.db() +
              " --as-of 2020-03-01 --issuer 济南市人民政府办公厅 -o '" + graphml + "'");
  REQUIRE(r.status == 0);
  CHECK(has(r.err, "wrote"));
  CHECK(r.out.empty());  // status messages go to stderr
  CHECK(slurp(graphml).rfind("<?xml", 0) == 0);
  CHECK(has(slurp(graphml), "济政办字〔2019〕67号"));

  const std::string png = s.dir.file("g.png");
  Run p = run("export --format png " + s.db() +
              " --as-of 2020-03-01 --around 济政发〔2019〕17号 -o '" + png + "'");
  if (p.status == 0) {
    CHECK(slurp(png).rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  } else {
    // A Graphviz without a PNG renderer: a clear error, not a broken file.
    CHECK(p.status == 2);
    CHECK(has(p.err, "png"));
  }
}

TEST_CASE("export: a drawing past the node limit says so and suggests --around", "[cli][export]") {
  Sample s;
  Run r = run("export --format svg " + s.db() + " --as-of 2020-03-01 --max-nodes 20");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(has(r.err, "exceed the limit of 20"));
  CHECK(has(r.err, "--around"));
  // JSON has no limit.
  CHECK(run("export --format json " + s.db() + " --as-of 2020-03-01 --max-nodes 20").status == 0);
}

TEST_CASE("export: a bad format or relation or document is refused", "[cli][export]") {
  Sample s;
  Run fmt = run("export --format pdf " + s.db());
  CHECK(fmt.status == 2);
  CHECK(has(fmt.err, "--format: pdf not in {dot,svg,png,json,graphml}"));
  Run none = run("export " + s.db());
  CHECK(none.status == 2);
  CHECK(has(none.err, "--format is required"));
  Run old = run("export pdf " + s.db());  // the positional of earlier versions, checked the same
  CHECK(old.status == 2);
  CHECK(has(old.err, "pdf not in"));
  Run type = run("export --format json " + s.db() + " --types repeals,supersedes");
  CHECK(type.status == 2);
  CHECK(has(type.err, "supersedes"));
  Run around = run("export --format json " + s.db() + " --around 济政发〔1999〕999号");
  CHECK(around.status == 1);
  CHECK(has(around.err, "not found"));
}
