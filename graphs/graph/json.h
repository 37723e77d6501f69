// The one JSON mapping of each graph type, in the vocabulary of
// graphs/model/json.h ("status" the ASCII name, "status_zh" the Chinese word;
// likewise "level" / "level_zh" and "type" / "type_zh"). Every output that
// shows a node, an edge, a status or a finding writes it through these:
// the CLI's `--json`, `export json` and the report JSON.
#pragma once

#include <cstddef>

#include "graphs/graph/corpus_graph.h"
#include "graphs/model/json.h"

namespace pg {

// The evidence fields ({"file", "line", "quote"}) and "document", the node id
// of the document whose text it is ("" when none).
void to_json(Json& j, const Sourced& s);

// {"status", "status_zh", "since", "by", "detail", "evidence": Sourced}.
void to_json(Json& j, const Status& s);

// A node wherever one is named: {"id", "doc_no", "title", "issuer", "level",
// "level_zh", "external"}. Callers add their own keys after these.
Json node_summary_json(const Node& n);

// A node in full (`show`): the summary, then "aliases", "source" (the file
// as stored; null for an external node) and "document" (the Document of
// graphs/model/json.h, null for an external node).
void to_json(Json& j, const Node& n);

// edges()[edge]: {"type", "type_zh", "from", "to" (node ids), "derived",
// "date" (only when the text dates the change), "evidence": Evidence}.
Json edge_json(const CorpusGraph& g, std::size_t edge);
// The same of an edge whose ends index `nodes` (a part of a graph read for
// one answer).
Json edge_json(const std::vector<Node>& nodes, const GraphEdge& e);

// {"kind", "subject", "message", "evidence": [Sourced]}.
void to_json(Json& j, const Finding& f);

}  // namespace pg
