// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The store's side of the gate: gathering what Decide() needs, and recording consent. Facts come
// from the projections only (claims, batches, consents, objections), never from decrypted
// records, so the gate reads no personal data to decide.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "daylight/consent_signal.h"
#include "daylight/purpose.h"
#include "daylight/store.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/consent_record.h"
#include "store/transaction.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {

StatusOr<Policy> Store::LoadPolicy() const {
  std::string path = PolicyFilePathFor(db_path_);
  if (!std::ifstream(path)) return DefaultPolicy();
  return LoadPolicyFile(path);
}

StatusOr<std::vector<IdentifierRow>> Store::MembersOf(const IdentifierRow& row) {
  if (row.subject == 0) return std::vector<IdentifierRow>{row};
  return storage_->IdentifiersOfSubject(row.subject);
}

StatusOr<GateFacts> Store::FactsFor(const Identifier& id) {
  GateFacts f;
  BlindIndex b = secrets_->Blind(id);
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
  if (!row.has_value()) return f;
  f.known = true;
  f.blocked = row->blocked;
  f.shared = row->shared;
  f.shared_by = row->claiming;
  f.has_subject = row->subject != 0;
  ASSIGN_OR_RETURN(auto records, storage_->RecordsClaiming(row->bidx));
  std::set<uint64_t> uploads;
  for (const RecordRow& r : records) {
    ASSIGN_OR_RETURN(BatchRow batch, storage_->GetBatch(r.batch));
    f.claims.push_back({r.supplier, batch.purpose, batch.source, batch.time_us});
    if (r.supplier == Supplier::kThirdParty) uploads.insert(r.batch);
  }
  f.third_party_uploads = uploads.size();
  // Consents and objections belong to the person: gather them over every identifier of the
  // subject, so they survive merges and apply whichever identifier is used.
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
  uint64_t restriction_seq = 0;  // the latest restrict/unrestrict over the subject decides
  for (const IdentifierRow& m : members) {
    ASSIGN_OR_RETURN(auto consents, storage_->ConsentsFor(m.bidx));
    for (const ConsentRow& c : consents) {
      f.consents.push_back({c.purpose, static_cast<ConsentState>(c.state), c.time_us, c.expires_us,
                            c.source, c.seq});
    }
    ASSIGN_OR_RETURN(auto objections, storage_->ObjectionsFor(m.bidx));
    for (const ObjectionRow& o : objections) f.objections.push_back(o.purpose);
    ASSIGN_OR_RETURN(auto restrictions, storage_->RestrictionsFor(m.bidx));
    for (const RestrictionRow& r : restrictions) {
      if (r.seq > restriction_seq) {
        restriction_seq = r.seq;
        f.restricted = r.restricted;
      }
    }
  }
  return f;
}

StatusOr<Decision> Store::Explain(const Identifier& id, std::string_view purpose, int64_t at_us) {
  if (!IsKnownPurpose(purpose)) {
    return InvalidArgument("--purpose: unknown purpose '" + std::string(purpose) +
                           "' (see `daylight purpose list`)");
  }
  ASSIGN_OR_RETURN(Policy policy, LoadPolicy());
  ASSIGN_OR_RETURN(GateFacts facts, FactsFor(id));
  return Decide(facts, purpose, at_us, policy);
}

namespace {

// Appends a consent ledger entry and its projection row. Runs inside the caller's transaction.
StatusOr<uint64_t> AppendConsent(Storage* storage, LedgerWriter* writer,
                                 const StoreSecrets& secrets, const IdentifierRow& row,
                                 const std::string& purpose, ConsentState state,
                                 const std::string& evidence, int64_t time_us, int64_t expires_us,
                                 const std::string& source, const std::string& actor) {
  ASSIGN_OR_RETURN(std::string wrapped, storage->GetKey(row.key_id));
  ASSIGN_OR_RETURN(SecretBytes key, secrets.UnwrapKey(wrapped));
  std::string sealed = Seal(key, evidence, "daylight-consent-evidence-v1");
  nlohmann::json j = {{"identifier", ToHex(row.bidx)},
                      {"purpose", purpose},
                      {"state", ConsentStateName(state)},
                      {"source", source},
                      {"expires", expires_us == 0 ? "" : FormatTime(expires_us)},
                      {"evidence", ToHex(sealed)}};
  ASSIGN_OR_RETURN(uint64_t seq, writer->Append("consent", actor, j.dump(), time_us));
  RETURN_IF_ERROR(MarkGateChanged(storage, seq));
  RETURN_IF_ERROR(storage->InsertConsent(
      {row.bidx, purpose, static_cast<uint8_t>(state), time_us, expires_us, source, seq, sealed}));
  return seq;
}

}  // namespace

Status RecordSignal(Storage* storage, LedgerWriter* writer, const StoreSecrets& secrets,
                    const IdentifierRow& row, const ConsentSignal& sig, int64_t time_us,
                    const std::string& evidence, const nlohmann::json& detail,
                    const std::string& actor, SignalOutcome* out) {
  if (!sig.objections.empty()) {
    // Objections protect everyone, shadow identifiers included.
    nlohmann::json j = {{"identifier", ToHex(row.bidx)},
                        {"purposes", sig.objections},
                        {"reason", "consent signal"}};
    j.update(detail);
    ASSIGN_OR_RETURN(uint64_t seq, writer->Append("objection", actor, j.dump(), time_us));
    RETURN_IF_ERROR(MarkGateChanged(storage, seq));
    for (const std::string& p : sig.objections) {
      RETURN_IF_ERROR(storage->InsertObjection({row.bidx, p, seq, time_us, "signal"}));
      ++out->objections;
    }
  }
  if (sig.granted_purposes.empty() && sig.denied_purposes.empty()) return Status::Ok();
  if (row.key_id == 0) {
    ++out->not_recorded;  // consent belongs to a person the organisation knows
    return Status::Ok();
  }
  for (const std::string& p : sig.granted_purposes) {
    RETURN_IF_ERROR(AppendConsent(storage, writer, secrets, row, p, ConsentState::kGranted,
                                  evidence, time_us, 0, "signal", actor)
                        .status());
    ++out->granted;
  }
  for (const std::string& p : sig.denied_purposes) {
    RETURN_IF_ERROR(AppendConsent(storage, writer, secrets, row, p, ConsentState::kDenied, evidence,
                                  time_us, 0, "signal", actor)
                        .status());
    ++out->denied;
  }
  return Status::Ok();
}

StatusOr<uint64_t> Store::RecordConsent(const Identifier& id, const std::string& purpose,
                                        ConsentState state, const std::string& evidence,
                                        int64_t expires_us, const std::string& source,
                                        const std::string& actor) {
  if (!IsKnownPurpose(purpose)) {
    return InvalidArgument("--purpose: unknown purpose '" + purpose +
                           "' (see `daylight purpose list`)");
  }
  BlindIndex b = secrets_->Blind(id);
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
  if (!row.has_value()) return NotFound("identifier not known to this store");
  if (row->key_id == 0) {
    return FailedPrecondition(
        "identifier is known only from third parties (shadow): consent belongs to a person "
        "the organisation knows; import their own submission (--supplier self) first");
  }
  int64_t now = NowMicros();
  if (expires_us != 0 && expires_us <= now) return InvalidArgument("--expires is in the past");
  return InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    return AppendConsent(storage_.get(), &writer, *secrets_, *row, purpose, state, evidence, now,
                         expires_us, source, actor);
  });
}

StatusOr<SignalImportReport> Store::ImportConsentSignals(const std::string& path,
                                                         const std::string& region,
                                                         uint64_t max_errors,
                                                         const std::string& actor) {
  ASSIGN_OR_RETURN(auto reader, ConsentSignalsReader::OpenFile(path));
  return ImportSignals(reader.get(), path, region, max_errors, actor);
}

StatusOr<SignalImportReport> Store::ImportConsentSignalsContent(std::string content,
                                                                const std::string& name,
                                                                const std::string& region,
                                                                uint64_t max_errors,
                                                                const std::string& actor) {
  ASSIGN_OR_RETURN(auto reader, ConsentSignalsReader::Open(std::move(content), name));
  return ImportSignals(reader.get(), name, region, max_errors, actor);
}

StatusOr<SignalImportReport> Store::ImportSignals(ConsentSignalsReader* reader,
                                                  const std::string& name,
                                                  const std::string& region, uint64_t max_errors,
                                                  const std::string& actor) {
  return InTransaction(storage_.get(), [&]() -> StatusOr<SignalImportReport> {
    SignalImportReport report;
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    // A malformed row is skipped and counted; past max_errors the whole import is undone.
    auto skip = [&](const std::string& message) -> Status {
      ++report.skipped;
      if (report.errors.size() < 100) report.errors.push_back(message);
      if (report.skipped > max_errors) {
        return InvalidArgument(message + "; import aborted, nothing was stored");
      }
      return Status::Ok();
    };
    SignalRow sr;
    while (true) {
      auto more = reader->Next(&sr);
      if (!more.ok()) {
        if (more.status().code() != StatusCode::kInvalidArgument) return more.status();
        RETURN_IF_ERROR(skip(more.status().message()));
        continue;
      }
      if (!*more) break;
      ++report.rows;
      auto id = ParseIdentifier(sr.identifier, region);
      if (!id.ok()) {
        RETURN_IF_ERROR(skip(name + ":" + std::to_string(sr.line) +
                             ": field 'identifier': " + id.status().message()));
        continue;
      }
      BlindIndex b = secrets_->Blind(*id);
      ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
      if (!row.has_value()) {
        ++report.unknown;  // nobody to attach it to; nothing is stored about strangers
        continue;
      }
      SignalOutcome outcome;
      std::string evidence = "consent signal, " + name + " line " + std::to_string(sr.line);
      RETURN_IF_ERROR(RecordSignal(storage_.get(), &writer, *secrets_, *row, sr.signal, sr.time_us,
                                   evidence, {{"line", sr.line}}, actor, &outcome));
      report.objections += outcome.objections;
      report.shadow += outcome.not_recorded;
      report.granted += outcome.granted;
      report.denied += outcome.denied;
    }
    return report;
  });
}

StatusOr<std::vector<ConsentView>> Store::ConsentsOf(const Identifier& id) {
  BlindIndex b = secrets_->Blind(id);
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
  std::vector<ConsentView> out;
  if (!row.has_value()) return out;
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
  ASSIGN_OR_RETURN(SubjectView view, ShowSubject(id));
  std::map<std::string, std::string> text;
  for (const IdentifierView& iv : view.identifiers) {
    text[std::string(AsView(secrets_->Blind(iv.id)))] = iv.id.ToString();
  }
  for (const IdentifierRow& m : members) {
    ASSIGN_OR_RETURN(auto consents, storage_->ConsentsFor(m.bidx));
    for (const ConsentRow& c : consents) {
      ConsentView v{text.count(m.bidx) ? text[m.bidx] : "(erased)",
                    c.purpose,
                    static_cast<ConsentState>(c.state),
                    c.time_us,
                    c.expires_us,
                    c.source,
                    "",
                    c.seq};
      auto wrapped = storage_->GetKey(m.key_id);
      if (wrapped.ok()) {
        ASSIGN_OR_RETURN(SecretBytes key, secrets_->UnwrapKey(*wrapped));
        ASSIGN_OR_RETURN(v.evidence, Unseal(key, c.evidence, "daylight-consent-evidence-v1"));
      }
      out.push_back(std::move(v));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ConsentView& a, const ConsentView& b) { return a.seq < b.seq; });
  return out;
}

namespace {

// The person's identifiers: every identifier of the subject, or `row` alone.
std::vector<std::string> Hex(const std::vector<IdentifierRow>& rows) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const IdentifierRow& r : rows) out.push_back(ToHex(r.bidx));
  return out;
}

}  // namespace

StatusOr<uint64_t> Store::Object(const Identifier& id, const std::string& purpose,
                                 const std::string& actor) {
  if (!IsKnownPurpose(purpose)) {
    return InvalidArgument("--purpose: unknown purpose '" + purpose +
                           "' (see `daylight purpose list`; `marketing` covers all marketing)");
  }
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(secrets_->Blind(id))));
  if (!row.has_value()) return NotFound("identifier not known to this store");
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
  const int64_t now = NowMicros();
  return InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json j = {{"identifiers", Hex(members)}, {"purpose", purpose}, {"article", 21}};
    ASSIGN_OR_RETURN(uint64_t seq, writer.Append("rights.object", actor, j.dump(), now));
    for (const IdentifierRow& m : members) {
      RETURN_IF_ERROR(storage_->InsertObjection({m.bidx, purpose, seq, now, "rights"}));
    }
    RETURN_IF_ERROR(MarkGateChanged(storage_.get(), seq));
    return seq;
  });
}

StatusOr<uint64_t> Store::Restrict(const Identifier& id, bool restricted,
                                   const std::string& actor) {
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(secrets_->Blind(id))));
  if (!row.has_value()) return NotFound("identifier not known to this store");
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
  const int64_t now = NowMicros();
  return InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json j = {{"identifiers", Hex(members)}, {"article", 18}};
    ASSIGN_OR_RETURN(
        uint64_t seq,
        writer.Append(restricted ? "rights.restrict" : "rights.unrestrict", actor, j.dump(), now));
    for (const IdentifierRow& m : members) {
      RETURN_IF_ERROR(storage_->InsertRestriction({m.bidx, restricted, seq, now}));
    }
    RETURN_IF_ERROR(MarkGateChanged(storage_.get(), seq));
    return seq;
  });
}

}  // namespace dl
