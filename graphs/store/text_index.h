// The text of each stored file, for showing the lines around a piece of
// evidence (source_lines) and for full-text search (graphs/answers/search.h).
//
// Contract:
// - A file's text is the decoded text the extractor read (SourceText::utf8,
//   as printed: line n is the n-th line of it, LF or CRLF ending a line, the
//   numbering every Evidence::line uses) and, for a paged input, the line on
//   which each page starts.
// - It is kept in spans of whole lines: one span per document of the file
//   (its line_start..line_end) and one per stretch of lines between
//   documents (headers, tables of contents, page furniture). Only document
//   spans are in the full-text index: a search hit is a document.
// - A document span is stored pending: not yet in the full-text index, which
//   index_pending_text fills afterwards (ingest runs it after the graph is
//   committed unless told to leave it for later). text_matches finds pending
//   spans too, by reading their text, so search answers the same either way.
// - It is written by Store::put_files with the file's records (FilePut::text,
//   the rows text_spans made), in the same savepoint: a file replaced or
//   re-read has its old spans deleted with its records; a file stored
//   without text (a JSONL load, or an ingest with the text index off) has
//   none.
// - A store made before schema version 5 has no text until `policygraph
//   reindex` re-reads its files: text_index_state says how many files have it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/base/result.h"
#include "graphs/store/store.h"

struct sqlite3;

namespace pg {

// What put_files stores as a file's text.
struct FileText {
  std::string utf8;              // the decoded text, lines ended by LF or CRLF
  std::vector<int> page_starts;  // 1-based line of each page's start; empty: no pages
};

// A file's text cut into the rows put_files stores for it (FilePut::text):
// a pure function of the text and the extraction, so that an ingest's
// worker threads make them and its one writer thread only binds them.
struct FileSpans {
  struct Span {
    int line_start = 0;  // 1-based, whole lines
    int line_end = 0;
    int doc_ordinal = -1;   // the document's index in Extraction::documents; -1: lines between
    std::string doc_key;    // the document's number, else "title:" + its title; "" for -1
    std::size_t begin = 0;  // its text (its lines joined by '\n', as printed):
    std::size_t end = 0;    //   `text`[begin, end)
  };
  int lines = 0;            // lines in the file
  std::string page_starts;  // FileText::page_starts as "1,40,77"
  std::string text;         // the file's lines, each followed by '\n' but perhaps the last
  std::vector<Span> spans;  // in line order, not overlapping, covering every line
  std::string_view span_text(const Span& s) const {
    return std::string_view(text).substr(s.begin, s.end - s.begin);
  }
};

// The spans of `text` cut at the documents of `e` (see the contract above).
// The text is moved in: without CRs it becomes FileSpans::text as it is.
FileSpans text_spans(FileText text, const Extraction& e);

// How much of the store has text.
struct TextIndexState {
  std::int64_t files = 0;            // stored files
  std::int64_t files_with_text = 0;  // of them, with text
  std::int64_t document_spans = 0;   // spans in the full-text index
  std::int64_t pending_spans = 0;    // document spans stored, not yet in it
  bool empty() const { return files_with_text == 0; }
};
Result<TextIndexState> text_index_state(const Store& store);

// Document spans put in the full-text index per transaction by default
// (about 3 MB of text). Larger batches measured no cheaper within the noise
// (10k bench store, CPU s: 2,000 a transaction 6.6-8.0, 10,000 6.8-7.3,
// 20,000 6.6-7.4; 200 8.8); a kill loses at most one batch's work.
inline constexpr std::size_t kTextIndexBatch = 2000;

// How far index_pending_text is.
struct TextIndexProgress {
  std::int64_t indexed = 0;  // spans indexed by this call so far (committed)
  std::int64_t total = 0;    // spans pending when the call began
};

// Puts the pending document spans into the full-text index, oldest span
// first, in transactions of at most `batch_spans` (at least 1) spans: each
// indexes its spans and takes them off the pending list together, so an
// interrupted run (an error, a kill) loses at most its current transaction
// and the next run goes on from there. After each commit `progress` (when
// set) is called; returning false stops the run there, the rest left
// pending. Spans stored meanwhile by another writer are indexed too when
// the run reaches them. Returns the number of spans indexed.
Result<std::int64_t> index_pending_text(
    Store& store, const std::function<bool(const TextIndexProgress&)>& progress = {},
    std::size_t batch_spans = kTextIndexBatch);

// Whether a store keeps text, as chosen at its first ingest and recorded in
// meta ("text_index": "on" or "off"), so that a later ingest keeps to it
// rather than storing text for some files only. A store from before the
// record reads as unset, and an ingest treats it as on (the default then) and
// records its choice; its files without text are what reindex fills.
enum class TextIndexSetting {
  kUnset,  // nothing recorded: the next ingest chooses (on unless told)
  kOn,     // files stored or rewritten keep their text
  kOff,    // no file keeps text (`ingest --no-text-index`)
};
Result<TextIndexSetting> text_index_setting(const Store& store);

// Records the setting. Turning it off drops the text of every stored file
// (and its rows of the full-text index) in the same transaction, so the
// store is never half indexed; turning it on stores text for the files
// stored from then on (`policygraph reindex` re-reads the others). Returns
// the number of files whose text was dropped.
Result<std::int64_t> set_text_index_setting(Store& store, bool on);

// One line of a stored file.
struct SourceLine {
  int line = 0;      // 1-based
  int page = 0;      // 1-based page of a paged input; 0: no pages
  std::string text;  // as printed (untrusted document text: escape it)
};

// The lines around one line of a file.
struct SourceLines {
  std::string file;               // Extraction::source (what Evidence::file says)
  int line = 0;                   // the line asked for
  int line_count = 0;             // lines in the file
  std::vector<SourceLine> lines;  // line - radius .. line + radius, clipped to the file
};

// The lines `line` - `radius` .. `line` + `radius` of the stored file whose
// source (Extraction::source, as evidence names it) or store key is `file`.
// nullopt when no such file has text, or `line` is outside it (1..line_count).
// `radius` is clipped to 0..200.
Result<std::optional<SourceLines>> source_lines(const Store& store, const std::string& file,
                                                int line, int radius);

// A document span the full-text index matched, best first. text_matches
// gives its key, span and rank; read_match_texts the rest.
struct TextMatch {
  std::string doc_key;           // the document's number, else "title:" + its title
  std::int64_t span = 0;         // the span's row in the store
  double rank = 0;               // FTS5 bm25: lower is better (<= 0); 1: pending
  std::string file;              // Extraction::source
  int line_start = 0;            // the span's first line
  std::string text;              // its lines joined by '\n', as printed
  std::vector<int> page_starts;  // the file's (empty: no pages)
};

// The forms a query word is looked up in, the word as typed first: printed
// text sets digits and Latin letters either way (〔２０１７〕 beside 〔2017〕), so
// a word is also tried with full-width ASCII (U+FF01..U+FF5E) folded to
// ASCII, and with ASCII (U+0021..U+007E) widened to full width; no form
// twice. A word without such characters has one form.
std::vector<std::string> text_query_forms(const std::string& word);

// Document spans whose text, read without line breaks and spaces (ASCII
// space, tab, CR, LF, U+3000), contains every one of `words` (in any of its
// text_query_forms; each at least
// 3 characters: the trigram index finds nothing shorter; each is quoted as
// an FTS5 string, so no query syntax gets through; ASCII case is ignored)
// and every one of `substrings` (any length, in any of its forms, tested on
// that text, case kept), at most `limit`: the indexed spans best bm25 first
// (then by span), then the pending spans (index_pending_text), which are
// found by reading their text with the same rules (case folded as the
// trigram index folds ASCII, full-width Latin, Latin-1, Greek and Cyrillic
// letters), in span order with rank 1. No words: no matches.
// Each match has its doc_key, span and rank, not its text (read_match_texts).
Result<std::vector<TextMatch>> text_matches(const Store& store,
                                            const std::vector<std::string>& words,
                                            const std::vector<std::string>& substrings,
                                            std::size_t limit);

// Fills file, line_start, text and page_starts of each of `matches` (as
// text_matches gave them) from its span. Returns how many spans were read;
// a span gone since (a file replaced in between) is left without text.
Result<std::size_t> read_match_texts(const Store& store, std::vector<TextMatch*> matches);

namespace text_index_detail {

// The tables, view and triggers of schema version 8 (CREATE ... IF NOT
// EXISTS): a new store runs it after the rest of the schema, and every
// migration from an older version (4 to 7) in its last step, to 8.
const char* schema_sql();
// Version 6 -> 7: the spans' insert trigger no longer indexes a span but
// records it pending, and the delete trigger sends the index a delete only
// for an indexed span. The spans indexed stay indexed; none is pending.
const char* migrate_6_to_7_sql();
// Version 7 -> 8, before schema_sql: the spans' table, text_spans with
// `flat` a generated column, becomes text_span_rows without it (text_spans
// is then schema_sql's view). Nothing is indexed again: the index reads the
// same `flat` by the same ids. Does nothing to a store whose text_spans is a
// view already (migrated from version 4). Throws sql::Failure.
void migrate_7_to_8(sqlite3* db);

// The statements put_files writes a file's text with, prepared once per
// store. Throws sql::Failure (graphs/store only).
class TextWriter {
 public:
  explicit TextWriter(sqlite3* db);
  ~TextWriter();
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;
  // Deletes the spans of `file_id` (a file replaced or re-read).
  void remove(std::int64_t file_id);
  // Writes `spans` as the text of `file_id`. Their strings are bound
  // without a copy: they must not change during the call.
  void write(std::int64_t file_id, const FileSpans& spans);
  // After a failure, so that no statement holds rolled-back state.
  void reset_all();

 private:
  struct Statements;
  std::unique_ptr<Statements> s_;
};

}  // namespace text_index_detail

}  // namespace pg
