#include "graphs/render/report_spool.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace pg::report_spool {
namespace {

constexpr std::string_view kOpen = "\x01rows:";
constexpr char kClose = '\x01';
constexpr std::size_t kBuffer = 1 << 20;

}  // namespace

std::string marker(std::string_view key) { return std::string(kOpen) + std::string(key) + kClose; }

Spool::Spool() : file_(std::tmpfile()) {
  if (!file_) throw std::runtime_error("report: cannot make a temporary file");
}

Spool::~Spool() { std::fclose(file_); }

void Spool::begin(const std::string& key) {
  key_ = key;
  ranges_[key_] = {written_, written_};
}

void Spool::write(std::string_view text) {
  buffer_ += text;
  written_ += text.size();
  if (!key_.empty()) ranges_[key_].second = written_;
  if (buffer_.size() >= kBuffer) flush();
}

void Spool::flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    throw std::runtime_error("report: writing a temporary file failed");
  }
  buffer_.clear();
}

Result<bool> Spool::splice(std::string_view page, std::ostream& out) {
  try {
    flush();
    if (std::fflush(file_) != 0) return Error{"", -1, "report: writing a temporary file failed"};
  } catch (const std::runtime_error& e) {
    return Error{"", -1, e.what()};
  }
  std::vector<char> chunk(kBuffer);
  std::size_t from = 0;
  while (from < page.size()) {
    std::size_t at = page.find(kOpen, from);
    if (at == std::string_view::npos) at = page.size();
    out.write(page.data() + from, static_cast<std::streamsize>(at - from));
    if (at == page.size()) break;
    std::size_t end = page.find(kClose, at + kOpen.size());
    if (end == std::string_view::npos) return Error{"", -1, "report: a broken marker"};
    auto it = ranges_.find(std::string(page.substr(at + kOpen.size(), end - at - kOpen.size())));
    if (it != ranges_.end()) {
      auto [begin, stop] = it->second;
      if (std::fseek(file_, static_cast<long>(begin), SEEK_SET) != 0) {
        return Error{"", -1, "report: reading a temporary file failed"};
      }
      for (std::uint64_t left = stop - begin; left > 0;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, kBuffer));
        if (std::fread(chunk.data(), 1, n, file_) != n) {
          return Error{"", -1, "report: reading a temporary file failed"};
        }
        out.write(chunk.data(), static_cast<std::streamsize>(n));
        left -= n;
      }
    }
    from = end + 1;
  }
  if (!out) return Error{"", -1, "report: writing the report failed"};
  return true;
}

}  // namespace pg::report_spool
