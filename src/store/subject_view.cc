// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `subject show`: everything known about the subject an identifier belongs to, with the
// provenance of every claim. Third-party claims are summarised (how many uploads, since when)
// and never decrypted: the view cannot show an uploader or a label because it never reads them.
#include <algorithm>
#include <map>
#include <set>

#include "daylight/store.h"

#include "ledger/secrets.h"
#include "store/record_codec.h"
#include "store/resolution.h"

namespace dl {
namespace {

struct Decrypted {
  RecordRow row;
  BatchRow batch;
  RecordPlain plain;
};

}  // namespace

StatusOr<SubjectView> Store::ShowSubject(const Identifier& query) {
  SubjectView view;
  BlindIndex qb = secrets_->Blind(query);
  ASSIGN_OR_RETURN(auto qrow, storage_->GetIdentifier(AsView(qb)));
  if (!qrow.has_value()) return view;
  view.known = true;

  if (qrow->subject != 0) view.subject_id = SubjectIdFor(*secrets_, qrow->subject);
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> rows, MembersOf(*qrow));

  std::map<uint64_t, BatchRow> batches;
  auto batch_of = [&](uint64_t id) -> StatusOr<const BatchRow*> {
    auto it = batches.find(id);
    if (it == batches.end()) {
      ASSIGN_OR_RETURN(BatchRow b, storage_->GetBatch(id));
      it = batches.emplace(id, std::move(b)).first;
    }
    return &it->second;
  };

  // Records of the subject, decrypted once each; a record holds the identifier values.
  std::map<uint64_t, Decrypted> records;
  std::map<std::string, std::vector<uint64_t>> rids_of;  // bidx -> self/first_party rids
  std::map<std::string, std::pair<std::set<uint64_t>, int64_t>> third;  // bidx -> uploads, since
  bool any_direct = false;
  for (const IdentifierRow& r : rows) {
    ASSIGN_OR_RETURN(auto claiming, storage_->RecordsClaiming(r.bidx));
    for (const RecordRow& rec : claiming) {
      ASSIGN_OR_RETURN(const BatchRow* b, batch_of(rec.batch));
      if (rec.supplier == Supplier::kThirdParty) {
        auto& t = third[r.bidx];
        t.first.insert(rec.batch);
        if (t.second == 0 || b->time_us < t.second) t.second = b->time_us;
        continue;
      }
      any_direct = true;
      rids_of[r.bidx].push_back(rec.rid);
      if (records.count(rec.rid)) continue;
      ASSIGN_OR_RETURN(std::string wrapped, storage_->GetKey(rec.key_id));
      ASSIGN_OR_RETURN(SecretBytes key, secrets_->UnwrapKey(wrapped));
      ASSIGN_OR_RETURN(std::string sealed, storage_->ReadBodySlice(rec.seq, rec.off, rec.len));
      ASSIGN_OR_RETURN(std::string plain, Unseal(key, sealed, "daylight-record-v1"));
      ASSIGN_OR_RETURN(RecordPlain decoded, DecodeRecord(plain));
      records.emplace(rec.rid, Decrypted{rec, *b, std::move(decoded)});
    }
  }
  view.shadow = !any_direct;

  // The identifier values come from the decrypted records (blind index -> value).
  std::map<std::string, Identifier> value_of;
  value_of[std::string(AsView(qb))] = query;
  for (const auto& [rid, d] : records) {
    for (const Identifier& id : d.plain.identifiers)
      value_of[std::string(AsView(secrets_->Blind(id)))] = id;
  }

  for (const IdentifierRow& r : rows) {
    IdentifierView iv;
    auto v = value_of.find(r.bidx);
    if (v == value_of.end()) continue;  // not readable (erased): nothing to show
    iv.id = v->second;
    iv.blocked = r.blocked;
    iv.shared = r.shared;
    iv.shared_by = r.claiming;
    for (uint64_t rid : rids_of[r.bidx]) {
      const Decrypted& d = records.at(rid);
      iv.claims.push_back({d.row.supplier, d.batch.source, d.batch.purpose, d.batch.time_us,
                           d.row.batch, d.row.line});
    }
    if (auto t = third.find(r.bidx); t != third.end()) {
      iv.third_party_uploads = t->second.first.size();
      iv.third_party_since_us = t->second.second;
    }
    ASSIGN_OR_RETURN(auto objections, storage_->ObjectionsFor(r.bidx));
    for (const ObjectionRow& o : objections) {
      if (std::find(iv.objections.begin(), iv.objections.end(), o.purpose) == iv.objections.end()) {
        iv.objections.push_back(o.purpose);
      }
    }
    view.identifiers.push_back(std::move(iv));
  }
  // The queried identifier first, then by type and value.
  std::stable_sort(view.identifiers.begin(), view.identifiers.end(),
                   [&](const IdentifierView& a, const IdentifierView& b) {
                     bool aq = a.id == query, bq = b.id == query;
                     if (aq != bq) return aq;
                     return a.id.type != b.id.type ? a.id.type < b.id.type
                                                   : a.id.value < b.id.value;
                   });

  for (const auto& [rid, d] : records) {
    for (const auto& [name, value] : d.plain.traits) {
      view.traits.push_back({name, value, d.batch.source, d.row.supplier, d.row.batch});
    }
    if (!view.subject_id.empty()) {
      LinkView link{d.batch.source, d.row.supplier, d.row.batch, d.row.line, {}};
      for (const Identifier& id : d.plain.identifiers) link.identifiers.push_back(id.ToString());
      view.joined_by.push_back(std::move(link));
    }
  }
  return view;
}

}  // namespace dl
