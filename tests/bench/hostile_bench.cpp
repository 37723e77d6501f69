// policygraph-hostile-bench: time, peak memory and work of extracting 1 MB
// and 8 MB of each hostile shape (tests/support/hostile_shapes.h), each run
// in a child process so that getrusage gives its own peak RSS. Prints a
// table; exits 1 when the work or the peak RSS grows more than 8.5x from
// 1 MB to 8 MB (scripts/bench).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "analyzer/extract/extractor.h"
#include "graphs/base/work_stats.h"
#include "support/hostile_shapes.h"

namespace {

class NullSink : public pg::DiagnosticSink {
 public:
  void report(pg::Diagnostic) override {}
};

struct Measure {
  bool ok = false;
  double seconds = 0;      // user + system CPU of the child
  long peak_kb = 0;        // its peak resident set
  std::uint64_t work = 0;  // pg::work_stats().total()
};

Measure measure(const std::string& unit, std::size_t mb) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    std::string text;
    {
      const std::string one = pg::testing::repeat_to(unit, 1024 * 1024);
      text.reserve(one.size() * mb);
      for (std::size_t i = 0; i < mb; ++i) text += one;
    }
    pg::SourceText source{"shape.txt", "UTF-8", std::move(text)};
    NullSink sink;
    pg::work_stats() = pg::WorkStats{};
    pg::Extraction e = pg::extract(source, sink);
    std::uint64_t work = pg::work_stats().total();
    ssize_t written = write(fds[1], &work, sizeof work);
    _exit(written == sizeof work ? 0 : 1);
  }
  close(fds[1]);
  Measure m;
  std::uint64_t work = 0;
  bool got = read(fds[0], &work, sizeof work) == sizeof work;
  close(fds[0]);
  int status = 0;
  rusage usage{};
  if (child < 0 || wait4(child, &status, 0, &usage) != child) return {};
  m.ok = got && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  m.seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
              usage.ru_stime.tv_usec / 1e6;
  m.peak_kb = usage.ru_maxrss;
  m.work = work;
  return m;
}

}  // namespace

int main() {
  int status = 0;
  std::printf("%-44s %9s %9s %9s %9s %9s %9s %7s %7s\n", "shape", "1MB s", "8MB s", "1MB RSS",
              "8MB RSS", "1MB work", "8MB work", "work x", "RSS x");
  for (const pg::testing::HostileShape& shape : pg::testing::hostile_shapes()) {
    const Measure one = measure(shape.unit, 1);
    const Measure eight = measure(shape.unit, 8);
    if (!one.ok || !eight.ok) {
      std::printf("%-44s failed to run\n", shape.name.c_str());
      status = 1;
      continue;
    }
    const double work_x = static_cast<double>(eight.work) / static_cast<double>(one.work);
    const double rss_x = static_cast<double>(eight.peak_kb) / static_cast<double>(one.peak_kb);
    std::printf("%-44s %9.2f %9.2f %8.1fM %8.1fM %8.1fM %8.1fM %7.2f %7.2f\n", shape.name.c_str(),
                one.seconds, eight.seconds, one.peak_kb / 1024.0, eight.peak_kb / 1024.0,
                one.work / 1e6, eight.work / 1e6, work_x, rss_x);
    if (work_x > 8.5 || rss_x > 8.5) status = 1;
  }
  if (status != 0) std::printf("growth above 8.5x from 1 MB to 8 MB, or a run failed\n");
  return status;
}
