// policygraph-corpus-gen: writes a corpus of exactly --docs documents made
// from the sample gazettes (tests/bench/corpus_gen.h) into OUT/corpus, and a
// draft citing some of them into OUT/draft.txt. With --check, every number the
// corpus gives its own documents is read back by the project's parser, and the
// distinct numbers and titles are counted; --no-write renders without writing.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/corpus_gen.h"

int main(int argc, char** argv) {
  CLI::App app{"Writes a realistic corpus of N documents from the sample gazettes"};
  pg::bench::CorpusOptions opt;
  bool no_write = false;
  app.add_option("samples", opt.sample_dirs,
                 "Sample folders (tests/data/gazettes judicial national)")
      ->required();
  app.add_option("--docs", opt.documents, "Documents to write (exactly)");
  app.add_option("--out", opt.out_dir, "Folder to write corpus/ and draft.txt into");
  app.add_option("--seed", opt.seed, "Which names and hubs go where (default 1)");
  app.add_option("--far-repeals", opt.far_repeals,
                 "Percent of district repealers that repeal another city's document (default 0)")
      ->check(CLI::Range(0, 100));
  app.add_flag("--check", opt.check,
               "Read back every number with the parser; count distinct numbers and titles");
  app.add_flag("--no-write", no_write, "Render the corpus without writing it");
  CLI11_PARSE(app, argc, argv);
  opt.write = !no_write;
  if (opt.write && opt.out_dir.empty()) {
    std::fprintf(stderr, "policygraph-corpus-gen: --out is required (or --no-write)\n");
    return 2;
  }
  pg::bench::CorpusManifest m;
  std::string error;
  if (!pg::bench::generate_corpus(opt, m, error)) {
    std::fprintf(stderr, "policygraph-corpus-gen: error: %s\n", error.c_str());
    return 2;
  }
  std::printf("%ld documents in %ld files, %.1f MB, %.2f s (%.0f documents/s)%s\n", m.documents,
              m.files, m.bytes / 1e6, m.seconds, m.documents / m.seconds,
              opt.write ? "" : ", not written");
  std::printf("subjects: deep %s, city %s, province %s, hub %s, repealer %s, draft %s\n",
              m.deep_doc.c_str(), m.city_doc.c_str(), m.province_doc.c_str(), m.hub_doc.c_str(),
              m.repealer.c_str(), m.draft_path.c_str());
  if (opt.check) {
    std::printf(
        "check: %ld generated documents (and %ld shared ones, not checked): %ld numbers, %ld "
        "distinct, %ld not read back as written; %ld distinct titles; %ld units extracted again "
        "as meant\n",
        m.generated, m.documents - m.generated, m.numbers_checked, m.numbers_distinct,
        m.numbers_bad, m.titles_distinct, m.units_extracted);
    for (const std::string& p : m.problems) std::printf("  %s\n", p.c_str());
    if (m.numbers_bad > 0 || m.numbers_distinct != m.numbers_checked ||
        m.titles_distinct != m.generated) {
      return 1;
    }
  }
  return 0;
}
