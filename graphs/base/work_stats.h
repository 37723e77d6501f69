// Work done by the text scanners, counted in bytes looked at, for the check
// that extraction grows linearly with its input on any text
// (tests/analyzer/hostile_input_test.cpp, scripts/bench). The counts are
// deterministic, unlike a clock. One set per thread; the caller resets it.
#pragma once

#include <cstdint>

namespace pg {

struct WorkStats {
  std::uint64_t searched = 0;   // bytes find_text() searched through
  std::uint64_t scanned = 0;    // bytes given to a whole-text scanner (normalize,
                                // titles, numbers, dates, validity clauses)
  std::uint64_t sentences = 0;  // bytes of the sentences read around references
  std::uint64_t quoted = 0;     // bytes of evidence quotes made
  std::uint64_t total() const { return searched + scanned + sentences + quoted; }
};

// This thread's counters.
WorkStats& work_stats();

}  // namespace pg
