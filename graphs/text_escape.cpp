#include "graphs/text_escape.h"

namespace pg {

const char* markup_entity(char c, bool quote) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return quote ? "&quot;" : nullptr;
    default:
      return nullptr;
  }
}

}  // namespace pg
