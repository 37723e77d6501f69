// Metamorphic robustness: the gold gazettes transformed the way other
// places' texts differ (tests/scoring/transforms.h), each scored against the
// correspondingly transformed gold. No new labels are needed: a transform that
// only renames places, moves line breaks or changes how a number is printed
// must not change what is read. Each transform must score within kTolerance
// of the untransformed text.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "scoring/scorer.h"
#include "scoring/transforms.h"

using pg::scoring::FileScore;
using pg::scoring::Labelled;

namespace {

constexpr double kTolerance = 0.03;

const std::vector<Labelled>& gazettes() {
  static const std::vector<Labelled> kTexts = [] {
    auto texts = pg::scoring::load_labelled(TEST_DATA_DIR, "gazettes");
    REQUIRE(texts.ok());
    return std::move(texts).value();
  }();
  return kTexts;
}

}  // namespace

TEST_CASE("every transform changes the text and keeps the gold's documents", "[robustness]") {
  REQUIRE(gazettes().size() == 3);
  for (const auto& t : pg::scoring::transforms()) {
    bool changed = false;
    for (const Labelled& l : gazettes()) {
      Labelled out = t.apply(l);
      changed = changed || out.text != l.text;
      INFO(t.name << " " << l.name);
      REQUIRE(out.gold.documents.size() == l.gold.documents.size());
      REQUIRE(out.gold.edges.size() == l.gold.edges.size());
    }
    INFO(t.name);
    CHECK(changed);
  }
}

TEST_CASE("a line transform carries the gold's line numbers to the new lines", "[robustness]") {
  // A page break (kPageBreakLines lines) follows every kPageLines lines, so a
  // document that started on line n now starts (n - 1) / kPageLines breaks
  // further down. 000 starts on line 1, which stays.
  const Labelled& first = gazettes().front();
  const auto& all = pg::scoring::transforms();
  auto furniture = std::find_if(all.begin(), all.end(),
                                [](const auto& t) { return t.name == "page furniture"; });
  REQUIRE(furniture != all.end());
  Labelled out = furniture->apply(first);
  REQUIRE(first.gold.documents.front().line_start == 1);
  CHECK(out.gold.documents.front().line_start == 1);
  for (std::size_t i = 0; i < first.gold.documents.size(); ++i) {
    int before = first.gold.documents[i].line_start;
    int breaks = (before - 1) / pg::scoring::kPageLines;
    CHECK(out.gold.documents[i].line_start == before + pg::scoring::kPageBreakLines * breaks);
  }
}

TEST_CASE("reflowing at 20 and 35 characters breaks document numbers over lines", "[robustness]") {
  // A transform that never split a number would not test the reader's
  // mending: count gold numbers (of documents and cited instruments) printed
  // whole in the original and no longer whole on one line.
  for (const char* name : {"rewrap 20", "rewrap 35"}) {
    const auto& all = pg::scoring::transforms();
    auto t = std::find_if(all.begin(), all.end(), [&](const auto& x) { return x.name == name; });
    REQUIRE(t != all.end());
    int broken = 0;
    for (const Labelled& l : gazettes()) {
      Labelled out = t->apply(l);
      // The text with the line breaks kept, whitespace inside lines removed.
      std::string lines;
      for (char c : out.text) {
        if (c != ' ' && c != '\t') lines += c;
      }
      std::vector<std::string> numbers;
      for (const auto& d : l.gold.documents) {
        if (d.doc_no) numbers.push_back(*d.doc_no);
      }
      for (const auto& e : l.gold.edges) {
        if (e.to_doc_no) numbers.push_back(*e.to_doc_no);
      }
      for (const auto& n : numbers) {
        if (l.text.find(n) != std::string::npos && lines.find(n) == std::string::npos) ++broken;
      }
    }
    INFO(name);
    CHECK(broken > 0);
  }
}

TEST_CASE("transformed gazettes score within 0.03 of the untransformed text",
          "[accuracy][robustness]") {
  const FileScore base = pg::scoring::score_labelled(gazettes(), "base");
  const double base_fields = pg::scoring::fields_accuracy(base);
  for (const auto& t : pg::scoring::transforms()) {
    std::vector<Labelled> changed;
    for (const Labelled& l : gazettes()) changed.push_back(t.apply(l));
    const FileScore s = pg::scoring::score_labelled(changed, t.name);
    const double fields = pg::scoring::fields_accuracy(s);
    INFO(t.name << ": documents " << s.documents.f1() << " (base " << base.documents.f1()
                << "), untyped " << s.untyped_edges.f1() << " (" << base.untyped_edges.f1()
                << "), typed " << s.typed_edges.f1() << " (" << base.typed_edges.f1()
                << "), fields " << fields << " (" << base_fields << ")");
    CHECK(s.documents.f1() >= base.documents.f1() - kTolerance);
    CHECK(s.untyped_edges.f1() >= base.untyped_edges.f1() - kTolerance);
    CHECK(s.typed_edges.f1() >= base.typed_edges.f1() - kTolerance);
    CHECK(fields >= base_fields - kTolerance);
  }
}
