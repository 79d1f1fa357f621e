// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The access report (Art. 15) and portability export (Art. 20) over a real store, and their
// renderings: what they must contain, and what they must never contain.
#include "daylight/rights_report.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "daylight/purpose.h"
#include "daylight/store.h"

#include "util/time_util.h"

namespace dl {
namespace {

constexpr const char* kAds = "marketing.advertising.third_party.targeted";

class RightsReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("dl-rights-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    InitOptions o;
    o.guardrails = {1, 1, 1};
    auto s = Store::Init((dir_ / "t.db").string(), o, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Import(const std::string& name, const std::string& text, Supplier supplier,
              const std::string& purpose, const std::string& uploader = "") {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    ImportOptions o;
    o.path = path;
    o.supplier = supplier;
    o.source = supplier == Supplier::kSelf         ? "web"
               : supplier == Supplier::kFirstParty ? "crm"
                                                   : "app";
    o.collected_for = purpose;
    o.region = "DE";
    o.uploader = uploader;
    o.actor = "test";
    auto r = store_->Import(o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  static Identifier Id(const std::string& text) {
    auto id = ParseIdentifier(text, "DE");
    EXPECT_TRUE(id.ok()) << text;
    return id.ok() ? *id : Identifier{};
  }
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RightsReportTest, UnknownIdentifierIsNotFound) {
  auto r = BuildAccessReport(*store_, Id("email:nobody@example.com"), NowMicros());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message().find("nobody"), std::string::npos) << "no value in messages";
  EXPECT_EQ(
      BuildPortabilityExport(*store_, Id("email:nobody@example.com"), NowMicros()).status().code(),
      StatusCode::kNotFound);
}

TEST_F(RightsReportTest, AccessReportHoldsIdentifiersTraitsPurposesAndConsents) {
  Import("signup.csv", "email,first_name\nann@example.com,Ann\n", Supplier::kSelf,
         "marketing.communications.email");
  Import("crm.csv", "email,phone,tier\nann@example.com,+4917112345678,<b>gold</b>\n",
         Supplier::kFirstParty, "essential.security");
  ASSERT_TRUE(store_
                  ->RecordConsent(Id("email:ann@example.com"), kAds, ConsentState::kGranted,
                                  "ads opt-in v1", 0, "web", "test")
                  .ok());
  auto r = BuildAccessReport(*store_, Id("email:ann@example.com"), NowMicros());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->shadow);
  EXPECT_FALSE(r->subject_id.empty());
  ASSERT_EQ(r->identifiers.size(), 2u);
  EXPECT_EQ(r->identifiers[0].identifier, "email:ann@example.com");
  EXPECT_EQ(r->identifiers[0].claims.size(), 2u);
  ASSERT_EQ(r->traits.size(), 2u);
  EXPECT_EQ(r->traits[0].name, "first_name");
  EXPECT_EQ(r->traits[1].value, "<b>gold</b>");
  EXPECT_NE(r->traits[1].time_us, 0);

  ASSERT_EQ(r->purposes.size(), KnownPurposes().size());
  const PurposeUse* ads = nullptr;
  for (const PurposeUse& u : r->purposes) {
    if (u.purpose == kAds) ads = &u;
  }
  ASSERT_NE(ads, nullptr);
  EXPECT_EQ(ads->legal_basis, "consent");
  ASSERT_EQ(ads->allowed_through, std::vector<std::string>{"email:ann@example.com"});
  ASSERT_EQ(ads->denied.size(), 1u);  // the phone: collected for essential.security only
  EXPECT_EQ(ads->denied[0].identifier, "phone:+4917112345678");
  EXPECT_EQ(ads->denied[0].exclusion, "purpose");
  EXPECT_FALSE(ads->denied[0].reason.empty());
  ASSERT_EQ(r->consents.size(), 1u);
  EXPECT_EQ(r->consents[0].evidence, "ads opt-in v1");
  EXPECT_TRUE(r->uses.empty());
  EXPECT_FALSE(r->restricted);

  ASSERT_TRUE(store_->Object(Id("phone:+4917112345678"), "marketing", "test").ok());
  ASSERT_TRUE(store_->Restrict(Id("email:ann@example.com"), true, "test").ok());
  r = BuildAccessReport(*store_, Id("email:ann@example.com"), NowMicros());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->objections.size(), 1u);
  EXPECT_EQ(r->objections[0].first, "marketing");
  EXPECT_EQ(r->objections[0].second.size(), 2u) << "recorded on every identifier of the person";
  EXPECT_TRUE(r->restricted);
  for (const PurposeUse& u : r->purposes) EXPECT_FALSE(u.used()) << u.purpose;

  // JSON contract (docs/rights.md).
  auto j = nlohmann::json::parse(AccessReportJson(*r));
  EXPECT_EQ(j["format"], "daylight-access");
  EXPECT_EQ(j["version"], kAccessReportVersion);
  EXPECT_EQ(j["query"], "email:ann@example.com");
  EXPECT_EQ(j["identifiers"][0]["supplied"].size(), 2u);
  EXPECT_EQ(j["traits"].size(), 2u);
  EXPECT_EQ(j["consents"][0]["evidence"], "ads opt-in v1");
  EXPECT_EQ(j["restricted"], true);
  EXPECT_TRUE(j["retention"]["period"].is_null());
  EXPECT_EQ(j["purposes"].size(), KnownPurposes().size());

  // The HTML page escapes every value and runs nothing.
  const std::string html = AccessReportHtml(*r);
  EXPECT_NE(html.find("&lt;b&gt;gold&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>gold"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("<caption>"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos) << "no external resources";
  EXPECT_EQ(html.find("https://"), std::string::npos) << "no external resources";
}

TEST_F(RightsReportTest, ShadowNumberShowsUploadCountNeverUploadersOrLabels) {
  const std::string card = "BEGIN:VCARD\nVERSION:3.0\nFN:Mom\nTEL:+4915228817386\nEND:VCARD\n";
  for (int u = 1; u <= 3; ++u) {
    Import("book" + std::to_string(u) + ".vcf", card, Supplier::kThirdParty,
           "functional.contact_discovery", "uploader-" + std::to_string(u));
  }
  auto r = BuildAccessReport(*store_, Id("phone:+4915228817386"), NowMicros());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->shadow);
  EXPECT_TRUE(r->subject_id.empty());
  ASSERT_EQ(r->identifiers.size(), 1u);
  EXPECT_EQ(r->identifiers[0].third_party_uploads, 3u);
  EXPECT_EQ(r->identifiers[0].third_party_purposes,
            std::vector<std::string>{"functional.contact_discovery"});
  EXPECT_EQ(ThirdPartySentence(r->identifiers[0])
                .rfind("held only from 3 uploaded address books "
                       "since ",
                       0),
            0u)
      << ThirdPartySentence(r->identifiers[0]);
  EXPECT_TRUE(r->traits.empty());
  for (const PurposeUse& u : r->purposes) {
    EXPECT_FALSE(u.used()) << u.purpose;
    ASSERT_EQ(u.denied.size(), 1u);
    EXPECT_EQ(u.denied[0].exclusion, "shadow");
  }
  for (const std::string& out :
       {AccessReportJson(*r), AccessReportHtml(*r), AccessReportText(*r)}) {
    EXPECT_EQ(out.find("Mom"), std::string::npos);
    EXPECT_EQ(out.find("uploader-"), std::string::npos);
    EXPECT_NE(out.find("3 uploaded address books"), std::string::npos);
  }
  auto p = BuildPortabilityExport(*store_, Id("phone:+4915228817386"), NowMicros());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->identifiers.empty()) << "the person supplied nothing";
  EXPECT_TRUE(p->traits.empty());
}

TEST_F(RightsReportTest, PortabilityHoldsOnlyWhatThePersonSupplied) {
  Import("signup.csv", "email,first_name\nann@example.com,Ann\n", Supplier::kSelf,
         "marketing.communications.email");
  Import("crm.csv", "email,phone,tier\nann@example.com,+4917112345678,gold\n",
         Supplier::kFirstParty, "essential.service");
  ASSERT_TRUE(store_
                  ->RecordConsent(Id("email:ann@example.com"), kAds, ConsentState::kGranted,
                                  "ads opt-in v1", 0, "web", "test")
                  .ok());
  auto p = BuildPortabilityExport(*store_, Id("phone:+4917112345678"), NowMicros());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->identifiers.size(), 1u);
  EXPECT_EQ(p->identifiers[0].identifier, "email:ann@example.com");
  EXPECT_EQ(p->identifiers[0].supplied.size(), 1u) << "the CRM's claim is not the person's";
  ASSERT_EQ(p->traits.size(), 1u);
  EXPECT_EQ(p->traits[0].name, "first_name");
  EXPECT_EQ(p->consents.size(), 1u);

  auto j = nlohmann::json::parse(PortabilityJson(*p));
  EXPECT_EQ(j["format"], "daylight-portability");
  EXPECT_EQ(j["version"], kPortabilityVersion);
  EXPECT_EQ(j["identifiers"][0]["value"], "ann@example.com");
  EXPECT_TRUE(j["events"].is_array());
  EXPECT_TRUE(j["events"].empty());
  const std::string text = j.dump();
  EXPECT_EQ(text.find("gold"), std::string::npos);
  EXPECT_EQ(text.find("4917112345678\""), std::string::npos);
}

TEST(RightsRenderTest, HtmlEscapesEveryValue) {
  AccessReport r;
  r.query = "email:a@example.com";
  r.subject_id = "s_1";
  ReportIdentifier id;
  id.identifier = "external:crm:<i>x</i>";
  id.type = "external";
  id.claims.push_back({Supplier::kSelf, "<src>", "essential.service", 0});
  id.objections.push_back("marketing");
  r.identifiers.push_back(id);
  r.objections.push_back({"marketing", {id.identifier}});
  r.traits.push_back({"<n>", "\"v\" & 'w'", "<s>", Supplier::kFirstParty, 0});
  PurposeUse u;
  u.purpose = "analytics";
  u.description = "<d>";
  u.denied.push_back({id.identifier, "<e>", "<reason>"});
  r.purposes.push_back(u);
  ConsentView c;
  c.identifier = id.identifier;
  c.purpose = "analytics";
  c.source = "<cs>";
  c.evidence = "<script>alert(1)</script>";
  r.consents.push_back(c);
  UseView use;
  use.audience = "<aud>";
  use.purpose = "analytics";
  use.recipient = "<Meta & co>";
  use.format = "<f>";
  use.identifiers.push_back(id.identifier);
  r.uses.push_back(use);
  const std::string html = AccessReportHtml(r);
  for (const char* raw : {"<i>", "<src>", "<n>", "<s>", "<d>", "<e>", "<reason>", "<cs>", "<script",
                          "<aud>", "<Meta", "<f>", "\"v\"", "'w'"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;v&quot; &amp; &#39;w&#39;"), std::string::npos);
  EXPECT_NE(html.find("&lt;Meta &amp; co&gt;"), std::string::npos);
}

}  // namespace
}  // namespace dl
