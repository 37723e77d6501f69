// run_serve (serve_command.h) in policygraph: the options are good (CLI11
// checked them); the process becomes policygraph-serve, next to this
// executable, with the same arguments (execv keeps the pid, the standard
// streams and the environment).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "analyzer/cli/serve_command.h"
#include "graphs/base/module_loader.h"

namespace pg::cli {

int run_serve(ServeArgs /*a*/) {
  // The arguments as given, from the kernel (NUL-separated).
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string dir = executable_dir();
  if (cmdline.empty() || dir.empty()) {
    std::cerr << "policygraph: error: serve: cannot read this process's arguments from /proc\n";
    return 2;
  }
  const std::string path = dir + "/policygraph-serve";
  std::vector<std::string> args;
  for (std::size_t i = 0; i < cmdline.size();) {
    const std::size_t end = cmdline.find('\0', i);
    args.push_back(cmdline.substr(i, end - i));
    if (end == std::string::npos) break;
    i = end + 1;
  }
  args[0] = path;
  std::vector<char*> argv;
  for (std::string& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::cout.flush();
  execv(path.c_str(), argv.data());
  std::cerr << "policygraph: error: serve needs the executable policygraph-serve (the web "
               "application, with cpp-httplib) next to policygraph: "
            << path << ": " << std::strerror(errno) << '\n';
  return 2;
}

}  // namespace pg::cli
