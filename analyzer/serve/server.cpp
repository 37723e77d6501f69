#include "analyzer/serve/server.h"

#include <httplib.h>

#include <exception>
#include <optional>
#include <string>

#include "analyzer/serve/csp.h"
#include "analyzer/serve/params.h"
#include "analyzer/serve/routes.h"
#include "graphs/model/json.h"
#include "graphs/render/report.h"
#include "graphs/store/store.h"

namespace pg::serve {
namespace {

// Equal without stopping at the first difference (a token compared).
bool same_secret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

// The value of cookie `name` in the Cookie header, else "".
std::string cookie(const httplib::Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t from = 0;
  while (from < header.size()) {
    std::size_t end = header.find(';', from);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(from, end - from);
    const std::size_t start = part.find_first_not_of(' ');
    if (start != std::string::npos) part.erase(0, start);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    from = end + 1;
  }
  return {};
}

bool wants_json(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

// "?asof=D" when the request names a valid date D, else "": the page's link
// back keeps the date the user chose, as every other page's links do.
std::string as_of_query(const httplib::Request& req) {
  if (!req.has_param("asof")) return {};
  std::optional<Date> d = Date::parse_iso(req.get_param_value("asof"));
  return d ? "?asof=" + d->to_iso() : std::string();
}

void error_answer(const httplib::Request& req, httplib::Response& res, int status,
                  const std::string& message) {
  res.status = status;
  if (wants_json(req)) {
    res.set_content(Json{{"error", message}}.dump(), "application/json; charset=utf-8");
  } else {
    std::string body =
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<title>" +
        std::to_string(status) +
        "</title><link rel=\"stylesheet\" "
        "href=\"/static/app.css\"></head><body><main><h1>" +
        std::to_string(status) + "</h1><p class=\"error\">" + html_escape(message) +
        "</p><p><a href=\"/" + as_of_query(req) + "\">返回检索</a></p></main></body></html>";
    res.set_content(body, "text/html; charset=utf-8");
  }
}

}  // namespace

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct Server::Impl {
  State state;
  httplib::Server http;
  bool bound = false;
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->state.options = std::move(options);
}

Server::~Server() = default;

Result<int> Server::bind() {
  const ServeOptions& o = impl_->state.options;
  if (!is_loopback(o.host) && o.token.empty()) {
    return Error{"", -1,
                 "--host " + o.host + " is not a loopback address: give --token or --token-file"};
  }
  // The store must open now: a typo in --db is an error at start, not a 500
  // on every page.
  if (Result<Store> store = Store::open(o.db, Store::OpenMode::kReadOnly); !store) {
    return store.error();
  }
  httplib::Server& http = impl_->http;
  State& state = impl_->state;
  http.set_payload_max_length(o.max_upload);
  // See kServeThreads. A request is read whole and answered at once: Nagle's
  // algorithm only held the last segment of an answer back for the client's
  // delayed ACK (~40 ms on loopback).
  http.new_task_queue = [] { return new httplib::ThreadPool(kServeThreads); };
  http.set_tcp_nodelay(true);
  http.set_default_headers({{"Content-Security-Policy", kPageCsp},
                            {"X-Content-Type-Options", "nosniff"},
                            {"X-Frame-Options", "DENY"},
                            {"Referrer-Policy", "no-referrer"},
                            {"Cache-Control", "no-store"}});
  http.set_pre_routing_handler([&state](const httplib::Request& req, httplib::Response& res) {
    const std::string& token = state.options.token;
    if (token.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string given;
    bool from_query = false;
    if (req.has_param("token")) {
      given = req.get_param_value("token");
      from_query = true;
    } else if (std::string auth = req.get_header_value("Authorization");
               auth.rfind("Bearer ", 0) == 0) {
      given = auth.substr(7);
    } else {
      given = cookie(req, "pg_token");
    }
    if (!same_secret(given, token)) {
      error_answer(req, res, 401, "a token is required: ?token=T or Authorization: Bearer T");
      res.set_header("WWW-Authenticate", "Bearer");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (from_query) {
      // Links on the pages do not carry the token: the cookie does.
      res.set_header("Set-Cookie", "pg_token=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string message = "internal error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const HttpError& e) {
          error_answer(req, res, e.status, e.message);
          return;
        } catch (const std::exception& e) {
          message += std::string(": ") + e.what();
        } catch (...) {}
        error_answer(req, res, 500, message);
      });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // Answers made without a body (httplib's own 413, a 404 of no route).
    if (!res.body.empty()) return;
    const char* message = res.status == 413   ? "the request body is larger than the upload limit"
                          : res.status == 404 ? "no such page"
                                              : "request failed";
    error_answer(req, res, res.status, message);
  });
  add_routes(http, state);
  int port = o.port;
  if (o.port == 0) {
    port = http.bind_to_any_port(o.host);
  } else if (!http.bind_to_port(o.host, o.port)) {
    port = -1;
  }
  if (port < 0) {
    return Error{"", -1, "cannot listen on " + o.host + ":" + std::to_string(o.port)};
  }
  impl_->bound = true;
  return port;
}

void Server::listen() {
  if (impl_->bound) impl_->http.listen_after_bind();
}

void Server::stop() { impl_->http.stop(); }

}  // namespace pg::serve
