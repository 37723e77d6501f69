// Scores an extraction against a gold file (tests/data/SCHEMA.md format).
//
// Matching rules:
//  - documents match by doc_no when the gold has one, else by title;
//  - an edge is keyed by (from, target, type) where target is to_doc_no when
//    given, else to_title (whitespace-free); untyped scoring drops the type;
//    an edge matches when `from` is equal and the targets are the same
//    instrument: equal numbers, or, when either side lacks a number, equal
//    titles; each gold edge is matched at most once;
//  - field accuracy counts, over gold documents that were found, how many
//    have the field right (line_start within 2 lines; title compared without
//    whitespace; issuers and promulgated_titles as ordered lists).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "graphs/model/model.h"

namespace pg::scoring {

struct Prf {
  int true_pos = 0;
  int false_pos = 0;
  int false_neg = 0;
  double precision() const;
  double recall() const;
  double f1() const;  // 1.0 when there is nothing to find and nothing found
};

struct FileScore {
  std::string file;
  Prf documents;
  Prf untyped_edges;
  Prf typed_edges;
  // field name -> (right, total) over matched documents. Field names:
  // title, issuers, signed, printed, effective, expires, registration_no,
  // promulgated_titles, line_start.
  std::map<std::string, std::pair<int, int>> fields;
  // Gold repeals/amends edges that were not found (typed match).
  std::vector<Edge> missed_repeal_amend;
  // Human-readable lines on every miss and false alarm, for scripts/score -v.
  std::vector<std::string> details;
};

FileScore score_file(const Extraction& got, const Extraction& gold);

// Sums of several files (fields summed, PRFs summed).
FileScore total(const std::vector<FileScore>& files, const std::string& name);

}  // namespace pg::scoring

// --- Walking the sample corpus (tests/data): shared by the accuracy test and
// the policygraph-score tool. ------------------------------------------------
#include <string_view>

#include "graphs/base/result.h"

namespace pg::scoring {

// Every whitespace character removed (ASCII, U+3000, U+00A0, U+2000..U+200B,
// U+FEFF): how titles and `from` values are compared.
std::string remove_whitespace(std::string_view s);

// right / total of one field of a score; 1.0 when no document was compared.
double field_accuracy(const FileScore& s, const std::string& field);

// The field names of FileScore::fields, in report order.
const std::vector<std::string>& field_names();

// The scores of one labelled set, e.g. DIR/gazettes: every DIR/SET/X.txt that
// has a gold DIR/SET/X.json, read, extracted and scored, in file-name order.
// A text that cannot be read or extracted is scored as an empty extraction
// (with a detail line saying why). A missing set directory, a set without
// labelled files or an unreadable gold file is an Error.
struct SetScore {
  std::string set;  // "gazettes", "judicial"
  std::vector<FileScore> files;
  FileScore sum;  // total(files, set)
};
// The texts of data_dir/set that have a gold .json beside them, sorted by
// name; an error when the folder is missing or holds none.
Result<std::vector<std::string>> labelled_texts(const std::string& data_dir,
                                                const std::string& set);

Result<SetScore> score_set(const std::string& data_dir, const std::string& set);

// The national set: each row of DIR/national/index.tsv (file, doc_no, title,
// issuer) is right when the first document extracted from the file has that
// doc_no and, whitespace removed, that title. A missing index or listed file
// is an Error.
struct NationalScore {
  int right = 0;
  int total = 0;
  std::vector<std::string> misses;  // "FILE: got NO 《TITLE》 want NO 《TITLE》"
};
Result<NationalScore> score_national(const std::string& data_dir);

}  // namespace pg::scoring
