// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The transport end to end on loopback: keep-alive, answers from other threads, the security
// headers, 413, per-route metrics, and a shutdown that waits for requests in flight.
#include "server/http_server.h"

#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

namespace dl::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

// A blocking HTTP/1.1 client on one connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  http::response<http::string_body> Send(
      http::verb method, const std::string& target, std::string body = "",
      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.keep_alive(true);
    if (!body.empty() || method == http::verb::post) {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    http::write(socket_, req);
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res);
    return res;
  }

 private:
  net::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.metrics = &metrics_;
    router_.AddSync("GET", "/sync", [](const Request& r) {
      return Response::Text(200, "sync " + r.Query("x").value_or(""));
    });
    router_.AddSync("POST", "/echo", [](const Request& r) {
      return Response::Json(200, r.body).With("Set-Cookie", "a=1").With("Set-Cookie", "b=2");
    });
    router_.AddSync("POST", "/upload", [](const Request& r) {
      return Response::Json(200, "{\"bytes\":" + std::to_string(r.body.size()) + "}");
    });
    // Up to 4 MiB, for requests that say "x-admit: yes" (a stand-in for a valid credential).
    router_.AllowLargeBody("POST", "/upload", size_t{4} << 20,
                           [](const Request& head) { return head.Header("x-admit") == "yes"; });
    router_.AddSync("GET", "/page", [](const Request&) { return Response::Html(200, "<p>hi"); });
    router_.AddSync("GET", "/throws",
                    [](const Request&) -> Response { throw std::runtime_error("boom"); });
    // Answers from another thread, as a store executor does.
    router_.Add("GET", "/async", [this](const Request&, Responder respond) {
      std::thread([respond = std::move(respond), delay = async_delay_] {
        std::this_thread::sleep_for(delay);
        respond(Response::Json(200, R"({"async":true})"));
      }).detach();
    });
    HttpServerOptions o;
    o.port = 0;
    o.threads = 2;
    server_ = std::make_unique<HttpServer>(router_, ctx_, o);
    Status s = server_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::milliseconds(1000));
  }

  Metrics metrics_;
  ServerContext ctx_;
  Router router_;
  std::chrono::milliseconds async_delay_{10};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, KeepAliveAndAnswersFromOtherThreads) {
  Client c(server_->port());
  for (int i = 0; i < 3; ++i) {
    auto sync = c.Send(http::verb::get, "/sync?x=" + std::to_string(i));
    EXPECT_EQ(sync.result_int(), 200);
    EXPECT_EQ(sync.body(), "sync " + std::to_string(i));
    EXPECT_TRUE(sync.keep_alive());
    auto async = c.Send(http::verb::get, "/async");
    EXPECT_EQ(async.result_int(), 200);
    EXPECT_EQ(async.body(), R"({"async":true})");
    EXPECT_EQ(async[http::field::content_type], "application/json");
  }
  EXPECT_EQ(server_->Connections(), 1u);
}

TEST_F(HttpServerTest, SecurityHeadersAndRepeatedSetCookie) {
  Client c(server_->port());
  auto res = c.Send(http::verb::post, "/echo", R"({"a":1})");
  EXPECT_EQ(res.body(), R"({"a":1})");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(res["X-Frame-Options"], "DENY");
  EXPECT_EQ(res["Cache-Control"], "no-store");
  EXPECT_EQ(res.count("Content-Security-Policy"), 0u);  // only on HTML
  EXPECT_EQ(res.count(http::field::set_cookie), 2u);
  auto page = c.Send(http::verb::get, "/page");
  EXPECT_EQ(page["Content-Security-Policy"], "default-src 'self'");
}

TEST_F(HttpServerTest, ErrorsAreJson) {
  Client c(server_->port());
  auto missing = c.Send(http::verb::get, "/subjects/email:ann@example.com");
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_NE(missing.body().find("not_found"), std::string::npos);
  auto wrong = c.Send(http::verb::delete_, "/sync");
  EXPECT_EQ(wrong.result_int(), 405);
  EXPECT_EQ(wrong[http::field::allow], "GET");
  auto thrown = c.Send(http::verb::get, "/throws");
  EXPECT_EQ(thrown.result_int(), 500);
  EXPECT_NE(thrown.body().find("\"internal\""), std::string::npos);
  // The connection survives all three.
  EXPECT_EQ(c.Send(http::verb::get, "/sync").result_int(), 200);
}

TEST_F(HttpServerTest, OversizedBodyIs413AndClosesTheConnection) {
  Client c(server_->port());
  auto res = c.Send(http::verb::post, "/echo", std::string((1 << 20) + 1, 'a'));
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_NE(res.body().find(R"("code":"too_large")"), std::string::npos) << res.body();
  EXPECT_FALSE(res.keep_alive());
  // Exactly the limit is fine.
  Client d(server_->port());
  EXPECT_EQ(d.Send(http::verb::post, "/echo", std::string(1 << 20, 'a')).result_int(), 200);
}

TEST_F(HttpServerTest, AnUploadRouteTakesLargerBodiesOnlyFromAdmittedCallers) {
  const std::string two_mib(size_t{2} << 20, 'a');
  Client c(server_->port());
  auto admitted = c.Send(http::verb::post, "/upload", two_mib, {{"x-admit", "yes"}});
  EXPECT_EQ(admitted.result_int(), 200);
  EXPECT_EQ(admitted.body(), R"({"bytes":2097152})");
  // The same body without admission: the default 1 MiB limit, decided from Content-Length
  // before any of the body is read.
  Client d(server_->port());
  auto stranger = d.Send(http::verb::post, "/upload", two_mib);
  EXPECT_EQ(stranger.result_int(), 413);
  EXPECT_NE(stranger.body().find("1048576 bytes"), std::string::npos) << stranger.body();
  // Beyond the route's own limit.
  Client e(server_->port());
  auto huge = e.Send(http::verb::post, "/upload", std::string((size_t{4} << 20) + 1, 'a'),
                     {{"x-admit", "yes"}});
  EXPECT_EQ(huge.result_int(), 413);
  EXPECT_NE(huge.body().find("4194304 bytes"), std::string::npos) << huge.body();
  // Other routes keep the default even for an admitted caller.
  Client f(server_->port());
  EXPECT_EQ(f.Send(http::verb::post, "/echo", two_mib, {{"x-admit", "yes"}}).result_int(), 413);
}

TEST_F(HttpServerTest, HeadIsGetWithoutTheBody) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  http::request<http::empty_body> req{http::verb::head, "/sync?x=abc", 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(true);  // a HEAD answer has no body, whatever its Content-Length says
  http::read(socket, buffer, parser);
  auto res = parser.release();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::content_length], "8") << "the length of GET's \"sync abc\"";
  EXPECT_TRUE(res.body().empty());
  // The connection stays usable: the next request's answer is not mixed with a body.
  http::request<http::string_body> get{http::verb::get, "/sync?x=abc", 11};
  get.set(http::field::host, "127.0.0.1");
  http::write(socket, get);
  http::response<http::string_body> full;
  http::read(socket, buffer, full);
  EXPECT_EQ(full.body(), "sync abc");
}

TEST(HttpServerLimitTest, ConnectionsBeyondTheLimitAreClosedAtOnce) {
  Router router;
  router.AddSync("GET", "/ok", [](const Request&) { return Response::Text(200, "ok"); });
  ServerContext ctx;
  HttpServerOptions o;
  o.port = 0;
  o.threads = 1;
  o.max_connections = 2;
  HttpServer server(router, ctx, o);
  ASSERT_TRUE(server.Start().ok());
  auto a = std::make_unique<Client>(server.port());
  Client b(server.port());
  EXPECT_EQ(a->Send(http::verb::get, "/ok").result_int(), 200);
  EXPECT_EQ(b.Send(http::verb::get, "/ok").result_int(), 200);
  Client third(server.port());  // the kernel accepts; the server closes it
  EXPECT_THROW(third.Send(http::verb::get, "/ok"), boost::system::system_error);
  // Once one closes, a new connection is served again.
  a.reset();
  bool served = false;
  for (int i = 0; i < 100 && !served; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    try {
      Client again(server.port());
      served = again.Send(http::verb::get, "/ok").result_int() == 200;
    } catch (const boost::system::system_error&) {
    }
  }
  EXPECT_TRUE(served);
  server.Shutdown(std::chrono::milliseconds(500));
}

TEST_F(HttpServerTest, MetricsCountRoutePatternsNotPaths) {
  Client c(server_->port());
  c.Send(http::verb::get, "/sync?x=secret");
  c.Send(http::verb::get, "/sync");
  c.Send(http::verb::get, "/nope/email:ann@example.com");
  std::string text = metrics_.Render();
  EXPECT_NE(text.find(R"(daylight_http_requests_total{route="/sync",method="GET",code="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(daylight_http_requests_total{route="unmatched",method="GET",code="404"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"(daylight_http_request_duration_seconds_count{route="/sync",method="GET"} 2)"),
      std::string::npos);
  EXPECT_EQ(text.find("ann@example.com"), std::string::npos);
  EXPECT_EQ(text.find("secret"), std::string::npos);
}

TEST_F(HttpServerTest, ShutdownWaitsForRequestsInFlight) {
  async_delay_ = std::chrono::milliseconds(300);
  auto port = server_->port();
  auto answer = std::async(std::launch::async, [port] {
    Client c(port);
    return c.Send(http::verb::get, "/async");
  });
  // Wait until the request is being handled, then shut down underneath it.
  for (int i = 0; i < 200 && server_->InFlight() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(server_->InFlight(), 1u);
  auto t0 = std::chrono::steady_clock::now();
  server_->Shutdown(std::chrono::milliseconds(5000));
  EXPECT_TRUE(ctx_.draining.load());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
  auto res = answer.get();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_FALSE(res.keep_alive());  // draining: the client is sent away
  // No longer accepting.
  EXPECT_THROW(Client{port}, boost::system::system_error);
  server_.reset();
}

}  // namespace
}  // namespace dl::server
