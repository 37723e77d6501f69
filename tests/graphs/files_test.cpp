// write_file (graphs/base/files.h): whole files, written through a temporary
// file and a rename.
#include "graphs/base/files.h"

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "support/test_support.h"

using pg::testing::read_file;

TEST_CASE("write_file writes the bytes as they are and leaves no temporary file", "[files]") {
  pg::testing::TempDir dir;
  const std::string path = dir.file("out.png");
  const std::string bytes("\x89PNG\r\n\x1a\n\0\xff", 10);
  auto r = pg::write_file(path, bytes);
  REQUIRE(r.ok());
  CHECK(read_file(path) == bytes);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("write_file replaces an existing file whole", "[files]") {
  pg::testing::TempDir dir;
  const std::string path = dir.file("report.html");
  REQUIRE(pg::write_file(path, "an older and longer report").ok());
  REQUIRE(pg::write_file(path, "new").ok());
  CHECK(read_file(path) == "new");
}

TEST_CASE("a failed write leaves the last good file in place", "[files]") {
  pg::testing::TempDir dir;
  const std::string path = dir.file("graph.json");
  REQUIRE(pg::write_file(path, "{\"good\":true}").ok());
  // The temporary file cannot be made: a directory stands where it would go.
  std::filesystem::create_directory(path + ".tmp");
  auto r = pg::write_file(path, "{\"half\":");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().file == path);
  CHECK(r.error().to_string() == path + ": cannot write");
  CHECK(read_file(path) == "{\"good\":true}");
}

TEST_CASE("writing into a missing directory is an error naming the file", "[files]") {
  pg::testing::TempDir dir;
  const std::string path = dir.file("no/such/dir/out.dot");
  auto r = pg::write_file(path, "digraph {}");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().file == path);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a device is written in place, with no temporary file beside it", "[files]") {
  REQUIRE(pg::write_file("/dev/null", "discarded").ok());
  CHECK_FALSE(std::filesystem::exists("/dev/null.tmp"));
}
