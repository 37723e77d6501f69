// The report's renderers write each list's rows as they are made into a
// temporary file, and the page around them last, once every count it shows
// is known: the page holds a marker where each list goes, and splice()
// writes the page with each marker replaced by that list's rows. So a report
// of any size holds in memory one part of one list at a time, and its page.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "graphs/base/result.h"

namespace pg::report_spool {

// The marker of the rows written under `key`, to put in the page. It holds
// control bytes, which every renderer escapes in document text.
std::string marker(std::string_view key);

class Spool {
 public:
  // Throws std::runtime_error when no temporary file can be made.
  Spool();
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // What write() writes from here on is the rows of `key` (each key once).
  void begin(const std::string& key);
  // Throws std::runtime_error when the temporary file cannot be written.
  void write(std::string_view text);
  // Writes `page` to `out`, each marker replaced by the rows written under
  // its key (nothing for a key not written). Errors: reading the temporary
  // file or writing `out` failed.
  Result<bool> splice(std::string_view page, std::ostream& out);

 private:
  void flush();

  std::FILE* file_;
  std::string buffer_;
  std::uint64_t written_ = 0;  // bytes written (to the file and the buffer)
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> ranges_;  // key -> [begin, end)
  std::string key_;
};

}  // namespace pg::report_spool
