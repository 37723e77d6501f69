// The compiled-in data tables (analyzer/data/tables.h): each loads, and a row
// that no reader would take is reported, not silently skipped.
#include "analyzer/data/tables.h"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

bool has_row(std::string_view table, const std::vector<std::string_view>& want) {
  const auto rows = pg::tsv_rows(table);
  return std::any_of(rows.begin(), rows.end(), [&](const auto& row) {
    return row.size() >= want.size() && std::equal(want.begin(), want.end(), row.begin());
  });
}

}  // namespace

TEST_CASE("every table a reader uses is compiled in and has rows", "[tables]") {
  REQUIRE(pg::table_shapes().size() >= 15);
  for (const pg::TableShape& shape : pg::table_shapes()) {
    CAPTURE(shape.name);
    CHECK_FALSE(pg::data_file(shape.name).empty());
    CHECK_FALSE(pg::tsv_rows(shape.name).empty());
  }
  CHECK(pg::data_file("no_such_table.tsv").empty());
  CHECK(pg::tsv_rows("no_such_table.tsv").empty());
}

TEST_CASE("the tables as shipped have no row a reader would skip", "[tables]") {
  const std::vector<pg::Diagnostic> problems = pg::check_tables();
  for (const pg::Diagnostic& d : problems) {
    UNSCOPED_INFO(d.file << ":" << d.line << ": " << d.message);
  }
  CHECK(problems.empty());
}

TEST_CASE("rows are split at tabs: comments and blank lines are not rows", "[tables]") {
  // Rows as the files print them (agency_codes.tsv lines 11 and 50).
  CHECK(has_row("agency_codes.tsv", {"国发", "国务院", "national"}));
  CHECK(has_row("agency_codes.tsv", {"济政发", "济南市人民政府", "municipal"}));
  CHECK(has_row("number_stop_words.tsv", {"根据"}));
  // The title cues the extractor reads (title_cues.tsv).
  CHECK(has_row("title_cues.tsv", {"own", "before_title", "repeals", "废止"}));
  CHECK(has_row("title_cues.tsv", {"cited", "before_number", "implements", "贯彻"}));
  for (const auto& row : pg::tsv_rows("cues.tsv")) {
    REQUIRE_FALSE(row.empty());
    CHECK_FALSE(row[0].starts_with("#"));
    CHECK_FALSE(row[0].empty());
  }
}

TEST_CASE("a short row or an empty cell is a warning naming table and line", "[tables]") {
  const std::string text =
      "# type\tposition\tphrase\n"  // 1: a comment
      "repeals\tbefore\t废止\n"     // 2: good
      "repeals\tbefore\n"           // 3: one cell short
      "\n"                          // 4: blank
      "amends\t\t修改\r\n"          // 5: an empty cell (CRLF line end)
      "amends\tadjacent\t修订\r\n"  // 6: good, CRLF
      "implements";                 // 7: one cell, no final newline
  const auto d = pg::check_table("cues.tsv", text, 3);
  REQUIRE(d.size() == 3);
  CHECK(d[0].file == "cues.tsv");
  CHECK(d[0].line == 3);
  CHECK(d[0].severity == pg::Diagnostic::Severity::kWarning);
  CHECK(d[0].message == "table row that no reader takes: 2 of 3 cells");
  CHECK(d[1].line == 5);
  CHECK(d[1].message == "table row that no reader takes: cell 2 empty");
  CHECK(d[2].line == 7);
  CHECK(d[2].message == "table row that no reader takes: 1 of 3 cells");
}

TEST_CASE("extra cells (notes) are allowed", "[tables]") {
  CHECK(pg::check_table("cues.tsv", "repeals\tbefore\t废止\t废止《X》\n", 3).empty());
  CHECK(pg::check_table("doc_types.tsv", "办法\n规定\n", 1).empty());
}

TEST_CASE("history verbs come by kind, strongest first", "[tables]") {
  using Words = std::vector<std::string_view>;
  CHECK(pg::history_verbs({"adopted"}) == Words{"通过"});
  CHECK(pg::history_verbs({"promulgated"}) == Words{"公布", "发布"});
  // Table order, not the order the kinds are asked in: 修正 before 修订 before 修改.
  CHECK(pg::history_verbs({"decision", "revised", "amended"}) == Words{"修正", "修订", "修改"});
  CHECK(pg::history_verbs({"no_such_kind"}).empty());
}
