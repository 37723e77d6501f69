// Stage 1 for saved web pages: HTML bytes -> the page's text and metadata.
//
// The page is parsed with gumbo (an HTML5 parser), never scanned for tags.
// Its encoding comes from a BOM, else from <meta charset> or <meta http-equiv
// content="...; charset=...">, else UTF-8 (GB2312 and GBK pages are decoded as
// GB18030, their superset); bytes that are not in the declared charset are
// decoded as source_reader.h detects plain text.
//
// The text (SourceText::utf8) is the metadata table first, one labelled field
// a line in the order the page prints them ("发文字号：国发〔2019〕5号", labels as
// analyzer/data/web_page.tsv spells them), then the document's body: the
// element whose id web_page.tsv names (gov.cn: #UCAP-CONTENT), else <article>
// or <main>, else the smallest element holding 90% of the page's text outside
// links and page chrome (a heading outside it is lost; a short page is read whole). Menus, headers, footers, share bars, related-link lists, scripts and
// styles are not read. Block elements and <br> end lines, a table row is a
// line, runs of whitespace are one space, blank lines are dropped.
// SourceText::metadata holds the fields read, each with its line of that text.
//
// A page larger than 64 MiB, or nested deeper than 512 elements (the parser's
// work grows with the depth of open elements), is an Error naming the file:
// reading stays linear in the page's size.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/read/source_reader.h"
#include "graphs/base/result.h"

namespace pg {

// True when `name` ends in .html, .htm or .shtml (any case).
bool has_html_extension(std::string_view name);

// True when `bytes` open, after an optional BOM (UTF-8 or UTF-16), whitespace,
// comments and an <?xml ...?> declaration, with <!DOCTYPE html or <html (any
// case).
bool looks_like_html(std::string_view bytes);

// Reads a web page; format is "html", encoding says what the bytes were
// ("UTF-8", "GB18030 (declared gbk)", ...). `name` is used in errors and kept.
Result<SourceText> read_html(std::string name, std::string_view bytes);

}  // namespace pg
