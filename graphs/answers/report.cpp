#include "graphs/answers/report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "graphs/answers/issuer_filter.h"
#include "graphs/answers/neighbourhood.h"

namespace pg {

namespace {

// Per node: whether it passes the issuer filter.
using Match = std::vector<char>;

// Counts every matching node by level and status; each published one goes
// into its issuer's section, sections by issuer name, the unknown one last.
void count_and_group(const CorpusGraph& g, const Match& match, Date as_of, Report& r) {
  const auto& nodes = g.nodes();
  std::map<std::string, IssuerSection> by_issuer;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!match[i]) continue;
    const Node& n = nodes[i];
    Status st = g.status(i, as_of);
    StatusLevelCounts& counts = n.external ? r.cited_only : r.published;
    ++counts.cells[level_index(n.level)][status_index(st.kind)];
    if (n.external) continue;
    IssuerSection& sec = by_issuer[n.issuer];
    sec.issuer = n.issuer;
    sec.level = n.level;
    ++sec.by_status[status_index(st.kind)];
    sec.documents.push_back({i, std::move(st)});
  }
  for (auto& [name, sec] : by_issuer) {
    if (!name.empty()) r.issuers.push_back(std::move(sec));
  }
  // Documents whose issuer is not known come last, not first.
  if (auto it = by_issuer.find(""); it != by_issuer.end())
    r.issuers.push_back(std::move(it->second));
}

// The answers of queries.h, each kept when it concerns a matching document.
void ask_questions(const CorpusGraph& g, const Match& match, const ReportOptions& opt, Report& r) {
  r.superseded = superseded(g, opt.as_of, opt.issuer);
  for (Orphan& o : orphans(g, opt.as_of)) {
    if (match[o.node]) r.orphans.push_back(std::move(o));
  }
  for (ExpiringRow& e : expiring(g, opt.as_of, opt.expiring_within)) {
    if (match[e.node]) r.expiring.push_back(std::move(e));
  }
  for (UnresolvedGroup& u : unresolved(g)) {
    bool any = opt.issuer.empty();
    for (std::size_t e : u.references) any = any || match[g.edges()[e].from];
    if (!any) continue;
    r.unresolved_references += u.references.size();
    r.unresolved.push_back(std::move(u));
  }
  for (const Finding& f : g.findings()) {
    bool any = opt.issuer.empty();
    if (auto i = g.index_of(f.subject)) any = any || match[*i];
    for (const Sourced& s : f.evidence) {
      if (auto i = g.index_of(s.document)) any = any || match[*i];
    }
    if (any) r.findings.push_back(f);
  }
}

struct Candidate {
  std::size_t node;
  int depth;
  std::string reason;
};

// Key neighbourhoods: each orphan (with what it rested on, two steps), then
// each matching document that repeals something, most repeals first.
std::vector<Candidate> diagram_candidates(const CorpusGraph& g, const Match& match,
                                          const Report& r) {
  const auto& nodes = g.nodes();
  std::vector<Candidate> candidates;
  std::vector<char> chosen(nodes.size(), 0);
  for (const Orphan& o : r.orphans) {
    if (!chosen[o.node]) candidates.push_back({o.node, 2, "orphan"});
    chosen[o.node] = 1;
  }
  std::vector<std::pair<std::size_t, std::size_t>> repealers;  // (count, node)
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!match[i] || nodes[i].external) continue;
    std::size_t n = 0;
    for (std::size_t e : g.out_edges(i)) n += g.edges()[e].type == RelationType::kRepeals;
    if (n > 0) repealers.push_back({n, i});
  }
  std::stable_sort(repealers.begin(), repealers.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [count, i] : repealers) {
    if (!chosen[i]) candidates.push_back({i, 1, "repeals"});
    chosen[i] = 1;
  }
  return candidates;
}

// The candidate's neighbourhood at the wanted depth, else at smaller depths,
// else over the key edge types at depth 1: the first that has at most
// `max_nodes` nodes; nullopt when none does.
std::optional<Diagram> fit(const CorpusGraph& g, const Candidate& c, std::size_t max_nodes) {
  std::vector<std::pair<int, bool>> tries;  // (depth, key types only)
  for (int d = c.depth; d >= 1; --d) tries.push_back({d, false});
  tries.push_back({1, true});
  for (const auto& [depth, key_only] : tries) {
    static const std::set<RelationType> kEveryType;
    std::size_t n =
        neighbourhood(g, c.node, depth, key_only ? kDiagramKeyTypes : kEveryType, max_nodes).size();
    if (n <= max_nodes) return Diagram{c.node, depth, key_only, c.reason, n};
  }
  return std::nullopt;
}

void choose_diagrams(const CorpusGraph& g, const Match& match, const ReportOptions& opt,
                     Report& r) {
  for (const Candidate& c : diagram_candidates(g, match, r)) {
    if (r.diagrams.size() >= opt.max_diagrams) break;
    if (std::optional<Diagram> d = fit(g, c, opt.max_diagram_nodes)) {
      r.diagrams.push_back(std::move(*d));
    } else {
      r.diagram_notes.push_back(label_of(g.nodes()[c.node]) +
                                ": neighbourhood too large to draw (more than " +
                                std::to_string(opt.max_diagram_nodes) + " nodes)");
    }
  }
}

}  // namespace

std::size_t StatusLevelCounts::total() const {
  std::size_t n = 0;
  for (const auto& row : cells) {
    for (std::size_t c : row) n += c;
  }
  return n;
}

std::size_t StatusLevelCounts::by_status(StatusKind k) const {
  std::size_t n = 0;
  for (const auto& row : cells) n += row[status_index(k)];
  return n;
}

std::size_t StatusLevelCounts::by_level(Level l) const {
  std::size_t n = 0;
  for (std::size_t c : cells[level_index(l)]) n += c;
  return n;
}

Result<Report> build_report(const CorpusGraph& g, const ReportOptions& opt) {
  if (!Date::make(opt.as_of.year, opt.as_of.month, opt.as_of.day)) {
    return Error{"", -1, "report: as_of is not a date"};
  }
  Report r;
  r.as_of = opt.as_of;
  r.issuer = opt.issuer;
  r.expiring_within = opt.expiring_within;
  r.expiring_until = opt.expiring_within.end_from(opt.as_of);

  // The one --issuer rule (graphs/answers/issuer_filter.h), as superseded() applies it.
  const IssuerFilter filter(g, opt.issuer);
  Match match(g.nodes().size(), 0);
  for (std::size_t i = 0; i < match.size(); ++i) match[i] = filter.matches(g.nodes()[i]);

  count_and_group(g, match, opt.as_of, r);
  ask_questions(g, match, opt, r);
  choose_diagrams(g, match, opt, r);
  return r;
}

Evidence header_evidence(const Node& n) {
  Evidence e;
  if (!n.document) return e;
  for (const auto& fe : n.document->field_evidence) {
    if (fe.field == "title" && !fe.evidence.file.empty()) return fe.evidence;
  }
  e.file = n.source;
  e.line = n.document->line_start;
  e.quote = n.document->title;
  return e;
}

}  // namespace pg
