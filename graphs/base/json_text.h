// Serializing JSON for output: the one place that chooses how strings that
// are not valid UTF-8 (a file name, a document's text, a command argument)
// are written.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "graphs/base/utf8.h"

namespace pg {

namespace detail {

// The place of the first byte of `s` that a JSON string escapes ('"',
// '\\' or a control character below 0x20), or s.size() when none.
inline std::size_t first_json_escape(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time; the last few through a copy padded with bytes
  // that need nothing (a short string costs one block, not a loop a byte).
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1F);
  auto hits = [&](const __m128i v) {
    return _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, control), v),  // v <= 0x1F
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
  };
  for (; n - i >= 16; i += 16) {
    const int mask = hits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
  if (i == n) return n;
  alignas(16) char tail[16];
  std::memset(tail, 'a', sizeof tail);
  std::memcpy(tail, p + i, n - i);
  const int mask = hits(_mm_load_si128(reinterpret_cast<const __m128i*>(tail)));
  return mask == 0 ? n : i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
#else
  for (; i < n; ++i) {
    const auto b = static_cast<unsigned char>(p[i]);
    if (b < 0x20 || b == '"' || b == '\\') return i;
  }
  return n;
#endif
}

// Appends `s` as a JSON string, quotes included, byte for byte as
// nlohmann's serializer writes valid UTF-8 with ensure_ascii off: '"' and
// '\\' and the control characters escaped (\b \t \n \f \r, the others as
// \u00xx), every other byte copied. False, with nothing appended, when `s`
// is not valid UTF-8: nlohmann's error handler decides what that becomes.
inline bool append_json_string(std::string& out, std::string_view s) {
  if (first_invalid_utf8(s) != std::string_view::npos) return false;
  std::size_t i = first_json_escape(s);
  if (i == s.size()) {
    // Most strings: nothing to escape, one copy.
    const std::size_t at = out.size();
    out.resize(at + s.size() + 2);
    char* p = out.data() + at;
    p[0] = '"';
    if (!s.empty()) std::memcpy(p + 1, s.data(), s.size());
    p[s.size() + 1] = '"';
    return true;
  }
  out += '"';
  std::size_t run = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    out.append(s, run, i - run);
    run = i + 1;
    switch (b) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escaped[] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
    i = run + first_json_escape(s.substr(run));
  }
  out.append(s, run, s.size() - run);
  out += '"';
  return true;
}

template <class Integer>
void append_integer(std::string& out, Integer x) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, x);
  out.append(digits, end);
}

// Appends j as nlohmann's dump(-1) writes it (no indent, ',' and ':' with
// no blanks). False when j holds what this writer leaves to nlohmann: a
// float (its shortest round-trip form), binary, or a string that is not
// valid UTF-8; `out` is then to be thrown away.
template <class Json>
bool append_compact_json(std::string& out, const Json& j) {
  using Type = typename Json::value_t;
  switch (j.type()) {
    case Type::object: {
      if (j.empty()) {
        out += "{}";
        return true;
      }
      out += '{';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out += ',';
        first = false;
        if (!append_json_string(out, it.key())) return false;
        out += ':';
        if (!append_compact_json(out, it.value())) return false;
      }
      out += '}';
      return true;
    }
    case Type::array: {
      if (j.empty()) {
        out += "[]";
        return true;
      }
      out += '[';
      bool first = true;
      for (const auto& e : j) {
        if (!first) out += ',';
        first = false;
        if (!append_compact_json(out, e)) return false;
      }
      out += ']';
      return true;
    }
    case Type::string:
      return append_json_string(out, j.template get_ref<const typename Json::string_t&>());
    case Type::boolean: out += j.template get<bool>() ? "true" : "false"; return true;
    case Type::number_integer:
      append_integer(out, j.template get<typename Json::number_integer_t>());
      return true;
    case Type::number_unsigned:
      append_integer(out, j.template get<typename Json::number_unsigned_t>());
      return true;
    case Type::null: out += "null"; return true;
    default: return false;
  }
}

}  // namespace detail

// j.dump(indent), except that invalid UTF-8 becomes U+FFFD instead of
// throwing nlohmann::json::type_error 316. For nlohmann::json and
// nlohmann::ordered_json alike. Without indent (indent < 0, one line of
// JSONL per file) the text is written by detail::append_compact_json,
// several times faster on CJK text than nlohmann's serializer, which
// decodes every byte; what that writer leaves alone goes to nlohmann whole.
template <class Json>
std::string json_text(const Json& j, int indent = 2) {
  if (indent < 0) {
    std::string out;
    if (detail::append_compact_json(out, j)) return out;
  }
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace pg
