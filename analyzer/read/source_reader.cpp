#include "analyzer/read/source_reader.h"

#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "analyzer/read/html_reader.h"
#include "analyzer/read/normalizer.h"
#include "analyzer/read/pdf_reader.h"
#include "graphs/base/utf8.h"

namespace pg {
namespace {

std::string hex_byte(unsigned char b) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s = "0x";
  s += kDigits[b >> 4];
  s += kDigits[b & 0xF];
  return s;
}

Error nul_error(const std::string& name, std::size_t offset) {
  return Error{name, static_cast<std::int64_t>(offset), "binary file (NUL byte)"};
}

Result<SourceText> decode_utf16(std::string name, std::string_view bytes, bool big_endian,
                                std::size_t start = 2, std::string encoding = {}) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  auto unit = [&](std::size_t i) -> char32_t {
    return big_endian ? (char32_t{p[i]} << 8) | p[i + 1] : (char32_t{p[i + 1]} << 8) | p[i];
  };
  if (encoding.empty()) encoding = big_endian ? "UTF-16BE" : "UTF-16LE";
  SourceText out{std::move(name), std::move(encoding), {}};
  out.utf8.reserve(n + n / 2);
  std::size_t i = start;  // past the BOM, if any
  while (i < n) {
    if (i + 2 > n) {
      return Error{out.name, static_cast<std::int64_t>(i), "not text: truncated UTF-16 code unit"};
    }
    char32_t c = unit(i);
    std::size_t len = 2;
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 4 > n || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
        return Error{out.name, static_cast<std::int64_t>(i), "not text: unpaired UTF-16 surrogate"};
      }
      c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      len = 4;
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      return Error{out.name, static_cast<std::int64_t>(i), "not text: unpaired UTF-16 surrogate"};
    } else if (c == 0) {
      // NUL bytes are normal in UTF-16, but a U+0000 character is not text.
      return Error{out.name, static_cast<std::int64_t>(i), "binary file (NUL character)"};
    }
    append_utf8(out.utf8, c);
    i += len;
  }
  return out;
}

// Share of the code units in `sample` that are what a Chinese text is made
// of (ASCII text, CJK ideographs and punctuation, full-width forms) when read
// in the given byte order. Text read in the wrong order scores low: 国 (U+56FD)
// becomes U+FD56, a newline U+0A00.
double plausible_utf16_share(std::string_view sample, bool big_endian) {
  const auto* p = reinterpret_cast<const unsigned char*>(sample.data());
  std::size_t units = sample.size() / 2;
  if (units == 0) return 0;
  std::size_t plausible = 0;
  for (std::size_t k = 0; k < units; ++k) {
    const unsigned char a = p[2 * k];
    const unsigned char b = p[2 * k + 1];
    const char32_t c = big_endian ? (char32_t{a} << 8) | b : (char32_t{b} << 8) | a;
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t' ||
        (c >= 0x3000 && c <= 0x303F) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x2000 && c <= 0x206F) ||
        (c >= 0xD800 && c <= 0xDFFF)) {
      ++plausible;
    }
  }
  return static_cast<double>(plausible) / static_cast<double>(units);
}

// UTF-16 saved without a BOM holds NUL bytes (the high byte of every ASCII
// character, the low byte of U+xx00) that would otherwise make it "binary".
// It is taken for UTF-16 when its length is even, the first 64 KiB read as
// plausible text (>= 90% of code units) in one byte order - in both, the
// side the NUL bytes stand on decides - and the whole file then decodes
// without error.
std::optional<Result<SourceText>> decode_utf16_without_bom(const std::string& name,
                                                           std::string_view bytes) {
  if (bytes.size() % 2 != 0) return std::nullopt;
  std::string_view sample = bytes.substr(0, std::min<std::size_t>(bytes.size(), 1 << 16));
  const double le = plausible_utf16_share(sample, /*big_endian=*/false);
  const double be = plausible_utf16_share(sample, /*big_endian=*/true);
  if (std::max(le, be) < 0.9) return std::nullopt;
  bool big_endian = be > le;
  if (std::min(le, be) >= 0.9) {
    // ASCII reads as CJK in the other order (A\0 as U+4100): the NUL bytes,
    // the high byte of ASCII, decide - at odd offsets in UTF-16LE.
    std::size_t nul_even = 0;
    std::size_t nul_odd = 0;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      if (sample[i] == '\0') ++(i % 2 ? nul_odd : nul_even);
    }
    if (nul_odd > 2 * nul_even) {
      big_endian = false;
    } else if (nul_even > 2 * nul_odd) {
      big_endian = true;
    } else {
      return std::nullopt;
    }
  }
  Result<SourceText> decoded = decode_utf16(
      name, bytes, big_endian, 0, big_endian ? "UTF-16BE without BOM" : "UTF-16LE without BOM");
  if (!decoded.ok()) return std::nullopt;
  return decoded;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

}  // namespace

bool decode_charset(std::string_view bytes, const char* charset, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset, &status));
  if (U_FAILURE(status)) return false;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return false;

  // Chunked so that a 100 MB file needs no 200 MB UTF-16 copy; a surrogate
  // pair split across chunks is carried over in `pending_high`.
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<UChar> buf(kChunk);
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2);
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  char32_t pending_high = 0;
  for (;;) {
    UChar* target = buf.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, buf.data() + buf.size(), &src, src_end, nullptr,
                   /*flush=*/true, &status);
    if (U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR) return false;
    for (const UChar* u = buf.data(); u < target; ++u) {
      char32_t c = *u;
      if (pending_high != 0) {
        if (c >= 0xDC00 && c <= 0xDFFF) {
          append_utf8(out, 0x10000 + ((pending_high - 0xD800) << 10) + (c - 0xDC00));
          pending_high = 0;
          continue;
        }
        append_utf8(out, 0xFFFD);
        pending_high = 0;
      }
      if (c >= 0xD800 && c <= 0xDBFF) {
        pending_high = c;
      } else {
        append_utf8(out, c);
      }
    }
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
  }
  if (pending_high != 0) append_utf8(out, 0xFFFD);
  return true;
}

namespace {

// Decodes bytes it owns: UTF-8 text (the common case) becomes the result
// without a copy, so that a large file is held once, not twice.
Result<SourceText> decode_owned(std::string name, std::string owned) {
  std::string_view bytes = owned;
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (bytes.size() >= 2 && byte_at(0) == 0xFF && byte_at(1) == 0xFE) {
    return decode_utf16(std::move(name), bytes, /*big_endian=*/false);
  }
  if (bytes.size() >= 2 && byte_at(0) == 0xFE && byte_at(1) == 0xFF) {
    return decode_utf16(std::move(name), bytes, /*big_endian=*/true);
  }

  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    if (auto utf16 = decode_utf16_without_bom(name, bytes)) return std::move(*utf16);
    return nul_error(name, static_cast<const char*>(nul) - bytes.data());
  }

  if (bytes.size() >= 3 && byte_at(0) == 0xEF && byte_at(1) == 0xBB && byte_at(2) == 0xBF) {
    const std::size_t bad = first_invalid_utf8(bytes.substr(3));
    if (bad != std::string_view::npos) {
      // A BOM decides: no fallback to GB18030.
      return Error{std::move(name), static_cast<std::int64_t>(bad + 3),
                   "not text: invalid byte " + hex_byte(byte_at(bad + 3)) + " (UTF-8 with BOM)"};
    }
    owned.erase(0, 3);
    return SourceText{std::move(name), "UTF-8 with BOM", std::move(owned)};
  }

  const std::size_t bad = first_invalid_utf8(bytes);
  if (bad == std::string_view::npos) {
    return SourceText{std::move(name), "UTF-8", std::move(owned)};
  }
  std::string gb;
  if (decode_charset(bytes, "GB18030", gb)) {
    return SourceText{std::move(name), "GB18030", std::move(gb)};
  }
  // Reported where UTF-8 failed: for mostly-UTF-8 files (the common case) that
  // is the damaged byte; GB18030 often "decodes" UTF-8 bytes for a while.
  return Error{std::move(name), static_cast<std::int64_t>(bad),
               "not text: invalid byte " + hex_byte(byte_at(bad)) + " (not UTF-8 or GB18030)"};
}

// A PDF is a PDF whatever its name says (a .txt that is a PDF included), and
// a web page is read as one, whatever the text detection would say of it.
Result<SourceText> read_owned(std::string name, std::string owned) {
  if (looks_like_pdf(owned)) return read_pdf(std::move(name), owned);
  if (has_html_extension(name) || looks_like_html(owned)) return read_html(std::move(name), owned);
  return decode_owned(std::move(name), std::move(owned));
}

}  // namespace

bool ingested_by_extension(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return false;
  const std::string_view ext = path.substr(dot);
  for (std::string_view known : {".txt", ".pdf"}) {
    if (ext == known) return true;
  }
  return has_html_extension(path);
}

Result<SourceText> decode_text(std::string name, std::string_view bytes) {
  return decode_owned(std::move(name), std::string(bytes));
}

Result<SourceText> decode_source(std::string name, std::string_view bytes) {
  return read_owned(std::move(name), std::string(bytes));
}

Result<SourceText> decode_source(std::string name, std::string&& bytes) {
  return read_owned(std::move(name), std::move(bytes));
}

Result<SourceText> read_source(const std::string& path) {
  std::string bytes;
  if (path == "-") {
    std::cin.clear();
    std::streambuf* in = std::cin.rdbuf();
    char chunk[1 << 16];
    for (;;) {
      const std::streamsize got = in->sgetn(chunk, sizeof chunk);
      if (got <= 0) break;
      bytes.append(chunk, static_cast<std::size_t>(got));
    }
    return read_owned(path, std::move(bytes));
  }

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return Error{path, -1, std::strerror(errno)};
  // Read straight into the string when the size is known; pipes and special
  // files (no size) continue in chunks.
  struct stat info {};
  if (fstat(fileno(file.get()), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return Error{path, -1, std::strerror(EISDIR)};
    if (S_ISREG(info.st_mode) && info.st_size > 0) {
      bytes.resize(static_cast<std::size_t>(info.st_size));
      bytes.resize(std::fread(bytes.data(), 1, bytes.size(), file.get()));
    }
  }
  char chunk[1 << 16];
  while (!std::ferror(file.get()) && !std::feof(file.get())) {
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, file.get());
    bytes.append(chunk, got);
    if (got == 0) break;
  }
  if (std::ferror(file.get())) return Error{path, -1, std::strerror(errno)};
  return read_owned(path, std::move(bytes));
}

}  // namespace pg
