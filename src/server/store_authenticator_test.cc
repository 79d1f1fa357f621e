// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The authenticator over the store's credentials: write keys, API keys, revocation on a running
// authenticator, console sessions and CSRF tokens.
#include "server/store_authenticator.h"

#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "util/test_dir.h"

namespace dl::server {
namespace {

std::string Base64(const std::string& s) {
  std::string out(sodium_base64_encoded_len(s.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Request WithHeader(const std::string& name, const std::string& value) {
  Request r;
  r.method = "GET";
  r.path = "/api/v1/status";
  r.headers[name] = value;
  return r;
}

Request Basic(const std::string& user) {
  return WithHeader("authorization", "Basic " + Base64(user + ":"));
}
Request Bearer(const std::string& key) { return WithHeader("authorization", "Bearer " + key); }

// "dl_session=<id>; Path=/; ..." -> "<id>"
std::string SessionId(const std::string& set_cookie) {
  size_t eq = set_cookie.find('='), semi = set_cookie.find(';');
  return set_cookie.substr(eq + 1, semi - eq - 1);
}

class StoreAuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("auth");
    db_ = (dir_ / "t.db").string();
    auto s = Store::Init(db_, InitOptions{}, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    admin_store_ = std::move(*s);
    creds_ = std::make_unique<CredentialStore>(&admin_store_->storage());
    auto w = creds_->CreateKey({KeyKind::kWrite, "web", {}, "", "marketing"}, "test");
    ASSERT_TRUE(w.ok());
    write_ = *w;
    auto a = creds_->CreateKey({KeyKind::kApi, "crm", {"read", "write"}, "", ""}, "test");
    ASSERT_TRUE(a.ok());
    api_ = *a;
    ASSERT_TRUE(creds_->AddUser("alice", "a long enough password", false, "test").ok());
    ASSERT_TRUE(creds_->AddUser("root", "another long password", true, "test").ok());
    AuthOptions o;
    o.refresh_interval = std::chrono::milliseconds(50);
    o.session_idle = std::chrono::milliseconds(400);
    auto auth = StoreAuthenticator::Open(db_, o);
    ASSERT_TRUE(auth.ok()) << auth.status().ToString();
    auth_ = std::move(*auth);
  }
  void TearDown() override {
    auth_.reset();
    creds_.reset();
    admin_store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Polls `pred` for up to `limit`; returns the time it took, or limit + 1 s if it never held.
  template <typename Pred>
  std::chrono::milliseconds Until(Pred pred, std::chrono::milliseconds limit) {
    auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < limit) {
      if (pred()) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return limit + std::chrono::seconds(1);
  }
  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<Store> admin_store_;
  std::unique_ptr<CredentialStore> creds_;
  std::unique_ptr<StoreAuthenticator> auth_;
  CreatedKey write_, api_;
};

TEST_F(StoreAuthenticatorTest, WriteKeyIsTheBasicUser) {
  auto p = auth_->WriteKey(Basic(write_.secret));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->kind, Principal::Kind::kWriteKey);
  EXPECT_EQ(p->id, write_.record.id);
  EXPECT_EQ(p->source, "web");
  EXPECT_EQ(p->collected_for, "marketing");
  EXPECT_EQ(p->Actor(), "key:" + write_.record.id);
  EXPECT_TRUE(p->scopes.empty());

  EXPECT_FALSE(auth_->WriteKey(Basic(api_.secret)).has_value()) << "an API key does not collect";
  EXPECT_FALSE(auth_->WriteKey(Basic(write_.secret + "x")).has_value());
  EXPECT_FALSE(auth_->WriteKey(Basic("dlw_" + std::string(52, 'a'))).has_value());
  EXPECT_FALSE(auth_->WriteKey(WithHeader("authorization", "Basic !!!")).has_value());
  EXPECT_FALSE(auth_->WriteKey(Request{}).has_value());
  EXPECT_FALSE(auth_->Caller(Basic(write_.secret)).has_value()) << "a write key reads nothing";
}

TEST_F(StoreAuthenticatorTest, ApiKeyAsBearerOrBasicUser) {
  for (const Request& r : {Bearer(api_.secret), Basic(api_.secret),
                           WithHeader("authorization", "bearer  " + api_.secret)}) {
    auto p = auth_->Caller(r);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->kind, Principal::Kind::kApiKey);
    EXPECT_EQ(p->name, "crm");
    EXPECT_TRUE(p->Has("read"));
    EXPECT_TRUE(p->Has("write"));
    EXPECT_FALSE(p->Has("admin"));
    EXPECT_TRUE(auth_->CsrfOk(r, *p)) << "keys need no CSRF token";
  }
  EXPECT_FALSE(auth_->Caller(Bearer(write_.secret)).has_value());
  EXPECT_FALSE(auth_->Caller(Bearer("dla_nope")).has_value());
  EXPECT_FALSE(auth_->Caller(Request{}).has_value());
}

TEST_F(StoreAuthenticatorTest, RevocationReachesARunningAuthenticatorWithinASecond) {
  ASSERT_TRUE(auth_->Caller(Bearer(api_.secret)).has_value());
  ASSERT_TRUE(creds_->RevokeKey(api_.record.id, "test").ok());
  auto took = Until([&] { return !auth_->Caller(Bearer(api_.secret)).has_value(); },
                    std::chrono::milliseconds(1000));
  EXPECT_LT(took.count(), 1000);
  // A key created meanwhile works as soon as it is seen.
  auto fresh = creds_->CreateKey({KeyKind::kApi, "new", {"admin"}, "", ""}, "test");
  ASSERT_TRUE(fresh.ok());
  took = Until([&] { return auth_->Caller(Bearer(fresh->secret)).has_value(); },
               std::chrono::milliseconds(1000));
  EXPECT_LT(took.count(), 1000);
  EXPECT_TRUE(auth_->WriteKey(Basic(write_.secret)).has_value()) << "other keys unaffected";
}

TEST_F(StoreAuthenticatorTest, LoginGivesASessionWithACsrfToken) {
  EXPECT_FALSE(auth_->Login("alice", "wrong password!!", false).has_value());
  EXPECT_FALSE(auth_->Login("nobody", "a long enough password", false).has_value());
  auto cookie = auth_->Login("alice", "a long enough password", false);
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->rfind("dl_session=", 0), 0u);
  EXPECT_NE(cookie->find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie->find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie->find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie->find("Secure"), std::string::npos);
  const std::string sid = SessionId(*cookie);
  EXPECT_EQ(sid.size(), 64u);

  Request r = WithHeader("cookie", "theme=dark; dl_session=" + sid);
  auto p = auth_->Caller(r);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->kind, Principal::Kind::kUser);
  EXPECT_EQ(p->Actor(), "user:alice");
  EXPECT_TRUE(p->Has("read") && p->Has("rights") && p->Has("audiences") && p->Has("write"));
  EXPECT_FALSE(p->Has("admin"));
  ASSERT_EQ(p->csrf.size(), 64u);

  Request post = r;
  post.method = "POST";
  EXPECT_FALSE(auth_->CsrfOk(post, *p)) << "no token";
  post.headers["x-csrf-token"] = std::string(64, '0');
  EXPECT_FALSE(auth_->CsrfOk(post, *p)) << "wrong token";
  post.headers["x-csrf-token"] = p->csrf.substr(1);
  EXPECT_FALSE(auth_->CsrfOk(post, *p)) << "short token";
  post.headers["x-csrf-token"] = p->csrf;
  EXPECT_TRUE(auth_->CsrfOk(post, *p));
  Request form = r;
  form.method = "POST";
  form.headers["content-type"] = "application/x-www-form-urlencoded";
  form.body = "name=x&csrf=" + p->csrf;
  EXPECT_TRUE(auth_->CsrfOk(form, *p));

  // Another login is another session, with another token.
  auto again = auth_->Login("alice", "a long enough password", true);
  ASSERT_TRUE(again.has_value());
  EXPECT_NE(again->find("; Secure"), std::string::npos);
  EXPECT_NE(SessionId(*again), sid);
  EXPECT_EQ(auth_->SessionCount(), 2u);

  std::string cleared = auth_->Logout(r, false);
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos);
  EXPECT_FALSE(auth_->Caller(r).has_value()) << "logged out";
  EXPECT_EQ(auth_->SessionCount(), 1u);

  auto root = auth_->Login("root", "another long password", false);
  ASSERT_TRUE(root.has_value());
  auto rp = auth_->Caller(WithHeader("cookie", "dl_session=" + SessionId(*root)));
  ASSERT_TRUE(rp.has_value());
  EXPECT_TRUE(rp->Has("admin"));
}

TEST_F(StoreAuthenticatorTest, SessionsEndWhenIdleOrWhenTheUserIsRemoved) {
  auto a = auth_->Login("alice", "a long enough password", false);
  auto b = auth_->Login("root", "another long password", false);
  ASSERT_TRUE(a.has_value() && b.has_value());
  Request ra = WithHeader("cookie", "dl_session=" + SessionId(*a));
  Request rb = WithHeader("cookie", "dl_session=" + SessionId(*b));
  // Use keeps a session alive past the idle limit.
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ASSERT_TRUE(auth_->Caller(ra).has_value()) << i;
  }
  EXPECT_FALSE(auth_->Caller(rb).has_value()) << "idle for 600 ms > 400 ms";
  ASSERT_TRUE(creds_->RemoveUser("alice", "test").ok());
  auto took =
      Until([&] { return !auth_->Caller(ra).has_value(); }, std::chrono::milliseconds(1000));
  EXPECT_LT(took.count(), 1000);
  EXPECT_FALSE(auth_->Login("alice", "a long enough password", false).has_value());
}

TEST_F(StoreAuthenticatorTest, ManyThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (auth_->WriteKey(Basic(write_.secret)).has_value()) ++ok;
        (void)auth_->Caller(Bearer(api_.secret));
      }
    });
  }
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        creds_->CreateKey({KeyKind::kApi, "k" + std::to_string(i), {"read"}, "", ""}, "t").ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 8000) << "a valid key stays valid while others change";
}

}  // namespace
}  // namespace dl::server
