// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Countries as source data writes them. Two-letter input is checked against the region list
// libphonenumber ships (the ISO 3166-1 alpha-2 codes it knows), so every country is covered
// without a table of our own; the table below adds the names and alpha-3 codes people write
// for the countries our users' data comes from, in English and in the country's own language.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include <phonenumbers/phonenumberutil.h>

#include "daylight/identifier.h"

#include "identity/text.h"

namespace dl {
namespace {

struct CountryName {
  std::string_view name;  // lowercase, dots removed, single spaces
  std::string_view code;  // ISO 3166-1 alpha-2
};

// Keys are matched after lowercasing, dropping dots ("U.S.A." -> "usa") and collapsing runs
// of whitespace. Constituent countries of the UK map to GB because that is the country an
// address in them is in.
constexpr CountryName kCountryNames[] = {
    {"deu", "DE"},
    {"germany", "DE"},
    {"deutschland", "DE"},
    {"federal republic of germany", "DE"},
    {"bundesrepublik deutschland", "DE"},
    {"fra", "FR"},
    {"france", "FR"},
    {"french republic", "FR"},
    {"république française", "FR"},
    {"gbr", "GB"},
    {"uk", "GB"},
    {"united kingdom", "GB"},
    {"great britain", "GB"},
    {"britain", "GB"},
    {"united kingdom of great britain and northern ireland", "GB"},
    {"england", "GB"},
    {"scotland", "GB"},
    {"wales", "GB"},
    {"northern ireland", "GB"},
    {"usa", "US"},
    {"united states", "US"},
    {"united states of america", "US"},
    {"the united states", "US"},
    {"america", "US"},
    {"aut", "AT"},
    {"austria", "AT"},
    {"österreich", "AT"},
    {"oesterreich", "AT"},
    {"che", "CH"},
    {"switzerland", "CH"},
    {"schweiz", "CH"},
    {"suisse", "CH"},
    {"svizzera", "CH"},
    {"svizra", "CH"},
    {"confoederatio helvetica", "CH"},
    {"nld", "NL"},
    {"netherlands", "NL"},
    {"the netherlands", "NL"},
    {"holland", "NL"},
    {"nederland", "NL"},
    {"bel", "BE"},
    {"belgium", "BE"},
    {"belgië", "BE"},
    {"belgie", "BE"},
    {"belgique", "BE"},
    {"belgien", "BE"},
    {"esp", "ES"},
    {"spain", "ES"},
    {"españa", "ES"},
    {"espana", "ES"},
    {"ita", "IT"},
    {"italy", "IT"},
    {"italia", "IT"},
    {"irl", "IE"},
    {"ireland", "IE"},
    {"republic of ireland", "IE"},
    {"éire", "IE"},
    {"eire", "IE"},
    {"pol", "PL"},
    {"poland", "PL"},
    {"polska", "PL"},
    {"dnk", "DK"},
    {"denmark", "DK"},
    {"danmark", "DK"},
    {"swe", "SE"},
    {"sweden", "SE"},
    {"sverige", "SE"},
    {"can", "CA"},
    {"canada", "CA"},
    {"aus", "AU"},
    {"australia", "AU"},
    {"lux", "LU"},
    {"luxembourg", "LU"},
    {"luxemburg", "LU"},
    {"lëtzebuerg", "LU"},
    {"prt", "PT"},
    {"portugal", "PT"},
    {"nor", "NO"},
    {"norway", "NO"},
    {"norge", "NO"},
    {"noreg", "NO"},
    {"fin", "FI"},
    {"finland", "FI"},
    {"suomi", "FI"},
    {"cze", "CZ"},
    {"czechia", "CZ"},
    {"czech republic", "CZ"},
    {"česko", "CZ"},
    {"česká republika", "CZ"},
    {"nzl", "NZ"},
    {"new zealand", "NZ"},
    {"aotearoa", "NZ"},
    {"mex", "MX"},
    {"mexico", "MX"},
    {"méxico", "MX"},
    {"bra", "BR"},
    {"brazil", "BR"},
    {"brasil", "BR"},
    {"jpn", "JP"},
    {"japan", "JP"},
    {"日本", "JP"},
    {"chn", "CN"},
    {"china", "CN"},
    {"中国", "CN"},
    {"ind", "IN"},
    {"india", "IN"},
    {"bharat", "IN"},
    {"lie", "LI"},
    {"liechtenstein", "LI"},
};

const std::unordered_map<std::string_view, std::string_view>& NameTable() {
  static const auto* const table = [] {
    auto* t = new std::unordered_map<std::string_view, std::string_view>();
    for (const CountryName& c : kCountryNames) t->emplace(c.name, c.code);
    return t;
  }();
  return *table;
}

const std::set<std::string>& Alpha2Codes() {
  static const auto* const codes = [] {
    auto* s = new std::set<std::string>();
    i18n::phonenumbers::PhoneNumberUtil::GetInstance()->GetSupportedRegions(s);
    return s;
  }();
  return *codes;
}

// Lowercase, drop dots, collapse whitespace runs to one space.
std::string Key(std::string_view raw) {
  std::string lowered = text::LowerUnicode(text::TrimAscii(raw));
  std::string key;
  key.reserve(lowered.size());
  bool space = false;
  for (char c : lowered) {
    if (c == '.') continue;
    if (text::IsAsciiSpace(c)) {
      space = true;
      continue;
    }
    if (space && !key.empty()) key.push_back(' ');
    space = false;
    key.push_back(c);
  }
  return key;
}

}  // namespace

std::optional<std::string> NormalizeCountry(std::string_view raw) {
  if (raw.size() > 128) return std::nullopt;  // no country name is this long
  std::string key = Key(raw);
  auto it = NameTable().find(key);
  if (it != NameTable().end()) return std::string(it->second);
  if (key.size() == 2 && text::IsAsciiAlpha(key[0]) && text::IsAsciiAlpha(key[1])) {
    std::string code = {text::AsciiUpper(key[0]), text::AsciiUpper(key[1])};
    if (Alpha2Codes().count(code) != 0) return code;
  }
  return std::nullopt;
}

}  // namespace dl
