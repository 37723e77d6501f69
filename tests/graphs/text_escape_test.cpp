// Terminal escaping of document text: what a title may not do to a terminal.
#include "graphs/base/text_escape.h"

#include <string>

#include <catch2/catch.hpp>

#include "graphs/base/text.h"

TEST_CASE("terminal_safe shows control, bidi and non-characters as escapes", "[escape]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"济政发〔2017〕24号", "济政发〔2017〕24号"},
      {"标题\x1b[31m红", "标题\\x1b[31m红"},
      {"响铃\x07", "响铃\\x07"},
      {"换\n行\t", "换\\x0a行\\x09"},
      {"删除\x7f", "删除\\x7f"},
      {"\u202e反向", "\\u202e反向"},
      {"隔离\u2066x\u2069", "隔离\\u2066x\\u2069"},
      {"非字符\uffff", "非字符\\uffff"},
      {"C1\u009b", "C1\\u009b"},
      {"坏\xff字节", "坏\uFFFD字节"},
  }));
  CAPTURE(input);
  CHECK(pg::terminal_safe(input) == expected);
}

TEST_CASE("terminal_safe repairs invalid UTF-8 before escaping", "[escape]") {
  // One U+FFFD per maximal invalid subpart (graphs/base/utf8.h).
  CHECK(pg::terminal_safe("\xC0\xAF") == "\uFFFD\uFFFD");            // overlong
  CHECK(pg::terminal_safe("\xED\xA0\x80") == "\uFFFD\uFFFD\uFFFD");  // a surrogate
  CHECK(pg::terminal_safe("标题\xE5\x9B") == "标题\uFFFD");          // cut short
  // An escape sequence spelled with a C1 CSI and a stray byte after it.
  CHECK(pg::terminal_safe("\u009b31m\x80") == "\\u009b31m\uFFFD");
  CHECK(pg::terminal_safe("") == "");
}

TEST_CASE("markup entities: & < > always, \" only where an attribute may hold it", "[escape]") {
  CHECK(std::string(pg::markup_entity('&', false)) == "&amp;");
  CHECK(std::string(pg::markup_entity('<', false)) == "&lt;");
  CHECK(std::string(pg::markup_entity('>', true)) == "&gt;");
  CHECK(pg::markup_entity('"', false) == nullptr);
  CHECK(std::string(pg::markup_entity('"', true)) == "&quot;");
  CHECK(pg::markup_entity('\'', true) == nullptr);
  CHECK(pg::markup_entity('a', true) == nullptr);
}

TEST_CASE("escape_bytes passes each byte through the writer's rule", "[escape]") {
  auto html = [](std::string_view text) {
    return pg::escape_bytes(text, [](std::string& out, char c) {
      if (const char* e = pg::markup_entity(c, true))
        out += e;
      else
        out += c;
    });
  };
  CHECK(html("《A&B》<script>\"x\"") == "《A&amp;B》&lt;script&gt;&quot;x&quot;");
  // Multi-byte characters pass untouched: all their bytes are 0x80 or above.
  CHECK(html("济政发〔2017〕24号") == "济政发〔2017〕24号");
  CHECK(html("") == "");
}

TEST_CASE("control characters are C0 and DEL, nothing else", "[escape]") {
  CHECK(pg::is_control_char('\0'));
  CHECK(pg::is_control_char('\n'));
  CHECK(pg::is_control_char('\x1f'));
  CHECK(pg::is_control_char('\x7f'));
  CHECK_FALSE(pg::is_control_char(' '));
  CHECK_FALSE(pg::is_control_char('~'));
  CHECK_FALSE(pg::is_control_char('\x80'));  // a continuation byte, not a control
  CHECK_FALSE(pg::is_control_char('\xe5'));
}

TEST_CASE("is_terminal_safe agrees with terminal_safe", "[escape]") {
  const std::string cases[] = {"",
                               "plain ascii 123",
                               "济政发〔2017〕24号",
                               "tab\there",
                               "bell\a",
                               "del\x7f",
                               "\xc2\x85 (NEL, C1)",
                               "bidi \xe2\x80\xae override",
                               "isolate \xe2\x81\xa6 x",
                               "nonchar \xef\xbf\xbf",
                               "replacement \xef\xbf\xbd itself",
                               "stray \x80 byte",
                               "cut \xe6\xb5",
                               "overlong \xc0\xaf",
                               "surrogate \xed\xa0\x80"};
  for (const std::string& s : cases) {
    INFO(s);
    CHECK(pg::is_terminal_safe(s) == (pg::terminal_safe(s) == s));
    // One pass for both, as a table cell is measured.
    CHECK(pg::safe_display_width(s) == (pg::is_terminal_safe(s) ? pg::display_width(s) : -1));
    const std::string wider = s + " —based_on→ 〔〕\u1100\uac00\u2e80\u3000";
    CHECK(pg::safe_display_width(wider) ==
          (pg::is_terminal_safe(wider) ? pg::display_width(wider) : -1));
  }
  CHECK(pg::is_terminal_safe("济政发〔2017〕24号 《条例》"));
  CHECK_FALSE(pg::is_terminal_safe("stray \x80 byte"));
  CHECK_FALSE(pg::is_terminal_safe("bidi \xe2\x80\xae override"));
}
