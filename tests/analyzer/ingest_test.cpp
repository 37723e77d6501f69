// The ingest pipeline as a library (analyzer/ingest): which files a path
// names and under what name they are stored, and the totals of a run.
#include "analyzer/ingest/ingest.h"

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/ingest/graph_loading.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg;
using namespace pg::testing;

const std::string kMulti = std::string(TEST_DATA_DIR) + "/multi";

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

}  // namespace
