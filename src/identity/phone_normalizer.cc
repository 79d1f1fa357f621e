// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Phone numbers go through libphonenumber and nothing else: it knows every country's national
// prefix, trunk codes and number lengths, and a hand-written rule would guess. This function
// is on the import hot path, so it does no work beyond Parse + IsValidNumber + Format: the
// PhoneNumberUtil singleton is looked up once, and the std::string arguments libphonenumber
// insists on are thread_local buffers whose capacity is reused from call to call.

#include <string>
#include <string_view>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "daylight/identifier.h"

#include "identity/text.h"

namespace dl {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// libphonenumber rejects anything longer itself (kMaxInputStringLength = 250); checking first
// keeps a pathological input from being copied at all.
constexpr size_t kMaxPhoneInput = 250;

const PhoneNumberUtil& Util() {
  static const PhoneNumberUtil* const util = PhoneNumberUtil::GetInstance();
  return *util;
}

const char* ParseErrorReason(PhoneNumberUtil::ErrorType e) {
  switch (e) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return "no country code and no usable default region";
    case PhoneNumberUtil::NOT_A_NUMBER:
      return "not a phone number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
      return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return "national number too short";
    case PhoneNumberUtil::TOO_LONG_NSN:
      return "national number too long";
    default:
      return "cannot parse phone number";
  }
}

}  // namespace

StatusOr<std::string> NormalizePhone(std::string_view raw, std::string_view region) {
  if (raw.size() > kMaxPhoneInput) return InvalidArgument("phone number input too long");
  if (region.size() > 3) return InvalidArgument("region is not an ISO 3166-1 alpha-2 code");

  thread_local std::string input;
  thread_local std::string region_upper;
  thread_local PhoneNumber number;
  input.assign(raw.data(), raw.size());
  // libphonenumber's region codes are uppercase; "de" would be rejected as unknown.
  region_upper.assign(region.data(), region.size());
  for (char& c : region_upper) c = text::AsciiUpper(c);
  // An empty region means "numbers must carry their own country code"; "ZZ" is libphonenumber's
  // spelling of that.
  static const std::string kUnknownRegion = "ZZ";
  const std::string& parse_region = region_upper.empty() ? kUnknownRegion : region_upper;
  number.Clear();

  // libphonenumber reports errors by return code and does not throw; nothing to catch here.
  PhoneNumberUtil::ErrorType err = Util().Parse(input, parse_region, &number);
  if (err != PhoneNumberUtil::NO_PARSING_ERROR) return InvalidArgument(ParseErrorReason(err));
  if (!Util().IsValidNumber(number)) {
    if (region_upper.empty()) return InvalidArgument("not a valid number");
    return InvalidArgument("not a valid number for region " + region_upper);
  }
  std::string out;
  Util().Format(number, PhoneNumberUtil::E164, &out);
  // For a few countries libphonenumber's E.164 output is not a fixed point: parsing it again
  // strips a legacy prefix the national parse kept (Mexico's old mobile "1": region MX,
  // "119951999519" gives +5219951999519, which parses back as +529951999519). An identifier must
  // be canonical, so for those country codes only we parse our own output once more; everyone
  // else pays nothing. The fuzz target checks the fixed point for all inputs.
  if (number.country_code() == 52) {
    thread_local std::string again;
    again.swap(out);
    number.Clear();
    if (Util().Parse(again, kUnknownRegion, &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
        !Util().IsValidNumber(number)) {
      return InvalidArgument("not a valid number");
    }
    out.clear();
    Util().Format(number, PhoneNumberUtil::E164, &out);
  }
  return out;
}

}  // namespace dl
