// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The web console's routes (/console/..., /static/...; docs/console.md). Sessions and CSRF
// tokens come from the Authenticator (src/server/auth.h): every page but the sign-in form needs
// a console session (303 to /console/login otherwise), and every POST but the sign-in needs the
// session's CSRF token (403 otherwise). Pages are rendered by the console_*.cc page functions
// from what the Store returns; all store work runs on ctx.work, never on the I/O thread, and
// each view of a person's data is recorded (Store::RecordRead) before it is shown.
//
// Logs name the route and the user, never an identifier, a query string or a form value.
#include <algorithm>
#include <charconv>
#include <memory>

#include "daylight/identifier.h"
#include "daylight/purpose.h"
#include "daylight/store.h"

#include "server/auth.h"
#include "server/console_assets.h"
#include "server/console_audiences.h"
#include "server/console_dashboard.h"
#include "server/console_explain.h"
#include "server/console_exports.h"
#include "server/console_layout.h"
#include "server/console_ledger.h"
#include "server/console_login.h"
#include "server/console_response.h"
#include "server/console_rights.h"
#include "server/console_subjects.h"
#include "server/console_uploads.h"
#include "server/routes.h"
#include "util/time_util.h"

namespace dl::server {
namespace {

constexpr size_t kEventsShown = 20;
constexpr size_t kLedgerShown = 50;

std::optional<Principal> SessionOf(ServerContext& ctx, const Request& r) {
  if (ctx.auth == nullptr) return std::nullopt;
  std::optional<Principal> p = ctx.auth->Caller(r);
  if (!p.has_value() || p->kind != Principal::Kind::kUser) return std::nullopt;
  return p;
}

// A cross-site form post carries another Origin; a same-site one ours or none (old browsers).
bool SameOrigin(const Request& r) {
  const std::string origin = r.Header("origin");
  if (origin.empty() || origin == "null") return origin.empty();
  const std::string host = r.Header("host");
  return origin == "http://" + host || origin == "https://" + host;
}

std::optional<uint64_t> ParseNumber(const std::string& s) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string FormValue(const std::map<std::string, std::string, std::less<>>& form,
                      std::string_view name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

// ---- pages ----

void Dashboard(ServerContext& ctx, Principal p, Responder respond) {
  ctx.work->Post([p = std::move(p), respond = std::move(respond)](Store& store) {
    DashboardData data;
    auto stats = store.storage().Stats();
    if (!stats.ok())
      return respond(ConsoleErrorPage(p, "Dashboard", "dashboard", stats.status(), "/console"));
    data.stats = *stats;
    auto coverage = ConsentCoverage(store.storage(), NowMicros());
    if (!coverage.ok()) {
      return respond(ConsoleErrorPage(p, "Dashboard", "dashboard", coverage.status(), "/console"));
    }
    data.coverage = std::move(*coverage);
    respond(ConsolePage(200, UserFrame(p, "Dashboard", "dashboard"), RenderDashboard(data)));
  });
}

void Subjects(ServerContext& ctx, const Request& r, Principal p, Responder respond) {
  auto page = std::make_shared<SubjectPage>();
  page->query = r.Query("q").value_or("");
  if (page->query.empty()) {
    return respond(
        ConsolePage(200, UserFrame(p, "Subjects", "subjects"), RenderSubjectPage(*page)));
  }
  auto id = ParseIdentifier(page->query);
  if (!id.ok()) {
    page->error = "Not an identifier: " + id.status().message();
    return respond(
        ConsolePage(400, UserFrame(p, "Subjects", "subjects"), RenderSubjectPage(*page)));
  }
  ctx.work->Post(
      [p = std::move(p), respond = std::move(respond), page, id = std::move(*id)](Store& store) {
        const std::string route = "/console/subjects";
        auto fail = [&](const Status& s) {
          respond(ConsoleErrorPage(p, "Subjects", "subjects", s, route));
        };
        auto view = store.ShowSubject(id);
        if (!view.ok()) return fail(view.status());
        page->searched = true;
        page->view = std::move(*view);
        if (page->view.known) {
          // The read is on record before anything about the person is shown.
          auto read = store.RecordRead(id, "console.subject", p.Actor());
          if (!read.ok()) return fail(read.status());
          auto facts = store.FactsFor(id);
          if (!facts.ok()) return fail(facts.status());
          page->facts = std::move(*facts);
          auto consents = store.ConsentsOf(id);
          if (!consents.ok()) return fail(consents.status());
          page->consents = std::move(*consents);
          auto uses = store.UsesOf(id);
          if (!uses.ok()) return fail(uses.status());
          page->uses = std::move(*uses);
          auto events = store.EventsOf(id, kEventsShown);
          if (!events.ok()) return fail(events.status());
          page->events = std::move(*events);
          page->events_limit = kEventsShown;
        }
        respond(ConsolePage(200, UserFrame(p, "Subjects", "subjects"), RenderSubjectPage(*page)));
      });
}

void Explain(ServerContext& ctx, const Request& r, Principal p, Responder respond) {
  auto page = std::make_shared<ExplainPage>();
  page->identifier = r.Query("identifier").value_or("");
  page->purpose = r.Query("purpose").value_or("");
  const ConsoleFrame frame = UserFrame(p, "Explain a decision", "explain");
  if (page->identifier.empty()) return respond(ConsolePage(200, frame, RenderExplainPage(*page)));
  if (page->purpose.empty()) page->purpose = "marketing.communications.email";
  auto id = ParseIdentifier(page->identifier);
  if (!id.ok()) {
    page->error = "Not an identifier: " + id.status().message();
    return respond(ConsolePage(400, frame, RenderExplainPage(*page)));
  }
  if (!IsKnownPurpose(page->purpose)) {
    page->error = "Unknown purpose.";
    return respond(ConsolePage(400, frame, RenderExplainPage(*page)));
  }
  ctx.work->Post([p = std::move(p), respond = std::move(respond), page, frame,
                  id = std::move(*id)](Store& store) {
    page->at_us = NowMicros();
    // The decision's reasons describe the person's data: a read like the subject view.
    auto read = store.RecordRead(id, "console.explain", p.Actor());
    if (!read.ok() && read.status().code() != StatusCode::kNotFound) {
      return respond(
          ConsoleErrorPage(p, frame.title, "explain", read.status(), "/console/explain"));
    }
    auto d = store.Explain(id, page->purpose, page->at_us);
    if (!d.ok())
      return respond(ConsoleErrorPage(p, frame.title, "explain", d.status(), "/console/explain"));
    page->decided = true;
    page->decision = std::move(*d);
    respond(ConsolePage(200, frame, RenderExplainPage(*page)));
  });
}

void AudienceList(ServerContext& ctx, Principal p, std::shared_ptr<AudienceListPage> page,
                  int status, Responder respond) {
  ctx.work->Post([p = std::move(p), respond = std::move(respond), page, status](Store& store) {
    auto list = store.ListAudiences();
    if (!list.ok()) {
      return respond(
          ConsoleErrorPage(p, "Audiences", "audiences", list.status(), "/console/audiences"));
    }
    page->audiences = std::move(*list);
    page->csrf = p.csrf;
    respond(ConsolePage(status, UserFrame(p, "Audiences", "audiences"), RenderAudienceList(*page)));
  });
}

void AudienceShow(ServerContext& ctx, std::string name, Principal p, Responder respond) {
  ctx.work->Post(
      [p = std::move(p), respond = std::move(respond), name = std::move(name)](Store& store) {
        auto view = store.ShowAudience(name);
        if (!view.ok()) {
          return respond(
              ConsoleErrorPage(p, "Audience", "audiences", view.status(), "/console/audiences/*"));
        }
        respond(ConsolePage(200, UserFrame(p, "Audience " + name, "audiences"),
                            RenderAudienceView(*view)));
      });
}

void AudiencePreview(ServerContext& ctx, const Request& r, Principal p, Responder respond) {
  std::string purpose = r.Query("purpose").value_or("");
  std::string filter = r.Query("filter").value_or("");
  if (filter.size() > 4096) {
    return respond(
        ConsoleSecure(Response::Error(413, "too_large", "the filter is longer than 4096 bytes")));
  }
  ctx.work->Post([p = std::move(p), respond = std::move(respond), purpose = std::move(purpose),
                  filter = std::move(filter)](Store& store) {
    auto view = store.PreviewAudience(purpose, filter);
    if (!view.ok()) {
      const int status = HttpStatusFor(view.status());
      if (status == 500) {
        Log("error", "console request failed",
            {{"route", "/console/api/audience-preview"},
             {"user", p.id},
             {"code", StatusCodeName(view.status().code())}});
      }
      return respond(ConsoleSecure(Response::Error(
          status, status == 400 ? "invalid_filter" : "failed", view.status().message())));
    }
    respond(ConsoleSecure(Response::Json(200, AudiencePreviewJson(*view))));
  });
}

void Exports(ServerContext& ctx, Principal p, Responder respond) {
  ctx.work->Post([p = std::move(p), respond = std::move(respond)](Store& store) {
    auto exports = store.storage().ListExports();
    if (!exports.ok()) {
      return respond(
          ConsoleErrorPage(p, "Exports", "exports", exports.status(), "/console/exports"));
    }
    respond(ConsolePage(200, UserFrame(p, "Exports", "exports"), RenderExportsPage(*exports)));
  });
}

void Uploads(ServerContext& ctx, Principal p, std::string notice, Responder respond) {
  ctx.work->Post(
      [p = std::move(p), respond = std::move(respond), notice = std::move(notice)](Store& store) {
        auto uploads = store.ListUploads();
        if (!uploads.ok()) {
          return respond(
              ConsoleErrorPage(p, "Uploads", "uploads", uploads.status(), "/console/uploads"));
        }
        ConsoleFrame f = UserFrame(p, "Address-book uploads", "uploads");
        f.notice = notice;
        respond(ConsolePage(200, f, RenderUploadsPage(*uploads)));
      });
}

void UploadConfirm(ServerContext& ctx, const Request& r, Principal p, Responder respond) {
  auto batch = ParseNumber(r.Query("batch").value_or(""));
  if (!batch.has_value()) {
    return respond(ConsoleErrorPage(p, "Delete an upload", "uploads",
                                    InvalidArgument("batch: expected an upload's batch number"),
                                    "/console/uploads/delete"));
  }
  ctx.work->Post([p = std::move(p), respond = std::move(respond), batch = *batch](Store& store) {
    auto uploads = store.ListUploads();
    if (!uploads.ok()) {
      return respond(ConsoleErrorPage(p, "Delete an upload", "uploads", uploads.status(),
                                      "/console/uploads/delete"));
    }
    auto it = std::find_if(uploads->begin(), uploads->end(),
                           [&](const UploadView& u) { return u.batch == batch && !u.deleted; });
    if (it == uploads->end()) {
      return respond(ConsoleErrorPage(p, "Delete an upload", "uploads",
                                      NotFound("no upload held with that batch number"),
                                      "/console/uploads/delete"));
    }
    respond(ConsolePage(200, UserFrame(p, "Delete an upload", "uploads"),
                        RenderUploadDeleteConfirm(*it, p.csrf)));
  });
}

void Ledger(ServerContext& ctx, Principal p, bool verify, Responder respond) {
  ctx.work->Post([p = std::move(p), respond = std::move(respond), verify](Store& store) {
    auto page = LoadLedgerPage(store.storage(), kLedgerShown);
    if (!page.ok())
      return respond(ConsoleErrorPage(p, "Ledger", "ledger", page.status(), "/console/ledger"));
    if (verify) {
      auto report = store.VerifyLedger();
      if (!report.ok()) {
        return respond(ConsoleErrorPage(p, "Ledger", "ledger", report.status(), "/console/ledger"));
      }
      page->verify = *report;
      Log("info", "ledger verified",
          {{"user", p.id},
           {"ok", report->ok ? "true" : "false"},
           {"entries", std::to_string(report->entries)}});
    }
    page->csrf = p.csrf;
    respond(ConsolePage(200, UserFrame(p, "Ledger", "ledger"), RenderLedgerPage(*page)));
  });
}

// ---- posts ----

void Login(ServerContext& ctx, const Request& r, Responder respond) {
  if (!SameOrigin(r)) {
    return respond(
        ConsoleSecure(Response::Error(403, "cross_origin", "cross-origin sign-in refused")));
  }
  auto form = r.Form();
  std::string user = FormValue(form, "user");
  std::string password = FormValue(form, "password");
  const bool tls = ctx.tls || r.tls;
  // Argon2id takes a noticeable time by design: run it off the I/O thread.
  ctx.work->Post([&ctx, respond = std::move(respond), user = std::move(user),
                  password = std::move(password), tls](Store&) mutable {
    std::optional<std::string> cookie = ctx.auth->Login(user, password, tls);
    std::fill(password.begin(), password.end(), '\0');
    if (!cookie.has_value()) {
      Log("info", "console sign-in refused", {{"route", "/console/login"}});
      ConsoleFrame f;
      f.title = "Sign in";
      f.notice = "Wrong user name or password.";
      f.notice_is_error = true;
      return respond(ConsolePage(401, f, RenderLoginForm(user)));
    }
    Log("info", "console sign-in", {{"user", user}});
    Response res = ConsoleRedirect("/console");
    res.With("Set-Cookie", *cookie);
    respond(std::move(res));
  });
}

void CreateAudience(ServerContext& ctx, const Request& r, Principal p, Responder respond) {
  auto form = r.Form();
  auto page = std::make_shared<AudienceListPage>();
  page->name = FormValue(form, "name");
  page->purpose = FormValue(form, "purpose");
  page->filter = FormValue(form, "filter");
  ctx.work->Post([&ctx, p, respond, page](Store& store) mutable {
    auto def =
        store.CreateAudience(page->name, page->purpose, page->filter, /*replace=*/false, p.Actor());
    if (def.ok()) {
      Log("info", "audience created", {{"user", p.id}, {"audience", def->name}});
      return respond(ConsoleRedirect("/console/audiences/" + PercentEncode(def->name)));
    }
    const int status = HttpStatusFor(def.status());
    if (status == 500) {
      return respond(
          ConsoleErrorPage(p, "Audiences", "audiences", def.status(), "/console/audiences"));
    }
    page->error = def.status().message();
    AudienceList(ctx, std::move(p), page, status, std::move(respond));
  });
}

void DeleteUpload(ServerContext& ctx, const Request& r, Principal p, Responder respond) {
  auto form = r.Form();
  auto batch = ParseNumber(FormValue(form, "batch"));
  if (!batch.has_value() || FormValue(form, "confirm") != "yes") {
    return respond(
        ConsoleErrorPage(p, "Delete an upload", "uploads",
                         InvalidArgument("confirm the deletion of an upload by its batch number"),
                         "/console/uploads/delete"));
  }
  ctx.work->Post([&ctx, p, respond, batch = *batch](Store& store) mutable {
    auto deleted = store.DeleteUpload(batch, p.Actor());
    if (!deleted.ok()) {
      return respond(ConsoleErrorPage(p, "Delete an upload", "uploads", deleted.status(),
                                      "/console/uploads/delete"));
    }
    Log("info", "upload deleted", {{"user", p.id}, {"batch", std::to_string(batch)}});
    Uploads(ctx, std::move(p),
            "Upload " + std::to_string(batch) + " deleted: " + FormatCount(deleted->records) +
                " records, " + FormatCount(deleted->identifiers_removed) +
                " identifiers no longer held (ledger #" + std::to_string(deleted->seq) + ").",
            std::move(respond));
  });
}

void HandleGet(ServerContext& ctx, const Request& r, Responder respond) {
  std::vector<std::string> seg = r.Segments();  // "console", ...
  seg.erase(seg.begin());
  if (seg.size() == 1 && seg[0] == "login") {
    if (SessionOf(ctx, r).has_value()) return respond(ConsoleRedirect("/console"));
    ConsoleFrame f;
    f.title = "Sign in";
    return respond(ConsolePage(200, f, RenderLoginForm("")));
  }
  std::optional<Principal> p = SessionOf(ctx, r);
  if (!p.has_value()) {
    if (!seg.empty() && seg[0] == "api") {
      return respond(
          ConsoleSecure(Response::Error(401, "unauthenticated", "sign in to the console")));
    }
    return respond(ConsoleRedirect("/console/login"));
  }
  if (seg.empty()) return Dashboard(ctx, std::move(*p), std::move(respond));
  const std::string& top = seg[0];
  if (seg.size() == 1) {
    if (top == "subjects") return Subjects(ctx, r, std::move(*p), std::move(respond));
    if (top == "explain") return Explain(ctx, r, std::move(*p), std::move(respond));
    if (top == "audiences") {
      return AudienceList(ctx, std::move(*p), std::make_shared<AudienceListPage>(), 200,
                          std::move(respond));
    }
    if (top == "exports") return Exports(ctx, std::move(*p), std::move(respond));
    if (top == "uploads") return Uploads(ctx, std::move(*p), "", std::move(respond));
    if (top == "ledger") return Ledger(ctx, std::move(*p), false, std::move(respond));
    if (top == "rights") return RightsQueue(ctx, std::move(*p), "", std::move(respond));
  }
  if (seg.size() == 2) {
    if (top == "audiences") return AudienceShow(ctx, seg[1], std::move(*p), std::move(respond));
    if (top == "uploads" && seg[1] == "delete") {
      return UploadConfirm(ctx, r, std::move(*p), std::move(respond));
    }
    if (top == "api" && seg[1] == "audience-preview") {
      return AudiencePreview(ctx, r, std::move(*p), std::move(respond));
    }
  }
  ConsoleFrame f = UserFrame(*p, "Not found", "");
  f.notice = "There is no console page at this address.";
  f.notice_is_error = true;
  respond(ConsolePage(404, f, ""));
}

void HandlePost(ServerContext& ctx, const Request& r, Responder respond) {
  std::vector<std::string> seg = r.Segments();
  seg.erase(seg.begin());
  if (seg.size() == 1 && seg[0] == "login") return Login(ctx, r, std::move(respond));
  std::optional<Principal> p = SessionOf(ctx, r);
  if (!p.has_value()) return respond(ConsoleRedirect("/console/login"));
  if (!ctx.auth->CsrfOk(r, *p)) {
    Log("info", "console post without a valid CSRF token", {{"user", p->id}});
    ConsoleFrame f = UserFrame(*p, "Refused", "");
    f.notice =
        "This form was not sent from this console session (missing or wrong CSRF token). "
        "Reload the page and try again.";
    f.notice_is_error = true;
    return respond(ConsolePage(403, f, ""));
  }
  if (seg.size() == 1 && seg[0] == "logout") {
    Response res = ConsoleRedirect("/console/login");
    res.With("Set-Cookie", ctx.auth->Logout(r, ctx.tls || r.tls));
    return respond(std::move(res));
  }
  if (seg.size() == 1 && seg[0] == "audiences") {
    return CreateAudience(ctx, r, std::move(*p), std::move(respond));
  }
  if (seg.size() == 2 && seg[0] == "uploads" && seg[1] == "delete") {
    return DeleteUpload(ctx, r, std::move(*p), std::move(respond));
  }
  if (seg.size() == 2 && seg[0] == "ledger" && seg[1] == "verify") {
    return Ledger(ctx, std::move(*p), true, std::move(respond));
  }
  if (!seg.empty() && seg[0] == "rights") {
    return RightsPost(ctx, r, std::move(*p), std::move(respond));
  }
  ConsoleFrame f = UserFrame(*p, "Not found", "");
  f.notice = "There is no console action at this address.";
  f.notice_is_error = true;
  respond(ConsolePage(404, f, ""));
}

Response StaticFile(const Request& r) {
  std::vector<std::string> seg = r.Segments();  // "static", name
  if (seg.size() == 2) {
    for (const StaticAsset& a : StaticAssets()) {
      if (a.name != seg[1]) continue;
      Response res;
      res.status = 200;
      res.content_type = std::string(a.content_type);
      res.body = std::string(a.body);
      res.With("Cache-Control", "public, max-age=3600");
      res.With("X-Content-Type-Options", "nosniff");
      return res;
    }
  }
  return Response::Error(404, "not_found", "no such static file");
}

}  // namespace

void RegisterConsoleRoutes(Router& router, ServerContext& ctx) {
  router.AddSync("GET", "/static/*", StaticFile);
  router.Add("GET", "/console/*", [&ctx](const Request& r, Responder respond) {
    HandleGet(ctx, r, std::move(respond));
  });
  router.Add("POST", "/console/*", [&ctx](const Request& r, Responder respond) {
    HandlePost(ctx, r, std::move(respond));
  });
}

}  // namespace dl::server
