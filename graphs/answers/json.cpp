#include "graphs/answers/json.h"

namespace pg {
namespace {

Json edges_json(const CorpusGraph& g, const std::vector<std::size_t>& edges) {
  Json out = Json::array();
  for (std::size_t e : edges) out.push_back(edge_json(g, e));
  return out;
}

}  // namespace

Json status_row_json(const CorpusGraph& g, std::size_t node, const Status& status) {
  Json j = node_summary_json(g.nodes()[node]);
  j["status"] = status;
  return j;
}

Json orphan_json(const CorpusGraph& g, const Orphan& o) {
  Json j = status_row_json(g, o.node, o.status);
  j["basis"] = status_row_json(g, o.basis, o.basis_status);
  j["fell_away"] = o.fell_away ? Json(o.fell_away->to_iso()) : Json(nullptr);
  j["chain"] = edges_json(g, o.edges);
  return j;
}

Json expiring_json(const CorpusGraph& g, const ExpiringRow& r) {
  Json j = node_summary_json(g.nodes()[r.node]);
  j["expires"] = r.expires.to_iso();
  j["days_left"] = r.days_left;
  j["status"] = r.status;
  j["evidence"] = r.evidence;
  return j;
}

Json unresolved_json(const CorpusGraph& g, const UnresolvedGroup& u) {
  Json j = node_summary_json(g.nodes()[u.target]);
  j["citing_documents"] = u.citing_documents;
  j["references"] = edges_json(g, u.references);
  return j;
}

}  // namespace pg
