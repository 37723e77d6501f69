// The parts of policygraph that few commands need are modules: shared
// objects (CMake MODULE libraries) loaded with dlopen on first use, so that
// every other command starts without loading their libraries. Each module
// has one C header naming its entry point (a table of functions):
//   policygraph-pdf.so       analyzer/read/pdf_module.h     Poppler
//   policygraph-graphviz.so  graphs/render/graphviz_module.h Graphviz cgraph/gvc
// (`serve`, with cpp-httplib, is the executable policygraph-serve instead:
// analyzer/cli/serve_command.h.)
//
// A module is looked for next to the running executable (the directory of
// /proc/self/exe), then by the dynamic linker's search (the executable's
// RUNPATH, which CMake sets to the build tree for tests and tools;
// LD_LIBRARY_PATH).
#pragma once

#include <string>
#include <string_view>

#include "graphs/base/result.h"

namespace pg {

// The address of `entry` in module `file` (e.g. "policygraph-pdf.so"),
// loaded once and kept for the life of the process. The error names the
// module, what it is for (`purpose`, e.g. "reading PDFs") and the places
// tried.
// The directory of the running executable (from /proc/self/exe), "" when
// /proc cannot tell.
std::string executable_dir();

Result<void*> load_module_entry(std::string_view file, const char* entry, std::string_view purpose);

}  // namespace pg
