// Stage 1: raw bytes -> decoded UTF-8 text.
//
// Accepts UTF-8 with or without BOM, UTF-16 with or without BOM, and GB18030
// (a superset of GBK and GB2312, common for Chinese documents). The encoding
// is detected: a BOM decides; bytes with NUL in them are UTF-16 without BOM
// when one byte order reads as text (ASCII, CJK ideographs and punctuation)
// and the whole decodes; otherwise valid UTF-8 is UTF-8; otherwise, if the
// bytes decode as GB18030 without error, GB18030. Input that is not text (NUL bytes
// outside UTF-16, or undecodable in every candidate) is an Error naming the
// file and the byte offset of the first bad byte. Line endings are left as
// they are (the normalizer splits CRLF and LF).
//
// A web page (a name ending .html/.htm, or bytes that open with <!DOCTYPE
// html or <html after an optional BOM, whitespace and comments) is read by
// analyzer/read/html_reader.h: its metadata table and main text become utf8.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphs/base/result.h"

namespace pg {

// One field of a web page's metadata table (索引号, 发文机关, 发文字号, 成文日期,
// 发布日期, 标题): the value as printed, and the 1-based line of utf8 on which
// it is rendered ("发文字号：国发〔2019〕5号"); line 0 when the page has none.
struct MetadataField {
  std::string value;
  int line = 0;
  bool empty() const { return line == 0; }
};

// What a page states about its document outright. The extractor prefers it
// to what it infers from the body, and reports a disagreement.
struct SourceMetadata {
  MetadataField number;          // 发文字号
  MetadataField title;           // 标题
  MetadataField issuer;          // 发文机关
  MetadataField signed_date;     // 成文日期, as printed (2019年01月27日)
  MetadataField published_date;  // 发布日期, as printed
  bool empty() const {
    return number.empty() && title.empty() && issuer.empty() && signed_date.empty() &&
           published_date.empty();
  }
};

struct SourceText {
  std::string name;      // as given by the caller ("-" for stdin)
  std::string encoding;  // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE",
                         // "UTF-16LE without BOM", "UTF-16BE without BOM", "GB18030"
  std::string utf8;      // decoded text, BOM removed
  // What the reader could not read but went on without (a PDF's pages without
  // a text layer, a bound hit), one sentence each; extract() reports them.
  std::vector<std::string> warnings;
  // What the bytes were: "text", "pdf" or "html". A PDF or a web page is read
  // into utf8 as plain text (analyzer/read/pdf_reader.h, html_reader.h).
  std::string format = "text";
  // For a paged input (a PDF): page_starts[k] is the 1-based line of utf8 on
  // which page k + 1 begins, ascending. Empty when the input has no pages.
  std::vector<int> page_starts;
  // For a web page: its metadata table, read from the markup. Empty otherwise.
  SourceMetadata metadata;
};

// Decodes bytes already in memory. `name` is used in errors only.
Result<SourceText> decode_source(std::string name, std::string_view bytes);
// The same, taking the bytes over instead of copying them.
Result<SourceText> decode_source(std::string name, std::string&& bytes);
// A string literal or C string (either overload above would take it).
inline Result<SourceText> decode_source(std::string name, const char* bytes) {
  return decode_source(std::move(name), std::string_view(bytes));
}

// Decodes bytes as plain text whatever they look like (no web page or PDF
// sniffing): the detection described at the top of this file.
Result<SourceText> decode_text(std::string name, std::string_view bytes);

// Decodes `bytes` with the ICU converter `charset` ("GB18030", "Big5"),
// stopping at the first illegal or unassigned sequence. False (and `out`
// unspecified) when the bytes are not in that charset or ICU does not know it.
bool decode_charset(std::string_view bytes, const char* charset, std::string& out);

// Reads a file ("-" reads standard input) and decodes it.
Result<SourceText> read_source(const std::string& path);

// True for the files that `ingest` of a folder reads, by the extension of
// `path` (the content then decides how a file is read): .txt, .pdf and saved
// web pages (.html, .htm, .shtml).
bool ingested_by_extension(std::string_view path);

}  // namespace pg
