// Text kept in blocks that never move: the cells or names of a list of 10^5
// rows, each put once and read back as a view.
//
// Contract: put() copies `s` and returns a view of the copy, valid while the
// arena lives (moving the arena keeps the views valid; the blocks stay where
// they are). An empty `s` gives an empty view.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace pg {

class TextArena {
 public:
  std::string_view put(std::string_view s) {
    if (s.empty()) return {};
    if (left_ < s.size()) {
      const std::size_t size = std::max(kBlock, s.size());
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
      next_ = blocks_.back().get();
      left_ = size;
    }
    char* at = next_;
    std::copy(s.begin(), s.end(), at);
    next_ += s.size();
    left_ -= s.size();
    return {at, s.size()};
  }

 private:
  // One growing string copied itself at each doubling, and the fresh pages
  // it touched were a tenth of a list's CPU at 10^6 documents.
  static constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace pg
