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

// Terminal columns of UTF-8 text: 2 for East Asian wide and full-width
// characters, 0 for combining marks and zero-width spaces, 1 otherwise (an
// invalid byte counts as U+FFFD, one column).
int display_width(std::string_view utf8);

// `utf8` cut to at most `width` columns, with "…" (taking one column) when
// cut; never splits a character. Text that fits comes back unchanged.
std::string truncate_to_width(std::string_view utf8, int width);

}  // namespace pg
