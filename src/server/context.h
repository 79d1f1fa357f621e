// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// What every route module of the server shares (src/server/server.cc wires it):
//  * StoreExecutor — a thread that owns one Store (a Store is single-threaded) and runs jobs on
//    it in order. The server has two: `events` for collection (group commit, so acknowledged
//    events are durable) and `work` for everything else (API, console, portal). SQLite's WAL
//    lets them run side by side; writers are serialised by SQLite itself.
//  * Metrics — counters and histograms rendered at /metrics in the Prometheus text format.
//  * Authenticator — write keys, API keys with scopes, console sessions (src/server/auth.h).
//  * Log — structured (logfmt) lines on stderr. Never personal data: no identifiers, no trait
//    values, no request bodies; keys appear by id, users by name.
#ifndef DAYLIGHT_SERVER_CONTEXT_H_
#define DAYLIGHT_SERVER_CONTEXT_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "daylight/status.h"
#include "daylight/store.h"

namespace dl {
class Verifier;        // include/daylight/verification.h (privacy portal requester verification)
class OutboxDelivery;  // include/daylight/verification.h (the demo's code delivery)
}  // namespace dl

namespace dl::server {

class StoreExecutor {
 public:
  // Opens the store at db_path on a new thread. The store must exist.
  static StatusOr<std::unique_ptr<StoreExecutor>> Open(const std::string& db_path,
                                                       std::string name);
  ~StoreExecutor();  // runs the queued jobs, then stops the thread
  StoreExecutor(const StoreExecutor&) = delete;
  StoreExecutor& operator=(const StoreExecutor&) = delete;

  // Runs job(store) on the executor's thread, after every job posted before it.
  void Post(std::function<void(Store&)> job);
  // Jobs waiting (for /metrics and back-pressure).
  size_t Pending() const;

 private:
  StoreExecutor() = default;
  void Loop();
  std::unique_ptr<Store> store_;
  std::string name_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void(Store&)>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

// Prometheus text exposition (version 0.0.4). Counter and histogram names are fixed at
// registration; label values must not be personal data.
class Metrics {
 public:
  // Adds `delta` to counter `name` with the given label set ("route=\"/v1/track\",code=\"200\"").
  void Add(std::string_view name, std::string_view labels, double delta = 1);
  // Records one observation (seconds) in histogram `name`.
  void Observe(std::string_view name, std::string_view labels, double seconds);
  // Sets a gauge.
  void Set(std::string_view name, std::string_view labels, double value);
  // HELP text for a metric name (once).
  void Describe(std::string_view name, std::string_view type, std::string_view help);
  // Registers a function that refreshes gauges (queue lengths, open connections, uptime)
  // just before a scrape; /metrics calls RunCollectors() and then Render().
  void AddCollector(std::function<void(Metrics&)> collector);
  void RunCollectors();
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative counts at render time
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> help_;  // type, text
  std::map<std::string, double, std::less<>> values_;     // "name{labels}" -> value
  std::map<std::string, Histogram, std::less<>> histos_;  // "name{labels}" -> histogram
  std::mutex collectors_mu_;
  std::vector<std::function<void(Metrics&)>> collectors_;
};

// logfmt to stderr: Log("info", "request", {{"route","/v1/track"},{"status","200"}}).
// Lines are buffered and written by a background thread (at least every 50 ms), so a slow
// stderr never stalls an I/O thread; "error" lines are written at once.
void Log(std::string_view level, std::string_view message,
         const std::vector<std::pair<std::string, std::string>>& fields = {});
// Writes every buffered log line now (at shutdown, before exit).
void FlushLog();

class Authenticator;  // src/server/auth.h
class EventIngestor;  // src/server/event_ingestor.h
class RateLimiter;    // src/server/rate_limiter.h

struct ServerContext {
  std::string db_path;
  StoreExecutor* work = nullptr;  // API, console, portal
  Metrics* metrics = nullptr;
  Authenticator* auth = nullptr;
  EventIngestor* ingestor = nullptr;
  // Privacy portal (src/server/portal_routes.cc): who verifies requesters, and the demo's code
  // outbox that the console shows (null when codes go out by a real e-mail/SMS delivery). When
  // `verifier` is null, RegisterPortalRoutes creates an outbox and a one-time-code verifier of
  // its own and sets both.
  Verifier* verifier = nullptr;
  OutboxDelivery* outbox = nullptr;
  RateLimiter* collect_limiter = nullptr;  // per write key on /v1/*; null: no limit
  bool tls = false;  // cookies get Secure
  std::atomic<bool> draining{false};  // set on shutdown: /healthz answers 503
};

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONTEXT_H_
