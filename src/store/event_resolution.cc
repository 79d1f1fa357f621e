// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/event_resolution.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>

#include "daylight/identity_graph.h"

#include "ledger/secrets.h"

namespace dl {
namespace {

// One identifier of the component, with what the projection holds for it now.
struct Node {
  std::string bidx;
  uint8_t type = 0;
  bool known = false;  // the identifiers projection has a row (else it is pending)
  bool blocked = false;
  uint64_t subject = 0;
  bool shared = false;
  uint32_t claiming = 0;
  PendingIdentifier* pending = nullptr;
};

}  // namespace

Status ResolveIncrementally(Storage* storage, uint32_t share_limit,
                            std::vector<PendingIdentifier> pending, int64_t first_time_us,
                            size_t max_records) {
  auto pending_of = [&](const std::string& bidx) -> PendingIdentifier* {
    if (bidx.size() != kBlindIndexSize) return nullptr;
    BlindIndex key;
    std::memcpy(key.data(), bidx.data(), key.size());
    auto it = std::lower_bound(
        pending.begin(), pending.end(), key,
        [](const PendingIdentifier& p, const BlindIndex& k) { return p.bidx < k; });
    return it != pending.end() && it->bidx == key ? &*it : nullptr;
  };

  std::vector<Node> nodes;
  std::unordered_map<std::string, uint32_t> index;  // bidx -> node
  std::deque<uint32_t> frontier;
  auto add = [&](const std::string& bidx, uint8_t type) -> StatusOr<uint32_t> {
    auto it = index.find(bidx);
    if (it != index.end()) return it->second;
    Node n;
    n.bidx = bidx;
    n.type = type;
    n.pending = pending_of(bidx);
    ASSIGN_OR_RETURN(auto row, storage->GetIdentifier(bidx));
    if (row.has_value()) {
      n.known = true;
      n.blocked = row->blocked;
      n.subject = row->subject;
      n.shared = row->shared;
      n.claiming = row->claiming;
    } else if (n.pending != nullptr) {
      n.blocked = n.pending->blocked;
    } else {
      return Internal("claim without identifier row");
    }
    uint32_t id = static_cast<uint32_t>(nodes.size());
    // Placeholders link nothing: what else claims them is another component.
    if (!n.blocked) frontier.push_back(id);
    nodes.push_back(std::move(n));
    index.emplace(bidx, id);
    return id;
  };

  for (const PendingIdentifier& p : pending) {
    RETURN_IF_ERROR(add(std::string(AsView(p.bidx)), p.type).status());
  }
  // Breadth-first over identifier -> direct records -> their identifiers.
  std::set<uint64_t> seen;
  std::vector<std::pair<uint64_t, std::vector<uint32_t>>> records;  // (rid, nodes)
  while (!frontier.empty()) {
    uint32_t i = frontier.front();
    frontier.pop_front();
    std::string bidx = nodes[i].bidx;
    ASSIGN_OR_RETURN(std::vector<RecordRow> claiming, storage->RecordsClaiming(bidx));
    for (const RecordRow& r : claiming) {
      // Third-party claims never reach the resolver.
      if (r.supplier == Supplier::kThirdParty || !seen.insert(r.rid).second) continue;
      if (seen.size() > max_records) {
        return RebuildSubjects(storage, share_limit, std::move(pending), first_time_us).status();
      }
      ASSIGN_OR_RETURN(auto claims, storage->ClaimsOfRecord(r.rid));
      std::vector<uint32_t> ids;
      for (const auto& [b, type] : claims) {
        ASSIGN_OR_RETURN(uint32_t id, add(b, type));
        ids.push_back(id);
      }
      records.emplace_back(r.rid, std::move(ids));
    }
  }

  // The same input RebuildSubjects builds, restricted to the component: records in rid order,
  // so subjects are numbered by their smallest record and the first record seen is the anchor.
  std::sort(records.begin(), records.end());
  ResolveInput in;
  for (const Node& n : nodes) {
    in.id_type.push_back(static_cast<IdType>(n.type));
    in.blocked.push_back(n.blocked);
  }
  for (const auto& [rid, ids] : records) in.AddRecord(ids.data(), ids.size());
  ResolveOptions opts;
  opts.share_limit.fill(share_limit);
  ResolveResult res = Resolve(in, opts);
  std::vector<uint64_t> anchor(res.subject_count, 0);
  for (size_t r = 0; r < res.subject_of_record.size(); ++r) {
    uint32_t s = res.subject_of_record[r];
    if (s != kNoSubject && anchor[s] == 0) anchor[s] = records[r].first;
  }

  std::set<uint64_t> before;  // subjects of the component as stored
  std::vector<IdentifierRow> changed;
  for (size_t i = 0; i < nodes.size(); ++i) {
    Node& n = nodes[i];
    if (n.known && n.subject != 0) before.insert(n.subject);
    uint32_t s = res.subject_of_id[i];
    uint64_t subject = s == kNoSubject ? 0 : anchor[s];
    bool shared = res.shared[i];
    uint32_t claiming = shared ? res.subjects_claiming[i] : 0;
    if (!n.known) {
      n.pending->subject = subject;
      n.pending->shared = shared;
      n.pending->claiming = claiming;
    } else if (subject != n.subject || shared != n.shared || claiming != n.claiming) {
      IdentifierRow row;
      row.bidx = n.bidx;
      row.subject = subject;
      row.shared = shared;
      row.claiming = claiming;
      changed.push_back(std::move(row));
    }
  }
  RETURN_IF_ERROR(WritePendingIdentifiers(storage, pending, first_time_us));
  RETURN_IF_ERROR(storage->UpdateSubjects(changed));
  ASSIGN_OR_RETURN(uint64_t count, StoredSubjectCount(storage));
  count = count + res.subject_count - std::min<uint64_t>(count, before.size());
  return storage->SetMeta("subject_count", std::to_string(count));
}

}  // namespace dl
