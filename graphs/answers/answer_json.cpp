#include "graphs/answers/answer_json.h"

#include "graphs/graph/json.h"

namespace pg {
namespace {

Json ref_json(const CorpusGraph& g, const Reference& r) {
  Json j = edge_json(g, r.edge);
  j["other"] = node_summary_json(g.nodes()[r.other]);
  return j;
}

Json walk_json(const CorpusGraph& g, const WalkRow& r) {
  Json j = document_status_json(g.nodes()[r.node], r.status);
  j["depth"] = r.depth;
  j["via"] = edge_json(g, r.via_edge);
  std::vector<std::string> ids;
  for (std::size_t p : r.path) ids.push_back(g.nodes()[p].id);
  j["path"] = ids;
  return j;
}

}  // namespace

Json document_status_json(const Node& n, const Status& st) {
  Json j = node_summary_json(n);
  j["issuer"] = n.issuer;
  j["level"] = std::string(to_string(n.level));
  j["status"] = Json(st);
  return j;
}

Json card_json(const CorpusGraph& g, std::string_view query, const Card& card, Date as_of) {
  Json j{{"query", std::string(query)},
         {"as_of", as_of.to_iso()},
         {"document", Json(g.nodes()[card.node])},
         {"status", Json(card.status)}};
  Json refs = Json::array(), back = Json::array();
  for (const Reference& r : card.references) refs.push_back(ref_json(g, r));
  for (const Reference& r : card.referenced_by) back.push_back(ref_json(g, r));
  j["references"] = refs;
  j["referenced_by"] = back;
  return j;
}

Json references_json(const CorpusGraph& g, std::size_t node,
                     const std::vector<std::string>& type_names, const std::vector<Reference>& refs,
                     bool backward) {
  Json list = Json::array();
  for (const Reference& r : refs) list.push_back(ref_json(g, r));
  return {{"document", node_summary_json(g.nodes()[node])},
          {"types", type_names},
          {backward ? "cited_by" : "cites", list}};
}

Json chain_json(const CorpusGraph& g, const Chain& ch, Date as_of) {
  Json list = Json::array();
  for (const WalkRow& r : ch.rows) list.push_back(walk_json(g, r));
  return {{"document", document_status_json(g.nodes()[ch.start], g.status(ch.start, as_of))},
          {"as_of", as_of.to_iso()},
          {"reaches_national", ch.reaches_national},
          {"chain", list}};
}

Json impact_json(const CorpusGraph& g, const Impact& im, Date as_of) {
  Json levels = Json::array();
  for (const ImpactGroup& group : im.groups) {
    Json list = Json::array();
    for (const WalkRow& r : group.rows) list.push_back(walk_json(g, r));
    levels.push_back({{"level", std::string(to_string(group.level))},
                      {"level_zh", std::string(zh_name(group.level))},
                      {"documents", list}});
  }
  return {{"document", document_status_json(g.nodes()[im.start], g.status(im.start, as_of))},
          {"as_of", as_of.to_iso()},
          {"total", im.total},
          {"levels", levels}};
}

Json draft_json(const CorpusGraph& g, const DraftReport& r) {
  Json refs = Json::array();
  for (const DraftReference& ref : r.references) {
    Json cascade = Json::array();
    for (const Dependent& d : ref.cascade) {
      Json dj = node_summary_json(g.nodes()[d.node]);
      dj["status"] = Json(d.status);
      Json chain = Json::array();
      for (std::size_t e : d.edges) chain.push_back(edge_json(g, e));
      dj["chain"] = chain;
      cascade.push_back(dj);
    }
    refs.push_back({{"type", std::string(to_string(ref.edge.type))},
                    {"type_zh", std::string(zh_name(ref.edge.type))},
                    {"to_doc_no", ref.edge.to_doc_no ? Json(*ref.edge.to_doc_no) : Json(nullptr)},
                    {"to_title", ref.edge.to_title ? Json(*ref.edge.to_title) : Json(nullptr)},
                    {"evidence", Json(ref.evidence)},
                    {"node", ref.node ? node_summary_json(g.nodes()[*ref.node]) : Json(nullptr)},
                    {"status", ref.status ? Json(*ref.status) : Json(nullptr)},
                    {"cascade", cascade}});
  }
  Json findings = Json::array();
  for (const DraftFinding& f : r.findings) {
    findings.push_back({{"kind", std::string(to_string(f.kind))},
                        {"subject", f.subject},
                        {"message", f.message},
                        {"evidence", Json(f.evidence)},
                        {"node", f.node ? node_summary_json(g.nodes()[*f.node]) : Json(nullptr)}});
  }
  return {{"draft", r.source},  {"as_of", r.as_of.to_iso()}, {"documents", r.documents},
          {"references", refs}, {"findings", findings},      {"clean", r.clean()}};
}

}  // namespace pg
