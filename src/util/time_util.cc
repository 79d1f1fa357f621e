// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "util/time_util.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

namespace dl {

int64_t NowMicros() {
  if (const char* fixed = std::getenv("DAYLIGHT_NOW"); fixed != nullptr && *fixed != '\0') {
    std::tm tm{};
    if (strptime(fixed, "%Y-%m-%dT%H:%M:%SZ", &tm) != nullptr) {
      return static_cast<int64_t>(timegm(&tm)) * 1000000;
    }
    return std::strtoll(fixed, nullptr, 10);
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTime(int64_t micros) {
  std::time_t secs = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<int64_t> ParseTime(std::string_view text) {
  std::string t(text);
  std::tm tm{};
  const char* end = strptime(t.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') {
    tm = {};
    end = strptime(t.c_str(), "%Y-%m-%d", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000000;
}

}  // namespace dl
