// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "daylight/audience_export.h"
#include "daylight/hash_profiles.h"

namespace dl {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kKey = "country = \"US\" | marketing.advertising.third_party.targeted";
// A guard that lets a single member through, for tests about file content.
constexpr GuardrailOptions kOpen{1, 1, 1};

class ExportWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "daylight-export-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> DirEntries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
    return names;
  }

  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // Rows of the file as cells (header first). No cell in these tests needs quoting.
  static std::vector<std::vector<std::string>> Cells(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find("\r\n", pos);
      EXPECT_NE(end, std::string::npos) << "line without CRLF";
      if (end == std::string::npos) break;
      std::vector<std::string> cells;
      std::string line = text.substr(pos, end - pos);
      size_t start = 0;
      while (true) {
        size_t comma = line.find(',', start);
        cells.push_back(line.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      rows.push_back(cells);
      pos = end + 2;
    }
    return rows;
  }

  StatusOr<ExportCounts> Export(const std::vector<ExportMember>& members, Platform p,
                                const GuardrailOptions& guard = kOpen,
                                const std::string& name = "out.csv") {
    ExportOptions o;
    o.platform = p;
    return WriteCustomerList(members, (dir_ / name).string(), o, kKey, guard, kSecret);
  }

  fs::path dir_;
};

struct HeaderCase {
  Platform platform;
  size_t emails;
  size_t phones;
  const char* header;
};

TEST(CustomerListHeaderTest, ExactHeaderLines) {
  const HeaderCase cases[] = {
      {Platform::kMeta, 3, 3,
       "email,email,email,phone,phone,phone,fn,ln,ct,st,zip,country,dob,gen"},
      {Platform::kMeta, 1, 1, "email,phone,fn,ln,ct,st,zip,country,dob,gen"},
      {Platform::kGoogle, 3, 3,
       "Email,Email,Email,Phone,Phone,Phone,First Name,Last Name,Country,Zip"},
      {Platform::kGoogle, 1, 0, "Email,First Name,Last Name,Country,Zip"},
  };
  for (const HeaderCase& c : cases) {
    ExportOptions o;
    o.platform = c.platform;
    o.max_emails = c.emails;
    o.max_phones = c.phones;
    StatusOr<std::string> h = CustomerListHeader(o);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    EXPECT_EQ(*h, c.header);
  }
  ExportOptions pair;
  pair.platform = Platform::kPair;
  EXPECT_EQ(CustomerListHeader(pair).status().code(), StatusCode::kInvalidArgument);
  ExportOptions none;
  none.max_emails = 0;
  none.max_phones = 0;
  EXPECT_EQ(CustomerListHeader(none).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ExportWriterTest, MetaRowUsesHashForPlatformAndPublishedExamples) {
  ExportMember m;
  m.emails = {"John_Smith@gmail.com"};
  m.phones = {"(650)555-1212"};
  m.first_name = "Mary";
  m.last_name = "Smith";
  m.city = "New York";
  m.state = "California";
  m.zip = "94035";
  m.country = "United States";
  m.dob = "2/16/1997";
  m.gender = "female";
  StatusOr<ExportCounts> c = Export({m}, Platform::kMeta);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->rows, 1u);
  auto rows = Cells(Read(dir_ / "out.csv"));
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[1].size(), 14u);
  // Meta's published examples (docs/hash-profiles.md, M1).
  EXPECT_EQ(rows[1][0], "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
  EXPECT_EQ(rows[1][3], "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176");
  EXPECT_EQ(rows[1][6], "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec");
  EXPECT_EQ(rows[1][11], "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621");
  EXPECT_EQ(rows[1][12], "01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c");
  // Every cell equals the identity layer's hash.
  struct Cell {
    size_t col;
    HashField field;
    std::string value;
    std::string region;
  };
  for (const Cell& cell : std::vector<Cell>{{1, HashField::kEmail, "", ""},
                                            {7, HashField::kLastName, "Smith", ""},
                                            {8, HashField::kCity, "New York", ""},
                                            {9, HashField::kState, "California", "US"},
                                            {10, HashField::kZip, "94035", "US"},
                                            {13, HashField::kGender, "female", ""}}) {
    if (cell.value.empty()) {
      EXPECT_EQ(rows[1][cell.col], "");
      continue;
    }
    StatusOr<std::string> h = HashForPlatform(Platform::kMeta, cell.field, cell.value, cell.region);
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(rows[1][cell.col], *h) << HashFieldName(cell.field);
  }
  EXPECT_EQ(c->identifiers.at("email"), 1u);
  EXPECT_EQ(c->identifiers.at("phone"), 1u);
  EXPECT_EQ(c->identifiers.at("gender"), 1u);
  EXPECT_TRUE(c->skipped.empty());
}

TEST_F(ExportWriterTest, GmailDotRuleAppliesOnlyForGoogle) {
  ExportMember m;
  m.emails = {"Cloudy.SanFrancisco+shopping@gmail.com"};
  m.phones = {"+1 800 555 0100"};
  ASSERT_TRUE(Export({m}, Platform::kMeta, kOpen, "meta.csv").ok());
  ASSERT_TRUE(Export({m}, Platform::kGoogle, kOpen, "google.csv").ok());
  auto meta = Cells(Read(dir_ / "meta.csv"));
  auto google = Cells(Read(dir_ / "google.csv"));
  EXPECT_EQ(meta[1][0], Sha256Hex("cloudy.sanfrancisco+shopping@gmail.com"));
  EXPECT_EQ(google[1][0], Sha256Hex("cloudysanfrancisco@gmail.com"));
  EXPECT_EQ(meta[1][3], Sha256Hex("18005550100"));
  EXPECT_EQ(google[1][3], Sha256Hex("+18005550100"));
}

TEST_F(ExportWriterTest, GoogleAddressHasUnhashedCountryAndZipAndNeedsAllFour) {
  ExportMember full;
  full.emails = {"ann@example.com"};
  full.first_name = "John";
  full.last_name = "Doe";
  full.country = "United States";
  full.zip = "10011";
  full.city = "New York";
  full.dob = "1990-01-31";
  ExportMember partial;
  partial.phones = {"+49 30 1234567"};
  partial.first_name = "Erika";
  partial.country = "DE";
  StatusOr<ExportCounts> c = Export({full, partial}, Platform::kGoogle);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto rows = Cells(Read(dir_ / "out.csv"));
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_EQ(rows[1].size(), 10u);
  EXPECT_EQ(rows[1][6], *HashForPlatform(Platform::kGoogle, HashField::kFirstName, "John"));
  EXPECT_EQ(rows[1][7], *HashForPlatform(Platform::kGoogle, HashField::kLastName, "Doe"));
  EXPECT_EQ(rows[1][8], "US");
  EXPECT_EQ(rows[1][9], "10011");
  // The partial address is dropped entirely: no unhashed country without its names.
  EXPECT_EQ(rows[2][3], *HashForPlatform(Platform::kGoogle, HashField::kPhone, "+49 30 1234567"));
  for (size_t i = 6; i < 10; ++i) EXPECT_EQ(rows[2][i], "");
  EXPECT_EQ(c->skipped.at("google does not take field city"), 1u);
  EXPECT_EQ(c->skipped.at("google does not take field dob"), 1u);
  EXPECT_EQ(
      c->skipped.at("address: incomplete (google needs first name, last name, country and zip)"),
      1u);
  EXPECT_EQ(c->identifiers.at("country"), 1u);
  EXPECT_EQ(c->identifiers.at("first_name"), 1u);
}

TEST_F(ExportWriterTest, MultipleEmailsAndPhonesFillRepeatedColumnsDeduplicated) {
  ExportMember m;
  m.emails = {"a@example.com", "A@Example.com ", "b@example.com",
              "c@example.com", "d@example.com",  "not an address"};
  m.phones = {"+14155550100", "+1 (415) 555-0100", "+4930123456"};
  StatusOr<ExportCounts> c = Export({m}, Platform::kMeta);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto rows = Cells(Read(dir_ / "out.csv"));
  EXPECT_EQ(rows[1][0], Sha256Hex("a@example.com"));
  EXPECT_EQ(rows[1][1], Sha256Hex("b@example.com"));
  EXPECT_EQ(rows[1][2], Sha256Hex("c@example.com"));
  EXPECT_EQ(rows[1][3], Sha256Hex("14155550100"));
  EXPECT_EQ(rows[1][4], Sha256Hex("4930123456"));
  EXPECT_EQ(rows[1][5], "");
  EXPECT_EQ(c->identifiers.at("email"), 3u);
  EXPECT_EQ(c->identifiers.at("phone"), 2u);
  EXPECT_EQ(c->skipped.at("email: more than 3 per member"), 1u);
  EXPECT_EQ(c->skipped.at("email: rejected by the meta rule"), 1u);
}

TEST_F(ExportWriterTest, NoPlaintextInTheFile) {
  ExportMember m;
  m.emails = {"plaintext.person@example.com"};
  m.phones = {"+4915112345678"};
  m.first_name = "Plaintextina";
  m.last_name = "Secretson";
  m.city = "Berlin";
  m.country = "DE";
  m.zip = "10115";
  for (Platform p : {Platform::kMeta, Platform::kGoogle}) {
    ASSERT_TRUE(Export({m}, p).ok());
    const std::string text = Read(dir_ / "out.csv");
    for (const char* s : {"plaintext", "example.com", "4915112345678", "Secretson", "secretson",
                          "Berlin", "berlin"}) {
      EXPECT_EQ(text.find(s), std::string::npos) << s << " in " << PlatformName(p);
    }
    if (p == Platform::kMeta) {
      EXPECT_EQ(text.find("10115"), std::string::npos);
    }
  }
}

TEST_F(ExportWriterTest, RowWithoutUsableIdentifierIsSkipped) {
  ExportMember only_gender;
  only_gender.gender = "f";
  ExportMember ok;
  ok.emails = {"x@example.org"};
  StatusOr<ExportCounts> c = Export({only_gender, ok}, Platform::kMeta);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->members, 2u);
  EXPECT_EQ(c->rows, 1u);
  EXPECT_EQ(c->skipped.at("row: no usable identifier"), 1u);
  EXPECT_EQ(c->identifiers.count("gender"), 0u);  // not counted: the row was not written
  EXPECT_EQ(Cells(Read(dir_ / "out.csv")).size(), 2u);
}

TEST_F(ExportWriterTest, FileIsOwnerOnlyAndReplacedAtomically) {
  {
    std::ofstream old(dir_ / "out.csv");
    old << "old content";
  }
  ExportMember m;
  m.emails = {"x@example.org"};
  ASSERT_TRUE(Export({m}, Platform::kGoogle).ok());
  struct stat st;
  ASSERT_EQ(::stat((dir_ / "out.csv").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(Read(dir_ / "out.csv").rfind("Email,", 0), 0u);
  EXPECT_EQ(DirEntries(), std::vector<std::string>{"out.csv"});  // no temp file left
}

TEST_F(ExportWriterTest, RefusesBelowMinimumAndLeavesNoFile) {
  std::vector<ExportMember> members(99);
  for (size_t i = 0; i < members.size(); ++i) {
    members[i].emails = {"m" + std::to_string(i) + "@example.com"};
  }
  StatusOr<ExportCounts> c = Export(members, Platform::kMeta, GuardrailOptions{});
  EXPECT_EQ(c.status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(DirEntries().empty());
}

TEST_F(ExportWriterTest, RefusesWhenTooFewRowsAreUsableAndLeavesNoFile) {
  std::vector<ExportMember> members(3);
  members[0].emails = {"a@example.com"};
  members[1].emails = {"b@example.com"};
  members[2].emails = {"not an address"};
  StatusOr<ExportCounts> c = Export(members, Platform::kMeta, GuardrailOptions{3, 1, 1});
  EXPECT_EQ(c.status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(DirEntries().empty());
}

TEST_F(ExportWriterTest, MissingDirectoryIsIOError) {
  ExportMember m;
  m.emails = {"x@example.org"};
  ExportOptions o;
  StatusOr<ExportCounts> c =
      WriteCustomerList({m}, (dir_ / "missing" / "out.csv").string(), o, kKey, kOpen, kSecret);
  EXPECT_EQ(c.status().code(), StatusCode::kIOError);
  EXPECT_TRUE(DirEntries().empty());
}

// A few thousand members with everything the rows can hold: several and repeated e-mails and
// phones, values the rules reject, unknown countries, members without a usable identifier.
std::vector<ExportMember> VariedMembers(size_t n) {
  const char* countries[] = {"DE", "United States", "fr", "Atlantis", "", "GB", " us "};
  const char* states[] = {"California", "Bavaria", "", "NY", "Texas"};
  const char* zips[] = {"94035", "10115", "SW1A 1AA", "", "1234-5678", "12345-6789"};
  const char* dobs[] = {"1990-01-31", "31.12.1985", "02/03/1990", "", "19700101", "not a date"};
  const char* genders[] = {"f", "male", "", "divers", "Frau"};
  const char* names[] = {"Anna", "Zoë", "Jean-Luc", "", "Dr. Who", "O'Brien", "42"};
  std::vector<ExportMember> members(n);
  for (size_t i = 0; i < n; ++i) {
    ExportMember& m = members[i];
    const std::string id = std::to_string(i);
    if (i % 11 != 0) m.emails.push_back("Member" + id + "@Example.com");
    if (i % 7 == 0) m.emails.push_back(" member" + id + "@example.com");  // the same address
    if (i % 13 == 0) {
      for (int k = 0; k < 4; ++k) m.emails.push_back("x" + std::to_string(k) + id + "@gmail.com");
    }
    if (i % 17 == 0) m.emails.push_back("not an address");
    if (i % 3 == 0) m.phones.push_back("+4930" + std::to_string(1000000 + i));
    if (i % 5 == 0) m.phones.push_back("(650) 555-" + std::to_string(1000 + i % 9000));
    if (i % 19 == 0) m.phones.push_back("12");
    m.first_name = names[i % std::size(names)];
    m.last_name = names[(i / 3) % std::size(names)];
    m.country = countries[i % std::size(countries)];
    m.state = states[i % std::size(states)];
    m.zip = zips[(i / 2) % std::size(zips)];
    m.city = i % 4 == 0 ? "New York" : "";
    m.dob = dobs[i % std::size(dobs)];
    m.gender = genders[i % std::size(genders)];
  }
  return members;
}

TEST_F(ExportWriterTest, FileAndCountsAreTheSameWhateverTheNumberOfThreads) {
  const std::vector<ExportMember> members = VariedMembers(3000);
  for (Platform p : {Platform::kMeta, Platform::kGoogle}) {
    for (bool normalized : {false, true}) {
      std::string first_file;
      ExportCounts first;
      for (unsigned threads : {1u, 2u, 3u}) {
        ExportOptions o;
        o.platform = p;
        o.default_region = "DE";
        o.identifiers_normalized = normalized;
        o.threads = threads;
        const std::string name = "t" + std::to_string(threads) + ".csv";
        StatusOr<ExportCounts> c =
            WriteCustomerList(members, (dir_ / name).string(), o, kKey, kOpen, kSecret);
        ASSERT_TRUE(c.ok()) << c.status().ToString();
        const std::string file = Read(dir_ / name);
        if (threads == 1) {
          first_file = file;
          first = *c;
          EXPECT_GT(c->rows, 2000u);
          EXPECT_FALSE(c->skipped.empty());
          continue;
        }
        EXPECT_EQ(file, first_file) << PlatformName(p) << " with " << threads << " threads";
        EXPECT_EQ(c->rows, first.rows);
        EXPECT_EQ(c->identifiers, first.identifiers);
        EXPECT_EQ(c->skipped, first.skipped);
        EXPECT_EQ(c->blake2b, first.blake2b);
      }
    }
  }
}

TEST_F(ExportWriterTest, StreamedPartsMakeTheSameFileAsAVector) {
  const std::vector<ExportMember> members = VariedMembers(2500);
  ExportOptions o;
  o.default_region = "US";
  StatusOr<ExportCounts> from_vector =
      WriteCustomerList(members, (dir_ / "vector.csv").string(), o, kKey, kOpen, kSecret);
  ASSERT_TRUE(from_vector.ok()) << from_vector.status().ToString();

  // Parts of uneven sizes, one of them empty.
  const std::vector<size_t> bounds = {0, 1, 700, 700, 1999, 2500};
  ExportMemberSource source;
  source.members = members.size();
  source.parts = bounds.size() - 1;
  source.read = [&](size_t part, const std::function<void(const ExportMemberView&)>& emit) {
    for (size_t i = bounds[part]; i < bounds[part + 1]; ++i) {
      const ExportMember& m = members[i];
      std::vector<std::string_view> emails(m.emails.begin(), m.emails.end());
      std::vector<std::string_view> phones(m.phones.begin(), m.phones.end());
      emit({emails, phones, m.first_name, m.last_name, m.country, m.zip, m.city, m.state, m.dob,
            m.gender});
    }
    return Status::Ok();
  };
  StatusOr<ExportCounts> streamed =
      WriteCustomerList(source, (dir_ / "parts.csv").string(), o, kKey, kOpen, kSecret);
  ASSERT_TRUE(streamed.ok()) << streamed.status().ToString();
  EXPECT_EQ(Read(dir_ / "parts.csv"), Read(dir_ / "vector.csv"));
  EXPECT_EQ(streamed->identifiers, from_vector->identifiers);
  EXPECT_EQ(streamed->skipped, from_vector->skipped);
  EXPECT_EQ(streamed->blake2b, from_vector->blake2b);
}

TEST_F(ExportWriterTest, ErrorFromTheSourceLeavesNoFile) {
  ExportMemberSource source;
  source.members = 500;
  source.parts = 5;
  source.read = [](size_t part, const std::function<void(const ExportMemberView&)>& emit) {
    if (part == 3) return Corruption("part 3 is broken");
    const std::string_view email[] = {"a@example.com"};
    for (int i = 0; i < 100; ++i) emit({.emails = email});
    return Status::Ok();
  };
  ExportOptions o;
  o.threads = 2;
  StatusOr<ExportCounts> c =
      WriteCustomerList(source, (dir_ / "out.csv").string(), o, kKey, kOpen, kSecret);
  EXPECT_EQ(c.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(DirEntries().empty());
}

// Values that repeat are normalised and hashed once per thread; the region is part of what
// state and zip are remembered by.
TEST_F(ExportWriterTest, RepeatedValuesKeepTheirRegionAndTheirSkips) {
  ExportMember us;
  us.emails = {"us@example.com"};
  us.country = "US";
  us.state = "California";
  us.zip = "94035-1234";
  us.dob = "02/03/1990";  // ambiguous: rejected
  ExportMember de = us;
  de.emails = {"de@example.com"};
  de.country = "DE";
  StatusOr<ExportCounts> c = Export({us, de, us, de}, Platform::kMeta);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto rows = Cells(Read(dir_ / "out.csv"));
  ASSERT_EQ(rows.size(), 5u);
  for (size_t r : {1u, 3u}) {
    EXPECT_EQ(rows[r][9], *HashForPlatform(Platform::kMeta, HashField::kState, "California", "US"));
    EXPECT_EQ(rows[r][10], *HashForPlatform(Platform::kMeta, HashField::kZip, "94035-1234", "US"));
  }
  for (size_t r : {2u, 4u}) {
    EXPECT_EQ(rows[r][9], *HashForPlatform(Platform::kMeta, HashField::kState, "California", "DE"));
    EXPECT_EQ(rows[r][10], *HashForPlatform(Platform::kMeta, HashField::kZip, "94035-1234", "DE"));
  }
  EXPECT_NE(rows[1][9], rows[2][9]);
  EXPECT_EQ(c->skipped.at("dob: rejected by the meta rule"), 4u);
  EXPECT_EQ(c->identifiers.at("state"), 4u);
}

// More distinct values than a thread keeps: those past the limit are computed each time.
TEST_F(ExportWriterTest, DistinctValuesBeyondTheCacheAreStillHashedRight) {
  std::vector<ExportMember> members(20000);
  for (size_t i = 0; i < members.size(); ++i) {
    std::string name = "Mc";
    for (size_t n = i; n > 0; n /= 26) name.push_back(static_cast<char>('a' + n % 26));
    members[i].emails = {"m" + std::to_string(i) + "@example.com"};
    members[i].last_name = name;
  }
  ExportOptions o;
  o.threads = 1;  // one thread sees every value
  StatusOr<ExportCounts> c =
      WriteCustomerList(members, (dir_ / "out.csv").string(), o, kKey, kOpen, kSecret);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto rows = Cells(Read(dir_ / "out.csv"));
  ASSERT_EQ(rows.size(), members.size() + 1);
  for (size_t i = 0; i < members.size(); i += 997) {
    EXPECT_EQ(rows[i + 1][7],
              *HashForPlatform(Platform::kMeta, HashField::kLastName, members[i].last_name));
  }
  EXPECT_EQ(rows.back()[7],
            *HashForPlatform(Platform::kMeta, HashField::kLastName, members.back().last_name));
  EXPECT_EQ(c->identifiers.at("last_name"), members.size());
}

// Exports hash with Sha256HexTo (the CPU's SHA extensions where it has them): it must be
// Sha256Hex exactly, across every padding case.
TEST(Sha256HexToTest, EqualsSha256HexForEveryLengthUpTo1000) {
  std::string bytes;
  uint32_t x = 2463534242u;
  for (size_t n = 0; n <= 1000; ++n) {
    char hex[kSha256HexSize];
    Sha256HexTo(bytes, hex);
    ASSERT_EQ(std::string(hex, sizeof hex), Sha256Hex(bytes)) << "length " << n;
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;  // xorshift: arbitrary bytes, zeros included
    bytes.push_back(static_cast<char>(x));
  }
}

}  // namespace
}  // namespace dl
