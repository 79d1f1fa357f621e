// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The import pipeline: reader -> normalise -> claims -> sealed records in ledger entries ->
// projections -> identity resolution, all in one storage transaction, so an import is
// all-or-nothing (an abort, an error or a SIGKILL leaves no partial batch).
//
// Invariants worth knowing:
//  * third_party records keep identifiers only: the uploader's labels ("Mom") and any other
//    trait are dropped here, at the door, so they cannot appear on anyone later.
//  * A record is sealed under a data key: the subject's key for self/first_party (found through
//    any of its identifiers already in the store, else new), the upload's key for third_party.
//    Destroying those keys crypto-shreds the records.
//  * Records are deduplicated by a blind fingerprint of (supplier, source, purpose, uploader,
//    content), so importing the same file twice adds nothing.
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "daylight/blocklist.h"
#include "daylight/hash_profiles.h"
#include "daylight/purpose.h"
#include "daylight/store.h"

#include "identity/text.h"
#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/record_codec.h"
#include "store/resolution.h"
#include "util/bytes.h"
#include "util/file_digest.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {
namespace {

constexpr size_t kChunkRecords = 1024;      // records per import.records ledger entry
constexpr size_t kKeyCacheLimit = 1 << 16;  // unwrapped data keys kept during one import
constexpr size_t kMaxReportedErrors = 100;
constexpr int kKeyKindSubject = 1;
constexpr int kKeyKindContact = 2;  // one third-party record (a contact in an address book)
constexpr char kRecordAd[] = "daylight-record-v1";

std::optional<IdType> IdentifierField(std::string_view name) {
  if (name == "email") return IdType::kEmail;
  if (name == "phone") return IdType::kPhone;
  if (name == "maid") return IdType::kMaid;
  if (name == "vin") return IdType::kVin;
  if (name == "external_id") return IdType::kExternal;
  return std::nullopt;
}

// Opt-out columns and the purposes an opt-out objects to (docs/import-formats.md).
const char* OptOutPurpose(std::string_view name) {
  if (name == "do_not_email") return "marketing.communications.email";
  if (name == "do_not_call") return "marketing.communications.sms";
  return nullptr;
}

// nullopt if the value is neither a recognised true nor false.
std::optional<bool> ParseFlag(std::string_view v) {
  std::string s;
  for (char c : v) {
    if (c != ' ' && c != '\t')
      s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  static const std::set<std::string> kTrue = {"true", "1", "yes", "y", "x", "ja", "oui", "t"};
  static const std::set<std::string> kFalse = {"false", "0", "no", "n", "", "nein", "non", "f"};
  if (kTrue.count(s)) return true;
  if (kFalse.count(s)) return false;
  return std::nullopt;
}

std::string Trim(std::string_view v) { return std::string(text::TrimAscii(v)); }

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Blind indexes are uniformly random: their first 8 bytes are a good hash.
struct BlindHash {
  size_t operator()(const BlindIndex& b) const {
    size_t h;
    std::memcpy(&h, b.data(), sizeof h);
    return h;
  }
};

// A source record after stage 1: normalised, or the reason it is malformed.
struct NormalizedRecord {
  uint64_t line = 0;
  RecordPlain plain;
  std::vector<std::string> objections;  // purposes
  std::optional<RowError> error;
};

// Records read from the source, normalised as a unit on a worker thread.
struct Block {
  std::vector<SourceRecord> records;  // reused across blocks
  std::vector<std::optional<RowError>> reader_errors;
  size_t count = 0;
  std::vector<NormalizedRecord> normalized;
  std::atomic<size_t> next{0};  // next record to normalise
};

// A record normalised and ready to seal.
struct PendingRecord {
  RecordRow row;
  std::vector<std::pair<Identifier, BlindIndex>> ids;
  std::vector<bool> upsert;  // per id: the identifiers projection needs this row
  BlindIndex fingerprint{};
  std::vector<std::string> objections;  // purposes
};

}  // namespace

class Store::Importer {
 public:
  Importer(Store* store, const ImportOptions& o)
      : store_(store), o_(o), writer_(store->storage_.get()) {}

  // An import of the file o_.path or, when `content` is given, of those bytes under that name.
  StatusOr<ImportReport> Run(std::optional<std::string> content,
                             const std::function<void(double, uint64_t)>& progress) {
    RETURN_IF_ERROR(ValidateOptions());
    auto start = std::chrono::steady_clock::now();
    std::unique_ptr<RecordReader> reader;
    std::string digest;
    if (content.has_value()) {
      digest = Sha256Hex(*content);
      ASSIGN_OR_RETURN(reader, OpenRecordReaderFromBuffer(std::move(*content), o_.path, o_.reader));
    } else {
      ASSIGN_OR_RETURN(reader, OpenRecordReader(o_.path, o_.reader));
      ASSIGN_OR_RETURN(digest, FileSha256Hex(o_.path));
    }
    Storage* st = store_->storage_.get();
    RETURN_IF_ERROR(st->Begin());
    Status s = RunInTransaction(reader.get(), digest, progress);
    if (!s.ok()) {
      Status rb = st->Rollback();
      (void)rb;  // the original error is what the user needs; the rollback cannot lose data
      return s;
    }
    RETURN_IF_ERROR(st->Commit());
    report_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report_;
  }

  // Event collection (identify calls): the same pipeline over in-memory records, inside the
  // caller's transaction, checking suppression per identifier instead of loading the whole
  // list, and without resolution: the identifiers the batch may have added go to *pending for
  // the caller to resolve (incrementally), and the caller moves data_version.
  StatusOr<ImportReport> RunInline(RecordReader* reader, std::vector<PendingIdentifier>* pending) {
    RETURN_IF_ERROR(ValidateOptions());
    pending_out_ = pending;
    RETURN_IF_ERROR(RunInTransaction(reader, "", {}));
    return report_;
  }

 private:
  Status ValidateOptions() {
    if (o_.source.empty()) {
      return InvalidArgument("--source is required (who the data came from, e.g. salesforce)");
    }
    if (o_.collected_for.empty()) {
      return InvalidArgument(
          "--collected-for is required (the purpose the data was collected for)");
    }
    if (!IsKnownPurpose(o_.collected_for)) {
      return InvalidArgument("--collected-for: unknown purpose '" + o_.collected_for +
                             "' (see docs/purposes.md)");
    }
    if (o_.supplier == Supplier::kThirdParty && o_.uploader.empty()) {
      return InvalidArgument(
          "--uploader is required with --supplier third_party (whose address book this is)");
    }
    if (o_.supplier != Supplier::kThirdParty && !o_.uploader.empty()) {
      return InvalidArgument("--uploader applies only to --supplier third_party");
    }
    if (o_.supplier == Supplier::kDevice) {
      return InvalidArgument(
          "--supplier device is not importable from files yet; devices link through confirmed "
          "pairings");
    }
    if (!o_.region.empty() && !NormalizeCountry(o_.region)) {
      return InvalidArgument("--region: unknown region '" + o_.region +
                             "' (use an ISO 3166 code such as DE)");
    }
    return Status::Ok();
  }

  Status RunInTransaction(RecordReader* reader, const std::string& digest,
                          const std::function<void(double, uint64_t)>& progress) {
    Storage* st = store_->storage_.get();
    RETURN_IF_ERROR(writer_.Reload());
    now_ = NowMicros();
    region_ = o_.region.empty() ? "" : *NormalizeCountry(o_.region);
    third_party_ = o_.supplier == Supplier::kThirdParty;
    ASSIGN_OR_RETURN(auto any, st->GetMeta("has_identifiers"));
    store_was_empty_ = !any.has_value();
    // Erased identifiers (Art. 17) are suppressed on arrival from any source: held in memory
    // as blind indexes, checked once per identifier.
    // A sorted array (the table's key order): no allocation per entry, so a million entries
    // load in a fraction of a second.
    // (A few in-memory records look each identifier up instead.)
    if (pending_out_ == nullptr) {
      RETURN_IF_ERROR(st->ScanSuppressions([&](std::string_view b) {
        BlindIndex bidx{};
        std::memcpy(bidx.data(), b.data(), std::min(b.size(), bidx.size()));
        suppressed_.push_back(bidx);
      }));
    }
    if (!std::is_sorted(suppressed_.begin(), suppressed_.end())) {
      std::sort(suppressed_.begin(), suppressed_.end());
    }

    batch_.time_us = now_;
    batch_.source = o_.source;
    batch_.supplier = o_.supplier;
    batch_.purpose = o_.collected_for;
    batch_.digest = digest;
    batch_.status = "open";
    if (third_party_) {
      BlindIndex u = store_->secrets_->BlindRaw("uploader", o_.uploader);
      batch_.uploader = ToHex(u.data(), u.size());
    } else {
      // The file name of a third-party upload could name the uploader; keep it only for
      // the organisation's own sources.
      batch_.file = BaseName(o_.path);
    }
    batch_.seq = writer_.next_seq();
    ASSIGN_OR_RETURN(batch_.id, st->InsertBatch(batch_));
    report_.batch = batch_.id;
    nlohmann::json begin = {{"batch", batch_.id},
                            {"source", o_.source},
                            {"supplier", SupplierName(o_.supplier)},
                            {"collected_for", o_.collected_for},
                            {"uploader", batch_.uploader},
                            {"region", region_},
                            {"file", batch_.file},
                            {"sha256", digest}};
    RETURN_IF_ERROR(writer_.Append("import.begin", o_.actor, begin.dump(), now_).status());
    StartChunk();

    // Two-stage pipeline over blocks of records: while this thread seals and writes block k,
    // a worker normalises block k+1 (phone parsing dominates and is thread-safe). When this
    // thread is done with block k it helps normalise the rest of block k+1, so both cores
    // stay busy whichever stage is slower.
    Block blocks[2];
    ASSIGN_OR_RETURN(bool more, ReadBlock(reader, &blocks[0]));
    if (more) {
      PrepareBlock(&blocks[0]);
      NormalizeShare(&blocks[0], region_, third_party_);
    }
    for (int cur = 0; more; cur ^= 1) {
      Block& next = blocks[cur ^ 1];
      ASSIGN_OR_RETURN(bool have_next, ReadBlock(reader, &next));
      std::thread worker;
      if (have_next) {
        PrepareBlock(&next);
        worker = std::thread(NormalizeShare, &next, std::cref(region_), third_party_);
      }
      Status s = Status::Ok();
      for (NormalizedRecord& n : blocks[cur].normalized) {
        s = Process(n);
        if (!s.ok()) break;
      }
      if (s.ok()) s = FlushChunk();
      if (have_next) NormalizeShare(&next, region_, third_party_);
      if (worker.joinable()) worker.join();
      RETURN_IF_ERROR(s);
      if (progress) progress(reader->Progress(), report_.records_read);
      more = have_next;
    }
    if (progress) progress(1.0, report_.records_read);

    batch_.status = "committed";
    batch_.records = report_.records_stored;
    batch_.claims = report_.claims;
    batch_.duplicates = report_.duplicates;
    batch_.skipped = report_.skipped;
    batch_.objections = report_.objections;
    RETURN_IF_ERROR(WriteProjections());
    RETURN_IF_ERROR(st->UpdateBatch(batch_));
    nlohmann::json commit = {{"batch", batch_.id},
                             {"records", report_.records_stored},
                             {"claims", report_.claims},
                             {"duplicates", report_.duplicates},
                             {"skipped", report_.skipped},
                             {"objections", report_.objections},
                             {"suppressed", report_.suppressed}};
    ASSIGN_OR_RETURN(uint64_t commit_seq,
                     writer_.Append("import.commit", o_.actor, commit.dump(), NowMicros()));
    if (report_.claims > 0) RETURN_IF_ERROR(st->SetMeta("has_identifiers", "1"));
    RETURN_IF_ERROR(MarkGateChanged(st, commit_seq));
    std::vector<PendingIdentifier> pending = PendingIdentifiers();
    ReleaseBatchState();
    if (pending_out_ != nullptr) {
      *pending_out_ = std::move(pending);
      return Status::Ok();
    }
    if (third_party_) {
      // Third-party claims never reach the resolver: subjects cannot change, so an address-book
      // upload costs its own size, not the store's.
      RETURN_IF_ERROR(WritePendingIdentifiers(st, pending, now_));
      ASSIGN_OR_RETURN(report_.subjects, StoredSubjectCount(st));
    } else {
      ASSIGN_OR_RETURN(report_.subjects,
                       RebuildSubjects(st, store_->share_limit_, std::move(pending), now_));
      // Subjects, identifiers or traits changed: the audience snapshot is out of date.
      RETURN_IF_ERROR(st->SetMeta(kDataVersionMeta, std::to_string(commit_seq)));
    }
    return Status::Ok();
  }

  // This batch's identifiers that may be new to the projection, sorted and unique by bidx, with
  // the key each holds at the end of the batch.
  std::vector<PendingIdentifier> PendingIdentifiers() {
    std::sort(new_ids_.begin(), new_ids_.end(),
              [](const NewIdentifier& a, const NewIdentifier& b) { return a.bidx < b.bidx; });
    std::vector<PendingIdentifier> out;
    out.reserve(new_ids_.size());
    for (const NewIdentifier& n : new_ids_) {
      if (!out.empty() && out.back().bidx == n.bidx) continue;
      PendingIdentifier p;
      p.bidx = n.bidx;
      p.type = n.type;
      p.key_id = id_keys_.at(n.bidx);
      p.blocked = n.blocked;
      out.push_back(p);
    }
    return out;
  }

  // Frees what only the read loop needed, before resolution allocates its own arrays.
  void ReleaseBatchState() {
    decltype(batch_fps_)().swap(batch_fps_);
    decltype(claims_)().swap(claims_);
    decltype(fingerprints_)().swap(fingerprints_);
    decltype(new_ids_)().swap(new_ids_);
    decltype(id_keys_)().swap(id_keys_);
    key_cache_.clear();
  }

  Status WriteProjections() {
    Storage* st = store_->storage_.get();
    std::sort(fingerprints_.begin(), fingerprints_.end());
    for (const auto& [fp, rid] : fingerprints_)
      RETURN_IF_ERROR(st->InsertFingerprint(AsView(fp), rid));
    std::sort(claims_.begin(), claims_.end(), [](const ClaimRow& a, const ClaimRow& b) {
      return a.bidx != b.bidx ? a.bidx < b.bidx : a.rid < b.rid;
    });
    for (const ClaimRow& c : claims_)
      RETURN_IF_ERROR(st->InsertClaim(AsView(c.bidx), c.rid, c.type, o_.supplier));
    return Status::Ok();
  }

  // Counts a malformed row; fails once more rows are malformed than --max-errors allows.
  Status AddError(const RowError& e) {
    ++report_.skipped;
    std::string where = o_.path + ":" + std::to_string(e.line);
    std::string what = (e.field.empty() ? "" : "field '" + e.field + "': ") + e.reason;
    if (e.line == 0) where = o_.path;  // structural errors carry their line in the reason
    if (report_.errors.size() < kMaxReportedErrors) report_.errors.push_back(e);
    if (report_.skipped > o_.max_errors) {
      std::string msg = where + ": " + what;
      if (o_.max_errors > 0) {
        msg += " (" + std::to_string(report_.skipped) + " malformed rows, more than --max-errors " +
               std::to_string(o_.max_errors) + ")";
      }
      return InvalidArgument(msg + "; import aborted, nothing was stored");
    }
    return Status::Ok();
  }

  // Stage 1 (worker thread): normalise one record. Pure: touches no importer state, so it
  // runs in parallel with stage 2 writing the previous block.
  static NormalizedRecord Normalize(const SourceRecord& rec, const std::string& default_region,
                                    bool third_party) {
    NormalizedRecord n;
    n.line = rec.line;
    auto error = [&](std::string field, std::string reason) {
      n.error = RowError{rec.line, std::move(field), std::move(reason)};
      return n;
    };
    std::string row_region = default_region;
    for (const Field& f : rec.fields) {
      if (f.name != "country") continue;
      std::string v = Trim(f.value);
      if (v.empty()) continue;
      auto c = NormalizeCountry(v);
      if (!c) return error("country", "unknown country");
      row_region = *c;
    }
    RecordPlain& plain = n.plain;
    for (const Field& f : rec.fields) {
      if (auto type = IdentifierField(f.name)) {
        if (Trim(f.value).empty()) continue;
        auto id = NormalizeIdentifier(*type, f.value, row_region);
        if (!id.ok()) return error(f.name, id.status().message());
        if (std::find(plain.identifiers.begin(), plain.identifiers.end(), *id) ==
            plain.identifiers.end()) {
          plain.identifiers.push_back(std::move(*id));
        }
      } else if (const char* purpose = OptOutPurpose(f.name)) {
        auto flag = ParseFlag(f.value);
        if (!flag) return error(f.name, "expected true or false");
        if (*flag) n.objections.emplace_back(purpose);
      } else if (f.name == "country") {
        if (!row_region.empty()) plain.traits.emplace_back("country", row_region);
      } else {
        std::string v = Trim(f.value);
        if (!v.empty()) plain.traits.emplace_back(f.name, std::move(v));
      }
    }
    if (plain.identifiers.empty()) {
      return error("", "no identifier (email, phone, maid, vin or external_id)");
    }
    if (third_party) {
      // Data minimisation at the door: an address book entry yields identifiers only.
      plain.traits.clear();
      n.objections.clear();
    }
    std::sort(plain.identifiers.begin(), plain.identifiers.end(),
              [](const Identifier& a, const Identifier& b) {
                return a.type != b.type ? a.type < b.type : a.value < b.value;
              });
    return n;
  }

  static void PrepareBlock(Block* b) {
    b->normalized.assign(b->count, NormalizedRecord{});
    b->next.store(0);
  }

  // Normalises records of `b` until none is left; any number of threads may call it at once,
  // each claiming the next record through the atomic cursor.
  static void NormalizeShare(Block* b, const std::string& region, bool third_party) {
    for (size_t i = b->next.fetch_add(1); i < b->count; i = b->next.fetch_add(1)) {
      if (b->reader_errors[i].has_value()) {
        b->normalized[i].error = b->reader_errors[i];
      } else {
        b->normalized[i] = Normalize(b->records[i], region, third_party);
      }
    }
  }

  // Reads up to kChunkRecords records (or reader errors) into *b. Returns false at the end.
  StatusOr<bool> ReadBlock(RecordReader* reader, Block* b) {
    b->count = 0;
    while (b->count < kChunkRecords) {
      if (b->records.size() <= b->count) {
        b->records.emplace_back();
        b->reader_errors.emplace_back();
      }
      StatusOr<bool> more = reader->Next(&b->records[b->count]);
      if (!more.ok()) {
        if (more.status().code() != StatusCode::kInvalidArgument)
          return more.status().WithContext(o_.path);
        b->reader_errors[b->count] = RowError{0, "", more.status().message()};
        ++b->count;
        continue;
      }
      if (!*more) break;
      b->reader_errors[b->count].reset();
      ++b->count;
    }
    return b->count > 0;
  }

  // Stage 2 (importing thread): deduplicate, choose the key, seal, and queue for the ledger.
  Status Process(NormalizedRecord& n) {
    ++report_.records_read;
    if (n.error.has_value()) return AddError(*n.error);
    RecordPlain& plain = n.plain;
    std::vector<std::string>& objections = n.objections;
    PendingRecord p;
    for (const Identifier& id : plain.identifiers) {
      BlindIndex b = store_->secrets_->Blind(id);
      bool suppressed =
          !suppressed_.empty() && std::binary_search(suppressed_.begin(), suppressed_.end(), b);
      if (pending_out_ != nullptr) {
        ASSIGN_OR_RETURN(suppressed, store_->storage_->IsSuppressed(AsView(b)));
      }
      if (suppressed) {
        ++report_.suppressed;  // erased: counted, never stored
        continue;
      }
      p.ids.emplace_back(id, b);
    }
    if (p.ids.size() != plain.identifiers.size()) {
      if (p.ids.empty()) return Status::Ok();  // nothing of the record may be kept
      plain.identifiers.clear();
      for (const auto& [id, b] : p.ids) plain.identifiers.push_back(id);
    }
    EncodeRecord(plain, &encoded_);
    std::string fp_input = std::string(SupplierName(o_.supplier)) + '\0' + o_.source + '\0' +
                           o_.collected_for + '\0' + o_.uploader + '\0' + encoded_;
    BlindIndex fp = store_->secrets_->BlindRaw("record", fp_input);
    sodium_memzero(fp_input.data(), fp_input.size());
    std::string fps(AsView(fp));
    if (!batch_fps_.insert(fp).second) {
      ++report_.duplicates;
      return Status::Ok();
    }
    if (!store_was_empty_) {
      ASSIGN_OR_RETURN(bool seen, store_->storage_->HasFingerprint(fps));
      if (seen) {
        ++report_.duplicates;
        return Status::Ok();
      }
    }

    ASSIGN_OR_RETURN(uint64_t key_id, ChooseKey(p));
    // Remember each identifier's key for the rest of the batch; only the first sighting, or the
    // first time a shadow identifier gains a subject key, needs a write to the projection.
    uint64_t key_for_ids = third_party_ ? 0 : key_id;
    for (const auto& [id, b] : p.ids) {
      auto [it, inserted] = id_keys_.emplace(b, key_for_ids);
      bool gains_key = !inserted && it->second == 0 && key_for_ids != 0;
      if (gains_key) it->second = key_for_ids;
      p.upsert.push_back(inserted || gains_key);
    }
    ASSIGN_OR_RETURN(const SecretBytes* key, KeyFor(key_id));
    std::string sealed = Seal(*key, encoded_, kRecordAd);
    sodium_memzero(encoded_.data(), encoded_.size());

    p.row.batch = batch_.id;
    p.row.line = n.line;
    p.row.supplier = o_.supplier;
    p.row.key_id = key_id;
    p.fingerprint = fp;
    p.objections = std::move(objections);
    // Binary record inside the import.records body (docs/ledger-format.md).
    chunk_.push_back(static_cast<char>(o_.supplier));
    PutFixed(&chunk_, n.line, 8);
    PutFixed(&chunk_, key_id, 8);
    chunk_.push_back(static_cast<char>(p.ids.size()));
    for (const auto& [id, b] : p.ids) {
      chunk_.push_back(static_cast<char>(id.type));
      chunk_.append(AsView(b));
    }
    PutFixed(&chunk_, sealed.size(), 4);
    p.row.off = static_cast<uint32_t>(chunk_.size());
    p.row.len = static_cast<uint32_t>(sealed.size());
    chunk_.append(sealed);
    pending_.push_back(std::move(p));
    return Status::Ok();
  }

  // The data key for a record: a key of its own for third_party (so that erasing one person
  // shreds their contact card and nothing else of the upload); otherwise the key of the subject
  // that any of its identifiers already belongs to, or a new one.
  StatusOr<uint64_t> ChooseKey(const PendingRecord& p) {
    if (third_party_) {
      SecretBytes key = store_->secrets_->NewDataKey();
      ASSIGN_OR_RETURN(uint64_t id, store_->storage_->PutKey(kKeyKindContact,
                                                             store_->secrets_->WrapKey(key), now_));
      CacheKey(id, std::move(key));
      return id;
    }
    for (const auto& [id, b] : p.ids) {
      auto it = id_keys_.find(b);
      if (it != id_keys_.end()) {
        if (it->second != 0) return it->second;
        continue;  // seen in this batch without a subject key: the store has none either
      }
      if (!store_was_empty_) {
        ASSIGN_OR_RETURN(auto row, store_->storage_->GetIdentifier(AsView(b)));
        if (row.has_value() && row->key_id != 0) return row->key_id;
      }
    }
    SecretBytes key = store_->secrets_->NewDataKey();
    ASSIGN_OR_RETURN(uint64_t id, store_->storage_->PutKey(kKeyKindSubject,
                                                           store_->secrets_->WrapKey(key), now_));
    CacheKey(id, std::move(key));
    return id;
  }

  void CacheKey(uint64_t id, SecretBytes key) {
    // Drop them all now and then: they are cheap to unwrap again.
    if (key_cache_.size() >= kKeyCacheLimit) key_cache_.clear();
    key_cache_.emplace(id, std::move(key));
  }

  StatusOr<const SecretBytes*> KeyFor(uint64_t key_id) {
    auto it = key_cache_.find(key_id);
    if (it != key_cache_.end()) return &it->second;
    ASSIGN_OR_RETURN(std::string wrapped, store_->storage_->GetKey(key_id));
    ASSIGN_OR_RETURN(SecretBytes key, store_->secrets_->UnwrapKey(wrapped));
    CacheKey(key_id, std::move(key));
    return &key_cache_.find(key_id)->second;
  }

  void StartChunk() {
    chunk_.clear();
    chunk_.append("DLR1");
    PutFixed(&chunk_, batch_.id, 8);
    PutFixed(&chunk_, 0, 4);  // record count, patched at flush
  }

  Status FlushChunk() {
    if (pending_.empty()) return Status::Ok();
    Storage* st = store_->storage_.get();
    uint32_t n = static_cast<uint32_t>(pending_.size());
    for (int i = 0; i < 4; ++i) chunk_[12 + i] = static_cast<char>((n >> (8 * i)) & 0xff);
    ASSIGN_OR_RETURN(uint64_t seq,
                     writer_.Append("import.records", o_.actor, std::move(chunk_), now_));
    nlohmann::json objections = nlohmann::json::array();
    for (PendingRecord& p : pending_) {
      p.row.seq = seq;
      ASSIGN_OR_RETURN(uint64_t rid, st->InsertRecord(p.row));
      ++report_.records_stored;
      fingerprints_.push_back({p.fingerprint, rid});
      for (size_t i = 0; i < p.ids.size(); ++i) {
        const auto& [id, b] = p.ids[i];
        claims_.push_back({b, rid, static_cast<uint8_t>(id.type)});
        ++report_.claims;
        if (p.upsert[i]) {
          new_ids_.push_back({b, static_cast<uint8_t>(id.type), store_->blocklist_->IsBlocked(id)});
        }
      }
      if (!p.objections.empty()) {
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& [id, b] : p.ids) ids.push_back(ToHex(b.data(), b.size()));
        objections.push_back({{"record", rid}, {"purposes", p.objections}, {"identifiers", ids}});
      }
    }
    if (!objections.empty()) {
      nlohmann::json body = {{"batch", batch_.id},
                             {"source", o_.source},
                             {"reason", "opt-out column"},
                             {"objections", objections}};
      ASSIGN_OR_RETURN(uint64_t oseq, writer_.Append("objection", o_.actor, body.dump(), now_));
      for (PendingRecord& p : pending_) {
        for (const std::string& purpose : p.objections) {
          for (const auto& [id, b] : p.ids) {
            RETURN_IF_ERROR(
                st->InsertObjection({std::string(AsView(b)), purpose, oseq, now_, o_.source}));
          }
          ++report_.objections;
        }
      }
    }
    pending_.clear();
    StartChunk();
    return Status::Ok();
  }

  Store* store_;
  const ImportOptions& o_;
  LedgerWriter writer_;
  ImportReport report_;
  BatchRow batch_;
  int64_t now_ = 0;
  std::string region_;
  bool third_party_ = false;
  bool store_was_empty_ = false;
  std::string encoded_;
  std::string chunk_;
  std::vector<PendingRecord> pending_;
  std::unordered_set<BlindIndex, BlindHash> batch_fps_;
  std::vector<BlindIndex> suppressed_;                     // sorted
  std::vector<PendingIdentifier>* pending_out_ = nullptr;  // set by RunInline
  // Projection rows written at the end of the batch, sorted by blind index: sorted inserts
  // touch each B-tree page once instead of once per row.
  struct ClaimRow {
    BlindIndex bidx;
    uint64_t rid;
    uint8_t type;
  };
  struct NewIdentifier {
    BlindIndex bidx;
    uint8_t type;
    bool blocked;
  };
  std::vector<ClaimRow> claims_;
  std::vector<NewIdentifier> new_ids_;
  std::vector<std::pair<BlindIndex, uint64_t>> fingerprints_;
  std::unordered_map<BlindIndex, uint64_t, BlindHash> id_keys_;  // key id per identifier seen
  std::unordered_map<uint64_t, SecretBytes> key_cache_;
};

StatusOr<ImportReport> Store::Import(const ImportOptions& options,
                                     const std::function<void(double, uint64_t)>& progress) {
  Importer importer(this, options);
  return importer.Run(std::nullopt, progress);
}

StatusOr<ImportReport> Store::ImportContent(const ImportOptions& options, std::string content,
                                            const std::function<void(double, uint64_t)>& progress) {
  Importer importer(this, options);
  return importer.Run(std::move(content), progress);
}

StatusOr<ImportReport> Store::ImportInline(const ImportOptions& options, RecordReader* reader,
                                           std::vector<PendingIdentifier>* pending) {
  Importer importer(this, options);
  return importer.RunInline(reader, pending);
}

}  // namespace dl
