// End-to-end tests of ingest and the queries: the built executable on the
// sample corpus (tests/data/gazettes and judicial) and on the multi-gazette
// fixtures (tests/data/multi), each test with its own temporary database.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;

// The sample corpus ingested into `db`.
void ingest_sample(const std::string& db) {
  Run r = run("ingest --db '" + db + "' '" + kData + "/gazettes' '" + kData + "/judicial'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(has(r.err, "ingested 23 files (23 added, 0 replaced, 0 unchanged)"));
}

void ingest_multi(const std::string& db) {
  Run r = run("ingest --db '" + db + "' '" + kData + "/multi'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(has(r.err, "ingested 3 files (3 added"));
}

std::string dump(const std::string& db) {
  auto store = pg::Store::open(db, pg::Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  auto d = store->dump();
  REQUIRE(d.ok());
  return *d;
}

// The dump lines of one stored file (lines start with its quoted path).
std::string dump_of(const std::string& all, const std::string& key) {
  std::istringstream in(all);
  std::string line, out;
  const std::string prefix = "\"" + key + "\"\t";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) out += line + "\n";
  }
  return out;
}

// Columns a terminal gives `s`: CJK and full-width characters 2.
int columns(const std::string& s) {
  int w = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    w += len >= 3 && s.compare(i, 3, "…") != 0 ? 2 : 1;
    i += len;
  }
  return w;
}

}  // namespace

// ------------------------------------------------------------- statuses ----

TEST_CASE("济政发〔2019〕2号 is 已废止 by 济政发〔2019〕17号 from 2020-02-01",
          "[graph_cli][status]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("show '济政发[2019]2号' --as-of 2020-03-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["document"]["id"] == "济政发〔2019〕2号");
  CHECK(j["status"]["status_zh"] == "已废止");
  CHECK(j["status"]["by"] == "济政发〔2019〕17号");
  CHECK(j["status"]["since"] == "2020-02-01");
  CHECK(j["status"]["evidence"]["line"] == 101);
  CHECK(has(j["status"]["evidence"]["quote"], "同时废止"));
  REQUIRE(j["referenced_by"].size() == 1);
  CHECK(j["referenced_by"][0]["type"] == "repeals");

  Run table = run("show 济政发〔2019〕2号 --as-of 2020-03-01 --db " + tmp.db());
  REQUIRE(table.status == 0);
  CHECK(has(table.out, "已废止 2020-02-01 by 济政发〔2019〕17号"));
  CHECK(has(table.out, "002_1864a195dda547c1.txt:101"));
}

TEST_CASE("济政办字〔2018〕89号 is 已废止 by 济政办字〔2019〕67号", "[graph_cli][status]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("show 济政办字〔2018〕89号 --as-of 2020-03-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["status"]["status_zh"] == "已废止");
  CHECK(j["status"]["by"] == "济政办字〔2019〕67号");
}

TEST_CASE("济政办发〔2017〕54号 is 现行有效 in 2018 and 失效 after 2019-12-19",
          "[graph_cli][status]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  auto status_on = [&](const std::string& date) {
    Run r = run("show 济政办发〔2017〕54号 --json --as-of " + date + " --db " + tmp.db());
    REQUIRE(r.status == 0);
    return parse(r)["status"];
  };
  CHECK(status_on("2018-06-01")["status_zh"] == "现行有效");
  CHECK(status_on("2019-12-19")["status_zh"] == "现行有效");
  json expired = status_on("2019-12-20");
  CHECK(expired["status_zh"] == "失效");
  CHECK(expired["status"] == "expired");
  CHECK(expired["since"] == "2019-12-20");
  CHECK(expired["evidence"]["quote"] == "有效期至2019年12月19日");
}

// --------------------------------------------------------------- walks ----

TEST_CASE("the chain of 济政发〔2017〕24号 reaches 国发〔2016〕14号 through 鲁政发〔2016〕26号",
          "[graph_cli][chain]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("chain 济政发〔2017〕24号 --json --as-of 2020-03-01 --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["reaches_national"] == true);
  REQUIRE(j["chain"].size() == 2);
  CHECK(j["chain"][0]["id"] == "鲁政发〔2016〕26号");
  CHECK(j["chain"][0]["via"]["type"] == "based_on");
  CHECK(j["chain"][1]["id"] == "国发〔2016〕14号");
  CHECK(j["chain"][1]["level"] == "national");
  CHECK(j["chain"][1]["path"] ==
        json::array({"济政发〔2017〕24号", "鲁政发〔2016〕26号", "国发〔2016〕14号"}));

  Run table = run("chain 济政发〔2017〕24号 --db " + tmp.db());
  REQUIRE(table.status == 0);
  CHECK(has(table.out,
            "济政发〔2017〕24号 —based_on→ 鲁政发〔2016〕26号 —implements→ 国发〔2016〕14号"));
  CHECK(has(table.out, "reaches the national level"));
}

TEST_CASE("impact of 国发〔2016〕14号 lists provincial then municipal dependents",
          "[graph_cli][impact]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("impact 国发〔2016〕14号 --json --as-of 2020-03-01 --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["total"] == 2);
  REQUIRE(j["levels"].size() == 2);
  CHECK(j["levels"][0]["level"] == "provincial");
  CHECK(j["levels"][0]["documents"][0]["id"] == "鲁政发〔2016〕26号");
  CHECK(j["levels"][1]["level"] == "municipal");
  CHECK(j["levels"][1]["documents"][0]["id"] == "济政发〔2017〕24号");
  CHECK(j["levels"][1]["documents"][0]["depth"] == 2);
}

// --------------------------------------------------------- the queries ----

TEST_CASE("repeals of 济政发〔2019〕17号 lists 济政发〔2019〕2号", "[graph_cli][repeals]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("repeals 济政发〔2019〕17号 --json --as-of 2020-03-01 --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  REQUIRE(j["targets"].size() == 1);
  CHECK(j["targets"][0]["type"] == "repeals");
  CHECK(j["targets"][0]["to"] == "济政发〔2019〕2号");
  CHECK(j["targets"][0]["status"]["status_zh"] == "已废止");
  CHECK(j["targets"][0]["evidence"]["line"] == 101);

  Run table = run("repeals 济政发〔2019〕17号 --as-of 2020-03-01 --db " + tmp.db());
  REQUIRE(table.status == 0);
  CHECK(has(table.out, "repeals  济政发〔2019〕2号"));

  // A document that repeals nothing: status 1.
  CHECK(run("repeals 济政发〔2017〕24号 --db " + tmp.db()).status == 1);
}

TEST_CASE("cites and cited-by follow references with a type filter", "[graph_cli][cites]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("cites 济政发〔2017〕24号 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  REQUIRE(j["cites"].size() == 1);
  CHECK(j["cites"][0]["to"] == "鲁政发〔2016〕26号");
  CHECK(j["cites"][0]["type"] == "based_on");

  Run back = run("cited-by 鲁政发〔2016〕26号 --types based_on,implements --json --db " + tmp.db());
  REQUIRE(back.status == 0);
  json b = parse(back);
  REQUIRE(b["cited_by"].size() == 1);
  CHECK(b["cited_by"][0]["from"] == "济政发〔2017〕24号");

  CHECK(run("cited-by 鲁政发〔2016〕26号 --types repeals --db " + tmp.db()).status == 1);
  Run bad = run("cited-by 鲁政发〔2016〕26号 --types quotes --db " + tmp.db());
  CHECK(bad.status == 2);
  CHECK(has(bad.err, "quotes"));
}

TEST_CASE("superseded lists what was repealed or expired, by issuer", "[graph_cli][superseded]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("superseded --as-of 2020-03-01 --issuer 办公厅 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  const json j = parse(r);
  std::vector<std::string> got;
  for (const auto& d : j["documents"]) got.push_back(d["id"]);
  CHECK(got == std::vector<std::string>{"济政办发〔2017〕26号", "济政办发〔2017〕54号",
                                        "济政办发〔2017〕55号", "济政办字〔2018〕89号"});
  CHECK(run("superseded --as-of 2017-01-01 --issuer 济南 --db " + tmp.db()).status == 1);
}

TEST_CASE("expiring --within 6m finds the 有效期 that end in the window", "[graph_cli][expiring]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("expiring --within 6m --as-of 2019-07-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["until"] == "2020-01-01");
  std::vector<std::string> got;
  for (const auto& d : j["documents"]) got.push_back(d["id"]);
  CHECK(got == std::vector<std::string>{"济政办发〔2017〕26号", "济政办发〔2017〕54号",
                                        "济政办发〔2017〕55号"});
  CHECK(j["documents"][1]["expires"] == "2019-12-19");
  CHECK(j["documents"][1]["days_left"] == 171);

  CHECK(run("expiring --within 90d --as-of 2016-01-01 --db " + tmp.db()).status == 1);
  CHECK(run("expiring --within 6months --db " + tmp.db()).status == 2);
}

TEST_CASE("unresolved groups the instruments to add, with counts", "[graph_cli][unresolved]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("unresolved --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  const json targets = parse(r)["targets"];
  const json* lu26 = nullptr;
  for (const auto& t : targets) {
    CHECK(t["external"] == true);
    if (t["id"] == "鲁政发〔2016〕26号") lu26 = &t;
  }
  REQUIRE(lu26 != nullptr);
  CHECK((*lu26)["count"] == 1);
  CHECK((*lu26)["references"][0]["from"] == "济政发〔2017〕24号");
}

// -------------------------------------------------------- multi-gazette ----

TEST_CASE("a later gazette's repeal makes the documents based on it orphans",
          "[graph_cli][orphans][multi]") {
  TempDir tmp;
  ingest_multi(tmp.db());
  Run r = run("orphans --as-of 2020-06-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json o = parse(r)["orphans"];
  REQUIRE(o.size() == 2);
  CHECK(o[0]["id"] == "济政发〔2017〕24号");
  CHECK(o[0]["basis"]["id"] == "鲁政发〔2016〕26号");
  CHECK(o[0]["basis"]["status"]["by"] == "鲁政发〔2019〕25号");
  CHECK(o[0]["fell_away"] == "2020-01-01");
  CHECK(o[1]["id"] == "济阳政发〔2018〕6号");
  REQUIRE(o[1]["chain"].size() == 2);
  CHECK(o[1]["chain"][0]["type"] == "implements");
  CHECK(o[1]["chain"][1]["type"] == "based_on");

  Run table = run("orphans --as-of 2020-06-01 --db " + tmp.db());
  CHECK(has(table.out,
            "济阳政发〔2018〕6号 —implements→ 济政发〔2017〕24号 —based_on→ 鲁政发〔2016〕26号"));
  CHECK(has(table.out, "2019_shandong_25.txt:14"));

  // Before the repeal takes effect nothing is orphaned.
  CHECK(run("orphans --as-of 2019-12-31 --db " + tmp.db()).status == 1);
}

TEST_CASE("the repeal cascade names the in-force documents resting on the repealed one",
          "[graph_cli][repeals][multi]") {
  TempDir tmp;
  ingest_multi(tmp.db());
  Run r = run("repeals 鲁政发〔2019〕25号 --as-of 2020-06-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json t = parse(r)["targets"];
  REQUIRE(t.size() == 1);
  CHECK(t[0]["to"] == "鲁政发〔2016〕26号");
  REQUIRE(t[0]["cascade"].size() == 2);
  CHECK(t[0]["cascade"][0]["id"] == "济政发〔2017〕24号");
  CHECK(t[0]["cascade"][1]["id"] == "济阳政发〔2018〕6号");
}

TEST_CASE("a title-only citation resolves to the number another gazette prints",
          "[graph_cli][resolve][multi]") {
  TempDir tmp;
  ingest_multi(tmp.db());
  // 2018_jiyang_6.txt cites 《济南市特困人员救助供养办法》 without a number;
  // 2017_jinan_24.txt issues it as 济政发〔2017〕24号.
  Run r = run("cited-by 济政发〔2017〕24号 --types implements --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r)["cited_by"];
  REQUIRE(j.size() == 1);
  CHECK(j[0]["from"] == "济阳政发〔2018〕6号");
  CHECK(j[0]["evidence"]["line"] == 8);
  CHECK(has(j[0]["evidence"]["file"], "2018_jiyang_6.txt"));
}

TEST_CASE("a number cited before its year is an integrity finding", "[graph_cli][check][multi]") {
  TempDir tmp;
  ingest_multi(tmp.db());
  Run r = run("findings --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json f = parse(r)["findings"];
  REQUIRE(f.size() == 1);
  CHECK(f[0]["kind"] == "cited_before_exists");
  CHECK(f[0]["subject"] == "鲁政办发〔2019〕5号");
  CHECK(f[0]["evidence"][0]["line"] == 12);
}

TEST_CASE("a finding with many places lists those that fit and counts the rest",
          "[graph_cli][check]") {
  // 40 notices cite one title, each with a number of its own: one
  // ambiguous title with 40 places (a province's offices each issuing the
  // same 实施意见 make thousands). Its EVIDENCE cell once held them all and
  // padded every row of the table to their width.
  TempDir tmp;
  const int kNotices = 40;
  const std::string dir = tmp.path() + "/notices";
  fs::create_directories(dir);
  for (int i = 1; i <= kNotices; ++i) {
    std::ofstream(dir + "/notice_" + std::to_string(i) + ".txt")
        << "济南市济阳区人民政府\n关于做好第" << i << "项工作的通知\n\n济阳政发〔2020〕" << i
        << "号\n\n各镇人民政府：\n\n按照《关于进一步加强特困人员认定工作的通知》（鲁政办发〔2019〕"
        << i
        << "号）要求，做好有关工作。\n\n济南市济阳区人民政府"
           "\n\n2020年3月15日\n";
  }
  Run in = run("ingest --db " + tmp.db() + " " + dir);
  INFO(in.err);
  REQUIRE(in.status == 0);

  Run j = run("findings --json --db " + tmp.db());
  REQUIRE(j.status == 0);
  json f = parse(j)["findings"];
  REQUIRE(f.size() == 1);
  CHECK(f[0]["kind"] == "ambiguous_title");
  CHECK(f[0]["evidence"].size() == kNotices);

  Run r = run("findings --db " + tmp.db());
  REQUIRE(r.status == 0);
  std::istringstream lines(r.out);
  std::string line;
  int widest = 0;
  while (std::getline(lines, line)) widest = std::max(widest, columns(line));
  // KIND, SUBJECT (30), MESSAGE (60), EVIDENCE (60 + the count), QUOTE:
  // far below 40 places of ~20 columns each.
  CHECK(widest < 300);
  CHECK(has(r.out, "notice_"));
  CHECK(has(r.out, " more"));
}

// --------------------------------------------------- lookups and errors ----

TEST_CASE("a fragment that names several documents lists them with status 1",
          "[graph_cli][lookup]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("show 住房租赁 --db " + tmp.db());
  CHECK(r.status == 1);
  CHECK(has(r.err, "ambiguous: 3 matches"));
  CHECK(has(r.out, "济政办字〔2018〕89号"));
  CHECK(has(r.out, "济政办字〔2019〕67号"));

  Run none = run("show 不存在的办法 --db " + tmp.db());
  CHECK(none.status == 1);
  CHECK(has(none.err, "not found"));

  // A title fragment naming one document finds it.
  Run one = run("show 特困人员救助供养办法 --json --db " + tmp.db());
  REQUIRE(one.status == 0);
  CHECK(parse(one)["document"]["id"] == "济政发〔2017〕24号");
}

TEST_CASE("queries refuse a missing database and do not create it", "[graph_cli][errors]") {
  TempDir tmp;
  Run r = run("show 济政发〔2019〕2号 --db " + tmp.db());
  CHECK(r.status == 2);
  CHECK(has(r.err, "test.db"));
  CHECK_FALSE(fs::exists(tmp.db()));
}

TEST_CASE("a bad --as-of is a usage error", "[graph_cli][errors]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("superseded --as-of 2020-02-30 --db " + tmp.db());
  CHECK(r.status == 2);
  CHECK(has(r.err, "2020-02-30"));
}

TEST_CASE("POLICYGRAPH_DB names the database when --db is not given", "[graph_cli][db]") {
  TempDir tmp;
  Run in = run("ingest '" + kData + "/multi'", {.env = "POLICYGRAPH_DB='" + tmp.db() + "'"});
  REQUIRE(in.status == 0);
  CHECK(fs::exists(tmp.db()));
  Run q = run("show 鲁政发〔2019〕25号 --json", {.env = "POLICYGRAPH_DB='" + tmp.db() + "'"});
  REQUIRE(q.status == 0);
  CHECK(parse(q)["document"]["title"] == "山东省人民政府关于进一步健全特困人员救助供养制度的意见");
  // And the default is ./policygraph.db in the working directory.
  Run cwd =
      run("ingest '" + kData + "/multi'", {.env = "cd '" + tmp.path() + "' && POLICYGRAPH_DB="});
  REQUIRE(cwd.status == 0);
  CHECK(fs::exists(tmp.path() + "/policygraph.db"));
}

TEST_CASE("tables align columns counting CJK characters as two", "[graph_cli][table]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  Run r = run("superseded --as-of 2020-03-01 --issuer 办公厅 --db " + tmp.db());
  REQUIRE(r.status == 0);
  std::istringstream in(r.out);
  std::string line;
  std::vector<int> evidence_at;
  while (std::getline(in, line)) {
    std::size_t p = line.find("EVIDENCE");
    if (p == std::string::npos) p = line.find(".txt:");
    if (p == std::string::npos) continue;
    if (line.compare(p, 5, ".txt:") == 0) p = line.rfind("  ", p) + 2;  // start of the cell
    evidence_at.push_back(columns(line.substr(0, p)));
  }
  REQUIRE(evidence_at.size() == 5);  // header and four rows
  for (int at : evidence_at) CHECK(at == evidence_at.front());
}

// ---------------------------------------------------------------- ingest ----

TEST_CASE("ingesting twice gives an identical database", "[graph_cli][ingest]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  std::string first = dump(tmp.db());
  Run again =
      run("ingest --db '" + tmp.db() + "' '" + kData + "/gazettes' '" + kData + "/judicial'");
  REQUIRE(again.status == 0);
  CHECK(has(again.err, "ingested 23 files (0 added, 0 replaced, 23 unchanged)"));
  CHECK(dump(tmp.db()) == first);
}

TEST_CASE("after an edit only the edited file's records change", "[graph_cli][ingest]") {
  TempDir tmp;
  fs::create_directories(tmp.path() + "/corpus");
  for (const auto& e : fs::directory_iterator(kData + "/multi")) {
    fs::copy_file(e.path(), tmp.path() + "/corpus/" + e.path().filename().string());
  }
  const std::string corpus = tmp.path() + "/corpus";
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + corpus + "'").status == 0);
  const std::string before = dump(tmp.db());

  // The district notice now cites the measure by its number too.
  const std::string edited = corpus + "/2018_jiyang_6.txt";
  std::string text = slurp(edited);
  const std::string from = "《济南市特困人员救助供养办法》，";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(),
               "《济南市特困人员救助供养办法》（济政发〔2017〕24号），");
  std::ofstream(edited, std::ios::binary) << text;

  Run r = run("ingest --db '" + tmp.db() + "' '" + corpus + "'");
  REQUIRE(r.status == 0);
  CHECK(has(r.err, "(0 added, 1 replaced, 2 unchanged)"));
  const std::string after = dump(tmp.db());
  const std::string key = fs::weakly_canonical(edited).string();
  CHECK(dump_of(after, key) != dump_of(before, key));
  CHECK(has(dump_of(after, key), "济政发〔2017〕24号"));
  for (const char* other : {"2017_jinan_24.txt", "2019_shandong_25.txt"}) {
    const std::string k = fs::weakly_canonical(corpus + "/" + other).string();
    CHECK_FALSE(dump_of(after, k).empty());
    CHECK(dump_of(after, k) == dump_of(before, k));
  }
}

TEST_CASE("a process killed mid-ingest leaves every file committed before it",
          "[graph_cli][ingest][crash]") {
  TempDir tmp;
  const std::string corpus = kData + "/gazettes";
  // Ends the process abruptly while the second file's documents are written;
  // in batches of 256 the first file shares its transaction, so nothing is
  // stored and nothing was reported stored.
  Run batched = run("ingest --verbose --db '" + tmp.db() + "' '" + corpus + "'",
                    {.env = "POLICYGRAPH_TEST_CRASH_AT=1:document"});
  CHECK(batched.status == 137);
  CHECK_FALSE(has(batched.err, ", added, "));
  {
    auto store = pg::Store::open(tmp.db(), pg::Store::OpenMode::kMustExist);
    REQUIRE(store.ok());
    CHECK(*store->integrity_check() == "ok");
    CHECK(store->files()->empty());
  }
  // One file per transaction: the first one is committed, and said so.
  Run crashed = run("ingest --verbose --batch 1 --db '" + tmp.db() + "' '" + corpus + "'",
                    {.env = "POLICYGRAPH_TEST_CRASH_AT=1:document"});
  CHECK(crashed.status == 137);
  CHECK(has(crashed.err, "000_1a218bf28652ce10.txt: "));
  CHECK(has(crashed.err, ", added, 6 documents"));

  std::vector<pg::FileRecord> files;
  {
    auto store = pg::Store::open(tmp.db(), pg::Store::OpenMode::kMustExist);
    REQUIRE(store.ok());
    CHECK(*store->integrity_check() == "ok");
    files = *store->files();
  }
  const std::string first = fs::weakly_canonical(corpus + "/000_1a218bf28652ce10.txt").string();
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == first);
  CHECK(files[0].documents == 6);

  // The surviving file equals a clean ingest of it, and a rerun completes.
  TempDir clean;
  REQUIRE(
      run("ingest --db '" + clean.db() + "' '" + corpus + "/000_1a218bf28652ce10.txt'").status ==
      0);
  CHECK(dump_of(dump(tmp.db()), first) == dump_of(dump(clean.db()), first));
  Run rerun = run("ingest --db '" + tmp.db() + "' '" + corpus + "'");
  REQUIRE(rerun.status == 0);
  CHECK(has(rerun.err, "(2 added, 0 replaced, 1 unchanged)"));
}

TEST_CASE("an undecodable file is reported with its byte offset and the others are ingested",
          "[graph_cli][ingest]") {
  TempDir tmp;
  Run r = run("ingest --db '" + tmp.db() + "' '" + kData + "/encodings/undecodable.txt' '" + kData +
              "/multi/2017_jinan_24.txt'");
  CHECK(r.status == 2);
  CHECK(has(r.err, "undecodable.txt"));
  CHECK(has(r.err, "byte "));
  CHECK(has(r.err, "ingested 1 files (1 added, 0 replaced, 0 unchanged, 1 failed)"));
  Run q = run("show 济政发〔2017〕24号 --json --db " + tmp.db());
  CHECK(q.status == 0);
}

TEST_CASE("ingest prints no progress bar when stderr is not a terminal", "[graph_cli][ingest]") {
  TempDir tmp;
  Run r = run("ingest --db '" + tmp.db() + "' '" + kData + "/multi'");
  REQUIRE(r.status == 0);
  CHECK_FALSE(has(r.err, "\r"));
  CHECK_FALSE(has(r.err, "MB/s"));
}

TEST_CASE("ingest of a folder with a symlink loop warns, skips the loop and ingests the rest",
          "[graph_cli][ingest]") {
  TempDir tmp;
  const fs::path dir = fs::path(tmp.path()) / "d";
  fs::create_directory(dir);
  fs::copy_file(kData + "/drafts/clean.txt", dir / "clean.txt");
  fs::create_directory_symlink(".", dir / "loop");
  Run r = run("ingest '" + dir.string() + "' --db '" + tmp.db() + "'");
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(has(r.err, "warning"));
  CHECK(has(r.err, (dir / "loop").string()));
  CHECK(has(r.err, "ingested 1 files (1 added"));
}

// ------------------------------------------------- invalid UTF-8 in JSON ----

TEST_CASE("show --json of an argument that is not UTF-8 prints JSON instead of aborting",
          "[graph_cli][json]") {
  TempDir tmp;
  ingest_sample(tmp.db());
  // The raw bytes FF FE in single quotes (std::system's sh may not know $'').
  Run r = run("show '\xff\xfe' --json --db " + tmp.db());
  INFO(r.err);
  CHECK((r.status == 0 || r.status == 1));
  parse(r);
}

TEST_CASE("unresolved --json and show --json of a file whose name is not UTF-8 print JSON",
          "[graph_cli][json]") {
  TempDir tmp;
  const fs::path file = fs::path(tmp.path()) / "\xff\xfe.txt";
  fs::copy_file(kData + "/multi/2017_jinan_24.txt", file);
  Run in = run("ingest --db '" + tmp.db() + "' '" + file.string() + "'");
  INFO(in.err);
  REQUIRE(in.status == 0);
  Run u = run("unresolved --json --db " + tmp.db());
  INFO(u.err);
  CHECK((u.status == 0 || u.status == 1));
  const json targets = parse(u)["targets"];
  CHECK_FALSE(targets.empty());
  Run s = run("show 济政发〔2017〕24号 --json --db " + tmp.db());
  INFO(s.err);
  CHECK(s.status == 0);
  parse(s);
  CHECK(has(s.out, "\xef\xbf\xbd"));  // U+FFFD where the name's bytes were
}

// ----------------------------------------------------------------- laws ----

namespace {

// Two national laws and a city regulation (tests/data/laws_graph, copied
// verbatim from ../shared/corpus): 郑州市确定土地权属条例 cites the land law by
// its full title (line 15) and by its short title 《土地管理法》 (line 31).
void ingest_laws(const std::string& db) {
  const std::string dir = kData + "/laws_graph/";
  Run r = run("ingest --db '" + db + "' '" + dir + "中华人民共和国土地管理法_20190826.txt' '" +
              dir + "中华人民共和国工会法_20211224.txt' '" + dir + "郑州市确定土地权属条例.md'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(has(r.err, "ingested 3 files (3 added"));
}

}  // namespace

TEST_CASE("a law cited by its short title is the full-title law's node", "[graph_cli][laws]") {
  TempDir tmp;
  ingest_laws(tmp.db());
  Run r = run("show 土地管理法 --as-of 2024-01-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["document"]["id"] == "title:中华人民共和国土地管理法");
  CHECK(j["document"]["external"] == false);
  bool short_cite = false, full_cite = false;
  for (const auto& ref : j["referenced_by"]) {
    if (ref["from"] != "title:郑州市确定土地权属条例") continue;
    if (ref["evidence"]["line"] == 31) short_cite = has(ref["evidence"]["quote"], "《土地管理法》");
    if (ref["evidence"]["line"] == 15) full_cite = ref["type"] == "based_on";
  }
  CHECK(short_cite);
  CHECK(full_cite);
  // The chain from the regulation reaches the law in the corpus.
  Run chain = run("chain 郑州市确定土地权属条例 --json --db " + tmp.db());
  REQUIRE(chain.status == 0);
  json c = parse(chain)["chain"];
  REQUIRE(c.size() >= 1);
  CHECK(c[0]["id"] == "title:中华人民共和国土地管理法");
  CHECK(c[0]["external"] == false);
}

TEST_CASE("an amended law is 已被修改 from its latest change, by the decision of that day",
          "[graph_cli][laws][status]") {
  TempDir tmp;
  ingest_laws(tmp.db());
  // History note, line 5: 1986 通过, 1988 修正, 1998 修订, 2004 修正, and
  // 2019年8月26日…《关于修改〈中华人民共和国土地管理法〉、〈中华人民共和国城市房地产管理法〉的决定》第三次修正.
  Run r = run("show 中华人民共和国土地管理法 --as-of 2024-01-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["status"]["status_zh"] == "已被修改");
  CHECK(j["status"]["since"] == "2019-08-26");
  CHECK(
      j["status"]["by"] ==
      "title:关于修改〈中华人民共和国土地管理法〉、〈中华人民共和国城市房地产管理法〉的决定（2019-08-26）");
  CHECK(j["status"]["evidence"]["line"] == 5);
  int amends = 0;
  for (const auto& ref : j["referenced_by"]) amends += ref["type"] == "amends";
  CHECK(amends == 4);
  // Between the 1998 revision and the 2004 amendment the latest change is the
  // revision, made by the session.
  Run then = run("show 中华人民共和国土地管理法 --as-of 2000-01-01 --json --db " + tmp.db());
  REQUIRE(then.status == 0);
  json t = parse(then);
  CHECK(t["status"]["status_zh"] == "已被修改");
  CHECK(t["status"]["since"] == "1998-08-29");
  CHECK(t["status"]["by"] == "title:第九届全国人民代表大会常务委员会第四次会议（1998-08-29）");
}

TEST_CASE("a revised law applied in its older text before the revision took effect",
          "[graph_cli][laws][status]") {
  TempDir tmp;
  ingest_laws(tmp.db());
  // 土地管理法: adopted 1986-06-25 (line 5), 本法自1999年1月1日起施行 (line 241,
  // the 1998 revision's date). In 1995 the 1986 text as amended in 1988 applied.
  Run r = run("show 中华人民共和国土地管理法 --as-of 1995-01-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["status"]["status_zh"] == "已被修改");
  CHECK(j["status"]["since"] == "1988-12-29");
  // Before its adoption it did not exist yet.
  Run before = run("show 中华人民共和国土地管理法 --as-of 1980-01-01 --json --db " + tmp.db());
  REQUIRE(before.status == 0);
  CHECK(parse(before)["status"]["status_zh"] == "尚未生效");
}

TEST_CASE("one decision title on two days is two decisions", "[graph_cli][laws]") {
  TempDir tmp;
  ingest_laws(tmp.db());
  // 工会法, line 5: 《关于修改〈中华人民共和国工会法〉的决定》 of 2001-10-27 and of 2021-12-24.
  for (const char* day : {"2001-10-27", "2021-12-24"}) {
    Run r = run(std::string("show '关于修改〈中华人民共和国工会法〉的决定（") + day +
                "）' --json --db " + tmp.db());
    REQUIRE(r.status == 0);
    json j = parse(r);
    CHECK(j["document"]["id"] ==
          std::string("title:关于修改〈中华人民共和国工会法〉的决定（") + day + "）");
  }
}

TEST_CASE("a law repealing the older law of its own title keeps the repeal",
          "[graph_cli][laws][repeals]") {
  TempDir tmp;
  ingest_laws(tmp.db());
  // 工会法 第五十八条 (line 148): 1950年6月29日中央人民政府颁布的《中华人民共和国工会法》同时废止.
  Run r = run("show 工会法 --as-of 2024-01-01 --json --db " + tmp.db());
  REQUIRE(r.status == 0);
  json j = parse(r);
  CHECK(j["document"]["id"] == "title:中华人民共和国工会法");
  CHECK(j["status"]["status_zh"] == "已被修改");
  CHECK(j["status"]["since"] == "2021-12-24");
  bool repeal = false;
  for (const auto& ref : j["references"]) {
    if (ref["type"] == "repeals" && ref["to"] == "title:中华人民共和国工会法（1950-06-29）") {
      repeal = ref["evidence"]["line"] == 148;
    }
  }
  CHECK(repeal);
  Run old = run("show 'title:中华人民共和国工会法（1950-06-29）' --as-of 2024-01-01 --json --db " +
                tmp.db());
  REQUIRE(old.status == 0);
  CHECK(parse(old)["status"]["status_zh"] == "已废止");
}
