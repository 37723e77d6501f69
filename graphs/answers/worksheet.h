// The 规范性文件清理 worksheet: every document of one issuer with its status on
// a date, a proposed disposition and the evidence for it, and the CSV that
// legal staff open in a spreadsheet program. Pure logic over a CorpusGraph.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/model/model.h"

namespace pg {

// What the worksheet proposes for a document, in the words of a 清理 notice.
enum class Disposition {
  kKeep,      // 继续有效: in force (or amended, or not yet effective) and nothing to review
  kExpired,   // 失效: its 有效期 has run out
  kRepealed,  // 已废止: a later document repealed it
  kReview,    // 需审查: in force, but its basis fell away or it expires within the window
};
std::string_view to_string(Disposition d);  // the Chinese words
// The ASCII names ("keep", "expired", "repealed", "review"): JSON's
// "disposition", the Chinese word going in "disposition_zh".
std::string_view ascii_name(Disposition d);
std::optional<Disposition> parse_disposition(std::string_view s);

struct WorksheetRow {
  std::size_t node = 0;  // index into CorpusGraph::nodes()
  Status status;         // on the worksheet's date
  Disposition disposition = Disposition::kKeep;
  std::string reason;  // one line in Chinese; several reasons joined by "；"
  Evidence evidence;   // the text behind the first reason (file as stored)
};

struct Worksheet {
  std::string issuer;  // as asked
  Date as_of;
  // False: rows are the documents `issuer` names exactly; true: no document
  // has exactly that issuer, so rows are those whose issuer contains it
  // (issuer_filter.h).
  bool by_substring = false;
  std::vector<WorksheetRow> rows;  // by node id
};

// The review window of 需审查: a 有效期 that ends within six months.
inline constexpr int kReviewMonths = 6;

// The instruments of `issuer`: those the corpus publishes (kind policy;
// appointment lists and the like are not on a worksheet) and those it only
// cites (their issuer comes from the 机关代字 table). An instrument is the
// issuer's when IssuerFilter (issuer_filter.h) matches it: Node::issuer, a
// printed issuer (joint issuance) or its 机关代字 equal to `issuer`; when no
// document matches exactly, one of them containing it.
// Dispositions on `as_of`: 已废止 and 失效 from the status; in force (or
// amended) with a repealed or expired basis up its based_on / implements
// chain (pg::orphans), or with a 有效期 ending within kReviewMonths
// (pg::expiring), 需审查; status 未知 (cited only, nothing known) 需审查 with
// the first citation as evidence; otherwise (尚未生效 included) 继续有效.
// An empty issuer gives no rows.
Worksheet make_worksheet(const CorpusGraph& graph, std::string_view issuer, Date as_of);

// ---------------------------------------------------------------- CSV ----

// The columns, in order.
inline constexpr std::string_view kWorksheetColumns[] = {
    "文号", "标题", "发文机关", "状态", "状态日期", "处理建议", "理由", "依据文件", "行", "引文"};
// The column written before 行 when some evidence has a page (a PDF): the
// page the line is on, empty for evidence from text.
inline constexpr std::string_view kWorksheetPageColumn = "页";

// One CSV field (RFC 4180): quoted when it contains , " CR or LF, inner "
// doubled. Text from documents is untrusted: a field that would start with
// = + - @ TAB or CR, which spreadsheet programs read as a formula, gets a
// leading apostrophe ' first (the OWASP advice; the program shows the text,
// the apostrophe is the visible price). Numbers and dates the worksheet writes
// itself never start with those characters. Other control characters, DEL,
// C1 controls, bidi overrides and isolates and U+FFFE/U+FFFF are shown as
// escapes (\x1b, \u202e), as graphs/base/text_escape.h's terminal_safe does;
// invalid UTF-8 becomes U+FFFD.
std::string csv_field(std::string_view text);

// The worksheet as CSV: UTF-8 with a BOM (so that spreadsheet programs read
// the Chinese text as UTF-8), a header row of kWorksheetColumns, one row per
// WorksheetRow, every line ending CRLF (and 页 before 行 when some evidence
// is on a page of a PDF: kWorksheetPageColumn). 依据文件 is the evidence file's base
// name; 文号 is empty for a document without a number; 发文机关 is the printed
// issuers joined by 、 (Node::issuer when none are printed).
void write_worksheet_csv(std::ostream& out, const CorpusGraph& graph, const Worksheet& sheet);

// Reads CSV as write_worksheet_csv writes it (RFC 4180, CRLF or LF, a leading
// BOM skipped): rows of fields, quotes removed and "" undoubled. The
// apostrophe of csv_field is kept. For round trips in tests and scripts;
// nullopt for a quote left open.
std::optional<std::vector<std::vector<std::string>>> parse_csv(std::string_view text);

}  // namespace pg
