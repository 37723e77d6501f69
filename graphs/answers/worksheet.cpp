#include "graphs/answers/worksheet.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <utility>

#include "graphs/answers/issuer_filter.h"
#include "graphs/base/text_escape.h"

namespace pg {
namespace {

constexpr std::array<std::pair<Disposition, std::string_view>, 4> kDispositionNames{{
    {Disposition::kKeep, "继续有效"},
    {Disposition::kExpired, "失效"},
    {Disposition::kRepealed, "已废止"},
    {Disposition::kReview, "需审查"},
}};

// A node named by id (Status::by): its label when in the graph, else the id.
std::string label_of(const CorpusGraph& g, const std::string& id) {
  auto i = g.index_of(id);
  return i ? label_of(g.nodes()[*i]) : id;
}

std::string since_text(const Status& s) { return s.since ? s.since->to_iso() : ""; }

void add_reason(WorksheetRow& row, const std::string& reason, const Evidence& evidence) {
  if (row.reason.empty()) {
    row.evidence = evidence;
    row.reason = reason;
  } else {
    row.reason += "；" + reason;
  }
}

// The path of an orphan, "A —based_on→ B —implements→ C" in numbers.
std::string path_text(const CorpusGraph& g, const Orphan& o) {
  std::string out;
  for (std::size_t i = 0; i < o.path.size(); ++i) {
    out += label_of(g.nodes()[o.path[i]]);
    if (i < o.edges.size()) out += "→" + std::string(to_string(g.edges()[o.edges[i]].type)) + "→";
  }
  return out;
}

}  // namespace

std::string_view to_string(Disposition d) {
  for (const auto& [value, name] : kDispositionNames) {
    if (value == d) return name;
  }
  return "需审查";
}

std::string_view ascii_name(Disposition d) {
  switch (d) {
    case Disposition::kKeep: return "keep";
    case Disposition::kExpired: return "expired";
    case Disposition::kRepealed: return "repealed";
    case Disposition::kReview: return "review";
  }
  return "review";
}

std::optional<Disposition> parse_disposition(std::string_view s) {
  for (const auto& [value, name] : kDispositionNames) {
    if (name == s) return value;
  }
  return std::nullopt;
}

Worksheet make_worksheet(const CorpusGraph& g, std::string_view issuer, Date as_of) {
  Worksheet sheet;
  sheet.issuer = std::string(issuer);
  sheet.as_of = as_of;
  if (issuer.empty()) return sheet;

  // Cited-only instruments are the issuer's documents too: the office has to
  // account for them, and the corpus may know that they were repealed.
  auto on_sheet = [&](const Node& n) {
    return n.external || !n.document || n.document->kind == DocumentKind::kPolicy;
  };
  const IssuerFilter filter(g, issuer);
  sheet.by_substring = filter.by_substring();
  std::vector<std::size_t> mine;
  for (std::size_t i = 0; i < g.nodes().size(); ++i) {
    const Node& n = g.nodes()[i];
    if (on_sheet(n) && filter.matches(n)) mine.push_back(i);
  }
  if (mine.empty()) sheet.by_substring = false;

  // The nearest fallen basis of each orphan (orphans() is by node, then basis).
  std::map<std::size_t, std::vector<Orphan>> orphaned;
  for (Orphan& o : orphans(g, as_of)) orphaned[o.node].push_back(std::move(o));
  std::map<std::size_t, ExpiringRow> ending;
  for (ExpiringRow& r : expiring(g, as_of, Window{kReviewMonths, Window::Unit::kMonths})) {
    ending.emplace(r.node, std::move(r));
  }

  for (std::size_t i : mine) {
    WorksheetRow row;
    row.node = i;
    row.status = g.status(i, as_of);
    const Status& st = row.status;
    const Evidence& said = st.evidence.evidence;
    switch (st.kind) {
      case StatusKind::kRepealed:
        row.disposition = Disposition::kRepealed;
        add_reason(row,
                   "已被" + (st.by ? label_of(g, *st.by) : std::string("后文")) + "废止" +
                       (st.since ? "（自" + st.since->to_iso() + "起）" : ""),
                   said);
        break;
      case StatusKind::kExpired:
        row.disposition = Disposition::kExpired;
        add_reason(
            row,
            "有效期已届满" + (st.since ? "（自" + st.since->to_iso() + "起失效）" : std::string()),
            said);
        break;
      case StatusKind::kUnknown: {
        // Only cited-only instruments have no status: the text is not in the
        // corpus, so the office has to look it up.
        row.disposition = Disposition::kReview;
        const Node& n = g.nodes()[i];
        add_reason(row,
                   "状态未知：语料未刊载全文，仅见" + std::to_string(n.mentions.size()) + "次引用",
                   n.mentions.empty() ? said : n.mentions.front().evidence);
        break;
      }
      case StatusKind::kNotYetEffective:
        row.disposition = Disposition::kKeep;
        add_reason(row, "尚未生效：" + st.detail, said);
        break;
      case StatusKind::kInForce:
      case StatusKind::kAmended:
      case StatusKind::kPartlyRepealed: {
        auto o = orphaned.find(i);
        if (o != orphaned.end()) {
          row.disposition = Disposition::kReview;
          for (const Orphan& orphan : o->second) {
            const Status& bs = orphan.basis_status;
            add_reason(row,
                       "依据" + label_of(g.nodes()[orphan.basis]) +
                           std::string(to_string(bs.kind)) +
                           (bs.since ? "（" + bs.since->to_iso() + "）" : "") + "：" +
                           path_text(g, orphan),
                       bs.evidence.evidence);
          }
        }
        auto x = ending.find(i);
        if (x != ending.end()) {
          row.disposition = Disposition::kReview;
          add_reason(row,
                     "有效期至" + x->second.expires.to_iso() + "，" +
                         std::to_string(kReviewMonths) + "个月内到期（尚余" +
                         std::to_string(x->second.days_left) + "天）",
                     x->second.evidence);
        }
        if (row.reason.empty()) {
          row.disposition = Disposition::kKeep;
          std::string reason(to_string(st.kind));
          if (st.since) reason += "（自" + st.since->to_iso() + "起）";
          if (st.kind == StatusKind::kAmended && st.by) {
            reason += "，已被" + label_of(g, *st.by) + "修改";
          }
          if (st.kind == StatusKind::kPartlyRepealed && st.by) {
            reason += "，部分条款已被" + label_of(g, *st.by) + "废止";
          }
          add_reason(row, reason, said);
        }
        break;
      }
    }
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

// ---------------------------------------------------------------- CSV ----

std::string csv_field(std::string_view raw) {
  // Control characters (ESC, BEL), the bidi overrides (U+202E reverses what
  // follows in the cell) and non-characters become visible escapes, as on a
  // terminal; tabs and line breaks stay, inside quotes.
  std::string text;
  text.reserve(raw.size());
  std::size_t from = 0;
  for (std::size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t') {
      text += terminal_safe(raw.substr(from, i - from));
      if (i < raw.size()) text += raw[i];
      from = i + 1;
    }
  }
  std::string field;
  // A formula guard first, so that the apostrophe is inside any quotes.
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    field += '\'';
  }
  field += text;
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void write_worksheet_csv(std::ostream& out, const CorpusGraph& g, const Worksheet& sheet) {
  out << "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i != 0) out << ',';
      out << csv_field(cells[i]);
    }
    out << "\r\n";
  };
  // A 页 column before 行 only when some evidence is on a page of a PDF: a
  // worksheet of text inputs keeps its columns.
  const bool pages = std::any_of(sheet.rows.begin(), sheet.rows.end(),
                                 [](const WorksheetRow& r) { return r.evidence.page > 0; });
  std::vector<std::string> header(std::begin(kWorksheetColumns), std::end(kWorksheetColumns));
  const auto line_column = header.end() - 2;  // 行, before 引文
  if (pages) header.insert(line_column, std::string(kWorksheetPageColumn));
  line(header);
  for (const WorksheetRow& row : sheet.rows) {
    const Node& n = g.nodes()[row.node];
    std::string issuers;
    if (n.document) {
      for (const std::string& s : n.document->issuers) issuers += (issuers.empty() ? "" : "、") + s;
    }
    if (issuers.empty()) issuers = n.issuer;
    const Evidence& e = row.evidence;
    std::vector<std::string> cells{
        n.doc_no.value_or(""),
        n.title,
        issuers,
        std::string(to_string(row.status.kind)),
        since_text(row.status),
        std::string(to_string(row.disposition)),
        row.reason,
        e.file.empty() ? "" : std::filesystem::path(e.file).filename().string(),
        e.line > 0 ? std::to_string(e.line) : "",
        e.quote};
    if (pages) cells.insert(cells.end() - 2, e.page > 0 ? std::to_string(e.page) : "");
    line(cells);
  }
}

std::optional<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;       // inside a quoted field
  bool row_started = false;  // something of the current row was read
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
      continue;
    }
    row_started = true;
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      row_started = false;
    } else {
      field += c;
    }
  }
  if (quoted) return std::nullopt;
  if (row_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace pg
