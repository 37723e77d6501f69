// Stage 1 for PDF files: bytes -> SourceText, with Poppler's C++ API
// (libpoppler-cpp), in-process.
//
// The text of each page is rebuilt from its words and their boxes
// (poppler::page::text_list): words on one baseline make a line, table
// cells of one row included; a page set in two columns (a gutter no word
// crosses, with full lines on both sides) is read left column first, lines
// that span both columns (titles, headings) where they stand. Running
// headers and footers are dropped: a line at the top or bottom of a page that
// is a page number (analyzer/data/page_furniture.tsv: -1-, — 3 —, 第1页 ...)
// or that repeats, digits aside, at the top or bottom of many pages.
// A table-of-contents line with dot leaders (第一章 总纲……………… 5) is
// written as TITLE……5, the form the segmenter knows as a contents entry.
// Lines that run on to the right edge of their column, the next starting at
// its left edge (not indented), are joined into one line of the text, as a
// paragraph, a recipients list or a law's history note is one line in a text
// file; a table row (cells set apart) is never joined. A page's lines are
// never joined to the next page's.
// The time bound is checked between pages: one page's text extraction by
// Poppler is not interrupted.
//
// The result has format "pdf", encoding "UTF-8" and page_starts (the line on
// which each page begins; a page without text still gets its start).
// Warnings say what was not read: pages without a text layer (a scan: no
// OCR is done), and a bound that was hit (pages, time, words on a page,
// text size), with the pages left out.
// Errors, naming the file: a PDF Poppler cannot open (malformed), one that
// ends before its %%EOF (truncated), one that needs a password (encrypted),
// and one whose every page lacks text (a scan; OCR is not done).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "analyzer/read/source_reader.h"
#include "graphs/base/result.h"

namespace pg {

// Bounds on the work one PDF may cost; a hostile file stops at them.
struct PdfLimits {
  int max_pages = 3000;                               // pages read; the rest are left out
  double max_seconds = 120;                           // checked between pages
  std::size_t max_words_per_page = 100000;            // more is not a page of text
  std::size_t max_words = 4000000;                    // in all pages: the memory held
  std::size_t max_text_bytes = 64u << 20;             // UTF-8 produced
  std::size_t max_file_bytes = std::size_t{1} << 30;  // larger files are refused
};

// True when `bytes` are a PDF: they start with "%PDF-", whatever the file's
// name says.
bool looks_like_pdf(std::string_view bytes);

// Reads a PDF held in memory. `name` is used in errors and warnings.
Result<SourceText> read_pdf(std::string name, std::string_view bytes, const PdfLimits& limits = {});

}  // namespace pg
