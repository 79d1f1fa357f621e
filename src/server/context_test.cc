// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Metrics' exposition format (what Prometheus parses) and StoreExecutor's ordering guarantee.
#include "server/context.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <vector>

#include <gtest/gtest.h>

#include "daylight/store.h"

#include "util/test_dir.h"

namespace dl::server {
namespace {

TEST(MetricsTest, CountersAndGaugesWithHelp) {
  Metrics m;
  m.Describe("daylight_http_requests_total", "counter", "HTTP requests answered");
  m.Add("daylight_http_requests_total", "route=\"/v1/track\",code=\"200\"");
  m.Add("daylight_http_requests_total", "route=\"/v1/track\",code=\"200\"", 2);
  m.Add("daylight_http_requests_total", "route=\"/healthz\",code=\"503\"");
  m.Set("daylight_up", "", 1);
  m.Set("daylight_up", "", 0.5);
  std::string text = m.Render();
  EXPECT_NE(text.find("# HELP daylight_http_requests_total HTTP requests answered\n"
                      "# TYPE daylight_http_requests_total counter\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("daylight_http_requests_total{route=\"/v1/track\",code=\"200\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("daylight_http_requests_total{route=\"/healthz\",code=\"503\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("daylight_up 0.5\n"), std::string::npos) << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  m.Describe("lat_seconds", "histogram", "latency");
  m.Observe("lat_seconds", "route=\"/x\"", 0.0001);  // first bucket
  m.Observe("lat_seconds", "route=\"/x\"", 0.003);   // le 0.005
  m.Observe("lat_seconds", "route=\"/x\"", 10);      // only +Inf
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE lat_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.0005\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.0025\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.005\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"5\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_sum{route=\"/x\"} 10.0031\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_count{route=\"/x\"} 3\n"), std::string::npos);
  // Without labels the le label stands alone.
  m.Observe("bare_seconds", "", 0.2);
  EXPECT_NE(m.Render().find("bare_seconds_bucket{le=\"0.25\"} 1\n"), std::string::npos);
  EXPECT_NE(m.Render().find("bare_seconds_count 1\n"), std::string::npos);
}

TEST(MetricsTest, OneBlockPerMetricName) {
  // "a" and "a_b" interleave in a plain sorted map ('{' sorts after '_'); the format needs
  // each name's samples together, under its HELP/TYPE.
  Metrics m;
  m.Describe("a", "gauge", "A");
  m.Set("a", "", 1);
  m.Set("a", "x=\"1\"", 2);
  m.Set("a_b", "", 3);
  std::string text = m.Render();
  size_t help = text.find("# HELP a A\n");
  size_t plain = text.find("\na 1\n");
  size_t labelled = text.find("a{x=\"1\"} 2\n");
  size_t other = text.find("a_b 3\n");
  ASSERT_NE(help, std::string::npos) << text;
  ASSERT_NE(other, std::string::npos);
  EXPECT_TRUE((plain < other) == (labelled < other)) << text;
}

TEST(MetricsTest, CollectorsRefreshGauges) {
  Metrics m;
  int calls = 0;
  m.AddCollector([&](Metrics& metrics) { metrics.Set("queue", "", ++calls); });
  m.RunCollectors();
  m.RunCollectors();
  EXPECT_NE(m.Render().find("queue 2\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentUpdatesAreCounted) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < 10000; ++i) {
        m.Add("c_total", "k=\"v\"");
        m.Observe("h_seconds", "", 0.001);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::string text = m.Render();
  EXPECT_NE(text.find("c_total{k=\"v\"} 40000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_seconds_count 40000\n"), std::string::npos);
}

class StoreExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("exec");
    auto s = Store::Init(Db(), InitOptions{}, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Db() const { return (dir_ / "t.db").string(); }
  std::filesystem::path dir_;
};

TEST_F(StoreExecutorTest, RunsJobsInOrderOnOneThread) {
  auto ex = StoreExecutor::Open(Db(), "work");
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  std::vector<int> order;  // touched only by the executor thread
  std::thread::id first_thread;
  std::atomic<bool> same_thread{true};
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  // The first job blocks, so the others queue up behind it and Pending() sees them.
  (*ex)->Post([open](Store&) { open.wait(); });
  for (int i = 0; i < 100; ++i) {
    (*ex)->Post([&, i](Store& store) {
      if (i == 0) first_thread = std::this_thread::get_id();
      if (std::this_thread::get_id() != first_thread) same_thread = false;
      auto last = store.storage().LastEntry();  // the store is usable from the job
      if (last.ok()) order.push_back(i);
    });
  }
  EXPECT_GE((*ex)->Pending(), 99u);
  gate.set_value();
  std::promise<void> done;
  (*ex)->Post([&](Store&) { done.set_value(); });
  done.get_future().wait();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
  EXPECT_TRUE(same_thread);
  EXPECT_NE(first_thread, std::this_thread::get_id());
  EXPECT_EQ((*ex)->Pending(), 0u);
}

TEST_F(StoreExecutorTest, DestructorRunsQueuedJobs) {
  std::atomic<int> ran{0};
  {
    auto ex = StoreExecutor::Open(Db(), "events");
    ASSERT_TRUE(ex.ok());
    for (int i = 0; i < 50; ++i) (*ex)->Post([&](Store&) { ++ran; });
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST_F(StoreExecutorTest, MissingStoreFailsToOpen) {
  auto ex = StoreExecutor::Open((dir_ / "nope.db").string(), "work");
  EXPECT_FALSE(ex.ok());
}

}  // namespace
}  // namespace dl::server
