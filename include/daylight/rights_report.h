// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The reports behind the rights of access (GDPR Art. 15) and to data portability (Art. 20):
// what the organisation holds about a person, where it came from, what the gate lets it be used
// for, and where it went. Formats and wording: docs/rights.md.
//
// Contract:
//  * The reports are built from the Store's public API only (ShowSubject, FactsFor, Explain,
//    ConsentsOf, UsesOf, EventsOf, LoadPolicy); the decisions are the gate's own (Explain), so the
//    report says exactly what `explain` and audiences do.
//  * They show the person's own data and nothing of anyone else's. Identifiers known from
//    third parties (address-book uploads) are described by how many uploads hold them, since
//    when and for what purpose they were collected — never by uploader or label; the store does
//    not even decrypt those uploads to build the report.
//  * The renderers are pure functions of the report. Every value in the HTML page is escaped
//    (HtmlEscape); the page is self-contained (inline CSS, no scripts, no external resources).
//  * The HTML page is in English or German (ReportLanguage). The JSON and the text are English
//    only: the JSON is a format for machines, the text is the officer's.
#ifndef DAYLIGHT_RIGHTS_REPORT_H_
#define DAYLIGHT_RIGHTS_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daylight/identifier.h"
#include "daylight/status.h"
#include "daylight/storage.h"
#include "daylight/store.h"

namespace dl {

// Format versions written into the JSON (`"version"`); bumped on incompatible changes.
inline constexpr int kAccessReportVersion = 1;
inline constexpr int kPortabilityVersion = 1;
// The access report shows this many of the person's most recent events in full.
inline constexpr size_t kReportRecentEvents = 50;

// The language of the HTML access report. Everything the page says itself is in this language
// (src/store/rights_report_text.h holds every such string in both). Values from elsewhere are
// shown as held and never translated: identifiers, purpose keys, sources, evidence, trait
// values, and two English texts, the purpose descriptions (PurposeDescription) and the gate's
// exclusions and reasons; a German page marks those two with lang="en" and says they are
// English. Times are ISO 8601 UTC in both languages.
enum class ReportLanguage { kEnglish, kGerman };

// One self / first_party claim of an identifier: who supplied it, through which source, for
// what purpose, when.
struct ReportClaim {
  Supplier supplier = Supplier::kSelf;
  std::string source;
  std::string collected_for;
  int64_t time_us = 0;
};

struct ReportIdentifier {
  std::string identifier;  // "type:value"
  std::string type;        // "email", "phone", ...
  bool blocked = false;    // a placeholder value: never used
  bool shared = false;     // claimed by more people than the share limit: never used
  uint32_t shared_by = 0;
  std::vector<ReportClaim> claims;                // self / first_party, oldest first
  uint64_t third_party_uploads = 0;               // distinct uploads by others that hold it
  int64_t third_party_since_us = 0;               // the oldest of them
  std::vector<std::string> third_party_purposes;  // what those uploads were collected for
  std::vector<std::string> objections;            // purposes objected to, on this identifier
};

struct ReportTrait {
  std::string name, value, source;
  Supplier supplier = Supplier::kSelf;
  int64_t time_us = 0;  // when the record holding it was imported; 0 if not known
};

// The gate's decision for one purpose, now, over every identifier of the person.
struct PurposeDenial {
  std::string identifier;
  std::string exclusion;  // Decision::exclusion: "shadow", "purpose", "legal basis", ...
  std::string reason;     // the first failing rule's reason
};

struct PurposeUse {
  std::string purpose;
  std::string description;                   // PurposeDescription()
  std::string legal_basis;                   // declared in the policy for it; "" if none
  std::string basis_reason;                  // rule 3's reason for the first allowed identifier
  std::vector<std::string> allowed_through;  // identifiers the gate allows for it
  std::vector<PurposeDenial> denied;         // the others, with the reason
  bool used() const { return !allowed_through.empty(); }
};

// The person's collected events of one type and name.
struct EventCount {
  std::string type;  // EventTypeName: "track", "page", ...
  std::string name;  // the event's name ("" when it has none, e.g. an identify)
  uint64_t count = 0;
  int64_t first_us = 0, last_us = 0;
};

// What the access report says about the person's collected events (Store::EventsOf).
struct ReportEvents {
  uint64_t count = 0;
  int64_t first_us = 0, last_us = 0;  // 0 when there are none
  std::vector<EventCount> by_name;    // by type, then name
  std::vector<EventView> recent;      // newest first, at most kReportRecentEvents, unsealed
};

struct AccessReport {
  std::string query;  // the identifier asked about, "type:value"
  int64_t generated_us = 0;
  std::string subject_id;                     // "" when the identifier belongs to no subject
  bool shadow = false;                        // known only from third parties
  std::vector<ReportIdentifier> identifiers;  // the queried one first
  std::vector<ReportTrait> traits;
  std::vector<PurposeUse> purposes;  // one per KnownPurposes(), in that order
  std::vector<ConsentView> consents;
  std::vector<UseView> uses;
  // purpose -> identifiers the objection is recorded on, by purpose.
  std::vector<std::pair<std::string, std::vector<std::string>>> objections;
  bool restricted = false;  // Art. 18 restriction in force
  ReportEvents events;
};

// What the person supplied themselves (Art. 20): identifiers and traits from records with
// supplier `self`, their consent decisions, and every event collected from them.
struct PortableIdentifier {
  std::string identifier, type, value;
  std::vector<ReportClaim> supplied;  // the person's own (self) claims only
};

struct PortabilityExport {
  int64_t generated_us = 0;
  std::vector<PortableIdentifier> identifiers;
  std::vector<ReportTrait> traits;  // supplier self only
  std::vector<ConsentView> consents;
  std::vector<EventView> events;  // newest first, unsealed
};

// NotFound ("identifier not known to this store") when the store does not hold `id` (a userId
// that only sent events, without an identify call, is held: its report has its events).
StatusOr<AccessReport> BuildAccessReport(Store& store, const Identifier& id, int64_t now_us);
StatusOr<PortabilityExport> BuildPortabilityExport(Store& store, const Identifier& id,
                                                   int64_t now_us);

// The sentence for an identifier known from third parties ("held only from 3 uploaded address
// books since 2026-11-02T10:00:00Z"; German: "nur aus 3 hochgeladenen Adressbüchern bekannt,
// seit 2026-11-02T10:00:00Z"); "" when no upload holds it. The JSON and text use English.
std::string ThirdPartySentence(const ReportIdentifier& id,
                               ReportLanguage lang = ReportLanguage::kEnglish);
// Text that states how long the data is kept (docs/rights.md "Retention"). The JSON and text
// use English.
std::string_view RetentionStatement(ReportLanguage lang = ReportLanguage::kEnglish);

// docs/rights.md "Access (Art. 15)": pretty-printed JSON, ending in a newline.
std::string AccessReportJson(const AccessReport& report);
// A readable, self-contained HTML page (lang, headings, captioned tables, print styles) in
// `lang` (see ReportLanguage): `<html lang="en">` or `<html lang="de">`. Both pages have the
// same sections (same ids), tables, columns and rows and escape every value the same way; the
// German one adds one sentence saying which texts are English.
std::string AccessReportHtml(const AccessReport& report,
                             ReportLanguage lang = ReportLanguage::kEnglish);
// The Content-Security-Policy to serve that page with (the portal, the REST API): it loads,
// runs, frames and submits nothing, and its styles are inline.
inline constexpr std::string_view kAccessReportCsp =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'";
// Plain text for a terminal.
std::string AccessReportText(const AccessReport& report);
// docs/rights.md "Portability (Art. 20)": pretty-printed JSON, ending in a newline.
std::string PortabilityJson(const PortabilityExport& data);

}  // namespace dl

#endif  // DAYLIGHT_RIGHTS_REPORT_H_
