// Document numbers: one field (parse_doc_number), running text
// (find_doc_numbers) and the canonical spelling.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/read/doc_number.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  pg::ParseOutcome outcome = pg::parse_doc_number(raw);
  if (outcome.number) {
    const std::string& canonical = outcome.number->canonical;
    auto again = pg::canonical_doc_number(canonical);
    FUZZ_CHECK(again && *again == canonical, "a canonical number is its own canonical form");
  } else {
    FUZZ_CHECK(!outcome.reason.empty(), "an unread number says why");
  }
  std::size_t last_end = 0;
  for (const pg::NumberMatch& m : pg::find_doc_numbers(raw)) {
    FUZZ_CHECK(m.begin < m.end && m.end <= raw.size(), "a match spans the text");
    FUZZ_CHECK(m.begin >= last_end, "matches are in order and do not overlap");
    last_end = m.end;
  }
  pg::canonical_doc_number(raw);
  return 0;
}
