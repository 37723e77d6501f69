// The one --issuer rule (graphs/answers/issuer_filter.h) on the gold sample:
// a full name matches exactly, a part of a name matches by containment only
// when nothing matches exactly, and a 机关代字 is a name too.
#include "graphs/answers/issuer_filter.h"

#include <string>

#include <catch2/catch.hpp>

#include "support/test_support.h"

namespace {

using namespace pg;
using namespace pg::testing;

bool printed_by(const Node& n, const std::string& issuer) {
  if (!n.document) return false;
  for (const std::string& s : n.document->issuers) {
    if (s == issuer) return true;
  }
  return false;
}

std::size_t count_matches(const CorpusGraph& g, const IssuerFilter& f) {
  std::size_t n = 0;
  for (const Node& node : g.nodes()) n += f.matches(node) ? 1 : 0;
  return n;
}

TEST_CASE("a full issuer name matches that issuer exactly and not the bodies whose names extend it",
          "[issuer_filter]") {
  const CorpusGraph& g = sample_graph();
  const IssuerFilter city(g, "济南市人民政府");
  CHECK_FALSE(city.by_substring());
  std::size_t office_documents = 0;
  for (const Node& n : g.nodes()) {
    // The gold prints 济南市人民政府 as the issuer of 14 documents.
    if (printed_by(n, "济南市人民政府")) CHECK(city.matches(n));
    // The general office's own documents are not the city government's.
    if (n.issuer == "济南市人民政府办公厅" && !printed_by(n, "济南市人民政府")) {
      ++office_documents;
      CHECK_FALSE(city.matches(n));
    }
  }
  CHECK(office_documents > 0);
}

TEST_CASE("a part of a name matches by containment when nothing has it exactly",
          "[issuer_filter]") {
  const CorpusGraph& g = sample_graph();
  const IssuerFilter office(g, "人民政府办公厅");
  CHECK(office.by_substring());
  for (const Node& n : g.nodes()) {
    if (printed_by(n, "济南市人民政府办公厅")) CHECK(office.matches(n));
    if (!office.matches(n)) continue;
    // Every match has the words in its issuer or a printed issuer (no
    // 机关代字 is that long).
    bool named = n.issuer.find("人民政府办公厅") != std::string::npos;
    if (n.document) {
      for (const std::string& s : n.document->issuers) {
        named = named || s.find("人民政府办公厅") != std::string::npos;
      }
    }
    CHECK(named);
  }
  // Containment finds more than the exact name of one office.
  CHECK(count_matches(g, office) >= count_matches(g, IssuerFilter(g, "济南市人民政府办公厅")));
}

TEST_CASE("a 机关代字 is matched like a name and an empty filter matches everything",
          "[issuer_filter]") {
  const CorpusGraph& g = sample_graph();
  const IssuerFilter code(g, "济政办发");
  CHECK_FALSE(code.by_substring());
  std::size_t numbered = 0;
  for (const Node& n : g.nodes()) {
    if (n.doc_no && n.doc_no->rfind("济政办发〔", 0) == 0) {
      ++numbered;
      CHECK(code.matches(n));
    }
  }
  CHECK(numbered > 0);
  const IssuerFilter all(g, "");
  CHECK(all.empty());
  CHECK(count_matches(g, all) == g.nodes().size());
  CHECK(count_matches(g, IssuerFilter(g, "上海市人民政府")) == 0);
}

}  // namespace
