// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Proleptic Gregorian calendar arithmetic (days from civil and back, after Howard Hinnant's
// public-domain algorithms) and fixed-width digit reading, for the parsers of dates and times:
// filter dates (src/audience), Segment timestamps (src/ingest), consent-signal times
// (src/policy). One copy, so they agree on what a calendar date is.
#ifndef DAYLIGHT_UTIL_CIVIL_TIME_H_
#define DAYLIGHT_UTIL_CIVIL_TIME_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dl {

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

inline bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// m 1..12.
inline int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of y-m-d (m 1..12, d 1..31).
inline int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

inline CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// Floor division of micros into days.
inline int64_t FloorDays(int64_t micros) {
  int64_t q = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) --q;
  return q;
}

// The n ASCII digits of s at pos as a number; false when s is shorter or one is not a digit.
inline bool ReadDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace dl

#endif  // DAYLIGHT_UTIL_CIVIL_TIME_H_
