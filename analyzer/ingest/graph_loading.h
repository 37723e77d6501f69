// The corpus graph from the store: the one way every command, test and
// benchmark resolves extractions into a CorpusGraph (with the embedded
// agency-code table, analyzer/data/agency_codes.tsv), and the resolved graph
// the store keeps (graphs/store/graph_store.h) read back for one question.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"

namespace pg {

// The 机关代字 table the graph resolves issuers and levels with.
Result<std::vector<IssuerRule>> agency_rules();

// `corpus` resolved into a graph.
Result<CorpusGraph> build_graph(const std::vector<Extraction>& corpus);

// Every extraction in `store`, resolved into a graph; those in `kept` are
// taken from there rather than read back (Store::load_all).
Result<CorpusGraph> load_graph(const Store& store, KeptExtractions&& kept = {});

// Brings the stored graph up to date, unless it is current already: in place
// for a few changed files (graphs/store/graph_update.h), else by resolving
// every extraction of `store` again. `ingest` calls it after its last file,
// with the extractions it stored (`kept`: a full rebuild reads only the
// others back). Returns whether it saved; `how`, when given, says which way
// ran (and why not in place).
Result<bool> refresh_graph(Store& store, KeptExtractions&& kept = {}, std::string* how = nullptr);

// What a question needs of the graph.
struct GraphNeed {
  enum class Scope {
    kWhole,          // every node (report, cleanup, a whole export)
    kCard,           // X, its references both ways (show)
    kCites,          // X and what it references (cites)
    kCitedBy,        // X and what references it (cited-by)
    kRepeals,        // X, what it repeals or amends, and what rests on those (repeals)
    kChain,          // X and what it rests on (chain)
    kImpact,         // X and what rests on it (impact)
    kNeighbourhood,  // X and the nodes `depth` edges away (export --around)
    kSuperseded,     // what may be repealed or expired on as_of (superseded)
    kOrphans,        // what is fallen and what rests on it (orphans)
    kExpiring,       // what expires between as_of and until (expiring)
    kUnresolved,     // external nodes cited, and what cites them (unresolved)
    kFindings,       // the findings and their subjects (findings)
    kDraft,          // what a draft names, and what rests on what it repeals (check)
    // Every node as the report reads it: names, statuses, dates and their
    // evidence, every finding; no mentions, aliases or other document fields
    // (StoredGraph::Parts::Body::kStatus).
    kReport,
  };
  Scope scope = Scope::kWhole;
  // kCard .. kNeighbourhood: X as the user typed it, and the analyzer's
  // reading of it (graphs/answers/queries.h lookup).
  std::string x;
  std::optional<std::string> canonical;
  Date as_of;
  std::optional<Window> within;       // kExpiring: the window from as_of
  int depth = 1;                      // kNeighbourhood
  std::string issuer;                 // kSuperseded: --issuer
  const Extraction* draft = nullptr;  // kDraft
};

// A graph for one question.
struct NeededGraph {
  CorpusGraph graph;
  // Document scopes: lookup(x) in `graph` gives what it gives in the whole
  // graph; `node` is X's index when that is one node.
  std::optional<std::size_t> node;
  // False when the store holds no current graph and the corpus was resolved
  // from its extractions (as before graphs were stored).
  bool stored = true;
  GraphState state = GraphState::kCurrent;
};

// The graph `need` calls for: from the stored graph when it is current (only
// the nodes the question reads, see GraphNeed), else every extraction
// resolved (load_graph). Document scopes: when X is not one node, `graph`
// holds what lookup needs to say so (the matches).
Result<NeededGraph> load_needed(const Store& store, const GraphNeed& need);

}  // namespace pg
