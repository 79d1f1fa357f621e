// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_response.h"

#include "server/context.h"

namespace dl::server {

Response ConsoleSecure(Response r) {
  r.With("Content-Security-Policy",
         "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
         "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.With("X-Content-Type-Options", "nosniff");
  // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on our own form
  // posts, and the sign-in form checks the Origin. Other sites still get no referrer.
  r.With("Referrer-Policy", "same-origin");
  r.With("X-Frame-Options", "DENY");
  r.With("Cache-Control", "no-store");
  return r;
}

Response ConsolePage(int status, const ConsoleFrame& frame, const std::string& content) {
  return ConsoleSecure(Response::Html(status, RenderConsolePage(frame, content)));
}

Response ConsoleRedirect(const std::string& location) {
  Response r = Response::Text(303, "See " + location + "\n");
  r.With("Location", location);
  return ConsoleSecure(std::move(r));
}

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kPermissionDenied:
      return 403;
    default:
      return 500;
  }
}

ConsoleFrame UserFrame(const Principal& p, std::string title, std::string active) {
  ConsoleFrame f;
  f.title = std::move(title);
  f.active = std::move(active);
  f.user = p.name.empty() ? p.id : p.name;
  f.csrf = p.csrf;
  return f;
}

Response ConsoleErrorPage(const Principal& p, const std::string& title, const std::string& active,
                          const Status& s, const std::string& route) {
  const int status = HttpStatusFor(s);
  Log(status == 500 ? "error" : "info", "console request failed",
      {{"route", route}, {"user", p.id}, {"code", StatusCodeName(s.code())}});
  ConsoleFrame f = UserFrame(p, title, active);
  f.notice = s.message();
  f.notice_is_error = true;
  return ConsolePage(status, f, "");
}

}  // namespace dl::server
