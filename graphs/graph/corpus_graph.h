// The corpus graph: every extraction of a corpus resolved into one node per
// instrument, with the references between them, integrity findings, and the
// status of each instrument as of a date.
//
// Identity: a document number (canonical 发文字号, 济政发〔2017〕24号) when one
// is known; otherwise the instrument's title ("title:" + title). A reference
// that gives only a title takes the number that the corpus pairs with that
// title anywhere (a header, a citation 《X》（鲁政发〔2016〕26号）, or a notice
// that 印发/转发 《X》), compared tolerantly (see fold_title). A law is one node
// whether cited with or without the state's name (《中华人民共和国行政许可法》,
// 《行政许可法》; see without_state_name), unless the corpus publishes both
// titles as documents of their own. An instrument known by title and date
// (Edge::from_date: a 关于修改〈X〉的决定 of one day; Edge::to_date: an older law
// of the citing law's own title) is "title:" + title + "（YYYY-MM-DD）".
//
// Everything here is plain data; the graph algorithms behind it (Boost.Graph)
// stay in corpus_graph.cpp.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graphs/base/date.h"
#include "graphs/base/doc_number.h"
#include "graphs/base/result.h"
#include "graphs/base/titles.h"
#include "graphs/model/model.h"

namespace pg {

namespace detail {
struct BoostGraph;  // defined in corpus_graph.cpp
}  // namespace detail

// The administrative level of an issuer.
enum class Level {
  kNational,    // "national": State Council, Party Central Committee, top courts
  kProvincial,  // "provincial": a province's (or 直辖市's) government or committee
  kMunicipal,   // "municipal": a city's government, its office or committee
  kDistrict,    // "district": a district or county government
  kDepartment,  // "department": a ministry or a provincial/municipal department
  kUnknown,     // "unknown": the 机关代字 is in no table and no header
};
std::string_view to_string(Level l);
std::optional<Level> parse_level(std::string_view s);
// The Chinese word: 国家, 省级, 市级, 区县, 部门, 未知 (JSON's "level_zh").
std::string_view zh_name(Level l);

// One row of the 机关代字 table (analyzer/data/agency_codes.tsv): numbers
// whose agency part is exactly `prefix` were issued by `issuer`.
struct IssuerRule {
  std::string prefix;  // 机关代字, e.g. 鲁政发
  std::string issuer;  // 山东省人民政府
  Level level = Level::kUnknown;
};

// The table's text format: prefix<TAB>issuer<TAB>level per line, '#' starts a
// comment line, blank lines skipped. A malformed line (too few fields or an
// unknown level) is an Error naming `name` and the line number.
Result<std::vector<IssuerRule>> parse_issuer_rules(std::string_view text, const std::string& name);

// Document numbers: NumberParts, split_doc_no, is_canonical_number and
// normalize_doc_no are in graphs/base/doc_number.h.

// A piece of evidence and the document whose text it is (a node id).
struct Sourced {
  std::string document;
  Evidence evidence;
};

// One instrument.
struct Node {
  std::string id;                     // doc_no, or "title:" + title
  std::optional<std::string> doc_no;  // canonical number when known
  std::string title;                  // header title, else the title cited most
  std::vector<std::string> aliases;   // every other title seen for it, sorted
  bool external = true;               // cited but not published in the corpus
  std::optional<Document> document;   // the published document (not external)
  std::string source;                 // file it was read from (not external)
  std::string issuer;                 // from the 机关代字 table or a corpus header, else the
                                      // document's first printed issuer, else empty
  Level level = Level::kUnknown;
  // What the corpus says of it: every citation of it (the citing document and
  // its quote), in corpus order. For external nodes this is all we know.
  std::vector<Sourced> mentions;
  // Citations counted but not read: a stored graph's point read
  // (StoredGraph::point_graph) keeps the first mention only, so that a hub
  // cited thousands of times costs one row. times_cited() adds them up.
  std::size_t mentions_unread = 0;
};

// How often the corpus cites `n`: its mentions, read or only counted.
inline std::size_t times_cited(const Node& n) { return n.mentions.size() + n.mentions_unread; }

// A node as people name it: its number, else its title in 《》
// (instrument_label, as every listing shows an instrument).
std::string label_of(const Node& n);

// A resolved reference between two nodes (indices into nodes()).
struct GraphEdge {
  std::size_t from = 0;
  std::size_t to = 0;
  RelationType type = RelationType::kCites;
  Evidence evidence;     // file, line and quote of the reference
  bool derived = false;  // stated by a cited title, not by a corpus document
  // The day the text dates the change (Edge::from_date: a law's history
  // note); status counts from it when the source is not in the corpus.
  std::optional<Date> date;
  // The part of the target a repeal ends (Edge::scope): a partial repeal.
  std::optional<std::string> scope;
};

// A problem in the corpus as a whole, reported rather than hidden.
enum class FindingKind {
  kTitleConflict,         // "title_conflict": one number printed with two different titles
  kCitedBeforeExists,     // "cited_before_exists": a number's year is after the citing document's
  kRepealsLaterDocument,  // "repeals_later_document": the repealed item is dated after the repealer
  kAmbiguousTitle,        // "ambiguous_title": one title pairs with two or more numbers
};
std::string_view to_string(FindingKind k);
std::optional<FindingKind> parse_finding_kind(std::string_view s);

struct Finding {
  FindingKind kind = FindingKind::kTitleConflict;
  std::string subject;            // the node id (number or title) it is about
  std::string message;            // one line, for people
  std::vector<Sourced> evidence;  // every place that produced it
};

// Status of an instrument as of a date, in the words users know.
enum class StatusKind {
  kNotYetEffective,  // 尚未生效 "not_yet_effective": before its effective date
  kInForce,          // 现行有效 "in_force"
  kAmended,          // 已被修改 "amended": in force, amended by a later document
  kPartlyRepealed,   // 部分失效 "partly_repealed": in force but for a part a later document
                     // repealed (Edge::scope); a whole repeal or expiry wins over it
  kRepealed,         // 已废止 "repealed": by a document, from that one's effective date
  kExpired,          // 失效 "expired": from the day after its 有效期 ran out
  kUnknown,          // 未知 "unknown": external and nothing known
};
std::string_view to_string(StatusKind k);                         // the Chinese word
std::string_view ascii_name(StatusKind k);                        // the ASCII name
std::optional<StatusKind> parse_status_kind(std::string_view s);  // either form

struct Status {
  StatusKind kind = StatusKind::kUnknown;
  // First day the status holds; for 尚未生效 nullopt (detail names the day it
  // takes effect), for 现行有效 nullopt when the document shows no date.
  std::optional<Date> since;
  std::optional<std::string> by;  // repealing / amending document (node id)
  Sourced evidence;               // the text that produced it (empty document if none)
  std::string detail;  // one line: "已废止 by 济政发〔2019〕17号 from 2020-02-01"
};

// The day status() counts a repeal or amendment by `n` from: a published
// document's effective date (its 施行 date, else its signed, else its printed
// date); nullopt for an external node (the edge's own date counts then) or a
// document that shows no date. graphs/store/graph_store.h keeps it per node.
std::optional<Date> effective_date(const Node& n);

// One node reached by a walk over the graph.
struct Reach {
  std::size_t node = 0;
  int depth = 0;  // edges from the start
  // The edge (index into edges()) by which the walk first reached it.
  std::size_t via_edge = 0;
};

// What a node's mention was as a reference (the raw edge it came from), for
// a store that re-resolves part of the graph later (graphs/store/graph_update.h).
struct MentionRef {
  RelationType type = RelationType::kCites;
  bool derived = false;
  std::optional<std::string> title;  // the title the reference printed
  std::optional<Date> date;          // Edge::from_date
};

// Ids decided outside the builder for one extraction: each document's node id,
// and each edge's (from, to) node ids (an empty id drops the edge).
struct FixedIds {
  std::vector<std::string> documents;
  std::vector<std::pair<std::string, std::string>> edges;
};

// Hooks of an incremental rebuild; all optional.
struct BuildHooks {
  // One per extraction: its ids are taken as given, nothing is resolved.
  const std::vector<FixedIds>* fixed = nullptr;
  // The issuer each unknown 机关代字 takes (instead of the first header of the
  // corpus given).
  const std::map<std::string, std::string>* learned_issuers = nullptr;
  // Out: per node (graph order), per mention, what the reference was.
  std::vector<std::vector<MentionRef>>* mention_refs = nullptr;
  // Out: per extraction, each document's node id.
  std::vector<std::vector<std::string>>* document_ids = nullptr;
};

class CorpusGraph {
 public:
  // Resolves the corpus. `corpus` order decides only ties of evidence order
  // (mentions, findings); node and edge order are fixed: nodes by id, edges by
  // (from, to, type). Never fails: problems become findings().
  static CorpusGraph build(const std::vector<Extraction>& corpus,
                           const std::vector<IssuerRule>& issuers);
  // The same graph from a corpus the caller gives up: its documents and
  // quotes are moved into the graph rather than copied, and `corpus` is left
  // empty.
  static CorpusGraph build(std::vector<Extraction>&& corpus,
                           const std::vector<IssuerRule>& issuers);
  // build with hooks (BuildHooks); the corpus is not given up.
  static CorpusGraph build(const std::vector<Extraction>& corpus,
                           const std::vector<IssuerRule>& issuers, const BuildHooks& hooks);
  static CorpusGraph build(std::vector<Extraction>&& corpus, const std::vector<IssuerRule>& issuers,
                           const BuildHooks& hooks);

  // A graph made of parts another graph gave (graphs/store/graph_store.h
  // keeps them): `nodes` sorted by id, `edges` (indices into `nodes`) sorted by
  // (from, to, type), `title_index` as title_index() gives it (ids that are
  // not among `nodes` are kept: find() then finds nothing for that key). Given
  // a whole graph's parts it is that graph; given a subgraph's, every query
  // that reads only what the subgraph holds answers as on the whole graph.
  // Defined in corpus_graph_parts.cpp.
  static CorpusGraph from_parts(
      std::vector<Node> nodes, std::vector<GraphEdge> edges, std::vector<Finding> findings,
      std::unordered_map<std::string, std::vector<std::string>> title_index);

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<GraphEdge>& edges() const { return edges_; }
  const std::vector<Finding>& findings() const { return findings_; }
  // The title index find() uses: fold_title key -> the node ids it names
  // (more than one: ambiguous), in the order find() reads them.
  const std::unordered_map<std::string, std::vector<std::string>>& title_index() const {
    return by_title_;
  }

  // Node index by exact id; nullopt when absent.
  std::optional<std::size_t> index_of(std::string_view id) const;
  // A number (canonical, or in a form normalize_doc_no accepts) or a title
  // (tolerantly, also the measure a notice issues). nullptr when nothing
  // matches or the title pairs with more than one number.
  const Node* find(std::string_view query) const;
  // Nodes whose id, title or an alias contains `fragment` (compared as
  // fold_title keys), sorted by id.
  std::vector<const Node*> search(std::string_view fragment) const;

  // Edge indices leaving / entering a node, in edge order (empty for an index
  // out of range). The lists live as long as the graph.
  const std::vector<std::size_t>& out_edges(std::size_t node) const;
  const std::vector<std::size_t>& in_edges(std::size_t node) const;

  // The status of nodes()[node] on `as_of`. A repeal or amendment that names
  // a part (GraphEdge::scope) makes a document 部分失效, unless it is repealed
  // whole or expired by then. Repeal counts from the repealing
  // document's effective date (its signed, else printed date when it takes
  // effect on issue or states nothing); expiry from the day after `expires`;
  // the earlier of the two wins. A document in the corpus with no 施行 clause
  // is taken to be in force from its signed (else printed) date.
  Status status(std::size_t node, Date as_of) const;

  // Breadth-first walks, each node once at its least depth, start excluded;
  // neighbours in edge order. chain_up follows based_on and implements
  // edges forward (what the start rests on); impact_down follows based_on,
  // implements, forwards and amends edges backward (what rests on it).
  std::vector<Reach> chain_up(std::size_t node) const;
  std::vector<Reach> impact_down(std::size_t node) const;
  // The node path start .. target through a walk's via_edges; empty when the
  // walk did not reach `target`.
  std::vector<std::size_t> path_to(std::size_t start, const std::vector<Reach>& walk,
                                   std::size_t target) const;

 private:
  static CorpusGraph build_from(const std::vector<Extraction>& corpus,
                                const std::vector<IssuerRule>& issuers, bool owned,
                                const BuildHooks& hooks = {});
  // out_, in_ and the Boost graph from nodes_ and edges_ (from_parts).
  void index_edges();

  std::vector<Node> nodes_;
  std::vector<GraphEdge> edges_;
  std::vector<Finding> findings_;
  std::unordered_map<std::string, std::size_t> by_id_;
  // fold_title key -> node ids it names (more than one: ambiguous).
  std::unordered_map<std::string, std::vector<std::string>> by_title_;
  std::vector<std::vector<std::size_t>> out_, in_;  // edge indices per node
  std::shared_ptr<const detail::BoostGraph> boost_;
};

}  // namespace pg
