#include "graphs/store/graph_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "graphs/base/doc_number.h"
#include "graphs/base/titles.h"
#include "graphs/model/json.h"
#include "graphs/store/graph_rows.h"
#include "graphs/store/sqlite_stmt.h"
#include "graphs/store/status_scan.h"

namespace pg {
namespace {

// A failure inside this file (sqlite_stmt.h) becomes an Error naming the
// store at the public functions' edge.
using sql::fail_sqlite;
using sql::Failure;
using sql::Stmt;

// A blob column read as CBOR (bodies are CBOR: it keeps any bytes a file
// name holds, where JSON text would need valid UTF-8).
Json cbor(const Stmt& s, int i) {
  std::basic_string_view<std::uint8_t> b = s.bytes(i);
  return b.empty() ? Json() : Json::from_cbor(b.begin(), b.end());
}

void exec(sqlite3* db, const char* sql) { sql::exec(db, sql, "writing the stored graph"); }

// `sql` fitted to the layout the store's graph was saved in: without each
// "INDEXED BY name " whose index the store lacks, reading an edge's
// scope as NULL when graph_edges has no scope column (layouts before 8),
// and the field evidence and search keys from graph_nodes (before 9). A
// graph saved in an older layout keeps its rows but not the newer indexes
// and columns until the next ingest rebuilds it, and search reads such a
// stale graph as it is; SQLite refuses a statement that names a missing
// index or column.
bool has_table(sqlite3* db, const char* name);

std::string with_present_indexes(sqlite3* db, std::string sql) {
  // Layouts before 9: the field evidence and the search keys were columns
  // of graph_nodes.
  static constexpr std::string_view kEvidenceJoin =
      " LEFT JOIN graph_node_evidence v ON v.no = n.no";
  if (const std::size_t at = sql.find(kEvidenceJoin);
      at != std::string::npos && !has_table(db, "graph_node_evidence")) {
    sql.erase(at, kEvidenceJoin.size());
    static constexpr std::string_view kColumn = "v.evidence";
    if (const std::size_t c = sql.find(kColumn); c != std::string::npos) {
      sql.replace(c, kColumn.size(), "n.doc_evidence");
    }
  }
  static constexpr std::string_view kKeys = "FROM graph_node_keys ";
  if (const std::size_t at = sql.find(kKeys);
      at != std::string::npos && !has_table(db, "graph_node_keys")) {
    sql.replace(at, kKeys.size(), "FROM graph_nodes ");
  }
  static constexpr std::string_view kScope = ", scope ";
  if (sql.find(kScope) != std::string::npos) {
    Stmt c(db, "SELECT 1 FROM pragma_table_info('graph_edges') WHERE name = 'scope'");
    if (!c.step()) {
      for (std::size_t at = sql.find(kScope); at != std::string::npos; at = sql.find(kScope, at)) {
        sql.replace(at, kScope.size(), ", NULL ");
      }
    }
  }
  static constexpr std::string_view kHint = "INDEXED BY ";
  std::size_t at = sql.find(kHint);
  while (at != std::string::npos) {
    const std::size_t name_at = at + kHint.size();
    const std::size_t end = std::min(sql.find(' ', name_at), sql.size());
    Stmt q(db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1");
    q.text(1, sql.substr(name_at, end - name_at));
    if (q.step()) {
      at = sql.find(kHint, end);
    } else {
      sql.erase(at, std::min(end + 1, sql.size()) - at);
      at = sql.find(kHint, at);
    }
  }
  return sql;
}

template <class F>
auto guarded(const Store& store, F&& f) -> Result<decltype(f())> {
  try {
    return f();
  } catch (const Failure& e) {
    return Error{store.path(), -1, e.message};
  } catch (const std::exception& e) {  // nlohmann_json: a damaged row
    return Error{store.path(), -1, std::string("stored graph: ") + e.what()};
  }
}

// Tables and triggers that outlive a rebuild: the generation counter.
constexpr const char* kMetaSql = R"sql(
CREATE TABLE IF NOT EXISTS graph_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO graph_meta(key, value) VALUES('files_generation', 0);
CREATE TRIGGER IF NOT EXISTS graph_files_inserted AFTER INSERT ON files BEGIN
  UPDATE graph_meta SET value = value + 1 WHERE key = 'files_generation'; END;
CREATE TRIGGER IF NOT EXISTS graph_files_updated AFTER UPDATE ON files BEGIN
  UPDATE graph_meta SET value = value + 1 WHERE key = 'files_generation'; END;
CREATE TRIGGER IF NOT EXISTS graph_files_deleted AFTER DELETE ON files BEGIN
  UPDATE graph_meta SET value = value + 1 WHERE key = 'files_generation'; END;
CREATE TABLE IF NOT EXISTS graph_dirty(path TEXT PRIMARY KEY, old_source TEXT);
CREATE TRIGGER IF NOT EXISTS graph_dirty_inserted AFTER INSERT ON files BEGIN
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(NEW.path, NULL); END;
CREATE TRIGGER IF NOT EXISTS graph_dirty_updated AFTER UPDATE ON files BEGIN
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(OLD.path, OLD.source);
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(NEW.path, NULL); END;
CREATE TRIGGER IF NOT EXISTS graph_dirty_deleted AFTER DELETE ON files BEGIN
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(OLD.path, OLD.source); END;
)sql";

// The graph itself, dropped and made again by each save. Node and edge
// numbers are the CorpusGraph's indices. A node's fields other than id and
// mentions are one object (the Document as graphs/model/json.h writes it) in
// CBOR, which keeps a file name's bytes even when they are not UTF-8; the
// columns beside it are the ones queries select by. `effective` and `signed`
// (with `external`, `expires` and the dated repeals/amends edges) are what
// status_kinds() computes a status from without reading a body: effective is
// effective_date() (corpus_graph.h), the day a repeal or amendment by the node
// counts from. doc_no, title, issuer and level name a node where an answer
// prints no more of it (Parts::Body::kNames); with source and the doc_*
// columns (NULL for a node without a document) they make the document that
// status() reads (Parts::Body::kStatus) without decoding a body. The body is
// a table of its own (graph_bodies, by node number), so that a pass over
// graph_nodes reads the columns and not the bodies' pages. So are a
// document's field evidence (graph_node_evidence: a quarter of a node's
// bytes, read by a join only for the rows a pass keeps) and the folded names
// and issuer keys that search and the issuer filter look in
// (graph_node_keys): the passes over every node row of the lists (status
// scans) read about 60% of the bytes they read when these were columns.
constexpr const char* kGraphSql = R"sql(
DROP TABLE IF EXISTS graph_nodes;
DROP TABLE IF EXISTS graph_bodies;
DROP TABLE IF EXISTS graph_node_evidence;
DROP TABLE IF EXISTS graph_node_keys;
DROP TABLE IF EXISTS graph_mentions;
DROP TABLE IF EXISTS graph_edges;
DROP TABLE IF EXISTS graph_titles;
DROP TABLE IF EXISTS graph_findings;
DROP TABLE IF EXISTS graph_file_keys;
DROP TABLE IF EXISTS graph_title_keys;
CREATE TABLE graph_nodes(
  no INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  external INTEGER NOT NULL,
  expires TEXT,
  effective TEXT,
  signed TEXT,
  doc_no TEXT,
  title TEXT NOT NULL,
  issuer TEXT NOT NULL,
  level INTEGER NOT NULL,
  source TEXT NOT NULL,
  doc_title TEXT,
  doc_issuers BLOB,
  doc_effective INTEGER,
  doc_printed TEXT,
  doc_expires_text TEXT,
  doc_line_start INTEGER
);
CREATE TABLE graph_node_evidence(
  no INTEGER PRIMARY KEY,
  evidence BLOB NOT NULL
);
CREATE TABLE graph_node_keys(
  no INTEGER PRIMARY KEY,
  folded TEXT NOT NULL,
  issuer_keys TEXT NOT NULL
);
CREATE TABLE graph_bodies(
  no INTEGER PRIMARY KEY,
  body BLOB NOT NULL
);
CREATE TABLE graph_mentions(
  node INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  document TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  quote TEXT NOT NULL,
  type INTEGER,
  derived INTEGER,
  title TEXT,
  date TEXT,
  page INTEGER NOT NULL,
  PRIMARY KEY(node, seq)
) WITHOUT ROWID;
CREATE TABLE graph_file_keys(
  key TEXT NOT NULL,
  role INTEGER NOT NULL,
  file TEXT NOT NULL
);
CREATE TABLE graph_title_keys(
  key TEXT NOT NULL,
  node_id TEXT NOT NULL
);
CREATE TABLE graph_edges(
  no INTEGER PRIMARY KEY,
  src INTEGER NOT NULL,
  dst INTEGER NOT NULL,
  type INTEGER NOT NULL,
  derived INTEGER NOT NULL,
  date TEXT,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  quote TEXT NOT NULL,
  page INTEGER NOT NULL,
  scope TEXT
);
CREATE TABLE graph_titles(
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  PRIMARY KEY(key, seq)
) WITHOUT ROWID;
CREATE TABLE graph_findings(
  seq INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  body BLOB NOT NULL
);
)sql";

// The secondary indexes, made once the rows are in: one sort each instead of
// an insert at a random place of a growing index per row. graph_nodes_status
// and graph_edges_type are narrow copies of what a pass over every node or
// edge reads (status columns; an edge's ends and type): SQLite scans them as
// covering indexes instead of the wide rows (about 900 bytes a node at 1M
// documents: names, folded names, evidence), and keeps them in step with
// every write, an update in place included. doc_effective is NULL exactly
// when doc_title is (both are set for a node with a document).
constexpr const char* kGraphIndexSql = R"sql(
CREATE INDEX graph_nodes_expires ON graph_nodes(expires) WHERE expires IS NOT NULL;
CREATE INDEX graph_nodes_status ON graph_nodes(external, doc_effective, expires, effective, signed);
CREATE INDEX graph_edges_src ON graph_edges(src, type);
CREATE INDEX graph_edges_dst ON graph_edges(dst, type);
CREATE INDEX graph_edges_type ON graph_edges(type, dst, src);
CREATE INDEX graph_nodes_names ON graph_nodes(no, id, external, doc_no, title, issuer, level);
CREATE INDEX graph_edges_status
  ON graph_edges(dst, no, type, src, date, file, line, quote, page, scope) WHERE type IN (0, 1);
CREATE INDEX graph_mentions_document ON graph_mentions(document);
CREATE INDEX graph_mentions_file ON graph_mentions(file);
CREATE INDEX graph_file_keys_key ON graph_file_keys(key, role);
CREATE INDEX graph_file_keys_file ON graph_file_keys(file);
CREATE INDEX graph_title_keys_key ON graph_title_keys(key);
CREATE INDEX graph_title_keys_node ON graph_title_keys(node_id);
)sql";

bool has_table(sqlite3* db, const char* name) {
  Stmt s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  s.text(1, name);
  s.step();
  return s.int64(0) != 0;
}

std::optional<std::int64_t> meta_value(sqlite3* db, const char* key) {
  Stmt s(db, "SELECT value FROM graph_meta WHERE key = ?1");
  s.text(1, key);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

// What CorpusGraph::search compares a fragment with, one part a line
// (fold_title drops whitespace, so no fragment spans two parts).
std::string folded_names(const Node& n) {
  std::string out = fold_title(n.id) + "\n" + fold_title(n.title);
  for (const std::string& a : n.aliases) out += "\n" + fold_title(a);
  return out;
}

// Each name issuer_matches compares exactly, between line breaks.
std::string issuer_keys(const Node& n) {
  std::string out = "\n" + n.issuer + "\n";
  if (n.document) {
    for (const std::string& s : n.document->issuers) out += s + "\n";
  }
  if (n.doc_no) {
    if (auto parts = split_doc_no(*n.doc_no)) out += parts->agency + "\n";
  }
  return out;
}

std::optional<std::string> iso(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(d->to_iso()) : std::nullopt;
}

Json node_body(const Node& n) {
  Json j = Json::object();
  j["doc_no"] = n.doc_no ? Json(*n.doc_no) : Json(nullptr);
  j["title"] = n.title;
  j["aliases"] = n.aliases;
  j["source"] = n.source;
  j["issuer"] = n.issuer;
  j["level"] = std::string(to_string(n.level));
  j["document"] = n.document ? Json(*n.document) : Json(nullptr);
  return j;
}

Node node_from(std::string id, bool external, const Json& j) {
  Node n;
  n.id = std::move(id);
  n.external = external;
  if (!j.at("doc_no").is_null()) n.doc_no = j.at("doc_no").get<std::string>();
  n.title = j.at("title").get<std::string>();
  n.aliases = j.at("aliases").get<std::vector<std::string>>();
  n.source = j.at("source").get<std::string>();
  n.issuer = j.at("issuer").get<std::string>();
  n.level = parse_level(j.at("level").get<std::string>()).value_or(Level::kUnknown);
  if (!j.at("document").is_null()) {
    Document d = j.at("document").get<Document>();
    // The JSON leaves out the file of field evidence: the document's own.
    for (auto& fe : d.field_evidence) fe.evidence.file = n.source;
    n.document = std::move(d);
  }
  return n;
}

// Strings packed into one blob, each as its byte length, ':' and its bytes
// (any bytes: a quote or a file name need not be UTF-8).
void pack(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

// The packed strings of `in` into `out`, refilling its strings in place (a
// row reader that reuses `out` allocates nothing once they have grown).
void unpack_into(std::string_view in, std::vector<std::string>& out) {
  std::size_t k = 0;
  while (!in.empty()) {
    std::size_t colon = in.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 9) {
      throw Failure{"stored graph: a damaged packed column"};
    }
    std::size_t size = 0;
    for (char c : in.substr(0, colon)) {
      if (c < '0' || c > '9') throw Failure{"stored graph: a damaged packed column"};
      size = size * 10 + static_cast<std::size_t>(c - '0');
    }
    if (size > in.size() - colon - 1) throw Failure{"stored graph: a damaged packed column"};
    if (k == out.size()) out.emplace_back();
    out[k++].assign(in.substr(colon + 1, size));
    in.remove_prefix(colon + 1 + size);
  }
  out.resize(k);
}

std::vector<std::string> unpack(std::string_view in) {
  std::vector<std::string> out;
  unpack_into(in, out);
  return out;
}

// The field evidence status(), expiring() and the report (header_evidence)
// read, in the document's order.
bool status_field(std::string_view f) {
  return f == "effective" || f == "signed" || f == "printed" || f == "expires" || f == "title";
}

// The node's document as the doc_* columns keep it.
struct DocColumns {
  std::optional<std::string> title, printed, expires_text;
  std::optional<std::string> issuers, evidence;  // packed
  std::optional<int> effective_kind, line_start;
};

DocColumns doc_columns(const Node& n) {
  DocColumns c;
  if (!n.document) return c;
  const Document& d = *n.document;
  c.title = d.title;
  c.printed = d.printed_date ? std::optional<std::string>(d.printed_date->to_iso()) : std::nullopt;
  c.expires_text = d.expires_text;
  std::string issuers;
  for (const std::string& i : d.issuers) pack(issuers, i);
  c.issuers = std::move(issuers);
  std::string evidence;
  for (const auto& fe : d.field_evidence) {
    if (!status_field(fe.field)) continue;
    pack(evidence, fe.field);
    // "L", or "LpN" for a line on page N of a paged input.
    pack(evidence, std::to_string(fe.evidence.line) +
                       (fe.evidence.page > 0 ? "p" + std::to_string(fe.evidence.page) : ""));
    pack(evidence, fe.evidence.quote);
  }
  c.evidence = std::move(evidence);
  c.effective_kind = static_cast<int>(d.effective.kind);
  c.line_start = d.line_start;
  return c;
}

// The columns kStatus reads, after the name columns.
constexpr const char* kStatusColumns =
    "n.id, n.external, n.doc_no, n.title, n.issuer, n.level, n.source, n.doc_title, "
    "n.doc_issuers, n.doc_effective, n.effective, n.signed, n.doc_printed, n.expires, "
    "n.doc_expires_text, n.doc_line_start, v.evidence";
// The rows kStatusColumns are read from: a node and its field evidence, if
// any. SQLite tests a WHERE term on n alone (pg_wanted(n.no)) before the
// join, so a pass reads the evidence of the rows it keeps only.
constexpr const char* kStatusFrom =
    " FROM graph_nodes n LEFT JOIN graph_node_evidence v ON v.no = n.no";

std::optional<Date> date_at(const Stmt& s, int i) {
  if (s.is_null(i)) return std::nullopt;
  const auto text = s.bytes(i);  // parsed in place: no string made per date
  return Date::parse_iso({reinterpret_cast<const char*>(text.data()), text.size()});
}

// A nullable text column (an edge's scope).
std::optional<std::string> nullable_text(const Stmt& s, int i) {
  return s.is_null(i) ? std::nullopt : std::optional<std::string>(s.str(i));
}

// Evidence from the columns file, line, quote, page starting at `first`.
Evidence evidence_at(const Stmt& s, int first) {
  return {s.str(first), static_cast<int>(s.int64(first + 1)), s.str(first + 2),
          static_cast<int>(s.int64(first + 3))};
}

int line_number(const std::string& s) {
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') throw Failure{"stored graph: a damaged evidence line"};
    n = n * 10 + (c - '0');
  }
  return n;
}

Node named_node(const Stmt& s, int first);

// A node from kStatusColumns starting at column 0: its names, source and the
// document fields status() reads.
Node status_node(const Stmt& s) {
  Node n = named_node(s, 0);
  n.source = s.str(6);
  if (s.is_null(7)) return n;
  Document d;
  d.doc_no = n.doc_no;
  d.title = s.str(7);
  if (!s.is_null(8)) {
    std::string packed(reinterpret_cast<const char*>(s.bytes(8).data()), s.bytes(8).size());
    d.issuers = unpack(packed);
  }
  const std::int64_t kind = s.int64(9);
  if (kind < 0 || kind > static_cast<int>(Effective::Kind::kDate)) {
    throw Failure{"stored graph: a damaged effective kind"};
  }
  d.effective.kind = static_cast<Effective::Kind>(kind);
  if (d.effective.kind == Effective::Kind::kDate) {
    std::optional<Date> on = date_at(s, 10);
    if (!on) throw Failure{"stored graph: an effective date missing"};
    d.effective.date = *on;
  }
  d.signed_date = date_at(s, 11);
  d.printed_date = date_at(s, 12);
  d.expires = date_at(s, 13);
  if (!s.is_null(14)) d.expires_text = s.str(14);
  d.line_start = static_cast<int>(s.int64(15));
  if (!s.is_null(16)) {
    std::string packed(reinterpret_cast<const char*>(s.bytes(16).data()), s.bytes(16).size());
    std::vector<std::string> parts = unpack(packed);
    if (parts.size() % 3 != 0) throw Failure{"stored graph: damaged field evidence"};
    for (std::size_t i = 0; i < parts.size(); i += 3) {
      const std::string& at = parts[i + 1];
      const std::size_t p = std::min(at.find('p'), at.size());
      d.field_evidence.push_back({parts[i],
                                  {n.source, line_number(at.substr(0, p)), parts[i + 2],
                                   p < at.size() ? line_number(at.substr(p + 1)) : 0}});
    }
  }
  n.document = std::move(d);
  return n;
}

// A node from the columns id, external, doc_no, title, issuer, level
// starting at `first`: no document, aliases, source or mentions.
Node named_node(const Stmt& s, int first) {
  Node n;
  n.id = s.str(first);
  n.external = s.int64(first + 1) != 0;
  if (!s.is_null(first + 2)) n.doc_no = s.str(first + 2);
  n.title = s.str(first + 3);
  n.issuer = s.str(first + 4);
  const std::int64_t level = s.int64(first + 5);
  n.level = level >= 0 && level <= static_cast<int>(Level::kUnknown) ? static_cast<Level>(level)
                                                                     : Level::kUnknown;
  return n;
}

// status_node and named_node into a node kept from row to row: its
// strings and vectors keep their storage (a pass over 10^5 rows makes no
// allocation per row once they have grown). `parts` is scratch.
std::string_view text_at(const Stmt& s, int i) {
  auto b = s.bytes(i);
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

void named_node_into(const Stmt& s, int first, Node& n) {
  n.id.assign(text_at(s, first));
  n.external = s.int64(first + 1) != 0;
  if (s.is_null(first + 2)) {
    n.doc_no.reset();
  } else if (n.doc_no) {
    n.doc_no->assign(text_at(s, first + 2));
  } else {
    n.doc_no.emplace(text_at(s, first + 2));
  }
  n.title.assign(text_at(s, first + 3));
  n.issuer.assign(text_at(s, first + 4));
  const std::int64_t level = s.int64(first + 5);
  n.level = level >= 0 && level <= static_cast<int>(Level::kUnknown) ? static_cast<Level>(level)
                                                                     : Level::kUnknown;
}

void status_node_into(const Stmt& s, Node& n, std::vector<std::string>& parts) {
  named_node_into(s, 0, n);
  n.source.assign(text_at(s, 6));
  if (s.is_null(7)) {
    n.document.reset();
    return;
  }
  if (!n.document) n.document.emplace();
  Document& d = *n.document;
  d.doc_no = n.doc_no;
  d.title.assign(text_at(s, 7));
  if (!s.is_null(8)) {
    unpack_into(text_at(s, 8), d.issuers);
  } else {
    d.issuers.clear();
  }
  const std::int64_t kind = s.int64(9);
  if (kind < 0 || kind > static_cast<int>(Effective::Kind::kDate)) {
    throw Failure{"stored graph: a damaged effective kind"};
  }
  d.effective = Effective{};
  d.effective.kind = static_cast<Effective::Kind>(kind);
  if (d.effective.kind == Effective::Kind::kDate) {
    std::optional<Date> on = date_at(s, 10);
    if (!on) throw Failure{"stored graph: an effective date missing"};
    d.effective.date = *on;
  }
  d.signed_date = date_at(s, 11);
  d.printed_date = date_at(s, 12);
  d.expires = date_at(s, 13);
  if (s.is_null(14)) {
    d.expires_text.reset();
  } else if (d.expires_text) {
    d.expires_text->assign(text_at(s, 14));
  } else {
    d.expires_text.emplace(text_at(s, 14));
  }
  d.line_start = static_cast<int>(s.int64(15));
  if (s.is_null(16)) {
    d.field_evidence.clear();
    return;
  }
  unpack_into(text_at(s, 16), parts);
  if (parts.size() % 3 != 0) throw Failure{"stored graph: damaged field evidence"};
  d.field_evidence.resize(parts.size() / 3);
  for (std::size_t i = 0; i < parts.size(); i += 3) {
    const std::string& at = parts[i + 1];
    const std::size_t p = std::min(at.find('p'), at.size());
    Document::FieldEvidence& fe = d.field_evidence[i / 3];
    fe.field.assign(parts[i]);
    fe.evidence.file.assign(n.source);
    fe.evidence.line = line_number(at.substr(0, p));
    fe.evidence.quote.assign(parts[i + 2]);
    fe.evidence.page = p < at.size() ? line_number(at.substr(p + 1)) : 0;
  }
}

Json sourced_json(const Sourced& s) {
  Json j{{"document", s.document},
         {"file", s.evidence.file},
         {"line", s.evidence.line},
         {"quote", s.evidence.quote}};
  if (s.evidence.page > 0) j["page"] = s.evidence.page;
  return j;
}

Sourced sourced_from(const Json& j) {
  return {j.at("document").get<std::string>(),
          {j.at("file").get<std::string>(), j.at("line").get<int>(),
           j.at("quote").get<std::string>(), j.value("page", 0)}};
}

Finding finding_from(const Json& j) {
  Finding f;
  f.kind =
      parse_finding_kind(j.at("kind").get<std::string>()).value_or(FindingKind::kTitleConflict);
  f.subject = j.at("subject").get<std::string>();
  f.message = j.at("message").get<std::string>();
  for (const Json& e : j.at("evidence")) f.evidence.push_back(sourced_from(e));
  return f;
}

// Nodes by id and edges by (from, to, type), as from_parts takes them: node
// numbers are row ids, in id order only in a graph saved whole (an
// incremental update numbers new nodes after the largest).
void sort_parts(std::vector<Node>& nodes, std::vector<GraphEdge>& edges) {
  auto by_id = [](const Node& a, const Node& b) { return a.id < b.id; };
  if (!std::is_sorted(nodes.begin(), nodes.end(), by_id)) {
    std::vector<std::size_t> order(nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return nodes[a].id < nodes[b].id; });
    std::vector<std::size_t> where(nodes.size());
    std::vector<Node> sorted;
    sorted.reserve(nodes.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      where[order[k]] = k;
      sorted.push_back(std::move(nodes[order[k]]));
    }
    nodes = std::move(sorted);
    for (GraphEdge& e : edges) {
      e.from = where[e.from];
      e.to = where[e.to];
    }
  }
  auto by_ends = [](const GraphEdge& a, const GraphEdge& b) {
    return std::make_tuple(a.from, a.to, static_cast<int>(a.type)) <
           std::make_tuple(b.from, b.to, static_cast<int>(b.type));
  };
  if (!std::is_sorted(edges.begin(), edges.end(), by_ends)) {
    std::sort(edges.begin(), edges.end(), by_ends);
  }
}

std::vector<NodeNo> sorted_unique(std::vector<NodeNo> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Reads nodes (with mentions) and edges by number.
class Reader {
 public:
  explicit Reader(sqlite3* db)
      : node_(db,
              "SELECT n.id, n.external, b.body FROM graph_nodes n JOIN graph_bodies b "
              "ON b.no = n.no WHERE n.no = ?1"),
        named_(db, with_present_indexes(db,
                                        "SELECT id, external, doc_no, title, issuer, level "
                                        "FROM graph_nodes INDEXED BY graph_nodes_names "
                                        "WHERE no = ?1")
                       .c_str()),
        status_(db, with_present_indexes(db, std::string("SELECT ") + kStatusColumns + kStatusFrom +
                                                 " WHERE n.no = ?1")
                        .c_str()),
        mentions_(db,
                  "SELECT document, file, line, quote, page FROM graph_mentions WHERE node = ?1 "
                  "ORDER BY seq"),
        first_mention_(db,
                       "SELECT document, file, line, quote, page FROM graph_mentions "
                       "WHERE node = ?1 ORDER BY seq LIMIT 1"),
        last_seq_(db, "SELECT max(seq) FROM graph_mentions WHERE node = ?1"),
        out_(db, with_present_indexes(db,
                                      "SELECT no, dst, type, derived, date, file, line, quote, "
                                      "page, scope FROM graph_edges WHERE src = ?1")
                     .c_str()),
        sources_(db, "SELECT src FROM graph_edges WHERE dst = ?1 AND type IN (?2, ?3)") {}

  // Without its body: the status columns.
  Node with_status(NodeNo no) {
    status_.integer(1, no);
    if (!status_.step()) throw Failure{"stored graph: no node " + std::to_string(no)};
    Node n = status_node(status_);
    status_.reset();
    return n;
  }

  // Without its body: the name columns only.
  Node named(NodeNo no) {
    named_.integer(1, no);
    if (!named_.step()) throw Failure{"stored graph: no node " + std::to_string(no)};
    Node n = named_node(named_, 0);
    named_.reset();
    return n;
  }

  Node node(NodeNo no, bool with_mentions) {
    node_.integer(1, no);
    if (!node_.step()) throw Failure{"stored graph: no node " + std::to_string(no)};
    Node n = node_from(node_.str(0), node_.int64(1) != 0, cbor(node_, 2));
    node_.reset();
    if (with_mentions) mentions(no, n);
    return n;
  }

  // The mentions of `no`, into `n`.
  void mentions(NodeNo no, Node& n) {
    mentions_.integer(1, no);
    while (mentions_.step()) {
      n.mentions.push_back({mentions_.str(0), evidence_at(mentions_, 1)});
    }
    mentions_.reset();
  }

  // The first mention of `no` into `n`, the others counted (mentions_unread).
  // A node's mentions are numbered 0, 1, ... (save_graph and graph_update.cpp
  // write them whole), so the count is the last number + 1: one seek on the
  // key, however often a hub is cited.
  void first_mention(NodeNo no, Node& n) {
    first_mention_.integer(1, no);
    if (first_mention_.step()) {
      n.mentions.push_back({first_mention_.str(0), evidence_at(first_mention_, 1)});
    }
    first_mention_.reset();
    last_seq_.integer(1, no);
    if (last_seq_.step() && !last_seq_.is_null(0) && !n.mentions.empty()) {
      n.mentions_unread = static_cast<std::size_t>(last_seq_.int64(0));
    }
    last_seq_.reset();
  }

  // Nodes that repeal or amend `no`.
  std::vector<NodeNo> status_sources(NodeNo no) {
    std::vector<NodeNo> out;
    sources_.integer(1, no)
        .integer(2, static_cast<int>(RelationType::kRepeals))
        .integer(3, static_cast<int>(RelationType::kAmends));
    while (sources_.step()) out.push_back(sources_.int64(0));
    sources_.reset();
    return out;
  }

  struct StoredEdge {
    NodeNo no, from, to;
    GraphEdge edge;
  };
  // Edges out of `no`.
  void out_edges(NodeNo no, std::vector<StoredEdge>& into) {
    out_.integer(1, no);
    while (out_.step()) {
      GraphEdge e;
      e.type = static_cast<RelationType>(out_.int64(2));
      e.derived = out_.int64(3) != 0;
      if (!out_.is_null(4)) e.date = Date::parse_iso(out_.str(4));
      e.evidence = evidence_at(out_, 5);
      e.scope = nullable_text(out_, 9);
      into.push_back({out_.int64(0), no, out_.int64(1), std::move(e)});
    }
    out_.reset();
  }

 private:
  Stmt node_, named_, status_, mentions_, first_mention_, last_seq_, out_, sources_;
};

std::size_t node_count(sqlite3* db) {
  Stmt s(db, "SELECT coalesce(max(no) + 1, 0) FROM graph_nodes");
  s.step();
  return static_cast<std::size_t>(s.int64(0));
}

// `order` (ascending) by a lookup per node and per node's edges: for the few
// nodes of one document's question.
using Body = StoredGraph::Parts::Body;

void read_by_number(Reader& reader, const std::vector<NodeNo>& order, Body body, bool with_mentions,
                    std::vector<Node>& nodes, std::vector<GraphEdge>& edges) {
  std::unordered_map<NodeNo, std::size_t> index;
  index.reserve(order.size());
  nodes.reserve(order.size());
  std::vector<Reader::StoredEdge> stored;
  for (NodeNo no : order) {
    index.emplace(no, nodes.size());
    switch (body) {
      case Body::kFull: nodes.push_back(reader.node(no, with_mentions)); break;
      case Body::kStatus: nodes.push_back(reader.with_status(no)); break;
      case Body::kNames: nodes.push_back(reader.named(no)); break;
    }
  }
  for (NodeNo no : order) reader.out_edges(no, stored);
  std::erase_if(stored, [&](const Reader::StoredEdge& e) { return !index.count(e.to); });
  std::sort(stored.begin(), stored.end(), [](const auto& a, const auto& b) { return a.no < b.no; });
  edges.reserve(stored.size());
  for (auto& e : stored) {
    e.edge.from = index.at(e.from);
    e.edge.to = index.at(e.to);
    edges.push_back(std::move(e.edge));
  }
  sort_parts(nodes, edges);
}

// `order` (ascending) by one pass over each table: for a large part of the
// graph, where a lookup per node costs more than reading every row.
void read_scanning(sqlite3* db, const std::vector<NodeNo>& order, Body body, bool with_mentions,
                   std::vector<Node>& nodes, std::vector<GraphEdge>& edges) {
  const std::size_t total = node_count(db);
  constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(total, kAbsent);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] < 0 || static_cast<std::size_t>(order[i]) >= total) {
      throw Failure{"stored graph: no node " + std::to_string(order[i])};
    }
    index[static_cast<std::size_t>(order[i])] = i;
  }
  auto at = [&](std::int64_t no) {
    return no >= 0 && static_cast<std::size_t>(no) < total ? index[static_cast<std::size_t>(no)]
                                                           : kAbsent;
  };
  nodes.reserve(order.size());
  if (body == Body::kFull) {
    Stmt s(db,
           "SELECT n.no, n.id, n.external, b.body FROM graph_nodes n JOIN graph_bodies b "
           "ON b.no = n.no ORDER BY n.no");
    while (s.step()) {
      if (at(s.int64(0)) == kAbsent) continue;
      nodes.push_back(node_from(s.str(1), s.int64(2) != 0, cbor(s, 3)));
    }
  } else if (body == Body::kStatus) {
    Stmt s(db, with_present_indexes(db, std::string("SELECT ") + kStatusColumns + ", n.no" +
                                            kStatusFrom + " ORDER BY n.no")
                   .c_str());
    while (s.step()) {
      if (at(s.int64(17)) == kAbsent) continue;
      nodes.push_back(status_node(s));
    }
  } else {
    Stmt s(db,
           "SELECT no, id, external, doc_no, title, issuer, level FROM graph_nodes ORDER BY no");
    while (s.step()) {
      if (at(s.int64(0)) == kAbsent) continue;
      nodes.push_back(named_node(s, 1));
    }
  }
  if (nodes.size() != order.size()) throw Failure{"stored graph: a node is missing"};
  if (body == Body::kFull && with_mentions) {
    Stmt s(db,
           "SELECT node, document, file, line, quote, page FROM graph_mentions ORDER BY node, seq");
    while (s.step()) {
      std::size_t i = at(s.int64(0));
      if (i == kAbsent) continue;
      nodes[i].mentions.push_back({s.str(1), evidence_at(s, 2)});
    }
  }
  Stmt s(
      db,
      "SELECT src, dst, type, derived, date, file, line, quote, page, scope FROM graph_edges ORDER BY no");
  while (s.step()) {
    std::size_t from = at(s.int64(0)), to = at(s.int64(1));
    if (from == kAbsent || to == kAbsent) continue;
    GraphEdge e;
    e.from = from;
    e.to = to;
    e.type = static_cast<RelationType>(s.int64(2));
    e.derived = s.int64(3) != 0;
    if (!s.is_null(4)) e.date = Date::parse_iso(s.str(4));
    e.evidence = evidence_at(s, 5);
    e.scope = nullable_text(s, 9);
    edges.push_back(std::move(e));
  }
  sort_parts(nodes, edges);
}

// A repeals or amends edge as status() reads it: the day it counts from (the
// source's effective column, or the edge's own date when the source is
// external) and the edge's own date.
struct StatusEvent {
  NodeNo target = 0;
  bool repeal = false;
  std::optional<Date> from;
  std::optional<Date> dated;
  bool partial = false;  // the edge names a part (scope): 部分失效
};

// What a repeal or amendment by a node counts from: the node's effective
// column when it has a document (`published`), else the edge's own date.
// The one statement of that rule for every reader below.
std::optional<Date> counts_from_day(bool published, const std::optional<Date>& effective,
                                    const std::optional<Date>& edge_date) {
  return published ? effective : edge_date;
}

// counts_from_day of many sources at once. For the sources
// `wanted` (by number), in one pass over graph_nodes_status (a covering
// index: doc_effective is NULL exactly when doc_title is), where a join or a
// lookup per source read a wide row each (10^5 random reads at 10^6
// documents).
class CountsFrom {
 public:
  CountsFrom(sqlite3* db, const std::vector<char>& wanted) : state_(wanted.size(), kNoNode) {
    Stmt s(db, "SELECT no, doc_effective IS NOT NULL, effective FROM graph_nodes");
    while (s.step()) {
      const NodeNo no = s.int64(0);
      if (no < 0 || static_cast<std::size_t>(no) >= wanted.size()) continue;
      const auto k = static_cast<std::size_t>(no);
      if (!wanted[k]) continue;
      if (s.int64(1) == 0) {
        state_[k] = kByEdge;
      } else if (s.is_null(2)) {
        state_[k] = kNoDay;
      } else {
        state_[k] = static_cast<std::int32_t>(days_.size());
        days_.push_back(Date::parse_iso(s.str(2)));
      }
    }
  }
  // False for a number no node has (a join leaves its edges out).
  bool found(NodeNo no) const { return state(no) != kNoNode; }
  std::optional<Date> counts_from(NodeNo no, const std::optional<Date>& edge_date) const {
    const std::int32_t st = state(no);
    return counts_from_day(st != kByEdge,
                           st < 0 ? std::nullopt : days_[static_cast<std::size_t>(st)], edge_date);
  }

 private:
  static constexpr std::int32_t kNoNode = -1, kByEdge = -2, kNoDay = -3;
  std::int32_t state(NodeNo no) const {
    return no >= 0 && static_cast<std::size_t>(no) < state_.size()
               ? state_[static_cast<std::size_t>(no)]
               : kNoNode;
  }
  std::vector<std::int32_t> state_;  // kNoNode, kByEdge, kNoDay or a place in days_
  std::vector<std::optional<Date>> days_;
};

// Every repeals / amends edge (types 0 and 1, literally: SQLite uses a
// partial index only for the WHERE it was made with), by target, then by
// number: one pass over graph_edges_status, which covers what status reads
// of them (their evidence too), where the type index sought each edge's row.
static_assert(static_cast<int>(RelationType::kRepeals) == 0 &&
              static_cast<int>(RelationType::kAmends) == 1);
constexpr const char* kStatusEdgesSql =
    "SELECT dst, type, src, date, no, file, line, quote, page, scope FROM graph_edges "
    "INDEXED BY graph_edges_status WHERE type IN (0, 1)";

// Every repeals / amends edge, by target.
std::vector<StatusEvent> status_events(sqlite3* db) {
  // The edges in the order the join read them (the type index's), then the
  // day each counts from.
  Stmt s(db, with_present_indexes(db, kStatusEdgesSql).c_str());
  std::vector<StatusEvent> out;
  std::vector<NodeNo> src;
  std::size_t bound = 0;
  while (s.step()) {
    out.push_back({s.int64(0), static_cast<RelationType>(s.int64(1)) == RelationType::kRepeals,
                   std::nullopt, date_at(s, 3), !s.is_null(9)});
    src.push_back(s.int64(2));
    if (src.back() >= 0) bound = std::max(bound, static_cast<std::size_t>(src.back()) + 1);
  }
  std::vector<char> wanted(bound, 0);
  for (NodeNo no : src) {
    if (no >= 0) wanted[static_cast<std::size_t>(no)] = 1;
  }
  const CountsFrom counts(db, wanted);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!counts.found(src[i])) continue;
    out[i].from = counts.counts_from(src[i], out[i].dated);
    if (kept != i) out[kept] = out[i];
    ++kept;
  }
  out.resize(kept);
  std::stable_sort(out.begin(), out.end(),
                   [](const StatusEvent& a, const StatusEvent& b) { return a.target < b.target; });
  return out;
}

// The columns of one node status() reads.
struct StatusFacts {
  bool published = false;
  std::optional<Date> expires, effective, signed_date;
};

// Reads StatusFacts from columns first.. (doc_title IS NULL, expires,
// effective, signed).
StatusFacts facts_from(const Stmt& s, int first) {
  return {s.int64(first) == 0, date_at(s, first + 1), date_at(s, first + 2), date_at(s, first + 3)};
}

// CorpusGraph::status's decision, from the facts and the node's events
// [begin, end); the same order of tests.
StatusKind kind_on(const StatusFacts& f, const StatusEvent* begin, const StatusEvent* end,
                   Date as_of) {
  std::optional<Date> repeal_from, amend_from, partial_from;
  for (const StatusEvent* e = begin; e != end; ++e) {
    if (!e->from || *e->from > as_of) continue;
    if (e->partial) {
      partial_from = e->from;
    } else if (e->repeal) {
      if (!repeal_from || *e->from < *repeal_from) repeal_from = e->from;
    } else if (!amend_from || *e->from > *amend_from) {
      amend_from = e->from;
    }
  }
  std::optional<Date> expired_from;
  if (f.expires) {
    Date day_after = f.expires->plus_days(1);
    if (day_after <= as_of) expired_from = day_after;
  }
  if (f.published && f.effective && as_of < *f.effective) {
    bool older_text_applies = false;
    if (f.signed_date && *f.signed_date <= as_of) {
      for (const StatusEvent* e = begin; e != end; ++e) {
        if (!e->repeal && e->dated && *e->dated <= *f.effective) older_text_applies = true;
      }
    }
    if (!older_text_applies) return StatusKind::kNotYetEffective;
  }
  if (repeal_from && (!expired_from || *repeal_from <= *expired_from)) {
    return StatusKind::kRepealed;
  }
  if (expired_from) return StatusKind::kExpired;
  if (!f.published) return StatusKind::kUnknown;
  if (partial_from) return StatusKind::kPartlyRepealed;
  return amend_from ? StatusKind::kAmended : StatusKind::kInForce;
}

// The events of `node` in `events` (sorted by target).
std::pair<const StatusEvent*, const StatusEvent*> events_of(const std::vector<StatusEvent>& events,
                                                            NodeNo node) {
  auto range = std::equal_range(
      events.begin(), events.end(), StatusEvent{node},
      [](const StatusEvent& a, const StatusEvent& b) { return a.target < b.target; });
  return {events.data() + (range.first - events.begin()),
          events.data() + (range.second - events.begin())};
}

bool is_fallen(StatusKind k) { return k == StatusKind::kRepealed || k == StatusKind::kExpired; }

constexpr const char* kFactsSql =
    "SELECT doc_title IS NULL, expires, effective, signed FROM graph_nodes WHERE no = ?1";

// Every node reachable from `start` over edges of `types` (empty: all),
// forward or backward, start included: the edge rows of those types read
// once, ids only, and walked in memory.
std::vector<NodeNo> reach_in_memory(sqlite3* db, const std::vector<NodeNo>& start,
                                    const std::set<RelationType>& types, bool forward) {
  const std::size_t total = node_count(db);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;  // (from, to) in walk direction
  auto take = [&](Stmt& s) {
    while (s.step()) {
      if (!types.empty() && !types.count(static_cast<RelationType>(s.int64(2)))) continue;
      NodeNo a = s.int64(0), b = s.int64(1);
      if (a < 0 || b < 0 || static_cast<std::size_t>(a) >= total ||
          static_cast<std::size_t>(b) >= total) {
        throw Failure{"stored graph: an edge to no node"};
      }
      if (!forward) std::swap(a, b);
      arcs.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
    }
  };
  // One pass in table order, the types picked here: through the type index,
  // each row would be a seek into the table (3x slower at 100k documents).
  Stmt s(db, "SELECT src, dst, type FROM graph_edges");
  take(s);
  // Compressed adjacency: arcs of node v are next[first[v] .. first[v + 1]).
  std::vector<std::uint32_t> first(total + 1, 0), next(arcs.size());
  for (const auto& a : arcs) ++first[a.first + 1];
  for (std::size_t v = 0; v < total; ++v) first[v + 1] += first[v];
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (const auto& a : arcs) next[fill[a.first]++] = a.second;
  }
  std::vector<char> seen(total, 0);
  std::vector<std::uint32_t> queue;
  for (NodeNo v : start) {
    if (v < 0 || static_cast<std::size_t>(v) >= total) continue;
    if (!seen[static_cast<std::size_t>(v)]) {
      seen[static_cast<std::size_t>(v)] = 1;
      queue.push_back(static_cast<std::uint32_t>(v));
    }
  }
  for (std::size_t h = 0; h < queue.size(); ++h) {
    for (std::uint32_t k = first[queue[h]]; k < first[queue[h] + 1]; ++k) {
      if (!seen[next[k]]) {
        seen[next[k]] = 1;
        queue.push_back(next[k]);
      }
    }
  }
  return sorted_unique(std::vector<NodeNo>(queue.begin(), queue.end()));
}

}  // namespace

std::string_view to_string(GraphState s) {
  switch (s) {
    case GraphState::kMissing: return "missing";
    case GraphState::kStale: return "stale";
    case GraphState::kCurrent: return "current";
  }
  return "missing";
}

Result<bool> prepare_graph_tables(Store& store) {
  return guarded(store, [&] {
    exec(store.db_handle(), kMetaSql);
    return true;
  });
}

Result<std::int64_t> files_generation(const Store& store) {
  return guarded(store, [&]() -> std::int64_t {
    sqlite3* db = store.db_handle();
    if (!has_table(db, "graph_meta")) return 0;
    return meta_value(db, "files_generation").value_or(0);
  });
}

namespace graph_rows {

NodeWriter::NodeWriter(sqlite3* db)
    : node_(db,
            "INSERT INTO graph_nodes(no, id, external, expires, effective, signed, doc_no, "
            "title, issuer, level, source, doc_title, doc_issuers, doc_effective, doc_printed, "
            "doc_expires_text, doc_line_start) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
            "?17)"),
      evidence_(db, "INSERT INTO graph_node_evidence(no, evidence) VALUES(?1, ?2)"),
      keys_(db, "INSERT INTO graph_node_keys(no, folded, issuer_keys) VALUES(?1, ?2, ?3)"),
      body_(db, "INSERT INTO graph_bodies(no, body) VALUES(?1, ?2)"),
      mention_(db,
               "INSERT INTO graph_mentions(node, seq, document, file, line, quote, type, "
               "derived, title, date, page) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
      title_key_(db, "INSERT INTO graph_title_keys(key, node_id) VALUES(?1, ?2)") {}

std::vector<std::string> title_node_keys(const std::string& title) {
  std::string key = fold_title(title);
  std::string bare(without_state_name(key));
  if (bare == key) return {key};
  return {key, bare};
}

// Every value of a node's rows that takes work to make (dates, packed
// columns, folded names, the CBOR body); the rest is bound from the node.
struct NodeWriter::Row {
  std::optional<std::string> expires, effective, signed_date;
  DocColumns doc;
  std::string folded, issuer_keys;
  std::vector<std::uint8_t> body;
};

NodeWriter::Row NodeWriter::make_row(const Node& n) {
  const Document* d = n.document ? &*n.document : nullptr;
  Row r;
  r.expires = iso(d ? d->expires : std::nullopt);
  r.effective = iso(effective_date(n));
  r.signed_date = iso(d ? d->signed_date : std::nullopt);
  r.doc = doc_columns(n);
  r.folded = folded_names(n);
  r.issuer_keys = issuer_keys(n);
  r.body = Json::to_cbor(node_body(n));
  return r;
}

void NodeWriter::write(std::int64_t no, const Node& n, const std::vector<MentionRef>* refs) {
  write_row(no, n, make_row(n), refs);
}

void NodeWriter::write_all(const std::vector<Node>& nodes,
                           const std::vector<std::vector<MentionRef>>* refs) {
  auto refs_of = [refs](std::size_t i) { return refs && i < refs->size() ? &(*refs)[i] : nullptr; };
  constexpr std::size_t kChunk = 256;
  const std::size_t chunks = (nodes.size() + kChunk - 1) / kChunk;
  const unsigned makers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  if (chunks < 4) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      write(static_cast<std::int64_t>(i), nodes[i], refs_of(i));
    }
    return;
  }
  // Chunks of rows, made by `makers` threads at most `window` chunks ahead
  // of the inserts, taken here in order.
  const std::size_t window = 4 * static_cast<std::size_t>(makers);
  std::mutex mutex;
  std::condition_variable made_cv, room_cv;
  std::vector<std::vector<Row>> slots(chunks);
  std::vector<char> ready(chunks, 0);
  std::size_t next = 0, consumed = 0;
  bool stop = false;
  std::exception_ptr error;
  auto make = [&] {
    for (;;) {
      std::size_t k = 0;
      {
        std::unique_lock lock(mutex);
        room_cv.wait(lock, [&] { return stop || next >= chunks || next < consumed + window; });
        if (stop || next >= chunks) return;
        k = next++;
      }
      std::vector<Row> rows;
      try {
        const std::size_t end = std::min(nodes.size(), (k + 1) * kChunk);
        rows.reserve(end - k * kChunk);
        for (std::size_t i = k * kChunk; i < end; ++i) rows.push_back(make_row(nodes[i]));
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
        made_cv.notify_all();
        room_cv.notify_all();
        return;
      }
      std::lock_guard lock(mutex);
      slots[k] = std::move(rows);
      ready[k] = 1;
      made_cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  // Declared after the threads, so run first on every way out (a failed
  // insert throws): the makers are told to stop, then joined.
  struct Joiner {
    std::vector<std::thread>& threads;
    std::mutex& mutex;
    std::condition_variable& room_cv;
    bool& stop;
    ~Joiner() {
      {
        std::lock_guard lock(mutex);
        stop = true;
      }
      room_cv.notify_all();
      for (std::thread& t : threads) t.join();
    }
  } joiner{threads, mutex, room_cv, stop};
  for (unsigned t = 0; t < makers; ++t) threads.emplace_back(make);
  for (std::size_t k = 0; k < chunks; ++k) {
    std::vector<Row> rows;
    {
      std::unique_lock lock(mutex);
      made_cv.wait(lock, [&] { return ready[k] || error; });
      if (!ready[k]) std::rethrow_exception(error);
      rows = std::move(slots[k]);
      ++consumed;
    }
    room_cv.notify_all();
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const std::size_t i = k * kChunk + j;
      write_row(static_cast<std::int64_t>(i), nodes[i], rows[j], refs_of(i));
    }
  }
}

void NodeWriter::write_row(std::int64_t no, const Node& n, const Row& row,
                           const std::vector<MentionRef>* refs) {
  // Every value is bound without a copy (text_ref, blob_ref): the node and
  // its row outlive each statement's run().
  const DocColumns& doc = row.doc;
  node_.integer(1, no)
      .text_ref(2, n.id)
      .integer(3, n.external ? 1 : 0)
      .text_ref(4, row.expires)
      .text_ref(5, row.effective)
      .text_ref(6, row.signed_date)
      .text_ref(7, n.doc_no)
      .text_ref(8, n.title)
      .text_ref(9, n.issuer)
      .integer(10, static_cast<int>(n.level))
      .text_ref(11, n.source)
      .text_ref(12, doc.title);
  if (doc.issuers) {
    node_.blob_ref(13, *doc.issuers);
  } else {
    node_.null(13);
  }
  node_.integer(14, doc.effective_kind)
      .text_ref(15, doc.printed)
      .text_ref(16, doc.expires_text)
      .integer(17, doc.line_start)
      .run();
  // A document without field evidence has no row (read as NULL, as the
  // empty list: a blob of no bytes binds as NULL).
  if (doc.evidence && !doc.evidence->empty()) {
    evidence_.integer(1, no).blob_ref(2, *doc.evidence).run();
  }
  keys_.integer(1, no).text_ref(2, row.folded).text_ref(3, row.issuer_keys).run();
  body_.integer(1, no).blob_ref(2, row.body).run();
  if (!n.doc_no) {
    for (const std::string& k : title_node_keys(n.title)) {
      title_key_.text_ref(1, k).text_ref(2, n.id).run();
    }
  }
  for (std::size_t m = 0; m < n.mentions.size(); ++m) {
    const Sourced& s = n.mentions[m];
    mention_.integer(1, no)
        .integer(2, static_cast<std::int64_t>(m))
        .text_ref(3, s.document)
        .text_ref(4, s.evidence.file)
        .integer(5, s.evidence.line)
        .text_ref(6, s.evidence.quote)
        .integer(11, s.evidence.page);
    std::optional<std::string> date;
    if (refs && m < refs->size()) {
      const MentionRef& r = (*refs)[m];
      if (r.date) date = r.date->to_iso();
      mention_.integer(7, static_cast<int>(r.type))
          .integer(8, r.derived ? 1 : 0)
          .text_ref(9, r.title)
          .text_ref(10, date);
    } else {
      mention_.null(7).null(8).null(9).null(10);
    }
    mention_.run();
  }
}

StatusNodeReader::StatusNodeReader(sqlite3* db)
    : s_(db, with_present_indexes(
                 db, std::string("SELECT ") + kStatusColumns + kStatusFrom + " WHERE n.id = ?1")
                 .c_str()) {}

std::optional<Node> StatusNodeReader::read(const std::string& id) {
  s_.text(1, id);
  std::optional<Node> n;
  if (s_.step()) n = status_node(s_);
  s_.reset();
  return n;
}

Node node_from_row(std::string id, bool external, const Json& body) {
  return node_from(std::move(id), external, body);
}

Json finding_body(const Finding& f) {
  Json ev = Json::array();
  for (const Sourced& s : f.evidence) ev.push_back(sourced_json(s));
  return Json{{"kind", std::string(to_string(f.kind))},
              {"subject", f.subject},
              {"message", f.message},
              {"evidence", ev}};
}

Finding finding_from_body(const Json& body) { return finding_from(body); }

Json cbor_column(const Stmt& s, int i) { return cbor(s, i); }

void write_file_keys(sqlite3* db, const std::vector<FileKeys>& files) {
  Stmt key(db, "INSERT INTO graph_file_keys(key, role, file) VALUES(?1, ?2, ?3)");
  for (const FileKeys& f : files) {
    for (const auto& [role, k] : f.rows) {
      key.text_ref(1, k).integer(2, role).text_ref(3, f.file).run();
    }
  }
}

}  // namespace graph_rows

Result<bool> save_graph(Store& store, const CorpusGraph& g, std::int64_t generation,
                        const GraphExtras& extras) {
  return guarded(store, [&] {
    sqlite3* db = store.db_handle();
    exec(db, "BEGIN IMMEDIATE");
    try {
      exec(db, kMetaSql);
      exec(db, kGraphSql);
      graph_rows::NodeWriter writer(db);
      writer.write_all(g.nodes(), extras.mention_refs);
      Stmt edge(db,
                "INSERT INTO graph_edges(no, src, dst, type, derived, date, file, line, quote, "
                "page, scope) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
      for (std::size_t i = 0; i < g.edges().size(); ++i) {
        const GraphEdge& e = g.edges()[i];
        const std::optional<std::string> date = iso(e.date);
        edge.integer(1, static_cast<std::int64_t>(i))
            .integer(2, static_cast<std::int64_t>(e.from))
            .integer(3, static_cast<std::int64_t>(e.to))
            .integer(4, static_cast<int>(e.type))
            .integer(5, e.derived ? 1 : 0)
            .text_ref(6, date)
            .text_ref(7, e.evidence.file)
            .integer(8, e.evidence.line)
            .text_ref(9, e.evidence.quote)
            .integer(10, e.evidence.page)
            .text_ref(11, e.scope)
            .run();
      }
      // In key order: each row goes at the end of the table's b-tree.
      std::vector<const TitleIndex::value_type*> titles;
      titles.reserve(g.title_index().size());
      for (const auto& entry : g.title_index()) titles.push_back(&entry);
      std::sort(titles.begin(), titles.end(),
                [](const auto* a, const auto* b) { return a->first < b->first; });
      Stmt title(db, "INSERT INTO graph_titles(key, seq, node_id) VALUES(?1, ?2, ?3)");
      for (const auto* entry : titles) {
        const std::vector<std::string>& ids = entry->second;
        for (std::size_t k = 0; k < ids.size(); ++k) {
          title.text_ref(1, entry->first)
              .integer(2, static_cast<std::int64_t>(k))
              .text_ref(3, ids[k]);
          title.run();
        }
      }
      Stmt finding(db, "INSERT INTO graph_findings(seq, subject, body) VALUES(?1, ?2, ?3)");
      for (std::size_t i = 0; i < g.findings().size(); ++i) {
        const Finding& f = g.findings()[i];
        finding.integer(1, static_cast<std::int64_t>(i)).text(2, f.subject);
        finding.blob(3, Json::to_cbor(graph_rows::finding_body(f)));
        finding.run();
      }
      if (extras.file_keys) graph_rows::write_file_keys(db, *extras.file_keys);
      // The dirty list is exact from here on only when the graph is of the
      // files as they are now and says what an update needs.
      const bool exact = extras.mention_refs && extras.file_keys &&
                         meta_value(db, "files_generation") == generation;
      exec(db, "DELETE FROM graph_dirty");
      // The index sorts are the longest step after the inserts: SQLite's
      // sorter may use helper threads for them (0, its default, sorts on
      // this thread alone), though not with temporary files in memory.
      // temp_store cannot change inside a transaction once the connection
      // has used temporary storage (an integrity_check or a sort before):
      // then the sorts stay where they were, which is only slower.
      exec(db, "PRAGMA threads = 2");
      sqlite3_exec(db, "PRAGMA temp_store = FILE", nullptr, nullptr, nullptr);
      exec(db, kGraphIndexSql);
      sqlite3_exec(db, "PRAGMA temp_store = MEMORY", nullptr, nullptr, nullptr);
      Stmt meta(db, "INSERT OR REPLACE INTO graph_meta(key, value) VALUES(?1, ?2)");
      meta.text(1, "built_generation").integer(2, generation).run();
      meta.text(1, "format").integer(2, kGraphStoreFormat).run();
      meta.text(1, "updatable").integer(2, exact ? 1 : 0).run();
      // Node numbers are the graph's indices, in id order (the order of
      // SQLite's BINARY collation, as std::string's): said with the
      // generation built, which an update in place moves on (and which
      // drops the key as well), so that an older policygraph's update
      // leaves it stale too.
      exec(db, "DELETE FROM graph_meta WHERE key = 'numbered_by_id'");
      if (std::is_sorted(g.nodes().begin(), g.nodes().end(),
                         [](const Node& a, const Node& b) { return a.id < b.id; })) {
        meta.text(1, "numbered_by_id").integer(2, generation).run();
      }
      exec(db, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    return true;
  });
}

Result<GraphState> graph_state(const Store& store) {
  return guarded(store, [&] {
    sqlite3* db = store.db_handle();
    if (!has_table(db, "graph_meta") || !has_table(db, "graph_nodes")) return GraphState::kMissing;
    auto built = meta_value(db, "built_generation");
    if (!built) return GraphState::kMissing;
    Stmt triggers(db,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                  "('graph_files_inserted', 'graph_files_updated', 'graph_files_deleted')");
    triggers.step();
    // Without the triggers (a files table made again) changes go uncounted.
    if (triggers.int64(0) != 3) return GraphState::kStale;
    if (meta_value(db, "format") != kGraphStoreFormat) return GraphState::kStale;
    return meta_value(db, "files_generation") == built ? GraphState::kCurrent : GraphState::kStale;
  });
}

Result<std::vector<NodeNo>> StoredGraph::nodes_with_ids(const std::vector<std::string>& ids) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT no FROM graph_nodes WHERE id = ?1");
    std::vector<NodeNo> out;
    for (const std::string& id : ids) {
      s.text(1, id);
      if (s.step()) out.push_back(s.int64(0));
      s.reset();
    }
    return sorted_unique(std::move(out));
  });
}

Result<TitleIndex> StoredGraph::titles(const std::vector<std::string>& keys) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT node_id FROM graph_titles WHERE key = ?1 ORDER BY seq");
    TitleIndex out;
    for (const std::string& key : keys) {
      if (out.count(key)) continue;
      s.text(1, key);
      std::vector<std::string> ids;
      while (s.step()) ids.push_back(s.str(0));
      s.reset();
      if (!ids.empty()) out.emplace(key, std::move(ids));
    }
    return out;
  });
}

Result<std::vector<NodeNo>> StoredGraph::nodes_containing(
    const std::string& folded_fragment) const {
  return guarded(*store_, [&] {
    std::vector<NodeNo> out;
    if (folded_fragment.empty()) return out;
    Stmt s(store_->db_handle(),
           with_present_indexes(store_->db_handle(),
                                "SELECT no FROM graph_node_keys WHERE instr(folded, ?1) > 0")
               .c_str());
    s.text(1, folded_fragment);
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::neighbours(const std::vector<NodeNo>& nodes) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Stmt out_s(db, "SELECT dst FROM graph_edges WHERE src = ?1");
    Stmt in_s(db, "SELECT src FROM graph_edges WHERE dst = ?1");
    std::vector<NodeNo> out;
    for (NodeNo n : nodes) {
      for (Stmt* s : {&out_s, &in_s}) {
        s->integer(1, n);
        while (s->step()) out.push_back(s->int64(0));
        s->reset();
      }
    }
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::reach(const std::vector<NodeNo>& start,
                                               const std::set<RelationType>& types,
                                               Direction direction, int depth) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Stmt forward(db, "SELECT dst, type FROM graph_edges WHERE src = ?1");
    Stmt backward(db, "SELECT src, type FROM graph_edges WHERE dst = ?1");
    std::vector<Stmt*> steps;
    if (direction != Direction::kBackward) steps.push_back(&forward);
    if (direction != Direction::kForward) steps.push_back(&backward);
    std::unordered_map<NodeNo, int> seen;
    std::deque<NodeNo> queue;
    for (NodeNo n : start) {
      if (seen.emplace(n, 0).second) queue.push_back(n);
    }
    while (!queue.empty()) {
      NodeNo v = queue.front();
      queue.pop_front();
      int d = seen[v];
      if (depth >= 0 && d >= depth) continue;
      for (Stmt* s : steps) {
        s->integer(1, v);
        while (s->step()) {
          NodeNo w = s->int64(0);
          if (!types.empty() && !types.count(static_cast<RelationType>(s->int64(1)))) continue;
          if (seen.emplace(w, d + 1).second) queue.push_back(w);
        }
        s->reset();
      }
    }
    std::vector<NodeNo> out;
    out.reserve(seen.size());
    for (const auto& [n, d] : seen) out.push_back(n);
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::targets_of(RelationType type) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT DISTINCT dst FROM graph_edges WHERE type = ?1");
    s.integer(1, static_cast<int>(type));
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::expiring_between(std::optional<Date> first,
                                                          std::optional<Date> last) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT no FROM graph_nodes WHERE expires IS NOT NULL AND expires >= ?1 AND "
           "expires <= ?2");
    // ISO dates compare as text; the bounds cover every stored year.
    s.text(1, first ? first->to_iso() : std::string("0000-00-00"));
    s.text(2, last ? last->to_iso() : std::string("9999-99-99"));
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::cited_external() const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT n.no, e.src FROM graph_nodes n JOIN graph_edges e ON e.dst = n.no "
           "WHERE n.external = 1");
    std::vector<NodeNo> out;
    while (s.step()) {
      out.push_back(s.int64(0));
      out.push_back(s.int64(1));
    }
    return sorted_unique(std::move(out));
  });
}

Result<std::optional<NodeNo>> StoredGraph::node_with_issuer(const std::string& issuer) const {
  return guarded(*store_, [&]() -> std::optional<NodeNo> {
    if (issuer.empty() || issuer.find('\n') != std::string::npos) return std::nullopt;
    Stmt s(
        store_->db_handle(),
        with_present_indexes(
            store_->db_handle(),
            "SELECT no FROM graph_node_keys WHERE instr(issuer_keys, ?1) > 0 ORDER BY no LIMIT 1")
            .c_str());
    s.text(1, "\n" + issuer + "\n");
    if (!s.step()) return std::nullopt;
    return s.int64(0);
  });
}

Result<std::vector<NodeNo>> StoredGraph::finding_subjects() const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT n.no FROM graph_findings f JOIN graph_nodes n ON n.id = f.subject");
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::all_nodes() const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT no FROM graph_nodes ORDER BY no");
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return out;
  });
}

Result<std::vector<StatusKind>> StoredGraph::status_kinds(const std::vector<NodeNo>& nodes,
                                                          Date as_of) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    const std::vector<StatusEvent> events = status_events(db);
    Stmt facts(db, kFactsSql);
    std::vector<StatusKind> out;
    out.reserve(nodes.size());
    for (NodeNo no : nodes) {
      facts.integer(1, no);
      if (!facts.step()) throw Failure{"stored graph: no node " + std::to_string(no)};
      auto [begin, end] = events_of(events, no);
      out.push_back(kind_on(facts_from(facts, 0), begin, end, as_of));
      facts.reset();
    }
    return out;
  });
}

Result<std::vector<NodeNo>> StoredGraph::fallen_on(Date as_of) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    const std::vector<StatusEvent> events = status_events(db);
    std::vector<NodeNo> out;
    std::unordered_set<NodeNo> done;
    // Expired candidates: the expiry index, up to the day before as_of.
    Stmt expired(db,
                 "SELECT no, doc_title IS NULL, expires, effective, signed FROM graph_nodes "
                 "WHERE expires IS NOT NULL AND expires < ?1");
    expired.text(1, as_of.to_iso());
    while (expired.step()) {
      NodeNo no = expired.int64(0);
      done.insert(no);
      auto [begin, end] = events_of(events, no);
      if (is_fallen(kind_on(facts_from(expired, 1), begin, end, as_of))) out.push_back(no);
    }
    // Repealed candidates: targets of a repeal that counts by as_of.
    Stmt facts(db, kFactsSql);
    for (const StatusEvent& e : events) {
      if (!e.repeal || !e.from || *e.from > as_of || !done.insert(e.target).second) continue;
      facts.integer(1, e.target);
      if (!facts.step()) throw Failure{"stored graph: no node " + std::to_string(e.target)};
      auto [begin, end] = events_of(events, e.target);
      if (is_fallen(kind_on(facts_from(facts, 0), begin, end, as_of))) out.push_back(e.target);
      facts.reset();
    }
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::reach_all(const std::vector<NodeNo>& start,
                                                   const std::set<RelationType>& types,
                                                   Direction direction) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    if (direction == Direction::kBoth) {
      throw Failure{"stored graph: reach_all walks one direction"};
    }
    return reach_in_memory(db, start, types, direction == Direction::kForward);
  });
}

StoredGraph::Snapshot::Snapshot(const StoredGraph& graph) {
  sqlite3* db = graph.store_->db_handle();
  if (sqlite3_get_autocommit(db) == 0) return;
  // A deferred BEGIN takes the read lock at the first read, and holds it.
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK) db_ = db;
}

StoredGraph::Snapshot::~Snapshot() {
  if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<std::vector<NodeNo>> StoredGraph::nodes_by_id(
    const std::function<void(std::string_view id)>& each) const {
  return guarded(*store_, [&] {
    // The UNIQUE index on id holds (id, no): a covering scan in id order;
    // the ids read only when asked for.
    Stmt s(store_->db_handle(), each ? "SELECT no, id FROM graph_nodes ORDER BY id"
                                     : "SELECT no FROM graph_nodes ORDER BY id");
    std::vector<NodeNo> out;
    while (s.step()) {
      out.push_back(s.int64(0));
      if (each) each(s.str(1));
    }
    return out;
  });
}

Result<bool> StoredGraph::numbered_by_id() const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    const std::optional<std::int64_t> at = meta_value(db, "numbered_by_id");
    return at.has_value() && at == meta_value(db, "built_generation");
  });
}

Result<bool> StoredGraph::scan_status_nodes(
    Date as_of, const std::function<void(NodeNo, const Node&, StatusKind)>& visit) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    const std::vector<StatusEvent> events = status_events(db);
    // kStatusColumns, then no and the facts status_kinds reads.
    Stmt s(db, with_present_indexes(db, std::string("SELECT ") + kStatusColumns +
                                            ", n.no, n.doc_title IS NULL, n.expires, "
                                            "n.effective, n.signed" +
                                            kStatusFrom + " ORDER BY n.no")
                   .c_str());
    while (s.step()) {
      const NodeNo no = s.int64(17);
      const Node n = status_node(s);
      auto [begin, end] = events_of(events, no);
      visit(no, n, kind_on(facts_from(s, 18), begin, end, as_of));
    }
    return true;
  });
}

Result<std::vector<std::pair<NodeNo, NodeNo>>> StoredGraph::external_references() const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT e.src, n.no FROM graph_nodes n JOIN graph_edges e ON e.dst = n.no "
           "WHERE n.external = 1");
    std::vector<std::pair<NodeNo, NodeNo>> out;
    while (s.step()) out.emplace_back(s.int64(0), s.int64(1));
    return out;
  });
}

Result<std::vector<std::pair<NodeNo, std::size_t>>> StoredGraph::out_edge_counts(
    RelationType type) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT src, count(*) FROM graph_edges WHERE type = ?1 GROUP BY src ORDER BY src");
    s.integer(1, static_cast<int>(type));
    std::vector<std::pair<NodeNo, std::size_t>> out;
    while (s.step()) out.emplace_back(s.int64(0), static_cast<std::size_t>(s.int64(1)));
    return out;
  });
}

Result<std::optional<std::vector<NodeNo>>> StoredGraph::reach_at_most(
    const std::vector<NodeNo>& start, const std::set<RelationType>& types, Direction direction,
    int depth, std::size_t limit) const {
  return guarded(*store_, [&]() -> std::optional<std::vector<NodeNo>> {
    sqlite3* db = store_->db_handle();
    Stmt forward(db, "SELECT dst, type FROM graph_edges WHERE src = ?1");
    Stmt backward(db, "SELECT src, type FROM graph_edges WHERE dst = ?1");
    std::vector<Stmt*> steps;
    if (direction != Direction::kBackward) steps.push_back(&forward);
    if (direction != Direction::kForward) steps.push_back(&backward);
    std::unordered_map<NodeNo, int> seen;
    std::deque<NodeNo> queue;
    for (NodeNo n : start) {
      if (seen.emplace(n, 0).second) queue.push_back(n);
    }
    if (seen.size() > limit) return std::nullopt;
    while (!queue.empty()) {
      NodeNo v = queue.front();
      queue.pop_front();
      int d = seen[v];
      if (depth >= 0 && d >= depth) continue;
      for (Stmt* s : steps) {
        s->integer(1, v);
        bool over = false;
        while (!over && s->step()) {
          NodeNo w = s->int64(0);
          if (!types.empty() && !types.count(static_cast<RelationType>(s->int64(1)))) continue;
          if (seen.emplace(w, d + 1).second) queue.push_back(w);
          over = seen.size() > limit;
        }
        s->reset();
        if (over) return std::nullopt;
      }
    }
    std::vector<NodeNo> out;
    out.reserve(seen.size());
    for (const auto& [n, d] : seen) out.push_back(n);
    return sorted_unique(std::move(out));
  });
}

Result<CorpusGraph> StoredGraph::subgraph(const std::vector<NodeNo>& nodes, TitleIndex titles,
                                          bool with_findings) const {
  Parts parts;
  parts.findings = with_findings;
  return subgraph(nodes, std::move(titles), parts);
}

Result<CorpusGraph> StoredGraph::subgraph(const std::vector<NodeNo>& nodes, TitleIndex titles,
                                          Parts parts) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Reader reader(db);
    std::vector<NodeNo> order;
    const bool large = nodes.size() * 8 > node_count(db);
    if (!parts.status_sources) {
      order = sorted_unique(nodes);
    } else if (large) {
      // What repeals or amends each, transitively: one pass over those edges.
      order = reach_in_memory(db, nodes, {RelationType::kRepeals, RelationType::kAmends}, false);
    } else {
      // The nodes, and what repeals or amends each, transitively.
      std::unordered_set<NodeNo> chosen(nodes.begin(), nodes.end());
      std::vector<NodeNo> work(chosen.begin(), chosen.end());
      while (!work.empty()) {
        NodeNo v = work.back();
        work.pop_back();
        for (NodeNo s : reader.status_sources(v)) {
          if (chosen.insert(s).second) work.push_back(s);
        }
      }
      order.assign(chosen.begin(), chosen.end());
      std::sort(order.begin(), order.end());
    }
    std::vector<Node> out_nodes;
    std::vector<GraphEdge> out_edges;
    if (order.size() * 8 > node_count(db)) {
      read_scanning(db, order, parts.body, parts.mentions, out_nodes, out_edges);
    } else {
      read_by_number(reader, order, parts.body, parts.mentions, out_nodes, out_edges);
    }
    std::vector<Finding> findings;
    if (parts.findings) {
      Stmt s(db, "SELECT body FROM graph_findings ORDER BY seq");
      while (s.step()) findings.push_back(finding_from(cbor(s, 0)));
    }
    return CorpusGraph::from_parts(std::move(out_nodes), std::move(out_edges), std::move(findings),
                                   std::move(titles));
  });
}

Result<CorpusGraph> StoredGraph::point_graph(const PointNodes& read, TitleIndex titles) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Reader reader(db);
    // How far each node is read: the least of the lists that hold it.
    enum Depth { kFull, kStatus, kNames };
    std::unordered_map<NodeNo, Depth> depth;
    auto want = [&](const std::vector<NodeNo>& nodes, Depth d) {
      for (NodeNo no : nodes) {
        auto [it, added] = depth.emplace(no, d);
        if (!added && d < it->second) it->second = d;
      }
    };
    want(read.full, kFull);
    want(read.status, kStatus);
    // What status() of those weighs: the repealers and amenders, whose
    // effective day a repeal counts from. One seek on (dst, type) per type:
    // `type IN (..)` would build a temporary table at each run.
    std::vector<NodeNo> sources;
    Stmt by_type(db, "SELECT src FROM graph_edges WHERE dst = ?1 AND type = ?2");
    for (const auto* list : {&read.full, &read.status}) {
      for (NodeNo no : *list) {
        for (RelationType t : {RelationType::kRepeals, RelationType::kAmends}) {
          by_type.integer(1, no).integer(2, static_cast<int>(t));
          while (by_type.step()) sources.push_back(by_type.int64(0));
          by_type.reset();
        }
      }
    }
    want(sources, kStatus);
    want(read.names, kNames);
    std::vector<NodeNo> order;
    order.reserve(depth.size());
    for (const auto& [no, d] : depth) order.push_back(no);
    std::sort(order.begin(), order.end());

    std::unordered_map<NodeNo, std::size_t> index;
    index.reserve(order.size());
    std::vector<Node> nodes;
    nodes.reserve(order.size());
    for (NodeNo no : order) {
      index.emplace(no, nodes.size());
      switch (depth.at(no)) {
        case kFull: nodes.push_back(reader.node(no, false)); break;
        case kStatus: nodes.push_back(reader.with_status(no)); break;
        case kNames: nodes.push_back(reader.named(no)); continue;
      }
      // Only status() of a node without a document and a card of one read
      // its mentions (a hub's run to thousands), and of those only the first
      // and how many: the first read, the others counted.
      if (!nodes.back().document || nodes.back().external) reader.first_mention(no, nodes.back());
    }
    // The edges between two of them (but two names-only nodes, unless
    // asked): the edges out of each, then, without those of names-only
    // nodes, the edges into the others from names-only nodes. The other end
    // is looked up before a row's text is read.
    std::vector<std::pair<NodeNo, GraphEdge>> stored;  // (edge number, edge)
    auto take_edges = [&](Stmt& s, NodeNo no, bool out, bool from_names_only) {
      s.integer(1, no);
      while (s.step()) {
        auto other = index.find(s.int64(1));
        if (other == index.end()) continue;
        if (from_names_only && depth.at(other->first) != kNames) continue;
        GraphEdge e;
        e.from = out ? index.at(no) : other->second;
        e.to = out ? other->second : index.at(no);
        e.type = static_cast<RelationType>(s.int64(2));
        e.derived = s.int64(3) != 0;
        if (!s.is_null(4)) e.date = Date::parse_iso(s.str(4));
        e.evidence = evidence_at(s, 5);
        e.scope = nullable_text(s, 9);
        stored.emplace_back(s.int64(0), std::move(e));
      }
      s.reset();
    };
    Stmt out(db,
             "SELECT no, dst, type, derived, date, file, line, quote, page, scope FROM graph_edges "
             "WHERE src = ?1");
    for (NodeNo no : order) {
      if (read.names_edges || depth.at(no) != kNames) take_edges(out, no, true, false);
    }
    if (!read.names_edges) {
      Stmt in(
          db,
          "SELECT no, src, type, derived, date, file, line, quote, page, scope FROM graph_edges "
          "WHERE dst = ?1");
      for (NodeNo no : order) {
        if (depth.at(no) != kNames) take_edges(in, no, false, true);
      }
    }
    std::sort(stored.begin(), stored.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<GraphEdge> edges;
    edges.reserve(stored.size());
    for (auto& [no, e] : stored) edges.push_back(std::move(e));
    sort_parts(nodes, edges);
    return CorpusGraph::from_parts(std::move(nodes), std::move(edges), {}, std::move(titles));
  });
}

Result<CorpusGraph> StoredGraph::whole() const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    std::vector<Node> nodes;
    // Node number -> index in `nodes` (numbers are row ids: gaps are absent).
    constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
    std::vector<std::size_t> at(node_count(db), kAbsent);
    auto index = [&](std::int64_t no) {
      return no >= 0 && static_cast<std::size_t>(no) < at.size() ? at[static_cast<std::size_t>(no)]
                                                                 : kAbsent;
    };
    {
      Stmt s(db,
             "SELECT n.no, n.id, n.external, b.body FROM graph_nodes n JOIN graph_bodies b "
             "ON b.no = n.no ORDER BY n.no");
      while (s.step()) {
        if (s.int64(0) < 0) throw Failure{"stored graph: a negative node number"};
        at[static_cast<std::size_t>(s.int64(0))] = nodes.size();
        nodes.push_back(node_from(s.str(1), s.int64(2) != 0, cbor(s, 3)));
      }
    }
    {
      Stmt s(
          db,
          "SELECT node, document, file, line, quote, page FROM graph_mentions ORDER BY node, seq");
      while (s.step()) {
        std::size_t i = index(s.int64(0));
        if (i == kAbsent) throw Failure{"stored graph: a mention of no node"};
        nodes[i].mentions.push_back({s.str(1), evidence_at(s, 2)});
      }
    }
    std::vector<GraphEdge> edges;
    {
      Stmt s(
          db,
          "SELECT src, dst, type, derived, date, file, line, quote, page, scope FROM graph_edges "
          "ORDER BY no");
      while (s.step()) {
        GraphEdge e;
        e.from = index(s.int64(0));
        e.to = index(s.int64(1));
        if (e.from == kAbsent || e.to == kAbsent) {
          throw Failure{"stored graph: an edge to no node"};
        }
        e.type = static_cast<RelationType>(s.int64(2));
        e.derived = s.int64(3) != 0;
        if (!s.is_null(4)) e.date = Date::parse_iso(s.str(4));
        e.evidence = evidence_at(s, 5);
        e.scope = nullable_text(s, 9);
        edges.push_back(std::move(e));
      }
    }
    TitleIndex titles;
    {
      Stmt s(db, "SELECT key, node_id FROM graph_titles ORDER BY key, seq");
      while (s.step()) titles[s.str(0)].push_back(s.str(1));
    }
    std::vector<Finding> findings;
    {
      Stmt s(db, "SELECT body FROM graph_findings ORDER BY seq");
      while (s.step()) findings.push_back(finding_from(cbor(s, 0)));
    }
    sort_parts(nodes, edges);
    return CorpusGraph::from_parts(std::move(nodes), std::move(edges), std::move(findings),
                                   std::move(titles));
  });
}

namespace {

// Rows of graph_nodes picked by number inside SQLite, for a pass over the
// table that wants some of its rows: while it lives, the SQL function
// pg_wanted(no) is true for the numbers marked. SQLite tests a WHERE clause
// before it makes a row's result columns, so the rows not wanted cost a test
// of their number instead of every column the statement returns (most of a
// list's pass over a wide table). Statements using it must be finalized
// before it goes (declare them after it).
class WantedNumbers {
 public:
  WantedNumbers(sqlite3* db, const std::vector<char>& marks, const char* name = "pg_wanted")
      : db_(db), name_(name) {
    if (sqlite3_create_function_v2(db, name, 1, SQLITE_UTF8, const_cast<std::vector<char>*>(&marks),
                                   &wanted, nullptr, nullptr, nullptr) != SQLITE_OK) {
      fail_sqlite(db, "picking rows by number");
    }
  }
  ~WantedNumbers() {
    sqlite3_create_function_v2(db_, name_, 1, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr,
                               nullptr);
  }
  WantedNumbers(const WantedNumbers&) = delete;
  WantedNumbers& operator=(const WantedNumbers&) = delete;

 private:
  static void wanted(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* marks = static_cast<const std::vector<char>*>(sqlite3_user_data(ctx));
    const sqlite3_int64 no = sqlite3_value_int64(argv[0]);
    sqlite3_result_int(ctx, no >= 0 && static_cast<std::size_t>(no) < marks->size() &&
                                (*marks)[static_cast<std::size_t>(no)]);
  }
  sqlite3* db_;
  const char* name_;
};

}  // namespace

Result<std::vector<Node>> StoredGraph::read_nodes(const std::vector<NodeNo>& nodes,
                                                  Parts::Body body) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    const bool names = body == Body::kNames;
    std::vector<Node> out;
    const std::size_t total = node_count(db);
    if (nodes.size() * 8 <= total) {
      Reader reader(db);
      out.reserve(nodes.size());
      for (NodeNo no : nodes) out.push_back(names ? reader.named(no) : reader.with_status(no));
      return out;
    }
    // Many: one pass in number order, each row put where it is asked for.
    constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
    std::vector<std::size_t> first(total, kAbsent);        // number -> first place asked
    std::vector<std::size_t> next(nodes.size(), kAbsent);  // place -> next place of that number
    for (std::size_t i = nodes.size(); i-- > 0;) {
      const NodeNo no = nodes[i];
      if (no < 0 || static_cast<std::size_t>(no) >= total) {
        throw Failure{"stored graph: no node " + std::to_string(no)};
      }
      next[i] = first[static_cast<std::size_t>(no)];
      first[static_cast<std::size_t>(no)] = i;
    }
    out.resize(nodes.size());
    std::size_t filled = 0;
    std::vector<char> marks(total, 0);
    for (NodeNo no : nodes) marks[static_cast<std::size_t>(no)] = 1;
    const WantedNumbers wanted(db, marks);
    Stmt s(db, names ? with_present_indexes(db,
                                            "SELECT id, external, doc_no, title, issuer, level, "
                                            "no FROM graph_nodes INDEXED BY graph_nodes_names "
                                            "WHERE pg_wanted(no)")
                           .c_str()
                     : with_present_indexes(db, std::string("SELECT ") + kStatusColumns + ", n.no" +
                                                    kStatusFrom + " WHERE pg_wanted(n.no)")
                           .c_str());
    const int no_column = names ? 6 : 17;
    while (s.step()) {
      const NodeNo no = s.int64(no_column);
      if (no < 0 || static_cast<std::size_t>(no) >= total) continue;
      std::size_t at = first[static_cast<std::size_t>(no)];
      if (at == kAbsent) continue;
      Node n = names ? named_node(s, 0) : status_node(s);
      for (std::size_t k = next[at]; k != kAbsent; k = next[k]) {
        out[k] = n;
        ++filled;
      }
      out[at] = std::move(n);
      ++filled;
    }
    if (filled != nodes.size()) throw Failure{"stored graph: a node is missing"};
    return out;
  });
}

namespace {

// StoredGraph::visit_nodes; with `evidence` (kStatus only), a pass reads
// the field evidence only for the nodes it marks, by a subquery in place of
// the join, and the issuers only when `issuers`.
void visit_nodes_in(sqlite3* db, const std::vector<NodeNo>& nodes, Body body,
                    const std::vector<char>* evidence, bool issuers,
                    const std::function<void(std::size_t, const Node&)>& visit) {
  const bool names = body == Body::kNames;
  const std::size_t total = node_count(db);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i] < 0 || static_cast<std::size_t>(nodes[i]) >= total ||
        (i > 0 && nodes[i] <= nodes[i - 1])) {
      throw Failure{"stored graph: no node " + std::to_string(nodes[i])};
    }
  }
  if (nodes.size() * 8 <= total) {
    Reader reader(db);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      visit(i, names ? reader.named(nodes[i]) : reader.with_status(nodes[i]));
    }
    return;
  }
  // Many: one pass in number order from the first, the others skipped
  // inside SQLite.
  std::vector<char> marks(total, 0);
  for (NodeNo no : nodes) marks[static_cast<std::size_t>(no)] = 1;
  const WantedNumbers wanted(db, marks);
  std::string status_sql =
      with_present_indexes(db, std::string("SELECT ") + kStatusColumns + ", n.no" + kStatusFrom +
                                   " WHERE n.no >= ?1 AND pg_wanted(n.no) ORDER BY n.no");
  std::optional<WantedNumbers> with_evidence;
  if (evidence && !names) {
    // The join's seek and the evidence's pages for the marked rows only:
    // a subquery evaluated when the mark is set.
    with_evidence.emplace(db, *evidence, "pg_evidence");
    const bool own_table = has_table(db, "graph_node_evidence");
    status_sql = std::string("SELECT ") + kStatusColumns + ", n.no FROM graph_nodes n" +
                 " WHERE n.no >= ?1 AND pg_wanted(n.no) ORDER BY n.no";
    static constexpr std::string_view kColumn = "v.evidence";
    status_sql.replace(status_sql.find(kColumn), kColumn.size(),
                       own_table ? "CASE WHEN pg_evidence(n.no) THEN (SELECT evidence FROM "
                                   "graph_node_evidence WHERE no = n.no) END"
                                 : "CASE WHEN pg_evidence(n.no) THEN n.doc_evidence END");
    if (!issuers) {
      static constexpr std::string_view kIssuers = "n.doc_issuers";
      status_sql.replace(status_sql.find(kIssuers), kIssuers.size(), "NULL");
    }
  }
  Stmt s(db, names ? with_present_indexes(db,
                                          "SELECT id, external, doc_no, title, issuer, level, "
                                          "no FROM graph_nodes INDEXED BY graph_nodes_names "
                                          "WHERE no >= ?1 AND pg_wanted(no) ORDER BY no")
                         .c_str()
                   : status_sql.c_str());
  const int no_column = names ? 6 : 17;
  std::size_t at = 0;
  if (!nodes.empty()) s.integer(1, nodes.front());
  Node n;  // one node, refilled row after row
  std::vector<std::string> parts;
  while (at < nodes.size() && s.step()) {
    const NodeNo no = s.int64(no_column);
    if (no != nodes[at]) continue;
    if (names) {
      named_node_into(s, 0, n);
    } else {
      status_node_into(s, n, parts);
    }
    visit(at, n);
    ++at;
  }
  if (at != nodes.size()) throw Failure{"stored graph: a node is missing"};
}

}  // namespace

Result<bool> StoredGraph::visit_nodes(
    const std::vector<NodeNo>& nodes, Parts::Body body,
    const std::function<void(std::size_t, const Node&)>& visit) const {
  return guarded(*store_, [&] {
    visit_nodes_in(store_->db_handle(), nodes, body, nullptr, true, visit);
    return true;
  });
}

Result<bool> StoredGraph::visit_status_nodes(
    const std::vector<NodeNo>& nodes, const std::vector<char>& evidence, bool issuers,
    const std::function<void(std::size_t, const Node&)>& visit) const {
  return guarded(*store_, [&] {
    visit_nodes_in(store_->db_handle(), nodes, Body::kStatus, &evidence, issuers, visit);
    return true;
  });
}

Result<std::vector<std::string>> StoredGraph::read_ids(const std::vector<NodeNo>& nodes) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    std::vector<std::string> out;
    const std::size_t total = node_count(db);
    if (nodes.size() * 8 <= total) {
      Stmt s(db, "SELECT id FROM graph_nodes WHERE no = ?1");
      out.reserve(nodes.size());
      for (NodeNo no : nodes) {
        s.integer(1, no);
        if (!s.step()) throw Failure{"stored graph: no node " + std::to_string(no)};
        out.push_back(s.str(0));
        s.reset();
      }
      return out;
    }
    constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
    std::vector<std::size_t> first(total, kAbsent), next(nodes.size(), kAbsent);
    for (std::size_t i = nodes.size(); i-- > 0;) {
      const NodeNo no = nodes[i];
      if (no < 0 || static_cast<std::size_t>(no) >= total) {
        throw Failure{"stored graph: no node " + std::to_string(no)};
      }
      next[i] = first[static_cast<std::size_t>(no)];
      first[static_cast<std::size_t>(no)] = i;
    }
    out.resize(nodes.size());
    std::size_t filled = 0;
    Stmt s(db, "SELECT no, id FROM graph_nodes");
    while (s.step()) {
      const NodeNo no = s.int64(0);
      if (no < 0 || static_cast<std::size_t>(no) >= total) continue;
      for (std::size_t k = first[static_cast<std::size_t>(no)]; k != kAbsent; k = next[k]) {
        out[k] = s.str(1);
        ++filled;
      }
    }
    if (filled != nodes.size()) throw Failure{"stored graph: a node is missing"};
    return out;
  });
}

namespace {

// An edge row from the columns no, src, dst, type, derived, date, file, line,
// quote, page, scope.
StoredGraph::EdgeRow edge_row(const Stmt& s) {
  StoredGraph::EdgeRow r;
  r.no = s.int64(0);
  r.from = s.int64(1);
  r.to = s.int64(2);
  r.edge.type = static_cast<RelationType>(s.int64(3));
  r.edge.derived = s.int64(4) != 0;
  if (!s.is_null(5)) r.edge.date = Date::parse_iso(s.str(5));
  r.edge.evidence = evidence_at(s, 6);
  r.edge.scope = nullable_text(s, 10);
  return r;
}

}  // namespace

Result<std::vector<StoredGraph::EdgeRow>> StoredGraph::read_edges(
    const std::vector<NodeNo>& edges) const {
  return guarded(*store_, [&] {
    Stmt s(
        store_->db_handle(),
        "SELECT no, src, dst, type, derived, date, file, line, quote, page, scope FROM graph_edges "
        "WHERE no = ?1");
    std::vector<EdgeRow> out;
    out.reserve(edges.size());
    for (NodeNo no : edges) {
      s.integer(1, no);
      if (!s.step()) throw Failure{"stored graph: no edge " + std::to_string(no)};
      out.push_back(edge_row(s));
      s.reset();
    }
    return out;
  });
}

Result<bool> StoredGraph::visit_edges_into(const std::vector<char>& targets,
                                           const std::function<void(const EdgeRow&)>& visit) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    const WantedNumbers wanted(db, targets);
    Stmt s(db,
           "SELECT no, src, dst, type, derived, date, file, line, quote, page, scope "
           "FROM graph_edges WHERE pg_wanted(dst) ORDER BY no");
    while (s.step()) visit(edge_row(s));
    return true;
  });
}

struct StoredGraph::Lookups::Statements {
  explicit Statements(sqlite3* db)
      : named(db, with_present_indexes(db,
                                       "SELECT id, external, doc_no, title, issuer, level "
                                       "FROM graph_nodes INDEXED BY graph_nodes_names "
                                       "WHERE no = ?1")
                      .c_str()),
        source(db,
               "SELECT id, external, doc_no, title, issuer, level, doc_effective IS NOT NULL, "
               "effective FROM graph_nodes WHERE no = ?1"),
        edge(
            db,
            "SELECT no, src, dst, type, derived, date, file, line, quote, page, scope FROM graph_edges "
            "WHERE no = ?1") {}
  Stmt named, source, edge;
};

StoredGraph::Lookups::Lookups(const StoredGraph& graph)
    : store_(&graph.store()), s_(std::make_unique<Statements>(graph.store().db_handle())) {}

StoredGraph::Lookups::~Lookups() = default;

Result<Node> StoredGraph::Lookups::named(NodeNo no) {
  return guarded(*store_, [&] {
    Stmt& s = s_->named;
    s.integer(1, no);
    if (!s.step()) throw Failure{"stored graph: no node " + std::to_string(no)};
    Node n = named_node(s, 0);
    s.reset();
    return n;
  });
}

std::optional<Date> StoredGraph::Lookups::SourceDay::counts_from(
    const std::optional<Date>& edge_date) const {
  return counts_from_day(published, effective, edge_date);
}

Result<bool> StoredGraph::Lookups::status_source_into(NodeNo no, Node& n, SourceDay& day) {
  return guarded(*store_, [&] {
    Stmt& s = s_->source;
    s.integer(1, no);
    if (!s.step()) {
      s.reset();
      return false;
    }
    named_node_into(s, 0, n);
    day.published = s.int64(6) != 0;
    day.effective = date_at(s, 7);
    s.reset();
    return true;
  });
}

Result<StoredGraph::EdgeRow> StoredGraph::Lookups::edge(NodeNo no) {
  return guarded(*store_, [&] {
    Stmt& s = s_->edge;
    s.integer(1, no);
    if (!s.step()) throw Failure{"stored graph: no edge " + std::to_string(no)};
    EdgeRow r = edge_row(s);
    s.reset();
    return r;
  });
}

Result<std::vector<StoredGraph::EdgeRow>> StoredGraph::edges_into_external() const {
  return guarded(*store_, [&] {
    Stmt s(
        store_->db_handle(),
        "SELECT e.no, e.src, e.dst, e.type, e.derived, e.date, e.file, e.line, e.quote, e.page, e.scope "
        "FROM graph_nodes n JOIN graph_edges e ON e.dst = n.no WHERE n.external = 1");
    std::vector<EdgeRow> out;
    while (s.step()) out.push_back(edge_row(s));
    return out;
  });
}

namespace {

// A row of (no, src, dst, type) as EdgeEnds, its numbers checked to fit.
StoredGraph::EdgeEnds edge_ends_at(const Stmt& s) {
  constexpr std::int64_t kMax = 0xffffffffLL;
  const std::int64_t no = s.int64(0), from = s.int64(1), to = s.int64(2);
  if (no < 0 || from < 0 || to < 0 || no > kMax || from > kMax || to > kMax) {
    throw Failure{"stored graph: an edge number out of range"};
  }
  return {static_cast<std::uint32_t>(no), static_cast<std::uint32_t>(from),
          static_cast<std::uint32_t>(to), static_cast<RelationType>(s.int64(3))};
}

}  // namespace

Result<std::vector<StoredGraph::EdgeEnds>> StoredGraph::edge_ends(
    const std::set<RelationType>& types, const std::function<bool(const EdgeEnds&)>& keep) const {
  return guarded(*store_, [&] {
    // One pass over graph_edges_type (type, dst, src and the row id: a
    // covering index, so no wide row is read), over the types asked for.
    std::string sql = "SELECT no, src, dst, type FROM graph_edges";
    if (!types.empty()) {
      sql += " WHERE type IN (";
      for (RelationType t : types) {
        if (sql.back() != '(') sql += ", ";
        sql += std::to_string(static_cast<int>(t));
      }
      sql += ")";
    }
    Stmt s(store_->db_handle(), sql.c_str());
    std::vector<EdgeEnds> out;
    while (s.step()) {
      const EdgeEnds e = edge_ends_at(s);
      if (!keep || keep(e)) out.push_back(e);
    }
    return out;
  });
}

Result<std::vector<StoredGraph::EdgeEnds>> StoredGraph::edge_ends_into(
    const std::vector<char>& targets) const {
  return guarded(*store_, [&] {
    // edge_ends' pass with the test inside SQLite: a row not wanted costs a
    // test of its target instead of a result row and four column reads (at
    // 10^6 documents a third of the edges go into an external node).
    sqlite3* db = store_->db_handle();
    const WantedNumbers wanted(db, targets);
    Stmt s(db, "SELECT no, src, dst, type FROM graph_edges WHERE pg_wanted(dst)");
    std::vector<EdgeEnds> out;
    while (s.step()) out.push_back(edge_ends_at(s));
    return out;
  });
}

Result<std::vector<NodeNo>> StoredGraph::external_nodes() const {
  return guarded(*store_, [&] {
    // No ORDER BY: the status index holds them by status, and a sort of
    // them was most of this pass.
    Stmt s(store_->db_handle(), "SELECT no FROM graph_nodes WHERE external = 1");
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return out;
  });
}

Result<std::size_t> StoredGraph::node_bound() const {
  return guarded(*store_, [&] { return node_count(store_->db_handle()); });
}

namespace {

// The rows of kStatusEdgesSql, each without the day it counts from; without
// `quotes`, each evidence's quote left empty (not copied).
std::vector<StoredGraph::StatusEdge> status_edge_rows(sqlite3* db, bool quotes = true) {
  Stmt s(db, with_present_indexes(db, kStatusEdgesSql).c_str());
  std::vector<StoredGraph::StatusEdge> out;
  while (s.step()) {
    out.push_back({s.int64(4), s.int64(2), s.int64(0),
                   static_cast<RelationType>(s.int64(1)) == RelationType::kRepeals, std::nullopt,
                   date_at(s, 3),
                   quotes ? evidence_at(s, 5)
                          : Evidence{s.str(5), static_cast<int>(s.int64(6)), std::string(),
                                     static_cast<int>(s.int64(8))},
                   nullable_text(s, 9)});
  }
  return out;
}

// Status edges by target, then number (graph_edges_status reads them in
// this order already).
void sort_by_target(std::vector<StoredGraph::StatusEdge>& edges) {
  auto by_target = [](const StoredGraph::StatusEdge& a, const StoredGraph::StatusEdge& b) {
    return std::tie(a.to, a.no) < std::tie(b.to, b.no);
  };
  if (!std::is_sorted(edges.begin(), edges.end(), by_target)) {
    std::sort(edges.begin(), edges.end(), by_target);
  }
}

// The StatusEvents kind_on weighs, of status edges (by target, each with
// the day it counts from).
std::vector<StatusEvent> events_of_edges(const std::vector<StoredGraph::StatusEdge>& edges) {
  std::vector<StatusEvent> events;
  events.reserve(edges.size());
  for (const StoredGraph::StatusEdge& e : edges) {
    events.push_back({e.to, e.repeal, e.counts_from, e.date, e.scope.has_value()});
  }
  return events;
}

}  // namespace

Result<std::vector<StoredGraph::StatusEdge>> StoredGraph::status_edges() const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    // The edges, then the day each source's edges count from (CountsFrom:
    // joined per edge, the lookups were two thirds of the time).
    std::vector<StatusEdge> out = status_edge_rows(db);
    // A source in the corpus counts from its effective column, another from
    // the edge's own date; an edge from no node is left out (as a join).
    std::size_t bound = 0;
    for (const StatusEdge& e : out) {
      if (e.from >= 0) bound = std::max(bound, static_cast<std::size_t>(e.from) + 1);
    }
    std::vector<char> wanted(bound, 0);
    for (const StatusEdge& e : out) {
      if (e.from >= 0) wanted[static_cast<std::size_t>(e.from)] = 1;
    }
    const CountsFrom counts(db, wanted);
    std::erase_if(out, [&](StatusEdge& e) {
      e.counts_from = counts.counts_from(e.from, e.date);
      return !counts.found(e.from);
    });
    sort_by_target(out);
    return out;
  });
}

Result<std::vector<StoredGraph::StatusEdge>> StoredGraph::status_edges_undated() const {
  return guarded(*store_, [&] {
    std::vector<StatusEdge> out = status_edge_rows(store_->db_handle());
    sort_by_target(out);
    return out;
  });
}

Result<std::vector<StoredGraph::StatusEdge>> StoredGraph::status_edges_into(
    const std::vector<NodeNo>& targets) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Stmt s(db, with_present_indexes(
                   db,
                   "SELECT e.no, e.src, e.dst, e.type, "
                   "CASE WHEN n.doc_title IS NOT NULL THEN n.effective ELSE e.date END, e.date, "
                   "e.file, e.line, e.quote, e.page, e.scope "
                   "FROM graph_edges e INDEXED BY graph_edges_status JOIN graph_nodes n "
                   "ON n.no = e.src WHERE e.dst = ?1 AND e.type IN (0, 1) ORDER BY e.no")
                   .c_str());
    std::vector<StatusEdge> out;
    for (NodeNo to : targets) {
      // Bound again for each target: Stmt::reset clears the bindings.
      s.integer(1, to);
      while (s.step()) {
        out.push_back({s.int64(0), s.int64(1), s.int64(2),
                       static_cast<RelationType>(s.int64(3)) == RelationType::kRepeals,
                       date_at(s, 4), date_at(s, 5), evidence_at(s, 6), nullable_text(s, 10)});
      }
      s.reset();
    }
    return out;
  });
}

Result<std::vector<Finding>> StoredGraph::findings() const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT body FROM graph_findings ORDER BY seq");
    std::vector<Finding> out;
    while (s.step()) out.push_back(finding_from(cbor(s, 0)));
    return out;
  });
}

namespace {

// status_kinds of every node from `events` (by target).
std::vector<StatusKind> kinds_from(sqlite3* db, const std::vector<StatusEvent>& events,
                                   Date as_of) {
  std::vector<StatusKind> out(node_count(db), StatusKind::kUnknown);
  // Where each node's events begin (they are by target): events_of's search
  // for every node was 7% of orphans at 10^6 documents. The rows below come
  // in the index's order, not by number.
  std::vector<std::size_t> first(out.size() + 1);
  for (std::size_t no = 0, k = 0; no <= out.size(); ++no) {
    while (k < events.size() && events[k].target < static_cast<NodeNo>(no)) ++k;
    first[no] = k;
  }
  // doc_effective: covered by graph_nodes_status (no wide row read).
  Stmt s(db, "SELECT no, doc_effective IS NULL, expires, effective, signed FROM graph_nodes");
  while (s.step()) {
    const NodeNo no = s.int64(0);
    if (no < 0 || static_cast<std::size_t>(no) >= out.size()) continue;
    const auto k = static_cast<std::size_t>(no);
    out[k] =
        kind_on(facts_from(s, 1), events.data() + first[k], events.data() + first[k + 1], as_of);
  }
  return out;
}

}  // namespace

Result<std::vector<StatusKind>> StoredGraph::all_status_kinds(
    Date as_of, const std::vector<StatusEdge>& edges) const {
  return guarded(*store_, [&] {
    // status_edges: by target, each with the day it counts from, edges from
    // no node left out, as status_events makes them (kind_on weighs a
    // node's events in any order).
    return kinds_from(store_->db_handle(), events_of_edges(edges), as_of);
  });
}

Result<std::vector<StatusKind>> StoredGraph::all_status_kinds(Date as_of) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    return kinds_from(db, status_events(db), as_of);
  });
}

namespace {

// A node's StatusFacts packed in 16 bytes (dates as StatusColumns::pack):
// a million nodes' facts in 16 MB.
struct PackedFacts {
  std::int32_t expires = 0, effective = 0, signed_date = 0;
  bool present = false, published = false;
};

}  // namespace

Result<StatusScan> status_edges_and_kinds(const StoredGraph& graph, Date as_of, bool quotes,
                                          bool fallen_columns) {
  return guarded(graph.store(), [&] {
    sqlite3* db = graph.store().db_handle();
    StatusScan out;
    // The edges as status_edges reads them, the day each counts from left
    // for the pass below.
    out.edges = status_edge_rows(db, quotes);
    // Every node's facts: kinds_from's pass, which CountsFrom's reads too.
    const std::size_t bound = node_count(db);
    std::vector<PackedFacts> facts(bound);
    {
      Stmt s(db, "SELECT no, doc_effective IS NULL, expires, effective, signed FROM graph_nodes");
      while (s.step()) {
        const NodeNo no = s.int64(0);
        if (no < 0 || static_cast<std::size_t>(no) >= bound) continue;
        PackedFacts& f = facts[static_cast<std::size_t>(no)];
        f.present = true;
        f.published = s.int64(1) == 0;
        f.expires = StatusColumns::pack(date_at(s, 2));
        f.effective = StatusColumns::pack(date_at(s, 3));
        f.signed_date = StatusColumns::pack(date_at(s, 4));
      }
    }
    // status_edges: a source in the corpus counts from its effective
    // column, another from the edge's own date; an edge from no node is
    // left out; by target, then number.
    auto at = [&](NodeNo no) -> const PackedFacts* {
      return no >= 0 && static_cast<std::size_t>(no) < bound &&
                     facts[static_cast<std::size_t>(no)].present
                 ? &facts[static_cast<std::size_t>(no)]
                 : nullptr;
    };
    std::erase_if(out.edges, [&](StoredGraph::StatusEdge& e) {
      const PackedFacts* f = at(e.from);
      if (!f) return true;
      e.counts_from = counts_from_day(f->published, StatusColumns::unpack(f->effective), e.date);
      return false;
    });
    sort_by_target(out.edges);
    // all_status_kinds(as_of, edges).
    const std::vector<StatusEvent> events = events_of_edges(out.edges);
    out.kinds.assign(bound, StatusKind::kUnknown);
    std::size_t k = 0;
    for (std::size_t no = 0; no < bound; ++no) {
      const std::size_t begin = k;
      while (k < events.size() && events[k].target <= static_cast<NodeNo>(no)) ++k;
      const PackedFacts& f = facts[no];
      if (!f.present) continue;
      std::size_t b = begin;
      while (b < k && events[b].target < static_cast<NodeNo>(no)) ++b;
      const StatusFacts sf{f.published, StatusColumns::unpack(f.expires),
                           StatusColumns::unpack(f.effective),
                           StatusColumns::unpack(f.signed_date)};
      out.kinds[no] = kind_on(sf, events.data() + b, events.data() + k, as_of);
      if (fallen_columns && is_fallen(out.kinds[no])) {
        out.fallen.push_back(
            {static_cast<NodeNo>(no), f.published, f.expires, f.effective, f.signed_date});
      }
    }
    return out;
  });
}

ReadTransaction::ReadTransaction(const Store& store) : store_(&store) {
  open_ = sqlite3_exec(store.db_handle(), "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
}

ReadTransaction::~ReadTransaction() {
  if (open_) sqlite3_exec(store_->db_handle(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace pg
