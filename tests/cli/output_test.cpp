// The plain-text table printer of the query commands (analyzer/cli/output.h):
// column widths as a terminal shows them (CJK and full-width characters two
// columns), padding, truncation with "…", and escaping of what a cell holds.
// Every expected line below is counted by hand: the widths are in comments.
#include "analyzer/cli/output.h"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using pg::cli::Table;

std::string printed(const Table& t, std::string_view indent = "") {
  std::ostringstream out;
  t.print(out, indent);
  return out.str();
}

std::string spaces(int n) { return std::string(static_cast<std::size_t>(n), ' '); }

}  // namespace

TEST_CASE("display width counts CJK and full-width characters as two columns", "[output]") {
  auto [text, width] = GENERATE(table<std::string, int>({
      {"", 0},
      {"abc", 3},
      {"济南", 4},
      {"国发〔2016〕14号", 16},  // 国 发 〔 〕 号: 2 each; six ASCII digits
      {"ＡＢ", 4},               // full-width letters
      {"e\u0301", 1},            // a combining mark takes no column
      {"\xff", 1},               // an invalid byte counts one
      {"…", 1},
  }));
  CAPTURE(text);
  CHECK(pg::display_width(text) == width);
}

TEST_CASE("truncation keeps whole characters and ends in an ellipsis", "[output]") {
  auto [text, width, expected] = GENERATE(table<std::string, int, std::string>({
      {"abc", 3, "abc"},  // fits: unchanged
      {"abcd", 3, "ab…"},
      {"济南市", 6, "济南市"},
      {"济南市", 5, "济南…"},  // 2 + 2 + 1
      {"济南市", 4, "济…"},    // 南 would need columns 3-4, the ellipsis one more
      {"x", 0, ""},
  }));
  CAPTURE(text, width);
  CHECK(pg::truncate_to_width(text, width) == expected);
  CHECK(pg::display_width(pg::truncate_to_width(text, width)) <= width);
}

TEST_CASE("a table pads each column to its widest cell, two spaces apart", "[output]") {
  Table t({"文号", "标题", "N"});
  t.add_row({"国发〔2016〕14号", "意见", "3"});
  t.add_row({"x", "关于示范街区资金管理的意见", "12"});
  CHECK(t.size() == 2);
  // Column widths: 16 (国发〔2016〕14号), 26 (13 CJK characters), then the
  // last column, which is not padded.
  const std::string expected = "文号" + spaces(16 - 4 + 2) + "标题" + spaces(26 - 4 + 2) + "N\n" +
                               "国发〔2016〕14号" + spaces(2) + "意见" + spaces(26 - 4 + 2) +
                               "3\n" + "x" + spaces(16 - 1 + 2) + "关于示范街区资金管理的意见" +
                               spaces(2) + "12\n";
  CHECK(printed(t) == expected);
}

TEST_CASE("a table leaves no trailing spaces and fills missing cells", "[output]") {
  Table t({"A", "B"});
  t.add_row({"abc"});
  CHECK(printed(t) == "A" + spaces(3 - 1 + 2) + "B\n" + "abc\n");
  CHECK(printed(t, "  ") == "  A" + spaces(3 - 1 + 2) + "B\n" + "  abc\n");
}

TEST_CASE("a column's maximum width truncates its cells, not its header", "[output]") {
  Table t({"标题", "行"});
  t.max_width(0, 7);
  t.add_row({"关于进一步健全", "12"});
  // 关于进 is six columns, the ellipsis the seventh; the header 标题 is four.
  CHECK(printed(t) == "标题" + spaces(7 - 4 + 2) + "行\n" + "关于进…" + spaces(2) + "12\n");
  Table unlimited({"标题"});
  unlimited.max_width(0, 0);
  unlimited.add_row({"关于进一步健全"});
  CHECK(printed(unlimited) == "标题\n关于进一步健全\n");
}

TEST_CASE("table cells cannot send control characters to the terminal", "[output][escaping]") {
  Table t({"标题"});
  t.add_row({"a\x1b[2Jb\u202e\x07"});
  const std::string out = printed(t);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);
  CHECK(out.find("\u202e") == std::string::npos);
  CHECK(out.find("\\x1b[2Jb") != std::string::npos);  // shown, as an escape
}

TEST_CASE("an evidence cell names the file as stored, folders kept, and the line", "[output]") {
  // Ingest names two files of one name from two folders x.txt and 2019/x.txt:
  // the cell must tell them apart.
  CHECK(pg::cli::where(pg::Evidence{"2019/x.txt", 22, "根据"}) == "2019/x.txt:22");
  CHECK(pg::cli::where(pg::Evidence{"x.txt", 22, "根据"}) == "x.txt:22");
  CHECK(pg::cli::where(pg::Evidence{"J014.txt", 1, ""}) == "J014.txt:1");
  CHECK(pg::cli::where(pg::Evidence{}) == "");
  CHECK(pg::cli::quote_cell("") == "");
  CHECK(pg::cli::quote_cell("根据《X》", 36) == "「根据《X》」");
  CHECK(pg::cli::quote_cell("abcd", 3) == "「ab…」");
}

TEST_CASE("a table measured then printed row by row equals the table printed whole", "[output]") {
  const std::vector<std::vector<std::string>> rows{
      {"国发〔2016〕14号", "关于进一步加强行政执法的若干意见与通知的长标题", "已废止 2020-01-01"},
      {"(no number)", "a\x1b[31mred\x1b[0m", ""},
      {"x", "short", "现行有效"},
  };
  Table whole({"DOCUMENT", "TITLE", "STATUS"});
  whole.max_width(1, 12);
  Table streamed({"DOCUMENT", "TITLE", "STATUS"});
  streamed.max_width(1, 12);
  for (const auto& r : rows) {
    whole.add_row(r);
    streamed.measure(r);
  }
  std::ostringstream out;
  streamed.print_header(out, "  ");
  for (const auto& r : rows) streamed.print_row(out, r, "  ");
  CHECK(streamed.measured() == rows.size());
  CHECK(out.str() == printed(whole, "  "));
  // The control characters were escaped and the title cut, in both.
  CHECK(out.str().find('\x1b') == std::string::npos);
  CHECK(out.str().find("…") != std::string::npos);
}

TEST_CASE("a table measured from views then printed from views equals the table printed whole",
          "[output]") {
  // An escaped cell that is also cut, a cut cell, one that fits exactly, a
  // trailing space, and a short row (its missing cells empty).
  const std::vector<std::vector<std::string>> rows{
      {"国发〔2016〕14号", "关于进一步加强行政执法的若干意见与通知的长标题", "已废止 2020-01-01"},
      {"(no number)", "a\x1b[31mred\x1b[0m and a long tail", ""},
      {"x", "十二个字十二个字十二", "现行有效 "},
      {"y", "short"},
  };
  Table whole({"DOCUMENT", "TITLE", "STATUS"});
  whole.max_width(1, 12);
  Table streamed({"DOCUMENT", "TITLE", "STATUS"});
  streamed.max_width(1, 12);
  auto views = [](const std::vector<std::string>& r, auto&& use) {
    if (r.size() == 2) {
      use({r[0], r[1]});
    } else {
      use({r[0], r[1], r[2]});
    }
  };
  for (const auto& r : rows) {
    whole.add_row(r);
    views(r, [&](std::initializer_list<std::string_view> c) { streamed.measure_view(c); });
  }
  std::ostringstream out;
  streamed.print_header(out, "  ");
  std::string text;
  for (const auto& r : rows) {
    views(r, [&](std::initializer_list<std::string_view> c) {
      streamed.print_view_row(text, c, "  ");
    });
  }
  out << text;
  CHECK(streamed.measured() == rows.size());
  CHECK(out.str() == printed(whole, "  "));
  CHECK(out.str().find('\x1b') == std::string::npos);
  CHECK(out.str().find("…") != std::string::npos);
}

TEST_CASE("a table's rows sorted after they were added print in the new order", "[output]") {
  Table t({"ID", "N"});
  t.add_row({"b", "1"});
  t.add_row({"c", "22"});
  t.add_row({"a", "333"});
  const std::vector<std::string> ids{"b", "c", "a"};
  t.sort_rows([&](std::size_t x, std::size_t y) { return ids[x] < ids[y]; });
  CHECK(printed(t) == "ID  N\na   333\nb   1\nc   22\n");
}
