// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Segment HTTP Tracking API bodies -> CollectedEvent (include/daylight/events.h). The mapping,
// validation rules and consent locations are documented in docs/collection.md.
//
// One call parses one request body: a single event (POST /v1/identify, /v1/track, ...; the type
// comes from the endpoint) or a batch (POST /v1/batch: {"batch":[...]} with optional top-level
// context, integrations and sentAt that apply to every event; each event names its own "type").
//
// Contract:
//  * Strict: the body must be valid UTF-8 JSON (simdjson DOM, which validates the whole
//    document); every event must pass validation or the whole request is refused, so a request
//    is stored entirely or not at all.
//  * Errors are InvalidArgument, naming the field and, in a batch, the index
//    ("batch[3]: userId or anonymousId is required"). They never quote a value: request bodies
//    are personal data. SegmentParseResult::too_large tells a size limit (HTTP 413) from every
//    other error (HTTP 400).
//  * Thread-compatible: a SegmentParser holds a reusable simdjson parser; use one per thread.
#ifndef DAYLIGHT_INGEST_SEGMENT_EVENT_H_
#define DAYLIGHT_INGEST_SEGMENT_EVENT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/events.h"
#include "daylight/status.h"

namespace dl::ingest {

// Segment's documented limits: 32 KB per event, 500 KB per batch request.
inline constexpr size_t kMaxSegmentEventBytes = size_t{32} * 1024;
inline constexpr size_t kMaxSegmentBatchBytes = size_t{500} * 1024;

// What the request carries besides its body.
struct SegmentRequestInfo {
  // The endpoint's type for /v1/<type>; nullopt for /v1/batch (each event names its type).
  std::optional<EventType> endpoint_type;
  int64_t received_us = 0;  // the server's clock when the request arrived
  bool gpc_header = false;  // the request had "Sec-GPC: 1"
  size_t max_event_bytes = kMaxSegmentEventBytes;
  size_t max_batch_bytes = kMaxSegmentBatchBytes;
};

struct SegmentParseResult {
  std::vector<CollectedEvent> events;
  // "writeKey" from the body (analytics.js sends it there instead of the Authorization header);
  // empty when absent. In a batch it may be at the top level or on the events.
  std::string write_key;
  // Set with an error status when a size limit was exceeded (HTTP 413, not 400).
  bool too_large = false;
};

// "identify" -> kIdentify, ...; nullopt for anything else (exact, lower case).
std::optional<EventType> EventTypeFromName(std::string_view name);

// Maps a Segment trait path (nested keys joined with '.') to Daylight's canonical field name
// (email, phone, first_name, last_name, city, state, zip, country, dob, gender), or returns the
// path itself.
std::string_view CanonicalTraitName(std::string_view path);

// "dl-" followed by 32 hex digits from 16 CSPRNG bytes.
std::string GenerateMessageId();

class SegmentParser {
 public:
  SegmentParser();
  ~SegmentParser();
  SegmentParser(const SegmentParser&) = delete;
  SegmentParser& operator=(const SegmentParser&) = delete;

  // Parses `body` into out->events (replacing what was there). On error out->events is empty,
  // out->too_large tells whether a size limit was the reason, and out->write_key may still hold
  // the body's writeKey when the JSON itself was readable (so the caller can authenticate
  // before answering 400).
  Status Parse(std::string_view body, const SegmentRequestInfo& info, SegmentParseResult* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_SEGMENT_EVENT_H_
