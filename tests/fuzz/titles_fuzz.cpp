// The title key and the issue-wrapper stripper (graphs/base/titles.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "graphs/base/titles.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view title(reinterpret_cast<const char*>(data), size);
  std::string key = pg::fold_title(title);
  FUZZ_CHECK(pg::fold_title(key) == key, "folding a key changes nothing");
  if (auto inner = pg::strip_issue_wrapper(title)) {
    FUZZ_CHECK(inner->size() < title.size(), "the measure is shorter than the notice");
    pg::fold_title(*inner);
  }
  pg::first_verb(title, pg::kTitleVerbs);
  return 0;
}
