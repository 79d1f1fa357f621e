// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Building, loading and reading the audience snapshot (store/audience_snapshot.h).
#include "store/audience_snapshot.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "daylight/gate.h"

#include "store/record_codec.h"
#include "store/resolution.h"
#include "util/bytes.h"
#include "util/time_util.h"

namespace dl {
namespace {

constexpr std::string_view kPrefix = "snapshot/";
constexpr int kIndexKeyKind = 3;
constexpr uint32_t kChunkShift = 16;  // 65536 subjects per export-row chunk

// The trait names exports match on (HashField names), in AddressField order; kept in every row.
constexpr std::string_view kAddressFields[] = {"first_name", "last_name", "city", "state",
                                               "zip",        "country",   "dob",  "gender"};
static_assert(std::size(kAddressFields) == kAddressFieldCount);

std::string Name(std::string_view rest) { return std::string(kPrefix) + std::string(rest); }
std::string ChunkName(uint32_t chunk) { return Name("rows/" + std::to_string(chunk)); }
std::string EligibilityName(std::string_view purpose) {
  return Name("eligible/" + std::string(purpose));
}

void PutBitmap(std::string* out, SubjectSet b) {
  b.runOptimize();
  std::string bytes(b.getSizeInBytes(true), '\0');
  b.write(bytes.data(), true);
  PutFixed(out, bytes.size(), 4);
  out->append(bytes);
}

bool GetBitmap(ByteReader* in, SubjectSet* out) {
  uint64_t n = 0;
  std::string_view bytes;
  if (!in->Fixed(4, &n) || !in->Bytes(n, &bytes)) return false;
  try {
    *out = SubjectSet::readSafe(bytes.data(), bytes.size());
  } catch (...) {  // CRoaring reports malformed input by throwing; nothing else here throws
    return false;
  }
  return true;
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

bool GetString(ByteReader* in, std::string* s) {
  uint64_t n = 0;
  std::string_view v;
  if (!in->Varint(&n) || !in->Bytes(n, &v)) return false;
  s->assign(v);
  return true;
}

void EncodeRow(const SnapshotRow& row, std::string* out) {
  PutVarint(out, row.subject);
  PutVarint(out, row.identifiers.size());
  for (const SnapshotIdentifier& id : row.identifiers) {
    PutVarint(out, id.ordinal);
    out->push_back(static_cast<char>(id.type));
    out->append(AsView(id.bidx));
    PutString(out, id.value);
  }
  PutVarint(out, row.fields.size());
  for (const auto& [name, value] : row.fields) {
    PutString(out, name);
    PutString(out, value);
  }
}

bool DecodeRow(ByteReader* in, SnapshotRow* row) {
  uint64_t subject = 0, n = 0;
  if (!in->Varint(&subject) || subject > std::numeric_limits<uint32_t>::max() || !in->Varint(&n))
    return false;
  row->subject = static_cast<uint32_t>(subject);
  row->identifiers.clear();
  row->fields.clear();
  for (uint64_t i = 0; i < n; ++i) {
    SnapshotIdentifier id;
    uint64_t ordinal = 0, type = 0;
    std::string_view b;
    if (!in->Varint(&ordinal) || !in->Fixed(1, &type) || !in->Bytes(kBlindIndexSize, &b) ||
        !GetString(in, &id.value)) {
      return false;
    }
    id.ordinal = static_cast<uint32_t>(ordinal);
    id.type = static_cast<IdType>(type);
    std::memcpy(id.bidx.data(), b.data(), kBlindIndexSize);
    row->identifiers.push_back(std::move(id));
  }
  if (!in->Varint(&n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string name, value;
    if (!GetString(in, &name) || !GetString(in, &value)) return false;
    row->fields.emplace(std::move(name), std::move(value));
  }
  return true;
}

bool GetView(ByteReader* in, std::string_view* s) {
  uint64_t n = 0;
  return in->Varint(&n) && in->Bytes(n, s);
}

// DecodeRow without copies: the views point into `in`'s bytes.
bool DecodeRowView(ByteReader* in, SnapshotRowView* row) {
  uint64_t subject = 0, n = 0;
  if (!in->Varint(&subject) || subject > std::numeric_limits<uint32_t>::max() || !in->Varint(&n))
    return false;
  row->subject = static_cast<uint32_t>(subject);
  row->identifiers.clear();
  row->fields.fill(std::string_view());
  for (uint64_t i = 0; i < n; ++i) {
    SnapshotRowView::Identifier id;
    uint64_t ordinal = 0, type = 0;
    if (!in->Varint(&ordinal) || !in->Fixed(1, &type) || !in->Bytes(kBlindIndexSize, &id.bidx) ||
        !GetView(in, &id.value)) {
      return false;
    }
    id.ordinal = static_cast<uint32_t>(ordinal);
    id.type = static_cast<IdType>(type);
    row->identifiers.push_back(id);
  }
  if (!in->Varint(&n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view name, value;
    if (!GetView(in, &name) || !GetView(in, &value)) return false;
    for (size_t f = 0; f < kAddressFieldCount; ++f) {
      if (name == kAddressFields[f]) row->fields[f] = value;
    }
  }
  return true;
}

// The subjects of `subjects` in chunk `chunk`: [chunk << shift, (chunk + 1) << shift).
SubjectSet InChunk(const SubjectSet& subjects, uint32_t chunk) {
  const uint64_t lo = static_cast<uint64_t>(chunk) << kChunkShift;
  return subjects & SubjectSet(roaring_bitmap_from_range(lo, lo + (uint64_t{1} << kChunkShift), 1));
}

Status SubjectFits(uint64_t subject) {
  if (subject > std::numeric_limits<uint32_t>::max()) {
    return FailedPrecondition(
        "audiences support stores of up to 2^32 records; this store has more");
  }
  return Status::Ok();
}

// The policy file lives outside the ledger: what it says is part of the eligibility cache key.
std::string PolicyKey(const Policy& policy) {
  std::string key;
  for (const PolicyEntry& e : policy.entries()) {
    key += e.purpose + "=" + std::string(LegalBasisName(e.basis)) + ";";
  }
  return key;
}

}  // namespace

Status MarkGateChanged(Storage* storage, uint64_t seq) {
  return storage->SetMeta(kGateVersionMeta, std::to_string(seq));
}

namespace {

StatusOr<uint64_t> GateVersion(Storage* storage) {
  ASSIGN_OR_RETURN(auto v, storage->GetMeta(kGateVersionMeta));
  return v.has_value() ? static_cast<uint64_t>(std::stoull(*v)) : uint64_t{0};
}

}  // namespace

StatusOr<std::unique_ptr<AudienceSnapshot>> AudienceSnapshot::Open(
    Storage* storage, const StoreSecrets& secrets, const SnapshotProgress& progress) {
  std::unique_ptr<AudienceSnapshot> snap(new AudienceSnapshot(storage, secrets));
  ASSIGN_OR_RETURN(auto version, storage->GetMeta(kDataVersionMeta));
  std::string data_version = version.value_or("0");
  ASSIGN_OR_RETURN(auto meta, storage->GetDerived(Name("meta")));
  bool current = false;
  if (meta.has_value()) {
    auto j = nlohmann::json::parse(*meta, nullptr, false);
    current = !j.is_discarded() && j.value("data_version", "") == data_version;
  }
  if (!current) {
    RETURN_IF_ERROR(storage->Begin());
    Status s = snap->Rebuild(data_version, progress);
    if (!s.ok()) {
      (void)storage->Rollback();
      return s;
    }
    RETURN_IF_ERROR(storage->Commit());
  }
  RETURN_IF_ERROR(snap->Load());
  return snap;
}

Status AudienceSnapshot::Load() {
  ASSIGN_OR_RETURN(auto meta, storage_->GetDerived(Name("meta")));
  if (!meta.has_value()) return Corruption("audience snapshot: missing");
  auto j = nlohmann::json::parse(*meta, nullptr, false);
  if (j.is_discarded() || !j.contains("key")) return Corruption("audience snapshot: bad meta");
  ASSIGN_OR_RETURN(std::string wrapped, storage_->GetKey(j["key"].get<uint64_t>()));
  ASSIGN_OR_RETURN(key_, secrets_.UnwrapKey(wrapped));
  identifiers_ = j.value("identifiers", uint64_t{0});
  subjects_ = j.value("subjects", uint64_t{0});
  ASSIGN_OR_RETURN(auto universe, ReadSealed(Name("universe")));
  if (!universe.has_value()) return Corruption("audience snapshot: no universe");
  ByteReader in(*universe);
  if (!GetBitmap(&in, &universe_)) return Corruption("audience snapshot: bad universe");
  return Status::Ok();
}

StatusOr<std::optional<std::string>> AudienceSnapshot::ReadSealed(const std::string& name) {
  ASSIGN_OR_RETURN(auto sealed, storage_->GetDerived(name));
  if (!sealed.has_value()) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::string plain, Unseal(key_, *sealed, "daylight-snapshot-v1/" + name));
  return std::optional<std::string>(std::move(plain));
}

Status AudienceSnapshot::WriteSealed(const std::string& name, std::string_view plain) {
  return storage_->PutDerived(name, Seal(key_, plain, "daylight-snapshot-v1/" + name));
}

Status AudienceSnapshot::Rebuild(const std::string& data_version,
                                 const SnapshotProgress& progress) {
  const int64_t now = NowMicros();
  // A fresh index key for every build; the old one is destroyed, so nothing of the previous
  // snapshot stays readable (its pages are overwritten by secure_delete).
  ASSIGN_OR_RETURN(auto old_meta, storage_->GetDerived(Name("meta")));
  if (old_meta.has_value()) {
    auto j = nlohmann::json::parse(*old_meta, nullptr, false);
    if (!j.is_discarded() && j.contains("key")) {
      RETURN_IF_ERROR(storage_->DestroyKey(j["key"].get<uint64_t>(), now));
    }
  }
  RETURN_IF_ERROR(storage_->DeleteDerived(kPrefix));
  key_ = secrets_.NewDataKey();
  ASSIGN_OR_RETURN(uint64_t key_id, storage_->PutKey(kIndexKeyKind, secrets_.WrapKey(key_), now));

  ASSIGN_OR_RETURN(uint64_t total_subjects, StoredSubjectCount(storage_));
  std::unordered_map<uint64_t, BatchRow> batches;
  std::map<std::string, TraitColumnBuilder, std::less<>> builders;
  universe_ = SubjectSet();
  identifiers_ = 0;
  subjects_ = 0;
  uint32_t chunk = 0;
  std::string chunk_plain;
  std::vector<uint32_t> chunks;

  auto flush_chunk = [&]() -> Status {
    if (chunk_plain.empty()) return Status::Ok();
    RETURN_IF_ERROR(WriteSealed(ChunkName(chunk), chunk_plain));
    chunks.push_back(chunk);
    chunk_plain.clear();
    return Status::Ok();
  };

  // The subject being gathered: its identifiers in bidx order and its direct records.
  uint64_t cur = 0;
  std::vector<SnapshotIdentifier> ids;
  std::vector<RecordRow> records;

  auto finish_subject = [&]() -> Status {
    if (cur == 0) return Status::Ok();
    RETURN_IF_ERROR(SubjectFits(cur));
    const uint32_t subject = static_cast<uint32_t>(cur);
    std::sort(records.begin(), records.end(),
              [](const RecordRow& a, const RecordRow& b) { return a.rid < b.rid; });
    records.erase(
        std::unique(records.begin(), records.end(),
                    [](const RecordRow& a, const RecordRow& b) { return a.rid == b.rid; }),
        records.end());
    // trait -> (batch time, rid, value): the latest record wins.
    std::map<std::string, std::tuple<int64_t, uint64_t, std::string>> traits;
    uint64_t key_id = 0;
    SecretBytes key;
    for (const RecordRow& r : records) {
      auto b = batches.find(r.batch);
      if (b == batches.end()) {
        ASSIGN_OR_RETURN(BatchRow row, storage_->GetBatch(r.batch));
        b = batches.emplace(r.batch, std::move(row)).first;
      }
      if (r.key_id != key_id) {
        auto wrapped = storage_->GetKey(r.key_id);
        if (!wrapped.ok()) continue;  // destroyed (erased): nothing of it is readable
        ASSIGN_OR_RETURN(key, secrets_.UnwrapKey(*wrapped));
        key_id = r.key_id;
      }
      ASSIGN_OR_RETURN(std::string sealed, storage_->ReadBodySlice(r.seq, r.off, r.len));
      ASSIGN_OR_RETURN(std::string plain, Unseal(key, sealed, "daylight-record-v1"));
      ASSIGN_OR_RETURN(RecordPlain decoded, DecodeRecord(plain));
      for (const Identifier& id : decoded.identifiers) {
        BlindIndex bidx = secrets_.Blind(id);
        for (SnapshotIdentifier& s : ids) {
          if (s.value.empty() && s.bidx == bidx) s.value = id.value;
        }
      }
      for (auto& [name, value] : decoded.traits) {
        auto t = std::make_tuple(b->second.time_us, r.rid, std::move(value));
        auto it = traits.find(name);
        if (it == traits.end() || std::get<0>(it->second) < std::get<0>(t) ||
            (std::get<0>(it->second) == std::get<0>(t) && std::get<1>(it->second) < r.rid)) {
          traits[name] = std::move(t);
        }
      }
    }
    universe_.add(subject);
    SnapshotRow row;
    row.subject = subject;
    row.identifiers = std::move(ids);
    for (auto& [name, t] : traits) {
      auto bit = builders.find(name);
      if (bit == builders.end()) bit = builders.emplace(name, TraitColumnBuilder()).first;
      bit->second.Set(subject, std::get<2>(t));
      for (std::string_view f : kAddressFields) {
        if (name == f) row.fields.emplace(name, std::get<2>(t));
      }
    }
    if ((subject >> kChunkShift) != chunk) {
      RETURN_IF_ERROR(flush_chunk());
      chunk = subject >> kChunkShift;
    }
    EncodeRow(row, &chunk_plain);
    ids.clear();
    records.clear();
    ++subjects_;
    if (progress && total_subjects > 0 && subjects_ % 4096 == 0) {
      progress(std::min(1.0, static_cast<double>(subjects_) / static_cast<double>(total_subjects)));
    }
    return Status::Ok();
  };

  RETURN_IF_ERROR(storage_->ScanSubjectClaims([&](const SubjectClaimRow& c) -> Status {
    if (c.subject != cur) {
      RETURN_IF_ERROR(finish_subject());
      cur = c.subject;
    }
    if (ids.empty() || AsView(ids.back().bidx) != c.bidx) {
      SnapshotIdentifier id;
      id.ordinal = static_cast<uint32_t>(identifiers_++);
      id.type = static_cast<IdType>(c.type);
      std::memcpy(id.bidx.data(), c.bidx.data(), std::min(c.bidx.size(), kBlindIndexSize));
      ids.push_back(std::move(id));
    }
    if (c.record.supplier != Supplier::kThirdParty) records.push_back(c.record);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(finish_subject());
  RETURN_IF_ERROR(flush_chunk());
  if (identifiers_ > std::numeric_limits<uint32_t>::max()) {
    return FailedPrecondition("audiences support stores of up to 2^32 identifiers");
  }

  std::vector<std::string> fields;
  for (auto& [name, builder] : builders) {
    TraitColumn column = builder.Build();
    RETURN_IF_ERROR(WriteSealed(Name("trait/" + name), column.Serialize()));
    fields.push_back(name);
  }
  std::string universe;
  PutBitmap(&universe, universe_);
  RETURN_IF_ERROR(WriteSealed(Name("universe"), universe));
  nlohmann::json meta = {{"data_version", data_version},
                         {"built", FormatTime(now)},
                         {"key", key_id},
                         {"subjects", subjects_},
                         {"identifiers", identifiers_},
                         {"fields", fields},
                         {"chunks", chunks}};
  RETURN_IF_ERROR(storage_->PutDerived(Name("meta"), meta.dump()));
  if (progress) progress(1.0);
  return Status::Ok();
}

TraitIndex::Loader AudienceSnapshot::TraitLoader() {
  return [this](std::string_view field) -> StatusOr<std::optional<TraitColumn>> {
    if (field.substr(0, 7) == "events.") {
      return InvalidArgument("field '" + std::string(field) +
                             "': event aggregates are not in audience snapshots yet; collected "
                             "events are kept per person for rights, not as columns "
                             "(docs/audiences.md)");
    }
    ASSIGN_OR_RETURN(auto bytes, ReadSealed(Name("trait/" + std::string(field))));
    if (!bytes.has_value()) return std::optional<TraitColumn>();
    ASSIGN_OR_RETURN(TraitColumn column, TraitColumn::Deserialize(*bytes));
    return std::optional<TraitColumn>(std::move(column));
  };
}

Status AudienceSnapshot::ForEachRow(const SubjectSet& subjects,
                                    const std::function<Status(const SnapshotRow&)>& fn) {
  SnapshotRow row;
  bool have_row = false;
  uint32_t loaded = std::numeric_limits<uint32_t>::max();
  std::string plain;
  ByteReader in{std::string_view()};
  for (uint32_t subject : subjects) {
    const uint32_t chunk = subject >> kChunkShift;
    if (chunk != loaded) {
      ASSIGN_OR_RETURN(auto bytes, ReadSealed(ChunkName(chunk)));
      if (!bytes.has_value()) return Corruption("audience snapshot: missing rows");
      plain = std::move(*bytes);
      in = ByteReader(plain);
      loaded = chunk;
      have_row = false;
    }
    // Rows are in subject order: read forward to this subject's.
    while (!have_row || row.subject < subject) {
      if (!DecodeRow(&in, &row)) return Corruption("audience snapshot: bad rows");
      have_row = true;
    }
    if (row.subject != subject) return Corruption("audience snapshot: subject missing");
    RETURN_IF_ERROR(fn(row));
  }
  return Status::Ok();
}

std::unique_ptr<SnapshotChunkReader> AudienceSnapshot::ReadChunks(const SubjectSet& subjects) {
  return std::unique_ptr<SnapshotChunkReader>(new SnapshotChunkReader(storage_, key_, subjects));
}

SnapshotChunkReader::SnapshotChunkReader(Storage* storage, const SecretBytes& key,
                                         const SubjectSet& subjects)
    : storage_(storage), key_(key), subjects_(subjects) {
  for (uint32_t subject : subjects_) {
    const uint32_t chunk = subject >> kChunkShift;
    if (chunks_.empty() || chunks_.back().id != chunk) chunks_.push_back({chunk, false, {}});
  }
}

Status SnapshotChunkReader::Load() {
  for (size_t i = 0; i < chunks_.size(); ++i) {
    {
      std::lock_guard lock(mu_);
      if (stop_) break;
    }
    StatusOr<std::optional<std::string>> bytes = storage_->GetDerived(ChunkName(chunks_[i].id));
    Status status = bytes.status();
    if (bytes.ok() && !bytes->has_value()) status = Corruption("audience snapshot: missing rows");
    std::lock_guard lock(mu_);
    if (!status.ok()) {
      failed_ = status;
      cv_.notify_all();
      return status;
    }
    chunks_[i].sealed = std::move(**bytes);
    chunks_[i].loaded = true;
    cv_.notify_all();
  }
  std::lock_guard lock(mu_);
  if (stop_) {
    failed_ = FailedPrecondition("audience snapshot: reading stopped");
    cv_.notify_all();
  }
  return Status::Ok();
}

void SnapshotChunkReader::Stop() {
  std::lock_guard lock(mu_);
  stop_ = true;
}

Status SnapshotChunkReader::ForEachRow(size_t i,
                                       const std::function<Status(const SnapshotRowView&)>& fn) {
  std::string sealed;
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return chunks_[i].loaded || !failed_.ok(); });
    if (!chunks_[i].loaded) return failed_;
    sealed = std::move(chunks_[i].sealed);
    chunks_[i].sealed = std::string();
  }
  const uint32_t chunk = chunks_[i].id;
  const std::string name = ChunkName(chunk);
  ASSIGN_OR_RETURN(std::string plain, Unseal(key_, sealed, "daylight-snapshot-v1/" + name));
  sealed = std::string();
  ByteReader in(plain);
  SnapshotRowView row;
  // Rows are in subject order: read forward to each wanted subject's.
  for (uint32_t subject : InChunk(subjects_, chunk)) {
    do {
      if (!DecodeRowView(&in, &row)) return Corruption("audience snapshot: bad rows");
    } while (row.subject < subject);
    if (row.subject != subject) return Corruption("audience snapshot: subject missing");
    RETURN_IF_ERROR(fn(row));
  }
  return Status::Ok();
}

StatusOr<Eligibility> AudienceSnapshot::EligibilityFor(std::string_view purpose,
                                                       const Policy& policy, int64_t now_us,
                                                       const SnapshotProgress& progress) {
  ASSIGN_OR_RETURN(uint64_t head, GateVersion(storage_));
  const std::string name = EligibilityName(purpose);
  ASSIGN_OR_RETURN(auto cached, ReadSealed(name));
  if (cached.has_value()) {
    ByteReader in(*cached);
    uint64_t seq = 0, computed = 0, until = 0, reasons = 0;
    std::string policy_key;
    Eligibility e;
    e.purpose = std::string(purpose);
    bool ok = in.Fixed(8, &seq) && in.Fixed(8, &computed) && in.Fixed(8, &until) &&
              GetString(&in, &policy_key) && GetBitmap(&in, &e.eligible) &&
              GetBitmap(&in, &e.allowed) && in.Varint(&reasons);
    for (uint64_t i = 0; ok && i < reasons; ++i) {
      std::string reason;
      SubjectSet set;
      ok = GetString(&in, &reason) && GetBitmap(&in, &set);
      e.excluded.emplace(std::move(reason), std::move(set));
    }
    if (!ok) return Corruption("audience snapshot: bad eligibility for " + std::string(purpose));
    e.computed_us = static_cast<int64_t>(computed);
    e.valid_until_us = static_cast<int64_t>(until);
    if (seq == head && policy_key == PolicyKey(policy) && now_us >= e.computed_us &&
        now_us < e.valid_until_us)
      return e;
  }
  ASSIGN_OR_RETURN(Eligibility e, ComputeEligibility(purpose, policy, now_us, progress));
  std::string plain;
  PutFixed(&plain, head, 8);
  PutFixed(&plain, static_cast<uint64_t>(e.computed_us), 8);
  PutFixed(&plain, static_cast<uint64_t>(e.valid_until_us), 8);
  PutString(&plain, PolicyKey(policy));
  PutBitmap(&plain, e.eligible);
  PutBitmap(&plain, e.allowed);
  PutVarint(&plain, e.excluded.size());
  for (const auto& [reason, set] : e.excluded) {
    PutString(&plain, reason);
    PutBitmap(&plain, set);
  }
  RETURN_IF_ERROR(storage_->Begin());
  Status s = WriteSealed(name, plain);
  if (!s.ok()) {
    (void)storage_->Rollback();
    return s;
  }
  RETURN_IF_ERROR(storage_->Commit());
  return e;
}

StatusOr<Eligibility> AudienceSnapshot::ComputeEligibility(std::string_view purpose,
                                                           const Policy& policy, int64_t now_us,
                                                           const SnapshotProgress& progress) {
  Eligibility e;
  e.purpose = std::string(purpose);
  e.computed_us = now_us;
  e.valid_until_us = std::numeric_limits<int64_t>::max();
  auto note_change = [&](int64_t t) {
    if (t > now_us) e.valid_until_us = std::min(e.valid_until_us, t);
  };
  // Consents and objections belong to the person: gathered per subject.
  std::unordered_map<uint64_t, std::vector<ConsentFact>> consents;
  std::unordered_map<uint64_t, std::vector<std::string>> objections;
  RETURN_IF_ERROR(storage_->ScanSubjectConsents([&](uint64_t subject, const ConsentRow& c) {
    consents[subject].push_back(
        {c.purpose, static_cast<ConsentState>(c.state), c.time_us, c.expires_us, c.source, c.seq});
    note_change(c.time_us);
    if (c.expires_us != 0) note_change(c.expires_us);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(storage_->ScanSubjectObjections([&](uint64_t subject, const ObjectionRow& o) {
    objections[subject].push_back(o.purpose);
    return Status::Ok();
  }));

  // The latest restrict/unrestrict over a subject decides (seq order).
  std::unordered_map<uint64_t, bool> restricted;
  RETURN_IF_ERROR(storage_->ScanSubjectRestrictions([&](uint64_t subject, const RestrictionRow& r) {
    restricted[subject] = r.restricted;
    return Status::Ok();
  }));

  std::unordered_map<uint64_t, BatchRow> batches;
  uint64_t cur_subject = 0;
  std::string cur_bidx;
  uint64_t ordinal = 0, seen_subjects = 0;
  bool subject_allowed = false;
  std::set<std::string> reasons;
  GateFacts facts;
  std::set<uint64_t> uploads;

  auto finish_identifier = [&]() {
    if (cur_bidx.empty()) return;
    facts.third_party_uploads = uploads.size();
    if (auto it = consents.find(cur_subject); it != consents.end()) facts.consents = it->second;
    if (auto it = objections.find(cur_subject); it != objections.end())
      facts.objections = it->second;
    if (auto it = restricted.find(cur_subject); it != restricted.end())
      facts.restricted = it->second;
    Decision d = Decide(facts, purpose, now_us, policy);
    if (d.allow) {
      e.allowed.add(static_cast<uint32_t>(ordinal));
      subject_allowed = true;
    } else {
      reasons.insert(d.exclusion);
    }
    ++ordinal;
    cur_bidx.clear();
  };
  auto finish_subject = [&]() {
    finish_identifier();
    if (cur_subject == 0) return;
    const uint32_t s = static_cast<uint32_t>(cur_subject);
    if (subject_allowed) {
      e.eligible.add(s);
    } else {
      for (const std::string& r : reasons) e.excluded[r].add(s);
    }
    subject_allowed = false;
    reasons.clear();
    ++seen_subjects;
    if (progress && subjects_ > 0 && seen_subjects % 4096 == 0) {
      progress(std::min(1.0, static_cast<double>(seen_subjects) / static_cast<double>(subjects_)));
    }
  };

  RETURN_IF_ERROR(storage_->ScanSubjectClaims([&](const SubjectClaimRow& c) -> Status {
    if (c.subject != cur_subject) {
      finish_subject();
      RETURN_IF_ERROR(SubjectFits(c.subject));
      cur_subject = c.subject;
    }
    if (c.bidx != cur_bidx) {
      finish_identifier();
      cur_bidx.assign(c.bidx);
      facts = GateFacts();
      facts.known = true;
      facts.has_subject = true;
      facts.blocked = c.blocked;
      facts.shared = c.shared;
      facts.shared_by = c.claiming;
      uploads.clear();
    }
    auto b = batches.find(c.record.batch);
    if (b == batches.end()) {
      ASSIGN_OR_RETURN(BatchRow row, storage_->GetBatch(c.record.batch));
      b = batches.emplace(c.record.batch, std::move(row)).first;
    }
    facts.claims.push_back(
        {c.record.supplier, b->second.purpose, b->second.source, b->second.time_us});
    if (c.record.supplier == Supplier::kThirdParty) uploads.insert(c.record.batch);
    return Status::Ok();
  }));
  finish_subject();
  if (ordinal != identifiers_) {
    return FailedPrecondition("the store changed while the audience was evaluated; run again");
  }
  for (auto& [reason, set] : e.excluded) set.runOptimize();
  e.eligible.runOptimize();
  e.allowed.runOptimize();
  if (progress) progress(1.0);
  return e;
}

}  // namespace dl
