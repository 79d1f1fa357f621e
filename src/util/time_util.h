// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#ifndef DAYLIGHT_UTIL_TIME_UTIL_H_
#define DAYLIGHT_UTIL_TIME_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dl {

// Microseconds since the Unix epoch. DAYLIGHT_NOW (ISO 8601 "2026-11-02T10:00:00Z" or
// microseconds) overrides the clock, so that tests and demos can be reproducible.
int64_t NowMicros();

// "2026-11-02T10:00:00Z" (UTC, seconds precision).
std::string FormatTime(int64_t micros);

// Parses "2026-11-02" (midnight UTC) or "2026-11-02T10:00:00Z" into microseconds since the
// epoch; nullopt for anything else.
std::optional<int64_t> ParseTime(std::string_view text);

}  // namespace dl

#endif  // DAYLIGHT_UTIL_TIME_UTIL_H_
