// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Operations endpoints: /healthz for load balancers and orchestrators, /metrics for Prometheus.
// Neither needs a key and neither says anything about people.
#include <chrono>
#include <ctime>
#include <memory>

#include "server/routes.h"

namespace dl::server {

void RegisterOpsRoutes(Router& router, ServerContext& ctx) {
  // Healthy means: not shutting down, and the store answers a read on the executor that serves
  // the API (so a wedged or vanished store shows here, and a long queue shows as slowness).
  router.Add("GET", "/healthz", [&ctx](const Request&, Responder respond) {
    if (ctx.draining.load()) {
      respond(Response::Json(503, R"({"status":"draining"})"));
      return;
    }
    if (ctx.work == nullptr) {
      respond(Response::Json(200, R"({"status":"ok"})"));
      return;
    }
    ctx.work->Post([respond = std::move(respond)](Store& store) {
      auto last = store.storage().LastEntry();
      if (last.ok() || last.status().code() == StatusCode::kNotFound) {
        respond(Response::Json(200, R"({"status":"ok"})"));
        return;
      }
      // The detail goes to the log (it names no person); the answer stays generic.
      Log("error", "healthz: store read failed", {{"error", last.status().ToString()}});
      respond(Response::Json(
          503,
          R"({"status":"unavailable","error":{"code":"store_unavailable","message":"the store cannot be read"}})"));
    });
  });

  if (ctx.metrics != nullptr) {
    Metrics& m = *ctx.metrics;
    const auto started = std::chrono::steady_clock::now();
    const double start_time = static_cast<double>(std::time(nullptr));
    m.Describe("daylight_process_uptime_seconds", "gauge", "Seconds since the server started");
    m.Describe("daylight_process_start_time_seconds", "gauge",
               "Unix time at which the server started");
    m.AddCollector([started, start_time](Metrics& metrics) {
      metrics.Set(
          "daylight_process_uptime_seconds", "",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      metrics.Set("daylight_process_start_time_seconds", "", start_time);
    });
  }
  router.AddSync("GET", "/metrics", [&ctx](const Request&) {
    if (ctx.metrics == nullptr) return Response::Text(200, "");
    ctx.metrics->RunCollectors();
    Response r = Response::Text(200, ctx.metrics->Render());
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
  });
}

}  // namespace dl::server
