// The hostile text shapes of the linear-growth check, shared by
// tests/analyzer/hostile_input_test.cpp and the policygraph-hostile-bench
// tool behind scripts/bench: each is a unit repeated to the size wanted.
#pragma once

#include <string>
#include <vector>

namespace pg::testing {

// A short notice with a number, references, a 施行 clause and a signature.
inline const std::string kHostileNotice =
    "济南市人民政府关于印发济南市测试管理办法的通知\n"
    "济政发〔2019〕3号\n"
    "\n"
    "各区县人民政府，市政府各部门：\n"
    "现将《济南市测试管理办法》印发给你们，请认真遵照执行。\n"
    "根据《中华人民共和国行政许可法》和国发〔2016〕14号文件，结合本市实际，制定本办法。\n"
    "《济南市旧测试办法》（济政发〔2010〕8号）同时废止。\n"
    "本办法自2019年3月1日起施行，有效期至2024年2月29日。\n"
    "\n"
    "济南市人民政府\n"
    "2019年2月1日\n";

struct HostileShape {
  std::string name;
  std::string unit;
};

inline std::vector<HostileShape> hostile_shapes() {
  std::string flat = kHostileNotice;
  for (char& c : flat) {
    if (c == '\n') c = ' ';
  }
  return {
      {"one giant line", flat},        // a text extracted without line breaks
      {"unclosed title marks", "《"},  // 《《《… with no 》
      {"unclosed title marks on lines", "《\n"},
      {"digits", "7"},
      {"normal text repeated", kHostileNotice},
      {"titles and numbers without sentence marks", "依照《关于加强管理的通知》和国发〔2016〕14号"},
  };
}

// `unit` repeated to at least `bytes`, cut after a whole unit.
inline std::string repeat_to(const std::string& unit, std::size_t bytes) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}

}  // namespace pg::testing
