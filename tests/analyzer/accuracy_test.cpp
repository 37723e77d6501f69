// Accuracy of the whole extractor on the labelled sample corpus (tests/data):
// each TEST_CASE is one threshold. scripts/score -v shows the same numbers
// with every miss.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/model/json_io.h"
#include "graphs/model/model.h"
#include "scoring/scorer.h"

namespace {

using pg::scoring::FileScore;
using pg::scoring::SetScore;

constexpr double kDocumentF1 = 0.98;
constexpr double kUntypedEdgeF1 = 0.95;
constexpr double kTypedEdgeF1 = 0.90;
constexpr double kFieldAccuracy = 0.95;
constexpr int kNationalAllowedMisses = 2;
constexpr std::size_t kDetailLinesShown = 40;

// Each set is extracted once per test run.
const pg::Result<SetScore>& scored_set(const std::string& name) {
  static const pg::Result<SetScore> gazettes = pg::scoring::score_set(TEST_DATA_DIR, "gazettes");
  static const pg::Result<SetScore> judicial = pg::scoring::score_set(TEST_DATA_DIR, "judicial");
  return name == "gazettes" ? gazettes : judicial;
}

const SetScore& require_set(const std::string& name) {
  const auto& set = scored_set(name);
  INFO((set.ok() ? std::string() : set.error().to_string()));
  REQUIRE(set.ok());
  REQUIRE(!set->files.empty());
  return *set;
}

// The first lines of what went wrong, for a readable failure.
std::string details_of(const FileScore& s) {
  std::string out;
  for (std::size_t i = 0; i < s.details.size() && i < kDetailLinesShown; ++i) {
    out += s.details[i] + "\n";
  }
  if (s.details.size() > kDetailLinesShown) {
    out += "... " + std::to_string(s.details.size() - kDetailLinesShown) + " more\n";
  }
  return out;
}

std::string edges_of(const std::vector<pg::Edge>& edges) {
  std::string out;
  for (const auto& e : edges) {
    out += e.from + " -> " + (e.to_doc_no ? *e.to_doc_no : "") +
           (e.to_title ? "《" + *e.to_title + "》" : "") + " " +
           std::string(pg::to_string(e.type)) + " line " + std::to_string(e.line) + "\n";
  }
  return out;
}

// The summed score first, then each file.
std::vector<const FileScore*> sum_and_files(const SetScore& set) {
  std::vector<const FileScore*> out{&set.sum};
  for (const auto& f : set.files) out.push_back(&f);
  return out;
}

}  // namespace

TEST_CASE("gazette documents are found with F1 >= 0.98", "[accuracy]") {
  for (const FileScore* s : sum_and_files(require_set("gazettes"))) {
    CAPTURE(s->file, s->documents.true_pos, s->documents.false_pos, s->documents.false_neg);
    INFO(details_of(*s));
    CHECK(s->documents.f1() >= kDocumentF1);
  }
}

TEST_CASE("gazette references are found with untyped F1 >= 0.95", "[accuracy]") {
  for (const FileScore* s : sum_and_files(require_set("gazettes"))) {
    CAPTURE(s->file, s->untyped_edges.true_pos, s->untyped_edges.false_pos,
            s->untyped_edges.false_neg);
    INFO(details_of(*s));
    CHECK(s->untyped_edges.f1() >= kUntypedEdgeF1);
  }
}

TEST_CASE("gazette reference types are right with typed F1 >= 0.90", "[accuracy]") {
  for (const FileScore* s : sum_and_files(require_set("gazettes"))) {
    CAPTURE(s->file, s->typed_edges.true_pos, s->typed_edges.false_pos, s->typed_edges.false_neg);
    INFO(details_of(*s));
    CHECK(s->typed_edges.f1() >= kTypedEdgeF1);
  }
}

TEST_CASE("gazette document fields are at least 95% right", "[accuracy]") {
  std::string field = GENERATE(as<std::string>{}, "title", "issuers", "signed", "effective",
                               "expires", "registration_no", "promulgated_titles", "line_start");
  CAPTURE(field);
  for (const FileScore* s : sum_and_files(require_set("gazettes"))) {
    auto [right, total] = s->fields.at(field);
    CAPTURE(s->file, right, total);
    INFO(details_of(*s));
    CHECK(pg::scoring::field_accuracy(*s, field) >= kFieldAccuracy);
  }
}

TEST_CASE("judicial references are found with untyped F1 >= 0.95", "[accuracy]") {
  const SetScore& set = require_set("judicial");
  CAPTURE(set.sum.untyped_edges.true_pos, set.sum.untyped_edges.false_pos,
          set.sum.untyped_edges.false_neg);
  INFO(details_of(set.sum));
  CHECK(set.sum.untyped_edges.f1() >= kUntypedEdgeF1);
}

TEST_CASE("every judicial repeal and amendment is found with its type", "[accuracy]") {
  for (const FileScore& s : require_set("judicial").files) {
    CAPTURE(s.file);
    INFO("missed repeals/amends:\n" << edges_of(s.missed_repeal_amend));
    CHECK(s.missed_repeal_amend.empty());
  }
}

TEST_CASE("national documents: number and title of at least 58 of 60 are right", "[accuracy]") {
  auto national = pg::scoring::score_national(TEST_DATA_DIR);
  INFO((national.ok() ? std::string() : national.error().to_string()));
  REQUIRE(national.ok());
  REQUIRE(national->total == 60);
  std::string misses;
  for (const auto& m : national->misses) misses += m + "\n";
  INFO("misses:\n" << misses);
  CHECK(national->right >= national->total - kNationalAllowedMisses);
}

// --- The scorer itself: the rules above must hold for the numbers to mean
// anything. --------------------------------------------------------------------

namespace {

pg::Edge make_edge(std::string from, std::optional<std::string> no,
                   std::optional<std::string> title,
                   pg::RelationType type = pg::RelationType::kCites) {
  pg::Edge e;
  e.from = std::move(from);
  e.to_doc_no = std::move(no);
  e.to_title = std::move(title);
  e.type = type;
  e.line = 7;
  return e;
}

pg::Extraction with_edges(std::vector<pg::Edge> edges) {
  pg::Extraction e;
  e.source = "x.txt";
  e.edges = std::move(edges);
  return e;
}

}  // namespace

TEST_CASE("a gold file scored against itself is perfect", "[scorer]") {
  int files = 0;
  for (const char* set : {"gazettes", "judicial"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(TEST_DATA_DIR) / set)) {
      if (entry.path().extension() != ".json") continue;
      CAPTURE(entry.path().string());
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto gold = pg::extraction_from_json(text, entry.path().string());
      REQUIRE(gold.ok());
      FileScore self = pg::scoring::score_file(*gold, *gold);
      INFO(details_of(self));
      CHECK(self.documents.f1() == 1.0);
      CHECK(self.typed_edges.f1() == 1.0);
      CHECK(self.typed_edges.true_pos == static_cast<int>(gold->edges.size()));
      CHECK(self.details.empty());
      ++files;
    }
  }
  CHECK(files >= 20);
  pg::Document d;
  d.doc_no = "济政发〔2017〕24号";
  d.title = "关于 印发的通知";
  d.issuers = {"济南市人民政府"};
  d.signed_date = pg::Date::make(2017, 11, 20);
  d.effective.kind = pg::Effective::Kind::kOnIssue;
  d.line_start = 10;
  pg::Extraction gold = with_edges({make_edge("济政发〔2017〕24号", "鲁政发〔2016〕26号",
                                              std::nullopt, pg::RelationType::kRepeals)});
  gold.documents = {d};
  FileScore s = pg::scoring::score_file(gold, gold);
  CHECK(s.documents.f1() == 1.0);
  CHECK(s.untyped_edges.f1() == 1.0);
  CHECK(s.typed_edges.f1() == 1.0);
  CHECK(s.missed_repeal_amend.empty());
  CHECK(s.details.empty());
  for (const auto& field : pg::scoring::field_names()) {
    CAPTURE(field);
    CHECK(s.fields.at(field) == std::pair<int, int>{1, 1});
  }

  FileScore empty = pg::scoring::score_file(pg::Extraction{}, gold);
  CHECK(empty.documents.recall() == 0.0);
  CHECK(empty.documents.f1() == 0.0);
  CHECK(empty.missed_repeal_amend.size() == 1);
  CHECK(empty.fields.at("title") == std::pair<int, int>{0, 0});
  REQUIRE(empty.details.size() == 2);
  CHECK(empty.details[0] == "MISS doc 济政发〔2017〕24号 line 10");
  CHECK(empty.details[1] == "MISS edge 济政发〔2017〕24号 -> 鲁政发〔2016〕26号 repeals line 7");
}

TEST_CASE("nothing to find and nothing found scores 1", "[scorer]") {
  pg::scoring::Prf p;
  CHECK(p.f1() == 1.0);
  p.false_pos = 1;
  CHECK(p.f1() == 0.0);
}

TEST_CASE("edge targets match by number when both have one, else by title", "[scorer]") {
  using Opt = std::optional<std::string>;
  struct Row {
    pg::Edge gold;
    pg::Edge got;
    bool match;
  };
  const Opt no = "鲁政发〔2016〕26号";
  const Opt title = "山东省人民政府关于进一步健全特困人员救助供养制度的实施意见";
  const Opt spaced = "山东省人民政府关于进一步健全 特困人员救助供养制度的实施意见";
  auto row = GENERATE_COPY(
      Row{make_edge("A", no, title), make_edge("A", no, Opt{}), true},
      Row{make_edge("A", no, title), make_edge("A", Opt{}, spaced), true},
      Row{make_edge("A", Opt{}, title), make_edge("A", no, title), true},
      Row{make_edge("A", no, title), make_edge("A", "鲁政发〔2016〕27号", title), false},
      Row{make_edge("A", no, Opt{}), make_edge("A", Opt{}, title), false},
      Row{make_edge("济南市 人民政府", no, Opt{}), make_edge("济南市人民政府", no, Opt{}), true},
      Row{make_edge("A", no, Opt{}), make_edge("B", no, Opt{}), false});
  FileScore s = pg::scoring::score_file(with_edges({row.got}), with_edges({row.gold}));
  CHECK(s.untyped_edges.true_pos == (row.match ? 1 : 0));
  CHECK(s.untyped_edges.false_neg == (row.match ? 0 : 1));
}

TEST_CASE("each gold edge is matched at most once", "[scorer]") {
  pg::Edge e = make_edge("A", "国发〔2016〕14号", std::nullopt);
  FileScore s = pg::scoring::score_file(with_edges({e, e, e}), with_edges({e}));
  CHECK(s.untyped_edges.true_pos == 1);
  CHECK(s.untyped_edges.false_pos == 2);
  REQUIRE(s.details.size() == 2);
  CHECK(s.details[0].rfind("FALSE edge A -> 国发〔2016〕14号 cites", 0) == 0);
}

TEST_CASE("a reference of the wrong type counts for untyped, not typed", "[scorer]") {
  pg::Edge want = make_edge("A", "国发〔2016〕14号", std::nullopt, pg::RelationType::kAmends);
  pg::Edge got = want;
  got.type = pg::RelationType::kCites;
  FileScore s = pg::scoring::score_file(with_edges({got}), with_edges({want}));
  CHECK(s.untyped_edges.f1() == 1.0);
  CHECK(s.typed_edges.true_pos == 0);
  CHECK(s.typed_edges.false_pos == 1);
  CHECK(s.typed_edges.false_neg == 1);
  REQUIRE(s.missed_repeal_amend.size() == 1);
  REQUIRE(s.details.size() == 1);
  CHECK(s.details[0].find("got cites want amends") != std::string::npos);
}

TEST_CASE("documents match by number, else by title: fields are compared", "[scorer]") {
  pg::Document numbered;
  numbered.doc_no = "国发〔2019〕5号";
  numbered.title = "国务院关于推行监管的意见";
  numbered.line_start = 10;
  pg::Document untitled_no;
  untitled_no.kind = pg::DocumentKind::kOther;
  untitled_no.title = "大事记";
  untitled_no.line_start = 50;
  pg::Extraction gold;
  gold.documents = {numbered, untitled_no};

  pg::Extraction got = gold;
  got.documents[0].title = "国务院关于推行 监管的意见";  // whitespace only
  got.documents[0].line_start = 12;                      // within 2 lines
  got.documents[0].issuers = {"国务院"};
  got.documents[1].line_start = 53;  // 3 lines off
  FileScore s = pg::scoring::score_file(got, gold);
  CHECK(s.documents.true_pos == 2);
  CHECK(s.fields.at("title") == std::pair<int, int>{2, 2});
  CHECK(s.fields.at("line_start") == std::pair<int, int>{1, 2});
  CHECK(s.fields.at("issuers") == std::pair<int, int>{1, 2});
  CHECK(std::find(s.details.begin(), s.details.end(),
                  "FIELD 国发〔2019〕5号 issuers: got [国务院] want []") != s.details.end());

  got.documents[0].doc_no = "国发〔2019〕6号";  // a wrong number is a miss
  FileScore wrong = pg::scoring::score_file(got, gold);
  CHECK(wrong.documents.true_pos == 1);
  CHECK(wrong.documents.false_pos == 1);
  CHECK(wrong.documents.false_neg == 1);
}

TEST_CASE("matching large inputs stays linear", "[scorer]") {
  constexpr int kEdges = 50000;
  std::vector<pg::Edge> gold_edges;
  std::vector<pg::Edge> got_edges;
  for (int i = 0; i < kEdges; ++i) {
    // One key shared by all edges: the worst case for a naive scan.
    gold_edges.push_back(make_edge("A", std::nullopt, "同一个标题"));
    got_edges.push_back(make_edge("A", "国发〔2016〕1号", "同一个标题"));
  }
  FileScore s = pg::scoring::score_file(with_edges(got_edges), with_edges(gold_edges));
  CHECK(s.untyped_edges.true_pos == kEdges);
  CHECK(s.typed_edges.true_pos == kEdges);
}
