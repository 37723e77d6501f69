// The ingest pipeline as a library (analyzer/ingest): which files a path
// names and under what name they are stored, and the totals of a run.
#include "analyzer/ingest/ingest.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/ingest/graph_loading.h"
#include "graphs/model/json_io.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;
const std::string kMulti = kData + "/multi";

// Everything a run says, in the order it says it: each file's outcome or
// error, the diagnostics, and the re-reading notice.
class Recorder : public IngestObserver, public DiagnosticSink {
 public:
  void rereading(std::size_t files, bool older) override {
    log += "rereading " + std::to_string(files) + (older ? " older" : " other") + "\n";
  }
  void stored(const IngestInput& f, Store::IngestOutcome o, const Extraction& e) override {
    log += "stored " + f.name + " " + std::string(to_string(o)) + " " +
           std::to_string(e.documents.size()) + "\n";
  }
  void failed(const IngestInput& f, const Error& e) override {
    log += "failed " + f.name + " " + e.to_string() + "\n";
  }
  void report(Diagnostic d) override {
    log += "diagnostic " + d.file + ":" + std::to_string(d.line) + " " + d.message + "\n";
  }
  std::string log;
};

std::string dump_of(const Store& store) {
  Result<std::string> d = store.dump();
  REQUIRE(d.ok());
  return *d;
}

std::vector<std::string> names(const Collected& c) {
  std::vector<std::string> out;
  for (const IngestInput& f : c.files) out.push_back(f.name);
  return out;
}

TEST_CASE("files are named relative to the folder given or to their own folder", "[ingest]") {
  // tests/data/multi holds three *.txt files and a README.md (not taken).
  const std::vector<std::string> expected{"2017_jinan_24.txt", "2018_jiyang_6.txt",
                                          "2019_shandong_25.txt"};
  CHECK(names(collect_inputs({kMulti})) == expected);
  CHECK(names(collect_inputs({kMulti + "/"})) == expected);
  CHECK(names(collect_inputs({kMulti + "/../multi"})) == expected);
  Collected one = collect_inputs({kMulti + "/2018_jiyang_6.txt"});
  REQUIRE(one.files.size() == 1);
  CHECK(one.files[0].name == "2018_jiyang_6.txt");
  CHECK(one.files[0].key == fs::weakly_canonical(kMulti + "/2018_jiyang_6.txt").string());
  // A subfolder is part of the name.
  TempDir tmp;
  fs::create_directories(tmp.file("issues/2019"));
  fs::copy_file(kMulti + "/2017_jinan_24.txt", tmp.file("issues/2019/a.txt"));
  CHECK(names(collect_inputs({tmp.path()})) == std::vector<std::string>{"issues/2019/a.txt"});
  CHECK(names(collect_inputs({tmp.file("issues")})) == std::vector<std::string>{"2019/a.txt"});
}

TEST_CASE("files of one name from several folders are told apart and update the graph in place",
          "[ingest]") {
  // Weekly issues ingested one by one, each named relative to its own
  // folder: three are x.txt. Each must keep a name of its own (the evidence
  // names it, and the stored graph knows a file by its name), and the graph
  // is brought up to date in place although names and paths sort otherwise.
  TempDir tmp;
  const std::vector<std::pair<std::string, std::string>> issues{
      {"c/2019/x.txt", "2017_jinan_24.txt"},
      {"b/2019/x.txt", "2018_jiyang_6.txt"},
      {"a/2019/x.txt", "2019_shandong_25.txt"}};
  for (const auto& [where, sample] : issues) {
    fs::create_directories(fs::path(tmp.file(where)).parent_path());
    fs::copy_file(kMulti + "/" + sample, tmp.file(where));
  }
  Result<Store> store = Store::open(tmp.db());
  REQUIRE(store.ok());
  Recorder said;
  std::vector<std::string> notes;
  for (const auto& [where, sample] : issues) {
    Result<IngestTotals> done =
        ingest_files(*store, collect_inputs({tmp.file(where)}).files, said, said);
    REQUIRE(done.ok());
    CHECK(done->added == 1);
    notes.push_back(done->graph_note);
  }
  CHECK(said.log ==
        "stored x.txt added 1\n"
        "stored 2019/x.txt added 1\n"
        "stored a/2019/x.txt added 1\n");
  // The first builds the graph; the others update it in place.
  CHECK(notes[1].starts_with("graph: updated"));
  CHECK(notes[2].starts_with("graph: updated"));
  Result<CorpusGraph> g = load_graph(*store);
  REQUIRE(g.ok());
  CHECK(g->find("济政发〔2017〕24号")->source == "x.txt");
  CHECK(g->find("济阳政发〔2018〕6号")->source == "2019/x.txt");
  CHECK(g->find("鲁政发〔2019〕25号")->source == "a/2019/x.txt");
  // Ingested again, each keeps its name and is not read again.
  said.log.clear();
  for (const auto& [where, sample] : issues) {
    Result<IngestTotals> again =
        ingest_files(*store, collect_inputs({tmp.file(where)}).files, said, said);
    REQUIRE(again.ok());
    CHECK(again->unchanged == 1);
  }
}

TEST_CASE("a file named twice is read once and a missing path is an error", "[ingest]") {
  Collected c = collect_inputs({kMulti, kMulti + "/2017_jinan_24.txt", "/nonexistent/x"});
  CHECK(c.files.size() == 3);
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].file == "/nonexistent/x");
}

TEST_CASE("ingest_files stores each file once and reports the totals", "[ingest]") {
  TempDir tmp;
  fs::create_directories(tmp.file("corpus"));
  for (const char* name : {"2017_jinan_24.txt", "2018_jiyang_6.txt", "2019_shandong_25.txt"}) {
    fs::copy_file(kMulti + "/" + name, tmp.file(std::string("corpus/") + name));
  }
  Result<Store> store = Store::open(tmp.db());
  REQUIRE(store.ok());
  Collected in = collect_inputs({tmp.file("corpus")});
  CollectingSink sink;
  IngestObserver quiet;
  Result<IngestTotals> first = ingest_files(*store, in.files, sink, quiet);
  REQUIRE(first.ok());
  CHECK(first->added == 3);
  CHECK(first->files == 3);
  CHECK(first->documents == 3);  // one document per file (tests/data/multi/README.md)
  Result<IngestTotals> again = ingest_files(*store, in.files, sink, quiet);
  REQUIRE(again.ok());
  CHECK(again->unchanged == 3);
  CHECK(again->added == 0);
  Result<CorpusGraph> g = load_graph(*store);
  REQUIRE(g.ok());
  const Node* n = g->find("济政发〔2017〕24号");
  REQUIRE(n != nullptr);
  CHECK(n->source == "2017_jinan_24.txt");

  // The same bytes under another name (ingested from the parent folder) are
  // stored again under the new name.
  Result<IngestTotals> renamed =
      ingest_files(*store, collect_inputs({tmp.path()}).files, sink, quiet);
  REQUIRE(renamed.ok());
  CHECK(renamed->replaced == 3);
  CHECK(renamed->unchanged == 0);
  Result<CorpusGraph> g2 = load_graph(*store);
  REQUIRE(g2.ok());
  CHECK(g2->find("济政发〔2017〕24号")->source == "corpus/2017_jinan_24.txt");
}

TEST_CASE("a parallel ingest in batches stores and says exactly what a serial one does",
          "[ingest][threads]") {
  TempDir tmp;
  fs::create_directories(tmp.file("corpus"));
  for (const char* dir : {"gazettes", "judicial", "national", "bad"}) {
    fs::copy(kData + "/" + dir, tmp.file(std::string("corpus/") + dir));
  }
  // A file that is not text fails alone, in its place among the others.
  {
    std::ofstream bin(tmp.file("corpus/judicial/0_binary.txt"), std::ios::binary);
    bin << std::string("\x80\x00\x81\x00\xff\xff\x00\x00\x01\x02", 10);
  }
  const std::vector<IngestInput> files = collect_inputs({tmp.file("corpus")}).files;
  REQUIRE(files.size() > 80);

  struct Run {
    std::string dump, log;
    IngestTotals totals;
  };
  auto ingest = [&](unsigned jobs, std::size_t batch) {
    const std::string db =
        tmp.file("j" + std::to_string(jobs) + "b" + std::to_string(batch) + ".db");
    Result<Store> store = Store::open(db);
    REQUIRE(store.ok());
    Recorder r;
    IngestConfig config;
    config.jobs = jobs;
    config.batch_files = batch;
    Result<IngestTotals> t = ingest_files(*store, files, r, r, config);
    REQUIRE(t.ok());
    return Run{dump_of(*store), r.log, *t};
  };
  const Run serial = ingest(1, 1);
  CHECK(serial.totals.failed == 1);
  CHECK(serial.totals.added == static_cast<int>(files.size()) - 1);
  CHECK(has(serial.log, "failed judicial/0_binary.txt"));
  CHECK(has(serial.log, "diagnostic "));
  for (auto [jobs, batch] :
       {std::pair{2u, std::size_t{7}}, {4u, std::size_t{64}}, {3u, std::size_t{2}}}) {
    INFO("jobs " << jobs << ", batch " << batch);
    const Run parallel = ingest(jobs, batch);
    CHECK(parallel.log == serial.log);
    CHECK(parallel.dump == serial.dump);
    CHECK(parallel.totals.documents == serial.totals.documents);
    CHECK(parallel.totals.changed == serial.totals.changed);
  }
}

TEST_CASE("a changed extractor version re-reads the affected files and says so",
          "[ingest][upgrade]") {
  TempDir tmp;
  Result<Store> store = Store::open(tmp.db());
  REQUIRE(store.ok());
  const std::vector<IngestInput> all = collect_inputs({kMulti}).files;
  REQUIRE(all.size() == 3);
  auto ingest = [&](const std::vector<IngestInput>& files, int version, std::string tables) {
    IngestConfig config;
    config.extractor = ExtractorStamp{version, std::move(tables)};
    Recorder r;
    Result<IngestTotals> t = ingest_files(*store, files, r, r, config);
    REQUIRE(t.ok());
    return std::make_pair(*t, r.log);
  };
  auto [first, first_log] = ingest(all, kExtractorVersion, tables_hash());
  CHECK(first.added == 3);
  CHECK_FALSE(has(first_log, "rereading"));

  // One file made by a newer version: only it is read again.
  auto [newer, newer_log] = ingest({all[1]}, kExtractorVersion + 1, tables_hash());
  CHECK(newer.replaced == 1);
  CHECK(newer.reread == 1);
  CHECK(has(newer_log, "rereading 1 older\n"));

  // Back at this version: the newer file is re-read (not older: other); the
  // two others are unchanged and not decoded.
  auto [back, back_log] = ingest(all, kExtractorVersion, tables_hash());
  CHECK(back.replaced == 1);
  CHECK(back.unchanged == 2);
  CHECK(has(back_log, "rereading 1 other\n"));
  CHECK(back.changed == std::vector<std::string>{all[1].key});

  // Other data tables re-read everything.
  auto [tables, tables_log] = ingest(all, kExtractorVersion, "another-table-hash");
  CHECK(tables.replaced == 3);
  CHECK(has(tables_log, "rereading 3 other\n"));
  Result<std::vector<FileRecord>> records = store->files();
  REQUIRE(records.ok());
  for (const FileRecord& r : *records) {
    CHECK(r.extractor == ExtractorStamp{kExtractorVersion, "another-table-hash"});
  }
  // And a forced run (reindex) rewrites files that are up to date.
  IngestConfig force;
  force.force = true;
  Recorder r;
  Result<IngestTotals> forced = ingest_files(*store, stored_inputs(*records), r, r, force);
  REQUIRE(forced.ok());
  CHECK(forced->replaced == 3);
  CHECK(forced->reread == 0);
}

TEST_CASE("the data tables hash is stable within a build and part of the stamp", "[ingest]") {
  CHECK(tables_hash() == tables_hash());
  CHECK(tables_hash().size() > 17);
  CHECK(current_extractor() == ExtractorStamp{kExtractorVersion, tables_hash()});
}

TEST_CASE("JSONL lines load as the files' extractions, and a bad line fails alone",
          "[ingest][jsonl]") {
  TempDir tmp;
  // Extractions of the three files, as `extract --format jsonl` prints them.
  Result<Store> text_store = Store::open(tmp.file("text.db"));
  REQUIRE(text_store.ok());
  Recorder quiet;
  REQUIRE(ingest_files(*text_store, collect_inputs({kMulti}).files, quiet, quiet).ok());
  Result<std::vector<Extraction>> extractions = text_store->load_all();
  REQUIRE(extractions.ok());
  REQUIRE(extractions->size() == 3);
  std::string jsonl;
  for (std::size_t i = 0; i < extractions->size(); ++i) {
    jsonl += to_json((*extractions)[i], -1) + (i == 0 ? "\t\n" : "\n");  // a streaming tab
    if (i == 0) jsonl += "\n{\"source\": 1}\n";  // line 3: not an extraction
  }
  std::istringstream in(jsonl);
  Result<Store> store = Store::open(tmp.file("jsonl.db"));
  REQUIRE(store.ok());
  Recorder r;
  IngestConfig config;
  config.batch_files = 2;
  Result<IngestTotals> t = ingest_jsonl(*store, in, "part-00000", kMulti, r, r, config);
  REQUIRE(t.ok());
  CHECK(t->added == 3);
  CHECK(t->failed == 1);
  CHECK(has(r.log, "failed  part-00000:3: "));
  // Stored under the key a text ingest of kMulti gives, with the same rows.
  Result<std::vector<FileRecord>> a = text_store->files();
  Result<std::vector<FileRecord>> b = store->files();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->size() == b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    CHECK((*a)[i].path == (*b)[i].path);
    CHECK((*b)[i].hash.rfind("jsonl-", 0) == 0);
    CHECK((*b)[i].extractor == ExtractorStamp{});
    Result<std::optional<Extraction>> x = text_store->load_file((*a)[i].path);
    Result<std::optional<Extraction>> y = store->load_file((*b)[i].path);
    REQUIRE(x.ok());
    REQUIRE(y.ok());
    CHECK(to_json(**x, -1) == to_json(**y, -1));
  }
  // The same lines again are unchanged.
  std::istringstream again(jsonl);
  Result<IngestTotals> t2 = ingest_jsonl(*store, again, "part-00000", kMulti, r, r, config);
  REQUIRE(t2.ok());
  CHECK(t2->unchanged == 3);
}

}  // namespace
