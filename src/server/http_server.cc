// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Boost.Beast transport. Hot-path notes (the baseline for /v1/track's 20k requests/s):
//  * one io_context per I/O thread with concurrency hint 1: no strands, no locks in Asio;
//  * a handler that answers synchronously is written directly, without a post;
//  * the Request object lives in the connection and is reused, so a keep-alive connection's
//    strings keep their capacity;
//  * metric series keys and label strings are built in per-thread buffers; the access log is
//    buffered (src/server/context.cc).
#include "server/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <ctime>
#include <exception>
#include <future>
#include <iterator>
#include <limits>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

namespace dl::server {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;
// Concrete executor types (not any_io_executor): cheaper posts, and running_in_this_thread().
using Executor = net::io_context::executor_type;
using Socket = tcp::socket::rebind_executor<Executor>::other;
using TcpStream = beast::basic_stream<tcp, Executor, beast::unlimited_rate_policy>;

namespace {

constexpr std::string_view kRequests = "daylight_http_requests_total";
constexpr std::string_view kDuration = "daylight_http_request_duration_seconds";
constexpr size_t kHeaderLimit = size_t{16} * 1024;
// After an error that leaves a request body unread (413), read and discard this much at most
// (bounded by kLingerTime) before closing, so the client sees the response instead of a reset.
constexpr size_t kLingerBytes = 8 << 20;
constexpr std::chrono::seconds kLingerTime{2};

// Method as a metrics label: a fixed set, so a client cannot create unbounded series.
const char* MethodLabel(std::string_view m) {
  static constexpr const char* kKnown[] = {"GET",    "POST", "PUT",    "PATCH",
                                           "DELETE", "HEAD", "OPTIONS"};
  for (const char* k : kKnown) {
    if (m == k) return k;
  }
  return "other";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The IMF-fixdate for the Date header, formatted once per second per thread.
std::string_view HttpDate() {
  thread_local time_t cached_sec = -1;
  thread_local char cached[40];
  time_t now = std::time(nullptr);
  if (now != cached_sec) {
    tm t{};
    gmtime_r(&now, &t);
    strftime(cached, sizeof(cached), "%a, %d %b %Y %H:%M:%S GMT", &t);
    cached_sec = now;
  }
  return cached;
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(const Router& router, ServerContext& ctx, HttpServerOptions options)
      : router_(router), ctx_(ctx), options_(std::move(options)) {}

  ~Impl() {
    Stop();
    // Connections still parked in their io_context (idle keep-alive, or waiting for a Responder
    // that a stopped executor dropped) are destroyed with it, while the counters they touch are
    // still alive.
    acceptor_.reset();
    iocs_.clear();
  }

  Status Start();
  void Shutdown(std::chrono::milliseconds grace);
  void Stop();
  uint16_t port() const { return port_; }

  // The middleware, run on whichever thread calls the Responder: metrics and the access log.
  void Record(std::string_view pattern, const char* method, int status, Clock::time_point start) {
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (ctx_.metrics != nullptr) {
      thread_local std::string labels;
      labels.assign("route=\"").append(pattern).append("\",method=\"").append(method);
      size_t method_end = labels.size();
      fmt::format_to(std::back_inserter(labels), "\",code=\"{}\"", status);
      ctx_.metrics->Add(kRequests, labels);
      labels.resize(method_end);
      labels.push_back('"');
      ctx_.metrics->Observe(kDuration, labels, seconds);
    }
    Log("info", "request",
        {{"method", method},
         {"route", std::string(pattern)},
         {"status", std::to_string(status)},
         {"duration_ms", fmt::format("{:.3f}", seconds * 1000)}});
  }

  const Router& router_;
  ServerContext& ctx_;
  const HttpServerOptions options_;
  std::atomic<size_t> in_flight_{0};
  std::atomic<size_t> connections_{0};
  std::atomic<uint64_t> refused_connections_{0};

 private:
  template <bool kTls>
  friend class Session;
  void DoAccept();

  uint16_t port_ = 0;
  std::optional<ssl::context> ssl_ctx_;
  std::vector<std::unique_ptr<net::io_context>> iocs_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards_;
  std::optional<tcp::acceptor> acceptor_;
  std::vector<std::thread> threads_;
  size_t next_ioc_ = 0;  // used on the acceptor's thread only
};

// One connection. Reads a request, dispatches it, and reads the next one only after the
// response is written (HTTP/1.1 without concurrent pipelining), so the Request member stays
// valid until the Responder is called.
template <bool kTls>
class Session : public std::enable_shared_from_this<Session<kTls>> {
 public:
  using Stream = std::conditional_t<kTls, beast::ssl_stream<TcpStream>, TcpStream>;

  template <typename... StreamArgs>
  Session(HttpServer::Impl& server, Socket&& socket, StreamArgs&&... args)
      : server_(server), stream_(std::move(socket), std::forward<StreamArgs>(args)...) {
    ++server_.connections_;
    beast::error_code ec;
    auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) request_.remote = ep.address().to_string();
    request_.tls = kTls;
  }

  ~Session() {
    // A Responder dropped without being called (a bug in a handler, or an executor stopped
    // at shutdown) must not keep the shutdown waiting.
    if (in_flight_) --server_.in_flight_;
    --server_.connections_;
  }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Lowest().expires_after(self->server_.options_.header_timeout);
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) return;  // not a TLS client, or gone
          self->DoRead();
        });
      } else {
        self->DoRead();
      }
    });
  }

 private:
  TcpStream& Lowest() { return beast::get_lowest_layer(stream_); }

  void DoRead() {
    parser_.emplace();
    // No limit while the headers are read: OnHeader sets this request's own limit and refuses
    // a larger Content-Length before any of the body is read.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    body_limit_ = server_.options_.body_limit;
    head_ = false;
    parser_->header_limit(kHeaderLimit);
    Lowest().expires_after(server_.options_.header_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    ReadHead();
    if (parser_->is_done()) return OnRequest();
    body_limit_ = server_.router_.BodyLimitFor(request_, server_.options_.body_limit);
    if (auto length = parser_->content_length(); length.has_value() && *length > body_limit_) {
      return TooLarge();
    }
    parser_->body_limit(body_limit_);  // a chunked body is checked as it arrives
    Lowest().expires_after(server_.options_.io_timeout);
    auto read_body = [self = this->shared_from_this()] {
      http::async_read(self->stream_, self->buffer_, *self->parser_,
                       [self](beast::error_code ec, size_t) {
                         if (ec) return self->OnReadError(ec);
                         self->OnRequest();
                       });
    };
    auto expect = parser_->get().find(http::field::expect);
    if (expect != parser_->get().end() &&
        EqualsIgnoreCase(std::string_view(expect->value().data(), expect->value().size()),
                         "100-continue")) {
      // curl and others wait for this before sending a large body.
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = this->shared_from_this(), read_body](beast::error_code ec, size_t) {
                         if (ec) return self->Close(false);
                         read_body();
                       });
      return;
    }
    read_body();
  }

  void OnReadError(beast::error_code ec) {
    static const auto& kHttpCategory = http::make_error_code(http::error::bad_target).category();
    if (ec == http::error::body_limit) return TooLarge();
    if (ec == http::error::header_limit) {
      StartRequest();
      return Answer(
          Response::Error(431, "headers_too_large",
                          fmt::format("request headers are larger than {} bytes", kHeaderLimit)),
          true);
    }
    if (ec.category() == kHttpCategory && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      StartRequest();
      return Answer(Response::Error(400, "bad_request", "malformed HTTP request"), true);
    }
    // The client closed the connection, went silent (timeout), or the socket failed.
    Close(false);
  }

  void TooLarge() {
    StartRequest();
    Answer(Response::Error(
               413, "too_large",
               fmt::format("request body is larger than the limit of {} bytes", body_limit_)),
           /*linger=*/true);
  }

  // Bookkeeping shared by dispatched requests and transport errors.
  void StartRequest() {
    start_ = Clock::now();
    responded_.store(false, std::memory_order_relaxed);
    in_flight_ = true;
    ++server_.in_flight_;
  }

  // Answers a request the transport rejected itself, then closes the connection.
  void Answer(Response response, bool linger) {
    close_after_ = true;
    linger_ = linger;
    pattern_ = "unmatched";
    method_ = "other";
    Respond(std::move(response));
  }

  // The request's method, target and headers, once they are in (the body is not yet read).
  void ReadHead() {
    auto& msg = parser_->get();
    Request& r = request_;
    r.method.assign(msg.method_string().data(), msg.method_string().size());
    std::string_view target(msg.target().data(), msg.target().size());
    size_t q = target.find('?');
    r.path.assign(target.substr(0, q));
    if (q == std::string_view::npos) {
      r.query.clear();
    } else {
      r.query.assign(target.substr(q + 1));
    }
    r.headers.clear();
    for (const auto& field : msg) {
      std::string name(field.name_string().data(), field.name_string().size());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string_view value(field.value().data(), field.value().size());
      auto [it, inserted] = r.headers.try_emplace(std::move(name), value);
      if (!inserted) {
        // A repeated header is one comma-separated list (RFC 9110 5.3); cookies use "; ".
        it->second.append(it->first == "cookie" ? "; " : ", ").append(value);
      }
    }
    r.body.clear();
  }

  void OnRequest() {
    auto& msg = parser_->get();
    Request& r = request_;
    r.body = std::move(msg.body());
    // HEAD is GET without the body (RFC 9110 9.3.2): the GET route answers, Write drops the body.
    head_ = r.method == "HEAD";
    if (head_) r.method = "GET";
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    close_after_ = false;
    linger_ = false;
    pattern_ = server_.router_.PatternFor(r);
    method_ = head_ ? "HEAD" : MethodLabel(r.method);
    StartRequest();
    try {
      server_.router_.Dispatch(r, [self = this->shared_from_this()](Response response) {
        self->Respond(std::move(response));
      });
    } catch (const std::exception& e) {
      // A handler bug must not take the process down; answer if it did not.
      Log("error", "handler threw", {{"route", std::string(pattern_)}, {"what", e.what()}});
      Respond(Response::Error(500, "internal", "internal error"));
    } catch (...) {
      Log("error", "handler threw", {{"route", std::string(pattern_)}});
      Respond(Response::Error(500, "internal", "internal error"));
    }
  }

  // The Responder: any thread, exactly once (a second call is logged and ignored).
  void Respond(Response response) {
    if (responded_.exchange(true, std::memory_order_acq_rel)) {
      Log("error", "responder called twice", {{"route", std::string(pattern_)}});
      return;
    }
    server_.Record(pattern_, method_, response.status, start_);
    auto ex = stream_.get_executor();
    if (ex.running_in_this_thread()) {
      Write(std::move(response));
    } else {
      net::post(ex, [self = this->shared_from_this(), response = std::move(response)]() mutable {
        self->Write(std::move(response));
      });
    }
  }

  void Write(Response r) {
    const bool keep =
        keep_alive_ && !close_after_ && !server_.ctx_.draining.load(std::memory_order_relaxed);
    res_.emplace(static_cast<http::status>(r.status), version_ == 10 ? 10 : 11);
    auto& res = *res_;
    bool has_csp = false, has_cache = false, has_frame = false, has_referrer = false;
    for (auto& [name, value] : r.headers) {
      has_csp |= EqualsIgnoreCase(name, "content-security-policy");
      has_cache |= EqualsIgnoreCase(name, "cache-control");
      has_frame |= EqualsIgnoreCase(name, "x-frame-options");
      has_referrer |= EqualsIgnoreCase(name, "referrer-policy");
      res.insert(name, value);  // insert, not set: Set-Cookie may repeat
    }
    res.set(http::field::date, beast::string_view(HttpDate().data(), HttpDate().size()));
    res.set(http::field::content_type, r.content_type);
    res.set("X-Content-Type-Options", "nosniff");
    if (!has_referrer) res.set("Referrer-Policy", "no-referrer");
    if (!has_frame) res.set(http::field::x_frame_options, "DENY");
    // Responses may hold personal data: no shared or browser cache keeps them unless a handler
    // (static assets) says otherwise.
    if (!has_cache) res.set(http::field::cache_control, "no-store");
    if (!has_csp && r.content_type.rfind("text/html", 0) == 0) {
      res.set("Content-Security-Policy", "default-src 'self'");
    }
    if constexpr (kTls) {
      res.set(http::field::strict_transport_security, "max-age=31536000");
    }
    res.keep_alive(keep);
    res.body() = std::move(r.body);
    res.prepare_payload();
    if (head_) {
      // The GET answer's headers, Content-Length included, without its body.
      const size_t length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    Lowest().expires_after(server_.options_.io_timeout);
    http::async_write(
        stream_, res,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    bool keep = res_->keep_alive();
    res_.reset();
    if (in_flight_) {
      in_flight_ = false;
      --server_.in_flight_;
    }
    if (ec) return Close(false);
    if (!keep) return Close(linger_);
    DoRead();
  }

  // Closes politely: TLS close_notify, or a TCP half-close; with `linger`, first reads and
  // discards what the client is still sending (an unread body), so it sees our answer rather
  // than a reset.
  void Close(bool linger) {
    if constexpr (kTls) {
      (void)linger;
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      if (linger) {
        Lowest().expires_after(kLingerTime);
        Drain(0);
      }
    }
  }

  void Drain(size_t so_far) {
    Lowest().async_read_some(net::buffer(discard_), [self = this->shared_from_this(), so_far](
                                                        beast::error_code ec, size_t n) {
      if (ec || so_far + n >= kLingerBytes) return;
      self->Drain(so_far + n);
    });
  }

  HttpServer::Impl& server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> res_;
  Request request_;
  size_t body_limit_ = 0;                   // the current request's (Router::BodyLimitFor)
  std::string_view pattern_ = "unmatched";  // points into the Router, which outlives us
  const char* method_ = "other";
  Clock::time_point start_;
  std::atomic<bool> responded_{false};
  bool in_flight_ = false;
  bool keep_alive_ = false;
  bool head_ = false;  // the request is a HEAD: answer as GET, without the body
  bool close_after_ = false;
  bool linger_ = false;
  unsigned version_ = 11;
  std::array<char, 4096> discard_;
};

Status HttpServer::Impl::Start() {
  if (options_.tls_cert.empty() != options_.tls_key.empty()) {
    return InvalidArgument("TLS needs both a certificate (--tls-cert) and its key (--tls-key)");
  }
  if (!options_.tls_cert.empty()) {
    ssl_ctx_.emplace(ssl::context::tls_server);
    ssl_ctx_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                          ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                          ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    beast::error_code ec;
    ssl_ctx_->use_certificate_chain_file(options_.tls_cert, ec);
    if (ec) {
      return InvalidArgument("--tls-cert " + options_.tls_cert +
                             ": cannot load a PEM certificate: " + ec.message());
    }
    ssl_ctx_->use_private_key_file(options_.tls_key, ssl::context::pem, ec);
    if (ec) {
      return InvalidArgument("--tls-key " + options_.tls_key +
                             ": cannot load a PEM private key: " + ec.message());
    }
    if (SSL_CTX_check_private_key(ssl_ctx_->native_handle()) != 1) {
      return InvalidArgument("--tls-key " + options_.tls_key +
                             " does not belong to the certificate in --tls-cert");
    }
  }
  if (options_.threads < 1) return InvalidArgument("--threads must be at least 1");

  beast::error_code ec;
  auto address = net::ip::make_address(options_.address, ec);
  if (ec) return InvalidArgument("--listen: '" + options_.address + "' is not an IP address");
  for (int i = 0; i < options_.threads; ++i) {
    iocs_.push_back(std::make_unique<net::io_context>(1));
    guards_.push_back(net::make_work_guard(*iocs_.back()));
  }
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.emplace(*iocs_[0]);
  std::string where = fmt::format("{}:{}", options_.address, options_.port);
  if (acceptor_->open(endpoint.protocol(), ec); ec) {
    return IOError("cannot open a socket for " + where + ": " + ec.message());
  }
  (void)acceptor_->set_option(net::socket_base::reuse_address(true), ec);
  if (acceptor_->bind(endpoint, ec); ec) {
    return IOError("cannot listen on " + where + ": " + ec.message());
  }
  if (acceptor_->listen(net::socket_base::max_listen_connections, ec); ec) {
    return IOError("cannot listen on " + where + ": " + ec.message());
  }
  port_ = acceptor_->local_endpoint().port();

  if (ctx_.metrics != nullptr) {
    Metrics& m = *ctx_.metrics;
    m.Describe(kRequests, "counter", "HTTP requests answered, by route pattern, method and status");
    m.Describe(kDuration, "histogram",
               "Seconds from a request's arrival to its answer, by route pattern and method");
    m.Describe("daylight_http_in_flight_requests", "gauge", "Requests being handled");
    m.Describe("daylight_http_open_connections", "gauge", "Open client connections");
    m.Describe("daylight_http_refused_connections_total", "counter",
               "Connections closed at once because max_connections were open");
    m.AddCollector([this](Metrics& metrics) {
      metrics.Set("daylight_http_in_flight_requests", "", static_cast<double>(in_flight_.load()));
      metrics.Set("daylight_http_open_connections", "", static_cast<double>(connections_.load()));
      metrics.Set("daylight_http_refused_connections_total", "",
                  static_cast<double>(refused_connections_.load()));
    });
  }

  DoAccept();
  for (auto& ioc : iocs_) {
    threads_.emplace_back([io = ioc.get()] {
      // Handlers do not throw (errors are codes); a throwing handler is a bug in this file.
      io->run();
    });
  }
  return Status::Ok();
}

void HttpServer::Impl::DoAccept() {
  net::io_context& target = *iocs_[next_ioc_++ % iocs_.size()];
  acceptor_->async_accept(target, [this](beast::error_code ec, Socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_->is_open()) return;  // shutting down
    if (ec) {
      // Typically EMFILE: keep accepting; the log says why connections fail.
      Log("warn", "accept failed", {{"error", ec.message()}});
    } else if (connections_.load() >= options_.max_connections) {
      ++refused_connections_;
      socket.close(ec);  // at the limit: refuse at once, rather than hold a socket unanswered
    } else {
      socket.set_option(tcp::no_delay(true), ec);  // no Nagle delay on small keep-alive answers
      if (ssl_ctx_) {
        std::make_shared<Session<true>>(*this, std::move(socket), *ssl_ctx_)->Start();
      } else {
        std::make_shared<Session<false>>(*this, std::move(socket))->Start();
      }
    }
    DoAccept();
  });
}

void HttpServer::Impl::Shutdown(std::chrono::milliseconds grace) {
  if (acceptor_) {
    // The acceptor belongs to the first I/O thread; close it there.
    std::promise<void> closed;
    auto done = closed.get_future();
    net::post(*iocs_[0], [this, &closed] {
      beast::error_code ignored;
      acceptor_->close(ignored);
      closed.set_value();
    });
    done.wait_for(std::chrono::seconds(1));
  }
  ctx_.draining.store(true);
  auto deadline = Clock::now() + grace;
  // Requests already read are answered; a response's Connection: close sends its client away.
  while (in_flight_.load() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (in_flight_.load() > 0) {
    Log("warn", "shutdown: requests still in flight after the grace period",
        {{"in_flight", std::to_string(in_flight_.load())}});
  }
  Stop();
}

void HttpServer::Impl::Stop() {
  for (auto& g : guards_) g.reset();
  for (auto& ioc : iocs_) ioc->stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

HttpServer::HttpServer(const Router& router, ServerContext& ctx, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(router, ctx, std::move(options))) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Start() { return impl_->Start(); }
uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Shutdown(std::chrono::milliseconds grace) { impl_->Shutdown(grace); }
size_t HttpServer::InFlight() const { return impl_->in_flight_.load(); }
size_t HttpServer::Connections() const { return impl_->connections_.load(); }

}  // namespace dl::server
