#include "graphs/model/model.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
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

constexpr std::array<std::pair<RelationType, std::string_view>, 6> kRelationWords = {{
    {RelationType::kRepeals, "废止"},
    {RelationType::kAmends, "修改"},
    {RelationType::kBasedOn, "依据"},
    {RelationType::kImplements, "贯彻落实"},
    {RelationType::kForwards, "转发"},
    {RelationType::kCites, "引用"},
}};

constexpr std::array<std::pair<Effective::Kind, std::string_view>, 3> kEffectiveNames = {{
    {Effective::Kind::kUnstated, "unstated"},
    {Effective::Kind::kOnIssue, "on_issue"},
    {Effective::Kind::kDate, "date"},
}};

constexpr std::array<std::pair<Effective::Kind, std::string_view>, 3> kEffectiveWords = {{
    {Effective::Kind::kUnstated, "未写明施行日期"},
    {Effective::Kind::kOnIssue, "自印发之日起施行"},
    {Effective::Kind::kDate, "自指定日期起施行"},
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

std::string_view zh_name(RelationType t) { return name_of(kRelationWords, t); }

std::string_view to_string(Effective::Kind k) { return name_of(kEffectiveNames, k); }

std::optional<Effective::Kind> parse_effective_kind(std::string_view s) {
  return value_of(kEffectiveNames, s);
}

std::string_view zh_name(Effective::Kind k) { return name_of(kEffectiveWords, k); }

std::optional<std::string> effective_value(const Effective& e) {
  switch (e.kind) {
    case Effective::Kind::kOnIssue: return std::string(to_string(e.kind));
    case Effective::Kind::kDate: return e.date.to_iso();
    case Effective::Kind::kUnstated: break;
  }
  return std::nullopt;
}

std::optional<Effective> parse_effective_value(std::string_view s) {
  if (parse_effective_kind(s) == Effective::Kind::kOnIssue) {
    return Effective{Effective::Kind::kOnIssue, Date{}};
  }
  auto date = Date::parse_iso(s);
  if (!date) return std::nullopt;
  return Effective{Effective::Kind::kDate, *date};
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
    inner_.report(
        Diagnostic{Diagnostic::Severity::kNote, file_, 0,
                   "… and " + std::to_string(count.held) + " more " + kind + " in " + file_});
    count.held = 0;
  }
}

std::string location(std::string_view file, int page, int line) {
  std::string out;
  append_location(out, file, page, line);
  return out;
}

void append_location(std::string& out, std::string_view file, int page, int line) {
  char digits[16];
  out += file;
  if (page > 0) {
    out += ":p";
    out.append(digits, std::to_chars(digits, digits + sizeof digits, page).ptr);
  }
  out += ':';
  out.append(digits, std::to_chars(digits, digits + sizeof digits, line).ptr);
}

int page_of_line(const std::vector<int>& page_starts, int line) {
  // The last page that begins on or before the line.
  auto after = std::upper_bound(page_starts.begin(), page_starts.end(), line);
  return static_cast<int>(after - page_starts.begin());
}

int header_page(const Document& d) {
  for (const Document::FieldEvidence& fe : d.field_evidence) {
    if (fe.evidence.line == d.line_start && fe.evidence.page > 0) return fe.evidence.page;
  }
  return 0;
}

std::string instrument_label(const std::optional<std::string>& doc_no, std::string_view title,
                             int max_width) {
  if (doc_no) return *doc_no;
  return "《" + (max_width > 0 ? truncate_to_width(title, max_width) : std::string(title)) + "》";
}

}  // namespace pg
