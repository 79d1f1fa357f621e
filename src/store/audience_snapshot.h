// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The audience snapshot: what audiences read, derived from the projections and the sealed
// records, kept sealed in the `derived` table (docs/audiences.md "Snapshot"):
//   - the universe: every subject (by anchor record id, which must fit 32 bits);
//   - one trait column per trait name (latest value per subject; include/daylight/trait_index.h);
//   - export rows: per subject its identifiers (value, blind index, ordinal) and the address
//     fields the platforms match on, in chunks of 65536 subjects;
//   - per purpose, the gate's verdicts in bulk: eligible subjects, excluded subjects by reason,
//     and the allowed identifier ordinals (computed on first use, kept until the ledger moves).
//
// Every blob is sealed under an index key (a data key of kind 3) that is replaced, and the old
// one destroyed, at each rebuild; so an erased subject's data does not outlive the next rebuild
// in the snapshot. The snapshot is rebuilt when `meta.data_version` (set by every import that
// changes subjects or traits) differs from the one it was built at; eligibility is recomputed
// when the gate's facts change (meta.gate_version), the policy file changes, or a consent in it
// expires or starts.
#ifndef DAYLIGHT_STORE_AUDIENCE_SNAPSHOT_H_
#define DAYLIGHT_STORE_AUDIENCE_SNAPSHOT_H_

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/audience_filter.h"
#include "daylight/identifier.h"
#include "daylight/policy_file.h"
#include "daylight/status.h"
#include "daylight/storage.h"
#include "daylight/trait_index.h"

#include "ledger/secrets.h"
#include "util/secret.h"

namespace dl {

// meta key: the ledger seq of the last change to subjects, identifiers or traits.
inline constexpr std::string_view kDataVersionMeta = "data_version";
// meta key: the ledger seq of the last change to what the gate decides from (claims, consents,
// objections). Audience exports and definitions do not move it.
inline constexpr std::string_view kGateVersionMeta = "gate_version";

// One identifier of a subject, as the snapshot keeps it.
struct SnapshotIdentifier {
  uint32_t ordinal = 0;  // position in (subject, bidx) order; indexes Eligibility::allowed
  IdType type = IdType::kEmail;
  BlindIndex bidx{};
  std::string value;  // normalised; empty when no record of the subject is readable
};

// One subject's row: identifiers and the address fields (trait name -> latest value) used by
// exports: first_name, last_name, city, state, zip, country, dob, gender.
struct SnapshotRow {
  uint32_t subject = 0;
  std::vector<SnapshotIdentifier> identifiers;
  std::map<std::string, std::string> fields;
};

// The address fields a row keeps, in the order SnapshotRowView holds them.
enum class AddressField { kFirstName, kLastName, kCity, kState, kZip, kCountry, kDob, kGender };
inline constexpr size_t kAddressFieldCount = 8;

// One subject's row as views into its opened chunk, valid only during the call that passes it:
// what an export reads for a million subjects without a string per value.
struct SnapshotRowView {
  struct Identifier {
    uint32_t ordinal = 0;
    IdType type = IdType::kEmail;
    std::string_view bidx;   // kBlindIndexSize bytes
    std::string_view value;  // normalised; empty when no record of the subject is readable
  };
  uint32_t subject = 0;
  std::vector<Identifier> identifiers;
  std::array<std::string_view, kAddressFieldCount> fields;  // empty: not known

  std::string_view field(AddressField f) const { return fields[static_cast<size_t>(f)]; }
};

// The rows of a set of subjects chunk by chunk, read on several threads while the sealed chunks
// are still being loaded from storage, which serves one thread at a time: Load() reads them, in
// order, on the thread that uses storage; meanwhile ForEachRow(i, fn), from any thread and
// concurrently for different i, waits for chunk i, opens and decodes it and calls fn with the
// row of each subject of the set in that chunk, in subject order. Each chunk can be read once.
class SnapshotChunkReader {
 public:
  size_t chunks() const { return chunks_.size(); }
  Status Load();
  // Load stops before the next chunk (the rows are no longer needed).
  void Stop();
  Status ForEachRow(size_t i, const std::function<Status(const SnapshotRowView&)>& fn);

 private:
  friend class AudienceSnapshot;
  struct Chunk {
    uint32_t id = 0;
    bool loaded = false;
    std::string sealed;
  };
  SnapshotChunkReader(Storage* storage, const SecretBytes& key, const SubjectSet& subjects);

  Storage* storage_;
  const SecretBytes& key_;
  const SubjectSet subjects_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Chunk> chunks_;  // in subject order
  bool stop_ = false;
  Status failed_;  // why a chunk will not be loaded
};

// The gate's verdicts for one purpose over every subject.
struct Eligibility {
  std::string purpose;
  int64_t computed_us = 0;
  int64_t valid_until_us = 0;                  // a consent starts or expires then: recompute after
  SubjectSet eligible;                         // subjects with at least one allowed identifier
  SubjectSet allowed;                          // identifier ordinals the gate allows
  std::map<std::string, SubjectSet> excluded;  // reason -> subjects with none allowed
};

using SnapshotProgress = std::function<void(double fraction)>;

class AudienceSnapshot {
 public:
  // The current snapshot, rebuilt first (inside its own transaction) when out of date.
  static StatusOr<std::unique_ptr<AudienceSnapshot>> Open(Storage* storage,
                                                          const StoreSecrets& secrets,
                                                          const SnapshotProgress& progress);

  const SubjectSet& universe() const { return universe_; }
  uint64_t identifiers() const { return identifiers_; }

  // Loads trait columns on demand; "events.*" fields are refused with a pointer to the docs.
  TraitIndex::Loader TraitLoader();

  // The gate's verdicts for `purpose` at `now_us`, from the cache or computed (and cached).
  StatusOr<Eligibility> EligibilityFor(std::string_view purpose, const Policy& policy,
                                       int64_t now_us, const SnapshotProgress& progress);

  // Calls fn for the row of every subject in `subjects`, in subject order.
  Status ForEachRow(const SubjectSet& subjects,
                    const std::function<Status(const SnapshotRow&)>& fn);
  // The same rows for large sets, read in parallel (SnapshotChunkReader). The reader must not
  // outlive the snapshot.
  std::unique_ptr<SnapshotChunkReader> ReadChunks(const SubjectSet& subjects);

 private:
  AudienceSnapshot(Storage* storage, const StoreSecrets& secrets)
      : storage_(storage), secrets_(secrets) {}
  Status Load();
  Status Rebuild(const std::string& data_version, const SnapshotProgress& progress);
  StatusOr<Eligibility> ComputeEligibility(std::string_view purpose, const Policy& policy,
                                           int64_t now_us, const SnapshotProgress& progress);
  StatusOr<std::optional<std::string>> ReadSealed(const std::string& name);
  Status WriteSealed(const std::string& name, std::string_view plain);

  Storage* storage_;
  const StoreSecrets& secrets_;
  SecretBytes key_;
  SubjectSet universe_;
  uint64_t identifiers_ = 0;
  uint64_t subjects_ = 0;
};

// Records that the entry `seq` changed the gate's facts; runs inside the caller's transaction.
Status MarkGateChanged(Storage* storage, uint64_t seq);

}  // namespace dl

#endif  // DAYLIGHT_STORE_AUDIENCE_SNAPSHOT_H_
