// JSON of the answers of graphs/answers/queries.h, built from the node, edge
// and status mappings of graphs/graph/json.h, so that a row means the same in
// the report JSON and in the CLI's `--json`.
#pragma once

#include "graphs/answers/queries.h"
#include "graphs/graph/json.h"

namespace pg {

// The node summary and "status" (superseded, a cascade, an issuer's list).
Json status_row_json(const CorpusGraph& g, std::size_t node, const Status& status);

// The node and "status", "basis" (the fallen instrument and its "status"),
// "fell_away" and "chain" (the edges node .. basis).
Json orphan_json(const CorpusGraph& g, const Orphan& o);

// The node and "expires", "days_left", "status", "evidence" (the 有效期).
Json expiring_json(const CorpusGraph& g, const ExpiringRow& r);

// The target node and "citing_documents", "references" (the edges).
Json unresolved_json(const CorpusGraph& g, const UnresolvedGroup& u);

}  // namespace pg
