// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Router matching: what route modules rely on when several patterns cover one path.
#include <optional>

#include <gtest/gtest.h>

#include "server/http.h"

namespace dl::server {
namespace {

Request Req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

// Dispatches synchronously and returns the response.
Response Call(const Router& router, const Request& r) {
  std::optional<Response> out;
  router.Dispatch(r, [&](Response res) { out = std::move(res); });
  EXPECT_TRUE(out.has_value()) << "the responder was not called";
  return out ? *out : Response{};
}

Router Sample() {
  Router router;
  auto named = [](std::string name) {
    return [name](const Request&) { return Response::Text(200, name); };
  };
  router.AddSync("GET", "/api/*", named("api-prefix"));
  router.AddSync("GET", "/api/v1/*", named("api-v1-prefix"));
  router.AddSync("GET", "/api/v1/subjects", named("subjects-exact"));
  router.AddSync("POST", "/v1/track", named("track"));
  router.AddSync("GET", "/healthz", named("healthz"));
  router.AddSync("HEAD", "/healthz", named("healthz-head"));
  return router;
}

TEST(RouterTest, ExactBeatsPrefix) {
  Router router = Sample();
  EXPECT_EQ(Call(router, Req("GET", "/api/v1/subjects")).body, "subjects-exact");
  EXPECT_EQ(router.PatternFor(Req("GET", "/api/v1/subjects")), "/api/v1/subjects");
}

TEST(RouterTest, LongestPrefixWins) {
  Router router = Sample();
  EXPECT_EQ(Call(router, Req("GET", "/api/v1/subjects/123")).body, "api-v1-prefix");
  EXPECT_EQ(Call(router, Req("GET", "/api/v2/x")).body, "api-prefix");
  EXPECT_EQ(router.PatternFor(Req("GET", "/api/v1/subjects/123")), "/api/v1/*");
}

TEST(RouterTest, PrefixCoversItsBaseButNotLookalikes) {
  Router router = Sample();
  EXPECT_EQ(Call(router, Req("GET", "/api")).body, "api-prefix");
  EXPECT_EQ(Call(router, Req("GET", "/api/")).body, "api-prefix");
  EXPECT_EQ(Call(router, Req("GET", "/apix")).status, 404);
  EXPECT_EQ(Call(router, Req("GET", "/api/v1x")).body, "api-prefix");
}

TEST(RouterTest, UnknownPathIs404Json) {
  Router router = Sample();
  Response r = Call(router, Req("GET", "/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_NE(r.body.find("\"code\":\"not_found\""), std::string::npos) << r.body;
  EXPECT_EQ(router.PatternFor(Req("GET", "/nope")), "unmatched");
}

TEST(RouterTest, OtherMethodIs405WithAllow) {
  Router router = Sample();
  Response r = Call(router, Req("GET", "/v1/track"));
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.body.find("\"code\":\"method_not_allowed\""), std::string::npos) << r.body;
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "POST");
  // Several methods are listed, sorted.
  Response h = Call(router, Req("DELETE", "/healthz"));
  EXPECT_EQ(h.status, 405);
  EXPECT_EQ(h.headers[0].second, "GET, HEAD");
  // The metrics label of a 405 is the pattern, not "unmatched" and never the path.
  EXPECT_EQ(router.PatternFor(Req("DELETE", "/healthz")), "/healthz");
}

TEST(RouterTest, PrefixWithTheMethodServesWhenExactLacksIt) {
  Router router;
  router.AddSync("POST", "/console/login",
                 [](const Request&) { return Response::Text(200, "login"); });
  router.AddSync("GET", "/console/*", [](const Request&) { return Response::Text(200, "page"); });
  EXPECT_EQ(Call(router, Req("GET", "/console/login")).body, "page");
  EXPECT_EQ(Call(router, Req("POST", "/console/login")).body, "login");
  EXPECT_EQ(Call(router, Req("POST", "/console/other")).status, 405);
}

TEST(RouterTest, FirstRegisteredWinsForTheSameRoute) {
  Router router;
  router.AddSync("GET", "/x", [](const Request&) { return Response::Text(200, "first"); });
  router.AddSync("GET", "/x", [](const Request&) { return Response::Text(200, "second"); });
  EXPECT_EQ(Call(router, Req("GET", "/x")).body, "first");
}

TEST(RouterTest, CatchAllPrefix) {
  Router router;
  router.AddSync("GET", "/*", [](const Request&) { return Response::Text(200, "all"); });
  EXPECT_EQ(Call(router, Req("GET", "/")).body, "all");
  EXPECT_EQ(Call(router, Req("GET", "/a/b")).body, "all");
}

TEST(RouterTest, AsyncHandlerGetsTheResponder) {
  Router router;
  Responder saved;
  router.Add("GET", "/later",
             [&](const Request&, Responder respond) { saved = std::move(respond); });
  std::optional<Response> out;
  router.Dispatch(Req("GET", "/later"), [&](Response r) { out = std::move(r); });
  EXPECT_FALSE(out.has_value());
  saved(Response::Json(202, "{}"));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->status, 202);
}

}  // namespace
}  // namespace dl::server
