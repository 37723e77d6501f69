#include "analyzer/cli/pages.h"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include <climits>
#include <cstdint>
#include <cstdlib>

// jemalloc's control call: present (non-null) only when jemalloc is the
// process's allocator.
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp,
                       std::size_t newlen) __attribute__((weak));

namespace pg::cli {

void heap_in_huge_pages() {
  static bool done = false;
  if (done) return;
  done = true;
  if (mallctl != nullptr) return;  // jemalloc: thp:always (jemalloc_conf.cpp)
  constexpr std::size_t kReserve = std::size_t{1} << 30;  // address space, not memory
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
  void* block = malloc(kReserve);
  if (!block) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(block) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(block) + kReserve) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  free(block);
}

void no_huge_pages() {
#ifdef PR_SET_THP_DISABLE
  prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
#endif
}

}  // namespace pg::cli
