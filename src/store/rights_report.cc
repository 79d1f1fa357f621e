// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Building the access report (Art. 15) and the portability export (Art. 20) from the Store's
// public API. Nothing here reads storage directly or decides anything itself: identifiers,
// claims and traits come from ShowSubject (which never decrypts third-party uploads), every
// purpose decision from Explain (the gate), consents from ConsentsOf, uses from UsesOf.
#include "daylight/rights_report.h"

#include <algorithm>
#include <map>
#include <set>

#include "daylight/purpose.h"

namespace dl {
namespace {

ReportClaim ClaimOf(const ClaimView& c) { return {c.supplier, c.source, c.purpose, c.time_us}; }

void SortClaims(std::vector<ReportClaim>* claims) {
  std::stable_sort(claims->begin(), claims->end(), [](const ReportClaim& a, const ReportClaim& b) {
    return a.time_us < b.time_us;
  });
}

// When each batch was imported, from the claims that name it (a trait's record is one of the
// subject's records, so one of its identifiers carries a claim of the same batch).
std::map<uint64_t, int64_t> BatchTimes(const SubjectView& view) {
  std::map<uint64_t, int64_t> out;
  for (const IdentifierView& iv : view.identifiers) {
    for (const ClaimView& c : iv.claims) out[c.batch] = c.time_us;
  }
  return out;
}

ReportTrait TraitOf(const TraitView& t, const std::map<uint64_t, int64_t>& batch_time) {
  auto it = batch_time.find(t.batch);
  return {t.name, t.value, t.source, t.supplier, it == batch_time.end() ? 0 : it->second};
}

void SortTraits(std::vector<ReportTrait>* traits) {
  std::stable_sort(traits->begin(), traits->end(), [](const ReportTrait& a, const ReportTrait& b) {
    return a.name != b.name ? a.name < b.name : a.time_us < b.time_us;
  });
}

ReportEvents SummariseEvents(std::vector<EventView> events) {
  ReportEvents r;
  r.count = events.size();
  std::map<std::pair<std::string, std::string>, EventCount> by;
  for (const EventView& e : events) {
    if (r.first_us == 0 || e.time_us < r.first_us) r.first_us = e.time_us;
    r.last_us = std::max(r.last_us, e.time_us);
    std::string type(EventTypeName(e.type));
    EventCount& c = by[{type, e.name}];
    if (c.count == 0) {
      c.type = type;
      c.name = e.name;
      c.first_us = c.last_us = e.time_us;
    }
    ++c.count;
    c.first_us = std::min(c.first_us, e.time_us);
    c.last_us = std::max(c.last_us, e.time_us);
  }
  for (auto& [key, c] : by) r.by_name.push_back(std::move(c));
  if (events.size() > kReportRecentEvents) events.resize(kReportRecentEvents);  // newest first
  r.recent = std::move(events);
  return r;
}

}  // namespace

StatusOr<AccessReport> BuildAccessReport(Store& store, const Identifier& id, int64_t now_us) {
  ASSIGN_OR_RETURN(SubjectView view, store.ShowSubject(id));
  ASSIGN_OR_RETURN(std::vector<EventView> events, store.EventsOf(id));
  if (!view.known && events.empty()) return NotFound("identifier not known to this store");
  ASSIGN_OR_RETURN(Policy policy, store.LoadPolicy());

  AccessReport r;
  r.query = id.ToString();
  r.generated_us = now_us;
  r.subject_id = view.subject_id;
  r.shadow = view.shadow;

  std::map<std::string, std::vector<std::string>> objected;  // purpose -> identifiers
  for (const IdentifierView& iv : view.identifiers) {
    ReportIdentifier ri;
    ri.identifier = iv.id.ToString();
    ri.type = std::string(IdTypeName(iv.id.type));
    ri.blocked = iv.blocked;
    ri.shared = iv.shared;
    ri.shared_by = iv.shared_by;
    for (const ClaimView& c : iv.claims) ri.claims.push_back(ClaimOf(c));
    SortClaims(&ri.claims);
    ri.third_party_uploads = iv.third_party_uploads;
    ri.third_party_since_us = iv.third_party_since_us;
    if (iv.third_party_uploads > 0) {
      // What the uploads were collected for: a purpose key, never who uploaded or what they
      // called the person (the facts hold neither).
      ASSIGN_OR_RETURN(GateFacts facts, store.FactsFor(iv.id));
      std::set<std::string> purposes;
      for (const ClaimFact& c : facts.claims) {
        if (c.supplier == Supplier::kThirdParty) purposes.insert(c.collected_for);
      }
      ri.third_party_purposes.assign(purposes.begin(), purposes.end());
    }
    ri.objections = iv.objections;
    for (const std::string& p : iv.objections) objected[p].push_back(ri.identifier);
    r.identifiers.push_back(std::move(ri));
  }
  r.objections.assign(objected.begin(), objected.end());

  const std::map<uint64_t, int64_t> batch_time = BatchTimes(view);
  for (const TraitView& t : view.traits) r.traits.push_back(TraitOf(t, batch_time));
  SortTraits(&r.traits);

  // Restriction is the person's (recorded over every identifier of the subject).
  ASSIGN_OR_RETURN(GateFacts facts, store.FactsFor(id));
  r.restricted = facts.restricted;

  for (const std::string& purpose : KnownPurposes()) {
    PurposeUse u;
    u.purpose = purpose;
    u.description = std::string(PurposeDescription(purpose));
    if (auto basis = policy.BasisFor(purpose)) u.legal_basis = std::string(LegalBasisName(*basis));
    for (const IdentifierView& iv : view.identifiers) {
      ASSIGN_OR_RETURN(Decision d, store.Explain(iv.id, purpose, now_us));
      if (d.allow) {
        if (u.allowed_through.empty() && d.rules.size() >= 3) u.basis_reason = d.rules[2].reason;
        u.allowed_through.push_back(iv.id.ToString());
        continue;
      }
      PurposeDenial denial{iv.id.ToString(), d.exclusion, ""};
      for (const RuleVerdict& v : d.rules) {
        if (!v.pass) {
          denial.reason = v.reason;
          break;
        }
      }
      u.denied.push_back(std::move(denial));
    }
    r.purposes.push_back(std::move(u));
  }

  ASSIGN_OR_RETURN(r.consents, store.ConsentsOf(id));
  ASSIGN_OR_RETURN(r.uses, store.UsesOf(id));
  r.events = SummariseEvents(std::move(events));
  return r;
}

StatusOr<PortabilityExport> BuildPortabilityExport(Store& store, const Identifier& id,
                                                   int64_t now_us) {
  ASSIGN_OR_RETURN(SubjectView view, store.ShowSubject(id));
  ASSIGN_OR_RETURN(std::vector<EventView> events, store.EventsOf(id));
  if (!view.known && events.empty()) return NotFound("identifier not known to this store");
  PortabilityExport out;
  out.events = std::move(events);
  out.generated_us = now_us;
  for (const IdentifierView& iv : view.identifiers) {
    PortableIdentifier pi{iv.id.ToString(), std::string(IdTypeName(iv.id.type)), iv.id.value, {}};
    for (const ClaimView& c : iv.claims) {
      if (c.supplier == Supplier::kSelf) pi.supplied.push_back(ClaimOf(c));
    }
    if (pi.supplied.empty()) continue;  // not supplied by the person (Art. 20 covers only that)
    SortClaims(&pi.supplied);
    out.identifiers.push_back(std::move(pi));
  }
  const std::map<uint64_t, int64_t> batch_time = BatchTimes(view);
  for (const TraitView& t : view.traits) {
    if (t.supplier == Supplier::kSelf) out.traits.push_back(TraitOf(t, batch_time));
  }
  SortTraits(&out.traits);
  ASSIGN_OR_RETURN(out.consents, store.ConsentsOf(id));
  return out;
}

}  // namespace dl
