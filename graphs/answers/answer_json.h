// JSON of the document questions (show, chain, impact, cites, cited-by) and
// of a draft check, one builder each, shared by the CLI's `--json` and the
// web server's /api/ so that both write the same shapes (README "JSON
// output"). Built from graphs/graph/json.h's node, edge and status mappings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/answers/draft_check.h"
#include "graphs/answers/queries.h"
#include "graphs/model/json.h"

namespace pg {

// The node summary, "issuer", "level" and "status" (a row of a walk or list,
// as the CLI's node_status_json writes it).
Json document_status_json(const Node& n, const Status& st);

// `show X --json`: {"query", "as_of", "document" (the node in full),
// "status", "references", "referenced_by"}; each reference is the edge with
// "other", the node at its other end.
Json card_json(const CorpusGraph& g, std::string_view query, const Card& card, Date as_of);

// `cites X --json` / `cited-by X --json`: {"document", "types", "cites" or
// "cited_by"}.
Json references_json(const CorpusGraph& g, std::size_t node,
                     const std::vector<std::string>& type_names, const std::vector<Reference>& refs,
                     bool backward);

// `chain X --json`: {"document" (with status), "as_of", "reaches_national",
// "chain": walk rows}.
Json chain_json(const CorpusGraph& g, const Chain& chain, Date as_of);

// `impact X --json`: {"document", "as_of", "total", "levels": [{"level",
// "level_zh", "documents": walk rows}]}.
Json impact_json(const CorpusGraph& g, const Impact& impact, Date as_of);

// `check DRAFT --json`: {"draft", "as_of", "documents", "references",
// "findings", "clean"}.
Json draft_json(const CorpusGraph& g, const DraftReport& r);

}  // namespace pg
