// Search over the store: one box that takes a document number in any
// printed variant, a title or a part of one, or words of the text
// (graphs/store/text_index.h's full-text index, SQLite FTS5 with the trigram
// tokenizer). `policygraph search` and `serve`'s /search and /api/search
// call it.
//
// Ranking: the document whose number the query is (kNumber) first; then
// title matches: the whole title (kTitleExact), a title beginning with the
// query (kTitlePrefix), containing it (kTitleContains), each by node id;
// then text matches (kText) by FTS5's bm25, best first. A node appears once,
// at its best rank.
//
// Text is untrusted: titles, issuers and passages are returned as stored,
// never escaped or marked up here; a passage's match is given by byte
// offsets, for the caller to mark in its own escaping.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "graphs/base/date.h"
#include "graphs/base/result.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/store.h"
#include "graphs/store/text_index.h"  // source_lines, for the lines around a hit

namespace pg {

enum class MatchKind {
  kNumber,         // "number": the query is the document's number (any printed variant)
  kTitleExact,     // "title_exact": the query is the title (or an alias)
  kTitlePrefix,    // "title_prefix": the title begins with the query
  kTitleContains,  // "title_contains": the title (an alias, or the id) contains the query
  kText,           // "text": words of the query are in the document's text
};
std::string_view to_string(MatchKind k);  // the ASCII names above

// A passage of a document's text around a match.
struct Passage {
  std::string text;  // whole lines (joined by '\n'), cut to about 60 characters each side
  // Byte ranges [begin, end) in `text` of each query word found in it, ascending.
  std::vector<std::pair<std::size_t, std::size_t>> marks;
  std::string file;  // Extraction::source, as Evidence::file
  int line = 0;      // 1-based line of the first mark (of the passage's first line without one)
  int page = 0;      // its page in a paged input; 0: no pages
};

struct SearchHit {
  std::string id;  // node id (what /doc/ID and `show` take); "" when the text's
                   // document has no node in the stored graph
  std::optional<std::string> doc_no;
  std::string title;
  std::string issuer;
  Level level = Level::kUnknown;
  StatusKind status = StatusKind::kUnknown;  // as of the date asked
  bool external = false;                     // cited but not published in the corpus
  MatchKind kind = MatchKind::kText;
  std::optional<Passage> passage;  // kText only
};

struct SearchQuery {
  std::string text;  // what the user typed; words are split on whitespace
  // The analyzer's canonical reading of `text` as a document number, when
  // it is one (analyzer/read/doc_number.h; graphs/ cannot read printed
  // variants itself beyond normalize_doc_no). Without it normalize_doc_no is
  // tried.
  std::optional<std::string> canonical_number;
  Date as_of;
  std::size_t limit = 20;  // at most this many hits (clipped to 1..500)
  std::size_t offset = 0;  // after skipping this many
};

struct SearchResult {
  std::vector<SearchHit> hits;  // ranked, hits[offset .. offset + limit)
  // Hits found in all (before offset and limit), when known exactly;
  // text matches are counted up to a bound (`total_is_lower_bound`).
  std::size_t total = 0;
  bool total_is_lower_bound = false;
  // Every word of the query is shorter than 3 characters, which the trigram
  // index cannot look up: titles were searched with LIKE, text not at all.
  bool short_query = false;
  // The text index holds no text (a store made before it, or ingested
  // without it): text was not searched. `policygraph reindex` fills it.
  bool text_index_empty = false;
  // Of that: the store was made without a text index (`ingest
  // --no-text-index`, recorded in the store).
  bool text_index_off = false;
  // Stored files without text (reindex fills them), when some have it.
  std::int64_t files_without_text = 0;
  // Documents whose text is stored but not yet in the full-text index
  // (`ingest --text-index-later`, or an interrupted `index-text`): they were
  // searched by reading their text (the same answers, slower), and ranked
  // after the indexed ones, in the order they were stored.
  std::int64_t text_pending = 0;
  // The graph is missing (nothing ingested yet): no hits at all.
  bool no_graph = false;
  // One sentence per note above that holds, for a caller to show as is.
  std::vector<std::string> notes;
};

// Searches `store` (opened read-only is enough). An empty query (only
// whitespace) is no error: no hits. Errors are the store's.
Result<SearchResult> search(const Store& store, const SearchQuery& query);
// The same, spelled as the issue asks.
inline Result<SearchResult> search(const Store& store, const std::string& text, Date as_of,
                                   std::size_t limit, std::size_t offset,
                                   std::optional<std::string> canonical_number = std::nullopt) {
  return search(store, SearchQuery{text, std::move(canonical_number), as_of, limit, offset});
}

}  // namespace pg
