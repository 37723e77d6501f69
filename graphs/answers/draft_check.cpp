#include "graphs/answers/draft_check.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>
#include <utility>

namespace pg {
namespace {

constexpr std::array<std::pair<DraftFindingKind, std::string_view>, 6> kKindNames{{
    {DraftFindingKind::kCitesRepealed, "cites_repealed"},
    {DraftFindingKind::kCitesExpired, "cites_expired"},
    {DraftFindingKind::kCitesUnknown, "cites_unknown"},
    {DraftFindingKind::kUnresolved, "unresolved"},
    {DraftFindingKind::kRepealCascade, "repeal_cascade"},
    {DraftFindingKind::kNumberCollision, "number_collision"},
}};

// A node, or an unresolved reference, for a message: its number, else its
// title in 《》.
std::string label(const Node& n) { return label_of(n); }
std::string label(const Edge& e) { return instrument_label(e.to_doc_no, e.to_title.value_or("")); }

const Evidence* field_evidence(const Document& d, std::string_view field) {
  for (const Document::FieldEvidence& f : d.field_evidence) {
    if (f.field == field) return &f.evidence;
  }
  return nullptr;
}

// The node a draft reference names. A number the corpus does not know may
// still come with a title it knows (a draft can misprint the number).
std::optional<std::size_t> resolve(const CorpusGraph& g, const Edge& e) {
  if (e.to_doc_no) {
    if (auto i = g.index_of(*e.to_doc_no)) return i;
  }
  if (e.to_title && !e.to_title->empty()) {
    // An older instrument of one title is told apart by its date.
    if (e.to_date) return g.index_of("title:" + *e.to_title + "（" + e.to_date->to_iso() + "）");
    if (const Node* n = g.find(*e.to_title)) return g.index_of(n->id);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(DraftFindingKind k) {
  for (const auto& [kind, name] : kKindNames) {
    if (kind == k) return name;
  }
  return "unresolved";
}

std::optional<DraftFindingKind> parse_draft_finding_kind(std::string_view s) {
  for (const auto& [kind, name] : kKindNames) {
    if (name == s) return kind;
  }
  return std::nullopt;
}

DraftReport check_draft(const CorpusGraph& g, const Extraction& draft, Date as_of) {
  DraftReport report;
  report.as_of = as_of;
  report.source = draft.source;

  // The draft's own documents: their numbers collide, and references to them
  // are the draft talking about itself.
  std::set<std::string> own;
  for (const Document& d : draft.documents) {
    own.insert(d.key());
    if (d.kind != DocumentKind::kPolicy) continue;
    report.documents.push_back(d.key());
    if (!d.doc_no) continue;
    auto existing = g.index_of(*d.doc_no);
    if (!existing) continue;
    const Node& n = g.nodes()[*existing];
    DraftFinding f;
    f.kind = DraftFindingKind::kNumberCollision;
    f.subject = *d.doc_no;
    f.node = existing;
    if (n.external) {
      f.message = *d.doc_no + " is already the number of 《" + n.title + "》, cited " +
                  std::to_string(times_cited(n)) + " time(s) in the corpus";
    } else {
      f.message = *d.doc_no + " is already the number of 《" + n.title + "》 (" +
                  (n.document ? location(n.source, header_page(*n.document), n.document->line_start)
                              : n.source) +
                  ")";
    }
    if (const Evidence* e = field_evidence(d, "doc_no")) {
      f.evidence = *e;
    } else {
      f.evidence = {draft.source, d.line_start, *d.doc_no, header_page(d)};
    }
    if (f.evidence.file.empty()) f.evidence.file = draft.source;
    report.findings.push_back(std::move(f));
  }

  // Targets the draft repeals: a dependent repealed by the same draft is not
  // left without a basis, it goes with it.
  std::set<std::size_t> repealed;
  for (const Edge& e : draft.edges) {
    if (e.derived || e.type != RelationType::kRepeals) continue;
    if (auto i = resolve(g, e)) repealed.insert(*i);
  }

  for (const Edge& e : draft.edges) {
    if (e.derived) continue;
    if ((e.to_doc_no && own.count(*e.to_doc_no) != 0) ||
        (!e.to_doc_no && !e.to_date && e.to_title && own.count(*e.to_title) != 0)) {
      continue;
    }
    DraftReference ref;
    ref.edge = e;
    ref.evidence = {draft.source, e.line, e.evidence, e.page};
    ref.node = resolve(g, e);
    const std::size_t index = report.references.size();
    auto finding = [&](DraftFindingKind kind, std::string subject, std::string message) {
      report.findings.push_back(
          {kind, std::move(subject), std::move(message), ref.evidence, ref.node, index});
    };
    const std::string verb(to_string(e.type));
    if (!ref.node) {
      finding(DraftFindingKind::kUnresolved, label(e),
              verb + " " + label(e) + ", which names nothing in the corpus");
      report.references.push_back(std::move(ref));
      continue;
    }
    const Node& n = g.nodes()[*ref.node];
    ref.status = g.status(*ref.node, as_of);
    const Status& st = *ref.status;
    std::string said = verb + " " + label(n) + ", ";
    switch (st.kind) {
      case StatusKind::kRepealed:
        finding(DraftFindingKind::kCitesRepealed, label(n),
                said + "已废止" + (st.by ? " by " + *st.by : std::string()) +
                    (st.since ? " from " + st.since->to_iso() : std::string()));
        break;
      case StatusKind::kExpired:
        finding(DraftFindingKind::kCitesExpired, label(n),
                said + "失效" + (st.since ? " from " + st.since->to_iso() : std::string()));
        break;
      case StatusKind::kUnknown:
        // Repealing or amending an instrument the gazettes do not print is
        // ordinary; only citing one as authority leaves its force unchecked.
        if (e.type == RelationType::kRepeals || e.type == RelationType::kAmends) break;
        finding(DraftFindingKind::kCitesUnknown, label(n),
                said + "which the corpus only cites: status 未知");
        break;
      default: break;
    }
    if (e.type == RelationType::kRepeals) {
      ref.cascade = cascade(g, *ref.node, as_of, repealed);
      if (!ref.cascade.empty()) {
        std::string names;
        for (const Dependent& d : ref.cascade) {
          names += (names.empty() ? "" : ", ") + label(g.nodes()[d.node]);
        }
        finding(DraftFindingKind::kRepealCascade, label(n),
                "repeals " + label(n) + ", the basis of " + std::to_string(ref.cascade.size()) +
                    " document(s) in force: " + names);
      }
    }
    report.references.push_back(std::move(ref));
  }
  return report;
}

}  // namespace pg
