// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Each row is one rule of docs/hash-profiles.md. Where the platform publishes an example hash
// we assert that exact hash; otherwise we assert the normalised string (the hash of it is then
// just SHA-256, which Sha256Hex's own test pins down).

#include "daylight/hash_profiles.h"

#include <string>

#include <gtest/gtest.h>

namespace dl {
namespace {

struct Example {
  Platform platform;
  HashField field;
  const char* input;
  const char* region;
  const char* normalized;
  const char* published_sha256;  // nullptr when the platform publishes none
};

// Meta: developers.facebook.com/docs/marketing-api/conversions-api/parameters/
//       customer-information-parameters (examples with "Expected SHA256 output").
// PAIR: github.com/InteractiveAdvertisingBureau/PAIR, PAIR.md, "Canonical representation of
//       Common Match keys" (the example hash is SHA-256 of "user@example.com").
// Google: developers.google.com/data-manager/api/devguides/concepts/formatting (normalised
//       examples; Google publishes no example hashes).
const Example kPublished[] = {
    {Platform::kMeta, HashField::kEmail, "John_Smith@gmail.com", "", "john_smith@gmail.com",
     "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"},
    {Platform::kMeta, HashField::kPhone, "(650)555-1212", "US", "16505551212",
     "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"},
    {Platform::kMeta, HashField::kFirstName, "Mary", "", "mary",
     "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec"},
    {Platform::kMeta, HashField::kFirstName, "정", "", "정",
     "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14"},
    {Platform::kMeta, HashField::kFirstName, "Valéry", "", "valéry",
     "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c"},
    {Platform::kMeta, HashField::kLastName, "Valéry", "", "valéry",
     "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c"},
    {Platform::kMeta, HashField::kDob, "2/16/1997", "", "19970216",
     "01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c"},
    {Platform::kMeta, HashField::kCountry, "United States", "", "us",
     "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621"},
    {Platform::kMeta, HashField::kCity, "Paris", "", "paris", nullptr},
    {Platform::kMeta, HashField::kCity, "London", "", "london", nullptr},
    {Platform::kMeta, HashField::kCity, "New York", "", "newyork", nullptr},
    {Platform::kMeta, HashField::kState, "AZ", "US", "az", nullptr},
    {Platform::kMeta, HashField::kState, "CA", "", "ca", nullptr},
    {Platform::kMeta, HashField::kZip, "94035", "US", "94035", nullptr},
    {Platform::kMeta, HashField::kZip, "1987", "AU", "1987", nullptr},
    {Platform::kMeta, HashField::kZip, "75018", "FR", "75018", nullptr},
    {Platform::kMeta, HashField::kZip, "M1 1AE", "GB", "m11ae", nullptr},
    {Platform::kMeta, HashField::kGender, "f", "", "f", nullptr},
    {Platform::kMeta, HashField::kGender, "m", "", "m", nullptr},
    {Platform::kGoogle, HashField::kEmail, "cloudy.sanfrancisco+shopping@gmail.com", "",
     "cloudysanfrancisco@gmail.com", nullptr},
    {Platform::kGoogle, HashField::kEmail, "user.name+NYC@Example.com", "",
     "user.name+nyc@example.com", nullptr},
    {Platform::kGoogle, HashField::kPhone, "(800)555-0100", "US", "+18005550100", nullptr},
    {Platform::kGoogle, HashField::kFirstName, "John", "", "john", nullptr},
    {Platform::kGoogle, HashField::kLastName, "Doe", "", "doe", nullptr},
    {Platform::kGoogle, HashField::kCountry, "US", "", "US", nullptr},
    {Platform::kGoogle, HashField::kZip, "10011", "US", "10011", nullptr},
    {Platform::kPair, HashField::kEmail, "user@example.com", "", "user@example.com",
     "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514"},
};

TEST(HashProfiles, PlatformsPublishedExamples) {
  for (const Example& e : kPublished) {
    const std::string where = std::string(PlatformName(e.platform)) + "/" +
                              std::string(HashFieldName(e.field)) + " " + e.input;
    StatusOr<std::string> n = NormalizeForPlatform(e.platform, e.field, e.input, e.region);
    ASSERT_TRUE(n.ok()) << where << ": " << n.status().ToString();
    EXPECT_EQ(*n, e.normalized) << where;
    if (e.published_sha256 != nullptr) {
      StatusOr<std::string> h = HashForPlatform(e.platform, e.field, e.input, e.region);
      ASSERT_TRUE(h.ok()) << where;
      EXPECT_EQ(*h, e.published_sha256) << where;
    }
  }
}

struct Rule {
  Platform platform;
  HashField field;
  const char* input;
  const char* region;
  const char* normalized;  // nullptr: must be rejected
};

// Our reading of each rule on inputs the platforms do not show.
const Rule kRules[] = {
    // E-mail: Meta and PAIR keep gmail dots and tags; Google drops them for gmail only.
    {Platform::kMeta, HashField::kEmail, " A.Lee+x@GMail.com ", "", "a.lee+x@gmail.com"},
    {Platform::kGoogle, HashField::kEmail, " A.Lee+x@GMail.com ", "", "alee@gmail.com"},
    {Platform::kGoogle, HashField::kEmail, "a.lee+x@googlemail.com", "", "alee@googlemail.com"},
    {Platform::kGoogle, HashField::kEmail, "a.lee+x@mail.gmail.com", "", "a.lee+x@mail.gmail.com"},
    {Platform::kPair, HashField::kEmail, " A.Lee+x@GMail.com ", "", "a.lee+x@gmail.com"},
    {Platform::kPair, HashField::kEmail, "ÄNNE@Example.com", "", "Änne@example.com"},
    {Platform::kMeta, HashField::kEmail, "not an address", "", nullptr},
    // Phone: one number, three spellings.
    {Platform::kMeta, HashField::kPhone, "0171 12345678", "DE", "4917112345678"},
    {Platform::kMeta, HashField::kPhone, "+4917112345678", "", "4917112345678"},
    {Platform::kGoogle, HashField::kPhone, "0171 12345678", "DE", "+4917112345678"},
    {Platform::kPair, HashField::kPhone, "0049 171 12345678", "DE", "+4917112345678"},
    {Platform::kMeta, HashField::kPhone, "0171 12345678", "", nullptr},
    // Names.
    {Platform::kMeta, HashField::kFirstName, "Mary-Jane", "", "maryjane"},
    {Platform::kMeta, HashField::kLastName, "O'Neil ", "", "oneil"},
    {Platform::kMeta, HashField::kLastName, "VAN DER BERG", "", "vanderberg"},
    {Platform::kMeta, HashField::kLastName, "Müller", "", "müller"},
    {Platform::kMeta, HashField::kLastName, "ÖZDEMİR", "", "özdemir"},
    {Platform::kMeta, HashField::kFirstName, "Vale\xcc\x81ry", "", "vale\xcc\x81ry"},  // NFD kept
    {Platform::kMeta, HashField::kFirstName, "1234", "", nullptr},
    {Platform::kGoogle, HashField::kFirstName, "Mrs. Zoë", "", "zoë"},
    {Platform::kGoogle, HashField::kFirstName, "Mary Ann", "", "maryann"},
    {Platform::kGoogle, HashField::kFirstName, "Dr", "", "dr"},  // a title alone is the name
    {Platform::kGoogle, HashField::kLastName, "Pérez Jr.", "", "pérez"},
    {Platform::kGoogle, HashField::kLastName, "Smith-Jones III", "", "smithjones"},
    // City, state.
    {Platform::kMeta, HashField::kCity, "Frankfurt am Main", "", "frankfurtammain"},
    {Platform::kMeta, HashField::kCity, "St. Gallen", "", "stgallen"},
    {Platform::kMeta, HashField::kState, "California", "", "ca"},
    {Platform::kMeta, HashField::kState, "New York", "US", "ny"},
    {Platform::kMeta, HashField::kState, "Bayern", "DE", "bayern"},
    {Platform::kMeta, HashField::kState, "Bayern", "", "bayern"},
    {Platform::kMeta, HashField::kState, "Bayern", "US", nullptr},
    // Zip.
    {Platform::kMeta, HashField::kZip, "94035-1234", "", "94035"},
    {Platform::kMeta, HashField::kZip, "94035-1234", "US", "94035"},
    {Platform::kMeta, HashField::kZip, "SW1A 1AA", "GB", "sw1a1aa"},
    {Platform::kMeta, HashField::kZip, "D-60311", "DE", "d60311"},
    {Platform::kMeta, HashField::kZip, "9403", "US", nullptr},
    {Platform::kGoogle, HashField::kZip, "94035-1234", "US", "94035-1234"},
    {Platform::kGoogle, HashField::kZip, " wc2h   8lg ", "GB", "WC2H 8LG"},
    {Platform::kGoogle, HashField::kZip, "60311", "DE", "60311"},
    // Country.
    {Platform::kMeta, HashField::kCountry, "Deutschland", "", "de"},
    {Platform::kMeta, HashField::kCountry, "UK", "", "gb"},
    {Platform::kGoogle, HashField::kCountry, "Deutschland", "", "DE"},
    {Platform::kMeta, HashField::kCountry, "Narnia", "", nullptr},
    // Date of birth.
    {Platform::kMeta, HashField::kDob, "1997-02-16", "", "19970216"},
    {Platform::kMeta, HashField::kDob, "19970216", "", "19970216"},
    {Platform::kMeta, HashField::kDob, "16.02.1997", "", "19970216"},
    {Platform::kMeta, HashField::kDob, "16/2/1997", "", "19970216"},
    {Platform::kMeta, HashField::kDob, "1997-02-16T08:30:00Z", "", "19970216"},
    {Platform::kMeta, HashField::kDob, "2000-02-29", "", "20000229"},
    {Platform::kMeta, HashField::kDob, "03/03/1990", "", "19900303"},
    {Platform::kMeta, HashField::kDob, "02/03/1990", "", nullptr},  // ambiguous: not guessed
    {Platform::kMeta, HashField::kDob, "1900-02-29", "", nullptr},
    {Platform::kMeta, HashField::kDob, "1997-02-30", "", nullptr},
    {Platform::kMeta, HashField::kDob, "1899-12-31", "", nullptr},
    {Platform::kMeta, HashField::kDob, "2999-01-01", "", nullptr},
    {Platform::kMeta, HashField::kDob, "97-02-16", "", nullptr},
    {Platform::kMeta, HashField::kDob, "1997-02", "", nullptr},
    {Platform::kMeta, HashField::kDob, "1997-02/16", "", nullptr},
    {Platform::kMeta, HashField::kDob, "yesterday", "", nullptr},
    // Gender.
    {Platform::kMeta, HashField::kGender, "Female", "", "f"},
    {Platform::kMeta, HashField::kGender, " MALE ", "", "m"},
    {Platform::kMeta, HashField::kGender, "weiblich", "", "f"},
    {Platform::kMeta, HashField::kGender, "divers", "", nullptr},
    // Fields a platform does not take.
    {Platform::kGoogle, HashField::kCity, "Paris", "", nullptr},
    {Platform::kGoogle, HashField::kState, "CA", "", nullptr},
    {Platform::kGoogle, HashField::kDob, "1997-02-16", "", nullptr},
    {Platform::kGoogle, HashField::kGender, "f", "", nullptr},
    {Platform::kPair, HashField::kFirstName, "Mary", "", nullptr},
    {Platform::kPair, HashField::kZip, "94035", "", nullptr},
    // Empty values.
    {Platform::kMeta, HashField::kFirstName, "  ", "", nullptr},
    {Platform::kMeta, HashField::kEmail, "", "", nullptr},
};

TEST(HashProfiles, RulesTable) {
  for (const Rule& r : kRules) {
    const std::string where = std::string(PlatformName(r.platform)) + "/" +
                              std::string(HashFieldName(r.field)) + " [" + r.input + "]";
    StatusOr<std::string> n = NormalizeForPlatform(r.platform, r.field, r.input, r.region);
    if (r.normalized == nullptr) {
      ASSERT_FALSE(n.ok()) << where << " -> " << *n;
      EXPECT_EQ(n.status().code(), StatusCode::kInvalidArgument) << where;
      continue;
    }
    ASSERT_TRUE(n.ok()) << where << ": " << n.status().ToString();
    EXPECT_EQ(*n, r.normalized) << where;
    // Normalising a normalised value again gives the same value (Meta phones lose their '+',
    // so they are the exception: their output is a digit string without a country marker).
    if (!(r.platform == Platform::kMeta && r.field == HashField::kPhone)) {
      StatusOr<std::string> again = NormalizeForPlatform(r.platform, r.field, *n, r.region);
      ASSERT_TRUE(again.ok()) << where;
      EXPECT_EQ(*again, *n) << where;
    }
  }
}

TEST(HashProfiles, ErrorsNameThePlatformAndFieldNotTheValue) {
  StatusOr<std::string> city = NormalizeForPlatform(Platform::kGoogle, HashField::kCity, "Paris");
  ASSERT_FALSE(city.ok());
  EXPECT_EQ(city.status().message(), "google does not take field city");
  StatusOr<std::string> dob = NormalizeForPlatform(Platform::kMeta, HashField::kDob, "02/03/1990");
  ASSERT_FALSE(dob.ok());
  EXPECT_EQ(dob.status().message().find("1990"), std::string::npos);
}

TEST(HashProfiles, GoogleCountryAndZipAreNeverHashed) {
  // Google matches country and postal code in clear text; a hash would match nobody.
  EXPECT_FALSE(HashForPlatform(Platform::kGoogle, HashField::kCountry, "US").ok());
  EXPECT_FALSE(HashForPlatform(Platform::kGoogle, HashField::kZip, "10011", "US").ok());
  StatusOr<std::string> meta = HashForPlatform(Platform::kMeta, HashField::kZip, "94035", "US");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(*meta, Sha256Hex("94035"));
}

TEST(HashProfiles, HashIsSha256OfNormalised) {
  StatusOr<std::string> h = HashForPlatform(Platform::kGoogle, HashField::kEmail,
                                            "cloudy.sanfrancisco+shopping@gmail.com");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, Sha256Hex("cloudysanfrancisco@gmail.com"));
  EXPECT_EQ(h->size(), 64u);
}

TEST(Sha256Hex, KnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(HashProfiles, Names) {
  EXPECT_EQ(PlatformName(Platform::kMeta), "meta");
  EXPECT_EQ(PlatformName(Platform::kGoogle), "google");
  EXPECT_EQ(PlatformName(Platform::kPair), "pair");
  EXPECT_EQ(HashFieldName(HashField::kFirstName), "first_name");
  EXPECT_EQ(HashFieldName(HashField::kDob), "dob");
}

}  // namespace
}  // namespace dl
