// Any bytes -> decoded text -> extraction -> JSON, and the JSON reads back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "fuzz_check.h"
#include "graphs/model/json_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto source = pg::decode_source("fuzz.txt", bytes);
  if (!source) return 0;  // not text: an Error, which is the contract
  pg::CollectingSink sink;
  pg::Extraction e = pg::extract(*source, sink);
  std::string json = pg::to_json(e, -1);
  auto back = pg::extraction_from_json(json, "fuzz.json");
  FUZZ_CHECK(back.ok(), "our own extraction JSON reads back");
  FUZZ_CHECK(back->documents.size() == e.documents.size(),
             "the documents survive the JSON round trip");
  return 0;
}
