// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "identity/us_states.h"

#include <optional>
#include <string_view>

namespace dl {
namespace {

struct State {
  std::string_view letters;  // name, lowercase, letters only
  std::string_view code;
};

// The 50 states, the District of Columbia and the inhabited territories (FIPS 5-2).
constexpr State kStates[] = {
    {"alabama", "al"},
    {"alaska", "ak"},
    {"arizona", "az"},
    {"arkansas", "ar"},
    {"california", "ca"},
    {"colorado", "co"},
    {"connecticut", "ct"},
    {"delaware", "de"},
    {"districtofcolumbia", "dc"},
    {"florida", "fl"},
    {"georgia", "ga"},
    {"hawaii", "hi"},
    {"idaho", "id"},
    {"illinois", "il"},
    {"indiana", "in"},
    {"iowa", "ia"},
    {"kansas", "ks"},
    {"kentucky", "ky"},
    {"louisiana", "la"},
    {"maine", "me"},
    {"maryland", "md"},
    {"massachusetts", "ma"},
    {"michigan", "mi"},
    {"minnesota", "mn"},
    {"mississippi", "ms"},
    {"missouri", "mo"},
    {"montana", "mt"},
    {"nebraska", "ne"},
    {"nevada", "nv"},
    {"newhampshire", "nh"},
    {"newjersey", "nj"},
    {"newmexico", "nm"},
    {"newyork", "ny"},
    {"northcarolina", "nc"},
    {"northdakota", "nd"},
    {"ohio", "oh"},
    {"oklahoma", "ok"},
    {"oregon", "or"},
    {"pennsylvania", "pa"},
    {"rhodeisland", "ri"},
    {"southcarolina", "sc"},
    {"southdakota", "sd"},
    {"tennessee", "tn"},
    {"texas", "tx"},
    {"utah", "ut"},
    {"vermont", "vt"},
    {"virginia", "va"},
    {"washington", "wa"},
    {"westvirginia", "wv"},
    {"wisconsin", "wi"},
    {"wyoming", "wy"},
    {"americansamoa", "as"},
    {"guam", "gu"},
    {"northernmarianaislands", "mp"},
    {"puertorico", "pr"},
    {"usvirginislands", "vi"},
    {"virginislands", "vi"},
};

}  // namespace

std::optional<std::string_view> UsStateCode(std::string_view letters) {
  for (const State& s : kStates) {
    if (letters == s.letters || letters == s.code) return s.code;
  }
  return std::nullopt;
}

}  // namespace dl
