// The query parameters of `policygraph serve`, read and checked. A bad one
// throws HttpError (status 400, a message naming the parameter), which the
// routes turn into a 400 page or {"error": ...}: a request never reaches an
// answer with a value it did not mean.
#pragma once

#include <httplib.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"

namespace pg::serve {

// An answer other than 200, thrown by a route and caught around it.
struct HttpError {
  int status = 400;
  std::string message;
};

// The longest text parameter read (a search, an issuer): 1,000 bytes.
inline constexpr std::size_t kMaxParamBytes = 1000;

// `asof=YYYY-MM-DD`, else `today`.
Date param_as_of(const httplib::Request& req, Date today);
// An integer in [lo, hi], else `fallback` when absent.
int param_int(const httplib::Request& req, const char* name, int lo, int hi, int fallback);
// A page of a long list: `offset` (from 0) and `limit` (from 1, or `all`).
struct RowPage {
  std::size_t offset = 0;
  std::size_t limit = 0;  // SIZE_MAX: all
  bool all() const { return limit == static_cast<std::size_t>(-1); }
};
// The largest `limit` but `all`, and the largest `offset`.
inline constexpr int kMaxRowParam = 1000000000;
// `offset=N&limit=M` (or `limit=all`), else offset 0 and `fallback_limit`.
RowPage param_page(const httplib::Request& req, std::size_t fallback_limit);
// `types=a,b` or `types=a&types=b` (relation type names); empty: all.
std::set<RelationType> param_types(const httplib::Request& req);
// `within=6m` (queries.h Window), else `fallback`.
Window param_window(const httplib::Request& req, std::string_view fallback);
// `level=municipal` (a Level's ASCII name), else nullopt.
std::optional<Level> param_level(const httplib::Request& req);
// A text parameter: at most kMaxParamBytes, valid UTF-8; "" when absent.
std::string param_text(const httplib::Request& req, const char* name);

}  // namespace pg::serve
