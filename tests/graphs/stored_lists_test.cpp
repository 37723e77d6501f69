// The lists answered from the store's columns (graphs/answers/stored_lists.h)
// against queries.h's functions on the whole graph the store holds: the same
// rows, statuses, chains, edges and order, on the sample corpus (every day a
// status changes), on a store updated in place (node numbers out of id
// order), and on a generated corpus, with and without --issuer.
#include "graphs/answers/stored_lists.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/ingest/graph_loading.h"
#include "analyzer/ingest/ingest.h"
#include "bench/corpus_gen.h"
#include "graphs/answers/issuer_filter.h"
#include "graphs/graph/json.h"
#include "graphs/model/json.h"
#include "support/test_support.h"

namespace {

using namespace pg;
using namespace pg::testing;

Store open_store(const std::string& path) {
  Result<Store> s = Store::open(path);
  REQUIRE(s.ok());
  return std::move(*s);
}

// Rows named by ids and edges by their JSON (indices differ between the
// whole graph and a RowGraph), for a CorpusGraph or a RowGraph.
template <class G>
Json ids(const G& g, const std::vector<std::size_t>& nodes) {
  Json out = Json::array();
  for (std::size_t n : nodes) out.push_back(g.nodes()[n].id);
  return out;
}

template <class G>
Json edges(const G& g, const std::vector<std::size_t>& es) {
  Json out = Json::array();
  for (std::size_t e : es) out.push_back(edge_json(g.nodes(), g.edges()[e]));
  return out;
}

// What a printer reads of a node: the summary, and the label of the node a
// status names (by), when the graph has it.
template <class G>
Json named(const G& g, std::size_t n, const Status& st) {
  Json j = node_summary_json(g.nodes()[n]);
  j["status"] = st;
  if (st.by) {
    auto by = g.index_of(*st.by);
    j["by"] = by ? label_of(g.nodes()[*by]) : "(absent)";
  }
  return j;
}

template <class G>
std::string superseded_answer(const G& g, const std::vector<StatusRow>& rows) {
  Json j = Json::array();
  for (const StatusRow& r : rows) j.push_back(named(g, r.node, r.status));
  return j.dump(1);
}

template <class G>
std::string orphans_answer(const G& g, const std::vector<Orphan>& rows) {
  Json j = Json::array();
  for (const Orphan& o : rows) {
    j.push_back({named(g, o.node, o.status), named(g, o.basis, o.basis_status),
                 o.fell_away ? o.fell_away->to_iso() : "", ids(g, o.path), edges(g, o.edges)});
  }
  return j.dump(1);
}

template <class G>
std::string expiring_answer(const G& g, const std::vector<ExpiringRow>& rows) {
  Json j = Json::array();
  for (const ExpiringRow& r : rows) {
    j.push_back({named(g, r.node, r.status), r.expires.to_iso(), r.days_left, r.evidence});
  }
  return j.dump(1);
}

template <class G>
std::string unresolved_answer(const G& g, const std::vector<UnresolvedGroup>& groups) {
  Json j = Json::array();
  for (const UnresolvedGroup& u : groups) {
    j.push_back({node_summary_json(g.nodes()[u.target]), edges(g, u.references), ids(g, u.citing),
                 u.citing_documents});
  }
  return j.dump(1);
}

template <class G>
std::string findings_answer(const G& g) {
  Json j = Json::array();
  for (const Finding& f : g.findings()) {
    auto subject = g.index_of(f.subject);
    j.push_back({f, subject ? node_summary_json(g.nodes()[*subject]) : Json(nullptr)});
  }
  return j.dump(1);
}

// Counts what the comparisons saw, so that a test fails when its corpus
// stops exercising a list.
struct Seen {
  std::size_t superseded = 0, by_substring = 0, orphans = 0, expiring = 0, unresolved = 0;
};

// Every list of the store against the whole graph, on each day of `days`
// and for each issuer of `issuers`.
void compare_lists(const Store& store, const CorpusGraph& whole, const std::set<Date>& days,
                   const std::vector<std::string>& issuers, Seen& seen) {
  const StoredGraph sg(store);
  for (const Date& as_of : days) {
    INFO("as of " << as_of.to_iso());
    for (const std::string& issuer : issuers) {
      INFO("issuer '" << issuer << "'");
      Result<StoredSuperseded> s = stored_superseded(sg, as_of, issuer);
      REQUIRE(s.ok());
      const std::vector<StatusRow> rows = superseded(whole, as_of, issuer);
      CHECK(superseded_answer(s->graph, s->rows) == superseded_answer(whole, rows));
      CHECK(s->issuer_by_substring == IssuerFilter(whole, issuer).by_substring());
      // visit_superseded's rows (what the table and --json print), put in
      // id order as the printers put them.
      std::vector<std::pair<std::string, Json>> visited;
      bool visit_substring = false;
      Result<bool> v = visit_superseded(sg, as_of, issuer, visit_substring,
                                        [&](const Node& n, const Status& st, const Node* by) {
                                          Json j = node_summary_json(n);
                                          j["status"] = st;
                                          if (st.by) j["by"] = by ? label_of(*by) : "(absent)";
                                          visited.emplace_back(n.id, std::move(j));
                                        });
      REQUIRE(v.ok());
      std::stable_sort(visited.begin(), visited.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      Json visited_rows = Json::array();
      for (auto& [id, j] : visited) visited_rows.push_back(std::move(j));
      CHECK(visited_rows.dump(1) == superseded_answer(whole, rows));
      CHECK(visit_substring == s->issuer_by_substring);
      seen.superseded += rows.size();
      seen.by_substring += s->issuer_by_substring;
    }
    Result<StoredList<Orphan>> o = stored_orphans(sg, as_of);
    REQUIRE(o.ok());
    const std::vector<Orphan> orphan_rows = orphans(whole, as_of);
    CHECK(orphans_answer(o->graph, o->rows) == orphans_answer(whole, orphan_rows));
    seen.orphans += orphan_rows.size();
    for (const char* within : {"2y", "90d", "6m"}) {
      const Window w = *parse_window(within);
      Result<StoredList<ExpiringRow>> e = stored_expiring(sg, as_of, w);
      REQUIRE(e.ok());
      const std::vector<ExpiringRow> rows = expiring(whole, as_of, w);
      CHECK(expiring_answer(e->graph, e->rows) == expiring_answer(whole, rows));
      seen.expiring += rows.size();
    }
  }
  Result<StoredList<UnresolvedGroup>> u = stored_unresolved(sg);
  REQUIRE(u.ok());
  const std::vector<UnresolvedGroup> groups = unresolved(whole);
  CHECK(unresolved_answer(u->graph, u->rows) == unresolved_answer(whole, groups));
  seen.unresolved += groups.size();
  {
    // The groups with every reference as --json reads them: the same
    // targets, edges (ends by id) and counts, in the same order.
    Json want = Json::array();
    for (const UnresolvedGroup& g : groups) {
      want.push_back({node_summary_json(whole.nodes()[g.target]), edges(whole, g.references),
                      g.citing_documents});
    }
    Json got = Json::array();
    Result<bool> done = visit_unresolved_references(sg, [&](const UnresolvedReferences& r) {
      std::vector<Node> ends(2);
      ends[1].id = r.target.id;
      Json refs = Json::array();
      for (const UnresolvedReference& ref : r.references) {
        ends[0].id = std::string(ref.from);
        GraphEdge e = *ref.edge;
        e.from = 0;
        e.to = 1;
        refs.push_back(edge_json(ends, e));
      }
      got.push_back({node_summary_json(r.target), refs, r.citing_documents});
    });
    REQUIRE(done.ok());
    CHECK(got.dump(1) == want.dump(1));
  }
  Result<RowGraph> f = stored_findings(sg);
  REQUIRE(f.ok());
  CHECK(findings_answer(*f) == findings_answer(whole));
}

// Every day a status can change on in `g` (each date it holds, the day
// before and after), and a day long before and long after.
std::set<Date> days_that_matter(const CorpusGraph& g) {
  std::set<Date> out{day("1950-01-01"), day("2099-01-01")};
  auto add = [&](const std::optional<Date>& d) {
    if (!d) return;
    out.insert(*d);
    out.insert(d->plus_days(1));
    out.insert(d->plus_days(-1));
  };
  for (const Node& n : g.nodes()) {
    add(effective_date(n));
    if (!n.document) continue;
    add(n.document->signed_date);
    add(n.document->printed_date);
    add(n.document->expires);
  }
  for (const GraphEdge& e : g.edges()) add(e.date);
  return out;
}

const std::vector<std::string> kIssuers{"",       "济南",   "济南市人民政府",
                                        "办公厅", "鲁政发", "no such issuer"};

TEST_CASE("the stored lists equal the lists of the whole graph on every day that matters",
          "[stored_lists]") {
  TempDir tmp;
  Store store = open_store(tmp.db());
  for (const Extraction& e : sample_corpus()) {
    REQUIRE(store.put_file(e.source, "h-" + e.source, e).ok());
  }
  for (const char* name : {"2017_jinan_24.txt", "2018_jiyang_6.txt", "2019_shandong_25.txt"}) {
    std::string key = std::string("multi/") + name;
    Extraction e = extract_file(std::string(TEST_DATA_DIR) + "/" + key, key);
    REQUIRE(store.put_file(key, "h-" + key, e).ok());
  }
  REQUIRE(refresh_graph(store).ok());
  Result<CorpusGraph> whole = load_graph(store);
  REQUIRE(whole.ok());
  Seen seen;
  compare_lists(store, *whole, days_that_matter(*whole), kIssuers, seen);
  CHECK(seen.superseded > 0);
  CHECK(seen.by_substring > 0);
  CHECK(seen.orphans > 0);
  CHECK(seen.expiring > 0);
  CHECK(seen.unresolved > 0);
}

TEST_CASE("the stored lists hold when an update in place numbers nodes out of id order",
          "[stored_lists]") {
  TempDir tmp;
  Store store = open_store(tmp.db());
  std::vector<Extraction> corpus = sample_corpus();
  REQUIRE(corpus.size() > 4);
  // All but the last file first, then the last one, updated in place.
  for (std::size_t i = 0; i + 1 < corpus.size(); ++i) {
    REQUIRE(store.put_file(corpus[i].source, "h-" + corpus[i].source, corpus[i]).ok());
  }
  REQUIRE(refresh_graph(store).ok());
  std::string how;
  bool numbers_in_id_order = true;
  for (const char* name : {"2017_jinan_24.txt", "2019_shandong_25.txt"}) {
    std::string key = std::string("multi/") + name;
    Extraction e = extract_file(std::string(TEST_DATA_DIR) + "/" + key, key);
    REQUIRE(store.put_file(key, "h-" + key, e).ok());
    REQUIRE(refresh_graph(store, {}, &how).ok());
    INFO(how);
    const StoredGraph sg(store);
    Result<std::vector<NodeNo>> all = sg.all_nodes();
    REQUIRE(all.ok());
    Result<std::vector<std::string>> id_list = sg.read_ids(*all);
    REQUIRE(id_list.ok());
    numbers_in_id_order = numbers_in_id_order && std::is_sorted(id_list->begin(), id_list->end());
  }
  const Extraction& last = corpus.back();
  REQUIRE(store.put_file(last.source, "h-" + last.source, last).ok());
  REQUIRE(refresh_graph(store, {}, &how).ok());
  // The case this test is for: some node numbered after one with a larger id.
  CHECK_FALSE(numbers_in_id_order);
  Result<CorpusGraph> whole = load_graph(store);
  REQUIRE(whole.ok());
  Seen seen;
  compare_lists(store, *whole, days_that_matter(*whole), {"", "济南"}, seen);
  CHECK(seen.orphans > 0);
}

// The store of a generated corpus of `documents` (corpus_gen.h).
Store generated_store(const TempDir& tmp, long documents, int far_repeals = 0) {
  bench::CorpusOptions options;
  for (const char* dir : {"gazettes", "judicial", "national"}) {
    options.sample_dirs.push_back(std::string(TEST_DATA_DIR) + "/" + dir);
  }
  options.out_dir = tmp.file("gen");
  options.documents = documents;
  options.far_repeals = far_repeals;
  bench::CorpusManifest manifest;
  std::string error;
  REQUIRE(bench::generate_corpus(options, manifest, error));
  Store store = open_store(tmp.db());
  Collected inputs = collect_inputs({tmp.file("gen") + "/corpus"});
  REQUIRE_FALSE(inputs.files.empty());
  NullSink sink;
  IngestObserver quiet;
  IngestConfig config;
  config.jobs = 1;
  REQUIRE(ingest_files(store, inputs.files, sink, quiet, config).ok());
  REQUIRE(refresh_graph(store).ok());
  return store;
}

TEST_CASE("the stored lists equal the lists of the whole graph on a generated corpus",
          "[stored_lists]") {
  TempDir tmp;
  Store store = generated_store(tmp, 800);
  Result<CorpusGraph> whole = load_graph(store);
  REQUIRE(whole.ok());
  // The generator's 有效期 fall around 2026-06-01 (the benchmark's day).
  Seen seen;
  compare_lists(store, *whole,
                {day("2015-01-01"), day("2020-01-01"), day("2026-06-01"), day("2026-12-01")},
                {"", "宁黔", "no such issuer"}, seen);
  CHECK(seen.superseded > 100);
  CHECK(seen.orphans > 100);
  CHECK(seen.expiring > 0);
  CHECK(seen.unresolved > 0);
}

TEST_CASE("the stored lists hold when repealers lie far from what they repeal", "[stored_lists]") {
  TempDir tmp;
  // Half the district repealers repeal another city's document.
  Store store = generated_store(tmp, 3000, 50);
  // The case this test is for: sources of repeals more than 1024 numbers
  // from their targets (visit_superseded reads those before its pass, the
  // others as it goes), both kinds, and the far ones out of their targets'
  // order.
  Result<std::vector<StoredGraph::StatusEdge>> events = StoredGraph(store).status_edges();
  REQUIRE(events.ok());
  std::size_t far = 0, near = 0, backwards = 0;
  NodeNo last_far = -1;
  for (const StoredGraph::StatusEdge& e : *events) {
    if (!e.repeal) continue;
    if (e.from <= e.to + 1024 && e.to <= e.from + 1024) {
      ++near;
      continue;
    }
    ++far;
    backwards += e.from < last_far;
    last_far = e.from;
  }
  CHECK(far > 100);
  CHECK(near > 100);
  CHECK(backwards > 20);
  Result<CorpusGraph> whole = load_graph(store);
  REQUIRE(whole.ok());
  Seen seen;
  compare_lists(store, *whole, {day("2020-01-01"), day("2026-06-01"), day("2026-12-01")},
                {"", "宁黔"}, seen);
  CHECK(seen.superseded > 100);
  CHECK(seen.orphans > 0);
}

}  // namespace
