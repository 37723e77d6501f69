// The 合法性审核 pre-check: a draft, read like any gazette text (pg::extract),
// held against the stored corpus. Pure logic over a CorpusGraph; reading the
// draft and printing the report is the caller's business (analyzer/cli/).
//
// What it answers, as of a date:
//   - every reference of the draft, the corpus instrument it names and that
//     instrument's status;
//   - findings: a reference to an instrument that is repealed, expired or
//     known only by citation (status 未知); a reference that names nothing in
//     the corpus; a repeal that leaves in-force documents without their basis;
//     a draft number that an existing instrument already has.
// The draft is not added to the graph: the corpus is not changed by a check.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg {

// What is wrong with a draft. One to_string/parse pair for JSON and the CLI.
enum class DraftFindingKind {
  kCitesRepealed,    // "cites_repealed": references an instrument 已废止 on the date
  kCitesExpired,     // "cites_expired": references an instrument 失效 on the date
  kCitesUnknown,     // "cites_unknown": cites (not repeals/amends) an instrument of status 未知
  kUnresolved,       // "unresolved": a reference that names nothing in the corpus
  kRepealCascade,    // "repeal_cascade": repeals an instrument in-force documents rest on
  kNumberCollision,  // "number_collision": the draft's number is an existing instrument's
};
std::string_view to_string(DraftFindingKind k);
std::optional<DraftFindingKind> parse_draft_finding_kind(std::string_view s);

// One reference of the draft (derived edges, which a cited title states, and
// references of the draft to itself are left out).
struct DraftReference {
  Edge edge;                        // as the extractor read it
  Evidence evidence;                // draft file, the edge's line and quote
  std::optional<std::size_t> node;  // the corpus node it names; nullopt: none
  std::optional<Status> status;     // that node's status on the date
  // Repeals only: the in-force documents that rest (based_on / implements,
  // transitively) on the target and would lose their basis, by node id.
  // Documents the draft repeals too are left out.
  std::vector<Dependent> cascade;
};

struct DraftFinding {
  DraftFindingKind kind = DraftFindingKind::kUnresolved;
  std::string subject;                   // the number (else the title) it is about
  std::string message;                   // one line, for people
  Evidence evidence;                     // where in the draft
  std::optional<std::size_t> node;       // the corpus node concerned, when there is one
  std::optional<std::size_t> reference;  // index into DraftReport::references
};

struct DraftReport {
  Date as_of;
  std::string source;                      // the draft's file name
  std::vector<std::string> documents;      // keys of the draft's policy documents
  std::vector<DraftReference> references;  // draft edge order
  // Number collisions first (by draft document), then reference findings in
  // reference order.
  std::vector<DraftFinding> findings;

  bool clean() const { return findings.empty(); }
};

// Checks `draft` (the extraction of one draft file) against `corpus` as of
// `as_of`. A reference is resolved as the corpus resolves it: by number, else
// (number unknown or absent) by title through CorpusGraph::find; a title that
// pairs with more than one number resolves to nothing. Every reference yields
// at most one status finding (a repeal or amendment of an instrument whose
// status is 未知, because the corpus only cites it, is none); a repeal of an instrument with a non-empty
// cascade yields a repeal_cascade finding besides. Amendments are listed with
// the target's status; they leave the target in force, so no cascade.
DraftReport check_draft(const CorpusGraph& corpus, const Extraction& draft, Date as_of);

}  // namespace pg
