// What the two SQLite files of the store layer (store.cpp, graph_store.cpp)
// share: failures thrown inside them, and one prepared statement. Internal to
// graphs/store: nothing here crosses a public function, where each Failure
// becomes an Error naming the store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg::sql {

// An SQLite failure, or a stored value that does not read back.
struct Failure {
  std::string message;
  int code = 0;  // SQLite's extended result code, 0 when not from SQLite
};

[[noreturn]] inline void fail(std::string message) { throw Failure{std::move(message)}; }

[[noreturn]] inline void fail_sqlite(sqlite3* db, const std::string& doing) {
  throw Failure{doing + ": " + sqlite3_errmsg(db), sqlite3_extended_errcode(db)};
}

inline void exec(sqlite3* db, const char* sql, const std::string& doing) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail_sqlite(db, doing);
}

// One prepared statement. Values are only ever bound, never spliced into the
// SQL: titles and quotes are untrusted text.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) {
      fail_sqlite(db, "preparing \"" + first_line(sql) + "\"");
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  // A statement left mid-result would keep its read lock: finalize releases it.
  ~Stmt() { sqlite3_finalize(s_); }

  Stmt& text(int i, std::string_view v) {
    // An empty view may have a null data(), which SQLite would store as NULL.
    const char* data = v.data() ? v.data() : "";
    check(sqlite3_bind_text64(s_, i, data, v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
  }
  Stmt& text(int i, const std::string& v) { return text(i, std::string_view(v)); }
  Stmt& text(int i, const char* v) { return text(i, std::string_view(v)); }
  Stmt& text(int i, const std::optional<std::string>& v) {
    return v ? text(i, std::string_view(*v)) : null(i);
  }
  Stmt& blob(int i, const std::vector<std::uint8_t>& v) {
    check(sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT));
    return *this;
  }
  // Bound without a copy, for bulk inserts: the bytes must stay valid and
  // unchanged until the statement's next run() or reset().
  Stmt& text_ref(int i, std::string_view v) {
    const char* data = v.data() ? v.data() : "";
    check(sqlite3_bind_text64(s_, i, data, v.size(), SQLITE_STATIC, SQLITE_UTF8));
    return *this;
  }
  Stmt& text_ref(int i, const std::string& v) { return text_ref(i, std::string_view(v)); }
  Stmt& text_ref(int i, const std::optional<std::string>& v) {
    return v ? text_ref(i, std::string_view(*v)) : null(i);
  }
  // A blob of no bytes binds as NULL, as blob() of an empty vector does.
  Stmt& blob_ref(int i, std::string_view v) {
    if (v.empty()) return null(i);
    check(sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_STATIC));
    return *this;
  }
  Stmt& blob_ref(int i, const std::vector<std::uint8_t>& v) {
    return blob_ref(i, std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
  }
  Stmt& integer(int i, std::int64_t v) {
    check(sqlite3_bind_int64(s_, i, v));
    return *this;
  }
  Stmt& integer(int i, const std::optional<int>& v) { return v ? integer(i, *v) : null(i); }
  Stmt& null(int i) {
    check(sqlite3_bind_null(s_, i));
    return *this;
  }

  // True while there is a row to read.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail_sqlite(db_, "running \"" + first_line(sqlite3_sql(s_)) + "\"");
  }
  // For statements that return no rows, then ready to bind again.
  void run() {
    while (step()) {}
    reset();
  }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  int columns() const { return sqlite3_column_count(s_); }
  bool is_null(int i) const { return sqlite3_column_type(s_, i) == SQLITE_NULL; }
  bool is_integer(int i) const { return sqlite3_column_type(s_, i) == SQLITE_INTEGER; }
  std::int64_t int64(int i) const { return sqlite3_column_int64(s_, i); }
  int int32(int i) const { return sqlite3_column_int(s_, i); }
  std::string str(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    int n = sqlite3_column_bytes(s_, i);  // after column_text: the text's length
    return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
  }
  std::optional<std::string> opt_str(int i) const {
    if (is_null(i)) return std::nullopt;
    return str(i);
  }
  // A blob column's bytes, valid until the next step or reset; empty for NULL.
  std::basic_string_view<std::uint8_t> bytes(int i) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, i));
    int n = sqlite3_column_bytes(s_, i);
    return p ? std::basic_string_view<std::uint8_t>(p, static_cast<std::size_t>(n))
             : std::basic_string_view<std::uint8_t>();
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail_sqlite(db_, "binding a value");
  }
  static std::string first_line(const char* text) {
    std::string sql = text ? text : "";
    auto start = sql.find_first_not_of(" \n");
    sql = start == std::string::npos ? sql : sql.substr(start);
    return sql.substr(0, sql.find('\n'));
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace pg::sql
