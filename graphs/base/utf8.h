// Walking and writing UTF-8, shared by every stage that reads text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pg {

inline constexpr char32_t kReplacementChar = 0xFFFD;

namespace detail {
// The general cases of next_code_point and prev_code_point below.
char32_t next_code_point_any(std::string_view s, std::size_t& i);
char32_t prev_code_point_any(std::string_view s, std::size_t& i);
// A lead byte whose sequence is three bytes with any two continuation bytes
// after it (E1-EC, EE, EF: every CJK ideograph and full-width mark; E0 and
// ED limit their second byte).
inline bool plain_three_byte_lead(unsigned char b) { return b >= 0xE1 && b <= 0xEF && b != 0xED; }
inline bool continuation_byte(unsigned char b) { return (b & 0xC0) == 0x80; }
inline char32_t decode_three(unsigned char b0, unsigned char b1, unsigned char b2) {
  return static_cast<char32_t>(((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu));
}
}  // namespace detail

// Decodes the code point at s[i] and advances i. Invalid bytes yield U+FFFD
// (one per maximal invalid subpart); never reads past the end. Inline for
// ASCII and the three-byte characters of CJK text; the rest out of line.
inline char32_t next_code_point(std::string_view s, std::size_t& i) {
  if (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      return b0;
    }
    if (s.size() - i >= 3 && detail::plain_three_byte_lead(b0)) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if (detail::continuation_byte(b1) && detail::continuation_byte(b2)) {
        i += 3;
        return detail::decode_three(b0, b1, b2);
      }
    }
  }
  return detail::next_code_point_any(s, i);
}
// The code point that ends just before s[i]; moves i back to its start.
// Inline for the same cases as next_code_point.
inline char32_t prev_code_point(std::string_view s, std::size_t& i) {
  if (i > 0 && i <= s.size()) {
    const auto b2 = static_cast<unsigned char>(s[i - 1]);
    if (b2 < 0x80) {
      --i;
      return b2;
    }
    if (i >= 3) {
      const auto b0 = static_cast<unsigned char>(s[i - 3]);
      const auto b1 = static_cast<unsigned char>(s[i - 2]);
      if (detail::plain_three_byte_lead(b0) && detail::continuation_byte(b1) &&
          detail::continuation_byte(b2)) {
        i -= 3;
        return detail::decode_three(b0, b1, b2);
      }
    }
  }
  return detail::prev_code_point_any(s, i);
}
// A byte offset moved onto a character boundary: back (floor) or forward
// (ceil) over continuation bytes, so that a cut at it never splits a
// character. Offsets at or past the end come back as s.size().
std::size_t floor_char_boundary(std::string_view s, std::size_t pos);
std::size_t ceil_char_boundary(std::string_view s, std::size_t pos);
// Writes c as UTF-8 into out[0..3]; returns the byte count (1-4).
int encode_utf8(unsigned char* out, char32_t c);
void append_utf8(std::string& out, char32_t c);

// `s` with every invalid sequence (stray continuation bytes, overlong forms,
// surrogates, code points above U+10FFFF, a sequence cut short) replaced by
// U+FFFD, one per maximal invalid subpart as next_code_point reads it. Valid
// text comes back unchanged. Never throws: untrusted bytes go in, UTF-8 that
// every writer (nlohmann::json included) accepts comes out. Noncharacters
// (U+FFFE, U+FFFF) are valid UTF-8 and stay: a writer whose format forbids
// them (XML) replaces them itself.
std::string valid_utf8(std::string_view s);
// The offset of the first byte that does not start a well-formed sequence
// (Unicode Table 3-7), or npos when all of `s` is valid UTF-8.
std::size_t first_invalid_utf8(std::string_view s);
// Code points in `s` (invalid bytes counted as next_code_point reads them).
std::size_t code_point_count(std::string_view s);
// CJK unified ideographs (with extension A and the supplementary planes) and
// the compatibility ideographs.
bool is_cjk_ideograph(char32_t c);

// The first occurrence of `needle` in `s` at or after `pos`, or npos. Same
// answer as std::string_view::find, faster on CJK text: find() scans for the
// needle's first byte, and in CJK text the lead bytes E4-E9 are everywhere;
// this tests the first and last byte together, sixteen positions at a time.
std::size_t find_text(std::string_view s, std::string_view needle, std::size_t pos = 0);
// The last occurrence of `needle` in `s` starting at or before `pos`, or npos:
// the same answer as std::string_view::rfind, by the same test as find_text.
std::size_t rfind_text(std::string_view s, std::string_view needle,
                       std::size_t pos = std::string_view::npos);

}  // namespace pg
