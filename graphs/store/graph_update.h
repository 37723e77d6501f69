// Keeping the stored graph (graph_store.h) current when a few files change,
// without resolving the whole corpus again (issue 10: resolve once, at ingest).
//
// Contract:
// - Triggers on the files table list every path changed since the graph was
//   saved (graph_dirty, with the source it had then). update_graph re-resolves
//   only what those files touch, in one transaction, and leaves the stored
//   graph equal to a full rebuild of the files as they are (the differential
//   test, tests/graphs/graph_update_test.cpp, checks that), or changes nothing
//   and says why a full rebuild is needed instead (UpdateResult::why).
// - What it updates in place: a batch of at most UpdateLimits::max_files files
//   (and at most a quarter of all files) added, replaced or removed, with
//   documents numbered or not. A title whose numbers change (a title+number
//   pair added or dropped, a file removed) re-resolves the references that
//   look it up: the files with a kLookup row of its key (graph_file_keys,
//   the inverted index from a title key to the files carrying it) are
//   re-resolved with the changed ones, within the same limit
//   (UpdateResult::reresolved). Still a full rebuild: a title of several
//   numbers gaining or losing one, or whose first pair of a number (the
//   ambiguity finding's evidence) is in a changed file; a number published
//   by more than one file; a law published both with and without the
//   state's name; a reference dated by a history note (Edge::from_date,
//   to_date of the citing title) or a document of such a day; a touched
//   title node known by its date; a title node whose name (id) would change;
//   a notice forwarding its own measure; a change of the issuer learned for
//   a 机关代字 that other nodes carry; file sources that do not sort as their
//   paths (files ingested from different roots).
// - What it rewrites: the nodes those files' documents and references resolve
//   to (aggregates from the stored mention rows of every other file, merged in
//   corpus order, through CorpusGraph::build with fixed ids), the edges with an
//   end among them, their findings, the title index entries of every key
//   whose numbers or title nodes changed (graph_title_keys lists the title
//   nodes under each key), and the findings table's order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"

namespace pg {

// The rows of graph_file_keys (FileKeys::rows' role).
enum class FileKeyRole : int {
  kLookup = 0,       // a fold_title key a title-only reference or document is looked up by
  kDocumentKey = 1,  // fold_title of a document without a number
  kPair = 2,         // key "\t" number: a title printed with a number
  kPublishes = 3,    // the node id of a document of the file
  kRefTitle = 4,     // the title of a title-only reference, as printed
  kIssuedPair = 5,   // key "\t" number: a measure the numbered notice issues (印发)
};

// What `ex` carries, given its documents' node ids (BuildHooks::document_ids).
FileKeys file_keys(const Extraction& ex, const std::vector<std::string>& document_ids);

struct UpdateLimits {
  std::size_t max_files = 16;  // a larger batch is a full rebuild
};

struct UpdateResult {
  bool updated = false;  // false: nothing written, `why` says what needs a full rebuild
  std::string why;
  std::size_t files = 0;          // files changed
  std::size_t reresolved = 0;     // unchanged files re-resolved with them
  std::size_t nodes_written = 0;  // node rows rewritten
  std::size_t edges_written = 0;
  std::size_t mentions_read = 0;  // stored mention rows read
};

// Updates the stored graph for the files changed since it was saved (see
// above). Needs a graph saved by full_rebuild (or updated since).
Result<UpdateResult> update_graph(Store& store, const std::vector<IssuerRule>& issuers,
                                  const UpdateLimits& limits = {});

// Builds the graph of `corpus` (the store's files as they were at
// `generation`) and saves it with what update_graph needs.
Result<bool> full_rebuild(Store& store, std::vector<Extraction>&& corpus,
                          const std::vector<IssuerRule>& issuers, std::int64_t generation);

}  // namespace pg
