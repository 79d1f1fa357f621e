// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The gate's rules, one case a row: facts, purpose, time -> allow or the first failing rule.
#include "daylight/gate.h"

#include <gtest/gtest.h>

namespace dl {
namespace {

constexpr int64_t kDay = 86400LL * 1000000;
constexpr int64_t kNow = 1000 * kDay;
constexpr char kAds[] = "marketing.advertising.third_party.targeted";

GateFacts Customer(std::string collected_for = "marketing.communications.email") {
  GateFacts f;
  f.known = true;
  f.has_subject = true;
  f.claims.push_back({Supplier::kSelf, std::move(collected_for), "web", kNow - 10 * kDay});
  return f;
}

ConsentFact Consent(std::string purpose, ConsentState s, int64_t t, int64_t expires = 0) {
  static uint64_t seq = 0;
  return {std::move(purpose), s, t, expires, "form", ++seq};
}

struct Case {
  const char* name;
  GateFacts facts;
  const char* purpose;
  bool allow;
  const char* exclusion;  // first failing rule when denied
};

std::vector<Case> Cases() {
  std::vector<Case> cases;
  GateFacts shadow;
  shadow.known = true;
  shadow.claims.push_back({Supplier::kThirdParty, "functional.contact_discovery", "app", 0});
  shadow.third_party_uploads = 50;
  cases.push_back({"shadow phone from 50 address books", shadow, kAds, false, "shadow"});

  GateFacts twofa = Customer("essential.security");
  twofa.consents.push_back(Consent(kAds, ConsentState::kGranted, kNow - kDay));
  cases.push_back(
      {"2FA phone never used for ads, even with consent", twofa, kAds, false, "purpose"});

  GateFacts ok = Customer();
  ok.consents.push_back(Consent(kAds, ConsentState::kGranted, kNow - kDay));
  cases.push_back({"consented customer", ok, kAds, true, ""});

  GateFacts withdrawn = ok;
  withdrawn.consents.push_back(Consent(kAds, ConsentState::kWithdrawn, kNow - 1));
  cases.push_back({"withdrawal after the grant wins", withdrawn, kAds, false, "legal basis"});

  GateFacts regranted = withdrawn;
  regranted.consents.push_back(Consent(kAds, ConsentState::kGranted, kNow - 1));
  cases.push_back({"same-time re-grant recorded later wins", regranted, kAds, true, ""});

  GateFacts expired = Customer();
  expired.consents.push_back(Consent(kAds, ConsentState::kGranted, kNow - 2 * kDay, kNow - kDay));
  cases.push_back({"expired consent", expired, kAds, false, "legal basis"});

  GateFacts parent = Customer();
  parent.consents.push_back(Consent("marketing", ConsentState::kGranted, kNow - kDay));
  cases.push_back({"consent to a parent covers the child", parent, kAds, true, ""});

  GateFacts none = Customer();
  cases.push_back({"no consent recorded", none, kAds, false, "legal basis"});
  cases.push_back({"contract basis needs no consent", Customer("essential.service"),
                   "essential.service", true, ""});

  GateFacts objected = ok;
  objected.objections.push_back("marketing");
  cases.push_back({"objection to all marketing", objected, kAds, false, "objection"});
  GateFacts gpc = ok;
  gpc.objections.push_back(kAds);
  cases.push_back(
      {"objection to ads leaves e-mail alone", gpc, "essential.service", false, "purpose"});

  GateFacts restricted = ok;
  restricted.restricted = true;
  cases.push_back({"restriction blocks use", restricted, kAds, false, "objection"});

  GateFacts blocked = ok;
  blocked.blocked = true;
  cases.push_back({"placeholder", blocked, kAds, false, "quality"});
  GateFacts shared = ok;
  shared.shared = true;
  shared.shared_by = 7;
  shared.has_subject = false;
  cases.push_back({"shared office number", shared, kAds, false, "shared"});

  GateFacts unknown;
  cases.push_back({"unknown identifier", unknown, kAds, false, "provenance"});
  return cases;
}

TEST(GateTest, RulesAsCases) {
  for (const Case& c : Cases()) {
    Decision d = Decide(c.facts, c.purpose, kNow, DefaultPolicy());
    EXPECT_EQ(d.allow, c.allow) << c.name;
    EXPECT_EQ(d.exclusion, c.exclusion) << c.name;
    ASSERT_EQ(d.rules.size(), 5u) << c.name;
    for (const RuleVerdict& r : d.rules) EXPECT_FALSE(r.reason.empty()) << c.name;
  }
}

TEST(GateTest, ShadowReasonSaysHowManyUploadsAndNothingElse) {
  GateFacts shadow;
  shadow.known = true;
  shadow.claims.push_back({Supplier::kThirdParty, "functional.contact_discovery", "app", 0});
  shadow.third_party_uploads = 3;
  Decision d = Decide(shadow, kAds, kNow, DefaultPolicy());
  EXPECT_EQ(d.rules[0].reason,
            "shadow: supplied only by 3 third-party uploads; no claim from the person or from the "
            "organisation's own records");
}

TEST(GateTest, EveryRuleIsEvaluatedSoExplainSaysAllThatIsWrong) {
  GateFacts f = Customer("essential.security");
  f.blocked = true;
  f.objections.push_back("marketing");
  Decision d = Decide(f, kAds, kNow, DefaultPolicy());
  EXPECT_FALSE(d.rules[1].pass);
  EXPECT_FALSE(d.rules[2].pass);
  EXPECT_FALSE(d.rules[3].pass);
  EXPECT_FALSE(d.rules[4].pass);
  EXPECT_EQ(d.exclusion, "purpose");
}

TEST(GateTest, ConsentOnlyCountsUpToTheTimeAsked) {
  GateFacts f = Customer();
  f.consents.push_back(Consent(kAds, ConsentState::kGranted, kNow + kDay));
  EXPECT_FALSE(Decide(f, kAds, kNow, DefaultPolicy()).allow);
  EXPECT_TRUE(Decide(f, kAds, kNow + 2 * kDay, DefaultPolicy()).allow);
}

TEST(GateTest, UnknownPurposeIsDenied) {
  Decision d = Decide(Customer(), "marketing.spam", kNow, DefaultPolicy());
  EXPECT_FALSE(d.allow);
  EXPECT_EQ(d.exclusion, "unknown purpose");
}

}  // namespace
}  // namespace dl
