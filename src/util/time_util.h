// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#ifndef DAYLIGHT_UTIL_TIME_UTIL_H_
#define DAYLIGHT_UTIL_TIME_UTIL_H_

#include <cstdint>
#include <string>

namespace dl {

// Microseconds since the Unix epoch. DAYLIGHT_NOW (ISO 8601 "2026-11-02T10:00:00Z" or
// microseconds) overrides the clock, so that tests and demos can be reproducible.
int64_t NowMicros();

// "2026-11-02T10:00:00Z" (UTC, seconds precision).
std::string FormatTime(int64_t micros);

}  // namespace dl

#endif  // DAYLIGHT_UTIL_TIME_UTIL_H_
