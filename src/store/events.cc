// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Collected events (include/daylight/events.h) in the store: one `events` ledger entry per
// CollectEvents call holds every new event of the call sealed under its owner's event key, back
// to back, so the hash chain covers each event at the cost of one SHA-256 per call. Format in
// docs/ledger-format.md "Events".
//
// Invariants worth knowing:
//  * An owner is a blind index: of the identifier external:<source>:<userId>, or, without a
//    userId, of "anon" || source || anonymousId in its own blind domain, so an anonymous id can
//    never equal a real identifier. Each owner has one data key (kind 4), created with its first
//    event; erasure destroys it, shredding every event of the owner.
//  * The only plaintext besides the sealed bytes: type, time, owner, key id (events table) and
//    the blind value of (source, messageId) (event_ids, for deduplication).
//  * Identify calls become `self` records through the importer's own pipeline (ImportInline),
//    resolved incrementally (store/event_resolution.h): subject show, explain and access see
//    them as soon as the call returns. Calls without identify never touch resolution.
//  * Everything in one transaction; the caller acknowledges when it returns (synchronous=FULL:
//    durable against process kills and power loss).
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "daylight/consent_signal.h"
#include "daylight/purpose.h"
#include "daylight/store.h"

#include "identity/text.h"
#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/consent_record.h"
#include "store/event_index.h"
#include "store/event_resolution.h"
#include "store/event_state.h"
#include "store/resolution.h"
#include "store/transaction.h"
#include "util/bytes.h"
#include "util/parallel.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {

void EventStateDeleter::operator()(EventState* p) const { delete p; }

EventState& Store::events_state() {
  if (!events_) events_.reset(new EventState);
  return *events_;
}

namespace {

constexpr int kKeyKindEvents = 4;  // one per event owner
constexpr char kEventAd[] = "daylight-event-v1";
constexpr uint8_t kEventPlainVersion = 1;
// Below this many events a second thread costs more than it saves (util/parallel.h).
constexpr size_t kParallelFrom = 512;

// Blind domains (docs/ledger-format.md "Blind index").
constexpr char kAnonDomain[] = "anon";
constexpr char kMessageDomain[] = "event";

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

bool GetString(ByteReader* r, std::string* out) {
  uint64_t n = 0;
  std::string_view v;
  if (!r->Varint(&n) || !r->Bytes(n, &v)) return false;
  out->assign(v);
  return true;
}

// The sealed plaintext of one event: u8 version | u8 type | varint time | varint received |
// str source | str messageId | str name | str json (str: varint length, bytes).
void EncodeEvent(const CollectedEvent& e, std::string_view source, std::string* out) {
  out->clear();
  out->push_back(static_cast<char>(kEventPlainVersion));
  out->push_back(static_cast<char>(e.type));
  PutVarint(out, static_cast<uint64_t>(e.time_us));
  PutVarint(out, static_cast<uint64_t>(e.received_us));
  PutString(out, source);
  PutString(out, e.message_id);
  PutString(out, e.name);
  PutString(out, e.json);
}

StatusOr<EventView> DecodeEvent(std::string_view bytes) {
  ByteReader r(bytes);
  EventView v;
  uint8_t version = 0, type = 0;
  uint64_t time = 0, received = 0;
  if (!r.Byte(&version) || version != kEventPlainVersion || !r.Byte(&type) || !r.Varint(&time) ||
      !r.Varint(&received) || !GetString(&r, &v.source) || !GetString(&r, &v.message_id) ||
      !GetString(&r, &v.name) || !GetString(&r, &v.json) || r.remaining() != 0) {
    return Corruption("sealed event: bad layout");
  }
  v.type = static_cast<EventType>(type);
  v.time_us = static_cast<int64_t>(time);
  v.received_us = static_cast<int64_t>(received);
  return v;
}

std::string Bytes(const BlindIndex& b) { return std::string(AsView(b)); }

// An in-memory RecordReader over the identify calls' records.
class VectorReader final : public RecordReader {
 public:
  explicit VectorReader(std::vector<SourceRecord> records) : records_(std::move(records)) {}
  StatusOr<bool> Next(SourceRecord* out) override {
    if (next_ >= records_.size()) return false;
    *out = std::move(records_[next_++]);
    return true;
  }
  double Progress() const override {
    return records_.empty() ? 1.0 : static_cast<double>(next_) / records_.size();
  }

 private:
  std::vector<SourceRecord> records_;
  size_t next_ = 0;
};

// A new event of the call, with its owner.
struct Item {
  const CollectedEvent* event = nullptr;
  size_t index = 0;  // in the call
  std::string owner;
  BlindIndex mid{};
};

Status ValidateCollectOptions(const CollectOptions& o) {
  auto ns = NormalizeExternal(o.source + ":x");
  if (o.source.empty() || !ns.ok() || *ns != o.source + ":x") {
    return InvalidArgument("event source must be 1-32 characters of a-z 0-9 _ . -");
  }
  if (!IsKnownPurpose(o.collected_for)) {
    return InvalidArgument("collected-for: unknown purpose '" + o.collected_for +
                           "' (see docs/purposes.md)");
  }
  if (!o.region.empty() && !NormalizeCountry(o.region)) {
    return InvalidArgument("region: unknown region (use an ISO 3166 code such as DE)");
  }
  return Status::Ok();
}

// The fields an identify call contributes to its `self` record: the userId as an external id,
// e-mail and phone traits that normalise (others count in *rejected and are left out), and the
// remaining traits. Identifier kinds a browser has no business asserting (maid, vin, another
// system's external id) and opt-out columns are not taken from events.
std::vector<Field> IdentifyFields(const CollectedEvent& e, const std::string& external,
                                  const std::string& default_region, uint64_t* rejected,
                                  std::vector<Identifier>* ids) {
  std::vector<Field> out;
  if (!external.empty()) {
    out.push_back({"external_id", external});
    ids->push_back({IdType::kExternal, external});
  }
  std::string region = default_region;
  for (const Field& f : e.traits) {
    if (f.name != "country" || text::TrimAscii(f.value).empty()) continue;
    if (auto c = NormalizeCountry(f.value)) region = *c;
  }
  for (const Field& f : e.traits) {
    if (text::TrimAscii(f.value).empty()) continue;
    if (f.name == "email" || f.name == "phone") {
      IdType type = f.name == "email" ? IdType::kEmail : IdType::kPhone;
      auto id = NormalizeIdentifier(type, f.value, region);
      if (!id.ok()) {
        ++*rejected;
        continue;
      }
      ids->push_back(*id);
      out.push_back(f);
    } else if (f.name == "maid" || f.name == "vin" || f.name == "external_id" ||
               f.name == "do_not_email" || f.name == "do_not_call") {
      ++*rejected;
    } else if (f.name == "country") {
      if (NormalizeCountry(f.value)) {
        out.push_back(f);
      } else {
        ++*rejected;
      }
    } else {
      out.push_back(f);
    }
  }
  return out;
}

}  // namespace

StatusOr<CollectReport> Store::CollectEvents(const std::vector<CollectedEvent>& events,
                                             const CollectOptions& options) {
  RETURN_IF_ERROR(ValidateCollectOptions(options));
  CollectReport report;
  if (events.empty()) return report;
  const int64_t now = NowMicros();
  const std::string region = options.region.empty() ? "" : *NormalizeCountry(options.region);
  EventState& state = events_state();
  state.MakeRoom(events.size());
  if (!state.index.ready()) RETURN_IF_ERROR(CatchUpEvents());
  // Keys created in this call enter the cache only once the transaction has committed; so do
  // the events waiting to be indexed (its own, and those other writers committed meanwhile).
  std::vector<std::pair<std::string, EventOwnerKey>> new_keys;
  std::vector<IndexedEvent> to_index;
  uint64_t through = 0;

  // Owners and message ids are blind values: pure CPU, computed before the transaction and,
  // for a large call, on both cores.
  const std::string prefix = options.source + '\0';
  std::vector<std::string> externals(events.size());  // normalised "source:userId"
  std::vector<std::string> owners(events.size());     // empty: no usable owner (rejected)
  std::vector<BlindIndex> mids(events.size());
  RETURN_IF_ERROR(ParallelHalves(events.size(), kParallelFrom, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const CollectedEvent& e = events[i];
      if (!e.user_id.empty()) {
        auto ext = NormalizeExternal(options.source + ":" + e.user_id);
        if (!ext.ok()) continue;  // an unusable userId: no owner to store it under
        externals[i] = std::move(*ext);
        owners[i] = Bytes(secrets_->Blind({IdType::kExternal, externals[i]}));
      } else if (!e.anonymous_id.empty()) {
        owners[i] = Bytes(secrets_->BlindRaw(kAnonDomain, prefix + e.anonymous_id));
      } else {
        continue;
      }
      mids[i] = secrets_->BlindRaw(kMessageDomain, prefix + e.message_id);
    }
    return Status::Ok();
  }));

  auto result = InTransaction(storage_.get(), [&]() -> StatusOr<CollectReport> {
    CollectReport rep;
    new_keys.clear();
    to_index.clear();
    Storage* st = storage_.get();
    RETURN_IF_ERROR(state.index.Refresh(st, &to_index, &through));
    // Message ids of this call and of the entries just picked up: not yet in `event_ids`.
    MessageKeySet call_mids;
    call_mids.reserve(events.size() + to_index.size());
    for (const IndexedEvent& f : to_index) call_mids.insert(f.mid);

    // 1. Owners, suppression, deduplication.
    std::unordered_map<std::string, bool> suppressed;  // owner -> erased earlier
    std::vector<Item> items;
    items.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      if (owners[i].empty()) {
        ++rep.rejected;  // no usable userId or anonymousId: no owner to store it under
        continue;
      }
      Item item;
      item.event = &events[i];
      item.index = i;
      item.owner = owners[i];
      auto [it, inserted] = suppressed.try_emplace(item.owner, false);
      if (inserted) {
        ASSIGN_OR_RETURN(it->second, st->IsSuppressed(item.owner));
      }
      if (it->second) {
        ++rep.suppressed;  // erased (Art. 17): counted, never stored again
        continue;
      }
      item.mid = mids[i];
      const MessageKey mid = MessageKey::Of(AsView(item.mid));
      bool seen = call_mids.count(mid) > 0;
      if (!seen) {
        ASSIGN_OR_RETURN(seen, state.index.Seen(st, AsView(item.mid)));
      }
      if (seen) {
        ++rep.duplicates;
        continue;
      }
      call_mids.insert(mid);
      items.push_back(std::move(item));
    }
    if (items.empty()) return rep;

    // 2. Identify calls: `self` records through the importer's pipeline, then incremental
    // resolution. Links from anonymous ids to the person are gathered here too.
    std::vector<SourceRecord> records;
    std::vector<std::pair<std::string, std::string>> links;  // (anonymous owner, owner)
    for (const Item& item : items) {
      const CollectedEvent& e = *item.event;
      const bool identify = e.type == EventType::kIdentify;
      if (!identify && e.type != EventType::kAlias) continue;
      std::vector<Identifier> ids;
      if (identify) {
        SourceRecord r;
        r.line = item.index + 1;
        r.fields = IdentifyFields(e, externals[item.index], region, &rep.rejected, &ids);
        if (!ids.empty()) records.push_back(std::move(r));
      }
      // The anonymous id (alias: the previous id) now belongs to the person.
      std::vector<std::string> anons;
      if (!e.anonymous_id.empty() && !e.user_id.empty()) anons.push_back(e.anonymous_id);
      if (e.type == EventType::kAlias && !e.previous_id.empty()) anons.push_back(e.previous_id);
      std::vector<std::string> targets;
      if (!e.user_id.empty()) {
        targets.push_back(item.owner);
      } else if (!e.anonymous_id.empty()) {
        // identify without a userId: the anonymous visitor is the person with that e-mail.
        for (const Identifier& id : ids) targets.push_back(Bytes(secrets_->Blind(id)));
        if (!targets.empty()) anons.push_back(e.anonymous_id);
      }
      for (const std::string& a : anons) {
        std::string anon = Bytes(secrets_->BlindRaw(kAnonDomain, prefix + a));
        for (const std::string& t : targets) {
          if (t != anon) links.emplace_back(anon, t);
        }
      }
    }
    if (!records.empty()) {
      ImportOptions io;
      io.path = "events";
      io.source = options.source;
      io.supplier = Supplier::kSelf;
      io.collected_for = options.collected_for;
      io.region = region;
      io.max_errors = UINT64_MAX;
      io.actor = options.actor;
      VectorReader reader(std::move(records));
      std::vector<PendingIdentifier> pending;
      ASSIGN_OR_RETURN(ImportReport ir, ImportInline(io, &reader, &pending));
      rep.claims += ir.claims;
      rep.suppressed += ir.suppressed;
      rep.rejected += ir.skipped;
      if (ir.records_stored > 0) {
        RETURN_IF_ERROR(ResolveIncrementally(st, share_limit_, std::move(pending), now));
        ASSIGN_OR_RETURN(LedgerEntry head, st->LastEntry());
        RETURN_IF_ERROR(st->SetMeta(kDataVersionMeta, std::to_string(head.seq)));
      }
    }

    // 3. Seal every event under its owner's key into one `events` entry.
    LedgerWriter writer(st);
    RETURN_IF_ERROR(writer.Reload());
    std::unordered_map<std::string, const EventOwnerKey*> call_keys;
    auto key_of = [&](const std::string& owner) -> StatusOr<const EventOwnerKey*> {
      if (auto it = call_keys.find(owner); it != call_keys.end()) return it->second;
      const EventOwnerKey* k = nullptr;
      if (auto it = state.keys.find(owner); it != state.keys.end()) {
        k = &it->second;
      } else {
        ASSIGN_OR_RETURN(auto key_id, st->EventKeyOf(owner));
        if (key_id.has_value()) {
          ASSIGN_OR_RETURN(std::string wrapped, st->GetKey(*key_id));
          ASSIGN_OR_RETURN(SecretBytes key, secrets_->UnwrapKey(wrapped));
          state.Put(owner, *key_id, std::move(key));  // committed earlier: safe to cache now
          k = &state.keys.at(owner);
        } else {
          SecretBytes key = secrets_->NewDataKey();
          ASSIGN_OR_RETURN(uint64_t id, st->PutKey(kKeyKindEvents, secrets_->WrapKey(key), now));
          RETURN_IF_ERROR(st->PutEventOwner(owner, id, now));
          new_keys.emplace_back(owner, EventOwnerKey{id, std::move(key)});
          k = &new_keys.back().second;
        }
      }
      call_keys[owner] = k;
      return k;
    };
    new_keys.reserve(items.size());  // pointers into it stay valid

    // Keys first (they may need the store), then sealing, which is pure CPU: both cores for a
    // large call. Keys stay where they are (unordered_map nodes, reserved vector) meanwhile.
    std::vector<const EventOwnerKey*> keys(items.size());
    for (size_t k = 0; k < items.size(); ++k) {
      ASSIGN_OR_RETURN(keys[k], key_of(items[k].owner));
    }
    std::vector<std::string> seals(items.size());
    RETURN_IF_ERROR(ParallelHalves(items.size(), kParallelFrom, [&](size_t begin, size_t end) {
      std::string plain;
      for (size_t k = begin; k < end; ++k) {
        EncodeEvent(*items[k].event, options.source, &plain);
        seals[k] = Seal(keys[k]->key, plain, kEventAd);
        sodium_memzero(plain.data(), plain.size());
      }
      return Status::Ok();
    }));

    std::string body = "DLE1";
    PutFixed(&body, items.size(), 4);
    std::vector<EventRow> rows;
    rows.reserve(items.size());
    for (size_t k = 0; k < items.size(); ++k) {
      const Item& item = items[k];
      const CollectedEvent& e = *item.event;
      const EventOwnerKey* key = keys[k];
      const std::string& sealed = seals[k];
      body.push_back(static_cast<char>(e.type));
      PutFixed(&body, static_cast<uint64_t>(e.time_us), 8);
      body.append(item.owner);
      body.append(AsView(item.mid));
      PutFixed(&body, key->id, 8);
      PutFixed(&body, sealed.size(), 4);
      EventRow row;
      row.owner = item.owner;
      row.time_us = e.time_us;
      row.type = static_cast<uint8_t>(e.type);
      row.off = static_cast<uint32_t>(body.size());
      row.len = static_cast<uint32_t>(sealed.size());
      row.key_id = key->id;
      rows.push_back(std::move(row));
      body.append(sealed);
    }
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
    PutFixed(&body, links.size(), 4);
    for (const auto& [anon, owner] : links) {
      body.append(anon);
      body.append(owner);
    }
    ASSIGN_OR_RETURN(uint64_t seq, writer.Append("events", options.actor, std::move(body), now));
    // The rows go to the tables later, sorted, in cycles (store/event_index.h).
    for (size_t i = 0; i < rows.size(); ++i) {
      rows[i].seq = seq;
      IndexedEvent ie;
      std::memcpy(ie.owner.data(), rows[i].owner.data(), ie.owner.size());
      ie.mid = MessageKey::Of(AsView(items[i].mid));
      ie.time_us = rows[i].time_us;
      ie.seq = seq;
      ie.key_id = rows[i].key_id;
      ie.off = rows[i].off;
      ie.len = rows[i].len;
      ie.type = rows[i].type;
      to_index.push_back(ie);
    }
    through = seq;
    for (const auto& [anon, owner] : links) {
      RETURN_IF_ERROR(st->InsertEventLink(anon, owner, seq, now));
    }
    rep.accepted = rows.size();

    // 4. Consent carried on events, for the owner's subject, as `consent import` records it.
    // A signal that repeats what is already in force is not recorded again.
    std::map<std::string, std::map<std::string, uint8_t>> in_force;  // bidx -> purpose -> state
    std::map<std::string, std::set<std::string>> objected;           // bidx -> purposes
    auto load = [&](const std::string& bidx) -> Status {
      if (in_force.count(bidx)) return Status::Ok();
      auto& states = in_force[bidx];
      ASSIGN_OR_RETURN(auto consents, st->ConsentsFor(bidx));
      std::sort(consents.begin(), consents.end(),
                [](const ConsentRow& a, const ConsentRow& b) { return a.seq < b.seq; });
      for (const ConsentRow& c : consents) states[c.purpose] = c.state;
      ASSIGN_OR_RETURN(auto objections, st->ObjectionsFor(bidx));
      for (const ObjectionRow& o : objections) objected[bidx].insert(o.purpose);
      return Status::Ok();
    };
    for (const Item& item : items) {
      const CollectedEvent& e = *item.event;
      if (e.consent_signals.empty()) continue;
      // Whose consent: the owner's identifier, or for an anonymous owner the person it is
      // linked to; else the owner alone (objections only).
      IdentifierRow row;
      row.bidx = item.owner;
      ASSIGN_OR_RETURN(auto found, st->GetIdentifier(item.owner));
      if (found.has_value()) {
        row = *found;
      } else if (e.user_id.empty()) {
        ASSIGN_OR_RETURN(auto linked, st->OwnersLinkedFrom(item.owner));
        for (const std::string& o : linked) {
          ASSIGN_OR_RETURN(auto r, st->GetIdentifier(o));
          if (r.has_value()) {
            row = *r;
            break;
          }
        }
      }
      RETURN_IF_ERROR(load(row.bidx));
      for (const std::string& text : e.consent_signals) {
        auto sig = ParseSignal(text);
        if (!sig.ok()) {
          ++rep.invalid_signals;
          continue;
        }
        ConsentSignal fresh = *sig;
        auto& states = in_force[row.bidx];
        auto& objections = objected[row.bidx];
        auto drop_known = [&](std::vector<std::string>* purposes, ConsentState s) {
          std::erase_if(*purposes, [&](const std::string& p) {
            auto it = states.find(p);
            return it != states.end() && it->second == static_cast<uint8_t>(s);
          });
        };
        drop_known(&fresh.granted_purposes, ConsentState::kGranted);
        drop_known(&fresh.denied_purposes, ConsentState::kDenied);
        std::erase_if(fresh.objections,
                      [&](const std::string& p) { return objections.count(p) > 0; });
        if (fresh.granted_purposes.empty() && fresh.denied_purposes.empty() &&
            fresh.objections.empty()) {
          continue;
        }
        SignalOutcome outcome;
        RETURN_IF_ERROR(RecordSignal(st, &writer, *secrets_, row, fresh, e.time_us,
                                     "consent signal on an event from " + options.source,
                                     {{"source", options.source}}, options.actor, &outcome));
        rep.consents += outcome.granted + outcome.denied + outcome.objections;
        rep.consents_not_recorded += outcome.not_recorded;
        if (row.key_id != 0) {
          for (const std::string& p : fresh.granted_purposes)
            states[p] = static_cast<uint8_t>(ConsentState::kGranted);
          for (const std::string& p : fresh.denied_purposes)
            states[p] = static_cast<uint8_t>(ConsentState::kDenied);
        }
        for (const std::string& p : fresh.objections) objections.insert(p);
      }
    }
    return rep;
  });
  if (!result.ok()) return result.status();
  for (auto& [owner, key] : new_keys) state.Put(owner, key.id, std::move(key.key));
  state.index.Committed(to_index, through);
  return *result;
}

Status Store::CatchUpEvents() {
  EventIndex& index = events_state().index;
  ASSIGN_OR_RETURN(bool behind, index.Behind(storage_.get()));
  if (!behind && index.ready()) return Status::Ok();
  Status s = InTransaction(storage_.get(),
                           [&]() -> Status { return index.CatchUpLocked(storage_.get()); });
  if (!s.ok()) index.Reset();
  return s;
}

StatusOr<size_t> Store::IndexEventsStep(size_t slice, size_t start_at) {
  return events_state().index.Step(storage_.get(), slice, start_at);
}

size_t Store::EventIndexBacklog() { return events_state().index.Backlog(); }

StatusOr<std::vector<std::string>> Store::EventOwnersOf(const Identifier& id) {
  std::string bidx = Bytes(secrets_->Blind(id));
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(bidx));
  std::vector<std::string> owners;
  if (row.has_value()) {
    ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
    for (const IdentifierRow& m : members) owners.push_back(m.bidx);
  } else {
    owners.push_back(bidx);  // a userId that only sent events (no identify): still theirs
  }
  ASSIGN_OR_RETURN(std::vector<std::string> anons, storage_->LinkedAnonymousOwners(owners));
  owners.insert(owners.end(), anons.begin(), anons.end());
  std::sort(owners.begin(), owners.end());
  owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
  return owners;
}

StatusOr<std::vector<EventView>> Store::EventsOf(const Identifier& id, size_t limit) {
  RETURN_IF_ERROR(CatchUpEvents());  // events still waiting to be indexed are theirs too
  ASSIGN_OR_RETURN(std::vector<std::string> owners, EventOwnersOf(id));
  ASSIGN_OR_RETURN(std::vector<EventRow> rows, storage_->EventsOfOwners(owners, limit));
  // The sealed bytes, read entry by entry through one handle each (a person's events are a
  // small part of each large `events` entry: reading whole bodies would copy everyone's).
  std::map<uint64_t, std::vector<size_t>> by_entry;  // seq -> indexes into rows
  for (size_t i = 0; i < rows.size(); ++i) by_entry[rows[i].seq].push_back(i);
  std::vector<std::string> sealed(rows.size());
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  std::vector<std::string> slices;
  for (const auto& [seq, idx] : by_entry) {
    ranges.clear();
    for (size_t i : idx) ranges.emplace_back(rows[i].off, rows[i].len);
    RETURN_IF_ERROR(storage_->ReadBodySlices(seq, ranges, &slices));
    for (size_t k = 0; k < idx.size(); ++k) sealed[idx[k]] = std::move(slices[k]);
  }
  // Keys first (storage is used by one thread), then unseal and decode; a long history is
  // split over two threads (util/parallel.h), since unsealing is most of the work.
  std::unordered_map<uint64_t, std::optional<SecretBytes>> keys;  // nullopt: destroyed
  for (const EventRow& r : rows) {
    if (keys.count(r.key_id)) continue;
    auto wrapped = storage_->GetKey(r.key_id);
    std::optional<SecretBytes> key;
    if (wrapped.ok()) {
      ASSIGN_OR_RETURN(key, secrets_->UnwrapKey(*wrapped));
    } else if (wrapped.status().code() != StatusCode::kNotFound) {
      return wrapped.status();
    }
    keys.emplace(r.key_id, std::move(key));
  }
  std::vector<std::optional<EventView>> views(rows.size());  // nullopt: shredded
  auto open = [&](size_t begin, size_t end) -> Status {
    for (size_t i = begin; i < end; ++i) {
      const EventRow& r = rows[i];
      const std::optional<SecretBytes>& key = keys.at(r.key_id);
      if (!key.has_value()) continue;  // shredded: nothing readable remains
      ASSIGN_OR_RETURN(std::string plain, Unseal(*key, sealed[i], kEventAd));
      auto view = DecodeEvent(plain);
      sodium_memzero(plain.data(), plain.size());
      if (!view.ok()) return view.status().WithContext("ledger entry " + std::to_string(r.seq));
      view->seq = r.seq;
      views[i] = std::move(*view);
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(ParallelHalves(rows.size(), kParallelFrom, open));
  std::vector<EventView> out;
  out.reserve(rows.size());
  for (auto& v : views) {
    if (v.has_value()) out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace dl
