#include "graphs/model/model.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "graphs/base/text.h"

namespace pg {
namespace {

// One table per enum: the single spelling of each value, used both ways.
constexpr std::array<std::pair<RelationType, std::string_view>, 6> kRelationNames = {{
    {RelationType::kRepeals, "repeals"},
    {RelationType::kAmends, "amends"},
    {RelationType::kBasedOn, "based_on"},
    {RelationType::kImplements, "implements"},
    {RelationType::kForwards, "forwards"},
    {RelationType::kCites, "cites"},
}};

constexpr std::array<std::pair<DocumentKind, std::string_view>, 2> kKindNames = {{
    {DocumentKind::kPolicy, "policy"},
    {DocumentKind::kOther, "other"},
}};

constexpr std::array<std::pair<Diagnostic::Severity, std::string_view>, 3> kSeverityNames = {{
    {Diagnostic::Severity::kNote, "note"},
    {Diagnostic::Severity::kWarning, "warning"},
    {Diagnostic::Severity::kError, "error"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";  // only reachable with a value cast from a bad integer
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) {
  for (const auto& [v, name] : table) {
    if (name == s) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(RelationType t) { return name_of(kRelationNames, t); }

std::optional<RelationType> parse_relation_type(std::string_view s) {
  return value_of(kRelationNames, s);
}

int strength_rank(RelationType t) {
  // The enum is declared strongest first; the table keeps that order.
  for (std::size_t i = 0; i < kRelationNames.size(); ++i) {
    if (kRelationNames[i].first == t) return static_cast<int>(i);
  }
  return static_cast<int>(kRelationNames.size());
}

std::string_view to_string(DocumentKind k) { return name_of(kKindNames, k); }

std::optional<DocumentKind> parse_document_kind(std::string_view s) {
  return value_of(kKindNames, s);
}

std::string_view to_string(Diagnostic::Severity s) { return name_of(kSeverityNames, s); }

void CappedSink::report(Diagnostic d) {
  std::string_view message = d.message;
  std::string kind(message.substr(0, std::min(message.find(':'), message.size())));
  auto [at, added] = index_.emplace(kind, kinds_.size());
  if (added) kinds_.emplace_back(std::move(kind), Count{});
  auto it = kinds_.begin() + static_cast<std::ptrdiff_t>(at->second);
  if (it->second.passed < per_kind_) {
    ++it->second.passed;
    inner_.report(std::move(d));
  } else {
    ++it->second.held;
  }
}

void CappedSink::finish() {
  for (auto& [kind, count] : kinds_) {
    if (count.held == 0) continue;
    inner_.report(Diagnostic{Diagnostic::Severity::kNote, file_, 0,
                             "… and " + std::to_string(count.held) + " more " + kind + " in " +
                                 file_});
    count.held = 0;
  }
}

std::string instrument_label(const std::optional<std::string>& doc_no, std::string_view title,
                             int max_width) {
  if (doc_no) return *doc_no;
  return "《" + (max_width > 0 ? truncate_to_width(title, max_width) : std::string(title)) + "》";
}

}  // namespace pg
