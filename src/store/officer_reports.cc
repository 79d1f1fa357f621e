// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// What the data-protection officer runs: the Art. 14 notices that are due for third-party
// data, and the Art. 30 records of processing built from the ledger.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/export_entry.h"
#include "store/record_codec.h"
#include "store/transaction.h"
#include "util/bytes.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {
namespace {

// The same time one calendar month later (Art. 14(3)(a): "at the latest within one month");
// the 31st of a month is followed by the last day of a shorter one.
int64_t AddOneMonth(int64_t us) {
  const std::string t = FormatTime(us);  // YYYY-MM-DDTHH:MM:SSZ
  int y = std::stoi(t.substr(0, 4)), m = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
  if (++m == 13) {
    m = 1;
    ++y;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  d = std::min(d, m == 2 && leap ? 29 : kDays[m - 1]);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%s", y, m, d, t.substr(11).c_str());
  auto parsed = ParseTime(buf);
  return parsed.has_value() ? *parsed + us % 1000000 : us;
}

}  // namespace

StatusOr<std::vector<NoticeView>> Store::NoticesDue(int64_t now_us, bool include_upcoming) {
  // First use: the earliest export holding the identifier.
  std::unordered_map<std::string, int64_t> first_use;
  ASSIGN_OR_RETURN(auto exports, storage_->ListExports());
  for (const ExportRow& e : exports) {
    ASSIGN_OR_RETURN(std::string body, storage_->ReadBody(e.seq));
    ASSIGN_OR_RETURN(std::vector<BlindIndex> ids, ReadExportedIdentifiers(body));
    for (const BlindIndex& b : ids) first_use.emplace(std::string(AsView(b)), e.time_us);
  }
  std::vector<NoticeView> out;
  std::string cur;
  std::vector<std::pair<RecordRow, int64_t>> claims;
  auto finish = [&]() -> Status {
    if (cur.empty() || claims.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(bool sent, storage_->NoticeSent(cur));
    if (sent) return Status::Ok();
    NoticeView n;
    std::set<uint64_t> batches;
    n.collected_us = claims.front().second;
    for (const auto& [r, t] : claims) {
      n.collected_us = std::min(n.collected_us, t);
      batches.insert(r.batch);
    }
    n.uploads = batches.size();
    n.due_us = AddOneMonth(n.collected_us);
    if (auto u = first_use.find(cur); u != first_use.end() && u->second < n.due_us) {
      n.due_us = std::max(u->second, n.collected_us);
      n.used = true;
    }
    if (!include_upcoming && n.due_us > now_us) return Status::Ok();
    // The contact to inform: read from one of its (unshredded) contact cards.
    bool found = false;
    for (const auto& [r, t] : claims) {
      auto wrapped = storage_->GetKey(r.key_id);
      if (!wrapped.ok()) continue;
      ASSIGN_OR_RETURN(SecretBytes key, secrets_->UnwrapKey(*wrapped));
      ASSIGN_OR_RETURN(std::string sealed, storage_->ReadBodySlice(r.seq, r.off, r.len));
      ASSIGN_OR_RETURN(std::string plain, Unseal(key, sealed, "daylight-record-v1"));
      ASSIGN_OR_RETURN(RecordPlain decoded, DecodeRecord(plain));
      for (const Identifier& id : decoded.identifiers) {
        if (AsView(secrets_->Blind(id)) == cur) {
          n.id = id;
          found = true;
          break;
        }
      }
      if (found) break;
    }
    if (!found) return Status::Ok();
    ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(cur));
    n.has_subject = row.has_value() && row->subject != 0;
    // Art. 14(5)(a): a person who supplied the identifier themselves, or whose organisation's
    // records hold it, was informed under Art. 13 when it was collected from them.
    if (n.has_subject) return Status::Ok();
    out.push_back(std::move(n));
    return Status::Ok();
  };
  RETURN_IF_ERROR(storage_->ScanThirdPartyClaims(
      [&](std::string_view bidx, const RecordRow& r, int64_t time) -> Status {
        if (bidx != cur) {
          RETURN_IF_ERROR(finish());
          cur.assign(bidx);
          claims.clear();
        }
        claims.emplace_back(r, time);
        return Status::Ok();
      }));
  RETURN_IF_ERROR(finish());
  std::sort(out.begin(), out.end(), [](const NoticeView& a, const NoticeView& b) {
    return std::tie(a.due_us, a.collected_us) < std::tie(b.due_us, b.collected_us);
  });
  return out;
}

StatusOr<uint64_t> Store::RecordNoticeSent(const Identifier& id, const std::string& channel,
                                           const std::string& actor) {
  BlindIndex b = secrets_->Blind(id);
  ASSIGN_OR_RETURN(auto records, storage_->RecordsClaiming(AsView(b)));
  const bool third_party = std::any_of(records.begin(), records.end(), [](const RecordRow& r) {
    return r.supplier == Supplier::kThirdParty;
  });
  if (!third_party) return NotFound("identifier not held from a third party: no notice is owed");
  const int64_t now = NowMicros();
  return InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json j = {{"identifier", ToHex(AsView(b))}, {"channel", channel}, {"article", 14}};
    ASSIGN_OR_RETURN(uint64_t seq, writer.Append("notice.sent", actor, j.dump(), now));
    RETURN_IF_ERROR(storage_->InsertNotice(AsView(b), seq, now));
    return seq;
  });
}

StatusOr<ProcessingRecord> Store::RecordsOfProcessing() {
  ProcessingRecord rec;
  std::map<std::tuple<std::string, std::string, std::string>, ProcessingRecord::Source> sources;
  std::map<uint64_t, std::tuple<std::string, std::string, std::string>> batch_source;
  std::map<std::tuple<std::string, std::string, std::string>, ProcessingRecord::Recipient>
      recipients;
  static constexpr const char* kTypes[] = {"", "email", "phone", "maid", "vin", "external"};
  RETURN_IF_ERROR(storage_->ScanEntries([&](const LedgerEntry& e) -> Status {
    ++rec.ledger_entries;
    if (e.kind == "import.begin") {
      auto j = nlohmann::json::parse(e.body, nullptr, false);
      if (j.is_discarded()) return Corruption("ledger entry " + std::to_string(e.seq));
      auto key = std::make_tuple(j.value("source", ""), j.value("supplier", ""),
                                 j.value("collected_for", ""));
      ProcessingRecord::Source& s = sources[key];
      std::tie(s.source, s.supplier, s.collected_for) = key;
      ++s.batches;
      if (s.first_us == 0) s.first_us = e.time_us;
      s.last_us = e.time_us;
      batch_source[j.value("batch", uint64_t{0})] = key;
    } else if (e.kind == "import.commit") {
      auto j = nlohmann::json::parse(e.body, nullptr, false);
      if (j.is_discarded()) return Corruption("ledger entry " + std::to_string(e.seq));
      auto it = batch_source.find(j.value("batch", uint64_t{0}));
      if (it != batch_source.end()) sources[it->second].records += j.value("records", uint64_t{0});
    } else if (e.kind == "import.records") {
      // Count claims by identifier type from the record headers (docs/ledger-format.md).
      ByteReader in(e.body);
      std::string_view magic;
      uint64_t batch = 0, count = 0;
      if (!in.Bytes(4, &magic) || !in.Fixed(8, &batch) || !in.Fixed(4, &count)) {
        return Corruption("ledger entry " + std::to_string(e.seq) + ": bad import.records");
      }
      for (uint64_t i = 0; i < count; ++i) {
        uint64_t supplier = 0, line = 0, key = 0, n = 0, len = 0;
        std::string_view skip;
        if (!in.Fixed(1, &supplier) || !in.Fixed(8, &line) || !in.Fixed(8, &key) ||
            !in.Fixed(1, &n)) {
          return Corruption("ledger entry " + std::to_string(e.seq) + ": bad record");
        }
        for (uint64_t k = 0; k < n; ++k) {
          uint64_t type = 0;
          if (!in.Fixed(1, &type) || !in.Bytes(kBlindIndexSize, &skip)) {
            return Corruption("ledger entry " + std::to_string(e.seq) + ": bad record");
          }
          if (type >= 1 && type <= 5) ++rec.identifier_types[kTypes[type]];
        }
        if (!in.Fixed(4, &len) || !in.Bytes(len, &skip)) {
          return Corruption("ledger entry " + std::to_string(e.seq) + ": bad record");
        }
      }
    } else if (e.kind == "audience.export") {
      ASSIGN_OR_RETURN(nlohmann::json h, ReadExportHeader(e.body));
      auto key =
          std::make_tuple(h.value("recipient", ""), h.value("purpose", ""), h.value("format", ""));
      ProcessingRecord::Recipient& r = recipients[key];
      std::tie(r.recipient, r.purpose, r.format) = key;
      ++r.exports;
      r.last_us = e.time_us;
    } else if (e.kind == "audience.create") {
      ++rec.audiences;
    } else if (e.kind == "consent") {
      ++rec.consents;
    } else if (e.kind.rfind("rights.", 0) == 0 || e.kind == "upload.delete" ||
               e.kind == "notice.sent" || e.kind == "objection") {
      ++rec.rights_actions[e.kind];
    }
    return Status::Ok();
  }));
  for (auto& [k, s] : sources) rec.sources.push_back(std::move(s));
  for (auto& [k, r] : recipients) rec.recipients.push_back(std::move(r));
  ASSIGN_OR_RETURN(auto meta, storage_->GetDerived("snapshot/meta"));
  if (meta.has_value()) {
    auto j = nlohmann::json::parse(*meta, nullptr, false);
    if (!j.is_discarded() && j.contains("fields")) {
      for (const auto& f : j["fields"]) rec.traits.push_back(f.get<std::string>());
    }
  }
  return rec;
}

}  // namespace dl
