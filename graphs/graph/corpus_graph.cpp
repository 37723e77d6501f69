#include "graphs/graph/corpus_graph.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/property_map.hpp>

#include "graphs/base/utf8.h"
#include "graphs/base/work_stats.h"
#include "graphs/graph/status_rule.h"

namespace pg {

// ---------------------------------------------------------------- enums ----

std::string_view to_string(Level l) {
  switch (l) {
    case Level::kNational: return "national";
    case Level::kProvincial: return "provincial";
    case Level::kMunicipal: return "municipal";
    case Level::kDistrict: return "district";
    case Level::kDepartment: return "department";
    case Level::kUnknown: return "unknown";
  }
  return "unknown";
}

std::optional<Level> parse_level(std::string_view s) {
  for (Level l : {Level::kNational, Level::kProvincial, Level::kMunicipal, Level::kDistrict,
                  Level::kDepartment, Level::kUnknown}) {
    if (to_string(l) == s) return l;
  }
  return std::nullopt;
}

std::string_view zh_name(Level l) {
  switch (l) {
    case Level::kNational: return "国家";
    case Level::kProvincial: return "省级";
    case Level::kMunicipal: return "市级";
    case Level::kDistrict: return "区县";
    case Level::kDepartment: return "部门";
    case Level::kUnknown: return "未知";
  }
  return "未知";
}

std::string_view to_string(FindingKind k) {
  switch (k) {
    case FindingKind::kTitleConflict: return "title_conflict";
    case FindingKind::kCitedBeforeExists: return "cited_before_exists";
    case FindingKind::kRepealsLaterDocument: return "repeals_later_document";
    case FindingKind::kAmbiguousTitle: return "ambiguous_title";
  }
  return "title_conflict";
}

std::optional<FindingKind> parse_finding_kind(std::string_view s) {
  for (FindingKind k : {FindingKind::kTitleConflict, FindingKind::kCitedBeforeExists,
                        FindingKind::kRepealsLaterDocument, FindingKind::kAmbiguousTitle}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

namespace {
constexpr StatusKind kAllStatusKinds[] = {StatusKind::kNotYetEffective, StatusKind::kInForce,
                                          StatusKind::kAmended,         StatusKind::kPartlyRepealed,
                                          StatusKind::kRepealed,        StatusKind::kExpired,
                                          StatusKind::kUnknown};
}  // namespace

std::string_view to_string(StatusKind k) {
  switch (k) {
    case StatusKind::kNotYetEffective: return "尚未生效";
    case StatusKind::kInForce: return "现行有效";
    case StatusKind::kAmended: return "已被修改";
    case StatusKind::kPartlyRepealed: return "部分失效";
    case StatusKind::kRepealed: return "已废止";
    case StatusKind::kExpired: return "失效";
    case StatusKind::kUnknown: return "未知";
  }
  return "未知";
}

std::string_view ascii_name(StatusKind k) {
  switch (k) {
    case StatusKind::kNotYetEffective: return "not_yet_effective";
    case StatusKind::kInForce: return "in_force";
    case StatusKind::kAmended: return "amended";
    case StatusKind::kPartlyRepealed: return "partly_repealed";
    case StatusKind::kRepealed: return "repealed";
    case StatusKind::kExpired: return "expired";
    case StatusKind::kUnknown: return "unknown";
  }
  return "unknown";
}

std::optional<StatusKind> parse_status_kind(std::string_view s) {
  for (StatusKind k : kAllStatusKinds) {
    if (to_string(k) == s || ascii_name(k) == s) return k;
  }
  return std::nullopt;
}

// ---------------------------------------------------------- issuer table ----

Result<std::vector<IssuerRule>> parse_issuer_rules(std::string_view text, const std::string& name) {
  std::vector<IssuerRule> rules;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (line.front() == '#') continue;
    std::vector<std::string_view> fields;
    std::size_t f = 0;
    while (true) {
      std::size_t tab = line.find('\t', f);
      fields.push_back(
          line.substr(f, tab == std::string_view::npos ? std::string_view::npos : tab - f));
      if (tab == std::string_view::npos) break;
      f = tab + 1;
    }
    auto where = [&](const std::string& what) {
      return Error{name, -1, "line " + std::to_string(line_no) + ": " + what};
    };
    if (fields.size() < 3 || fields[0].empty() || fields[1].empty()) {
      return where("expected prefix<TAB>issuer<TAB>level");
    }
    std::optional<Level> level = parse_level(fields[2]);
    if (!level) return where("unknown level '" + std::string(fields[2]) + "'");
    rules.push_back({std::string(fields[0]), std::string(fields[1]), *level});
  }
  return rules;
}

// ------------------------------------------------------------ the graph ----

namespace detail {

struct EdgeProp {
  std::size_t index = 0;  // into CorpusGraph::edges()
  RelationType type = RelationType::kCites;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                    boost::no_property, EdgeProp>;
struct BoostGraph {
  Graph g;
};

}  // namespace detail

namespace {

using detail::Graph;

// One step of resolution or of a walk, counted (graphs/base/work_stats.h).
inline void step(std::uint64_t n = 1) { work_stats().graph_steps += n; }

// Runs `side` on a helper thread while `here` runs on this one, for two
// steps of a build that share no data; the helper's steps are counted as
// this thread's, and its exception is rethrown once both are done.
template <class Here, class Side>
void beside(Here&& here, Side&& side) {
  std::uint64_t side_steps = 0;
  std::exception_ptr failed;
  {
    std::jthread helper([&] {
      const std::uint64_t before = work_stats().graph_steps;
      try {
        side();
      } catch (...) {
        failed = std::current_exception();
      }
      side_steps = work_stats().graph_steps - before;
    });
    here();
  }
  step(side_steps);
  if (failed) std::rethrow_exception(failed);
}

// Bit set of relation types for walks.
using TypeMask = unsigned;
constexpr TypeMask bit(RelationType t) { return 1u << static_cast<int>(t); }

template <class G>
struct TypeFilter {
  TypeFilter() = default;
  TypeFilter(const G* g, TypeMask m) : g_(g), mask_(m) {}
  template <class E>
  bool operator()(const E& e) const {
    step();
    return (mask_ & bit((*g_)[e].type)) != 0;
  }
  const G* g_ = nullptr;
  TypeMask mask_ = 0;
};

// Records, for each vertex the BFS discovers, the edge that reached it.
// Depths and colours live in hash maps holding only the vertices the walk
// reaches, so a walk costs what it reaches, not the size of the graph.
template <class G>
class ReachRecorder : public boost::default_bfs_visitor {
 public:
  ReachRecorder(std::vector<Reach>* out, std::unordered_map<std::size_t, int>* depth)
      : out_(out), depth_(depth) {}
  template <class E, class FG>
  void tree_edge(const E& e, const FG& g) const {
    std::size_t s = boost::source(e, g), t = boost::target(e, g);
    auto it = depth_->find(s);
    int d = (it == depth_->end() ? 0 : it->second) + 1;
    (*depth_)[t] = d;
    out_->push_back({t, d, g[e].index});
  }

 private:
  std::vector<Reach>* out_;
  std::unordered_map<std::size_t, int>* depth_;
};

template <class G>
std::vector<Reach> bfs_walk(const G& g, std::size_t start, TypeMask mask) {
  std::vector<Reach> out;
  std::unordered_map<std::size_t, int> depth;
  TypeFilter<G> filter(&g, mask);
  boost::filtered_graph<G, TypeFilter<G>> fg(g, filter);
  // A vertex missing from the map reads as white (the enum's first value):
  // breadth_first_visit, unlike breadth_first_search, colours nothing first.
  std::unordered_map<std::size_t, boost::default_color_type> colors;
  boost::associative_property_map<std::unordered_map<std::size_t, boost::default_color_type>> color(
      colors);
  boost::queue<std::size_t> queue;
  boost::breadth_first_visit(fg, start, queue, ReachRecorder<G>(&out, &depth), color);
  return out;
}

std::optional<int> year_of(const Node& n) {
  if (n.document) {
    if (auto d = issued_date(*n.document)) return d->year;
  }
  if (n.doc_no) {
    if (auto p = split_doc_no(*n.doc_no)) return p->year;
  }
  return std::nullopt;
}

// Level of an issuer learned from a header: the table's level for the same
// issuer; else a department by its ending (厅 局 委员会 ...); else the level
// of the place it governs: the table's level for that place's 人民政府 (北京市
// is provincial), else the place's own ending (省 市 区 县).
Level level_from_issuer_name(const std::string& issuer, const std::vector<IssuerRule>& rules) {
  for (const auto& r : rules) {
    if (r.issuer == issuer) return r.level;
  }
  if (issuer.empty()) return Level::kUnknown;
  auto has = [&](std::string_view p) { return issuer.find(p) != std::string::npos; };
  if (has("国务院") || issuer.starts_with("中共中央") || issuer.starts_with("全国人民代表大会") ||
      issuer.starts_with("最高人民")) {
    return Level::kNational;
  }
  // The body after the place name.
  static constexpr std::string_view kBodies[] = {"人民代表大会", "人民政府", "委员会", "委",
                                                 "厅",           "局",       "办公室"};
  std::size_t body = std::string::npos;
  for (std::string_view b : kBodies) body = std::min(body, issuer.find(b));
  bool is_government = has("人民政府") || has("人民代表大会") ||
                       (issuer.ends_with("委") && issuer.starts_with("中共"));
  if (!is_government) {
    for (std::string_view dep : {"厅", "局", "委员会", "部", "办公室"}) {
      if (issuer.ends_with(dep)) return Level::kDepartment;
    }
  }
  if (body == std::string::npos || body == 0) return Level::kUnknown;
  std::string place = issuer.substr(0, body);
  if (place.starts_with("中共")) place.erase(0, std::string_view("中共").size());
  for (const auto& r : rules) {
    if (r.issuer == place + "人民政府") return r.level;
  }
  if (place.ends_with("区") || place.ends_with("县")) return Level::kDistrict;
  if (place.ends_with("市")) return Level::kMunicipal;
  if (place.ends_with("省")) return Level::kProvincial;
  return Level::kUnknown;
}

// Titles "the same" for the conflict check: equal keys (also after stripping
// an issuing wrapper), or one key ending with the other (the issuer's name
// left out: 关于X的意见 vs 山东省人民政府关于X的意见).
std::vector<std::string> compare_keys(const std::string& title) {
  std::vector<std::string> keys{fold_title(title)};
  if (auto inner = strip_issue_wrapper(title)) keys.push_back(fold_title(*inner));
  return keys;
}

constexpr std::size_t kMinSuffixBytes = 15;

bool keys_compatible(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x == y && !x.empty()) return true;
      // A suffix counts only when long enough to name something (5 CJK).
      const std::string& shorter = x.size() < y.size() ? x : y;
      const std::string& longer = x.size() < y.size() ? y : x;
      if (shorter.size() >= kMinSuffixBytes && longer.ends_with(shorter)) {
        return true;
      }
    }
  }
  return false;
}

// Views of the corpus: read only by steps 1 and 7a, before anything in the
// corpus is moved (an owned corpus gives up quotes in step 2, documents in 3).
struct TitlePair {
  std::string_view number;
  std::string_view title;
  std::string_view document;  // where: the document whose text says so
  std::string_view file;
  int line = 0;
  std::string_view quote;
  bool issued = false;  // a measure the notice 印发/转发
  int page = 0;         // of the line, in a paged input

  Sourced where() const {
    return {std::string(document), {std::string(file), line, std::string(quote), page}};
  }
};

// What the corpus says about one node, gathered before the node is made.
// Titles are views of the builder's raw edges and of the corpus's documents
// (other than the one the node takes, which may be moved), read while those
// are there: a builder copies no text.
struct NodeBuilder {
  // A title seen for a number: a document header (docs_[index]) or a
  // reference (raw_edges_[index]).
  struct TitleSeen {
    bool header = false;
    std::size_t index = 0;
  };
  std::optional<std::string> doc_no;
  const Document* document = nullptr;  // the first published one, in the corpus
  std::string source;
  std::map<std::string_view, int> cited_titles;  // title -> times cited
  std::set<std::string_view> aliases;
  std::vector<Sourced> mentions;
  std::vector<MentionRef> refs;  // BuildHooks::mention_refs only
  // Titles seen for the number (conflict check); the header's first.
  std::vector<TitleSeen> numbered_titles;
};

// An edge of the corpus with its ends resolved to node ids.
struct RawEdge {
  std::string from, to;
  RelationType type;
  Evidence evidence;
  bool derived;
  std::optional<std::string> to_title;
  std::optional<Date> date;
  std::optional<std::string> scope;  // Edge::scope
};

// The steps of CorpusGraph::build, one member function each, run in the order
// declared (but 4 beside 7b, and 5 beside 6: build_from); each reads what the
// earlier ones left in the members and lets go of what no later step reads (the peak memory of a build is the corpus plus
// these). The results (the public members) are moved into the CorpusGraph.
class GraphBuilder {
 public:
  // With `owned`, the corpus is the builder's to empty: documents and quotes
  // are moved into the graph, not copied.
  GraphBuilder(const std::vector<Extraction>& corpus, const std::vector<IssuerRule>& issuers,
               bool owned, const BuildHooks& hooks = {})
      : corpus_(corpus), issuers_(issuers), owned_(owned), hooks_(hooks) {}

  void pair_titles_with_numbers();  // 1
  void find_ambiguous_titles();     // 7a, while the title pairs' views are valid
  void resolve_references();        // 2
  void make_nodes();                // 3
  void find_title_conflicts();      // 7b, while the node builders are there
  void assign_issuers();            // 4
  void make_edges();                // 5
  void index_titles();              // 6
  void find_impossible_dates();     // 7c, 7d
  void sort_findings();             // the order of the findings is the sort's

  std::vector<Node> nodes;
  std::unordered_map<std::string, std::size_t> by_id;
  std::vector<GraphEdge> edges;
  std::vector<std::vector<std::size_t>> out, in;
  std::shared_ptr<const detail::BoostGraph> boost_graph;
  std::unordered_map<std::string, std::vector<std::string>> by_title;
  std::vector<Finding> findings;

 private:
  std::string node_key(const std::string& title) const;
  std::string title_node_id(const std::string& title, std::optional<Date> date = std::nullopt);
  std::string title_id(const std::string& title);
  std::string ref_id(const Edge& e);
  std::string from_id(const Edge& e);
  std::string final_id(const std::string& id);
  NodeBuilder& node_builder(const std::string& id);

  const std::vector<Extraction>& corpus_;
  const std::vector<IssuerRule>& issuers_;
  const bool owned_;
  const BuildHooks hooks_;
  // Step 1.
  std::vector<TitlePair> pairs_;
  // key -> number -> first pair that says so (ordered: deterministic output).
  std::unordered_map<std::string, std::map<std::string, const TitlePair*>> title_numbers_;
  // Step 2.
  std::set<std::string> document_keys_;  // folded titles of documents without a number
  std::unordered_map<std::string, std::string> title_display_;  // key -> title
  // "date|title key" -> title of a document the corpus publishes, by its day.
  std::unordered_map<std::string, std::string> dated_documents_;
  std::vector<RawEdge> raw_edges_;
  std::vector<std::tuple<std::string, const Document*, const Extraction*>> docs_;
  std::map<std::string, std::string> dated_titles_;  // final id -> title
  // Step 3.
  std::map<std::string, NodeBuilder> builders_;
};

// 1. Every title+number pair in the corpus, keyed by folded title (and the
//    folded measure inside an issuing wrapper).
void GraphBuilder::pair_titles_with_numbers() {
  for (const auto& ex : corpus_) {
    step(1 + ex.documents.size() + ex.edges.size());
    for (const auto& d : ex.documents) {
      if (!d.doc_no) continue;
      const int page = header_page(d);
      pairs_.push_back(
          {*d.doc_no, d.title, *d.doc_no, ex.source, d.line_start, d.title, false, page});
      const Evidence* ev = field_evidence(d, "promulgated_titles");
      for (const auto& p : d.promulgated_titles) {
        if (ev) {
          pairs_.push_back(
              {*d.doc_no, p, *d.doc_no, ev->file, ev->line, ev->quote, true, ev->page});
        } else {
          pairs_.push_back({*d.doc_no, p, *d.doc_no, ex.source, d.line_start, d.title, true, page});
        }
      }
    }
    for (const auto& e : ex.edges) {
      if (e.to_doc_no && e.to_title) {
        pairs_.push_back(
            {*e.to_doc_no, *e.to_title, e.from, ex.source, e.line, e.evidence, false, e.page});
      }
    }
  }
  // pairs_ is complete: pointers into it stay valid.
  for (const auto& p : pairs_) {
    step();
    for (const auto& key : compare_keys(std::string(p.title))) {
      auto [it, inserted] = title_numbers_[key].emplace(std::string(p.number), &p);
      // Say "issued by it" when any pair says so (the header's own wrapper
      // and its promulgated title share a key).
      if (!inserted && p.issued && !it->second->issued) it->second = &p;
    }
  }
}

// A law is cited with or without the state's name (中华人民共和国): both are
// one title node, unless the corpus publishes both as documents of their own.
std::string GraphBuilder::node_key(const std::string& title) const {
  std::string key = fold_title(title);
  std::string bare(without_state_name(key));
  if (bare.size() != key.size() && document_keys_.count(key) && document_keys_.count(bare)) {
    return key;  // two published instruments: no merging
  }
  return bare;
}

// Placeholder ids until display titles are final: "\x01" key, or for an
// instrument known by title and date (a 关于修改〈X〉的决定 of one day, an older
// law of the citing law's own title) "\x02", the date's length, the date, the
// key. The date goes first: a key is untrusted text and may hold any byte.
std::string GraphBuilder::title_node_id(const std::string& title, std::optional<Date> date) {
  std::string key = node_key(title);
  auto [it, inserted] = title_display_.emplace(key, title);
  // The full title (with the state's name) names the node; else the least.
  auto rank = [&](const std::string& t) {
    return std::make_pair(fold_title(t).size() == key.size(), t);
  };
  if (!inserted && rank(title) < rank(it->second)) it->second = title;
  if (date) {
    std::string iso = date->to_iso();
    return "\x02" + std::string(1, static_cast<char>(iso.size())) + iso + key;
  }
  return "\x01" + key;
}

// The title's number when the title pairs with exactly one, else the title.
std::string GraphBuilder::title_id(const std::string& title) {
  for (const auto& k : compare_keys(title)) {
    auto it = title_numbers_.find(k);
    if (it != title_numbers_.end() && it->second.size() == 1) {
      return it->second.begin()->first;
    }
    if (it != title_numbers_.end()) break;  // ambiguous: stays a title
  }
  return title_node_id(title);
}

std::string GraphBuilder::ref_id(const Edge& e) {
  if (e.to_doc_no) return *e.to_doc_no;
  if (!e.to_title) return {};
  // 1950年…颁布的《中华人民共和国工会法》 in the 工会法 of 2021: an older
  // instrument of the citing one's own title, told apart by its date.
  if (e.to_date && node_key(*e.to_title) == node_key(e.from)) {
    return title_node_id(*e.to_title, e.to_date);
  }
  return title_id(*e.to_title);
}

std::string GraphBuilder::from_id(const Edge& e) {
  if (is_canonical_number(e.from)) return e.from;
  if (e.from_date) {
    auto it = dated_documents_.find(e.from_date->to_iso() + "|" + node_key(e.from));
    if (it != dated_documents_.end()) return title_id(it->second);
    return title_node_id(e.from, e.from_date);
  }
  return title_id(e.from);
}

// Final ids of title nodes: "title:" + the printed variant, and a dated one's
// date: title:关于修改〈X〉的决定（1993-10-31）.
std::string GraphBuilder::final_id(const std::string& id) {
  if (id.empty() || (id[0] != '\x01' && id[0] != '\x02')) return id;
  if (id[0] == '\x01') return "title:" + title_display_.at(id.substr(1));
  auto iso_size = static_cast<std::size_t>(static_cast<unsigned char>(id[1]));
  const std::string& title = title_display_.at(id.substr(2 + iso_size));
  std::string out = "title:" + title + "（" + id.substr(2, iso_size) + "）";
  dated_titles_.emplace(out, title);
  return out;
}

// 2. Identity of every reference: a number, or the title's number when the
//    title pairs with exactly one, else the title itself.
void GraphBuilder::resolve_references() {
  for (const auto& ex : corpus_) {
    for (const auto& d : ex.documents) {
      if (!d.doc_no) document_keys_.insert(fold_title(d.title));
    }
  }
  // A decision the corpus publishes itself (全国人民代表大会常务委员会关于修改
  // 〈X〉的决定, adopted on a day) is the one a history note names by the
  // title from 关于 on, dated that day.
  for (const auto& ex : corpus_) {
    for (const auto& d : ex.documents) {
      if (d.doc_no || !d.signed_date) continue;
      std::string iso = d.signed_date->to_iso();
      std::size_t guan = d.title.find("关于");
      for (std::size_t at : {std::size_t{0}, guan}) {
        if (at == std::string::npos) continue;
        dated_documents_.emplace(iso + "|" + node_key(d.title.substr(at)), d.title);
      }
    }
  }
  {
    // Reserved: regrowing these (an edge holds its evidence) cost 2.5% of a
    // 100k ingest and half again their size at the peak.
    std::size_t documents = 0, edges = 0;
    for (const auto& ex : corpus_) {
      documents += ex.documents.size();
      edges += ex.edges.size();
    }
    docs_.reserve(documents);
    raw_edges_.reserve(edges);
  }
  for (std::size_t xi = 0; xi < corpus_.size(); ++xi) {
    const Extraction& ex = corpus_[xi];
    // Ids fixed by the caller (an incremental rebuild): nothing is resolved.
    const FixedIds* fixed = hooks_.fixed ? &(*hooks_.fixed)[xi] : nullptr;
    step(1 + ex.documents.size() + ex.edges.size());
    for (std::size_t di = 0; di < ex.documents.size(); ++di) {
      const Document& d = ex.documents[di];
      if (fixed) {
        docs_.emplace_back(fixed->documents[di], &d, &ex);
        continue;
      }
      docs_.emplace_back(d.doc_no ? *d.doc_no : title_id(d.title), &d, &ex);
    }
    for (std::size_t ei = 0; ei < ex.edges.size(); ++ei) {
      const Edge& e = ex.edges[ei];
      std::string to, from;
      if (fixed) {
        from = fixed->edges[ei].first;
        to = fixed->edges[ei].second;
        if (to.empty() || from.empty()) continue;
      } else {
        to = ref_id(e);
        from = from_id(e);
        if (to.empty() || from.empty()) continue;
        // 转发《X》 where X is the measure the notice itself carries: X is
        // another body's instrument, known by its title only.
        if (to == from && !e.to_doc_no) to = title_node_id(*e.to_title);
      }
      // The quote is read by nothing after this: an owned corpus gives it up.
      std::string quote = owned_ ? std::move(const_cast<std::string&>(e.evidence)) : e.evidence;
      raw_edges_.push_back({std::move(from),
                            std::move(to),
                            e.type,
                            {ex.source, e.line, std::move(quote), e.page},
                            e.derived,
                            e.to_title,
                            e.from_date,
                            e.scope});
    }
  }
  // Display titles are final only now that every reference was seen.
  for (auto& [id, d, ex] : docs_) id = final_id(id);
  for (auto& e : raw_edges_) {
    e.from = final_id(e.from);
    e.to = final_id(e.to);
  }
  if (hooks_.document_ids) {
    auto& out = *hooks_.document_ids;
    out.assign(corpus_.size(), {});
    std::size_t at = 0;
    for (std::size_t xi = 0; xi < corpus_.size(); ++xi) {
      for (std::size_t di = 0; di < corpus_[xi].documents.size(); ++di) {
        out[xi].push_back(std::get<0>(docs_[at++]));
      }
    }
  }
  document_keys_ = {};
  title_display_ = {};
  dated_documents_ = {};
}

NodeBuilder& GraphBuilder::node_builder(const std::string& id) {
  NodeBuilder& b = builders_[id];
  if (is_canonical_number(id)) b.doc_no = id;
  return b;
}

// 3. Nodes, one per id, sorted by id.
void GraphBuilder::make_nodes() {
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    const auto& [id, d, ex] = docs_[i];
    NodeBuilder& b = node_builder(id);
    if (!b.document) {
      b.document = d;
      b.source = ex->source;
      b.numbered_titles.insert(b.numbered_titles.begin(), {true, i});
    } else {
      b.numbered_titles.push_back({true, i});
      b.aliases.insert(d->title);
    }
  }
  step(docs_.size() + raw_edges_.size() + builders_.size());
  for (std::size_t i = 0; i < raw_edges_.size(); ++i) {
    const RawEdge& e = raw_edges_[i];
    node_builder(e.from);
    NodeBuilder& b = node_builder(e.to);
    b.mentions.push_back({e.from, e.evidence});
    if (hooks_.mention_refs) b.refs.push_back({e.type, e.derived, e.to_title, e.date});
    if (e.to_title) {
      ++b.cited_titles[*e.to_title];
      b.aliases.insert(*e.to_title);
      if (b.doc_no) b.numbered_titles.push_back({false, i});
    }
  }
  // Reserved: a Node (with its Document) is costly to move on a regrowth.
  nodes.reserve(builders_.size());
  if (hooks_.mention_refs) hooks_.mention_refs->reserve(builders_.size());
  for (auto& [id, b] : builders_) {
    Node n;
    n.id = id;
    n.doc_no = b.doc_no;
    n.external = b.document == nullptr;
    n.source = b.source;
    if (b.document) {
      n.title = b.document->title;
    } else if (!b.cited_titles.empty()) {
      // The title cited most; ties go to the least (map order).
      int best = 0;
      for (const auto& [t, count] : b.cited_titles) {
        step();
        if (count > best) {
          best = count;
          n.title = t;
        }
      }
    } else if (auto dated = dated_titles_.find(id); dated != dated_titles_.end()) {
      n.title = dated->second;
    } else if (id.starts_with("title:")) {
      n.title = id.substr(6);
    }
    b.aliases.erase(n.title);
    n.aliases.assign(b.aliases.begin(), b.aliases.end());
    if (b.document) {
      // One copy per published instrument (none when the corpus is owned:
      // every document is read for the last time here; the findings read
      // the node's).
      if (owned_) {
        n.document = std::move(*const_cast<Document*>(b.document));
      } else {
        n.document = *b.document;
      }
    }
    n.mentions = std::move(b.mentions);
    if (hooks_.mention_refs) hooks_.mention_refs->push_back(std::move(b.refs));
    nodes.push_back(std::move(n));
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) by_id.emplace(nodes[i].id, i);
}

// 4. Issuer and level: the table, then what the corpus headers show.
void GraphBuilder::assign_issuers() {
  std::unordered_map<std::string, const IssuerRule*> rule_by_prefix;
  for (const auto& r : issuers_) rule_by_prefix.emplace(r.prefix, &r);
  std::map<std::string, std::string> learned;  // agency -> first header issuer
  if (hooks_.learned_issuers) learned = *hooks_.learned_issuers;
  for (const auto& n : nodes) {
    if (hooks_.learned_issuers) break;
    if (!n.document || !n.doc_no || n.document->issuers.empty()) continue;
    auto parts = split_doc_no(*n.doc_no);
    if (parts && !rule_by_prefix.count(parts->agency)) {
      learned.emplace(parts->agency, n.document->issuers.front());
    }
  }
  // level_from_issuer_name scans the table: once per issuer name, not per node.
  std::unordered_map<std::string, Level> level_by_name;
  auto level_of = [&](const std::string& issuer) {
    auto [it, inserted] = level_by_name.emplace(issuer, Level::kUnknown);
    if (inserted) it->second = level_from_issuer_name(issuer, issuers_);
    return it->second;
  };
  step(nodes.size());
  for (auto& n : nodes) {
    std::optional<NumberParts> parts;
    if (n.doc_no) parts = split_doc_no(*n.doc_no);
    if (parts) {
      if (auto it = rule_by_prefix.find(parts->agency); it != rule_by_prefix.end()) {
        n.issuer = it->second->issuer;
        n.level = it->second->level;
        continue;
      }
      if (auto it = learned.find(parts->agency); it != learned.end()) {
        n.issuer = it->second;
        n.level = level_of(n.issuer);
        continue;
      }
    }
    if (n.document && !n.document->issuers.empty()) {
      n.issuer = n.document->issuers.front();
      n.level = level_of(n.issuer);
    }
  }
}

// 5. Edges: one per (from, to, type); a stated edge wins over a derived one,
//    then the first in corpus order. A reference resolved to its own document
//    is dropped (the schema has no self references).
void GraphBuilder::make_edges() {
  // (from, to, type) -> the raw edge that wins, and the raw edge whose part
  // (Edge::scope) the edge keeps (kNoScope: none); the winners' evidence is
  // then moved, the raw edges being read for the last time.
  constexpr std::size_t kNoScope = static_cast<std::size_t>(-1);
  struct Pick {
    std::size_t winner;
    std::size_t scope;
  };
  std::map<std::tuple<std::size_t, std::size_t, int>, Pick> unique;
  step(raw_edges_.size());
  for (std::size_t i = 0; i < raw_edges_.size(); ++i) {
    const RawEdge& e = raw_edges_[i];
    std::size_t from = by_id.at(e.from), to = by_id.at(e.to);
    if (from == to) continue;
    auto key = std::make_tuple(from, to, static_cast<int>(e.type));
    const std::size_t scope = e.scope ? i : kNoScope;
    auto [it, inserted] = unique.emplace(key, Pick{i, scope});
    if (inserted) continue;
    if (raw_edges_[it->second.winner].derived && !e.derived) it->second.winner = i;
    // A repeal's part holds only while every repeal of the key names one (a
    // whole repeal wins); an amendment keeps the part one of them names.
    if (e.type == RelationType::kRepeals) {
      if (!e.scope) it->second.scope = kNoScope;
    } else if (it->second.scope == kNoScope) {
      it->second.scope = scope;
    }
  }
  edges.reserve(unique.size());
  for (const auto& [key, pick] : unique) {
    RawEdge& e = raw_edges_[pick.winner];
    std::optional<std::string> scope;
    if (pick.scope != kNoScope) scope = raw_edges_[pick.scope].scope;
    edges.push_back({std::get<0>(key), std::get<1>(key), e.type, std::move(e.evidence), e.derived,
                     e.date, std::move(scope)});
  }
  unique.clear();
  raw_edges_ = {};
  out.resize(nodes.size());
  in.resize(nodes.size());
  auto bg = std::make_shared<detail::BoostGraph>();
  bg->g = Graph(nodes.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const GraphEdge& e = edges[i];
    out[e.from].push_back(i);
    in[e.to].push_back(i);
    boost::add_edge(e.from, e.to, detail::EdgeProp{i, e.type}, bg->g);
  }
  boost_graph = std::move(bg);
}

// 6. Title index for find(): every key that names a number, and title nodes.
//    A title that names a number finds the number, not its title node. A
//    title node is found by its title and by its title without the state's
//    name; an undated node before dated ones of its title (the law in force,
//    not the older one it repealed); two nodes under one key are ambiguous.
void GraphBuilder::index_titles() {
  for (const auto& [key, numbers] : title_numbers_) {
    auto& ids = by_title[key];
    step(numbers.size());
    for (const auto& [number, pair] : numbers) ids.push_back(number);
  }
  std::set<std::string> numbered_keys;
  for (const auto& [key, ids] : by_title) numbered_keys.insert(key);
  for (int pass = 0; pass < 2; ++pass) {
    std::set<std::string> undated_keys;
    step(nodes.size());
    for (const auto& n : nodes) {
      if (n.doc_no) continue;
      bool dated = dated_titles_.count(n.id) != 0;
      if (dated != (pass == 1)) continue;
      std::string key = fold_title(n.title);
      std::string bare(without_state_name(key));
      // Each node once under each of its keys: a key's list is never
      // searched (a title shared by many dated nodes would make that
      // quadratic).
      const std::size_t key_count = bare == key ? 1 : 2;
      const std::string* keys[] = {&key, &bare};
      for (std::size_t ki = 0; ki < key_count; ++ki) {
        const std::string& k = *keys[ki];
        if (numbered_keys.count(k) || (dated && undated_keys.count(k))) continue;
        by_title[k].push_back(n.id);
        if (!dated) undated_keys.insert(k);
      }
    }
    if (pass == 0) numbered_keys.insert(undated_keys.begin(), undated_keys.end());
  }
}

// 7a. A title that pairs with two or more numbers: one finding per set of
//     numbers, however many keys show it.
void GraphBuilder::find_ambiguous_titles() {
  std::set<std::vector<std::string>> ambiguity_seen;
  std::vector<std::pair<std::string, const std::map<std::string, const TitlePair*>*>> ambiguous;
  for (const auto& [key, numbers] : title_numbers_) {
    if (numbers.size() > 1) ambiguous.emplace_back(key, &numbers);
  }
  std::sort(ambiguous.begin(), ambiguous.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, numbers] : ambiguous) {
    std::vector<std::string> set;
    step(numbers->size());
    for (const auto& [number, p] : *numbers) set.push_back(number);
    if (!ambiguity_seen.insert(set).second) continue;
    Finding f;
    f.kind = FindingKind::kAmbiguousTitle;
    const TitlePair* first = numbers->begin()->second;
    const std::string title(first->title);
    f.subject = "title:" + title;
    f.message = "《" + title + "》 pairs with " + std::to_string(set.size()) + " numbers:";
    for (const auto& [number, p] : *numbers) {
      f.message += " " + number + (p->issued ? " (issued by it)" : "");
      f.evidence.push_back(p->where());
    }
    findings.push_back(std::move(f));
  }
}

// Titles printed with one number, grouped into the instruments they name.
struct TitleCluster {
  std::vector<std::vector<std::string>> keys;
  std::string title;
  Sourced where;
};

// Puts `keys` into the first cluster one of whose keys it is compatible with;
// false when none. A cluster keeps each set of keys once: a repeat adds no
// compatibility, and a number cited a hundred thousand times under one title
// is then one comparison per citation, not one per earlier citation.
bool join_cluster(std::vector<TitleCluster>& clusters, const std::vector<std::string>& keys) {
  for (auto& c : clusters) {
    for (const auto& k : c.keys) {
      step();
      if (keys_compatible(k, keys)) {
        if (std::find(c.keys.begin(), c.keys.end(), keys) == c.keys.end()) {
          c.keys.push_back(keys);
        }
        return true;
      }
    }
  }
  return false;
}

// 7b. One number printed with titles that are not the same instrument.
void GraphBuilder::find_title_conflicts() {
  // Named, not a structured binding: the lambda below captures it, which
  // clang before 16 refuses for a binding.
  for (const auto& entry : builders_) {
    const std::string& id = entry.first;
    const NodeBuilder& b = entry.second;
    step();
    if (!b.doc_no || b.numbered_titles.size() < 2) continue;
    const std::optional<Document>& document = nodes[by_id.at(id)].document;
    // A title seen and where: the node's own header is read from the node
    // (its document may have been moved there).
    auto seen = [&](const NodeBuilder::TitleSeen& t) -> std::pair<const std::string&, Sourced> {
      if (t.header) {
        const auto& [doc_id, d, ex] = docs_[t.index];
        const Document& read = d == b.document ? *document : *d;
        return {read.title,
                Sourced{doc_id, {ex->source, d->line_start, read.title, header_page(read)}}};
      }
      const RawEdge& e = raw_edges_[t.index];
      return {*e.to_title, Sourced{e.from, e.evidence}};
    };
    std::vector<TitleCluster> clusters;
    std::size_t start = 0;
    if (document && !b.numbered_titles.empty()) {
      // The header and every measure it issues are one cluster.
      TitleCluster c{
          {compare_keys(document->title)}, document->title, seen(b.numbered_titles.front()).second};
      for (const auto& p : document->promulgated_titles) c.keys.push_back(compare_keys(p));
      clusters.push_back(std::move(c));
      start = 1;
    }
    for (std::size_t i = start; i < b.numbered_titles.size(); ++i) {
      auto [title, where] = seen(b.numbered_titles[i]);
      std::vector<std::string> keys = compare_keys(title);
      if (!join_cluster(clusters, keys)) clusters.push_back({{keys}, title, std::move(where)});
    }
    if (clusters.size() < 2) continue;
    Finding f;
    f.kind = FindingKind::kTitleConflict;
    f.subject = id;
    f.message = id + " is printed with " + std::to_string(clusters.size()) + " different titles:";
    for (const auto& c : clusters) {
      f.message += " 《" + c.title + "》";
      f.evidence.push_back(c.where);
    }
    findings.push_back(std::move(f));
  }
  builders_ = {};  // read by no later step
  docs_ = {};
}

// 7c/7d. Dates that cannot be: a number cited (or repealed) by a document
//        issued before the number's year, a repeal of a later document.
void GraphBuilder::find_impossible_dates() {
  step(edges.size());
  for (const auto& e : edges) {
    const Node& from = nodes[e.from];
    const Node& to = nodes[e.to];
    std::optional<int> from_year = year_of(from);
    std::optional<NumberParts> to_no;
    if (to.doc_no) to_no = split_doc_no(*to.doc_no);
    Sourced where{from.id, e.evidence};
    if (e.type == RelationType::kRepeals) {
      std::optional<Date> from_date, to_date;
      if (from.document) from_date = issued_date(*from.document);
      if (to.document) to_date = issued_date(*to.document);
      bool later = false;
      std::string when;
      if (from_date && to_date) {
        later = *to_date > *from_date;
        when = to_date->to_iso() + " after " + from_date->to_iso();
      } else if (from_year && to_no) {
        later = to_no->year > *from_year;
        when = std::to_string(to_no->year) + " after " + std::to_string(*from_year);
      }
      if (later) {
        findings.push_back({FindingKind::kRepealsLaterDocument,
                            to.id,
                            from.id + " repeals " + to.id + ", dated " + when,
                            {where}});
      }
      continue;
    }
    if (from_year && to_no && to_no->year > *from_year) {
      findings.push_back({FindingKind::kCitedBeforeExists,
                          to.id,
                          from.id + " (" + std::to_string(*from_year) + ") cites " + to.id +
                              ", a number of " + std::to_string(to_no->year),
                          {where}});
    }
  }
}

// Findings by kind, then subject; evidence order within a tie is corpus order.
void GraphBuilder::sort_findings() {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.kind, a.subject) < std::tie(b.kind, b.subject);
  });
}

}  // namespace

CorpusGraph CorpusGraph::build(const std::vector<Extraction>& corpus,
                               const std::vector<IssuerRule>& issuers) {
  return build_from(corpus, issuers, /*owned=*/false);
}

CorpusGraph CorpusGraph::build(std::vector<Extraction>&& corpus,
                               const std::vector<IssuerRule>& issuers) {
  CorpusGraph g = build_from(corpus, issuers, /*owned=*/true);
  corpus.clear();
  corpus.shrink_to_fit();
  return g;
}

CorpusGraph CorpusGraph::build(const std::vector<Extraction>& corpus,
                               const std::vector<IssuerRule>& issuers, const BuildHooks& hooks) {
  return build_from(corpus, issuers, /*owned=*/false, hooks);
}

CorpusGraph CorpusGraph::build(std::vector<Extraction>&& corpus,
                               const std::vector<IssuerRule>& issuers, const BuildHooks& hooks) {
  CorpusGraph g = build_from(corpus, issuers, /*owned=*/true, hooks);
  corpus.clear();
  corpus.shrink_to_fit();
  return g;
}

CorpusGraph CorpusGraph::build_from(const std::vector<Extraction>& corpus,
                                    const std::vector<IssuerRule>& issuers, bool owned,
                                    const BuildHooks& hooks) {
  GraphBuilder b(corpus, issuers, owned, hooks);
  b.pair_titles_with_numbers();
  b.find_ambiguous_titles();
  b.resolve_references();
  b.make_nodes();
  // Two steps at a time where they touch different data (a third of a
  // build's time at 100k documents): the conflict check reads the node
  // builders, the raw edges and the nodes' documents, while the issuers are
  // written into the nodes' issuer and level; the title index reads the
  // nodes' ids, numbers and titles, while the edges are made from the raw
  // edges. The findings keep their order: 7b's are all in before 7c's.
  beside([&] { b.assign_issuers(); }, [&] { b.find_title_conflicts(); });
  beside([&] { b.make_edges(); }, [&] { b.index_titles(); });
  b.find_impossible_dates();
  b.sort_findings();

  CorpusGraph cg;
  cg.nodes_ = std::move(b.nodes);
  cg.by_id_ = std::move(b.by_id);
  cg.edges_ = std::move(b.edges);
  cg.out_ = std::move(b.out);
  cg.in_ = std::move(b.in);
  cg.boost_ = std::move(b.boost_graph);
  cg.by_title_ = std::move(b.by_title);
  cg.findings_ = std::move(b.findings);
  return cg;
}

std::optional<std::size_t> CorpusGraph::index_of(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

const Node* CorpusGraph::find(std::string_view query) const {
  if (auto i = index_of(query)) return &nodes_[*i];
  if (auto no = normalize_doc_no(query)) {
    if (auto i = index_of(*no)) return &nodes_[*i];
    return nullptr;
  }
  std::string title(query);
  if (title.starts_with("title:")) title.erase(0, 6);
  std::vector<std::string> keys = compare_keys(title);
  keys.emplace_back(without_state_name(fold_title(title)));
  for (const auto& key : keys) {
    auto it = by_title_.find(key);
    if (it == by_title_.end()) continue;
    if (it->second.size() != 1) return nullptr;  // ambiguous: no guess
    if (auto i = index_of(it->second.front())) return &nodes_[*i];
  }
  return nullptr;
}

std::vector<const Node*> CorpusGraph::search(std::string_view fragment) const {
  std::vector<const Node*> out;
  std::string key = fold_title(fragment);
  if (key.empty()) return out;
  for (const auto& n : nodes_) {
    bool hit = fold_title(n.id).find(key) != std::string::npos ||
               fold_title(n.title).find(key) != std::string::npos;
    for (std::size_t a = 0; !hit && a < n.aliases.size(); ++a) {
      hit = fold_title(n.aliases[a]).find(key) != std::string::npos;
    }
    if (hit) out.push_back(&n);
  }
  return out;
}

namespace {
const std::vector<std::size_t> kNoEdges;
}  // namespace

const std::vector<std::size_t>& CorpusGraph::out_edges(std::size_t node) const {
  return node < out_.size() ? out_[node] : kNoEdges;
}

const std::vector<std::size_t>& CorpusGraph::in_edges(std::size_t node) const {
  return node < in_.size() ? in_[node] : kNoEdges;
}

Status CorpusGraph::status(std::size_t node, Date as_of) const {
  const Node& n = nodes_.at(node);
  step(1 + in_[node].size());
  // The repeals and amendments into the node, in edge order. A repealer or
  // amender outside the corpus counts from the day the text dates it (a
  // law's history note), else there is no day to count from.
  std::vector<StatusEvent> events;
  std::vector<std::size_t> edge_of;
  for (std::size_t ei : in_[node]) {
    const GraphEdge& e = edges_[ei];
    if (e.type != RelationType::kRepeals && e.type != RelationType::kAmends) continue;
    const Node& by = nodes_[e.from];
    events.push_back({e.type == RelationType::kRepeals,
                      by.document ? effective_day(*by.document) : e.date, e.date,
                      e.scope.has_value()});
    edge_of.push_back(ei);
  }
  StatusDecision d = decide_status(n, events, as_of);
  Status& st = d.status;
  if (d.event != StatusDecision::kNoEvent) {
    const GraphEdge& e = edges_[edge_of[d.event]];
    name_status_event(st, nodes_[e.from].id, e.evidence, e.scope);
  } else if (st.kind == StatusKind::kUnknown) {
    if (!n.mentions.empty()) st.evidence = n.mentions.front();
    st.detail = "未知: not in the corpus, cited " + std::to_string(times_cited(n)) + " time(s)";
  }
  return st;
}

std::optional<Date> effective_date(const Node& n) {
  if (!n.document) return std::nullopt;
  return effective_day(*n.document);
}

std::vector<Reach> CorpusGraph::chain_up(std::size_t node) const {
  return bfs_walk(boost_->g, node, bit(RelationType::kBasedOn) | bit(RelationType::kImplements));
}

std::vector<Reach> CorpusGraph::impact_down(std::size_t node) const {
  auto reversed = boost::make_reverse_graph(boost_->g);
  return bfs_walk(reversed, node,
                  bit(RelationType::kBasedOn) | bit(RelationType::kImplements) |
                      bit(RelationType::kForwards) | bit(RelationType::kAmends));
}

std::vector<std::size_t> CorpusGraph::path_to(std::size_t start, const std::vector<Reach>& walk,
                                              std::size_t target) const {
  std::unordered_map<std::size_t, const Reach*> by_node;
  step(walk.size());
  for (const auto& r : walk) by_node.emplace(r.node, &r);
  std::vector<std::size_t> path{target};
  std::size_t at = target;
  while (at != start) {
    auto it = by_node.find(at);
    if (it == by_node.end()) return {};
    const GraphEdge& e = edges_.at(it->second->via_edge);
    at = e.to == at ? e.from : e.to;
    path.push_back(at);
    step();
    if (path.size() > walk.size() + 1) return {};  // not a walk from start
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string label_of(const Node& n) { return instrument_label(n.doc_no, n.title); }

void CorpusGraph::index_edges() {
  out_.assign(nodes_.size(), {});
  in_.assign(nodes_.size(), {});
  auto bg = std::make_shared<detail::BoostGraph>();
  bg->g = Graph(nodes_.size());
  for (std::size_t i = 0; i < edges_.size(); ++i) {
    out_[edges_[i].from].push_back(i);
    in_[edges_[i].to].push_back(i);
    boost::add_edge(edges_[i].from, edges_[i].to, detail::EdgeProp{i, edges_[i].type}, bg->g);
  }
  boost_ = std::move(bg);
}

}  // namespace pg
