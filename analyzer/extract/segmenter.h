// Stage 3: normalized lines -> the documents a gazette issue publishes.
//
// A document starts at a header: issuer and title lines (a title ends in a
// document-type word from analyzer/data/doc_types.tsv: 通知, 意见, 办法 ...)
// followed within a few lines by the document number on a line of its own
// (or at the end of the title line), or a Markdown '#' title for a single
// document. Items without a number (任命名单, 大事记) start at a title line
// followed by a date or 决定/任命 wording. The table of contents (目录 and
// lines ending in page numbers), page headers and page numbers, and the
// gazette's back matter (《…公报》简介, imprint) belong to no document.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/read/doc_number.h"
#include "analyzer/read/normalizer.h"
#include "graphs/model/model.h"

namespace pg {

struct Segment {
  int line_start = 0;  // first header line (issuer or title)
  int line_end = 0;    // last non-blank line that belongs to it
  int header_end = 0;  // last header line (the number line, or the title)
  int body_start = 0;  // first line after the header
  std::string title;   // header title lines joined, issuers included
  std::optional<DocNumber> number;
  int number_line = 0;
  DocumentKind kind = DocumentKind::kPolicy;
  std::optional<std::string> registration_no;  // printed just above or below
  int registration_line = 0;
  // The issuers' names of the 发文机关标志 (red header) when one is printed:
  // 衢州市人民政府 of 衢州市人民政府文件.
  std::string mark;
};

// A web page's metadata table (发文字号：…, 发文机关：…, 成文日期：…) printed
// above the document it describes: the fields found, each with its line.
struct PageMetadata {
  int segment = -1;  // index of the segment it describes; -1 when none
  std::optional<DocNumber> number;
  int number_line = 0;
  std::string issuer;
  int issuer_line = 0;
  std::optional<Date> date;
  int date_line = 0;
  std::string title;
  int title_line = 0;
};

struct Segmentation {
  GazetteInfo gazette;
  std::vector<Segment> segments;
  // Lines that are page furniture (headers, page numbers, TOC), 1-based.
  std::vector<bool> furniture;  // index = line number; size line_count + 1
  // The date a line holds when the whole line is a date (a signature date)
  // or it carries a （X年X月X日印发） mark; same indexing.
  std::vector<std::optional<Date>> dates;
  std::vector<bool> printed;  // the date is a （…印发） mark
  // The issuers' names a line prints as a signature (署名), alone or before
  // its date; empty for other lines. Same indexing; views into the text.
  std::vector<std::string_view> signatures;
  PageMetadata page;
};

// `original` is the decoded text the normalized text was made from: the
// segmenter looks at it for marks the normalizer drops (a Markdown '#' title).
Segmentation segment(const NormalizedText& text, std::string_view original);

}  // namespace pg
