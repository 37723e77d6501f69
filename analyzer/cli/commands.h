// Subcommands of the policygraph executable. Each registers its options on the
// CLI11 app and returns the function that runs it; the int is the exit status
// (0 success, 1 nothing found, 2 usage or input error).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace pg::cli {

using Runner = std::function<int()>;

Runner add_extract_command(CLI::App& app);

}  // namespace pg::cli
