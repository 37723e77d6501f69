#include "analyzer/cli/pages.h"

#include <sys/prctl.h>

namespace pg::cli {

void no_huge_pages() {
#ifdef PR_SET_THP_DISABLE
  prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
#endif
}

}  // namespace pg::cli
