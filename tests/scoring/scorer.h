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

#include "graphs/model.h"

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
