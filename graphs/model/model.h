// The domain model: what a gazette publishes and what its documents reference.
// analyzer/ fills these from text; everything downstream (graph, store,
// queries, exporters) reads them. Field meanings follow tests/data/SCHEMA.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graphs/base/date.h"

namespace pg {

// How a citing document relates to an instrument it references, strongest
// first. The one name of each value is used by JSON, SQLite, DOT and the CLI.
enum class RelationType {
  kRepeals,     // "repeals": it ends the target's force (废止, 停止执行 ...)
  kAmends,      // "amends": it changes the target's text (作如下修改 ...)
  kBasedOn,     // "based_on": the target is its stated legal or policy basis
  kImplements,  // "implements": it is issued to carry out the target (贯彻落实 ...)
  kForwards,    // "forwards": it forwards another body's instrument (转发)
  kCites,       // "cites": any other mention of a specific instrument
};
std::string_view to_string(RelationType t);
std::optional<RelationType> parse_relation_type(std::string_view s);
// The Chinese word: 废止, 修改, 依据, 贯彻落实, 转发, 引用 (JSON's "type_zh").
std::string_view zh_name(RelationType t);
// Lower is stronger: repeals < amends < based_on < implements < forwards < cites.
int strength_rank(RelationType t);

// What kind of item the gazette prints.
enum class DocumentKind {
  kPolicy,  // "policy": a document with legal or policy effect (has a header)
  kOther,   // "other": appointment lists, chronicles and other items
};
std::string_view to_string(DocumentKind k);
std::optional<DocumentKind> parse_document_kind(std::string_view s);

// Where a fact was read: file, 1-based line and the quoted text (normalized:
// whitespace removed, digits ASCII, otherwise as printed). For a paged input
// (a PDF) also the 1-based page the line is on; 0 for an input without pages.
// `line` is always the line of the decoded text, pages or not.
struct Evidence {
  std::string file;
  int line = 0;
  std::string quote;
  int page = 0;
};

// The one spelling of a place in a file, wherever text output names one:
// "file:L", or "file:pN:L" when the place has a page (N > 0). The file is
// written as given (callers pass a base name where they show one).
std::string location(std::string_view file, int page, int line);
// location(file, page, line) appended to `out`.
void append_location(std::string& out, std::string_view file, int page, int line);
inline std::string location(const Evidence& e) { return location(e.file, e.page, e.line); }

// The 1-based page on which `line` lies, given the lines on which pages
// begin (SourceText::page_starts: ascending, page_starts[k] is the first line
// of page k + 1); 0 when there are no pages or the line is before the first.
// A binary search: O(log pages).
int page_of_line(const std::vector<int>& page_starts, int line);

// When a document takes effect.
struct Effective {
  enum class Kind {
    kUnstated,  // no 施行 clause found
    kOnIssue,   // 自印发之日起施行 and the like: "on_issue"
    kDate,      // 自X起施行: `date` holds X
  };
  Kind kind = Kind::kUnstated;
  Date date;
};
// The one spelling of each kind: "unstated", "on_issue", "date".
std::string_view to_string(Effective::Kind k);
std::optional<Effective::Kind> parse_effective_kind(std::string_view s);
// The Chinese words: 未写明施行日期, 自印发之日起施行, 自指定日期起施行
// (JSON's "effective_zh").
std::string_view zh_name(Effective::Kind k);
// The one-value form of tests/data/SCHEMA.md, also stored in SQLite: nullopt
// when unstated, "on_issue", or the date YYYY-MM-DD.
std::optional<std::string> effective_value(const Effective& e);
// The inverse: "on_issue" or a date YYYY-MM-DD; nullopt for anything else.
std::optional<Effective> parse_effective_value(std::string_view s);

// One document the gazette itself publishes (a notice and the measure it
// issues are one document, sharing one number).
struct Document {
  std::optional<std::string> doc_no;  // canonical 发文字号, e.g. 济政发〔2017〕24号
  std::string title;                  // whitespace removed, no outer 《》
  DocumentKind kind = DocumentKind::kPolicy;
  std::vector<std::string> issuers;            // printed order; joint issuance lists all
  std::optional<Date> signed_date;             // under the signature
  std::optional<Date> printed_date;            // the （X年X月X日印发） line
  std::optional<std::string> registration_no;  // e.g. JNCR-2019-0010006
  Effective effective;
  std::optional<Date> expires;                  // last day in force
  std::optional<std::string> expires_text;      // the words as printed
  std::vector<std::string> promulgated_titles;  // measures it issues/forwards
  bool prevails_clause = false;                 // earlier inconsistent rules yield to it
  int line_start = 0;                           // 1-based, first header line
  int line_end = 0;                             // 1-based, last line that belongs to it

  // Evidence for the facts above, keyed by field name ("title", "doc_no",
  // "signed", "printed", "registration_no", "effective", "expires",
  // "prevails_clause", "promulgated_titles").
  struct FieldEvidence {
    std::string field;
    Evidence evidence;
  };
  std::vector<FieldEvidence> field_evidence;

  // The key other records use for this document: its number, else its title.
  const std::string& key() const { return doc_no ? *doc_no : title; }
};

// The page of a document's first header line (line_start), read from the
// evidence quoted on that line (the title's); 0 when there are no pages.
int header_page(const Document& d);

// An instrument named in one line, as every listing shows it: its number,
// else its title in 《》 (the title cut to `max_width` terminal columns, with
// "…", when max_width > 0). Documents, graph nodes and draft-check rows all
// have a doc_no and a title.
std::string instrument_label(const std::optional<std::string>& doc_no, std::string_view title,
                             int max_width = 0);

// One reference from a gazette document (or, when derived, from a cited
// instrument) to an instrument.
struct Edge {
  std::string from;                      // citing doc_no, or its title if none
  std::optional<std::string> to_doc_no;  // canonical number of the target
  std::optional<std::string> to_title;   // target title, no outer 《》
  RelationType type = RelationType::kCites;
  int line = 0;          // 1-based line where the reference starts
  int page = 0;          // 1-based page of that line in a paged input (PDF); 0: none
  std::string evidence;  // short quote around the reference
  bool derived = false;  // stated by a cited title, not by the document itself
  // The day of an instrument known by title only, where its title does not
  // tell it apart: a 《关于修改〈X〉的决定》 adopted on that day (the same
  // title on another day is another decision), or the session that revised a
  // law (修订). Such an instrument is identified by title and date; the date
  // is also the day the change takes effect.
  std::optional<Date> from_date;
  // The day printed with a target known by title only (1950年6月29日…颁布的
  // 《中华人民共和国工会法》): it tells an older instrument apart from the
  // citing document when both bear one title.
  std::optional<Date> to_date;
  // The part of the target the edge's repeal ends, as printed (第十条、第十二条;
  // 附件2; 关于…的规定; 部分条款): a partial repeal (部分失效). Set only where a
  // repeal cue names a part; the type stays what the cue and its place say
  // (repeals, or amends for 《X》第N条…废止). nullopt: no part (a whole repeal,
  // or no repeal at all). JSON "scope", only when set.
  std::optional<std::string> scope;
};

struct GazetteInfo {
  std::optional<std::string> publisher;  // 济南市人民政府
  std::optional<int> year;
  std::optional<std::string> issue;  // 第13期（总第251期）
};

// A problem inside a document: reported with file and line, the run goes on.
struct Diagnostic {
  enum class Severity { kNote, kWarning, kError };
  Severity severity = Severity::kWarning;
  std::string file;
  int line = 0;  // 1-based; 0 when not tied to a line
  std::string message;
  int page = 0;  // 1-based page of a paged input (a PDF) holding `line`; 0 when none
};
std::string_view to_string(Diagnostic::Severity s);

// Receives diagnostics while extraction goes on.
class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void report(Diagnostic d) = 0;
};

// Collects diagnostics into a vector (tests, JSON output).
class CollectingSink : public DiagnosticSink {
 public:
  void report(Diagnostic d) override { items.push_back(std::move(d)); }
  std::vector<Diagnostic> items;
};

// Passes on at most `per_kind` diagnostics of each kind (the message up to
// its first ':') and counts the rest; finish() reports what was held back
// as one note per kind: "… and N more <kind> in FILE". A hostile file (a
// million unclosed 《) gives a screenful, not a megabyte, of warnings.
class CappedSink : public DiagnosticSink {
 public:
  static constexpr int kDefaultPerKind = 50;
  CappedSink(DiagnosticSink& inner, std::string file, int per_kind = kDefaultPerKind)
      : inner_(inner), file_(std::move(file)), per_kind_(per_kind) {}
  void report(Diagnostic d) override;
  void finish();

 private:
  struct Count {
    int passed = 0;
    long held = 0;
  };
  DiagnosticSink& inner_;
  std::string file_;
  int per_kind_;
  std::vector<std::pair<std::string, Count>> kinds_;    // in order of first report
  std::unordered_map<std::string, std::size_t> index_;  // kind -> its place in kinds_
};

// Everything read from one source file.
struct Extraction {
  std::string source;    // file name as given (base name in JSON)
  std::string encoding;  // the encoding assumed when decoding
  GazetteInfo gazette;
  std::vector<Document> documents;
  std::vector<Edge> edges;
  std::string notes;
};

}  // namespace pg
