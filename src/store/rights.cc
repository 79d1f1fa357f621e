// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Erasure (Art. 17) and upload deletion: crypto-shredding by destroying data keys, then
// removing what the projections say, so nothing readable of the person remains in the store's
// files after the WAL checkpoint, while the hash-chained ledger (ciphertext and blind indexes
// only) still verifies.
#include <algorithm>
#include <cstring>
#include <set>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/event_index.h"
#include "store/event_state.h"
#include "store/export_entry.h"
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
  ASSIGN_OR_RETURN(ErasureReport r, EraseMany({id}, actor));
  if (r.unknown > 0) return NotFound("identifier not known to this store");
  return r;
}

StatusOr<ErasureReport> Store::EraseMany(const std::vector<Identifier>& ids,
                                         const std::string& actor) {
  ErasureReport report;
  // Who must be told: the exports' member lists, read once, before anything is destroyed.
  ASSIGN_OR_RETURN(auto exports, storage_->ListExports());
  std::vector<std::vector<BlindIndex>> listed;
  for (const ExportRow& e : exports) {
    ASSIGN_OR_RETURN(std::string body, storage_->ReadBody(e.seq));
    ASSIGN_OR_RETURN(listed.emplace_back(), ReadExportedIdentifiers(body));
  }
  std::set<uint64_t> told;  // exports already in report.uses
  const int64_t now = NowMicros();
  std::set<std::string> erased;  // blind indexes erased in this batch
  std::vector<uint64_t> all_rids;

  EventIndex& event_index = events_state().index;
  auto seq = InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    // Events still waiting to be indexed must be in the tables, so their rows are deleted too.
    RETURN_IF_ERROR(event_index.CatchUpLocked(storage_.get()));
    uint64_t last = 0;
    for (const Identifier& id : ids) {
      const BlindIndex b = secrets_->Blind(id);
      if (erased.count(std::string(AsView(b)))) continue;  // another identifier of someone erased
      ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
      if (!row.has_value()) {
        // A userId that only sent events (it never identified) is still a person's.
        ASSIGN_OR_RETURN(auto event_key, storage_->EventKeyOf(AsView(b)));
        if (!event_key.has_value()) {
          ++report.unknown;
          continue;
        }
        row = IdentifierRow{};
        row->bidx = std::string(AsView(b));
      }
      ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
      std::vector<std::string> bidxs, hex;
      for (const IdentifierRow& m : members) {
        bidxs.push_back(m.bidx);
        hex.push_back(ToHex(m.bidx));
      }
      // Their collected events: those of every identifier and of the anonymous ids linked to
      // them. Destroying the owners' event keys shreds the sealed events in the ledger.
      ASSIGN_OR_RETURN(std::vector<std::string> anonymous, storage_->LinkedAnonymousOwners(bidxs));
      std::vector<std::string> owners = bidxs;
      owners.insert(owners.end(), anonymous.begin(), anonymous.end());
      ASSIGN_OR_RETURN(uint64_t events, storage_->DeleteEventsOfOwners(owners, now));
      report.events += events;
      ASSIGN_OR_RETURN(std::vector<uint64_t> rids, storage_->RecordsClaimingAny(bidxs));
      nlohmann::json recipients = nlohmann::json::array();
      for (size_t e = 0; e < exports.size(); ++e) {
        std::vector<std::string> theirs;
        for (const IdentifierRow& m : members) {
          BlindIndex mb{};
          std::memcpy(mb.data(), m.bidx.data(), std::min(m.bidx.size(), kBlindIndexSize));
          if (std::binary_search(listed[e].begin(), listed[e].end(), mb)) {
            theirs.push_back(m.bidx);
          }
        }
        if (theirs.empty()) continue;
        recipients.push_back({{"export", exports[e].seq},
                              {"recipient", exports[e].recipient},
                              {"audience", exports[e].audience}});
        if (told.insert(exports[e].seq).second) {
          report.uses.push_back({exports[e].seq,
                                 exports[e].time_us,
                                 exports[e].audience,
                                 exports[e].purpose,
                                 exports[e].recipient,
                                 exports[e].format,
                                 {}});
        }
      }
      nlohmann::json body = {{"identifiers", hex},
                             {"records", rids.size()},
                             {"recipients_to_notify", recipients},
                             {"events", events},
                             {"article", 17}};
      ASSIGN_OR_RETURN(last, writer.Append("rights.erase", actor, body.dump(), now));
      // Their anonymous ids too: a retried or later event under them is not stored again.
      for (const std::string& a : anonymous) {
        RETURN_IF_ERROR(storage_->InsertSuppression(a, last, now));
        erased.insert(a);
      }
      for (const IdentifierRow& m : members) {
        // The subject key also seals consent evidence.
        if (m.key_id != 0) RETURN_IF_ERROR(storage_->DestroyKey(m.key_id, now));
        RETURN_IF_ERROR(storage_->DeleteIdentifier(m.bidx));
        RETURN_IF_ERROR(storage_->InsertSuppression(m.bidx, last, now));
        erased.insert(m.bidx);
      }
      all_rids.insert(all_rids.end(), rids.begin(), rids.end());
      ++report.people;
      report.identifiers += members.size();
    }
    if (report.people == 0) return uint64_t{0};
    std::sort(all_rids.begin(), all_rids.end());
    all_rids.erase(std::unique(all_rids.begin(), all_rids.end()), all_rids.end());
    report.records = all_rids.size();
    ASSIGN_OR_RETURN(std::vector<std::string> touched, storage_->DeleteRecords(all_rids, now));
    // Other identifiers of the deleted records (a shared family number, a contact card's
    // second number) go only when nothing else holds them.
    for (const std::string& t : touched) {
      RETURN_IF_ERROR(storage_->DeleteIdentifierIfUnclaimed(t).status());
    }
    RETURN_IF_ERROR(DropSnapshot(storage_.get(), now));
    // Deleted records may have linked other people's identifiers: resolve again.
    RETURN_IF_ERROR(RebuildSubjects(storage_.get(), share_limit_, {}, now).status());
    RETURN_IF_ERROR(storage_->SetMeta(kDataVersionMeta, std::to_string(last)));
    RETURN_IF_ERROR(MarkGateChanged(storage_.get(), last));
    return last;
  });
  // Cached event keys of the people erased are destroyed now (dropping them all is simplest).
  if (events_) events_->keys.clear();
  if (!seq.ok()) {
    event_index.Reset();  // its catch-up was rolled back: start again from the ledger
    return seq.status();
  }
  report.seq = *seq;
  if (report.people > 0) RETURN_IF_ERROR(storage_->Checkpoint());
  return report;
}

StatusOr<uint64_t> Store::RecordDisclosure(const Identifier& id, const std::string& kind,
                                           const std::string& format, const std::string& actor) {
  if (kind != "rights.access" && kind != "rights.export") {
    return InvalidArgument("disclosure kind must be rights.access or rights.export");
  }
  const BlindIndex b = secrets_->Blind(id);
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
  if (!row.has_value()) {
    // A userId that only sent events is held too (its report shows them).
    ASSIGN_OR_RETURN(auto event_key, storage_->EventKeyOf(AsView(b)));
    if (!event_key.has_value()) return NotFound("identifier not known to this store");
    row = IdentifierRow{};
    row->bidx = std::string(AsView(b));
  }
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
  std::vector<std::string> hex;
  hex.reserve(members.size());
  for (const IdentifierRow& m : members) hex.push_back(ToHex(m.bidx));
  const int64_t now = NowMicros();
  return InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json j = {
        {"identifiers", hex}, {"format", format}, {"article", kind == "rights.access" ? 15 : 20}};
    return writer.Append(kind, actor, j.dump(), now);
  });
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
