#include "analyzer/read/source_reader.h"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "support/test_support.h"

namespace pg {
namespace {

const std::string kEncodings = TEST_DATA_DIR "/encodings/";

using testing::slurp;

std::string without_cr(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

// Redirects std::cin for one scope.
class StdinFrom {
 public:
  explicit StdinFrom(const std::string& bytes) : in_(bytes), old_(std::cin.rdbuf(in_.rdbuf())) {}
  ~StdinFrom() { std::cin.rdbuf(old_); }

 private:
  std::istringstream in_;
  std::streambuf* old_;
};

}  // namespace

TEST_CASE("each encoding of a gazette excerpt decodes to the same text", "[source_reader]") {
  // excerpt.utf8.txt is 000_1a218bf28652ce10.txt lines 1-12; the others were
  // made from it with iconv (GB18030, UTF-16LE) and sed (BOM and CRLF).
  const std::string expected = slurp(kEncodings + "excerpt.utf8.txt");
  REQUIRE(expected.find("济政发 〔２０１７〕２４号") != std::string::npos);

  auto [file, encoding] = GENERATE(table<std::string, std::string>({
      {"excerpt.utf8.txt", "UTF-8"},
      {"excerpt.gb18030.txt", "GB18030"},
      {"excerpt.utf8-bom-crlf.txt", "UTF-8 with BOM"},
      {"excerpt.utf16le.txt", "UTF-16LE"},
      // excerpt.utf16le.txt without its BOM, and that converted to UTF-16BE
      // with iconv: its NUL bytes no longer make it "binary".
      {"excerpt.utf16le-nobom.txt", "UTF-16LE without BOM"},
      {"excerpt.utf16be-nobom.txt", "UTF-16BE without BOM"},
  }));
  CAPTURE(file);
  const Result<SourceText> source = read_source(kEncodings + file);
  REQUIRE(source.ok());
  CHECK(source->name == kEncodings + file);
  CHECK(source->encoding == encoding);
  CHECK(without_cr(source->utf8) == expected);
}

TEST_CASE("CRLF line endings are left for the normalizer", "[source_reader]") {
  const Result<SourceText> source = read_source(kEncodings + "excerpt.utf8-bom-crlf.txt");
  REQUIRE(source.ok());
  CHECK(source->utf8.rfind(" 济南市人民政府\r\n", 0) == 0);  // BOM removed, CR kept
}

TEST_CASE("a binary file is an error at its first NUL byte", "[source_reader]") {
  const std::string path = kEncodings + "binary.png";
  const Result<SourceText> source = read_source(path);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().file == path);
  CHECK(source.error().offset == 8);
  CHECK(source.error().to_string() == path + ": byte 8: binary file (NUL byte)");
}

TEST_CASE("bytes neither UTF-8 nor GB18030 are an error at the first bad byte", "[source_reader]") {
  const std::string path = kEncodings + "undecodable.txt";
  const Result<SourceText> source = read_source(path);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().offset == 22);  // after "济南市人民政府\n"
  CHECK(source.error().to_string() ==
        path + ": byte 22: not text: invalid byte 0xFF (not UTF-8 or GB18030)");
}

TEST_CASE("a missing file is an error naming it", "[source_reader]") {
  const std::string path = kEncodings + "no-such-file.txt";
  const Result<SourceText> source = read_source(path);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().file == path);
  CHECK(source.error().to_string() == path + ": No such file or directory");
}

TEST_CASE("a directory is an error naming it", "[source_reader]") {
  const Result<SourceText> source = read_source(kEncodings);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().file == kEncodings);
  CHECK(source.error().to_string().find("Is a directory") != std::string::npos);
}

TEST_CASE("the name - reads standard input", "[source_reader]") {
  const std::string gb = slurp(kEncodings + "excerpt.gb18030.txt");
  StdinFrom redirect(gb);
  const Result<SourceText> source = read_source("-");
  REQUIRE(source.ok());
  CHECK(source->name == "-");
  CHECK(source->encoding == "GB18030");
  CHECK(source->utf8 == slurp(kEncodings + "excerpt.utf8.txt"));
}

TEST_CASE("detection in memory", "[source_reader]") {
  auto [bytes, encoding, text] = GENERATE(table<std::string, std::string, std::string>({
      {"", "UTF-8", ""},
      {"济政办发〔2017〕53号\n", "UTF-8", "济政办发〔2017〕53号\n"},
      {"\xEF\xBB\xBF", "UTF-8 with BOM", ""},
      {"\xEF\xBB\xBF国发〔2015〕12号", "UTF-8 with BOM", "国发〔2015〕12号"},
      {std::string("\xFE\xFF\x56\xFD\x53\xD1\xD8\x50\xDE\xEE", 10), "UTF-16BE", "国发\U000242ee"},
      {std::string("\xFF\xFE\xFD\x56\xD1\x53", 6), "UTF-16LE", "国发"},
      {"\xB9\xFA\xB7\xA2\xA1\xB2\x32\x30\x31\x35\xA1\xB3\x31\x32\xBA\xC5", "GB18030",
       "国发〔2015〕12号"},
      {"\x90\x30\x81\x30", "GB18030", "\U00010000"},  // four-byte GB18030
  }));
  CAPTURE(bytes);
  const Result<SourceText> source = decode_source("mem", bytes);
  REQUIRE(source.ok());
  CHECK(source->encoding == encoding);
  CHECK(source->utf8 == text);
}

TEST_CASE("UTF-16 without BOM is told apart from binary by its byte order", "[source_reader]") {
  // 国发一号 A: 一 (U+4E00) has a NUL low byte, A a NUL high byte.
  const std::string le("\xFD\x56\xD1\x53\x00\x4E\xF7\x53\x41\x00\x0A\x00", 12);
  const std::string be("\x56\xFD\x53\xD1\x4E\x00\x53\xF7\x00\x41\x00\x0A", 12);
  const Result<SourceText> from_le = decode_source("le", le);
  const Result<SourceText> from_be = decode_source("be", be);
  REQUIRE(from_le.ok());
  REQUIRE(from_be.ok());
  CHECK(from_le->encoding == "UTF-16LE without BOM");
  CHECK(from_be->encoding == "UTF-16BE without BOM");
  CHECK(from_le->utf8 == "国发一号A\n");
  CHECK(from_be->utf8 == "国发一号A\n");
  // ASCII alone reads as CJK in either order; its NUL high bytes decide.
  const Result<SourceText> ascii = decode_source("ascii", std::string("N\0o\0\n\0", 6));
  REQUIRE(ascii.ok());
  CHECK(ascii->encoding == "UTF-16LE without BOM");
  CHECK(ascii->utf8 == "No\n");
  // Odd length, or a U+0000 character: still not text.
  CHECK_FALSE(decode_source("odd", le + "A").ok());
  CHECK_FALSE(decode_source("nul", le + std::string(2, '\0')).ok());
}

TEST_CASE("malformed input in memory is an error with its offset", "[source_reader]") {
  auto [bytes, offset, message] = GENERATE(table<std::string, std::int64_t, std::string>({
      {std::string("国发\0号", 10), 6, "binary file (NUL byte)"},
      {std::string("\xEF\xBB\xBF\x61\x62\0", 6), 5, "binary file (NUL byte)"},  // BOM ab NUL
      {"\xEF\xBB\xBF\x61\x62\xB9\xFA", 5, "not text: invalid byte 0xB9 (UTF-8 with BOM)"},
      {"国发\x80\x80", 6, "not text: invalid byte 0x80 (not UTF-8 or GB18030)"},
      {std::string("\xFF\xFE\x41\x00\x42", 5), 4, "not text: truncated UTF-16 code unit"},
      {std::string("\xFF\xFE\x41\x00\x00\xDC", 6), 4, "not text: unpaired UTF-16 surrogate"},
      {std::string("\xFF\xFE\x00\x00", 4), 2, "binary file (NUL character)"},
  }));
  CAPTURE(bytes);
  const Result<SourceText> source = decode_source("mem", bytes);
  REQUIRE_FALSE(source.ok());
  CHECK(source.error().file == "mem");
  CHECK(source.error().offset == offset);
  CHECK(source.error().message == message);
}

}  // namespace pg
