#include "graphs/base/files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace pg {

namespace {

// Writes and closes; false when any of it failed. The last buffer is written
// at close: a full disk or a file-size limit (SIGXFSZ is ignored) shows
// there, not before.
bool write_all(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return static_cast<bool>(out);
}

}  // namespace

Result<Done> write_file(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // A device or a pipe (/dev/stdout, a FIFO) is written in place: there is
  // no file to replace, and a temporary file beside it would land in /dev.
  const fs::file_status st = fs::status(path, ec);
  if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
    if (!write_all(path, bytes)) return Error{path, -1, "cannot write"};
    return Done{};
  }
  // Beside the target, so that the rename stays on one file system.
  const std::string tmp = path + ".tmp";
  if (!write_all(tmp, bytes)) {
    std::remove(tmp.c_str());
    return Error{path, -1, "cannot write"};
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Error{path, -1, ec.message()};
  }
  return Done{};
}

}  // namespace pg
