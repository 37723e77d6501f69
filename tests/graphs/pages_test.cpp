// Evidence names the page of a PDF as well as the line (issue 11): the
// extractor computes it from SourceText::page_starts, the JSON writes and
// reads "page" only when there is one, the store and the stored graph keep
// it, and a store of the previous layout is migrated.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/ingest/graph_loading.h"
#include "analyzer/read/source_reader.h"
#include "graphs/answers/queries.h"
#include "graphs/graph/json.h"
#include "graphs/model/json.h"
#include "graphs/model/json_io.h"
#include "graphs/model/model.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg;
using namespace pg::testing;

TEST_CASE("a place is file:line, or file:pN:line when it has a page", "[pages]") {
  CHECK(location("gazette.txt", 0, 31) == "gazette.txt:31");
  CHECK(location("gazette.pdf", 12, 31) == "gazette.pdf:p12:31");
  CHECK(location(Evidence{"a/b.pdf", 7, "q", 2}) == "a/b.pdf:p2:7");
  CHECK(location(Evidence{"b.txt", 7, "q"}) == "b.txt:7");
}

TEST_CASE("the page of a line is the last page that begins on or before it", "[pages]") {
  const std::vector<int> starts = {1, 40, 41, 90};
  auto [line, page] = GENERATE(
      table<int, int>({{1, 1}, {39, 1}, {40, 2}, {41, 3}, {89, 3}, {90, 4}, {5000, 4}, {0, 0}}));
  CAPTURE(line);
  CHECK(page_of_line(starts, line) == page);
  CHECK(page_of_line({}, line) == 0);
  // A PDF whose first page is blank in the text: lines before the first
  // start are on no page.
  CHECK(page_of_line({3, 10}, 2) == 0);
}

// The lines of a text on which pages begin: one page per `per_page` lines.
std::vector<int> pages_every(const std::string& text, int per_page) {
  int lines = 1;
  for (char c : text) lines += c == '\n';
  std::vector<int> starts;
  for (int l = 1; l <= lines; l += per_page) starts.push_back(l);
  return starts;
}

// The extraction as JSON with every "page" taken out.
nlohmann::json without_pages(const Extraction& e) {
  nlohmann::json j = nlohmann::json::parse(to_json(e, -1));
  for (auto& d : j["documents"]) {
    for (auto& [field, ev] : d["evidence"].items()) {
      if (ev.is_array()) {
        for (auto& one : ev) one.erase("page");
      } else {
        ev.erase("page");
      }
    }
  }
  for (auto& edge : j["edges"]) edge.erase("page");
  return j;
}

TEST_CASE("the extractor gives each fact the page its line is on, lines unchanged", "[pages]") {
  const std::string path = std::string(TEST_DATA_DIR) + "/gazettes/001_78fafd201e7347e4.txt";
  Result<SourceText> plain = read_source(path);
  REQUIRE(plain.ok());
  SourceText paged = *plain;
  paged.page_starts = pages_every(paged.utf8, 50);
  REQUIRE(paged.page_starts.size() > 10);
  NullSink sink;
  const Extraction text = extract(*plain, sink);
  const Extraction pdf = extract(paged, sink);
  REQUIRE_FALSE(pdf.documents.empty());
  REQUIRE(pdf.edges.size() > 5);
  // Text: no page anywhere.
  for (const Document& d : text.documents) {
    for (const auto& fe : d.field_evidence) CHECK(fe.evidence.page == 0);
  }
  for (const Edge& e : text.edges) CHECK(e.page == 0);
  // Paged: every fact on the page of its line (50 lines a page), which is
  // more than one page over the file.
  int highest = 0;
  std::size_t facts = 0;
  for (const Document& d : pdf.documents) {
    for (const auto& fe : d.field_evidence) {
      CAPTURE(fe.field, fe.evidence.line);
      CHECK(fe.evidence.page == (fe.evidence.line - 1) / 50 + 1);
      highest = std::max(highest, fe.evidence.page);
      ++facts;
    }
  }
  for (const Edge& e : pdf.edges) {
    CAPTURE(e.line);
    CHECK(e.page == (e.line - 1) / 50 + 1);
    highest = std::max(highest, e.page);
    ++facts;
  }
  CHECK(facts > 20);
  CHECK(highest > 5);
  // Everything else, lines included, as from the text.
  CHECK(without_pages(pdf) == without_pages(text));
}

Extraction paged_sample() {
  Extraction e;
  e.source = "gazette.pdf";
  e.encoding = "UTF-8";
  Document d;
  d.doc_no = "济政发〔2017〕24号";
  d.title = "济南市人民政府关于印发济南市特困人员救助供养办法的通知";
  d.issuers = {"济南市人民政府"};
  d.signed_date = Date::make(2017, 11, 20);
  d.line_start = 30;
  d.line_end = 90;
  d.field_evidence.push_back({"title", {"gazette.pdf", 30, d.title, 12}});
  d.field_evidence.push_back({"signed", {"gazette.pdf", 88, "2017年11月20日", 14}});
  d.field_evidence.push_back({"promulgated_titles", {"gazette.pdf", 31, "办法一", 12}});
  d.field_evidence.push_back({"promulgated_titles", {"gazette.pdf", 32, "办法二"}});
  e.documents.push_back(d);
  Edge x;
  x.from = "济政发〔2017〕24号";
  x.to_doc_no = "鲁政发〔2016〕26号";
  x.type = RelationType::kBasedOn;
  x.line = 41;
  x.page = 13;
  x.evidence = "根据（鲁政发〔2016〕26号）制定";
  e.edges.push_back(x);
  Edge y = x;
  y.to_doc_no = "国发〔2016〕14号";
  y.type = RelationType::kCites;
  y.page = 0;
  e.edges.push_back(y);
  return e;
}

TEST_CASE("JSON writes \"page\" after \"line\" only when there is one, and reads it back",
          "[pages][json]") {
  const Extraction e = paged_sample();
  // The compact writer (extract --format jsonl) and the mapping (json.h)
  // write the same.
  const std::string compact = to_json(e, -1);
  const std::string pretty = to_json(e, 2);
  CHECK(nlohmann::ordered_json::parse(compact) == nlohmann::ordered_json::parse(pretty));
  const auto j = nlohmann::ordered_json::parse(compact);
  const auto& ev = j["documents"][0]["evidence"];
  CHECK(ev["title"].dump() == R"({"line":30,"page":12,"quote":")" + e.documents[0].title + "\"}");
  CHECK(ev["promulgated_titles"][1].dump() == R"({"line":32,"quote":"办法二"})");
  CHECK(j["edges"][0]["page"] == 13);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j["edges"][0].items()) keys.push_back(k);
  REQUIRE(keys.size() > 6);
  CHECK(keys[5] == "line");
  CHECK(keys[6] == "page");
  CHECK_FALSE(j["edges"][1].contains("page"));
  // Evidence elsewhere ({"file", "line", "quote"}) the same way.
  CHECK(Json(Evidence{"gazette.pdf", 30, "q", 12}).dump() ==
        R"({"file":"gazette.pdf","line":30,"page":12,"quote":"q"})");
  CHECK(Json(Evidence{"gazette.txt", 30, "q"}).dump() ==
        R"({"file":"gazette.txt","line":30,"quote":"q"})");

  Result<Extraction> back = extraction_from_json(compact, "x.jsonl");
  REQUIRE(back.ok());
  CHECK(to_json(*back, -1) == compact);
  REQUIRE(back->documents[0].field_evidence.size() == 4);
  CHECK(back->documents[0].field_evidence[0].evidence.page == 12);
  CHECK(back->documents[0].field_evidence[3].evidence.page == 0);
  CHECK(back->edges[0].page == 13);
  CHECK(back->edges[1].page == 0);
}

TEST_CASE("a page that is not a number of 1 or more is refused, null is no page", "[pages][json]") {
  auto with_page = [](const std::string& page) {
    std::string text = to_json(paged_sample(), -1);
    const std::string from = "\"line\":41,\"page\":13,";
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "\"line\":41,\"page\":" + page + ",");
    return extraction_from_json(text, "x.jsonl");
  };
  CHECK(with_page("13").ok());
  Result<Extraction> null_page = with_page("null");
  REQUIRE(null_page.ok());
  CHECK(null_page->edges[0].page == 0);
  for (const char* bad : {"0", "-2", "\"13\"", "1.5", "4294967297"}) {
    CAPTURE(bad);
    Result<Extraction> r = with_page(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string() == "x.jsonl: edges[0].page: expected a page number of 1 or more");
  }
}

Store open_store(const std::string& path,
                 Store::OpenMode mode = Store::OpenMode::kCreateIfMissing) {
  Result<Store> s = Store::open(path, mode);
  REQUIRE(s.ok());
  return std::move(*s);
}

std::string json_of(const Extraction& e) { return to_json(e, -1); }

TEST_CASE("the store keeps the page of each piece of evidence and each edge", "[pages][store]") {
  TempDir tmp;
  Store store = open_store(tmp.db());
  const Extraction e = paged_sample();
  REQUIRE(store.put_file("/corpus/gazette.pdf", "h1", e).ok());
  Result<std::vector<Extraction>> all = store.load_all();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 1);
  CHECK(json_of(all->front()) == json_of(e));
  // The dump shows the page columns (0 where there is none).
  Result<std::string> dump = store.dump();
  REQUIRE(dump.ok());
  CHECK(has(*dump, "\tdocument_evidence\t0\t0\t\"title\"\tNULL\t30\t\"" + e.documents[0].title +
                       "\"\t12\n"));
  CHECK(has(*dump, "\tdocument_evidence\t0\t3\t\"promulgated_titles\"\tNULL\t32\t\"办法二\"\t0\n"));
  CHECK(has(*dump, "\t41\t\"根据（鲁政发〔2016〕26号）制定\"\t0\tNULL\tNULL\t13\n"));
}

// A sample corpus as if read from PDFs: every fact on page line / 40 + 1.
std::vector<Extraction> paged_corpus() {
  std::vector<Extraction> corpus = sample_corpus();
  for (Extraction& e : corpus) {
    for (Document& d : e.documents) {
      for (auto& fe : d.field_evidence) fe.evidence.page = fe.evidence.line / 40 + 1;
    }
    for (Edge& x : e.edges) x.page = x.line / 40 + 1;
  }
  return corpus;
}

TEST_CASE("the stored graph keeps the pages of mentions, edges, findings and statuses",
          "[pages][graph_store]") {
  TempDir tmp;
  Store store = open_store(tmp.db());
  for (const Extraction& e : paged_corpus()) {
    REQUIRE(store.put_file(e.source, "h-" + e.source, e).ok());
  }
  REQUIRE(refresh_graph(store).ok());
  Result<CorpusGraph> built = load_graph(store);
  REQUIRE(built.ok());
  // The pages made it into the graph at all.
  std::size_t paged_edges = 0, paged_mentions = 0;
  for (const GraphEdge& e : built->edges()) paged_edges += e.evidence.page > 0;
  for (const Node& n : built->nodes()) {
    for (const Sourced& m : n.mentions) paged_mentions += m.evidence.page > 0;
  }
  CHECK(paged_edges == built->edges().size());
  CHECK(paged_mentions > 10);
  Result<CorpusGraph> read = StoredGraph(store).whole();
  REQUIRE(read.ok());
  CHECK(graph_dump(*read) == graph_dump(*built));
  // Status read from the node columns (doc_evidence) and the edge rows.
  const StoredGraph sg(store);
  for (std::size_t n = 0; n < built->nodes().size(); ++n) {
    const Node& node = built->nodes()[n];
    Result<std::vector<NodeNo>> no = sg.nodes_with_ids({node.id});
    REQUIRE(no.ok());
    Result<std::vector<NodeNo>> around = sg.neighbours(*no);
    REQUIRE(around.ok());
    StoredGraph::PointNodes status;
    status.status = *no;
    status.names = *around;
    Result<CorpusGraph> part = sg.point_graph(status, {});
    REQUIRE(part.ok());
    auto at = part->index_of(node.id);
    REQUIRE(at);
    for (const char* iso : {"2016-06-01", "2030-01-01"}) {
      CAPTURE(node.id, iso);
      CHECK(Json(part->status(*at, day(iso))) == Json(built->status(n, day(iso))));
    }
  }
}

void sql(const std::string& db, const std::string& statement) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(handle, statement.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(handle);
  REQUIRE(message == "");
  REQUIRE(rc == SQLITE_OK);
}

// tests/data/store_v3/v3.db was written by policygraph at 70179e7 (schema
// version 3, the last without pages; see its README): one file,
// /tmp/pgfix/corpus/2018_jiyang_6.txt.
TEST_CASE(
    "a version 3 store is refused read-only with the command that upgrades it, and migrated "
    "in place with page 0 when opened for writing",
    "[pages][store][upgrade]") {
  TempDir tmp;
  const std::string path = tmp.file("v3.db");
  fs::copy_file(std::string(TEST_DATA_DIR) + "/store_v3/v3.db", path);

  auto refused = Store::open(path, Store::OpenMode::kReadOnly);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().to_string() ==
        path + ": database has schema version 3; this policygraph needs 8: upgrade it with " +
            "`policygraph reindex --db " + path + "`");
  {
    Store store = open_store(path);  // migrates
    Result<std::vector<FileRecord>> files = store.files();
    REQUIRE(files.ok());
    REQUIRE(files->size() == 1);
    // The stamp is kept: a version 3 record is what this build makes of a
    // text, so it is not read again for the pages.
    CHECK((*files)[0].extractor != ExtractorStamp{});
    Result<std::vector<Extraction>> all = store.load_all();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1);
    REQUIRE(all->front().documents.size() == 1);
    CHECK(all->front().documents[0].doc_no == "济阳政发〔2018〕6号");
    REQUIRE(all->front().edges.size() == 2);
    for (const Edge& e : all->front().edges) CHECK(e.page == 0);
    // The same rows as a fresh store of the same extraction.
    Store fresh = open_store(tmp.file("fresh.db"));
    REQUIRE(fresh.put_file((*files)[0].path, (*files)[0].hash, all->front(), (*files)[0].extractor)
                .ok());
    Result<std::string> a = store.dump(), b = fresh.dump();
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(*a == *b);
    CHECK(has(*a, "\"\"\tmeta\t\"schema_version\"\t\"8\"\n"));
    CHECK(*store.integrity_check() == "ok");
    // The migrated store takes pages.
    Extraction paged = all->front();
    paged.edges[0].page = 3;
    REQUIRE(store.put_file((*files)[0].path, "another", paged).ok());
    Result<std::vector<Extraction>> again = store.load_all();
    REQUIRE(again.ok());
    CHECK(again->front().edges[0].page == 3);
  }
  CHECK(Store::open(path, Store::OpenMode::kReadOnly).ok());
}

TEST_CASE("a graph stored in the previous layout is stale and rebuilt with the pages",
          "[pages][graph_store][upgrade]") {
  TempDir tmp;
  {
    Store store = open_store(tmp.db());
    for (const Extraction& e : paged_corpus()) {
      REQUIRE(store.put_file(e.source, "h-" + e.source, e).ok());
    }
    REQUIRE(refresh_graph(store).ok());
    REQUIRE(*graph_state(store) == GraphState::kCurrent);
  }
  // As a graph saved by a build before pages: its layout number is 5.
  sql(tmp.db(), "UPDATE graph_meta SET value = 5 WHERE key = 'format'");
  Store store = open_store(tmp.db());
  CHECK(*graph_state(store) == GraphState::kStale);
  std::string how;
  Result<bool> saved = refresh_graph(store, {}, &how);
  REQUIRE(saved.ok());
  CHECK(*saved);
  CHECK(*graph_state(store) == GraphState::kCurrent);
  Result<CorpusGraph> read = StoredGraph(store).whole();
  REQUIRE(read.ok());
  std::size_t paged = 0;
  for (const GraphEdge& e : read->edges()) paged += e.evidence.page > 0;
  CHECK(paged == read->edges().size());
}

}  // namespace
