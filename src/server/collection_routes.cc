// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Segment-compatible collection (docs/collection.md): POST /v1/identify, /v1/track, /v1/page,
// /v1/screen, /v1/group, /v1/alias and /v1/batch (also /v1/import, Segment's other name for it,
// and analytics.js's short paths /v1/i, /v1/t, /v1/p, /v1/s, /v1/g, /v1/a and /v1/b).
//
// A request is answered in this order, so that cheap refusals come first and nothing about the
// body is revealed to a caller without a valid key:
//   503 while the server drains;
//   401 for a bad write key in the Authorization header (Basic user, empty password);
//   429 with Retry-After when that key's bucket is empty (checked before the body is parsed);
//   the body is parsed (on the I/O thread: simdjson, microseconds);
//   401 when there was no header and the body's writeKey is missing or not valid
//   (analytics.js sends the key in the body), then the rate limit for that key;
//   413 / 400 with {"error":{"code","message"}} naming the limit or the field, never a value;
//   the events go to the EventIngestor, and 200 {"success":true} is sent from its callback,
//   after the group commit made them durable; 503 with Retry-After when its queue is full;
//   500 if the store failed.
// Nothing from the body is logged; keys appear by id only.
#include <sodium.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "daylight/events.h"

#include "ingest/segment_event.h"
#include "server/auth.h"
#include "server/event_ingestor.h"
#include "server/rate_limiter.h"
#include "server/routes.h"
#include "util/time_util.h"

namespace dl::server {
namespace {

constexpr char kOk[] = R"({"success":true})";

std::string Base64(std::string_view s) {
  std::string out(sodium_base64_encoded_len(s.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Browsers send analytics.js's requests cross-origin; the answer carries no data, so any origin
// may read it.
Response Cors(Response r) {
  r.With("Access-Control-Allow-Origin", "*");
  return r;
}

class Collector {
 public:
  explicit Collector(ServerContext& ctx) : ctx_(ctx) {
    if (Metrics* m = ctx_.metrics) {
      m->Describe("daylight_collect_refused_requests_total", "counter",
                  "Collection requests refused before their events were queued, by reason");
      m->Describe("daylight_collect_received_events_total", "counter",
                  "Events in collection requests that passed validation and were queued");
    }
  }

  void Handle(std::optional<EventType> type, const Request& req, Responder respond) const {
    if (ctx_.draining.load()) {
      return Refuse(respond, "draining",
                    Response::Error(503, "draining", "the server is shutting down")
                        .With("Retry-After", "5"));
    }
    if (ctx_.auth == nullptr || ctx_.ingestor == nullptr) {
      return Refuse(respond, "unavailable",
                    Response::Error(503, "unavailable", "collection is not configured"));
    }
    std::optional<Principal> key;
    const bool has_header = !req.Header("authorization").empty();
    if (has_header) {
      key = ctx_.auth->WriteKey(req);
      if (!key) return Unauthorized(respond);
      if (!Admit(*key, respond)) return;
    }

    thread_local ingest::SegmentParser parser;
    thread_local ingest::SegmentParseResult parsed;
    ingest::SegmentRequestInfo info;
    info.endpoint_type = type;
    info.received_us = NowMicros();
    info.gpc_header = req.Header("sec-gpc") == "1";
    Status status = parser.Parse(req.body, info, &parsed);

    if (!has_header) {
      if (parsed.write_key.empty()) return Unauthorized(respond);
      Request as_basic;
      as_basic.method = req.method;
      as_basic.path = req.path;
      as_basic.remote = req.remote;
      as_basic.tls = req.tls;
      as_basic.headers.emplace("authorization", "Basic " + Base64(parsed.write_key + ":"));
      key = ctx_.auth->WriteKey(as_basic);
      if (!key) return Unauthorized(respond);
      if (!Admit(*key, respond)) return;
    }

    if (!status.ok()) {
      if (parsed.too_large) {
        return Refuse(respond, "too_large", Response::Error(413, "too_large", status.message()));
      }
      return Refuse(respond, "invalid", Response::Error(400, "invalid", status.message()));
    }
    if (parsed.events.empty()) return respond(Cors(Response::Json(200, kOk)));

    CollectOptions options;
    options.source = key->source;
    options.collected_for = key->collected_for;
    options.actor = key->Actor();
    const size_t n = parsed.events.size();
    std::vector<CollectedEvent> events = std::move(parsed.events);
    parsed.events.clear();
    auto done = [respond](const Status& s, const CollectReport&) {
      if (s.ok()) return respond(Cors(Response::Json(200, kOk)));
      // The ingestor logged the store's error; the client gets a generic one and retries.
      respond(Cors(Response::Error(500, "store_error", "the events could not be stored")));
    };
    switch (ctx_.ingestor->Submit(std::move(events), std::move(options), std::move(done))) {
      case EventIngestor::SubmitResult::kQueued:
        if (ctx_.metrics) {
          ctx_.metrics->Add("daylight_collect_received_events_total", "", static_cast<double>(n));
        }
        return;
      case EventIngestor::SubmitResult::kFull:
        return Refuse(respond, "overloaded",
                      Response::Error(503, "overloaded", "too many events waiting to be stored")
                          .With("Retry-After", "1"));
      case EventIngestor::SubmitResult::kClosed:
        return Refuse(respond, "draining",
                      Response::Error(503, "draining", "the server is shutting down")
                          .With("Retry-After", "5"));
    }
  }

 private:
  void Refuse(const Responder& respond, std::string_view reason, Response r) const {
    if (ctx_.metrics) {
      ctx_.metrics->Add("daylight_collect_refused_requests_total",
                        "reason=\"" + std::string(reason) + "\"");
    }
    respond(Cors(std::move(r)));
  }

  void Unauthorized(const Responder& respond) const {
    Refuse(respond, "unauthorized",
           Response::Error(401, "unauthorized",
                           "a valid write key is required as the HTTP Basic user")
               .With("WWW-Authenticate", "Basic realm=\"daylight\""));
  }

  // False (and answered 429) when the key's bucket is empty.
  bool Admit(const Principal& key, const Responder& respond) const {
    if (ctx_.collect_limiter == nullptr) return true;
    const uint32_t wait = ctx_.collect_limiter->Acquire(key.id);
    if (wait == 0) return true;
    Refuse(respond, "rate_limited",
           Response::Error(429, "rate_limited", "the write key's request rate limit is exceeded")
               .With("Retry-After", std::to_string(wait)));
    return false;
  }

  ServerContext& ctx_;
};

}  // namespace

void RegisterCollectionRoutes(Router& router, ServerContext& ctx) {
  auto collector = std::make_shared<Collector>(ctx);
  struct Path {
    const char* path;
    std::optional<EventType> type;  // nullopt: a batch
  };
  const Path kPaths[] = {
      {"/v1/identify", EventType::kIdentify}, {"/v1/track", EventType::kTrack},
      {"/v1/page", EventType::kPage},         {"/v1/screen", EventType::kScreen},
      {"/v1/group", EventType::kGroup},       {"/v1/alias", EventType::kAlias},
      {"/v1/batch", std::nullopt},            {"/v1/import", std::nullopt},
      {"/v1/i", EventType::kIdentify},        {"/v1/t", EventType::kTrack},
      {"/v1/p", EventType::kPage},            {"/v1/s", EventType::kScreen},
      {"/v1/g", EventType::kGroup},           {"/v1/a", EventType::kAlias},
      {"/v1/b", std::nullopt},
  };
  for (const Path& p : kPaths) {
    router.Add("POST", p.path, [collector, type = p.type](const Request& req, Responder respond) {
      collector->Handle(type, req, std::move(respond));
    });
    // CORS preflight (a browser sending Content-Type: application/json or Authorization).
    router.AddSync("OPTIONS", p.path, [](const Request&) {
      Response r = Response::Text(204, "");
      r.With("Access-Control-Allow-Origin", "*");
      r.With("Access-Control-Allow-Methods", "POST");
      r.With("Access-Control-Allow-Headers", "Content-Type, Authorization");
      r.With("Access-Control-Max-Age", "86400");
      return r;
    });
  }
}

}  // namespace dl::server
