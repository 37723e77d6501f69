// Small text helpers every layer uses: file names, substring tests and the
// width a string takes in a terminal. One definition each, here.
#pragma once

#include <string>
#include <string_view>

namespace pg {

// The last component of a '/'-separated path: "a/b/c.txt" -> "c.txt"; a path
// without '/' comes back whole.
std::string base_name(std::string_view path);

// Whether `needle` occurs in `hay` (an empty needle always does). Searches
// through find_text, so the work is counted like every other text search.
bool contains(std::string_view hay, std::string_view needle);

// s.starts_with(p) and s.ends_with(p), inline, testing p's last byte before
// the rest: in CJK text the lead byte of a word's first character (E4-E9)
// matches a third of all positions and its last byte one in about 64, so
// most tests of a word list against a line end without a call to memcmp.
inline bool text_starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && (p.empty() || s[p.size() - 1] == p.back()) &&
         s.compare(0, p.size(), p) == 0;
}
inline bool text_ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && (p.empty() || s.back() == p.back()) &&
         s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// The first byte at or after `pos` that is one of `bytes` (one to four of
// them), or npos; sixteen bytes at a time. For scans that look only at a few
// byte values: a full-width mark's lead byte, a colon, a digit.
std::size_t find_any_byte(std::string_view s, std::string_view bytes, std::size_t pos = 0);
// The first ASCII digit at or after `pos`, or npos.
std::size_t find_ascii_digit(std::string_view s, std::size_t pos = 0);

// Terminal columns of UTF-8 text: 2 for East Asian wide and full-width
// characters, 0 for combining marks and zero-width spaces, 1 otherwise (an
// invalid byte counts as U+FFFD, one column).
int display_width(std::string_view utf8);
// display_width(utf8) when is_terminal_safe(utf8) (text_escape.h), else -1:
// both in one pass, for a table cell.
int safe_display_width(std::string_view utf8);

// `utf8` cut to at most `width` columns, with "…" (taking one column) when
// cut; never splits a character. Text that fits comes back unchanged.
std::string truncate_to_width(std::string_view utf8, int width);
// The same cut in place, for text whose display_width is already known
// (`known`); returns the columns of what is left.
int truncate_in_place(std::string& utf8, int known, int width);

}  // namespace pg
