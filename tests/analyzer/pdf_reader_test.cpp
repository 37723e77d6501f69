// The PDF reader (analyzer/read/pdf_reader.h) on PDFs built here, byte by
// byte, with the standard Courier font: layout (lines, columns, tables,
// page furniture, contents leaders), page starts, and every way a PDF can
// fail (no text layer, truncated, malformed, encrypted, bounds).
#include "analyzer/read/pdf_reader.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/read/source_reader.h"
#include "support/test_support.h"

namespace {

using pg::PdfLimits;
using pg::read_pdf;
using pg::testing::has;

constexpr double kPageHeight = 842;

// One run of text placed at (x, top), top measured from the page's top edge.
struct Text {
  double x, top;
  std::string text;
  double size = 10;
};

std::string escape_pdf_string(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A valid PDF of the given pages (each a list of texts), A4, Courier (6 pt a
// character at 10 pt).
std::string make_pdf(const std::vector<std::vector<Text>>& pages) {
  std::vector<std::string> objects;  // object k + 1
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (std::size_t i = 0; i < pages.size(); ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) +
                    " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>");
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::string content;
    for (const Text& t : pages[i]) {
      content += "BT /F1 " + std::to_string(t.size) + " Tf " + std::to_string(t.x) + " " +
                 std::to_string(kPageHeight - t.top - t.size) + " Td (" +
                 escape_pdf_string(t.text) + ") Tj ET\n";
    }
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(5 + 2 * i) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "endstream");
  }
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t k = 0; k < objects.size(); ++k) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(k + 1) + " 0 obj\n" + objects[k] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    std::string n = std::to_string(off);
    pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// Lines of body text down a page from `top`, 14 pt apart, each set 12 pt
// further right than the one above, so that none runs on to the next (see
// "lines that run on ...").
std::vector<Text> body(const std::string& prefix, int count, double x = 72, double top = 120) {
  std::vector<Text> out;
  for (int i = 1; i <= count; ++i) {
    out.push_back({x + 12 * (i - 1), top + 14 * (i - 1),
                   prefix + " line " + std::to_string(i) + " of the body"});
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("bytes that start with %PDF- are read as a PDF whatever the name", "[pdf]") {
  const std::string pdf = make_pdf({body("first", 3)});
  CHECK(pg::looks_like_pdf(pdf));
  CHECK_FALSE(pg::looks_like_pdf("PDF- is not at the start %PDF-"));
  pg::Result<pg::SourceText> s = pg::decode_source("named.txt", pdf);
  REQUIRE(s.ok());
  CHECK(s->format == "pdf");
  CHECK(s->encoding == "UTF-8");
  CHECK(s->utf8 ==
        "first line 1 of the body\nfirst line 2 of the body\nfirst line 3 of the body\n");
  CHECK(s->page_starts == std::vector<int>{1});
}

TEST_CASE("page_starts name the line of the text each page begins on", "[pdf]") {
  const std::string pdf = make_pdf({body("one", 2), body("two", 3), body("three", 1)});
  pg::Result<pg::SourceText> s = read_pdf("pages.pdf", pdf);
  REQUIRE(s.ok());
  REQUIRE(s->page_starts == std::vector<int>{1, 3, 6});
  const std::vector<std::string> lines = lines_of(s->utf8);
  REQUIRE(lines.size() == 6);
  CHECK(lines[3 - 1] == "two line 1 of the body");
  CHECK(lines[6 - 1] == "three line 1 of the body");
}

TEST_CASE("page numbers and headers repeated at the page edges are left out", "[pdf]") {
  std::vector<std::vector<Text>> pages;
  const std::vector<std::string> footers = {"- 1 -", "\xE2\x80\x94 2 \xE2\x80\x94", "Page 3", "4",
                                            "5/9"};
  for (int p = 1; p <= 5; ++p) {
    std::vector<Text> page = body("page " + std::to_string(p), 4);
    page.push_back({200, 30, "Example City Gazette No. " + std::to_string(p + 10)});
    // Not page numbers, not repeated: a body line that ends with a number,
    // at the bottom of the page.
    const std::vector<std::string> last = {"Article 5 takes effect on 1 May", "The fee is 20",
                                           "Done in 2017", "See table 3", "Signed on 9"};
    page.push_back({72, 760, last[p - 1]});
    page.push_back({280, 800, footers[p - 1]});
    pages.push_back(page);
  }
  pg::Result<pg::SourceText> s = read_pdf("furniture.pdf", make_pdf(pages));
  REQUIRE(s.ok());
  CHECK_FALSE(has(s->utf8, "Gazette"));
  for (const std::string& f : footers) CHECK_FALSE(has(s->utf8, "\n" + f + "\n"));
  CHECK(has(s->utf8, "page 3 line 4 of the body"));
  CHECK(has(s->utf8, "Article 5 takes effect on 1 May\n"));
  CHECK(has(s->utf8, "Signed on 9\n"));
  CHECK(s->page_starts.size() == 5);
}

TEST_CASE("a header on two pages only is text, not furniture", "[pdf]") {
  std::vector<std::vector<Text>> pages;
  for (int p = 1; p <= 2; ++p) {
    std::vector<Text> page = body("page", 3);
    page.push_back({200, 30, "Notice on the plan"});
    pages.push_back(page);
  }
  pg::Result<pg::SourceText> s = read_pdf("two.pdf", make_pdf(pages));
  REQUIRE(s.ok());
  CHECK(lines_of(s->utf8).front() == "Notice on the plan");
}

TEST_CASE("a contents line with dot leaders reads TITLE……PAGE", "[pdf]") {
  std::vector<Text> page = {
      {72, 100, "Contents"},
      {72, 130, "Chapter One General Principles ................................ 5"},
      {72, 144, "Chapter Two Rights . . . . . . . . . . . . 12"},
      {72, 158, "Version 2.0 of the plan"},
      {72, 172, "Three dots ... 7"},
  };
  pg::Result<pg::SourceText> s = read_pdf("toc.pdf", make_pdf({page}));
  REQUIRE(s.ok());
  const std::vector<std::string> lines = lines_of(s->utf8);
  REQUIRE(lines.size() >= 5);
  CHECK(lines[1 + (lines[1].empty() ? 1 : 0)] ==
        "Chapter One General Principles\xE2\x80\xA6\xE2\x80\xA6"
        "5");
  CHECK(has(s->utf8,
            "Chapter Two Rights\xE2\x80\xA6\xE2\x80\xA6"
            "12\n"));
  CHECK(has(s->utf8, "Version 2.0 of the plan\n"));
  CHECK(has(s->utf8, "Three dots ... 7\n"));  // three are not a leader
}

TEST_CASE("a two-column page is read left column first, spanning lines where they stand", "[pdf]") {
  std::vector<Text> page;
  page.push_back({72, 80, "A TITLE ACROSS BOTH COLUMNS OF THE PAGE", 12});
  for (int i = 1; i <= 8; ++i) {
    const double top = 130 + 14 * (i - 1);
    page.push_back({60, top, "left column words, line " + std::to_string(i) + " of it here"});
    page.push_back({320, top, "right column words, line " + std::to_string(i) + " of it too"});
  }
  page.push_back({72, 300, "A CLOSING LINE THAT RUNS ACROSS THE WHOLE PAGE", 12});
  pg::Result<pg::SourceText> s = read_pdf("columns.pdf", make_pdf({page}));
  REQUIRE(s.ok());
  INFO(s->utf8);
  // Each column's lines fill it: they run on into one line of text.
  std::vector<std::string> lines;
  for (const std::string& l : lines_of(s->utf8)) {
    if (!l.empty()) lines.push_back(l);
  }
  REQUIRE(lines.size() == 4);
  CHECK(has(lines[0], "A TITLE"));
  std::string left, right;
  for (int i = 1; i <= 8; ++i) {
    left += std::string(i > 1 ? " " : "") + "left column words, line " + std::to_string(i) +
            " of it here";
    right += std::string(i > 1 ? " " : "") + "right column words, line " + std::to_string(i) +
             " of it too";
  }
  CHECK(lines[1] == left);
  CHECK(lines[2] == right);
  CHECK(has(lines[3], "A CLOSING LINE"));
}

TEST_CASE("lines that run on to the column's edge are one line, and a paragraph ends its own",
          "[pdf]") {
  // Lines that end within two characters of the column's edge, a short last
  // line; a paragraph whose first line is indented; a centred heading.
  std::vector<Text> page = {
      {72, 100, "This paragraph runs over several lines of the page, set so"},  // to 420
      {72, 114, "that every line but the last one fills the measure of the"},
      {72, 128, "column and the text continues on the next line, where it"},  // to 408
      {72, 142, "goes on and ends here."},
      {92, 156, "A new paragraph starts indented and it goes on to the"},  // to 410
      {72, 170, "edge of the column, to end short."},
      {200, 184, "A Heading"},
      {72, 198, "Last words of the page, long enough to reach the edge."},
  };
  pg::Result<pg::SourceText> s = read_pdf("paragraphs.pdf", make_pdf({page}));
  REQUIRE(s.ok());
  INFO(s->utf8);
  const std::vector<std::string> lines = lines_of(s->utf8);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] ==
        "This paragraph runs over several lines of the page, set so that every line but the "
        "last one fills the measure of the column and the text continues on the next line, "
        "where it goes on and ends here.");
  CHECK(lines[1] ==
        "A new paragraph starts indented and it goes on to the edge of the column, to end "
        "short.");
  CHECK(lines[2] == "A Heading");
  CHECK(lines[3] == "Last words of the page, long enough to reach the edge.");
}

TEST_CASE("the cells of a table row stay on one line", "[pdf]") {
  std::vector<Text> page = {{72, 100, "Item"}, {300, 100, "Issued"}, {450, 100, "Repealed"}};
  for (int i = 1; i <= 8; ++i) {
    const double top = 100 + 20 * i;
    page.push_back({72, top, "Rule " + std::to_string(i)});
    page.push_back({300, top, std::to_string(i * 3)});
    page.push_back({450, top, std::to_string(i)});
  }
  pg::Result<pg::SourceText> s = read_pdf("table.pdf", make_pdf({page}));
  REQUIRE(s.ok());
  const std::vector<std::string> lines = lines_of(s->utf8);
  REQUIRE(lines.size() == 9);
  CHECK(lines[0] == "Item    Issued    Repealed");
  CHECK(lines[4] == "Rule 4    12    4");
}

TEST_CASE("pages without a text layer are named, and a PDF with no text is an error", "[pdf]") {
  pg::Result<pg::SourceText> some =
      read_pdf("partly.pdf", make_pdf({body("one", 2), {}, {}, body("four", 2), {}}));
  REQUIRE(some.ok());
  REQUIRE(some->warnings.size() == 1);
  CHECK(has(some->warnings[0], "without a text layer"));
  CHECK(has(some->warnings[0], "OCR is not done"));
  CHECK(has(some->warnings[0], ": 2-3, 5"));
  CHECK(some->page_starts == std::vector<int>{1, 3, 3, 3, 5});

  pg::Result<pg::SourceText> none = read_pdf("scan.pdf", make_pdf({{}, {}}));
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().file == "scan.pdf");
  CHECK(has(none.error().message, "no text on any of its 2 pages"));
  CHECK(has(none.error().message, "OCR is not done"));
}

TEST_CASE("a truncated, malformed or encrypted PDF is an error naming the file", "[pdf]") {
  const std::string pdf = make_pdf({body("one", 3)});
  pg::Result<pg::SourceText> truncated =
      pg::decode_source("cut.pdf", pdf.substr(0, pdf.size() / 2));
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().file == "cut.pdf");
  CHECK(has(truncated.error().message, "truncated PDF"));

  pg::Result<pg::SourceText> malformed =
      pg::decode_source("bad.txt", "%PDF-1.7\nthis is no PDF at all\n%%EOF\n");
  REQUIRE_FALSE(malformed.ok());
  CHECK(malformed.error().file == "bad.txt");
  CHECK(has(malformed.error().message, "malformed PDF"));

  // tests/data/pdf/encrypted.pdf: made by cut_pdfs.sh, user password "secret".
  pg::Result<pg::SourceText> locked = pg::read_source(TEST_DATA_DIR "/pdf/encrypted.pdf");
  REQUIRE_FALSE(locked.ok());
  CHECK(has(locked.error().file, "encrypted.pdf"));
  CHECK(has(locked.error().message, "encrypted PDF"));
}

TEST_CASE("a bound on pages, time or words stops the reading and says so", "[pdf]") {
  const std::string pdf = make_pdf({body("one", 2), body("two", 2), body("three", 2)});
  PdfLimits pages;
  pages.max_pages = 2;
  pg::Result<pg::SourceText> s = read_pdf("long.pdf", pdf, pages);
  REQUIRE(s.ok());
  CHECK(s->page_starts.size() == 2);
  CHECK_FALSE(has(s->utf8, "three"));
  REQUIRE(s->warnings.size() == 1);
  CHECK(has(s->warnings[0], "over the bound of 2: page 3 not read"));

  PdfLimits time;
  time.max_seconds = 0;
  s = read_pdf("slow.pdf", pdf, time);
  REQUIRE(s.ok());
  REQUIRE_FALSE(s->warnings.empty());
  CHECK(has(s->warnings[0], "over the bound of 0 s: pages 1-3 not read"));

  PdfLimits words;
  words.max_words_per_page = 5;  // each body line is 6 words
  s = read_pdf("wordy.pdf", make_pdf({{{72, 100, "short"}}, body("two", 2)}), words);
  REQUIRE(s.ok());
  CHECK(has(s->utf8, "short"));
  bool named = false;
  for (const std::string& w : s->warnings) named = named || has(w, "words, over the bound");
  CHECK(named);

  PdfLimits total;
  total.max_words = 1;  // page 1 holds more: the bound is hit before page 2
  s = read_pdf("many.pdf", pdf, total);
  REQUIRE(s.ok());
  CHECK(s->page_starts.size() == 1);
  CHECK(has(s->utf8, "one line 2 of the body"));
  REQUIRE(s->warnings.size() == 1);
  INFO(s->warnings[0]);
  CHECK(has(s->warnings[0], "over 1 words, over the bound: pages 2-3 not read"));
}
