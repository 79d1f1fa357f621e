// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/server.h"

#include <csignal>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "server/context.h"
#include "server/event_ingestor.h"
#include "server/http_server.h"
#include "server/rate_limiter.h"
#include "server/routes.h"
#include "server/store_authenticator.h"

namespace dl::server {

Status ParseListen(const std::string& listen, std::string* address, uint16_t* port) {
  Status bad = InvalidArgument("--listen '" + listen +
                               "': expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return bad;
  std::string host = listen.substr(0, colon);
  std::string port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return bad;  // an IPv6 address needs brackets
  }
  if (host == "localhost") host = "127.0.0.1";
  if (host.empty() || port_text.size() > 5) return bad;
  uint32_t value = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') return bad;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value > 65535) return bad;
  *address = host;
  *port = static_cast<uint16_t>(value);
  return Status::Ok();
}

Status RunServer(const ServerOptions& options) {
  HttpServerOptions http_options;
  RETURN_IF_ERROR(ParseListen(options.listen, &http_options.address, &http_options.port));
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return InvalidArgument(options.tls_cert.empty()
                               ? "--tls-key given without --tls-cert: HTTPS needs both"
                               : "--tls-cert given without --tls-key: HTTPS needs both");
  }
  if (options.threads < 1 || options.threads > 256) {
    return InvalidArgument("--threads must be between 1 and 256");
  }
  http_options.threads = options.threads;
  if (options.max_connections < 1) return InvalidArgument("--max-connections must be at least 1");
  http_options.max_connections = options.max_connections;
  http_options.tls_cert = options.tls_cert;
  http_options.tls_key = options.tls_key;

  // Two store threads: this executor's for the API, console and portal, and the EventIngestor's
  // own for collection's group commits (src/server/event_ingestor.h), so neither queues behind
  // the other.
  ASSIGN_OR_RETURN(std::unique_ptr<StoreExecutor> work,
                   StoreExecutor::Open(options.db_path, "work"));

  Metrics metrics;
  metrics.Describe("daylight_executor_pending_jobs", "gauge",
                   "Jobs waiting for a store executor's thread");
  metrics.AddCollector([wk = work.get()](Metrics& m) {
    m.Set("daylight_executor_pending_jobs", "executor=\"work\"",
          static_cast<double>(wk->Pending()));
  });

  ServerContext ctx;
  ctx.db_path = options.db_path;
  ctx.work = work.get();
  ctx.metrics = &metrics;
  ctx.tls = !options.tls_cert.empty();

  Router router;
  RegisterOpsRoutes(router, ctx);
  if (options.trivial_route) {
    auto ok = [](const Request&) { return Response::Text(200, "OK"); };
    router.AddSync("GET", "/bench/ok", ok);
    router.AddSync("POST", "/bench/ok", ok);
  }

  // Authentication (every route module needs it), event ingestion, then the route modules.
  // These objects are destroyed when RunServer returns, after the shutdown sequence below has
  // flushed the ingestor and run the executor's queue.
  ASSIGN_OR_RETURN(std::unique_ptr<StoreAuthenticator> auth,
                   StoreAuthenticator::Open(options.db_path));
  ctx.auth = auth.get();
  ASSIGN_OR_RETURN(std::unique_ptr<EventIngestor> ingestor,
                   EventIngestor::Open(options.db_path, &metrics));
  ctx.ingestor = ingestor.get();
  RateLimiter collect_limiter(RateLimit{
      options.rate_limit, options.rate_burst > 0 ? options.rate_burst : 2 * options.rate_limit});
  ctx.collect_limiter = &collect_limiter;
  RegisterCollectionRoutes(router, ctx);
  RegisterApiRoutes(router, ctx);
  RegisterPortalRoutes(router, ctx);  // sets ctx.outbox, which the console's rights page reads
  RegisterConsoleRoutes(router, ctx);

  // Signals are caught before listening, so a SIGTERM right after the "serving on" line is a
  // graceful shutdown, not the default kill.
  boost::asio::io_context signal_io(1);
  boost::asio::signal_set signals(signal_io, SIGINT, SIGTERM);
  std::signal(SIGPIPE, SIG_IGN);  // a closed stderr pipe must not kill the server

  HttpServer http(router, ctx, http_options);
  RETURN_IF_ERROR(http.Start());
  std::string host = http_options.address.find(':') != std::string::npos
                         ? "[" + http_options.address + "]"
                         : http_options.address;
  std::string url = (ctx.tls ? "https://" : "http://") + host + ":" + std::to_string(http.port());
  Log("info", "listening",
      {{"url", url},
       {"threads", std::to_string(options.threads)},
       {"tls", ctx.tls ? "on" : "off"}});
  FlushLog();
  if (options.on_listening) options.on_listening(url);

  int signal_number = 0;
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (!ec) signal_number = signo;
  });
  signal_io.run();

  // Shutdown: stop accepting and answer what is in flight; then let the executors run what is
  // queued (late answers go to closed connections); the transport goes last, since a late
  // Responder posts onto its io_contexts.
  Log("info", "shutting down", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  http.Shutdown(options.shutdown_grace);
  ingestor->Close();  // commits and answers everything queued, then indexes what waits
  work.reset();
  Log("info", "stopped");
  FlushLog();
  return Status::Ok();
}

}  // namespace dl::server
