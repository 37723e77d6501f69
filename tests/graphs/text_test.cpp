// The shared text helpers (graphs/base/text.h) and the one-line instrument
// label (graphs/model/model.h).
#include "graphs/base/text.h"

#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "graphs/base/text_escape.h"
#include "graphs/model/model.h"

TEST_CASE("base_name is the last path component", "[text]") {
  CHECK(pg::base_name("tests/data/gazettes/000.txt") == "000.txt");
  CHECK(pg::base_name("/abs/济南市公报.txt") == "济南市公报.txt");
  CHECK(pg::base_name("plain.txt") == "plain.txt");
  CHECK(pg::base_name("dir/") == "");
  CHECK(pg::base_name("") == "");
}

TEST_CASE("contains finds a part anywhere, and the empty part everywhere", "[text]") {
  CHECK(pg::contains("关于贯彻国发〔2016〕14号文件的意见", "贯彻"));
  CHECK(pg::contains("abc", "c"));
  CHECK_FALSE(pg::contains("关于印发", "转发"));
  CHECK_FALSE(pg::contains("", "x"));
  CHECK(pg::contains("abc", ""));
}

TEST_CASE("display width counts wide characters as two columns", "[text]") {
  CHECK(pg::display_width("") == 0);
  CHECK(pg::display_width("abc") == 3);
  CHECK(pg::display_width("国A") == 3);
  CHECK(pg::display_width("〔２０１７〕") == 12);  // CJK brackets, full-width digits
  CHECK(pg::display_width("e\u0301") == 1);        // a combining accent takes none
  CHECK(pg::display_width("\xFF") == 1);           // an invalid byte shows as U+FFFD
}

TEST_CASE("truncate_to_width cuts on a character with an ellipsis", "[text]") {
  CHECK(pg::truncate_to_width("济南", 4) == "济南");  // fits
  // Five columns: "…" takes one, so two 2-column characters fit before it.
  CHECK(pg::truncate_to_width("济南市人民政府", 5) == "济南…");
  CHECK(pg::truncate_to_width("济南市人民政府", 6) == "济南…");
  CHECK(pg::truncate_to_width("abcdef", 4) == "abc…");
  CHECK(pg::truncate_to_width("abc", 0) == "");
}

TEST_CASE("an instrument is labelled by its number, else by its title in 《》", "[text]") {
  const std::optional<std::string> number = "济政发〔2017〕24号";
  CHECK(pg::instrument_label(number, "济南市特困人员救助供养办法") == "济政发〔2017〕24号");
  CHECK(pg::instrument_label(std::nullopt, "行政许可法") == "《行政许可法》");
  CHECK(pg::instrument_label(std::nullopt, "济南市特困人员救助供养办法", 9) == "《济南市特…》");
  // The width limits the title only; a number is never cut.
  CHECK(pg::instrument_label(number, "x", 3) == "济政发〔2017〕24号");
}

TEST_CASE("text_starts_with and text_ends_with answer as string_view does", "[text]") {
  const std::string_view lines[] = {"", "法", "办法", "实施办法", "济南市人民政府", "a", "ab"};
  const std::string_view words[] = {"", "法", "办法", "施办法", "济南", "南市", "a", "b", "ab"};
  for (std::string_view s : lines) {
    for (std::string_view w : words) {
      CAPTURE(s, w);
      CHECK(pg::text_starts_with(s, w) == s.starts_with(w));
      CHECK(pg::text_ends_with(s, w) == s.ends_with(w));
    }
  }
  // Same last byte, another character: 法 (E6 B3 95) and 镕 (E9 95 95) share
  // no first byte but both end in 95.
  CHECK_FALSE(pg::text_ends_with("办法", "镕"));
  CHECK_FALSE(pg::text_starts_with("法规", "镕"));
}

TEST_CASE("find_any_byte and find_ascii_digit find the first such byte at or after pos", "[text]") {
  // Lengths around the 16-byte blocks, the byte early, late and absent.
  for (std::size_t len = 0; len <= 40; ++len) {
    for (std::size_t at = 0; at <= len; ++at) {
      std::string s(len, '\xE5');  // a CJK lead byte, never searched for
      if (at < len) s[at] = (at % 2) ? '\xEF' : '7';
      for (std::size_t pos : {std::size_t{0}, at, at + 1}) {
        CAPTURE(len, at, pos);
        const std::size_t any = s.find_first_of(std::string_view(":\xE3\xEF"), pos);
        CHECK(pg::find_any_byte(s, ":\xE3\xEF", pos) == any);
        CHECK(pg::find_ascii_digit(s, pos) == s.find_first_of("0123456789", pos));
      }
    }
  }
  const std::string_view text = "济政发〔2017〕24号：";
  CHECK(pg::find_ascii_digit(text) == text.find('2'));
  CHECK(pg::find_ascii_digit(text, text.find("〕")) == text.find("24"));
  CHECK(pg::find_any_byte(text, "/") == std::string_view::npos);
  CHECK(pg::find_any_byte(text, "\xEF") == text.find("："));
}

TEST_CASE("truncate_in_place cuts as truncate_to_width does", "[text]") {
  const std::string texts[] = {"", "abc", "济南", "济南市人民政府", "a济b南c", "e\xcc\x81tude"};
  for (const std::string& t : texts) {
    for (int width = 0; width <= 15; ++width) {
      INFO(t << " to " << width);
      std::string s = t;
      const int w = pg::truncate_in_place(s, pg::display_width(t), width);
      CHECK(s == pg::truncate_to_width(t, width));
      CHECK(w == pg::display_width(s));
    }
  }
  // Display width counts ASCII as one column and NUL as none.
  CHECK(pg::display_width(std::string("a\0b", 3)) == 2);
  CHECK(pg::display_width("ab济") == 4);
}

TEST_CASE("append_to_width appends what truncate_to_width returns", "[text]") {
  const std::string texts[] = {"",        "abc",           "济南",   "济南市人民政府",
                               "a济b南c", "e\xcc\x81tude", "a\xFFz", std::string("a\0b", 3)};
  for (const std::string& t : texts) {
    for (int width = -1; width <= 15; ++width) {
      INFO(t << " to " << width);
      std::string out = "「";
      pg::append_to_width(out, t, width);
      CHECK(out == "「" + pg::truncate_to_width(t, width));
    }
  }
}

TEST_CASE("safe_display_width is display_width of text a terminal may show, else -1", "[text]") {
  const std::string texts[] = {"",
                               "abc",
                               "济南市人民政府〔２０１７〕",
                               "e\xcc\x81tude",
                               "tab\there",
                               "bell\a",
                               "del\x7f",
                               "\xc2\x85",  // C1 NEL
                               "\xe2\x80\xae"
                               "abc",           // U+202E bidi override
                               "\xef\xbf\xbe",  // U+FFFE
                               "\xef\xbf\xbd",  // U+FFFD itself
                               "a\xFFz",        // invalid UTF-8
                               std::string("a\0b", 3)};
  for (const std::string& t : texts) {
    INFO(t);
    CHECK(pg::safe_display_width(t) == (pg::is_terminal_safe(t) ? pg::display_width(t) : -1));
  }
}
