// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the Segment event parser (src/ingest/segment_event.h) on arbitrary
// bodies. The first byte picks the endpoint (one of the six types, or a batch) and whether
// small size limits apply; the rest is the body. Besides "no crash, no sanitizer report" it
// checks what the collection routes rely on:
//  * every refusal is InvalidArgument with a short message (values are never quoted), and
//    too_large is only set on a refusal;
//  * every accepted event has an owner (userId or anonymousId), a messageId, the fields its type
//    requires, JSON that parses again and fits the event limit, and consent signals in the
//    syntaxes of docs/collection.md;
//  * a second parser gives the same answer (messageIds aside, which are generated).
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DDAYLIGHT_BUILD_FUZZERS=ON \
//       -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz -j1 --target segment_event_fuzz
//   ./build-fuzz/tests/fuzz/segment_event_fuzz tests/fuzz/seeds/segment_event_fuzz
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/segment_event.h"

namespace {

void Fail(const char* what) {
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Fail(what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

  dl::ingest::SegmentRequestInfo info;
  const int kind = mode % 7;  // 0..5: /v1/<type>, 6: /v1/batch
  if (kind < 6) info.endpoint_type = static_cast<dl::EventType>(kind + 1);
  info.received_us = 1772359210LL * 1000000;
  info.gpc_header = (mode & 0x40) != 0;
  if (mode & 0x80) {
    info.max_event_bytes = 256;
    info.max_batch_bytes = 2048;
  }

  dl::ingest::SegmentParser parser;
  dl::ingest::SegmentParseResult result;
  dl::Status status = parser.Parse(body, info, &result);
  if (!status.ok()) {
    Check(status.code() == dl::StatusCode::kInvalidArgument, "refusal is not InvalidArgument");
    Check(status.message().size() < 200, "error message too long (quotes a value?)");
    Check(result.events.empty(), "events left after a refusal");
  } else {
    Check(!result.too_large, "too_large on success");
    simdjson::dom::parser check;
    for (const dl::CollectedEvent& e : result.events) {
      Check(!e.user_id.empty() || !e.anonymous_id.empty(), "event without owner");
      Check(!e.message_id.empty(), "event without messageId");
      Check(e.type != dl::EventType::kTrack || !e.name.empty(), "track without event");
      Check(e.type != dl::EventType::kGroup || !e.group_id.empty(), "group without groupId");
      Check(e.type != dl::EventType::kAlias || (!e.previous_id.empty() && !e.user_id.empty()),
            "alias without ids");
      Check(e.type == dl::EventType::kIdentify || e.traits.empty(), "traits outside identify");
      Check(e.received_us == info.received_us, "received time");
      Check(e.time_us >= 0, "negative event time");
      simdjson::dom::element el;
      Check(check.parse(e.json).get(el) == simdjson::SUCCESS && el.is_object(),
            "stored JSON does not parse as an object");
      if (!info.endpoint_type) Check(e.json.size() <= info.max_event_bytes, "event over limit");
      for (const std::string& s : e.consent_signals) Check(!s.empty(), "empty consent signal");
      for (const dl::Field& f : e.traits) Check(!f.name.empty(), "trait without name");
    }
  }

  // Deterministic, and a reused parser gives the same answer as a fresh one.
  dl::ingest::SegmentParseResult again;
  dl::Status status2 = parser.Parse(body, info, &again);
  Check(status2.ok() == status.ok() && status2.message() == status.message(), "not deterministic");
  Check(again.too_large == result.too_large && again.write_key == result.write_key,
        "not deterministic (flags)");
  Check(again.events.size() == result.events.size(), "not deterministic (events)");
  for (size_t i = 0; i < again.events.size(); ++i) {
    const dl::CollectedEvent& a = result.events[i];
    const dl::CollectedEvent& b = again.events[i];
    Check(a.json == b.json && a.user_id == b.user_id && a.time_us == b.time_us &&
              a.consent_signals == b.consent_signals && a.traits.size() == b.traits.size(),
          "not deterministic (event)");
  }
  return 0;
}
