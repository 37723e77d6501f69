// Result and error values for operations that can fail (file reads, decoding,
// database work). Problems *inside* a document are not errors: they go to a
// DiagnosticSink (see graphs/model/model.h) and the run goes on.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace pg {

// What failed and where. `file` may be empty for operations not tied to a
// file; `offset` is a byte offset into the raw input, or -1 when unknown.
struct Error {
  std::string file;
  std::int64_t offset = -1;
  std::string message;

  // "FILE: byte OFFSET: MESSAGE", leaving out the parts that are unknown.
  std::string to_string() const;
};

// Either a value or an Error. GCC 12 has no std::expected; this is the small
// subset we need.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

// A failure carried out of nested steps as the Error it is: take() throws
// it, caught() around the steps makes it a Result again. For code that makes
// many reads of which any may fail and that answers with the first failure.
struct Failed {
  Error error;
};

// The value of `r`; throws Failed when it holds an error.
template <class T>
T take(Result<T> r) {
  if (!r) throw Failed{r.error()};
  return std::move(*r);
}

// f(), or the Error a Failed thrown inside it carries.
template <class F>
auto caught(F&& f) -> Result<decltype(f())> {
  try {
    return f();
  } catch (const Failed& failed) {
    return failed.error;
  }
}

}  // namespace pg
