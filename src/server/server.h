// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight serve`: one process that opens the store, wires the route modules onto one Router
// and serves them over HTTP(S) until SIGINT or SIGTERM, then shuts down gracefully.
#ifndef DAYLIGHT_SERVER_SERVER_H_
#define DAYLIGHT_SERVER_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "daylight/status.h"

namespace dl::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT, [IPv6]:PORT; port 0 picks a free one
  std::string tls_cert, tls_key;          // PEM files: both for HTTPS, neither for HTTP
  int threads = 2;                        // I/O threads
  size_t max_connections = 10000;         // open client connections at most (HttpServerOptions)
  std::string db_path;                    // an existing store (`daylight init`)
  // Registers GET and POST /bench/ok answering 200 "OK" synchronously: the baseline that
  // benchmarks compare real endpoints against on the same stack. Not for production.
  bool trivial_route = false;
  // Per write key on /v1/* (src/server/rate_limiter.h): requests per second (0: no limit) and
  // the bucket size (0: twice the rate).
  double rate_limit = 2000;
  double rate_burst = 0;
  // How long a shutdown waits for requests being handled before closing connections.
  std::chrono::milliseconds shutdown_grace{10000};
  // Called once the socket listens, with the base URL ("http://127.0.0.1:8080").
  std::function<void(const std::string& url)> on_listening;
};

// Splits "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", "localhost:8080"); InvalidArgument
// naming --listen otherwise.
Status ParseListen(const std::string& listen, std::string* address, uint16_t* port);

// Runs the server until SIGINT or SIGTERM; OK after a graceful shutdown. Fails before serving
// when the store cannot be opened, the TLS files are unusable or the address cannot be bound.
Status RunServer(const ServerOptions& options);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_SERVER_H_
