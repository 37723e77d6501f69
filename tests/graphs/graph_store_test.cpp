// The resolved graph kept in the store (graphs/store/graph_store.h) and the
// subgraphs read from it for one question (analyzer/ingest/graph_loading.h):
// the saved graph reads back field by field, every question asked of the
// part it loads answers as on the whole graph, and a change to the files
// makes the saved graph stale.
#include "graphs/store/graph_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/ingest/graph_loading.h"
#include "analyzer/ingest/ingest.h"
#include "bench/corpus_gen.h"
#include "graphs/answers/draft_check.h"
#include "graphs/answers/queries.h"
#include "graphs/answers/report.h"
#include "graphs/base/titles.h"
#include "graphs/graph/json.h"
#include "graphs/model/json.h"
#include "graphs/store/status_scan.h"
#include "support/test_support.h"

namespace {

using namespace pg;
using namespace pg::testing;
using Scope = GraphNeed::Scope;

// A sample-corpus store with its graph saved, as `ingest` leaves it.
struct SampleStore {
  TempDir tmp;
  Store store;
  SampleStore() : store(open(tmp.db())) {
    for (const Extraction& e : sample_corpus()) {
      REQUIRE(store.put_file(e.source, "h-" + e.source, e).ok());
    }
    Result<bool> saved = refresh_graph(store);
    INFO((saved.ok() ? std::string() : saved.error().to_string()));
    REQUIRE(saved.ok());
    CHECK(*saved);
  }
  static Store open(const std::string& path) {
    Result<Store> s = Store::open(path);
    REQUIRE(s.ok());
    return std::move(*s);
  }
};

CorpusGraph needed(const Store& store, const GraphNeed& need, std::optional<std::size_t>* node) {
  Result<NeededGraph> g = load_needed(store, need);
  REQUIRE(g.ok());
  REQUIRE(g->stored);
  if (node) *node = g->node;
  return std::move(g->graph);
}

// Answers named by node ids (indices differ between a graph and its part).
Json status_of(const CorpusGraph& g, std::size_t n, Date as_of) {
  return Json{{"node", g.nodes()[n].id}, {"status", g.status(n, as_of)}};
}

Json refs(const CorpusGraph& g, const std::vector<Reference>& rs) {
  Json out = Json::array();
  for (const Reference& r : rs) out.push_back({edge_json(g, r.edge), g.nodes()[r.other].id});
  return out;
}

Json ids(const CorpusGraph& g, const std::vector<std::size_t>& nodes) {
  Json out = Json::array();
  for (std::size_t n : nodes) out.push_back(g.nodes()[n].id);
  return out;
}

Json edges(const CorpusGraph& g, const std::vector<std::size_t>& es) {
  Json out = Json::array();
  for (std::size_t e : es) out.push_back(edge_json(g, e));
  return out;
}

Json walk(const CorpusGraph& g, const std::vector<WalkRow>& rows) {
  Json out = Json::array();
  for (const WalkRow& r : rows) {
    out.push_back({g.nodes()[r.node].id, r.depth, edge_json(g, r.via_edge), r.status,
                   ids(g, r.path), edges(g, r.edges)});
  }
  return out;
}

Json dependents(const CorpusGraph& g, const std::vector<Dependent>& ds) {
  Json out = Json::array();
  for (const Dependent& d : ds) {
    out.push_back({g.nodes()[d.node].id, d.status, ids(g, d.path), edges(g, d.edges)});
  }
  return out;
}

std::string document_answer(const CorpusGraph& g, Scope scope, std::size_t n, Date as_of) {
  Json j = status_of(g, n, as_of);
  switch (scope) {
    case Scope::kCard: {
      Card c = card(g, n, as_of);
      j["node"] = g.nodes()[n];
      j["references"] = refs(g, c.references);
      j["referenced_by"] = refs(g, c.referenced_by);
      break;
    }
    case Scope::kCites: j["references"] = refs(g, cites(g, n, {})); break;
    case Scope::kCitedBy: j["referenced_by"] = refs(g, cited_by(g, n, {})); break;
    case Scope::kRepeals:
      for (const RepealTarget& t : repeals(g, n, as_of)) {
        j["targets"].push_back({refs(g, {t.ref}), t.status, dependents(g, t.cascade)});
      }
      break;
    case Scope::kChain: {
      Chain c = chain(g, n, as_of);
      j["rows"] = walk(g, c.rows);
      j["national"] = c.reaches_national;
      break;
    }
    case Scope::kImpact: {
      Impact im = impact(g, n, as_of);
      for (const ImpactGroup& group : im.groups) {
        j["groups"].push_back({std::string(to_string(group.level)), walk(g, group.rows)});
      }
      break;
    }
    default: break;
  }
  return j.dump();
}

std::string corpus_answer(const CorpusGraph& g, Scope scope, Date as_of) {
  Json j = Json::array();
  switch (scope) {
    case Scope::kSuperseded:
      for (const StatusRow& r : superseded(g, as_of)) j.push_back(status_of(g, r.node, as_of));
      for (const StatusRow& r : superseded(g, as_of, "济南")) j.push_back(g.nodes()[r.node].id);
      break;
    case Scope::kOrphans:
      for (const Orphan& o : orphans(g, as_of)) {
        j.push_back({g.nodes()[o.node].id, g.nodes()[o.basis].id, o.status, o.basis_status,
                     ids(g, o.path), edges(g, o.edges)});
      }
      break;
    case Scope::kExpiring:
      for (const ExpiringRow& r : expiring(g, as_of, *parse_window("2y"))) {
        j.push_back({g.nodes()[r.node].id, r.expires.to_iso(), r.status, r.evidence});
      }
      break;
    case Scope::kUnresolved:
      for (const UnresolvedGroup& u : unresolved(g)) {
        j.push_back({g.nodes()[u.target].id, edges(g, u.references), u.citing_documents});
      }
      break;
    case Scope::kFindings: j = g.findings(); break;
    default: break;
  }
  return j.dump();
}

TEST_CASE("a saved graph reads back field by field as the graph it was built from",
          "[graph_store]") {
  SampleStore s;
  Result<CorpusGraph> built = load_graph(s.store);
  REQUIRE(built.ok());
  Result<CorpusGraph> read = StoredGraph(s.store).whole();
  REQUIRE(read.ok());
  REQUIRE(read->nodes().size() == built->nodes().size());
  CHECK(graph_dump(*read) == graph_dump(*built));
  // The same graph again is not saved twice.
  Result<bool> again = refresh_graph(s.store);
  REQUIRE(again.ok());
  CHECK_FALSE(*again);
}

// Past four chunks of 256 nodes save_graph makes the node rows on helper
// threads (NodeWriter::write_all); they must read back as the graph.
TEST_CASE("a generated graph of thousands of nodes reads back field by field", "[graph_store]") {
  TempDir tmp;
  bench::CorpusOptions options;
  for (const char* dir : {"gazettes", "judicial", "national"}) {
    options.sample_dirs.push_back(std::string(TEST_DATA_DIR) + "/" + dir);
  }
  options.out_dir = tmp.file("gen");
  options.documents = 1500;
  bench::CorpusManifest manifest;
  std::string error;
  REQUIRE(bench::generate_corpus(options, manifest, error));
  Store store = SampleStore::open(tmp.db());
  Collected inputs = collect_inputs({tmp.file("gen") + "/corpus"});
  NullSink sink;
  IngestObserver quiet;
  Result<IngestTotals> totals = ingest_files(store, inputs.files, sink, quiet);
  REQUIRE(totals.ok());
  REQUIRE(totals->documents == 1500);
  Result<CorpusGraph> built = load_graph(store);
  REQUIRE(built.ok());
  REQUIRE(built->nodes().size() > 4 * 256);
  Result<CorpusGraph> read = StoredGraph(store).whole();
  REQUIRE(read.ok());
  REQUIRE(read->nodes().size() == built->nodes().size());
  CHECK(graph_dump(*read) == graph_dump(*built));
}

TEST_CASE("a file name that is not UTF-8 is kept byte for byte", "[graph_store]") {
  TempDir tmp;
  Store store = SampleStore::open(tmp.db());
  Extraction e = sample_corpus().front();
  e.source = "\xff\xfe.txt";
  for (Edge& edge : e.edges) edge.evidence += "\xff";
  REQUIRE(store.put_file(e.source, "h", e).ok());
  REQUIRE(refresh_graph(store).ok());
  Result<CorpusGraph> built = load_graph(store);
  Result<CorpusGraph> read = StoredGraph(store).whole();
  REQUIRE(read.ok());
  REQUIRE_FALSE(read->nodes().empty());
  auto sources = [](const CorpusGraph& g) {
    std::vector<std::string> out;
    for (const Node& n : g.nodes()) out.push_back(n.source);
    for (const GraphEdge& edge : g.edges()) out.push_back(edge.evidence.file + edge.evidence.quote);
    return out;
  };
  CHECK(sources(*read) == sources(*built));
}

TEST_CASE("each document question on the part it loads answers as on the whole graph",
          "[graph_store]") {
  SampleStore s;
  const CorpusGraph& whole = sample_graph();
  REQUIRE(whole.nodes().size() > 20);
  for (const char* iso : {"2016-06-01", "2021-01-01"}) {
    const Date as_of = day(iso);
    for (std::size_t n = 0; n < whole.nodes().size(); ++n) {
      const std::string& id = whole.nodes()[n].id;
      for (Scope scope : {Scope::kCard, Scope::kCites, Scope::kCitedBy, Scope::kRepeals,
                          Scope::kChain, Scope::kImpact}) {
        GraphNeed need;
        need.scope = scope;
        need.x = id;
        need.as_of = as_of;
        std::optional<std::size_t> node;
        CorpusGraph part = needed(s.store, need, &node);
        Lookup hit = lookup(whole, id);
        if (hit.nodes.size() != 1) {
          CHECK_FALSE(node);
          continue;
        }
        INFO(id << " scope " << static_cast<int>(scope) << " as of " << iso);
        REQUIRE(node);
        CHECK(part.nodes().size() <= whole.nodes().size());
        CHECK(document_answer(part, scope, *node, as_of) ==
              document_answer(whole, scope, hit.nodes.front(), as_of));
      }
    }
  }
}

// StoredGraph::point_graph reads a node whole, as far as status() needs, or
// its names only; each read as asked gives what the whole graph gives.
TEST_CASE("a point graph reads each node as far as it is asked", "[graph_store]") {
  SampleStore s;
  const CorpusGraph& whole = sample_graph();
  const StoredGraph sg(s.store);
  std::size_t names_only = 0;
  for (std::size_t n = 0; n < whole.nodes().size(); ++n) {
    const Node& node = whole.nodes()[n];
    INFO(node.id);
    Result<std::vector<NodeNo>> no = sg.nodes_with_ids({node.id});
    REQUIRE(no.ok());
    REQUIRE(no->size() == 1);
    Result<std::vector<NodeNo>> around = sg.neighbours(*no);
    REQUIRE(around.ok());
    // Whole: the node as the whole graph holds it, and, when it has no
    // document, its first mention read and the others counted.
    StoredGraph::PointNodes full;
    full.full = *no;
    full.names = *around;
    Result<CorpusGraph> with_full = sg.point_graph(full, {});
    REQUIRE(with_full.ok());
    auto at = with_full->index_of(node.id);
    REQUIRE(at);
    CHECK(Json(with_full->nodes()[*at]) == Json(node));
    if (!node.document) {
      const Node& read = with_full->nodes()[*at];
      CHECK(times_cited(read) == node.mentions.size());
      CHECK(read.mentions.size() == (node.mentions.empty() ? 0u : 1u));
      if (!node.mentions.empty()) CHECK(Json(read.mentions.front()) == Json(node.mentions.front()));
    }
    // A card reads the edges of its own node only: the same card.
    full.names_edges = false;
    with_full = sg.point_graph(full, {});
    REQUIRE(with_full.ok());
    at = with_full->index_of(node.id);
    REQUIRE(at);
    Card own = card(*with_full, *at, day("2021-01-01"));
    Card all = card(whole, n, day("2021-01-01"));
    CHECK(refs(*with_full, own.references) == refs(whole, all.references));
    CHECK(refs(*with_full, own.referenced_by) == refs(whole, all.referenced_by));
    CHECK(Json(own.status) == Json(all.status));
    // Status: status() as on the whole graph, the references both ways.
    StoredGraph::PointNodes status;
    status.status = *no;
    status.names = *around;
    Result<CorpusGraph> part = sg.point_graph(status, {});
    REQUIRE(part.ok());
    at = part->index_of(node.id);
    REQUIRE(at);
    for (const char* iso : {"2016-06-01", "2021-01-01", "2030-01-01"}) {
      CHECK(Json(part->status(*at, day(iso))) == Json(whole.status(n, day(iso))));
    }
    Card in_part = card(*part, *at, day("2021-01-01"));
    Card in_whole = card(whole, n, day("2021-01-01"));
    CHECK(refs(*part, in_part.references) == refs(whole, in_whole.references));
    CHECK(refs(*part, in_part.referenced_by) == refs(whole, in_whole.referenced_by));
    // Names: what a reference prints of the other end, and no more read
    // unless it repeals or amends the node (its effective day counts).
    std::set<std::string> sources;
    for (std::size_t e : whole.in_edges(n)) {
      RelationType t = whole.edges()[e].type;
      if (t == RelationType::kRepeals || t == RelationType::kAmends) {
        sources.insert(whole.nodes()[whole.edges()[e].from].id);
      }
    }
    for (const Node& other : part->nodes()) {
      auto in_whole_at = whole.index_of(other.id);
      REQUIRE(in_whole_at);
      CHECK(node_summary_json(other) == node_summary_json(whole.nodes()[*in_whole_at]));
      if (other.id == node.id || sources.count(other.id)) continue;
      CHECK_FALSE(other.document);
      CHECK(other.source.empty());
      ++names_only;
    }
  }
  CHECK(names_only > 0);
}

TEST_CASE("a fragment of a title finds in the store what it finds in the graph", "[graph_store]") {
  SampleStore s;
  const CorpusGraph& whole = sample_graph();
  for (const char* x : {"办法", "济南", "行政许可法", "no such words", "鲁政发〔2016〕26号"}) {
    GraphNeed need;
    need.scope = Scope::kCard;
    need.x = x;
    std::optional<std::size_t> node;
    CorpusGraph part = needed(s.store, need, &node);
    Lookup in_whole = lookup(whole, x);
    Lookup in_part = lookup(part, x);
    INFO(x);
    REQUIRE(in_part.nodes.size() == in_whole.nodes.size());
    for (std::size_t i = 0; i < in_part.nodes.size(); ++i) {
      CHECK(part.nodes()[in_part.nodes[i]].id == whole.nodes()[in_whole.nodes[i]].id);
    }
  }
}

TEST_CASE("each corpus question on the part it loads answers as on the whole graph",
          "[graph_store]") {
  SampleStore s;
  const CorpusGraph& whole = sample_graph();
  for (const char* iso : {"2010-01-01", "2018-03-01", "2021-01-01", "2030-01-01"}) {
    const Date as_of = day(iso);
    for (Scope scope : {Scope::kSuperseded, Scope::kOrphans, Scope::kExpiring, Scope::kUnresolved,
                        Scope::kFindings}) {
      GraphNeed need;
      need.scope = scope;
      need.as_of = as_of;
      need.issuer = "济南";
      need.within = parse_window("2y");
      CorpusGraph part = needed(s.store, need, nullptr);
      INFO("scope " << static_cast<int>(scope) << " as of " << iso);
      CHECK(corpus_answer(part, scope, as_of) == corpus_answer(whole, scope, as_of));
    }
  }
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

// status_kinds and fallen_on of the store against status() of the whole
// graph it holds, on every day that matters; returns the kinds seen.
std::set<StatusKind> check_status_columns(const Store& store, const CorpusGraph& whole) {
  StoredGraph sg(store);
  std::vector<NodeNo> all;
  for (std::size_t i = 0; i < whole.nodes().size(); ++i) all.push_back(static_cast<NodeNo>(i));
  std::set<StatusKind> seen;
  std::vector<std::string> wrong;
  std::size_t pending_repeals = 0;  // repealed by a document not yet in force
  for (const Date& as_of : days_that_matter(whole)) {
    Result<std::vector<StatusKind>> kinds = sg.status_kinds(all, as_of);
    REQUIRE(kinds.ok());
    REQUIRE(kinds->size() == all.size());
    std::vector<NodeNo> expected_fallen;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const StatusKind k = whole.status(i, as_of).kind;
      seen.insert(k);
      if (fallen(k)) expected_fallen.push_back(static_cast<NodeNo>(i));
      if ((*kinds)[i] != k) {
        wrong.push_back(whole.nodes()[i].id + " on " + as_of.to_iso() + ": " +
                        std::string(ascii_name((*kinds)[i])) + ", not " +
                        std::string(ascii_name(k)));
      }
      if (k != StatusKind::kRepealed) {
        for (std::size_t e : whole.in_edges(i)) {
          pending_repeals += whole.edges()[e].type == RelationType::kRepeals;
        }
      }
    }
    Result<std::vector<NodeNo>> fallen_nodes = sg.fallen_on(as_of);
    REQUIRE(fallen_nodes.ok());
    INFO("as of " << as_of.to_iso());
    CHECK(*fallen_nodes == expected_fallen);
  }
  INFO(wrong.size() << " wrong, the first: " << (wrong.empty() ? "" : wrong.front()));
  CHECK(wrong.empty());
  CHECK(pending_repeals > 0);
  return seen;
}

// The corpus answers of the parts the store loads against the whole graph.
void check_corpus_answers(const Store& store, const CorpusGraph& whole,
                          const std::vector<const char*>& isos, const char* issuer) {
  for (const char* iso : isos) {
    const Date as_of = day(iso);
    for (Scope scope :
         {Scope::kSuperseded, Scope::kOrphans, Scope::kExpiring, Scope::kUnresolved}) {
      GraphNeed need;
      need.scope = scope;
      need.as_of = as_of;
      need.issuer = issuer;
      need.within = parse_window("2y");
      CorpusGraph part = needed(store, need, nullptr);
      INFO("scope " << static_cast<int>(scope) << " as of " << iso);
      CHECK(corpus_answer(part, scope, as_of) == corpus_answer(whole, scope, as_of));
    }
  }
}

TEST_CASE("the stored status columns give status()'s kind of every node on every day",
          "[graph_store]") {
  SampleStore s;
  std::set<StatusKind> seen = check_status_columns(s.store, sample_graph());
  // The sample holds every kind but 部分失效 (its one partial repeal is of
  // an external instrument; partial_status_test stores one): repealed,
  // expired, amended, not yet in force, external (unknown), in force.
  CHECK(seen.size() == kStatusKinds - 1);
  CHECK_FALSE(seen.count(StatusKind::kPartlyRepealed));
}

TEST_CASE("the status columns and the corpus answers hold on the multi gazettes", "[graph_store]") {
  SampleStore s;
  for (const char* name : {"2017_jinan_24.txt", "2018_jiyang_6.txt", "2019_shandong_25.txt"}) {
    std::string key = std::string("multi/") + name;
    Extraction e = extract_file(std::string(TEST_DATA_DIR) + "/" + key, key);
    REQUIRE(s.store.put_file(key, "h-" + key, e).ok());
  }
  REQUIRE(refresh_graph(s.store).ok());
  Result<CorpusGraph> whole = load_graph(s.store);
  REQUIRE(whole.ok());
  check_status_columns(s.store, *whole);
  check_corpus_answers(s.store, *whole, {"2016-06-01", "2019-06-01", "2021-01-01"}, "济南");
}

TEST_CASE("the corpus answers of the parts hold on a generated corpus", "[graph_store]") {
  TempDir tmp;
  bench::CorpusOptions options;
  for (const char* dir : {"gazettes", "judicial", "national"}) {
    options.sample_dirs.push_back(std::string(TEST_DATA_DIR) + "/" + dir);
  }
  options.out_dir = tmp.file("gen");
  options.documents = 600;
  bench::CorpusManifest manifest;
  std::string error;
  REQUIRE(bench::generate_corpus(options, manifest, error));
  Store store = SampleStore::open(tmp.db());
  Collected inputs = collect_inputs({tmp.file("gen") + "/corpus"});
  REQUIRE_FALSE(inputs.files.empty());
  NullSink sink;
  IngestObserver quiet;
  IngestConfig config;
  config.jobs = 1;
  REQUIRE(ingest_files(store, inputs.files, sink, quiet, config).ok());
  REQUIRE(refresh_graph(store).ok());
  Result<CorpusGraph> whole = load_graph(store);
  REQUIRE(whole.ok());
  // The generator's 有效期 fall around 2026-06-01 (the benchmark's day).
  const Date as_of = day("2026-06-01");
  CHECK_FALSE(superseded(*whole, as_of).empty());
  CHECK_FALSE(orphans(*whole, as_of).empty());
  CHECK_FALSE(unresolved(*whole).empty());
  check_corpus_answers(store, *whole, {"2020-01-01", "2026-06-01"}, "");
}

TEST_CASE("a draft is checked against the part it loads as against the whole graph",
          "[graph_store]") {
  SampleStore s;
  const CorpusGraph& whole = sample_graph();
  const Date as_of = day("2021-01-01");
  // The sample's own documents as drafts: their numbers collide, their
  // references and repeals resolve.
  for (const Extraction& draft : sample_corpus()) {
    GraphNeed need;
    need.scope = Scope::kDraft;
    need.draft = &draft;
    need.as_of = as_of;
    CorpusGraph part = needed(s.store, need, nullptr);
    auto answer = [&](const CorpusGraph& g) {
      DraftReport r = check_draft(g, draft, as_of);
      Json j = Json::array();
      for (const DraftReference& ref : r.references) {
        j.push_back({ref.node ? g.nodes()[*ref.node].id : "",
                     ref.status ? Json(*ref.status) : Json(), dependents(g, ref.cascade)});
      }
      for (const DraftFinding& f : r.findings) j.push_back({to_string(f.kind), f.message});
      return j.dump();
    };
    INFO(draft.source);
    CHECK(answer(part) == answer(whole));
  }
}

TEST_CASE("a file stored after the graph was saved makes it stale until refreshed",
          "[graph_store]") {
  TempDir tmp;
  Store store = SampleStore::open(tmp.db());
  std::vector<Extraction> corpus = sample_corpus();
  const Extraction last = corpus.back();
  corpus.pop_back();
  // A store that never saved a graph: the question resolves the corpus.
  REQUIRE(store.put_file(corpus.front().source, "h", corpus.front()).ok());
  CHECK(*graph_state(store) == GraphState::kMissing);
  Result<NeededGraph> old = load_needed(store, GraphNeed{});
  REQUIRE(old.ok());
  CHECK_FALSE(old->stored);
  for (const Extraction& e : corpus) REQUIRE(store.put_file(e.source, "h", e).ok());
  REQUIRE(refresh_graph(store).ok());
  CHECK(*graph_state(store) == GraphState::kCurrent);
  // Unchanged files change nothing.
  REQUIRE(store.put_file(corpus.front().source, "h", corpus.front()).ok());
  CHECK(*graph_state(store) == GraphState::kCurrent);
  SECTION("a file added") { REQUIRE(store.put_file(last.source, "h", last).ok()); }
  SECTION("a file replaced") { REQUIRE(store.put_file(corpus.front().source, "h2", last).ok()); }
  SECTION("a file removed") { REQUIRE(*store.remove_file(corpus.front().source)); }
  CHECK(*graph_state(store) == GraphState::kStale);
  Result<NeededGraph> stale = load_needed(store, GraphNeed{});
  REQUIRE(stale.ok());
  CHECK_FALSE(stale->stored);
  CHECK(stale->state == GraphState::kStale);
  Result<CorpusGraph> fresh = load_graph(store);
  REQUIRE(fresh.ok());
  CHECK(graph_dump(stale->graph) == graph_dump(*fresh));
  REQUIRE(*refresh_graph(store));
  CHECK(*graph_state(store) == GraphState::kCurrent);
  CHECK(graph_dump(*StoredGraph(store).whole()) == graph_dump(*fresh));
}

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  REQUIRE(rc == SQLITE_OK);
}

// Column `at` of each row `sql` gives, as text.
std::vector<std::string> column(const Store& store, const std::string& sql, int at = 0) {
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(store.db_handle(), sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(s, at);
    out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  sqlite3_finalize(s);
  return out;
}

TEST_CASE("the pass over every node's status reads the narrow index and agrees with status()",
          "[graph_store]") {
  SampleStore s;
  // SQLite reads graph_nodes_status instead of the wide node rows (the
  // plan's detail is its fourth column).
  std::string plan;
  for (const std::string& line :
       column(s.store,
              "EXPLAIN QUERY PLAN SELECT no, doc_effective IS NULL, expires, effective, signed "
              "FROM graph_nodes",
              3)) {
    plan += line;
  }
  for (const std::string& line : column(s.store,
                                        "EXPLAIN QUERY PLAN SELECT no, src, dst, type FROM "
                                        "graph_edges WHERE type IN (1, 2)",
                                        3)) {
    plan += line;
  }
  CHECK(plan.find("COVERING INDEX graph_nodes_status") != std::string::npos);
  CHECK(plan.find("COVERING INDEX graph_edges_type") != std::string::npos);
  // Layout 7: the lists' names and repeals / amends read from narrow
  // indexes too (a table scan would say "SCAN graph_nodes" or
  // "graph_edges USING INDEX graph_edges_type" and seek each row).
  std::string lists_plan;
  for (const char* sql :
       {"EXPLAIN QUERY PLAN SELECT id, external, doc_no, title, issuer, level, no FROM "
        "graph_nodes INDEXED BY graph_nodes_names WHERE no >= 0 ORDER BY no",
        "EXPLAIN QUERY PLAN SELECT dst, type, src, date, no, file, line, quote, page FROM "
        "graph_edges INDEXED BY graph_edges_status WHERE type IN (0, 1)"}) {
    for (const std::string& line : column(s.store, sql, 3)) lists_plan += line + "\n";
  }
  CHECK(lists_plan.find("COVERING INDEX graph_nodes_names") != std::string::npos);
  CHECK(lists_plan.find("COVERING INDEX graph_edges_status") != std::string::npos);
  // Every node's kind on every day that matters, as the whole graph says.
  const CorpusGraph& whole = sample_graph();
  StoredGraph sg(s.store);
  std::size_t compared = 0;
  // And from the status edges as read before (the orphans list reads them
  // once for both).
  Result<std::vector<StoredGraph::StatusEdge>> edges = sg.status_edges();
  REQUIRE(edges.ok());
  REQUIRE(!edges->empty());
  for (const Date& as_of : days_that_matter(whole)) {
    Result<std::vector<StatusKind>> kinds = sg.all_status_kinds(as_of);
    REQUIRE(kinds.ok());
    REQUIRE(kinds->size() == whole.nodes().size());
    Result<std::vector<StatusKind>> from_edges = sg.all_status_kinds(as_of, *edges);
    REQUIRE(from_edges.ok());
    REQUIRE(from_edges->size() == whole.nodes().size());
    // And both from one pass (status_scan.h): the same edges, the same kinds.
    Result<StatusScan> scan = status_edges_and_kinds(sg, as_of);
    REQUIRE(scan.ok());
    CHECK(scan->kinds == *from_edges);
    REQUIRE(scan->edges.size() == edges->size());
    for (std::size_t k = 0; k < edges->size(); ++k) {
      const StoredGraph::StatusEdge &a = scan->edges[k], &b = (*edges)[k];
      CHECK(std::tie(a.no, a.from, a.to, a.repeal, a.counts_from, a.date, a.scope) ==
            std::tie(b.no, b.from, b.to, b.repeal, b.counts_from, b.date, b.scope));
      CHECK(std::tie(a.evidence.file, a.evidence.line, a.evidence.quote, a.evidence.page) ==
            std::tie(b.evidence.file, b.evidence.line, b.evidence.quote, b.evidence.page));
    }
    for (std::size_t i = 0; i < whole.nodes().size(); ++i) {
      INFO(whole.nodes()[i].id << " on " << as_of.to_iso());
      CHECK((*kinds)[i] == whole.status(i, as_of).kind);
      CHECK((*from_edges)[i] == whole.status(i, as_of).kind);
      ++compared;
    }
    // With the status columns of the fallen nodes: those nodes, by
    // number, with the columns their status is decided from.
    Result<StatusScan> with_columns = status_edges_and_kinds(sg, as_of, true, true);
    REQUIRE(with_columns.ok());
    CHECK(with_columns->kinds == scan->kinds);
    std::size_t f = 0;
    for (std::size_t i = 0; i < whole.nodes().size(); ++i) {
      const StatusKind kind = whole.status(i, as_of).kind;
      if (kind != StatusKind::kRepealed && kind != StatusKind::kExpired) continue;
      INFO(whole.nodes()[i].id << " fallen on " << as_of.to_iso());
      REQUIRE(f < with_columns->fallen.size());
      const StatusColumns& c = with_columns->fallen[f++];
      const Node& n = whole.nodes()[i];
      CHECK(c.no == static_cast<NodeNo>(i));
      CHECK(c.published == n.document.has_value());
      CHECK(c.effective() == effective_date(n));
      CHECK(c.expires() == (n.document ? n.document->expires : std::nullopt));
      CHECK(c.signed_date() == (n.document ? n.document->signed_date : std::nullopt));
    }
    CHECK(f == with_columns->fallen.size());
    CHECK(scan->fallen.empty());
  }
  CHECK(compared > whole.nodes().size());
}

TEST_CASE("the repeals and amendments into some nodes are those of every node, read per target",
          "[graph_store]") {
  SampleStore s;
  StoredGraph sg(s.store);
  Result<std::vector<StoredGraph::StatusEdge>> all = sg.status_edges();
  REQUIRE(all.ok());
  std::vector<NodeNo> targets;
  for (const StoredGraph::StatusEdge& e : *all) {
    if (targets.empty() || targets.back() != e.to) targets.push_back(e.to);
  }
  // Several targets: each one's edges read with the statement's parameters
  // bound again (once, they were read for the first target only).
  REQUIRE(targets.size() > 3);
  Result<std::vector<StoredGraph::StatusEdge>> into = sg.status_edges_into(targets);
  REQUIRE(into.ok());
  auto key = [](const std::vector<StoredGraph::StatusEdge>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) {
      out.push_back(std::to_string(e.no) + " " + std::to_string(e.from) + ">" +
                    std::to_string(e.to) + (e.repeal ? " repeals " : " amends ") +
                    (e.counts_from ? e.counts_from->to_iso() : "-") + " " +
                    (e.date ? e.date->to_iso() : "-") + " " + e.evidence.quote);
    }
    return out;
  };
  CHECK(key(*into) == key(*all));
}

TEST_CASE("a graph stored in another layout reads as stale and is rebuilt whole, saying why",
          "[graph_store]") {
  SampleStore s;
  // As an older policygraph left it: the format before, without the
  // narrow indexes.
  exec(s.store.db_handle(),
       "DROP INDEX graph_nodes_names; DROP INDEX graph_edges_status; UPDATE graph_meta SET value "
       "= " +
           std::to_string(kGraphStoreFormat - 1) + " WHERE key = 'format'");
  CHECK(*graph_state(s.store) == GraphState::kStale);
  // A question resolves the extractions meanwhile.
  Result<NeededGraph> stale = load_needed(s.store, GraphNeed{});
  REQUIRE(stale.ok());
  CHECK_FALSE(stale->stored);
  CHECK(graph_dump(stale->graph) == graph_dump(sample_graph()));
  std::string how;
  REQUIRE(*refresh_graph(s.store, {}, &how));
  CHECK(how == "graph: rebuilt whole (the stored graph has another layout (format " +
                   std::to_string(kGraphStoreFormat - 1) + "; this policygraph writes " +
                   std::to_string(kGraphStoreFormat) + "))");
  CHECK(*graph_state(s.store) == GraphState::kCurrent);
  CHECK(column(s.store,
               "SELECT name FROM sqlite_master WHERE name IN ('graph_nodes_names', "
               "'graph_edges_status')")
            .size() == 2);
  CHECK(graph_dump(*StoredGraph(s.store).whole()) == graph_dump(sample_graph()));
}

// What Body::kStatus reads of every node (its field evidence, names,
// dates), one line a node; and what search and the issuer rule look up.
std::vector<std::string> status_reads(const Store& store) {
  StoredGraph sg(store);
  std::vector<NodeNo> all;
  for (NodeNo no = 0; no < static_cast<NodeNo>(*sg.node_bound()); ++no) all.push_back(no);
  auto line = [](const Node& n) {
    std::string out = n.id + " " + n.title + " " + n.source;
    if (!n.document) return out + " -";
    const Document& d = *n.document;
    out += " " + d.title + " " + (d.expires ? d.expires->to_iso() : "-") + " " +
           d.expires_text.value_or("-") + " " + std::to_string(d.line_start);
    for (const auto& fe : d.field_evidence) {
      out += " [" + fe.field + " " + fe.evidence.file + ":" + std::to_string(fe.evidence.line) +
             "p" + std::to_string(fe.evidence.page) + " " + fe.evidence.quote + "]";
    }
    return out;
  };
  std::vector<std::string> out;
  // Every node: one pass (the scan); one node: a seek by number.
  Result<std::vector<Node>> every = sg.read_nodes(all, StoredGraph::Parts::Body::kStatus);
  REQUIRE(every.ok());
  for (const Node& n : *every) out.push_back(line(n));
  for (NodeNo no : all) {
    Result<std::vector<Node>> one = sg.read_nodes({no}, StoredGraph::Parts::Body::kStatus);
    REQUIRE(one.ok());
    REQUIRE(one->size() == 1);
    out.push_back("seek " + line(one->front()));
  }
  for (const Node& n : *every) {
    if (n.issuer.empty()) continue;
    Result<std::optional<NodeNo>> by = sg.node_with_issuer(n.issuer);
    REQUIRE(by.ok());
    out.push_back("issuer " + n.issuer + " " + (*by ? std::to_string(**by) : "-"));
    Result<std::vector<NodeNo>> named = sg.nodes_containing(fold_title(n.title));
    REQUIRE(named.ok());
    out.push_back("title " + n.title + " " + std::to_string(named->size()));
  }
  return out;
}

TEST_CASE("field evidence and search keys read from their own tables, and a layout-8 graph too",
          "[graph_store]") {
  // The sample (no field evidence: extractions from JSON) and texts read by
  // the analyzer, whose documents have evidence for their fields.
  SampleStore s;
  for (const char* dir : {"multi", "national"}) {
    for (const auto& f : files_in(std::string(TEST_DATA_DIR) + "/" + dir, ".txt")) {
      const std::string key = std::string(dir) + "/" + std::filesystem::path(f).filename().string();
      REQUIRE(s.store.put_file(key, "h-" + key, extract_file(f, key)).ok());
    }
  }
  REQUIRE(*refresh_graph(s.store));
  // Layout 9 keeps a document's field evidence and the folded names and
  // issuer keys out of graph_nodes.
  CHECK(column(s.store,
               "SELECT name FROM pragma_table_info('graph_nodes') WHERE name IN "
               "('doc_evidence', 'folded', 'issuer_keys')")
            .empty());
  const std::vector<std::string> narrow = status_reads(s.store);
  // The evidence read is the graph's: each document's field evidence, as
  // the extractions resolved in memory hold it (the fields Body::kStatus
  // keeps).
  Result<CorpusGraph> resolved = load_graph(s.store);
  REQUIRE(resolved.ok());
  const CorpusGraph& whole = *resolved;
  std::size_t with_evidence = 0;
  StoredGraph sg(s.store);
  for (std::size_t i = 0; i < whole.nodes().size(); ++i) {
    const Node& n = whole.nodes()[i];
    if (!n.document) continue;
    Result<std::vector<NodeNo>> no = sg.nodes_with_ids({n.id});
    REQUIRE(no.ok());
    REQUIRE(no->size() == 1);
    Result<std::vector<Node>> read = sg.read_nodes(*no, StoredGraph::Parts::Body::kStatus);
    REQUIRE(read.ok());
    REQUIRE(read->front().document);
    std::vector<std::string> want, got;
    for (const auto& fe : n.document->field_evidence) {
      if (fe.field == "effective" || fe.field == "signed" || fe.field == "printed" ||
          fe.field == "expires" || fe.field == "title") {
        want.push_back(fe.field + " " + fe.evidence.file + ":" + std::to_string(fe.evidence.line) +
                       " " + fe.evidence.quote);
      }
    }
    for (const auto& fe : read->front().document->field_evidence) {
      got.push_back(fe.field + " " + fe.evidence.file + ":" + std::to_string(fe.evidence.line) +
                    " " + fe.evidence.quote);
    }
    INFO(n.id);
    CHECK(got == want);
    with_evidence += want.empty() ? 0 : 1;
  }
  CHECK(with_evidence > 10);

  // As policygraph 8 left it: the evidence and keys as columns of
  // graph_nodes, no tables of their own.
  exec(s.store.db_handle(),
       "ALTER TABLE graph_nodes ADD COLUMN doc_evidence BLOB; "
       "ALTER TABLE graph_nodes ADD COLUMN folded TEXT; "
       "ALTER TABLE graph_nodes ADD COLUMN issuer_keys TEXT; "
       "UPDATE graph_nodes SET doc_evidence = (SELECT evidence FROM graph_node_evidence v "
       "WHERE v.no = graph_nodes.no), folded = (SELECT folded FROM graph_node_keys k WHERE "
       "k.no = graph_nodes.no), issuer_keys = (SELECT issuer_keys FROM graph_node_keys k "
       "WHERE k.no = graph_nodes.no); "
       "DROP TABLE graph_node_evidence; DROP TABLE graph_node_keys; "
       "UPDATE graph_meta SET value = 8 WHERE key = 'format'");
  CHECK(*graph_state(s.store) == GraphState::kStale);
  // Search reads a stale graph as it is: the same answers from the columns.
  CHECK(status_reads(s.store) == narrow);
  // The next ingest rebuilds it in this layout.
  std::string how;
  REQUIRE(*refresh_graph(s.store, {}, &how));
  CHECK(how ==
        "graph: rebuilt whole (the stored graph has another layout (format 8; this policygraph "
        "writes " +
            std::to_string(kGraphStoreFormat) + "))");
  CHECK(*graph_state(s.store) == GraphState::kCurrent);
  CHECK(column(s.store,
               "SELECT name FROM sqlite_master WHERE name IN ('graph_node_evidence', "
               "'graph_node_keys')")
            .size() == 2);
  CHECK(column(s.store,
               "SELECT name FROM pragma_table_info('graph_nodes') WHERE name = 'doc_evidence'")
            .empty());
  CHECK(status_reads(s.store) == narrow);
}

// Each extraction as its JSON text, in order.
std::vector<std::string> texts(const std::vector<Extraction>& corpus) {
  std::vector<std::string> out;
  for (const Extraction& e : corpus) out.push_back(Json(e).dump());
  return out;
}

TEST_CASE("a kept extraction stands for its rows only while the store holds what was kept",
          "[graph_store]") {
  TempDir tmp;
  Store store = SampleStore::open(tmp.db());
  const ExtractorStamp stamp{7, "tables"};
  std::vector<Extraction> corpus = sample_corpus();
  for (const Extraction& e : corpus) {
    REQUIRE(store.put_files({{e.source, "h-" + e.source, &e, stamp}}).ok());
  }
  Result<std::vector<Extraction>> read = store.load_all();
  REQUIRE(read.ok());
  REQUIRE(read->size() == corpus.size());
  // Kept as stored: load_all gives what it reads back, and takes them all.
  KeptExtractions kept;
  for (const Extraction& e : corpus) kept[e.source] = {"h-" + e.source, stamp, e};
  Result<std::vector<Extraction>> from_kept = store.load_all(std::move(kept));
  REQUIRE(from_kept.ok());
  CHECK(texts(*from_kept) == texts(*read));
  CHECK(kept.empty());
  // A kept extraction is taken without reading its rows (a title only it
  // has shows which) while hash, source and stamp match, and not otherwise.
  const std::string key = corpus.front().source;
  Extraction marked = corpus.front();
  REQUIRE_FALSE(marked.documents.empty());
  marked.documents.front().title = "kept, not read";
  auto first_title = [&](KeptExtraction k) {
    KeptExtractions one;
    one[key] = std::move(k);
    Result<std::vector<Extraction>> all = store.load_all(std::move(one));
    REQUIRE(all.ok());
    for (const Extraction& e : *all) {
      if (e.source == key) return e.documents.front().title;
    }
    FAIL("no " + key);
    return std::string();
  };
  const std::string stored_title = corpus.front().documents.front().title;
  CHECK(first_title({"h-" + key, stamp, marked}) == "kept, not read");
  CHECK(first_title({"another hash", stamp, marked}) == stored_title);
  CHECK(first_title({"h-" + key, ExtractorStamp{8, "tables"}, marked}) == stored_title);
  Extraction renamed = marked;
  renamed.source = "elsewhere.txt";
  CHECK(first_title({"h-" + key, stamp, renamed}) == stored_title);
}

TEST_CASE("the graph an ingest saves from what it kept is the graph of its rows read back",
          "[graph_store]") {
  TempDir tmp;
  Store store = SampleStore::open(tmp.db());
  const std::string data = TEST_DATA_DIR;
  Collected in = collect_inputs({data + "/gazettes", data + "/judicial", data + "/national",
                                 data + "/multi", data + "/laws"});
  REQUIRE(in.errors.empty());
  CollectingSink sink;
  IngestObserver quiet;
  // The second run replaces files (forced) in a store that holds others.
  Result<IngestTotals> first = ingest_files(store, in.files, sink, quiet);
  REQUIRE(first.ok());
  CHECK(first->added == static_cast<int>(in.files.size()));
  IngestConfig force;
  force.force = true;
  std::vector<IngestInput> some(in.files.begin(), in.files.begin() + in.files.size() / 2);
  Result<IngestTotals> second = ingest_files(store, some, sink, quiet, force);
  REQUIRE(second.ok());
  CHECK(second->replaced == static_cast<int>(some.size()));
  REQUIRE(*graph_state(store) == GraphState::kCurrent);
  Result<CorpusGraph> saved = StoredGraph(store).whole();
  Result<CorpusGraph> read_back = load_graph(store);
  REQUIRE(saved.ok());
  REQUIRE(read_back.ok());
  REQUIRE(read_back->nodes().size() > 100);
  CHECK(graph_dump(*saved) == graph_dump(*read_back));
}

}  // namespace
