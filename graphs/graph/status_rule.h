// The status rule: how a node's status on a day (北大法宝's words: 尚未生效,
// 现行有效, 已被修改, 部分失效, 已废止, 失效) follows from its own dates and from the
// repeals and amendments into it. CorpusGraph::status (in memory) and the
// store's lists (graphs/answers/stored_lists.cpp, from stored columns and
// edge rows) both decide through decide_status, so the two cannot drift.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg {

// When a document starts to have force, and the text that says so: its
// 施行 date, else (on issue, or unstated) the day it was signed or printed.
struct EffectiveAt {
  std::optional<Date> date;
  Evidence evidence;
};

// The evidence the extractor kept for one field of `d` ("effective",
// "expires", "signed", ...); null when it kept none.
const Evidence* field_evidence(const Document& d, std::string_view field);
// The day `d` was signed, else printed.
std::optional<Date> issued_date(const Document& d);
// effective_at(d, ...).date, without the evidence.
std::optional<Date> effective_day(const Document& d);
EffectiveAt effective_at(const Document& d, const std::string& source);

// One repeal or amendment into the node whose status is decided.
struct StatusEvent {
  bool repeal = false;              // else an amendment
  std::optional<Date> counts_from;  // the day it counts from; none: never
  std::optional<Date> date;         // the day the text dates it (GraphEdge::date)
  // It ends a part of the node only (GraphEdge::scope), whatever its type:
  // not a whole repeal; with the amendments, it makes a document in force
  // 部分失效 rather than 已被修改.
  bool partial = false;
};

struct StatusDecision {
  static constexpr std::size_t kNoEvent = SIZE_MAX;
  // Kind and since. Evidence and detail too, unless an event decides it
  // (then name_status_event fills them) or the kind is kUnknown (a node not
  // in the corpus: the caller says what it knows of it).
  Status status;
  std::size_t event = kNoEvent;  // position in `events` of the deciding event
};

// The status of `n` on `as_of`. `events` in edge order: of two events that
// count from one day, the first decides. In order: 尚未生效; the earliest
// whole repeal (unless the document expired before it); 失效; 未知 for a
// node not in the corpus; 部分失效 from the earliest partial repeal in force
// (a part repealed is never undone by a later amendment); 已被修改 from the
// latest amendment; 现行有效.
StatusDecision decide_status(const Node& n, std::span<const StatusEvent> events, Date as_of);

// A status decided by a repeal or amendment from the node `by`, quoting the
// edge's evidence: fills by, evidence and detail. For 部分失效 the detail
// names the part (`scope`): "部分失效 by X from D (第十条、第十二条)".
void name_status_event(Status& st, const std::string& by, const Evidence& evidence,
                       const std::optional<std::string>& scope = std::nullopt);

}  // namespace pg
