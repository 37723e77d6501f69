// The questions legal staff ask of a corpus, as pure functions over a
// CorpusGraph. Each returns plain data (node and edge indices into the graph,
// statuses, dates); formatting is the caller's business (analyzer/cli/).
//
// Order: every list is sorted by node id (then by edge order), so output is
// the same for the same corpus. Statuses are "as of" a date the caller gives.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg {

// A span of time typed by a user: "6m" (months), "90d" (days), "1y" (years);
// the number is a positive integer of at most 5 digits, the unit one letter
// (upper case accepted).
struct Window {
  enum class Unit {
    kDays,    // "d"
    kMonths,  // "m": calendar months, clamped to the end of a shorter month
    kYears,   // "y": calendar years
  };
  int amount = 0;
  Unit unit = Unit::kMonths;

  // The last day of the window that starts on `start`: start + amount units.
  Date end_from(Date start) const;
  std::string to_string() const;  // "6m"
};
// nullopt for anything else ("6", "m", "0m", "-3d", "6 months").
std::optional<Window> parse_window(std::string_view text);

// True when the document is in force on that day in the broad sense:
// 现行有效 or 已被修改 (an amended document still binds).
bool in_force(StatusKind k);
// 已废止 or 失效.
bool fallen(StatusKind k);

// ------------------------------------------------------------- lookup ----

// How a user's X was resolved.
struct Lookup {
  std::vector<std::size_t> nodes;  // one: found; several: ambiguous; none
};
// X is a number in any form CorpusGraph::find accepts, or `canonical` (the
// analyzer's reading of it, when the caller has one), or a title; failing
// those, every node whose id, title or alias contains X (by id).
Lookup lookup(const CorpusGraph& g, std::string_view x,
              const std::optional<std::string>& canonical = std::nullopt);

// ------------------------------------------------------------ the card ----

// One reference seen from one end: the edge and the node at its other end.
struct Reference {
  std::size_t edge = 0;   // index into g.edges()
  std::size_t other = 0;  // the target (outgoing) or the source (incoming)
};

// `show X`.
struct Card {
  std::size_t node = 0;
  Status status;
  std::vector<Reference> references;     // what it references, edge order
  std::vector<Reference> referenced_by;  // what references it, edge order
};
Card card(const CorpusGraph& g, std::size_t node, Date as_of);

// Outgoing / incoming references of a node, restricted to `types` (empty: all).
std::vector<Reference> cites(const CorpusGraph& g, std::size_t node,
                             const std::vector<RelationType>& types = {});
std::vector<Reference> cited_by(const CorpusGraph& g, std::size_t node,
                                const std::vector<RelationType>& types = {});

// ------------------------------------------------------------- repeals ----

// A document that rests (based_on / implements, transitively) on something
// repealed, and is itself in force.
struct Dependent {
  std::size_t node = 0;
  Status status;                   // its own status (in force)
  std::vector<std::size_t> path;   // node path: dependent .. repealed target
  std::vector<std::size_t> edges;  // the edges along `path`, same order
};

struct RepealTarget {
  Reference ref;  // a repeals or amends edge out of X
  Status status;  // the target's status as of the date
  // For repeals only: in-force documents that rest on the target, by id.
  std::vector<Dependent> cascade;
};

// In-force documents that rest on `target` (based_on / implements edges
// only, transitively), by id; nodes in `skip` (the repealing document, others
// repealed with it) are left out.
std::vector<Dependent> cascade(const CorpusGraph& g, std::size_t target, Date as_of,
                               const std::set<std::size_t>& skip = {});

// `repeals X`: what X repeals and amends (edge order), each with the
// cascade of in-force documents based on or implementing it.
std::vector<RepealTarget> repeals(const CorpusGraph& g, std::size_t node, Date as_of);

// ---------------------------------------------------------- superseded ----

struct StatusRow {
  std::size_t node = 0;
  Status status;
};
// Repealed or expired on `as_of`, by id. `issuer` (when not empty) keeps only
// the nodes it matches (issuer_filter.h: exact, else a part of a name).
std::vector<StatusRow> superseded(const CorpusGraph& g, Date as_of, std::string_view issuer = {});

// ------------------------------------------------------------- orphans ----

// A document in force whose basis has fallen away: somewhere up its
// based_on / implements chain an instrument is repealed or expired. Only the
// nearest fallen instrument on each path is reported.
struct Orphan {
  std::size_t node = 0;            // the document in force
  Status status;                   // its status (in force or amended)
  std::size_t basis = 0;           // the fallen instrument
  Status basis_status;             // 已废止 / 失效, with evidence
  std::optional<Date> fell_away;   // basis_status.since
  std::vector<std::size_t> path;   // node .. basis
  std::vector<std::size_t> edges;  // the edges along `path`
};
// By (node id, basis id).
std::vector<Orphan> orphans(const CorpusGraph& g, Date as_of);

// ----------------------------------------------------------- the walks ----

struct WalkRow {
  std::size_t node = 0;
  int depth = 0;             // edges from the start
  std::size_t via_edge = 0;  // the edge that reached it
  Status status;
  std::vector<std::size_t> path;   // start .. node
  std::vector<std::size_t> edges;  // the edges the walk followed along `path`
};

// `chain X`: what X rests on (based_on / implements), transitively, by depth
// then id. `reaches_national` tells whether a national instrument is among
// them.
struct Chain {
  std::size_t start = 0;
  std::vector<WalkRow> rows;
  bool reaches_national = false;
};
Chain chain(const CorpusGraph& g, std::size_t node, Date as_of);

// `impact X`: everything resting on X (based_on, implements, forwards,
// amends), transitively, grouped by administrative level (national first,
// unknown last), each group by depth then id.
struct ImpactGroup {
  Level level = Level::kUnknown;
  std::vector<WalkRow> rows;
  std::size_t total = 0;  // rows of this level in the whole answer
};
struct Impact {
  std::size_t start = 0;
  std::vector<ImpactGroup> groups;  // non-empty groups only (of the whole answer)
  std::size_t total = 0;            // rows in the whole answer
};
Impact impact(const CorpusGraph& g, std::size_t node, Date as_of);

// The rows [offset, offset + limit) of impact()'s answer, in its order
// (groups in level order, each by depth then id), and nothing else: a group
// keeps its `total` and may hold no row. Only the rows kept get a status and
// a path, so a page of a hub's impact costs its walk, not its answer.
Impact impact(const CorpusGraph& g, std::size_t node, Date as_of, std::size_t offset,
              std::size_t limit);

// ------------------------------------------------------------ expiring ----

struct ExpiringRow {
  std::size_t node = 0;
  Date expires;        // last day in force
  long days_left = 0;  // expires - as_of, in days (0: last day is today)
  Status status;
  Evidence evidence;  // where the 有效期 is printed
};
// Documents in force on `as_of` whose 有效期 ends on a day in
// [as_of, window.end_from(as_of)], by id.
std::vector<ExpiringRow> expiring(const CorpusGraph& g, Date as_of, Window window);

// ---------------------------------------------------------- unresolved ----

// References whose target is not published in the corpus, grouped by target.
struct UnresolvedGroup {
  std::size_t target = 0;               // an external node
  std::vector<std::size_t> references;  // incoming edges, edge order
  // The distinct sources of `references` (external ones too), in the order
  // of their first reference.
  std::vector<std::size_t> citing;
  std::size_t citing_documents = 0;  // distinct corpus documents citing it
};
// Most referenced first, then by id. Edges derived from a cited title (whose
// source is itself external) count too: they name an instrument to add.
std::vector<UnresolvedGroup> unresolved(const CorpusGraph& g);

}  // namespace pg
