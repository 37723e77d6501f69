// Escaping document text for the formats the writers produce (DOT labels,
// GraphML, HTML, Markdown): the pieces they share.
//
// Every escape walks the text a byte at a time. In valid UTF-8 each byte of
// a multi-byte sequence is 0x80 or above, so only ASCII bytes are replaced
// and the text stays valid; each writer repairs invalid input first, in its
// own way, and passes the repaired text here.
#pragma once

#include <string>
#include <string_view>

namespace pg {

// A C0 control character (line breaks and tabs included) or DEL.
constexpr bool is_control_char(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }

// The entity for & < > in markup text, and for " too when `quote` (text that
// may stand in an attribute value); nullptr for any other byte.
const char* markup_entity(char c, bool quote);

// `text` written through `append(out, c)`, one byte c at a time: `append`
// writes c, or what stands for it, to `out`.
template <class Append>
std::string escape_bytes(std::string_view text, Append append) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) append(out, c);
  return out;
}

// Text made safe for a terminal: C0 and C1 control characters, DEL, the
// bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) and
// the non-characters U+FFFE/U+FFFF become visible escapes (\x1b, \u202e), so
// that a title cannot move the cursor, ring the bell or reverse what follows
// it. Invalid UTF-8 becomes U+FFFD.
std::string terminal_safe(std::string_view text);
// Whether terminal_safe(text) == text (valid UTF-8 with nothing to escape),
// found without building the copy.
bool is_terminal_safe(std::string_view text);
// Whether terminal_safe escapes the code point `c`.
bool unsafe_on_terminal(char32_t c);

}  // namespace pg
