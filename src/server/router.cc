// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Router: a linear scan over the routes. A server has a few dozen, so this is a handful of
// string comparisons per request, cheaper than building any index would save.
#include <algorithm>
#include <set>

#include "server/http.h"

namespace dl::server {
namespace {

// How well `pattern` matches `path`: -1 no match; exact matches rank above every prefix;
// longer prefixes rank above shorter ones.
long Rank(std::string_view pattern, bool prefix, std::string_view path) {
  if (!prefix) return pattern == path ? (1L << 30) : -1;
  std::string_view base = pattern.substr(0, pattern.size() - 2);  // without "/*"
  if (path.size() < base.size() || path.compare(0, base.size(), base) != 0) return -1;
  // "/api/*" covers "/api" and "/api/...", never "/apix".
  if (path.size() != base.size() && path[base.size()] != '/') return -1;
  return static_cast<long>(base.size());
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Route r;
  r.prefix = pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, "/*") == 0;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

void Router::AddSync(std::string method, std::string pattern,
                     std::function<Response(const Request&)> handler) {
  Add(std::move(method), std::move(pattern),
      [h = std::move(handler)](const Request& request, const Responder& respond) {
        respond(h(request));
      });
}

const Router::Route* Router::Find(const Request& request, bool* path_known) const {
  const Route* best = nullptr;
  long best_rank = -1;
  bool known = false;
  for (const Route& r : routes_) {
    long rank = Rank(r.pattern, r.prefix, request.path);
    if (rank < 0) continue;
    known = true;
    // Strictly greater: among equal patterns the first registered wins.
    if (r.method == request.method && rank > best_rank) {
      best = &r;
      best_rank = rank;
    }
  }
  if (path_known != nullptr) *path_known = known;
  return best;
}

void Router::Dispatch(const Request& request, Responder respond) const {
  bool known = false;
  const Route* route = Find(request, &known);
  if (route != nullptr) {
    route->handler(request, std::move(respond));
    return;
  }
  if (!known) {
    respond(Response::Error(404, "not_found", "no such endpoint"));
    return;
  }
  std::set<std::string_view> methods;
  for (const Route& r : routes_) {
    if (Rank(r.pattern, r.prefix, request.path) >= 0) methods.insert(r.method);
  }
  std::string allow;
  for (std::string_view m : methods) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  Response res =
      Response::Error(405, "method_not_allowed",
                      "method " + request.method + " is not allowed here; allowed: " + allow);
  res.With("Allow", std::move(allow));
  respond(std::move(res));
}

std::string_view Router::PatternFor(const Request& request) const {
  bool known = false;
  if (const Route* r = Find(request, &known)) return r->pattern;
  if (!known) return "unmatched";
  // A known path with another method (405): the most specific pattern that matches the path.
  const Route* best = nullptr;
  long best_rank = -1;
  for (const Route& r : routes_) {
    long rank = Rank(r.pattern, r.prefix, request.path);
    if (rank > best_rank) {
      best = &r;
      best_rank = rank;
    }
  }
  return best->pattern;
}

void Router::AllowLargeBody(std::string method, std::string path, size_t limit,
                            std::function<bool(const Request&)> admit) {
  large_bodies_.push_back({std::move(method), std::move(path), limit, std::move(admit)});
}

size_t Router::BodyLimitFor(const Request& head, size_t fallback) const {
  for (const LargeBody& rule : large_bodies_) {
    if (rule.method == head.method && rule.path == head.path && rule.admit(head)) {
      return std::max(rule.limit, fallback);
    }
  }
  return fallback;
}

}  // namespace dl::server
