// A gazette as it is published: the sample gazette text of
// tests/data/gazettes/001_78fafd201e7347e4.txt printed by chromium as a
// two-column PDF with the gazette's name as a running header and "— N —"
// page numbers (tests/data/pdf/make_two_column_pdf.sh, run by ctest as the
// fixture pdf_two_column_fixture). Read back, the PDF must give the
// documents and edges the text gives, and score as the text scores against
// the hand-labelled gold file.
#include <set>
#include <string>
#include <tuple>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/model/json_io.h"
#include "graphs/model/model.h"
#include "scoring/scorer.h"
#include "support/test_support.h"

namespace {

constexpr const char* kText = TEST_DATA_DIR "/gazettes/001_78fafd201e7347e4.txt";
constexpr const char* kGold = TEST_DATA_DIR "/gazettes/001_78fafd201e7347e4.json";

pg::Extraction extract_path(const std::string& path, pg::SourceText* kept = nullptr) {
  pg::Result<pg::SourceText> s = pg::read_source(path);
  INFO(path << (s.ok() ? std::string() : ": " + s.error().to_string()) << "\n(the PDF is made "
            << "by the ctest fixture pdf_two_column_fixture: run through ctest)");
  REQUIRE(s.ok());
  pg::testing::NullSink sink;
  pg::Extraction e = pg::extract(*s, sink);
  if (kept) *kept = std::move(*s);
  return e;
}

using DocKey = std::tuple<std::string, std::string, std::string, std::string>;
std::set<DocKey> documents_of(const pg::Extraction& e) {
  std::set<DocKey> out;
  for (const pg::Document& d : e.documents) {
    std::string issuers;
    for (const std::string& i : d.issuers) issuers += i + ";";
    out.emplace(d.doc_no.value_or(""), d.title, issuers,
                d.signed_date ? d.signed_date->to_iso() : "");
  }
  return out;
}

using EdgeKey = std::tuple<std::string, std::string, std::string, std::string>;
std::set<EdgeKey> edges_of(const pg::Extraction& e) {
  std::set<EdgeKey> out;
  for (const pg::Edge& x : e.edges) {
    out.emplace(x.from, x.to_doc_no.value_or(""), x.to_title.value_or(""),
                std::string(pg::to_string(x.type)));
  }
  return out;
}

}  // namespace

TEST_CASE("a two-column gazette PDF extracts to the documents and edges of its text",
          "[pdf][two_column]") {
  pg::SourceText pdf_source;
  const pg::Extraction from_pdf = extract_path(TWO_COLUMN_PDF, &pdf_source);
  const pg::Extraction from_text = extract_path(kText);
  CHECK(pdf_source.format == "pdf");
  CHECK(pdf_source.page_starts.size() > 10);  // it is many pages
  // The running header and the page numbers are gone.
  CHECK_FALSE(pg::testing::has(pdf_source.utf8, "2017年第13期\n"));
  CHECK_FALSE(pg::testing::has(pdf_source.utf8, "— 3 —"));

  REQUIRE(from_text.documents.size() >= 10);
  CHECK(documents_of(from_pdf) == documents_of(from_text));
  CHECK(edges_of(from_pdf) == edges_of(from_text));
}

TEST_CASE("the two-column gazette PDF scores against the gold file as its text does",
          "[pdf][two_column]") {
  pg::Result<pg::Extraction> gold =
      pg::extraction_from_json(pg::testing::read_file(kGold), "001_78fafd201e7347e4.json");
  REQUIRE(gold.ok());
  const pg::scoring::FileScore pdf = pg::scoring::score_file(extract_path(TWO_COLUMN_PDF), *gold);
  const pg::scoring::FileScore text = pg::scoring::score_file(extract_path(kText), *gold);
  std::string details;
  for (const std::string& d : pdf.details) details += d + "\n";
  INFO(details);
  CHECK(pdf.documents.f1() == text.documents.f1());
  CHECK(pdf.typed_edges.f1() == text.typed_edges.f1());
  CHECK(pdf.untyped_edges.f1() == text.untyped_edges.f1());
  for (const std::string& field : pg::scoring::field_names()) {
    if (field == "line_start") continue;  // the PDF's lines are not the text's
    INFO(field);
    CHECK(pg::scoring::field_accuracy(pdf, field) == pg::scoring::field_accuracy(text, field));
  }
}
