#include "analyzer/read/normalizer.h"

#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "support/test_support.h"

namespace pg {
namespace {

using testing::slurp;

// The single normalized line of a one-line input.
std::string normalize_line(const std::string& input) {
  const NormalizedText t = normalize(input);
  REQUIRE(t.line_count() == 1);
  return std::string(t.line(1));
}

}  // namespace

TEST_CASE("spaces inside titles and document numbers are removed", "[normalizer]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"办 法 的 通 知", "办法的通知"},
      {" 济南市人民政府", "济南市人民政府"},
      {"济政发 〔２０１７〕２４号", "济政发〔2017〕24号"},
      {"　　足球运动深受广大人民群众喜爱，具", "足球运动深受广大人民群众喜爱，具"},
      {"市农业局　市财政局　市科技局", "市农业局市财政局市科技局"},
      {"济阳政发〔2020〕17 号", "济阳政发〔2020〕17号"},
      {"国发\t〔2015〕\u00a012号", "国发〔2015〕12号"},
      {"国务院\u200b办公厅\u2002通知\u3000\ufeff", "国务院办公厅通知"},
      {"关于\u2028印发\u202f《办法》\u205f的\u2060通知\u1680", "关于印发《办法》的通知"},
  }));
  CAPTURE(input);
  CHECK(normalize_line(input) == expected);
}

TEST_CASE("full-width digits and letters fold to ASCII", "[normalizer]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"济政办发 〔２０１７〕５３号", "济政办发〔2017〕53号"},
      {"于贯彻国发 〔２０１６〕１４号文件进一步健", "于贯彻国发〔2016〕14号文件进一步健"},
      {"政府与社会资本合作 （ＰＰＰ）等方式进行", "政府与社会资本合作（PPP）等方式进行"},
      {"ＪＮＣＲ－２０１７－００２００１０", "JNCR－2017－0020010"},
      {"ａｂｃｘｙｚ０９ＡＺ", "abcxyz09AZ"},
  }));
  CAPTURE(input);
  CHECK(normalize_line(input) == expected);
}

TEST_CASE("full-width punctuation is kept as printed", "[normalizer]") {
  const std::string punctuation = "（）〔〕，。《》－—、：；“”【】！？％";
  CHECK(normalize_line(punctuation) == punctuation);
  CHECK(normalize_line("济南市人民政府公报 （２０１７年第２３期）") ==
        "济南市人民政府公报（2017年第23期）");
}

TEST_CASE("Kangxi radicals and compatibility ideographs fold to unified ideographs",
          "[normalizer]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"济南市⼈⺠政府", "济南市人民政府"},
      {"济南市\u2f08\u2ea0政府", "济南市人民政府"},      // the same, spelled out
      {"\u2f00\u2f06\u2f17", "一二十"},                  // Kangxi radicals
      {"\u2ed3\u2ed4\u2ee2\u2edb\u2eda", "长门马风页"},  // CJK Radicals Supplement
      {"\uf900\ufa10", "\u8c48\u585a"},                  // 豈 塚 compatibility forms
      {"\ufa6c", "\U000242ee"},                          // folds to a 4-byte ideograph
      {"人民", "人民"},
  }));
  CAPTURE(input);
  CHECK(normalize_line(input) == expected);
}

TEST_CASE("Markdown marks are dropped", "[normalizer]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"**中共济南市委办公厅", "中共济南市委办公厅"},
      {"普法责任制的实施意见》的通知**", "普法责任制的实施意见》的通知"},
      {"__关于__印发", "关于印发"},
      {"# 北京市人民代表大会常务委员会关于废止部分地方性法规的决定",
       "北京市人民代表大会常务委员会关于废止部分地方性法规的决定"},
      {"### 第一章 总则", "第一章总则"},
      {"#1号", "#1号"},
      {"| 济南市人民政府关于加快超算产业化发展的意见 (济政发〔2019〕18号) | | (4) |",
       "济南市人民政府关于加快超算产业化发展的意见(济政发〔2019〕18号)(4)"},
      {"|--|-------|------|", ""},
      {"---\t------", ""},
      {"| :--- | ---: |", ""},
      {"<!-- INFO END -->", ""},
      {"法释<!-- note -->〔2024〕10号", "法释〔2024〕10号"},
      {"a*b_c", "a*b_c"},
      {"--", "--"},
  }));
  CAPTURE(input);
  CHECK(normalize_line(input) == expected);
}

TEST_CASE("an HTML comment spanning lines is dropped through its end", "[normalizer]") {
  const NormalizedText t = normalize("标题<!-- a\nb\nc -->正文\n下一行\n");
  REQUIRE(t.line_count() == 4);
  CHECK(t.line(1) == "标题");
  CHECK(t.line(2) == "");
  CHECK(t.line(3) == "正文");
  CHECK(t.line(4) == "下一行");
}

TEST_CASE("line numbers are those of the original text", "[normalizer]") {
  auto [input, count] = GENERATE(table<std::string, int>({
      {"", 0},
      {"\n", 1},
      {"a\nb\n", 2},
      {"a\nb", 2},
      {"a\r\nb\r\n", 2},
      {"a\r\n\r\n\r\nb", 4},
  }));
  CAPTURE(input);
  CHECK(normalize(input).line_count() == count);
}

TEST_CASE("CRLF and blank lines keep their line numbers", "[normalizer]") {
  const NormalizedText t =
      normalize(" 济南市人民政府\r\n关于印发济南市特困人员救助供养\r\n\r\n办 法 的 通 知\r\n");
  REQUIRE(t.line_count() == 4);
  CHECK(t.line(1) == "济南市人民政府");
  CHECK(t.line(2) == "关于印发济南市特困人员救助供养");
  CHECK(t.line(3) == "");
  CHECK(t.line(4) == "办法的通知");
  CHECK(t.line(0) == "");
  CHECK(t.line(5) == "");
  CHECK(t.text() == "济南市人民政府\n关于印发济南市特困人员救助供养\n\n办法的通知\n");
  CHECK(t.line_at(t.line_offset(4)) == 4);
  CHECK(t.line_at(t.line_offset(3)) == 3);
  CHECK(t.line_at(t.line_offset(2) - 1) == 1);  // line 1's '\n'
}

TEST_CASE("normalized offsets map back to the original bytes", "[normalizer]") {
  const std::string original =
      "**中共济南市委办公厅\r\n"
      "济政办发 〔２０１７〕５３号\r\n"
      "\r\n"
      "| 办 法 | ⼈⺠政府 <!-- x --> 通知 |\n"
      "\ufa6c字\n"
      "末行";
  const NormalizedText t = normalize(original);
  const std::string& text = t.text();
  // Every character of the normalized text maps to a character of the
  // original that is the same or folds to it.
  auto [needle, printed] = GENERATE(table<std::string, std::string>({
      {"中", "中"},
      {"济政办发", "济"},
      {"〔", "〔"},
      {"2017", "２"},
      {"53号", "５"},
      {"号", "号"},
      {"办法", "办"},
      {"法", "法"},
      {"人民", "⼈"},
      {"民政府", "⺠"},
      {"通知", "通"},
      {"字", "字"},
      {"末行", "末"},
  }));
  CAPTURE(needle);
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  const std::size_t orig = t.to_original(at);
  REQUIRE(orig < original.size());
  CHECK(original.compare(orig, printed.size(), printed) == 0);
}

TEST_CASE("offsets at the ends map to the ends of the original", "[normalizer]") {
  const std::string original = "**中共济南市委办公厅\r\n末行";
  const NormalizedText t = normalize(original);
  CHECK(t.text() == "中共济南市委办公厅\n末行\n");
  CHECK(t.to_original(0) == 2);  // past "**"
  CHECK(t.to_original(t.text().find('\n')) == original.find('\n'));
  CHECK(t.to_original(t.text().size()) == original.size());
}

TEST_CASE("to_original is exact on a real gazette", "[normalizer]") {
  const std::string original = slurp(TEST_DATA_DIR "/gazettes/000_1a218bf28652ce10.txt");
  REQUIRE(!original.empty());
  const NormalizedText t = normalize(original);
  CHECK(t.line_count() == 4368);
  // Each ASCII byte and each ideograph of the normalized text sits at an
  // original byte holding the same character (folded ones are checked above).
  int checked = 0;
  int mismatches = 0;
  for (std::size_t i = 0; i < t.text().size();) {
    std::size_t next = i;
    const char32_t c = next_code_point(t.text(), next);
    // The file has no final newline: the '\n' added after it has no original.
    if (is_cjk_ideograph(c) || (c == U'\n' && next < t.text().size())) {
      std::size_t o = t.to_original(i);
      if (o >= original.size() || next_code_point(original, o) != c) ++mismatches;
      ++checked;
    }
    i = next;
  }
  CHECK(checked > 30000);
  CHECK(mismatches == 0);
  CHECK(t.line(773) == "济政办发〔2017〕53号");
}

TEST_CASE("join_lines reads a title broken over lines as one", "[normalizer]") {
  // 000_1a218bf28652ce10.txt lines 1-5.
  const NormalizedText t = normalize(
      " 济南市人民政府\n"
      "关于印发济南市特困人员救助供养\n"
      "\n"
      "办 法 的 通 知\n"
      "济政发 〔２０１７〕２４号\n");
  const FlowText f = join_lines(t, 1, 4);
  CHECK(f.text() == "济南市人民政府关于印发济南市特困人员救助供养办法的通知");

  auto [needle, line] = GENERATE(table<std::string, int>({
      {"济南市人民政府", 1},
      {"府", 1},
      {"关于印发", 2},
      {"供养", 2},
      {"办法", 4},
      {"通知", 4},
  }));
  CAPTURE(needle);
  const std::size_t at = f.text().find(needle);
  REQUIRE(at != std::string::npos);
  CHECK(f.line_at(at) == line);

  CHECK(f.offset_of_line(1) == 0);
  CHECK(f.offset_of_line(2) == f.text().find("关于"));
  CHECK(f.offset_of_line(3) == f.text().find("办法"));  // blank: the next line's
  CHECK(f.offset_of_line(4) == f.text().find("办法"));
  CHECK(f.offset_of_line(5) == f.text().size());
  CHECK(join_lines(t, 4, 5).text() == "办法的通知济政发〔2017〕24号");
  CHECK(join_lines(t, 3, 3).text().empty());
  CHECK(join_lines(t, 5, 99).text() == "济政发〔2017〕24号");
}

TEST_CASE("UTF-8 helpers walk code points and never read out of bounds", "[normalizer]") {
  auto [bytes, first, length] = GENERATE(table<std::string, char32_t, std::size_t>({
      {"a", U'a', 1},
      {"中", U'中', 3},
      {"\U000242ee", U'\U000242ee', 4},
      {"\xff", U'\ufffd', 1},
      {"\xe4\xb8", U'\ufffd', 2},  // truncated: the valid prefix is skipped
      {"\xe4", U'\ufffd', 1},
      {"\xc0\x80", U'\ufffd', 1},      // overlong
      {"\xed\xa0\x80", U'\ufffd', 1},  // surrogate
      {"\xf4\x90\x80\x80", U'\ufffd', 1},
      {"\x80", U'\ufffd', 1},
  }));
  CAPTURE(bytes);
  std::size_t i = 0;
  CHECK(next_code_point(bytes, i) == first);
  CHECK(i == length);

  std::size_t j = bytes.size();
  const char32_t last = prev_code_point(bytes, j);
  CHECK(j < bytes.size());
  if (length == bytes.size()) {
    CHECK(last == first);
    CHECK(j == 0);
  } else {
    CHECK(last == U'\ufffd');
  }
}

TEST_CASE("prev_code_point walks back over mixed text", "[normalizer]") {
  const std::string s = "a中\xff\U000242ee";
  std::size_t i = s.size();
  CHECK(prev_code_point(s, i) == U'\U000242ee');
  CHECK(prev_code_point(s, i) == U'\ufffd');
  CHECK(prev_code_point(s, i) == U'中');
  CHECK(prev_code_point(s, i) == U'a');
  CHECK(i == 0);
  CHECK(prev_code_point(s, i) == U'\ufffd');
  CHECK(i == 0);
  std::size_t end = s.size();
  CHECK(next_code_point(s, end) == U'\ufffd');
  CHECK(end == s.size());
}

TEST_CASE("append_utf8 encodes and replaces invalid code points", "[normalizer]") {
  std::string out;
  append_utf8(out, U'a');
  append_utf8(out, U'é');
  append_utf8(out, U'〔');
  append_utf8(out, U'\U000242ee');
  append_utf8(out, 0xD800);
  append_utf8(out, 0x110000);
  CHECK(out == "a\u00e9\u3014\U000242ee\ufffd\ufffd");
}

TEST_CASE("is_cjk_ideograph covers the unified and compatibility blocks", "[normalizer]") {
  CHECK(is_cjk_ideograph(U'人'));
  CHECK(is_cjk_ideograph(U'\u3400'));
  CHECK(is_cjk_ideograph(U'\uf900'));
  CHECK(is_cjk_ideograph(U'\U000242ee'));
  CHECK_FALSE(is_cjk_ideograph(U'〔'));
  CHECK_FALSE(is_cjk_ideograph(U'\u2f08'));  // Kangxi radical ⼈
  CHECK_FALSE(is_cjk_ideograph(U'A'));
}

TEST_CASE("a line broken where print never breaks one is mended, lines keep their numbers",
          "[normalizer][breaks]") {
  // Rows: text as a narrower column or a tool broke it; the normalized lines.
  auto [input, line1, line2] = GENERATE(table<std::string, std::string, std::string>({
      // The rest of a number goes up to where it starts.
      {"实施办法的通知济政字〔20\n19〕90号\n", "实施办法的通知济政字〔2019〕90号", ""},
      {"的实施意见济政办字〔2019〕6\n7号\n", "的实施意见济政办字〔2019〕67号", ""},
      // A known code broken after its first character: 济 / 政办字.
      {"的实施意见济\n政办字〔2019〕67号\n", "的实施意见济政办字〔2019〕67号", ""},
      // Closing punctuation never opens a line (行首禁则).
      {"行动计划（2017-2019年\n）的通知\n", "行动计划（2017-2019年）", "的通知"},
      {"的实施意见 (济政发〔2017〕9号\n)\t(18)\n", "的实施意见(济政发〔2017〕9号)", "(18)"},
      // An opening bracket never ends one (行尾禁则).
      {"的通知（\n济政办发〔2017〕26号）(33)\n", "的通知", "（济政办发〔2017〕26号）(33)"},
      // A whole number under a title or a running header stays on its line.
      {"低排放控制区的通告\n济政发〔2019〕17号\n", "低排放控制区的通告", "济政发〔2019〕17号"},
      {"济南市人民政府公报2017年第23期\n济政办字〔2017〕81号\n", "济南市人民政府公报2017年第23期",
       "济政办字〔2017〕81号"},
      // A decree prints its name over its serial by design.
      {"中华人民共和国国务院令\n第707号\n", "中华人民共和国国务院令", "第707号"},
  }));
  CAPTURE(input);
  const NormalizedText t = normalize(input);
  REQUIRE(t.line_count() == 2);
  CHECK(t.line(1) == line1);
  CHECK(t.line(2) == line2);
}

TEST_CASE("mending passes over the blank line PDF text puts after every printed line",
          "[normalizer][breaks]") {
  // 000_1a218bf28652ce10.txt prints a blank line between lines; a number
  // broken there reads whole on its first line, and its bytes still map back
  // to where they stand in the original.
  const std::string input = "济政发 〔２０１７\n\n〕２４号\n";
  const NormalizedText t = normalize(input);
  REQUIRE(t.line_count() == 3);
  CHECK(t.line(1) == "济政发〔2017〕24号");
  CHECK(t.line(2).empty());
  CHECK(t.line(3).empty());
  const std::size_t close = t.text().find("〕");
  REQUIRE(close != std::string::npos);
  CHECK(t.to_original(close) == input.find("〕"));
  CHECK(t.to_original(0) == 0);
}

TEST_CASE("joined lines leave out the lines marked as page furniture", "[normalizer][breaks]") {
  // A page break inside a citation: the page number and running header lines
  // (marked by the segmenter) are no part of the sentence.
  const NormalizedText t = normalize(
      "根据《山东省特困人员\n— 12 —\n济南市人民政府公报2017年第23期\n救助供养办法》执行。\n");
  std::vector<bool> skip(static_cast<std::size_t>(t.line_count()) + 1, false);
  skip[2] = skip[3] = true;
  const FlowText f = join_lines(t, 1, t.line_count(), skip);
  CHECK(f.text() == "根据《山东省特困人员救助供养办法》执行。");
  CHECK(f.line_at(f.text().find("救助")) == 4);
}

TEST_CASE("bytes the sixteen-byte scan stops at but no rule takes are copied as printed",
          "[normalizer]") {
  // The copy loop looks for marked bytes sixteen at a time with a looser test
  // (any byte up to ' ', E0 with E1-E3): control bytes, U+0800 (E0 A0 80) and
  // U+1000 (E1 80 80) stay; the blanks, NBSP, U+3000 and table pipes around
  // them go; every position of the sixteen-byte block is tried.
  const std::string plain = "关于\x01印发\x1f通知\xe0\xa0\x80办法\xe1\x80\x80规定";
  for (std::size_t pad = 0; pad < 20; ++pad) {
    CAPTURE(pad);
    const std::string head(pad, 'x');
    const std::string input =
        head + "关于\x01印 发\x1f通\xc2\xa0知\xe0\xa0\x80办\xe3\x80\x80法\xe1\x80\x80规|定";
    const NormalizedText t = normalize(input);
    REQUIRE(t.line_count() == 1);
    CHECK(t.line(1) == head + plain);
  }
  CHECK(normalize("").line_count() == 0);
  CHECK(normalize("\xe0").text() == "\xe0\n");
  CHECK(normalize(" ").text() == "\n");
}

// The normalizer's scan tests sixteen bytes at a time and marks only the
// three-byte sequences it drops or folds (E3 80 80, EF BC 90-99 ...), passing
// the CJK punctuation that shares their lead bytes; the last bytes of a line go
// byte by byte. Each piece below is put at every offset of a long line, so
// that it falls at each place of a block, across two blocks and in the tail.
TEST_CASE("each space, fold and mark is read the same at every offset of a line", "[normalizer]") {
  auto [piece, expected] = GENERATE(table<std::string, std::string>({
      {"\u3000", ""},                                            // ideographic space: dropped
      {"\u3001\u3002\u300a\u300b", "\u3001\u3002\u300a\u300b"},  // 、。《》 kept
      {"\u2002\u200b\u2060", ""},  // spaces and invisible marks: dropped
      {"\u201c\u201d\u2026\u2014", "\u201c\u201d\u2026\u2014"},  // “”…— kept
      {"\u2ea0", "\u6c11"},                                      // ⺠ folds to 民
      {"\uff10\uff19\uff21\uff3a\uff41", "09AZa"},               // full-width digits and letters
      {"\uff0c\uff1a\uff08\uff09\uff3b\uff3d\uff01", "\uff0c\uff1a\uff08\uff09\uff3b\uff3d\uff01"},
      {"\ufeff", ""},        // BOM
      {"\uf900", "\u8c48"},  // compatibility ideograph 豈
      {"\u00a0", ""},        // NBSP
      {"**", ""},
  }));
  const std::string filler = "济南市人民政府关于印发办法的通知";  // 16 characters, 48 bytes
  for (std::size_t offset = 0; offset <= 40; ++offset) {
    const std::string before = std::string(offset, 'a');
    const std::string input = before + piece + filler;
    CAPTURE(piece, offset);
    CHECK(normalize_line(input) == before + expected + filler);
    // The same near the end of the line, where the bytes go one by one.
    CHECK(normalize_line(filler + before + piece) == filler + before + expected);
  }
}

}  // namespace pg
