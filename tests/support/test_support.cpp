#include "support/test_support.h"

#include <sqlite3.h>
#include <stdlib.h>  // mkdtemp
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/ingest/graph_loading.h"
#include "analyzer/read/source_reader.h"
#include "graphs/graph/json.h"
#include "graphs/model/json.h"
#include "graphs/model/json_io.h"

namespace pg::testing {

namespace fs = std::filesystem;

namespace {

std::vector<Extraction> extractions_of(const std::vector<fs::path>& files) {
  std::vector<Extraction> corpus;
  for (const auto& f : files) {
    auto e = extraction_from_json(read_file(f), f.string());
    INFO(f.string());
    REQUIRE(e.ok());
    corpus.push_back(std::move(*e));
  }
  return corpus;
}

std::vector<fs::path> json_files_of(std::initializer_list<const char*> sets) {
  std::vector<fs::path> out;
  for (const char* set : sets) {
    for (const auto& entry : fs::directory_iterator(fs::path(TEST_DATA_DIR) / set)) {
      if (entry.path().extension() == ".json") out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// ------------------------------------------------------------- files ----

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  INFO(path.string());
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> files_in(const std::string& dir, const std::string& ext) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ext) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// ---------------------------------------------------------- the gold ----

std::vector<fs::path> gold_files() { return json_files_of({"gazettes", "judicial"}); }

std::vector<Extraction> gazette_corpus() {
  auto corpus = extractions_of(json_files_of({"gazettes"}));
  REQUIRE(corpus.size() >= 3);
  return corpus;
}

std::vector<Extraction> sample_corpus() {
  auto corpus = extractions_of(gold_files());
  REQUIRE(corpus.size() == 23);
  return corpus;
}

const std::vector<IssuerRule>& agency_rules() {
  static const std::vector<IssuerRule> rules = [] {
    auto parsed = pg::agency_rules();  // the table every command resolves with
    REQUIRE(parsed.ok());
    return *parsed;
  }();
  return rules;
}

const CorpusGraph& gazette_graph() {
  static const CorpusGraph g = CorpusGraph::build(gazette_corpus(), agency_rules());
  return g;
}

const CorpusGraph& sample_graph() {
  static const CorpusGraph g = CorpusGraph::build(sample_corpus(), agency_rules());
  return g;
}

// ------------------------------------------------------ small values ----

Date day(const char* iso) { return *Date::parse_iso(iso); }

std::size_t idx(const CorpusGraph& g, const char* id) {
  auto i = g.index_of(id);
  INFO(id);
  REQUIRE(i.has_value());
  return *i;
}

Edge edge(const char* from, const char* to_no, const char* to_title, RelationType type, int line,
          const char* quote) {
  Edge e;
  e.from = from;
  if (to_no) e.to_doc_no = to_no;
  if (to_title) e.to_title = to_title;
  e.type = type;
  e.line = line;
  e.evidence = quote;
  return e;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Extraction extract_file(const std::string& path, const std::string& name) {
  NullSink sink;
  Result<SourceText> src = read_source(path);
  INFO(path);
  REQUIRE(src.ok());
  src->name = name;
  return extract(*src, sink);
}

std::string rows_of(const std::string& dump, const std::string& key) {
  std::string out;
  const std::string prefix = "\"" + key + "\"\t";
  std::size_t at = 0;
  while (at < dump.size()) {
    std::size_t end = dump.find('\n', at);
    if (end == std::string::npos) end = dump.size();
    if (dump.compare(at, prefix.size(), prefix) == 0) out += dump.substr(at, end - at + 1);
    at = end + 1;
  }
  return out;
}

std::string graph_dump(const CorpusGraph& g) {
  Json j = Json::object();
  Json nodes = Json::array();
  for (const Node& n : g.nodes()) {
    Json nj = n;
    nj["mentions"] = n.mentions;
    nodes.push_back(nj);
  }
  j["nodes"] = nodes;
  Json edges = Json::array();
  for (std::size_t e = 0; e < g.edges().size(); ++e) edges.push_back(edge_json(g, e));
  j["edges"] = edges;
  j["findings"] = g.findings();
  std::map<std::string, std::vector<std::string>> titles(g.title_index().begin(),
                                                         g.title_index().end());
  j["titles"] = titles;
  return j.dump(1);
}

void sql(const std::string& db, const std::string& statement) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(h);
  REQUIRE(rc == SQLITE_OK);
}

// ------------------------------------------------------ directories ----

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "policygraph_test_XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;  // a destructor must not throw; a leftover is harmless
  fs::remove_all(path_, ec);
}

// ---------------------------------------------------- the executable ----

Run shell(const std::string& command_line) {
  static int counter = 0;
  const std::string base =
      (fs::temp_directory_path() /
       ("policygraph_run_" + std::to_string(::getpid()) + "_" + std::to_string(counter++)))
          .string();
  const std::string cmd = command_line + " >" + base + ".out 2>" + base + ".err";
  int raw = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

Run run(const std::string& args, const RunOptions& options) {
  std::string cmd = options.env + " '" + std::string(POLICYGRAPH_EXE) + "' " + args;
  if (!options.stdin_file.empty()) cmd += " <'" + options.stdin_file + "'";
  return shell(cmd);
}

nlohmann::json parse(const Run& r) {
  INFO(r.out);
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

}  // namespace pg::testing
