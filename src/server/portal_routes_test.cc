// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The privacy portal through the router, without sockets: pages in both languages, the same
// answer for every identifier, CSRF refusals, cookies, the verify flow with a code read from the
// outbox, and the actions over a real store (every one a ledger entry by "portal:verified").
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "daylight/store.h"
#include "daylight/verification.h"

#include "server/auth.h"
#include "server/context.h"
#include "server/http.h"
#include "server/portal_session.h"
#include "server/routes.h"
#include "util/test_dir.h"
#include "util/time_util.h"

namespace dl::server {
namespace {

// "Bearer admin" is an admin key, "Bearer read" a key without the admin scope.
class FakeAuth : public Authenticator {
 public:
  std::optional<Principal> WriteKey(const Request&) override { return std::nullopt; }
  std::optional<Principal> Caller(const Request& r) override {
    const std::string h = r.Header("authorization");
    if (h != "Bearer admin" && h != "Bearer read") return std::nullopt;
    Principal p;
    p.kind = Principal::Kind::kApiKey;
    p.id = "k_test";
    p.name = "test";
    p.scopes = {h == "Bearer admin" ? "admin" : "read"};
    return p;
  }
  std::optional<std::string> Login(const std::string&, const std::string&, bool) override {
    return std::nullopt;
  }
  std::string Logout(const Request&, bool) override { return ""; }
  bool CsrfOk(const Request&, const Principal&) override { return false; }
};

std::string HeaderOf(const Response& r, std::string_view name, int nth = 0) {
  for (const auto& [k, v] : r.headers) {
    if (k == name && nth-- == 0) return v;
  }
  return "";
}

// "name=value" of the Set-Cookie for `name`, or "".
std::string CookieSet(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == "Set-Cookie" && v.rfind(std::string(name) + "=", 0) == 0) return v;
  }
  return "";
}

std::string CookieValue(const Response& r, std::string_view name) {
  std::string c = CookieSet(r, name);
  if (c.empty()) return "";
  c = c.substr(name.size() + 1);
  return c.substr(0, c.find(';'));
}

std::string HiddenField(const std::string& html, const std::string& name) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"" + name + "\" value=\"([^\"]*)\""))) {
    return m[1];
  }
  return "";
}

class PortalRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VerifierOptions o;
    o.clock = [this] { return now_.load(); };
    verifier_ = std::make_unique<OneTimeCodeVerifier>(&outbox_, o);
    ctx_.verifier = verifier_.get();
    ctx_.outbox = &outbox_;
    ctx_.auth = &auth_;
  }
  void TearDown() override {
    work_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  // A store holding Ann (self, with consent for marketing e-mail), on a work executor.
  void WithStore() {
    dir_ = FreshTestDir("portal");
    db_ = (dir_ / "t.db").string();
    {
      auto s = Store::Init(db_, InitOptions{}, "test");
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      const std::string path = (dir_ / "signup.csv").string();
      std::ofstream(path) << "email,first_name\nann@example.com,Annabelle\n";
      ImportOptions o;
      o.path = path;
      o.source = "web";
      o.supplier = Supplier::kSelf;
      o.collected_for = "marketing.communications.email";
      o.actor = "test";
      ASSERT_TRUE((*s)->Import(o).ok());
      ASSERT_TRUE((*s)->RecordConsent({IdType::kEmail, "ann@example.com"},
                                      "marketing.communications.email", ConsentState::kGranted,
                                      "signup form v3", 0, "web", "test")
                      .ok());
    }
    auto ex = StoreExecutor::Open(db_, "work");
    ASSERT_TRUE(ex.ok()) << ex.status().ToString();
    work_ = std::move(*ex);
    ctx_.work = work_.get();
  }
  void Register() { RegisterPortalRoutes(router_, ctx_); }

  Response Call(const std::string& method, const std::string& target, const std::string& body = "",
                std::map<std::string, std::string, std::less<>> headers = {}) {
    Request r;
    r.method = method;
    const size_t q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    r.body = body;
    r.remote = "192.0.2.7:51000";
    r.tls = ctx_.tls;
    if (!body.empty()) headers["content-type"] = "application/x-www-form-urlencoded";
    std::string cookies;
    for (const auto& [k, v] : jar_) cookies += (cookies.empty() ? "" : "; ") + k + "=" + v;
    if (!cookies.empty()) headers["cookie"] = cookies;
    r.headers = std::move(headers);
    std::promise<Response> answered;
    auto future = answered.get_future();
    router_.Dispatch(r, [&answered](Response resp) { answered.set_value(std::move(resp)); });
    Response resp = future.get();
    // The jar keeps cookies like a browser: set, replaced, or deleted by Max-Age=0.
    for (const auto& [k, v] : resp.headers) {
      if (k != "Set-Cookie") continue;
      const std::string name = v.substr(0, v.find('='));
      const std::string value = v.substr(name.size() + 1, v.find(';') - name.size() - 1);
      if (v.find("Max-Age=0") != std::string::npos) {
        jar_.erase(name);
      } else {
        jar_[name] = value;
      }
    }
    return resp;
  }
  // GET /privacy, then POST the identifier: the code page.
  Response StartFor(const std::string& identifier, const std::string& extra = "") {
    Response form = Call("GET", "/privacy");
    EXPECT_EQ(form.status, 200);
    return Call("POST", "/privacy",
                "csrf=" + HiddenField(form.body, "csrf") +
                    "&identifier=" + PercentEncode(identifier) + extra);
  }
  std::string LatestCode() {
    auto m = outbox_.Messages(1);
    EXPECT_FALSE(m.empty());
    if (m.empty()) return "";
    std::smatch match;
    EXPECT_TRUE(std::regex_search(m[0].text, match, std::regex("([0-9]{6})")));
    return match[1];
  }
  // Verifies `identifier` and returns the /privacy/me page.
  Response SignIn(const std::string& identifier) {
    Response code_page = StartFor(identifier);
    Response verified = Call("POST", "/privacy/verify",
                             "csrf=" + HiddenField(code_page.body, "csrf") + "&token=" +
                                 HiddenField(code_page.body, "token") + "&code=" + LatestCode());
    EXPECT_EQ(verified.status, 303);
    EXPECT_EQ(HeaderOf(verified, "Location"), "/privacy/me?lang=en");
    return Call("GET", "/privacy/me");
  }
  std::string Ledger() {
    auto s = Store::Open(db_);
    std::string kinds;
    EXPECT_TRUE(s.ok());
    if (!s.ok()) return kinds;
    EXPECT_TRUE((*s)->storage()
                    .ScanEntries([&](const LedgerEntry& e) {
                      kinds += e.kind + " by " + e.actor + "\n";
                      return Status::Ok();
                    })
                    .ok());
    return kinds;
  }

  std::atomic<int64_t> now_{1'000'000'000};
  OutboxDelivery outbox_;
  std::unique_ptr<OneTimeCodeVerifier> verifier_;
  FakeAuth auth_;
  ServerContext ctx_;
  Router router_;
  std::map<std::string, std::string> jar_;
  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<StoreExecutor> work_;
};

TEST_F(PortalRoutesTest, StartPageInEnglishAndGerman) {
  Register();
  Response en = Call("GET", "/privacy");
  EXPECT_EQ(en.status, 200);
  EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en.body.find("name=\"identifier\""), std::string::npos);
  EXPECT_NE(en.body.find("<label for=\"identifier\">"), std::string::npos);
  EXPECT_NE(en.body.find("Send code"), std::string::npos);
  EXPECT_NE(en.body.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(en.body.find("href=\"/privacy?lang=de\""), std::string::npos) << "language switch";
  EXPECT_EQ(en.body.find("<script"), std::string::npos);
  EXPECT_NE(HeaderOf(en, "Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  const std::string pre = CookieSet(en, kPreCookie);
  EXPECT_NE(pre.find("HttpOnly"), std::string::npos);
  EXPECT_NE(pre.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(pre.find("Secure"), std::string::npos) << "no TLS here";

  Response de = Call("GET", "/privacy?lang=de");
  EXPECT_NE(de.body.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(de.body.find("Code senden"), std::string::npos);
  EXPECT_NE(de.body.find("E-Mail-Adresse oder Telefonnummer"), std::string::npos);
  EXPECT_EQ(de.body.find("Send code"), std::string::npos);
  EXPECT_EQ(jar_["dl_lang"], "de") << "the choice is remembered";
  jar_.erase("dl_lang");

  Response accept =
      Call("GET", "/privacy", "", {{"accept-language", "fr;q=1, de-AT;q=0.8, en;q=0.5"}});
  EXPECT_NE(accept.body.find("<html lang=\"de\">"), std::string::npos);

  Response css = Call("GET", "/privacy/static/portal.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_NE(css.body.find(":focus-visible"), std::string::npos);
}

TEST_F(PortalRoutesTest, SameAnswerForEveryIdentifierExceptTokens) {
  Register();
  Response a = StartFor("held@example.com");
  Response b = StartFor("Never.Heard.Of@Example.ORG");
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(b.status, 200);
  const std::string ta = HiddenField(a.body, "token"), tb = HiddenField(b.body, "token");
  ASSERT_EQ(ta.size(), 64u);
  ASSERT_NE(ta, tb);
  std::string body_b = b.body;
  body_b.replace(body_b.find(tb), tb.size(), ta);
  EXPECT_EQ(a.body, body_b);
  EXPECT_EQ(a.headers.size(), b.headers.size());
  EXPECT_EQ(a.body.find("held@example.com"), std::string::npos) << "the address is not echoed";
  EXPECT_EQ(outbox_.size(), 2u) << "both addresses get a code";

  Response phone = StartFor("0171 1234567", "&region=DE");
  EXPECT_EQ(phone.status, 200);
  EXPECT_EQ(outbox_.Messages(1)[0].to, "phone:+491711234567");
  EXPECT_EQ(outbox_.Messages(1)[0].channel, "sms");
}

TEST_F(PortalRoutesTest, InvalidIdentifierIs400) {
  Register();
  Response r = StartFor("not an address");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(r.body.find("neither an e-mail address nor a phone number"), std::string::npos);
  EXPECT_EQ(outbox_.size(), 0u);
}

TEST_F(PortalRoutesTest, FormsWithoutTheirCsrfTokenAre403) {
  Register();
  Call("GET", "/privacy");
  Response no_token = Call("POST", "/privacy", "identifier=ann%40example.com");
  EXPECT_EQ(no_token.status, 403);
  Response forged =
      Call("POST", "/privacy", "csrf=" + std::string(64, 'a') + "&identifier=ann%40example.com");
  EXPECT_EQ(forged.status, 403);
  jar_.clear();  // a cross-site form post: no cookie
  Response no_cookie = Call("POST", "/privacy", "csrf=x&identifier=ann%40example.com");
  EXPECT_EQ(no_cookie.status, 403);
  EXPECT_NE(no_cookie.body.find("This form has expired"), std::string::npos);
  EXPECT_EQ(outbox_.size(), 0u);
  EXPECT_EQ(Call("POST", "/privacy/verify", "csrf=x&token=y&code=123456").status, 403);
  // Actions without a session, and a sign-out with a wrong token.
  EXPECT_EQ(Call("POST", "/privacy/me/object", "csrf=x&purpose=marketing").status, 403);
  EXPECT_EQ(Call("POST", "/privacy/me/erase", "csrf=x").status, 403);
  Response me = Call("GET", "/privacy/me");
  EXPECT_EQ(me.status, 303);
  EXPECT_EQ(HeaderOf(me, "Location").rfind("/privacy?", 0), 0u);
}

TEST_F(PortalRoutesTest, WrongCodesLockTheChallengeAndCodesExpire) {
  Register();
  Response page = StartFor("ann@example.com");
  const std::string csrf = HiddenField(page.body, "csrf"), token = HiddenField(page.body, "token");
  const std::string code = LatestCode();
  const std::string wrong = code == "000000" ? "000001" : "000000";
  for (int i = 1; i <= 4; ++i) {
    Response r =
        Call("POST", "/privacy/verify", "csrf=" + csrf + "&token=" + token + "&code=" + wrong);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("Attempts left: " + std::to_string(5 - i)), std::string::npos);
  }
  Response locked =
      Call("POST", "/privacy/verify", "csrf=" + csrf + "&token=" + token + "&code=" + wrong);
  EXPECT_EQ(locked.status, 429);
  EXPECT_NE(locked.body.find("Too many wrong attempts"), std::string::npos);
  Response late =
      Call("POST", "/privacy/verify", "csrf=" + csrf + "&token=" + token + "&code=" + code);
  EXPECT_EQ(late.status, 400) << "the right code no longer works";
  EXPECT_TRUE(CookieValue(late, kPortalCookie).empty());

  Response again = StartFor("ann@example.com", "&lang=de");
  now_ += 10LL * 60 * 1000000 + 1;
  Response expired = Call("POST", "/privacy/verify",
                          "lang=de&csrf=" + HiddenField(again.body, "csrf") + "&token=" +
                              HiddenField(again.body, "token") + "&code=" + LatestCode());
  EXPECT_EQ(expired.status, 410);
  EXPECT_NE(expired.body.find("Dieser Code ist abgelaufen"), std::string::npos);
}

TEST_F(PortalRoutesTest, CookiesAreSecureUnderTls) {
  ctx_.tls = true;
  Register();
  Response page = StartFor("ann@example.com");
  EXPECT_NE(CookieSet(page, kChallengeCookie).find("; Secure"), std::string::npos);
  Response verified =
      Call("POST", "/privacy/verify",
           "csrf=" + HiddenField(page.body, "csrf") + "&token=" + HiddenField(page.body, "token") +
               "&code=" + LatestCode());
  const std::string session = CookieSet(verified, kPortalCookie);
  EXPECT_NE(session.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(session.find("Secure"), std::string::npos);
  EXPECT_NE(session.find("Max-Age=1800"), std::string::npos);
}

TEST_F(PortalRoutesTest, NothingHeldForAnUnknownPerson) {
  WithStore();
  Register();
  Response me = SignIn("nobody@example.com");
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("We hold no data about email:nobody@example.com"), std::string::npos);
  EXPECT_EQ(Ledger().find("portal:verified"), std::string::npos) << "nothing recorded about them";
}

TEST_F(PortalRoutesTest, VerifiedPersonSeesExportsObjectsWithdrawsAndAsksForErasure) {
  WithStore();
  Register();
  Response me = SignIn("ann@example.com");
  ASSERT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("Annabelle"), std::string::npos);
  EXPECT_NE(me.body.find("signup form v3"), std::string::npos);
  EXPECT_NE(me.body.find("Sign out"), std::string::npos);
  const std::string csrf = HiddenField(me.body, "csrf");
  ASSERT_EQ(csrf.size(), 64u);

  Response exported = Call("GET", "/privacy/me/export");
  EXPECT_EQ(exported.status, 200);
  EXPECT_NE(HeaderOf(exported, "Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(exported.body.find("Annabelle"), std::string::npos);

  EXPECT_EQ(
      Call("POST", "/privacy/me/object", "csrf=" + std::string(64, '0') + "&purpose=marketing")
          .status,
      403)
      << "a forged form changes nothing";
  EXPECT_EQ(
      Call("POST", "/privacy/me/object", "csrf=" + csrf + "&purpose=essential.service").status,
      400);
  Response objected = Call("POST", "/privacy/me/object", "csrf=" + csrf + "&purpose=marketing");
  EXPECT_EQ(objected.status, 303);
  EXPECT_EQ(HeaderOf(objected, "Location"), "/privacy/me?done=objected&lang=en");
  Response withdrawn = Call("POST", "/privacy/me/withdraw",
                            "csrf=" + csrf + "&purpose=marketing.communications.email");
  EXPECT_EQ(withdrawn.status, 303);
  Response erase = Call("POST", "/privacy/me/erase", "csrf=" + csrf + "&lang=de");
  EXPECT_EQ(erase.status, 303);
  EXPECT_EQ(HeaderOf(erase, "Location"), "/privacy/me?done=erase&lang=de");

  Response after = Call("GET", "/privacy/me?done=erase&lang=de");
  EXPECT_NE(after.body.find("Ihr Löschantrag liegt bei unserem Datenschutzbeauftragten."),
            std::string::npos);
  EXPECT_NE(after.body.find("Sie haben jeglichem Marketing widersprochen."), std::string::npos);
  EXPECT_NE(after.body.find("widerrufen"), std::string::npos);

  {
    auto s = Store::Open(db_);
    ASSERT_TRUE(s.ok());
    auto d = (*s)->Explain({IdType::kEmail, "ann@example.com"}, "marketing.communications.email",
                           NowMicros());
    ASSERT_TRUE(d.ok());
    EXPECT_FALSE(d->allow);
    auto q = (*s)->ListRightsRequests(false);
    ASSERT_TRUE(q.ok());
    ASSERT_EQ(q->size(), 1u);
    EXPECT_EQ((*q)[0].identifier, "email:ann@example.com");
  }
  const std::string ledger = Ledger();
  EXPECT_NE(ledger.find("rights.access by portal:verified"), std::string::npos);
  EXPECT_NE(ledger.find("rights.export by portal:verified"), std::string::npos);
  EXPECT_NE(ledger.find("rights.object by portal:verified"), std::string::npos);
  EXPECT_NE(ledger.find("consent by portal:verified"), std::string::npos);
  EXPECT_NE(ledger.find("rights.request by portal:verified"), std::string::npos);

  Response out = Call("POST", "/privacy/logout", "csrf=" + csrf);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(jar_.count(std::string(kPortalCookie)), 0u);
  EXPECT_EQ(Call("GET", "/privacy/me").status, 303) << "signed out";
}

TEST_F(PortalRoutesTest, FullReportIsInTheSessionsLanguage) {
  WithStore();
  Register();
  ASSERT_EQ(SignIn("ann@example.com").status, 200);

  Response en = Call("GET", "/privacy/me/report?lang=en");
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en.body.find("<h1>The data we hold about you</h1>"), std::string::npos);
  EXPECT_NE(en.body.find("Annabelle"), std::string::npos);
  EXPECT_EQ(en.body.find("Ihre Rechte"), std::string::npos);
  Response me_en = Call("GET", "/privacy/me?lang=en");
  EXPECT_NE(me_en.body.find("<a href=\"/privacy/me/report?lang=en\" hreflang=\"en\">"),
            std::string::npos);

  // German chosen on the portal page: remembered in the cookie, the report follows it.
  Response me_de = Call("GET", "/privacy/me?lang=de");
  ASSERT_EQ(me_de.status, 200);
  EXPECT_EQ(jar_["dl_lang"], "de");
  EXPECT_NE(me_de.body.find("<a href=\"/privacy/me/report?lang=de\" hreflang=\"de\">"),
            std::string::npos);
  Response de = Call("GET", "/privacy/me/report");
  ASSERT_EQ(de.status, 200);
  EXPECT_NE(de.body.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(de.body.find("<h1>Die Daten, die wir über Sie gespeichert haben</h1>"),
            std::string::npos);
  EXPECT_NE(de.body.find("<h2 id=\"rights\">Ihre Rechte</h2>"), std::string::npos);
  EXPECT_NE(de.body.find("Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)"), std::string::npos);
  EXPECT_NE(de.body.find("Annabelle"), std::string::npos);
  EXPECT_NE(de.body.find("signup form v3"), std::string::npos);
  EXPECT_EQ(de.body.find("The data we hold about you"), std::string::npos);
  EXPECT_EQ(de.body.find("Your rights"), std::string::npos);
  EXPECT_EQ(HeaderOf(de, "Content-Security-Policy"), HeaderOf(en, "Content-Security-Policy"));

  // The JSON is the same in every language: keys and values are not translated.
  Response json = Call("GET", "/privacy/me/report.json?lang=de");
  ASSERT_EQ(json.status, 200);
  auto j = nlohmann::json::parse(json.body);
  EXPECT_EQ(j["format"], "daylight-access");
  EXPECT_EQ(j["retention"]["statement"].get<std::string>().rfind("No automatic retention", 0), 0u);
  EXPECT_NE(Ledger().find("rights.access by portal:verified"), std::string::npos);
}

}  // namespace
}  // namespace dl::server
