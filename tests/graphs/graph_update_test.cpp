// The stored graph kept current in place (graphs/store/graph_update.h) is the
// graph a full rebuild makes of the same files (issue 10: resolve once, at
// ingest). A differential test: random sequences of files added, replaced
// with edited contents and removed, one to three at a time, from the samples
// (gazettes, judicial, multi, national) and synthetic files made to touch
// resolution (a new title+number pair that resolves title-only references
// elsewhere, a measure without a number that later gets one, a repeal added
// and removed, a file publishing both 《中华人民共和国X法》 and 《X法》);
// after each step the stored graph is compared with a rebuild: nodes (ids,
// titles, aliases, mentions in order, issuer, level, documents), edges, title
// index, findings, and every status on three days.
#include "graphs/store/graph_update.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/ingest/graph_loading.h"
#include "analyzer/ingest/ingest.h"
#include "bench/corpus_gen.h"
#include "graphs/base/work_stats.h"
#include "graphs/graph/json.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::Extraction;
using pg::Json;
using namespace pg::testing;

using StoredFile = std::pair<std::string, Extraction>;

// The samples: gold gazettes and judicial, the three multi gazettes, and a
// few national texts.
std::vector<StoredFile> sample_files() {
  std::vector<StoredFile> out;
  for (Extraction& e : sample_corpus()) {
    std::string path = e.source;
    out.emplace_back(path, std::move(e));
  }
  for (const char* name : {"2017_jinan_24.txt", "2018_jiyang_6.txt", "2019_shandong_25.txt"}) {
    std::string key = std::string("multi/") + name;
    out.emplace_back(key, extract_file(std::string(TEST_DATA_DIR) + "/multi/" + name, key));
  }
  for (const char* name : {"0000.txt", "0001.txt", "0002.txt", "0003.txt", "0004.txt"}) {
    std::string key = std::string("national/") + name;
    out.emplace_back(key, extract_file(std::string(TEST_DATA_DIR) + "/national/" + name, key));
  }
  return out;
}

pg::Document numbered(const std::string& no, const std::string& title, const char* signed_iso) {
  pg::Document d;
  d.doc_no = no;
  d.title = title;
  d.line_start = 1;
  d.signed_date = day(signed_iso);
  d.issuers = {"测试市人民政府"};
  return d;
}

pg::Edge ref(const std::string& from, std::optional<std::string> to_no,
             std::optional<std::string> to_title, pg::RelationType type, int line) {
  pg::Edge e;
  e.from = from;
  e.to_doc_no = std::move(to_no);
  e.to_title = std::move(to_title);
  e.type = type;
  e.line = line;
  e.evidence = "引用 " + std::to_string(line);
  return e;
}

// Synthetic files, each in a few versions (a replace edits one into another).
std::map<std::string, std::vector<Extraction>> synthetic_files() {
  using pg::RelationType;
  std::map<std::string, std::vector<Extraction>> out;
  auto file = [](const std::string& name) {
    Extraction e;
    e.source = name;
    return e;
  };
  {
    // A small notice citing sample numbers and a law by title only; then
    // edited: another citation, a repeal added; then the repeal removed.
    Extraction a = file("zz/cite.txt");
    a.documents.push_back(
        numbered("测试政发〔2021〕1号", "测试市人民政府关于加强管理的通知", "2021-03-01"));
    a.edges.push_back(ref("测试政发〔2021〕1号", "济政发〔2017〕24号", std::nullopt,
                          RelationType::kImplements, 3));
    a.edges.push_back(ref("测试政发〔2021〕1号", std::nullopt, "中华人民共和国行政许可法",
                          RelationType::kBasedOn, 4));
    Extraction b = a;
    b.edges.push_back(
        ref("测试政发〔2021〕1号", "鲁政发〔2016〕26号", std::nullopt, RelationType::kCites, 5));
    b.edges.push_back(
        ref("测试政发〔2021〕1号", "济阳政发〔2018〕6号", std::nullopt, RelationType::kRepeals, 6));
    Extraction c = b;
    c.edges.pop_back();
    out["zz/cite.txt"] = {a, b, c};
  }
  {
    // A title cited by title only elsewhere gets its number here: the
    // files citing it by title (zz/cite) are re-resolved with it.
    Extraction a = file("zz/pair.txt");
    a.documents.push_back(
        numbered("测试办发〔2020〕9号", "关于进一步规范行政审批的若干意见", "2020-05-01"));
    a.edges.push_back(ref("测试办发〔2020〕9号", std::nullopt, "中华人民共和国行政许可法",
                          RelationType::kBasedOn, 2));
    Extraction b = file("zz/pair.txt");
    b.documents.push_back(
        numbered("测试办发〔2020〕9号", "关于进一步规范行政审批的若干意见", "2020-05-01"));
    b.edges.push_back(ref("测试办发〔2020〕9号", "测试办发〔2019〕3号", "中华人民共和国行政许可法",
                          RelationType::kCites, 2));
    out["zz/pair.txt"] = {a, b};
  }
  {
    // The title this file cites by title only is paired elsewhere (zz/pair).
    Extraction a = file("zz/titleonly.txt");
    a.documents.push_back(
        numbered("测试区政发〔2022〕2号", "测试区人民政府关于实施意见", "2022-01-10"));
    a.edges.push_back(
        ref("测试区政发〔2022〕2号", std::nullopt, "行政许可法", RelationType::kBasedOn, 2));
    a.edges.push_back(ref("测试区政发〔2022〕2号", "测试政发〔2021〕1号",
                          "测试市人民政府关于加强管理的通知", RelationType::kImplements, 3));
    out["zz/titleonly.txt"] = {a};
  }
  {
    // Both 《中华人民共和国X法》 and 《X法》 published: two instruments.
    Extraction a = file("zz/laws.txt");
    pg::Document full;
    full.title = "中华人民共和国测试法";
    full.line_start = 1;
    full.signed_date = day("2015-01-01");
    pg::Document bare = full;
    bare.title = "测试法";
    bare.line_start = 20;
    a.documents = {full, bare};
    a.edges.push_back(ref("中华人民共和国测试法", std::nullopt, "中华人民共和国行政许可法",
                          RelationType::kBasedOn, 5));
    out["zz/laws.txt"] = {a};
  }
  {
    // A measure without a number, citing a sample number; then printed with
    // a number (the title gains it: zz/rulecite resolves anew); then
    // without again.
    Extraction a = file("zz/rules.txt");
    pg::Document d;
    d.title = "测试市行政许可实施办法";
    d.line_start = 1;
    d.issuers = {"测试市人民政府"};
    a.documents.push_back(d);
    a.edges.push_back(ref(d.title, "鲁政发〔2016〕26号", std::nullopt, RelationType::kBasedOn, 2));
    Extraction b = a;
    b.documents[0].doc_no = "测试政规〔2022〕5号";
    b.edges[0].from = "测试政规〔2022〕5号";
    out["zz/rules.txt"] = {a, b};
    Extraction c = file("zz/rulecite.txt");
    c.documents.push_back(
        numbered("测试县政发〔2023〕8号", "测试县人民政府关于执行实施办法的通知", "2023-04-01"));
    c.edges.push_back(
        ref("测试县政发〔2023〕8号", std::nullopt, d.title, RelationType::kImplements, 2));
    out["zz/rulecite.txt"] = {c};
  }
  {
    // Cites both laws by title.
    Extraction a = file("zz/lawcite.txt");
    a.documents.push_back(numbered("测试政办发〔2023〕4号", "关于贯彻测试法的通知", "2023-02-01"));
    a.edges.push_back(
        ref("测试政办发〔2023〕4号", std::nullopt, "测试法", RelationType::kBasedOn, 2));
    a.edges.push_back(ref("测试政办发〔2023〕4号", std::nullopt, "中华人民共和国测试法",
                          RelationType::kCites, 3));
    out["zz/lawcite.txt"] = {a};
  }
  return out;
}

// Everything the graph answers with, as JSON.
Json graph_json(const CorpusGraph& g) {
  Json j = Json::object();
  Json nodes = Json::array();
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    const pg::Node& node = g.nodes()[i];
    Json n = node;
    n["issuer"] = node.issuer;
    n["level"] = std::string(pg::to_string(node.level));
    Json mentions = Json::array();
    for (const pg::Sourced& m : node.mentions) {
      mentions.push_back({m.document, m.evidence.file, m.evidence.line, m.evidence.quote});
    }
    n["mentions_all"] = std::move(mentions);
    for (const char* iso : {"2018-06-01", "2021-06-01", "2023-06-01"}) {
      n[std::string("status_") + iso] = g.status(i, day(iso));
    }
    nodes.push_back(std::move(n));
  }
  j["nodes"] = std::move(nodes);
  Json edges = Json::array();
  for (std::size_t e = 0; e < g.edges().size(); ++e) edges.push_back(pg::edge_json(g, e));
  j["edges"] = std::move(edges);
  j["findings"] = g.findings();
  std::map<std::string, std::vector<std::string>> titles(g.title_index().begin(),
                                                         g.title_index().end());
  j["titles"] = titles;
  return j;
}

// Where a file is stored: under its name, or (`scrambled`) in a folder that
// makes the paths sort otherwise than the names, as when files are ingested
// one by one from several folders and named relative to each.
std::string stored_path(const std::string& name, bool scrambled) {
  if (!scrambled) return name;
  unsigned sum = 0;
  for (unsigned char c : name) sum = sum * 31 + c;
  return "d" + std::to_string(10 + sum % 89) + "/" + name;
}

void put(pg::Store& store, const std::string& path, const Extraction& e, int version) {
  auto done = store.put_file(path, "v" + std::to_string(version) + "-" + path, e);
  INFO(path);
  REQUIRE(done.ok());
}

std::string first_difference(const Json& a, const Json& b) {
  for (const char* part : {"nodes", "edges", "findings", "titles"}) {
    if (a[part] == b[part]) continue;
    if (a[part].is_array() && b[part].is_array()) {
      for (std::size_t i = 0; i < std::min(a[part].size(), b[part].size()); ++i) {
        if (a[part][i] != b[part][i]) {
          return std::string(part) + "[" + std::to_string(i) + "]: stored " +
                 a[part][i].dump().substr(0, 1500) + "\n rebuilt " +
                 b[part][i].dump().substr(0, 1500);
        }
      }
      return std::string(part) + ": sizes " + std::to_string(a[part].size()) + " vs " +
             std::to_string(b[part].size());
    }
    return std::string(part) + " differ";
  }
  return "";
}

}  // namespace

TEST_CASE("a stored graph updated in place equals a full rebuild after every step",
          "[graph_update]") {
  const std::vector<StoredFile> samples = sample_files();
  const auto synthetic = synthetic_files();
  struct Candidate {
    std::string path;
    std::vector<const Extraction*> versions;
  };
  std::vector<Candidate> pool;
  for (const auto& [path, e] : samples) pool.push_back({path, {&e}});
  for (const auto& [path, versions] : synthetic) {
    Candidate c{path, {}};
    for (const auto& v : versions) c.versions.push_back(&v);
    pool.push_back(std::move(c));
  }
  std::size_t in_place = 0, rebuilt = 0;
  std::map<std::string, int> reasons;  // why a step rebuilt
  std::size_t reresolving = 0;         // in place, with files citing changed titles
  std::size_t batches = 0;             // in place, two or three files changed
  for (unsigned seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    // Half the runs store the files where their paths do not sort as their
    // names (the files' sources, which the graph's rows name them by).
    const bool scrambled = seed > 3;
    INFO("seed " << seed << (scrambled ? ", paths not in name order" : ""));
    std::mt19937 rng(seed);
    TempDir dir;
    auto store = pg::Store::open(dir.db());
    REQUIRE(store.ok());
    // Start: most samples, the graph built whole.
    std::map<std::string, int> stored;  // path -> version
    for (std::size_t i = 0; i < pool.size(); ++i) {
      // The synthetic files that cite titles are there from the start; the
      // ones that pair or publish them come and go.
      const bool cites =
          pool[i].path.find("cite") != std::string::npos || pool[i].path == "zz/titleonly.txt";
      if (pool[i].path.starts_with("zz/") ? !cites : rng() % 4 == 0) continue;
      put(*store, stored_path(pool[i].path, scrambled), *pool[i].versions[0], 0);
      stored[pool[i].path] = 0;
    }
    REQUIRE(pg::refresh_graph(*store).ok());
    for (int step = 0; step < 20; ++step) {
      // A quarter of the steps change two or three files at once (one batch).
      const int changes = rng() % 4 == 0 ? 2 + static_cast<int>(rng() % 2) : 1;
      std::string what;
      for (int k = 0; k < changes; ++k) {
        // Half the changes edit a synthetic file: they make the cases that
        // re-resolve other files.
        const std::size_t first_synthetic = samples.size();
        const Candidate& c = rng() % 2 == 0
                                 ? pool[first_synthetic + rng() % (pool.size() - first_synthetic)]
                                 : pool[rng() % pool.size()];
        auto it = stored.find(c.path);
        if (!what.empty()) what += ", ";
        if (it != stored.end() && rng() % 3 == 0) {
          REQUIRE(store->remove_file(stored_path(c.path, scrambled)).ok());
          stored.erase(it);
          what += "remove " + c.path;
        } else {
          int version =
              it == stored.end() ? 0 : (it->second + 1) % static_cast<int>(c.versions.size());
          if (it != stored.end() && c.versions.size() == 1) version = 0;
          put(*store, stored_path(c.path, scrambled), *c.versions[version],
              version + (it == stored.end() ? 0 : 10 * step + 1000 * k));
          stored[c.path] = version;
          what +=
              (it == stored.end() ? "add " : "replace ") + c.path + " v" + std::to_string(version);
        }
      }
      INFO("step " << step << ": " << what);
      std::string how;
      auto refreshed = pg::refresh_graph(*store, {}, &how);
      INFO((refreshed.ok() ? std::string() : refreshed.error().to_string()));
      REQUIRE(refreshed.ok());
      (how.starts_with("graph: updated") ? in_place : rebuilt) += 1;
      if (!how.starts_with("graph: updated")) reasons[how + " at " + what] += 1;
      if (how.find("citing their titles") != std::string::npos) ++reresolving;
      if (changes > 1 && how.starts_with("graph: updated")) ++batches;
      INFO(how);
      auto state = pg::graph_state(*store);
      REQUIRE(state.ok());
      REQUIRE(*state == pg::GraphState::kCurrent);
      auto whole = pg::StoredGraph(*store).whole();
      REQUIRE(whole.ok());
      auto corpus = store->load_all();
      REQUIRE(corpus.ok());
      const Json kept = graph_json(*whole);
      const Json fresh = graph_json(CorpusGraph::build(std::move(*corpus), agency_rules()));
      INFO(first_difference(kept, fresh));
      REQUIRE(kept == fresh);
      // The lists' narrow indexes (layout 7) kept in step with the rows:
      // the names read through graph_nodes_names are the whole graph's, and
      // SQLite finds every index equal to its table.
      pg::StoredGraph sg(*store);
      auto numbers = sg.all_nodes();
      REQUIRE(numbers.ok());
      auto named = sg.read_nodes(*numbers, pg::StoredGraph::Parts::Body::kNames);
      REQUIRE(named.ok());
      std::vector<std::string> from_index, from_whole;
      auto name_key = [](const pg::Node& n) {
        return n.id + "|" + n.doc_no.value_or("-") + "|" + n.title + "|" + n.issuer + "|" +
               std::string(pg::to_string(n.level)) + (n.external ? "|x" : "|d");
      };
      for (const pg::Node& n : *named) from_index.push_back(name_key(n));
      for (const pg::Node& n : whole->nodes()) from_whole.push_back(name_key(n));
      std::sort(from_index.begin(), from_index.end());
      CHECK(from_index == from_whole);
      sqlite3_stmt* check = nullptr;
      REQUIRE(sqlite3_prepare_v2(store->db_handle(), "PRAGMA integrity_check", -1, &check,
                                 nullptr) == SQLITE_OK);
      REQUIRE(sqlite3_step(check) == SQLITE_ROW);
      CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok");
      sqlite3_finalize(check);
    }
  }
  // Both ways ran: the comparison checked the update in place.
  for (const auto& [why, times] : reasons) UNSCOPED_INFO(times << "x " << why);
  CHECK(in_place >= 80);
  CHECK(reresolving >= 3);
  CHECK(batches >= 15);
  CHECK(rebuilt >= 5);
}

namespace {

class NullObserver : public pg::IngestObserver {};

}  // namespace

TEST_CASE("one small file added to a store of thousands of documents touches only its nodes",
          "[graph_update]") {
  TempDir dir;
  pg::bench::CorpusOptions options;
  for (const char* d : {"gazettes", "judicial", "national"}) {
    options.sample_dirs.push_back(std::string(TEST_DATA_DIR) + "/" + d);
  }
  options.out_dir = dir.file("gen");
  options.documents = 2000;
  pg::bench::CorpusManifest manifest;
  std::string error;
  REQUIRE(pg::bench::generate_corpus(options, manifest, error));
  auto store = pg::Store::open(dir.db());
  REQUIRE(store.ok());
  NullSink sink;
  NullObserver observer;
  pg::Collected in = pg::collect_inputs({options.out_dir + "/corpus"});
  REQUIRE(in.files.size() > 50);
  auto totals = pg::ingest_files(*store, in.files, sink, observer);
  REQUIRE(totals.ok());
  REQUIRE(*pg::graph_state(*store) == pg::GraphState::kCurrent);
  // Saved whole: node numbers follow ids.
  CHECK(*pg::StoredGraph(*store).numbered_by_id());

  // The work of resolving the whole corpus.
  auto corpus = store->load_all();
  REQUIRE(corpus.ok());
  pg::work_stats() = {};
  const Json fresh_before = graph_json(CorpusGraph::build(*corpus, agency_rules()));
  const std::uint64_t full_steps = pg::work_stats().graph_steps;

  // One small notice: it implements the city's document and cites a law.
  Extraction e;
  e.source = "zz/extra.txt";
  e.documents.push_back(
      numbered("测试政发〔2024〕7号", "测试市人民政府关于落实的通知", "2024-01-05"));
  e.edges.push_back(ref("测试政发〔2024〕7号", manifest.city_doc, std::nullopt,
                        pg::RelationType::kImplements, 3));
  e.edges.push_back(
      ref("测试政发〔2024〕7号", manifest.deep_doc, std::nullopt, pg::RelationType::kRepeals, 4));
  e.edges.push_back(ref("测试政发〔2024〕7号", std::nullopt, "中华人民共和国行政许可法",
                        pg::RelationType::kBasedOn, 5));
  put(*store, e.source, e, 0);
  pg::work_stats() = {};
  std::string how;
  REQUIRE(pg::refresh_graph(*store, {}, &how).ok());
  const std::uint64_t update_steps = pg::work_stats().graph_steps;
  INFO(how << "; steps: update " << update_steps << ", full build " << full_steps);
  REQUIRE(how.starts_with("graph: updated in place for 1 file(s)"));
  CHECK(update_steps * 20 < full_steps);
  // Its new nodes are numbered after the others: no longer said to follow
  // ids (the lists read the id index again).
  CHECK_FALSE(*pg::StoredGraph(*store).numbered_by_id());

  auto whole = pg::StoredGraph(*store).whole();
  REQUIRE(whole.ok());
  auto after = store->load_all();
  REQUIRE(after.ok());
  const Json fresh = graph_json(CorpusGraph::build(std::move(*after), agency_rules()));
  INFO(first_difference(graph_json(*whole), fresh));
  CHECK(graph_json(*whole) == fresh);
  CHECK(fresh != fresh_before);
}

TEST_CASE("a title gaining and losing its number re-resolves only the files citing it",
          "[graph_update]") {
  TempDir dir;
  pg::bench::CorpusOptions options;
  for (const char* d : {"gazettes", "judicial", "national"}) {
    options.sample_dirs.push_back(std::string(TEST_DATA_DIR) + "/" + d);
  }
  options.out_dir = dir.file("gen");
  options.documents = 2000;
  pg::bench::CorpusManifest manifest;
  std::string error;
  REQUIRE(pg::bench::generate_corpus(options, manifest, error));
  auto store = pg::Store::open(dir.db());
  REQUIRE(store.ok());
  NullSink sink;
  NullObserver observer;
  pg::Collected in = pg::collect_inputs({options.out_dir + "/corpus"});
  auto totals = pg::ingest_files(*store, in.files, sink, observer);
  REQUIRE(totals.ok());
  REQUIRE(*pg::graph_state(*store) == pg::GraphState::kCurrent);
  auto corpus = store->load_all();
  REQUIRE(corpus.ok());
  pg::work_stats() = {};
  (void)CorpusGraph::build(*corpus, agency_rules());
  const std::uint64_t full_steps = pg::work_stats().graph_steps;

  // A notice citing a measure by title only; then a notice that prints the
  // title with its number (the citing file resolves anew); then each file
  // removed (the title loses its number, then its last citation).
  const std::string title = "测试市促进数据要素流通的若干措施";
  Extraction cite;
  cite.source = "zz/cite.txt";
  cite.documents.push_back(
      numbered("测试政发〔2024〕7号", "测试市人民政府关于落实的通知", "2024-01-05"));
  cite.edges.push_back(ref("测试政发〔2024〕7号", manifest.city_doc, std::nullopt,
                           pg::RelationType::kImplements, 3));
  cite.edges.push_back(
      ref("测试政发〔2024〕7号", std::nullopt, title, pg::RelationType::kBasedOn, 4));
  Extraction pair;
  pair.source = "zz/pair.txt";
  pair.documents.push_back(numbered("测试办发〔2024〕2号", title, "2024-02-01"));
  struct Step {
    std::string what;
    std::function<void()> change;
    const char* how;
  };
  const std::vector<Step> steps = {
      {"add the citing file", [&] { put(*store, cite.source, cite, 0); },
       "graph: updated in place for 1 file(s): "},
      {"add the file pairing the title", [&] { put(*store, pair.source, pair, 0); },
       "graph: updated in place for 1 file(s) and 1 file(s) citing their titles"},
      {"remove the file pairing the title", [&] { REQUIRE(store->remove_file(pair.source).ok()); },
       "graph: updated in place for 1 file(s) and 1 file(s) citing their titles"},
      {"remove the citing file", [&] { REQUIRE(store->remove_file(cite.source).ok()); },
       "graph: updated in place for 1 file(s): "},
  };
  for (const Step& step : steps) {
    INFO(step.what);
    step.change();
    pg::work_stats() = {};
    std::string how;
    REQUIRE(pg::refresh_graph(*store, {}, &how).ok());
    const std::uint64_t update_steps = pg::work_stats().graph_steps;
    INFO(how << "; steps: update " << update_steps << ", full build " << full_steps);
    CHECK(how.starts_with(step.how));
    CHECK(update_steps * 20 < full_steps);
    auto whole = pg::StoredGraph(*store).whole();
    REQUIRE(whole.ok());
    auto now = store->load_all();
    REQUIRE(now.ok());
    const Json fresh = graph_json(CorpusGraph::build(std::move(*now), agency_rules()));
    INFO(first_difference(graph_json(*whole), fresh));
    CHECK(graph_json(*whole) == fresh);
  }
  // Each step resolved the title as the rebuild does: by number while the
  // pair was stored.
}
