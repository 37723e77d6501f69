#include "graphs/base/utf8.h"

#include <cstdint>
#include <cstring>

#include "graphs/base/work_stats.h"

namespace pg {

int encode_utf8(unsigned char* out, char32_t c) {
  if (c < 0x80) {
    out[0] = static_cast<unsigned char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<unsigned char>(0xC0 | (c >> 6));
    out[1] = static_cast<unsigned char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<unsigned char>(0xE0 | (c >> 12));
    out[1] = static_cast<unsigned char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<unsigned char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<unsigned char>(0xF0 | (c >> 18));
  out[1] = static_cast<unsigned char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<unsigned char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<unsigned char>(0x80 | (c & 0x3F));
  return 4;
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
  if (i >= s.size()) return kReplacementChar;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) {
    ++i;
    return b;
  }
  std::size_t len;
  char32_t c;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
    c = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3;
    c = b & 0x0F;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4;
    c = b & 0x07;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    ++i;
    return kReplacementChar;
  }
  // An invalid sequence is skipped as its maximal valid prefix (one U+FFFD
  // per maximal subpart, as the Unicode standard recommends).
  std::size_t k = i + 1;
  for (std::size_t n = 1; n < len; ++n, ++k) {
    const unsigned char cb = k < s.size() ? byte(k) : 0;
    const bool ok = n == 1 ? (cb >= lo && cb <= hi) : (cb & 0xC0) == 0x80;
    if (!ok) {
      i = k;
      return kReplacementChar;
    }
    c = (c << 6) | (cb & 0x3F);
  }
  i = k;
  return c;
}

char32_t prev_code_point(std::string_view s, std::size_t& i) {
  if (i == 0) return kReplacementChar;
  if (i > s.size()) i = s.size();
  std::size_t j = i - 1;
  while (j > 0 && i - j < 4 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  std::size_t k = j;
  const char32_t c = next_code_point(s, k);
  if (k == i) {
    i = j;
    return c;
  }
  --i;
  return kReplacementChar;
}

namespace {
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

std::size_t floor_char_boundary(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return s.size();
  while (pos > 0 && is_continuation(s[pos])) --pos;
  return pos;
}

std::size_t ceil_char_boundary(std::string_view s, std::size_t pos) {
  while (pos < s.size() && is_continuation(s[pos])) ++pos;
  return pos < s.size() ? pos : s.size();
}

void append_utf8(std::string& out, char32_t c) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = kReplacementChar;
  unsigned char bytes[4];
  const int n = encode_utf8(bytes, c);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
}

std::string valid_utf8(std::string_view s) {
  if (first_invalid_utf8(s) == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) append_utf8(out, next_code_point(s, i));
  return out;
}

std::size_t first_invalid_utf8(std::string_view s) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const std::size_t start = i;
    // U+FFFD is what the decoder returns for a bad sequence, and a character
    // in its own right: only the three bytes EF BF BD spell it.
    const char32_t c = next_code_point(s, i);
    if (c == kReplacementChar && s.substr(start, i - start) != "\xEF\xBF\xBD") return start;
  }
  return std::string_view::npos;
}

std::size_t code_point_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) next_code_point(s, i);
  return count;
}

bool is_cjk_ideograph(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

std::size_t find_text(std::string_view s, std::string_view needle, std::size_t pos) {
  if (pos > s.size()) return std::string_view::npos;
  if (needle.empty()) return pos;
  const void* hit = memmem(s.data() + pos, s.size() - pos, needle.data(), needle.size());
  const std::size_t at = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s.data())
                             : std::string_view::npos;
  work_stats().searched += (hit ? at + needle.size() : s.size()) - pos;
  return at;
}

}  // namespace pg
