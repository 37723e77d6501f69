#include "graphs/answers/issuer_filter.h"

#include <algorithm>

#include "graphs/base/utf8.h"

namespace pg {

bool issuer_matches(const Node& n, std::string_view issuer, bool substring) {
  auto match = [&](std::string_view s) {
    return substring ? find_text(s, issuer) != std::string_view::npos : s == issuer;
  };
  if (match(n.issuer)) return true;
  if (n.document) {
    for (const std::string& s : n.document->issuers) {
      if (match(s)) return true;
    }
  }
  if (n.doc_no) {
    if (auto parts = split_doc_no(*n.doc_no)) return match(parts->agency);
  }
  return false;
}

IssuerFilter::IssuerFilter(const CorpusGraph& graph, std::string_view issuer) : issuer_(issuer) {
  if (issuer_.empty()) return;
  const auto& nodes = graph.nodes();
  substring_ = std::none_of(nodes.begin(), nodes.end(),
                            [&](const Node& n) { return issuer_matches(n, issuer_, false); });
}

bool IssuerFilter::matches(const Node& n) const {
  return issuer_.empty() || issuer_matches(n, issuer_, substring_);
}

}  // namespace pg
