// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Identifiers: typed, normalised values (design.md "Vocabulary"), written "type:value",
// e.g. "email:ann@example.com", "phone:+4917112345678".
//
// Normalisers are pure functions, thread-safe, and never throw. On failure they return
// InvalidArgument with a reason that names the rule that failed ("missing '@'", "not a valid
// number for region DE") and never echoes the input value, because the input is personal data
// and error messages end up in logs.
#ifndef DAYLIGHT_IDENTIFIER_H_
#define DAYLIGHT_IDENTIFIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daylight/status.h"

namespace dl {

enum class IdType : uint8_t {
  kEmail = 1,     // lowercase, trimmed addr-spec
  kPhone = 2,     // E.164 with '+', via libphonenumber
  kMaid = 3,      // mobile advertising id: lowercase canonical UUID 8-4-4-4-12
  kVin = 4,       // vehicle identification number: 17 uppercase chars of the ISO 3779 set
  kExternal = 5,  // "namespace:value", e.g. "salesforce:0035g00000AbCdE"
};
inline constexpr int kIdTypeCount = 6;  // index space for per-type tables (0 unused)

// "email", "phone", "maid", "vin", "external".
std::string_view IdTypeName(IdType type);
// Inverse of IdTypeName; nullopt for an unknown name.
std::optional<IdType> ParseIdType(std::string_view name);

struct Identifier {
  IdType type = IdType::kEmail;
  std::string value;  // normalised

  // "type:value". Personal data: never log it.
  std::string ToString() const;
  friend bool operator==(const Identifier&, const Identifier&) = default;
};

// Trims, lowercases and checks the shape of an e-mail address (one '@', non-empty local part
// of at most 64 octets, a domain with at least one dot and valid labels, total <= 254).
StatusOr<std::string> NormalizeEmail(std::string_view raw);

// Parses a phone number with libphonenumber and formats it as E.164. `region` is an ISO
// 3166-1 alpha-2 code used for numbers written without a country code (may be empty, then
// such numbers are rejected). Numbers libphonenumber does not consider valid are rejected,
// never guessed. "0171 1234567" (DE), "+49 (0)171 1234567" and "0049 171 1234567" all give
// "+491711234567".
StatusOr<std::string> NormalizePhone(std::string_view raw, std::string_view region);

// Lowercase canonical UUID (accepts upper case, surrounding braces and whitespace).
StatusOr<std::string> NormalizeMaid(std::string_view raw);

// 17 characters of the ISO 3779 set (no I, O, Q), uppercased, separators removed. The
// check digit (position 9) is verified where the region uses one (North America: US, CA,
// MX) or when `region` is empty and the VIN's world manufacturer identifier is North
// American (first character 1-5).
StatusOr<std::string> NormalizeVin(std::string_view raw, std::string_view region);

// "namespace:value": namespace lowercase [a-z0-9_.-]{1,32}, value non-empty, trimmed,
// case preserved, at most 256 octets, no control characters.
StatusOr<std::string> NormalizeExternal(std::string_view raw);

// Dispatches on type. `region` is used by phone and vin only.
StatusOr<Identifier> NormalizeIdentifier(IdType type, std::string_view raw,
                                         std::string_view region);

// Parses "type:value" as a user types it on the command line and normalises the value.
// `region` applies to phone numbers without a country code.
StatusOr<Identifier> ParseIdentifier(std::string_view text, std::string_view region = "");

// Maps a country as written in source data ("DE", "de", "DEU", "Germany", "Deutschland",
// "United States", "USA", "UK", "France" ...) to an ISO 3166-1 alpha-2 code, uppercase.
// nullopt when unknown.
std::optional<std::string> NormalizeCountry(std::string_view raw);

}  // namespace dl

#endif  // DAYLIGHT_IDENTIFIER_H_
