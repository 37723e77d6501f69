#include "graphs/base/result.h"

namespace pg {

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (offset >= 0) out += "byte " + std::to_string(offset) + ": ";
  out += message;
  return out;
}

}  // namespace pg
