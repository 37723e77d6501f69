// Writing whole files.
#pragma once

#include <string>
#include <string_view>

#include "graphs/base/result.h"

namespace pg {

// Nothing, for a Result that carries only success or an Error.
struct Done {};

// Writes `bytes` to `path` as they are (binary, no newline translation):
// first to a temporary file beside it, then renamed over it, so that a failed
// run (full disk, file-size limit, no permission) never leaves half a file
// where the last good one was. A target that exists and is not a regular
// file (/dev/stdout, a FIFO) is written in place. On failure the temporary file is removed and
// the Error names `path` and what went wrong.
Result<Done> write_file(const std::string& path, std::string_view bytes);

}  // namespace pg
