// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/names.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace dl::generate {
namespace {

TEST(NamesTest, TablesAreLargeAndDistinct) {
  for (Country c : kAllCountries) {
    SCOPED_TRACE(std::string(CountryCode(c)));
    for (auto table : {FirstNames(c), LastNames(c)}) {
      EXPECT_GE(table.size(), 55u);
      EXPECT_EQ(std::set<std::string_view>(table.begin(), table.end()).size(), table.size());
    }
    EXPECT_EQ(FreeMailDomains(c).size(), FreeMailWeights(c).size());
    EXPECT_FALSE(CompanyDomains(c).empty());
    EXPECT_FALSE(FamilyLabels(c).empty());
    EXPECT_FALSE(CountrySpellings(c).empty());
    for (std::string_view note : LongNotes(c)) EXPECT_GT(note.size(), 75u);
  }
}

TEST(NamesTest, GermanAndFrenchTablesHaveAccents) {
  auto has = [](std::span<const std::string_view> t, std::string_view name) {
    for (std::string_view n : t) {
      if (n == name) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(LastNames(Country::kDE), "Müller"));
  EXPECT_TRUE(has(FirstNames(Country::kDE), "Zoë"));
  EXPECT_TRUE(has(FirstNames(Country::kFR), "François"));
}

TEST(NamesTest, FoldForEmail) {
  EXPECT_EQ(FoldForEmail("Müller", Country::kDE), "mueller");
  EXPECT_EQ(FoldForEmail("Groß", Country::kDE), "gross");
  EXPECT_EQ(FoldForEmail("Zoë", Country::kDE), "zoe");
  EXPECT_EQ(FoldForEmail("François", Country::kFR), "francois");
  EXPECT_EQ(FoldForEmail("Jean-Pierre", Country::kFR), "jean-pierre");
  EXPECT_EQ(FoldForEmail("Le Gall", Country::kFR), "legall");
  EXPECT_EQ(FoldForEmail("O'Brien", Country::kGB), "obrien");
  EXPECT_EQ(FoldForEmail("Muñoz", Country::kUS), "munoz");
  EXPECT_EQ(FoldForEmail("Yılmaz", Country::kDE), "yilmaz");
}

TEST(NamesTest, EveryNameFoldsToNonEmptyAscii) {
  for (Country c : kAllCountries) {
    for (auto table : {FirstNames(c), LastNames(c)}) {
      for (std::string_view name : table) {
        const std::string folded = FoldForEmail(name, c);
        EXPECT_FALSE(folded.empty()) << name;
        for (char ch : folded) {
          EXPECT_TRUE((ch >= 'a' && ch <= 'z') || ch == '-') << name << " -> " << folded;
        }
      }
    }
  }
}

}  // namespace
}  // namespace dl::generate
