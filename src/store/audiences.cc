// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Audiences over the store: definitions in the ledger, evaluation over the audience snapshot
// (filter AND the gate's eligibility for the purpose), guarded counts, and exports recorded in
// the ledger with their members as blind indexes (docs/audiences.md).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "daylight/audience_export.h"
#include "daylight/audience_filter.h"
#include "daylight/purpose.h"
#include "daylight/store.h"
#include "daylight/trait_index.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/transaction.h"
#include "util/bytes.h"
#include "util/time_util.h"

namespace dl {

struct Store::Evaluation {
  std::unique_ptr<AudienceSnapshot> snapshot;
  Eligibility eligibility;
  SubjectSet matched;  // the filter alone
  SubjectSet members;  // filter AND eligible
  int64_t now_us = 0;
};

namespace {

constexpr std::string_view kExportMagic = "DLX1";

Status CheckAudienceName(const std::string& name) {
  static const std::regex kName("[a-z0-9][a-z0-9_.-]{0,63}");
  if (!std::regex_match(name, kName)) {
    return InvalidArgument("audience name '" + name.substr(0, 64) +
                           "': use 1-64 of a-z, 0-9, '_', '.', '-', starting with a letter or "
                           "digit");
  }
  return Status::Ok();
}

AudienceDefinition FromRow(const AudienceRow& r) {
  return {r.name, r.purpose, r.filter, r.seq, r.time_us, r.actor};
}

std::string DefinitionKey(const AudienceDefinition& d) { return d.purpose + '\0' + d.filter; }

// The `audience.export` body: "DLX1" | u32 header length | JSON header | u32 n | n × 16-byte
// blind indexes, sorted (docs/ledger-format.md).
std::string ExportBody(const nlohmann::json& header, const std::vector<BlindIndex>& ids) {
  std::string h = header.dump();
  std::string body(kExportMagic);
  PutFixed(&body, h.size(), 4);
  body += h;
  PutFixed(&body, ids.size(), 4);
  body.reserve(body.size() + ids.size() * kBlindIndexSize);
  for (const BlindIndex& b : ids) body.append(AsView(b));
  return body;
}

StatusOr<std::vector<BlindIndex>> ExportedIdentifiers(std::string_view body) {
  ByteReader in(body);
  std::string_view magic, header;
  uint64_t hlen = 0, n = 0;
  if (!in.Bytes(4, &magic) || magic != kExportMagic || !in.Fixed(4, &hlen) ||
      !in.Bytes(hlen, &header) || !in.Fixed(4, &n) || in.remaining() != n * kBlindIndexSize) {
    return Corruption("audience.export entry: malformed body");
  }
  std::vector<BlindIndex> out(n);
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view b;
    in.Bytes(kBlindIndexSize, &b);
    std::memcpy(out[i].data(), b.data(), kBlindIndexSize);
  }
  return out;
}

std::string DefaultRemovalsPath(const std::string& out) {
  std::string stem = out;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".csv") == 0)
    stem.resize(stem.size() - 4);
  return stem + ".remove.csv";
}

// The member's plaintext for the platform file: allowed e-mails and phones, address fields.
void AddMember(const SnapshotRow& row, const Eligibility& e, std::vector<ExportMember>* members,
               std::vector<BlindIndex>* offered) {
  ExportMember m;
  for (const SnapshotIdentifier& id : row.identifiers) {
    if (id.value.empty() || !e.allowed.contains(id.ordinal)) continue;
    if (id.type == IdType::kEmail) {
      m.emails.push_back(id.value);
    } else if (id.type == IdType::kPhone) {
      m.phones.push_back(id.value);
    } else {
      continue;  // customer-list files take e-mail and phone only
    }
    offered->push_back(id.bidx);
  }
  auto field = [&](const char* name) {
    auto it = row.fields.find(name);
    return it == row.fields.end() ? std::string() : it->second;
  };
  m.first_name = field("first_name");
  m.last_name = field("last_name");
  m.country = field("country");
  m.zip = field("zip");
  m.city = field("city");
  m.state = field("state");
  m.dob = field("dob");
  m.gender = field("gender");
  members->push_back(std::move(m));
}

}  // namespace

std::string Store::GuardSecret() const {
  BlindIndex b = secrets_->BlindRaw("guardrail", "audience sizes");
  return std::string(AsView(b));
}

StatusOr<AudienceDefinition> Store::CreateAudience(const std::string& name,
                                                   const std::string& purpose,
                                                   const std::string& where, bool replace,
                                                   const std::string& actor) {
  RETURN_IF_ERROR(CheckAudienceName(name));
  if (!IsKnownPurpose(purpose)) {
    return InvalidArgument("--purpose: unknown purpose '" + purpose +
                           "' (see `daylight purpose list`)");
  }
  auto ast = ParseFilter(where);
  if (!ast.ok()) return InvalidArgument("--where: " + ast.status().message());
  AudienceRow row{name, purpose, ToString(*ast), 0, NowMicros(), actor};
  return InTransaction(storage_.get(), [&]() -> StatusOr<AudienceDefinition> {
    ASSIGN_OR_RETURN(auto existing, storage_->GetAudience(name));
    if (existing.has_value() && !replace) {
      return AlreadyExists("audience '" + name +
                           "' exists (pass --replace to redefine it; its exports stay on record)");
    }
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json body = {{"name", name},
                           {"purpose", purpose},
                           {"filter", row.filter},
                           {"replaces", existing.has_value()}};
    ASSIGN_OR_RETURN(row.seq, writer.Append("audience.create", actor, body.dump(), row.time_us));
    RETURN_IF_ERROR(storage_->PutAudience(row));
    return FromRow(row);
  });
}

StatusOr<std::vector<AudienceDefinition>> Store::ListAudiences() {
  ASSIGN_OR_RETURN(auto rows, storage_->ListAudiences());
  std::vector<AudienceDefinition> out;
  for (const AudienceRow& r : rows) out.push_back(FromRow(r));
  return out;
}

StatusOr<Store::Evaluation> Store::Evaluate(const AudienceDefinition& def,
                                            const std::function<void(double)>& progress) {
  ASSIGN_OR_RETURN(FilterAst ast, ParseFilter(def.filter));
  ASSIGN_OR_RETURN(Policy policy, LoadPolicy());
  Evaluation ev;
  ev.now_us = NowMicros();
  // Progress: the snapshot (when it must be rebuilt) is the first half, eligibility the second.
  auto half = [&](double base) {
    return [&progress, base](double f) {
      if (progress) progress(base + f / 2);
    };
  };
  ASSIGN_OR_RETURN(ev.snapshot, AudienceSnapshot::Open(storage_.get(), *secrets_, half(0)));
  ASSIGN_OR_RETURN(ev.eligibility,
                   ev.snapshot->EligibilityFor(def.purpose, policy, ev.now_us, half(0.5)));
  TraitIndex index(ev.snapshot->universe(), ev.snapshot->TraitLoader());
  // The filter alone (against every subject), then AND eligible: membership is never wider
  // than the gate allows.
  ASSIGN_OR_RETURN(ev.matched, AudienceMembers(ast, index, index.Universe(), ev.now_us));
  ev.members = ev.matched & ev.eligibility.eligible;
  return ev;
}

StatusOr<AudienceView> Store::ShowAudience(const std::string& name,
                                           const std::function<void(double)>& progress) {
  ASSIGN_OR_RETURN(auto row, storage_->GetAudience(name));
  if (!row.has_value()) return NotFound("no audience named '" + name + "'");
  AudienceView view;
  view.definition = FromRow(*row);
  view.guardrails = guardrails_;
  ASSIGN_OR_RETURN(Evaluation ev, Evaluate(view.definition, progress));
  view.evaluated_us = ev.now_us;
  const std::string key = DefinitionKey(view.definition);
  const std::string secret = GuardSecret();
  ASSIGN_OR_RETURN(view.members, Guard(ev.members.cardinality(), key, guardrails_, secret));
  ASSIGN_OR_RETURN(view.matched,
                   Guard(ev.matched.cardinality(), key + '\0' + "matched", guardrails_, secret));
  std::vector<std::pair<std::string, uint64_t>> excluded;
  for (const auto& [reason, set] : ev.eligibility.excluded) {
    excluded.emplace_back(reason, (ev.matched & set).cardinality());
  }
  ASSIGN_OR_RETURN(view.excluded, GuardBreakdown(excluded, key, guardrails_, secret));
  ASSIGN_OR_RETURN(auto exports, storage_->ExportsOf(name));
  for (const ExportRow& e : exports) {
    view.exports.push_back({e.seq, e.time_us, e.recipient, e.format});
  }
  return view;
}

StatusOr<AudienceExportReport> Store::ExportAudience(const AudienceExportRequest& request,
                                                     const std::function<void(double)>& progress) {
  if (request.recipient.empty()) {
    return InvalidArgument("--recipient is required: name who receives the file");
  }
  if (request.out_path.empty()) return InvalidArgument("--out is required");
  if (request.platform == Platform::kPair) {
    return InvalidArgument("--format: pair has no file format; use meta or google");
  }
  ASSIGN_OR_RETURN(auto row, storage_->GetAudience(request.audience));
  if (!row.has_value()) return NotFound("no audience named '" + request.audience + "'");
  const AudienceDefinition def = FromRow(*row);
  ASSIGN_OR_RETURN(Evaluation ev, Evaluate(def, progress));
  const std::string key = DefinitionKey(def);
  const std::string secret = GuardSecret();
  // Refuse a small audience before reading any member's data.
  RETURN_IF_ERROR(CheckExportable(ev.members.cardinality(), key, guardrails_, secret));

  // Members' rows, decoded on two threads into per-chunk lists kept in subject order.
  std::vector<std::vector<ExportMember>> per_chunk;
  std::vector<std::vector<BlindIndex>> offered_per_chunk;
  RETURN_IF_ERROR(ev.snapshot->ForEachRowInParallel(
      ev.members, 2,
      [&](size_t slots) {
        per_chunk.resize(slots);
        offered_per_chunk.resize(slots);
      },
      [&](size_t slot, const SnapshotRow& r) {
        AddMember(r, ev.eligibility, &per_chunk[slot], &offered_per_chunk[slot]);
        return Status::Ok();
      }));
  std::vector<ExportMember> members;
  members.reserve(ev.members.cardinality());
  std::vector<BlindIndex> offered;
  for (size_t i = 0; i < per_chunk.size(); ++i) {
    std::move(per_chunk[i].begin(), per_chunk[i].end(), std::back_inserter(members));
    offered.insert(offered.end(), offered_per_chunk[i].begin(), offered_per_chunk[i].end());
    std::vector<ExportMember>().swap(per_chunk[i]);
  }
  std::sort(offered.begin(), offered.end());
  offered.erase(std::unique(offered.begin(), offered.end()), offered.end());

  ExportOptions options;
  options.platform = request.platform;
  options.default_region = request.default_region;
  options.identifiers_normalized = true;  // the store validated them at import
  ASSIGN_OR_RETURN(ExportCounts counts,
                   WriteCustomerList(members, request.out_path, options, key, guardrails_, secret));
  members.clear();
  members.shrink_to_fit();

  AudienceExportReport report;
  report.path = request.out_path;
  ASSIGN_OR_RETURN(report.members, Guard(ev.members.cardinality(), key, guardrails_, secret));
  report.rows = counts.rows;
  report.identifiers = offered.size();
  report.skipped = counts.skipped;

  // Whom to remove: identifiers of the last export of this audience to the same recipient that
  // are not in this one.
  ASSIGN_OR_RETURN(auto previous, storage_->ExportsOf(def.name));
  std::vector<BlindIndex> removed;
  for (auto it = previous.rbegin(); it != previous.rend(); ++it) {
    if (it->recipient != request.recipient) continue;
    report.previous_seq = it->seq;
    ASSIGN_OR_RETURN(std::string body, storage_->ReadBody(it->seq));
    ASSIGN_OR_RETURN(std::vector<BlindIndex> before, ExportedIdentifiers(body));
    std::set_difference(before.begin(), before.end(), offered.begin(), offered.end(),
                        std::back_inserter(removed));
    break;
  }
  report.removed = removed.size();
  if (!removed.empty()) {
    // Values are read from the snapshot rows of their subjects; an identifier erased since (or
    // no longer in any subject) can only be named by its blind index, in the ledger entry.
    std::set<BlindIndex> wanted(removed.begin(), removed.end());
    SubjectSet owners;
    for (const BlindIndex& b : removed) {
      ASSIGN_OR_RETURN(auto id, storage_->GetIdentifier(AsView(b)));
      if (id.has_value() && id->subject != 0 && id->subject <= UINT32_MAX) {
        owners.add(static_cast<uint32_t>(id->subject));
      }
    }
    owners &= ev.snapshot->universe();
    std::vector<ExportMember> removals;
    uint64_t readable = 0;
    RETURN_IF_ERROR(ev.snapshot->ForEachRow(owners, [&](const SnapshotRow& r) {
      ExportMember m;
      for (const SnapshotIdentifier& id : r.identifiers) {
        if (id.value.empty() || !wanted.count(id.bidx)) continue;
        if (id.type == IdType::kEmail) m.emails.push_back(id.value);
        if (id.type == IdType::kPhone) m.phones.push_back(id.value);
        ++readable;
      }
      if (!m.emails.empty() || !m.phones.empty()) removals.push_back(std::move(m));
      return Status::Ok();
    }));
    report.removed_unreadable = removed.size() - readable;
    if (!removals.empty()) {
      report.removals_path = request.removals_path.empty() ? DefaultRemovalsPath(request.out_path)
                                                           : request.removals_path;
      // A removal list is never withheld: one person who withdrew must still be removed.
      GuardrailOptions none{0, 1, 1};
      options.max_emails = 3;
      options.max_phones = 3;
      auto written = WriteCustomerList(removals, report.removals_path, options, key, none, secret);
      if (!written.ok()) {
        std::remove(request.out_path.c_str());
        return written.status().WithContext("removal list");
      }
    }
  }

  // The record of the export. Without it the file must not exist: remove it on failure.
  nlohmann::json header = {{"audience", def.name},
                           {"definition", def.seq},
                           {"purpose", def.purpose},
                           {"filter", def.filter},
                           {"recipient", request.recipient},
                           {"format", std::string(PlatformName(request.platform))},
                           {"file", std::filesystem::path(request.out_path).filename().string()},
                           {"blake2b", counts.blake2b},
                           {"members", ev.members.cardinality()},
                           {"rows", counts.rows},
                           {"previous", report.previous_seq},
                           {"removed", report.removed}};
  const int64_t now = NowMicros();
  auto seq = InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    ASSIGN_OR_RETURN(uint64_t s, writer.Append("audience.export", request.actor,
                                               ExportBody(header, offered), now));
    RETURN_IF_ERROR(
        storage_->InsertExport({s, def.name, now, request.recipient, def.purpose,
                                std::string(PlatformName(request.platform)), offered.size()}));
    return s;
  });
  if (!seq.ok()) {
    std::remove(request.out_path.c_str());
    if (!report.removals_path.empty()) std::remove(report.removals_path.c_str());
    return seq.status();
  }
  report.seq = *seq;
  return report;
}

StatusOr<std::vector<UseView>> Store::UsesOf(const Identifier& id) {
  BlindIndex b = secrets_->Blind(id);
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
  std::vector<UseView> out;
  if (!row.has_value()) return out;
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> mine, MembersOf(*row));
  // blind index -> the identifier's text, for those whose value is readable.
  std::map<std::string, std::string> text;
  ASSIGN_OR_RETURN(SubjectView view, ShowSubject(id));
  for (const IdentifierView& iv : view.identifiers) {
    text[std::string(AsView(secrets_->Blind(iv.id)))] = iv.id.ToString();
  }
  text[std::string(AsView(b))] = id.ToString();
  ASSIGN_OR_RETURN(auto exports, storage_->ListExports());
  for (const ExportRow& e : exports) {
    ASSIGN_OR_RETURN(std::string body, storage_->ReadBody(e.seq));
    ASSIGN_OR_RETURN(std::vector<BlindIndex> listed, ExportedIdentifiers(body));
    UseView use{e.seq, e.time_us, e.audience, e.purpose, e.recipient, e.format, {}};
    for (const IdentifierRow& m : mine) {
      BlindIndex mb{};
      std::memcpy(mb.data(), m.bidx.data(), std::min(m.bidx.size(), kBlindIndexSize));
      if (!std::binary_search(listed.begin(), listed.end(), mb)) continue;
      auto t = text.find(m.bidx);
      use.identifiers.push_back(t == text.end() ? "(erased)" : t->second);
    }
    if (!use.identifiers.empty()) out.push_back(std::move(use));
  }
  return out;
}

}  // namespace dl
