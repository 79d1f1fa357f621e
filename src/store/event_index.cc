// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/event_index.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "ledger/secrets.h"
#include "store/message_filter.h"
#include "store/transaction.h"
#include "util/bytes.h"

namespace dl {
namespace {

constexpr char kEventsKind[] = "events";
constexpr char kErasureKind[] = "rights.erase";

// The order of the events table's key (owner, time, seq, off); blobs compare as memcmp does.
bool RowLess(const IndexedEvent& a, const IndexedEvent& b) {
  if (int c = std::memcmp(a.owner.data(), b.owner.data(), a.owner.size()); c != 0) return c < 0;
  if (a.time_us != b.time_us) return a.time_us < b.time_us;
  return a.seq != b.seq ? a.seq < b.seq : a.off < b.off;
}

bool MidLess(const MessageKey& a, const MessageKey& b) {
  return std::memcmp(a.b.data(), b.b.data(), a.b.size()) < 0;
}

// Reads the `events` entries above `after` (in seq order) into `out`; returns the newest seq
// seen, or `after` when there is none.
StatusOr<uint64_t> ReadEntriesAfter(Storage* st, uint64_t after, std::vector<IndexedEvent>* out) {
  ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, st->EntriesOfKindAfter(kEventsKind, after));
  for (uint64_t seq : seqs) {
    ASSIGN_OR_RETURN(std::string body, st->ReadBody(seq));
    RETURN_IF_ERROR(ParseEventsBody(seq, body, out));
  }
  return seqs.empty() ? after : seqs.back();
}

StatusOr<uint64_t> Watermark(Storage* st) {
  ASSIGN_OR_RETURN(auto v, st->GetMeta(EventIndex::kWatermarkMeta));
  if (!v.has_value()) return uint64_t{0};
  try {
    return static_cast<uint64_t>(std::stoull(*v));
  } catch (...) {
    return Corruption(std::string("meta ") + EventIndex::kWatermarkMeta + " is not a number");
  }
}

Status RaiseWatermark(Storage* st, uint64_t through) {
  ASSIGN_OR_RETURN(uint64_t now, Watermark(st));
  if (through <= now) return Status::Ok();  // another Store indexed further meanwhile
  return st->SetMeta(EventIndex::kWatermarkMeta, std::to_string(through));
}

Status Insert(Storage* st, const IndexedEvent& e) {
  RETURN_IF_ERROR(st->InsertEventId(e.mid.View()).status());
  return st->InsertEvent(e.Row());
}

}  // namespace

Status ParseEventsBody(uint64_t seq, std::string_view body, std::vector<IndexedEvent>* out) {
  auto bad = [seq] {
    return Corruption("ledger entry " + std::to_string(seq) + ": bad events body");
  };
  if (body.substr(0, 4) != "DLE1") return bad();
  ByteReader r(body.substr(4));
  uint64_t count = 0;
  if (!r.Fixed(4, &count)) return bad();
  for (uint64_t i = 0; i < count; ++i) {
    IndexedEvent e;
    uint8_t type = 0;
    uint64_t time = 0, key = 0, len = 0;
    std::string_view owner, mid, sealed;
    if (!r.Byte(&type) || !r.Fixed(8, &time) || !r.Bytes(kBlindIndexSize, &owner) ||
        !r.Bytes(kBlindIndexSize, &mid) || !r.Fixed(8, &key) || !r.Fixed(4, &len)) {
      return bad();
    }
    e.off = static_cast<uint32_t>(body.size() - r.remaining());
    if (!r.Bytes(len, &sealed)) return bad();
    std::memcpy(e.owner.data(), owner.data(), e.owner.size());
    e.mid = MessageKey::Of(mid);
    e.time_us = static_cast<int64_t>(time);
    e.type = type;
    e.seq = seq;
    e.len = static_cast<uint32_t>(len);
    e.key_id = key;
    out->push_back(e);
  }
  return Status::Ok();
}

EventRow IndexedEvent::Row() const {
  EventRow r;
  r.owner.assign(owner.data(), owner.size());
  r.time_us = time_us;
  r.type = type;
  r.seq = seq;
  r.off = off;
  r.len = len;
  r.key_id = key_id;
  return r;
}

MessageKey MessageKey::Of(std::string_view v) {
  MessageKey k;
  std::memcpy(k.b.data(), v.data(), std::min(v.size(), k.b.size()));
  return k;
}

StatusOr<bool> EventIndex::Behind(Storage* st) {
  ASSIGN_OR_RETURN(uint64_t w, Watermark(st));
  ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, st->EntriesOfKindAfter(kEventsKind, w));
  return !seqs.empty();
}

Status EventIndex::CatchUpLocked(Storage* st) {
  ASSIGN_OR_RETURN(uint64_t w, Watermark(st));
  std::vector<IndexedEvent> events;
  ASSIGN_OR_RETURN(uint64_t through, ReadEntriesAfter(st, w, &events));
  std::sort(events.begin(), events.end(), RowLess);
  for (const IndexedEvent& e : events) RETURN_IF_ERROR(Insert(st, e));
  if (through > w) RETURN_IF_ERROR(st->SetMeta(kWatermarkMeta, std::to_string(through)));
  ASSIGN_OR_RETURN(LedgerEntry head, st->LastEntry());
  // Everything up to the head is indexed: nothing waits, no cycle runs.
  Reset();
  ready_ = true;
  reflected_through_ = head.seq;
  erasures_checked_ = head.seq;
  return Status::Ok();
}

void EventIndex::Reset() {
  ready_ = false;
  indexed_.reset();
  reflected_through_ = 0;
  waiting_.clear();
  unindexed_.clear();
  cycle_.clear();
  cycle_mids_.clear();
  cycle_pos_ = 0;
  cycle_through_ = 0;
  if (sorting_.valid()) sorting_.wait();  // its thread only reads what it was given
  sorting_ = {};
  sorting_count_ = 0;
  sorting_through_ = 0;
  erasures_checked_ = 0;
  recheck_keys_ = false;
}

Status EventIndex::Refresh(Storage* st, std::vector<IndexedEvent>* foreign, uint64_t* through) {
  // Entries at or below the watermark are in the tables already (another Store indexed them).
  ASSIGN_OR_RETURN(uint64_t w, Watermark(st));
  ASSIGN_OR_RETURN(*through, ReadEntriesAfter(st, std::max(reflected_through_, w), foreign));
  return Status::Ok();
}

EventIndex::EventIndex() = default;
EventIndex::~EventIndex() = default;

StatusOr<bool> EventIndex::Seen(Storage* st, std::string_view mid) {
  const MessageKey key = MessageKey::Of(mid);
  if (unindexed_.count(key) > 0) return true;
  if (!indexed_) {
    auto filter = std::make_unique<MessageFilter>();
    RETURN_IF_ERROR(st->ScanEventIds([&](std::string_view m) { filter->Add(MessageKey::Of(m)); }));
    indexed_ = std::move(filter);
  }
  if (!indexed_->MayContain(key)) return false;
  return st->HasEventId(mid);
}

void EventIndex::Committed(const std::vector<IndexedEvent>& events, uint64_t through) {
  for (const IndexedEvent& e : events) {
    unindexed_.insert(e.mid);
    waiting_.push_back(e);
  }
  reflected_through_ = std::max(reflected_through_, through);
}

EventIndex::Cycle EventIndex::Sort(std::vector<IndexedEvent> events) {
  Cycle c;
  c.events = std::move(events);
  std::sort(c.events.begin(), c.events.end(), RowLess);
  c.mids.reserve(c.events.size());
  c.first_seq = c.events.empty() ? 0 : c.events.front().seq;
  for (const IndexedEvent& e : c.events) {
    c.mids.push_back(e.mid);
    c.first_seq = std::min(c.first_seq, e.seq);
  }
  std::sort(c.mids.begin(), c.mids.end(), MidLess);
  return c;
}

Status EventIndex::StartSort(Storage* st) {
  // Whatever other writers committed joins this cycle, so the watermark it ends with covers
  // every entry below it. No write lock is needed: seqs are given in commit order, so an entry
  // committed after this read has a higher seq than any the cycle holds.
  std::vector<IndexedEvent> foreign;
  uint64_t through = 0;
  RETURN_IF_ERROR(Refresh(st, &foreign, &through));
  Committed(foreign, through);
  sorting_count_ = waiting_.size();
  sorting_through_ = reflected_through_;
  sorting_ = std::async(std::launch::async, &EventIndex::Sort, std::move(waiting_));
  waiting_.clear();  // moved from: make it a valid empty vector again
  return Status::Ok();
}

void EventIndex::FinishCycle() {
  cycle_.clear();
  cycle_mids_.clear();
  cycle_pos_ = 0;
}

StatusOr<size_t> EventIndex::Step(Storage* st, size_t slice, size_t start_at) {
  if (!ready_) return Backlog();
  const bool draining = start_at <= 1;
  if (cycle_pos_ >= cycle_.size()) {  // no cycle runs
    if (!sorting_.valid()) {
      if (waiting_.size() < std::max<size_t>(start_at, 1)) return Backlog();
      Status s = StartSort(st);
      if (!s.ok()) {
        Reset();
        return s;
      }
      if (!draining) return Backlog();
    }
    if (!draining && sorting_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      return Backlog();
    }
    Cycle c = sorting_.get();
    cycle_ = std::move(c.events);
    cycle_mids_ = std::move(c.mids);
    cycle_pos_ = 0;
    cycle_through_ = sorting_through_;
    sorting_count_ = 0;
    recheck_keys_ = false;
    // An erasure after its oldest event was committed may have indexed and deleted some of it.
    if (c.first_seq > 0) erasures_checked_ = std::min(erasures_checked_, c.first_seq - 1);
    if (cycle_.empty()) return Backlog();
  }
  slice = std::max<size_t>(slice, 1);
  RETURN_IF_ERROR(st->SetDurableCommit(false));
  size_t end = 0;
  Status s = InTransaction(st, [&]() -> Status {
    // An erasure since the cycle began may have deleted rows this cycle would put back.
    ASSIGN_OR_RETURN(std::vector<uint64_t> erasures,
                     st->EntriesOfKindAfter(kErasureKind, erasures_checked_));
    if (!erasures.empty()) recheck_keys_ = true;
    std::unordered_map<uint64_t, bool> alive;  // key id -> not destroyed
    end = std::min(cycle_.size(), cycle_pos_ + slice);
    for (size_t i = cycle_pos_; i < end; ++i) {
      RETURN_IF_ERROR(st->InsertEventId(cycle_mids_[i].View()).status());
      const IndexedEvent& row = cycle_[i];
      if (recheck_keys_) {
        auto [it, fresh] = alive.try_emplace(row.key_id, true);
        if (fresh) {
          auto key = st->GetKey(row.key_id);
          if (!key.ok() && key.status().code() != StatusCode::kNotFound) return key.status();
          it->second = key.ok();
        }
        if (!it->second) continue;  // shredded by an erasure: nothing to index
      }
      RETURN_IF_ERROR(st->InsertEvent(row.Row()));
    }
    if (end == cycle_.size()) RETURN_IF_ERROR(RaiseWatermark(st, cycle_through_));
    // The next slice looks only at what follows (a scan from here to the head).
    ASSIGN_OR_RETURN(LedgerEntry head, st->LastEntry());
    erasures_checked_ = head.seq;
    return Status::Ok();
  });
  Status durable = st->SetDurableCommit(true);
  if (!s.ok()) {
    // The tables are as before the slice; the ledger still has every event. Start again from
    // the ledger rather than guess what the failed transaction left in memory.
    Reset();
    return s;
  }
  RETURN_IF_ERROR(durable);
  // The slice's message ids are in `event_ids` now: known to the filter before they leave the
  // waiting set, so never unknown in between. Done per slice, not per cycle, so no single step
  // does a whole cycle's worth.
  for (size_t i = cycle_pos_; i < end; ++i) {
    if (indexed_) indexed_->Add(cycle_mids_[i]);
    unindexed_.erase(cycle_mids_[i]);
  }
  cycle_pos_ = end;
  if (cycle_pos_ == cycle_.size()) FinishCycle();
  return Backlog();
}

}  // namespace dl
