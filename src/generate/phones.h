// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Synthetic phone numbers that libphonenumber accepts as valid, and the many ways people write
// them. Every number comes from a plausible prefix (a German mobile network block, a French
// 06/07, a British 07, a US area code), is checked with PhoneNumberUtil::IsValidNumber and the
// expected number type, and is never one of the ranges reserved for fiction (US 555-01XX,
// Ofcom drama numbers), which the blocklist treats as placeholders.
#ifndef DAYLIGHT_GENERATE_PHONES_H_
#define DAYLIGHT_GENERATE_PHONES_H_

#include <string>
#include <string_view>

#include "daylight/status.h"

#include "generate/names.h"
#include "generate/random.h"

namespace dl::generate {

enum class LineKind { kMobile, kFixed };

// Calling code without '+': "49", "33", "44", "1".
std::string_view CallingCode(Country country);

// A random valid number as E.164 ("+4915123456789"). Internal error only if the installed
// libphonenumber metadata rejects every candidate, which would be a bug here.
StatusOr<std::string> RandomPhone(Country country, LineKind kind, Rng& rng);

// True if libphonenumber parses `text` with default region `region` (ISO alpha-2, or empty for
// none) as a valid number whose E.164 form equals `e164`.
bool ParsesAs(std::string_view text, std::string_view region, std::string_view e164);

// True if `e164` is a valid number of `country` itself (not of a territory sharing its calling
// code, such as the Isle of Man under +44 or Canada under +1).
bool IsValidNumberOf(std::string_view e164, Country country);

// True if libphonenumber considers `text` a valid number in `region` (empty: no default).
bool IsValidPhoneText(std::string_view text, std::string_view region);

// Writes `e164` (a number of `country`) the way a person or a system might have typed it into
// a file that will be imported with --region `file_region` (empty: no region, so only forms
// with a '+' are used). National forms appear only when the number belongs to the file's
// region; international forms use '+' or the file region's international call prefix
// ("0049 151 23456789", "011 44 7400 123456"). The result always parses back to `e164`.
std::string WritePhone(std::string_view e164, Country country, std::string_view file_region,
                       Rng& rng);

// "+49 151 23456789", "+33 6 12 34 56 78", "+1 201-555-0123": the international form with
// the grouping people use, deterministic (no random choice).
std::string FormatInternational(std::string_view e164, Country country);

// RFC 3966 URI as vCard 4.0 writes it in TEL;VALUE=uri: "tel:+49-151-23456789" or
// "tel:+4915123456789".
std::string PhoneUri(std::string_view e164, Country country, Rng& rng);

// A typo: `written` with trailing digits dropped until libphonenumber rejects it for
// `file_region`, i.e. a malformed row that an import has to report.
std::string TooShort(std::string_view written, std::string_view file_region, Rng& rng);

}  // namespace dl::generate

#endif  // DAYLIGHT_GENERATE_PHONES_H_
