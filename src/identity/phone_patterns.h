// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The blocklist's built-in placeholder-number rules. Each is written down as the ECMAScript
// regex a user could put in a blocklist file ("phone-pattern:..."), so the defaults are data
// like any other entry; each also has a hand-written matcher with exactly the same meaning,
// which Blocklist uses instead of std::regex because these run on every imported number.
// blocklist_test.cc checks every matcher against its regex. Internal to src/identity.
#ifndef DAYLIGHT_SRC_IDENTITY_PHONE_PATTERNS_H_
#define DAYLIGHT_SRC_IDENTITY_PHONE_PATTERNS_H_

#include <span>
#include <string_view>

namespace dl {

struct BuiltinPhonePattern {
  std::string_view name;    // short name for docs and tests
  std::string_view source;  // the regex, matched against an E.164 value
  std::string_view reason;  // Blocklist::Reason() text; never contains the number
  bool (*matches)(std::string_view e164);
};

std::span<const BuiltinPhonePattern> BuiltinPhonePatterns();

// The built-in pattern whose source is exactly `source`, or nullptr.
const BuiltinPhonePattern* FindBuiltinPhonePattern(std::string_view source);

}  // namespace dl

#endif  // DAYLIGHT_SRC_IDENTITY_PHONE_PATTERNS_H_
