// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The REST API through the router, without sockets: authentication and scopes, reads recorded
// in the ledger, JSON errors, and the OpenAPI document checked against the routes both ways.
#include "server/api_routes.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "daylight/verification.h"

#include "server/routes.h"
#include "server/store_authenticator.h"
#include "util/test_dir.h"

namespace dl::server {
namespace {

using json = nlohmann::json;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApiTest, DocumentIsValidJsonWithTheSecuritySchemes) {
  json doc = json::parse(OpenApiDocument(), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << "web/openapi.json is not valid JSON";
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const json& schemes = doc["components"]["securitySchemes"];
  EXPECT_EQ(schemes["writeKey"]["scheme"], "basic");
  EXPECT_EQ(schemes["apiKey"]["scheme"], "bearer");
  EXPECT_EQ(schemes["consoleSession"]["in"], "cookie");
  EXPECT_EQ(schemes["consoleSession"]["name"], StoreAuthenticator::kSessionCookie);
  for (const char* p : {"/v1/identify", "/v1/track", "/v1/page", "/v1/screen", "/v1/group",
                        "/v1/alias", "/v1/batch"}) {
    EXPECT_TRUE(doc["paths"].contains(p) && doc["paths"][p].contains("post")) << p;
  }
  for (const char* p : {"/healthz", "/metrics", "/openapi.json"}) {
    EXPECT_TRUE(doc["paths"].contains(p) && doc["paths"][p].contains("get")) << p;
  }
  // Every $ref resolves.
  std::function<void(const json&)> refs = [&](const json& j) {
    if (j.is_object()) {
      if (auto it = j.find("$ref"); it != j.end()) {
        std::string ref = it->get<std::string>();
        ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
        EXPECT_TRUE(doc.contains(json::json_pointer(ref.substr(1)))) << "dangling " << ref;
      }
      for (const auto& [k, v] : j.items()) refs(v);
    } else if (j.is_array()) {
      for (const json& v : j) refs(v);
    }
  };
  refs(doc);
}

TEST(OpenApiTest, EveryRouteIsDocumentedAndEveryDocumentedApiPathIsARoute) {
  json doc = json::parse(OpenApiDocument(), nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  std::set<std::pair<std::string, std::string>> routes;
  for (const ApiRouteInfo& r : ApiRouteTable()) {
    routes.emplace(std::string(r.doc_path), Lower(r.method));
    ASSERT_TRUE(doc["paths"].contains(std::string(r.doc_path))) << r.doc_path;
    const json& op = doc["paths"][std::string(r.doc_path)];
    ASSERT_TRUE(op.contains(Lower(r.method))) << r.method << " " << r.doc_path;
    EXPECT_EQ(op[Lower(r.method)]["x-daylight-scope"], r.scope) << r.doc_path;
    EXPECT_FALSE(op[Lower(r.method)]["security"].empty()) << r.doc_path;
  }
  for (const auto& [path, ops] : doc["paths"].items()) {
    if (path.rfind("/api/", 0) != 0) continue;
    for (const auto& [method, op] : ops.items()) {
      EXPECT_TRUE(routes.count({path, method}))
          << "documented but not routed: " << method << " " << path;
    }
  }
}

// A store with two people, a running work executor and authenticator, and the API's routes.
class ApiRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("api");
    db_ = (dir_ / "t.db").string();
    InitOptions init;
    init.guardrails.minimum = 1;
    init.guardrails.rounding = 1;
    init.guardrails.threshold_band = 1;
    auto s = Store::Init(db_, init, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    std::string csv = (dir_ / "crm.csv").string();
    std::ofstream(csv)
        << "email,first_name,country\nann@example.com,Ann,DE\nbob@example.com,Bob,DE\n";
    ImportOptions o;
    o.path = csv;
    o.source = "crm";
    o.collected_for = "marketing";
    o.actor = "test";
    ASSERT_TRUE(store_->Import(o).ok());
    CredentialStore creds(&store_->storage());
    for (auto [name, scopes] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"reader", {"read"}},
             {"writer", {"write"}},
             {"aud", {"audiences"}},
             {"all", {"read", "write", "audiences", "rights", "admin"}}}) {
      auto k = creds.CreateKey({KeyKind::kApi, name, scopes, "", ""}, "test");
      ASSERT_TRUE(k.ok());
      keys_[name] = *k;
    }
    ASSERT_TRUE(creds.AddUser("alice", "a long enough password", false, "test").ok());

    auto work = StoreExecutor::Open(db_, "work");
    ASSERT_TRUE(work.ok()) << work.status().ToString();
    work_ = std::move(*work);
    auto auth = StoreAuthenticator::Open(db_);
    ASSERT_TRUE(auth.ok());
    auth_ = std::move(*auth);
    ctx_.db_path = db_;
    ctx_.work = work_.get();
    ctx_.auth = auth_.get();
    RegisterApiRoutes(router_, ctx_);
  }
  void TearDown() override {
    work_.reset();
    auth_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Response Call(const std::string& method, const std::string& target, const std::string& key,
                const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    Request r;
    r.method = method;
    size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    if (!key.empty()) r.headers["authorization"] = "Bearer " + key;
    for (auto& [k, v] : headers) r.headers[k] = v;
    r.body = body;
    std::promise<Response> done;
    auto f = done.get_future();
    router_.Dispatch(r, [&done](Response res) { done.set_value(std::move(res)); });
    EXPECT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    return f.get();
  }
  std::string Key(const std::string& name) { return keys_[name].secret; }
  // Ledger entries of `kind` as "actor|body".
  std::vector<std::string> Entries(const std::string& kind) {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->storage()
                    .ScanEntries([&](const LedgerEntry& e) {
                      if (e.kind == kind) out.push_back(e.actor + "|" + e.body);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<Store> store_;
  std::map<std::string, CreatedKey> keys_;
  std::unique_ptr<StoreExecutor> work_;
  std::unique_ptr<StoreAuthenticator> auth_;
  ServerContext ctx_;
  Router router_;
};

TEST_F(ApiRoutesTest, StatusNeedsAKeyWithTheReadScope) {
  Response r = Call("GET", "/api/v1/status", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "unauthorized");
  bool challenge = false;
  for (auto& [k, v] : r.headers) challenge = challenge || k == "WWW-Authenticate";
  EXPECT_TRUE(challenge);
  EXPECT_EQ(Call("GET", "/api/v1/status", "dla_unknown").status, 401);
  r = Call("GET", "/api/v1/status", Key("aud"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "forbidden");
  r = Call("GET", "/api/v1/status", Key("reader"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["subjects"], 2);
}

TEST_F(ApiRoutesTest, OtherApiPathsAre401WithoutAKey) {
  EXPECT_EQ(Call("GET", "/api/v1/nothing", "").status, 401);
  EXPECT_EQ(Call("POST", "/api/other", "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/nothing", Key("reader")).status, 404);
  Response r = Call("DELETE", "/api/v1/status", Key("reader"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Call("GET", "/openapi.json", "").status, 200);
}

TEST_F(ApiRoutesTest, SubjectReadIsRecordedNamingTheKey) {
  size_t before = Entries("data.read").size();
  Response r = Call("GET", "/api/v1/subjects/email%3Aann%40example.com", Key("reader"));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["query"], "email:ann@example.com");
  EXPECT_TRUE(j["known"].get<bool>());
  auto reads = Entries("data.read");
  ASSERT_EQ(reads.size(), before + 1);
  EXPECT_EQ(reads.back().rfind("key:" + keys_["reader"].record.id + "|", 0), 0u) << reads.back();
  EXPECT_NE(reads.back().find("subject.show"), std::string::npos);
  EXPECT_EQ(reads.back().find("ann@"), std::string::npos) << "blind index only";

  r = Call("GET", "/api/v1/subjects/email%3Anobody%40example.com", Key("reader"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("nobody"), std::string::npos) << "errors carry no identifier";
  EXPECT_EQ(Call("GET", "/api/v1/subjects/bogus", Key("reader")).status, 400);
  EXPECT_EQ(Entries("data.read").size(), before + 1) << "nothing was shown, nothing recorded";

  r = Call("GET", "/api/v1/explain?identifier=email%3Abob%40example.com&purpose=marketing",
           Key("reader"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["rules"].size(), 5u);
  EXPECT_EQ(Entries("data.read").size(), before + 2);
  EXPECT_EQ(Call("GET", "/api/v1/explain?purpose=marketing", Key("reader")).status, 400);
}

TEST_F(ApiRoutesTest, ConsoleSessionsNeedTheCsrfTokenToChangeThings) {
  auto cookie = auth_->Login("alice", "a long enough password", false);
  ASSERT_TRUE(cookie.has_value());
  std::string sid = cookie->substr(11, 64);
  std::map<std::string, std::string> h = {{"cookie", "dl_session=" + sid}};
  std::string body =
      R"({"identifier":"email:ann@example.com","purpose":"marketing.communications.email","evidence":"form v1"})";
  Response r = Call("POST", "/api/v1/consents", "", body, h);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "csrf");
  Request probe;
  probe.headers["cookie"] = "dl_session=" + sid;
  auto p = auth_->Caller(probe);
  ASSERT_TRUE(p.has_value());
  h["x-csrf-token"] = p->csrf;
  r = Call("POST", "/api/v1/consents", "", body, h);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["state"], "granted");
  EXPECT_EQ(Entries("consent").back().rfind("user:alice|", 0), 0u);
  // Reads need no token; the user has no admin scope.
  EXPECT_EQ(Call("GET", "/api/v1/status", "", "", {{"cookie", "dl_session=" + sid}}).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/keys", "", "", {{"cookie", "dl_session=" + sid}}).status, 403);
}

TEST_F(ApiRoutesTest, BadBodiesAreJsonErrors) {
  Response r = Call("POST", "/api/v1/consents", Key("all"), "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "invalid_argument");
  r = Call("POST", "/api/v1/consents", Key("all"), R"({"identifier":"email:ann@example.com"})");
  EXPECT_EQ(r.status, 400);
  r = Call("POST", "/api/v1/consents", Key("all"),
           R"({"identifier":"email:zed@example.com","purpose":"marketing","evidence":"x"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("zed"), std::string::npos);
  EXPECT_EQ(Call("POST", "/api/v1/rights/dance", Key("all"), "{}").status, 404);
}

TEST_F(ApiRoutesTest, AudiencesAndExports) {
  Response r = Call("POST", "/api/v1/audiences", Key("aud"),
                    R"({"name":"de","purpose":"marketing","where":"country = \"DE\""})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["audience"]["created_by"], "key:" + keys_["aud"].record.id);
  r = Call("GET", "/api/v1/audiences", Key("aud"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/audiences/de", Key("aud")).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/audiences/none", Key("aud")).status, 404);
  r = Call("POST", "/api/v1/audiences/de/export", Key("aud"),
           R"({"platform":"meta","recipient":"Meta Ads account 1"})");
  // Whether anyone is eligible depends on the default policy; either way the answer is JSON.
  json j = json::parse(r.body);
  if (r.status == 201) {
    std::string file = j["file"];
    EXPECT_EQ(std::filesystem::path(file).parent_path(), dir_ / "exports");
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  } else {
    EXPECT_TRUE(j.contains("error")) << r.body;
  }
  EXPECT_EQ(Call("POST", "/api/v1/audiences/de/export", Key("aud"),
                 R"({"platform":"tiktok","recipient":"x"})")
                .status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/audiences/none/export", Key("aud"),
                 R"({"platform":"meta","recipient":"x"})")
                .status,
            404);
}

TEST_F(ApiRoutesTest, RightsActionsAndAccessReports) {
  Response r = Call("POST", "/api/v1/rights/access", Key("all"),
                    R"({"identifier":"email:ann@example.com"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("ann@example.com"), std::string::npos);
  EXPECT_EQ(Entries("rights.access").back().rfind("key:" + keys_["all"].record.id, 0), 0u);
  // The page to hand to the person, as `rights access --html --lang de` writes it.
  r = Call("POST", "/api/v1/rights/access", Key("all"),
           R"({"identifier":"email:ann@example.com","format":"html","lang":"de"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type.rfind("text/html", 0), 0u);
  EXPECT_NE(r.body.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(r.body.find("ann@example.com"), std::string::npos);
  EXPECT_NE(Entries("rights.access").back().find("html"), std::string::npos);
  EXPECT_EQ(Call("POST", "/api/v1/rights/access", Key("all"),
                 R"({"identifier":"email:ann@example.com","lang":"de"})")
                .status,
            400)
      << "lang is for the page";
  EXPECT_EQ(Call("POST", "/api/v1/rights/access", Key("all"),
                 R"({"identifier":"email:ann@example.com","format":"pdf"})")
                .status,
            400);
  r = Call("POST", "/api/v1/rights/object", Key("all"),
           R"({"identifier":"email:ann@example.com","purpose":"marketing"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["action"], "objection");
  EXPECT_EQ(
      Call("POST", "/api/v1/rights/object", Key("all"), R"({"identifier":"email:ann@example.com"})")
          .status,
      400)
      << "an objection names its purpose";
  r = Call("POST", "/api/v1/rights/erase", Key("all"), R"({"identifier":"email:bob@example.com"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["people"], 1);
  EXPECT_EQ(Call("GET", "/api/v1/subjects/email%3Abob%40example.com", Key("all")).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/uploads", Key("all")).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/notices?all=true", Key("all")).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/records", Key("all")).status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/uploads/abc", Key("all")).status, 400);
  EXPECT_EQ(Call("DELETE", "/api/v1/uploads/999", Key("all")).status, 404);
  r = Call("GET", "/api/v1/ledger/verify", Key("all"));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(json::parse(r.body)["ok"].get<bool>());
}

TEST_F(ApiRoutesTest, AdminManagesKeys) {
  EXPECT_EQ(Call("GET", "/api/v1/keys", Key("reader")).status, 403);
  Response r =
      Call("POST", "/api/v1/keys", Key("all"), R"({"kind":"api","name":"sync","scopes":["read"]})");
  ASSERT_EQ(r.status, 201) << r.body;
  json created = json::parse(r.body);
  std::string secret = created["key"];
  EXPECT_EQ(secret.rfind("dla_", 0), 0u);
  r = Call("GET", "/api/v1/keys", Key("all"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("dla_"), std::string::npos) << "keys are never listed";
  EXPECT_EQ(r.body.find(KeyHash(secret)), std::string::npos);
  // The new key works once the authenticator has seen it (within a second).
  ASSERT_TRUE(auth_->Refresh().ok());
  EXPECT_EQ(Call("GET", "/api/v1/status", secret).status, 200);
  r = Call("DELETE", "/api/v1/keys/" + created["id"].get<std::string>(), Key("all"));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(auth_->Refresh().ok());
  EXPECT_EQ(Call("GET", "/api/v1/status", secret).status, 401);
  EXPECT_EQ(
      Call("POST", "/api/v1/keys", Key("all"), R"({"kind":"api","name":"x","scopes":["root"]})")
          .status,
      400);
}

TEST_F(ApiRoutesTest, ImportTakesTheFileAsTheBody) {
  const std::string kTarget =
      "/api/v1/imports?source=web&supplier=self&collected_for=marketing.communications.email"
      "&region=DE&name=signups.csv";
  const std::string csv = "email,first_name,phone\ncid@example.com,Cid,030 1234567\n";
  EXPECT_EQ(Call("POST", kTarget, Key("reader"), csv).status, 403) << "imports need 'write'";
  Response r = Call("POST", kTarget, Key("writer"), csv);
  ASSERT_EQ(r.status, 201) << r.body;
  json report = json::parse(r.body);
  EXPECT_EQ(report["records_stored"], 1);
  EXPECT_EQ(report["claims"], 2);
  // The claims say who supplied them, as a CLI import's do.
  r = Call("GET", "/api/v1/subjects/email%3Acid%40example.com", Key("reader"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"web\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("+49301234567"), std::string::npos) << "region applied";
  // The same file again adds nothing.
  r = Call("POST", kTarget, Key("writer"), csv);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["duplicates"], 1);
  // JSON Lines told by the Content-Type, a column mapped with a repeatable parameter.
  r = Call("POST",
           "/api/v1/imports?source=shop&supplier=first_party&collected_for=essential.service"
           "&map=mail%3Demail",
           Key("writer"), "{\"mail\":\"dee@example.com\"}\n",
           {{"content-type", "application/x-ndjson"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["records_stored"], 1);
  EXPECT_EQ(Call("GET", "/api/v1/subjects/email%3Adee%40example.com", Key("reader")).status, 200);
}

TEST_F(ApiRoutesTest, ABadImportIsAPreciseErrorAndStoresNothing) {
  const std::string kTarget =
      "/api/v1/imports?source=web&supplier=self&collected_for=marketing.communications.email"
      "&name=signups.csv";
  auto subjects = [&] {
    return json::parse(Call("GET", "/api/v1/status", Key("reader")).body)["subjects"];
  };
  const json before = subjects();
  Response r = Call("POST", kTarget, Key("writer"),
                    "email,first_name\neve@example.com,Eve\nnot-an-email,Mal\n");
  ASSERT_EQ(r.status, 400) << r.body;
  const std::string message = json::parse(r.body)["error"]["message"];
  EXPECT_NE(message.find("signups.csv:3"), std::string::npos) << message;
  EXPECT_NE(message.find("email"), std::string::npos) << message;
  EXPECT_EQ(message.find("not-an-email"), std::string::npos) << "no value in errors";
  EXPECT_EQ(subjects(), before) << "an aborted import stores nothing";
  EXPECT_EQ(Call("GET", "/api/v1/subjects/email%3Aeve%40example.com", Key("reader")).status, 404);
  // With max_errors the bad row is skipped and reported by line and field.
  r = Call("POST", kTarget + "&max_errors=1", Key("writer"),
           "email,first_name\neve@example.com,Eve\nnot-an-email,Mal\n");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["skipped"], 1);
  EXPECT_EQ(json::parse(r.body)["errors"][0]["line"], 3);
  // Options are checked before anything is read.
  for (const std::string& target : {
           std::string("/api/v1/imports?supplier=self&collected_for=essential.service"),
           std::string("/api/v1/imports?source=web&supplier=someone&collected_for=x"),
           std::string("/api/v1/imports?source=web&supplier=self&collected_for=essential.service"),
           kTarget + "&max_errors=-1",
           std::string("/api/v1/imports?source=web&supplier=self&collected_for=essential.service"
                       "&name=..%2Fetc%2Fpasswd"),
       }) {
    r = Call("POST", target, Key("writer"), "email\nzed@example.com\n");
    EXPECT_EQ(r.status, 400) << target << " " << r.body;
  }
  EXPECT_EQ(Call("POST", kTarget, Key("writer"), "").status, 400) << "an empty body";
  r = Call("POST",
           "/api/v1/imports?source=app&supplier=third_party&collected_for="
           "functional.contact_discovery&name=book.vcf",
           Key("writer"), "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:zed@example.com\r\nEND:VCARD\r\n");
  EXPECT_EQ(r.status, 400) << "a third-party upload names its uploader";
  EXPECT_EQ(Call("GET", "/api/v1/subjects/email%3Azed%40example.com", Key("reader")).status, 404);
}

TEST_F(ApiRoutesTest, ConsentSignalsImport) {
  const std::string csv =
      "identifier,signal,time\n"
      "email:ann@example.com,Sec-GPC: 1,2026-11-01T10:00:00Z\n"
      "email:nobody@example.com,Sec-GPC: 1,2026-11-01T10:00:00Z\n";
  Response r = Call("POST", "/api/v1/consents/signals?name=shop.csv", Key("writer"), csv);
  ASSERT_EQ(r.status, 200) << r.body;
  json report = json::parse(r.body);
  EXPECT_EQ(report["rows"], 2);
  EXPECT_GE(report["objections"].get<int>(), 1);
  EXPECT_EQ(report["unknown"], 1);
  // GPC objects to sale and sharing: the gate now refuses third-party targeting for Ann.
  r = Call("GET",
           "/api/v1/explain?identifier=email%3Aann%40example.com&purpose="
           "marketing.advertising.third_party.targeted",
           Key("reader"));
  ASSERT_EQ(r.status, 200) << r.body;
  json decision = json::parse(r.body);
  EXPECT_FALSE(decision["allow"].get<bool>()) << r.body;
  bool objection_rule_failed = false;
  for (const json& rule : decision["rules"]) {
    if (rule["name"] == "objection") objection_rule_failed = !rule["pass"].get<bool>();
  }
  EXPECT_TRUE(objection_rule_failed) << r.body;
  r = Call("POST", "/api/v1/consents/signals?name=shop.csv", Key("writer"), "id,signal\nx,y\n");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find("shop.csv:1"),
            std::string::npos);
  EXPECT_EQ(Call("POST", "/api/v1/consents/signals", Key("reader"), csv).status, 403);
}

TEST_F(ApiRoutesTest, TheRightsRequestQueue) {
  ASSERT_TRUE(
      store_->RecordRightsRequest({IdType::kEmail, "ann@example.com"}, "erase", "portal:verified")
          .ok());
  ASSERT_TRUE(
      store_->RecordRightsRequest({IdType::kEmail, "bob@example.com"}, "erase", "portal:verified")
          .ok());
  EXPECT_EQ(Call("GET", "/api/v1/rights/requests", Key("reader")).status, 403);
  Response r = Call("GET", "/api/v1/rights/requests", Key("all"));
  ASSERT_EQ(r.status, 200) << r.body;
  json list = json::parse(r.body);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["identifier"], "email:ann@example.com");
  EXPECT_EQ(list[0]["status"], "pending");
  const uint64_t ann = list[0]["id"], bob = list[1]["id"];
  // Showing the identifiers is a read on record, naming the key.
  EXPECT_EQ(Entries("data.read").back().rfind("key:" + keys_["all"].record.id, 0), 0u);
  const std::string base = "/api/v1/rights/requests/";
  EXPECT_EQ(Call("POST", base + std::to_string(ann) + "/reject", Key("all"), "{}").status, 400)
      << "a rejection says why";
  r = Call("POST", base + std::to_string(ann) + "/reject", Key("all"),
           R"({"note":"invoices under legal hold until 2031"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["status"], "rejected");
  EXPECT_EQ(r.body.find("ann@example.com"), std::string::npos) << "resolved: no identifier";
  EXPECT_EQ(Call("POST", base + std::to_string(ann) + "/done", Key("all")).status, 409);
  r = Call("POST", base + std::to_string(bob) + "/done", Key("all"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["resolution"], "erased");
  EXPECT_EQ(Call("GET", "/api/v1/subjects/email%3Abob%40example.com", Key("all")).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/subjects/email%3Aann%40example.com", Key("all")).status, 200);
  EXPECT_EQ(Call("POST", base + "abc/done", Key("all")).status, 400);
  EXPECT_EQ(Call("POST", base + "999/done", Key("all")).status, 404);
  EXPECT_EQ(Call("POST", base + "1/undo", Key("all")).status, 404);
  r = Call("GET", "/api/v1/rights/requests", Key("all"));
  EXPECT_EQ(json::parse(r.body).size(), 0u) << "nothing pending";
  r = Call("GET", "/api/v1/rights/requests?all=true", Key("all"));
  EXPECT_EQ(json::parse(r.body).size(), 2u);
}

TEST_F(ApiRoutesTest, AdminManagesUsers) {
  EXPECT_EQ(Call("GET", "/api/v1/users", Key("writer")).status, 403);
  Response r = Call("GET", "/api/v1/users", Key("all"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)[0]["name"], "alice");
  EXPECT_EQ(r.body.find("argon2"), std::string::npos) << "never a password hash";
  r = Call("POST", "/api/v1/users", Key("all"), R"({"name":"dpo","password":"too short"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("too short"), std::string::npos) << "never the password";
  r = Call("POST", "/api/v1/users", Key("all"),
           R"({"name":"dpo","password":"correct horse battery","admin":true})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["admin"], true);
  EXPECT_EQ(r.body.find("correct horse"), std::string::npos);
  EXPECT_EQ(Call("POST", "/api/v1/users", Key("all"),
                 R"({"name":"dpo","password":"another long password"})")
                .status,
            409);
  // The new login works.
  ASSERT_TRUE(auth_->Refresh().ok());
  EXPECT_TRUE(auth_->Login("dpo", "correct horse battery", false).has_value());
  EXPECT_EQ(Call("DELETE", "/api/v1/users/dpo", Key("all")).status, 200);
  ASSERT_TRUE(auth_->Refresh().ok());
  EXPECT_FALSE(auth_->Login("dpo", "correct horse battery", false).has_value());
  EXPECT_EQ(Call("DELETE", "/api/v1/users/dpo", Key("all")).status, 404);
  // Both changes are on record, naming the key that made them.
  ASSERT_EQ(Entries("user.add").size(), 2u);
  EXPECT_EQ(Entries("user.add").back().rfind("key:" + keys_["all"].record.id, 0), 0u);
  EXPECT_EQ(Entries("user.remove").back().rfind("key:" + keys_["all"].record.id, 0), 0u);
}

TEST_F(ApiRoutesTest, TheOutboxIsForAdministratorsAndItsReadIsOnRecord) {
  EXPECT_EQ(Call("GET", "/api/v1/outbox", Key("all")).status, 404) << "no outbox: 404";
  OutboxDelivery outbox;
  ctx_.outbox = &outbox;
  ASSERT_TRUE(outbox.Send({IdType::kEmail, "ann@example.com"}, "123456", "en").ok());
  EXPECT_EQ(Call("GET", "/api/v1/outbox", "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/outbox", Key("reader")).status, 403);
  Response r = Call("GET", "/api/v1/outbox", Key("all"));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_EQ(j["messages"].size(), 1u);
  EXPECT_EQ(j["messages"][0]["to"], "email:ann@example.com");
  EXPECT_NE(j["messages"][0]["text"].get<std::string>().find("123456"), std::string::npos);
  const std::vector<std::string> reads = Entries("data.read");
  ASSERT_FALSE(reads.empty());
  EXPECT_EQ(reads.back().rfind("key:" + keys_["all"].record.id, 0), 0u);
  EXPECT_NE(reads.back().find("outbox"), std::string::npos) << reads.back();
  EXPECT_EQ(Call("GET", "/api/v1/outbox?limit=0", Key("all")).status, 400);
  ctx_.outbox = nullptr;
}

TEST_F(ApiRoutesTest, EachKeyIsRateLimited) {
  int limited = 0;
  std::string retry_after;
  for (int i = 0; i < 500 && limited == 0; ++i) {
    Response r = Call("GET", "/api/v1/purposes", Key("reader"));
    if (r.status == 429) {
      ++limited;
      for (auto& [k, v] : r.headers) {
        if (k == "Retry-After") retry_after = v;
      }
      EXPECT_EQ(json::parse(r.body)["error"]["code"], "rate_limited");
    } else {
      ASSERT_EQ(r.status, 200);
    }
  }
  EXPECT_EQ(limited, 1) << "500 requests at once exceed the burst";
  EXPECT_FALSE(retry_after.empty());
  EXPECT_EQ(Call("GET", "/api/v1/purposes", Key("all")).status, 200) << "other keys unaffected";
}

}  // namespace
}  // namespace dl::server
