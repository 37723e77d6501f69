// A realistic corpus of any size for scripts/bench, made from the sample
// gazettes (tests/data/gazettes, judicial, national).
//
// The national and judicial documents are written once, as they are: they are
// the shared instruments every local document cites (hubs). Then, unit by
// unit, a synthetic province, city and its districts:
//  - the city: the sample's 济南 gazettes (normalized text: spaces removed,
//    digits ASCII, lines kept), with 济南 -> the city's name, 山东 -> the
//    province's, and the 机关代字 of every number 济… -> the city's code, 鲁…
//    -> the province's; one file, an issue of about 30 documents;
//  - the province (once per province): a document for each 鲁 number with a
//    title the gazettes cite (山东省人民政府关于贯彻国发〔2016〕14号文件…), under
//    the province's code, implementing a national document of the sample;
//  - the districts: documents implementing the city's documents, based on
//    the laws, repealing the district's earlier document (so some are
//    orphaned), with 有效期 clauses and references to nothing in the corpus.
// So references keep their structure: district -> city -> province -> State
// Council chains, repeals, expiries and unresolved references, with distinct,
// well-formed numbers (codes of two or three characters from tables of
// place-name characters, years as printed, serials of at most four digits)
// and distinct titles (the place name is in each). Deterministic; streamed
// (memory does not grow with the size).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pg::bench {

struct CorpusOptions {
  std::vector<std::string> sample_dirs;  // tests/data/gazettes judicial national
  std::string out_dir;                   // corpus/ and draft.txt are written here
  long documents = 10000;                // exactly this many (at least the shared ones)
  std::uint64_t seed = 1;                // varies which names and hubs go where
  bool write = true;                     // false: render but write nothing (timing, --check)
  // Check every number the corpus gives its own documents with the project's
  // parser and count distinct numbers and titles (holds them all in memory),
  // and extract every 50th unit to compare with what the generator meant.
  bool check = false;
  // Of the district documents that repeal an earlier one, this percentage
  // (0-100) repeal the same district's document of another city made
  // before, chosen at random, instead of their own: repealers far from what
  // they repeal in node-number order (an adversarial store for the lists).
  int far_repeals = 0;
};

// What was written, and the subjects the benchmark queries.
struct CorpusManifest {
  long documents = 0;
  long files = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
  std::string deep_doc;      // a district document: -> city -> province -> national
  std::string city_doc;      // the city document it implements
  std::string province_doc;  // the province document that one rests on
  std::string hub_doc;       // the national document that one implements
  std::string repealer;      // a district document that repeals an earlier one
  std::string draft_path;    // a draft citing the above (for `check`)
  // With CorpusOptions::check:
  long generated = 0;         // documents other than the shared (sample) ones
  long numbers_checked = 0;   // their numbers
  long numbers_distinct = 0;  // of which distinct
  long numbers_bad = 0;       // not read back by the parser as written
  long titles_distinct = 0;
  long units_extracted = 0;  // units extracted again and compared
  std::vector<std::string> problems;
};

// Writes the corpus (or renders it, without CorpusOptions::write). Returns
// false with `error` set when the sample cannot be read or does not come out
// of extraction as the generator means it to.
bool generate_corpus(const CorpusOptions& options, CorpusManifest& manifest, std::string& error);

}  // namespace pg::bench
