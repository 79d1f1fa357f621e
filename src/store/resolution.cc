// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/resolution.h"

#include <algorithm>

#include "daylight/identity_graph.h"

#include "ledger/secrets.h"
#include "util/bytes.h"

namespace dl {

StatusOr<uint64_t> RebuildSubjects(Storage* storage, uint32_t share_limit,
                                   std::vector<IdentifierRow> pending) {
  auto pending_of = [&](std::string_view bidx) -> IdentifierRow* {
    auto it =
        std::lower_bound(pending.begin(), pending.end(), bidx,
                         [](const IdentifierRow& r, std::string_view b) { return r.bidx < b; });
    return it != pending.end() && it->bidx == bidx ? &*it : nullptr;
  };
  // Claims arrive in blind-index order, so equal identifiers are adjacent and get consecutive
  // dense ids without a hash map. `old` keeps each identifier's stored subject columns.
  std::vector<IdentifierRow> ids;
  std::vector<IdentifierRow> old;
  std::vector<bool> known;
  std::vector<std::pair<uint64_t, uint32_t>> rid_id;  // (record id, dense identifier id)
  ResolveInput in;
  Status missing = Status::Ok();
  RETURN_IF_ERROR(storage->ScanResolutionClaims([&](const ResolutionClaim& c) {
    if (ids.empty() || ids.back().bidx != c.bidx) {
      IdentifierRow row;
      row.bidx = std::string(c.bidx);
      row.type = c.type;
      bool blocked = c.blocked;
      if (!c.known) {
        const IdentifierRow* p = pending_of(c.bidx);
        if (p == nullptr) missing = Internal("claim without identifier row");
        blocked = p != nullptr && p->blocked;
      }
      IdentifierRow prev;
      prev.subject = c.subject;
      prev.shared = c.shared;
      prev.claiming = c.claiming;
      old.push_back(prev);
      known.push_back(c.known);
      ids.push_back(std::move(row));
      in.id_type.push_back(static_cast<IdType>(c.type));
      in.blocked.push_back(blocked);
    }
    rid_id.emplace_back(c.rid, static_cast<uint32_t>(ids.size() - 1));
  }));
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
  RETURN_IF_ERROR(missing);
  std::vector<IdentifierRow> changed;
  for (size_t i = 0; i < ids.size(); ++i) {
    uint32_t s = res.subject_of_id[i];
    ids[i].subject = s == kNoSubject ? 0 : anchor[s];
    ids[i].shared = res.shared[i];
    ids[i].claiming = res.shared[i] ? res.subjects_claiming[i] : 0;
    if (!known[i]) {
      IdentifierRow* p = pending_of(ids[i].bidx);
      p->subject = ids[i].subject;
      p->shared = ids[i].shared;
      p->claiming = ids[i].claiming;
    } else if (ids[i].subject != old[i].subject || ids[i].shared != old[i].shared ||
               ids[i].claiming != old[i].claiming) {
      changed.push_back(std::move(ids[i]));
    }
  }
  // New identifiers are inserted once, with their final subject; identifiers only known from
  // third parties are among them with subject 0.
  for (const IdentifierRow& p : pending) RETURN_IF_ERROR(storage->UpsertIdentifier(p));
  RETURN_IF_ERROR(storage->UpdateSubjects(changed));
  return static_cast<uint64_t>(res.subject_count);
}

std::string SubjectIdFor(const StoreSecrets& secrets, uint64_t anchor) {
  std::string be;
  PutFixed(&be, anchor, 8);
  BlindIndex b = secrets.BlindRaw("subject", be);
  return "s_" + ToHex(b.data(), 8);
}

}  // namespace dl
