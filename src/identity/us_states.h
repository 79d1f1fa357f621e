// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// US state names to their two-letter USPS / ANSI (FIPS 5-2) codes. Meta asks for the state of a
// US address as that code; source data often spells the name out. Internal to src/identity.
#ifndef DAYLIGHT_SRC_IDENTITY_US_STATES_H_
#define DAYLIGHT_SRC_IDENTITY_US_STATES_H_

#include <optional>
#include <string_view>

namespace dl {

// `letters` is the name lowercased with everything but letters removed ("newyork",
// "districtofcolumbia") or a two-letter code ("ny"). Returns the lowercase code, or nullopt
// when it is neither a state, DC nor a territory.
std::optional<std::string_view> UsStateCode(std::string_view letters);

}  // namespace dl

#endif  // DAYLIGHT_SRC_IDENTITY_US_STATES_H_
