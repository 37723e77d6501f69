// The query layer on the gold labels of the sample gazettes (tests/data/
// gazettes/*.json) and on small corpora rebuilt from them.
#include "graphs/answers/queries.h"

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
using pg::RelationType;
using pg::StatusKind;
using namespace pg::testing;

std::vector<std::string> ids(const CorpusGraph& g, const std::vector<std::size_t>& nodes) {
  std::vector<std::string> out;
  for (std::size_t n : nodes) out.push_back(g.nodes()[n].id);
  return out;
}

pg::Document doc(const char* no, const char* title, const char* signed_iso, int line) {
  pg::Document d;
  d.doc_no = no;
  d.title = title;
  d.signed_date = Date::parse_iso(signed_iso);
  d.printed_date = d.signed_date;
  d.line_start = line;
  d.line_end = line + 20;
  return d;
}

// tests/data/multi as extractions: a provincial 意见 of 2019 repeals
// 鲁政发〔2016〕26号, on which 济政发〔2017〕24号 is based; a district notice
// implements the 24号 measure, cited by title only.
const CorpusGraph& multi_graph() {
  static const CorpusGraph g = [] {
    const char* k26 =
        "山东省人民政府关于贯彻国发〔2016〕14号文件进一步健全特困人员救助供养制度的实施意见";
    Extraction jinan;
    jinan.source = "2017_jinan_24.txt";
    auto d24 = doc("济政发〔2017〕24号", "济南市人民政府关于印发济南市特困人员救助供养办法的通知",
                   "2017-11-20", 1);
    d24.promulgated_titles = {"济南市特困人员救助供养办法"};
    d24.effective = {pg::Effective::Kind::kDate, day("2017-12-20")};
    d24.expires = day("2022-12-19");
    jinan.documents.push_back(d24);
    jinan.edges.push_back(edge("济政发〔2017〕24号", "鲁政发〔2016〕26号", k26,
                               RelationType::kBasedOn, 22,
                               "根据《山东省人民政府关于贯彻国发〔2016〕14号文件…》"));

    Extraction shandong;
    shandong.source = "2019_shandong_25.txt";
    auto d25 = doc("鲁政发〔2019〕25号", "山东省人民政府关于进一步健全特困人员救助供养制度的意见",
                   "2019-12-01", 1);
    d25.effective = {pg::Effective::Kind::kDate, day("2020-01-01")};
    shandong.documents.push_back(d25);
    shandong.edges.push_back(edge("鲁政发〔2019〕25号", "鲁政发〔2016〕26号", k26,
                                  RelationType::kRepeals, 14, "（鲁政发〔2016〕26号）同时废止"));

    Extraction jiyang;
    jiyang.source = "2018_jiyang_6.txt";
    auto d6 = doc("济阳政发〔2018〕6号", "济南市济阳区人民政府关于做好特困人员救助供养工作的通知",
                  "2018-03-15", 1);
    d6.effective.kind = pg::Effective::Kind::kOnIssue;
    jiyang.documents.push_back(d6);
    jiyang.edges.push_back(edge("济阳政发〔2018〕6号", nullptr, "济南市特困人员救助供养办法",
                                RelationType::kImplements, 8,
                                "为贯彻落实《济南市特困人员救助供养办法》"));
    return CorpusGraph::build({jinan, shandong, jiyang}, agency_rules());
  }();
  return g;
}

}  // namespace

// -------------------------------------------------------------- window ----

TEST_CASE("windows are a count and a unit: days, months or years", "[queries][window]") {
  auto [text, amount, unit] = GENERATE(table<std::string, int, pg::Window::Unit>({
      {"6m", 6, pg::Window::Unit::kMonths},
      {"90d", 90, pg::Window::Unit::kDays},
      {"1y", 1, pg::Window::Unit::kYears},
      {"12M", 12, pg::Window::Unit::kMonths},
  }));
  INFO(text);
  auto w = pg::parse_window(text);
  REQUIRE(w);
  CHECK(w->amount == amount);
  CHECK(w->unit == unit);
}

TEST_CASE("text that is not a window is refused", "[queries][window]") {
  for (const char* bad : {"", "6", "m", "0m", "-3d", "6 months", "6w", "1234567d"}) {
    INFO(bad);
    CHECK_FALSE(pg::parse_window(bad));
  }
}

TEST_CASE("a window of months ends on the same day, clamped to the month's end",
          "[queries][window]") {
  CHECK(pg::parse_window("6m")->end_from(day("2019-07-01")) == day("2020-01-01"));
  CHECK(pg::parse_window("6m")->end_from(day("2019-08-31")) == day("2020-02-29"));
  CHECK(pg::parse_window("90d")->end_from(day("2019-12-01")) == day("2020-02-29"));
  CHECK(pg::parse_window("1y")->end_from(day("2020-02-29")) == day("2021-02-28"));
  CHECK(pg::parse_window("6m")->to_string() == "6m");
}

// -------------------------------------------------------------- lookup ----

TEST_CASE("lookup takes a number in any variant, a title, or a fragment", "[queries][lookup]") {
  const auto& g = gazette_graph();
  CHECK(ids(g, pg::lookup(g, "济政发[2019]17号").nodes) ==
        std::vector<std::string>{"济政发〔2019〕17号"});
  CHECK(ids(g, pg::lookup(g, "济南市特困人员救助供养办法").nodes) ==
        std::vector<std::string>{"济政发〔2017〕24号"});
  auto several = ids(g, pg::lookup(g, "住房租赁").nodes);
  CHECK(several.size() >= 2);
  CHECK(std::is_sorted(several.begin(), several.end()));
  CHECK(pg::lookup(g, "不存在的办法").nodes.empty());
}

// ---------------------------------------------------------------- card ----

TEST_CASE("a card holds the status and the references both ways", "[queries][card]") {
  const auto& g = gazette_graph();
  auto c = pg::card(g, idx(g, "济政发〔2019〕2号"), day("2020-03-01"));
  CHECK(c.status.kind == StatusKind::kRepealed);
  CHECK(c.references.empty());
  REQUIRE(c.referenced_by.size() == 1);
  CHECK(g.nodes()[c.referenced_by[0].other].id == "济政发〔2019〕17号");
  CHECK(g.edges()[c.referenced_by[0].edge].type == RelationType::kRepeals);
}

TEST_CASE("cites and cited-by filter by relation type", "[queries][cites]") {
  const auto& g = gazette_graph();
  std::size_t n24 = idx(g, "济政发〔2017〕24号");
  auto all = pg::cites(g, n24);
  auto basis = pg::cites(g, n24, {RelationType::kBasedOn});
  REQUIRE(basis.size() == 1);
  CHECK(g.nodes()[basis[0].other].id == "鲁政发〔2016〕26号");
  CHECK(all.size() >= basis.size());
  CHECK(pg::cites(g, n24, {RelationType::kRepeals}).empty());

  auto back = pg::cited_by(g, idx(g, "鲁政发〔2016〕26号"), {RelationType::kBasedOn});
  REQUIRE(back.size() == 1);
  CHECK(back[0].other == n24);
}

// ------------------------------------------------------------- repeals ----

TEST_CASE("济政发〔2019〕17号 repeals 济政发〔2019〕2号 from 2020-02-01", "[queries][repeals]") {
  const auto& g = gazette_graph();
  auto targets = pg::repeals(g, idx(g, "济政发〔2019〕17号"), day("2020-03-01"));
  REQUIRE(targets.size() == 1);
  CHECK(g.nodes()[targets[0].ref.other].id == "济政发〔2019〕2号");
  CHECK(targets[0].status.kind == StatusKind::kRepealed);
  CHECK(*targets[0].status.since == day("2020-02-01"));
  CHECK(targets[0].cascade.empty());  // nothing in the sample rests on 2号
}

TEST_CASE("the repeal cascade lists in-force documents resting on the repealed text",
          "[queries][repeals]") {
  const auto& g = multi_graph();
  auto targets = pg::repeals(g, idx(g, "鲁政发〔2019〕25号"), day("2020-06-01"));
  REQUIRE(targets.size() == 1);
  CHECK(g.nodes()[targets[0].ref.other].id == "鲁政发〔2016〕26号");
  const auto& cascade = targets[0].cascade;
  REQUIRE(cascade.size() == 2);
  CHECK(g.nodes()[cascade[0].node].id == "济政发〔2017〕24号");
  CHECK(g.nodes()[cascade[1].node].id == "济阳政发〔2018〕6号");
  // The district notice rests on it through the 24号 measure.
  CHECK(ids(g, cascade[1].path) == std::vector<std::string>{"济阳政发〔2018〕6号",
                                                            "济政发〔2017〕24号",
                                                            "鲁政发〔2016〕26号"});
  REQUIRE(cascade[1].edges.size() == 2);
  CHECK(g.edges()[cascade[1].edges[0]].type == RelationType::kImplements);
  CHECK(g.edges()[cascade[1].edges[1]].type == RelationType::kBasedOn);
}

// ---------------------------------------------------------- superseded ----

TEST_CASE("superseded lists repealed and expired documents, filtered by issuer",
          "[queries][superseded]") {
  const auto& g = gazette_graph();
  auto rows = pg::superseded(g, day("2020-03-01"));
  std::vector<std::string> got;
  for (const auto& r : rows) got.push_back(g.nodes()[r.node].id);
  CHECK(std::is_sorted(got.begin(), got.end()));
  for (const char* id : {"济政发〔2019〕2号", "济政办字〔2018〕89号", "济政办发〔2017〕54号"}) {
    INFO(id);
    CHECK(std::find(got.begin(), got.end(), id) != got.end());
  }
  for (const auto& r : rows) CHECK(pg::fallen(r.status.kind));

  auto office = pg::superseded(g, day("2020-03-01"), "办公厅");
  REQUIRE_FALSE(office.empty());
  for (const auto& r : office) {
    CHECK(g.nodes()[r.node].issuer == "济南市人民政府办公厅");
  }
  // Before anything fell away.
  CHECK(pg::superseded(g, day("2018-06-01")).empty());
}

// ------------------------------------------------------------- orphans ----

TEST_CASE("an in-force document whose basis was repealed is an orphan", "[queries][orphans]") {
  const auto& g = multi_graph();
  auto rows = pg::orphans(g, day("2020-06-01"));
  REQUIRE(rows.size() == 2);
  CHECK(g.nodes()[rows[0].node].id == "济政发〔2017〕24号");
  CHECK(g.nodes()[rows[0].basis].id == "鲁政发〔2016〕26号");
  CHECK(rows[0].basis_status.kind == StatusKind::kRepealed);
  CHECK(rows[0].basis_status.by == "鲁政发〔2019〕25号");
  CHECK(*rows[0].fell_away == day("2020-01-01"));
  CHECK(rows[0].path.size() == 2);

  CHECK(g.nodes()[rows[1].node].id == "济阳政发〔2018〕6号");
  CHECK(g.nodes()[rows[1].basis].id == "鲁政发〔2016〕26号");
  CHECK(rows[1].path.size() == 3);

  // The day before the repeal takes effect there is no orphan.
  CHECK(pg::orphans(g, day("2019-12-31")).empty());
}

TEST_CASE("only the nearest fallen basis is reported", "[queries][orphans]") {
  const auto& g = multi_graph();
  // On 2023-01-01 the 24号 measure has expired (有效期 to 2022-12-19): the
  // district notice has lost its direct basis; 24号 itself is no orphan.
  auto rows = pg::orphans(g, day("2023-01-01"));
  REQUIRE(rows.size() == 1);
  CHECK(g.nodes()[rows[0].node].id == "济阳政发〔2018〕6号");
  CHECK(g.nodes()[rows[0].basis].id == "济政发〔2017〕24号");
  CHECK(rows[0].basis_status.kind == StatusKind::kExpired);
  CHECK(*rows[0].fell_away == day("2022-12-20"));
}

// --------------------------------------------------------------- walks ----

TEST_CASE("the chain of 济政发〔2017〕24号 reaches 国发〔2016〕14号 through 鲁政发〔2016〕26号",
          "[queries][chain]") {
  const auto& g = gazette_graph();
  auto c = pg::chain(g, idx(g, "济政发〔2017〕24号"), day("2020-03-01"));
  REQUIRE(c.rows.size() == 2);
  CHECK(g.nodes()[c.rows[0].node].id == "鲁政发〔2016〕26号");
  CHECK(c.rows[0].depth == 1);
  CHECK(g.nodes()[c.rows[1].node].id == "国发〔2016〕14号");
  CHECK(c.rows[1].depth == 2);
  CHECK(ids(g, c.rows[1].path) ==
        std::vector<std::string>{"济政发〔2017〕24号", "鲁政发〔2016〕26号", "国发〔2016〕14号"});
  CHECK(c.reaches_national);

  auto none = pg::chain(g, idx(g, "济政发〔2019〕2号"), day("2020-03-01"));
  CHECK(none.rows.empty());
  CHECK_FALSE(none.reaches_national);
}

TEST_CASE("impact groups dependents by administrative level", "[queries][impact]") {
  const auto& g = gazette_graph();
  auto im = pg::impact(g, idx(g, "国发〔2016〕14号"), day("2020-03-01"));
  CHECK(im.total == 2);
  REQUIRE(im.groups.size() == 2);
  CHECK(im.groups[0].level == pg::Level::kProvincial);
  REQUIRE(im.groups[0].rows.size() == 1);
  CHECK(g.nodes()[im.groups[0].rows[0].node].id == "鲁政发〔2016〕26号");
  CHECK(im.groups[1].level == pg::Level::kMunicipal);
  REQUIRE(im.groups[1].rows.size() == 1);
  CHECK(g.nodes()[im.groups[1].rows[0].node].id == "济政发〔2017〕24号");
  CHECK(im.groups[1].rows[0].depth == 2);
  CHECK(im.groups[1].rows[0].status.kind == StatusKind::kInForce);
}

TEST_CASE("a window of impact is the same rows of the whole answer with its totals",
          "[queries][impact]") {
  const auto& g = gazette_graph();
  const std::size_t hub = idx(g, "国发〔2016〕14号");
  const pg::Impact whole = pg::impact(g, hub, day("2020-03-01"));
  for (std::size_t offset = 0; offset <= 3; ++offset) {
    for (std::size_t limit = 1; limit <= 3; ++limit) {
      INFO("offset " << offset << " limit " << limit);
      const pg::Impact part = pg::impact(g, hub, day("2020-03-01"), offset, limit);
      CHECK(part.total == whole.total);
      REQUIRE(part.groups.size() == whole.groups.size());
      std::vector<const pg::WalkRow*> all, kept;
      for (std::size_t i = 0; i < whole.groups.size(); ++i) {
        CHECK(part.groups[i].level == whole.groups[i].level);
        CHECK(part.groups[i].total == whole.groups[i].rows.size());
        for (const auto& r : whole.groups[i].rows) all.push_back(&r);
        for (const auto& r : part.groups[i].rows) kept.push_back(&r);
      }
      const std::size_t from = std::min(offset, all.size());
      const std::size_t count = std::min(limit, all.size() - from);
      REQUIRE(kept.size() == count);
      for (std::size_t k = 0; k < count; ++k) {
        const pg::WalkRow& a = *all[from + k];
        const pg::WalkRow& b = *kept[k];
        CHECK(a.node == b.node);
        CHECK(a.depth == b.depth);
        CHECK(a.via_edge == b.via_edge);
        CHECK(a.status.kind == b.status.kind);
        CHECK(a.path == b.path);
        CHECK(a.edges == b.edges);
      }
    }
  }
}

// ------------------------------------------------------------ expiring ----

TEST_CASE("expiring finds 有效期 ending within the window", "[queries][expiring]") {
  const auto& g = gazette_graph();
  auto rows = pg::expiring(g, day("2019-07-01"), *pg::parse_window("6m"));
  std::vector<std::pair<std::string, long>> got;
  for (const auto& r : rows) got.emplace_back(g.nodes()[r.node].id, r.days_left);
  CHECK(got == std::vector<std::pair<std::string, long>>{{"济政办发〔2017〕26号", 18},
                                                         {"济政办发〔2017〕54号", 171},
                                                         {"济政办发〔2017〕55号", 141}});
  for (const auto& r : rows) CHECK(r.status.kind == StatusKind::kInForce);
  CHECK(rows[1].evidence.quote == "有效期至2019年12月19日");

  // 54号's last day counts; the day after it is no longer in force.
  auto last_day = pg::expiring(g, day("2019-12-19"), *pg::parse_window("1d"));
  bool has54 = std::any_of(last_day.begin(), last_day.end(), [&](const pg::ExpiringRow& r) {
    return g.nodes()[r.node].id == "济政办发〔2017〕54号" && r.days_left == 0;
  });
  CHECK(has54);
  CHECK(pg::expiring(g, day("2019-12-20"), *pg::parse_window("30d")).empty());
}

// ---------------------------------------------------------- unresolved ----

TEST_CASE("unresolved groups references to instruments outside the corpus",
          "[queries][unresolved]") {
  const auto& g = gazette_graph();
  auto groups = pg::unresolved(g);
  REQUIRE_FALSE(groups.empty());
  std::vector<std::size_t> targets;
  for (const auto& u : groups) {
    CHECK(g.nodes()[u.target].external);
    CHECK_FALSE(u.references.empty());
    targets.push_back(u.target);
  }
  // Most referenced first; ties by id.
  for (std::size_t i = 1; i < groups.size(); ++i) {
    const auto& a = groups[i - 1];
    const auto& b = groups[i];
    CHECK((a.references.size() > b.references.size() ||
           (a.references.size() == b.references.size() && a.target < b.target)));
  }
  auto law = std::find_if(groups.begin(), groups.end(), [&](const pg::UnresolvedGroup& u) {
    return g.nodes()[u.target].id == "title:中华人民共和国特种设备安全法";
  });
  REQUIRE(law != groups.end());
  CHECK(law->references.size() == 2);
  CHECK(law->citing_documents == 1);
  // A document published in the corpus is never unresolved.
  for (const auto& u : groups) CHECK(g.nodes()[u.target].id != "济政发〔2017〕24号");
}
