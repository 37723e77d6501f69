#include "graphs/base/module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <string>

namespace pg {
std::string executable_dir() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  std::string path(buf, static_cast<std::size_t>(n));
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

namespace {

std::string last_dl_error() {
  const char* e = dlerror();
  return e != nullptr ? e : "unknown error";
}

}  // namespace

Result<void*> load_module_entry(std::string_view file, const char* entry,
                                std::string_view purpose) {
  const std::string name(file);
  std::string tried;
  // RTLD_LOCAL: a module's symbols (its own copy of our static libraries
  // included) stay its own.
  void* handle = nullptr;
  if (const std::string dir = executable_dir(); !dir.empty()) {
    const std::string path = dir + "/" + name;
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) tried = last_dl_error();
  }
  if (handle == nullptr) {
    handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) tried += (tried.empty() ? "" : "; ") + last_dl_error();
  }
  if (handle == nullptr) {
    return Error{"", -1,
                 std::string(purpose) + " needs the module " + name +
                     ", which could not be loaded (it belongs next to the policygraph "
                     "executable): " +
                     tried};
  }
  void* address = dlsym(handle, entry);
  if (address == nullptr) {
    return Error{"", -1,
                 "the module " + name + " (for " + std::string(purpose) + ") has no entry " +
                     entry + ": " + last_dl_error()};
  }
  return address;
}

}  // namespace pg
