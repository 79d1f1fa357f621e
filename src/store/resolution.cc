// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/resolution.h"

#include <algorithm>
#include <cstring>

#include "daylight/identity_graph.h"

#include "ledger/secrets.h"
#include "util/bytes.h"

namespace dl {

StatusOr<uint64_t> RebuildSubjects(Storage* storage, uint32_t share_limit,
                                   std::vector<PendingIdentifier> pending, int64_t first_time_us) {
  auto pending_of = [&](std::string_view bidx) -> PendingIdentifier* {
    if (bidx.size() != kBlindIndexSize) return nullptr;
    BlindIndex key;
    std::memcpy(key.data(), bidx.data(), key.size());
    auto it = std::lower_bound(
        pending.begin(), pending.end(), key,
        [](const PendingIdentifier& p, const BlindIndex& k) { return p.bidx < k; });
    return it != pending.end() && it->bidx == key ? &*it : nullptr;
  };
  // Per dense identifier id: where its result goes (a pending row, or an existing row whose
  // stored subject columns are kept to write back only changes). Claims arrive in blind-index
  // order, so equal identifiers are adjacent and get consecutive dense ids without a hash map.
  struct Slot {
    BlindIndex bidx;
    PendingIdentifier* pending;  // null: already in the projection
    uint64_t subject;            // stored values, for existing rows
    uint32_t claiming;
    bool shared;
  };
  std::vector<Slot> slots;
  std::vector<std::pair<uint64_t, uint32_t>> rid_id;  // (record id, dense identifier id)
  ResolveInput in;
  Status missing = Status::Ok();
  RETURN_IF_ERROR(storage->ScanResolutionClaims([&](const ResolutionClaim& c) {
    if (slots.empty() || AsView(slots.back().bidx) != c.bidx) {
      Slot slot{};
      std::memcpy(slot.bidx.data(), c.bidx.data(), std::min(c.bidx.size(), slot.bidx.size()));
      bool blocked = c.blocked;
      if (!c.known) {
        slot.pending = pending_of(c.bidx);
        if (slot.pending == nullptr) missing = Internal("claim without identifier row");
        blocked = slot.pending != nullptr && slot.pending->blocked;
      } else {
        slot.subject = c.subject;
        slot.shared = c.shared;
        slot.claiming = c.claiming;
      }
      slots.push_back(slot);
      in.id_type.push_back(static_cast<IdType>(c.type));
      in.blocked.push_back(blocked);
    }
    rid_id.emplace_back(c.rid, static_cast<uint32_t>(slots.size() - 1));
  }));
  RETURN_IF_ERROR(missing);
  std::sort(rid_id.begin(), rid_id.end());
  std::vector<uint64_t> record_rid;
  std::vector<uint32_t> one;
  for (size_t i = 0; i < rid_id.size();) {
    size_t j = i;
    one.clear();
    while (j < rid_id.size() && rid_id[j].first == rid_id[i].first)
      one.push_back(rid_id[j++].second);
    in.AddRecord(one.data(), one.size());
    record_rid.push_back(rid_id[i].first);
    i = j;
  }
  std::vector<std::pair<uint64_t, uint32_t>>().swap(rid_id);
  ResolveOptions opts;
  opts.share_limit.fill(share_limit);
  ResolveResult res = Resolve(in, opts);
  // Subjects are numbered by their smallest record index, and records are in rid order, so the
  // first record seen for each subject number is its anchor.
  std::vector<uint64_t> anchor(res.subject_count, 0);
  for (size_t r = 0; r < res.subject_of_record.size(); ++r) {
    uint32_t s = res.subject_of_record[r];
    if (s != kNoSubject && anchor[s] == 0) anchor[s] = record_rid[r];
  }
  std::vector<IdentifierRow> changed;
  for (size_t i = 0; i < slots.size(); ++i) {
    uint32_t s = res.subject_of_id[i];
    uint64_t subject = s == kNoSubject ? 0 : anchor[s];
    bool shared = res.shared[i];
    uint32_t claiming = shared ? res.subjects_claiming[i] : 0;
    if (PendingIdentifier* p = slots[i].pending) {
      p->subject = subject;
      p->shared = shared;
      p->claiming = claiming;
    } else if (subject != slots[i].subject || shared != slots[i].shared ||
               claiming != slots[i].claiming) {
      IdentifierRow row;
      row.bidx = std::string(AsView(slots[i].bidx));
      row.subject = subject;
      row.shared = shared;
      row.claiming = claiming;
      changed.push_back(std::move(row));
    }
  }
  // New identifiers are inserted once, with their final subject; identifiers only known from
  // third parties are among them with subject 0.
  RETURN_IF_ERROR(WritePendingIdentifiers(storage, pending, first_time_us));
  RETURN_IF_ERROR(storage->UpdateSubjects(changed));
  RETURN_IF_ERROR(storage->SetMeta("subject_count", std::to_string(res.subject_count)));
  return static_cast<uint64_t>(res.subject_count);
}

Status WritePendingIdentifiers(Storage* storage, const std::vector<PendingIdentifier>& pending,
                               int64_t first_time_us) {
  IdentifierRow row;
  for (const PendingIdentifier& p : pending) {
    row.bidx.assign(reinterpret_cast<const char*>(p.bidx.data()), p.bidx.size());
    row.type = p.type;
    row.key_id = p.key_id;
    row.blocked = p.blocked;
    row.first_time_us = first_time_us;
    row.subject = p.subject;
    row.shared = p.shared;
    row.claiming = p.claiming;
    RETURN_IF_ERROR(storage->UpsertIdentifier(row));
  }
  return Status::Ok();
}

StatusOr<uint64_t> StoredSubjectCount(Storage* storage) {
  ASSIGN_OR_RETURN(auto v, storage->GetMeta("subject_count"));
  return v.has_value() ? std::stoull(*v) : 0;
}

std::string SubjectIdFor(const StoreSecrets& secrets, uint64_t anchor) {
  std::string be;
  PutFixed(&be, anchor, 8);
  BlindIndex b = secrets.BlindRaw("subject", be);
  return "s_" + ToHex(b.data(), 8);
}

}  // namespace dl
