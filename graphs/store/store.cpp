#include "graphs/store/store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "graphs/store/sqlite_stmt.h"
#include "graphs/store/text_index.h"

namespace pg {
namespace {

// Inside this file every SQLite failure (and every stored value that does not
// read back) is thrown as a Failure (sqlite_stmt.h); each public Store method
// catches it at its edge and returns an Error. That keeps the row code free
// of return-code plumbing, and no exception ever leaves store.cpp.
using sql::exec;
using sql::fail;
using sql::fail_sqlite;
using sql::Failure;
using sql::Stmt;

// A file SQLite cannot read as a database, or whose pages are damaged.
bool is_corruption(int code) {
  return (code & 0xFF) == SQLITE_NOTADB || (code & 0xFF) == SQLITE_CORRUPT;
}

// A write refused for room: a full disk, or a file-size limit (ulimit -f;
// main ignores SIGXFSZ so that the write fails with EFBIG instead of the
// process being killed).
bool is_out_of_room(int code) {
  return (code & 0xFF) == SQLITE_FULL || code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_FSYNC ||
         code == SQLITE_IOERR_TRUNCATE || code == SQLITE_IOERR;
}

// file:PATH for sqlite3_open_v2 with SQLITE_OPEN_URI: every byte but
// unreserved characters and '/' percent-encoded.
std::string file_uri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 0xF];
    }
  }
  return uri;
}

// Layout version 4 (3 had no pages, 2 no extractor stamp per file, 1 no edge
// dates). Rows of a file are keyed by (file_id, position), not by
// global row ids: the same files put in the same order give the same rows,
// and replacing a file keeps its id, so other files' rows never move.
// Lists inside a document (issuers, promulgated titles, evidence) are child
// tables rather than JSON text, so that queries can use them. Rows are read
// only by file (the primary keys): there is no index by number or title,
// which cost a sixth of an ingest's writes (68 MB at 100k documents) and
// which nothing read (queries read the graph tables, graph_store.h). A store
// made before keeps its indexes; they are harmless.
constexpr const char* kSchemaSql = R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE files(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL,
  source TEXT NOT NULL,
  encoding TEXT NOT NULL,
  publisher TEXT,
  year INTEGER,
  issue TEXT,
  notes TEXT NOT NULL,
  extractor_version INTEGER NOT NULL DEFAULT 0,
  tables_hash TEXT NOT NULL DEFAULT ''
);
CREATE TABLE documents(
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  doc_no TEXT,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  signed TEXT,
  printed TEXT,
  registration_no TEXT,
  effective TEXT,
  expires TEXT,
  expires_text TEXT,
  prevails_clause INTEGER NOT NULL,
  line_start INTEGER NOT NULL,
  line_end INTEGER NOT NULL,
  PRIMARY KEY(file_id, ordinal)
);
CREATE TABLE document_issuers(
  file_id INTEGER NOT NULL,
  doc_ordinal INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY(file_id, doc_ordinal, ordinal),
  FOREIGN KEY(file_id, doc_ordinal) REFERENCES documents(file_id, ordinal) ON DELETE CASCADE
);
CREATE TABLE promulgated_titles(
  file_id INTEGER NOT NULL,
  doc_ordinal INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  title TEXT NOT NULL,
  PRIMARY KEY(file_id, doc_ordinal, ordinal),
  FOREIGN KEY(file_id, doc_ordinal) REFERENCES documents(file_id, ordinal) ON DELETE CASCADE
);
CREATE TABLE document_evidence(
  file_id INTEGER NOT NULL,
  doc_ordinal INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  field TEXT NOT NULL,
  file TEXT,
  line INTEGER NOT NULL,
  quote TEXT NOT NULL,
  page INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(file_id, doc_ordinal, ordinal),
  FOREIGN KEY(file_id, doc_ordinal) REFERENCES documents(file_id, ordinal) ON DELETE CASCADE
);
CREATE TABLE edges(
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  from_key TEXT NOT NULL,
  to_doc_no TEXT,
  to_title TEXT,
  type TEXT NOT NULL,
  line INTEGER NOT NULL,
  evidence TEXT NOT NULL,
  derived INTEGER NOT NULL,
  from_date TEXT,
  to_date TEXT,
  page INTEGER NOT NULL DEFAULT 0,
  scope TEXT,
  PRIMARY KEY(file_id, ordinal)
);
)sql";

// Version 2 -> 3, in the transaction that opens the store: the same columns
// the schema above ends `files` with, so a migrated store and a new one hold
// the same rows. Old records get the unknown stamp (0, ''), which no build
// makes, so the next ingest re-reads them.
constexpr const char* kMigrate2To3Sql = R"sql(
ALTER TABLE files ADD COLUMN extractor_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN tables_hash TEXT NOT NULL DEFAULT '';
UPDATE meta SET value = '3' WHERE key = 'schema_version';
)sql";

// Version 3 -> 4, the same way: the page columns the schema above ends
// document_evidence and edges with. Every version 3 record was read from
// text, which has no pages: 0 is what a new ingest would store.
constexpr const char* kMigrate3To4Sql = R"sql(
ALTER TABLE document_evidence ADD COLUMN page INTEGER NOT NULL DEFAULT 0;
ALTER TABLE edges ADD COLUMN page INTEGER NOT NULL DEFAULT 0;
UPDATE meta SET value = '4' WHERE key = 'schema_version';
)sql";

// Version 4 -> 5: the text tables (text_index.h), empty (made by the step to
// 8, see check_schema). Everything else answers as before; search says the
// text index is empty until `policygraph reindex` re-reads the files (an
// ingest skips unchanged files).
constexpr const char* kMigrate4To5Sql = "UPDATE meta SET value = '5' WHERE key = 'schema_version';";

// Version 5 -> 6: the scope of an edge (Edge::scope, a partial repeal), NULL
// for the old records; the tables hash changed with repealed_parts.tsv, so
// the next ingest re-reads them.
constexpr const char* kMigrate5To6Sql = R"sql(
ALTER TABLE edges ADD COLUMN scope TEXT;
UPDATE meta SET value = '6' WHERE key = 'schema_version';
)sql";

// Version 6 -> 7: the full-text index out of ingest's transactions
// (text_index.h): text_index_detail::migrate_6_to_7_sql drops the old
// triggers and schema_sql makes the pending list and the new triggers. The
// spans indexed stay indexed; nothing is pending.
constexpr const char* kMigrate6To7Sql = "UPDATE meta SET value = '7' WHERE key = 'schema_version';";

// Version 7 -> 8: the stored text's table without its generated column
// (text_index_detail::migrate_7_to_8, then schema_sql's view of it).
constexpr const char* kMigrate7To8Sql = "UPDATE meta SET value = '8' WHERE key = 'schema_version';";

// A writer waits this long for another writer (a second ingest) to finish.
constexpr int kBusyTimeoutMs = 5000;

// BEGIN ... COMMIT; rolled back when left without commit (a Failure, or a
// step hook that stopped put_file).
class Transaction {
 public:
  Transaction(sqlite3* db, bool immediate) : db_(db) {
    // IMMEDIATE takes the write lock now, so two ingests cannot both read the
    // old hash and then both write.
    exec(db, immediate ? "BEGIN IMMEDIATE" : "BEGIN", "starting a transaction");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT", "committing");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

// Dates go in as ISO text; an impossible date would not read back, so it is
// refused on the way in rather than found later by every reader.
std::string iso(const Date& d, std::size_t doc, const char* what) {
  if (!Date::make(d.year, d.month, d.day)) {
    fail("document " + std::to_string(doc + 1) + ": " + what + " is not a valid date (" +
         std::to_string(d.year) + "-" + std::to_string(d.month) + "-" + std::to_string(d.day) +
         ")");
  }
  return d.to_iso();
}

std::optional<std::string> iso(const std::optional<Date>& d, std::size_t doc, const char* what) {
  if (!d) return std::nullopt;
  return iso(*d, doc, what);
}

std::optional<std::string> effective_text(const Effective& e, std::size_t doc) {
  switch (e.kind) {
    case Effective::Kind::kOnIssue: return std::string(to_string(e.kind));
    case Effective::Kind::kDate: return iso(e.date, doc, "effective");
    case Effective::Kind::kUnstated: break;
  }
  return std::nullopt;
}

// `e` as load_all reads it back from the rows put from it: the only value
// the rows do not keep is the date of an effective kind other than kDate.
Extraction as_stored(Extraction&& e) {
  for (Document& d : e.documents) {
    if (d.effective.kind != Effective::Kind::kDate) d.effective.date = Date{};
  }
  return std::move(e);
}

Date date_from(const std::string& s, const char* what) {
  auto d = Date::parse_iso(s);
  if (!d) fail(std::string("stored ") + what + " \"" + s + "\" is not a date");
  return *d;
}

std::optional<Date> date_from(const std::optional<std::string>& s, const char* what) {
  if (!s) return std::nullopt;
  return date_from(*s, what);
}

std::optional<std::int64_t> file_id_of(sqlite3* db, const std::string& path) {
  Stmt find(db, "SELECT id FROM files WHERE path = ?1");
  find.text(1, path);
  if (!find.step()) return std::nullopt;
  return find.int64(0);
}

// The statements that write a file, prepared once per store and rebound for
// every file (put_files writes thousands in a row).
struct Writer {
  explicit Writer(sqlite3* db)
      : find(db,
             "SELECT id, hash, source, extractor_version, tables_hash FROM files WHERE path = ?1"),
        update(db,
               "UPDATE files SET hash = ?2, source = ?3, encoding = ?4, publisher = ?5,"
               " year = ?6, issue = ?7, notes = ?8, extractor_version = ?9, tables_hash = ?10"
               " WHERE id = ?1"),
        insert(db,
               "INSERT INTO files(path, hash, source, encoding, publisher, year, issue, notes,"
               " extractor_version, tables_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        del_docs(db, "DELETE FROM documents WHERE file_id = ?1"),
        del_edges(db, "DELETE FROM edges WHERE file_id = ?1"),
        doc(db,
            "INSERT INTO documents(file_id, ordinal, doc_no, title, kind, signed, printed,"
            " registration_no, effective, expires, expires_text, prevails_clause, line_start,"
            " line_end) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
        issuer(db,
               "INSERT INTO document_issuers(file_id, doc_ordinal, ordinal, name)"
               " VALUES(?1, ?2, ?3, ?4)"),
        promulgated(db,
                    "INSERT INTO promulgated_titles(file_id, doc_ordinal, ordinal, title)"
                    " VALUES(?1, ?2, ?3, ?4)"),
        evidence(db,
                 "INSERT INTO document_evidence(file_id, doc_ordinal, ordinal, field, file, line,"
                 " quote, page) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        edge(db,
             "INSERT INTO edges(file_id, ordinal, from_key, to_doc_no, to_title, type, line,"
             " evidence, derived, from_date, to_date, page, scope)"
             " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)") {}

  // After a failure a statement may be left mid-step; reset all before the
  // savepoint is rolled back, so none holds on to the rolled-back state.
  void reset_all() {
    for (Stmt* s : {&find, &update, &insert, &del_docs, &del_edges, &doc, &issuer, &promulgated,
                    &evidence, &edge}) {
      s->reset();
    }
  }

  Stmt find, update, insert, del_docs, del_edges, doc, issuer, promulgated, evidence, edge;
};

void write_rows(Writer& w, std::int64_t file_id, const Extraction& e,
                const std::function<void(std::string_view)>& step) {
  Stmt& doc = w.doc;
  Stmt& issuer = w.issuer;
  Stmt& promulgated = w.promulgated;
  Stmt& evidence = w.evidence;
  Stmt& edge = w.edge;

  // Every string is bound without a copy (text_ref): `e` outlives each
  // run(), and so do the dates made here, kept in locals until it.
  for (std::size_t i = 0; i < e.documents.size(); ++i) {
    const Document& d = e.documents[i];
    auto n = static_cast<std::int64_t>(i);
    const std::optional<std::string> signed_date = iso(d.signed_date, i, "signed");
    const std::optional<std::string> printed_date = iso(d.printed_date, i, "printed");
    const std::optional<std::string> effective = effective_text(d.effective, i);
    const std::optional<std::string> expires = iso(d.expires, i, "expires");
    doc.integer(1, file_id).integer(2, n).text_ref(3, d.doc_no).text_ref(4, d.title);
    doc.text_ref(5, to_string(d.kind));
    doc.text_ref(6, signed_date).text_ref(7, printed_date);
    doc.text_ref(8, d.registration_no).text_ref(9, effective);
    doc.text_ref(10, expires).text_ref(11, d.expires_text);
    doc.integer(12, d.prevails_clause ? 1 : 0).integer(13, d.line_start).integer(14, d.line_end);
    doc.run();
    for (std::size_t k = 0; k < d.issuers.size(); ++k) {
      issuer.integer(1, file_id).integer(2, n).integer(3, static_cast<std::int64_t>(k));
      issuer.text_ref(4, d.issuers[k]).run();
    }
    for (std::size_t k = 0; k < d.promulgated_titles.size(); ++k) {
      promulgated.integer(1, file_id).integer(2, n).integer(3, static_cast<std::int64_t>(k));
      promulgated.text_ref(4, d.promulgated_titles[k]).run();
    }
    for (std::size_t k = 0; k < d.field_evidence.size(); ++k) {
      const auto& fe = d.field_evidence[k];
      evidence.integer(1, file_id).integer(2, n).integer(3, static_cast<std::int64_t>(k));
      evidence.text_ref(4, fe.field);
      // Evidence nearly always quotes the extraction's own file: store NULL
      // for that and spell out only the exceptions.
      if (fe.evidence.file == e.source) {
        evidence.null(5);
      } else {
        evidence.text_ref(5, fe.evidence.file);
      }
      evidence.integer(6, fe.evidence.line).text_ref(7, fe.evidence.quote);
      evidence.integer(8, fe.evidence.page).run();
    }
    step("document");
  }
  for (std::size_t i = 0; i < e.edges.size(); ++i) {
    const Edge& x = e.edges[i];
    const std::optional<std::string> from_date = iso(x.from_date, i, "edge from_date");
    const std::optional<std::string> to_date = iso(x.to_date, i, "edge to_date");
    edge.integer(1, file_id).integer(2, static_cast<std::int64_t>(i)).text_ref(3, x.from);
    edge.text_ref(4, x.to_doc_no).text_ref(5, x.to_title).text_ref(6, to_string(x.type));
    edge.integer(7, x.line).text_ref(8, x.evidence).integer(9, x.derived ? 1 : 0);
    edge.text_ref(10, from_date).text_ref(11, to_date);
    edge.integer(12, x.page).text_ref(13, x.scope).run();
    step("edge");
  }
}

// Reads one file's rows back. The statements are prepared once and rebound
// per file, since load_all reads every file.
class Loader {
 public:
  explicit Loader(sqlite3* db)
      : file_(db,
              "SELECT source, encoding, publisher, year, issue, notes FROM files WHERE id = ?1"),
        docs_(db,
              "SELECT ordinal, doc_no, title, kind, signed, printed, registration_no, effective,"
              " expires, expires_text, prevails_clause, line_start, line_end FROM documents"
              " WHERE file_id = ?1 ORDER BY ordinal"),
        issuers_(db,
                 "SELECT doc_ordinal, name FROM document_issuers WHERE file_id = ?1"
                 " ORDER BY doc_ordinal, ordinal"),
        promulgated_(db,
                     "SELECT doc_ordinal, title FROM promulgated_titles WHERE file_id = ?1"
                     " ORDER BY doc_ordinal, ordinal"),
        evidence_(db,
                  "SELECT doc_ordinal, field, file, line, quote, page FROM document_evidence"
                  " WHERE file_id = ?1 ORDER BY doc_ordinal, ordinal"),
        edges_(db,
               "SELECT ordinal, from_key, to_doc_no, to_title, type, line, evidence, derived,"
               " from_date, to_date, page, scope FROM edges WHERE file_id = ?1 ORDER BY ordinal") {}

  Extraction load(std::int64_t id) {
    Extraction e;
    file_.integer(1, id);
    if (!file_.step()) fail("file id " + std::to_string(id) + " vanished while reading");
    e.source = file_.str(0);
    e.encoding = file_.str(1);
    e.gazette.publisher = file_.opt_str(2);
    if (!file_.is_null(3)) e.gazette.year = file_.int32(3);
    e.gazette.issue = file_.opt_str(4);
    e.notes = file_.str(5);
    file_.reset();

    docs_.integer(1, id);
    while (docs_.step()) {
      expect_ordinal(docs_.int64(0), e.documents.size(), "documents", e);
      Document d;
      d.doc_no = docs_.opt_str(1);
      d.title = docs_.str(2);
      d.kind = stored_name(docs_.str(3), parse_document_kind, "document kind");
      d.signed_date = date_from(docs_.opt_str(4), "signed date");
      d.printed_date = date_from(docs_.opt_str(5), "printed date");
      d.registration_no = docs_.opt_str(6);
      if (auto eff = docs_.opt_str(7);
          eff && parse_effective_kind(*eff) == Effective::Kind::kOnIssue) {
        d.effective.kind = Effective::Kind::kOnIssue;
      } else if (eff) {
        d.effective.kind = Effective::Kind::kDate;
        d.effective.date = date_from(*eff, "effective date");
      }
      d.expires = date_from(docs_.opt_str(8), "expiry date");
      d.expires_text = docs_.opt_str(9);
      d.prevails_clause = docs_.int64(10) != 0;
      d.line_start = docs_.int32(11);
      d.line_end = docs_.int32(12);
      e.documents.push_back(std::move(d));
    }
    docs_.reset();

    issuers_.integer(1, id);
    while (issuers_.step()) document(e, issuers_.int64(0)).issuers.push_back(issuers_.str(1));
    issuers_.reset();

    promulgated_.integer(1, id);
    while (promulgated_.step()) {
      document(e, promulgated_.int64(0)).promulgated_titles.push_back(promulgated_.str(1));
    }
    promulgated_.reset();

    evidence_.integer(1, id);
    while (evidence_.step()) {
      Document::FieldEvidence fe;
      fe.field = evidence_.str(1);
      fe.evidence.file = evidence_.is_null(2) ? e.source : evidence_.str(2);
      fe.evidence.line = evidence_.int32(3);
      fe.evidence.quote = evidence_.str(4);
      fe.evidence.page = evidence_.int32(5);
      document(e, evidence_.int64(0)).field_evidence.push_back(std::move(fe));
    }
    evidence_.reset();

    edges_.integer(1, id);
    while (edges_.step()) {
      expect_ordinal(edges_.int64(0), e.edges.size(), "edges", e);
      Edge x;
      x.from = edges_.str(1);
      x.to_doc_no = edges_.opt_str(2);
      x.to_title = edges_.opt_str(3);
      x.type = stored_name(edges_.str(4), parse_relation_type, "relation type");
      x.line = edges_.int32(5);
      x.evidence = edges_.str(6);
      x.derived = edges_.int64(7) != 0;
      x.from_date = date_from(edges_.opt_str(8), "edge from_date");
      x.to_date = date_from(edges_.opt_str(9), "edge to_date");
      x.page = edges_.int32(10);
      x.scope = edges_.opt_str(11);
      e.edges.push_back(std::move(x));
    }
    edges_.reset();
    return e;
  }

 private:
  // Rows are stored with their position in the extraction; a gap or a
  // repeat means the database was changed behind the store's back.
  static void expect_ordinal(std::int64_t ordinal, std::size_t next, const char* what,
                             const Extraction& e) {
    if (ordinal != static_cast<std::int64_t>(next)) {
      fail(std::string(what) + " of " + e.source + " are not numbered 0..n-1");
    }
  }

  // An enum stored by its name, read back through its parse function.
  template <class T>
  static T stored_name(const std::string& name, std::optional<T> (*parse)(std::string_view),
                       const char* what) {
    auto parsed = parse(name);
    if (!parsed) fail(std::string("stored ") + what + " \"" + name + "\" is unknown");
    return *parsed;
  }

  static Document& document(Extraction& e, std::int64_t ordinal) {
    if (ordinal < 0 || ordinal >= static_cast<std::int64_t>(e.documents.size())) {
      fail("a row of " + e.source + " names document " + std::to_string(ordinal) +
           ", which is not stored");
    }
    return e.documents[static_cast<std::size_t>(ordinal)];
  }

  Stmt file_, docs_, issuers_, promulgated_, evidence_, edges_;
};

// One value of a dump line: NULL, an integer, or quoted text with control
// characters, quotes and backslashes escaped, so that a line is one row.
void append_value(std::string& out, const Stmt& s, int i) {
  if (s.is_null(i)) {
    out += "NULL";
    return;
  }
  if (s.is_integer(i)) {
    out += std::to_string(s.int64(i));
    return;
  }
  out += '"';
  for (char c : s.str(i)) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_rows(std::string& out, Stmt& s, std::string_view table) {
  while (s.step()) {
    append_value(out, s, 0);  // the path (or "" for meta)
    out += '\t';
    out += table;
    for (int i = 1; i < s.columns(); ++i) {
      out += '\t';
      append_value(out, s, i);
    }
    out += '\n';
  }
  s.reset();
}

}  // namespace

std::string content_hash(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  // The length alongside: an edit that keeps the 64-bit hash by chance will
  // rarely keep the length too.
  return std::string(buf) + "-" + std::to_string(bytes.size());
}

std::string_view to_string(Store::IngestOutcome o) {
  switch (o) {
    case Store::IngestOutcome::kAdded: return "added";
    case Store::IngestOutcome::kReplaced: return "replaced";
    case Store::IngestOutcome::kUnchanged: return "unchanged";
  }
  return "unknown";
}

struct Store::Impl {
  std::string path;
  sqlite3* db = nullptr;
  StepHook hook;
  std::unique_ptr<Writer> writer_;  // prepared on the first write
  // The text's statements (text_index.h), prepared on the first write too.
  std::unique_ptr<text_index_detail::TextWriter> text_writer_;

  ~Impl() {
    // The writer's statements are finalized first; every other Stmt is
    // scoped to one call. close_v2 would defer rather than fail if one were
    // left.
    writer_.reset();
    text_writer_.reset();
    if (db) sqlite3_close_v2(db);
  }

  Writer& writer() {
    if (!writer_) writer_ = std::make_unique<Writer>(db);
    return *writer_;
  }
  text_index_detail::TextWriter& text_writer() {
    if (!text_writer_) text_writer_ = std::make_unique<text_index_detail::TextWriter>(db);
    return *text_writer_;
  }

  // Opens `name` (a path or a file: URI) with `flags`: extended result
  // codes, and a wait for another writer rather than an immediate "busy".
  Result<bool> open(const std::string& name, int flags) {
    // A Store is used by one thread at a time (store.h): no mutex around
    // every SQLite call (it was 4% of loading every extraction).
    // Nor a global mutex around every allocation for SQLite's memory
    // statistics, which nothing reads (no heap limit is set); it can only be
    // switched off before SQLite initializes, so the first store opened does
    // it (later calls, or a library already initialized, leave it as is).
    static const bool memstatus_off = [] {
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      return true;
    }();
    (void)memstatus_off;
    int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      return Error{path, -1, "cannot open database: " + message};
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return true;
  }

  Error error(const Failure& f) const {
    if (is_corruption(f.code)) {
      return Error{path, -1,
                   std::string(kCorruptStoreMessage) + " (" + f.message +
                       "); rebuild it with `policygraph ingest PATH... --db " + path + "`"};
    }
    // The extended code says which write failed; the system's errno says why
    // (a -shm file that cannot grow fails as SQLITE_IOERR_SHMSIZE with EFBIG).
    int sys = db ? sqlite3_system_errno(db) : 0;
    if (is_out_of_room(f.code) || sys == EFBIG || sys == ENOSPC) {
      return Error{path, -1, f.message + " (" + std::string(kStoreOutOfRoomMessage) + ")"};
    }
    return Error{path, -1, f.message};
  }

  void step(std::string_view name) {
    if (hook && !hook(name)) fail("stopped by the step hook at \"" + std::string(name) + "\"");
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }

void Store::set_step_hook(StepHook hook) { impl_->hook = std::move(hook); }

sqlite3* Store::db_handle() const { return impl_->db; }

Result<bool> check_schema(const std::string& path, sqlite3* db, bool may_migrate);

Result<Store> Store::open(const std::string& path, OpenMode mode) {
  if (mode == OpenMode::kReadOnly) {
    Result<Store> plain = open_read_only(path, /*immutable=*/false);
    if (plain.ok()) return plain;
    // A WAL database in a folder we cannot write: SQLite cannot create the
    // -shm file to read it. Read the file as it is - no one can be writing
    // it through this folder either. Elsewhere a failure is the answer: an
    // immutable read of a file being written could see torn pages.
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (::access(dir.c_str(), W_OK) == 0) return plain;
    Result<Store> frozen = open_read_only(path, /*immutable=*/true);
    if (frozen.ok()) return frozen;
    return plain;
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  // Without CREATE a missing file is an error; READWRITE even for readers so
  // that opening can roll back a hot journal left by a killed ingest.
  int flags = SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::kCreateIfMissing) flags |= SQLITE_OPEN_CREATE;
  if (auto opened = impl->open(path, flags); !opened) return opened.error();
  try {
    sqlite3* db = impl->db;
    exec(db, "PRAGMA foreign_keys = ON", "enabling foreign keys");
    // WAL with synchronous=NORMAL: a commit is an append to the -wal file
    // without an fsync, so a killed process loses nothing committed and an
    // interrupted transaction is simply not in the log; a power cut can lose
    // the last commits but never corrupts the file, and the corpus can be
    // re-ingested from its texts. The rollback journal with FULL syncs took
    // 34 s for 7,553 files (scripts/bench); this takes about 1 s. The -wal and
    // -shm files are folded back into the database when the last connection
    // closes.
    // A new store's pages are 16 KB rather than SQLite's 4 KB: fewer pages
    // to write, log and checkpoint for the same rows. At 10k documents it
    // took ingest from 3.3-3.7 s CPU to 2.8-3.2 s (--no-text-index), and
    // 19.0 s to 16.6 s with the text index; queries read the same. Only a
    // file not written yet takes it (before WAL mode writes the header); an
    // existing store keeps its own size.
    exec(db, "PRAGMA page_size = 16384", "setting the page size");
    exec(db, "PRAGMA journal_mode = WAL", "setting WAL journal mode");
    exec(db, "PRAGMA synchronous = NORMAL", "setting synchronous");
    // put_files takes a savepoint per file: its journal (and each
    // statement's) is kept in memory instead of a temporary file that spills
    // past 64 KB. On 10k documents that was 345,000 of the 506,000 writes
    // of an ingest (strace), for journals no reader ever sees.
    exec(db, "PRAGMA temp_store = MEMORY", "keeping temporary journals in memory");
    // A batch dirties pages all over the indexes (titles, numbers): a 32 MB
    // page cache (default 2 MB) keeps a batch from spilling to the log
    // before its commit, and the hot index pages between batches.
    exec(db, "PRAGMA cache_size = -32768", "setting the page cache size");

    auto count_tables = [db](const char* where) {
      std::string sql = std::string("SELECT count(*) FROM sqlite_master WHERE ") + where;
      Stmt s(db, sql.c_str());  // static text, no data in it
      s.step();
      return s.int64(0);
    };
    // The first read is where a file that is not SQLite at all fails.
    if (count_tables("1") == 0) {
      if (mode == OpenMode::kMustExist) {
        return Error{path, -1, "not a policygraph database (it is empty); run policygraph ingest"};
      }
      Transaction tx(db, true);
      // Another process may have created the schema while we waited.
      if (count_tables("1") == 0) {
        exec(db, kSchemaSql, "creating the schema");
        exec(db, text_index_detail::schema_sql(), "creating the text index");
        Stmt meta(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)");
        meta.text(1, "schema_version").text(2, std::to_string(kStoreSchemaVersion)).run();
        meta.text(1, "application").text(2, "policygraph").run();
      }
      tx.commit();
    }
    if (Result<bool> checked = check_schema(impl->path, db, /*may_migrate=*/true); !checked) {
      return checked.error();
    }
  } catch (const Failure& f) {
    return impl->error(f);
  }
  return Store(std::move(impl));
}

Result<Store> Store::open_read_only(const std::string& path, bool immutable) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  // No journal-mode switch and no schema creation: a reader of a store on a
  // read-only share or in a read-only folder writes nothing.
  int flags = SQLITE_OPEN_READONLY;
  std::string name = path;
  if (immutable) {
    flags |= SQLITE_OPEN_URI;
    name = file_uri(path) + "?immutable=1";
  }
  if (auto opened = impl->open(name, flags); !opened) return opened.error();
  try {
    sqlite3* db = impl->db;
    Stmt any(db, "SELECT count(*) FROM sqlite_master");  // fails on a non-SQLite file
    any.step();
    if (any.int64(0) == 0) {
      return Error{path, -1, "not a policygraph database (it is empty); run policygraph ingest"};
    }
    if (Result<bool> checked = check_schema(impl->path, db, /*may_migrate=*/false); !checked) {
      return checked.error();
    }
  } catch (const Failure& f) {
    return impl->error(f);
  }
  return Store(std::move(impl));
}

namespace {

// The schema_version of meta, or an Error naming `path`.
Result<int> stored_schema_version(const std::string& path, sqlite3* db) {
  {
    Stmt meta(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    meta.step();
    if (meta.int64(0) == 0) return Error{path, -1, "not a policygraph database (no meta table)"};
  }
  Stmt version(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version.step()) return Error{path, -1, "not a policygraph database (no schema_version)"};
  std::string text = version.str(0);
  int found = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), found);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Error{path, -1,
                 "database has schema version \"" + text + "\"; this policygraph needs " +
                     std::to_string(kStoreSchemaVersion)};
  }
  return found;
}

}  // namespace

// The meta table and the schema version this build reads; a version 2 or 3
// store opened for writing is migrated in place, in one transaction.
Result<bool> check_schema(const std::string& path, sqlite3* db, bool may_migrate) {
  Result<int> found = stored_schema_version(path, db);
  if (!found) return found.error();
  const bool upgradable = *found >= 2 && *found < kStoreSchemaVersion;
  if (upgradable && may_migrate) {
    Transaction tx(db, true);
    // Another process may have migrated it while we waited for the lock.
    found = stored_schema_version(path, db);
    if (!found) return found.error();
    if (*found == 2) {
      exec(db, kMigrate2To3Sql, "upgrading the schema from version 2 to 3");
      *found = 3;
    }
    if (*found == 3) {
      exec(db, kMigrate3To4Sql, "upgrading the schema from version 3 to 4");
      *found = 4;
    }
    if (*found == 4) {
      // The text tables come with version 8's schema, below.
      exec(db, kMigrate4To5Sql, "upgrading the schema from version 4 to 5");
      *found = 5;
    }
    if (*found == 5) {
      exec(db, kMigrate5To6Sql, "upgrading the schema from version 5 to 6");
      *found = 6;
    }
    if (*found == 6) {
      // The pending list and the new triggers come with version 8's schema,
      // which every store older than 8 gets from the step to 8 alone.
      exec(db, text_index_detail::migrate_6_to_7_sql(), "upgrading the schema from version 6 to 7");
      exec(db, kMigrate6To7Sql, "upgrading the schema from version 6 to 7");
      *found = 7;
    }
    if (*found == 7) {
      text_index_detail::migrate_7_to_8(db);
      exec(db, text_index_detail::schema_sql(), "upgrading the schema from version 7 to 8");
      exec(db, kMigrate7To8Sql, "upgrading the schema from version 7 to 8");
      *found = 8;
    }
    tx.commit();
  }
  if (*found >= 2 && *found < kStoreSchemaVersion) {
    return Error{path, -1,
                 "database has schema version " + std::to_string(*found) +
                     "; this policygraph needs " + std::to_string(kStoreSchemaVersion) +
                     ": upgrade it with `policygraph " + (*found >= 6 ? "index-text" : "reindex") +
                     " --db " + path + "`"};
  }
  if (*found != kStoreSchemaVersion) {
    return Error{path, -1,
                 "database has schema version " + std::to_string(*found) +
                     "; this policygraph needs " + std::to_string(kStoreSchemaVersion)};
  }
  return true;
}

namespace {

// Why a file was not stored, naming it; a full disk says so, and that the
// store keeps what it had.
Error not_stored(const std::string& file_path, const std::string& db_path, const Failure& f) {
  if (is_out_of_room(f.code)) {
    return Error{file_path, -1,
                 "not stored in " + db_path + ": " + f.message + " (" +
                     std::string(kStoreOutOfRoomMessage) +
                     "); the store keeps its previous content"};
  }
  return Error{file_path, -1, "not stored in " + db_path + ": " + f.message};
}

// One file inside the batch's transaction (and its savepoint).
Store::IngestOutcome put_one(Writer& w, text_index_detail::TextWriter& tw, sqlite3* db,
                             const FilePut& f, const std::function<void(std::string_view)>& step) {
  const Extraction& e = *f.extraction;
  std::optional<std::int64_t> id;
  w.find.text_ref(1, f.path);
  if (w.find.step()) {
    // The same bytes under the same name (Extraction::source, relative to
    // the ingest root) by the same extractor are unchanged; under another
    // name (a file ingested from another root, or stored before names were
    // relative) or by another extractor they are stored again, so that every
    // answer names it alike and comes from the current rules.
    const bool same = w.find.str(1) == f.hash && w.find.str(2) == e.source &&
                      w.find.int64(3) == f.extractor.version &&
                      w.find.str(4) == f.extractor.tables_hash;
    id = w.find.int64(0);
    w.find.reset();
    if (same && !f.force) return Store::IngestOutcome::kUnchanged;
  } else {
    w.find.reset();
  }
  Store::IngestOutcome outcome =
      id ? Store::IngestOutcome::kReplaced : Store::IngestOutcome::kAdded;
  if (id) {
    // Keep the file's id so that no other file's rows change; its children
    // go (issuers, titles and evidence by cascade from documents).
    w.update.integer(1, *id).text_ref(2, f.hash).text_ref(3, e.source).text_ref(4, e.encoding);
    w.update.text_ref(5, e.gazette.publisher).integer(6, e.gazette.year);
    w.update.text_ref(7, e.gazette.issue).text_ref(8, e.notes).integer(9, f.extractor.version);
    w.update.text_ref(10, f.extractor.tables_hash);
    w.update.run();
    w.del_docs.integer(1, *id).run();
    w.del_edges.integer(1, *id).run();
    tw.remove(*id);
  } else {
    w.insert.text_ref(1, f.path).text_ref(2, f.hash).text_ref(3, e.source);
    w.insert.text_ref(4, e.encoding).text_ref(5, e.gazette.publisher);
    w.insert.integer(6, e.gazette.year).text_ref(7, e.gazette.issue).text_ref(8, e.notes);
    w.insert.integer(9, f.extractor.version).text_ref(10, f.extractor.tables_hash);
    w.insert.run();
    id = sqlite3_last_insert_rowid(db);
  }
  step("file");
  write_rows(w, *id, e, step);
  if (f.text) tw.write(*id, *f.text);
  return outcome;
}

}  // namespace

Result<Store::IngestOutcome> Store::put_file(const std::string& file_path, std::string_view hash,
                                             const Extraction& e, const ExtractorStamp& extractor) {
  std::vector<FilePut> one{{file_path, std::string(hash), &e, extractor, false}};
  Result<std::vector<Result<IngestOutcome>>> done = put_files(one);
  if (!done) {
    // The batch's own error names the store; a single file's names the file.
    Error error = done.error();
    error.file = file_path;
    return error;
  }
  return std::move(done->front());
}

Result<std::vector<Result<Store::IngestOutcome>>> Store::put_files(
    const std::vector<FilePut>& files) {
  sqlite3* db = impl_->db;
  std::vector<Result<IngestOutcome>> out;
  out.reserve(files.size());
  const auto step = [this](std::string_view s) { impl_->step(s); };
  const FilePut* current = nullptr;
  try {
    Writer& w = impl_->writer();
    Transaction tx(db, true);
    // Read the schema inside the transaction before the text statements are
    // first prepared: another process may have created the store meanwhile,
    // and a prepare against this connection's older copy of the schema
    // fails with "no such table" (seen with two ingests starting at once).
    exec(db, "SELECT count(*) FROM sqlite_master", "reading the schema");
    for (const FilePut& f : files) {
      current = &f;
      exec(db, "SAVEPOINT file", "starting a file's savepoint");
      try {
        impl_->step("begin");
        IngestOutcome outcome = put_one(w, impl_->text_writer(), db, f, step);
        exec(db, "RELEASE file", "releasing a file's savepoint");
        out.push_back(outcome);
      } catch (const Failure& failure) {
        w.reset_all();
        impl_->text_writer().reset_all();
        // A full disk (or an I/O error) may have ended the whole
        // transaction: then nothing of the batch is stored, and the caller
        // hears it as the batch's failure.
        if (sqlite3_get_autocommit(db) || is_out_of_room(failure.code)) throw;
        exec(db, "ROLLBACK TO file", "rolling back a file's savepoint");
        exec(db, "RELEASE file", "releasing a file's savepoint");
        out.push_back(not_stored(f.path, impl_->path, failure));
      }
    }
    current = nullptr;
    impl_->step("commit");
    tx.commit();
    return out;
  } catch (const Failure& f) {
    // The transaction has rolled back: the store holds what it held before.
    if (files.size() == 1 && current) return not_stored(current->path, impl_->path, f);
    Error e = not_stored(impl_->path, impl_->path, f);
    e.message = "a batch of " + std::to_string(files.size()) + " files " + e.message;
    return e;
  }
}

Result<bool> Store::has_file(const std::string& file_path, std::string_view hash) const {
  try {
    Stmt find(impl_->db, "SELECT 1 FROM files WHERE path = ?1 AND hash = ?2");
    find.text(1, file_path).text(2, hash);
    return find.step();
  } catch (const Failure& f) {
    return impl_->error(f);
  }
}

Result<bool> Store::remove_file(const std::string& file_path) {
  try {
    Transaction tx(impl_->db, true);
    Stmt del(impl_->db, "DELETE FROM files WHERE path = ?1");
    del.text(1, file_path).run();
    bool removed = sqlite3_changes(impl_->db) > 0;
    tx.commit();
    return removed;
  } catch (const Failure& f) {
    return Error{file_path, -1, "not removed from " + impl_->path + ": " + f.message};
  }
}

Result<std::vector<FileRecord>> Store::files() const {
  try {
    Stmt list(impl_->db,
              "SELECT path, hash, source,"
              " (SELECT count(*) FROM documents WHERE file_id = files.id),"
              " (SELECT count(*) FROM edges WHERE file_id = files.id),"
              " extractor_version, tables_hash"
              " FROM files ORDER BY path");
    std::vector<FileRecord> out;
    while (list.step()) {
      out.push_back({list.str(0), list.str(1), list.str(2), list.int32(3), list.int32(4),
                     ExtractorStamp{list.int32(5), list.str(6)}});
    }
    return out;
  } catch (const Failure& f) {
    return impl_->error(f);
  }
}

Result<std::optional<Extraction>> Store::load_file(const std::string& file_path) const {
  try {
    Transaction snapshot(impl_->db, false);  // one consistent view across tables
    auto id = file_id_of(impl_->db, file_path);
    if (!id) return std::optional<Extraction>();
    Loader loader(impl_->db);
    return std::optional<Extraction>(loader.load(*id));
  } catch (const Failure& f) {
    return impl_->error(f);
  }
}

Result<std::vector<Extraction>> Store::load_all() const { return load_all(KeptExtractions{}); }

Result<std::vector<Extraction>> Store::load_all(KeptExtractions&& kept) const {
  try {
    Transaction snapshot(impl_->db, false);
    Stmt files(impl_->db,
               "SELECT id, path, hash, source, extractor_version, tables_hash"
               " FROM files ORDER BY path");
    Loader loader(impl_->db);
    std::vector<Extraction> out;
    while (files.step()) {
      auto it = kept.empty() ? kept.end() : kept.find(files.str(1));
      if (it != kept.end() && it->second.hash == files.str(2) &&
          it->second.extraction.source == files.str(3) &&
          it->second.extractor == ExtractorStamp{files.int32(4), files.str(5)}) {
        out.push_back(as_stored(std::move(it->second.extraction)));
        kept.erase(it);
      } else {
        out.push_back(loader.load(files.int64(0)));
      }
    }
    return out;
  } catch (const Failure& f) {
    return impl_->error(f);
  }
}

Result<std::string> Store::dump() const {
  sqlite3* db = impl_->db;
  try {
    Transaction snapshot(db, false);
    std::string out;
    {
      Stmt meta(db, "SELECT '', key, value FROM meta ORDER BY key");
      append_rows(out, meta, "meta");
    }
    // Row ids are left out: file ids depend on history (a removed and re-added
    // file gets a new one), the contents do not.
    Stmt file(db,
              "SELECT path, hash, source, encoding, publisher, year, issue, notes,"
              " extractor_version, tables_hash FROM files WHERE id = ?1");
    Stmt docs(db,
              "SELECT f.path, d.ordinal, d.doc_no, d.title, d.kind, d.signed, d.printed,"
              " d.registration_no, d.effective, d.expires, d.expires_text, d.prevails_clause,"
              " d.line_start, d.line_end FROM documents d JOIN files f ON f.id = d.file_id"
              " WHERE d.file_id = ?1 ORDER BY d.ordinal");
    Stmt issuers(db,
                 "SELECT f.path, i.doc_ordinal, i.ordinal, i.name FROM document_issuers i"
                 " JOIN files f ON f.id = i.file_id WHERE i.file_id = ?1"
                 " ORDER BY i.doc_ordinal, i.ordinal");
    Stmt titles(db,
                "SELECT f.path, t.doc_ordinal, t.ordinal, t.title FROM promulgated_titles t"
                " JOIN files f ON f.id = t.file_id WHERE t.file_id = ?1"
                " ORDER BY t.doc_ordinal, t.ordinal");
    Stmt evidence(db,
                  "SELECT f.path, v.doc_ordinal, v.ordinal, v.field, v.file, v.line, v.quote,"
                  " v.page FROM document_evidence v JOIN files f ON f.id = v.file_id"
                  " WHERE v.file_id = ?1 ORDER BY v.doc_ordinal, v.ordinal");
    Stmt edges(db,
               "SELECT f.path, e.ordinal, e.from_key, e.to_doc_no, e.to_title, e.type, e.line,"
               " e.evidence, e.derived, e.from_date, e.to_date, e.page FROM edges e"
               " JOIN files f ON f.id = e.file_id"
               " WHERE e.file_id = ?1 ORDER BY e.ordinal");
    Stmt ids(db, "SELECT id FROM files ORDER BY path");
    while (ids.step()) {
      std::int64_t id = ids.int64(0);
      file.integer(1, id);
      append_rows(out, file, "files");
      docs.integer(1, id);
      append_rows(out, docs, "documents");
      issuers.integer(1, id);
      append_rows(out, issuers, "document_issuers");
      titles.integer(1, id);
      append_rows(out, titles, "promulgated_titles");
      evidence.integer(1, id);
      append_rows(out, evidence, "document_evidence");
      edges.integer(1, id);
      append_rows(out, edges, "edges");
    }
    return out;
  } catch (const Failure& f) {
    return impl_->error(f);
  }
}

Result<std::string> Store::integrity_check() const {
  try {
    std::string out;
    {
      Stmt check(impl_->db, "PRAGMA integrity_check");
      while (check.step()) {
        if (!out.empty()) out += '\n';
        out += check.str(0);
      }
    }
    // Rows whose parent is gone would be invisible to load_all.
    Stmt fk(impl_->db, "PRAGMA foreign_key_check");
    while (fk.step()) {
      out = out == "ok" ? std::string() : out + '\n';
      out += "foreign key violation in " + fk.str(0) + " row " + fk.str(1);
    }
    return out;
  } catch (const Failure& f) {
    return impl_->error(f);
  }
}

}  // namespace pg
