// Work done by the text scanners, counted in bytes looked at, for the check
// that extraction grows linearly with its input on any text
// (tests/analyzer/hostile_input_test.cpp, scripts/bench); and by the graph. The counts are
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
  // Not text: steps of the graph's resolution and queries (nodes, edges and
  // title keys looked at; graphs/graph, graphs/answers), for the check that
  // they grow linearly with the corpus (tests/graphs/graph_scale_test.cpp).
  std::uint64_t graph_steps = 0;
  std::uint64_t total() const { return searched + scanned + sentences + quoted; }
};

// This thread's counters.
WorkStats& work_stats();

}  // namespace pg
