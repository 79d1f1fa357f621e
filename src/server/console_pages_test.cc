// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's page functions: landmarks and labels a screen reader relies on, escaping of
// every value that comes from data, and counts that appear only in guarded form.
#include <regex>

#include <gtest/gtest.h>

#include "server/console_audiences.h"
#include "server/console_chart.h"
#include "server/console_dashboard.h"
#include "server/console_explain.h"
#include "server/console_layout.h"
#include "server/console_ledger.h"
#include "server/console_login.h"
#include "server/console_rights.h"
#include "server/console_subjects.h"
#include "server/console_uploads.h"

namespace dl::server {
namespace {

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Every visible form control has a <label for> naming its id.
void ExpectLabelled(const std::string& html) {
  std::regex control(R"(<(input|select|textarea)\b([^>]*)>)");
  for (std::sregex_iterator it(html.begin(), html.end(), control), end; it != end; ++it) {
    const std::string attrs = (*it)[2];
    if (attrs.find("type=\"hidden\"") != std::string::npos) continue;
    std::smatch id;
    ASSERT_TRUE(std::regex_search(attrs, id, std::regex(R"(id="([^"]+)\")")))
        << "control without id: " << it->str();
    EXPECT_NE(html.find("<label for=\"" + id[1].str() + "\""), std::string::npos)
        << "no label for #" << id[1].str();
  }
}

ConsoleFrame Frame() {
  ConsoleFrame f;
  f.title = "Subjects";
  f.active = "subjects";
  f.user = "alice";
  f.csrf = "tok\"en";
  return f;
}

TEST(ConsoleLayout, LandmarksOneHeadingAndCurrentNav) {
  std::string html = RenderConsolePage(Frame(), "<p>content</p>");
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(Count(html, "<h1"), 1u);
  EXPECT_NE(html.find("<a class=\"skip\" href=\"#main\">"), std::string::npos);
  EXPECT_NE(html.find("<main id=\"main\""), std::string::npos);
  EXPECT_NE(html.find("<nav aria-label=\"Console\">"), std::string::npos);
  EXPECT_NE(html.find("href=\"/console/subjects\" aria-current=\"page\""), std::string::npos);
  EXPECT_EQ(Count(html, "aria-current"), 1u);
  // The logout form carries the CSRF token, escaped.
  EXPECT_NE(html.find("name=\"csrf\" value=\"tok&quot;en\""), std::string::npos);
  EXPECT_NE(html.find("/static/console.css"), std::string::npos);
}

TEST(ConsoleLayout, LoginPageHasNoNavAndLabelledFields) {
  ConsoleFrame f;
  f.title = "Sign in";
  std::string html = RenderConsolePage(f, RenderLoginForm("<bob>"));
  EXPECT_EQ(html.find("<nav"), std::string::npos);
  EXPECT_EQ(html.find("<bob>"), std::string::npos);
  EXPECT_NE(html.find("&lt;bob&gt;"), std::string::npos);
  ExpectLabelled(html);
}

TEST(ConsoleLayout, Formatting) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatPercent(0.125), "12.5%");
  GuardrailOptions o;
  EXPECT_EQ(GuardedText({true, 0, 0, 0}, o).find("withheld"), 0u);
  EXPECT_EQ(GuardedText({false, 1200, 1150, 1249}, o), "about 1,200 (1,150–1,249)");
}

TEST(ConsoleChart, SvgHasTextAlternativeAndTable) {
  BarChart c;
  c.id = "c1";
  c.title = "Coverage <by> purpose";
  c.bars = {{"marketing & more", 0.5, "50.0%", ""}, {"analytics", 0.25, "25.0%", "warn"}};
  std::string html = RenderBarChart(c);
  EXPECT_NE(html.find("role=\"img\""), std::string::npos);
  EXPECT_NE(html.find("aria-labelledby=\"c1-t c1-d\""), std::string::npos);
  EXPECT_NE(html.find("<title id=\"c1-t\">Coverage &lt;by&gt; purpose</title>"), std::string::npos);
  EXPECT_NE(html.find("<desc id=\"c1-d\">marketing &amp; more: 50.0%; analytics: 25.0%</desc>"),
            std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">analytics</th><td>25.0%</td>"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);  // CSP forbids inline styles
}

TEST(ConsoleDashboard, ShowsQuarantineAndCoverage) {
  DashboardData d;
  d.stats.subjects = 200;
  d.stats.identifiers = 900;
  d.stats.shadow_identifiers = 300;
  d.stats.ledger_entries = 42;
  d.coverage = {{"marketing.communications.email", 50}, {"analytics", 0}};
  std::string html = RenderDashboard(d);
  EXPECT_NE(html.find("shadow identifiers"), std::string::npos);
  EXPECT_NE(html.find("held in quarantine"), std::string::npos);
  EXPECT_NE(html.find("marketing.communications.email: 25.0% (50)"), std::string::npos);
  EXPECT_EQ(Count(html, "role=\"img\""), 2u);
}

SubjectPage SamplePage() {
  SubjectPage p;
  p.query = "email:ann@example.com";
  p.searched = true;
  p.view.known = true;
  p.view.subject_id = "s_1";
  IdentifierView own;
  own.id = {IdType::kEmail, "ann@example.com"};
  own.claims.push_back({Supplier::kSelf, "web", "essential.service", 1, 1, 1});
  IdentifierView shadow;
  shadow.id = {IdType::kPhone, "+4917112345678"};
  shadow.third_party_uploads = 3;
  shadow.third_party_since_us = 1;
  p.view.identifiers = {own, shadow};
  p.view.traits.push_back(
      {"first_name", "<script>alert(1)</script>", "crm", Supplier::kFirstParty, 1});
  p.consents.push_back({"email:ann@example.com", "marketing.communications.email",
                        ConsentState::kGranted, 1, 0, "web", "signup \"form\"", 7});
  p.facts.objections = {"analytics"};
  return p;
}

TEST(ConsoleSubjects, BadgesTimelineAndEscaping) {
  std::string html = RenderSubjectPage(SamplePage());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("badge-self"), std::string::npos);
  EXPECT_NE(html.find("badge-third_party"), std::string::npos);
  EXPECT_NE(html.find("badge-shadow"), std::string::npos);
  EXPECT_NE(html.find("Known only from 3 address-book uploads"), std::string::npos);
  EXPECT_NE(html.find("<ol class=\"timeline\">"), std::string::npos);
  EXPECT_NE(html.find("badge-granted"), std::string::npos);
  EXPECT_NE(html.find("signup &quot;form&quot;"), std::string::npos);
  EXPECT_NE(html.find("objection (Art. 21) to <strong>analytics"), std::string::npos);
  ExpectLabelled(html);
}

TEST(ConsoleSubjects, ErrorNeverEchoesTheQueryOutsideTheSearchBox) {
  SubjectPage p;
  p.query = "email:<x>";
  p.error = "Not an identifier: missing '@'";
  std::string html = RenderSubjectPage(p);
  EXPECT_EQ(html.find("<x>"), std::string::npos);
  EXPECT_EQ(Count(html, "email:&lt;x&gt;"), 1u);  // only in the input's value
}

TEST(ConsoleExplain, RulesTable) {
  ExplainPage p;
  p.identifier = "phone:+4917112345678";
  p.purpose = "marketing.communications.sms";
  p.decided = true;
  p.decision.allow = false;
  p.decision.purpose = p.purpose;
  p.decision.exclusion = "shadow";
  p.decision.rules = {{1, "provenance", false, "supplied only by 3 address-book uploads"},
                      {2, "purpose", true, "ok"}};
  std::string html = RenderExplainPage(p);
  EXPECT_NE(html.find("Denied for marketing.communications.sms"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"marketing.communications.sms\" selected>"),
            std::string::npos);
  EXPECT_NE(html.find("supplied only by 3 address-book uploads"), std::string::npos);
  ExpectLabelled(html);
}

TEST(ConsoleAudiences, BuilderIsLabelledAndCountsAreGuarded) {
  AudienceListPage list;
  list.audiences.push_back({"lapsed-de", "marketing.advertising.third_party.targeted",
                            "country = \"DE\"", 5, 1, "cli:demo"});
  list.csrf = "t";
  std::string html = RenderAudienceList(list);
  ExpectLabelled(html);
  EXPECT_NE(html.find("href=\"/console/audiences/lapsed-de\""), std::string::npos);
  EXPECT_NE(html.find("country = &quot;DE&quot;"), std::string::npos);
  EXPECT_NE(html.find("aria-live=\"polite\""), std::string::npos);

  AudienceView v;
  v.definition.purpose = "analytics";
  v.definition.filter = "true";
  v.members = {true, 0, 0, 0};
  v.matched = {false, 300, 250, 349};
  v.excluded = {{"legal basis", {false, 200, 150, 249}}, {"shadow", {true, 0, 0, 0}}};
  std::string json = AudiencePreviewJson(v);
  EXPECT_NE(json.find("\"members_withheld\":true"), std::string::npos);
  EXPECT_NE(json.find("about 300 (250–349)"), std::string::npos);
  std::string view = RenderAudienceView(v);
  EXPECT_NE(view.find("no valid legal basis (consent): about 200"), std::string::npos);
  EXPECT_NE(view.find("withheld"), std::string::npos);
}

TEST(ConsoleUploads, UploaderOnlyAsBlindIndexAndDeleteNeedsConfirmation) {
  UploadView u{12, 1, "app", "00112233445566778899aabbccddeeff", 40, false};
  std::string html = RenderUploadsPage({u});
  EXPECT_NE(html.find("001122334455…"), std::string::npos);
  EXPECT_NE(html.find("/console/uploads/delete?batch=12"), std::string::npos);
  std::string confirm = RenderUploadDeleteConfirm(u, "tok");
  EXPECT_NE(confirm.find("method=\"post\""), std::string::npos);
  EXPECT_NE(confirm.find("name=\"csrf\" value=\"tok\""), std::string::npos);
  EXPECT_NE(confirm.find("name=\"confirm\""), std::string::npos);
  ExpectLabelled(confirm);
}

TEST(ConsoleLedger, EntriesWithoutBodiesAndVerifyResult) {
  LedgerPage p;
  p.total = 3;
  p.entries = {{3, 1, "data.read", "user:alice"}, {2, 1, "import.commit", "cli:demo"}};
  VerifyReport bad;
  bad.ok = false;
  bad.entries = 3;
  bad.first_bad_seq = 2;
  bad.reason = "hash does not match";
  p.verify = bad;
  std::string html = RenderLedgerPage(p);
  EXPECT_NE(html.find("broken at entry 2"), std::string::npos);
  EXPECT_NE(html.find("<code>data.read</code></td><td>user:alice"), std::string::npos);
  EXPECT_NE(html.find("action=\"/console/ledger/verify\""), std::string::npos);
}

TEST(ConsoleRights, OutboxAndQueue) {
  RightsPage p;
  p.queue_available = true;
  p.requests.push_back({4, 1, "erase", "email:ann@example.com", true, "pending", "", 0, ""});
  p.requests.push_back({3, 1, "erase", "", false, "done", "erased", 2, "user:alice"});
  p.outbox_available = true;
  p.outbox.push_back({1, 1, "email", "email:ann@example.com", "en", "Your code is 123456"});
  p.csrf = "tok";
  std::string html = RenderRightsPage(p);
  EXPECT_NE(html.find("Your code is 123456"), std::string::npos);
  EXPECT_NE(html.find("action=\"/console/rights/done\""), std::string::npos);
  EXPECT_NE(html.find("name=\"id\" value=\"4\""), std::string::npos);
  EXPECT_EQ(html.find("name=\"id\" value=\"3\""), std::string::npos);  // resolved: no action
  EXPECT_NE(html.find("done: erased — user:alice"), std::string::npos);
  ExpectLabelled(html);
}

}  // namespace
}  // namespace dl::server
