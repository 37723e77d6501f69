// `ingest` at scale (issue 10): extraction as a map step (extract --files-from,
// ingest --from-jsonl), upgrades (the extractor stamp, reindex, a version 2
// store) and a parallel ingest killed with SIGKILL at random moments. The
// built executable, each test in its own temporary directory.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/store/store.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;

std::string dump(const std::string& db) {
  auto store = pg::Store::open(db, pg::Store::OpenMode::kReadOnly);
  INFO((store.ok() ? "" : store.error().to_string()));
  REQUIRE(store.ok());
  auto d = store->dump();
  REQUIRE(d.ok());
  return *d;
}

// A dump with the hash and extractor columns of `files` rows blanked: what
// differs between a store loaded from JSONL and one read from the texts.
std::string without_hashes(const std::string& dump) {
  std::string out;
  std::size_t at = 0;
  while (at < dump.size()) {
    std::size_t end = dump.find('\n', at);
    std::string line = dump.substr(at, end - at);
    at = end + 1;
    std::vector<std::string> cells;
    std::size_t from = 0;
    for (std::size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1) {
      cells.push_back(line.substr(from, tab - from));
    }
    cells.push_back(line.substr(from));
    if (cells.size() > 1 && cells[1] == "files") {
      cells[2] = "HASH";                    // hash
      cells[cells.size() - 2] = "VERSION";  // extractor_version
      cells[cells.size() - 1] = "TABLES";   // tables_hash
    }
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "\t" : "") + cells[i];
    out += '\n';
  }
  return out;
}

// tests/data/gazettes, judicial and national copied under `dir`.
void copy_sample(const std::string& dir) {
  fs::create_directories(dir);
  for (const char* d : {"gazettes", "judicial", "national"}) {
    for (const auto& entry : fs::directory_iterator(kData + "/" + d)) {
      if (entry.path().extension() == ".txt") {
        fs::copy_file(entry.path(), dir + "/" + d + "_" + entry.path().filename().string());
      }
    }
  }
}

TEST_CASE("extract - reads standard input", "[ingest_cli][jsonl]") {
  Run r = run("extract --format jsonl -", {.stdin_file = kData + "/multi/2017_jinan_24.txt"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find('\n') == r.out.size() - 1);  // one line
  CHECK(has(r.out, "\"source\":\"-\""));
  CHECK(has(r.out, "济政发〔2017〕24号"));
}

TEST_CASE("extract -> JSONL -> ingest --from-jsonl gives the store a text ingest gives",
          "[ingest_cli][jsonl]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  copy_sample(corpus + "/sub");
  for (const char* f : {"2017_jinan_24.txt", "2018_jiyang_6.txt"}) {
    fs::copy_file(kData + "/multi/" + f, corpus + "/" + f);
  }
  // The map step: a list of paths relative to the corpus, on standard input.
  Run list = shell("cd '" + corpus + "' && find . -name '*.txt' | sort");
  REQUIRE(list.status == 0);
  {
    std::ofstream out(tmp.file("list.txt"));
    out << list.out;
  }
  Run map = run("extract --format jsonl --root '" + corpus + "' --files-from -",
                {.stdin_file = tmp.file("list.txt")});
  INFO(map.err);
  REQUIRE(map.status == 0);
  REQUIRE(std::count(map.out.begin(), map.out.end(), '\n') == 85);
  {
    std::ofstream out(tmp.file("part-00000"));
    out << map.out;
  }
  Run from_jsonl =
      run("ingest --db '" + tmp.file("jsonl.db") + "' --root '" + corpus + "' --from-jsonl -",
          {.stdin_file = tmp.file("part-00000")});
  INFO(from_jsonl.err);
  REQUIRE(from_jsonl.status == 0);
  Run from_text = run("ingest --db '" + tmp.file("text.db") + "' '" + corpus + "'");
  REQUIRE(from_text.status == 0);
  const std::string text_dump = dump(tmp.file("text.db"));
  CHECK(has(text_dump, "sub/gazettes_000_1a218bf28652ce10.txt"));
  CHECK(without_hashes(dump(tmp.file("jsonl.db"))) == without_hashes(text_dump));
  CHECK(has(from_jsonl.err, "ingested 85 files (85 added"));

  // Loading the same lines again changes nothing; a text ingest re-reads
  // them (their hash and extractor are those of JSONL) and then matches.
  Run again = run("ingest --db '" + tmp.file("jsonl.db") + "' --from-jsonl '" +
                  tmp.file("part-00000") + "' --root '" + corpus + "'");
  CHECK(has(again.err, "(0 added, 0 replaced, 85 unchanged)"));
  Run text_after = run("ingest --db '" + tmp.file("jsonl.db") + "' '" + corpus + "'");
  CHECK(has(text_after.err, "(0 added, 85 replaced, 0 unchanged)"));
  CHECK(dump(tmp.file("jsonl.db")) == text_dump);
}

TEST_CASE("a bad JSONL line is an error naming its line number and the others are loaded",
          "[ingest_cli][jsonl]") {
  TempDir tmp;
  Run map = run("extract --format jsonl '" + kData + "/multi/2017_jinan_24.txt' '" + kData +
                "/multi/2018_jiyang_6.txt'");
  REQUIRE(map.status == 0);
  const std::size_t cut = map.out.find('\n') + 1;
  {
    std::ofstream out(tmp.file("in.jsonl"));
    out << map.out.substr(0, cut) << "{\"source\": \"x.txt\", \"documents\": [\n"
        << map.out.substr(cut) << "{\"source\": \"/etc/passwd\"}\n";
  }
  Run r = run("ingest --db '" + tmp.db() + "' --from-jsonl '" + tmp.file("in.jsonl") + "'");
  CHECK(r.status == 2);
  CHECK(has(r.err, "policygraph: error: " + tmp.file("in.jsonl") + ":2: "));
  CHECK(has(r.err, tmp.file("in.jsonl") + ":4: \"source\" must name the file relative"));
  CHECK(has(r.err, "ingested 2 files (2 added, 0 replaced, 0 unchanged, 2 failed)"));
  Run q = run("show 济阳政发〔2018〕6号 --db '" + tmp.db() + "'");
  CHECK(q.status == 0);
}

TEST_CASE("ingest re-reads files stored by an older extractor and says so",
          "[ingest_cli][upgrade]") {
  TempDir tmp;
  const std::string corpus = kData + "/multi";
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + corpus + "'").status == 0);
  const std::string before = dump(tmp.db());
  // As if two files had been stored by the version before this one.
  sql(tmp.db(),
      "UPDATE files SET extractor_version = extractor_version - 1 WHERE source <> "
      "'2018_jiyang_6.txt'");
  Run r = run("ingest --db '" + tmp.db() + "' '" + corpus + "'");
  REQUIRE(r.status == 0);
  CHECK(has(r.err, "policygraph: re-reading 2 files extracted by an older version\n"));
  CHECK(has(r.err, "(0 added, 2 replaced, 1 unchanged)"));
  CHECK(dump(tmp.db()) == before);
  Run quiet = run("ingest --db '" + tmp.db() + "' '" + corpus + "'");
  CHECK_FALSE(has(quiet.err, "re-reading"));
}

TEST_CASE("reindex re-reads every stored file in place and keeps the records of a missing one",
          "[ingest_cli][upgrade]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  copy_sample(corpus);
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + corpus + "'").status == 0);
  const std::string before = dump(tmp.db());
  const std::string gone = fs::weakly_canonical(corpus + "/gazettes_000_1a218bf28652ce10.txt");
  fs::remove(gone);
  Run r = run("reindex --db '" + tmp.db() + "'");
  CHECK(r.status == 2);
  CHECK(has(r.err,
            "policygraph: error: " + gone + ": cannot open file; its stored records are kept\n"));
  CHECK(has(r.err, "reindexed 82 files (0 added, 82 replaced, 0 unchanged, 1 failed)"));
  CHECK(dump(tmp.db()) == before);
  CHECK(run("reindex --db '" + tmp.file("typo.db") + "'").status == 2);
  CHECK_FALSE(fs::exists(tmp.file("typo.db")));
}

TEST_CASE("a version 2 store is refused by queries with the fixing command, which upgrades it",
          "[ingest_cli][upgrade]") {
  TempDir tmp;
  const std::string db = tmp.file("v2.db");
  fs::copy_file(kData + "/store_v2/v2.db", db);
  Run q = run("show 济阳政发〔2018〕6号 --db '" + db + "'");
  CHECK(q.status == 2);
  const std::string fix = "policygraph reindex --db " + db;
  REQUIRE(has(q.err, "database has schema version 2; this policygraph needs 8: upgrade it with `" +
                         fix + "`"));
  // The file it names (/tmp/pgfix/corpus/...) moved into this test's folder:
  // the v2 store's key rewritten to match, its schema left as it is.
  const std::string file = fs::weakly_canonical(tmp.path()).string() + "/corpus/2018_jiyang_6.txt";
  fs::create_directories(tmp.file("corpus"));
  fs::copy_file(kData + "/multi/2018_jiyang_6.txt", file);
  sql(db, "UPDATE files SET path = '" + file + "'");
  Run up = run("reindex --verbose --db '" + db + "'");
  INFO(up.err);
  CHECK(up.status == 0);
  CHECK(has(up.err, file + ": UTF-8, replaced, 1 documents, 2 edges"));
  CHECK(run("show 济阳政发〔2018〕6号 --db '" + db + "'").status == 0);
  // Its records are now those of a fresh ingest of the same file.
  REQUIRE(run("ingest --db '" + tmp.file("fresh.db") + "' '" + tmp.file("corpus") + "'").status ==
          0);
  CHECK(dump(db) == dump(tmp.file("fresh.db")));
}

// ------------------------------------------------------------ kill -9 ----

// A child `policygraph ingest --verbose` with its standard error on a pipe.
struct Child {
  pid_t pid = -1;
  int err = -1;
};

Child start_ingest(const std::string& db, const std::string& corpus) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 2);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    close(fds[0]);
    close(fds[1]);
    execl(POLICYGRAPH_EXE, POLICYGRAPH_EXE, "ingest", "--verbose", "--jobs", "2", "--batch", "5",
          "--db", db.c_str(), corpus.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

// Reads what the child wrote until `deadline` or its end.
void drain(int fd, std::string& into, std::chrono::steady_clock::time_point deadline) {
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) return;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    into.append(buf, static_cast<std::size_t>(n));
  }
}

// The files the verbose lines (complete lines only) report stored.
std::set<std::string> reported(const std::string& err) {
  std::set<std::string> out;
  std::size_t at = 0;
  for (std::size_t end; (end = err.find('\n', at)) != std::string::npos; at = end + 1) {
    std::string line = err.substr(at, end - at);
    std::size_t mark = line.find(", added, ");
    if (mark == std::string::npos) continue;
    std::size_t colon = line.rfind(": ", mark);
    REQUIRE(colon != std::string::npos);
    out.insert(fs::weakly_canonical(line.substr(0, colon)).string());
  }
  return out;
}

TEST_CASE("a parallel ingest killed at random moments keeps every file it reported, whole",
          "[ingest_cli][crash]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  copy_sample(corpus + "/a");
  copy_sample(corpus + "/b");
  const std::string clean = tmp.file("clean.db");
  auto t0 = std::chrono::steady_clock::now();
  Run full = run("ingest --jobs 2 --batch 5 --db '" + clean + "' '" + corpus + "'");
  REQUIRE(full.status == 0);
  const auto clean_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  const std::string reference = dump(clean);

  std::random_device device;
  const char* fixed = std::getenv("POLICYGRAPH_KILL_SEED");
  const unsigned seed = fixed ? static_cast<unsigned>(std::strtoul(fixed, nullptr, 10)) : device();
  WARN("kill -9 seed " << seed << " (POLICYGRAPH_KILL_SEED=" << seed << " repeats it)");
  std::mt19937 rng(seed);
  std::uniform_int_distribution<long> moment(0, std::max<long>(50, clean_ms));

  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(12);
  int runs = 0, partial = 0, some = 0;
  // At least three runs however slow the machine (an instrumented build
  // ingests several times slower): the budget bounds only the runs after.
  while (runs < 3 || (runs < 12 && std::chrono::steady_clock::now() < end)) {
    ++runs;
    const std::string db = tmp.file("killed" + std::to_string(runs) + ".db");
    const long wait_ms = moment(rng);
    INFO("run " << runs << ", killed after " << wait_ms << " ms");
    Child child = start_ingest(db, corpus);
    std::string err;
    drain(child.err, err, std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms));
    kill(child.pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(child.pid, &status, 0) == child.pid);
    drain(child.err, err, std::chrono::steady_clock::now() + std::chrono::seconds(2));
    close(child.err);
    INFO(err);
    if (WIFSIGNALED(status)) ++partial;
    const std::set<std::string> said = reported(err);

    std::set<std::string> stored;
    std::string number;  // a document number of a stored file, to ask for
    {
      auto store = pg::Store::open(db, pg::Store::OpenMode::kMustExist);
      if (!store.ok() && said.empty()) continue;  // killed before the schema was committed
      INFO((store.ok() ? "" : store.error().to_string()));
      REQUIRE(store.ok());
      auto check = store->integrity_check();
      REQUIRE(check.ok());
      CHECK(*check == "ok");
      auto files = store->files();
      REQUIRE(files.ok());
      for (const pg::FileRecord& f : *files) {
        stored.insert(f.path);
        if (!number.empty()) continue;
        auto e = store->load_file(f.path);
        REQUIRE(e.ok());
        for (const pg::Document& d : (*e)->documents) {
          if (d.doc_no && number.empty()) number = *d.doc_no;
        }
      }
      const std::string after = *store->dump();
      // No partial file: each stored file's rows are those of a clean ingest.
      for (const std::string& key : stored) {
        INFO(key);
        CHECK(rows_of(after, key) == rows_of(reference, key));
      }
    }
    // Every file reported stored is there; at most one batch more (committed
    // but killed before its lines were written).
    for (const std::string& key : said) {
      INFO(key);
      CHECK(stored.count(key) == 1);
    }
    CHECK(stored.size() <= said.size() + 5);
    if (!said.empty() && stored.size() < 166) ++some;
    // And the store answers a query.
    if (!number.empty()) {
      Run show = run("show '" + number + "' --db '" + db + "'");
      INFO(show.err);
      CHECK(show.status == 0);
    }
  }
  WARN(runs << " runs, " << partial << " killed before the end, " << some
            << " with some files stored (seed " << seed << ")");
}

}  // namespace
