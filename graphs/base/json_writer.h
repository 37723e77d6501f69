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

#include <cstring>
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
    if (plain_key(k)) {
      // The line, the key and ": " in one piece: keys are short literals
      // that need no escape (two fifths of a list's writing went on them).
      const std::size_t pad = 2 * (static_cast<std::size_t>(base_) + levels_.size());
      const std::size_t lead = l.first ? 1 : 2;
      const std::size_t at = out_.size();
      out_.resize(at + lead + pad + k.size() + 4);
      char* p = out_.data() + at;
      if (!l.first) *p++ = ',';
      *p++ = '\n';
      std::memset(p, ' ', pad);
      p += pad;
      *p++ = '"';
      std::memcpy(p, k.data(), k.size());
      p += k.size();
      std::memcpy(p, "\": ", 3);
      l.first = false;
    } else {
      separate();
      string_text(k);
      out_.append(": ", 2);
    }
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
    if (b) {
      out_.append("true", 4);
    } else {
      out_.append("false", 5);
    }
  }
  void null() {
    before_value();
    out_.append("null", 4);
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
    if (l.first) {
      out_ += '\n';
    } else {
      out_.append(",\n", 2);
    }
    l.first = false;
    indent(static_cast<std::size_t>(base_) + levels_.size());
  }
  // A key written as it is: printable ASCII but '"' and '\\'.
  static bool plain_key(std::string_view k) {
    for (const char c : k) {
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
    }
    return true;
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
