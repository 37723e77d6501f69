// The one meaning of "--issuer X" in every command (superseded, cleanup,
// export, report):
//
//   A document matches when X equals its issuer (Node::issuer), one of its
//   printed issuers (joint issuance) or its 机关代字 (the agency part of its
//   number). When no document in the graph matches exactly, a document
//   matches when one of these contains X.
//
// So a full name ("济南市人民政府办公厅") selects that issuer alone, not the
// bodies whose names extend it, and a part ("办公厅", "济南") still finds
// every issuer that has it. An empty X matches every document.
#pragma once

#include <string>
#include <string_view>

#include "graphs/graph/corpus_graph.h"

namespace pg {

class IssuerFilter {
 public:
  // Decides exact or part matching once, over every node of `graph`.
  IssuerFilter(const CorpusGraph& graph, std::string_view issuer);

  bool matches(const Node& n) const;
  // True when X is empty: every document matches.
  bool empty() const { return issuer_.empty(); }
  // True when no document matched exactly, so a part of a name matches.
  bool by_substring() const { return substring_; }
  const std::string& issuer() const { return issuer_; }

 private:
  std::string issuer_;
  bool substring_ = false;
};

// Whether `n` has `issuer` exactly (substring false) or as a part of its
// issuer, a printed issuer or its 机关代字 (substring true).
bool issuer_matches(const Node& n, std::string_view issuer, bool substring);

}  // namespace pg
