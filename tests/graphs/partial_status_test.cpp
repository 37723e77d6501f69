// 部分失效: a document whose only repeals in force on a day end a part of it
// (GraphEdge::scope). Statuses as of days before and after each repeal, the
// lists that treat it as in force, and the stored graph's round trip.
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/answers/queries.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/graph/json.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::Date;
using pg::Extraction;
using pg::RelationType;
using pg::StatusKind;
using namespace pg::testing;

pg::Document doc(const char* no, const char* title, const char* signed_iso,
                 const char* effective_iso = nullptr) {
  pg::Document d;
  d.doc_no = no;
  d.title = title;
  d.signed_date = Date::parse_iso(signed_iso);
  d.printed_date = d.signed_date;
  if (effective_iso) {
    d.effective.kind = pg::Effective::Kind::kDate;
    d.effective.date = *Date::parse_iso(effective_iso);
  }
  d.line_start = 1;
  d.line_end = 10;
  return d;
}

pg::Edge scoped(const char* from, const char* to, RelationType type, const char* scope,
                const char* quote) {
  pg::Edge e = edge(from, to, nullptr, type, 5, quote);
  if (scope) e.scope = scope;
  return e;
}

// 甲 (2015) is based on nothing; 乙 (2016) rests on 甲; 丙 (in force from
// 2020-06-01) ends articles 10 and 12 of 甲; 丁 (in force from 2022-01-01)
// repeals 甲 whole. 戊 (2021) amends 甲.
std::vector<Extraction> corpus(bool with_whole_repeal, bool with_amendment) {
  Extraction ex;
  ex.source = "partial.txt";
  ex.documents.push_back(doc("甲政发〔2015〕3号", "甲市城市绿化管理办法", "2015-01-10"));
  ex.documents.push_back(doc("甲政发〔2016〕1号", "甲市古树名木保护办法", "2016-03-01"));
  ex.edges.push_back(edge("甲政发〔2016〕1号", "甲政发〔2015〕3号", nullptr, RelationType::kBasedOn,
                          3, "根据《甲市城市绿化管理办法》（甲政发〔2015〕3号），制定本办法"));
  ex.documents.push_back(
      doc("甲政发〔2020〕8号", "甲市园林绿化条例实施办法", "2020-05-01", "2020-06-01"));
  ex.edges.push_back(
      scoped("甲政发〔2020〕8号", "甲政发〔2015〕3号", RelationType::kAmends, "第十条、第十二条",
             "《甲市城市绿化管理办法》（甲政发〔2015〕3号）第十条、第十二条同时废止"));
  if (with_amendment) {
    ex.documents.push_back(doc("甲政发〔2021〕2号",
                               "甲市人民政府关于修改〈甲市城市绿化管理办法〉的决定", "2021-03-01"));
    ex.edges.push_back(scoped("甲政发〔2021〕2号", "甲政发〔2015〕3号", RelationType::kAmends,
                              nullptr, "对《甲市城市绿化管理办法》作如下修改"));
  }
  if (with_whole_repeal) {
    ex.documents.push_back(
        doc("甲政发〔2021〕9号", "甲市绿化条例实施细则", "2021-11-01", "2022-01-01"));
    ex.edges.push_back(scoped("甲政发〔2021〕9号", "甲政发〔2015〕3号", RelationType::kRepeals,
                              nullptr, "《甲市城市绿化管理办法》（甲政发〔2015〕3号）同时废止"));
  }
  return {ex};
}

CorpusGraph graph(bool with_whole_repeal, bool with_amendment = false) {
  return CorpusGraph::build(corpus(with_whole_repeal, with_amendment), agency_rules());
}

}  // namespace

TEST_CASE("a document partly repealed is 部分失效 from the repealer's effective date",
          "[partial_status]") {
  CorpusGraph g = graph(false);
  std::size_t n = idx(g, "甲政发〔2015〕3号");
  CHECK(g.status(n, day("2020-05-31")).kind == StatusKind::kInForce);
  auto st = g.status(n, day("2020-06-01"));
  CHECK(st.kind == StatusKind::kPartlyRepealed);
  REQUIRE(st.since);
  CHECK(*st.since == day("2020-06-01"));
  CHECK(st.by == "甲政发〔2020〕8号");
  CHECK(st.detail == "部分失效 by 甲政发〔2020〕8号 from 2020-06-01 (第十条、第十二条)");
  CHECK(st.evidence.evidence.quote.find("第十条、第十二条同时废止") != std::string::npos);
  CHECK(pg::to_string(st.kind) == "部分失效");
  CHECK(pg::parse_status_kind("partly_repealed") == StatusKind::kPartlyRepealed);
  CHECK(pg::parse_status_kind("部分失效") == StatusKind::kPartlyRepealed);
}

TEST_CASE("a later whole repeal wins over a partial one", "[partial_status]") {
  CorpusGraph g = graph(true);
  std::size_t n = idx(g, "甲政发〔2015〕3号");
  CHECK(g.status(n, day("2021-12-31")).kind == StatusKind::kPartlyRepealed);
  auto st = g.status(n, day("2022-01-01"));
  CHECK(st.kind == StatusKind::kRepealed);
  CHECK(st.by == "甲政发〔2021〕9号");
}

TEST_CASE("an amendment after a partial repeal leaves it 部分失效", "[partial_status]") {
  CorpusGraph g = graph(false, true);
  std::size_t n = idx(g, "甲政发〔2015〕3号");
  CHECK(g.status(n, day("2021-03-01")).kind == StatusKind::kPartlyRepealed);
  CHECK(g.status(n, day("2020-01-01")).kind == StatusKind::kInForce);
}

TEST_CASE("a partly repealed basis is neither superseded nor an orphan's fallen basis",
          "[partial_status]") {
  CorpusGraph g = graph(false);
  Date d = day("2021-01-01");
  CHECK(pg::superseded(g, d).empty());
  CHECK(pg::orphans(g, d).empty());
  CHECK(pg::in_force(StatusKind::kPartlyRepealed));
  CHECK_FALSE(pg::fallen(StatusKind::kPartlyRepealed));
  // Once repealed whole, the document resting on it is an orphan.
  CorpusGraph whole = graph(true);
  CHECK(pg::superseded(whole, day("2022-01-01")).size() == 1);
  CHECK(pg::orphans(whole, day("2022-01-01")).size() == 1);
}

TEST_CASE("the edge JSON carries the scope only when the edge has one", "[partial_status]") {
  CorpusGraph g = graph(true);
  int scoped_edges = 0;
  for (std::size_t i = 0; i < g.edges().size(); ++i) {
    auto j = pg::edge_json(g, i);
    if (g.edges()[i].scope) {
      ++scoped_edges;
      CHECK(j.at("scope") == "第十条、第十二条");
    } else {
      CHECK_FALSE(j.contains("scope"));
    }
  }
  CHECK(scoped_edges == 1);
}

TEST_CASE("the stored graph keeps an edge's scope and decides 部分失效 as the graph does",
          "[partial_status][store]") {
  TempDir dir;
  auto store = pg::Store::open(dir.db());
  REQUIRE(store.ok());
  CorpusGraph g = graph(true);
  REQUIRE(pg::save_graph(*store, g, 0).ok());
  pg::StoredGraph sg(*store);
  auto whole = sg.whole();
  REQUIRE(whole.ok());
  REQUIRE(whole->edges().size() == g.edges().size());
  for (std::size_t i = 0; i < g.edges().size(); ++i) {
    CHECK(whole->edges()[i].scope == g.edges()[i].scope);
  }
  std::size_t n = idx(*whole, "甲政发〔2015〕3号");
  for (const char* iso : {"2020-05-31", "2020-06-01", "2021-12-31", "2022-01-01"}) {
    CAPTURE(iso);
    auto mine = g.status(idx(g, "甲政发〔2015〕3号"), day(iso));
    auto stored = whole->status(n, day(iso));
    CHECK(stored.kind == mine.kind);
    CHECK(stored.detail == mine.detail);
    auto kinds = sg.all_status_kinds(day(iso));
    REQUIRE(kinds.ok());
    auto nos = sg.nodes_with_ids({"甲政发〔2015〕3号"});
    REQUIRE(nos.ok());
    REQUIRE(nos->size() == 1);
    CHECK((*kinds)[static_cast<std::size_t>(nos->front())] == mine.kind);
  }
  auto edges = sg.status_edges();
  REQUIRE(edges.ok());
  // The kinds weighed from edges read before (the orphans list reads them
  // once for its walks and its rows): a partial repeal stays partial.
  for (const char* iso : {"2020-05-31", "2020-06-01", "2021-12-31", "2022-01-01"}) {
    CAPTURE(iso);
    auto kinds = sg.all_status_kinds(day(iso), *edges);
    REQUIRE(kinds.ok());
    auto nos = sg.nodes_with_ids({"甲政发〔2015〕3号"});
    REQUIRE(nos.ok());
    REQUIRE(nos->size() == 1);
    CHECK((*kinds)[static_cast<std::size_t>(nos->front())] ==
          g.status(idx(g, "甲政发〔2015〕3号"), day(iso)).kind);
  }
  int scoped_edges = 0;
  for (const auto& e : *edges) scoped_edges += e.scope == "第十条、第十二条";
  CHECK(scoped_edges == 1);
}
