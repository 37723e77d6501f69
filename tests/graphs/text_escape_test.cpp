// Terminal escaping of document text: what a title may not do to a terminal.
#include <catch2/catch.hpp>

#include <string>

#include "graphs/base/text_escape.h"

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
