// policygraph-cli-bench: the scale benchmark of scripts/bench. Writes a
// corpus of N documents (tests/bench/corpus_gen.h), runs `policygraph ingest
// --text-index-later` on it as a process (the ingest target's figure: the
// graph stored and answering), then `policygraph index-text` (the full-text
// index, its own figure, no target), then each query R times as a process
// (on the store fully indexed), and prints for
// each the median wall time, the median CPU (user + sys) and the peak RSS
// (wait4's rusage of the child), beside the targets for 1M documents. With the
// small size (N/10, default) it does the same there first and prints each
// command's cost ratio, so that growth can be read.
//
// It also checks what it can without timing: ingest stored the number of
// documents written, index-text indexed some, every query exited as documented with some output, and
// `show` of a generated number prints that number. Any failure makes the exit
// status 1 (ctest runs it at 2,000 documents).
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/corpus_gen.h"

namespace {

namespace fs = std::filesystem;

// The day every status is computed for: fixed, so that a run reads the same
// corpus the same way on any day (the generator's 有效期 fall around it).
constexpr const char* kAsOf = "2026-06-01";

struct Run {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // -1: killed by a signal
  double wall = 0;     // seconds
  double cpu = 0;      // user + sys seconds
  long peak_kb = 0;
};

// Runs argv with stdout and stderr to files and a CPU-and-wall alarm of
// `timeout` seconds (alarm survives exec; SIGALRM ends the child).
Run run_process(const std::vector<std::string>& argv, const std::string& out,
                const std::string& err, unsigned timeout) {
  Run r;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto t0 = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child < 0) return r;
  if (child == 0) {
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(126);
    close(o);
    close(e);
    if (timeout > 0) alarm(timeout);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  pid_t got;
  do {
    got = wait4(child, &status, 0, &usage);
  } while (got < 0 && errno == EINTR);
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (got != child) return r;
  r.started = true;
  r.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
          static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  r.peak_kb = usage.ru_maxrss;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) r.timed_out = true;
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::uintmax_t file_size_or_zero(const std::string& path) {
  std::error_code ec;
  std::uintmax_t n = fs::file_size(path, ec);
  return ec ? 0 : n;
}

std::string mb(double kb) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f MB", kb / 1024);
  return buf;
}

struct Query {
  std::string name;   // as printed and as --only names it
  std::string label;  // the command as printed
  std::vector<std::string> args;
  std::set<int> ok_exits;
  double target_s = 0;       // 0: none
  std::string output_file;   // written with -o instead of stdout
  std::string must_contain;  // in stdout
};

struct Measured {
  std::string name;
  bool ran = false;
  bool timed_out = false;
  double wall = 0, cpu = 0;  // medians
  long peak_kb = 0;          // the largest
  double target_s = 0;
};

struct SizeResult {
  long documents = 0;
  Measured ingest;      // ingest --text-index-later: the graph, text stored
  Measured text_index;  // index-text afterwards
  std::vector<Measured> queries;
};

struct Settings {
  std::string exe;
  std::vector<std::string> samples;
  int runs = 5;
  unsigned timeout = 120;
  std::set<std::string> only;
  std::uint64_t seed = 1;
  bool text_index = true;  // false: --no-text-index, the graph only
};

int failures = 0;

void fail(const std::string& what) {
  ++failures;
  std::printf("FAILED: %s\n", what.c_str());
}

std::vector<Query> queries_for(const pg::bench::CorpusManifest& m, const std::string& dir) {
  const std::string as_of = std::string("--as-of=") + kAsOf;
  std::vector<Query> q = {
      {"show", "show <district doc>", {"show", m.deep_doc, as_of}, {0}, 0.05, "", m.deep_doc},
      {"show-hub", "show <national hub>", {"show", m.hub_doc, as_of}, {0}, 0, "", m.hub_doc},
      {"chain",
       "chain <district doc>",
       {"chain", m.deep_doc, as_of},
       {0},
       0.05,
       "",
       m.province_doc},
      {"impact",
       "impact <province doc>",
       {"impact", m.province_doc, as_of},
       {0},
       0.05,
       "",
       m.city_doc},
      {"cites", "cites <district doc>", {"cites", m.deep_doc}, {0}, 0.05, "", m.city_doc},
      {"cited-by", "cited-by <city doc>", {"cited-by", m.city_doc}, {0}, 0, "", m.deep_doc},
      {"repeals", "repeals <district doc>", {"repeals", m.repealer, as_of}, {0}, 0, "", ""},
      {"check", "check <draft>", {"check", m.draft_path, as_of}, {0, 3}, 0.05, "", m.city_doc},
      {"superseded", "superseded", {"superseded", as_of}, {0}, 2, "", ""},
      {"orphans", "orphans", {"orphans", as_of}, {0}, 2, "", ""},
      {"expiring", "expiring --within 6m", {"expiring", "--within", "6m", as_of}, {0}, 2, "", ""},
      {"unresolved", "unresolved", {"unresolved"}, {0}, 2, "", ""},
      {"findings", "findings", {"findings"}, {0}, 0, "", ""},
      {"report",
       "report --format html",
       {"report", "--format", "html", "-o", dir + "/report.html", as_of},
       {0},
       0,
       dir + "/report.html",
       ""},
      // Around the repealer: the other subjects cite national hubs and laws, whose
      // neighbours grow with the corpus (and pass export's limit of drawn nodes).
      {"export",
       "export --around <repealer> --depth 2 (dot)",
       {"export", "--around", m.repealer, "--depth", "2", "--format", "dot", as_of},
       {0},
       0,
       "",
       "digraph"},
  };
  return q;
}

std::string target_text(double s) {
  if (s <= 0) return "";
  char buf[32];
  if (s < 1) {
    std::snprintf(buf, sizeof buf, "< %.0f ms", s * 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "< %.0f s", s);
  }
  return buf;
}

// One size: corpus, ingest, queries.
std::optional<SizeResult> bench_size(const Settings& s, long docs, const std::string& dir) {
  SizeResult res;
  res.documents = docs;
  pg::bench::CorpusOptions co;
  co.sample_dirs = s.samples;
  co.out_dir = dir;
  co.documents = docs;
  co.seed = s.seed;
  pg::bench::CorpusManifest m;
  std::string error;
  fs::create_directories(dir);
  if (!pg::bench::generate_corpus(co, m, error)) {
    fail("corpus: " + error);
    return std::nullopt;
  }
  std::printf("\n== corpus graph: %ld documents (in %s)\n", docs, dir.c_str());
  std::printf("corpus: %ld documents in %ld files, %.1f MB of text, written in %.1f s\n",
              m.documents, m.files, m.bytes / 1e6, m.seconds);
  std::printf("subjects: district %s -> city %s -> province %s -> national %s; repealer %s\n",
              m.deep_doc.c_str(), m.city_doc.c_str(), m.province_doc.c_str(), m.hub_doc.c_str(),
              m.repealer.c_str());
  std::fflush(stdout);

  const std::string db = dir + "/store.db";
  // Ingest leaves the full-text index for later, and index-text builds it:
  // the ingest target is the graph's (extract, store, resolve) and queries
  // answering; the index is timed on its own line, without a target.
  Run in = run_process({s.exe, "ingest", dir + "/corpus", "--db", db, "--text-index-later"},
                       dir + "/ingest.out", dir + "/ingest.err", 0);
  std::string err = slurp(dir + "/ingest.err");
  long stored = -1;
  std::smatch hit;
  // The summary line: "policygraph: ingested F files (...), D documents, ...".
  const std::size_t summary = err.rfind("ingested ");
  const std::string tail = summary == std::string::npos ? "" : err.substr(summary);
  if (std::regex_search(tail, hit, std::regex("([0-9]+) documents"))) stored = std::stol(hit[1]);
  res.ingest = {"ingest", in.started, in.timed_out, in.wall, in.cpu, in.peak_kb, 0};
  if (in.exit_code != 0) {
    fail("ingest exited " + std::to_string(in.exit_code) + ": " + err.substr(0, 300));
    return std::nullopt;
  }
  if (stored != m.documents) {
    fail("ingest reported " + std::to_string(stored) + " documents, the corpus has " +
         std::to_string(m.documents));
  }
  const double rate = m.documents / in.wall;
  std::printf(
      "ingest (extract + store + resolve; text index later): %ld documents, %ld files in %.1f s "
      "wall, %.1f s CPU: %.0f documents/s, %.0f files/s, %.1f MB/s; peak RSS %s   target >= "
      "5000 documents/s: %s\n",
      stored, m.files, in.wall, in.cpu, rate, m.files / in.wall, m.bytes / 1e6 / in.wall,
      mb(static_cast<double>(in.peak_kb)).c_str(), rate >= 5000 ? "PASS" : "MISS");
  std::fflush(stdout);

  if (!s.text_index) {
    // Not built: its growth row says "-".
    res.text_index.name = "text index";
    const std::uintmax_t db_bytes = file_size_or_zero(db), wal = file_size_or_zero(db + "-wal"),
                         shm = file_size_or_zero(db + "-shm");
    std::printf(
        "text index: not built (--no-text-index); store %.1f MB (db %.1f + wal %.1f + "
        "shm %.1f)\n",
        (db_bytes + wal + shm) / 1e6, db_bytes / 1e6, wal / 1e6, shm / 1e6);
  } else {
    Run ix = run_process({s.exe, "index-text", "--db", db}, dir + "/index-text.out",
                         dir + "/index-text.err", 0);
    const std::string ix_err = slurp(dir + "/index-text.err");
    res.text_index = {"text index", ix.started, ix.timed_out, ix.wall, ix.cpu, ix.peak_kb, 0};
    if (ix.exit_code != 0) {
      fail("index-text exited " + std::to_string(ix.exit_code) + ": " + ix_err.substr(0, 300));
      return std::nullopt;
    }
    long indexed = -1;
    if (std::regex_search(ix_err, hit, std::regex("text index: ([0-9]+) documents indexed"))) {
      indexed = std::stol(hit[1]);
    }
    if (indexed <= 0) fail("index-text indexed no documents: " + ix_err.substr(0, 300));
    std::uintmax_t db_bytes = file_size_or_zero(db), wal = file_size_or_zero(db + "-wal"),
                   shm = file_size_or_zero(db + "-shm");
    std::printf(
        "text index: %ld documents in %.1f s wall, %.1f s CPU: %.0f documents/s; peak RSS %s\n",
        indexed, ix.wall, ix.cpu, ix.wall > 0 ? indexed / ix.wall : 0.0,
        mb(static_cast<double>(ix.peak_kb)).c_str());
    std::printf(
        "ingest + text index: %.1f s wall, %.1f s CPU: %.0f documents/s; store %.1f MB (db %.1f + "
        "wal %.1f + shm %.1f)\n",
        in.wall + ix.wall, in.cpu + ix.cpu, m.documents / (in.wall + ix.wall),
        (db_bytes + wal + shm) / 1e6, db_bytes / 1e6, wal / 1e6, shm / 1e6);
  }

  // The queries are timed on a store at rest: what ingest and index-text
  // wrote is on disk first, not written back by the kernel while a query
  // runs (gigabytes at 10^6 documents, for tens of seconds).
  const auto sync_start = std::chrono::steady_clock::now();
  ::sync();
  std::printf("store written back to disk before the queries (sync): %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - sync_start).count());
  std::printf("%-50s %10s %10s %10s   %-9s %s\n", "query (as of 2026-06-01)", "wall ms", "CPU ms",
              "peak RSS", "target", "");
  long peak_kb = 0;
  for (const Query& q : queries_for(m, dir)) {
    if (!s.only.empty() && !s.only.count(q.name)) continue;
    std::vector<std::string> argv = {s.exe};
    argv.insert(argv.end(), q.args.begin(), q.args.end());
    argv.push_back("--db");
    argv.push_back(db);
    std::vector<Run> runs;
    Measured r{q.name, true, false, 0, 0, 0, q.target_s};
    const std::string out = dir + "/" + q.name + ".out", errf = dir + "/" + q.name + ".err";
    for (int i = 0; i < s.runs; ++i) {
      Run one = run_process(argv, out, errf, s.timeout);
      if (one.timed_out) {
        r.timed_out = true;
        break;
      }
      runs.push_back(one);
      if (!q.ok_exits.count(one.exit_code)) {
        fail(q.label + " exited " + std::to_string(one.exit_code) + ": " +
             slurp(errf).substr(0, 300));
        break;
      }
    }
    if (r.timed_out) {
      std::printf("%-50s %10s %10s %10s   %-9s %s\n", q.label.c_str(), "TIMEOUT", "", "",
                  target_text(q.target_s).c_str(), q.target_s > 0 ? "MISS" : "");
      std::fflush(stdout);
      res.queries.push_back(r);
      continue;
    }
    if (runs.empty()) continue;
    std::string text = slurp(out);
    std::string written = q.output_file.empty() ? text : slurp(q.output_file);
    if (written.empty()) fail(q.label + " printed nothing");
    if (!q.must_contain.empty() && text.find(q.must_contain) == std::string::npos) {
      fail(q.label + " does not print " + q.must_contain);
    }
    std::vector<double> walls, cpus;
    for (const Run& one : runs) {
      walls.push_back(one.wall);
      cpus.push_back(one.cpu);
      r.peak_kb = std::max(r.peak_kb, one.peak_kb);
    }
    std::sort(walls.begin(), walls.end());
    std::sort(cpus.begin(), cpus.end());
    r.wall = walls[walls.size() / 2];
    r.cpu = cpus[cpus.size() / 2];
    peak_kb = std::max(peak_kb, r.peak_kb);
    std::printf("%-50s %10.1f %10.1f %10s   %-9s %s\n", q.label.c_str(), r.wall * 1e3, r.cpu * 1e3,
                mb(static_cast<double>(r.peak_kb)).c_str(), target_text(q.target_s).c_str(),
                q.target_s > 0 ? (r.cpu < q.target_s ? "PASS" : "MISS") : "");
    std::fflush(stdout);
    res.queries.push_back(r);
  }
  std::printf("peak memory of a query: %s   target < 500 MB: %s\n",
              mb(static_cast<double>(peak_kb)).c_str(), peak_kb < 500 * 1024 ? "PASS" : "MISS");
  return res;
}

void print_growth(const SizeResult& small, const SizeResult& big) {
  std::printf("\n== growth from %ld to %ld documents (x%.1f; linear: ratio <= that)\n",
              small.documents, big.documents, static_cast<double>(big.documents) / small.documents);
  std::printf("%-12s %12s %12s %10s %10s\n", "command", "CPU ms small", "CPU ms big", "CPU ratio",
              "wall ratio");
  const double linear = static_cast<double>(big.documents) / small.documents;
  auto row = [&](const Measured& a, const Measured& b) {
    if (!a.ran || !b.ran || a.timed_out || b.timed_out || a.cpu <= 0 || a.wall <= 0) {
      std::printf("%-12s %12s %12s %10s %10s\n", b.name.c_str(), a.timed_out ? "TIMEOUT" : "-",
                  b.timed_out ? "TIMEOUT" : "-", "-", "-");
      return;
    }
    const double ratio = b.cpu / a.cpu;
    std::printf(
        "%-12s %12.1f %12.1f %10.2f %10.2f   %s\n", b.name.c_str(), a.cpu * 1e3, b.cpu * 1e3, ratio,
        b.wall / a.wall,
        ratio <= linear * 1.1 ? "PASS (no faster than linear)" : "MISS (faster than linear)");
  };
  row(small.ingest, big.ingest);
  row(small.text_index, big.text_index);
  for (const Measured& b : big.queries) {
    for (const Measured& a : small.queries) {
      if (a.name == b.name) row(a, b);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Scale benchmark: a corpus of N documents, ingest, and each query as a process"};
  Settings s;
  long docs = 10000;
  bool no_small = false, keep = false;
  std::string dir, only;
  app.add_option("--exe", s.exe, "The policygraph executable")->required();
  app.add_option("--samples", s.samples, "Sample folders (tests/data/gazettes judicial national)")
      ->required();
  app.add_option("--docs", docs, "Documents in the corpus (default 10000)");
  app.add_flag("--no-small", no_small, "Do not run at docs/10 first (no growth ratios)");
  app.add_option("--runs", s.runs, "Runs of each query; the median is printed (default 5)");
  app.add_option("--timeout", s.timeout, "Seconds before a query is stopped (default 120)");
  app.add_option("--only", only, "Comma-separated queries to run (show,chain,...)");
  app.add_option("--seed", s.seed, "Corpus seed (default 1)");
  app.add_option("--dir", dir, "Work folder (default: a new /tmp/policygraph-bench-XXXXXX)");
  app.add_flag("--keep", keep, "Keep the corpora and stores");
  bool no_text_index = false;
  app.add_flag("--no-text-index", no_text_index,
               "Do not build the full-text index after ingest (its line and growth row left out)");
  CLI11_PARSE(app, argc, argv);
  s.text_index = !no_text_index;
  s.exe = fs::absolute(s.exe).string();
  for (std::size_t p = 0; p < only.size();) {
    std::size_t q = only.find(',', p);
    if (q == std::string::npos) q = only.size();
    if (q > p) s.only.insert(only.substr(p, q - p));
    p = q + 1;
  }
  if (s.runs < 1) s.runs = 1;
  const bool made_dir = dir.empty();
  if (made_dir) {
    char tmpl[] = "/tmp/policygraph-bench-XXXXXX";
    if (!mkdtemp(tmpl)) {
      std::perror("mkdtemp");
      return 2;
    }
    dir = tmpl;
  }
  std::printf("work folder: %s (%s)\n", dir.c_str(),
              keep ? "kept" : "removed at the end; --keep keeps it");
  std::printf(
      "targets are the issue's, for 1M documents on the 2-core machine, judged on CPU (user + "
      "sys, as the issue measures: wall time varies with the machine's other load), ingest on "
      "wall; each figure is one policygraph process, wall and CPU the median of %d runs, peak RSS "
      "the largest\n",
      s.runs);
  // Each size in its own folder, which must not exist yet (it is removed at the end).
  std::vector<long> sizes;
  if (!no_small && docs / 10 >= 1000) sizes.push_back(docs / 10);
  sizes.push_back(docs);
  std::vector<std::optional<SizeResult>> results;
  for (long n : sizes) {
    const std::string sub = dir + "/docs-" + std::to_string(n);
    if (fs::exists(sub)) {
      std::fprintf(stderr, "policygraph-cli-bench: %s exists; remove it or pick another --dir\n",
                   sub.c_str());
      return 2;
    }
    results.push_back(bench_size(s, n, sub));
    if (!keep) {
      std::error_code ec;
      fs::remove_all(sub, ec);
    }
  }
  if (results.size() == 2 && results[0] && results[1]) print_growth(*results[0], *results[1]);
  if (!keep && made_dir) {
    std::error_code ec;
    fs::remove(dir, ec);
  }
  if (failures > 0) std::printf("%d check(s) failed\n", failures);
  return failures > 0 ? 1 : 0;
}
