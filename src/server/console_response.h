// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// What the console's route handlers share (src/server/console_routes.cc, console_rights.cc):
// responses with the console's security headers, the frame of a signed-in user's page, and the
// error page for a Status (whose message never holds personal data).
#ifndef DAYLIGHT_SERVER_CONSOLE_RESPONSE_H_
#define DAYLIGHT_SERVER_CONSOLE_RESPONSE_H_

#include <string>

#include "daylight/status.h"

#include "server/auth.h"
#include "server/console_layout.h"
#include "server/http.h"

namespace dl::server {

// Adds the headers every console response carries: a Content-Security-Policy allowing only the
// console's own script and style, no caching and no referrer (pages and URLs hold personal
// data), no framing, no sniffing.
Response ConsoleSecure(Response r);
// A whole console page.
Response ConsolePage(int status, const ConsoleFrame& frame, const std::string& content);
// 303 See Other.
Response ConsoleRedirect(const std::string& location);
// 400 for InvalidArgument, 404 NotFound, 409 AlreadyExists/FailedPrecondition,
// 403 PermissionDenied, else 500.
int HttpStatusFor(const Status& s);
// The frame of a page for the signed-in user `p`.
ConsoleFrame UserFrame(const Principal& p, std::string title, std::string active);
// The page for a failed request: the status's message as the notice. Logs the route, the user
// and the status code (never the message's subject).
Response ConsoleErrorPage(const Principal& p, const std::string& title, const std::string& active,
                          const Status& s, const std::string& route);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_RESPONSE_H_
