// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Renderings of the access report and the portability export (docs/rights.md): JSON, a
// self-contained HTML page in English or German, plain text. Pure functions of the report. The
// words the HTML page writes itself come from src/store/rights_report_text.h.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daylight/rights_report.h"

#include "store/rights_report_text.h"
#include "util/html.h"
#include "util/time_util.h"

namespace dl {
namespace {

// Keys in the order docs/rights.md lists them: format and version first.
using Json = nlohmann::ordered_json;

constexpr std::string_view kContactDiscovery = "functional.contact_discovery";

std::string Count(uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "1 Kennung", "2 Kennungen": `one` for exactly one, `many` otherwise (rights_report_text.h).
std::string Count(ReportLanguage lang, uint64_t n, ReportMsg one, ReportMsg many) {
  return Count(n, ReportWords(lang, one), ReportWords(lang, many));
}

Json TimeOrNull(int64_t us) { return us == 0 ? Json(nullptr) : Json(FormatTime(us)); }

// How the person is told who supplied a claim.
std::string_view SupplierWords(Supplier s, ReportLanguage lang = ReportLanguage::kEnglish) {
  switch (s) {
    case Supplier::kSelf:
      return ReportWords(lang, ReportMsg::kSupplierSelf);
    case Supplier::kFirstParty:
      return ReportWords(lang, ReportMsg::kSupplierFirstParty);
    case Supplier::kThirdParty:
      return ReportWords(lang, ReportMsg::kSupplierThirdParty);
    case Supplier::kDevice:
      return ReportWords(lang, ReportMsg::kSupplierDevice);
  }
  return ReportWords(lang, ReportMsg::kUnknown);
}

std::string_view ConsentDecisionWords(ConsentState s, ReportLanguage lang) {
  switch (s) {
    case ConsentState::kGranted:
      return ReportWords(lang, ReportMsg::kConsentGiven);
    case ConsentState::kDenied:
      return ReportWords(lang, ReportMsg::kConsentRefused);
    case ConsentState::kWithdrawn:
      return ReportWords(lang, ReportMsg::kConsentWithdrawn);
  }
  return ReportWords(lang, ReportMsg::kUnknown);
}

// A legal basis as the person is told it: the policy key in English, the words of Art. 6(1) in
// German; a key the table does not know is shown as it is.
std::string_view LegalBasisWords(std::string_view key, ReportLanguage lang) {
  static constexpr ReportMsg kBases[] = {
      ReportMsg::kBasisConsent,         ReportMsg::kBasisContract,
      ReportMsg::kBasisLegalObligation, ReportMsg::kBasisVitalInterest,
      ReportMsg::kBasisPublicTask,      ReportMsg::kBasisLegitimateInterest};
  for (ReportMsg m : kBases) {
    if (ReportWords(ReportLanguage::kEnglish, m) == key) return ReportWords(lang, m);
  }
  return key;
}

Json ClaimJson(const ReportClaim& c) {
  return {{"supplier", SupplierName(c.supplier)},
          {"source", c.source},
          {"collected_for", c.collected_for},
          {"time", FormatTime(c.time_us)}};
}

Json TraitJson(const ReportTrait& t, bool with_supplier) {
  Json j = {{"name", t.name}, {"value", t.value}, {"source", t.source}};
  if (with_supplier) j["supplier"] = SupplierName(t.supplier);
  j["time"] = TimeOrNull(t.time_us);
  return j;
}

Json ConsentJson(const ConsentView& c) {
  return {{"identifier", c.identifier},
          {"purpose", c.purpose},
          {"state", ConsentStateName(c.state)},
          {"time", FormatTime(c.time_us)},
          {"expires", TimeOrNull(c.expires_us)},
          {"source", c.source},
          {"evidence", c.evidence},
          {"ledger_seq", c.seq}};
}

// The event as received, embedded as JSON (as a string if it somehow is not JSON).
Json EventBody(const std::string& json) {
  Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? Json(json) : j;
}

Json EventJson(const EventView& e, bool with_seq) {
  Json j = {{"type", EventTypeName(e.type)},
            {"name", e.name.empty() ? Json(nullptr) : Json(e.name)},
            {"time", FormatTime(e.time_us)},
            {"received", TimeOrNull(e.received_us)},
            {"source", e.source},
            {"message_id", e.message_id}};
  if (with_seq) j["ledger_seq"] = e.seq;
  j["event"] = EventBody(e.json);
  return j;
}

Json EventsJson(const ReportEvents& ev) {
  Json by = Json::array();
  for (const EventCount& c : ev.by_name) {
    by.push_back({{"type", c.type},
                  {"name", c.name.empty() ? Json(nullptr) : Json(c.name)},
                  {"count", c.count},
                  {"first", FormatTime(c.first_us)},
                  {"last", FormatTime(c.last_us)}});
  }
  Json recent = Json::array();
  for (const EventView& e : ev.recent) recent.push_back(EventJson(e, true));
  return {{"count", ev.count},
          {"first", TimeOrNull(ev.first_us)},
          {"last", TimeOrNull(ev.last_us)},
          {"by_name", std::move(by)},
          {"recent", std::move(recent)}};
}

std::string EventLabel(std::string_view type, std::string_view name) {
  return name.empty() ? std::string(type) : fmt::format("{} \"{}\"", type, name);
}

bool OnlyAddressBooks(const ReportIdentifier& id) {
  return !id.third_party_purposes.empty() &&
         std::all_of(id.third_party_purposes.begin(), id.third_party_purposes.end(),
                     [](const std::string& p) { return p == kContactDiscovery; });
}

std::string Yes(bool b) {
  return std::string(ReportWords(ReportLanguage::kEnglish, b ? ReportMsg::kYes : ReportMsg::kNo));
}

// ---- HTML ----

std::string H(std::string_view s) { return HtmlEscape(s); }

constexpr std::string_view kCss = R"css(
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 60rem;
       padding: 1.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #d0d7de;
     padding-bottom: .2rem; }
p.meta { color: #444; margin-top: 0; }
.note { background: #fff8e1; border-left: 4px solid #b26a00; padding: .5rem .75rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #c8ced6; padding: .35rem .5rem; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #eef1f4; }
tbody th { font-weight: normal; }
.yes { color: #0b6b2f; font-weight: 600; }
.no { color: #8a1c1c; font-weight: 600; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
       font-size: .95em; }
ul.reasons { margin: 0; padding-left: 1.1rem; }
footer { margin-top: 2.5rem; color: #555; font-size: .9rem; }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { page-break-inside: auto; }
  tr, caption { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  thead th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .note { border: 1px solid #b26a00; }
}
)css";

class Page {
 public:
  void Raw(std::string_view s) { out_ += s; }
  void Heading(std::string_view id, std::string_view text) {
    out_ +=
        fmt::format("<section aria-labelledby=\"{}\">\n<h2 id=\"{}\">{}</h2>\n", id, id, H(text));
  }
  void EndSection() { out_ += "</section>\n"; }
  void Para(std::string_view text, std::string_view cls = "") {
    out_ += cls.empty() ? "<p>" : fmt::format("<p class=\"{}\">", cls);
    out_ += H(text);
    out_ += "</p>\n";
  }
  // A table with a caption and column headers; cells are HTML already (escaped by the caller).
  void Table(std::string_view caption, const std::vector<std::string_view>& columns,
             const std::vector<std::vector<std::string>>& rows) {
    out_ += "<table>\n<caption>" + H(caption) + "</caption>\n<thead><tr>";
    for (std::string_view c : columns) out_ += "<th scope=\"col\">" + H(c) + "</th>";
    out_ += "</tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
      out_ += "<tr>";
      for (size_t i = 0; i < row.size(); ++i) {
        // The first cell names the row.
        out_ += i == 0 ? "<th scope=\"row\">" + row[i] + "</th>" : "<td>" + row[i] + "</td>";
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string Code(std::string_view s) { return "<code>" + H(s) + "</code>"; }

// The page's words for `msg`, as plain text (Para and Table escape it).
std::string_view W(ReportLanguage lang, ReportMsg msg) { return ReportWords(lang, msg); }

// `msg` filled with plain-text values, as plain text.
template <typename... Args>
std::string Text(ReportLanguage lang, ReportMsg msg, const Args&... args) {
  return fmt::format(fmt::runtime(ReportWords(lang, msg)), args...);
}

// `msg` escaped, then filled with values that are HTML already (escaped by the caller).
template <typename... Args>
std::string Html(ReportLanguage lang, ReportMsg msg, const Args&... args) {
  return fmt::format(fmt::runtime(H(ReportWords(lang, msg))), args...);
}

// An English text from elsewhere (a purpose description, the gate's reasons), escaped: as it is
// on the English page, marked lang="en" on another so that it is read out as English.
std::string English(ReportLanguage lang, const std::string& html) {
  return lang == ReportLanguage::kEnglish ? html : "<span lang=\"en\">" + html + "</span>";
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// "<code>a</code>, <code>b</code>"
std::string CodeList(const std::vector<std::string>& items) {
  std::vector<std::string> parts;
  parts.reserve(items.size());
  for (const std::string& i : items) parts.push_back(Code(i));
  return Join(parts, ", ");
}

}  // namespace

std::string ThirdPartySentence(const ReportIdentifier& id, ReportLanguage lang) {
  if (id.third_party_uploads == 0) return "";
  const std::string what = OnlyAddressBooks(id)
                               ? Count(lang, id.third_party_uploads, ReportMsg::kAddressBookOne,
                                       ReportMsg::kAddressBookMany)
                               : Count(lang, id.third_party_uploads, ReportMsg::kUploadByOtherOne,
                                       ReportMsg::kUploadByOtherMany);
  return Text(lang, id.claims.empty() ? ReportMsg::kHeldOnly : ReportMsg::kHeldAlso,
              fmt::arg("what", what), fmt::arg("since", FormatTime(id.third_party_since_us)));
}

std::string_view RetentionStatement(ReportLanguage lang) {
  return ReportWords(lang, ReportMsg::kRetention);
}

std::string AccessReportJson(const AccessReport& r) {
  Json ids = Json::array();
  for (const ReportIdentifier& id : r.identifiers) {
    Json claims = Json::array();
    for (const ReportClaim& c : id.claims) claims.push_back(ClaimJson(c));
    Json j = {{"identifier", id.identifier}, {"type", id.type},
              {"shadow", id.claims.empty()}, {"blocked", id.blocked},
              {"shared", id.shared},         {"supplied", std::move(claims)},
              {"third_party", nullptr},      {"objections", id.objections}};
    if (id.shared) j["shared_by_subjects"] = id.shared_by;
    if (id.third_party_uploads > 0) {
      // How many uploads, since when, for what — never which uploader, never their label.
      j["third_party"] = {{"uploads", id.third_party_uploads},
                          {"since", FormatTime(id.third_party_since_us)},
                          {"collected_for", id.third_party_purposes},
                          {"summary", ThirdPartySentence(id)}};
    }
    ids.push_back(std::move(j));
  }
  Json traits = Json::array();
  for (const ReportTrait& t : r.traits) traits.push_back(TraitJson(t, true));
  Json purposes = Json::array();
  for (const PurposeUse& u : r.purposes) {
    Json denied = Json::array();
    for (const PurposeDenial& d : u.denied) {
      denied.push_back(
          {{"identifier", d.identifier}, {"exclusion", d.exclusion}, {"reason", d.reason}});
    }
    purposes.push_back(
        {{"purpose", u.purpose},
         {"description", u.description},
         {"legal_basis", u.legal_basis.empty() ? Json(nullptr) : Json(u.legal_basis)},
         {"used", u.used()},
         {"basis_reason", u.used() ? Json(u.basis_reason) : Json(nullptr)},
         {"allowed_through", u.allowed_through},
         {"denied", std::move(denied)}});
  }
  Json consents = Json::array();
  for (const ConsentView& c : r.consents) consents.push_back(ConsentJson(c));
  Json uses = Json::array();
  for (const UseView& u : r.uses) {
    uses.push_back({{"kind", "audience_export"},
                    {"ledger_seq", u.seq},
                    {"time", FormatTime(u.time_us)},
                    {"audience", u.audience},
                    {"purpose", u.purpose},
                    {"recipient", u.recipient},
                    {"format", u.format},
                    {"identifiers", u.identifiers}});
  }
  Json objections = Json::array();
  for (const auto& [purpose, on] : r.objections) {
    objections.push_back({{"purpose", purpose}, {"identifiers", on}});
  }
  Json out = {
      {"format", "daylight-access"},
      {"version", kAccessReportVersion},
      {"generated", FormatTime(r.generated_us)},
      {"query", r.query},
      {"subject_id", r.subject_id.empty() ? Json(nullptr) : Json(r.subject_id)},
      {"shadow", r.shadow},
      {"identifiers", std::move(ids)},
      {"traits", std::move(traits)},
      {"purposes", std::move(purposes)},
      {"consents", std::move(consents)},
      {"uses", std::move(uses)},
      {"objections", std::move(objections)},
      {"restricted", r.restricted},
      {"events", EventsJson(r.events)},
      {"retention", {{"period", nullptr}, {"statement", RetentionStatement()}}},
  };
  return out.dump(2) + "\n";
}

std::string PortabilityJson(const PortabilityExport& p) {
  Json ids = Json::array();
  for (const PortableIdentifier& id : p.identifiers) {
    Json supplied = Json::array();
    for (const ReportClaim& c : id.supplied) {
      supplied.push_back({{"source", c.source},
                          {"collected_for", c.collected_for},
                          {"time", FormatTime(c.time_us)}});
    }
    ids.push_back({{"identifier", id.identifier},
                   {"type", id.type},
                   {"value", id.value},
                   {"supplied", std::move(supplied)}});
  }
  Json traits = Json::array();
  for (const ReportTrait& t : p.traits) traits.push_back(TraitJson(t, false));
  Json consents = Json::array();
  for (const ConsentView& c : p.consents) consents.push_back(ConsentJson(c));
  Json events = Json::array();
  for (const EventView& e : p.events) events.push_back(EventJson(e, false));
  Json out = {
      {"format", "daylight-portability"},
      {"version", kPortabilityVersion},
      {"generated", FormatTime(p.generated_us)},
      {"identifiers", std::move(ids)},
      {"traits", std::move(traits)},
      {"consents", std::move(consents)},
      {"events", std::move(events)},
  };
  return out.dump(2) + "\n";
}

std::string AccessReportHtml(const AccessReport& r, ReportLanguage lang) {
  using M = ReportMsg;
  const ReportLanguage l = lang;
  Page page;
  page.Raw("<!DOCTYPE html>\n<html lang=\"" + H(W(l, M::kHtmlLang)) +
           "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"referrer\" content=\"no-referrer\">\n"
           "<title>" +
           H(W(l, M::kTitle)) + "</title>\n<style>");
  page.Raw(kCss);
  page.Raw("</style>\n</head>\n<body>\n<header>\n<h1>" + H(W(l, M::kHeading)) + "</h1>\n");
  page.Raw("<p class=\"meta\">" +
           Html(l, M::kMeta, fmt::arg("query", Code(r.query)),
                fmt::arg("time", H(FormatTime(r.generated_us)))) +
           "</p>\n</header>\n<main>\n");

  // Summary.
  size_t used = 0;
  for (const PurposeUse& u : r.purposes) used += u.used() ? 1 : 0;
  page.Heading("summary", W(l, M::kSummaryHeading));
  if (r.shadow) {
    const ReportIdentifier* q = r.identifiers.empty() ? nullptr : &r.identifiers.front();
    std::string sentence = q ? ThirdPartySentence(*q, l) : "";
    page.Raw(
        "<p class=\"note\">" +
        Html(l, M::kShadowNote, fmt::arg("query", Code(r.query)), fmt::arg("held", H(sentence))) +
        "</p>\n");
  } else {
    page.Para(
        Text(l, M::kSummary,
             fmt::arg("identifiers",
                      Count(l, r.identifiers.size(), M::kIdentifierOne, M::kIdentifierMany)),
             fmt::arg("details", Count(l, r.traits.size(), M::kDetailOne, M::kDetailMany)),
             fmt::arg("consents", Count(l, r.consents.size(), M::kConsentOne, M::kConsentMany)),
             fmt::arg("uses", Count(l, r.uses.size(), M::kUseOne, M::kUseMany)),
             fmt::arg("used", used), fmt::arg("total", r.purposes.size())));
  }
  page.EndSection();

  // Identifiers.
  page.Heading("identifiers", W(l, M::kIdsHeading));
  {
    std::vector<std::vector<std::string>> rows;
    for (const ReportIdentifier& id : r.identifiers) {
      std::vector<std::string> notes;
      if (id.blocked) notes.emplace_back(W(l, M::kPlaceholder));
      if (id.shared) {
        notes.push_back(
            Text(l, M::kSharedBy,
                 fmt::arg("people", Count(l, id.shared_by, M::kPersonOne, M::kPersonMany))));
      }
      for (const ReportClaim& c : id.claims) {
        rows.push_back({Code(id.identifier),
                        H(std::string(SupplierWords(c.supplier, l)) + " (" +
                          std::string(SupplierName(c.supplier)) + ")"),
                        H(c.source), Code(c.collected_for), H(FormatTime(c.time_us)),
                        H(Join(notes, "; "))});
      }
      if (id.third_party_uploads > 0) {
        rows.push_back({Code(id.identifier),
                        H(W(l, OnlyAddressBooks(id) ? M::kOthersAddressBooks : M::kOtherPeople)),
                        H(Text(l, M::kUploadsNotShown,
                               fmt::arg("uploads", Count(l, id.third_party_uploads, M::kUploadOne,
                                                         M::kUploadMany)))),
                        CodeList(id.third_party_purposes), H(FormatTime(id.third_party_since_us)),
                        H(ThirdPartySentence(id, l))});
      }
    }
    page.Table(W(l, M::kIdsCaption),
               {W(l, M::kColIdentifier), W(l, M::kColSuppliedBy), W(l, M::kColSource),
                W(l, M::kColCollectedFor), W(l, M::kColSince), W(l, M::kColNotes)},
               rows);
  }
  page.EndSection();

  // Traits.
  page.Heading("traits", W(l, M::kTraitsHeading));
  if (r.traits.empty()) {
    page.Para(W(l, M::kNone));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const ReportTrait& t : r.traits) {
      rows.push_back({H(t.name), H(t.value),
                      H(std::string(SupplierWords(t.supplier, l)) + " (" +
                        std::string(SupplierName(t.supplier)) + ")"),
                      H(t.source), t.time_us == 0 ? "" : H(FormatTime(t.time_us))});
    }
    page.Table(W(l, M::kTraitsCaption),
               {W(l, M::kColDetail), W(l, M::kColValue), W(l, M::kColSuppliedBy),
                W(l, M::kColSource), W(l, M::kColReceived)},
               rows);
  }
  page.EndSection();

  // Events.
  page.Heading("events", W(l, M::kEventsHeading));
  if (r.events.count == 0) {
    page.Para(W(l, M::kNone));
  } else {
    page.Para(Text(l, M::kEventsSummary,
                   fmt::arg("events", Count(l, r.events.count, M::kEventOne, M::kEventMany)),
                   fmt::arg("first", FormatTime(r.events.first_us)),
                   fmt::arg("last", FormatTime(r.events.last_us))));
    std::vector<std::vector<std::string>> rows;
    for (const EventCount& c : r.events.by_name) {
      rows.push_back({H(EventLabel(c.type, c.name)), H(std::to_string(c.count)),
                      H(FormatTime(c.first_us)), H(FormatTime(c.last_us))});
    }
    page.Table(W(l, M::kEventsCaption),
               {W(l, M::kColEvent), W(l, M::kColHowMany), W(l, M::kColFirst), W(l, M::kColLast)},
               rows);
    rows.clear();
    for (const EventView& e : r.events.recent) {
      rows.push_back({H(FormatTime(e.time_us)), H(EventLabel(EventTypeName(e.type), e.name)),
                      H(e.source), Code(e.json)});
    }
    page.Table(Text(l, M::kRecentCaption, fmt::arg("n", r.events.recent.size())),
               {W(l, M::kColWhen), W(l, M::kColEvent), W(l, M::kColSource), W(l, M::kColData)},
               rows);
  }
  page.EndSection();

  // Purposes and legal bases.
  page.Heading("purposes", W(l, M::kPurposesHeading));
  page.Para(W(l, M::kPurposesIntro));
  if (l != ReportLanguage::kEnglish) page.Para(W(l, M::kEnglishReasons));
  {
    std::vector<std::vector<std::string>> rows;
    for (const PurposeUse& u : r.purposes) {
      std::string detail;
      if (u.used()) {
        detail = Html(l, M::kAllowedThrough, fmt::arg("identifiers", CodeList(u.allowed_through)));
        if (!u.basis_reason.empty()) detail += " (" + English(l, H(u.basis_reason)) + ")";
      }
      if (!u.denied.empty()) {
        detail += "<ul class=\"reasons\">";
        for (const PurposeDenial& d : u.denied) {
          detail += "<li>" +
                    Html(l, M::kNotUsed, fmt::arg("identifier", Code(d.identifier)),
                         fmt::arg("why", English(l, H(d.exclusion) + ": " + H(d.reason)))) +
                    "</li>";
        }
        detail += "</ul>";
      }
      const std::string yes_no = u.used() ? "<span class=\"yes\">" + H(W(l, M::kYes)) + "</span>"
                                          : "<span class=\"no\">" + H(W(l, M::kNo)) + "</span>";
      rows.push_back(
          {Code(u.purpose) + "<br>" + English(l, H(u.description)),
           u.legal_basis.empty() ? H(W(l, M::kNoneDeclared)) : H(LegalBasisWords(u.legal_basis, l)),
           yes_no, detail});
    }
    page.Table(
        W(l, M::kPurposesCaption),
        {W(l, M::kColPurpose), W(l, M::kColLegalBasis), W(l, M::kColUsedNow), W(l, M::kColDetails)},
        rows);
  }
  page.EndSection();

  // Consents.
  page.Heading("consents", W(l, M::kConsentsHeading));
  if (r.consents.empty()) {
    page.Para(W(l, M::kNoneRecorded));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const ConsentView& c : r.consents) {
      rows.push_back({H(FormatTime(c.time_us)), Code(c.purpose),
                      H(ConsentDecisionWords(c.state, l)),
                      c.expires_us == 0 ? H(W(l, M::kNo)) : H(FormatTime(c.expires_us)),
                      Code(c.identifier), H(c.source), H(c.evidence), H(std::to_string(c.seq))});
    }
    page.Table(
        W(l, M::kConsentsCaption),
        {W(l, M::kColWhen), W(l, M::kColPurpose), W(l, M::kColDecision), W(l, M::kColExpires),
         W(l, M::kColThrough), W(l, M::kColSource), W(l, M::kColEvidence), W(l, M::kColRecordNo)},
        rows);
  }
  page.EndSection();

  // Uses.
  page.Heading("uses", W(l, M::kUsesHeading));
  if (r.uses.empty()) {
    page.Para(W(l, M::kNoUses));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const UseView& u : r.uses) {
      rows.push_back({H(FormatTime(u.time_us)),
                      H(Text(l, M::kAudienceExport, fmt::arg("audience", u.audience),
                             fmt::arg("format", u.format))),
                      Code(u.purpose), H(u.recipient), CodeList(u.identifiers),
                      H(std::to_string(u.seq))});
    }
    page.Table(W(l, M::kUsesCaption),
               {W(l, M::kColWhen), W(l, M::kColWhat), W(l, M::kColPurpose), W(l, M::kColRecipient),
                W(l, M::kColYourIdentifiers), W(l, M::kColRecordNo)},
               rows);
  }
  page.EndSection();

  // Objections and restriction.
  page.Heading("objections", W(l, M::kObjectionsHeading));
  if (r.objections.empty()) {
    page.Para(W(l, M::kNoObjection));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [purpose, on] : r.objections) {
      rows.push_back({Code(purpose), CodeList(on)});
    }
    page.Table(W(l, M::kObjectionsCaption), {W(l, M::kColObjectedTo), W(l, M::kColRecordedOn)},
               rows);
  }
  page.Para(W(l, r.restricted ? M::kRestricted : M::kNotRestricted));
  page.EndSection();

  page.Heading("retention", W(l, M::kRetentionHeading));
  page.Para(RetentionStatement(l));
  page.EndSection();

  page.Heading("rights", W(l, M::kRightsHeading));
  page.Para(W(l, M::kRights));
  page.EndSection();

  page.Raw("</main>\n<footer><p>" + Html(l, M::kFooter, fmt::arg("version", kAccessReportVersion)) +
           "</p></footer>\n</body>\n</html>\n");
  return page.Take();
}

std::string AccessReportText(const AccessReport& r) {
  std::string out = fmt::format("Access report (GDPR Art. 15) for {}, generated {}\n", r.query,
                                FormatTime(r.generated_us));
  out +=
      r.subject_id.empty() ? "belongs to no subject\n" : fmt::format("subject {}\n", r.subject_id);
  out += "\nidentifiers\n";
  for (const ReportIdentifier& id : r.identifiers) {
    std::string flags;
    if (id.blocked) flags += "  [placeholder: never used]";
    if (id.shared) flags += fmt::format("  [shared by {} subjects: never used]", id.shared_by);
    out += fmt::format("  {}{}\n", id.identifier, flags);
    for (const ReportClaim& c : id.claims) {
      out +=
          fmt::format("    supplied by {} ({}) via {} for {}, {}\n", SupplierWords(c.supplier),
                      SupplierName(c.supplier), c.source, c.collected_for, FormatTime(c.time_us));
    }
    if (id.third_party_uploads > 0) {
      out += "    " + ThirdPartySentence(id) + " (uploaders and labels are not shown)\n";
    }
  }
  out += "\ntraits\n";
  if (r.traits.empty()) out += "  none\n";
  for (const ReportTrait& t : r.traits) {
    out +=
        fmt::format("  {:<12} {:<24} ({}, {}{})\n", t.name, t.value, t.source,
                    SupplierName(t.supplier), t.time_us == 0 ? "" : ", " + FormatTime(t.time_us));
  }
  out += "\nevents\n";
  if (r.events.count == 0) out += "  none\n";
  if (r.events.count > 0) {
    out += fmt::format("  {} from {} to {}\n", Count(r.events.count, "event", "events"),
                       FormatTime(r.events.first_us), FormatTime(r.events.last_us));
    for (const EventCount& c : r.events.by_name) {
      out += fmt::format("  {:<40} {:>7}  {} .. {}\n", EventLabel(c.type, c.name), c.count,
                         FormatTime(c.first_us), FormatTime(c.last_us));
    }
    out += fmt::format("  most recent {}:\n", r.events.recent.size());
    for (const EventView& e : r.events.recent) {
      out += fmt::format("    {} {} ({}) {}\n", FormatTime(e.time_us),
                         EventLabel(EventTypeName(e.type), e.name), e.source, e.json);
    }
  }
  out += "\npurposes (the gate's decision now)\n";
  for (const PurposeUse& u : r.purposes) {
    out += fmt::format("  {:<44} basis {:<20} {}\n", u.purpose,
                       u.legal_basis.empty() ? "none" : u.legal_basis,
                       u.used() ? "USED through " + Join(u.allowed_through, ", ") : "not used");
    if (u.used() && !u.basis_reason.empty()) out += "      " + u.basis_reason + "\n";
    if (u.used()) continue;
    for (const PurposeDenial& d : u.denied) {
      out += fmt::format("      {}: {} — {}\n", d.identifier, d.exclusion, d.reason);
    }
  }
  out += "\nconsents\n";
  if (r.consents.empty()) out += "  none\n";
  for (const ConsentView& c : r.consents) {
    out += fmt::format(
        "  {} {} for {} through {} (source {}, evidence \"{}\"{}, ledger entry {})\n",
        FormatTime(c.time_us), ConsentStateName(c.state), c.purpose, c.identifier, c.source,
        c.evidence, c.expires_us == 0 ? "" : ", expires " + FormatTime(c.expires_us), c.seq);
  }
  out += "\nuses\n";
  if (r.uses.empty()) out += "  none\n";
  for (const UseView& u : r.uses) {
    out += fmt::format("  {} audience {} ({}) for {} to {}: {} (ledger entry {})\n",
                       FormatTime(u.time_us), u.audience, u.format, u.purpose, u.recipient,
                       Join(u.identifiers, ", "), u.seq);
  }
  out += "\nobjections and restriction\n";
  if (r.objections.empty()) out += "  no objection\n";
  for (const auto& [purpose, on] : r.objections) {
    out += fmt::format("  objection to {} (on {})\n", purpose, Join(on, ", "));
  }
  out += fmt::format("  restricted (Art. 18): {}\n", Yes(r.restricted));
  out += "\nretention\n  " + std::string(RetentionStatement()) + "\n";
  return out;
}

}  // namespace dl
