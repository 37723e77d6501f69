#include "graphs/base/exit_release.h"

#include <atomic>
#include <mutex>
#include <vector>

namespace pg {
namespace {

std::atomic<bool> g_ends{false};

struct Parked {
  std::mutex mutex;
  std::vector<std::shared_ptr<void>> items;
};

// Never freed, on purpose (see the header): reachable until the exit.
Parked& parked() {
  static Parked* p = new Parked;
  return *p;
}

}  // namespace

void set_process_ends_after_command(bool ends) { g_ends = ends; }

bool process_ends_after_command() { return g_ends; }

namespace detail {

void park(std::shared_ptr<void> big) {
  Parked& p = parked();
  std::lock_guard lock(p.mutex);
  p.items.push_back(std::move(big));
}

}  // namespace detail
}  // namespace pg
