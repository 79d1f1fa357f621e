// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Erasure (Art. 17) and upload deletion: crypto-shredding by destroying data keys, then
// removing what the projections say, so nothing readable of the person remains in the store's
// files after the WAL checkpoint, while the hash-chained ledger (ciphertext and blind indexes
// only) still verifies.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/resolution.h"
#include "store/transaction.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {
namespace {

// The audience snapshot holds plaintext under its index key: destroy the key and drop it; the
// next audience command rebuilds it without the erased data.
Status DropSnapshot(Storage* storage, int64_t now) {
  ASSIGN_OR_RETURN(auto meta, storage->GetDerived("snapshot/meta"));
  if (meta.has_value()) {
    auto j = nlohmann::json::parse(*meta, nullptr, false);
    if (!j.is_discarded() && j.contains("key")) {
      RETURN_IF_ERROR(storage->DestroyKey(j["key"].get<uint64_t>(), now));
    }
  }
  return storage->DeleteDerived("snapshot/");
}

}  // namespace

StatusOr<ErasureReport> Store::Erase(const Identifier& id, const std::string& actor) {
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(secrets_->Blind(id))));
  if (!row.has_value()) return NotFound("identifier not known to this store");
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
  ErasureReport report;
  // Who must be told, found before anything is destroyed.
  ASSIGN_OR_RETURN(report.uses, UsesOf(id));
  std::vector<std::string> bidxs;
  for (const IdentifierRow& m : members) bidxs.push_back(m.bidx);
  ASSIGN_OR_RETURN(std::vector<uint64_t> rids, storage_->RecordsClaimingAny(bidxs));
  report.identifiers = members.size();
  report.records = rids.size();
  const int64_t now = NowMicros();

  nlohmann::json recipients = nlohmann::json::array();
  for (const UseView& u : report.uses) {
    recipients.push_back({{"export", u.seq}, {"recipient", u.recipient}, {"audience", u.audience}});
  }
  std::vector<std::string> hex;
  for (const std::string& b : bidxs) hex.push_back(ToHex(b));
  nlohmann::json body = {{"identifiers", hex},
                         {"records", rids.size()},
                         {"recipients_to_notify", recipients},
                         {"article", 17}};
  auto seq = InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    ASSIGN_OR_RETURN(uint64_t s, writer.Append("rights.erase", actor, body.dump(), now));
    ASSIGN_OR_RETURN(std::vector<std::string> touched, storage_->DeleteRecords(rids, now));
    for (const IdentifierRow& m : members) {
      // The subject key also seals consent evidence.
      if (m.key_id != 0) RETURN_IF_ERROR(storage_->DestroyKey(m.key_id, now));
      RETURN_IF_ERROR(storage_->DeleteIdentifier(m.bidx));
      RETURN_IF_ERROR(storage_->InsertSuppression(m.bidx, s, now));
    }
    // Other identifiers of the deleted records (a shared family number, a contact card's
    // second number) go only when nothing else holds them.
    for (const std::string& b : touched) {
      RETURN_IF_ERROR(storage_->DeleteIdentifierIfUnclaimed(b).status());
    }
    RETURN_IF_ERROR(DropSnapshot(storage_.get(), now));
    // Deleted records may have linked other people's identifiers: resolve again.
    RETURN_IF_ERROR(RebuildSubjects(storage_.get(), share_limit_, {}, now).status());
    RETURN_IF_ERROR(storage_->SetMeta(kDataVersionMeta, std::to_string(s)));
    RETURN_IF_ERROR(MarkGateChanged(storage_.get(), s));
    return s;
  });
  if (!seq.ok()) return seq.status();
  report.seq = *seq;
  RETURN_IF_ERROR(storage_->Checkpoint());
  return report;
}

StatusOr<std::vector<UploadView>> Store::ListUploads(const std::string& uploader) {
  std::string wanted;
  if (!uploader.empty()) {
    BlindIndex u = secrets_->BlindRaw("uploader", uploader);
    wanted = ToHex(u.data(), u.size());
  }
  ASSIGN_OR_RETURN(std::vector<BatchRow> batches, storage_->ListBatches());
  std::vector<UploadView> out;
  for (const BatchRow& b : batches) {
    if (!wanted.empty() && b.uploader != wanted) continue;
    out.push_back({b.id, b.time_us, b.source, b.uploader, b.records, b.status == "deleted"});
  }
  return out;
}

StatusOr<UploadDeletion> Store::DeleteUpload(uint64_t batch, const std::string& actor) {
  auto found = storage_->GetBatch(batch);
  if (!found.ok()) return NotFound("no upload " + std::to_string(batch));
  BatchRow b = *found;
  if (b.supplier != Supplier::kThirdParty) {
    return FailedPrecondition("batch " + std::to_string(batch) + " is not an uploaded address " +
                              "book (supplier " + std::string(SupplierName(b.supplier)) +
                              "); see `uploads list`");
  }
  if (b.status == "deleted") {
    return FailedPrecondition("upload " + std::to_string(batch) + " is already deleted");
  }
  ASSIGN_OR_RETURN(std::vector<uint64_t> rids, storage_->RecordsOfBatch(batch));
  const int64_t now = NowMicros();
  UploadDeletion report;
  report.records = rids.size();
  auto seq = InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json body = {{"batch", batch}, {"records", rids.size()}};
    ASSIGN_OR_RETURN(uint64_t s, writer.Append("upload.delete", actor, body.dump(), now));
    ASSIGN_OR_RETURN(std::vector<std::string> touched, storage_->DeleteRecords(rids, now));
    for (const std::string& id : touched) {
      ASSIGN_OR_RETURN(bool gone, storage_->DeleteIdentifierIfUnclaimed(id));
      if (gone) ++report.identifiers_removed;
    }
    b.status = "deleted";
    RETURN_IF_ERROR(storage_->UpdateBatch(b));
    RETURN_IF_ERROR(MarkGateChanged(storage_.get(), s));
    return s;
  });
  if (!seq.ok()) return seq.status();
  report.seq = *seq;
  RETURN_IF_ERROR(storage_->Checkpoint());
  return report;
}

}  // namespace dl
