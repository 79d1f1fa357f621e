// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Calendar arithmetic for filter dates: util/civil_time.h, and the range filters accept.
// Internal to src/audience/.
#ifndef DAYLIGHT_AUDIENCE_CIVIL_TIME_H_
#define DAYLIGHT_AUDIENCE_CIVIL_TIME_H_

#include <cstdint>

#include "util/civil_time.h"

namespace dl::audience {

using dl::CivilDate;
using dl::CivilFromDays;
using dl::DaysFromCivil;
using dl::DaysInMonth;
using dl::FloorDays;
using dl::IsLeapYear;
using dl::kMicrosPerDay;
using dl::kMicrosPerSecond;

// The range filters accept: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z.
inline constexpr int64_t kMinFilterTime = -719162 * kMicrosPerDay;
inline constexpr int64_t kMaxFilterTime = 2932897 * kMicrosPerDay - 1;

}  // namespace dl::audience

#endif  // DAYLIGHT_AUDIENCE_CIVIL_TIME_H_
