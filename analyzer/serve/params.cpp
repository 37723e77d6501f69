#include "analyzer/serve/params.h"

#include <charconv>

#include "graphs/base/utf8.h"

namespace pg::serve {
namespace {

[[noreturn]] void bad(std::string message) { throw HttpError{400, std::move(message)}; }

}  // namespace

std::string param_text(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return {};
  std::string value = req.get_param_value(name);
  if (value.size() > kMaxParamBytes) {
    bad(std::string(name) + ": longer than " + std::to_string(kMaxParamBytes) + " bytes");
  }
  if (first_invalid_utf8(value) != std::string_view::npos) bad(std::string(name) + ": not UTF-8");
  return value;
}

Date param_as_of(const httplib::Request& req, Date today) {
  const std::string text = param_text(req, "asof");
  if (text.empty()) return today;
  std::optional<Date> d = Date::parse_iso(text);
  if (!d) bad("asof: '" + text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

int param_int(const httplib::Request& req, const char* name, int lo, int hi, int fallback) {
  const std::string text = param_text(req, name);
  if (text.empty()) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    bad(std::string(name) + ": '" + text + "' is not a number from " + std::to_string(lo) + " to " +
        std::to_string(hi));
  }
  return value;
}

RowPage param_page(const httplib::Request& req, std::size_t fallback_limit) {
  RowPage page;
  page.offset = static_cast<std::size_t>(param_int(req, "offset", 0, kMaxRowParam, 0));
  if (param_text(req, "limit") == "all") {
    page.limit = static_cast<std::size_t>(-1);
  } else {
    const int limit = param_int(req, "limit", 1, kMaxRowParam, 0);
    page.limit = limit == 0 ? fallback_limit : static_cast<std::size_t>(limit);
  }
  return page;
}

std::set<RelationType> param_types(const httplib::Request& req) {
  std::set<RelationType> types;
  const std::size_t count = req.get_param_value_count("types");
  for (std::size_t i = 0; i < count; ++i) {
    const std::string value = req.get_param_value("types", i);
    if (value.size() > kMaxParamBytes) bad("types: too long");
    std::size_t from = 0;
    while (from <= value.size()) {
      std::size_t comma = value.find(',', from);
      if (comma == std::string::npos) comma = value.size();
      const std::string name = value.substr(from, comma - from);
      if (!name.empty()) {
        std::optional<RelationType> t = parse_relation_type(name);
        if (!t) {
          bad("types: '" + name +
              "' is not a relation type (repeals, amends, based_on, implements, forwards, cites)");
        }
        types.insert(*t);
      }
      from = comma + 1;
    }
  }
  return types;
}

Window param_window(const httplib::Request& req, std::string_view fallback) {
  std::string text = param_text(req, "within");
  if (text.empty()) text = fallback;
  std::optional<Window> w = parse_window(text);
  if (!w) bad("within: '" + text + "' is not a span such as 6m, 90d or 1y");
  return *w;
}

std::optional<Level> param_level(const httplib::Request& req) {
  const std::string text = param_text(req, "level");
  if (text.empty()) return std::nullopt;
  for (Level l : {Level::kNational, Level::kProvincial, Level::kMunicipal, Level::kDistrict,
                  Level::kDepartment, Level::kUnknown}) {
    if (text == to_string(l) || text == zh_name(l)) return l;
  }
  bad("level: '" + text +
      "' is not a level (national, provincial, municipal, district, department, unknown)");
}

}  // namespace pg::serve
