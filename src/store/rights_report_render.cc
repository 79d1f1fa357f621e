// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Renderings of the access report and the portability export (docs/rights.md): JSON, a
// self-contained HTML page, plain text. Pure functions of the report.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daylight/rights_report.h"

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

Json TimeOrNull(int64_t us) { return us == 0 ? Json(nullptr) : Json(FormatTime(us)); }

// How the person is told who supplied a claim.
std::string_view SupplierWords(Supplier s) {
  switch (s) {
    case Supplier::kSelf:
      return "you";
    case Supplier::kFirstParty:
      return "our own records";
    case Supplier::kThirdParty:
      return "someone else";
    case Supplier::kDevice:
      return "a device";
  }
  return "unknown";
}

std::string ConsentDecisionWords(ConsentState s) {
  switch (s) {
    case ConsentState::kGranted:
      return "given";
    case ConsentState::kDenied:
      return "refused";
    case ConsentState::kWithdrawn:
      return "withdrawn";
  }
  return "unknown";
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

std::string Yes(bool b) { return b ? "yes" : "no"; }

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
  for (const std::string& i : items) parts.push_back(Code(i));
  return Join(parts, ", ");
}

}  // namespace

std::string ThirdPartySentence(const ReportIdentifier& id) {
  if (id.third_party_uploads == 0) return "";
  const std::string what =
      OnlyAddressBooks(id)
          ? Count(id.third_party_uploads, "uploaded address book", "uploaded address books")
          : Count(id.third_party_uploads, "upload by someone else", "uploads by others");
  return fmt::format("{} from {} since {}", id.claims.empty() ? "held only" : "also held", what,
                     FormatTime(id.third_party_since_us));
}

std::string_view RetentionStatement() {
  return "No automatic retention period is configured: the data is kept until it is erased "
         "(Art. 17). Identifiers from other people's address books are kept until that upload is "
         "deleted or they are erased. Consents with an expiry date stop counting on that "
         "date. Erasure destroys the keys the data is encrypted under, so nothing readable "
         "remains in our records; the record of what was done (the ledger) stays, without "
         "readable personal data. Files already sent to a recipient (see the uses) are kept "
         "under that recipient's own retention; erasure lists those recipients to be told.";
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

std::string AccessReportHtml(const AccessReport& r) {
  Page page;
  page.Raw(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>Your data: access report (GDPR Art. 15)</title>\n<style>");
  page.Raw(kCss);
  page.Raw("</style>\n</head>\n<body>\n<header>\n<h1>The data we hold about you</h1>\n");
  page.Raw("<p class=\"meta\">Access report under Article 15 GDPR for " + Code(r.query) +
           ", generated " + H(FormatTime(r.generated_us)) + " (UTC).</p>\n</header>\n<main>\n");

  // Summary.
  size_t used = 0;
  for (const PurposeUse& u : r.purposes) used += u.used() ? 1 : 0;
  page.Heading("summary", "Summary");
  if (r.shadow) {
    const ReportIdentifier* q = r.identifiers.empty() ? nullptr : &r.identifiers.front();
    std::string sentence = q ? ThirdPartySentence(*q) : "";
    page.Raw("<p class=\"note\">" + Code(r.query) + " is " + H(sentence) +
             ". You did not give it to us, and it is not in our own records. It is never used "
             "for marketing, advertising, matching or sharing. Who uploaded it is not shown, and "
             "the names or labels people gave it in their address books are not kept.</p>\n");
  } else {
    page.Para(
        fmt::format("We hold {} and {} about you, {}, and a record of {} of your data. "
                    "Right now it may be used for {} of the {} purposes listed below.",
                    Count(r.identifiers.size(), "identifier", "identifiers"),
                    Count(r.traits.size(), "other detail", "other details"),
                    Count(r.consents.size(), "consent decision", "consent decisions"),
                    Count(r.uses.size(), "use", "uses"), used, r.purposes.size()));
  }
  page.EndSection();

  // Identifiers.
  page.Heading("identifiers", "Your identifiers and where they came from");
  {
    std::vector<std::vector<std::string>> rows;
    for (const ReportIdentifier& id : r.identifiers) {
      std::vector<std::string> notes;
      if (id.blocked) notes.push_back("a placeholder value: never used");
      if (id.shared)
        notes.push_back(Count(id.shared_by, "person", "people") + " gave it: never used");
      for (const ReportClaim& c : id.claims) {
        rows.push_back({Code(id.identifier),
                        H(std::string(SupplierWords(c.supplier)) + " (" +
                          std::string(SupplierName(c.supplier)) + ")"),
                        H(c.source), Code(c.collected_for), H(FormatTime(c.time_us)),
                        H(Join(notes, "; "))});
      }
      if (id.third_party_uploads > 0) {
        rows.push_back(
            {Code(id.identifier),
             H(OnlyAddressBooks(id) ? "other people's uploaded address books" : "other people"),
             H(Count(id.third_party_uploads, "upload", "uploads") + " (uploaders not shown)"),
             CodeList(id.third_party_purposes), H(FormatTime(id.third_party_since_us)),
             H(ThirdPartySentence(id))});
      }
    }
    page.Table("Each row is one way we received an identifier of yours",
               {"Identifier", "Supplied by", "Source", "Collected for", "Since", "Notes"}, rows);
  }
  page.EndSection();

  // Traits.
  page.Heading("traits", "Other details about you");
  if (r.traits.empty()) {
    page.Para("None.");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const ReportTrait& t : r.traits) {
      rows.push_back({H(t.name), H(t.value),
                      H(std::string(SupplierWords(t.supplier)) + " (" +
                        std::string(SupplierName(t.supplier)) + ")"),
                      H(t.source), t.time_us == 0 ? "" : H(FormatTime(t.time_us))});
    }
    page.Table("Details we hold, with where each came from",
               {"Detail", "Value", "Supplied by", "Source", "Received"}, rows);
  }
  page.EndSection();

  // Events.
  page.Heading("events", "What we recorded of your visits and use of our services");
  if (r.events.count == 0) {
    page.Para("None.");
  } else {
    page.Para(fmt::format("We hold {}, from {} to {}.", Count(r.events.count, "event", "events"),
                          FormatTime(r.events.first_us), FormatTime(r.events.last_us)));
    std::vector<std::vector<std::string>> rows;
    for (const EventCount& c : r.events.by_name) {
      rows.push_back({H(EventLabel(c.type, c.name)), H(std::to_string(c.count)),
                      H(FormatTime(c.first_us)), H(FormatTime(c.last_us))});
    }
    page.Table("Events by kind", {"Event", "How many", "First", "Last"}, rows);
    rows.clear();
    for (const EventView& e : r.events.recent) {
      rows.push_back({H(FormatTime(e.time_us)), H(EventLabel(EventTypeName(e.type), e.name)),
                      H(e.source), Code(e.json)});
    }
    page.Table(fmt::format("The {} most recent events, as we received them (the export has all)",
                           r.events.recent.size()),
               {"When", "Event", "Source", "Data"}, rows);
  }
  page.EndSection();

  // Purposes and legal bases.
  page.Heading("purposes", "What your data may be used for, and on what legal basis");
  page.Para(
      "For every purpose, the decision our system takes now for each of your identifiers. "
      "Data is used for a purpose only through identifiers shown as allowed.");
  {
    std::vector<std::vector<std::string>> rows;
    for (const PurposeUse& u : r.purposes) {
      std::string detail;
      if (u.used()) {
        detail = "allowed through " + CodeList(u.allowed_through);
        if (!u.basis_reason.empty()) detail += " (" + H(u.basis_reason) + ")";
      }
      if (!u.denied.empty()) {
        detail += "<ul class=\"reasons\">";
        for (const PurposeDenial& d : u.denied) {
          detail += "<li>" + Code(d.identifier) + ": not used (" + H(d.exclusion) + ": " +
                    H(d.reason) + ")</li>";
        }
        detail += "</ul>";
      }
      rows.push_back({Code(u.purpose) + "<br>" + H(u.description),
                      u.legal_basis.empty() ? "none declared" : H(u.legal_basis),
                      u.used() ? "<span class=\"yes\">yes</span>" : "<span class=\"no\">no</span>",
                      detail});
    }
    page.Table("Purposes, the legal basis declared for each, and whether your data may be used",
               {"Purpose", "Legal basis", "Used now", "Details"}, rows);
  }
  page.EndSection();

  // Consents.
  page.Heading("consents", "Your consent decisions");
  if (r.consents.empty()) {
    page.Para("None recorded.");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const ConsentView& c : r.consents) {
      rows.push_back({H(FormatTime(c.time_us)), Code(c.purpose), H(ConsentDecisionWords(c.state)),
                      c.expires_us == 0 ? "no" : H(FormatTime(c.expires_us)), Code(c.identifier),
                      H(c.source), H(c.evidence), H(std::to_string(c.seq))});
    }
    page.Table(
        "Consent decisions, oldest first, with the evidence recorded",
        {"When", "Purpose", "Decision", "Expires", "Through", "Source", "Evidence", "Record no."},
        rows);
  }
  page.EndSection();

  // Uses.
  page.Heading("uses", "Where your data went");
  if (r.uses.empty()) {
    page.Para("Your data has not been sent to anyone.");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const UseView& u : r.uses) {
      rows.push_back({H(FormatTime(u.time_us)),
                      H("audience \"" + u.audience + "\" (" + u.format + " customer list, hashed)"),
                      Code(u.purpose), H(u.recipient), CodeList(u.identifiers),
                      H(std::to_string(u.seq))});
    }
    page.Table("Each time your data was sent to a recipient",
               {"When", "What", "Purpose", "Recipient", "Your identifiers in it", "Record no."},
               rows);
  }
  page.EndSection();

  // Objections and restriction.
  page.Heading("objections", "Objections and restriction");
  if (r.objections.empty()) {
    page.Para("No objection (Art. 21) is recorded.");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [purpose, on] : r.objections) {
      rows.push_back({Code(purpose), CodeList(on)});
    }
    page.Table("Objections in force (Art. 21): no consent or policy overrides them",
               {"Purpose objected to", "Recorded on"}, rows);
  }
  page.Para(r.restricted ? "Processing of your data is restricted (Art. 18): it is only stored, "
                           "not used, until the restriction is lifted."
                         : "Processing of your data is not restricted (Art. 18).");
  page.EndSection();

  page.Heading("retention", "How long we keep it");
  page.Para(RetentionStatement());
  page.EndSection();

  page.Heading("rights", "Your rights");
  page.Para(
      "You may ask us to correct your data (Art. 16), to erase it (Art. 17), to restrict its "
      "use (Art. 18), for a copy of what you gave us in a machine-readable form (Art. 20), and "
      "you may object to its use at any time (Art. 21); an objection to marketing is always "
      "followed. You may also complain to a data-protection supervisory authority.");
  page.EndSection();

  page.Raw("</main>\n<footer><p>Produced by Daylight, format daylight-access version " +
           std::to_string(kAccessReportVersion) +
           ". Record numbers refer to entries in our tamper-evident ledger.</p></footer>\n"
           "</body>\n</html>\n");
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
