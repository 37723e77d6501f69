#include "graphs/answers/report_source.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "graphs/answers/issuer_filter.h"
#include "graphs/answers/stored_lists.h"

namespace pg {

// ------------------------------------------------------------ in memory ----

MemoryReportSource::MemoryReportSource(const CorpusGraph& graph, const Report& report)
    : graph_(graph), report_(report) {
  head_.as_of = report.as_of;
  head_.issuer = report.issuer;
  head_.expiring_within = report.expiring_within;
  head_.expiring_until = report.expiring_until;
  head_.published = report.published;
  head_.cited_only = report.cited_only;
  for (const IssuerSection& s : report.issuers) {
    head_.issuers.push_back({s.issuer, s.level, s.by_status, s.documents.size()});
  }
  whole_.graph = &graph;
  anchored_.assign(graph.nodes().size(), 0);
  for (const IssuerSection& s : report.issuers) {
    for (const StatusRow& row : s.documents) anchored_[row.node] = 1;
  }
  for (const UnresolvedGroup& u : report.unresolved) anchored_[u.target] = 1;
}

bool MemoryReportSource::anchored(std::size_t whole_index) const {
  return whole_index < anchored_.size() && anchored_[whole_index];
}

Result<bool> MemoryReportSource::superseded(const Sink<StatusRow>& sink) {
  sink(whole_, report_.superseded);
  return true;
}

Result<bool> MemoryReportSource::orphans(const Sink<Orphan>& sink) {
  sink(whole_, report_.orphans);
  return true;
}

Result<bool> MemoryReportSource::expiring(const Sink<ExpiringRow>& sink) {
  sink(whole_, report_.expiring);
  return true;
}

Result<bool> MemoryReportSource::unresolved(const Sink<UnresolvedGroup>& sink) {
  sink(whole_, report_.unresolved);
  return true;
}

Result<bool> MemoryReportSource::findings(const Sink<Finding>& sink) {
  sink(whole_, report_.findings);
  return true;
}

Result<bool> MemoryReportSource::issuer_rows(std::size_t k, const Sink<StatusRow>& sink) {
  sink(whole_, report_.issuers.at(k).documents);
  return true;
}

Result<bool> MemoryReportSource::diagrams(const Sink<Diagram>& sink,
                                          std::vector<std::string>& notes) {
  sink(whole_, report_.diagrams);
  notes = report_.diagram_notes;
  return true;
}

Result<bool> MemoryReportSource::diagram_graph(
    const Diagram& d, const ReportPart&,
    const std::function<void(const ReportPart&, std::size_t)>& draw) {
  draw(whole_, d.around);
  return true;
}

// ------------------------------------------------------------ the seams ----

namespace {

const std::set<RelationType> kBasis{RelationType::kBasedOn, RelationType::kImplements};

// What the list commands read of a node (graph_loading.cpp's listing
// parts): names, statuses, dates and their evidence, no mentions.
StoredGraph::Parts listing_parts() {
  StoredGraph::Parts p;
  p.mentions = false;
  p.body = StoredGraph::Parts::Body::kStatus;
  return p;
}

}  // namespace

// Each seam is the list command's stored answer (graphs/answers/
// stored_lists.h), its RowGraph made a CorpusGraph for the renderers.
template <class Row, class Stored>
Result<ReportList<Row>> report_list(Result<Stored> stored) {
  if (!stored) return stored.error();
  ReportList<Row> out;
  out.graph = std::move(stored->graph).into_graph();
  out.rows = std::move(stored->rows);
  return out;
}

Result<ReportList<StatusRow>> report_superseded(const StoredGraph& sg, Date as_of) {
  return report_list<StatusRow>(stored_superseded(sg, as_of));
}

Result<ReportList<Orphan>> report_orphans(const StoredGraph& sg, Date as_of) {
  return report_list<Orphan>(stored_orphans(sg, as_of));
}

Result<ReportList<ExpiringRow>> report_expiring(const StoredGraph& sg, Date as_of, Window within) {
  return report_list<ExpiringRow>(stored_expiring(sg, as_of, within));
}

Result<ReportList<UnresolvedGroup>> report_unresolved(const StoredGraph& sg) {
  return report_list<UnresolvedGroup>(stored_unresolved(sg));
}

Result<ReportList<Finding>> report_findings(const StoredGraph& sg) {
  Result<RowGraph> stored = stored_findings(sg);
  if (!stored) return stored.error();
  ReportList<Finding> out;
  out.rows = stored->findings();
  out.graph = std::move(*stored).into_graph();
  return out;
}

// ------------------------------------------------------- from the store ----

namespace {

// FNV-1a: the node ids' hash (a shared hash is looked up by the whole id).
std::uint64_t id_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

constexpr std::uint32_t kNoRank = static_cast<std::uint32_t>(-1);

}  // namespace

Result<std::unique_ptr<StoredReportSource>> StoredReportSource::open(const StoredGraph& sg,
                                                                     const ReportOptions& options) {
  if (!Date::make(options.as_of.year, options.as_of.month, options.as_of.day)) {
    return Error{"", -1, "report: as_of is not a date"};
  }
  std::unique_ptr<StoredReportSource> s(new StoredReportSource(sg, options));
  if (Result<bool> ok = s->read_index(); !ok) return ok.error();
  return s;
}

Result<bool> StoredReportSource::read_index() {
  return caught([&] {
    const ReportOptions& opt = options_;
    head_.as_of = opt.as_of;
    head_.issuer = opt.issuer;
    head_.expiring_within = opt.expiring_within;
    head_.expiring_until = opt.expiring_within.end_from(opt.as_of);

    // Whole-graph indices: the nodes in id order.
    std::uint32_t k = 0;
    no_of_rank_ = take(
        sg_.nodes_by_id([&](std::string_view id) { id_hashes_.emplace_back(id_hash(id), k++); }));
    const std::size_t n = no_of_rank_.size();
    NodeNo largest = 0;
    for (NodeNo no : no_of_rank_) largest = std::max(largest, no);
    rank_of_.assign(n == 0 ? 0 : static_cast<std::size_t>(largest) + 1, kNoRank);
    for (std::size_t r = 0; r < n; ++r) {
      rank_of_[static_cast<std::size_t>(no_of_rank_[r])] = static_cast<std::uint32_t>(r);
    }
    std::sort(id_hashes_.begin(), id_hashes_.end());
    // About one hash a run: 2^hash_bits_ >= n.
    hash_bits_ = 1;
    while (hash_bits_ < 32 && (std::size_t{1} << hash_bits_) < n) ++hash_bits_;
    hash_runs_.assign((std::size_t{1} << hash_bits_) + 1, 0);
    for (const auto& [h, r] : id_hashes_) ++hash_runs_[(h >> (64 - hash_bits_)) + 1];
    for (std::size_t b = 1; b < hash_runs_.size(); ++b) hash_runs_[b] += hash_runs_[b - 1];
    std::set<std::uint64_t> shared;
    for (std::size_t i = 1; i < id_hashes_.size(); ++i) {
      if (id_hashes_[i].first == id_hashes_[i - 1].first) shared.insert(id_hashes_[i].first);
    }
    if (!shared.empty()) {
      std::uint32_t r = 0;
      take(sg_.nodes_by_id([&](std::string_view id) {
        if (shared.count(id_hash(id))) shared_ids_.emplace(std::string(id), r);
        ++r;
      }));
    }

    // One pass over the status columns: kind, level and issuer of each
    // node, and both ways of matching the issuer (issuer_filter.h decides
    // between them over every node, as here once the pass is done).
    std::vector<std::uint8_t> kind(n), level(n);
    std::vector<char> exact(n, 0), part(n, 0);
    published_.assign(n, 0);
    std::vector<std::uint32_t> issuer_of(n, 0);
    std::unordered_map<std::string, std::uint32_t> issuer_ids;
    std::vector<std::string> issuer_names;
    bool any_exact = false;
    take(sg_.scan_status_nodes(opt.as_of, [&](NodeNo no, const Node& node, StatusKind st) {
      const std::uint32_t r = rank_of_.at(static_cast<std::size_t>(no));
      kind[r] = static_cast<std::uint8_t>(st);
      level[r] = static_cast<std::uint8_t>(node.level);
      published_[r] = !node.external;
      if (!opt.issuer.empty()) {
        exact[r] = issuer_matches(node, opt.issuer, false);
        part[r] = issuer_matches(node, opt.issuer, true);
        any_exact = any_exact || exact[r];
      }
      auto [it, added] =
          issuer_ids.emplace(node.issuer, static_cast<std::uint32_t>(issuer_names.size()));
      if (added) issuer_names.push_back(node.issuer);
      issuer_of[r] = it->second;
    }));
    // Whether node numbers follow ids (a graph saved whole; an update in
    // place numbers new nodes after the largest): lists read in number
    // order are then in the report's order, and go out in parts.
    numbers_follow_ids_ = std::is_sorted(no_of_rank_.begin(), no_of_rank_.end());
    match_.assign(n, 1);
    if (!opt.issuer.empty()) {
      for (std::size_t r = 0; r < n; ++r) match_[r] = any_exact ? exact[r] : part[r];
    }

    // Counts and sections, in index order as build_report makes them.
    std::map<std::string, std::uint32_t> sections;  // issuer name -> its id
    std::vector<IssuerHead> heads(issuer_names.size());
    std::vector<std::vector<std::uint32_t>> nodes(issuer_names.size());
    anchored_.assign(n, 0);
    for (std::size_t r = 0; r < n; ++r) {
      if (!match_[r]) continue;
      const auto st = static_cast<std::size_t>(kind[r]);
      StatusLevelCounts& counts = published_[r] ? head_.published : head_.cited_only;
      ++counts.cells[level[r]][st];
      if (!published_[r]) continue;
      const std::uint32_t i = issuer_of[r];
      sections.emplace(issuer_names[i], i);
      IssuerHead& h = heads[i];
      h.issuer = issuer_names[i];
      h.level = static_cast<Level>(level[r]);
      ++h.by_status[st];
      ++h.documents;
      nodes[i].push_back(static_cast<std::uint32_t>(r));
      anchored_[r] = 1;
    }
    auto add_section = [&](std::uint32_t i) {
      head_.issuers.push_back(std::move(heads[i]));
      issuer_nodes_.push_back(std::move(nodes[i]));
    };
    for (const auto& [name, i] : sections) {
      if (!name.empty()) add_section(i);
    }
    // Documents whose issuer is not known come last.
    if (auto it = sections.find(""); it != sections.end()) add_section(it->second);

    // The targets of the unresolved groups the report keeps are anchors too.
    for (const auto& [from, to] : take(sg_.external_references())) {
      const std::uint32_t f = rank_of_.at(static_cast<std::size_t>(from));
      if (opt.issuer.empty() || match_[f]) anchored_[rank_of_.at(static_cast<std::size_t>(to))] = 1;
    }
    return true;
  });
}

std::size_t StoredReportSource::rank_of(const std::string& id) const {
  const std::uint64_t h = id_hash(id);
  if (id_hashes_.empty()) return SIZE_MAX;
  const std::size_t run = h >> (64 - hash_bits_);
  const auto end = id_hashes_.begin() + hash_runs_[run + 1];
  auto it = std::lower_bound(id_hashes_.begin() + hash_runs_[run], end,
                             std::make_pair(h, std::uint32_t{0}));
  if (it == end || it->first != h) return SIZE_MAX;
  if (std::next(it) != end && std::next(it)->first == h) {
    auto shared = shared_ids_.find(id);
    return shared == shared_ids_.end() ? SIZE_MAX : shared->second;
  }
  return it->second;
}

ReportPart StoredReportSource::part_of(const CorpusGraph& graph) const {
  ReportPart p;
  p.graph = &graph;
  p.index.reserve(graph.nodes().size());
  for (const Node& n : graph.nodes()) {
    std::size_t r = rank_of(n.id);
    if (r == SIZE_MAX) throw Failed{Error{"", -1, "stored graph: no node " + n.id}};
    p.index.push_back(r);
  }
  return p;
}

bool StoredReportSource::anchored(std::size_t whole_index) const {
  return whole_index < anchored_.size() && anchored_[whole_index];
}

Result<bool> StoredReportSource::superseded(const Sink<StatusRow>& sink) {
  if (numbers_follow_ids_) {
    // Rows come in number order, which is id order here: each part of
    // kListPart rows is a graph of its own (the rows' nodes and the nodes
    // their statuses name), handed over once full. At 10^5 rows, one graph
    // of every row's node took gigabytes.
    return caught([&] {
      std::map<std::string, Node> nodes;  // by id: a part's graph
      std::vector<std::pair<std::string, Status>> rows;
      auto flush = [&] {
        if (rows.empty()) return;
        std::vector<Node> sorted;
        sorted.reserve(nodes.size());
        for (auto& [id, n] : nodes) sorted.push_back(std::move(n));
        nodes.clear();
        CorpusGraph g = CorpusGraph::from_parts(std::move(sorted), {}, {}, {});
        const ReportPart p = part_of(g);
        std::vector<StatusRow> part_rows;
        part_rows.reserve(rows.size());
        for (auto& [id, status] : rows) {
          const std::size_t at = *g.index_of(id);
          if (matches(p.whole_index(at))) part_rows.push_back({at, std::move(status)});
        }
        rows.clear();
        sink(p, part_rows);
      };
      bool by_substring = false;
      take(visit_superseded(sg_, options_.as_of, {}, by_substring,
                            [&](const Node& n, const Status& st, const Node* by) {
                              nodes.insert_or_assign(n.id, n);
                              if (by) nodes.emplace(by->id, *by);
                              rows.emplace_back(n.id, st);
                              if (rows.size() >= kListPart) flush();
                            }));
      flush();
      return true;
    });
  }
  return caught([&] {
    ReportList<StatusRow> list = take(report_superseded(sg_, options_.as_of));
    const ReportPart p = part_of(list.graph);
    std::erase_if(list.rows, [&](const StatusRow& s) { return !matches(p.whole_index(s.node)); });
    sink(p, list.rows);
    return true;
  });
}

Result<bool> StoredReportSource::orphans(const Sink<Orphan>& sink) {
  return caught([&] {
    // In parts: the chains of 10^5 rows, each with its nodes, are more than
    // a report may hold at once.
    orphan_nodes_.clear();
    take(stored_orphan_parts(sg_, options_.as_of, kListPart, [&](StoredList<Orphan>&& part) {
      const CorpusGraph g = std::move(part.graph).into_graph();
      const ReportPart p = part_of(g);
      std::erase_if(part.rows, [&](const Orphan& o) { return !matches(p.whole_index(o.node)); });
      for (const Orphan& o : part.rows) {
        orphan_nodes_.push_back(static_cast<std::uint32_t>(p.whole_index(o.node)));
      }
      sink(p, part.rows);
    }));
    return true;
  });
}

Result<bool> StoredReportSource::expiring(const Sink<ExpiringRow>& sink) {
  return caught([&] {
    ReportList<ExpiringRow> list =
        take(report_expiring(sg_, options_.as_of, options_.expiring_within));
    const ReportPart p = part_of(list.graph);
    std::erase_if(list.rows, [&](const ExpiringRow& e) { return !matches(p.whole_index(e.node)); });
    sink(p, list.rows);
    return true;
  });
}

Result<bool> StoredReportSource::unresolved(const Sink<UnresolvedGroup>& sink) {
  return caught([&] {
    // In parts of whole groups, as orphans().
    take(stored_unresolved_parts(sg_, kListPart, [&](StoredList<UnresolvedGroup>&& part) {
      const CorpusGraph g = std::move(part.graph).into_graph();
      const ReportPart p = part_of(g);
      if (!options_.issuer.empty()) {
        std::erase_if(part.rows, [&](const UnresolvedGroup& u) {
          for (std::size_t e : u.references) {
            if (matches(p.whole_index(g.edges()[e].from))) return false;
          }
          return true;
        });
      }
      sink(p, part.rows);
    }));
    return true;
  });
}

Result<bool> StoredReportSource::findings(const Sink<Finding>& sink) {
  return caught([&] {
    ReportList<Finding> list = take(report_findings(sg_));
    const ReportPart p = part_of(list.graph);
    if (!options_.issuer.empty()) {
      auto concerns = [&](const std::string& id) {
        std::size_t r = rank_of(id);
        return r != SIZE_MAX && matches(r);
      };
      std::erase_if(list.rows, [&](const Finding& f) {
        if (concerns(f.subject)) return false;
        for (const Sourced& s : f.evidence) {
          if (concerns(s.document)) return false;
        }
        return true;
      });
    }
    sink(p, list.rows);
    return true;
  });
}

// The part holding `ranks` (ascending), with what repeals or amends each so
// that status() is the whole graph's, and their rows, in that order.
void StoredReportSource::read_rows(const std::vector<std::uint32_t>& ranks, IssuerBatch& into) {
  std::vector<NodeNo> want;
  want.reserve(ranks.size());
  for (std::uint32_t r : ranks) want.push_back(no_of_rank_[r]);
  std::sort(want.begin(), want.end());
  // The nodes with their statuses computed from the stored columns and the
  // repeals / amendments into them, and the nodes those statuses name: what
  // a row prints (no subgraph of every repealer, transitively, per part).
  StoredList<StatusRow> list = take(stored_statuses(sg_, want, options_.as_of));
  into.graph = std::make_unique<CorpusGraph>(std::move(list.graph).into_graph());
  into.part = part_of(*into.graph);
  into.rows = std::move(list.rows);  // in index order, as `ranks`
  std::size_t next = 0;
  for (const StatusRow& row : into.rows) {
    if (next >= ranks.size() || into.part.index[row.node] != ranks[next]) break;
    ++next;
  }
  if (next != ranks.size() || into.rows.size() != ranks.size()) {
    throw Failed{Error{"", -1, "stored graph: an issuer's node is missing"}};
  }
}

Result<bool> StoredReportSource::issuer_rows(std::size_t k, const Sink<StatusRow>& sink) {
  return caught([&] {
    const std::vector<std::uint32_t>& ranks = issuer_nodes_.at(k);
    const std::size_t step = std::max<std::size_t>(1, issuer_part_size);
    if (ranks.size() > step) {
      // A large section: in parts of its own.
      IssuerBatch part;
      for (std::size_t begin = 0; begin < ranks.size(); begin += step) {
        const std::size_t end = std::min(ranks.size(), begin + step);
        read_rows({ranks.begin() + static_cast<std::ptrdiff_t>(begin),
                   ranks.begin() + static_cast<std::ptrdiff_t>(end)},
                  part);
        sink(part.part, part.rows);
      }
      return true;
    }
    // Small sections are read together: this one and the next ones that fit
    // in one part, each with its rows' place in it.
    if (!batch_.graph || k < batch_.first || k >= batch_.last) {
      batch_.first = k;
      batch_.last = k;
      std::vector<std::uint32_t> together;
      while (batch_.last < issuer_nodes_.size() &&
             together.size() + issuer_nodes_[batch_.last].size() <= step) {
        const auto& more = issuer_nodes_[batch_.last];
        together.insert(together.end(), more.begin(), more.end());
        ++batch_.last;
      }
      std::sort(together.begin(), together.end());
      read_rows(together, batch_);
      batch_.row_of.clear();
      for (std::size_t i = 0; i < together.size(); ++i) batch_.row_of.emplace(together[i], i);
    }
    std::vector<StatusRow> rows;
    rows.reserve(ranks.size());
    for (std::uint32_t r : ranks) rows.push_back(batch_.rows.at(batch_.row_of.at(r)));
    sink(batch_.part, rows);
    return true;
  });
}

Result<bool> StoredReportSource::diagrams(const Sink<Diagram>& sink,
                                          std::vector<std::string>& notes) {
  return caught([&] {
    // Candidates as build_report chooses them: each orphan, then each
    // matching document that repeals something, most repeals first.
    struct Candidate {
      std::uint32_t rank;
      int depth;
      const char* reason;
    };
    std::vector<Candidate> candidates;
    std::vector<char> chosen(no_of_rank_.size(), 0);
    for (std::uint32_t r : orphan_nodes_) {
      if (!chosen[r]) candidates.push_back({r, 2, "orphan"});
      chosen[r] = 1;
    }
    std::vector<std::pair<std::size_t, std::uint32_t>> repealers;  // (count, index)
    for (const auto& [no, count] : take(sg_.out_edge_counts(RelationType::kRepeals))) {
      const std::uint32_t r = rank_of_.at(static_cast<std::size_t>(no));
      if (match_[r] && published_[r]) repealers.push_back({count, r});
    }
    std::sort(repealers.begin(), repealers.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    std::stable_sort(repealers.begin(), repealers.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [count, r] : repealers) {
      if (!chosen[r]) candidates.push_back({r, 1, "repeals"});
      chosen[r] = 1;
    }
    // Each fitted as build_report's fit(): the wanted depth, else smaller,
    // else the key edge types at depth 1.
    std::vector<Diagram> chosen_diagrams;
    std::vector<NodeNo> around;
    for (const Candidate& c : candidates) {
      if (chosen_diagrams.size() >= options_.max_diagrams) break;
      const NodeNo no = no_of_rank_[c.rank];
      std::vector<std::pair<int, bool>> tries;
      for (int d = c.depth; d >= 1; --d) tries.push_back({d, false});
      tries.push_back({1, true});
      std::optional<Diagram> fitted;
      for (const auto& [depth, key_only] : tries) {
        static const std::set<RelationType> kEveryType;
        std::optional<std::vector<NodeNo>> hood = take(
            sg_.reach_at_most({no}, key_only ? kDiagramKeyTypes : kEveryType,
                              StoredGraph::Direction::kBoth, depth, options_.max_diagram_nodes));
        if (hood) {
          fitted = Diagram{c.rank, depth, key_only, c.reason, hood->size()};
          break;
        }
      }
      if (fitted) {
        chosen_diagrams.push_back(*fitted);
        around.push_back(no);
      } else {
        StoredGraph::Parts names = listing_parts();
        names.status_sources = false;
        names.body = StoredGraph::Parts::Body::kNames;
        CorpusGraph g = take(sg_.subgraph({no}, {}, names));
        notes.push_back(label_of(g.nodes().front()) +
                        ": neighbourhood too large to draw (more than " +
                        std::to_string(options_.max_diagram_nodes) + " nodes)");
      }
    }
    CorpusGraph g = take(sg_.subgraph(around, {}, listing_parts()));
    const ReportPart p = part_of(g);
    for (Diagram& d : chosen_diagrams) {
      std::size_t at = 0;
      while (at < p.index.size() && p.index[at] != d.around) ++at;
      if (at == p.index.size()) throw Failed{Error{"", -1, "stored graph: a diagram's node"}};
      d.around = at;
    }
    sink(p, chosen_diagrams);
    return true;
  });
}

Result<bool> StoredReportSource::diagram_graph(
    const Diagram& d, const ReportPart& from,
    const std::function<void(const ReportPart&, std::size_t)>& draw) {
  return caught([&] {
    const NodeNo no = no_of_rank_.at(from.whole_index(d.around));
    static const std::set<RelationType> kEveryType;
    std::vector<NodeNo> hood =
        take(sg_.reach({no}, d.key_types_only ? kDiagramKeyTypes : kEveryType,
                       StoredGraph::Direction::kBoth, d.depth));
    CorpusGraph g = take(sg_.subgraph(hood, {}, listing_parts()));
    const ReportPart p = part_of(g);
    std::optional<std::size_t> at = g.index_of(from.graph->nodes()[d.around].id);
    if (!at) throw Failed{Error{"", -1, "stored graph: a diagram's node"}};
    draw(p, *at);
    return true;
  });
}

}  // namespace pg
