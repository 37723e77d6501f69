// Metamorphic robustness: the gold gazettes transformed the way other
// places' texts differ, each scored against the correspondingly transformed
// gold. No new labels are needed: a transform that only renames places or
// changes how a number is printed must not change what is read. Each
// transform must score within kTolerance of the untransformed text.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/extractor.h"
#include "analyzer/source_reader.h"
#include "graphs/json_io.h"
#include "scoring/scorer.h"

namespace fs = std::filesystem;
using pg::scoring::FileScore;

namespace {

constexpr double kTolerance = 0.03;

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string replace_all(std::string s, const Pairs& pairs) {
  for (const auto& [from, to] : pairs) {
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
      s.replace(p, from.size(), to);
    }
  }
  return s;
}

// A transform: what it does to the text, and to the gold JSON.
struct Transform {
  std::string name;
  Pairs text;
  Pairs gold;
};

// Place names and agency prefixes of other provinces and cities; 苏 and 青 codes
// are not in agency_codes.tsv, so numbers must keep their whole printed prefix.
const Pairs kOtherProvince = {{"山东省", "江苏省"}, {"山东", "江苏"}, {"鲁政", "苏政"},
                              {"鲁民", "苏民"},     {"鲁财", "苏财"}, {"鲁办", "苏办"}};
const Pairs kOtherCity = {{"济南市", "青岛市"}, {"济南", "青岛"}, {"济政", "青政"},
                          {"济办", "青办"},     {"济厅", "青厅"}, {"济财", "青财"}};

std::vector<Transform> transforms() {
  Pairs both = kOtherProvince;
  both.insert(both.end(), kOtherCity.begin(), kOtherCity.end());
  return {
      {"other city (prefixes not in the agency table)", kOtherCity, kOtherCity},
      {"other province (prefixes not in the agency table)", kOtherProvince, kOtherProvince},
      {"other province and city", both, both},
      {"square brackets in numbers", {{"〔", "["}, {"〕", "]"}}, {}},
      {"lenticular brackets in numbers", {{"〔", "【"}, {"〕", "】"}}, {}},
  };
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Scores {
  double documents = 0, untyped = 0, typed = 0;
};

Scores score(const std::vector<std::pair<std::string, std::string>>& texts_and_golds) {
  std::vector<FileScore> files;
  for (const auto& [text, gold_text] : texts_and_golds) {
    auto source = pg::decode_source("t.txt", text);
    REQUIRE(source.ok());
    pg::CollectingSink sink;
    pg::Extraction got = pg::extract(*source, sink);
    auto gold = pg::extraction_from_json(gold_text, "gold.json");
    REQUIRE(gold.ok());
    files.push_back(pg::scoring::score_file(got, *gold));
  }
  FileScore sum = pg::scoring::total(files, "sum");
  return {sum.documents.f1(), sum.untyped_edges.f1(), sum.typed_edges.f1()};
}

}  // namespace

TEST_CASE("transformed gazettes score within 0.03 of the untransformed text",
          "[accuracy][robustness]") {
  std::vector<std::pair<std::string, std::string>> originals;
  for (const auto& entry : fs::directory_iterator(TEST_DATA_DIR "/gazettes")) {
    if (entry.path().extension() != ".txt") continue;
    fs::path gold = fs::path(entry.path()).replace_extension(".json");
    if (!fs::exists(gold)) continue;
    originals.emplace_back(slurp(entry.path()), slurp(gold));
  }
  REQUIRE(originals.size() == 3);
  const Scores base = score(originals);

  for (const Transform& t : transforms()) {
    std::vector<std::pair<std::string, std::string>> changed;
    for (const auto& [text, gold] : originals) {
      changed.emplace_back(replace_all(text, t.text), replace_all(gold, t.gold));
    }
    // The transform must really change the text.
    CHECK(changed.front().first != originals.front().first);
    const Scores s = score(changed);
    INFO(t.name << ": documents " << s.documents << " (base " << base.documents << "), untyped "
                << s.untyped << " (" << base.untyped << "), typed " << s.typed << " ("
                << base.typed << ")");
    CHECK(s.documents >= base.documents - kTolerance);
    CHECK(s.untyped >= base.untyped - kTolerance);
    CHECK(s.typed >= base.typed - kTolerance);
  }
}
