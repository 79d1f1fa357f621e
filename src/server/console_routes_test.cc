// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's routes over a real store (no sockets): sessions and CSRF, every page, the
// record of each view of a person, the live audience preview, and the embedded assets.
#include <filesystem>
#include <fstream>
#include <future>

#include <gtest/gtest.h>

#include "daylight/store.h"

#include "server/auth.h"
#include "server/context.h"
#include "server/http.h"
#include "server/routes.h"
#include "util/test_dir.h"

namespace dl::server {
namespace {

// One user "alice" with password "pw"; her session cookie is dl_session=good.
class FakeAuth : public Authenticator {
 public:
  std::optional<Principal> WriteKey(const Request&) override { return std::nullopt; }
  std::optional<Principal> Caller(const Request& r) override {
    if (r.Cookie("dl_session") != "good") return std::nullopt;
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = p.name = "alice";
    p.csrf = "tok";
    return p;
  }
  std::optional<std::string> Login(const std::string& user, const std::string& password,
                                   bool) override {
    if (user != "alice" || password != "pw") return std::nullopt;
    return "dl_session=good; HttpOnly; SameSite=Strict; Path=/";
  }
  std::string Logout(const Request&, bool) override { return "dl_session=; Max-Age=0; Path=/"; }
  bool CsrfOk(const Request& r, const Principal& p) override {
    auto form = r.Form();
    auto it = form.find("csrf");
    return (it != form.end() && it->second == p.csrf) || r.Header("x-csrf-token") == p.csrf;
  }
};

class ConsoleRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("console");
    db_ = (dir_ / "t.db").string();
    {
      auto store = Store::Init(db_, InitOptions{}, "test");
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      ImportOptions o;
      o.path = Write("crm.csv",
                     "email,first_name\nann@example.com,<script>alert(1)</script>\n"
                     "bob@example.com,Bob\n");
      o.source = "crm";
      o.supplier = Supplier::kFirstParty;
      o.collected_for = "essential.service";
      o.actor = "test";
      ASSERT_TRUE((*store)->Import(o).ok());
      ImportOptions up = o;
      up.path = Write("book.csv", "email\nann@example.com\nshadow@example.com\n");
      up.source = "app";
      up.supplier = Supplier::kThirdParty;
      up.collected_for = "functional.contact_discovery";
      up.uploader = "external:app:u1";
      ASSERT_TRUE((*store)->Import(up).ok());
      ASSERT_TRUE((*store)
                      ->RecordConsent({IdType::kEmail, "ann@example.com"},
                                      "marketing.communications.email", ConsentState::kGranted,
                                      "signup form", 0, "web", "test")
                      .ok());
    }
    auto work = StoreExecutor::Open(db_, "work");
    ASSERT_TRUE(work.ok()) << work.status().ToString();
    work_ = std::move(*work);
    ctx_.db_path = db_;
    ctx_.work = work_.get();
    ctx_.auth = &auth_;
    RegisterConsoleRoutes(router_, ctx_);
  }
  void TearDown() override {
    work_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string p = (dir_ / name).string();
    std::ofstream(p) << content;
    return p;
  }
  Response Call(const std::string& method, const std::string& target, std::string body = "",
                bool session = true) {
    Request r;
    r.method = method;
    size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    r.body = std::move(body);
    r.headers["host"] = "127.0.0.1:8080";
    if (session) r.headers["cookie"] = "dl_session=good";
    if (method == "POST") r.headers["content-type"] = "application/x-www-form-urlencoded";
    auto done = std::make_shared<std::promise<Response>>();
    auto answer = done->get_future();
    router_.Dispatch(r, [done](Response res) { done->set_value(std::move(res)); });
    EXPECT_EQ(answer.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    return answer.get();
  }
  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  std::vector<LedgerEntry> Entries() {
    std::vector<LedgerEntry> out;
    auto store = Store::Open(db_);
    EXPECT_TRUE(store.ok());
    EXPECT_TRUE((*store)
                    ->storage()
                    .ScanEntries([&](const LedgerEntry& e) {
                      out.push_back(e);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  std::filesystem::path dir_;
  std::string db_;
  FakeAuth auth_;
  std::unique_ptr<StoreExecutor> work_;
  ServerContext ctx_;
  Router router_;
};

TEST_F(ConsoleRoutesTest, WithoutSessionPagesRedirectToLoginAndApiSays401) {
  Response r = Call("GET", "/console", "", /*session=*/false);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(HeaderOf(r, "Location"), "/console/login");
  EXPECT_EQ(Call("GET", "/console/subjects?q=email%3Aann%40example.com", "", false).status, 303);
  EXPECT_EQ(Call("POST", "/console/audiences", "csrf=tok&name=x", false).status, 303);
  EXPECT_EQ(
      Call("GET", "/console/api/audience-preview?purpose=analytics&filter=exists%20first_name", "",
           false)
          .status,
      401);
  Response login = Call("GET", "/console/login", "", false);
  EXPECT_EQ(login.status, 200);
  EXPECT_NE(login.body.find("<label for=\"password\">"), std::string::npos);
}

TEST_F(ConsoleRoutesTest, LoginSetsTheSessionCookie) {
  Response bad = Call("POST", "/console/login", "user=alice&password=nope", false);
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.body.find("Wrong user name or password"), std::string::npos);
  EXPECT_EQ(HeaderOf(bad, "Set-Cookie"), "");
  Response ok = Call("POST", "/console/login", "user=alice&password=pw", false);
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(HeaderOf(ok, "Location"), "/console");
  EXPECT_NE(HeaderOf(ok, "Set-Cookie").find("dl_session=good"), std::string::npos);
}

TEST_F(ConsoleRoutesTest, PostsWithoutTheCsrfTokenAreRefused) {
  EXPECT_EQ(Call("POST", "/console/audiences", "name=a1&purpose=analytics&filter=exists+first_name")
                .status,
            403);
  EXPECT_EQ(Call("POST", "/console/logout", "").status, 403);
  EXPECT_EQ(Call("POST", "/console/ledger/verify", "csrf=wrong").status, 403);
  Response made = Call("POST", "/console/audiences",
                       "csrf=tok&name=a1&purpose=analytics&filter=exists+first_name");
  EXPECT_EQ(made.status, 303);
  EXPECT_EQ(HeaderOf(made, "Location"), "/console/audiences/a1");
  Response out = Call("POST", "/console/logout", "csrf=tok");
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(HeaderOf(out, "Set-Cookie").find("Max-Age=0"), std::string::npos);
}

TEST_F(ConsoleRoutesTest, DashboardShowsCountsWithSecurityHeaders) {
  Response r = Call("GET", "/console");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Consent coverage per purpose"), std::string::npos);
  EXPECT_NE(r.body.find("marketing.communications.email: 50.0% (1)"), std::string::npos);
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-store");
  EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "same-origin");
}

TEST_F(ConsoleRoutesTest, SubjectViewIsRecordedAndEscaped) {
  const size_t before = Entries().size();
  Response r = Call("GET", "/console/subjects?q=email%3Aann%40example.com");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("ann@example.com"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)"), std::string::npos);
  EXPECT_NE(r.body.find("badge-third_party"), std::string::npos);
  EXPECT_NE(r.body.find("signup form"), std::string::npos);
  std::vector<LedgerEntry> after = Entries();
  ASSERT_EQ(after.size(), before + 1);
  EXPECT_EQ(after.back().kind, "data.read");
  EXPECT_EQ(after.back().actor, "user:alice");
  EXPECT_EQ(after.back().body.find("ann@example.com"), std::string::npos);

  Response shadow = Call("GET", "/console/subjects?q=email%3Ashadow%40example.com");
  EXPECT_NE(shadow.body.find("held in quarantine"), std::string::npos);
  Response bad = Call("GET", "/console/subjects?q=email%3Anot-an-address");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("Not an identifier"), std::string::npos);
}

TEST_F(ConsoleRoutesTest, EveryPageAnswers) {
  for (const char* target :
       {"/console/explain?identifier=email%3Ashadow%40example.com&purpose=analytics",
        "/console/audiences", "/console/exports", "/console/uploads", "/console/ledger",
        "/console/rights", "/console/explain", "/console/subjects"}) {
    Response r = Call("GET", target);
    EXPECT_EQ(r.status, 200) << target << "\n" << r.body;
    EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos) << target;
  }
  Response explain =
      Call("GET", "/console/explain?identifier=email%3Ashadow%40example.com&purpose=analytics");
  EXPECT_NE(explain.body.find("Denied for analytics"), std::string::npos);
  Response verify = Call("POST", "/console/ledger/verify", "csrf=tok");
  EXPECT_EQ(verify.status, 200);
  EXPECT_NE(verify.body.find("The chain verifies"), std::string::npos);
  EXPECT_EQ(Call("GET", "/console/nowhere").status, 404);
  EXPECT_EQ(Call("GET", "/console/audiences/none").status, 404);
}

TEST_F(ConsoleRoutesTest, UploadDeletionNeedsConfirmationAndCsrf) {
  Response list = Call("GET", "/console/uploads");
  ASSERT_NE(list.body.find("/console/uploads/delete?batch=2"), std::string::npos) << list.body;
  Response confirm = Call("GET", "/console/uploads/delete?batch=2");
  EXPECT_EQ(confirm.status, 200);
  EXPECT_EQ(Call("POST", "/console/uploads/delete", "csrf=tok&batch=2").status, 400);
  Response done = Call("POST", "/console/uploads/delete", "csrf=tok&batch=2&confirm=yes");
  EXPECT_EQ(done.status, 200);
  EXPECT_NE(done.body.find("Upload 2 deleted"), std::string::npos);
}

TEST_F(ConsoleRoutesTest, RightsQueueShowsRequestsAndResolvesThem) {
  {
    auto store = Store::Open(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        (*store)
            ->RecordRightsRequest({IdType::kEmail, "bob@example.com"}, "erase", "portal:verified")
            .ok());
  }
  const size_t before = Entries().size();
  Response queue = Call("GET", "/console/rights");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_NE(queue.body.find("bob@example.com"), std::string::npos);
  EXPECT_NE(queue.body.find("value=\"execute\""), std::string::npos);
  EXPECT_NE(queue.body.find("there is no outbox"), std::string::npos);
  std::vector<LedgerEntry> after = Entries();
  ASSERT_EQ(after.size(), before + 1);  // the identifier shown is a recorded read
  EXPECT_EQ(after.back().kind, "data.read");
  EXPECT_EQ(Call("POST", "/console/rights/done", "id=1&action=reject&note=dup").status, 403);
  Response done =
      Call("POST", "/console/rights/done", "csrf=tok&id=1&action=reject&note=duplicate");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("Request 1 resolved: rejected"), std::string::npos);
  EXPECT_EQ(done.body.find("bob@example.com"), std::string::npos);  // resolved: identifier gone
  EXPECT_EQ(Call("POST", "/console/rights/done", "csrf=tok&id=1&action=execute").status, 409);
}

TEST_F(ConsoleRoutesTest, AudiencePreviewGivesGuardedCounts) {
  Response r =
      Call("GET", "/console/api/audience-preview?purpose=analytics&filter=exists%20first_name");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"members_withheld\":true"), std::string::npos);  // 2 < 100
  Response bad = Call("GET", "/console/api/audience-preview?purpose=analytics&filter=%3D%3D");
  EXPECT_EQ(bad.status, 400);
}

TEST_F(ConsoleRoutesTest, StaticAssetsAreEmbedded) {
  Response css = Call("GET", "/static/console.css", "", false);
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_NE(css.body.find(".skip"), std::string::npos);
  Response js = Call("GET", "/static/console.js", "", false);
  EXPECT_EQ(js.status, 200);
  EXPECT_NE(js.body.find("audience"), std::string::npos);
  EXPECT_EQ(Call("GET", "/static/nothing.js", "", false).status, 404);
}

}  // namespace
}  // namespace dl::server
