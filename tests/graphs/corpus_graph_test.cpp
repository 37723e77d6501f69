#include "graphs/graph/corpus_graph.h"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/model/json_io.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::Date;
using pg::Extraction;
using pg::FindingKind;
using pg::Level;
using pg::Node;
using pg::RelationType;
using pg::StatusKind;
using namespace pg::testing;

bool has_finding(const CorpusGraph& g, FindingKind kind, const std::string& subject) {
  for (const auto& f : g.findings()) {
    if (f.kind == kind && f.subject == subject) return true;
  }
  return false;
}

// Small hand-made extractions for the resolution rules.
pg::Document doc(const char* no, const char* title, const char* signed_iso, int line = 1) {
  pg::Document d;
  if (no) d.doc_no = no;
  d.title = title;
  d.signed_date = Date::parse_iso(signed_iso);
  d.printed_date = d.signed_date;
  d.line_start = line;
  d.line_end = line + 10;
  return d;
}

}  // namespace

// ------------------------------------------------------------- helpers ----

TEST_CASE("titles fold over whitespace, quotes, brackets and dashes", "[corpus_graph]") {
  auto [a, b] = GENERATE(table<std::string, std::string>({
      {"济南市社会救助工作责任追究办法（试行）", "济南市社会救助工作 责任追究办法(试行)"},
      {"济南市“企业上云”行动计划(2017-2019年)", "济南市\"企业上云\"行动计划（2017－2019年）"},
      {"〈中国制造2025〉济南行动计划", "《中国制造2025》济南行动计划"},
      {"知识产权运营服务体系建设实施方案（2019—2021年）",
       "知识产权运营服务体系建设实施方案(2019-2021年)"},
  }));
  CHECK(pg::fold_title(a) == pg::fold_title(b));
  CHECK(pg::fold_title("济南市足球改革发展实施方案") != pg::fold_title("济南市足球改革发展规划"));
}

TEST_CASE("an issuing notice title gives the measure it issues", "[corpus_graph]") {
  auto [title, measure] = GENERATE(table<std::string, std::string>({
      {"济南市人民政府关于印发济南市特困人员救助供养办法的通知", "济南市特困人员救助供养办法"},
      {"中共济南市委办公厅济南市人民政府办公厅关于印发《济南市行业协会商会与行政机关脱钩实施方案》的通知",
       "济南市行业协会商会与行政机关脱钩实施方案"},
      {"济南市人民政府印发关于深化市级预算管理改革的实施方案的通知",
       "关于深化市级预算管理改革的实施方案"},
  }));
  auto got = pg::strip_issue_wrapper(title);
  REQUIRE(got);
  CHECK(*got == measure);
  CHECK_FALSE(pg::strip_issue_wrapper("济南市人民政府关于加快推进品牌建设的实施意见"));
}

TEST_CASE("enum names round-trip", "[corpus_graph]") {
  for (auto l : {Level::kNational, Level::kProvincial, Level::kMunicipal, Level::kDistrict,
                 Level::kDepartment, Level::kUnknown}) {
    CHECK(pg::parse_level(pg::to_string(l)) == l);
  }
  CHECK(pg::to_string(StatusKind::kRepealed) == "已废止");
  CHECK(pg::ascii_name(StatusKind::kNotYetEffective) == "not_yet_effective");
  CHECK(pg::parse_status_kind("失效") == StatusKind::kExpired);
  CHECK(pg::parse_status_kind("in_force") == StatusKind::kInForce);
  CHECK_FALSE(pg::parse_status_kind("valid"));
  CHECK(pg::parse_finding_kind("title_conflict") == FindingKind::kTitleConflict);
}

TEST_CASE("the agency table parses and rejects an unknown level", "[corpus_graph]") {
  CHECK(agency_rules().size() > 50);
  auto bad = pg::parse_issuer_rules("# c\n国发\t国务院\tnational\n鲁政发\t山东省人民政府\tstate\n",
                                    "t.tsv");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("line 3") != std::string::npos);
}

// ------------------------------------------------- status on the gold ----

TEST_CASE("a repeal counts from the repealing document's effective date",
          "[corpus_graph][status]") {
  const auto& g = gazette_graph();
  std::size_t n = idx(g, "济政发〔2019〕2号");
  CHECK(g.nodes()[n].external);

  auto st = g.status(n, day("2020-03-01"));
  CHECK(st.kind == StatusKind::kRepealed);
  REQUIRE(st.since);
  CHECK(*st.since == day("2020-02-01"));  // 17号 施行 from 2020-02-01
  CHECK(st.by == "济政发〔2019〕17号");
  CHECK(st.evidence.document == "济政发〔2019〕17号");
  CHECK(st.evidence.evidence.line == 101);
  CHECK(st.evidence.evidence.quote.find("同时废止") != std::string::npos);

  // The day before 17号 takes effect, 2号 is only an external citation.
  CHECK(g.status(n, day("2020-01-31")).kind == StatusKind::kUnknown);
}

TEST_CASE("a repeal by a document in force on issue counts from its signing",
          "[corpus_graph][status]") {
  const auto& g = gazette_graph();
  std::size_t n = idx(g, "济政办字〔2018〕89号");
  auto st = g.status(n, day("2020-01-01"));
  CHECK(st.kind == StatusKind::kRepealed);
  CHECK(st.by == "济政办字〔2019〕67号");
  REQUIRE(st.since);
  CHECK(*st.since == day("2019-12-30"));
  CHECK(g.status(n, day("2019-12-29")).kind == StatusKind::kUnknown);
}

TEST_CASE("a document expires the day after its 有效期", "[corpus_graph][status]") {
  const auto& g = gazette_graph();
  std::size_t n = idx(g, "济政办发〔2017〕54号");
  CHECK_FALSE(g.nodes()[n].external);

  auto expired = g.status(n, day("2020-01-01"));
  CHECK(expired.kind == StatusKind::kExpired);
  REQUIRE(expired.since);
  CHECK(*expired.since == day("2019-12-20"));
  CHECK(expired.evidence.evidence.quote == "有效期至2019年12月19日");

  CHECK(g.status(n, day("2019-12-19")).kind == StatusKind::kInForce);
  CHECK(g.status(n, day("2019-12-20")).kind == StatusKind::kExpired);

  auto in_force = g.status(n, day("2018-06-01"));
  CHECK(in_force.kind == StatusKind::kInForce);
  REQUIRE(in_force.since);
  CHECK(*in_force.since == day("2017-12-20"));

  // Signed 2017-11-20, 施行 from 2017-12-20.
  auto early = g.status(n, day("2017-12-01"));
  CHECK(early.kind == StatusKind::kNotYetEffective);
  CHECK(pg::to_string(early.kind) == "尚未生效");
  // It quotes what the in-force status quotes for its day (here the
  // heading: the 施行 clause kept no evidence of its own).
  CHECK_FALSE(early.evidence.evidence.quote.empty());
  CHECK(early.evidence.evidence.quote == in_force.evidence.evidence.quote);
  CHECK(early.evidence.evidence.line == in_force.evidence.evidence.line);
  CHECK(early.detail == "尚未生效: effective from 2017-12-20");
}

TEST_CASE("external instruments have status 未知", "[corpus_graph][status]") {
  const auto& g = gazette_graph();
  for (const char* id : {"国发〔2016〕14号", "鲁政发〔2016〕26号"}) {
    std::size_t n = idx(g, id);
    CHECK(g.nodes()[n].external);
    auto st = g.status(n, day("2020-06-01"));
    CHECK(st.kind == StatusKind::kUnknown);
    CHECK(pg::to_string(st.kind) == "未知");
  }
}

TEST_CASE("a document without a 施行 clause is in force from its signing",
          "[corpus_graph][status]") {
  const auto& g = gazette_graph();
  std::size_t n = idx(g, "济政发〔2019〕18号");  // signed 2019-12-27
  CHECK(g.status(n, day("2019-12-26")).kind == StatusKind::kNotYetEffective);
  auto st = g.status(n, day("2020-01-01"));
  CHECK(st.kind == StatusKind::kInForce);
  REQUIRE(st.since);
  CHECK(*st.since == day("2019-12-27"));
  CHECK(st.evidence.document == "济政发〔2019〕18号");
}

// --------------------------------------------------- graph on the gold ----

TEST_CASE("the basis chain of 济政发〔2017〕24号 reaches 国发〔2016〕14号",
          "[corpus_graph][walk]") {
  const auto& g = gazette_graph();
  std::size_t start = idx(g, "济政发〔2017〕24号");
  std::size_t mid = idx(g, "鲁政发〔2016〕26号");
  std::size_t top = idx(g, "国发〔2016〕14号");

  auto walk = g.chain_up(start);
  auto path = g.path_to(start, walk, top);
  CHECK(path == std::vector<std::size_t>{start, mid, top});

  auto reached =
      std::find_if(walk.begin(), walk.end(), [&](const pg::Reach& r) { return r.node == top; });
  REQUIRE(reached != walk.end());
  CHECK(reached->depth == 2);
  const auto& last = g.edges()[reached->via_edge];
  CHECK(last.from == mid);
  CHECK(last.type == RelationType::kImplements);
  CHECK(last.derived);

  const Node& n26 = g.nodes()[mid];
  CHECK(n26.external);
  CHECK(n26.title.find("关于贯彻国发〔2016〕14号文件") != std::string::npos);
  REQUIRE_FALSE(n26.mentions.empty());
  CHECK(n26.mentions.front().document == "济政发〔2017〕24号");

  // And the other way: what rests on 国发〔2016〕14号.
  auto down = g.impact_down(top);
  auto has = [&](std::size_t n) {
    return std::any_of(down.begin(), down.end(), [&](const pg::Reach& r) { return r.node == n; });
  };
  CHECK(has(mid));
  CHECK(has(start));
  CHECK_FALSE(has(idx(g, "济政发〔2019〕17号")));
}

TEST_CASE("issuer and level come from the 机关代字 table", "[corpus_graph]") {
  const auto& g = gazette_graph();
  auto [id, issuer, level] = GENERATE(table<const char*, const char*, Level>({
      {"国发〔2016〕14号", "国务院", Level::kNational},
      {"鲁政发〔2016〕26号", "山东省人民政府", Level::kProvincial},
      {"济政发〔2017〕24号", "济南市人民政府", Level::kMunicipal},
      {"济政办发〔2017〕54号", "济南市人民政府办公厅", Level::kMunicipal},
      {"鲁公通〔2016〕89号", "山东省公安厅", Level::kDepartment},
  }));
  const Node& n = g.nodes()[idx(g, id)];
  CHECK(n.issuer == issuer);
  CHECK(n.level == level);
}

TEST_CASE("nodes are sorted by id and edges by (from, to, type)", "[corpus_graph]") {
  const auto& g = gazette_graph();
  CHECK(std::is_sorted(g.nodes().begin(), g.nodes().end(),
                       [](const Node& a, const Node& b) { return a.id < b.id; }));
  CHECK(std::is_sorted(g.edges().begin(), g.edges().end(),
                       [](const pg::GraphEdge& a, const pg::GraphEdge& b) {
                         return std::tie(a.from, a.to, a.type) < std::tie(b.from, b.to, b.type);
                       }));
  // The same corpus in another order gives the same graph.
  auto corpus = gazette_corpus();
  std::reverse(corpus.begin(), corpus.end());
  auto again = CorpusGraph::build(corpus, agency_rules());
  REQUIRE(again.nodes().size() == g.nodes().size());
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    CHECK(again.nodes()[i].id == g.nodes()[i].id);
  }
  REQUIRE(again.edges().size() == g.edges().size());
  for (std::size_t i = 0; i < g.edges().size(); ++i) {
    CHECK(again.edges()[i].from == g.edges()[i].from);
    CHECK(again.edges()[i].to == g.edges()[i].to);
  }
}

TEST_CASE("one node per instrument: a title cited twice is one title node", "[corpus_graph]") {
  const auto& g = gazette_graph();
  // 中华人民共和国特种设备安全法 is cited by 26号 at lines 720 and 800.
  const Node* law = g.find("中华人民共和国特种设备安全法");
  REQUIRE(law != nullptr);
  CHECK(law->id == "title:中华人民共和国特种设备安全法");
  CHECK(law->external);
  CHECK(law->mentions.size() == 2);
  CHECK(g.status(*g.index_of(law->id), day("2020-01-01")).kind == StatusKind::kUnknown);
  // Every edge's ends exist and no document references itself.
  for (const auto& e : g.edges()) {
    CHECK(e.from != e.to);
    CHECK(e.to < g.nodes().size());
  }
}

TEST_CASE("find accepts numbers in typed forms and titles tolerantly", "[corpus_graph][find]") {
  const auto& g = gazette_graph();
  auto id_of = [&](const char* q) -> std::string {
    const Node* n = g.find(q);
    return n ? n->id : "";
  };
  CHECK(id_of("济政发〔2019〕2号") == "济政发〔2019〕2号");
  CHECK(id_of("济政发[2019]2号") == "济政发〔2019〕2号");
  CHECK(id_of("济政发（2019）17号") == "济政发〔2019〕17号");
  // A notice's title, and the measure it issues.
  CHECK(id_of("济南市人民政府关于印发济南市特困人员救助供养办法的通知") == "济政发〔2017〕24号");
  CHECK(id_of("济南市特困人员救助供养办法") == "济政发〔2017〕24号");
  CHECK(id_of("《济南市社会救助工作责任追究办法(试行)》") == "济政办发〔2017〕54号");
  // A title known only from a citation with its number.
  CHECK(id_of("济南市市区道路命名规则") == "济政办字〔2018〕65号");
  // The wrapper of a cited notice also resolves: 济南市社会化招商奖励办法.
  CHECK(id_of("济南市社会化招商奖励办法") == "济政办发〔2019〕15号");
  CHECK(id_of("济政发〔2099〕1号") == "");
  CHECK(id_of("不存在的办法") == "");

  auto hits = g.search("住房租赁");
  std::vector<std::string> ids;
  for (const Node* n : hits) ids.push_back(n->id);
  CHECK(std::find(ids.begin(), ids.end(), "济政办字〔2018〕89号") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "济政办字〔2019〕67号") != ids.end());
  CHECK(std::is_sorted(ids.begin(), ids.end()));
}

TEST_CASE(
    "a title issued by one notice and cited with another number is "
    "ambiguous",
    "[corpus_graph][findings]") {
  const auto& g = gazette_graph();
  // 济办发〔2017〕12号 印发《关于实行国家机关“谁执法谁普法”普法责任制的实施意见》,
  // the central 实施意见 it cites as 中办发〔2017〕31号.
  const pg::Finding* found = nullptr;
  for (const auto& f : g.findings()) {
    if (f.kind == FindingKind::kAmbiguousTitle &&
        f.message.find("中办发〔2017〕31号") != std::string::npos) {
      found = &f;
    }
  }
  REQUIRE(found != nullptr);
  CHECK(found->message.find("济办发〔2017〕12号") != std::string::npos);
  CHECK(found->evidence.size() == 2);
  // find() declines to guess.
  CHECK(g.find("关于实行国家机关“谁执法谁普法”普法责任制的实施意见") == nullptr);
}

TEST_CASE("the gold corpus has no title conflicts or impossible dates",
          "[corpus_graph][findings]") {
  const auto& g = gazette_graph();
  for (const auto& f : g.findings()) {
    INFO(f.message);
    CHECK(f.kind == FindingKind::kAmbiguousTitle);
  }
}

// ------------------------------------------------ resolution fixtures ----

TEST_CASE("a title-only citation resolves to the number printed elsewhere",
          "[corpus_graph][resolve]") {
  Extraction a;
  a.source = "a.txt";
  a.documents.push_back(doc("济政发〔2018〕1号", "济南市人民政府关于甲的通知", "2018-03-01"));
  a.edges.push_back(
      edge("济政发〔2018〕1号", nullptr,
           "山东省人民政府关于贯彻国发〔2016〕14号文件进一步健全特困人员救助供养制度的实施意见",
           RelationType::kImplements, 5, "贯彻落实《……》"));
  Extraction b;
  b.source = "b.txt";
  b.documents.push_back(doc("济政发〔2017〕24号",
                            "济南市人民政府关于印发济南市特困人员救助供养办法的通知",
                            "2017-11-20"));
  b.edges.push_back(
      edge("济政发〔2017〕24号", "鲁政发〔2016〕26号",
           "山东省人民政府关于贯彻国发〔2016〕14号文件进一步健全特困人员救助供养制度的实施意见",
           RelationType::kBasedOn, 21, "根据《……》（鲁政发〔2016〕26号）"));

  auto g = CorpusGraph::build({a, b}, agency_rules());
  std::size_t from = idx(g, "济政发〔2018〕1号");
  std::size_t target = idx(g, "鲁政发〔2016〕26号");
  auto out = g.out_edges(from);
  REQUIRE(out.size() == 1);
  CHECK(g.edges()[out[0]].to == target);
  CHECK(g.edges()[out[0]].evidence.file == "a.txt");
  CHECK(g.in_edges(target).size() == 2);
  CHECK(g.nodes()[target].mentions.size() == 2);
  // No title node was made for it.
  for (const auto& n : g.nodes()) CHECK(n.id.rfind("title:", 0) != 0);
}

TEST_CASE("a title-only citation of an issued measure resolves to the notice",
          "[corpus_graph][resolve]") {
  Extraction a;
  a.source = "a.txt";
  a.documents.push_back(
      doc("济政办发〔2018〕5号", "济南市人民政府办公厅关于乙的通知", "2018-05-01"));
  a.edges.push_back(edge("济政办发〔2018〕5号", nullptr, "济南市既有住宅增设电梯办法 (试行)",
                         RelationType::kCites, 9));
  Extraction b;
  b.source = "b.txt";
  auto d =
      doc("济政办发〔2017〕26号",
          "济南市人民政府办公厅关于印发济南市既有住宅增设电梯办法（试行）的通知", "2017-06-20");
  d.promulgated_titles.push_back("济南市既有住宅增设电梯办法（试行）");
  b.documents.push_back(d);

  auto g = CorpusGraph::build({a, b}, agency_rules());
  std::size_t from = idx(g, "济政办发〔2018〕5号");
  auto out = g.out_edges(from);
  REQUIRE(out.size() == 1);
  CHECK(g.nodes()[g.edges()[out[0]].to].id == "济政办发〔2017〕26号");
  CHECK(g.findings().empty());
}

TEST_CASE("one number printed with two different titles is a finding", "[corpus_graph][findings]") {
  Extraction a;
  a.source = "a.txt";
  a.documents.push_back(doc("济政发〔2018〕1号", "济南市人民政府关于甲的通知", "2018-03-01"));
  a.edges.push_back(edge("济政发〔2018〕1号", "鲁政发〔2017〕9号",
                         "山东省人民政府关于加快推进品牌建设的意见", RelationType::kBasedOn, 4));
  // Same instrument, issuer left out: not a conflict.
  a.edges.push_back(edge("济政发〔2018〕1号", "鲁政发〔2017〕9号", "关于加快推进品牌建设的意见",
                         RelationType::kCites, 8));
  Extraction b;
  b.source = "b.txt";
  b.documents.push_back(doc("济政发〔2018〕2号", "济南市人民政府关于丙的通知", "2018-04-01"));
  b.edges.push_back(edge("济政发〔2018〕2号", "鲁政发〔2017〕9号",
                         "山东省人民政府关于加强困境儿童保障工作的意见", RelationType::kCites, 12));

  auto g = CorpusGraph::build({a, b}, agency_rules());
  REQUIRE(g.findings().size() == 1);
  const auto& f = g.findings().front();
  CHECK(f.kind == FindingKind::kTitleConflict);
  CHECK(f.subject == "鲁政发〔2017〕9号");
  REQUIRE(f.evidence.size() == 2);
  CHECK(f.evidence[0].evidence.file == "a.txt");
  CHECK(f.evidence[0].evidence.line == 4);
  CHECK(f.evidence[1].evidence.file == "b.txt");
  CHECK(f.evidence[1].document == "济政发〔2018〕2号");
  // Still one node, carrying both titles.
  const Node* n = g.find("鲁政发〔2017〕9号");
  REQUIRE(n != nullptr);
  CHECK(n->external);
  CHECK(n->title == "关于加快推进品牌建设的意见");  // ties go to the least
  CHECK(n->aliases.size() == 2);
}

TEST_CASE("a header whose title differs from a citation's is a conflict",
          "[corpus_graph][findings]") {
  Extraction a;
  a.source = "a.txt";
  auto d = doc("济政发〔2017〕24号", "济南市人民政府关于印发济南市特困人员救助供养办法的通知",
               "2017-11-20");
  d.promulgated_titles.push_back("济南市特困人员救助供养办法");
  a.documents.push_back(d);
  a.documents.push_back(doc("济政发〔2018〕3号", "济南市人民政府关于丁的通知", "2018-02-01", 50));
  a.edges.push_back(edge("济政发〔2018〕3号", "济政发〔2017〕24号", "济南市特困人员救助供养办法",
                         RelationType::kCites, 60));
  auto ok = CorpusGraph::build({a}, agency_rules());
  CHECK_FALSE(has_finding(ok, FindingKind::kTitleConflict, "济政发〔2017〕24号"));

  a.edges.push_back(edge("济政发〔2018〕3号", "济政发〔2017〕24号", "济南市足球改革发展实施方案",
                         RelationType::kCites, 70));
  auto bad = CorpusGraph::build({a}, agency_rules());
  CHECK(has_finding(bad, FindingKind::kTitleConflict, "济政发〔2017〕24号"));
}

TEST_CASE("impossible dates are findings", "[corpus_graph][findings]") {
  Extraction a;
  a.source = "a.txt";
  a.documents.push_back(doc("济政发〔2018〕1号", "济南市人民政府关于甲的通知", "2018-03-01"));
  a.documents.push_back(doc("济政发〔2018〕7号", "济南市人民政府关于戊的通知", "2018-09-01", 40));
  // Cites a number of 2019 in 2018.
  a.edges.push_back(
      edge("济政发〔2018〕1号", "鲁政发〔2019〕3号", nullptr, RelationType::kCites, 6));
  // Repeals a document signed after it.
  a.edges.push_back(edge("济政发〔2018〕1号", "济政发〔2018〕7号", nullptr, RelationType::kRepeals,
                         8, "同时废止"));
  // Fine: cites an earlier number.
  a.edges.push_back(
      edge("济政发〔2018〕1号", "鲁政发〔2017〕3号", nullptr, RelationType::kCites, 7));
  auto g = CorpusGraph::build({a}, agency_rules());
  CHECK(has_finding(g, FindingKind::kCitedBeforeExists, "鲁政发〔2019〕3号"));
  CHECK(has_finding(g, FindingKind::kRepealsLaterDocument, "济政发〔2018〕7号"));
  CHECK_FALSE(has_finding(g, FindingKind::kCitedBeforeExists, "鲁政发〔2017〕3号"));
  CHECK_FALSE(has_finding(g, FindingKind::kCitedBeforeExists, "济政发〔2018〕7号"));
  CHECK(g.findings().size() == 2);
}

TEST_CASE("an agency missing from the table takes the issuer its header shows", "[corpus_graph]") {
  Extraction a;
  a.source = "a.txt";
  auto d = doc("济人社发〔2018〕3号", "济南市人力资源和社会保障局关于己的通知", "2018-03-01");
  d.issuers = {"济南市人力资源和社会保障局"};
  a.documents.push_back(d);
  a.documents.push_back(doc("济政发〔2018〕1号", "济南市人民政府关于甲的通知", "2018-03-01", 30));
  a.edges.push_back(
      edge("济政发〔2018〕1号", "济人社发〔2017〕12号", nullptr, RelationType::kCites, 33));
  a.edges.push_back(
      edge("济政发〔2018〕1号", "豫人社〔2017〕1号", nullptr, RelationType::kCites, 34));
  auto g = CorpusGraph::build({a}, agency_rules());
  const Node* cited = g.find("济人社发〔2017〕12号");
  REQUIRE(cited != nullptr);
  CHECK(cited->external);
  CHECK(cited->issuer == "济南市人力资源和社会保障局");
  CHECK(cited->level == Level::kDepartment);
  const Node* unknown = g.find("豫人社〔2017〕1号");
  REQUIRE(unknown != nullptr);
  CHECK(unknown->issuer.empty());
  CHECK(unknown->level == Level::kUnknown);
}

TEST_CASE("a document without a number takes the level its issuer names", "[corpus_graph]") {
  auto [issuer, level] = GENERATE(table<const char*, Level>({
      {"北京市人民代表大会常务委员会", Level::kProvincial},  // as 北京市人民政府
      {"济南市历城区人民政府", Level::kDistrict},
      {"山东省民政厅", Level::kDepartment},
      {"济南市人民政府", Level::kMunicipal},
      {"最高人民法院", Level::kNational},
  }));
  Extraction a;
  a.source = "a.txt";
  auto d = doc(nullptr, "关于某事的决定", "2018-03-01");
  d.issuers = {issuer};
  a.documents.push_back(d);
  auto g = CorpusGraph::build({a}, agency_rules());
  REQUIRE(g.nodes().size() == 1);
  CHECK(g.nodes()[0].id == "title:关于某事的决定");
  CHECK(g.nodes()[0].issuer == issuer);
  CHECK(g.nodes()[0].level == level);
}

TEST_CASE("amendment leaves a document in force, marked 已被修改", "[corpus_graph][status]") {
  Extraction a;
  a.source = "a.txt";
  auto old_doc = doc("济政发〔2016〕5号", "济南市人民政府关于庚的通知", "2016-02-01");
  old_doc.effective.kind = pg::Effective::Kind::kOnIssue;
  a.documents.push_back(old_doc);
  auto amender = doc("济政发〔2018〕1号", "济南市人民政府关于修改庚的决定", "2018-03-01", 40);
  amender.effective.kind = pg::Effective::Kind::kDate;
  amender.effective.date = day("2018-04-01");
  a.documents.push_back(amender);
  a.edges.push_back(edge("济政发〔2018〕1号", "济政发〔2016〕5号", nullptr, RelationType::kAmends,
                         42, "作如下修改"));
  auto g = CorpusGraph::build({a}, agency_rules());
  std::size_t n = idx(g, "济政发〔2016〕5号");
  CHECK(g.status(n, day("2018-03-31")).kind == StatusKind::kInForce);
  auto st = g.status(n, day("2018-04-01"));
  CHECK(st.kind == StatusKind::kAmended);
  CHECK(st.by == "济政发〔2018〕1号");
  CHECK(st.evidence.evidence.line == 42);
}

TEST_CASE("a decree's number is its identity like any document number", "[corpus_graph]") {
  pg::Extraction decree;
  decree.source = "0057.txt";
  decree.documents.push_back(doc("国令第706号", "专利代理条例", "2018-11-06"));
  pg::Extraction citing;
  citing.source = "citing.txt";
  citing.documents.push_back(
      doc("济政发〔2019〕30号", "济南市人民政府关于专利代理的通知", "2019-05-01"));
  citing.edges.push_back(
      edge("济政发〔2019〕30号", "国令第706号", "专利代理条例", RelationType::kBasedOn, 5));
  CorpusGraph g = CorpusGraph::build({decree, citing}, agency_rules());
  std::size_t n = idx(g, "国令第706号");
  CHECK(g.nodes()[n].doc_no.value_or("") == "国令第706号");
  CHECK_FALSE(g.nodes()[n].external);
  REQUIRE(g.in_edges(n).size() == 1);
  CHECK(pg::is_canonical_number("国令第706号"));
  CHECK(pg::is_canonical_number("国家税务总局公告2019年第13号"));
  CHECK_FALSE(pg::is_canonical_number("专利代理条例"));
}

TEST_CASE("a history note's dated decision is the decision the corpus publishes",
          "[corpus_graph][resolve][laws]") {
  // The law's history note names 《关于修改〈中华人民共和国甲法〉的决定》 of
  // 2019-08-26; the corpus also holds that decision under its full title,
  // adopted that day. Another decision of the same short title on another
  // day stays its own dated node.
  Extraction law;
  law.source = "law.txt";
  law.documents.push_back(doc(nullptr, "中华人民共和国甲法", "1986-06-25"));
  for (const char* iso : {"2019-08-26", "2004-08-28"}) {
    pg::Edge e;
    e.from = "关于修改〈中华人民共和国甲法〉的决定";
    e.to_title = "中华人民共和国甲法";
    e.type = RelationType::kAmends;
    e.line = 5;
    e.from_date = Date::parse_iso(iso);
    law.edges.push_back(e);
  }
  Extraction decision;
  decision.source = "decision.txt";
  decision.documents.push_back(
      doc(nullptr, "全国人民代表大会常务委员会关于修改〈中华人民共和国甲法〉的决定", "2019-08-26"));

  auto g = CorpusGraph::build({law, decision}, agency_rules());
  std::size_t published =
      idx(g, "title:全国人民代表大会常务委员会关于修改〈中华人民共和国甲法〉的决定");
  CHECK_FALSE(g.nodes()[published].external);
  std::size_t target = idx(g, "title:中华人民共和国甲法");
  auto out = g.out_edges(published);
  REQUIRE(out.size() == 1);
  CHECK(g.edges()[out[0]].to == target);
  CHECK(g.edges()[out[0]].type == RelationType::kAmends);
  // The 2004 decision is not in the corpus: a dated node of its own.
  std::size_t older = idx(g, "title:关于修改〈中华人民共和国甲法〉的决定（2004-08-28）");
  CHECK(g.nodes()[older].external);
  CHECK(g.in_edges(target).size() == 2);
}
