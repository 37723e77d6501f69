#include "graphs/base/text.h"

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

bool contains(std::string_view hay, std::string_view needle) {
  return find_text(hay, needle) != std::string_view::npos;
}

int display_width(std::string_view utf8) {
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();) w += char_width(next_code_point(utf8, i));
  return w;
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
