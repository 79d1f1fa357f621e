// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/phones.h"

#include <string>
#include <vector>

#include <phonenumbers/phonenumberutil.h>

namespace dl::generate {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

PhoneNumberUtil& Util() { return *PhoneNumberUtil::GetInstance(); }

// Number blocks people really have. Drawing the leading digits from these (instead of from
// the single example number) gives realistic variety, and validation then weeds out the
// lengths and sub-blocks a network does not use.
constexpr std::string_view kDeMobilePrefixes[] = {"151", "152", "157", "159", "160", "162",
                                                  "163", "170", "171", "172", "173", "174",
                                                  "175", "176", "177", "178", "179"};
constexpr std::string_view kDeAreaCodes[] = {"30",  "40",  "89",  "221", "69",   "711",  "211",
                                             "351", "341", "511", "911", "421",  "6221", "7531",
                                             "228", "761", "231", "201", "2041", "3641"};
constexpr std::string_view kGbAreaCodes[] = {"20",  "121", "161",  "113",  "131", "141",
                                             "117", "29",  "1865", "1223", "115", "1904"};

// Ranges reserved for drama and documentation that the default blocklist treats as
// placeholders; a "valid" customer number must not fall into them.
bool IsFictionRange(Country country, const std::string& nsn) {
  if (country == Country::kUS) {
    // NXX 555 holds the 555-01XX fiction block and directory assistance; avoid it entirely.
    return nsn.compare(3, 3, "555") == 0;
  }
  if (country == Country::kGB) {
    return nsn.rfind("7700900", 0) == 0 || nsn.rfind("207946", 0) == 0 ||
           nsn.rfind("292018", 0) == 0 || nsn.rfind("1632", 0) == 0 ||
           (nsn.size() == 10 && nsn.compare(3, 3, "496") == 0);
  }
  return false;
}

// All subscriber digits equal ("0000000") reads like a placeholder even where it is valid.
bool LooksLikePlaceholder(const std::string& nsn) {
  if (nsn.size() < 7) return false;
  const std::string tail = nsn.substr(nsn.size() - 7);
  return tail.find_first_not_of(tail[0]) == std::string::npos;
}

void AppendDigits(std::string& s, size_t n, Rng& rng) {
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Uniform(10)));
}

std::string Candidate(Country country, LineKind kind, Rng& rng) {
  std::string nsn;
  switch (country) {
    case Country::kDE:
      if (kind == LineKind::kMobile) {
        nsn = std::string(rng.Pick(kDeMobilePrefixes));
        // 015x numbers have 11 digits; 016x/017x have 10 or 11.
        const size_t length = (nsn[1] == '5' || rng.Chance(0.5)) ? 11 : 10;
        AppendDigits(nsn, length - nsn.size(), rng);
      } else {
        nsn = std::string(rng.Pick(kDeAreaCodes));
        nsn.push_back(static_cast<char>('2' + rng.Uniform(8)));  // no 0/1 after the area code
        AppendDigits(nsn, (rng.Chance(0.5) ? 10 : 9) - nsn.size(), rng);
      }
      break;
    case Country::kFR:
      nsn.push_back(kind == LineKind::kMobile ? (rng.Chance(0.8) ? '6' : '7')
                                              : static_cast<char>('1' + rng.Uniform(5)));
      AppendDigits(nsn, 8, rng);
      break;
    case Country::kGB:
      if (kind == LineKind::kMobile) {
        nsn = "7";
        AppendDigits(nsn, 9, rng);
      } else {
        nsn = std::string(rng.Pick(kGbAreaCodes));
        nsn.push_back(static_cast<char>('2' + rng.Uniform(8)));
        AppendDigits(nsn, 10 - nsn.size(), rng);
      }
      break;
    case Country::kUS:
      // NPA and NXX both start with 2-9; mobile and fixed share the same number space.
      nsn.push_back(static_cast<char>('2' + rng.Uniform(8)));
      AppendDigits(nsn, 2, rng);
      nsn.push_back(static_cast<char>('2' + rng.Uniform(8)));
      AppendDigits(nsn, 6, rng);
      break;
  }
  return nsn;
}

bool HasKind(const PhoneNumber& number, LineKind kind) {
  const PhoneNumberUtil::PhoneNumberType type = Util().GetNumberType(number);
  if (type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE) return true;
  return kind == LineKind::kMobile ? type == PhoneNumberUtil::MOBILE
                                   : type == PhoneNumberUtil::FIXED_LINE;
}

// Digit groups of the national significant number as people write them ("151", "23456789").
std::vector<std::string> Groups(std::string_view e164, Country country) {
  const std::string_view cc = CallingCode(country);
  const std::string nsn(e164.substr(1 + cc.size()));
  std::vector<std::string> groups;
  if (country == Country::kDE && nsn.size() >= 10 && nsn[0] == '1' &&
      (nsn[1] == '5' || nsn[1] == '6' || nsn[1] == '7')) {
    // Germans group a mobile number after the three-digit network prefix: "0151 23456789".
    groups = {nsn.substr(0, 3), nsn.substr(3)};
    return groups;
  }
  PhoneNumber number;
  if (Util().Parse(std::string(e164), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return {nsn};
  }
  std::string international;
  Util().Format(number, PhoneNumberUtil::INTERNATIONAL, &international);
  // "+49 30 1234567" / "+1 201-555-0123": skip the calling code, split on blanks and dashes.
  std::string current;
  for (size_t i = 1 + cc.size(); i < international.size(); ++i) {
    const char c = international[i];
    if (c >= '0' && c <= '9') {
      current.push_back(c);
    } else if (!current.empty()) {
      groups.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) groups.push_back(std::move(current));
  if (groups.empty()) groups.push_back(nsn);
  return groups;
}

std::string Join(const std::vector<std::string>& parts, size_t from, std::string_view sep) {
  std::string out;
  for (size_t i = from; i < parts.size(); ++i) {
    if (i > from) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

std::string Concat(const std::vector<std::string>& parts) { return Join(parts, 0, ""); }

std::string National(const std::vector<std::string>& g, Country country, Rng& rng) {
  switch (country) {
    case Country::kDE: {
      static constexpr std::string_view kSeps[] = {" ", " ", "/", "-"};
      const uint64_t style = rng.Uniform(5);
      if (style == 4) return "0" + Concat(g);
      return "0" + g[0] + std::string(kSeps[style]) + Join(g, 1, "");
    }
    case Country::kFR: {
      const uint64_t style = rng.Uniform(4);
      if (style == 2) return "0" + Join(g, 0, ".");
      if (style == 3) return "0" + Concat(g);
      return "0" + Join(g, 0, " ");
    }
    case Country::kGB:
      return rng.Chance(0.7) ? "0" + Join(g, 0, " ") : "0" + Concat(g);
    case Country::kUS: {
      if (g.size() != 3) return Concat(g);
      switch (rng.Uniform(5)) {
        case 0:
          return "(" + g[0] + ") " + g[1] + "-" + g[2];
        case 1:
          return g[0] + "-" + g[1] + "-" + g[2];
        case 2:
          return g[0] + "." + g[1] + "." + g[2];
        case 3:
          return "1-" + g[0] + "-" + g[1] + "-" + g[2];
        default:
          return Concat(g);
      }
    }
  }
  return Concat(g);
}

std::string International(const std::vector<std::string>& g, Country country, Rng& rng) {
  const std::string cc(CallingCode(country));
  if (country == Country::kUS && g.size() == 3) {
    return rng.Chance(0.5) ? "+1 " + g[0] + "-" + g[1] + "-" + g[2]
                           : "+1 (" + g[0] + ") " + g[1] + "-" + g[2];
  }
  return "+" + cc + " " + Join(g, 0, " ");
}

}  // namespace

std::string_view CallingCode(Country country) {
  static constexpr std::string_view kCodes[] = {"49", "33", "44", "1"};
  return kCodes[static_cast<size_t>(country)];
}

StatusOr<std::string> RandomPhone(Country country, LineKind kind, Rng& rng) {
  const std::string_view cc = CallingCode(country);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const std::string nsn = Candidate(country, kind, rng);
    if (IsFictionRange(country, nsn) || LooksLikePlaceholder(nsn)) continue;
    PhoneNumber number;
    number.set_country_code(std::stoi(std::string(cc)));
    number.set_national_number(std::stoull(nsn));
    // For-region: +44 7624 is the Isle of Man and +1 613 is Canada, valid but not ours.
    if (!Util().IsValidNumberForRegion(number, std::string(CountryCode(country))) ||
        !HasKind(number, kind)) {
      continue;
    }
    return "+" + std::string(cc) + nsn;
  }
  return Internal("libphonenumber rejected 1000 candidate numbers for " +
                  std::string(CountryCode(country)) + "; is its metadata installed?");
}

bool IsValidPhoneText(std::string_view text, std::string_view region) {
  PhoneNumber number;
  const std::string r = region.empty() ? "ZZ" : std::string(region);
  if (Util().Parse(std::string(text), r, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return false;
  }
  return Util().IsValidNumber(number);
}

bool IsValidNumberOf(std::string_view e164, Country country) {
  PhoneNumber number;
  if (Util().Parse(std::string(e164), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return false;
  }
  return Util().IsValidNumberForRegion(number, std::string(CountryCode(country)));
}

bool ParsesAs(std::string_view text, std::string_view region, std::string_view e164) {
  PhoneNumber number;
  const std::string r = region.empty() ? "ZZ" : std::string(region);
  if (Util().Parse(std::string(text), r, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return false;
  }
  if (!Util().IsValidNumber(number)) return false;
  std::string formatted;
  Util().Format(number, PhoneNumberUtil::E164, &formatted);
  return formatted == e164;
}

std::string WritePhone(std::string_view e164, Country country, std::string_view file_region,
                       Rng& rng) {
  const std::vector<std::string> g = Groups(e164, country);
  const bool same_country = file_region == CountryCode(country);
  const bool has_trunk = country != Country::kUS;  // "(0)" makes no sense for +1 numbers
  const bool has_idd = !file_region.empty();
  enum Form : size_t { kE164, kIntl, kTrunk, kIdd, kNational };
  uint32_t weights[] = {0, 0, 0, 0, 0};
  if (file_region.empty()) {
    weights[kE164] = 70;
    weights[kIntl] = 25;
    weights[kTrunk] = has_trunk ? 5 : 0;
  } else if (same_country) {
    weights[kNational] = 55;
    weights[kE164] = 20;
    weights[kIntl] = 15;
    weights[kTrunk] = has_trunk ? 5 : 0;
    weights[kIdd] = 5;
  } else {
    weights[kE164] = 40;
    weights[kIntl] = 40;
    weights[kTrunk] = has_trunk ? 10 : 0;
    weights[kIdd] = has_idd ? 10 : 0;
  }
  const std::string cc(CallingCode(country));
  switch (rng.Weighted(weights)) {
    case kE164:
      return std::string(e164);
    case kIntl:
      return International(g, country, rng);
    case kTrunk:
      return "+" + cc + " (0)" + Join(g, 0, " ");
    case kIdd:
      // The international call prefix of the region the file is dialled from.
      return (file_region == "US" ? "011 " + cc + " " : "00" + cc + " ") + Join(g, 0, " ");
    default:
      return National(g, country, rng);
  }
}

std::string FormatInternational(std::string_view e164, Country country) {
  const std::vector<std::string> g = Groups(e164, country);
  if (country == Country::kUS && g.size() == 3) return "+1 " + g[0] + "-" + g[1] + "-" + g[2];
  return "+" + std::string(CallingCode(country)) + " " + Join(g, 0, " ");
}

std::string PhoneUri(std::string_view e164, Country country, Rng& rng) {
  if (rng.Chance(0.5)) return "tel:" + std::string(e164);
  const std::vector<std::string> g = Groups(e164, country);
  return "tel:+" + std::string(CallingCode(country)) + "-" + Join(g, 0, "-");
}

std::string TooShort(std::string_view written, std::string_view file_region, Rng& rng) {
  std::string out(written);
  auto drop_last_digit = [&out] {
    for (size_t i = out.size(); i > 0; --i) {
      if (out[i - 1] >= '0' && out[i - 1] <= '9') {
        out.erase(i - 1, 1);
        return;
      }
    }
  };
  auto digit_count = [&out] {
    size_t n = 0;
    for (char c : out) n += (c >= '0' && c <= '9') ? 1 : 0;
    return n;
  };
  const uint64_t drop = rng.Range(2, 3);
  for (uint64_t i = 0; i < drop; ++i) drop_last_digit();
  // Some shortened numbers are still valid (German fixed lines can be short); keep cutting.
  while (digit_count() > 3 && IsValidPhoneText(out, file_region)) drop_last_digit();
  // Trailing separators left behind ("0151 ") would be trimmed by any importer anyway.
  while (!out.empty() &&
         (out.back() == ' ' || out.back() == '-' || out.back() == '.' || out.back() == '/')) {
    out.pop_back();
  }
  return out;
}

}  // namespace dl::generate
