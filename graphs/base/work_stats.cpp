#include "graphs/base/work_stats.h"

namespace pg {

WorkStats& work_stats() {
  thread_local WorkStats stats;
  return stats;
}

}  // namespace pg
