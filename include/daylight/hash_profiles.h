// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Platform hash profiles: the exact normalise-then-SHA-256 rules that Meta Custom Audiences,
// Google Customer Match and PAIR (Publisher Advertiser Identity Reconciliation) expect for
// each field. Each rule and its source is written down in docs/hash-profiles.md; tests use
// the platforms' published examples. Pure functions; thread-safe; never throw.
#ifndef DAYLIGHT_HASH_PROFILES_H_
#define DAYLIGHT_HASH_PROFILES_H_

#include <string>
#include <string_view>

#include "daylight/status.h"

namespace dl {

enum class Platform { kMeta, kGoogle, kPair };
enum class HashField {
  kEmail,
  kPhone,
  kFirstName,
  kLastName,
  kCity,
  kState,
  kZip,
  kCountry,
  kDob,
  kGender
};

std::string_view PlatformName(Platform p);    // "meta", "google", "pair"
std::string_view HashFieldName(HashField f);  // "email", "phone", "first_name", ...

// Normalises `value` the way `platform` wants it before hashing. `value` may be raw source
// text or Daylight's own normalised form (an E.164 phone, a lowercase e-mail). `region` is the
// ISO alpha-2 default for phone numbers without a country code. InvalidArgument when the
// platform's rule cannot be applied (e.g. an unparseable date of birth), or when the platform
// does not take that field (Google takes no city/dob/gender; see the docs table).
StatusOr<std::string> NormalizeForPlatform(Platform platform, HashField field,
                                           std::string_view value, std::string_view region = "");

// The platform's form of an e-mail address already in Daylight's normalised form (lowercase,
// trimmed): Meta takes it as it is, Google also drops dots and "+tags" of gmail.com and
// googlemail.com addresses, PAIR as it is. No validation.
std::string PlatformEmailForm(Platform platform, std::string_view normalized);

// The platform's form of a phone number already in E.164 ("+4917112345678"): Meta takes the
// digits without '+', Google and PAIR E.164 as it is. No validation: for numbers Daylight
// normalised itself.
std::string PlatformPhoneForm(Platform platform, std::string_view e164);

// PlatformEmailForm and PlatformPhoneForm assigned to *out, whose capacity is reused: the same
// forms without a new string per value, for exports that format millions of them.
void PlatformEmailFormTo(Platform platform, std::string_view normalized, std::string* out);
void PlatformPhoneFormTo(Platform platform, std::string_view e164, std::string* out);

// Lowercase hex SHA-256 of NormalizeForPlatform(...).
StatusOr<std::string> HashForPlatform(Platform platform, HashField field, std::string_view value,
                                      std::string_view region = "");

// Lowercase hex SHA-256 of arbitrary bytes (libsodium crypto_hash_sha256).
std::string Sha256Hex(std::string_view bytes);

// Sha256Hex written to out[0, kSha256HexSize) (no terminator), without allocating: exports
// hash five or more values per member.
inline constexpr size_t kSha256HexSize = 64;
void Sha256HexTo(std::string_view bytes, char* out);

}  // namespace dl

#endif  // DAYLIGHT_HASH_PROFILES_H_
