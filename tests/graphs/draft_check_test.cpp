// The draft pre-check on the sample gazettes (gold labels of tests/data/
// gazettes/*.json) with drafts made from real excerpts (tests/data/drafts/,
// read by the analyzer as the CLI reads them) and small hand-made drafts.
#include "graphs/answers/draft_check.h"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/model/json_io.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::Date;
using pg::DraftFindingKind;
using pg::DraftReport;
using pg::Extraction;
using pg::RelationType;
using pg::StatusKind;
using namespace pg::testing;

// A draft fixture read by the analyzer.
Extraction draft(const std::string& name) {
  auto source = pg::read_source(TEST_DATA_DIR "/drafts/" + name);
  REQUIRE(source.ok());
  pg::CollectingSink sink;
  return pg::extract(*source, sink);
}

std::vector<DraftFindingKind> kinds(const DraftReport& r) {
  std::vector<DraftFindingKind> out;
  for (const auto& f : r.findings) out.push_back(f.kind);
  return out;
}

std::string id(const CorpusGraph& g, std::size_t node) { return g.nodes()[node].id; }

// A hand-made draft: one document and its references.
Extraction hand_draft(std::optional<std::string> number, std::vector<pg::Edge> edges) {
  Extraction e;
  e.source = "draft.txt";
  pg::Document d;
  d.doc_no = number;
  d.title = "济南市人民政府关于测试的通知";
  d.issuers = {"济南市人民政府"};
  d.line_start = 1;
  d.line_end = 20;
  e.documents.push_back(d);
  for (pg::Edge& edge : edges) edge.from = d.key();
  e.edges = std::move(edges);
  return e;
}

pg::Edge ref(RelationType type, std::optional<std::string> no, std::optional<std::string> title,
             int line = 7) {
  pg::Edge e;
  e.type = type;
  e.to_doc_no = std::move(no);
  e.to_title = std::move(title);
  e.line = line;
  e.evidence = "quote at line " + std::to_string(line);
  return e;
}

}  // namespace

TEST_CASE("finding kinds have one name each that parses back", "[draft_check]") {
  for (auto k : {DraftFindingKind::kCitesRepealed, DraftFindingKind::kCitesExpired,
                 DraftFindingKind::kCitesUnknown, DraftFindingKind::kUnresolved,
                 DraftFindingKind::kRepealCascade, DraftFindingKind::kNumberCollision}) {
    CHECK(pg::parse_draft_finding_kind(pg::to_string(k)) == k);
  }
  CHECK(pg::to_string(DraftFindingKind::kRepealCascade) == "repeal_cascade");
  CHECK_FALSE(pg::parse_draft_finding_kind("repealed").has_value());
}

TEST_CASE("a draft resting on 济政发〔2019〕17号 in force is clean", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  DraftReport r = pg::check_draft(g, draft("clean.txt"), day("2020-03-01"));
  CHECK(r.clean());
  CHECK(r.documents == std::vector<std::string>{"济政发〔2020〕3号"});
  REQUIRE(r.references.size() == 1);
  const auto& ref = r.references[0];
  CHECK(ref.edge.type == RelationType::kBasedOn);
  REQUIRE(ref.node.has_value());
  CHECK(id(g, *ref.node) == "济政发〔2019〕17号");
  REQUIRE(ref.status.has_value());
  CHECK(ref.status->kind == StatusKind::kInForce);
  CHECK(ref.evidence.line == 7);
  CHECK(ref.evidence.quote.find("济政发〔2019〕17号") != std::string::npos);
}

TEST_CASE("the same clean draft checked before 17号 takes effect is still clean", "[draft_check]") {
  // 尚未生效 is not a finding: the draft may cite what is about to apply.
  DraftReport r = pg::check_draft(gazette_graph(), draft("clean.txt"), day("2020-01-15"));
  CHECK(r.clean());
  REQUIRE(r.references.size() == 1);
  CHECK(r.references[0].status->kind == StatusKind::kNotYetEffective);
}

TEST_CASE("a draft citing 济政发〔2019〕2号 after its repeal is a cites_repealed finding",
          "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  DraftReport r = pg::check_draft(g, draft("cites_repealed.txt"), day("2020-03-01"));
  REQUIRE(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kCitesRepealed});
  const auto& f = r.findings[0];
  CHECK(f.subject == "济政发〔2019〕2号");
  CHECK(f.message.find("已废止 by 济政发〔2019〕17号 from 2020-02-01") != std::string::npos);
  CHECK(f.evidence.line == 7);
  CHECK(f.evidence.file.find("cites_repealed.txt") != std::string::npos);
  REQUIRE(f.reference.has_value());
  CHECK(r.references[*f.reference].status->by == "济政发〔2019〕17号");
}

TEST_CASE("the day before the repeal takes effect 济政发〔2019〕2号 is only of unknown status",
          "[draft_check]") {
  // The corpus prints only its citation, so until 17号 repeals it nothing is
  // known of its force.
  DraftReport r = pg::check_draft(gazette_graph(), draft("cites_repealed.txt"), day("2020-01-31"));
  REQUIRE(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kCitesUnknown});
  CHECK(r.findings[0].message.find("status 未知") != std::string::npos);
}

TEST_CASE("repealing 济政办字〔2018〕65号 orphans 济政办字〔2019〕63号", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  DraftReport r = pg::check_draft(g, draft("repeals_basis.txt"), day("2020-03-01"));
  // The target is only cited in the corpus (status 未知): repealing it is no
  // cites_unknown finding, only the cascade is.
  REQUIRE(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kRepealCascade});
  REQUIRE(r.references.size() == 1);
  const auto& ref = r.references[0];
  CHECK(ref.edge.type == RelationType::kRepeals);
  CHECK(id(g, *ref.node) == "济政办字〔2018〕65号");
  REQUIRE(ref.cascade.size() == 1);
  CHECK(id(g, ref.cascade[0].node) == "济政办字〔2019〕63号");
  CHECK(ref.cascade[0].status.kind == StatusKind::kInForce);
  REQUIRE(ref.cascade[0].path.size() == 2);
  CHECK(id(g, ref.cascade[0].path.front()) == "济政办字〔2019〕63号");
  CHECK(id(g, ref.cascade[0].path.back()) == "济政办字〔2018〕65号");
  REQUIRE(ref.cascade[0].edges.size() == 1);
  CHECK(g.edges()[ref.cascade[0].edges[0]].type == RelationType::kBasedOn);
  CHECK(r.findings[0].message.find("济政办字〔2019〕63号") != std::string::npos);
  CHECK(r.findings[0].evidence.line == 13);
}

TEST_CASE("a number in use and a law only cited and a title of nothing are three findings",
          "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  DraftReport r = pg::check_draft(g, draft("collision.txt"), day("2020-03-01"));
  REQUIRE(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kNumberCollision,
                                                    DraftFindingKind::kCitesUnknown,
                                                    DraftFindingKind::kUnresolved});
  CHECK(r.findings[0].subject == "济政办字〔2019〕63号");
  CHECK(id(g, *r.findings[0].node) == "济政办字〔2019〕63号");
  CHECK(r.findings[0].evidence.line == 3);
  CHECK(r.findings[1].subject == "《中华人民共和国大气污染防治法》");
  CHECK(r.findings[2].subject == "《济南市建设工程施工扬尘污染防治管理办法》");
  CHECK_FALSE(r.findings[2].node.has_value());
  CHECK_FALSE(r.references[1].node.has_value());
}

TEST_CASE("an expired instrument cited is a cites_expired finding", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  // 济政办发〔2017〕54号: 有效期至2019年12月19日.
  Extraction d =
      hand_draft(std::nullopt, {ref(RelationType::kCites, "济政办发〔2017〕54号", std::nullopt)});
  DraftReport r = pg::check_draft(g, d, day("2020-03-01"));
  REQUIRE(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kCitesExpired});
  CHECK(r.findings[0].message.find("2019-12-20") != std::string::npos);
  CHECK(r.findings[0].evidence.file == "draft.txt");
  CHECK(pg::check_draft(g, d, day("2019-12-19")).clean());
}

TEST_CASE("a reference by title alone resolves through the corpus titles", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  Extraction d = hand_draft("济政发〔2020〕9号",
                            {ref(RelationType::kCites, std::nullopt,
                                 "济南市人民政府关于划定非道路移动机械低排放控制区的通告")});
  DraftReport r = pg::check_draft(g, d, day("2020-03-01"));
  REQUIRE(r.references.size() == 1);
  REQUIRE(r.references[0].node.has_value());
  CHECK(id(g, *r.references[0].node) == "济政发〔2019〕2号");
  CHECK(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kCitesRepealed});
}

TEST_CASE("a misprinted number with a known title resolves by the title", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  Extraction d = hand_draft(
      std::nullopt, {ref(RelationType::kBasedOn, "济政发〔2019〕71号",
                         "济南市人民政府关于划定非道路移动机械高排放禁用区和低排放控制区的通告")});
  DraftReport r = pg::check_draft(g, d, day("2020-03-01"));
  CHECK(r.clean());
  CHECK(id(g, *r.references[0].node) == "济政发〔2019〕17号");
}

TEST_CASE("references of the draft to itself and derived edges are left out", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  Extraction d = hand_draft("济政发〔2020〕9号",
                            {ref(RelationType::kCites, "济政发〔2020〕9号", std::nullopt)});
  pg::Edge derived = ref(RelationType::kImplements, "国发〔2099〕1号", std::nullopt);
  derived.from = "鲁政发〔2016〕26号";
  derived.derived = true;
  d.edges.push_back(derived);
  DraftReport r = pg::check_draft(g, d, day("2020-03-01"));
  CHECK(r.references.empty());
  CHECK(r.clean());
}

TEST_CASE("a dependent the draft repeals as well is not in the cascade", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  Extraction d =
      hand_draft("济政办字〔2020〕9号",
                 {ref(RelationType::kRepeals, "济政办字〔2018〕65号", std::nullopt, 10),
                  ref(RelationType::kRepeals, "济政办字〔2019〕63号", std::nullopt, 11)});
  DraftReport r = pg::check_draft(g, d, day("2020-03-01"));
  REQUIRE(r.references.size() == 2);
  CHECK(r.references[0].cascade.empty());
  CHECK(r.references[1].cascade.empty());
  CHECK(r.clean());
}

TEST_CASE("repealing what is already repealed is a finding while amending leaves no cascade",
          "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  Extraction d = hand_draft(std::nullopt,
                            {ref(RelationType::kRepeals, "济政发〔2019〕2号", std::nullopt, 10),
                             ref(RelationType::kAmends, "济政办字〔2018〕65号", std::nullopt, 11)});
  DraftReport r = pg::check_draft(g, d, day("2020-03-01"));
  CHECK(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kCitesRepealed});
  REQUIRE(r.references.size() == 2);
  CHECK(r.references[1].edge.type == RelationType::kAmends);
  CHECK(r.references[1].cascade.empty());
}

TEST_CASE("a draft number only cited in the corpus still collides", "[draft_check]") {
  const CorpusGraph& g = gazette_graph();
  DraftReport r = pg::check_draft(g, hand_draft("济政办字〔2018〕65号", {}), day("2020-03-01"));
  REQUIRE(kinds(r) == std::vector<DraftFindingKind>{DraftFindingKind::kNumberCollision});
  CHECK(r.findings[0].message.find("cited 1 time(s)") != std::string::npos);
  CHECK(r.findings[0].evidence.file == "draft.txt");
  CHECK(r.findings[0].evidence.line == 1);
}
