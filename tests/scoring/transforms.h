// Metamorphic transforms of the labelled gazettes (tests/data/gazettes): each
// rewrites a text the way texts from other places and other tools differ
// (other names, other line widths, web-page headers, other brackets, Markdown,
// page furniture, no table of contents, spaced characters) and rewrites its
// gold labels to match (names renamed, line numbers carried to the new lines).
// No new labels are needed: a transform that does not change what the text
// says must not change what is read.
//
// Used by tests/analyzer/robustness_test.cpp and `policygraph-score
// --transforms` (scripts/score --transforms).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "graphs/base/result.h"
#include "graphs/model/model.h"
#include "scoring/scorer.h"

namespace pg::scoring {

// One labelled text: the text as bytes and its gold extraction.
struct Labelled {
  std::string name;  // file name, e.g. 000_1a218bf28652ce10.txt
  std::string text;
  Extraction gold;
};

// Every DIR/SET/X.txt with a gold DIR/SET/X.json, in file-name order. A
// missing directory, no labelled file or an unreadable gold is an Error.
Result<std::vector<Labelled>> load_labelled(const std::string& data_dir, const std::string& set);

struct Transform {
  std::string name;  // short, for a table row: "rewrap 20", "markdown"
  std::function<Labelled(const Labelled&)> apply;
};

// "page furniture" ends a page every kPageLines lines of the text with five
// lines: a blank, the page number (— 12 —), a blank, the running header
// (济南市人民政府公报 2017年第23期), a blank.
inline constexpr int kPageLines = 7;
inline constexpr int kPageBreakLines = 5;

// The suite, in report order.
const std::vector<Transform>& transforms();

// Extracts every text (decoded as a file would be) and sums the scores
// against its gold; a text that cannot be decoded scores as an empty
// extraction.
FileScore score_labelled(const std::vector<Labelled>& texts, const std::string& name);

// right / total over every field of every matched document (1.0 when none).
double fields_accuracy(const FileScore& s);

// The untransformed set first (named "base"), then one row per transform.
struct TransformRow {
  std::string name;
  FileScore score;
};
Result<std::vector<TransformRow>> score_transforms(const std::string& data_dir,
                                                   const std::string& set = "gazettes");

}  // namespace pg::scoring
