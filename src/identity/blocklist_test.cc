// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "daylight/blocklist.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "identity/phone_patterns.h"

namespace dl {
namespace {

Identifier Email(const char* v) { return {IdType::kEmail, v}; }
Identifier Phone(const char* v) { return {IdType::kPhone, v}; }

struct Case {
  Identifier id;
  bool blocked;
  const char* reason;  // substring, when blocked
};

TEST(BlocklistDefaults, Emails) {
  const Blocklist b = Blocklist::Defaults();
  const Case cases[] = {
      {Email("test@test.com"), true, "placeholder e-mail address"},
      {Email("a@a.com"), true, "placeholder e-mail address"},
      {Email("asdf@asdf.com"), true, "placeholder e-mail address"},
      {Email("noemail@noemail.com"), true, "placeholder e-mail address"},
      {Email("test@test.de"), true, "placeholder e-mail address"},
      {Email("test@example.com"), true, "placeholder e-mail address"},
      // example.com/.org/.net name the people of documentation and acceptance stories.
      {Email("ann@example.org"), false, ""},
      {Email("ann@example.net"), false, ""},
      {Email("ann@example.com"), false, ""},
      {Email("ann@shop.test"), true, "placeholder e-mail domain"},
      {Email("ann@nowhere.invalid"), true, "placeholder e-mail domain"},
      {Email("ann@foo.example"), true, "placeholder e-mail domain"},
      // Real mailboxes, even if role accounts, are not placeholders.
      {Email("noreply@company.com"), false, ""},
      {Email("no-reply@shop.de"), false, ""},
      {Email("info@company.com"), false, ""},
      {Email("test@company.com"), false, ""},
      {Email("ann@example.com.au"), false, ""},
      {Email("ann@notexample.com"), false, ""},
      {Email("ann@gmail.com"), false, ""},
      {Email("a@b.com"), false, ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(b.IsBlocked(c.id), c.blocked) << c.id.value;
    std::string reason = b.Reason(c.id);
    if (c.blocked) {
      EXPECT_NE(reason.find(c.reason), std::string::npos) << c.id.value << " -> " << reason;
      EXPECT_EQ(reason.find(c.id.value), std::string::npos);
    } else {
      EXPECT_EQ(reason, "") << c.id.value;
    }
  }
}

TEST(BlocklistDefaults, Phones) {
  const Blocklist b = Blocklist::Defaults();
  const Case cases[] = {
      {Phone("+10000000000"), true, "one repeated digit"},
      {Phone("+11111111111"), true, "one repeated digit"},
      {Phone("+499999999"), true, "one repeated digit"},
      {Phone("+49000000"), true, "one repeated digit"},
      {Phone("+4930555555"), false, ""},  // national "30555555" is not one digit
      {Phone("+11234567890"), true, "sequential"},
      {Phone("+441234567890"), true, "sequential"},  // valid Bedford number, still a placeholder
      {Phone("+49123456789"), true, "sequential"},
      {Phone("+490123456789"), true, "sequential"},
      {Phone("+19876543210"), true, "sequential"},
      {Phone("+12125550100"), true, "555-01XX"},
      {Phone("+12125550199"), true, "555-01XX"},
      {Phone("+12125550200"), false, ""},
      {Phone("+12125551212"), false, ""},  // directory assistance, not the fiction range
      {Phone("+16505551212"), false, ""},
      {Phone("+447700900123"), true, "Ofcom"},
      {Phone("+442079460123"), true, "Ofcom"},
      {Phone("+441134960999"), true, "Ofcom"},
      {Phone("+441614960000"), true, "Ofcom"},
      {Phone("+441914980500"), true, "Ofcom"},
      {Phone("+441632960001"), true, "Ofcom"},
      {Phone("+442079461123"), false, ""},
      {Phone("+4917112345678"), false, ""},
      {Phone("+491711234567"), false, ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(b.IsBlocked(c.id), c.blocked) << c.id.value;
    std::string reason = b.Reason(c.id);
    if (c.blocked) {
      EXPECT_NE(reason.find(c.reason), std::string::npos) << c.id.value << " -> " << reason;
      EXPECT_EQ(reason.find(c.id.value.substr(1)), std::string::npos);
    } else {
      EXPECT_EQ(reason, "") << c.id.value;
    }
  }
}

TEST(BlocklistDefaults, DevicesAndEmpty) {
  const Blocklist b = Blocklist::Defaults();
  EXPECT_TRUE(b.IsBlocked({IdType::kMaid, "00000000-0000-0000-0000-000000000000"}));
  EXPECT_FALSE(b.IsBlocked({IdType::kMaid, "aece52e7-03ee-455a-b3c4-e57283966239"}));
  EXPECT_TRUE(b.IsBlocked({IdType::kVin, "11111111111111111"}));
  EXPECT_TRUE(b.IsBlocked({IdType::kVin, "AAAAAAAAAAAAAAAAA"}));
  EXPECT_FALSE(b.IsBlocked({IdType::kVin, "1M8GDM9AXKP042788"}));
  // The type is part of the key: a phone entry does not block an equal external value.
  EXPECT_FALSE(b.IsBlocked({IdType::kExternal, "test@test.com"}));

  const Blocklist empty = Blocklist::Empty();
  EXPECT_FALSE(empty.IsBlocked(Email("test@test.com")));
  EXPECT_FALSE(empty.IsBlocked(Phone("+10000000000")));
}

// The hand-written matchers must mean exactly what their regexes say; the regexes are what the
// docs show and what a user would copy into a blocklist file.
TEST(BuiltinPhonePatterns, MatchersAgreeWithTheirRegexes) {
  std::vector<std::string> samples = {
      "+10000000000",
      "+11111111111",
      "+4911111",
      "+491111111",
      "+12345678",
      "+123456789",
      "+1123456789",
      "+11234567890",
      "+112345678901",
      "+1012345678",
      "+10123456789",
      "+112345678901234",
      "+1123456789012345",
      "+4912345679",
      "+19876543210",
      "+198765432",
      "+1987654321098",
      "+1987654321",
      "+12125550100",
      "+11125550100",
      "+1212555010",
      "+447700900123",
      "+447700901123",
      "+442079460000",
      "+441184960123",
      "+441194960123",
      "+441214960123",
      "+441714960123",
      "+442896496999",
      "+44909879012",
      "+4477009001234",
      "",
      "+",
      "1234567890",
      "+12a4567890",
      "+1 2125550100",
  };
  std::mt19937 rng(42);
  const std::string kSeeds[] = {"+1",     "+44",     "+49",  "+4477009", "+1212555",
                                "+11234", "+198765", "+490", "+4420794"};
  for (int i = 0; i < 20000; ++i) {
    std::string s = kSeeds[rng() % std::size(kSeeds)];
    size_t len = 3 + rng() % 11;
    char repeat = static_cast<char>('0' + rng() % 10);
    bool use_repeat = rng() % 4 == 0;
    for (size_t k = 0; k < len; ++k) {
      s.push_back(use_repeat ? repeat : static_cast<char>('0' + rng() % 10));
    }
    samples.push_back(s);
  }
  for (const BuiltinPhonePattern& p : BuiltinPhonePatterns()) {
    std::regex re{std::string(p.source), std::regex::ECMAScript};
    size_t hits = 0;
    for (const std::string& s : samples) {
      bool want = std::regex_search(s, re);
      hits += want ? 1 : 0;
      ASSERT_EQ(p.matches(s), want) << p.name << " on " << s;
    }
    EXPECT_GT(hits, 0u) << p.name << ": the samples never exercise a match";
  }
}

class BlocklistFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/daylight_blocklist_XXXXXX";
    int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = tmpl;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void Write(const std::string& content) {
    std::ofstream out(path_);
    out << content;
  }
  std::string path_;
};

TEST_F(BlocklistFile, LoadsEveryEntryKind) {
  Write(
      "# placeholder values seen in our CRM\n"
      "\n"
      "email:Platzhalter@Firma.de   # normalised like any value\n"
      "phone:+49 30 1234567\n"
      "external:crm:DUMMY#1\n"
      "email-domain:@Corp.Example\r\n"
      "phone-pattern:^\\+4940\n");
  Blocklist b = Blocklist::Empty();
  Status s = b.LoadFile(path_);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(b.IsBlocked(Email("platzhalter@firma.de")));
  EXPECT_TRUE(b.IsBlocked(Phone("+49301234567")));
  EXPECT_TRUE(b.IsBlocked({IdType::kExternal, "crm:DUMMY#1"}));
  EXPECT_FALSE(b.IsBlocked({IdType::kExternal, "crm:dummy#1"}));  // external values keep case
  EXPECT_TRUE(b.IsBlocked(Email("ann@corp.example")));
  EXPECT_TRUE(b.IsBlocked(Email("ann@eu.corp.example")));
  EXPECT_FALSE(b.IsBlocked(Email("ann@corp.example.com")));
  EXPECT_TRUE(b.IsBlocked(Phone("+4940123456")));
  EXPECT_EQ(b.Reason(Phone("+4940123456")), "placeholder number (matches a blocklist pattern)");
  EXPECT_FALSE(b.IsBlocked(Phone("+4930123456")));
  EXPECT_FALSE(b.IsBlocked(Email("test@test.com")));  // Empty() has no defaults
}

TEST_F(BlocklistFile, ErrorsNameFileAndLineAndLeaveTheListUnchanged) {
  Write("email:test@firma.de\nphone:+49 30 1234567\nemail:not-an-address\n");
  Blocklist b = Blocklist::Empty();
  Status s = b.LoadFile(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), path_ + ":3: email: missing '@'");
  EXPECT_FALSE(b.IsBlocked(Email("test@firma.de")));  // nothing from the bad file was kept

  const struct {
    const char* line;
    const char* message;
  } bad[] = {
      {"phone:030 1234567", "phone: no country code"},
      {"phone-pattern:([", "invalid phone-pattern"},
      {"email-domain:a..b", "not a domain"},
      {"email-domain:a b.com", "not a domain"},
      {"telephone:+49301234567", "unknown entry kind"},
      {"just text", "expected kind:value"},
      {"email:", "empty value"},
  };
  for (const auto& c : bad) {
    Write(std::string("# header\n") + c.line + "\n");
    Status e = b.LoadFile(path_);
    ASSERT_FALSE(e.ok()) << c.line;
    EXPECT_EQ(e.message().rfind(path_ + ":2: ", 0), 0u) << e.message();
    EXPECT_NE(e.message().find(c.message), std::string::npos) << e.message();
  }
}

TEST_F(BlocklistFile, MissingFileIsAnIOError) {
  Blocklist b = Blocklist::Empty();
  Status s = b.LoadFile(path_ + ".does-not-exist");
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_NE(s.message().find(".does-not-exist"), std::string::npos);
}

TEST(BlocklistAddLine, AddsToDefaults) {
  Blocklist b = Blocklist::Defaults();
  ASSERT_TRUE(b.AddLine("email:kein@firma.de").ok());
  ASSERT_TRUE(b.AddLine("   # only a comment").ok());
  ASSERT_TRUE(b.AddLine("").ok());
  EXPECT_TRUE(b.IsBlocked(Email("kein@firma.de")));
  EXPECT_TRUE(b.IsBlocked(Email("test@test.com")));
}

}  // namespace
}  // namespace dl
