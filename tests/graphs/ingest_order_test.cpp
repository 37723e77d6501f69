// The resolved graph does not depend on the order files were ingested in
// (issue 10, "Done means"): the sample corpus stored file by file, with the
// three tests/data/multi gazettes (which cite, repeal and implement each
// other) put last in each of their six orders, resolves to the graph of the
// same files stored at once: the same nodes, edges, findings, statuses and
// orphans, compared as the JSON every output writes them through.
#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "graphs/answers/json.h"
#include "graphs/answers/queries.h"
#include "graphs/graph/json.h"
#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::Extraction;
using pg::Json;
using namespace pg::testing;

// (path in the store, extraction), the sample's gold extractions first.
using StoredFile = std::pair<std::string, Extraction>;

std::vector<StoredFile> rest_of_sample() {
  std::vector<StoredFile> out;
  for (Extraction& e : sample_corpus()) {
    std::string path = e.source;
    out.emplace_back(path, std::move(e));
  }
  return out;
}

std::array<StoredFile, 3> multi_files() {
  std::array<StoredFile, 3> out;
  const char* names[] = {"2017_jinan_24.txt", "2018_jiyang_6.txt", "2019_shandong_25.txt"};
  for (int i = 0; i < 3; ++i) {
    std::string name = std::string("multi/") + names[i];
    Extraction e = extract_file(std::string(TEST_DATA_DIR) + "/" + name, name);
    REQUIRE(!e.documents.empty());
    out[i] = {name, std::move(e)};
  }
  return out;
}

void put(pg::Store& store, const StoredFile& f) {
  auto done = store.put_file(f.first, pg::content_hash(f.first), f.second);
  INFO(f.first);
  REQUIRE(done.ok());
}

// Everything a resolved graph answers with, as JSON: every node in full and
// its status on each day, every edge, every finding, and the orphans.
Json graph_json(const CorpusGraph& g) {
  Json j = Json::object();
  Json nodes = Json::array();
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    Json n = g.nodes()[i];
    for (const char* iso : {"2018-06-01", "2020-03-01", "2023-06-01"}) {
      n[std::string("status_") + iso] = g.status(i, day(iso));
    }
    nodes.push_back(std::move(n));
  }
  j["nodes"] = std::move(nodes);
  Json edges = Json::array();
  for (std::size_t e = 0; e < g.edges().size(); ++e) edges.push_back(pg::edge_json(g, e));
  j["edges"] = std::move(edges);
  j["findings"] = g.findings();
  Json orphans = Json::array();
  for (const pg::Orphan& o : pg::orphans(g, day("2020-03-01"))) {
    orphans.push_back(pg::orphan_json(g, o));
  }
  j["orphans"] = std::move(orphans);
  return j;
}

Json stored_graph(pg::Store& store) {
  auto corpus = store.load_all();
  REQUIRE(corpus.ok());
  return graph_json(CorpusGraph::build(std::move(*corpus), agency_rules()));
}

}  // namespace

TEST_CASE("ingesting three related files in any order resolves to the graph built at once",
          "[ingest_order]") {
  const std::vector<StoredFile> rest = rest_of_sample();
  const std::array<StoredFile, 3> multi = multi_files();

  TempDir dir;
  Json at_once;
  {
    // Every file in one pass, in path order.
    std::vector<const StoredFile*> all;
    for (const auto& f : rest) all.push_back(&f);
    for (const auto& f : multi) all.push_back(&f);
    std::sort(all.begin(), all.end(),
              [](const StoredFile* a, const StoredFile* b) { return a->first < b->first; });
    auto store = pg::Store::open(dir.file("at_once.db"));
    REQUIRE(store.ok());
    for (const StoredFile* f : all) put(*store, *f);
    at_once = stored_graph(*store);
  }
  // The three files do meet in the graph: the orphan they make together and
  // the title-only reference resolved through another file.
  const std::string dumped = at_once.dump();
  CHECK(has(dumped, "\"济政发〔2017〕24号\""));
  REQUIRE(at_once["orphans"].size() >= 1);
  bool jinan_orphan = false;
  for (const Json& o : at_once["orphans"]) {
    jinan_orphan = jinan_orphan ||
                   (o["id"] == "济政发〔2017〕24号" && o["basis"]["id"] == "鲁政发〔2016〕26号");
  }
  CHECK(jinan_orphan);
  bool title_resolved = false;
  for (const Json& e : at_once["edges"]) {
    title_resolved =
        title_resolved || (e["from"] == "济阳政发〔2018〕6号" && e["to"] == "济政发〔2017〕24号");
  }
  CHECK(title_resolved);

  std::array<int, 3> order{0, 1, 2};
  int orders = 0;
  do {
    std::string name =
        multi[order[0]].first + " " + multi[order[1]].first + " " + multi[order[2]].first;
    INFO("then " << name);
    auto store = pg::Store::open(dir.file("order" + std::to_string(orders) + ".db"));
    REQUIRE(store.ok());
    for (const auto& f : rest) put(*store, f);
    // The graph after each file, as a user could query it between ingests.
    for (int k = 0; k < 3; ++k) {
      put(*store, multi[order[k]]);
      REQUIRE_NOTHROW(stored_graph(*store));
    }
    CHECK(stored_graph(*store) == at_once);
    ++orders;
  } while (std::next_permutation(order.begin(), order.end()));
  CHECK(orders == 6);
}

TEST_CASE("re-ingesting a file of the three leaves the graph as it was", "[ingest_order]") {
  const std::vector<StoredFile> rest = rest_of_sample();
  const std::array<StoredFile, 3> multi = multi_files();
  TempDir dir;
  auto store = pg::Store::open(dir.db());
  REQUIRE(store.ok());
  for (const auto& f : rest) put(*store, f);
  for (const auto& f : multi) put(*store, f);
  const Json before = stored_graph(*store);
  // Removed and put back: the repeal goes and comes back with it.
  auto removed = store->remove_file(multi[2].first);
  REQUIRE(removed.ok());
  CHECK(stored_graph(*store) != before);
  put(*store, multi[2]);
  CHECK(stored_graph(*store) == before);
}
