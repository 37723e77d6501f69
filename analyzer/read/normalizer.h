// Stage 2: decoded text -> normalized lines, with a map back to the original.
//
// Each line is normalized on its own, in one pass over its UTF-8:
//  - whitespace of every kind (ASCII, U+3000, NBSP, zero-width, BOM) removed:
//    PDF extraction puts spaces inside CJK titles and document numbers;
//  - full-width digits and Latin letters folded to ASCII (２０１７ -> 2017);
//    Kangxi radicals and CJK compatibility ideographs folded to the unified
//    ideographs (through ICU's NFKC data); punctuation is kept as printed;
//  - Markdown marks dropped: '**' and '__' emphasis, leading '#' heading marks,
//    table pipes '|', table rules ('---'), HTML comments (<!-- ... -->).
// Then lines broken where print never breaks them are mended: closing
// punctuation or the rest of a document number opening a line joins the line
// before (a number split by a narrow column reads whole, on the line where it
// starts); an opening bracket ending a line joins the line after.
// Line numbers are those of the original text (LF or CRLF ends a line).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphs/base/utf8.h"

namespace pg {

class NormalizedText {
 public:
  // The normalized lines, each followed by '\n'.
  const std::string& text() const { return text_; }
  int line_count() const { return static_cast<int>(line_offsets_.size()) - 1; }
  // Line n (1-based), without its '\n'. Empty view when out of range.
  // Inline: the segmenter and the extractor ask for every line many times.
  std::string_view line(int n) const {
    if (n < 1 || n > line_count()) return {};
    const std::size_t begin = line_offsets_[n - 1];
    const std::size_t end = line_offsets_[n] - 1;  // before its '\n'
    return std::string_view(text_).substr(begin, end - begin);
  }
  // Offset in text() where line n (1-based) starts.
  std::size_t line_offset(int n) const { return line_offsets_[n - 1]; }
  // The 1-based line holding a normalized byte offset.
  int line_at(std::size_t offset) const;
  // The byte offset in the original (decoded) text of a normalized offset.
  std::size_t to_original(std::size_t offset) const;
  // True when line n (1-based) was printed as a Markdown table row
  // (| cell | cell |); its pipes are not in line(n).
  bool table_row(int n) const {
    return n > 0 && static_cast<std::size_t>(n) < table_rows_.size() && table_rows_[n];
  }

 private:
  friend NormalizedText normalize(std::string_view utf8);
  void repair_breaks();
  std::string text_;
  std::vector<std::uint32_t> line_offsets_;  // line starts, plus text_.size()
  std::vector<bool> table_rows_;             // by line number; short when none
  // (normalized offset, original offset) at each point where their distance
  // changes; between anchors the two advance together.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> anchors_;
};

NormalizedText normalize(std::string_view utf8);

// Lines [first, last] (1-based, inclusive) joined without line breaks, so that
// sentences, titles and numbers broken over lines read as one. Blank lines
// add nothing.
class FlowText {
 public:
  const std::string& text() const { return text_; }
  // The 1-based original line holding a flow offset.
  int line_at(std::size_t offset) const;
  // The flow offset where original line n starts (its first character, or the
  // next non-blank line's when n is blank); text().size() past the end.
  std::size_t offset_of_line(int n) const;

 private:
  friend FlowText join_lines(const NormalizedText& t, int first, int last,
                             const std::vector<bool>& skip);
  // The same, leaving out the lines marked in `skip` (indexed by line number):
  // page numbers and running headers that a page break put inside a sentence.
  FlowText join_lines(const NormalizedText& t, int first, int last, const std::vector<bool>& skip);
  std::string text_;
  std::vector<std::uint32_t> starts_;  // flow offset where each kept line starts
  std::vector<int> lines_;             // its 1-based line number
};

FlowText join_lines(const NormalizedText& t, int first, int last);
// The same, leaving out the lines marked in `skip` (indexed by line number):
// page numbers and running headers that a page break put inside a sentence.
FlowText join_lines(const NormalizedText& t, int first, int last, const std::vector<bool>& skip);

// The UTF-8 helpers every stage shares (next_code_point, append_utf8, ...)
// live in graphs/base/utf8.h.

}  // namespace pg
