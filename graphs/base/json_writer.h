// JSON written as it is made, without a tree: the bytes json_text(j) (an
// indent of 2) writes for the nlohmann::json the same calls would build, so
// that a list of 10^6 rows goes out row by row at the cost of its text.
//
// Contract: the caller writes an object's keys in nlohmann::json's order
// (std::map: bytewise ascending); the writer checks it and throws
// std::logic_error otherwise, so a key added out of order fails every test
// that writes it. Strings that are not valid UTF-8 are written as
// json_text writes them (U+FFFD for what is invalid).
#pragma once

#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graphs/base/json_text.h"

namespace pg {

class JsonWriter {
 public:
  // Appends to `out`; `depth`: the nesting the first value sits at (its
  // lines are indented as a value that deep in a document would be).
  explicit JsonWriter(std::string& out, int depth = 0) : out_(out), base_(depth) {}

  void begin_object() { open('{', true); }
  void end_object() { close('}'); }
  void begin_array() { open('[', false); }
  void end_array() { close(']'); }

  // The next member's key (a string literal or a string that outlives the
  // object: the order check keeps a view of it).
  JsonWriter& key(std::string_view k) {
    Level& l = levels_.back();
    if (!l.object) throw std::logic_error("json writer: a key outside an object");
    if (!l.first && !(l.last_key < k)) {
      throw std::logic_error("json writer: key \"" + std::string(k) + "\" after \"" +
                             std::string(l.last_key) + "\"");
    }
    l.last_key = k;
    separate();
    string_text(k);
    out_ += ": ";
    after_key_ = true;
    return *this;
  }

  void string(std::string_view s) {
    before_value();
    string_text(s);
  }
  void integer(long long n) {
    before_value();
    detail::append_integer(out_, n);
  }
  void unsigned_integer(unsigned long long n) {
    before_value();
    detail::append_integer(out_, n);
  }
  void boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
  }
  void null() {
    before_value();
    out_ += "null";
  }

  // A value another JsonWriter wrote at this place's depth, as it is.
  void raw(std::string_view text) {
    before_value();
    out_ += text;
  }

  // Nothing open: the values written are whole.
  bool done() const { return levels_.empty(); }

 private:
  struct Level {
    bool object;
    bool first = true;
    std::string_view last_key;
  };

  void indent(std::size_t depth) { out_.append(2 * depth, ' '); }
  // Before a member or an element: the line it starts.
  void separate() {
    Level& l = levels_.back();
    out_ += l.first ? "\n" : ",\n";
    l.first = false;
    indent(static_cast<std::size_t>(base_) + levels_.size());
  }
  void before_value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!levels_.empty()) {
      if (levels_.back().object) throw std::logic_error("json writer: a member without a key");
      separate();
    }
  }
  void open(char c, bool object) {
    before_value();
    out_ += c;
    levels_.push_back({object});
  }
  void close(char c) {
    if (levels_.empty()) throw std::logic_error("json writer: nothing to close");
    const bool empty = levels_.back().first;
    levels_.pop_back();
    if (!empty) {
      out_ += '\n';
      indent(static_cast<std::size_t>(base_) + levels_.size());
    }
    out_ += c;
  }
  void string_text(std::string_view s) {
    if (detail::append_json_string(out_, s)) return;
    out_ += json_text(nlohmann::json(std::string(s)));
  }

  std::string& out_;
  int base_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace pg
