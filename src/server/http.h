// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The server's HTTP vocabulary, independent of the transport (Boost.Beast, src/server/
// http_server.cc): a parsed Request, a Response, asynchronous handlers and the Router that
// dispatches to them. Route modules (collection, api, console, portal) only see these types, so
// they are tested without sockets.
//
// Threading: handlers run on the transport's I/O threads and must not block on the store;
// they post work to a StoreExecutor (src/server/context.h) and answer through the Responder,
// exactly once, from any thread.
#ifndef DAYLIGHT_SERVER_HTTP_H_
#define DAYLIGHT_SERVER_HTTP_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dl::server {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // target without the query, percent-decoding NOT applied
  std::string query;   // raw query string without '?'
  std::map<std::string, std::string, std::less<>> headers;  // names lowercased
  std::string body;
  std::string remote;  // peer address, for rate limits and logs (not personal data in logs)
  bool tls = false;

  // Header value or "" (name is case-insensitive).
  std::string Header(std::string_view name) const;
  // Percent-decoded query parameter, or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
  // Every value of a repeated query parameter, in order (`?map=a%3Demail&map=b%3Dphone`).
  std::vector<std::string> QueryAll(std::string_view name) const;
  // application/x-www-form-urlencoded body fields (percent- and '+'-decoded); a repeated name
  // keeps the first value.
  std::map<std::string, std::string, std::less<>> Form() const;
  // Cookie value from the Cookie header, or "".
  std::string Cookie(std::string_view name) const;
  // The path split on '/', empty segments dropped, each percent-decoded.
  std::vector<std::string> Segments() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
  std::string body;

  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body);
  // {"error":{"code":"<code>","message":"<message>"}}; message must hold no personal data.
  static Response Error(int status, std::string_view code, std::string_view message);
  Response& With(std::string name, std::string value);
};

// Answers a request; call exactly once, from any thread (the transport ignores and logs a
// second call). The Request a handler receives stays valid until its Responder is called, and
// not after: copy what a job needs after answering.
using Responder = std::function<void(Response)>;
using Handler = std::function<void(const Request&, Responder)>;

// Routes by method and path. A pattern is an exact path ("/v1/track") or a prefix ending in
// "/*" ("/api/*" matches "/api" and everything below it). Exact patterns win over prefixes;
// longer prefixes win over shorter. Unknown paths give 404, a known path with another method
// 405 with an Allow header, both as JSON errors.
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Synchronous convenience for handlers that never touch the store.
  void AddSync(std::string method, std::string pattern,
               std::function<Response(const Request&)> handler);
  void Dispatch(const Request& request, Responder respond) const;
  // The route pattern a request matched (for metrics labels), or "unmatched".
  std::string_view PatternFor(const Request& request) const;

  // Lets `method` requests to exactly `path` carry bodies of up to `limit` bytes, beyond the
  // server's default, when `admit` accepts their headers: uploads of whole files, admitted only
  // for a valid credential so that strangers cannot make the server buffer large bodies.
  void AllowLargeBody(std::string method, std::string path, size_t limit,
                      std::function<bool(const Request&)> admit);
  // The body limit for a request whose method, path and headers are in `head` (its body not yet
  // read): the limit of the AllowLargeBody rule that matches and admits it, else `fallback`.
  size_t BodyLimitFor(const Request& head, size_t fallback) const;

 private:
  struct Route {
    std::string method, pattern;
    bool prefix = false;
    Handler handler;
  };
  struct LargeBody {
    std::string method, path;
    size_t limit = 0;
    std::function<bool(const Request&)> admit;
  };
  const Route* Find(const Request& request, bool* path_known) const;
  std::vector<Route> routes_;
  std::vector<LargeBody> large_bodies_;
};

// Percent-decoding ('+' as space when form is true). nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view in, bool form);
// Escapes for use in a URL query or path segment.
std::string PercentEncode(std::string_view in);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_HTTP_H_
