// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Vehicle identification numbers, ISO 3779. The check digit (position 9) is mandatory in North
// America (49 CFR 565 in the US, CMVSS 115 in Canada, NOM-131 in Mexico) and optional elsewhere,
// where position 9 is often a plain letter or digit. So we verify it only where it must hold.

#include <array>
#include <string>
#include <string_view>

#include "daylight/identifier.h"

#include "identity/text.h"

namespace dl {
namespace {

constexpr size_t kVinLength = 17;
constexpr size_t kCheckDigitIndex = 8;
constexpr std::array<int, kVinLength> kWeights = {8, 7, 6, 5, 4, 3, 2, 10, 0,
                                                  9, 8, 7, 6, 5, 4, 3, 2};

// Transliteration of 49 CFR 565.15: letters map to 1..9 in three runs (A-H, J-R, S-Z); I, O
// and Q do not occur. Returns -1 for characters outside the ISO 3779 set.
int VinValue(char c) {
  if (text::IsAsciiDigit(c)) return c - '0';
  switch (c) {
    case 'A':
    case 'J':
      return 1;
    case 'B':
    case 'K':
    case 'S':
      return 2;
    case 'C':
    case 'L':
    case 'T':
      return 3;
    case 'D':
    case 'M':
    case 'U':
      return 4;
    case 'E':
    case 'N':
    case 'V':
      return 5;
    case 'F':
    case 'W':
      return 6;
    case 'G':
    case 'P':
    case 'X':
      return 7;
    case 'H':
    case 'Y':
      return 8;
    case 'R':
    case 'Z':
      return 9;
    default:
      return -1;
  }
}

bool IsNorthAmericanRegion(std::string_view region) {
  if (region.size() != 2) return false;
  const char a = text::AsciiUpper(region[0]);
  const char b = text::AsciiUpper(region[1]);
  return (a == 'U' && b == 'S') || (a == 'C' && b == 'A') || (a == 'M' && b == 'X');
}

}  // namespace

StatusOr<std::string> NormalizeVin(std::string_view raw, std::string_view region) {
  std::string vin;
  vin.reserve(kVinLength);
  for (char c : raw) {
    // People write VINs in groups ("1M8GDM9A KP042788", "1M8-GDM9AX-KP042788").
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (vin.size() == kVinLength) return InvalidArgument("VIN longer than 17 characters");
    vin.push_back(text::AsciiUpper(c));
  }
  if (vin.size() != kVinLength) return InvalidArgument("VIN shorter than 17 characters");
  int sum = 0;
  for (size_t i = 0; i < kVinLength; ++i) {
    const char c = vin[i];
    if (c == 'I' || c == 'O' || c == 'Q') return InvalidArgument("VIN contains I, O or Q");
    int v = VinValue(c);
    if (v < 0) return InvalidArgument("VIN contains a character outside the ISO 3779 set");
    sum += v * kWeights[i];
  }
  const bool north_american_wmi = vin[0] >= '1' && vin[0] <= '5';
  if (IsNorthAmericanRegion(region) || (region.empty() && north_american_wmi)) {
    const int r = sum % 11;
    const char expected = r == 10 ? 'X' : static_cast<char>('0' + r);
    if (vin[kCheckDigitIndex] != expected) return InvalidArgument("VIN check digit does not match");
  }
  return vin;
}

}  // namespace dl
