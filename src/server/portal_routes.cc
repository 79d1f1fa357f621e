// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The privacy portal (/privacy, docs/privacy-portal.md): a person proves control of an e-mail
// address or phone number with a one-time code, then sees, downloads, objects to, withdraws
// consent for, and asks to erase what is held about them.
//
// Choices worth knowing:
//  * POST /privacy answers the same page for every valid identifier (only the tokens differ):
//    the Verifier never consults the store, so neither the answer nor its timing says whether
//    anything is held.
//  * Objections and withdrawals take effect at once (Art. 21(3), 7(3): no reason needed, no
//    check possible). Erasure is queued for the officer, who may have to keep some data
//    (Art. 17(3)) and confirms the request (Art. 12(6)); the person sees it pending.
//  * Every disclosure and every action is a ledger entry naming the actor "portal:verified".
//  * Responses carry a strict Content-Security-Policy (no scripts at all), no-store caching and
//    no referrer; logs name events and channels, never identifiers, codes or tokens.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "daylight/purpose.h"
#include "daylight/rights_report.h"
#include "daylight/store.h"
#include "daylight/verification.h"

#include "server/auth.h"
#include "server/portal_pages.h"
#include "server/portal_session.h"
#include "server/portal_text.h"
#include "server/routes.h"
#include "util/time_util.h"

namespace dl::server {
namespace {

constexpr std::string_view kActor = "portal:verified";
constexpr std::string_view kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";
// The full access report (AccessReportHtml) is one self-contained page with inline CSS.
constexpr int kPreSessionSeconds = 24 * 3600;

// Jobs posted to the store executor hold a reference (shared_from_this), so the portal outlives
// every job even if the router goes first at shutdown.
struct Portal : std::enable_shared_from_this<Portal> {
  ServerContext* ctx = nullptr;
  Verifier* verifier = nullptr;
  PortalSessions sessions;
  int code_minutes = 10;
  int64_t code_ttl_us = 0;
  // Created here when the server did not bring its own (ctx.verifier null).
  std::unique_ptr<OutboxDelivery> own_outbox;
  std::unique_ptr<OneTimeCodeVerifier> own_verifier;
};

std::string Trimmed(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// The rate-limit key of a peer: its address without the port.
std::string ClientKey(std::string_view remote) {
  if (!remote.empty() && remote.front() == '[') {
    size_t end = remote.find(']');
    return std::string(remote.substr(1, end == std::string_view::npos ? end : end - 1));
  }
  size_t colon = remote.find(':');
  if (colon != std::string_view::npos && remote.find(':', colon + 1) == std::string_view::npos) {
    return std::string(remote.substr(0, colon));
  }
  return std::string(remote);
}

std::string SetCookie(std::string_view name, std::string_view value, int max_age, bool tls,
                      bool http_only = true) {
  std::string c = std::string(name) + "=" + std::string(value) +
                  "; Path=/privacy; Max-Age=" + std::to_string(max_age) + "; SameSite=Strict";
  if (http_only) c += "; HttpOnly";
  if (tls) c += "; Secure";
  return c;
}

using Form = std::map<std::string, std::string, std::less<>>;

std::string Field(const Form& form, std::string_view name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

// ?lang=, then the form's lang field, then the dl_lang cookie, then Accept-Language.
Lang LangFor(const Request& r, const Form* form = nullptr) {
  std::string choice = r.Query("lang").value_or("");
  if (choice.empty() && form != nullptr) choice = Field(*form, "lang");
  if (choice.empty()) choice = r.Cookie(kLangCookie);
  return ChooseLanguage(choice, r.Header("accept-language"));
}

Response Secured(Response resp, std::string_view csp = kCsp) {
  resp.With("Content-Security-Policy", std::string(csp))
      .With("X-Content-Type-Options", "nosniff")
      .With("X-Frame-Options", "DENY")
      .With("Referrer-Policy", "no-referrer")
      .With("Cache-Control", "no-store");
  return resp;
}

// An HTML page; remembers an explicit ?lang= choice in a cookie.
Response Page(const Request& r, const Portal& p, int status, std::string html) {
  Response resp = Secured(Response::Html(status, std::move(html)));
  if (auto q = r.Query("lang"); q && (*q == "de" || *q == "en")) {
    resp.With("Set-Cookie", SetCookie(kLangCookie, *q, 365 * 24 * 3600, p.ctx->tls, false));
  }
  return resp;
}

Response Redirect(std::string location) {
  Response resp = Secured(Response::Html(303, ""));
  resp.With("Location", std::move(location));
  return resp;
}

PageFrame Frame(Lang lang, std::string switch_path, std::string session_csrf = "") {
  PageFrame f;
  f.lang = lang;
  f.switch_path = std::move(switch_path);
  f.session_csrf = std::move(session_csrf);
  return f;
}

Response Message(const Request& r, const Portal& p, int status, Lang lang, Msg title, Msg text,
                 std::string_view link, Msg link_text, std::string session_csrf = "") {
  return Page(r, p, status,
              MessagePage(Frame(lang, "/privacy", std::move(session_csrf)), title, T(lang, text),
                          link, link_text));
}

void Count(const Portal& p, std::string_view name, std::string_view labels) {
  if (p.ctx->metrics != nullptr) p.ctx->metrics->Add(name, labels);
}

// An e-mail address when it holds '@', else a phone number (with `region` for one without +).
StatusOr<Identifier> ParsePortalIdentifier(std::string_view raw, std::string_view region) {
  if (raw.empty() || raw.size() > 320) return InvalidArgument("identifier: empty or too long");
  if (raw.find('@') != std::string_view::npos) {
    ASSIGN_OR_RETURN(std::string email, NormalizeEmail(raw));
    return Identifier{IdType::kEmail, std::move(email)};
  }
  ASSIGN_OR_RETURN(std::string phone, NormalizePhone(raw, region));
  return Identifier{IdType::kPhone, std::move(phone)};
}

bool KnownRegion(std::string_view region) {
  for (const CountryChoice& c : PortalCountries()) {
    if (c.code == region) return true;
  }
  return false;
}

// The pre-session cookie of the request, or a new one (then *set_cookie is filled).
std::string PreSession(const Request& r, const Portal& p, std::string* set_cookie) {
  std::string pre = r.Cookie(kPreCookie);
  if (pre.size() == 64 && p.sessions.PreCsrfOk(pre, p.sessions.PreCsrf(pre))) return pre;
  pre = PortalSessions::NewPreSession();
  *set_cookie = SetCookie(kPreCookie, pre, kPreSessionSeconds, p.ctx->tls);
  return pre;
}

bool PreCsrfOk(const Request& r, const Portal& p, const Form& form) {
  return p.sessions.PreCsrfOk(r.Cookie(kPreCookie), Field(form, "csrf"));
}

Msg FlashFor(const Request& r) {
  const std::string done = r.Query("done").value_or("");
  if (done == "objected") return Msg::kFlashObjected;
  if (done == "withdrawn") return Msg::kFlashWithdrawn;
  if (done == "erase") return Msg::kFlashErase;
  return Msg::kCount;
}

std::string LangQuery(Lang lang) { return "lang=" + std::string(LangCode(lang)); }

// ---- before verification ----

Response StartGet(Portal& p, const Request& r) {
  const Lang lang = LangFor(r);
  std::string set_pre;
  const std::string pre = PreSession(r, p, &set_pre);
  StartPageView v;
  v.csrf = p.sessions.PreCsrf(pre);
  v.signed_out = r.Query("done").value_or("") == "logout";
  v.code_minutes = p.code_minutes;
  std::string session_csrf;
  if (auto s = p.sessions.Find(r.Cookie(kPortalCookie))) session_csrf = s->csrf;
  Response resp = Page(r, p, 200, StartPage(Frame(lang, "/privacy", session_csrf), v));
  if (!set_pre.empty()) resp.With("Set-Cookie", set_pre);
  return resp;
}

Response StartPost(Portal& p, const Request& r) {
  const Form form = r.Form();
  const Lang lang = LangFor(r, &form);
  if (!PreCsrfOk(r, p, form)) {
    Count(p, "daylight_portal_rejected_total", "reason=\"csrf\"");
    return Message(r, p, 403, lang, Msg::kForbiddenTitle, Msg::kForbidden, "/privacy",
                   Msg::kBackToStart);
  }
  const std::string csrf = Field(form, "csrf");
  const std::string raw = Trimmed(Field(form, "identifier"));
  std::string region = Field(form, "region");
  if (!KnownRegion(region)) region.clear();
  auto id = ParsePortalIdentifier(raw, region);
  if (!id.ok()) {
    StartPageView v;
    v.csrf = csrf;
    v.invalid = true;
    v.identifier = raw.size() <= 320 ? raw : "";
    v.region = region;
    v.code_minutes = p.code_minutes;
    return Page(r, p, 400, StartPage(Frame(lang, "/privacy"), v));
  }
  auto token = p.verifier->Start(*id, LangCode(lang), ClientKey(r.remote));
  if (!token.ok()) {
    if (token.status().code() == StatusCode::kPermissionDenied) {
      Count(p, "daylight_portal_rejected_total", "reason=\"rate_limit\"");
      return Message(r, p, 429, lang, Msg::kRateLimitedTitle, Msg::kRateLimited, "/privacy",
                     Msg::kBackToStart)
          .With("Retry-After", "3600");
    }
    Log("error", "portal.code_not_sent", {{"code", StatusCodeName(token.status().code())}});
    return Message(r, p, 503, lang, Msg::kErrorTitle, Msg::kDeliveryFailed, "/privacy",
                   Msg::kBackToStart);
  }
  const std::string channel(DeliveryChannel(id->type));
  Count(p, "daylight_portal_codes_total", "channel=\"" + channel + "\"");
  Log("info", "portal.code_sent", {{"channel", channel}});
  CodePageView v;
  v.csrf = csrf;
  v.token = *token;
  v.code_minutes = p.code_minutes;
  return Page(r, p, 200, CodePage(Frame(lang, "/privacy/verify"), v))
      .With("Set-Cookie", SetCookie(kChallengeCookie, *token,
                                    static_cast<int>(p.code_ttl_us / 1000000) + 60, p.ctx->tls));
}

// The code form again (after a language switch): the challenge is in its cookie.
Response VerifyGet(Portal& p, const Request& r) {
  const Lang lang = LangFor(r);
  const std::string token = r.Cookie(kChallengeCookie);
  const std::string pre = r.Cookie(kPreCookie);
  if (token.empty() || !p.sessions.PreCsrfOk(pre, p.sessions.PreCsrf(pre))) {
    return Redirect("/privacy?" + LangQuery(lang));
  }
  CodePageView v;
  v.csrf = p.sessions.PreCsrf(pre);
  v.token = token;
  v.code_minutes = p.code_minutes;
  return Page(r, p, 200, CodePage(Frame(lang, "/privacy/verify"), v));
}

Response VerifyPost(Portal& p, const Request& r) {
  const Form form = r.Form();
  const Lang lang = LangFor(r, &form);
  if (!PreCsrfOk(r, p, form)) {
    Count(p, "daylight_portal_rejected_total", "reason=\"csrf\"");
    return Message(r, p, 403, lang, Msg::kForbiddenTitle, Msg::kForbidden, "/privacy",
                   Msg::kBackToStart);
  }
  std::string token = Field(form, "token");
  if (token.empty()) token = r.Cookie(kChallengeCookie);
  const Confirmation c = p.verifier->Confirm(token, Field(form, "code"));
  const std::string clear_challenge = SetCookie(kChallengeCookie, "", 0, p.ctx->tls);
  CodePageView v;
  v.csrf = Field(form, "csrf");
  v.code_minutes = p.code_minutes;
  switch (c.result) {
    case Confirmation::Result::kVerified: {
      Count(p, "daylight_portal_verifications_total", "result=\"verified\"");
      Log("info", "portal.verified",
          {{"channel", std::string(DeliveryChannel(c.identifier.type))}});
      const std::string session = p.sessions.Create(c.identifier);
      return Redirect("/privacy/me?" + LangQuery(lang))
          .With("Set-Cookie",
                SetCookie(kPortalCookie, session, static_cast<int>(p.sessions.ttl_us() / 1000000),
                          p.ctx->tls))
          .With("Set-Cookie", clear_challenge);
    }
    case Confirmation::Result::kWrongCode:
      Count(p, "daylight_portal_verifications_total", "result=\"wrong_code\"");
      v.token = token;
      v.problem = Msg::kWrongCode;
      v.attempts_left = c.attempts_left;
      return Page(r, p, 400, CodePage(Frame(lang, "/privacy/verify"), v));
    case Confirmation::Result::kLocked:
      Count(p, "daylight_portal_verifications_total", "result=\"locked\"");
      Log("info", "portal.challenge_locked");
      v.problem = Msg::kLocked;
      return Page(r, p, 429, CodePage(Frame(lang, "/privacy"), v))
          .With("Set-Cookie", clear_challenge);
    case Confirmation::Result::kExpired:
      Count(p, "daylight_portal_verifications_total", "result=\"expired\"");
      v.problem = Msg::kExpired;
      return Page(r, p, 410, CodePage(Frame(lang, "/privacy"), v))
          .With("Set-Cookie", clear_challenge);
    case Confirmation::Result::kUnknown:
      break;
  }
  Count(p, "daylight_portal_verifications_total", "result=\"unknown\"");
  v.problem = Msg::kUnknownChallenge;
  return Page(r, p, 400, CodePage(Frame(lang, "/privacy"), v)).With("Set-Cookie", clear_challenge);
}

// ---- after verification ----

// The request's portal session, if any.
std::optional<PortalSession> SessionOf(Portal& p, const Request& r) {
  return p.sessions.Find(r.Cookie(kPortalCookie));
}

// Checks session and CSRF of a state-changing request; nullopt (and *refusal set) if refused.
std::optional<PortalSession> ActingSession(Portal& p, const Request& r, const Form& form, Lang lang,
                                           Response* refusal) {
  auto s = SessionOf(p, r);
  if (!s) {
    *refusal = Message(r, p, 403, lang, Msg::kForbiddenTitle, Msg::kSessionEnded, "/privacy",
                       Msg::kBackToStart);
    return std::nullopt;
  }
  if (!PortalSessions::SameToken(Field(form, "csrf"), s->csrf)) {
    Count(p, "daylight_portal_rejected_total", "reason=\"csrf\"");
    *refusal = Message(r, p, 403, lang, Msg::kForbiddenTitle, Msg::kForbidden, "/privacy/me",
                       Msg::kBackToData, s->csrf);
    return std::nullopt;
  }
  return s;
}

bool RequireStore(Portal& p, const Request& r, Lang lang, const Responder& respond) {
  if (p.ctx->work != nullptr) return true;
  respond(
      Message(r, p, 503, lang, Msg::kErrorTitle, Msg::kErrorText, "/privacy", Msg::kBackToStart));
  return false;
}

// A store failure: logged by code only (messages hold no personal data, but the code is enough).
Response StoreFailure(const Request& r, const Portal& p, Lang lang, std::string_view what,
                      const Status& s, std::string session_csrf) {
  Log("error", "portal.store_error",
      {{"action", std::string(what)}, {"code", StatusCodeName(s.code())}});
  return Message(r, p, 500, lang, Msg::kErrorTitle, Msg::kErrorText, "/privacy/me",
                 Msg::kBackToData, std::move(session_csrf));
}

void MeGet(Portal& p, const Request& r, Responder respond) {
  const Lang lang = LangFor(r);
  auto s = SessionOf(p, r);
  if (!s) return respond(Redirect("/privacy?" + LangQuery(lang)));
  if (!RequireStore(p, r, lang, respond)) return;
  Request req = r;  // the job outlives the handler
  p.ctx->work->Post([&p, keep = p.shared_from_this(), req = std::move(req), lang, s = *s,
                     respond = std::move(respond)](Store& store) {
    MePageView v;
    v.id = s.id;
    v.flash = FlashFor(req);
    const PageFrame frame = Frame(lang, "/privacy/me", s.csrf);
    auto report = BuildAccessReport(store, s.id, NowMicros());
    if (!report.ok()) {
      if (report.status().code() != StatusCode::kNotFound) {
        return respond(StoreFailure(req, p, lang, "access", report.status(), s.csrf));
      }
      return respond(Page(req, p, 200, MePage(frame, v)));  // nothing held
    }
    // The disclosure is on record before anything is shown.
    auto seq = store.RecordDisclosure(s.id, "rights.access", "html", std::string(kActor));
    if (!seq.ok()) return respond(StoreFailure(req, p, lang, "access", seq.status(), s.csrf));
    auto requests = store.ListRightsRequests(false, &s.id);
    if (!requests.ok()) {
      return respond(StoreFailure(req, p, lang, "requests", requests.status(), s.csrf));
    }
    v.report = &*report;
    v.requests = std::move(*requests);
    Count(p, "daylight_portal_disclosures_total", "kind=\"access\"");
    respond(Page(req, p, 200, MePage(frame, v)));
  });
}

// The full access report (HTML as `rights access --html` writes it, or JSON).
void ReportGet(Portal& p, const Request& r, Responder respond, bool json) {
  const Lang lang = LangFor(r);
  auto s = SessionOf(p, r);
  if (!s) return respond(Redirect("/privacy?" + LangQuery(lang)));
  if (!RequireStore(p, r, lang, respond)) return;
  Request req = r;
  p.ctx->work->Post([&p, keep = p.shared_from_this(), req = std::move(req), lang, s = *s, json,
                     respond = std::move(respond)](Store& store) {
    auto report = BuildAccessReport(store, s.id, NowMicros());
    if (!report.ok()) {
      if (report.status().code() != StatusCode::kNotFound) {
        return respond(StoreFailure(req, p, lang, "access", report.status(), s.csrf));
      }
      return respond(Redirect("/privacy/me?" + LangQuery(lang)));  // shows "nothing held"
    }
    auto seq =
        store.RecordDisclosure(s.id, "rights.access", json ? "json" : "html", std::string(kActor));
    if (!seq.ok()) return respond(StoreFailure(req, p, lang, "access", seq.status(), s.csrf));
    Count(p, "daylight_portal_disclosures_total", "kind=\"access\"");
    if (json) return respond(Secured(Response::Json(200, AccessReportJson(*report))));
    // The full report in the language of the portal page the person came from.
    const ReportLanguage report_lang =
        lang == Lang::kDe ? ReportLanguage::kGerman : ReportLanguage::kEnglish;
    respond(Secured(Response::Html(200, AccessReportHtml(*report, report_lang)), kAccessReportCsp));
  });
}

void ExportGet(Portal& p, const Request& r, Responder respond) {
  const Lang lang = LangFor(r);
  auto s = SessionOf(p, r);
  if (!s) return respond(Redirect("/privacy?" + LangQuery(lang)));
  if (!RequireStore(p, r, lang, respond)) return;
  Request req = r;
  p.ctx->work->Post([&p, keep = p.shared_from_this(), req = std::move(req), lang, s = *s,
                     respond = std::move(respond)](Store& store) {
    auto data = BuildPortabilityExport(store, s.id, NowMicros());
    if (!data.ok()) {
      if (data.status().code() != StatusCode::kNotFound) {
        return respond(StoreFailure(req, p, lang, "export", data.status(), s.csrf));
      }
      return respond(Redirect("/privacy/me?" + LangQuery(lang)));
    }
    auto seq = store.RecordDisclosure(s.id, "rights.export", "json", std::string(kActor));
    if (!seq.ok()) return respond(StoreFailure(req, p, lang, "export", seq.status(), s.csrf));
    Count(p, "daylight_portal_disclosures_total", "kind=\"export\"");
    respond(Secured(Response::Json(200, PortabilityJson(*data)))
                .With("Content-Disposition", "attachment; filename=\"daylight-export.json\""));
  });
}

// Runs a state-changing action on the store for the session's identifier and answers with a
// redirect to /privacy/me (?done=<flash>) — or the page `action` returns on refusal.
using Action = std::function<std::optional<Response>(Store&, const PortalSession&)>;

void Act(Portal& p, const Request& r, Responder respond, std::string flash, Action action) {
  const Form form = r.Form();
  const Lang lang = LangFor(r, &form);
  Response refusal;
  auto s = ActingSession(p, r, form, lang, &refusal);
  if (!s) return respond(std::move(refusal));
  if (!RequireStore(p, r, lang, respond)) return;
  p.ctx->work->Post([keep = p.shared_from_this(), s = *s, lang, flash = std::move(flash),
                     action = std::move(action), respond = std::move(respond)](Store& store) {
    if (auto page = action(store, s)) return respond(std::move(*page));
    respond(Redirect("/privacy/me?done=" + flash + "&" + LangQuery(lang)));
  });
}

// Purposes a person may object to here: all marketing, or any known purpose but the essential
// ones (which the service cannot run without; the officer handles such objections).
bool ObjectablePurpose(std::string_view purpose) {
  if (purpose == "marketing") return true;
  return IsKnownPurpose(purpose) && !PurposeCovers("essential", purpose);
}

// A form naming a purpose the action does not take: 400 for a signed-in person (so the
// session's CSRF token stays on the page), the session refusal otherwise.
void RefuseBadPurpose(Portal& p, const Request& r, const Form& form, Lang lang,
                      const Responder& respond) {
  Response refusal;
  auto s = ActingSession(p, r, form, lang, &refusal);
  if (!s) return respond(std::move(refusal));
  respond(Message(r, p, 400, lang, Msg::kErrorTitle, Msg::kBadPurpose, "/privacy/me",
                  Msg::kBackToData, s->csrf));
}

void ObjectPost(Portal& p, const Request& r, Responder respond) {
  const Form form = r.Form();
  const std::string purpose = Field(form, "purpose");
  const Lang lang = LangFor(r, &form);
  if (!ObjectablePurpose(purpose)) return RefuseBadPurpose(p, r, form, lang, respond);
  Request req = r;
  Act(p, r, std::move(respond), "objected",
      [&p, keep = p.shared_from_this(), req = std::move(req), lang, purpose](
          Store& store, const PortalSession& s) -> std::optional<Response> {
        auto seq = store.Object(s.id, purpose, std::string(kActor));
        if (!seq.ok() && seq.status().code() != StatusCode::kNotFound) {
          return StoreFailure(req, p, lang, "object", seq.status(), s.csrf);
        }
        if (seq.ok()) {
          Count(p, "daylight_portal_actions_total", "action=\"object\"");
          Log("info", "portal.objection", {{"purpose", purpose}, {"seq", std::to_string(*seq)}});
        }
        return std::nullopt;  // not held: /privacy/me says so
      });
}

void WithdrawPost(Portal& p, const Request& r, Responder respond) {
  const Form form = r.Form();
  const std::string purpose = Field(form, "purpose");
  const Lang lang = LangFor(r, &form);
  if (!IsKnownPurpose(purpose)) return RefuseBadPurpose(p, r, form, lang, respond);
  Request req = r;
  Act(p, r, std::move(respond), "withdrawn",
      [&p, keep = p.shared_from_this(), req = std::move(req), lang, purpose](
          Store& store, const PortalSession& s) -> std::optional<Response> {
        auto seq = store.RecordConsent(
            s.id, purpose, ConsentState::kWithdrawn,
            "withdrawn through the privacy portal (requester verified by one-time code)", 0,
            "privacy-portal", std::string(kActor));
        if (!seq.ok()) {
          switch (seq.status().code()) {
            case StatusCode::kNotFound:
              return std::nullopt;
            case StatusCode::kFailedPrecondition:  // a shadow identifier: no consent of theirs
              return Message(req, p, 409, lang, Msg::kErrorTitle, Msg::kNotSubject, "/privacy/me",
                             Msg::kBackToData, s.csrf);
            default:
              return StoreFailure(req, p, lang, "withdraw", seq.status(), s.csrf);
          }
        }
        Count(p, "daylight_portal_actions_total", "action=\"withdraw\"");
        Log("info", "portal.withdrawal", {{"purpose", purpose}, {"seq", std::to_string(*seq)}});
        return std::nullopt;
      });
}

void ErasePost(Portal& p, const Request& r, Responder respond) {
  const Form form = r.Form();
  const Lang lang = LangFor(r, &form);
  Request req = r;
  Act(p, r, std::move(respond), "erase",
      [&p, keep = p.shared_from_this(), req = std::move(req), lang](
          Store& store, const PortalSession& s) -> std::optional<Response> {
        auto request = store.RecordRightsRequest(s.id, "erase", std::string(kActor));
        if (!request.ok() && request.status().code() != StatusCode::kNotFound) {
          return StoreFailure(req, p, lang, "erase", request.status(), s.csrf);
        }
        if (request.ok()) {
          Count(p, "daylight_portal_actions_total", "action=\"erase_request\"");
          Log("info", "portal.erase_requested", {{"request", std::to_string(request->id)}});
        }
        return std::nullopt;
      });
}

Response LogoutPost(Portal& p, const Request& r) {
  const Form form = r.Form();
  const Lang lang = LangFor(r, &form);
  const std::string cookie = r.Cookie(kPortalCookie);
  if (auto s = p.sessions.Find(cookie)) {
    if (!PortalSessions::SameToken(Field(form, "csrf"), s->csrf)) {
      return Message(r, p, 403, lang, Msg::kForbiddenTitle, Msg::kForbidden, "/privacy/me",
                     Msg::kBackToData, s->csrf);
    }
    p.sessions.End(cookie);
  }
  return Redirect("/privacy?done=logout&" + LangQuery(lang))
      .With("Set-Cookie", SetCookie(kPortalCookie, "", 0, p.ctx->tls));
}

}  // namespace

void RegisterPortalRoutes(Router& router, ServerContext& ctx) {
  // One portal per server; it lives as long as the routes that capture it.
  auto p = std::make_shared<Portal>();
  p->ctx = &ctx;
  if (ctx.verifier == nullptr) {
    VerifierOptions options = DefaultVerifierOptions();
    const int minutes = static_cast<int>(std::max<int64_t>(1, options.code_ttl_us / 60000000));
    p->own_outbox = std::make_unique<OutboxDelivery>(200, minutes);
    p->own_verifier = std::make_unique<OneTimeCodeVerifier>(p->own_outbox.get(), options);
    ctx.verifier = p->own_verifier.get();
    ctx.outbox = p->own_outbox.get();
    p->code_ttl_us = options.code_ttl_us;
  } else {
    p->code_ttl_us = DefaultVerifierOptions().code_ttl_us;
  }
  p->verifier = ctx.verifier;
  p->code_minutes = static_cast<int>(std::max<int64_t>(1, p->code_ttl_us / 60000000));
  if (ctx.metrics != nullptr) {
    ctx.metrics->Describe("daylight_portal_codes_total", "counter",
                          "One-time codes sent by the privacy portal, by channel");
    ctx.metrics->Describe("daylight_portal_verifications_total", "counter",
                          "Privacy portal code confirmations, by result");
    ctx.metrics->Describe("daylight_portal_disclosures_total", "counter",
                          "Access reports and exports shown to verified people");
    ctx.metrics->Describe("daylight_portal_actions_total", "counter",
                          "Objections, withdrawals and erasure requests made in the portal");
    ctx.metrics->Describe("daylight_portal_rejected_total", "counter",
                          "Portal requests refused (CSRF, rate limit)");
  }

  router.AddSync("GET", "/privacy", [p](const Request& r) { return StartGet(*p, r); });
  router.AddSync("POST", "/privacy", [p](const Request& r) { return StartPost(*p, r); });
  router.AddSync("GET", "/privacy/verify", [p](const Request& r) { return VerifyGet(*p, r); });
  router.AddSync("POST", "/privacy/verify", [p](const Request& r) { return VerifyPost(*p, r); });
  router.Add("GET", "/privacy/me",
             [p](const Request& r, Responder respond) { MeGet(*p, r, std::move(respond)); });
  router.Add("GET", "/privacy/me/report", [p](const Request& r, Responder respond) {
    ReportGet(*p, r, std::move(respond), false);
  });
  router.Add("GET", "/privacy/me/report.json", [p](const Request& r, Responder respond) {
    ReportGet(*p, r, std::move(respond), true);
  });
  router.Add("GET", "/privacy/me/export",
             [p](const Request& r, Responder respond) { ExportGet(*p, r, std::move(respond)); });
  router.Add("POST", "/privacy/me/object",
             [p](const Request& r, Responder respond) { ObjectPost(*p, r, std::move(respond)); });
  router.Add("POST", "/privacy/me/withdraw",
             [p](const Request& r, Responder respond) { WithdrawPost(*p, r, std::move(respond)); });
  router.Add("POST", "/privacy/me/erase",
             [p](const Request& r, Responder respond) { ErasePost(*p, r, std::move(respond)); });
  router.AddSync("POST", "/privacy/logout", [p](const Request& r) { return LogoutPost(*p, r); });
  router.AddSync("GET", std::string(kPortalCssPath), [](const Request&) {
    Response resp = Response::Text(200, std::string(PortalCss()));
    resp.content_type = "text/css; charset=utf-8";
    resp.With("Cache-Control", "public, max-age=3600").With("X-Content-Type-Options", "nosniff");
    return resp;
  });
}

}  // namespace dl::server
