// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The HTTP/1.1 transport: Boost.Beast over Asio, optionally TLS. It turns bytes into Requests,
// hands them to the Router, and writes each Response when its Responder is called — from any
// thread, e.g. a StoreExecutor's. Route modules never see it (they see src/server/http.h).
//
// Threading: N I/O threads, each running its own io_context; a connection lives on one of them
// for its whole life, so a connection's reads and writes never need a lock. A Responder called
// on another thread posts the write back onto the connection's thread.
//
// What the transport adds to every request (the "middleware", so no route module can forget
// it): per-route request counters and latency histograms in Metrics, one access-log line with
// method, route PATTERN, status and duration (never the path, query, headers or body: paths
// may hold identifiers), and the security headers (nosniff, no-referrer, DENY framing,
// Cache-Control: no-store, and a Content-Security-Policy for HTML) unless the handler set them.
#ifndef DAYLIGHT_SERVER_HTTP_SERVER_H_
#define DAYLIGHT_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "daylight/status.h"

#include "server/context.h"
#include "server/http.h"

namespace dl::server {

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // an IP address (v4 or v6), not a host name
  uint16_t port = 8080;               // 0: any free port (see HttpServer::port())
  int threads = 2;                    // I/O threads
  size_t body_limit = 1 << 20;        // larger request bodies get 413 too_large
  // Open client connections at most; a connection beyond it is closed at once (counted in
  // daylight_http_refused_connections_total), so a flood of idle sockets cannot exhaust memory
  // or file descriptors.
  size_t max_connections = 10000;
  // A request's headers (and an idle keep-alive connection's next request) must arrive within
  // this; slow or silent clients are disconnected.
  std::chrono::milliseconds header_timeout{10000};
  // The body, once the headers are in, and each response write.
  std::chrono::milliseconds io_timeout{30000};
  std::string tls_cert, tls_key;  // PEM files; both or neither
};

class HttpServer {
 public:
  // `router` and `ctx` must outlive the server.
  HttpServer(const Router& router, ServerContext& ctx, HttpServerOptions options);
  // Stops the I/O threads if still running. Destroy the server only after every StoreExecutor
  // whose queued jobs may still hold a Responder: a late Responder posts onto the server's
  // (stopped) io_contexts, which must still exist.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads the TLS certificate and key (InvalidArgument when unusable), binds and listens
  // (IOError, e.g. the address is in use), and starts the I/O threads.
  Status Start();
  // The bound port (after Start).
  uint16_t port() const;
  // Graceful shutdown: stops accepting, sets ctx.draining (so /healthz answers 503 and
  // responses say Connection: close), waits up to `grace` for requests already being handled to
  // be answered, then closes every connection and joins the I/O threads.
  void Shutdown(std::chrono::milliseconds grace);

  size_t InFlight() const;     // requests dispatched and not yet written
  size_t Connections() const;  // open connections

  class Impl;  // src/server/http_server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_HTTP_SERVER_H_
