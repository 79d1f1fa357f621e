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

#include "store/rights_report_text.h"
#include "util/html.h"
#include "util/test_dir.h"
#include "util/time_util.h"

namespace dl {
namespace {

constexpr const char* kAds = "marketing.advertising.third_party.targeted";

class RightsReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("rights");
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
  const std::string de = AccessReportHtml(*r, ReportLanguage::kGerman);
  EXPECT_EQ(de.find("Mom"), std::string::npos);
  EXPECT_EQ(de.find("uploader-"), std::string::npos);
  EXPECT_NE(de.find("ist nur aus 3 hochgeladenen Adressbüchern bekannt, seit "), std::string::npos)
      << de;
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
  for (ReportLanguage lang : {ReportLanguage::kEnglish, ReportLanguage::kGerman}) {
    const std::string html = AccessReportHtml(r, lang);
    for (const char* raw : {"<i>", "<src>", "<n>", "<s>", "<d>", "<e>", "<reason>", "<cs>",
                            "<script", "<aud>", "<Meta", "<f>", "\"v\"", "'w'"}) {
      EXPECT_EQ(html.find(raw), std::string::npos) << raw;
    }
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("&quot;v&quot; &amp; &#39;w&#39;"), std::string::npos);
    EXPECT_NE(html.find("&lt;Meta &amp; co&gt;"), std::string::npos);
    EXPECT_NE(html.find("&lt;aud&gt;"), std::string::npos);
  }
}

// A report by hand with every section filled: `n` identifiers, traits, consents, uses and
// events for the singular (1) and the plural (2), a trait value with markup in it, and one
// purpose used through the first identifier and denied through the others.
AccessReport SampleReport(size_t n) {
  AccessReport r;
  r.query = "email:a0@example.com";
  r.generated_us = 1'780'000'000'000'000;
  r.subject_id = "s_1";
  for (size_t i = 0; i < n; ++i) {
    ReportIdentifier id;
    id.identifier = "email:a" + std::to_string(i) + "@example.com";
    id.type = "email";
    id.claims.push_back({Supplier::kSelf, "web", "analytics", 1'770'000'000'000'000});
    r.identifiers.push_back(id);
    r.traits.push_back({"note" + std::to_string(i), "<script>alert(1)</script>", "crm",
                        Supplier::kFirstParty, 1'770'000'000'000'000});
    ConsentView c;
    c.identifier = id.identifier;
    c.purpose = "analytics";
    c.state = i == 0 ? ConsentState::kGranted : ConsentState::kWithdrawn;
    c.evidence = "banner v2";
    c.source = "web";
    c.seq = 7 + i;
    r.consents.push_back(c);
    UseView u;
    u.seq = 20 + i;
    u.audience = "de";
    u.purpose = "analytics";
    u.recipient = "Meta Ads";
    u.format = "meta";
    u.identifiers.push_back(id.identifier);
    r.uses.push_back(u);
  }
  PurposeUse u;
  u.purpose = "analytics";
  u.description = "Measure <things>";
  u.legal_basis = "consent";
  u.basis_reason = "consent given";
  u.allowed_through.push_back(r.identifiers[0].identifier);
  for (size_t i = 1; i < n; ++i) {
    u.denied.push_back({r.identifiers[i].identifier, "consent", "consent withdrawn <then>"});
  }
  r.purposes.push_back(u);
  r.objections.push_back({"marketing", {r.identifiers[0].identifier}});
  r.events.count = n;
  r.events.first_us = 1'770'000'000'000'000;
  r.events.last_us = 1'771'000'000'000'000;
  r.events.by_name.push_back({"track", "Order Completed", n, r.events.first_us, r.events.last_us});
  return r;
}

// The English texts of the table as they would appear in a page (escaped), without their
// placeholders. Every row's German differs from its English (a row copied but not translated
// shows up here).
std::vector<std::string> EnglishFragments() {
  std::vector<std::string> out;
  for (size_t m = 0; m < static_cast<size_t>(ReportMsg::kCount); ++m) {
    const std::string_view en = ReportWords(ReportLanguage::kEnglish, static_cast<ReportMsg>(m));
    std::string rest(en);
    while (!rest.empty()) {
      const size_t open = rest.find('{');
      std::string part = rest.substr(0, open);
      rest = open == std::string::npos ? "" : rest.substr(rest.find('}', open) + 1);
      while (!part.empty() && (part.front() == ' ' || part.front() == ',')) part.erase(0, 1);
      while (!part.empty() && part.back() == ' ') part.pop_back();
      if (part.size() >= 2) out.push_back(HtmlEscape(part));
    }
  }
  return out;
}

// What a page says itself: its text with every tag as "|", without the style sheet, the
// values it shows (in <code>) and the English texts it marks as such (lang="en").
std::string OwnWords(std::string html) {
  for (const auto& [open, close] : std::vector<std::pair<std::string, std::string>>{
           {"<style>", "</style>"}, {"<code>", "</code>"}, {"<span lang=\"en\">", "</span>"}}) {
    for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at)) {
      html.erase(at, html.find(close, at) + close.size() - at);
    }
  }
  std::string text;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') {
      in_tag = false;
      text += '|';
    }
  }
  return text;
}

TEST(RightsRenderTest, GermanPageSpeaksGermanThroughout) {
  const AccessReport two = SampleReport(2);
  const std::string html = AccessReportHtml(two, ReportLanguage::kGerman);
  EXPECT_NE(html.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_EQ(html.find("<html lang=\"en\">"), std::string::npos);
  for (const char* german : {
           "<title>Ihre Daten: Auskunft nach Art. 15 DSGVO</title>",
           "<h1>Die Daten, die wir über Sie gespeichert haben</h1>",
           ("Auskunft nach Art. 15 DSGVO zu <code>email:a0@example.com</code>, erstellt am "
            "2026-05-28T20:26:40Z (UTC)."),
           "<h2 id=\"summary\">Zusammenfassung</h2>",
           "<h2 id=\"identifiers\">Ihre Kennungen und woher sie stammen</h2>",
           "<h2 id=\"rights\">Ihre Rechte</h2>",
           "<h2 id=\"objections\">Widersprüche und Einschränkung der Verarbeitung</h2>",
           ("<caption>Jede Zeile ist ein Weg, auf dem wir eine Ihrer Kennungen erhalten "
            "haben</caption>"),
           ("<caption>Einwilligungsentscheidungen, älteste zuerst, mit dem vermerkten "
            "Nachweis</caption>"),
           "<th scope=\"col\">Rechtsgrundlage</th>",
           "<th scope=\"col\">Angegeben von</th>",
           "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)",
           "Sie selbst (self)",
           "<span class=\"yes\">ja</span>",
           ">widerrufen<",
           "Zielgruppe „de“ (Kundenliste im Format meta, gehasht)",
           "Geltende Widersprüche (Art. 21 DSGVO)",
           "Die Verarbeitung Ihrer Daten ist nicht eingeschränkt (Art. 18 DSGVO).",
           "Datenschutz-Aufsichtsbehörde",
           ("Die Beschreibungen der Zwecke und die Begründungen unseres Systems sind auf Englisch "
            "angegeben."),
       }) {
    EXPECT_NE(html.find(german), std::string::npos) << german;
  }
  // The English texts from elsewhere are kept, escaped, and marked as English.
  EXPECT_NE(html.find("<code>analytics</code><br><span lang=\"en\">Measure &lt;things&gt;</span>"),
            std::string::npos);
  EXPECT_NE(html.find("erlaubt über <code>email:a0@example.com</code> (<span "
                      "lang=\"en\">consent given</span>)"),
            std::string::npos);
  EXPECT_NE(html.find("<code>email:a1@example.com</code>: nicht verwendet (<span "
                      "lang=\"en\">consent: consent withdrawn &lt;then&gt;</span>)"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Nothing the page says itself is left in English.
  const AccessReport empty = [] {
    AccessReport r = SampleReport(1);
    r.traits.clear();
    r.consents.clear();
    r.uses.clear();
    r.objections.clear();
    r.events = {};
    r.purposes[0].legal_basis.clear();
    r.restricted = true;
    return r;
  }();
  const std::string sparse = AccessReportHtml(empty, ReportLanguage::kGerman);
  for (const char* german :
       {"<p>Keine.</p>", "<p>Keine vermerkt.</p>", "Ihre Daten wurden an niemanden übermittelt.",
        "Es ist kein Widerspruch (Art. 21 DSGVO) vermerkt.",
        "Die Verarbeitung Ihrer Daten ist eingeschränkt (Art. 18 DSGVO)", ">keine angegeben<"}) {
    EXPECT_NE(sparse.find(german), std::string::npos) << german;
  }
  const std::string words = OwnWords(html), sparse_words = OwnWords(sparse);
  ASSERT_NE(words.find("Ihre Rechte"), std::string::npos);
  ASSERT_EQ(words.find("Measure"), std::string::npos) << "marked English texts are left out";
  for (const std::string& english : EnglishFragments()) {
    // A short fragment ("Notes", "yes") only as a whole cell or heading, a longer one anywhere.
    const std::string needle = english.size() < 8 ? "|" + english + "|" : english;
    EXPECT_EQ(words.find(needle), std::string::npos) << english;
    EXPECT_EQ(sparse_words.find(needle), std::string::npos) << english;
  }
  for (const char* english : {"The data we hold about you", "Your rights", ">Summary<", "None.",
                              ">yes<", ">no<", "Supplied by", "Legal basis"}) {
    EXPECT_EQ(html.find(english), std::string::npos) << english;
    EXPECT_EQ(sparse.find(english), std::string::npos) << english;
  }
}

TEST(RightsRenderTest, GermanCountsAreSingularForOneAndPluralOtherwise) {
  const std::string one = AccessReportHtml(SampleReport(1), ReportLanguage::kGerman);
  EXPECT_NE(one.find("Wir haben über Sie 1 Kennung und 1 weitere Angabe gespeichert, dazu 1 "
                     "Einwilligungsentscheidung und einen Nachweis über 1 Verwendung Ihrer Daten. "
                     "Derzeit dürfen Ihre Daten für 1 der 1 unten aufgeführten Zwecke verwendet "
                     "werden."),
            std::string::npos)
      << one;
  EXPECT_NE(one.find("Wir haben 1 Ereignis gespeichert, vom "), std::string::npos);
  const std::string two = AccessReportHtml(SampleReport(2), ReportLanguage::kGerman);
  EXPECT_NE(two.find("Wir haben über Sie 2 Kennungen und 2 weitere Angaben gespeichert, dazu 2 "
                     "Einwilligungsentscheidungen und einen Nachweis über 2 Verwendungen Ihrer "
                     "Daten."),
            std::string::npos)
      << two;
  EXPECT_NE(two.find("Wir haben 2 Ereignisse gespeichert, vom "), std::string::npos);

  ReportIdentifier id;
  id.third_party_uploads = 1;
  id.third_party_since_us = 1'770'000'000'000'000;
  id.third_party_purposes = {"functional.contact_discovery"};
  EXPECT_EQ(ThirdPartySentence(id, ReportLanguage::kGerman),
            "nur aus 1 hochgeladenen Adressbuch bekannt, seit 2026-02-02T02:40:00Z");
  id.third_party_uploads = 2;
  EXPECT_EQ(ThirdPartySentence(id, ReportLanguage::kGerman),
            "nur aus 2 hochgeladenen Adressbüchern bekannt, seit 2026-02-02T02:40:00Z");
  id.third_party_purposes = {"analytics"};
  id.claims.push_back({Supplier::kSelf, "web", "analytics", 0});
  EXPECT_EQ(ThirdPartySentence(id, ReportLanguage::kGerman),
            "auch aus 2 Uploads anderer Personen bekannt, seit 2026-02-02T02:40:00Z");
  id.third_party_uploads = 1;
  EXPECT_EQ(ThirdPartySentence(id, ReportLanguage::kGerman),
            "auch aus 1 Upload einer anderen Person bekannt, seit 2026-02-02T02:40:00Z");
  EXPECT_EQ(ThirdPartySentence(id),
            "also held from 1 upload by someone else since "
            "2026-02-02T02:40:00Z");
}

TEST(RightsRenderTest, EnglishIsTheDefaultAndReadsAsBefore) {
  const AccessReport r = SampleReport(1);
  const std::string html = AccessReportHtml(r);
  EXPECT_EQ(html, AccessReportHtml(r, ReportLanguage::kEnglish));
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(html.find("lang=\"de\""), std::string::npos);
  EXPECT_EQ(html.find("<span lang="), std::string::npos) << "nothing to mark on an English page";
  for (const char* english : {
           "<title>Your data: access report (GDPR Art. 15)</title>",
           "<h1>The data we hold about you</h1>",
           ("<p class=\"meta\">Access report under Article 15 GDPR for "
            "<code>email:a0@example.com</code>, generated 2026-05-28T20:26:40Z (UTC).</p>"),
           ("<p>We hold 1 identifier and 1 other detail about you, 1 consent decision, and a "
            "record of 1 use of your data. Right now it may be used for 1 of the 1 purposes "
            "listed below.</p>"),
           "<h2 id=\"rights\">Your rights</h2>",
           ("<code>analytics</code><br>Measure &lt;things&gt;</th><td>consent</td><td><span "
            "class=\"yes\">yes</span></td><td>allowed through "
            "<code>email:a0@example.com</code> (consent given)</td>"),
           "<td>audience &quot;de&quot; (meta customer list, hashed)</td>",
           "<p>Processing of your data is not restricted (Art. 18).</p>",
           ("<footer><p>Produced by Daylight, format daylight-access version 1. Record numbers "
            "refer to entries in our tamper-evident ledger.</p></footer>"),
       }) {
    EXPECT_NE(html.find(english), std::string::npos) << english;
  }
  EXPECT_EQ(html.find("Englisch"), std::string::npos);
  EXPECT_EQ(RetentionStatement().substr(0, 56),
            "No automatic retention period is configured: the data is");
}

}  // namespace
}  // namespace dl
