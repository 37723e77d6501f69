// What a test expects of one law or regulation read by `extract`, field by
// field, and the check that compares it (laws_test, local_test). Call
// check_law from inside a TEST_CASE.
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graphs/model/model.h"

namespace pg::testing {

// One change in the history note: its date, the deciding instrument (the
// decision's title for a 修正, the session for a 修订) and its line.
struct Amendment {
  std::string date;
  std::string by;
  int line = 0;
};

// One instrument its 同时废止 clause names; `date` only where the target
// bears the document's own title and is told apart by it ("" otherwise).
struct Repeal {
  std::string title;
  std::string date;
  int line = 0;
};

struct LawExpected {
  std::string file;
  std::string title;
  std::string effective;  // ISO date, "on_issue" for 自公布之日起施行, "" if none
  std::string adopted;    // ISO date of 通过 in the history note, "" if none
  std::vector<Amendment> amendments;  // in printed order
  std::vector<Repeal> repeals;        // in printed order
};

// The short title a history note gives the decision amending `law`:
// 《关于修改〈X〉的决定》.
inline std::string decision(const std::string& law) { return "关于修改〈" + law + "〉的决定"; }

inline std::string effective_of(const Document& d) {
  return effective_value(d.effective).value_or("");
}

inline void check_law(const Extraction& e, const LawExpected& want) {
  REQUIRE_FALSE(e.documents.empty());
  const Document& d = e.documents.front();
  CHECK(d.title == want.title);
  CHECK(effective_of(d) == want.effective);
  CHECK((d.signed_date ? d.signed_date->to_iso() : std::string()) == want.adopted);

  std::vector<const Edge*> amends, repeals;
  for (const Edge& edge : e.edges) {
    if (edge.type == RelationType::kAmends && edge.from_date) amends.push_back(&edge);
    if (edge.type == RelationType::kRepeals && edge.from == d.title) repeals.push_back(&edge);
  }
  REQUIRE(amends.size() == want.amendments.size());
  for (std::size_t i = 0; i < amends.size(); ++i) {
    CAPTURE(i);
    CHECK(amends[i]->from_date->to_iso() == want.amendments[i].date);
    CHECK(amends[i]->from == want.amendments[i].by);
    CHECK(amends[i]->to_title == want.title);
    CHECK_FALSE(amends[i]->to_doc_no.has_value());
    CHECK(amends[i]->line == want.amendments[i].line);
  }
  REQUIRE(repeals.size() == want.repeals.size());
  for (std::size_t i = 0; i < repeals.size(); ++i) {
    CAPTURE(i);
    CHECK(repeals[i]->to_title == want.repeals[i].title);
    CHECK((repeals[i]->to_date ? repeals[i]->to_date->to_iso() : std::string()) ==
          want.repeals[i].date);
    CHECK(repeals[i]->line == want.repeals[i].line);
  }
}

}  // namespace pg::testing
