#include "graphs/base/text.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "graphs/base/text_escape.h"
#include "graphs/base/utf8.h"

namespace pg {
namespace {

// East Asian Width W and F (Unicode 15, coarse ranges that cover the
// scripts gazettes print).
int char_width(char32_t c) {
  if (c == 0) return 0;
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
      (c >= 0xFE00 && c <= 0xFE0F)) {
    return 0;
  }
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
      (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x20000 && c <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

}  // namespace

std::string base_name(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::size_t find_any_byte(std::string_view s, std::string_view bytes, std::size_t pos) {
  const std::size_t n = s.size();
  if (bytes.empty() || bytes.size() > 4) return std::string_view::npos;
  // Unused slots repeat the first byte.
  char b[4];
  for (std::size_t k = 0; k < 4; ++k) b[k] = bytes[k < bytes.size() ? k : 0];
  std::size_t i = pos;
#if defined(__SSE2__)
  const __m128i b0 = _mm_set1_epi8(b[0]), b1 = _mm_set1_epi8(b[1]);
  const __m128i b2 = _mm_set1_epi8(b[2]), b3 = _mm_set1_epi8(b[3]);
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, b0), _mm_cmpeq_epi8(x, b1)),
                                     _mm_or_si128(_mm_cmpeq_epi8(x, b2), _mm_cmpeq_epi8(x, b3)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit))) {
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
  }
#endif
  for (; i < n; ++i) {
    if (s[i] == b[0] || s[i] == b[1] || s[i] == b[2] || s[i] == b[3]) return i;
  }
  return std::string_view::npos;
}

std::size_t find_ascii_digit(std::string_view s, std::size_t pos) {
  const std::size_t n = s.size();
  std::size_t i = pos;
#if defined(__SSE2__)
  // b - '0' is at most 9 (unsigned) for a digit only.
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  for (; i + 16 <= n; i += 16) {
    const __m128i x =
        _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)), zero);
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(x, nine), x);
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(digit))) {
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
  }
#endif
  for (; i < n; ++i) {
    if (s[i] >= '0' && s[i] <= '9') return i;
  }
  return std::string_view::npos;
}

bool contains(std::string_view hay, std::string_view needle) {
  return find_text(hay, needle) != std::string_view::npos;
}

int display_width(std::string_view utf8) {
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b != 0 && b < 0x80) {  // ASCII but NUL: one column
      ++w;
      ++i;
      continue;
    }
    w += char_width(next_code_point(utf8, i));
  }
  return w;
}

int safe_display_width(std::string_view utf8) {
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b >= 0x20 && b < 0x7F) {  // printable ASCII: one column
      ++w;
      ++i;
      continue;
    }
    // Three bytes led by E1..EC (U+1000..U+CFFF: CJK, punctuation, arrows)
    // are always valid UTF-8; of them only some of U+2000..U+2FFF (lead E2)
    // are escaped.
    if (b >= 0xE1 && b <= 0xEC && i + 2 < utf8.size()) {
      const auto b1 = static_cast<unsigned char>(utf8[i + 1]);
      const auto b2 = static_cast<unsigned char>(utf8[i + 2]);
      if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
        const char32_t c = ((b & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
        if (c >= 0x4E00 && c <= 0x9FFF) {  // an ideograph: two columns
          w += 2;
        } else {
          if (b == 0xE2 && unsafe_on_terminal(c)) return -1;
          w += char_width(c);
        }
        i += 3;
        continue;
      }
    }
    const std::size_t start = i;
    const char32_t c = next_code_point(utf8, i);
    if (unsafe_on_terminal(c)) return -1;
    // U+FFFD read from anything but its own three bytes was invalid UTF-8.
    if (c == kReplacementChar && utf8.substr(start, i - start) != "\xEF\xBF\xBD") return -1;
    // CJK ideographs, the common case, are wide.
    w += c >= 0x4E00 && c <= 0x9FFF ? 2 : char_width(c);
  }
  return w;
}

void append_to_width(std::string& out, std::string_view utf8, int width) {
  // Where truncate_to_width would cut, and whether the whole fits; stops once
  // it cannot.
  int w = 0;
  std::size_t cut = std::string_view::npos;
  for (std::size_t i = 0; i < utf8.size() && w <= width;) {
    const std::size_t start = i;
    const auto b = static_cast<unsigned char>(utf8[i]);
    int cw = 1;
    if (b != 0 && b < 0x80) {
      ++i;
    } else {
      cw = char_width(next_code_point(utf8, i));
    }
    if (cut == std::string_view::npos && w + cw > width - 1) cut = start;
    w += cw;
  }
  if (w <= width) {
    out.append(utf8);
    return;
  }
  if (width <= 0) return;
  out.append(utf8.substr(0, cut));
  out += "…";
}

int truncate_in_place(std::string& utf8, int known, int width) {
  if (known <= width) return known;
  if (width <= 0) {
    utf8.clear();
    return 0;
  }
  int w = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t next = i;
    const char32_t c = next_code_point(utf8, next);
    // CJK ideographs, the common case, are wide (no call for them).
    const int cw = c >= 0x4E00 && c <= 0x9FFF ? 2 : char_width(c);
    if (w + cw > width - 1) break;  // keep one column for the ellipsis
    w += cw;
    i = next;
  }
  utf8.resize(i);
  utf8 += "…";
  return w + 1;
}

std::string truncate_to_width(std::string_view utf8, int width) {
  if (display_width(utf8) <= width) return std::string(utf8);
  if (width <= 0) return "";
  std::string out;
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const int cw = char_width(next_code_point(utf8, i));
    if (w + cw > width - 1) break;  // keep one column for the ellipsis
    out.append(utf8.substr(start, i - start));
    w += cw;
  }
  return out + "…";
}

}  // namespace pg
