// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Store: the façade the CLI (and later the server) uses. It owns a Storage backend and the
// store's secrets, and offers the operations of the core: import a source file as claims,
// show what is known about an identifier, verify the ledger.
//
// Thread-safety: a Store is used by one thread at a time. Several processes may open the same
// store; writers are serialised by the backend (an import holds the write lock for its whole
// batch, which is what makes a batch all-or-nothing).
#ifndef DAYLIGHT_STORE_H_
#define DAYLIGHT_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daylight/events.h"
#include "daylight/gate.h"
#include "daylight/guardrails.h"
#include "daylight/hash_profiles.h"
#include "daylight/identifier.h"
#include "daylight/ledger.h"
#include "daylight/policy_file.h"
#include "daylight/record_reader.h"
#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl {

class Blocklist;
class ConsentSignalsReader;  // include/daylight/consent_signal.h
class StoreSecrets;
struct PendingIdentifier;  // src/store/resolution.h
struct EventState;         // src/store/event_state.h: event collection's caches
struct EventStateDeleter {
  void operator()(EventState* p) const;  // defined in src/store/events.cc
};

// The key file that goes with a database: "<db>.key".
std::string KeyFilePathFor(const std::string& db_path);
// The operator's policy file that goes with a database: "<db>.policy" (docs/policy-file.md).
std::string PolicyFilePathFor(const std::string& db_path);

struct InitOptions {
  std::string blocklist_file;   // extra placeholder values (see Blocklist::LoadFile); optional
  uint32_t share_limit = 5;     // subjects per identifier before it counts as shared
  GuardrailOptions guardrails;  // audience size guardrails (docs/guardrails.md)
};

struct ImportOptions {
  std::string path;
  ReaderOptions reader;
  std::string source;  // required: who the data came from ("salesforce", "web", "app")
  Supplier supplier = Supplier::kFirstParty;
  std::string collected_for;  // required: a known purpose key
  std::string region;         // default region for phone numbers ("DE"); may be empty
  std::string uploader;       // required for third_party, forbidden otherwise
  uint64_t max_errors = 0;    // rows that may be skipped before the import aborts
  std::string actor;          // who runs it, e.g. "cli:alice"
};

struct RowError {
  uint64_t line = 0;
  std::string field;   // canonical field, or "" for a structural error
  std::string reason;  // never contains the value
};

struct ImportReport {
  uint64_t batch = 0;
  uint64_t records_read = 0;
  uint64_t records_stored = 0;
  uint64_t duplicates = 0;  // records already in the store (same source, supplier, content)
  uint64_t skipped = 0;     // malformed rows skipped under --max-errors
  uint64_t claims = 0;
  uint64_t objections = 0;
  uint64_t suppressed = 0;       // identifiers erased earlier (Art. 17): counted, not stored
  uint64_t subjects = 0;         // subjects in the store after the import
  std::vector<RowError> errors;  // at most 100 kept
  double seconds = 0;
};

struct ClaimView {
  Supplier supplier;
  std::string source;
  std::string purpose;
  int64_t time_us = 0;
  uint64_t batch = 0;
  uint64_t line = 0;
};

struct IdentifierView {
  Identifier id;
  bool blocked = false;
  bool shared = false;
  uint32_t shared_by = 0;            // subjects claiming it, when shared
  std::vector<ClaimView> claims;     // self / first_party claims
  uint64_t third_party_uploads = 0;  // distinct uploads that hold it (no uploader, no label)
  int64_t third_party_since_us = 0;
  std::vector<std::string> objections;  // purposes objected to
};

struct TraitView {
  std::string name, value, source;
  Supplier supplier;
  uint64_t batch = 0;
};

// One record that joined identifiers into the subject: the explanation of a merge.
struct LinkView {
  std::string source;
  Supplier supplier;
  uint64_t batch = 0;
  uint64_t line = 0;
  std::vector<std::string> identifiers;  // "type:value"
};

struct SubjectView {
  bool known = false;      // the store holds the identifier at all
  bool shadow = false;     // known only through third_party claims
  std::string subject_id;  // "" when the identifier belongs to no subject
  std::vector<IdentifierView> identifiers;
  std::vector<TraitView> traits;
  std::vector<LinkView> joined_by;
};

struct SignalImportReport {
  uint64_t rows = 0;
  uint64_t granted = 0, denied = 0, objections = 0;
  uint64_t unknown = 0;  // identifiers the store does not hold: nothing recorded
  uint64_t shadow = 0;   // consent signals for third-party-only identifiers: not recorded
  uint64_t skipped = 0;  // malformed rows skipped under max_errors
  std::vector<std::string> errors;  // "file:line: field 'f': reason", at most 100
};

// An audience: a named filter for one purpose (docs/audiences.md).
struct AudienceDefinition {
  std::string name;
  std::string purpose;
  std::string filter;  // canonical filter text
  uint64_t seq = 0;    // ledger entry `audience.create`
  int64_t time_us = 0;
  std::string actor;
};

struct ExportSummary {
  uint64_t seq = 0;
  int64_t time_us = 0;
  std::string recipient;
  std::string format;
};

// A consent record as the person may see it (`rights access`): evidence unsealed.
struct ConsentView {
  std::string identifier;  // "type:value" it was captured through
  std::string purpose;
  ConsentState state = ConsentState::kGranted;
  int64_t time_us = 0;
  int64_t expires_us = 0;  // 0: none
  std::string source;
  std::string evidence;
  uint64_t seq = 0;  // ledger entry
};

// One use of a person's data: an export that contained at least one of their identifiers.
struct UseView {
  uint64_t seq = 0;  // ledger entry `audience.export`
  int64_t time_us = 0;
  std::string audience;
  std::string purpose;
  std::string recipient;
  std::string format;
  std::vector<std::string> identifiers;  // "type:value" of theirs that were in it
};

// An uploaded address book (a third-party batch), as `uploads list` shows it.
struct UploadView {
  uint64_t batch = 0;
  int64_t time_us = 0;
  std::string source;
  std::string uploader;  // blind index (hex) of the uploader's id: never the id itself
  uint64_t records = 0;
  bool deleted = false;
};

struct UploadDeletion {
  uint64_t seq = 0;  // ledger entry `upload.delete`
  uint64_t records = 0;
  uint64_t identifiers_removed = 0;  // held by no other upload or source: gone
};

struct ErasureReport {
  uint64_t seq = 0;      // the (last) ledger entry `rights.erase`: one per person
  uint64_t people = 0;   // subjects (or lone identifiers) erased
  uint64_t unknown = 0;  // identifiers the store did not hold
  uint64_t identifiers = 0;
  uint64_t records = 0;
  uint64_t events = 0;  // collected events shredded (theirs and their linked anonymous ids')
  // Earlier exports that held the person's identifiers: their recipients must be told.
  std::vector<UseView> uses;
};

// Art. 14: an identifier the organisation holds from third parties, whose holder must be told.
struct NoticeView {
  Identifier id;             // the contact to inform
  int64_t collected_us = 0;  // first third-party claim
  int64_t due_us = 0;        // one month after collection, or its first use if earlier
  bool used = false;         // in an export before the month was out
  uint64_t uploads = 0;
  bool has_subject = false;  // also supplied by the person or the organisation
};

// A request a person made through the privacy portal that waits for the data-protection
// officer: an erasure (docs/privacy-portal.md "Erasure requests"). The identifier is sealed under
// a key of the request's own, destroyed when the request is resolved.
struct RightsRequestView {
  uint64_t id = 0;
  std::string kind;    // "erase"
  std::string status;  // "pending", "done", "rejected"
  int64_t time_us = 0;
  uint64_t seq = 0;        // ledger entry `rights.request`
  std::string actor;       // who asked, e.g. "portal:verified"
  std::string identifier;  // "type:value" the person verified; "" once resolved
  bool held = false;       // pending: the store still holds the identifier
  int64_t resolved_us = 0;
  std::string resolved_by;
  uint64_t resolved_seq = 0;  // ledger entry `rights.request.resolve`
  std::string resolution;     // "erased", "nothing held", "rejected: <note>"
};

// Art. 30 records of processing, from the ledger.
struct ProcessingRecord {
  struct Source {
    std::string source, supplier, collected_for;
    uint64_t batches = 0, records = 0;
    int64_t first_us = 0, last_us = 0;
  };
  struct Recipient {
    std::string recipient, purpose, format;
    uint64_t exports = 0;
    int64_t last_us = 0;
  };
  std::vector<Source> sources;
  std::vector<Recipient> recipients;
  std::map<std::string, uint64_t> identifier_types;  // type -> identifiers held
  std::vector<std::string> traits;                   // trait names (from the audience snapshot)
  std::map<std::string, uint64_t> rights_actions;    // ledger kind -> count
  uint64_t consents = 0, audiences = 0;
  uint64_t ledger_entries = 0;
};

// What `audience show` may print: counts only in guarded form (include/daylight/guardrails.h).
struct AudienceView {
  AudienceDefinition definition;
  int64_t evaluated_us = 0;
  GuardrailOptions guardrails;
  GuardedCount members;  // matching the filter AND eligible for the purpose
  GuardedCount matched;  // matching the filter, before the gate
  // Subjects matching the filter that the gate excludes, by reason (a subject whose identifiers
  // fail for different reasons counts under each).
  std::vector<std::pair<std::string, GuardedCount>> excluded;
  std::vector<ExportSummary> exports;
};

struct AudienceExportRequest {
  std::string audience;
  Platform platform = Platform::kMeta;
  std::string recipient;       // required: who receives the file ("Meta Ads account 123")
  std::string out_path;        // required
  std::string removals_path;   // where the removal list goes; "" = "<out>.remove.csv"
  std::string default_region;  // for phone numbers of members without a country; optional
  std::string actor;
};

struct AudienceExportReport {
  std::string path;
  uint64_t seq = 0;          // ledger entry `audience.export`
  GuardedCount members;      // guarded, like `audience show`
  uint64_t rows = 0;         // data rows in the file (the file is the operator's anyway)
  uint64_t identifiers = 0;  // identifiers offered to the file (listed in the ledger entry)
  std::map<std::string, uint64_t> skipped;  // values left out by the platform's rules
  uint64_t previous_seq = 0;        // the last export of this audience to the same recipient, or 0
  uint64_t removed = 0;             // identifiers in that export and not in this one
  uint64_t removed_unreadable = 0;  // of those, erased since: listed by blind index only
  std::string removals_path;        // written when removed - removed_unreadable > 0
};

class Store {
 public:
  // Creates a new store at db_path and its key file. AlreadyExists if either exists.
  static StatusOr<std::unique_ptr<Store>> Init(const std::string& db_path, const InitOptions& o,
                                               const std::string& actor);
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& db_path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Imports one file as one batch: all of it or (on abort) none of it. `progress` gets the
  // fraction of input read and the records so far. On abort returns InvalidArgument naming
  // file, line, field and reason of the error that exceeded --max-errors.
  StatusOr<ImportReport> Import(const ImportOptions& options,
                                const std::function<void(double, uint64_t)>& progress = {});
  // The same import of bytes held in memory (an upload through the REST API): options.path is
  // only the input's name — its extension picks the format when options.reader.format is kAuto,
  // and it names the input in errors and in the batch. Nothing is read from or written to any
  // file but the store.
  StatusOr<ImportReport> ImportContent(const ImportOptions& options, std::string content,
                                       const std::function<void(double, uint64_t)>& progress = {});

  StatusOr<SubjectView> ShowSubject(const Identifier& id);

  StatusOr<VerifyReport> VerifyLedger();

  // The policy in "<db>.policy"; the built-in default when the file does not exist.
  // InvalidArgument naming file and line when it is malformed.
  StatusOr<Policy> LoadPolicy() const;

  // Records a consent decision captured through `id` (which must belong to a subject: consent
  // is the person's, so a shadow or unknown identifier is refused). `evidence` (e.g. "signup
  // form v3") is sealed under the subject's key. Appends a `consent` ledger entry; returns its seq.
  StatusOr<uint64_t> RecordConsent(const Identifier& id, const std::string& purpose,
                                   ConsentState state, const std::string& evidence,
                                   int64_t expires_us, const std::string& source,
                                   const std::string& actor);

  // `consent import`: a CSV of identifier,signal,time (docs/consent-signals.md), in one
  // transaction. Grants and denials are recorded at the signal's time for identifiers of
  // subjects; objections (GPC) for any known identifier. All or nothing, like an import.
  StatusOr<SignalImportReport> ImportConsentSignals(const std::string& path,
                                                    const std::string& region, uint64_t max_errors,
                                                    const std::string& actor);
  // The same import of a signals CSV held in memory; `name` names it in errors and evidence.
  StatusOr<SignalImportReport> ImportConsentSignalsContent(std::string content,
                                                           const std::string& name,
                                                           const std::string& region,
                                                           uint64_t max_errors,
                                                           const std::string& actor);

  // What the gate needs to know about `id` (include/daylight/gate.h).
  StatusOr<GateFacts> FactsFor(const Identifier& id);
  // The gate's decision for `id`, `purpose`, at time `at_us`, with the policy file's bases.
  StatusOr<Decision> Explain(const Identifier& id, std::string_view purpose, int64_t at_us);

  // Audiences. Names are [a-z0-9][a-z0-9_.-]{0,63}. CreateAudience parses the filter
  // (InvalidArgument "--where: column N: ..."), checks the purpose, and appends an
  // `audience.create` ledger entry; AlreadyExists unless `replace`.
  StatusOr<AudienceDefinition> CreateAudience(const std::string& name, const std::string& purpose,
                                              const std::string& where, bool replace,
                                              const std::string& actor);
  StatusOr<std::vector<AudienceDefinition>> ListAudiences();
  // Evaluates the audience now: filter AND eligible(purpose), guarded. May first rebuild the
  // audience snapshot (progress gets the fraction done).
  StatusOr<AudienceView> ShowAudience(const std::string& name,
                                      const std::function<void(double)>& progress = {});
  // The same evaluation for a definition that is not stored (the console's audience builder
  // shows its guarded counts while the filter is typed): no ledger entry, counts guarded under
  // the key the audience would have once created. InvalidArgument for a bad filter or purpose.
  StatusOr<AudienceView> PreviewAudience(const std::string& purpose, const std::string& where);
  // Writes the audience's customer list for the platform and records the export in the ledger
  // (recipient, purpose, time, members as blind indexes). PermissionDenied when the audience is
  // too small to export. When this audience went to the same recipient before, the identifiers
  // no longer in it are written to the removal list in the same format.
  StatusOr<AudienceExportReport> ExportAudience(const AudienceExportRequest& request,
                                                const std::function<void(double)>& progress = {});
  GuardrailOptions guardrails() const { return guardrails_; }

  // Art. 21: an objection to `purpose` ("marketing" covers every marketing.* purpose) by the
  // person `id` belongs to, recorded on every identifier of their subject (or on `id` alone,
  // shadow identifiers included), so it survives merges and re-uploads. Absolute: no consent or
  // policy overrides it. Appends a `rights.object` ledger entry naming `actor`; returns its seq.
  // NotFound if the store does not hold `id`.
  StatusOr<uint64_t> Object(const Identifier& id, const std::string& purpose,
                            const std::string& actor);
  // Art. 18: restricts (or lifts the restriction of) every use of the person's data except
  // storage. Same scope and ledger entry (`rights.restrict`, `rights.unrestrict`) as Object.
  StatusOr<uint64_t> Restrict(const Identifier& id, bool restricted, const std::string& actor);

  // Art. 17: erases the person `id` belongs to (every identifier of the subject, or `id` alone).
  // Destroys the data keys of every record that claims one of their identifiers (their own,
  // the organisation's, and contact cards in address books), deletes the projections about
  // them, puts their identifiers on the suppression list (blind indexes only: a later import
  // of them from any source is counted, not stored), drops the audience snapshot, re-resolves
  // the remaining subjects, and checkpoints the WAL. The ledger keeps its ciphertext and still
  // verifies. The report lists the earlier exports whose recipients must be told.
  StatusOr<ErasureReport> Erase(const Identifier& id, const std::string& actor);
  // Erases many people in one transaction (one `rights.erase` entry each, one re-resolution and
  // one checkpoint for all). Identifiers the store does not hold are counted in `unknown`.
  StatusOr<ErasureReport> EraseMany(const std::vector<Identifier>& ids, const std::string& actor);
  // Art. 15 and 20: records that the person's data was disclosed to them (`kind` is
  // "rights.access" or "rights.export"; `format` e.g. "json", "html", "text") as a ledger entry
  // naming the operator and the identifiers (blind indexes) it covered. Returns its seq.
  StatusOr<uint64_t> RecordDisclosure(const Identifier& id, const std::string& kind,
                                      const std::string& format, const std::string& actor);
  // Rights requests queued for the officer (src/store/rights_requests.cc). RecordRightsRequest
  // queues a request (kind "erase") of the person `id` belongs to and appends a `rights.request`
  // ledger entry naming `actor`; a pending request of the same kind for `id` is returned instead
  // of a second one. NotFound if the store does not hold `id`.
  StatusOr<RightsRequestView> RecordRightsRequest(const Identifier& id, const std::string& kind,
                                                  const std::string& actor);
  // Oldest first: the pending requests (and the resolved ones with `include_resolved`); with
  // `of`, only the requests made for that identifier. Pending ones carry the identifier.
  StatusOr<std::vector<RightsRequestView>> ListRightsRequests(bool include_resolved,
                                                              const Identifier* of = nullptr);
  // Resolves a pending request: `execute` carries it out (an erasure runs EraseMany naming
  // `actor`), otherwise it is rejected with `note` (no personal data). Destroys the request's
  // key, appends `rights.request.resolve` and checkpoints. NotFound for no such request,
  // FailedPrecondition for one already resolved.
  StatusOr<RightsRequestView> ResolveRightsRequest(uint64_t id, bool execute,
                                                   const std::string& note,
                                                   const std::string& actor);
  // Address-book uploads, oldest first; `uploader` (optional) keeps only that uploader's.
  StatusOr<std::vector<UploadView>> ListUploads(const std::string& uploader = "");
  // An uploader withdraws an address book: every claim of the upload goes, its contact keys are
  // destroyed, and an identifier no other upload or source holds disappears. FailedPrecondition
  // for a batch that is not a third-party upload or is already deleted; NotFound if none.
  StatusOr<UploadDeletion> DeleteUpload(uint64_t batch, const std::string& actor);

  // Art. 14 notices: third-party-sourced identifiers without a recorded notice whose notice is
  // due at `now_us` (all of them with `include_upcoming`), oldest due first. Left out: an
  // identifier whose contact cards were all shredded (it cannot be told), and one that also
  // belongs to a subject (the person was informed when it was collected from them, Art. 14(5)(a)).
  StatusOr<std::vector<NoticeView>> NoticesDue(int64_t now_us, bool include_upcoming);
  // Records that the notice for `id` was sent (`notice.sent` ledger entry naming `actor` and
  // `channel`). NotFound if the store does not hold `id` from a third party.
  StatusOr<uint64_t> RecordNoticeSent(const Identifier& id, const std::string& channel,
                                      const std::string& actor);
  // Art. 30: the records of processing, built from the ledger and the projections.
  StatusOr<ProcessingRecord> RecordsOfProcessing();

  // For the rights of the people concerned. Consents recorded on any identifier of the subject
  // `id` belongs to (or on `id` alone when it has none), oldest first, evidence unsealed.
  StatusOr<std::vector<ConsentView>> ConsentsOf(const Identifier& id);
  // Every export that contained one of the subject's identifiers (or `id` itself), oldest first.
  StatusOr<std::vector<UseView>> UsesOf(const Identifier& id);

  // Collected events (include/daylight/events.h), in one transaction: all stored or none.
  // Durable when it returns OK (the caller acknowledges the events then). Deduplicates by
  // (source, messageId); identify traits become `self` claims collected for
  // options.collected_for; consent signals on events are recorded for the owner's subject.
  // Suppressed (erased) identifiers are counted, not stored. Events are sealed under a data key
  // of their owner, so erasing the person shreds them.
  StatusOr<CollectReport> CollectEvents(const std::vector<CollectedEvent>& events,
                                        const CollectOptions& options);
  // The events of the person `id` belongs to (every identifier of their subject, and the
  // anonymous ids linked to them), newest first, at most `limit` (0: all).
  StatusOr<std::vector<EventView>> EventsOf(const Identifier& id, size_t limit = 0);
  // Collected events reach the `events` and `event_ids` tables after their commit, in cycles
  // (src/store/event_index.h); reads of them catch up first, so no caller sees the difference.
  // A collector calls IndexEventsStep between commits: one slice of at most `slice` events in a
  // short transaction, starting a cycle once `start_at` events wait. Returns what still waits.
  StatusOr<size_t> IndexEventsStep(size_t slice, size_t start_at);
  size_t EventIndexBacklog();
  // Indexes every event still waiting (in its own transaction); a no-op when none waits.
  Status CatchUpEvents();
  // A read of personal data through the API or console (`what`, e.g. "subject.show"): a
  // `data.read` ledger entry naming `actor` and the identifier's blind index. Returns its seq.
  StatusOr<uint64_t> RecordRead(const Identifier& id, std::string_view what,
                                const std::string& actor);
  // One `data.read` entry for a read that showed many identifiers at once (a list of notices
  // due); nothing is appended for an empty list (returns 0).
  StatusOr<uint64_t> RecordReads(const std::vector<Identifier>& ids, std::string_view what,
                                 const std::string& actor);

  Storage& storage() { return *storage_; }

 private:
  Store(std::unique_ptr<Storage> storage, std::unique_ptr<StoreSecrets> secrets,
        std::unique_ptr<Blocklist> blocklist, uint32_t share_limit, std::string db_path);
  struct Evaluation;
  StatusOr<Evaluation> Evaluate(const AudienceDefinition& def,
                                const std::function<void(double)>& progress);
  Status EvaluateGuarded(AudienceView* view, const std::function<void(double)>& progress);
  std::string GuardSecret() const;
  class Importer;
  StatusOr<SignalImportReport> ImportSignals(ConsentSignalsReader* reader, const std::string& name,
                                             const std::string& region, uint64_t max_errors,
                                             const std::string& actor);
  // Every identifier of the subject `row` belongs to; just `row` when it has no subject.
  StatusOr<std::vector<IdentifierRow>> MembersOf(const IdentifierRow& row);
  // An import of in-memory records (identify calls) inside the caller's transaction, without
  // resolution: *pending gets the identifiers to resolve (src/store/importer.cc).
  StatusOr<ImportReport> ImportInline(const ImportOptions& options, RecordReader* reader,
                                      std::vector<PendingIdentifier>* pending);
  // The owners (blind indexes) whose events are the person's: every identifier of the subject
  // `id` belongs to (or `id` alone) and the anonymous ids linked to them (src/store/events.cc).
  StatusOr<std::vector<std::string>> EventOwnersOf(const Identifier& id);
  EventState& events_state();

  std::unique_ptr<Storage> storage_;
  std::unique_ptr<StoreSecrets> secrets_;
  std::unique_ptr<Blocklist> blocklist_;
  uint32_t share_limit_;
  std::string db_path_;
  GuardrailOptions guardrails_;
  std::unique_ptr<EventState, EventStateDeleter> events_;  // created on first use
};

}  // namespace dl

#endif  // DAYLIGHT_STORE_H_
