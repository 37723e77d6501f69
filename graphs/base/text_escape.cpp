#include "graphs/base/text_escape.h"

#include <cstdio>

#include "graphs/base/utf8.h"

namespace pg {

const char* markup_entity(char c, bool quote) {
  switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return quote ? "&quot;" : nullptr;
    default: return nullptr;
  }
}

bool unsafe_on_terminal(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFFFE || c == 0xFFFF;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_code_point(text, i);
    if (!unsafe_on_terminal(c)) {
      append_utf8(out, c);
      continue;
    }
    char buf[12];
    if (c < 0x80)
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    else
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
    out += buf;
  }
  return out;
}

bool is_terminal_safe(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0x20 && b < 0x7F) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    const char32_t c = next_code_point(text, i);
    if (unsafe_on_terminal(c)) return false;
    // U+FFFD read from anything but its own three bytes was invalid UTF-8.
    if (c == kReplacementChar && text.substr(start, i - start) != "\xEF\xBF\xBD") return false;
  }
  return true;
}

}  // namespace pg
