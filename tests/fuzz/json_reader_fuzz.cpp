// The extraction JSON reader: malformed input is an Error, never a crash,
// and whatever it accepts writes out and reads back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "graphs/model/json_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto read = pg::extraction_from_json(text, "fuzz.json");
  if (!read) return 0;
  std::string json = pg::to_json(*read, -1);
  auto back = pg::extraction_from_json(json, "fuzz.json");
  FUZZ_CHECK(back.ok(), "an accepted extraction writes JSON that reads back");
  FUZZ_CHECK(
      back->documents.size() == read->documents.size() && back->edges.size() == read->edges.size(),
      "documents and edges survive the round trip");
  return 0;
}
