// The corpus graph from the store: the one way every command, test and
// benchmark resolves extractions into a CorpusGraph (with the embedded
// agency-code table, analyzer/data/agency_codes.tsv).
#pragma once

#include <string>
#include <vector>

#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/store.h"

namespace pg {

// The 机关代字 table the graph resolves issuers and levels with.
Result<std::vector<IssuerRule>> agency_rules();

// `corpus` resolved into a graph.
Result<CorpusGraph> build_graph(const std::vector<Extraction>& corpus);

// Every extraction in `store`, resolved into a graph.
Result<CorpusGraph> load_graph(const Store& store);

}  // namespace pg
