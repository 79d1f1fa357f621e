// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/event_ingestor.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <string>
#include <utility>

namespace dl::server {
namespace {

std::string GroupKey(const CollectOptions& o) {
  std::string key;
  key.reserve(o.source.size() + o.collected_for.size() + o.region.size() + o.actor.size() + 3);
  key.append(o.source).push_back('\0');
  key.append(o.collected_for).push_back('\0');
  key.append(o.region).push_back('\0');
  key.append(o.actor);
  return key;
}

// Never lets an exception out of the store call: a request whose callback never runs would
// hang its client until a timeout.
StatusOr<CollectReport> SafeCollect(const EventIngestor::CollectFn& collect,
                                    const std::vector<CollectedEvent>& events,
                                    const CollectOptions& options) {
  try {
    return collect(events, options);
  } catch (const std::exception& e) {
    return Internal(std::string("event commit threw: ") + e.what());
  } catch (...) {
    return Internal("event commit threw");
  }
}

void Call(const EventIngestor::Callback& done, const Status& status, const CollectReport& report) {
  try {
    done(status, report);
  } catch (const std::exception& e) {
    Log("error", "ingestor callback threw", {{"what", e.what()}});
  } catch (...) {
    Log("error", "ingestor callback threw");
  }
}

}  // namespace

EventIngestor::EventIngestor(Metrics* metrics, IngestorOptions options)
    : metrics_(metrics), options_(options) {
  if (metrics_ == nullptr) return;
  metrics_->Describe("daylight_collect_events_total", "counter",
                     "Collected events by outcome: accepted (stored), duplicate (messageId seen "
                     "before), suppressed (erased person), rejected (refused by the store), "
                     "failed (commit failed)");
  metrics_->Describe("daylight_ingest_queued_events", "gauge",
                     "Events waiting for the next group commit");
  metrics_->Describe("daylight_ingest_commits_total", "counter",
                     "Group commits of collected events (one store transaction each)");
  metrics_->Describe("daylight_ingest_committed_events_total", "counter",
                     "Events handed to group commits");
  metrics_->Describe("daylight_ingest_last_commit_events", "gauge",
                     "Events in the most recent group commit");
  metrics_->Describe("daylight_ingest_commit_seconds", "histogram",
                     "Duration of one group commit, durable write included");
  metrics_->Describe("daylight_ingest_refused_total", "counter",
                     "Submissions refused because the queue was full");
  metrics_->Describe("daylight_ingest_index_backlog", "gauge",
                     "Committed events not yet in the events tables (indexed in cycles)");
  metrics_->Describe("daylight_ingest_index_slice_seconds", "histogram",
                     "Duration of one indexing slice (its transaction included)");
}

StatusOr<std::unique_ptr<EventIngestor>> EventIngestor::Open(const std::string& db_path,
                                                             Metrics* metrics,
                                                             IngestorOptions options) {
  std::unique_ptr<EventIngestor> ing(new EventIngestor(metrics, options));
  // The store is opened, used and closed on the ingestor's thread only.
  std::promise<Status> opened;
  auto ready = opened.get_future();
  EventIngestor* raw = ing.get();
  ing->Start([raw, db_path, &opened] {
    auto store = Store::Open(db_path);
    if (!store.ok()) {
      opened.set_value(store.status());
      return;
    }
    Store* s = store->get();
    // Small commits many times a second: a small page cache (include/daylight/storage.h).
    if (Status c = s->storage().SetCacheKib(16384); !c.ok()) {
      opened.set_value(c);
      return;
    }
    // Checkpoints on a thread of their own (see the header); if that cannot start, the store
    // checkpoints as it always does. Its own commits checkpoint only past 256 MiB of WAL.
    auto checkpoints = Store::Open(db_path);
    if (checkpoints.ok() && s->storage().SetAutoCheckpointPages(65536).ok()) {
      raw->checkpointer_ =
          std::thread([raw, c = std::move(*checkpoints)]() mutable { raw->CheckpointLoop(*c); });
    }
    opened.set_value(Status::Ok());
    raw->Loop([s](const std::vector<CollectedEvent>& events,
                  const CollectOptions& o) { return s->CollectEvents(events, o); },
              [s](size_t slice, size_t start_at) { return s->IndexEventsStep(slice, start_at); });
  });
  Status s = ready.get();
  if (!s.ok()) {
    ing->Close();
    return s.WithContext("event ingestor");
  }
  return ing;
}

std::unique_ptr<EventIngestor> EventIngestor::WithCollector(CollectFn collect, Metrics* metrics,
                                                            IngestorOptions options) {
  std::unique_ptr<EventIngestor> ing(new EventIngestor(metrics, options));
  EventIngestor* raw = ing.get();
  ing->Start([raw, collect = std::move(collect)] { raw->Loop(collect, nullptr); });
  return ing;
}

void EventIngestor::Start(std::function<void()> body) { thread_ = std::thread(std::move(body)); }

void EventIngestor::CheckpointLoop(Store& store) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!checkpoint_stop_) {
    checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(50));
    lock.unlock();
    // PASSIVE: copies what no reader still needs and returns; never waits for the collector.
    if (Status s = store.storage().CheckpointPassive(); !s.ok()) {
      Log("error", "background checkpoint failed", {{"error", s.ToString()}});
    }
    lock.lock();
  }
}

EventIngestor::~EventIngestor() { Close(); }

void EventIngestor::Close() {
  std::lock_guard<std::mutex> close_lock(close_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    checkpoint_stop_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  // A thread that failed to open its store never drained: answer whatever is queued.
  std::deque<Submission> left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    left.swap(queue_);
    queued_events_ = 0;
  }
  for (Submission& s : left) {
    Call(s.done, FailedPrecondition("event ingestor is closed"), CollectReport{});
  }
}

EventIngestor::SubmitResult EventIngestor::Submit(std::vector<CollectedEvent> events,
                                                  CollectOptions options, Callback done) {
  const size_t n = events.size();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return SubmitResult::kClosed;
    if (!queue_.empty() && queued_events_ + n > options_.max_queued_events) {
      if (metrics_) metrics_->Add("daylight_ingest_refused_total", "");
      return SubmitResult::kFull;
    }
    queue_.push_back(Submission{std::move(events), std::move(options), std::move(done)});
    queued_events_ += n;
  }
  cv_.notify_one();
  return SubmitResult::kQueued;
}

size_t EventIngestor::QueuedEvents() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queued_events_;
}

void EventIngestor::Loop(const CollectFn& collect, const IndexFn& index) {
  std::vector<Submission> taken;
  size_t backlog = 0;  // events committed but not yet indexed
  bool was_idle = false;
  for (;;) {
    size_t n = 0, left = 0;
    bool idle = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      auto ready = [this] { return closed_ || !queue_.empty(); };
      if (index && backlog > 0) {
        // Quiet for index_idle_after: index; still quiet after a slice: the next one at once.
        idle = !cv_.wait_for(
            lock, was_idle ? std::chrono::milliseconds(0) : options_.index_idle_after, ready);
      } else {
        cv_.wait(lock, ready);
      }
      if (!idle && queue_.empty()) break;  // closed, and everything queued has been committed
      // Everything that arrived while the previous commit ran, up to the cap, in order.
      while (!queue_.empty() &&
             (taken.empty() || n + queue_.front().events.size() <= options_.max_commit_events)) {
        n += queue_.front().events.size();
        taken.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      queued_events_ -= n;
      left = queued_events_;
    }
    if (metrics_) metrics_->Set("daylight_ingest_queued_events", "", static_cast<double>(left));
    if (!taken.empty()) {
      Commit(taken, collect);
      taken.clear();
    }
    if (!index) continue;
    // Idle: index whatever waits. Busy: a slice once a cycle is worth it, and as many as it
    // takes to get back under the bound.
    backlog = IndexStep(index, idle ? 1 : options_.index_start_at);
    was_idle = idle;
    while (backlog > options_.max_index_backlog) backlog = IndexStep(index, 1);
  }
  // Closing: leave the tables complete (a restart would catch up from the ledger anyway).
  while (index && backlog > 0) {
    const size_t before = backlog;
    backlog = IndexStep(index, 1);
    if (backlog >= before) break;  // failed: the next Store to read catches up
  }
}

size_t EventIngestor::IndexStep(const IndexFn& index, size_t start_at) {
  const auto start = std::chrono::steady_clock::now();
  StatusOr<size_t> left = index(slice_, start_at);
  const auto took = std::chrono::steady_clock::now() - start;
  if (!left.ok()) {
    // The store starts again from the ledger on its next commit; nothing is lost.
    Log("error", "event indexing failed", {{"error", left.status().ToString()}});
    return 0;
  }
  const double us = std::chrono::duration<double, std::micro>(took).count();
  if (us > 50) {  // a slice ran (not just a check)
    const double target = static_cast<double>(options_.index_slice_target.count());
    // Shrinks at once when a slice ran long, grows slowly; and never so large that one slice,
    // run after an idle spell on a cold cache, stalls the queue for long.
    const double scaled = static_cast<double>(slice_) * std::clamp(target / us, 0.1, 1.25);
    slice_ = std::clamp<size_t>(static_cast<size_t>(scaled), 128, 4096);
    if (metrics_) {
      metrics_->Observe("daylight_ingest_index_slice_seconds", "", us / 1e6);
    }
  }
  if (metrics_) metrics_->Set("daylight_ingest_index_backlog", "", static_cast<double>(*left));
  return *left;
}

void EventIngestor::Commit(std::vector<Submission>& taken, const CollectFn& collect) {
  // Groups in order of first appearance; each group is one CollectEvents call.
  std::vector<std::pair<std::string, std::vector<size_t>>> groups;
  for (size_t i = 0; i < taken.size(); ++i) {
    std::string key = GroupKey(taken[i].options);
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (it == groups.end()) {
      groups.emplace_back(std::move(key), std::vector<size_t>{i});
    } else {
      it->second.push_back(i);
    }
  }

  auto count = [this](const Status& status, const CollectReport& r, size_t events) {
    if (metrics_ == nullptr) return;
    if (!status.ok()) {
      metrics_->Add("daylight_collect_events_total", "result=\"failed\"",
                    static_cast<double>(events));
      return;
    }
    metrics_->Add("daylight_collect_events_total", "result=\"accepted\"",
                  static_cast<double>(r.accepted));
    metrics_->Add("daylight_collect_events_total", "result=\"duplicate\"",
                  static_cast<double>(r.duplicates));
    metrics_->Add("daylight_collect_events_total", "result=\"suppressed\"",
                  static_cast<double>(r.suppressed));
    metrics_->Add("daylight_collect_events_total", "result=\"rejected\"",
                  static_cast<double>(r.rejected));
  };
  auto run = [&](const std::vector<CollectedEvent>& events,
                 const CollectOptions& options) -> StatusOr<CollectReport> {
    const auto start = std::chrono::steady_clock::now();
    StatusOr<CollectReport> r = SafeCollect(collect, events, options);
    if (metrics_) {
      metrics_->Observe(
          "daylight_ingest_commit_seconds", "",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      metrics_->Add("daylight_ingest_commits_total", "");
      metrics_->Add("daylight_ingest_committed_events_total", "",
                    static_cast<double>(events.size()));
      metrics_->Set("daylight_ingest_last_commit_events", "", static_cast<double>(events.size()));
    }
    if (!r.ok()) {
      // Store errors name no person (docs/errors.md), so the message may be logged.
      Log("error", "event commit failed",
          {{"events", std::to_string(events.size())}, {"error", r.status().ToString()}});
    }
    return r;
  };

  for (auto& [key, members] : groups) {
    const CollectOptions& options = taken[members.front()].options;
    if (members.size() == 1) {
      Submission& s = taken[members.front()];
      StatusOr<CollectReport> r = run(s.events, options);
      count(r.ok() ? Status::Ok() : r.status(), r.ok() ? *r : CollectReport{}, s.events.size());
      Call(s.done, r.ok() ? Status::Ok() : r.status(), r.ok() ? *r : CollectReport{});
      continue;
    }
    // Several requests share one transaction: move their events together, and back apart if
    // the commit failed so that each can be retried alone.
    std::vector<CollectedEvent> all;
    std::vector<size_t> sizes;
    size_t total = 0;
    for (size_t m : members) total += taken[m].events.size();
    all.reserve(total);
    for (size_t m : members) {
      sizes.push_back(taken[m].events.size());
      for (CollectedEvent& e : taken[m].events) all.push_back(std::move(e));
    }
    StatusOr<CollectReport> r = run(all, options);
    if (r.ok()) {
      count(Status::Ok(), *r, all.size());
      for (size_t m : members) Call(taken[m].done, Status::Ok(), *r);
      continue;
    }
    size_t offset = 0;
    for (size_t k = 0; k < members.size(); ++k) {
      Submission& s = taken[members[k]];
      for (size_t j = 0; j < sizes[k]; ++j) s.events[j] = std::move(all[offset + j]);
      offset += sizes[k];
      StatusOr<CollectReport> one = run(s.events, s.options);
      count(one.ok() ? Status::Ok() : one.status(), one.ok() ? *one : CollectReport{},
            s.events.size());
      Call(s.done, one.ok() ? Status::Ok() : one.status(), one.ok() ? *one : CollectReport{});
    }
  }
}

}  // namespace dl::server
