// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/json_views.h"

#include "daylight/purpose.h"

#include "util/secret.h"
#include "util/time_util.h"

namespace dl {

nlohmann::json SubjectJson(const SubjectView& v, const Identifier& query) {
  nlohmann::json out;
  out["query"] = query.ToString();
  out["known"] = v.known;
  if (!v.known) return out;
  out["subject_id"] = v.subject_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.subject_id);
  out["shadow"] = v.shadow;
  nlohmann::json ids = nlohmann::json::array();
  for (const IdentifierView& iv : v.identifiers) {
    nlohmann::json claims = nlohmann::json::array();
    for (const ClaimView& c : iv.claims) {
      claims.push_back({{"supplier", SupplierName(c.supplier)},
                        {"source", c.source},
                        {"collected_for", c.purpose},
                        {"time", FormatTime(c.time_us)},
                        {"batch", c.batch},
                        {"line", c.line}});
    }
    nlohmann::json j = {{"identifier", iv.id.ToString()},
                        {"type", IdTypeName(iv.id.type)},
                        {"shadow", iv.claims.empty()},
                        {"blocked", iv.blocked},
                        {"shared", iv.shared},
                        {"claims", claims},
                        {"objections", iv.objections}};
    if (iv.shared) j["shared_by_subjects"] = iv.shared_by;
    if (iv.third_party_uploads > 0) {
      // How many uploads and since when — never which uploader, never their label.
      j["third_party"] = {{"uploads", iv.third_party_uploads},
                          {"since", FormatTime(iv.third_party_since_us)}};
    }
    ids.push_back(std::move(j));
  }
  out["identifiers"] = std::move(ids);
  nlohmann::json traits = nlohmann::json::array();
  for (const TraitView& t : v.traits) {
    traits.push_back({{"name", t.name},
                      {"value", t.value},
                      {"source", t.source},
                      {"supplier", SupplierName(t.supplier)},
                      {"batch", t.batch}});
  }
  out["traits"] = std::move(traits);
  nlohmann::json links = nlohmann::json::array();
  for (const LinkView& l : v.joined_by) {
    links.push_back({{"source", l.source},
                     {"supplier", SupplierName(l.supplier)},
                     {"batch", l.batch},
                     {"line", l.line},
                     {"identifiers", l.identifiers}});
  }
  out["joined_by"] = std::move(links);
  return out;
}

nlohmann::json DecisionJson(const Decision& d, const Identifier& id, int64_t at) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleVerdict& r : d.rules) {
    rules.push_back({{"rule", r.rule}, {"name", r.name}, {"pass", r.pass}, {"reason", r.reason}});
  }
  return {{"identifier", id.ToString()}, {"purpose", d.purpose},
          {"at", FormatTime(at)},        {"allow", d.allow},
          {"exclusion", d.exclusion},    {"rules", rules}};
}

nlohmann::json GuardedJson(const GuardedCount& g) {
  if (g.withheld) return {{"withheld", true}};
  return {{"withheld", false}, {"shown", g.shown}, {"lower", g.lower}, {"upper", g.upper}};
}

nlohmann::json DefinitionJson(const AudienceDefinition& d) {
  return {{"name", d.name},      {"purpose", d.purpose},
          {"where", d.filter},   {"created", FormatTime(d.time_us)},
          {"ledger_seq", d.seq}, {"created_by", d.actor}};
}

nlohmann::json AudienceJson(const AudienceView& v) {
  nlohmann::json excluded = nlohmann::json::object();
  for (const auto& [reason, g] : v.excluded) excluded[reason] = GuardedJson(g);
  nlohmann::json exports = nlohmann::json::array();
  for (const ExportSummary& e : v.exports) {
    exports.push_back({{"ledger_seq", e.seq},
                       {"time", FormatTime(e.time_us)},
                       {"format", e.format},
                       {"recipient", e.recipient}});
  }
  return {{"audience", DefinitionJson(v.definition)},
          {"evaluated", FormatTime(v.evaluated_us)},
          {"members", GuardedJson(v.members)},
          {"matched", GuardedJson(v.matched)},
          {"excluded", excluded},
          {"exports", exports},
          {"guardrails",
           {{"minimum", v.guardrails.minimum},
            {"rounding", v.guardrails.rounding},
            {"margin", v.guardrails.threshold_band}}}};
}

nlohmann::json AudienceExportJson(const AudienceExportReport& r) {
  return {{"file", r.path},
          {"ledger_seq", r.seq},
          {"members", GuardedJson(r.members)},
          {"rows", r.rows},
          {"identifiers", r.identifiers},
          {"skipped", r.skipped},
          {"previous_export", r.previous_seq},
          {"removed", r.removed},
          {"removed_erased", r.removed_unreadable},
          {"removals_file", r.removals_path}};
}

nlohmann::json StatsJson(const StoreStats& s, const std::string& db_path) {
  return {{"db", db_path},
          {"subjects", s.subjects},
          {"identifiers", s.identifiers},
          {"shadow_identifiers", s.shadow_identifiers},
          {"shared_identifiers", s.shared_identifiers},
          {"blocked_identifiers", s.blocked_identifiers},
          {"records", s.records},
          {"batches", s.batches},
          {"ledger_entries", s.ledger_entries}};
}

nlohmann::json VerifyJson(const VerifyReport& r) {
  nlohmann::json out = {
      {"ok", r.ok}, {"entries", r.entries}, {"head", ToHex(r.head.data(), r.head.size())}};
  if (!r.ok) {
    out["first_bad_entry"] = r.first_bad_seq;
    out["reason"] = r.reason;
  }
  return out;
}

nlohmann::json PurposesJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& p : KnownPurposes()) {
    out.push_back({{"purpose", p}, {"description", PurposeDescription(p)}});
  }
  return out;
}

nlohmann::json PolicyJson(const Policy& policy) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& p : KnownPurposes()) {
    auto basis = policy.BasisFor(p);
    const PolicyEntry* e = policy.EntryFor(p);
    out.push_back(
        {{"purpose", p},
         {"basis", basis ? nlohmann::json(LegalBasisName(*basis)) : nlohmann::json(nullptr)},
         {"declared_by", e == nullptr ? "" : e->purpose},
         {"comment", e == nullptr ? "" : e->comment}});
  }
  return out;
}

nlohmann::json ConsentRecordedJson(uint64_t seq, std::string_view purpose, ConsentState state) {
  return {{"ledger_entry", seq}, {"purpose", purpose}, {"state", ConsentStateName(state)}};
}

nlohmann::json RightsActionJson(const Identifier& id, std::string_view what, uint64_t seq,
                                std::string_view purpose) {
  nlohmann::json out = {{"identifier", id.ToString()}, {"action", what}, {"ledger_seq", seq}};
  if (!purpose.empty()) out["purpose"] = purpose;
  return out;
}

nlohmann::json ErasureJson(const ErasureReport& r) {
  nlohmann::json notify = nlohmann::json::array();
  for (const UseView& u : r.uses) {
    notify.push_back({{"recipient", u.recipient},
                      {"audience", u.audience},
                      {"export_ledger_seq", u.seq},
                      {"time", FormatTime(u.time_us)}});
  }
  return {{"ledger_seq", r.seq},          {"people", r.people},   {"unknown", r.unknown},
          {"identifiers", r.identifiers}, {"records", r.records}, {"notify", notify}};
}

nlohmann::json UploadJson(const UploadView& u) {
  return {{"upload", u.batch},      {"time", FormatTime(u.time_us)}, {"source", u.source},
          {"uploader", u.uploader}, {"contacts", u.records},         {"deleted", u.deleted}};
}

nlohmann::json UploadDeletionJson(uint64_t upload, const UploadDeletion& r) {
  return {{"upload", upload},
          {"ledger_seq", r.seq},
          {"contacts", r.records},
          {"identifiers_removed", r.identifiers_removed}};
}

nlohmann::json NoticeJson(const NoticeView& n) {
  return {{"identifier", n.id.ToString()},
          {"collected", FormatTime(n.collected_us)},
          {"due", FormatTime(n.due_us)},
          {"reason", n.used ? "first use" : "one month after collection"},
          {"uploads", n.uploads},
          {"also_supplied_directly", n.has_subject}};
}

nlohmann::json RecordsJson(const ProcessingRecord& r, const Policy& policy,
                           const std::string& db_path) {
  nlohmann::json sources = nlohmann::json::array(), recipients = nlohmann::json::array(),
                 bases = nlohmann::json::object();
  for (const auto& s : r.sources) {
    sources.push_back({{"source", s.source},
                       {"supplier", s.supplier},
                       {"collected_for", s.collected_for},
                       {"batches", s.batches},
                       {"records", s.records},
                       {"first", FormatTime(s.first_us)},
                       {"last", FormatTime(s.last_us)}});
  }
  for (const auto& x : r.recipients) {
    recipients.push_back({{"recipient", x.recipient},
                          {"purpose", x.purpose},
                          {"format", x.format},
                          {"exports", x.exports},
                          {"last", FormatTime(x.last_us)}});
  }
  for (const PolicyEntry& e : policy.entries()) bases[e.purpose] = LegalBasisName(e.basis);
  return {{"controller_store", db_path},
          {"sources", sources},
          {"categories_of_data",
           {{"identifier_claims_by_type", r.identifier_types}, {"traits", r.traits}}},
          {"recipients", recipients},
          {"legal_bases", bases},
          {"consent_records", r.consents},
          {"audiences_defined", r.audiences},
          {"rights_actions", r.rights_actions},
          {"retention", "kept until erased (`rights erase`); no automatic retention period"},
          {"security",
           "records sealed with XChaCha20-Poly1305 under per-subject and per-contact keys; "
           "identifiers looked up by keyed blind index; hash-chained ledger"},
          {"ledger_entries", r.ledger_entries}};
}

nlohmann::json ImportReportJson(const ImportReport& r) {
  nlohmann::json errors = nlohmann::json::array();
  for (const RowError& e : r.errors) {
    errors.push_back({{"line", e.line}, {"field", e.field}, {"reason", e.reason}});
  }
  return {{"batch", r.batch},
          {"records_read", r.records_read},
          {"records_stored", r.records_stored},
          {"duplicates", r.duplicates},
          {"skipped", r.skipped},
          {"claims", r.claims},
          {"objections", r.objections},
          {"suppressed", r.suppressed},
          {"subjects", r.subjects},
          {"seconds", r.seconds},
          {"errors", errors}};
}

nlohmann::json SignalImportJson(const SignalImportReport& r) {
  return {{"rows", r.rows},       {"granted", r.granted},
          {"denied", r.denied},   {"objections", r.objections},
          {"unknown", r.unknown}, {"shadow", r.shadow},
          {"skipped", r.skipped}, {"errors", r.errors}};
}

nlohmann::json RightsRequestJson(const RightsRequestView& r) {
  nlohmann::json j = {{"id", r.id},          {"kind", r.kind},
                      {"status", r.status},  {"time", FormatTime(r.time_us)},
                      {"ledger_seq", r.seq}, {"requested_by", r.actor}};
  if (r.status == "pending") {
    j["identifier"] = r.identifier;
    j["held"] = r.held;
  } else {
    j["resolved_time"] = FormatTime(r.resolved_us);
    j["resolved_by"] = r.resolved_by;
    j["resolved_ledger_seq"] = r.resolved_seq;
    j["resolution"] = r.resolution;
  }
  return j;
}

}  // namespace dl
