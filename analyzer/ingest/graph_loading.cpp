#include "analyzer/ingest/graph_loading.h"

#include "analyzer/data/tables.h"

namespace pg {

Result<std::vector<IssuerRule>> agency_rules() {
  return parse_issuer_rules(data_file("agency_codes.tsv"), "agency_codes.tsv");
}

Result<CorpusGraph> build_graph(const std::vector<Extraction>& corpus) {
  Result<std::vector<IssuerRule>> rules = agency_rules();
  if (!rules) return rules.error();
  return CorpusGraph::build(corpus, *rules);
}

Result<CorpusGraph> load_graph(const Store& store) {
  Result<std::vector<Extraction>> corpus = store.load_all();
  if (!corpus) return corpus.error();
  return build_graph(*corpus);
}

}  // namespace pg
