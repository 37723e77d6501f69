// Resolution and the whole-corpus queries grow linearly with the corpus on
// adversarial shapes (issue 10): one hub every document rests on, a chain as
// deep as the corpus, every document under one title. Cost is counted in
// graph steps (graphs/base/work_stats.h), not timed: the work at 4n may be at
// most 4n's share plus a margin for logarithmic factors, never 16 times.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/answers/queries.h"
#include "graphs/answers/report.h"
#include "graphs/base/work_stats.h"
#include "support/graph_shapes.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::Extraction;
using namespace pg::testing;

const pg::Date kAsOf = *pg::Date::make(2020, 3, 1);

std::uint64_t steps_of(const std::function<void()>& f) {
  pg::work_stats() = {};
  f();
  return pg::work_stats().graph_steps;
}

// What each step costs on one corpus, in graph steps.
struct Costs {
  std::uint64_t build = 0, orphans = 0, unresolved = 0, superseded = 0, expiring = 0, report = 0,
                walks = 0;
  std::size_t orphan_rows = 0;
};

Costs costs_of(std::vector<Extraction> corpus,
               const std::function<std::size_t(const CorpusGraph&)>& walks) {
  Costs c;
  std::optional<CorpusGraph> g;
  c.build = steps_of([&] { g.emplace(CorpusGraph::build(std::move(corpus), agency_rules())); });
  c.orphans = steps_of([&] { c.orphan_rows = pg::orphans(*g, kAsOf).size(); });
  c.unresolved = steps_of([&] { pg::unresolved(*g); });
  c.superseded = steps_of([&] { pg::superseded(*g, kAsOf); });
  c.expiring = steps_of([&] { pg::expiring(*g, kAsOf, *pg::parse_window("5y")); });
  c.report = steps_of([&] {
    pg::ReportOptions opt;
    opt.as_of = kAsOf;
    REQUIRE(pg::build_report(*g, opt).ok());
  });
  c.walks = steps_of([&] { walks(*g); });
  return c;
}

// Work at 4n over work at n: linear is 4; allow 5 (maps, sorting).
void check_linear(const Costs& small, const Costs& large) {
  auto ratio = [](std::uint64_t a, std::uint64_t b) { return double(b) / double(a ? a : 1); };
  INFO("build " << small.build << " -> " << large.build);
  CHECK(ratio(small.build, large.build) <= 5.0);
  INFO("orphans " << small.orphans << " -> " << large.orphans);
  CHECK(ratio(small.orphans, large.orphans) <= 5.0);
  INFO("unresolved " << small.unresolved << " -> " << large.unresolved);
  CHECK(ratio(small.unresolved, large.unresolved) <= 5.0);
  INFO("superseded " << small.superseded << " -> " << large.superseded);
  CHECK(ratio(small.superseded, large.superseded) <= 5.0);
  INFO("expiring " << small.expiring << " -> " << large.expiring);
  CHECK(ratio(small.expiring, large.expiring) <= 5.0);
  INFO("report " << small.report << " -> " << large.report);
  CHECK(ratio(small.report, large.report) <= 5.0);
  INFO("walks " << small.walks << " -> " << large.walks);
  CHECK(ratio(small.walks, large.walks) <= 5.0);
}

constexpr int kSmall = 1500;
constexpr int kLarge = 4 * kSmall;

std::size_t node_of(const CorpusGraph& g, const std::string& id) { return *g.index_of(id); }

}  // namespace

TEST_CASE("a hub every document rests on costs linear work", "[graph_scale]") {
  // The hub is repealed: every document is an orphan of it, its repeal's
  // cascade holds them all, its impact reaches them all.
  auto walks = [](const CorpusGraph& g) {
    std::size_t hub = node_of(g, "测政发〔2010〕1号");
    std::size_t rows = pg::impact(g, hub, kAsOf).total;
    for (const auto& t : pg::repeals(g, node_of(g, "测政发〔2019〕1号"), kAsOf)) {
      rows += t.cascade.size();
    }
    rows += pg::card(g, hub, kAsOf).referenced_by.size();
    return rows;
  };
  Costs small = costs_of(hub_corpus(kSmall), walks);
  Costs large = costs_of(hub_corpus(kLarge), walks);
  CHECK(small.orphan_rows == kSmall);
  CHECK(large.orphan_rows == kLarge);
  check_linear(small, large);
}

TEST_CASE("a chain as deep as the corpus costs linear work", "[graph_scale]") {
  // Near the bottom of the chain a document is repealed: two documents rest
  // on it. Every other document walks up a chain with nothing fallen.
  auto walks = [](const CorpusGraph& g) {
    std::size_t rows = 0;
    for (const auto& t : pg::repeals(g, node_of(g, "测政发〔2019〕1号"), kAsOf)) {
      rows += t.cascade.size();
    }
    // Three documents below the top: the chain up is short at every size.
    const int n = static_cast<int>(g.nodes().size()) - 1;  // the repealer is not in the chain
    rows += pg::chain(g, node_of(g, shape_number(n - 3)), kAsOf).rows.size();
    return rows;
  };
  Costs small = costs_of(chain_corpus(kSmall, 2), walks);
  Costs large = costs_of(chain_corpus(kLarge, 2), walks);
  CHECK(small.orphan_rows == 2);
  CHECK(large.orphan_rows == 2);
  check_linear(small, large);
}

TEST_CASE("every document under one title costs linear work", "[graph_scale]") {
  // The title pairs with every number: ambiguous, so each reference by it
  // stays a title node, cited by every document.
  auto walks = [](const CorpusGraph& g) {
    std::size_t rows = 0;
    for (std::size_t i = 0; i < 50; ++i) rows += pg::chain(g, i, kAsOf).rows.size();
    return rows;
  };
  Costs small = costs_of(same_title_corpus(kSmall), walks);
  Costs large = costs_of(same_title_corpus(kLarge), walks);
  check_linear(small, large);
}
