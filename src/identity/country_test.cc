// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "daylight/identifier.h"

namespace dl {
namespace {

struct Case {
  const char* in;
  const char* code;  // nullptr: unknown
};

TEST(NormalizeCountry, CodesNamesAndNativeNames) {
  const Case cases[] = {
      {"DE", "DE"},
      {"de", "DE"},
      {"DEU", "DE"},
      {"Germany", "DE"},
      {"Deutschland", "DE"},
      {"FR", "FR"},
      {"FRA", "FR"},
      {"France", "FR"},
      {"GB", "GB"},
      {"GBR", "GB"},
      {"UK", "GB"},
      {"U.K.", "GB"},
      {"United Kingdom", "GB"},
      {"Great Britain", "GB"},
      {"England", "GB"},
      {"US", "US"},
      {"USA", "US"},
      {"U.S.A.", "US"},
      {"United States", "US"},
      {"united  states of america", "US"},
      {"AT", "AT"},
      {"AUT", "AT"},
      {"Austria", "AT"},
      {"Österreich", "AT"},
      {"ÖSTERREICH", "AT"},
      {"CH", "CH"},
      {"CHE", "CH"},
      {"Switzerland", "CH"},
      {"Schweiz", "CH"},
      {"Suisse", "CH"},
      {"Svizzera", "CH"},
      {"NL", "NL"},
      {"NLD", "NL"},
      {"Netherlands", "NL"},
      {"The Netherlands", "NL"},
      {"Nederland", "NL"},
      {"Holland", "NL"},
      {"BE", "BE"},
      {"BEL", "BE"},
      {"Belgium", "BE"},
      {"België", "BE"},
      {"Belgique", "BE"},
      {"ES", "ES"},
      {"ESP", "ES"},
      {"Spain", "ES"},
      {"España", "ES"},
      {"IT", "IT"},
      {"ITA", "IT"},
      {"Italy", "IT"},
      {"Italia", "IT"},
      {"IE", "IE"},
      {"IRL", "IE"},
      {"Ireland", "IE"},
      {"Éire", "IE"},
      {"PL", "PL"},
      {"POL", "PL"},
      {"Poland", "PL"},
      {"Polska", "PL"},
      {"DK", "DK"},
      {"DNK", "DK"},
      {"Denmark", "DK"},
      {"Danmark", "DK"},
      {"SE", "SE"},
      {"SWE", "SE"},
      {"Sweden", "SE"},
      {"Sverige", "SE"},
      {"CA", "CA"},
      {"CAN", "CA"},
      {"Canada", "CA"},
      {"AU", "AU"},
      {"AUS", "AU"},
      {"Australia", "AU"},
      {" jp ", "JP"},  // any alpha-2 code libphonenumber knows
      {"Narnia", nullptr},
      {"ZZ", nullptr},
      {"EU", nullptr},
      {"", nullptr},
      {"D", nullptr},
      {"GER", nullptr},  // IOC/FIFA code, not ISO
  };
  for (const Case& c : cases) {
    std::optional<std::string> r = NormalizeCountry(c.in);
    if (c.code == nullptr) {
      EXPECT_FALSE(r.has_value()) << c.in << " -> " << r.value_or("");
    } else {
      ASSERT_TRUE(r.has_value()) << c.in;
      EXPECT_EQ(*r, c.code) << c.in;
    }
  }
}

}  // namespace
}  // namespace dl
