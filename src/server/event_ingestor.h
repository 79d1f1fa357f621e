// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// EventIngestor: group commit for collected events. Collection handlers Submit() the events of
// one request with a callback; the ingestor's own thread takes everything queued (up to
// max_commit_events), stores it with one Store::CollectEvents call per (source, collected_for,
// region, actor) group — each call one SQLite transaction, durable when it returns — and only
// then runs the callbacks, which answer the requests. So an HTTP 200 means the events are on
// disk, and the cost of a durable commit (an fsync) is shared by every request that arrived
// while the previous commit ran.
//
// Back-pressure: at most max_queued_events wait; Submit() refuses more at once (kFull), and the
// route answers 503 with Retry-After (docs/collection.md), which Segment's libraries retry.
//
// If a group's commit fails and it held several requests, each request is committed on its own,
// so one request the store refuses does not fail its neighbours.
//
// Indexing: committed events reach the store's events/event_ids tables later, in cycles
// (src/store/event_index.h). Between commits the ingestor writes one slice of a cycle once
// `index_start_at` events wait (or when no request has come for `index_idle_after`), sized so
// that a slice takes about `index_slice_target`: requests queued behind a slice wait little.
// Past `max_index_backlog` it indexes before taking more requests, so memory stays bounded.
//
// Checkpoints: a commit that finds the WAL large copies it into the database and fsyncs it, a
// stall of tens of milliseconds for every request queued behind it. So a thread of its own
// checkpoints every 50 ms without blocking the writer, and the ingestor's store checkpoints
// only past 256 MiB of WAL: a checkpoint that catches up with the writer is what lets the WAL
// start over instead of growing, and it stalls the queue for tens of milliseconds, so it is
// rare (every 5-20 s under full load).
//
// Shutdown: Close() stops accepting (kClosed) and returns once every queued request has been
// committed and answered; the destructor calls it. Thread-safe: Submit from any thread.
#ifndef DAYLIGHT_SERVER_EVENT_INGESTOR_H_
#define DAYLIGHT_SERVER_EVENT_INGESTOR_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daylight/events.h"
#include "daylight/status.h"
#include "daylight/store.h"

#include "server/context.h"

namespace dl::server {

struct IngestorOptions {
  size_t max_queued_events = 200000;  // waiting events before Submit refuses
  size_t max_commit_events = 20000;   // events taken into one group commit (at least 1 request)
  size_t index_start_at = 65536;      // waiting events that start an indexing cycle
  size_t max_index_backlog = 250000;  // past this, index before committing more
  std::chrono::milliseconds index_idle_after{100};
  std::chrono::microseconds index_slice_target{2000};
};

class EventIngestor {
 public:
  // Called once per submission, on the ingestor's thread, after its events are durable (OK)
  // or failed to be stored. The report is that of the commit group the submission was part of.
  using Callback = std::function<void(const Status&, const CollectReport&)>;
  // Stores one group; runs on the ingestor's thread.
  using CollectFn = std::function<StatusOr<CollectReport>(const std::vector<CollectedEvent>&,
                                                          const CollectOptions&)>;
  // One indexing slice of at most `slice` events, starting a cycle once `start_at` wait;
  // returns the events still waiting (Store::IndexEventsStep). Runs on the ingestor's thread.
  using IndexFn = std::function<StatusOr<size_t>(size_t slice, size_t start_at)>;

  // Opens its own Store at db_path, on its own thread (a Store is single-threaded).
  // `metrics` may be null; otherwise it must outlive the ingestor.
  static StatusOr<std::unique_ptr<EventIngestor>> Open(const std::string& db_path, Metrics* metrics,
                                                       IngestorOptions options = {});
  // Commits through `collect` instead of a store (tests, benchmarks of the route alone).
  static std::unique_ptr<EventIngestor> WithCollector(CollectFn collect, Metrics* metrics,
                                                      IngestorOptions options = {});
  ~EventIngestor();  // Close()
  EventIngestor(const EventIngestor&) = delete;
  EventIngestor& operator=(const EventIngestor&) = delete;

  enum class SubmitResult { kQueued, kFull, kClosed };
  // Queues `events` (which must not be empty). On kFull or kClosed nothing was queued and
  // `done` is not called.
  SubmitResult Submit(std::vector<CollectedEvent> events, CollectOptions options, Callback done);

  // Stops accepting, commits and answers everything queued, stops the thread. Idempotent.
  void Close();

  size_t QueuedEvents() const;

 private:
  struct Submission {
    std::vector<CollectedEvent> events;
    CollectOptions options;
    Callback done;
  };
  EventIngestor(Metrics* metrics, IngestorOptions options);
  void Start(std::function<void()> body);
  void Loop(const CollectFn& collect, const IndexFn& index);
  void CheckpointLoop(Store& store);
  // One slice (timed, its size adapted to index_slice_target); returns the backlog left.
  size_t IndexStep(const IndexFn& index, size_t start_at);
  void Commit(std::vector<Submission>& taken, const CollectFn& collect);

  Metrics* const metrics_;
  const IngestorOptions options_;
  std::mutex close_mu_;  // serialises Close()
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Submission> queue_;
  size_t queued_events_ = 0;
  bool closed_ = false;
  size_t slice_ = 2048;  // events per indexing slice, adapted to index_slice_target
  std::thread thread_;
  std::thread checkpointer_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_stop_ = false;
};

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_EVENT_INGESTOR_H_
