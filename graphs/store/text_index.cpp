#include "graphs/store/text_index.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <string_view>

#include "graphs/base/utf8.h"
#include "graphs/store/sqlite_stmt.h"

namespace pg {

using sql::exec;
using sql::Failure;
using sql::Stmt;

namespace text_index_detail {

// Spans of lines rather than one row per file or per line: a hit is a
// document, so a document's span is what bm25 ranks and what the index
// returns (one row per hit, no grouping); lines between documents are kept
// for source_lines but not indexed. A row per line would be ~50 rows per
// document (50M at 1M documents), each with FTS5's per-row cost (its
// docsize row and a doclist entry per trigram); a row per file would rank
// a whole gazette issue and give no document.
// The index is an external-content FTS5 table over text_spans: the text is
// stored once (the trigram index of CJK text is already ~3 times its size),
// and triggers keep the index in step with the rows however they go (a
// replace, remove_file's cascade). What is indexed is `flat`, the text
// without line breaks and spaces: gazettes set in narrow columns break a
// title or a sentence over two or three lines, and PDF text puts spaces
// between CJK characters, so a phrase typed whole is found whole.
// The rows are the table text_span_rows; text_spans is a view of them that
// adds `flat`, computed when read. Until version 8 `flat` was a virtual
// generated column of the table, and SQLite computes a table's generated
// columns on every insert, read or not: the five replace() passes over each
// span were 3/4 of the instructions ingest's writer thread spent storing a
// file (callgrind, 5k documents: 2,432M of 3,279M), the writer being what
// the first phase of a large ingest waits for.
// detail=full (positions kept) rather than detail=none or column: measured on
// the 10k bench store (15.4M characters in 10,000 document spans), building
// the index costs 17.5 s CPU with full, 14.8 with column, 11.2 with none,
// and takes 63, 46 and 23 MB. But without positions FTS5 refuses a phrase
// ("phrase queries are not supported (detail!=full)"), so a word of 4+
// characters must become the AND of its trigrams with instr() on the flat
// text of every candidate: 0.21 s CPU for 救助供养 (1,239 spans) against
// 0.01 s; and bm25 loses the term frequency, which changes the order. The
// saving (a third of the index's CPU) does not reach issue 10's ingest
// target either way.
// So a span is not indexed as it is stored: ~90% of an ingest's CPU was the
// index (110 s against 12.2 s without it on the 100k bench corpus). The
// insert trigger lists it in text_pending, and index_pending_text indexes
// the list after the graph is committed. Pending is a list of span ids, not
// a watermark: an INTEGER PRIMARY KEY id is reused after the last row goes.
// The delete trigger must not send an external-content index a 'delete' for
// a row it never held (that corrupts it): a pending span leaves the list
// only.
// What `flat` is made of, for the view and the delete trigger.
#define PG_FLAT_OF(text)                          \
  "replace(replace(replace(replace(replace(" text \
  ", char(10), ''), char(13), ''), ' ', "         \
  "''), char(9), ''), char(12288), '')"

const char* schema_sql() {
  return R"sql(
CREATE TABLE IF NOT EXISTS text_files(
  file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
  lines INTEGER NOT NULL,
  page_starts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS text_span_rows(
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  line_start INTEGER NOT NULL,
  line_end INTEGER NOT NULL,
  doc_ordinal INTEGER,
  doc_key TEXT,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS text_spans_file ON text_span_rows(file_id, line_start);
CREATE VIEW IF NOT EXISTS text_spans AS
  SELECT id, file_id, line_start, line_end, doc_ordinal, doc_key, text,
  )sql" PG_FLAT_OF("text") R"sql( AS flat FROM text_span_rows;
CREATE VIRTUAL TABLE IF NOT EXISTS text_search USING fts5(
  flat, content='text_spans', content_rowid='id', tokenize='trigram');
CREATE TABLE IF NOT EXISTS text_pending(span_id INTEGER PRIMARY KEY);
CREATE TRIGGER IF NOT EXISTS text_spans_pending AFTER INSERT ON text_span_rows
  WHEN new.doc_ordinal IS NOT NULL BEGIN
  INSERT INTO text_pending(span_id) VALUES(new.id);
END;
CREATE TRIGGER IF NOT EXISTS text_spans_removed AFTER DELETE ON text_span_rows
  WHEN old.doc_ordinal IS NOT NULL BEGIN
  INSERT INTO text_search(text_search, rowid, flat)
    SELECT 'delete', old.id, )sql" PG_FLAT_OF("old.text") R"sql(
    WHERE NOT EXISTS (SELECT 1 FROM text_pending WHERE span_id = old.id);
  DELETE FROM text_pending WHERE span_id = old.id;
END;
)sql";
}

#undef PG_FLAT_OF

const char* migrate_6_to_7_sql() {
  return R"sql(
DROP TRIGGER IF EXISTS text_spans_indexed;
DROP TRIGGER IF EXISTS text_spans_unindexed;
)sql";
}

void migrate_7_to_8(sqlite3* db) {
  Stmt kind(db, "SELECT type FROM sqlite_master WHERE name = 'text_spans'");
  if (!kind.step() || kind.str(0) != "table") return;  // made as version 8 already
  // Renaming keeps the rows, their ids and the index; the index's content
  // (FTS5 reads `flat` of text_spans by id) becomes the view schema_sql
  // makes. Dropping a virtual column rewrites no row.
  exec(db, R"sql(
DROP TRIGGER IF EXISTS text_spans_pending;
DROP TRIGGER IF EXISTS text_spans_removed;
ALTER TABLE text_spans RENAME TO text_span_rows;
ALTER TABLE text_span_rows DROP COLUMN flat;
)sql",
       "upgrading the schema from version 7 to 8");
}

struct TextWriter::Statements {
  explicit Statements(sqlite3* db)
      : del_spans(db, "DELETE FROM text_span_rows WHERE file_id = ?1"),
        del_file(db, "DELETE FROM text_files WHERE file_id = ?1"),
        file(db, "INSERT INTO text_files(file_id, lines, page_starts) VALUES(?1, ?2, ?3)"),
        span(db,
             "INSERT INTO text_span_rows(file_id, line_start, line_end, doc_ordinal, doc_key, text)"
             " VALUES(?1, ?2, ?3, ?4, ?5, ?6)") {}
  Stmt del_spans, del_file, file, span;
};

TextWriter::TextWriter(sqlite3* db) : s_(std::make_unique<Statements>(db)) {}
TextWriter::~TextWriter() = default;

void TextWriter::remove(std::int64_t file_id) {
  s_->del_spans.integer(1, file_id).run();
  s_->del_file.integer(1, file_id).run();
}

void TextWriter::reset_all() {
  for (Stmt* s : {&s_->del_spans, &s_->del_file, &s_->file, &s_->span}) s->reset();
}

void TextWriter::write(std::int64_t file_id, const FileSpans& spans) {
  // Bound without copies (text_ref): `spans` outlives each run().
  s_->file.integer(1, file_id).integer(2, spans.lines).text_ref(3, spans.page_starts).run();
  for (const FileSpans::Span& span : spans.spans) {
    s_->span.integer(1, file_id).integer(2, span.line_start).integer(3, span.line_end);
    if (span.doc_ordinal >= 0) {
      s_->span.integer(4, span.doc_ordinal).text_ref(5, span.doc_key);
    } else {
      s_->span.null(4).null(5);
    }
    s_->span.text_ref(6, spans.span_text(span)).run();
  }
}

}  // namespace text_index_detail

FileSpans text_spans(FileText text, const Extraction& e) {
  // Line k (1-based) is t[starts[k-1], ends[k-1]); a CR before the LF is
  // not part of the line.
  FileSpans out;
  std::string& t = text.utf8;
  std::vector<std::size_t> starts, ends;
  std::size_t at = 0;
  while (at < t.size()) {
    std::size_t lf = t.find('\n', at);
    std::size_t end = lf == std::string::npos ? t.size() : lf;
    starts.push_back(at);
    ends.push_back(end > at && t[end - 1] == '\r' ? end - 1 : end);
    at = lf == std::string::npos ? t.size() : lf + 1;
  }
  out.lines = static_cast<int>(starts.size());
  for (int p : text.page_starts) {
    if (!out.page_starts.empty()) out.page_starts += ',';
    out.page_starts += std::to_string(p);
  }
  // A span's text is its lines joined by '\n': without CRs that is a piece
  // of the text as it is, which is kept whole (moved, not copied); else the
  // lines are copied once, each followed by '\n'.
  if (t.find('\r') == std::string::npos) {
    out.text = std::move(t);
  } else {
    out.text.reserve(t.size());
    for (std::size_t k = 0; k < starts.size(); ++k) {
      const std::size_t begin = out.text.size();
      out.text.append(t, starts[k], ends[k] - starts[k]);
      starts[k] = begin;
      ends[k] = out.text.size();
      out.text += '\n';
    }
    std::string().swap(t);
  }
  auto put = [&](int first, int last, int ordinal) {
    if (first > last) return;
    FileSpans::Span s;
    s.line_start = first;
    s.line_end = last;
    if (ordinal >= 0) {
      const Document& d = e.documents[static_cast<std::size_t>(ordinal)];
      s.doc_ordinal = ordinal;
      s.doc_key = d.doc_no ? *d.doc_no : "title:" + d.title;
    }
    s.begin = starts[static_cast<std::size_t>(first - 1)];
    s.end = ends[static_cast<std::size_t>(last - 1)];
    out.spans.push_back(std::move(s));
  };
  // Documents in line order; a span never overlaps the one before (a
  // document whose lines another holds gets what is left of them).
  std::vector<int> order(e.documents.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return e.documents[a].line_start < e.documents[b].line_start;
  });
  int next = 1;  // the first line not yet in a span
  for (int i : order) {
    const Document& d = e.documents[i];
    int first = std::max(d.line_start, next);
    int last = std::min(d.line_end, out.lines);
    if (first > last) continue;
    put(next, first - 1, -1);
    put(first, last, i);
    next = last + 1;
  }
  put(next, out.lines, -1);
  return out;
}

Result<TextIndexState> text_index_state(const Store& store) {
  try {
    sqlite3* db = store.db_handle();
    TextIndexState out;
    Stmt files(db, "SELECT count(*) FROM files");
    files.step();
    out.files = files.int64(0);
    Stmt with(db, "SELECT count(*) FROM text_files");
    with.step();
    out.files_with_text = with.int64(0);
    if (out.files_with_text > 0) {
      // One docsize row per indexed span: counting text_spans' document rows
      // read every page of the stored text (10% of a search at 10,000 documents).
      Stmt spans(db, "SELECT count(*) FROM text_search_docsize");
      spans.step();
      out.document_spans = spans.int64(0);
      Stmt pending(db, "SELECT count(*) FROM text_pending");
      pending.step();
      out.pending_spans = pending.int64(0);
    }
    return out;
  } catch (const Failure& f) {
    return Error{store.path(), -1, f.message};
  }
}

Result<std::int64_t> index_pending_text(
    Store& store, const std::function<bool(const TextIndexProgress&)>& progress,
    std::size_t batch_spans) {
  sqlite3* db = store.db_handle();
  const auto batch = static_cast<std::int64_t>(std::max<std::size_t>(1, batch_spans));
  TextIndexProgress p;
  try {
    {
      Stmt total(db, "SELECT count(*) FROM text_pending");
      total.step();
      p.total = total.int64(0);
    }
    // A batch is the list's first `batch` ids, up to the last of them: the
    // batch before emptied the list's start, so finding it is a descent of
    // the primary key, not a scan past what was done (linear in all). The
    // spans go into the index in id order, as an inline index took them.
    Stmt last(db,
              "SELECT max(span_id) FROM"
              " (SELECT span_id FROM text_pending ORDER BY span_id LIMIT ?1)");
    Stmt add(db,
             "INSERT INTO text_search(rowid, flat) SELECT s.id, s.flat FROM text_pending p"
             " JOIN text_spans s ON s.id = p.span_id WHERE p.span_id <= ?1 ORDER BY p.span_id");
    Stmt done(db, "DELETE FROM text_pending WHERE span_id <= ?1");
    for (;;) {
      exec(db, "BEGIN IMMEDIATE", "indexing the stored text");
      std::int64_t n = 0;
      try {
        last.integer(1, batch);
        const bool any = last.step() && !last.is_null(0);
        const std::int64_t upto = any ? last.int64(0) : 0;
        last.reset();
        if (any) {
          add.integer(1, upto).run();
          done.integer(1, upto).run();
          n = sqlite3_changes(db);
        }
        exec(db, "COMMIT", "indexing the stored text");
      } catch (const Failure&) {
        last.reset();
        add.reset();
        done.reset();
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
      if (n == 0) break;
      p.indexed += n;
      if (progress && !progress(p)) break;
    }
    return p.indexed;
  } catch (const Failure& f) {
    return Error{store.path(), -1, f.message};
  }
}

Result<TextIndexSetting> text_index_setting(const Store& store) {
  try {
    sqlite3* db = store.db_handle();
    Stmt meta(db, "SELECT value FROM meta WHERE key = 'text_index'");
    if (meta.step()) return meta.str(0) == "off" ? TextIndexSetting::kOff : TextIndexSetting::kOn;
    return TextIndexSetting::kUnset;
  } catch (const Failure& f) {
    return Error{store.path(), -1, f.message};
  }
}

Result<std::int64_t> set_text_index_setting(Store& store, bool on) {
  sqlite3* db = store.db_handle();
  try {
    exec(db, "BEGIN IMMEDIATE", "recording the text index setting");
    try {
      std::int64_t dropped = 0;
      if (!on) {
        Stmt count(db, "SELECT count(*) FROM text_files");
        count.step();
        dropped = count.int64(0);
        // The delete trigger takes each document span out of the index.
        exec(db, "DELETE FROM text_span_rows", "dropping the stored text");
        exec(db, "DELETE FROM text_files", "dropping the stored text");
      }
      Stmt put(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('text_index', ?1)");
      put.text(1, on ? "on" : "off").run();
      exec(db, "COMMIT", "recording the text index setting");
      return dropped;
    } catch (const Failure&) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  } catch (const Failure& f) {
    return Error{store.path(), -1, f.message};
  }
}

namespace {

std::vector<int> parse_pages(std::string_view s) {
  std::vector<int> out;
  while (!s.empty()) {
    std::size_t comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    int v = 0;
    std::from_chars(part.data(), part.data() + part.size(), v);
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

namespace {

// Folds letter case as FTS5's trigram tokenizer does (case_sensitive 0,
// Unicode simple folding) for the scripts printed text uses: ASCII,
// full-width Latin, Latin-1, Greek and Cyrillic capitals.
char32_t fold_case(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c < 0xC0) return c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
      (c >= 0x410 && c <= 0x42F) || (c >= 0xFF21 && c <= 0xFF3A)) {
    return c + 32;
  }
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

std::string folded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t at = i;
    const char32_t c = next_code_point(s, i);
    const char32_t f = fold_case(c);
    if (f == c) {
      out.append(s, at, i - at);
    } else {
      append_utf8(out, f);
    }
  }
  return out;
}

// The pending spans (not yet in the index) that match, after `out`'s,
// until `limit`: each span's flat text read and tested as the index would
// answer (a trigram phrase of 3+ characters is a substring of the folded
// text), in span order. Reading every pending span is slow at scale (the
// note search gives says so), but the answer is the one the index gives.
void pending_matches(const Store& store, const std::vector<std::string>& words,
                     const std::vector<std::string>& substrings, std::size_t limit,
                     std::vector<TextMatch>& out) {
  std::vector<std::vector<std::string>> word_forms, sub_forms;
  for (const std::string& w : words) {
    std::vector<std::string> forms;
    for (const std::string& f : text_query_forms(w)) forms.push_back(folded(f));
    word_forms.push_back(std::move(forms));
  }
  for (const std::string& w : substrings) sub_forms.push_back(text_query_forms(w));
  auto any_in = [](const std::string& text, const std::vector<std::string>& forms) {
    return std::any_of(forms.begin(), forms.end(),
                       [&](const std::string& f) { return text.find(f) != std::string::npos; });
  };
  // SQLite's instr on the stored text first, for what it can decide
  // exactly: every substring (case kept), and a word none of whose forms
  // has a letter that folding touches (a CJK word, digits). A span it lets
  // through is then tested in full below. Most of the cost is SQLite
  // reading the text and making `flat`: a CJK word in no document of 100k
  // pending spans took 2.15 s CPU with every span copied and folded here,
  // 1.92 s with this filter.
  auto case_free = [](const std::string& form) {
    std::size_t i = 0;
    while (i < form.size()) {
      const char32_t c = next_code_point(form, i);
      if ((c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || (c >= 0xC0 && c < 0x530) ||
          (c >= 0xFF21 && c <= 0xFF5A)) {
        return false;
      }
    }
    return true;
  };
  std::vector<std::string> bound;
  std::string where;
  auto add_any = [&](const std::vector<std::string>& forms) {
    where += " AND (";
    for (std::size_t k = 0; k < forms.size(); ++k) {
      if (k > 0) where += " OR ";
      bound.push_back(forms[k]);
      where += "instr(s.flat, ?" + std::to_string(bound.size()) + ") > 0";
    }
    where += ')';
  };
  for (const std::string& w : words) {
    std::vector<std::string> forms = text_query_forms(w);
    if (std::all_of(forms.begin(), forms.end(), case_free)) add_any(forms);
  }
  for (const auto& forms : sub_forms) add_any(forms);
  const std::string sql =
      "SELECT s.doc_key, s.id, s.flat FROM text_pending p JOIN text_spans s"
      " ON s.id = p.span_id WHERE 1" +
      where + " ORDER BY p.span_id";
  Stmt q(store.db_handle(), sql.c_str());  // only parameter numbers are spliced in
  for (std::size_t k = 0; k < bound.size(); ++k) q.text(static_cast<int>(k + 1), bound[k]);
  while (out.size() < limit && q.step()) {
    const std::string flat = q.str(2);
    const std::string flat_folded = folded(flat);
    bool all = true;
    for (const auto& forms : word_forms) all = all && any_in(flat_folded, forms);
    for (const auto& forms : sub_forms) all = all && any_in(flat, forms);
    if (!all) continue;
    TextMatch m;
    m.doc_key = q.str(0);
    m.span = q.int64(1);
    m.rank = 1;  // after every indexed match (bm25 < 0)
    out.push_back(std::move(m));
  }
}

}  // namespace

std::vector<std::string> text_query_forms(const std::string& word) {
  // Full-width U+FF01..U+FF5E is ASCII U+0021..U+007E moved by 0xFEE0.
  constexpr char32_t kWide = 0xFEE0;
  std::string narrow, wide;
  std::size_t i = 0;
  while (i < word.size()) {
    const std::size_t at = i;
    const char32_t c = next_code_point(word, i);
    if (c >= 0xFF01 && c <= 0xFF5E) {
      narrow += static_cast<char>(c - kWide);
      append_utf8(wide, c);
    } else if (c >= 0x21 && c <= 0x7E) {
      narrow += static_cast<char>(c);
      append_utf8(wide, c + kWide);
    } else {
      narrow.append(word, at, i - at);
      wide.append(word, at, i - at);
    }
  }
  std::vector<std::string> out{word};
  for (std::string* f : {&narrow, &wide}) {
    if (std::find(out.begin(), out.end(), *f) == out.end()) out.push_back(std::move(*f));
  }
  return out;
}

Result<std::vector<TextMatch>> text_matches(const Store& store,
                                            const std::vector<std::string>& words,
                                            const std::vector<std::string>& substrings,
                                            std::size_t limit) {
  std::vector<TextMatch> out;
  if (words.empty() || limit == 0) return out;
  // Each form of a word an FTS5 string ("..." with " doubled): AND, OR,
  // NEAR(, * and column filters typed by a user are then only characters to
  // find. A word's forms are ORed, the words ANDed.
  std::string match;
  for (const std::string& w : words) {
    if (!match.empty()) match += " AND ";
    match += '(';
    bool first = true;
    for (const std::string& form : text_query_forms(w)) {
      if (!first) match += " OR ";
      first = false;
      match += '"';
      for (char c : form) {
        if (c == '"') match += '"';
        match += c;
      }
      match += '"';
    }
    match += ')';
  }
  // The best `limit` spans are ranked from the index alone (and, for
  // substrings, each match's flat text), and their text is read afterwards
  // only for the hits shown (read_match_texts): joining first carried every
  // match's whole text and file through the sort (249 ms median on the
  // serve bench for a word in 1,239 of 10,000 documents).
  std::string sql =
      "SELECT s.doc_key, r.id, CAST(r.score * 1e6 AS INTEGER)"
      " FROM (SELECT text_search.rowid AS id, bm25(text_search) AS score FROM text_search";
  if (!substrings.empty()) sql += " JOIN text_spans m ON m.id = text_search.rowid";
  sql += " WHERE text_search MATCH ?1";
  std::vector<std::string> substring_forms;  // bound from ?3 on
  for (const std::string& sub : substrings) {
    sql += " AND (";
    bool first = true;
    for (std::string& form : text_query_forms(sub)) {
      if (!first) sql += " OR ";
      first = false;
      substring_forms.push_back(std::move(form));
      sql += "instr(m.flat, ?" + std::to_string(substring_forms.size() + 2) + ") > 0";
    }
    sql += ')';
  }
  sql += " ORDER BY score, id LIMIT ?2) r JOIN text_spans s ON s.id = r.id ORDER BY r.score, r.id";
  try {
    Stmt q(store.db_handle(), sql.c_str());  // only parameter numbers are spliced in
    q.text(1, match).integer(2, static_cast<std::int64_t>(limit));
    for (std::size_t k = 0; k < substring_forms.size(); ++k) {
      q.text(static_cast<int>(k + 3), substring_forms[k]);
    }
    while (q.step()) {
      TextMatch m;
      m.doc_key = q.str(0);
      m.span = q.int64(1);
      m.rank = static_cast<double>(q.int64(2)) / 1e6;
      out.push_back(std::move(m));
    }
    if (out.size() < limit) pending_matches(store, words, substrings, limit, out);
    return out;
  } catch (const Failure& f) {
    return Error{store.path(), -1, f.message};
  }
}

Result<std::size_t> read_match_texts(const Store& store, std::vector<TextMatch*> matches) {
  try {
    Stmt q(store.db_handle(),
           "SELECT f.source, s.line_start, s.text, t.page_starts FROM text_spans s"
           " JOIN files f ON f.id = s.file_id LEFT JOIN text_files t ON t.file_id = s.file_id"
           " WHERE s.id = ?1");
    std::size_t read = 0;
    for (TextMatch* m : matches) {
      q.integer(1, m->span);
      if (q.step()) {
        m->file = q.str(0);
        m->line_start = q.int32(1);
        m->text = q.str(2);
        m->page_starts = parse_pages(q.str(3));
        ++read;
      }
      q.reset();
    }
    return read;
  } catch (const Failure& f) {
    return Error{store.path(), -1, f.message};
  }
}

Result<std::optional<SourceLines>> source_lines(const Store& store, const std::string& file,
                                                int line, int radius) {
  radius = std::clamp(radius, 0, 200);
  try {
    sqlite3* db = store.db_handle();
    // Evidence names a file by its source (relative to the ingest root);
    // several stored paths may share one: the first by path answers.
    Stmt find(db,
              "SELECT f.id, f.source, t.lines, t.page_starts FROM files f"
              " JOIN text_files t ON t.file_id = f.id"
              " WHERE f.source = ?1 OR f.path = ?1 ORDER BY f.path LIMIT 1");
    find.text(1, file);
    if (!find.step()) return std::optional<SourceLines>();
    const std::int64_t id = find.int64(0);
    SourceLines out;
    out.file = find.str(1);
    out.line = line;
    out.line_count = find.int32(2);
    const std::vector<int> pages = parse_pages(find.str(3));
    if (line < 1 || line > out.line_count) return std::optional<SourceLines>();
    const int first = std::max(1, line - radius);
    const int last = std::min(out.line_count, line + radius);
    Stmt spans(db,
               "SELECT line_start, line_end, text FROM text_spans WHERE file_id = ?1"
               " AND line_start <= ?3 AND line_end >= ?2 ORDER BY line_start");
    spans.integer(1, id).integer(2, first).integer(3, last);
    while (spans.step()) {
      int k = spans.int32(0);
      const std::string text = spans.str(2);
      std::size_t at = 0;
      for (;; ++k) {
        std::size_t lf = text.find('\n', at);
        if (k >= first && k <= last) {
          out.lines.push_back(
              {k, page_of_line(pages, k),
               text.substr(at, lf == std::string::npos ? std::string::npos : lf - at)});
        }
        if (lf == std::string::npos || k >= last) break;
        at = lf + 1;
      }
    }
    return std::optional<SourceLines>(std::move(out));
  } catch (const Failure& f) {
    return Error{store.path(), -1, f.message};
  }
}

}  // namespace pg
