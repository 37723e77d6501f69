#include "graphs/base/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

char32_t detail::next_code_point_any(std::string_view s, std::size_t& i) {
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

char32_t detail::prev_code_point_any(std::string_view s, std::size_t& i) {
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

#if defined(__SSE2__)
// For the sixteen starts at `at`: bit k is set when a needle of m bytes whose
// first and last bytes are broadcast in first16 and last16 could start at
// at + k (its first and last byte match there).
unsigned edge_matches(const char* at, std::size_t m, __m128i first16, __m128i last16) {
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + m - 1));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first16), _mm_cmpeq_epi8(b, last16))));
}
#endif

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Whether the n bytes at a and b are the same: the bytes between a needle's
// first and last, which the callers compare only where those two matched. A
// loop, not memcmp: the needles are words of a few characters, a candidate
// mostly fails on its first byte, and a call to memcmp costs more than that.
bool same_bytes(const char* a, const char* b, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

// The first `needle` (two bytes or more) in s at or after pos. Sixteen
// positions at a time are tested for the needle's first and last byte
// together; only where both match are the bytes between compared. A CJK
// needle's first byte (E4-E9) matches a third of all positions, but its last
// byte one in about 64, so candidates are rare (glibc's memmem hashes every
// position instead).
std::size_t find_multibyte(std::string_view s, std::string_view needle, std::size_t pos) {
  const std::size_t n = s.size();
  const std::size_t m = needle.size();
  if (m > n || pos > n - m) return std::string_view::npos;
  const char* const data = s.data();
  const char first = needle.front();
  const char last = needle.back();
  std::size_t i = pos;
#if defined(__SSE2__)
  const std::size_t last_start = n - m;
  const __m128i first16 = _mm_set1_epi8(first);
  const __m128i last16 = _mm_set1_epi8(last);
  // Bit k: the first and last byte match for the start i + k.
  const auto candidates = [&](std::size_t i) { return edge_matches(data + i, m, first16, last16); };
  const auto first_match = [&](std::size_t i, unsigned mask) {
    for (; mask != 0; mask &= mask - 1) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(mask));
      if (same_bytes(data + at + 1, needle.data() + 1, m - 2)) return at;
    }
    return std::string_view::npos;
  };
  if (last_start >= 15) {
    // Two blocks a turn, tested together: most turns find no candidate.
    for (; i + 31 <= last_start; i += 32) {
      const unsigned lo = candidates(i);
      const unsigned hi = candidates(i + 16);
      if ((lo | hi) == 0) continue;
      if (const std::size_t at = first_match(i, lo); at != std::string_view::npos) return at;
      if (const std::size_t at = first_match(i + 16, hi); at != std::string_view::npos) return at;
    }
    for (; i + 15 <= last_start; i += 16) {
      if (const std::size_t at = first_match(i, candidates(i)); at != std::string_view::npos) {
        return at;
      }
    }
    if (i > last_start) return std::string_view::npos;
    // The starts left, in one block ending at the last start; those before i
    // in it were tested already.
    const std::size_t j = last_start - 15;
    return first_match(j, candidates(j) & ~((1u << (i - j)) - 1));
  }
#endif
  // The last byte first: in CJK text it is the rare one (see above).
  for (; i + m <= n; ++i) {
    if (data[i + m - 1] == last && data[i] == first &&
        same_bytes(data + i + 1, needle.data() + 1, m - 2)) {
      return i;
    }
  }
  return std::string_view::npos;
}

// The last `needle` (two bytes or more) in s starting at or before pos: the
// same test as find_multibyte, sixteen positions at a time from the back.
std::size_t rfind_multibyte(std::string_view s, std::string_view needle, std::size_t pos) {
  const std::size_t n = s.size();
  const std::size_t m = needle.size();
  if (m > n) return std::string_view::npos;
  const char* const data = s.data();
  const char first = needle.front();
  const char last = needle.back();
  // Candidate starts are [0, top).
  std::size_t top = std::min(pos, n - m) + 1;
#if defined(__SSE2__)
  const __m128i first16 = _mm_set1_epi8(first);
  const __m128i last16 = _mm_set1_epi8(last);
  const auto candidates = [&](std::size_t i) { return edge_matches(data + i, m, first16, last16); };
  const auto last_match = [&](std::size_t i, unsigned mask) {
    while (mask != 0) {
      const int bit = 31 - __builtin_clz(mask);
      const std::size_t at = i + static_cast<std::size_t>(bit);
      if (same_bytes(data + at + 1, needle.data() + 1, m - 2)) return at;
      mask &= ~(1u << bit);
    }
    return std::string_view::npos;
  };
  if (n - m >= 15) {
    // Block of starts [top - 16, top): its last bytes end at top - 1 + m - 1 < n.
    for (; top >= 16; top -= 16) {
      if (const std::size_t at = last_match(top - 16, candidates(top - 16));
          at != std::string_view::npos) {
        return at;
      }
    }
    // The starts left, [0, top), in the block at 0.
    return top == 0 ? std::string_view::npos : last_match(0, candidates(0) & ((1u << top) - 1));
  }
#endif
  while (top > 0) {
    const std::size_t i = --top;
    if (data[i + m - 1] == last && data[i] == first &&
        same_bytes(data + i + 1, needle.data() + 1, m - 2)) {
      return i;
    }
  }
  return std::string_view::npos;
}
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

#if defined(__SSE2__)
namespace {
// Sixteen bytes at `p`, continuing the block `prev` (zero at a character
// start): true when they hold only ASCII, continuation bytes and the leads of
// two-byte (C2-DF) and plain three-byte sequences (E1-EC, EE, EF), and every
// lead is followed by exactly its continuation bytes. Such a block is valid
// UTF-8 up to a character its last lead may leave open. The rarer leads (E0,
// ED, F0-F4) and every invalid byte make it false, for the scalar check.
struct Utf8Block {
  __m128i lead = _mm_setzero_si128();   // leads of two- and three-byte sequences
  __m128i lead3 = _mm_setzero_si128();  // leads of three-byte sequences
};
bool plain_utf8_block(const unsigned char* p, Utf8Block& prev) {
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // As signed bytes: 80-BF are -128..-65, C2-DF -62..-33, E1-EF -31..-17.
  const __m128i cont = _mm_cmplt_epi8(b, _mm_set1_epi8(-64));
  const __m128i lead2 =
      _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(-63)), _mm_cmplt_epi8(b, _mm_set1_epi8(-32)));
  const __m128i lead3 = _mm_andnot_si128(
      _mm_cmpeq_epi8(b, _mm_set1_epi8(static_cast<char>(0xED))),
      _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(-32)), _mm_cmplt_epi8(b, _mm_set1_epi8(-16))));
  const __m128i lead = _mm_or_si128(lead2, lead3);
  const __m128i high = _mm_cmplt_epi8(b, _mm_setzero_si128());
  const __m128i other = _mm_andnot_si128(_mm_or_si128(cont, lead), high);
  // A byte must be a continuation byte exactly when a lead one or two bytes
  // before it (three-byte leads only for two) asks for one.
  const __m128i need =
      _mm_or_si128(_mm_or_si128(_mm_slli_si128(lead, 1), _mm_srli_si128(prev.lead, 15)),
                   _mm_or_si128(_mm_slli_si128(lead3, 2), _mm_srli_si128(prev.lead3, 14)));
  if (_mm_movemask_epi8(_mm_or_si128(other, _mm_xor_si128(need, cont))) != 0) return false;
  prev.lead = lead;
  prev.lead3 = lead3;
  return true;
}
}  // namespace
#endif

std::size_t first_invalid_utf8(std::string_view s) {
  // Well-formed sequences as Unicode's Table 3-7 lists them. This runs over
  // every byte of every input file: sixteen bytes at a time while they are
  // ASCII and plain two- and three-byte sequences (all of CJK text), and
  // character by character from the start of the last character checked
  // through any block that is not, then back to blocks. A valid U+FFFD
  // (EF BF BD) passes like any other character.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const auto cont = [&](std::size_t k) { return k < n && (p[k] & 0xC0) == 0x80; };
  const auto in = [&](std::size_t k, unsigned char lo, unsigned char hi) {
    return k < n && p[k] >= lo && p[k] <= hi;
  };
  std::size_t i = 0;
  while (i < n) {
    std::size_t until = n;
#if defined(__SSE2__)
    const std::size_t start = i;  // a character starts here
    Utf8Block prev;
    while (i + 16 <= n && plain_utf8_block(p + i, prev)) i += 16;
    if (i > start) {
      // Back to the last character start of the last block passed: its
      // character may run into the bytes not checked yet.
      const __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i - 16));
      const unsigned starts =
          ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(last, _mm_set1_epi8(-64)))) &
          0xFFFFu;
      i = i - 16 + static_cast<std::size_t>(31 - __builtin_clz(starts));
    }
    // Past the block that stopped the loop, to a character start.
    until = std::min(n, i + 32);
#endif
    while (i < until) {
      const unsigned char b = p[i];
      if (b < 0x80) {
        ++i;
      } else if (b >= 0xE1 && b <= 0xEC && i + 3 <= n) {                // most CJK text: E4-E9
        if (((p[i + 1] ^ 0x80) | (p[i + 2] ^ 0x80)) >= 0x40) return i;  // not both 80-BF
        i += 3;
      } else if (b >= 0xC2 && b <= 0xDF) {
        if (!cont(i + 1)) return i;
        i += 2;
      } else if (b == 0xE0 || b == 0xED || b == 0xEE || b == 0xEF) {
        const unsigned char lo = b == 0xE0 ? 0xA0 : 0x80;
        const unsigned char hi = b == 0xED ? 0x9F : 0xBF;
        if (!in(i + 1, lo, hi) || !cont(i + 2)) return i;
        i += 3;
      } else if (b >= 0xF0 && b <= 0xF4) {
        const unsigned char lo = b == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = b == 0xF4 ? 0x8F : 0xBF;
        if (!in(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return i;
        i += 4;
      } else {
        return i;  // a continuation byte, C0, C1 or F5-FF
      }
    }
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
  std::size_t at = std::string_view::npos;
  if (needle.size() == 1) {
    const void* hit = std::memchr(s.data() + pos, needle[0], s.size() - pos);
    if (hit) at = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
  } else {
    at = find_multibyte(s, needle, pos);
  }
  work_stats().searched += (at != std::string_view::npos ? at + needle.size() : s.size()) - pos;
  return at;
}

std::size_t rfind_text(std::string_view s, std::string_view needle, std::size_t pos) {
  if (needle.size() > s.size()) return std::string_view::npos;
  if (needle.empty()) return std::min(pos, s.size());
  std::size_t at = std::string_view::npos;
  if (needle.size() == 1) {
    at = s.rfind(needle[0], pos);
  } else {
    at = rfind_multibyte(s, needle, pos);
  }
  const std::size_t top = std::min(pos, s.size() - needle.size()) + needle.size();
  work_stats().searched += top - (at != std::string_view::npos ? at : 0);
  return at;
}

}  // namespace pg
