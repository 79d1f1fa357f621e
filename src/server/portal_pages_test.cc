// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The portal's text table and pages as pure functions: both languages complete, placeholders
// consistent, language negotiation, escaping, and what a page offers for which report.
#include "server/portal_pages.h"

#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "daylight/verification.h"

#include "server/portal_text.h"

namespace dl::server {
namespace {

std::set<std::string> Placeholders(std::string_view text) {
  std::set<std::string> out;
  std::string s(text);
  std::regex re("\\{([a-z]+)\\}");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

TEST(PortalText, EveryStringInBothLanguagesWithTheSamePlaceholders) {
  for (int i = 0; i < static_cast<int>(Msg::kCount); ++i) {
    const Msg m = static_cast<Msg>(i);
    const std::string_view en = T(Lang::kEn, m), de = T(Lang::kDe, m);
    EXPECT_FALSE(en.empty()) << i;
    EXPECT_FALSE(de.empty()) << i;
    EXPECT_EQ(Placeholders(en), Placeholders(de)) << en;
    EXPECT_EQ(en.find('<'), std::string_view::npos) << "plain text only: " << en;
  }
  EXPECT_EQ(T(Lang::kDe, Msg::kSendCode), "Code senden");
  EXPECT_EQ(PurposeText(Lang::kDe, "marketing.communications.email"), "Werbe-E-Mails");
  EXPECT_EQ(PurposeText(Lang::kEn, "no.such.purpose"), "");
}

TEST(PortalText, LanguageNegotiation) {
  EXPECT_EQ(ChooseLanguage("de", "en"), Lang::kDe);
  EXPECT_EQ(ChooseLanguage("en", "de"), Lang::kEn);
  EXPECT_EQ(ChooseLanguage("", "de-DE,de;q=0.9,en;q=0.8"), Lang::kDe);
  EXPECT_EQ(ChooseLanguage("", "en-GB,en;q=0.9,de;q=0.8"), Lang::kEn);
  EXPECT_EQ(ChooseLanguage("", "fr-FR, de;q=0.5, en;q=0.7"), Lang::kEn);
  EXPECT_EQ(ChooseLanguage("fr", "fr"), Lang::kEn) << "English when neither is asked for";
  EXPECT_EQ(ChooseLanguage("xx", "DE"), Lang::kDe);
  EXPECT_EQ(ChooseLanguage("", "dense"), Lang::kEn) << "a tag must be 'de' or start 'de-'";
}

TEST(PortalText, CodeMessageInBothLanguages) {
  EXPECT_NE(CodeMessageText("012345", "en", 10).find("code is 012345. It is valid for 10 minutes"),
            std::string::npos);
  EXPECT_NE(CodeMessageText("012345", "de", 10).find("lautet 012345"), std::string::npos);
}

TEST(PortalPages, StartPageIsAccessible) {
  PageFrame f;
  f.lang = Lang::kDe;
  StartPageView v;
  v.csrf = "c0ffee";
  v.invalid = true;
  v.identifier = "\"><script>alert(1)</script>";
  const std::string html = StartPage(f, v);
  EXPECT_NE(html.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(html.find("<h1>"), std::string::npos);
  EXPECT_NE(html.find("<label for=\"region\">"), std::string::npos);
  EXPECT_NE(html.find("class=\"skip\" href=\"#main\""), std::string::npos);
  EXPECT_NE(html.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(html.find("<option value=\"DE\" selected>Deutschland</option>"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "the typed value is escaped";
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("lang=\"en\">English</a>"), std::string::npos);
  EXPECT_NE(html.find("aria-current=\"true\">Deutsch</a>"), std::string::npos);
}

AccessReport AnnReport() {
  AccessReport r;
  r.query = "email:ann@example.com";
  r.subject_id = "s1";
  ReportIdentifier id;
  id.identifier = "email:ann@example.com";
  id.type = "email";
  id.claims.push_back({Supplier::kSelf, "web", "marketing.communications.email", 1});
  r.identifiers.push_back(id);
  r.traits.push_back({"first_name", "<b>Ann</b>", "web", Supplier::kSelf, 1});
  for (const char* p : {"essential.service", "marketing.communications.email", "analytics"}) {
    PurposeUse u;
    u.purpose = p;
    r.purposes.push_back(u);
  }
  ConsentView c;
  c.identifier = id.identifier;
  c.purpose = "marketing.communications.email";
  c.state = ConsentState::kGranted;
  c.evidence = "signup form v3";
  r.consents.push_back(c);
  return r;
}

TEST(PortalPages, MePageOffersTheChoicesThatApply) {
  PageFrame f;
  f.session_csrf = "s3cr3t";
  f.switch_path = "/privacy/me";
  AccessReport r = AnnReport();
  MePageView v;
  v.id = {IdType::kEmail, "ann@example.com"};
  v.report = &r;
  std::string html = MePage(f, v);
  EXPECT_NE(html.find("&lt;b&gt;Ann&lt;/b&gt;"), std::string::npos) << "values are escaped";
  EXPECT_NE(html.find("value=\"analytics\""), std::string::npos) << "object per purpose";
  EXPECT_EQ(html.find("value=\"essential.service\""), std::string::npos)
      << "no objection button for what the service needs";
  EXPECT_NE(html.find("action=\"/privacy/me/withdraw\""), std::string::npos);
  EXPECT_NE(html.find("action=\"/privacy/me/erase\""), std::string::npos);
  EXPECT_NE(html.find("action=\"/privacy/logout\""), std::string::npos);
  // Every form carries the session's CSRF token.
  size_t forms = 0, tokens = 0;
  for (size_t at = html.find("<form"); at != std::string::npos; at = html.find("<form", at + 1)) {
    ++forms;
    const size_t end = html.find("</form>", at);
    if (html.substr(at, end - at).find("name=\"csrf\" value=\"s3cr3t\"") != std::string::npos) {
      ++tokens;
    }
  }
  EXPECT_GE(forms, 5u);
  EXPECT_EQ(forms, tokens);

  // Objected to all marketing, consent withdrawn, erasure pending: no buttons for those.
  r.objections.push_back({"marketing", {"email:ann@example.com"}});
  r.consents.push_back(r.consents[0]);
  r.consents.back().state = ConsentState::kWithdrawn;
  RightsRequestView q;
  q.id = 7;
  q.kind = "erase";
  q.status = "pending";
  v.requests.push_back(q);
  f.lang = Lang::kDe;
  html = MePage(f, v);
  EXPECT_NE(html.find("Sie haben jeglichem Marketing widersprochen."), std::string::npos);
  EXPECT_EQ(html.find("action=\"/privacy/me/withdraw\""), std::string::npos);
  EXPECT_EQ(html.find("action=\"/privacy/me/erase\""), std::string::npos);
  EXPECT_NE(html.find("(Nr. 7)"), std::string::npos);
  EXPECT_NE(html.find("Widersprochen"), std::string::npos);
}

TEST(PortalPages, NothingHeldAndShadowPages) {
  PageFrame f;
  f.session_csrf = "t";
  MePageView v;
  v.id = {IdType::kPhone, "+4917112345678"};
  std::string html = MePage(f, v);
  EXPECT_NE(html.find("We hold no data about phone:+4917112345678."), std::string::npos);
  EXPECT_EQ(html.find("/privacy/me/erase"), std::string::npos);

  AccessReport r;
  r.shadow = true;
  ReportIdentifier id;
  id.identifier = "phone:+4917112345678";
  id.third_party_uploads = 3;
  id.third_party_since_us = 1;
  r.identifiers.push_back(id);
  v.report = &r;
  f.lang = Lang::kDe;
  html = MePage(f, v);
  EXPECT_NE(html.find("nur, weil 3 andere Personen"), std::string::npos);
}

}  // namespace
}  // namespace dl::server
