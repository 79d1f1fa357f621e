// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/portal_pages.h"

#include <map>
#include <utility>

#include <fmt/format.h>

#include "daylight/purpose.h"

#include "util/html.h"
#include "util/time_util.h"

namespace dl::server {
namespace {

std::string H(std::string_view s) { return HtmlEscape(s); }
std::string Tx(Lang l, Msg m) { return H(T(l, m)); }

// A table text with named arguments, formatted first and escaped as a whole.
template <typename... Args>
std::string Tf(Lang l, Msg m, Args&&... args) {
  return H(fmt::format(fmt::runtime(T(l, m)), std::forward<Args>(args)...));
}

std::string Code(std::string_view s) { return "<code>" + H(s) + "</code>"; }

std::string Hidden(std::string_view name, std::string_view value) {
  return fmt::format("<input type=\"hidden\" name=\"{}\" value=\"{}\">", name, H(value));
}

std::string Head(const PageFrame& f, Msg title) {
  const Lang l = f.lang;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>{} – {}</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n"
      "<a class=\"skip\" href=\"#main\">{}</a>\n<header class=\"bar\">\n<p class=\"site\">{}</p>\n",
      LangCode(l), Tx(l, title), Tx(l, Msg::kSiteName), kPortalCssPath, Tx(l, Msg::kSkip),
      Tx(l, Msg::kSiteName));
  // The switch names each language in itself, so it is found whatever the page's language.
  out += fmt::format("<nav aria-label=\"{}\"><ul class=\"langs\">", Tx(l, Msg::kLanguageNav));
  for (auto [lang, name] : {std::pair{Lang::kEn, "English"}, std::pair{Lang::kDe, "Deutsch"}}) {
    out += fmt::format("<li><a href=\"{}?lang={}\" hreflang=\"{}\" lang=\"{}\"{}>{}</a></li>",
                       H(f.switch_path), LangCode(lang), LangCode(lang), LangCode(lang),
                       lang == l ? " aria-current=\"true\"" : "", name);
  }
  out += "</ul></nav>\n";
  if (!f.session_csrf.empty()) {
    out += "<form class=\"signout\" method=\"post\" action=\"/privacy/logout\">" +
           Hidden("csrf", f.session_csrf) + Hidden("lang", LangCode(l)) +
           "<button type=\"submit\" class=\"secondary small\">" + Tx(l, Msg::kSignOut) +
           "</button></form>\n";
  }
  out += "</header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>" + Tx(l, title) + "</h1>\n";
  return out;
}

std::string Foot(Lang l) {
  return "</main>\n<footer><p>" + Tx(l, Msg::kFooter) + "</p></footer>\n</body>\n</html>\n";
}

std::string Para(std::string_view html, std::string_view cls = "") {
  return cls.empty() ? fmt::format("<p>{}</p>\n", html)
                     : fmt::format("<p class=\"{}\">{}</p>\n", cls, html);
}

// A status message announced to screen readers.
std::string Alert(std::string_view html, std::string_view cls) {
  return fmt::format("<p class=\"{}\" role=\"{}\">{}</p>\n", cls,
                     cls == "error" ? "alert" : "status", html);
}

// A captioned table in a scrollable region (narrow screens scroll it, not the page).
std::string Table(std::string_view caption, const std::vector<std::string>& columns,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"" +
                    H(caption) + "\">\n<table>\n<caption>" + H(caption) + "</caption>\n<thead><tr>";
  for (const std::string& c : columns) out += "<th scope=\"col\">" + c + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      out += i == 0 ? "<th scope=\"row\">" + row[i] + "</th>" : "<td>" + row[i] + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</div>\n";
}

std::string Section(std::string_view id, std::string_view heading_html) {
  return fmt::format("<section aria-labelledby=\"{0}\">\n<h2 id=\"{0}\">{1}</h2>\n", id,
                     heading_html);
}

Msg SupplierMsg(Supplier s) {
  switch (s) {
    case Supplier::kSelf:
      return Msg::kSupSelf;
    case Supplier::kFirstParty:
      return Msg::kSupFirst;
    case Supplier::kThirdParty:
      return Msg::kSupThird;
    case Supplier::kDevice:
      return Msg::kSupDevice;
  }
  return Msg::kSupFirst;
}

Msg ConsentMsg(ConsentState s) {
  switch (s) {
    case ConsentState::kGranted:
      return Msg::kGranted;
    case ConsentState::kDenied:
      return Msg::kDenied;
    case ConsentState::kWithdrawn:
      return Msg::kWithdrawnState;
  }
  return Msg::kGranted;
}

// "marketing.communications.email — Werbe-E-Mails"
std::string PurposeCell(Lang l, std::string_view purpose) {
  std::string_view text = PurposeText(l, purpose);
  return Code(purpose) + (text.empty() ? "" : "<br>" + H(text));
}

// A one-button form posting `field`=`value` to `action` with the session's CSRF token.
std::string ActionForm(const PageFrame& f, std::string_view action, std::string_view field,
                       std::string_view value, std::string_view label, std::string_view aria_label,
                       std::string_view cls) {
  return fmt::format(
      "<form class=\"inline\" method=\"post\" action=\"{}\">{}{}{}<button type=\"submit\" "
      "class=\"{}\"{}>{}</button></form>",
      action, Hidden("csrf", f.session_csrf), Hidden("lang", LangCode(f.lang)),
      field.empty() ? "" : Hidden(field, value), cls,
      aria_label.empty() ? "" : " aria-label=\"" + H(aria_label) + "\"", H(label));
}

bool Objected(const AccessReport& r, std::string_view purpose) {
  for (const auto& [p, on] : r.objections) {
    if (PurposeCovers(p, purpose)) return true;
  }
  return false;
}

void IdentifiersSection(const PageFrame& f, const AccessReport& r, std::string* out) {
  const Lang l = f.lang;
  *out += Section("identifiers", Tx(l, Msg::kIdsHeading));
  std::vector<std::vector<std::string>> rows;
  for (const ReportIdentifier& id : r.identifiers) {
    for (const ReportClaim& c : id.claims) {
      rows.push_back({Code(id.identifier), Tx(l, SupplierMsg(c.supplier)), H(c.source),
                      PurposeCell(l, c.collected_for), H(FormatTime(c.time_us))});
    }
    if (id.third_party_uploads > 0) {
      std::string purposes;
      for (const std::string& p : id.third_party_purposes) {
        purposes += (purposes.empty() ? "" : "<br>") + PurposeCell(l, p);
      }
      rows.push_back({Code(id.identifier), Tx(l, Msg::kSupThird),
                      Tf(l, Msg::kUploads, fmt::arg("n", id.third_party_uploads)), purposes,
                      H(FormatTime(id.third_party_since_us))});
    }
  }
  *out += Table(T(l, Msg::kIdsCaption),
                {Tx(l, Msg::kColIdentifier), Tx(l, Msg::kColSuppliedBy), Tx(l, Msg::kColSource),
                 Tx(l, Msg::kColCollectedFor), Tx(l, Msg::kColSince)},
                rows);
  *out += "</section>\n";
}

void TraitsSection(const PageFrame& f, const AccessReport& r, std::string* out) {
  const Lang l = f.lang;
  *out += Section("traits", Tx(l, Msg::kTraitsHeading));
  if (r.traits.empty()) {
    *out += Para(Tx(l, Msg::kNone));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const ReportTrait& t : r.traits) {
      rows.push_back({H(t.name), H(t.value), Tx(l, SupplierMsg(t.supplier)), H(t.source),
                      t.time_us == 0 ? "" : H(FormatTime(t.time_us))});
    }
    *out += Table(T(l, Msg::kTraitsCaption),
                  {Tx(l, Msg::kColDetail), Tx(l, Msg::kColValue), Tx(l, Msg::kColSuppliedBy),
                   Tx(l, Msg::kColSource), Tx(l, Msg::kColSince)},
                  rows);
  }
  *out += "</section>\n";
}

void PurposesSection(const PageFrame& f, const AccessReport& r, std::string* out) {
  const Lang l = f.lang;
  *out += Section("purposes", Tx(l, Msg::kPurposesHeading));
  *out += Para(Tx(l, Msg::kPurposesIntro));
  // All marketing at once first: the choice most people come for.
  *out += "<h3>" + Tx(l, Msg::kMarketingHeading) + "</h3>\n";
  if (Objected(r, "marketing")) {
    *out += Para(Tx(l, Msg::kMarketingDone), "ok");
  } else {
    *out += Para(Tx(l, Msg::kMarketingIntro));
    *out += "<p>" +
            ActionForm(f, "/privacy/me/object", "purpose", "marketing", T(l, Msg::kMarketingButton),
                       "", "") +
            "</p>\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const PurposeUse& u : r.purposes) {
    std::string choice;
    if (u.purpose == "essential" || PurposeCovers("essential", u.purpose)) {
      choice = Tx(l, Msg::kNeeded);
    } else if (Objected(r, u.purpose)) {
      choice = "<strong>" + Tx(l, Msg::kObjected) + "</strong>";
    } else {
      choice = ActionForm(
          f, "/privacy/me/object", "purpose", u.purpose, T(l, Msg::kObject),
          fmt::format(fmt::runtime(T(l, Msg::kObjectTo)), fmt::arg("purpose", u.purpose)),
          "secondary small");
    }
    rows.push_back({PurposeCell(l, u.purpose),
                    u.legal_basis.empty() ? Tx(l, Msg::kNoneDeclared) : H(u.legal_basis),
                    u.used() ? "<span class=\"yes\">" + Tx(l, Msg::kYes) + "</span>"
                             : "<span class=\"no\">" + Tx(l, Msg::kNo) + "</span>",
                    choice});
  }
  *out += Table(T(l, Msg::kPurposesCaption),
                {Tx(l, Msg::kColPurpose), Tx(l, Msg::kColLegalBasis), Tx(l, Msg::kColUsedNow),
                 Tx(l, Msg::kColChoice)},
                rows);
  *out += "</section>\n";
}

void ConsentsSection(const PageFrame& f, const AccessReport& r, std::string* out) {
  const Lang l = f.lang;
  *out += Section("consents", Tx(l, Msg::kConsentsHeading));
  if (r.consents.empty()) {
    *out += Para(Tx(l, Msg::kNoConsents));
    *out += "</section>\n";
    return;
  }
  // Only the latest decision per purpose can be withdrawn, and only while it is a grant.
  std::map<std::string, size_t> latest;
  for (size_t i = 0; i < r.consents.size(); ++i) latest[r.consents[i].purpose] = i;
  const int64_t now = r.generated_us;
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < r.consents.size(); ++i) {
    const ConsentView& c = r.consents[i];
    std::string action;
    if (latest[c.purpose] == i && c.state == ConsentState::kGranted &&
        (c.expires_us == 0 || c.expires_us > now)) {
      action = ActionForm(
          f, "/privacy/me/withdraw", "purpose", c.purpose, T(l, Msg::kWithdraw),
          fmt::format(fmt::runtime(T(l, Msg::kWithdrawLabel)), fmt::arg("purpose", c.purpose)),
          "secondary small");
    }
    rows.push_back({H(FormatTime(c.time_us)), PurposeCell(l, c.purpose), Tx(l, ConsentMsg(c.state)),
                    H(c.evidence), action});
  }
  *out += Table(T(l, Msg::kConsentsCaption),
                {Tx(l, Msg::kColWhen), Tx(l, Msg::kColPurpose), Tx(l, Msg::kColDecision),
                 Tx(l, Msg::kColEvidence), Tx(l, Msg::kColChoice)},
                rows);
  *out += "</section>\n";
}

void UsesSection(const PageFrame& f, const AccessReport& r, std::string* out) {
  const Lang l = f.lang;
  *out += Section("uses", Tx(l, Msg::kUsesHeading));
  if (r.uses.empty()) {
    *out += Para(Tx(l, Msg::kNoUses));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const UseView& u : r.uses) {
      std::string ids;
      for (const std::string& i : u.identifiers) ids += (ids.empty() ? "" : ", ") + Code(i);
      rows.push_back({H(FormatTime(u.time_us)), H(u.recipient), PurposeCell(l, u.purpose), ids});
    }
    *out += Table(T(l, Msg::kUsesCaption),
                  {Tx(l, Msg::kColWhen), Tx(l, Msg::kColRecipient), Tx(l, Msg::kColPurpose),
                   Tx(l, Msg::kColIdentifier)},
                  rows);
  }
  *out += "</section>\n";
}

void ObjectionsSection(const PageFrame& f, const AccessReport& r, std::string* out) {
  const Lang l = f.lang;
  *out += Section("objections", Tx(l, Msg::kObjectionsHeading));
  if (r.objections.empty()) {
    *out += Para(Tx(l, Msg::kNoObjections));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [purpose, on] : r.objections) {
      std::string ids;
      for (const std::string& i : on) ids += (ids.empty() ? "" : ", ") + Code(i);
      rows.push_back({PurposeCell(l, purpose), ids});
    }
    *out += Table(T(l, Msg::kObjectionsCaption),
                  {Tx(l, Msg::kColPurpose), Tx(l, Msg::kColRecordedOn)}, rows);
  }
  if (r.restricted) *out += Para(Tx(l, Msg::kRestricted), "note");
  *out += "</section>\n";
}

void DownloadSection(const PageFrame& f, std::string* out) {
  const Lang l = f.lang;
  *out += Section("download", Tx(l, Msg::kDownloadHeading));
  *out += "<ul>\n<li><a href=\"/privacy/me/export\" download>" + Tx(l, Msg::kDownloadExport) +
          "</a></li>\n<li><a href=\"/privacy/me/report?lang=" + std::string(LangCode(l)) +
          "\" hreflang=\"" + std::string(LangCode(l)) + "\">" + Tx(l, Msg::kFullReport) +
          "</a></li>\n<li><a href=\"/privacy/me/report.json\">" + Tx(l, Msg::kFullReportJson) +
          "</a></li>\n</ul>\n</section>\n";
}

void EraseSection(const PageFrame& f, const MePageView& v, std::string* out) {
  const Lang l = f.lang;
  *out += Section("erase", Tx(l, Msg::kEraseHeading));
  for (const RightsRequestView& q : v.requests) {
    if (q.kind == "erase" && q.status == "pending") {
      *out += Para(
          Tf(l, Msg::kErasePending, fmt::arg("when", FormatTime(q.time_us)), fmt::arg("id", q.id)),
          "note");
      *out += "</section>\n";
      return;
    }
  }
  *out += Para(Tx(l, Msg::kEraseIntro));
  *out += "<p>" + ActionForm(f, "/privacy/me/erase", "", "", T(l, Msg::kEraseButton), "", "") +
          "</p>\n</section>\n";
}

}  // namespace

const std::vector<CountryChoice>& PortalCountries() {
  static const std::vector<CountryChoice> kCountries = {
      {"DE", Msg::kCountryDE}, {"AT", Msg::kCountryAT}, {"CH", Msg::kCountryCH},
      {"FR", Msg::kCountryFR}, {"NL", Msg::kCountryNL}, {"BE", Msg::kCountryBE},
      {"IT", Msg::kCountryIT}, {"ES", Msg::kCountryES}, {"PL", Msg::kCountryPL},
      {"GB", Msg::kCountryGB}, {"US", Msg::kCountryUS},
  };
  return kCountries;
}

std::string StartPage(const PageFrame& f, const StartPageView& v) {
  const Lang l = f.lang;
  std::string out = Head(f, Msg::kStartTitle);
  if (v.signed_out) out += Alert(Tx(l, Msg::kLoggedOut), "ok");
  if (v.invalid) out += Alert(Tx(l, Msg::kInvalidIdentifier), "error");
  out += Para(Tx(l, Msg::kStartIntro));
  out += "<form method=\"post\" action=\"/privacy\" novalidate>\n" + Hidden("csrf", v.csrf) +
         Hidden("lang", LangCode(l)) + "\n";
  out += fmt::format(
      "<label for=\"identifier\">{}</label>\n<p class=\"hint\" id=\"identifier-hint\">{}</p>\n"
      "<input type=\"text\" id=\"identifier\" name=\"identifier\" value=\"{}\" required "
      "autocomplete=\"email\" autocapitalize=\"none\" spellcheck=\"false\" "
      "aria-describedby=\"identifier-hint\"{}>\n",
      Tx(l, Msg::kIdentifierLabel), Tx(l, Msg::kIdentifierHint), H(v.identifier),
      v.invalid ? " aria-invalid=\"true\"" : "");
  out += fmt::format("<label for=\"region\">{}</label>\n<select id=\"region\" name=\"region\">\n",
                     Tx(l, Msg::kRegionLabel));
  // The default country follows the language: a German page most likely gets German numbers.
  const std::string_view preselected =
      !v.region.empty() ? std::string_view(v.region) : (l == Lang::kDe ? "DE" : "");
  out += fmt::format("<option value=\"\"{}>{}</option>\n", preselected.empty() ? " selected" : "",
                     Tx(l, Msg::kRegionNone));
  for (const CountryChoice& c : PortalCountries()) {
    out += fmt::format("<option value=\"{}\"{}>{}</option>\n", c.code,
                       c.code == preselected ? " selected" : "", Tx(l, c.name));
  }
  out += "</select>\n<p><button type=\"submit\">" + Tx(l, Msg::kSendCode) + "</button></p>\n";
  out += "</form>\n";
  out += Para(Tf(l, Msg::kStartPrivacy, fmt::arg("minutes", v.code_minutes)), "hint");
  out += Para(Tx(l, Msg::kCookiesNote), "hint");
  return out + Foot(l);
}

std::string CodePage(const PageFrame& f, const CodePageView& v) {
  const Lang l = f.lang;
  std::string out = Head(f, Msg::kCodeTitle);
  if (v.problem == Msg::kWrongCode) {
    out += Alert(Tf(l, Msg::kWrongCode, fmt::arg("n", v.attempts_left)), "error");
  } else if (v.problem != Msg::kCount) {
    out += Alert(Tx(l, v.problem), "error");
  }
  if (!v.token.empty()) {
    if (v.problem == Msg::kCount) {
      out += Para(Tf(l, Msg::kCodeSent, fmt::arg("minutes", v.code_minutes)));
      out += Para(Tx(l, Msg::kCodeNoOracle), "hint");
    }
    out += "<form method=\"post\" action=\"/privacy/verify\" novalidate>\n" +
           Hidden("csrf", v.csrf) + Hidden("token", v.token) + Hidden("lang", LangCode(l)) + "\n";
    out += fmt::format(
        "<label for=\"code\">{}</label>\n<input type=\"text\" id=\"code\" name=\"code\" "
        "inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"9\" required{}>\n",
        Tx(l, Msg::kCodeLabel), v.problem == Msg::kCount ? "" : " aria-invalid=\"true\"");
    out += "<p><button type=\"submit\">" + Tx(l, Msg::kConfirm) + "</button></p>\n</form>\n";
  }
  out += "<p><a href=\"/privacy?lang=" + std::string(LangCode(l)) + "\">" + Tx(l, Msg::kNewCode) +
         "</a></p>\n";
  return out + Foot(l);
}

std::string MePage(const PageFrame& f, const MePageView& v) {
  const Lang l = f.lang;
  std::string out = Head(f, Msg::kMeTitle);
  if (v.flash != Msg::kCount) out += Alert(Tx(l, v.flash), "ok");
  out += Para(Tf(l, Msg::kVerifiedAs, fmt::arg("id", v.id.ToString())), "meta");
  if (v.report == nullptr) {
    out += Para(Tf(l, Msg::kNothingHeld, fmt::arg("id", v.id.ToString())), "note");
    out += Para(Tx(l, Msg::kNothingHeldMore));
    return out + Foot(l);
  }
  const AccessReport& r = *v.report;
  if (r.shadow && !r.identifiers.empty()) {
    const ReportIdentifier& q = r.identifiers.front();
    out += Para(Tf(l, Msg::kShadowSummary, fmt::arg("id", q.identifier),
                   fmt::arg("n", q.third_party_uploads),
                   fmt::arg("since", FormatTime(q.third_party_since_us))),
                "note");
  } else {
    out += Para(Tf(l, Msg::kSummary, fmt::arg("identifiers", r.identifiers.size()),
                   fmt::arg("traits", r.traits.size()), fmt::arg("consents", r.consents.size()),
                   fmt::arg("uses", r.uses.size())));
  }
  IdentifiersSection(f, r, &out);
  TraitsSection(f, r, &out);
  PurposesSection(f, r, &out);
  ConsentsSection(f, r, &out);
  UsesSection(f, r, &out);
  ObjectionsSection(f, r, &out);
  DownloadSection(f, &out);
  EraseSection(f, v, &out);
  return out + Foot(l);
}

std::string MessagePage(const PageFrame& f, Msg title, std::string_view text, std::string_view link,
                        Msg link_text) {
  const Lang l = f.lang;
  std::string out = Head(f, title);
  out += Alert(H(text), "error");
  out += "<p><a href=\"" + H(link) + "\">" + Tx(l, link_text) + "</a></p>\n";
  return out + Foot(l);
}

std::string_view PortalCss() {
  return R"css(:root { color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
       Arial, sans-serif; color: #1a1a1a; background: #f3f5f7; }
.skip { position: absolute; left: -9999px; top: .5rem; background: #fff; color: #12355b;
        padding: .5rem .75rem; z-index: 10; }
.skip:focus { left: .5rem; }
header.bar { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center;
             padding: .75rem 1rem; background: #12355b; color: #fff; }
header.bar a { color: #fff; }
.site { margin: 0; font-weight: 700; flex: 1 1 auto; }
.langs { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
.langs a[aria-current] { font-weight: 700; text-decoration: none; border-bottom: 3px solid #ffbf47; }
form.signout { margin: 0; }
main { display: block; max-width: 56rem; margin: 0 auto; padding: 1.25rem 1rem 2rem;
       background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .25rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #d0d7de;
     padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text], select { display: block; width: 100%; max-width: 28rem; font: inherit;
       padding: .6rem .7rem; border: 2px solid #5a6470; border-radius: 4px; background: #fff;
       color: inherit; }
input[aria-invalid=true] { border-color: #8a1c1c; }
button { font: inherit; font-weight: 600; padding: .6rem 1.2rem; border-radius: 4px;
         border: 2px solid #12355b; background: #12355b; color: #fff; cursor: pointer;
         min-height: 44px; white-space: nowrap; }
button:hover { background: #0b2440; }
button.secondary { background: #fff; color: #12355b; }
button.secondary:hover { background: #e8eef5; }
button.small { padding: .25rem .75rem; min-height: 36px; }
header.bar button.secondary { background: transparent; color: #fff; border-color: #fff; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,
main:focus-visible, .table-wrap:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.hint, .meta { color: #4a4f55; font-size: .95rem; }
.note, .ok, .error { padding: .6rem .8rem; border-left: 5px solid; }
.note { background: #fff8e1; border-color: #b26a00; }
.ok { background: #e8f5e9; border-color: #0b6b2f; }
.error { background: #fdecea; border-color: #8a1c1c; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #c8ced6; padding: .4rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: auto; }
thead th { background: #eef1f4; }
tbody th { font-weight: normal; }
.yes { color: #0b6b2f; font-weight: 700; }
.no { color: #8a1c1c; font-weight: 700; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .95em;
       overflow-wrap: anywhere; hyphens: none; }
form.inline { display: inline; margin: 0; }
footer { max-width: 56rem; margin: 0 auto; padding: 1rem; color: #4a4f55; font-size: .9rem; }
@media (max-width: 40rem) {
  h1 { font-size: 1.35rem; }
  main { padding: 1rem .75rem 1.5rem; }
  th, td { padding: .3rem .35rem; font-size: .92rem; }
  button { white-space: normal; }
}
@media print {
  header.bar, form, .skip { display: none; }
  body { background: #fff; }
}
)css";
}

}  // namespace dl::server
