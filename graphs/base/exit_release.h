// Big structures a command is done with, when the process ends right after
// the command. Freeing a graph of a million nodes one allocation at a time
// took about a twentieth of an ingest's CPU (100k documents: 1.5 s of 38),
// for memory the process hands back to the system whole when it exits a
// moment later. The CLI says so (set_process_ends_after_command) before a
// command whose process ends with it; a library user, a test or a server
// that goes on keeps the default and frees as before.
//
// Parked structures stay reachable (a list behind a static pointer that is
// never freed), so leak checkers do not report them, and their destructors
// never run: park only what owns nothing but memory (no file, lock or
// connection whose destructor must run).
#pragma once

#include <memory>
#include <utility>

namespace pg {

void set_process_ends_after_command(bool ends);
bool process_ends_after_command();

namespace detail {
void park(std::shared_ptr<void> big);
}

// Frees `big` now, or, when the process ends after this command, keeps it
// until the process exits (unfreed).
template <class T>
void release(T&& big) {
  if (process_ends_after_command()) {
    detail::park(std::make_shared<std::remove_reference_t<T>>(std::move(big)));
  } else {
    std::remove_reference_t<T> gone = std::move(big);
  }
}

}  // namespace pg
