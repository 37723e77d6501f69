// Every command that prints JSON, run over the sample corpus, and its output
// walked: the objects the commands share (node, status, edge, evidence,
// document) have one shape and one vocabulary everywhere (README "JSON
// output"; tests/data/SCHEMA.md): the field named for a value holds the ASCII
// name, the same name + "_zh" the Chinese word. A node, and its status on one
// day, read the same in every command; evidence.file is the path as stored.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace {

using nlohmann::json;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;
const std::string kAsOf = "2024-01-01";

// The words, as the enums' comments and SCHEMA.md give them.
const std::map<std::string, std::string> kStatusWords = {{"not_yet_effective", "尚未生效"},
                                                         {"in_force", "现行有效"},
                                                         {"amended", "已被修改"},
                                                         {"partly_repealed", "部分失效"},
                                                         {"repealed", "已废止"},
                                                         {"expired", "失效"},
                                                         {"unknown", "未知"}};
const std::map<std::string, std::string> kLevelWords = {
    {"national", "国家"}, {"provincial", "省级"}, {"municipal", "市级"},
    {"district", "区县"}, {"department", "部门"}, {"unknown", "未知"}};
const std::map<std::string, std::string> kTypeWords = {
    {"repeals", "废止"},        {"amends", "修改"},   {"based_on", "依据"},
    {"implements", "贯彻落实"}, {"forwards", "转发"}, {"cites", "引用"}};
const std::map<std::string, std::string> kDispositionWords = {
    {"keep", "继续有效"}, {"expired", "失效"}, {"repealed", "已废止"}, {"review", "需审查"}};

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_date(const json& v) {
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  return s.size() == 10 && s[4] == '-' && s[7] == '-';
}

// Walks the JSON of every command, keeping what must agree across them.
class ShapeCheck {
 public:
  // Checks one command's output; `command` names it in problems.
  void walk(const std::string& command, const json& j) {
    command_ = command;
    visit(j, "");
  }

  std::vector<std::string> problems;
  // Objects of each kind seen, per command ("show: node" -> count).
  std::map<std::string, int> seen;

 private:
  void problem(const std::string& path, const std::string& what) {
    problems.push_back(command_ + " " + (path.empty() ? "(top)" : path) + ": " + what);
  }
  void count(const std::string& kind) { ++seen[command_ + ": " + kind]; }

  // j[key] is a string naming one of `words`, and j[key + "_zh"] its word.
  void term(const json& j, const std::string& key, const std::map<std::string, std::string>& words,
            const std::string& path) {
    const json& ascii = j.at(key);
    auto it = ascii.is_string() ? words.find(ascii.get<std::string>()) : words.end();
    if (it == words.end()) {
      problem(path + "." + key, "not an ASCII name: " + ascii.dump());
      return;
    }
    if (!j.contains(key + "_zh") || j.at(key + "_zh") != it->second) {
      problem(path + "." + key + "_zh", "should be " + it->second);
    }
  }

  void evidence(const json& e, const std::string& path) {
    count("evidence");
    if (!e.is_object() || !e.contains("file") || !e["file"].is_string() || !e.contains("line") ||
        !e["line"].is_number_integer() || !e.contains("quote") || !e["quote"].is_string()) {
      problem(path, "evidence is not {file, line, quote}: " + e.dump().substr(0, 120));
      return;
    }
    // One file, one spelling: never a base name in one output and a path in
    // another.
    const std::string file = e["file"].get<std::string>();
    if (file.empty()) return;
    auto [at, added] = file_by_base_.emplace(base_name(file), file);
    if (!added && at->second != file) problem(path + ".file", file + " but also " + at->second);
  }

  void status(const json& s, const std::string& path) {
    count("status");
    static const std::set<std::string> kKeys = {"status", "status_zh", "since",
                                                "by",     "detail",    "evidence"};
    std::set<std::string> keys;
    for (const auto& [k, v] : s.items()) keys.insert(k);
    if (keys != kKeys) problem(path, "status keys: " + s.dump().substr(0, 120));
    if (!s.contains("status")) return;
    term(s, "status", kStatusWords, path);
    if (!(s["since"].is_null() || is_date(s["since"]))) problem(path + ".since", "not a date");
    if (!(s["by"].is_null() || s["by"].is_string())) problem(path + ".by", "not a node id");
    if (!s["evidence"].contains("document") || !s["evidence"]["document"].is_string()) {
      problem(path + ".evidence", "no document");
    }
  }

  // A node wherever one is named; its summary and its status agree with
  // every other place the same node appears.
  void node(const json& n, const std::string& path) {
    count("node");
    if (!n["id"].is_string() || !(n["doc_no"].is_null() || n["doc_no"].is_string()) ||
        !n["title"].is_string() || !n["issuer"].is_string() || !n["external"].is_boolean() ||
        !n.contains("level")) {
      problem(path, "node is not {id, doc_no, title, issuer, level, level_zh, external}");
      return;
    }
    json summary;
    for (const char* k : {"id", "doc_no", "title", "issuer", "level", "level_zh", "external"}) {
      summary[k] = n.contains(k) ? n[k] : json(nullptr);
    }
    const std::string id = n["id"].get<std::string>();
    auto [at, added] = node_by_id_.emplace(id, summary);
    if (!added && at->second != summary) {
      problem(path, "node " + id + " differs: " + summary.dump() + " vs " + at->second.dump());
    }
    if (n.contains("status") && n["status"].is_object()) {
      auto [st, first] = status_by_id_.emplace(id, n["status"]);
      if (!first && st->second != n["status"]) {
        problem(path + ".status", "status of " + id + " differs");
      }
    }
  }

  // A resolved edge between two nodes.
  void graph_edge(const json& e, const std::string& path) {
    count("edge");
    if (!e["from"].is_string() || !e["to"].is_string() || !e["derived"].is_boolean() ||
        !e.contains("evidence") || !e["evidence"].is_object()) {
      problem(path, "edge is not {type, type_zh, from, to, derived, evidence}");
    }
  }

  // A document (tests/data/SCHEMA.md), in `show` and `extract`.
  void document(const json& d, const std::string& path) {
    count("document");
    if (!(d["doc_no"].is_null() || d["doc_no"].is_string()) || !d["title"].is_string() ||
        !d["issuers"].is_array() || !d["line_start"].is_number_integer() ||
        !d["evidence"].is_object()) {
      problem(path, "document is not the SCHEMA.md document");
    }
    if (d["kind"] != "policy" && d["kind"] != "other") problem(path + ".kind", d["kind"].dump());
    const json& eff = d["effective"];
    std::string want = eff.is_null()       ? "未写明施行日期"
                       : eff == "on_issue" ? "自印发之日起施行"
                       : is_date(eff)      ? "自指定日期起施行"
                                           : "";
    if (want.empty()) problem(path + ".effective", eff.dump());
    if (d["effective_zh"] != want) problem(path + ".effective_zh", "should be " + want);
    // Field evidence: {"line", "quote"}, the file being the document's own.
    for (const auto& [field, ev] : d["evidence"].items()) {
      for (const json& one : ev.is_array() ? ev : json::array({ev})) {
        if (!one["line"].is_number_integer() || !one["quote"].is_string()) {
          problem(path + ".evidence." + field, "not {line, quote}");
        }
      }
    }
  }

  void visit(const json& j, const std::string& path) {
    if (j.is_array()) {
      for (std::size_t i = 0; i < j.size(); ++i) visit(j[i], path + "[" + std::to_string(i) + "]");
      return;
    }
    if (!j.is_object()) return;
    for (const auto& [k, v] : j.items()) {
      if (k == "status_name") problem(path, "the old key status_name");
      // Every _zh has its ASCII field beside it.
      if (k.size() > 3 && k.compare(k.size() - 3, 3, "_zh") == 0 &&
          !j.contains(k.substr(0, k.size() - 3))) {
        problem(path + "." + k, "no ASCII field beside it");
      }
    }
    const bool is_document = j.contains("line_start") && j.contains("promulgated_titles");
    const bool is_extraction_edge = j.contains("to_doc_no") || j.contains("to_title");
    if (j.contains("status")) {
      if (j["status"].is_object()) {
        status(j["status"], path + ".status");
      } else if (j["status"].is_string() && !j.contains("detail")) {  // not in a status object
        problem(path + ".status", "a status is the status object, not a string");
      }
    }
    if (j.contains("level")) term(j, "level", kLevelWords, path);
    if (j.contains("type")) term(j, "type", kTypeWords, path);
    if (j.contains("disposition")) term(j, "disposition", kDispositionWords, path);
    if (j.contains("id") && j.contains("external")) node(j, path);
    if (j.contains("from") && j.contains("to")) graph_edge(j, path);
    if (is_document) document(j, path);
    if (j.contains("evidence") && !is_document) {
      const json& ev = j["evidence"];
      if (ev.is_array()) {
        for (std::size_t i = 0; i < ev.size(); ++i) {
          evidence(ev[i], path + ".evidence[" + std::to_string(i) + "]");
        }
      } else if (ev.is_string()) {
        // Only a reference in the extraction format quotes its text alone.
        if (!is_extraction_edge) problem(path + ".evidence", "a bare string");
      } else {
        evidence(ev, path + ".evidence");
      }
    }
    for (const auto& [k, v] : j.items()) {
      if (k == "evidence" && is_document) continue;  // field evidence, checked above
      visit(v, path + "." + k);
    }
  }

  std::string command_;
  std::map<std::string, json> node_by_id_;
  std::map<std::string, json> status_by_id_;
  std::map<std::string, std::string> file_by_base_;
};

// `args` on the database `db` (none when empty: extract reads files).
json run_json(const std::string& args, const std::string& db) {
  Run r = run(db.empty() ? args : args + " --db '" + db + "'");
  INFO(args);
  INFO(r.err);
  // 0, or 1 for "nothing found" (orphans), 3 for a draft with findings.
  CHECK((r.status == 0 || r.status == 1 || r.status == 3));
  return parse(r);
}

}  // namespace

TEST_CASE("every command's JSON shows nodes, statuses, edges and evidence in one shape",
          "[cli][json]") {
  TempDir tmp;
  Run ingest =
      run("ingest --db '" + tmp.db() + "' '" + kData + "/gazettes' '" + kData + "/judicial'");
  INFO(ingest.err);
  REQUIRE(ingest.status == 0);

  const std::string as_of = " --as-of " + kAsOf;
  // Documents read from the gazettes: 济政发〔2017〕24号 rests on 鲁政发〔2016〕26号
  // (line 22 of 000_…txt), 济政发〔2019〕17号 repeals 济政发〔2019〕2号.
  const std::vector<std::string> commands = {
      "show 济政发〔2017〕24号 --json" + as_of,
      "show 济政发〔2019〕2号 --json" + as_of,
      "repeals 济政发〔2019〕17号 --json" + as_of,
      "chain 济政发〔2017〕24号 --json" + as_of,
      "impact 鲁政发〔2016〕26号 --json" + as_of,
      "cites 济政发〔2017〕24号 --json",
      "cited-by 鲁政发〔2016〕26号 --json",
      "superseded --json" + as_of,
      "orphans --json" + as_of,
      "expiring --within 1y --json" + as_of,
      "unresolved --json",
      "findings --json",
      "check '" + kData + "/drafts/cites_repealed.txt' --json" + as_of,
      "cleanup --issuer 济南市人民政府 --json" + as_of,
      "report --format json -o -" + as_of,
      "export json" + as_of,
      "extract --format json '" + kData + "/gazettes/000_1a218bf28652ce10.txt'",
  };
  ShapeCheck check;
  for (const std::string& c : commands) {
    std::string name = c.substr(0, c.find(' '));
    check.walk(name + "(" + c + ")", run_json(c, name == "extract" ? "" : tmp.db()));
  }
  INFO([&] {
    std::string all;
    for (const auto& p : check.problems) all += p + "\n";
    return all;
  }());
  CHECK(check.problems.empty());

  // The walk found the shared objects where they must be.
  auto seen = [&](const std::string& command, const std::string& kind) {
    for (const auto& [key, n] : check.seen) {
      if (key.rfind(command, 0) == 0 && key.size() > kind.size() &&
          key.compare(key.size() - kind.size(), kind.size(), kind) == 0 && n > 0) {
        return true;
      }
    }
    return false;
  };
  for (const char* command : {"show(", "export(", "report(", "chain(", "repeals("}) {
    CAPTURE(command);
    CHECK(seen(command, ": node"));
    CHECK(seen(command, ": status"));
    CHECK(seen(command, ": edge"));
    CHECK(seen(command, ": evidence"));
  }
  CHECK(seen("show(", ": document"));
  CHECK(seen("extract(", ": document"));
  CHECK(seen("cleanup(", ": status"));
  CHECK(seen("check(", ": status"));
  CHECK(seen("superseded(", ": node"));
}

TEST_CASE("the same status reads alike in show, export and the report", "[cli][json]") {
  TempDir tmp;
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + kData + "/gazettes'").status == 0);
  // 自2020年2月1日起施行 … 《…通告》（济政发〔2019〕2号）同时废止 (002_…txt line 101).
  json show = run_json("show 济政发〔2019〕2号 --json --as-of " + kAsOf, tmp.db());
  json exported = run_json("export json --as-of " + kAsOf, tmp.db());
  json report = run_json("report --format json -o - --as-of " + kAsOf, tmp.db());
  json from_export, from_report;
  for (const json& n : exported["nodes"]) {
    if (n["id"] == "济政发〔2019〕2号") from_export = n["status"];
  }
  for (const json& n : report["superseded"]) {
    if (n["id"] == "济政发〔2019〕2号") from_report = n["status"];
  }
  CHECK(show["status"]["status"] == "repealed");
  CHECK(show["status"]["status_zh"] == "已废止");
  CHECK(show["status"]["since"] == "2020-02-01");
  CHECK(show["status"]["by"] == "济政发〔2019〕17号");
  CHECK(show["status"]["evidence"]["line"] == 101);
  CHECK(base_name(show["status"]["evidence"]["file"].get<std::string>()) ==
        "002_1864a195dda547c1.txt");
  // The file as stored: the source of the repealing document, the same string.
  CHECK(show["status"]["evidence"]["document"] == "济政发〔2019〕17号");
  json repealer = run_json("show 济政发〔2019〕17号 --json --as-of " + kAsOf, tmp.db());
  CHECK(repealer["document"]["source"].is_string());
  CHECK(show["status"]["evidence"]["file"] == repealer["document"]["source"]);
  CHECK(from_export == show["status"]);
  CHECK(from_report == show["status"]);
}

TEST_CASE("arguments that are not UTF-8 give U+FFFD in the JSON, not a crash",
          "[cli][json][utf8]") {
  TempDir tmp;
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + kData + "/gazettes'").status == 0);
  // Bytes FF FE (what a GBK terminal may send): not UTF-8.
  const std::string bad = "\"$(printf '\\377\\376')\"";
  const std::string replaced = "\xEF\xBF\xBD\xEF\xBF\xBD";
  for (const char* command : {"show", "repeals", "chain", "impact", "cites", "cited-by"}) {
    CAPTURE(command);
    Run r = run(std::string(command) + " " + bad + " --json --db '" + tmp.db() + "'");
    CHECK(r.status == 1);  // not found, and said so
    json j = parse(r);
    CHECK(j["query"] == replaced);
    CHECK(j["error"] == "not found");
  }
  for (const std::string& args :
       {"superseded --json --issuer " + bad, "cleanup --json --issuer " + bad,
        "report --format json -o - --issuer " + bad}) {
    CAPTURE(args);
    Run r = run(args + " --as-of " + kAsOf + " --db '" + tmp.db() + "'");
    // Nothing matches: an empty list, or (cleanup) a message and status 1.
    CHECK((r.status == 0 || r.status == 1));
    if (!r.out.empty()) CHECK(parse(r).is_object());
    CHECK(r.out.find("\xFF") == std::string::npos);
  }
}
