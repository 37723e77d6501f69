// The command-line convention (README, "Command-line conventions";
// analyzer/cli/options.h): the built executable with the arguments a user in
// a GBK terminal or a careless script gives it. Every command must end with
// status 0, 1, 2 (or 3: check's findings), never a signal, and say what was
// wrong.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg::testing;
using nlohmann::json;

const std::string kData = TEST_DATA_DIR;

// Shell text for bytes that are not UTF-8 (sh has no $'\xff').
const std::string kInvalid = "\"$(printf '\\377\\376')\"";
const std::string kHalfCharacter = "\"$(printf '\\344\\270')\"";  // 中 cut short

struct Corpus {
  TempDir dir;
  Corpus() {
    Run r = run("ingest --db '" + dir.db() + "' '" + kData + "/multi'");
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
  std::string db() const { return " --db '" + dir.db() + "'"; }
};

bool ended_normally(const Run& r, std::initializer_list<int> allowed) {
  for (int s : allowed) {
    if (r.status == s) return true;
  }
  return false;
}

// -------------------------------------------------------------- ingest ----

TEST_CASE("ingest of a missing path fails and names it and creates no database",
          "[conventions][ingest]") {
  TempDir tmp;
  Run r = run("ingest --db '" + tmp.db() + "' /nonexistent/corpus");
  CHECK(r.status == 2);
  CHECK(has(r.err, "/nonexistent/corpus: no such file or directory"));
  CHECK(has(r.err, "nothing ingested"));
  CHECK_FALSE(fs::exists(tmp.db()));
  // One missing path among good ones: nothing is ingested either.
  Run mixed = run("ingest --db '" + tmp.db() + "' '" + kData + "/multi' /nonexistent/x.txt");
  CHECK(mixed.status == 2);
  CHECK_FALSE(fs::exists(tmp.db()));
}

TEST_CASE("answers do not depend on the folder ingest ran from", "[conventions][ingest]") {
  TempDir a, b;
  fs::create_directories(b.path() + "/work");
  // From the repository's data folder by absolute path, and from another
  // folder by a relative path with a trailing slash.
  Run ra = run("ingest --db '" + a.db() + "' '" + kData + "/multi'");
  const std::string rel = fs::relative(kData + "/multi", b.path() + "/work").string() + "/";
  Run rb =
      run("ingest --db '" + b.db() + "' '" + rel + "'", {.env = "cd '" + b.path() + "/work' && "});
  REQUIRE(ra.status == 0);
  REQUIRE(rb.status == 0);
  for (const char* doc : {"济政发〔2017〕24号", "鲁政发〔2019〕25号"}) {
    Run sa = run(std::string("show ") + doc + " --json --as-of 2020-03-01 --db '" + a.db() + "'");
    Run sb = run(std::string("show ") + doc + " --json --as-of 2020-03-01 --db '" + b.db() + "'");
    REQUIRE(sa.status == 0);
    CHECK(sa.out == sb.out);
    // The evidence names the file relative to the folder ingested.
    CHECK_FALSE(has(sa.out, kData));
  }
  Run one = run("show 济政发〔2017〕24号 --json --db '" + a.db() + "'");
  CHECK(parse(one)["document"]["source"] == "2017_jinan_24.txt");
}

// ------------------------------------------------------------- options ----

TEST_CASE("every command spells a shared option the same way", "[conventions][help]") {
  struct Shared {
    std::string option, words;  // the words its help says in every command
    std::vector<std::string> commands;
  };
  const std::vector<Shared> shared = {
      {"--db",
       "(Env:POLICYGRAPH_DB)",
       {"ingest", "show", "cites", "superseded", "export", "check", "cleanup", "report"}},
      {"--as-of",
       "Statuses as of this day, YYYY-MM-DD (default: today)",
       {"show", "superseded", "export", "check", "cleanup", "report"}},
      {"--issuer",
       "or 机关代字 equal to it; when no document has it exactly, containing it",
       {"superseded", "export", "cleanup", "report"}},
      {"--types",
       "comma-separated: repeals, amends, based_on, implements, forwards, cites",
       {"cites", "cited-by", "export"}},
      {"-o,--output", "to this file; - for standard output", {"export", "cleanup", "report"}},
      {"-v,--verbose",
       "on standard error: the encoding assumed, what was done with it",
       {"extract", "ingest"}},
      {"--format", "--format TEXT:{", {"extract", "export", "report"}},
  };
  for (const Shared& s : shared) {
    for (const std::string& command : s.commands) {
      Run r = run(command + " --help");
      INFO(command << ' ' << s.option);
      REQUIRE(r.status == 0);
      CHECK(has(r.out, s.option));
      CHECK(has(r.out, s.words));
    }
  }
  // The old spellings are gone.
  Run old = run("cites x --type repeals");
  CHECK(old.status == 2);
  CHECK(has(old.err, "--type"));
}

TEST_CASE("POLICYGRAPH_DB is read through the option and --db wins over it", "[conventions][db]") {
  Corpus c;
  TempDir other;
  Run env = run("show 鲁政发〔2019〕25号 --json", {.env = "POLICYGRAPH_DB='" + c.dir.db() + "'"});
  CHECK(env.status == 0);
  Run both = run("show 鲁政发〔2019〕25号 --json --db '" + other.db() + "'",
                 {.env = "POLICYGRAPH_DB='" + c.dir.db() + "'"});
  CHECK(both.status == 2);
  CHECK(has(both.err, other.db()));
}

TEST_CASE("choices are checked while parsing and the error names the option and the value",
          "[conventions][choices]") {
  Corpus c;
  struct Case {
    std::string args, words;
  };
  for (const Case& k : std::vector<Case>{
           {"extract --format xml x.txt", "--format: xml not in"},
           {"report --format pdf -o -" + c.db(), "--format: pdf not in"},
           {"export --format pdf" + c.db(), "--format: pdf not in"},
           {"cites 济政发〔2017〕24号 --types quotes" + c.db(), "--types: quotes not in"},
           {"show 济政发〔2017〕24号 --as-of 2019-02-29" + c.db(), "'2019-02-29' is not a date"},
           {"expiring --within 6weeks" + c.db(), "'6weeks' is not a span"},
           {"export --format json --depth -1" + c.db(), "--depth"},
       }) {
    Run r = run(k.args);
    INFO(k.args << "\n" << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(has(r.err, k.words));
  }
}

TEST_CASE("issuer filter: a part of a name is said to match by containment",
          "[conventions][issuer]") {
  Corpus c;  // 济政发〔2017〕24号 is printed by 济南市人民政府
  for (const std::string command : {"superseded", "export --format json"}) {
    Run exact = run(command + " --issuer 济南市人民政府 --as-of 2020-03-01" + c.db());
    INFO(command << "\n" << exact.err);
    CHECK(ended_normally(exact, {0, 1}));
    CHECK_FALSE(has(exact.err, "no document has exactly"));
    Run part = run(command + " --issuer 人民政府 --as-of 2020-03-01" + c.db());
    CHECK(ended_normally(part, {0, 1}));
    CHECK(has(part.err, "no document has exactly the issuer 人民政府"));
  }
}

TEST_CASE("status messages go to stderr and -o - writes the artefact to stdout",
          "[conventions][output]") {
  Corpus c;
  const std::string csv = c.dir.file("sheet.csv");
  Run to_file = run("cleanup --issuer 济南市人民政府 --as-of 2020-03-01 -o '" + csv + "'" + c.db());
  REQUIRE(to_file.status == 0);
  CHECK(to_file.out.empty());
  CHECK(has(to_file.err, "policygraph: wrote " + csv));
  Run to_stdout = run("cleanup --issuer 济南市人民政府 --as-of 2020-03-01 -o -" + c.db());
  REQUIRE(to_stdout.status == 0);
  CHECK(to_stdout.out == slurp(csv));
  CHECK_FALSE(has(to_stdout.err, "wrote"));
  Run dot = run("export --format dot -o -" + c.db());
  CHECK(dot.status == 0);
  CHECK(dot.out.rfind("digraph", 0) == 0);
  Run ingest = run("ingest --db '" + c.dir.db() + "' '" + kData + "/multi'");
  CHECK(ingest.out.empty());
  CHECK(has(ingest.err, "ingested 3 files (0 added, 0 replaced, 3 unchanged)"));
}

// ---------------------------------------------- hostile arguments ----

TEST_CASE("a file name beginning with - is a file after --", "[conventions][dashes]") {
  TempDir tmp;
  fs::copy_file(kData + "/drafts/clean.txt", tmp.file("-draft.txt"));
  fs::create_directories(tmp.file("-corpus"));
  fs::copy_file(kData + "/multi/2017_jinan_24.txt", tmp.file("-corpus/a.txt"));
  const std::string in = "cd '" + tmp.path() + "' && ";

  Run e = run("extract --format summary -- -draft.txt", {.env = in});
  CHECK(e.status == 0);
  CHECK(has(e.out, "-draft.txt: 1 documents"));
  Run i = run("ingest --db t.db -- -corpus", {.env = in});
  CHECK(i.status == 0);
  CHECK(has(i.err, "ingested 1 files"));
  Run k = run("check --db t.db --as-of 2020-03-01 -- -draft.txt", {.env = in});
  CHECK(ended_normally(k, {0, 3}));
  CHECK(has(k.out, "draft -draft.txt"));
  // Without --, the name is taken for an option and refused, with the way out.
  Run bare = run("extract -draft.txt", {.env = in});
  CHECK(bare.status == 2);
  CHECK(has(bare.err, "goes after --"));
}

TEST_CASE("invalid UTF-8 and option-like arguments never crash a command",
          "[conventions][hostile]") {
  Corpus c;
  const std::vector<std::string> values = {kInvalid, kHalfCharacter, "-",  "--",
                                           "'-x'",   "'--db'",       "''", "'%s%n'"};
  const std::vector<std::string> commands = {"show",
                                             "repeals",
                                             "chain",
                                             "impact",
                                             "cites",
                                             "cited-by",
                                             "superseded --issuer",
                                             "cleanup --issuer",
                                             "export --format json --around",
                                             "export --format json --issuer",
                                             "report -o - --issuer",
                                             "check",
                                             "extract",
                                             "expiring --within",
                                             "show 济政发〔2017〕24号 --as-of"};
  for (const std::string& command : commands) {
    for (const std::string& value : values) {
      for (const std::string& json : {std::string(), std::string(" --json")}) {
        const std::string args = command + " " + value + c.db() + json;
        Run r = run(args + " </dev/null");
        INFO(args << "\nstatus " << r.status << "\n" << r.err);
        CHECK(ended_normally(r, {0, 1, 2, 3}));
        if (r.status == 2) CHECK(has(r.err, "policygraph: "));
        if (!json.empty() && r.status <= 1 && !r.out.empty()) {
          CHECK_NOTHROW(json::parse(r.out));
        }
      }
    }
  }
}

TEST_CASE("a document named in invalid UTF-8 is not found and the JSON is valid",
          "[conventions][hostile]") {
  Corpus c;
  Run r = run("show " + kInvalid + " --json" + c.db());
  CHECK(r.status == 1);
  json j = parse(r);
  CHECK(j["error"] == "not found");
  CHECK(j["query"] == "\xEF\xBF\xBD\xEF\xBF\xBD");  // each bad byte replaced by U+FFFD
  CHECK(has(r.err, "not found"));
}

}  // namespace
