// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight serve`: the HTTP server (src/server/server.h, docs/server.md).
#include <cstdio>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "server/server.h"

namespace dl::cli {

void RegisterServeCommand(CLI::App& app) {
  auto o = std::make_shared<server::ServerOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the store over HTTP: event collection for Segment-compatible libraries (/v1/*), the\n"
      "REST API (/api/...), the console for teams, the privacy portal (/privacy), and /healthz\n"
      "and /metrics for operations. Runs until SIGINT (Ctrl-C) or SIGTERM, then stops accepting,\n"
      "answers the requests in flight (up to 10 s) and exits 0.\n"
      "Once listening it prints one line on stderr that scripts can wait for:\n"
      "  daylight: serving on http://127.0.0.1:8080\n"
      "Logs (logfmt on stderr) name the route pattern, never the path, query or body.\n\n"
      "Examples:\n"
      "  daylight serve\n"
      "  daylight serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem\n"
      "  daylight serve --listen 127.0.0.1:0     # any free port; the line above tells which\n"
      "See docs/server.md.");
  AddDbOption(cmd);
  cmd->add_option("--listen", o->listen,
                  "Address and port to listen on: 127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080 "
                  "(every interface); port 0 picks a free port")
      ->default_val("127.0.0.1:8080");
  cmd->add_option("--tls-cert", o->tls_cert,
                  "PEM certificate (chain) for HTTPS; needs --tls-key. Session cookies are then "
                  "marked Secure")
      ->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", o->tls_key, "PEM private key of --tls-cert; keep it mode 0600")
      ->check(CLI::ExistingFile);
  cmd->add_option("--threads", o->threads,
                  "I/O threads that parse requests and write responses (the store work runs on "
                  "two store threads of its own)")
      ->default_val(2)
      ->check(CLI::Range(1, 256));
  cmd->add_option("--max-connections", o->max_connections,
                  "Open client connections at most; one beyond it is closed at once (keep it "
                  "below the process's file-descriptor limit, `ulimit -n`)")
      ->default_val(10000)
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  cmd->add_option("--rate-limit", o->rate_limit,
                  "Requests per second each write key may send to /v1/* before it gets 429 "
                  "with Retry-After; 0 turns the limit off")
      ->default_val(2000)
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--rate-burst", o->rate_burst,
                  "Requests a write key may send at once above --rate-limit (default: twice it)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--bench-trivial-route", o->trivial_route,
                "Benchmarking aid: also answer GET and POST /bench/ok with 200 \"OK\", the "
                "baseline that bench/ compares endpoints against on the same stack");
  cmd->callback([o] {
    if (o->tls_cert.empty() != o->tls_key.empty()) {
      return Fail(InvalidArgument(o->tls_cert.empty()
                                      ? "--tls-key given without --tls-cert: HTTPS needs both"
                                      : "--tls-cert given without --tls-key: HTTPS needs both"));
    }
    o->db_path = DbPath();
    o->on_listening = [](const std::string& url) {
      std::fprintf(stderr, "daylight: serving on %s\n", url.c_str());
      std::fflush(stderr);
    };
    Status s = server::RunServer(*o);
    if (!s.ok()) return Fail(s);
  });
}

}  // namespace dl::cli
