// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Storage: everything Daylight persists, behind one interface, so that the embedded SQLite
// backend (src/ledger/sqlite_storage.cc) can be joined later by a PostgreSQL one without the
// store layer changing. It holds the ledger (entries, hash chain head), the data keys, and the
// projections derived from the ledger (batches, records, claims, identifiers, objections).
//
// Contract for every implementation:
//  * No method throws; failures return Status (IOError for the backend, Corruption for data
//    that fails a check, NotFound for missing rows).
//  * Writes happen inside Begin()/Commit(); Rollback() leaves no trace of the transaction —
//    this is what makes an aborted or killed import leave nothing behind.
//  * Not thread-safe: one Storage object is used by one thread at a time.
//  * Blind indexes (16 bytes) are the only identifier values a Storage ever sees in clear.
#ifndef DAYLIGHT_STORAGE_H_
#define DAYLIGHT_STORAGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daylight/ledger.h"
#include "daylight/status.h"

namespace dl {

enum class Supplier : uint8_t { kSelf = 1, kFirstParty = 2, kThirdParty = 3, kDevice = 4 };
std::string_view SupplierName(Supplier s);  // "self", "first_party", ...
std::optional<Supplier> ParseSupplier(std::string_view name);

struct BatchRow {
  uint64_t id = 0;
  uint64_t seq = 0;  // ledger entry of import.begin
  int64_t time_us = 0;
  std::string source;  // "salesforce", "web", "app"
  Supplier supplier = Supplier::kFirstParty;
  std::string purpose;   // collected-for purpose key
  std::string uploader;  // blind index (hex) of the uploader id, third_party only
  std::string file;      // file's base name; empty for third_party uploads
  std::string digest;    // hex SHA-256 of the input file
  uint64_t key_id = 0;   // per-upload data key (third_party), else 0
  std::string status;    // "committed"
  uint64_t records = 0, claims = 0, duplicates = 0, skipped = 0, objections = 0;
};

struct RecordRow {
  uint64_t rid = 0;
  uint64_t seq = 0;  // ledger entry holding the sealed record
  uint32_t off = 0;  // byte range of the sealed record inside that entry's body
  uint32_t len = 0;
  uint64_t batch = 0;
  uint64_t line = 0;
  Supplier supplier = Supplier::kFirstParty;
  uint64_t key_id = 0;  // data key that seals it
};

struct IdentifierRow {
  std::string bidx;  // 16 bytes
  uint8_t type = 0;
  uint64_t key_id = 0;  // subject data key (0: known only from third parties)
  bool blocked = false;
  int64_t first_time_us = 0;
  uint64_t subject = 0;  // 0: none; else the subject's anchor record id
  bool shared = false;
  uint32_t claiming = 0;  // subjects claiming it (for shared ones)
};

// One row of the resolver's input: a self/first_party claim.
struct ResolutionClaim {
  std::string_view bidx;
  uint64_t rid;
  uint8_t type;
  bool known;    // the identifiers projection has a row for it (false: written later)
  bool blocked;  // the row's values, when known
  uint64_t subject;
  bool shared;
  uint32_t claiming;
};

struct ObjectionRow {
  std::string bidx;
  std::string purpose;
  uint64_t seq = 0;
  int64_t time_us = 0;
  std::string source;
};

struct ConsentRow {
  std::string bidx;  // the identifier the consent was captured through
  std::string purpose;
  uint8_t state = 1;  // ConsentState (include/daylight/gate.h)
  int64_t time_us = 0;
  int64_t expires_us = 0;  // 0: none
  std::string source;
  uint64_t seq = 0;      // ledger entry
  std::string evidence;  // sealed under the subject's key
};

// One claim of an identifier that belongs to a subject, with the claiming record (for the
// audience snapshot and the gate's bulk decisions).
struct SubjectClaimRow {
  uint64_t subject = 0;
  std::string_view bidx;
  uint8_t type = 0;
  bool blocked = false;
  bool shared = false;
  uint32_t claiming = 0;
  RecordRow record;
};

struct AudienceRow {
  std::string name;
  std::string purpose;
  std::string filter;  // canonical filter text
  uint64_t seq = 0;    // ledger entry of its latest definition
  int64_t time_us = 0;
  std::string actor;
};

struct ExportRow {
  uint64_t seq = 0;  // ledger entry `audience.export`
  std::string audience;
  int64_t time_us = 0;
  std::string recipient;
  std::string purpose;
  std::string format;
  uint64_t identifiers = 0;  // blind indexes listed in the entry
};

// Art. 18: a restriction placed on (restricted=true) or lifted from an identifier.
struct RestrictionRow {
  std::string bidx;
  bool restricted = true;
  uint64_t seq = 0;  // ledger entry
  int64_t time_us = 0;
};

// One collected event (include/daylight/events.h) as the projection keeps it: where its sealed
// bytes are in the `events` ledger entry, whose it is, and when. Everything else is sealed.
struct EventRow {
  std::string owner;  // 16-byte blind index of the owner (docs/ledger-format.md "Events")
  int64_t time_us = 0;
  uint8_t type = 0;  // EventType
  uint64_t seq = 0;  // ledger entry `events` holding the sealed event
  uint32_t off = 0;  // byte range of the sealed event inside that entry's body
  uint32_t len = 0;
  uint64_t key_id = 0;  // the owner's event key
};

struct StoreStats {
  uint64_t subjects = 0;
  uint64_t identifiers = 0;
  uint64_t shadow_identifiers = 0;  // identifiers with third_party claims only
  uint64_t shared_identifiers = 0;
  uint64_t blocked_identifiers = 0;
  uint64_t records = 0;
  uint64_t batches = 0;
  uint64_t ledger_entries = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Whether Commit() waits until the transaction is on disk (the default). Off only for
  // writes that can be redone from durable entries (the events projections, store/event_index.h);
  // a later durable commit makes them durable too.
  virtual Status SetDurableCommit(bool durable) = 0;

  // --- ledger ---
  // The last entry (seq 0 and zero hash when empty).
  virtual StatusOr<LedgerEntry> LastEntry() = 0;
  virtual Status AppendEntry(const LedgerEntry& e) = 0;
  // Calls fn for every entry in seq order (as stored: a reordered or missing row is visible).
  virtual Status ScanEntries(const std::function<Status(const LedgerEntry&)>& fn) = 0;
  virtual StatusOr<std::string> ReadBodySlice(uint64_t seq, uint32_t off, uint32_t len) = 0;
  // Several byte ranges of entry `seq`'s body, read through one open handle (events of one
  // person spread over a large `events` entry): out[i] gets ranges[i] = (offset, length).
  virtual Status ReadBodySlices(uint64_t seq,
                                const std::vector<std::pair<uint32_t, uint32_t>>& ranges,
                                std::vector<std::string>* out) = 0;
  virtual StatusOr<uint64_t> EntryCount() = 0;
  // The seqs of the entries of `kind` after `after`, in order (a range scan from `after`: cheap
  // when few entries follow it).
  virtual StatusOr<std::vector<uint64_t>> EntriesOfKindAfter(std::string_view kind,
                                                             uint64_t after) = 0;
  // The whole body of entry `seq` (NotFound if there is none).
  virtual StatusOr<std::string> ReadBody(uint64_t seq) = 0;

  // --- settings ---
  virtual StatusOr<std::optional<std::string>> GetMeta(std::string_view key) = 0;
  virtual Status SetMeta(std::string_view key, std::string_view value) = 0;

  // --- data keys ---
  virtual StatusOr<uint64_t> PutKey(int kind, std::string_view wrapped, int64_t time_us) = 0;
  // NotFound if the key never existed or was destroyed.
  virtual StatusOr<std::string> GetKey(uint64_t id) = 0;
  // Destroys a key: its wrapped form is deleted (overwritten, with secure_delete) and the row
  // kept as a tombstone. Whatever it sealed can no longer be read.
  virtual Status DestroyKey(uint64_t id, int64_t time_us) = 0;

  // --- projections ---
  virtual StatusOr<uint64_t> InsertBatch(const BatchRow& b) = 0;
  virtual Status UpdateBatch(const BatchRow& b) = 0;
  virtual StatusOr<BatchRow> GetBatch(uint64_t id) = 0;
  // Record fingerprints (16-byte blind values): the same record is stored once.
  virtual StatusOr<bool> HasFingerprint(std::string_view fp) = 0;
  virtual Status InsertFingerprint(std::string_view fp, uint64_t rid) = 0;
  virtual StatusOr<uint64_t> InsertRecord(const RecordRow& r) = 0;
  virtual Status InsertClaim(std::string_view bidx, uint64_t rid, uint8_t type, Supplier s) = 0;
  virtual StatusOr<std::optional<IdentifierRow>> GetIdentifier(std::string_view bidx) = 0;
  // Inserts the row (all columns), or for an existing row sets key_id when it was 0 and keeps
  // the rest.
  virtual Status UpsertIdentifier(const IdentifierRow& row) = 0;
  virtual StatusOr<std::vector<RecordRow>> RecordsClaiming(std::string_view bidx) = 0;
  virtual StatusOr<std::vector<IdentifierRow>> IdentifiersOfSubject(uint64_t subject) = 0;
  virtual StatusOr<RecordRow> GetRecord(uint64_t rid) = 0;
  virtual Status InsertObjection(const ObjectionRow& o) = 0;
  virtual StatusOr<std::vector<ObjectionRow>> ObjectionsFor(std::string_view bidx) = 0;
  virtual Status InsertConsent(const ConsentRow& c) = 0;
  virtual StatusOr<std::vector<ConsentRow>> ConsentsFor(std::string_view bidx) = 0;
  virtual Status InsertRestriction(const RestrictionRow& r) = 0;
  // Oldest first.
  virtual StatusOr<std::vector<RestrictionRow>> RestrictionsFor(std::string_view bidx) = 0;

  // Resolution: every self/first_party claim in bidx order with its identifier's current
  // subject columns, then the changed subject columns written back.
  virtual Status ScanResolutionClaims(const std::function<void(const ResolutionClaim&)>& fn) = 0;
  // Sets subject/shared/claiming of each row's identifier.
  virtual Status UpdateSubjects(const std::vector<IdentifierRow>& rows) = 0;

  // Bulk reads for audiences. Every claim of every identifier that belongs to a subject, ordered
  // by subject, then bidx (record ids within an identifier in no promised order). `fn` may call
  // other read methods.
  virtual Status ScanSubjectClaims(const std::function<Status(const SubjectClaimRow&)>& fn) = 0;
  // Consents and objections recorded on identifiers that belong to a subject, with the subject.
  virtual Status ScanSubjectConsents(
      const std::function<Status(uint64_t subject, const ConsentRow&)>& fn) = 0;
  virtual Status ScanSubjectObjections(
      const std::function<Status(uint64_t subject, const ObjectionRow&)>& fn) = 0;
  // Ordered by seq.
  virtual Status ScanSubjectRestrictions(
      const std::function<Status(uint64_t subject, const RestrictionRow&)>& fn) = 0;

  // Derived data that can be rebuilt from the ledger and projections at any time (the sealed
  // audience snapshot). Missing names read as nullopt.
  virtual StatusOr<std::optional<std::string>> GetDerived(std::string_view name) = 0;
  virtual Status PutDerived(std::string_view name, std::string_view value) = 0;
  // Deletes every derived row whose name starts with `prefix` ("" deletes all).
  virtual Status DeleteDerived(std::string_view prefix) = 0;

  // Audiences and their exports.
  virtual Status PutAudience(const AudienceRow& a) = 0;  // inserts or replaces by name
  virtual StatusOr<std::optional<AudienceRow>> GetAudience(std::string_view name) = 0;
  virtual StatusOr<std::vector<AudienceRow>> ListAudiences() = 0;
  virtual Status InsertExport(const ExportRow& e) = 0;
  // Exports of one audience, oldest first.
  virtual StatusOr<std::vector<ExportRow>> ExportsOf(std::string_view audience) = 0;
  // Every export, oldest first.
  virtual StatusOr<std::vector<ExportRow>> ListExports() = 0;

  // --- erasure and upload deletion (rights) ---
  // Third-party batches, oldest first.
  virtual StatusOr<std::vector<BatchRow>> ListBatches() = 0;
  // Record ids of every record claiming one of `bidxs` (any supplier).
  virtual StatusOr<std::vector<uint64_t>> RecordsClaimingAny(
      const std::vector<std::string>& bidxs) = 0;
  virtual StatusOr<std::vector<uint64_t>> RecordsOfBatch(uint64_t batch) = 0;
  // Deletes the records, their claims and fingerprints, and destroys their data keys. Returns
  // the blind indexes the deleted claims were about.
  virtual StatusOr<std::vector<std::string>> DeleteRecords(const std::vector<uint64_t>& rids,
                                                           int64_t time_us) = 0;
  // Deletes the identifier's row when no claim on it remains; true if it was deleted.
  virtual StatusOr<bool> DeleteIdentifierIfUnclaimed(std::string_view bidx) = 0;
  // Deletes everything recorded about one identifier: its row, consents, objections and
  // restrictions (after erasure the suppression list speaks for it).
  virtual Status DeleteIdentifier(std::string_view bidx) = 0;
  virtual Status InsertSuppression(std::string_view bidx, uint64_t seq, int64_t time_us) = 0;
  // In bidx order.
  virtual Status ScanSuppressions(const std::function<void(std::string_view bidx)>& fn) = 0;
  // Copies the WAL into the database and truncates it, so that what was deleted is gone from
  // the WAL file too (secure_delete overwrites it in the database).
  virtual Status Checkpoint() = 0;
  // Copies what it can of the WAL into the database without waiting for or blocking writers
  // (a background checkpointer's call).
  virtual Status CheckpointPassive() = 0;
  // After how many WAL pages this connection's commits checkpoint the WAL themselves (1000, 4
  // MiB, by default). The event collector, whose commits must not stall, raises it while a
  // background thread calls CheckpointPassive: its own checkpoints are then rare and find
  // nearly everything copied already, and they are still needed, since only a checkpoint that
  // catches up with the writer lets the WAL start over instead of growing.
  virtual Status SetAutoCheckpointPages(int pages) = 0;
  // The page cache of this connection (256 MiB by default, for imports and audiences). SQLite
  // does work in proportion to it at every commit, so a connection that commits hundreds of
  // small transactions a second (the event collector) is faster with a small one.
  virtual Status SetCacheKib(int64_t kib) = 0;

  // --- Art. 14 notices ---
  // Every third-party claim, ordered by bidx: the identifier, its record and the batch time.
  virtual Status ScanThirdPartyClaims(
      const std::function<Status(std::string_view bidx, const RecordRow& record,
                                 int64_t batch_time_us)>& fn) = 0;
  virtual Status InsertNotice(std::string_view bidx, uint64_t seq, int64_t time_us) = 0;
  virtual StatusOr<bool> NoticeSent(std::string_view bidx) = 0;

  // --- collected events (schema 3) ---
  // Records the blind value of a (source, messageId); false if it was there already (a
  // duplicate). Kept after erasure, so a retried event of an erased person stays out.
  virtual StatusOr<bool> InsertEventId(std::string_view mid) = 0;
  virtual StatusOr<bool> HasEventId(std::string_view mid) = 0;
  virtual Status ScanEventIds(const std::function<void(std::string_view mid)>& fn) = 0;
  // Idempotent: the same row again is ignored (projections are re-indexed from the ledger).
  virtual Status InsertEvent(const EventRow& e) = 0;
  // The data key that seals an owner's events; nullopt if the owner has none (yet).
  virtual StatusOr<std::optional<uint64_t>> EventKeyOf(std::string_view owner) = 0;
  virtual Status PutEventOwner(std::string_view owner, uint64_t key_id, int64_t time_us) = 0;
  // Links an anonymous owner to a user's owner (alias, identify with both ids). Idempotent.
  virtual Status InsertEventLink(std::string_view anonymous, std::string_view owner, uint64_t seq,
                                 int64_t time_us) = 0;
  // Anonymous owners linked to any of `owners`, sorted and unique.
  virtual StatusOr<std::vector<std::string>> LinkedAnonymousOwners(
      const std::vector<std::string>& owners) = 0;
  // The owners `anonymous` is linked to, oldest link first.
  virtual StatusOr<std::vector<std::string>> OwnersLinkedFrom(std::string_view anonymous) = 0;
  // Events of any of `owners`, newest first (by time, then by ledger position), at most `limit`
  // (0: all).
  virtual StatusOr<std::vector<EventRow>> EventsOfOwners(const std::vector<std::string>& owners,
                                                         size_t limit) = 0;
  // Erasure: destroys the owners' event keys and deletes their events, owner rows and every
  // link either side. Returns the number of events deleted. Message-id blind values stay.
  virtual StatusOr<uint64_t> DeleteEventsOfOwners(const std::vector<std::string>& owners,
                                                  int64_t time_us) = 0;
  // True if `bidx` is on the suppression list (one point look-up, no full load).
  virtual StatusOr<bool> IsSuppressed(std::string_view bidx) = 0;
  // The (bidx, type) of every claim of record `rid` (incremental resolution).
  virtual StatusOr<std::vector<std::pair<std::string, uint8_t>>> ClaimsOfRecord(uint64_t rid) = 0;

  virtual StatusOr<StoreStats> Stats() = 0;
};

}  // namespace dl

#endif  // DAYLIGHT_STORAGE_H_
