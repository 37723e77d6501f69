// release (graphs/base/exit_release.h): frees now, or parks until the exit
// when the process ends after its command.
#include "graphs/base/exit_release.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

// Counts its own destructions; a moved-from one does not count.
struct Counted {
  explicit Counted(int& gone) : gone_(&gone) {}
  Counted(Counted&& o) noexcept : gone_(o.gone_), payload(std::move(o.payload)) {
    o.gone_ = nullptr;
  }
  ~Counted() {
    if (gone_) ++*gone_;
  }
  int* gone_;
  std::vector<std::string> payload{100, std::string(64, 'x')};
};

}  // namespace

TEST_CASE("release frees now unless the process ends after its command", "[exit_release]") {
  int gone = 0;
  pg::set_process_ends_after_command(false);
  Counted a(gone);
  pg::release(std::move(a));
  CHECK(gone == 1);
  CHECK(a.payload.empty());  // moved out

  pg::set_process_ends_after_command(true);
  CHECK(pg::process_ends_after_command());
  Counted b(gone);
  pg::release(std::move(b));
  CHECK(gone == 1);  // parked, not destroyed (and still reachable: no leak report)
  CHECK(b.payload.empty());
  pg::set_process_ends_after_command(false);
}
