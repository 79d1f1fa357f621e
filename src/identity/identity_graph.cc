// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Identity resolution. The algorithm, what it guarantees and where it is conservative are
// written up in docs/identity-graph.md; the comments here say why the code is shaped as it is.
//
// Everything is flat arrays indexed by dense identifier id or record index: at tens of millions
// of claims a hash map per identifier would cost more than the whole resolution.

#include "daylight/identity_graph.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace dl {
namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;

// Per-identifier state. A byte array rather than vector<bool> because it is read once per claim
// in every pass and bit extraction showed up in profiles.
enum : uint8_t {
  kLive = 0,     // links the records that carry it
  kBlocked = 1,  // placeholder: links nothing, ever
  kHub = 2,      // currently presumed shared: links nothing while it stays in this state
};

// Union-find over identifier ids: path halving keeps trees flat without a second pass, union
// by rank bounds their height, so Find is effectively O(1) over a pass of unions.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n), rank_(n, 0) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }

  uint32_t Find(uint32_t x) {
    uint32_t* p = parent_.data();
    while (p[x] != x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (rank_[a] < rank_[b]) std::swap(a, b);
    parent_[b] = a;
    if (rank_[a] == rank_[b]) ++rank_[a];
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint8_t> rank_;
};

// Distinct-value counting without clearing: a slot counts as "seen" when it holds the current
// epoch. Starting a new set is one increment instead of a memset over all identifiers.
class EpochMarks {
 public:
  explicit EpochMarks(size_t n) : marks_(n, 0) {}

  void NextSet() {
    if (++epoch_ == 0) {  // wrapped: old marks could alias the new epoch
      std::fill(marks_.begin(), marks_.end(), 0u);
      epoch_ = 1;
    }
  }
  // True the first time `i` is seen in the current set.
  bool Insert(uint32_t i) {
    if (marks_[i] == epoch_) return false;
    marks_[i] = epoch_;
    return true;
  }

 private:
  std::vector<uint32_t> marks_;
  uint32_t epoch_ = 0;
};

}  // namespace

ResolveResult Resolve(const ResolveInput& input, const ResolveOptions& options) {
  const size_t record_count = input.record_count();
  const uint32_t* offsets = input.record_offsets.data();
  const uint32_t* ids = input.record_ids.data();
  const size_t claim_count = input.record_ids.size();

  // The id space is whatever the tables and the records mention, so an id missing from
  // id_type or blocked is treated as an unblocked identifier of no known type rather than read
  // out of bounds.
  size_t n = std::max(input.id_type.size(), input.blocked.size());
  for (size_t c = 0; c < claim_count; ++c) n = std::max<size_t>(n, size_t{ids[c]} + 1);

  auto limit_of = [&](uint32_t id) -> uint32_t {
    size_t type = id < input.id_type.size() ? static_cast<size_t>(input.id_type[id]) : 0;
    return type < options.share_limit.size() ? options.share_limit[type] : options.share_limit[0];
  };

  std::vector<uint8_t> state(n, kLive);
  for (size_t i = 0; i < input.blocked.size(); ++i) {
    if (input.blocked[i]) state[i] = kBlocked;
  }

  // Step 1, prefilter. An identifier can only be shared if it has more than `limit` distinct
  // unblocked co-identifiers (each would-be subject needs one of its own). An upper bound of
  // that number is the sum over its records of (unblocked ids in the record - 1); it is cheap
  // and sequential, and rules out almost every identifier before anything random-access runs.
  std::vector<uint32_t> aux(n, 0);  // co-slot bound now; CSR slot and subject number later
  for (size_t r = 0; r < record_count; ++r) {
    const uint32_t begin = offsets[r], end = offsets[r + 1];
    uint32_t live = 0;
    for (uint32_t c = begin; c < end; ++c) live += state[ids[c]] != kBlocked;
    if (live < 2) continue;
    for (uint32_t c = begin; c < end; ++c) {
      uint32_t& bound = aux[ids[c]];
      const uint64_t sum = uint64_t{bound} + (live - 1);
      bound = sum > kNone - 1 ? kNone - 1 : static_cast<uint32_t>(sum);
    }
  }
  std::vector<uint32_t> checked;  // identifiers that passed the prefilter, ascending
  for (uint32_t i = 0; i < n; ++i) {
    if (state[i] == kLive && aux[i] > limit_of(i)) {
      aux[i] = static_cast<uint32_t>(checked.size());
      checked.push_back(i);
    } else {
      aux[i] = kNone;
    }
  }

  // Records of each checked identifier, CSR built by counting sort so that later steps can
  // walk an identifier's records without touching the others.
  std::vector<uint32_t> rec_offsets(checked.size() + 1, 0);
  std::vector<uint32_t> rec_list;
  if (!checked.empty()) {
    for (size_t c = 0; c < claim_count; ++c) {
      const uint32_t slot = aux[ids[c]];
      if (slot != kNone) ++rec_offsets[slot + 1];
    }
    for (size_t s = 0; s < checked.size(); ++s) rec_offsets[s + 1] += rec_offsets[s];
    rec_list.resize(rec_offsets.back());
    std::vector<uint32_t> fill(rec_offsets.begin(), rec_offsets.end() - 1);
    for (uint32_t r = 0; r < record_count; ++r) {
      for (uint32_t c = offsets[r]; c < offsets[r + 1]; ++c) {
        const uint32_t slot = aux[ids[c]];
        // A record listing the same identifier twice is one record of it, not two.
        if (slot != kNone && (fill[slot] == rec_offsets[slot] || rec_list[fill[slot] - 1] != r)) {
          rec_list[fill[slot]++] = r;
        }
      }
    }
    // Duplicates left holes at the end of some lists; mark them so walks stop early.
    for (size_t s = 0; s < checked.size(); ++s) {
      for (uint32_t k = fill[s]; k < rec_offsets[s + 1]; ++k) rec_list[k] = kNone;
    }
  }

  // Step 2, candidates: the exact number of distinct unblocked co-identifiers. Those above the
  // limit start out as hubs (presumed shared); this is the top of the iteration in step 4.
  EpochMarks marks(n);
  struct Hub {
    uint32_t id;
    uint32_t slot;
    uint32_t claimants;
  };
  std::vector<Hub> hubs;
  for (uint32_t s = 0; s < checked.size(); ++s) {
    const uint32_t id = checked[s];
    const uint32_t limit = limit_of(id);
    marks.NextSet();
    uint32_t distinct = 0;
    for (uint32_t k = rec_offsets[s]; k < rec_offsets[s + 1] && distinct <= limit; ++k) {
      const uint32_t r = rec_list[k];
      if (r == kNone) break;
      for (uint32_t c = offsets[r]; c < offsets[r + 1] && distinct <= limit; ++c) {
        const uint32_t co = ids[c];
        if (co != id && state[co] != kBlocked && marks.Insert(co)) ++distinct;
      }
    }
    if (distinct > limit) hubs.push_back({id, s, 0});
  }
  for (const Hub& h : hubs) state[h.id] = kHub;

  // Step 3: link every record through its live identifiers.
  DisjointSets sets(n);
  for (size_t r = 0; r < record_count; ++r) {
    uint32_t first = kNone;
    for (uint32_t c = offsets[r]; c < offsets[r + 1]; ++c) {
      const uint32_t id = ids[c];
      if (state[id] != kLive) continue;
      if (first == kNone) {
        first = id;
      } else {
        sets.Union(first, id);
      }
    }
  }

  // Step 4: release hubs that do not meet the rule. With the current hubs linking nothing, a
  // hub's claimants are the distinct subjects (union-find classes) of its records that have a
  // live co-identifier; records whose other identifiers are all hubs have no subject yet, but
  // one could appear if those hubs were released, so they are counted apart as `pending`.
  //  * A hub with claimants + pending <= limit can never meet the rule again (releasing other
  //    hubs only merges classes or gives a pending record a class), so releasing it is safe.
  //  * Only when no hub is safe are those with claimants <= limit released; that is the one
  //    place where the result can differ from a fixed point of the rule (docs/identity-graph.md).
  // Hubs are only ever released, so the loop ends after at most one round per hub.
  struct Count {
    uint32_t claimants;
    uint32_t pending;
  };
  std::vector<Count> counts(hubs.size());
  std::vector<Hub> released;
  for (;;) {
    bool any_safe = false;
    for (size_t h = 0; h < hubs.size(); ++h) {
      const Hub& hub = hubs[h];
      marks.NextSet();
      Count count{0, 0};
      for (uint32_t k = rec_offsets[hub.slot]; k < rec_offsets[hub.slot + 1]; ++k) {
        const uint32_t r = rec_list[k];
        if (r == kNone) break;
        bool other_hub = false, live = false;
        for (uint32_t c = offsets[r]; c < offsets[r + 1]; ++c) {
          const uint32_t co = ids[c];
          if (state[co] == kLive) {
            // All live identifiers of a record share one class, so the first one decides.
            count.claimants += marks.Insert(sets.Find(co));
            live = true;
            break;
          }
          other_hub |= state[co] == kHub && co != hub.id;
        }
        count.pending += !live && other_hub;
      }
      counts[h] = count;
      any_safe |= count.claimants + count.pending <= limit_of(hub.id);
    }
    // Without a safe release, release only one hub, the one with fewest claimants, then the
    // earliest first claim (not the smallest id, so that the result does not depend on how
    // identifiers are numbered): it may give pending records a subject, which can settle the
    // others.
    auto first_claim = [&](const Hub& hub) {
      const uint32_t r = rec_list[rec_offsets[hub.slot]];
      uint32_t c = offsets[r];
      while (ids[c] != hub.id) ++c;
      return c;
    };
    size_t only = hubs.size();
    if (!any_safe) {
      for (size_t h = 0; h < hubs.size(); ++h) {
        if (counts[h].claimants > limit_of(hubs[h].id)) continue;
        if (only == hubs.size() || counts[h].claimants < counts[only].claimants ||
            (counts[h].claimants == counts[only].claimants &&
             first_claim(hubs[h]) < first_claim(hubs[only]))) {
          only = h;
        }
      }
    }
    released.clear();
    size_t kept = 0;
    for (size_t h = 0; h < hubs.size(); ++h) {
      const uint32_t limit = limit_of(hubs[h].id);
      const bool release = any_safe ? counts[h].claimants + counts[h].pending <= limit : h == only;
      hubs[h].claimants = counts[h].claimants;
      if (release) {
        released.push_back(hubs[h]);
      } else {
        counts[kept] = counts[h];
        hubs[kept++] = hubs[h];
      }
    }
    hubs.resize(kept);
    counts.resize(kept);
    if (released.empty()) break;
    // All released hubs go live before any union, so that two released in the same round
    // link the records they share.
    for (const Hub& h : released) state[h.id] = kLive;
    for (const Hub& h : released) {
      for (uint32_t k = rec_offsets[h.slot]; k < rec_offsets[h.slot + 1]; ++k) {
        const uint32_t r = rec_list[k];
        if (r == kNone) break;
        for (uint32_t c = offsets[r]; c < offsets[r + 1]; ++c) {
          if (state[ids[c]] == kLive) sets.Union(h.id, ids[c]);
        }
      }
    }
  }

  // Step 5: number subjects in order of their smallest record, which makes the numbering a
  // function of the input alone (not of union order or of identifier numbering).
  ResolveResult result;
  result.subject_of_record.assign(record_count, kNoSubject);
  std::vector<uint32_t>& subject_of_root = aux;
  std::fill(subject_of_root.begin(), subject_of_root.end(), kNoSubject);
  uint32_t subjects = 0;
  for (size_t r = 0; r < record_count; ++r) {
    for (uint32_t c = offsets[r]; c < offsets[r + 1]; ++c) {
      if (state[ids[c]] != kLive) continue;
      uint32_t& subject = subject_of_root[sets.Find(ids[c])];
      if (subject == kNoSubject) subject = subjects++;
      result.subject_of_record[r] = subject;
      break;
    }
  }
  result.subject_count = subjects;

  // An identifier in no record is its own root and was never numbered, so it gets no subject.
  result.subject_of_id.assign(n, kNoSubject);
  result.subjects_claiming.assign(n, 0);
  result.shared.assign(n, false);
  for (uint32_t i = 0; i < n; ++i) {
    if (state[i] != kLive) continue;
    const uint32_t subject = subject_of_root[sets.Find(i)];
    result.subject_of_id[i] = subject;
    result.subjects_claiming[i] = subject != kNoSubject ? 1 : 0;
  }
  for (const Hub& h : hubs) {
    result.shared[h.id] = true;
    result.subjects_claiming[h.id] = h.claimants;
  }
  return result;
}

}  // namespace dl
