// The one UTF-8 decoder (graphs/base/utf8.h): well-formed sequences of every
// length, and the ill-formed ones the Unicode standard names (Table 3-7):
// stray continuation bytes, overlong forms, surrogates, code points above
// U+10FFFF and sequences cut short. Expectations are worked out from the
// standard's byte ranges, one U+FFFD per maximal invalid subpart.
#include "graphs/base/utf8.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace {

constexpr char32_t kFFFD = 0xFFFD;

// Every code point next_code_point reads from `s`, with the offset after it.
struct Step {
  char32_t c;
  std::size_t next;
  bool operator==(const Step&) const = default;
};
std::vector<Step> decode_all(std::string_view s) {
  std::vector<Step> out;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t c = pg::next_code_point(s, i);
    out.push_back({c, i});
  }
  return out;
}

}  // namespace

TEST_CASE("well-formed sequences of one to four bytes decode to their code point", "[utf8]") {
  auto [bytes, code_point] = GENERATE(table<std::string, char32_t>({
      {"A", U'A'},
      {"\xC3\xA9", 0xE9},              // é
      {"\xE5\x9B\xBD", 0x56FD},        // 国
      {"\xE3\x80\x94", 0x3014},        // 〔
      {"\xEF\xBF\xBD", 0xFFFD},        // U+FFFD itself
      {"\xF0\xA0\x80\x80", 0x20000},   // 𠀀, CJK extension B
      {"\xF4\x8F\xBF\xBF", 0x10FFFF},  // the last code point
      {"\xED\x9F\xBF", 0xD7FF},        // just below the surrogates
  }));
  CAPTURE(bytes);
  std::size_t i = 0;
  CHECK(pg::next_code_point(bytes, i) == code_point);
  CHECK(i == bytes.size());
}

TEST_CASE("ill-formed bytes decode to U+FFFD, one per maximal invalid subpart", "[utf8]") {
  using Steps = std::vector<Step>;
  // Stray continuation bytes and bytes that never start a sequence.
  CHECK(decode_all("\x80") == Steps{{kFFFD, 1}});
  CHECK(decode_all("a\xBF"
                   "b") == Steps{{U'a', 1}, {kFFFD, 2}, {U'b', 3}});
  CHECK(decode_all("\xFF\xFE") == Steps{{kFFFD, 1}, {kFFFD, 2}});
  CHECK(decode_all("\xF5\x80") == Steps{{kFFFD, 1}, {kFFFD, 2}});
  // Overlong forms: C0 and C1 never lead; E0 needs A0..BF next, F0 needs 90..BF.
  CHECK(decode_all("\xC0\xAF") == Steps{{kFFFD, 1}, {kFFFD, 2}});
  CHECK(decode_all("\xC1\xBF") == Steps{{kFFFD, 1}, {kFFFD, 2}});
  CHECK(decode_all("\xE0\x80\xAF") == Steps{{kFFFD, 1}, {kFFFD, 2}, {kFFFD, 3}});
  CHECK(decode_all("\xF0\x80\x80\xAF") == Steps{{kFFFD, 1}, {kFFFD, 2}, {kFFFD, 3}, {kFFFD, 4}});
  // Surrogates U+D800..U+DFFF: ED allows only 80..9F next.
  CHECK(decode_all("\xED\xA0\x80") == Steps{{kFFFD, 1}, {kFFFD, 2}, {kFFFD, 3}});
  CHECK(decode_all("\xED\xBF\xBF") == Steps{{kFFFD, 1}, {kFFFD, 2}, {kFFFD, 3}});
  // Above U+10FFFF: F4 allows only 80..8F next.
  CHECK(decode_all("\xF4\x90\x80\x80") == Steps{{kFFFD, 1}, {kFFFD, 2}, {kFFFD, 3}, {kFFFD, 4}});
}

TEST_CASE("a sequence cut short is one U+FFFD and the next character survives", "[utf8]") {
  using Steps = std::vector<Step>;
  // 国 is E5 9B BD; 𠀀 is F0 A0 80 80.
  CHECK(decode_all("\xE5\x9B") == Steps{{kFFFD, 2}});
  CHECK(decode_all("\xE5\x9B"
                   "A") == Steps{{kFFFD, 2}, {U'A', 3}});
  CHECK(decode_all("\xF0\xA0\x80") == Steps{{kFFFD, 3}});
  CHECK(decode_all("\xE5"
                   "\xE5\x9B\xBD") == Steps{{kFFFD, 1}, {0x56FD, 4}});
}

TEST_CASE("decoding at or past the end reads nothing and gives U+FFFD", "[utf8]") {
  std::string_view s = "ab";
  std::size_t i = 2;
  CHECK(pg::next_code_point(s, i) == kFFFD);
  CHECK(i == 2);
  std::size_t j = 0;
  CHECK(pg::prev_code_point(s, j) == kFFFD);
  CHECK(j == 0);
}

TEST_CASE("prev_code_point walks back over whole characters", "[utf8]") {
  const std::string s = "A国\xF0\xA0\x80\x80";  // A, 国, 𠀀
  std::size_t i = s.size();
  CHECK(pg::prev_code_point(s, i) == 0x20000);
  CHECK(i == 4);
  CHECK(pg::prev_code_point(s, i) == 0x56FD);
  CHECK(i == 1);
  CHECK(pg::prev_code_point(s, i) == U'A');
  CHECK(i == 0);
  // A stray continuation byte is one step back, not a character.
  const std::string bad = "A\x80";
  std::size_t k = bad.size();
  CHECK(pg::prev_code_point(bad, k) == kFFFD);
  CHECK(k == 1);
}

TEST_CASE("valid_utf8 keeps valid text and replaces each invalid subpart", "[utf8]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"", ""},
      {"济政发〔2017〕24号", "济政发〔2017〕24号"},
      {"literal \uFFFD stays", "literal \uFFFD stays"},
      {"a\xFF"
       "b",
       "a\uFFFD"
       "b"},
      {"\xC0\xAF", "\uFFFD\uFFFD"},            // overlong /
      {"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},  // a surrogate
      {"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},
      {"标题\xE5\x9B", "标题\uFFFD"},  // cut at the end
      {"\xF0\x9F\x98"
       "x",
       "\uFFFDx"},  // cut inside
  }));
  CAPTURE(input);
  CHECK(pg::valid_utf8(input) == expected);
  CHECK(pg::first_invalid_utf8(pg::valid_utf8(input)) == std::string_view::npos);
}

TEST_CASE("first_invalid_utf8 gives the offset of the first bad byte", "[utf8]") {
  CHECK(pg::first_invalid_utf8("") == std::string_view::npos);
  CHECK(pg::first_invalid_utf8("国家税务总局公告2019年第13号") == std::string_view::npos);
  CHECK(pg::first_invalid_utf8("\uFFFD") == std::string_view::npos);
  CHECK(pg::first_invalid_utf8("ab\xFF"
                               "cd") == 2);
  CHECK(pg::first_invalid_utf8("国\xED\xA0\x80") == 3);
  CHECK(pg::first_invalid_utf8("国\xE5\x9B") == 3);
  // Past the eight-byte ASCII fast path, and right after it.
  const std::string ascii(20, 'x');
  CHECK(pg::first_invalid_utf8(ascii + "\x80") == 20);
  CHECK(pg::first_invalid_utf8(ascii + "国" + "\xC1\x81") == 23);
}

namespace {

// The validator checks sequences in place; the decoder is the reference: the
// first offset where next_code_point reads U+FFFD from anything but EF BF BD.
std::size_t first_invalid_by_decoding(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    if (pg::next_code_point(s, i) == kFFFD && s.substr(start, i - start) != "\xEF\xBF\xBD") {
      return start;
    }
  }
  return std::string_view::npos;
}

// Strings built from the bytes at the edges of Table 3-7's ranges, and ASCII
// runs long enough to take the word-at-a-time path, from a fixed seed.
std::vector<std::string> edge_byte_strings() {
  const unsigned char edges[] = {'a',  '1',  0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xE5, 0xEC, 0xED,
                                 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF, 0xB9, 0xB4};
  std::vector<std::string> out;
  std::uint32_t state = 12345;
  const auto next = [&] { return state = state * 1103515245u + 12345u, state >> 16; };
  for (int k = 0; k < 20000; ++k) {
    std::string s;
    const std::size_t len = next() % 40;
    for (std::size_t i = 0; i < len; ++i) {
      if (next() % 8 == 0) {
        s.append(next() % 24, 'x');
      } else if (next() % 4 == 0) {
        s += "国年";
      } else {
        s += static_cast<char>(edges[next() % sizeof edges]);
      }
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("first_invalid_utf8 agrees with the decoder on the edges of every byte range", "[utf8]") {
  for (const std::string& s : edge_byte_strings()) {
    CAPTURE(s);
    REQUIRE(pg::first_invalid_utf8(s) == first_invalid_by_decoding(s));
  }
}

TEST_CASE("first_invalid_utf8 finds a bad byte at every offset of long CJK text", "[utf8]") {
  // Long enough for the sixteen-byte blocks: CJK with ASCII, two-byte and
  // four-byte characters and E0/ED leads between, then each edge byte (or a
  // sequence cut short) put in at every offset, and the text cut at every length.
  const std::string text =
      "国务院关于印发2019年第13号通知的决定，\u00A7各省、自治区：\u0800\uD7FB\U0001F600"
      "ab1234567890cdefgh有效期至2021年12月31日。\u00E9\uFFFD规定";
  for (std::size_t len = 0; len <= text.size(); ++len) {
    const std::string cut = text.substr(0, len);
    REQUIRE(pg::first_invalid_utf8(cut) == first_invalid_by_decoding(cut));
  }
  for (const char* bad : {"\x80", "\xBF", "\xC0", "\xC1", "\xC2", "\xE0\x80", "\xE5\x9B",
                          "\xED\xA0\x80", "\xEF", "\xF0\x80", "\xF4\x90", "\xF5", "\xFF"}) {
    for (std::size_t at = 0; at <= text.size(); ++at) {
      const std::string s = text.substr(0, at) + bad + text.substr(at);
      CAPTURE(at, bad);
      REQUIRE(pg::first_invalid_utf8(s) == first_invalid_by_decoding(s));
    }
  }
}

TEST_CASE("find_text gives the same answer as string_view::find", "[utf8]") {
  const std::vector<std::string> texts = edge_byte_strings();
  for (std::size_t k = 0; k < texts.size(); ++k) {
    const std::string_view s = texts[k];
    // Needles from this text and the next, at every length up to five bytes.
    const std::string_view other = texts[(k + 1) % texts.size()];
    for (std::string_view from : {s, other}) {
      for (std::size_t len = 1; len <= 5 && len <= from.size(); ++len) {
        const std::string_view needle = from.substr((k * 7) % (from.size() - len + 1), len);
        for (std::size_t pos : {std::size_t{0}, std::size_t{1}, s.size() / 2, s.size()}) {
          CAPTURE(s, needle, pos);
          REQUIRE(pg::find_text(s, needle, pos) == s.find(needle, pos));
        }
      }
    }
  }
  const std::string cjk = std::string(40, 'x') + "自2019年1月1日起施行。有效期至2021年12月31日";
  CHECK(pg::find_text(cjk, "有效期") == cjk.find("有效期"));
  CHECK(pg::find_text(cjk, "年", 60) == cjk.find("年", 60));
  CHECK(pg::find_text(cjk, "施行。有") == cjk.find("施行。有"));
  CHECK(pg::find_text(cjk, "月31日") == cjk.size() - std::string_view("月31日").size());
  CHECK(pg::find_text(cjk, "年2") == std::string_view::npos);
  CHECK(pg::find_text(cjk, "", cjk.size()) == cjk.size());
  CHECK(pg::find_text(cjk, "x", cjk.size() + 1) == std::string_view::npos);
}

TEST_CASE("append_utf8 writes surrogates and out-of-range values as U+FFFD", "[utf8]") {
  std::string out;
  pg::append_utf8(out, 0x56FD);
  pg::append_utf8(out, 0xD800);
  pg::append_utf8(out, 0x110000);
  pg::append_utf8(out, 0x20000);
  CHECK(out == "国\uFFFD\uFFFD\xF0\xA0\x80\x80");
}

TEST_CASE("code points are counted, not bytes", "[utf8]") {
  CHECK(pg::code_point_count("") == 0);
  CHECK(pg::code_point_count("A国\xF0\xA0\x80\x80") == 3);
  CHECK(pg::code_point_count("\xC0\xAF") == 2);
}

TEST_CASE("offsets move onto character boundaries", "[utf8]") {
  const std::string s = "国家";  // bytes 0-2 and 3-5
  CHECK(pg::floor_char_boundary(s, 0) == 0);
  CHECK(pg::floor_char_boundary(s, 2) == 0);
  CHECK(pg::floor_char_boundary(s, 4) == 3);
  CHECK(pg::floor_char_boundary(s, 9) == 6);
  CHECK(pg::ceil_char_boundary(s, 1) == 3);
  CHECK(pg::ceil_char_boundary(s, 3) == 3);
  CHECK(pg::ceil_char_boundary(s, 5) == 6);
  CHECK(pg::ceil_char_boundary(s, 9) == 6);
}

TEST_CASE("the inline fast paths read every short sequence as the general decoder does", "[utf8]") {
  // next_code_point and prev_code_point decode ASCII and plain three-byte
  // sequences inline and hand the rest to detail::*_any. Every lead byte
  // followed by a sample of second and third bytes (continuation or not),
  // cut at every length from empty on, must read the same in both, forward
  // and backward, and at the same offsets.
  const unsigned char kTail[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                 0xA0, 0xBF, 0xC0, 0xE4, 0xED, 0xF0, 0xFF};
  int compared = 0;
  for (int lead = 0; lead < 256; ++lead) {
    for (unsigned char b1 : kTail) {
      for (unsigned char b2 : kTail) {
        const std::string full{static_cast<char>(lead), static_cast<char>(b1),
                               static_cast<char>(b2), 'x'};
        for (std::size_t len = 0; len <= full.size(); ++len) {
          const std::string_view s(full.data(), len);
          for (std::size_t at = 0; at <= len; ++at) {
            std::size_t fast = at;
            std::size_t general = at;
            CHECK(pg::next_code_point(s, fast) == pg::detail::next_code_point_any(s, general));
            CHECK(fast == general);
            fast = at;
            general = at;
            CHECK(pg::prev_code_point(s, fast) == pg::detail::prev_code_point_any(s, general));
            CHECK(fast == general);
            ++compared;
          }
        }
      }
    }
  }
  CHECK(compared > 100000);
}
