// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The queue of rights requests people make through the privacy portal for the data-protection
// officer (docs/privacy-portal.md "Erasure requests").
//
// Where it lives: the ledger records each request and its resolution (`rights.request`,
// `rights.request.resolve`, blind indexes only); the queue itself is one JSON document in the
// store's settings ("rights_requests"), read and rewritten inside a write transaction. The
// officer must know whom a request is about, so the verified identifier is kept — sealed under a
// data key of the request's own (XChaCha20-Poly1305 with the request number as associated data),
// wrapped under the store's master key like every data key. Resolving the request destroys that
// key, so no readable copy of the identifier outlives the request, whether it was carried out or
// rejected; the blind index stays, as it does everywhere in the store.
#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/transaction.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kQueueMeta = "rights_requests";
constexpr int kRequestKeyKind = 4;  // a rights request's own data key (see importer.cc for 1-3)

std::string SealContext(uint64_t id) { return "daylight rights.request " + std::to_string(id); }

StatusOr<Json> LoadQueue(Storage* storage) {
  ASSIGN_OR_RETURN(auto doc, storage->GetMeta(kQueueMeta));
  if (!doc.has_value()) return Json{{"next", 1}, {"requests", Json::array()}};
  Json j = Json::parse(*doc, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("requests") || !j["requests"].is_array() ||
      !j.contains("next")) {
    return Corruption("setting rights_requests is not a valid request queue");
  }
  return j;
}

// The fields every view has, from a queue entry (the identifier is added by the caller).
RightsRequestView ViewOf(const Json& r) {
  RightsRequestView v;
  v.id = r.value("id", uint64_t{0});
  v.kind = r.value("kind", "");
  v.status = r.value("status", "");
  v.time_us = r.value("time", int64_t{0});
  v.seq = r.value("seq", uint64_t{0});
  v.actor = r.value("actor", "");
  v.resolved_us = r.value("resolved_time", int64_t{0});
  v.resolved_by = r.value("resolved_by", "");
  v.resolved_seq = r.value("resolved_seq", uint64_t{0});
  v.resolution = r.value("resolution", "");
  return v;
}

// A plain note for the ledger and the queue: printable ASCII, at most 200 characters.
Status CheckNote(const std::string& note) {
  if (note.size() > 200) return InvalidArgument("note: at most 200 characters");
  for (unsigned char c : note) {
    if (c < 0x20 || c > 0x7e) return InvalidArgument("note: printable ASCII only");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<RightsRequestView> Store::RecordRightsRequest(const Identifier& id,
                                                       const std::string& kind,
                                                       const std::string& actor) {
  if (kind != "erase") return InvalidArgument("rights request kind must be erase");
  const BlindIndex b = secrets_->Blind(id);
  const std::string bidx_hex = ToHex(b.data(), b.size());
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
  if (!row.has_value()) return NotFound("identifier not known to this store");
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> members, MembersOf(*row));
  std::vector<std::string> hex;
  for (const IdentifierRow& m : members) hex.push_back(ToHex(m.bidx));
  const int64_t now = NowMicros();
  return InTransaction(storage_.get(), [&]() -> StatusOr<RightsRequestView> {
    ASSIGN_OR_RETURN(Json queue, LoadQueue(storage_.get()));
    for (const Json& r : queue["requests"]) {
      if (r.value("status", "") == "pending" && r.value("kind", "") == kind &&
          r.value("bidx", "") == bidx_hex) {
        RightsRequestView v = ViewOf(r);
        v.identifier = id.ToString();
        v.held = true;
        return v;
      }
    }
    const uint64_t number = queue["next"].get<uint64_t>();
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    Json body = {{"request", number}, {"kind", kind}, {"identifiers", hex}, {"article", 17}};
    ASSIGN_OR_RETURN(uint64_t seq, writer.Append("rights.request", actor, body.dump(), now));
    SecretBytes key = secrets_->NewDataKey();
    ASSIGN_OR_RETURN(uint64_t key_id,
                     storage_->PutKey(kRequestKeyKind, secrets_->WrapKey(key), now));
    const std::string sealed = Seal(key, id.ToString(), SealContext(number));
    Json r = {{"id", number},     {"kind", kind},  {"status", "pending"},
              {"time", now},      {"seq", seq},    {"actor", actor},
              {"bidx", bidx_hex}, {"key", key_id}, {"sealed", ToHex(sealed)}};
    queue["requests"].push_back(r);
    queue["next"] = number + 1;
    RETURN_IF_ERROR(storage_->SetMeta(kQueueMeta, queue.dump()));
    RightsRequestView v = ViewOf(r);
    v.identifier = id.ToString();
    v.held = true;
    return v;
  });
}

StatusOr<std::vector<RightsRequestView>> Store::ListRightsRequests(bool include_resolved,
                                                                   const Identifier* of) {
  std::string wanted;
  if (of != nullptr) {
    const BlindIndex b = secrets_->Blind(*of);
    wanted = ToHex(b.data(), b.size());
  }
  ASSIGN_OR_RETURN(Json queue, LoadQueue(storage_.get()));
  std::vector<RightsRequestView> out;
  for (const Json& r : queue["requests"]) {
    const bool pending = r.value("status", "") == "pending";
    if (!pending && !include_resolved) continue;
    if (!wanted.empty() && r.value("bidx", "") != wanted) continue;
    RightsRequestView v = ViewOf(r);
    if (pending) {
      ASSIGN_OR_RETURN(std::string wrapped, storage_->GetKey(r.value("key", uint64_t{0})));
      ASSIGN_OR_RETURN(SecretBytes key, secrets_->UnwrapKey(wrapped));
      auto sealed = FromHex(r.value("sealed", ""));
      if (!sealed.has_value()) return Corruption("rights request " + std::to_string(v.id));
      ASSIGN_OR_RETURN(v.identifier, Unseal(key, *sealed, SealContext(v.id)));
      auto bidx = FromHex(r.value("bidx", ""));
      if (!bidx.has_value()) return Corruption("rights request " + std::to_string(v.id));
      ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(*bidx));
      v.held = row.has_value();
    }
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<RightsRequestView> Store::ResolveRightsRequest(uint64_t id, bool execute,
                                                        const std::string& note,
                                                        const std::string& actor) {
  RETURN_IF_ERROR(CheckNote(note));
  ASSIGN_OR_RETURN(std::vector<RightsRequestView> all, ListRightsRequests(true));
  const RightsRequestView* found = nullptr;
  for (const RightsRequestView& v : all) {
    if (v.id == id) found = &v;
  }
  if (found == nullptr) return NotFound("no rights request " + std::to_string(id));
  if (found->status != "pending") {
    return FailedPrecondition("rights request " + std::to_string(id) + " is already " +
                              found->status);
  }
  std::string resolution = execute ? "" : (note.empty() ? "rejected" : "rejected: " + note);
  uint64_t erase_seq = 0;
  if (execute) {
    ASSIGN_OR_RETURN(Identifier who, ParseIdentifier(found->identifier));
    // Its own transaction (and checkpoint); should the bookkeeping below fail, resolving the
    // request again finds nothing held and completes it.
    ASSIGN_OR_RETURN(ErasureReport erased, EraseMany({who}, actor));
    erase_seq = erased.seq;
    resolution = erased.people > 0 ? "erased" : "nothing held";
  }
  const int64_t now = NowMicros();
  auto view = InTransaction(storage_.get(), [&]() -> StatusOr<RightsRequestView> {
    ASSIGN_OR_RETURN(Json queue, LoadQueue(storage_.get()));
    for (Json& r : queue["requests"]) {
      if (r.value("id", uint64_t{0}) != id) continue;
      if (r.value("status", "") != "pending") {
        return FailedPrecondition("rights request " + std::to_string(id) + " is already " +
                                  r.value("status", ""));
      }
      LedgerWriter writer(storage_.get());
      RETURN_IF_ERROR(writer.Reload());
      Json body = {{"request", id}, {"resolution", execute ? "done" : "rejected"}};
      if (erase_seq != 0) body["erasure"] = erase_seq;
      if (!note.empty()) body["note"] = note;
      ASSIGN_OR_RETURN(uint64_t seq,
                       writer.Append("rights.request.resolve", actor, body.dump(), now));
      RETURN_IF_ERROR(storage_->DestroyKey(r.value("key", uint64_t{0}), now));
      r.erase("sealed");
      r.erase("key");
      r["status"] = execute ? "done" : "rejected";
      r["resolved_time"] = now;
      r["resolved_by"] = actor;
      r["resolved_seq"] = seq;
      r["resolution"] = resolution;
      RETURN_IF_ERROR(storage_->SetMeta(kQueueMeta, queue.dump()));
      return ViewOf(r);
    }
    return NotFound("no rights request " + std::to_string(id));
  });
  if (!view.ok()) return view.status();
  // The sealed identifier and its wrapped key are overwritten in the database (secure_delete);
  // the checkpoint takes their old pages out of the WAL too.
  RETURN_IF_ERROR(storage_->Checkpoint());
  return view;
}

}  // namespace dl
