// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Locale tables for synthetic people: first and last names, e-mail domains, the ways people
// write their country, and the labels app users give contacts in address books. The names are
// common ones in each country, so generated rows look like the real thing to a reviewer and
// exercise UTF-8, apostrophes and hyphens; the combinations are random, not real people.
#ifndef DAYLIGHT_GENERATE_NAMES_H_
#define DAYLIGHT_GENERATE_NAMES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dl::generate {

enum class Country : uint8_t { kDE = 0, kFR = 1, kGB = 2, kUS = 3 };
inline constexpr Country kAllCountries[] = {Country::kDE, Country::kFR, Country::kGB, Country::kUS};
inline constexpr int kCountryCount = 4;

// Share of people per country (DE-based organisation with customers abroad).
inline constexpr uint32_t kCountryWeights[] = {40, 20, 20, 20};

// ISO 3166-1 alpha-2: "DE", "FR", "GB", "US".
std::string_view CountryCode(Country country);

std::span<const std::string_view> FirstNames(Country country);
std::span<const std::string_view> LastNames(Country country);

// How a country is written in a country column: "DE", "Germany", "Deutschland" ... All of
// them are spellings NormalizeCountry understands.
std::span<const std::string_view> CountrySpellings(Country country);

// Free-mail domains with weights (same length spans).
std::span<const std::string_view> FreeMailDomains(Country country);
std::span<const uint32_t> FreeMailWeights(Country country);
// Invented company domains for office workers.
std::span<const std::string_view> CompanyDomains(Country country);

// Address-book labels in the uploader's language.
std::span<const std::string_view> FamilyLabels(Country country);   // "Mama", "Mom"
std::span<const std::string_view> WorkSuffixes(Country country);   // "Arbeit", "Work"
std::span<const std::string_view> ServiceLabels(Country country);  // "Zahnarzt", "Plumber"
std::string_view DoctorPrefix(Country country);                    // "Dr. " or "Dr "
// Free-text notes long enough that their vCard line has to be folded.
std::span<const std::string_view> LongNotes(Country country);

// Lowercase ASCII suitable for an e-mail local part: German umlauts become "ae", "oe", "ue"
// and "ss" (as Germans write them in addresses), other accents are dropped ("François" ->
// "francois", "Zoë" -> "zoe"), apostrophes and spaces removed, hyphens kept.
std::string FoldForEmail(std::string_view name, Country country);

}  // namespace dl::generate

#endif  // DAYLIGHT_GENERATE_NAMES_H_
