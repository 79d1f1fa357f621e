// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Collection routes over the Router, with a fake Authenticator and a fake store sink: status
// codes, bodies, group commit and the order of the checks.
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/auth.h"
#include "server/event_ingestor.h"
#include "server/rate_limiter.h"
#include "server/routes.h"

namespace dl::server {
namespace {

std::string Base64(const std::string& s) {
  std::string out(sodium_base64_encoded_len(s.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

constexpr char kGoodKey[] = "dlw_good";

class FakeAuth final : public Authenticator {
 public:
  std::optional<Principal> WriteKey(const Request& r) override {
    if (r.Header("authorization") != "Basic " + Base64(std::string(kGoodKey) + ":")) {
      return std::nullopt;
    }
    Principal p;
    p.kind = Principal::Kind::kWriteKey;
    p.id = "k_1";
    p.name = "web";
    p.source = "web";
    p.collected_for = "essential.service";
    return p;
  }
  std::optional<Principal> Caller(const Request&) override { return std::nullopt; }
  std::optional<std::string> Login(const std::string&, const std::string&, bool) override {
    return std::nullopt;
  }
  std::string Logout(const Request&, bool) override { return ""; }
  bool CsrfOk(const Request&, const Principal&) override { return false; }
};

// Records what reaches the store; `gate` (when set) holds commits until released.
struct FakeStore {
  std::mutex mu;
  std::vector<std::vector<CollectedEvent>> calls;
  std::vector<CollectOptions> options;
  std::set<std::string> seen;
  Status fail;  // returned (once per call) when not OK
  std::shared_future<void> gate;

  EventIngestor::CollectFn Fn() {
    return [this](const std::vector<CollectedEvent>& events, const CollectOptions& o)
               -> StatusOr<CollectReport> {
      if (gate.valid()) gate.wait();
      std::lock_guard<std::mutex> lock(mu);
      if (!fail.ok()) return fail;
      calls.push_back(events);
      options.push_back(o);
      CollectReport r;
      for (const CollectedEvent& e : events) {
        if (seen.insert(e.message_id).second) {
          ++r.accepted;
        } else {
          ++r.duplicates;
        }
      }
      return r;
    };
  }
};

class CollectionRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    Build(IngestorOptions{}, RateLimit{0, 1});
  }

  void Build(IngestorOptions io, RateLimit limit) {
    ingestor_.reset();
    router_ = Router();
    ingestor_ = EventIngestor::WithCollector(store_.Fn(), &metrics_, io);
    limiter_ = std::make_unique<RateLimiter>(limit);
    ctx_.auth = &auth_;
    ctx_.ingestor = ingestor_.get();
    ctx_.metrics = &metrics_;
    ctx_.collect_limiter = limiter_.get();
    RegisterCollectionRoutes(router_, ctx_);
  }

  std::future<Response> Send(const std::string& path, const std::string& body,
                             bool with_key = true, std::string key = kGoodKey) {
    Request r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    if (with_key) r.headers["authorization"] = "Basic " + Base64(key + ":");
    auto promise = std::make_shared<std::promise<Response>>();
    auto answered = std::make_shared<std::atomic<int>>(0);
    router_.Dispatch(r, [promise, answered](Response resp) {
      // A handler must answer exactly once.
      EXPECT_EQ(answered->fetch_add(1), 0);
      promise->set_value(std::move(resp));
    });
    return promise->get_future();
  }

  Response Post(const std::string& path, const std::string& body, bool with_key = true,
                std::string key = kGoodKey) {
    auto f = Send(path, body, with_key, std::move(key));
    EXPECT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    return f.get();
  }

  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }

  FakeAuth auth_;
  FakeStore store_;
  Metrics metrics_;
  ServerContext ctx_;
  Router router_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<EventIngestor> ingestor_;
};

TEST_F(CollectionRoutesTest, AcceptsEachEndpointAfterTheCommit) {
  const std::pair<const char*, const char*> kCases[] = {
      {"/v1/identify", R"({"userId":"u1","traits":{"email":"ann@example.com"}})"},
      {"/v1/track", R"({"userId":"u1","event":"Signed Up"})"},
      {"/v1/page", R"({"anonymousId":"a1","name":"Home"})"},
      {"/v1/screen", R"({"anonymousId":"a1"})"},
      {"/v1/group", R"({"userId":"u1","groupId":"g1"})"},
      {"/v1/alias", R"({"userId":"u1","previousId":"a1"})"},
      {"/v1/batch", R"({"batch":[{"type":"track","userId":"u1","event":"A"},
                                 {"type":"identify","userId":"u1"}]})"},
      {"/v1/t", R"({"userId":"u1","event":"From analytics.js"})"},
  };
  for (const auto& [path, body] : kCases) {
    Response r = Post(path, body);
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_EQ(r.body, R"({"success":true})");
    EXPECT_EQ(HeaderOf(r, "Access-Control-Allow-Origin"), "*");
  }
  std::lock_guard<std::mutex> lock(store_.mu);
  size_t events = 0;
  for (const auto& c : store_.calls) events += c.size();
  EXPECT_EQ(events, 9u);
  EXPECT_EQ(store_.calls[0][0].type, EventType::kIdentify);
  EXPECT_EQ(store_.options[0].source, "web");
  EXPECT_EQ(store_.options[0].collected_for, "essential.service");
  EXPECT_EQ(store_.options[0].actor, "key:k_1");
}

TEST_F(CollectionRoutesTest, NoAnswerBeforeTheEventsAreStored) {
  std::promise<void> release;
  store_.gate = release.get_future().share();
  Build(IngestorOptions{}, RateLimit{0, 1});
  auto f = Send("/v1/track", R"({"userId":"u1","event":"x"})");
  EXPECT_EQ(f.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  release.set_value();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(f.get().status, 200);
}

TEST_F(CollectionRoutesTest, GroupCommitsRequestsThatWaited) {
  std::promise<void> release;
  store_.gate = release.get_future().share();
  Build(IngestorOptions{}, RateLimit{0, 1});
  std::vector<std::future<Response>> pending;
  // The first request's commit holds the store; the next ones queue and share one commit.
  pending.push_back(Send("/v1/track", R"({"userId":"u0","event":"x"})"));
  while (ingestor_->QueuedEvents() != 0) std::this_thread::yield();
  for (int i = 1; i < 10; ++i) {
    pending.push_back(Send("/v1/track", R"({"userId":"u)" + std::to_string(i) +
                                            R"(","event":"x"})"));
  }
  EXPECT_EQ(ingestor_->QueuedEvents(), 9u);
  release.set_value();
  for (auto& f : pending) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(f.get().status, 200);
  }
  std::lock_guard<std::mutex> lock(store_.mu);
  ASSERT_EQ(store_.calls.size(), 2u);
  EXPECT_EQ(store_.calls[1].size(), 9u);
  EXPECT_EQ(store_.calls[1][0].user_id, "u1");
  EXPECT_EQ(store_.calls[1][8].user_id, "u9");
}

TEST_F(CollectionRoutesTest, RefusesWithTheRightStatusAndReason) {
  Response r = Post("/v1/track", R"({"userId":"ann@example.com",)");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"code\":\"invalid\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("malformed JSON"), std::string::npos) << r.body;

  r = Post("/v1/track", R"({"userId":"ann@example.com"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("field 'event' is required for track"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("ann@example.com"), std::string::npos) << r.body;

  r = Post("/v1/batch", R"({"batch":[{"type":"track","userId":"u","event":"x"},
                                    {"type":"track","event":"x"}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("batch[1]: userId or anonymousId is required"), std::string::npos);

  const std::string big(40 * 1024, 'x');
  r = Post("/v1/track", R"({"userId":"u","event":"x","properties":{"p":")" + big + R"("}})");
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("32 KB"), std::string::npos) << r.body;

  std::string batch = R"({"batch":[)";
  for (int i = 0; i < 16; ++i) {
    batch += std::string(i ? "," : "") + R"({"type":"track","userId":"u","event":"x",)" +
             R"("properties":{"p":")" + std::string(32000, 'y') + R"("}})";
  }
  batch += "]}";
  r = Post("/v1/batch", batch);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("500 KB"), std::string::npos) << r.body;

  r = Post("/v1/track", R"({"userId":"u","event":"x"})", /*with_key=*/false);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("unauthorized"), std::string::npos);
  r = Post("/v1/track", R"({"userId":"u","event":"x"})", true, "dlw_bad");
  EXPECT_EQ(r.status, 401);
  // A bad key is refused before the body is looked at.
  r = Post("/v1/track", "{", true, "dlw_bad");
  EXPECT_EQ(r.status, 401);

  std::lock_guard<std::mutex> lock(store_.mu);
  EXPECT_TRUE(store_.calls.empty());
}

TEST_F(CollectionRoutesTest, WriteKeyInTheBody) {
  Response r = Post("/v1/t", R"({"userId":"u","event":"x","writeKey":"dlw_good"})", false);
  EXPECT_EQ(r.status, 200) << r.body;
  r = Post("/v1/b", R"({"writeKey":"dlw_good","batch":[{"type":"page","anonymousId":"a"}]})",
           false);
  EXPECT_EQ(r.status, 200) << r.body;
  r = Post("/v1/t", R"({"userId":"u","event":"x","writeKey":"dlw_nope"})", false);
  EXPECT_EQ(r.status, 401);
  // Without a key the caller learns nothing about its body.
  r = Post("/v1/t", R"({"userId":"u","writeKey":"dlw_nope"})", false);
  EXPECT_EQ(r.status, 401);
  // With a valid key in the body, validation errors are reported.
  r = Post("/v1/t", R"({"userId":"u","writeKey":"dlw_good"})", false);
  EXPECT_EQ(r.status, 400);
}

TEST_F(CollectionRoutesTest, RateLimitAnswers429WithRetryAfter) {
  Build(IngestorOptions{}, RateLimit{1, 3});
  int ok = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 6; ++i) {
    Response r = Post("/v1/track", R"({"userId":"u","event":"x"})");
    if (r.status == 200) ++ok;
    if (r.status == 429) {
      ++limited;
      retry_after = HeaderOf(r, "Retry-After");
      EXPECT_NE(r.body.find("rate_limited"), std::string::npos);
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(limited, 3);
  EXPECT_EQ(retry_after, "1");
}

TEST_F(CollectionRoutesTest, FullQueueAnswers503) {
  std::promise<void> release;
  store_.gate = release.get_future().share();
  IngestorOptions io;
  io.max_queued_events = 2;
  Build(io, RateLimit{0, 1});
  auto first = Send("/v1/track", R"({"userId":"u","event":"x"})");
  while (ingestor_->QueuedEvents() != 0) std::this_thread::yield();  // in the held commit
  auto second = Send("/v1/batch", R"({"batch":[{"type":"track","userId":"u","event":"x"},
                                              {"type":"track","userId":"u","event":"y"}]})");
  Response third = Post("/v1/track", R"({"userId":"u","event":"z"})");
  EXPECT_EQ(third.status, 503);
  EXPECT_EQ(HeaderOf(third, "Retry-After"), "1");
  release.set_value();
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(second.get().status, 200);
}

TEST_F(CollectionRoutesTest, StoreFailureIs500AndDoesNotFailNeighbours) {
  store_.fail = IOError("disk full");
  Response r = Post("/v1/track", R"({"userId":"u","event":"x"})");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("store_error"), std::string::npos);
}

TEST_F(CollectionRoutesTest, DrainingAnswers503) {
  ctx_.draining = true;
  Response r = Post("/v1/track", R"({"userId":"u","event":"x"})");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(HeaderOf(r, "Retry-After"), "5");
  ctx_.draining = false;
}

TEST_F(CollectionRoutesTest, CloseAnswersEverythingQueued) {
  std::promise<void> release;
  store_.gate = release.get_future().share();
  Build(IngestorOptions{}, RateLimit{0, 1});
  std::vector<std::future<Response>> pending;
  for (int i = 0; i < 5; ++i) pending.push_back(Send("/v1/track", R"({"userId":"u","event":"x"})"));
  std::thread closer([&] { ingestor_->Close(); });
  release.set_value();
  closer.join();
  for (auto& f : pending) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_EQ(f.get().status, 200);
  }
  Response after = Post("/v1/track", R"({"userId":"u","event":"x"})");
  EXPECT_EQ(after.status, 503);
}

TEST(RateLimiter, TokenBucket) {
  RateLimiter limiter(RateLimit{10, 5});
  const int64_t t0 = 1'000'000'000;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Acquire("k", t0), 0u) << i;
  EXPECT_EQ(limiter.Acquire("k", t0), 1u);
  EXPECT_EQ(limiter.Acquire("other", t0), 0u);  // buckets are per key
  EXPECT_EQ(limiter.Acquire("k", t0 + 100'000'000), 0u);  // 0.1 s at 10/s: one token back
  EXPECT_EQ(limiter.Acquire("k", t0 + 100'000'000), 1u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Acquire("k", t0 + 10'000'000'000), 0u);
  EXPECT_EQ(limiter.Acquire("k", t0 + 10'000'000'000), 1u);  // refill stops at the burst

  RateLimiter slow(RateLimit{0.1, 1});
  EXPECT_EQ(slow.Acquire("k", t0), 0u);
  EXPECT_EQ(slow.Acquire("k", t0), 10u);  // Retry-After: whole seconds until the next token

  RateLimiter off(RateLimit{0, 1});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(off.Acquire("k", t0), 0u);
}

TEST(RateLimiter, ThreadSafe) {
  RateLimiter limiter(RateLimit{1e-9, 1000});
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.Acquire("k") == 0) ++admitted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 1000);
}

}  // namespace
}  // namespace dl::server
