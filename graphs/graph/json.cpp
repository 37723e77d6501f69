#include "graphs/graph/json.h"

namespace pg {

void to_json(Json& j, const Sourced& s) {
  j = s.evidence;
  j["document"] = s.document;
}

void to_json(Json& j, const Status& s) {
  j = Json::object();
  put_term(j, "status", ascii_name(s.kind), to_string(s.kind));
  j["since"] = s.since ? Json(s.since->to_iso()) : Json(nullptr);
  j["by"] = s.by ? Json(*s.by) : Json(nullptr);
  j["detail"] = s.detail;
  j["evidence"] = s.evidence;
}

Json node_summary_json(const Node& n) {
  Json j = Json::object();
  j["id"] = n.id;
  j["doc_no"] = n.doc_no ? Json(*n.doc_no) : Json(nullptr);
  j["title"] = n.title;
  j["issuer"] = n.issuer;
  put_term(j, "level", to_string(n.level), zh_name(n.level));
  j["external"] = n.external;
  return j;
}

void to_json(Json& j, const Node& n) {
  j = node_summary_json(n);
  j["aliases"] = n.aliases;
  j["source"] = n.external ? Json(nullptr) : Json(n.source);
  j["document"] = n.document ? Json(*n.document) : Json(nullptr);
}

Json edge_json(const CorpusGraph& g, std::size_t edge) {
  return edge_json(g.nodes(), g.edges()[edge]);
}

Json edge_json(const std::vector<Node>& nodes, const GraphEdge& e) {
  Json j = Json::object();
  put_term(j, "type", to_string(e.type), zh_name(e.type));
  j["from"] = nodes[e.from].id;
  j["to"] = nodes[e.to].id;
  j["derived"] = e.derived;
  // The day a history note dates the change (修正/修订 of a law).
  if (e.date) j["date"] = e.date->to_iso();
  // The part a repeal ends (部分失效), only when it names one.
  if (e.scope) j["scope"] = *e.scope;
  j["evidence"] = e.evidence;
  return j;
}

void to_json(Json& j, const Finding& f) {
  j = Json::object();
  j["kind"] = std::string(to_string(f.kind));
  j["subject"] = f.subject;
  j["message"] = f.message;
  j["evidence"] = f.evidence;
}

}  // namespace pg
