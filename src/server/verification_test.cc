// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The one-time-code Verifier: codes expire, attempts are limited, codes are single use and never
// kept in clear, starts are rate limited, and nothing distinguishes an identifier the store
// holds from one it does not (the verifier has no store to ask).
#include "daylight/verification.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dl {
namespace {

// Records what would be sent.
class FakeDelivery : public CodeDelivery {
 public:
  Status Send(const Identifier& to, std::string_view code, std::string_view language) override {
    sent.push_back({to.ToString(), std::string(code), std::string(language)});
    return fail ? IOError("provider down") : Status::Ok();
  }
  struct Sent {
    std::string to, code, language;
  };
  std::vector<Sent> sent;
  bool fail = false;
};

class VerifierTest : public ::testing::Test {
 protected:
  VerifierTest() {
    VerifierOptions o;
    o.clock = [this] { return now_; };
    verifier_ = std::make_unique<OneTimeCodeVerifier>(&delivery_, o);
  }
  std::string Start(const std::string& email, const std::string& client = "10.0.0.1") {
    auto t = verifier_->Start({IdType::kEmail, email}, "en", client);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : "";
  }
  static std::string Wrong(const std::string& code) {
    return code == "000000" ? "000001" : "000000";
  }

  int64_t now_ = 1'000'000'000;
  FakeDelivery delivery_;
  std::unique_ptr<OneTimeCodeVerifier> verifier_;
};

TEST_F(VerifierTest, RightCodeVerifiesOnce) {
  const std::string token = Start("ann@example.com");
  ASSERT_EQ(delivery_.sent.size(), 1u);
  const std::string code = delivery_.sent[0].code;
  ASSERT_EQ(code.size(), 6u);
  for (char c : code) EXPECT_TRUE(c >= '0' && c <= '9');
  Confirmation c = verifier_->Confirm(token, code);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.identifier.ToString(), "email:ann@example.com");
  EXPECT_EQ(verifier_->Confirm(token, code).result, Confirmation::Result::kUnknown)
      << "a code works once";
}

TEST_F(VerifierTest, CodeMayBeTypedWithSpaces) {
  const std::string token = Start("ann@example.com");
  const std::string code = delivery_.sent[0].code;
  EXPECT_TRUE(verifier_->Confirm(token, " " + code.substr(0, 3) + " " + code.substr(3)).ok());
}

TEST_F(VerifierTest, ExpiresAfterTenMinutes) {
  const std::string token = Start("ann@example.com");
  const std::string code = delivery_.sent[0].code;
  now_ += 10LL * 60 * 1000000;  // exactly the lifetime: no longer valid
  EXPECT_EQ(verifier_->Confirm(token, code).result, Confirmation::Result::kExpired);
  EXPECT_EQ(verifier_->Confirm(token, code).result, Confirmation::Result::kUnknown);

  const std::string token2 = Start("ann@example.com");
  now_ += 10LL * 60 * 1000000 - 1;  // just inside
  EXPECT_TRUE(verifier_->Confirm(token2, delivery_.sent[1].code).ok());
}

TEST_F(VerifierTest, FiveAttemptsThenLocked) {
  const std::string token = Start("ann@example.com");
  const std::string code = delivery_.sent[0].code;
  for (int left = 4; left >= 1; --left) {
    Confirmation c = verifier_->Confirm(token, Wrong(code));
    EXPECT_EQ(c.result, Confirmation::Result::kWrongCode);
    EXPECT_EQ(c.attempts_left, left);
  }
  EXPECT_EQ(verifier_->Confirm(token, "12x456").result, Confirmation::Result::kLocked)
      << "a malformed code is an attempt too";
  EXPECT_EQ(verifier_->Confirm(token, code).result, Confirmation::Result::kUnknown)
      << "the right code no longer helps";
}

TEST_F(VerifierTest, UnknownAndForeignTokensFail) {
  const std::string token = Start("ann@example.com");
  EXPECT_EQ(verifier_->Confirm("", "123456").result, Confirmation::Result::kUnknown);
  EXPECT_EQ(verifier_->Confirm(token + "00", delivery_.sent[0].code).result,
            Confirmation::Result::kUnknown);
  // Bob's token with Ann's code: each code belongs to its challenge.
  const std::string bob = Start("bob@example.com");
  if (delivery_.sent[0].code != delivery_.sent[1].code) {
    EXPECT_EQ(verifier_->Confirm(bob, delivery_.sent[0].code).result,
              Confirmation::Result::kWrongCode);
  }
}

TEST_F(VerifierTest, CodesAreNotKeptInClear) {
  Start("ann@example.com");
  const std::string code = delivery_.sent[0].code;
  std::vector<std::string> stored = verifier_->StoredCodeDigestsForTest();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].size(), 32u);
  EXPECT_EQ(stored[0].find(code), std::string::npos);
  // Keyed and bound to the challenge: the same code for another challenge hashes differently,
  // so a digest says nothing about the code without the process secret.
  Start("bob@example.com");
  stored = verifier_->StoredCodeDigestsForTest();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_NE(stored[0], stored[1]);
}

TEST_F(VerifierTest, SameAnswerWhateverTheIdentifier) {
  // The verifier is never told what the store holds: the answers for any two addresses have the
  // same shape, and both get a code.
  auto a = verifier_->Start({IdType::kEmail, "held@example.com"}, "de", "10.0.0.2");
  auto b = verifier_->Start({IdType::kEmail, "never-heard-of@example.org"}, "de", "10.0.0.3");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->size(), b->size());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
  ASSERT_EQ(delivery_.sent.size(), 2u);
  EXPECT_EQ(delivery_.sent[1].to, "email:never-heard-of@example.org");
  EXPECT_EQ(delivery_.sent[1].language, "de");
}

TEST_F(VerifierTest, StartsAreLimitedPerIdentifierAndPerClient) {
  for (int i = 0; i < 5; ++i) Start("ann@example.com", "10.0.1." + std::to_string(i));
  auto sixth = verifier_->Start({IdType::kEmail, "ann@example.com"}, "en", "10.0.2.1");
  EXPECT_EQ(sixth.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(sixth.status().message().find("ann"), std::string::npos);
  EXPECT_EQ(delivery_.sent.size(), 5u) << "a refused start sends nothing";
  // Another address from the same client is fine until the client's own limit.
  for (int i = 0; i < 20; ++i) {
    auto t = verifier_->Start({IdType::kEmail, "p" + std::to_string(i) + "@example.com"}, "en",
                              "10.9.9.9");
    EXPECT_TRUE(t.ok()) << i;
  }
  EXPECT_EQ(verifier_->Start({IdType::kEmail, "x@example.com"}, "en", "10.9.9.9").status().code(),
            StatusCode::kPermissionDenied);
  // An hour later both limits are free again.
  now_ += 60LL * 60 * 1000000 + 1;
  EXPECT_TRUE(verifier_->Start({IdType::kEmail, "ann@example.com"}, "en", "10.9.9.9").ok());
}

TEST_F(VerifierTest, OnlyEmailAndPhoneReceiveCodes) {
  EXPECT_EQ(verifier_->Start({IdType::kVin, "1HGCM82633A004352"}, "en", "c").status().code(),
            StatusCode::kInvalidArgument);
  auto phone = verifier_->Start({IdType::kPhone, "+4917112345678"}, "en", "c");
  ASSERT_TRUE(phone.ok());
  EXPECT_EQ(DeliveryChannel(IdType::kPhone), "sms");
}

TEST_F(VerifierTest, FailedDeliveryLeavesNoChallenge) {
  delivery_.fail = true;
  auto t = verifier_->Start({IdType::kEmail, "ann@example.com"}, "en", "c");
  EXPECT_EQ(t.status().code(), StatusCode::kIOError);
  EXPECT_EQ(verifier_->Pending(), 0u);
}

TEST(OutboxTest, KeepsTheLastMessagesNewestFirstInTheirLanguage) {
  OutboxDelivery outbox(3);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(outbox
                    .Send({IdType::kEmail, "p" + std::to_string(i) + "@example.com"},
                          "12345" + std::to_string(i), i == 4 ? "de" : "en")
                    .ok());
  }
  ASSERT_TRUE(outbox.Send({IdType::kPhone, "+4917112345678"}, "654321", "en").ok());
  std::vector<OutboxMessage> m = outbox.Messages();
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].to, "phone:+4917112345678");
  EXPECT_EQ(m[0].channel, "sms");
  EXPECT_NE(m[0].text.find("654321"), std::string::npos);
  EXPECT_EQ(m[1].language, "de");
  EXPECT_NE(m[1].text.find("Ihr Code"), std::string::npos);
  EXPECT_NE(m[1].text.find("123454"), std::string::npos);
  EXPECT_EQ(m[2].channel, "email");
  EXPECT_NE(m[2].text.find("Your Daylight privacy portal code is 123453"), std::string::npos);
  EXPECT_GT(m[0].id, m[1].id);
  EXPECT_EQ(outbox.Messages(1).size(), 1u);
}

}  // namespace
}  // namespace dl
