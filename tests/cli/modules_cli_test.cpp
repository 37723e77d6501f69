// Start-up (issue 10): the policygraph executable loads neither Poppler,
// Graphviz nor cpp-httplib; they are the modules policygraph-pdf.so and
// policygraph-graphviz.so and the executable policygraph-serve, next to it
// (graphs/base/module_loader.h). Without them, what needs them fails with
// an error naming what is missing, and the rest works.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "support/test_support.h"

namespace {

using namespace pg::testing;

const std::string kExe = POLICYGRAPH_EXE;
const std::string kData = TEST_DATA_DIR;
const std::string kPdf = kData + "/pdf/constitution_p1-2.pdf";
const std::string kGazette = kData + "/gazettes/000_1a218bf28652ce10.txt";

// The shared objects the dynamic linker loads for an executable or a
// module, as ldd lists them (nothing of the program runs).
std::string loaded_objects(const std::string& exe) {
  Run r = shell("ldd '" + exe + "'");
  REQUIRE(r.status == 0);
  return r.out;
}

// A copy of the executable alone in a directory of its own.
std::string lone_copy(const TempDir& dir) {
  const std::string exe = dir.file("policygraph");
  std::filesystem::copy_file(kExe, exe);
  return exe;
}

}  // namespace

TEST_CASE("policygraph starts without Poppler, Graphviz, cpp-httplib or OpenSSL",
          "[cli][modules]") {
  const std::string libs = loaded_objects(kExe);
  INFO(libs);
  CHECK(libs.find("libsqlite3") != std::string::npos);  // the listing is real
  for (const char* lib : {"libpoppler", "libgvc", "libcgraph", "libcpp-httplib", "libssl",
                          "libcrypto", "libbrotli", "libfreetype", "libnss3"}) {
    CHECK(libs.find(lib) == std::string::npos);
  }
}

TEST_CASE("the modules hold their libraries and sit next to the executable", "[cli][modules]") {
  const std::filesystem::path dir = std::filesystem::path(kExe).parent_path();
  CHECK(loaded_objects((dir / "policygraph-pdf.so").string()).find("libpoppler") !=
        std::string::npos);
  CHECK(loaded_objects((dir / "policygraph-graphviz.so").string()).find("libgvc") !=
        std::string::npos);
  CHECK(loaded_objects((dir / "policygraph-serve").string()).find("libcpp-httplib") !=
        std::string::npos);
}

TEST_CASE("without its modules policygraph names the one a command needs", "[cli][modules]") {
  TempDir dir;
  const std::string exe = lone_copy(dir);

  Run pdf = shell("'" + exe + "' extract '" + kPdf + "'");
  CHECK(pdf.status == 2);
  CHECK(pdf.err.find("needs the module policygraph-pdf.so") != std::string::npos);
  CHECK(pdf.err.find("constitution_p1-2.pdf") != std::string::npos);

  // Text input needs no module.
  Run text = shell("'" + exe + "' extract '" + kGazette + "'");
  CHECK(text.status == 0);
  REQUIRE(shell("'" + exe + "' ingest --db '" + dir.db() + "' '" + kGazette + "'").status == 0);
  Run json = shell("'" + exe + "' export --db '" + dir.db() + "' --format json");
  CHECK(json.status == 0);

  Run dot = shell("'" + exe + "' export --db '" + dir.db() + "' --format dot");
  CHECK(dot.status == 2);
  CHECK(dot.err.find("needs the module policygraph-graphviz.so") != std::string::npos);

  Run serve = shell("'" + exe + "' serve --db '" + dir.db() + "' --port 0");
  CHECK(serve.status == 2);
  CHECK(serve.err.find("serve needs the executable policygraph-serve") != std::string::npos);
}

TEST_CASE("with its modules the same commands succeed", "[cli][modules]") {
  TempDir dir;
  Run pdf = run("extract '" + kPdf + "'");
  CHECK(pdf.status == 0);
  CHECK(pdf.out.find("\"title\": \"中华人民共和国宪法\"") != std::string::npos);
  REQUIRE(run("ingest --db '" + dir.db() + "' '" + kGazette + "'").status == 0);
  Run dot = run("export --db '" + dir.db() + "' --format dot");
  CHECK(dot.status == 0);
  CHECK(dot.out.find("digraph policygraph") != std::string::npos);
}
