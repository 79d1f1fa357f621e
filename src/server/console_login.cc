// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_login.h"

#include "util/html.h"

namespace dl::server {

std::string RenderLoginForm(const std::string& user) {
  return "<form class=\"stack login\" method=\"post\" action=\"/console/login\">\n"
         "<div class=\"field\"><label for=\"user\">User name</label>\n"
         "<input id=\"user\" name=\"user\" required autocomplete=\"username\" "
         "autocapitalize=\"none\" value=\"" +
         HtmlEscape(user) +
         "\"></div>\n<div class=\"field\"><label for=\"password\">Password</label>\n"
         "<input id=\"password\" name=\"password\" type=\"password\" required "
         "autocomplete=\"current-password\"></div>\n<div class=\"actions\"><button "
         "type=\"submit\">Sign in</button></div>\n</form>\n<p class=\"hint\">Console users are "
         "created with <code>daylight users add NAME</code>.</p>\n";
}

}  // namespace dl::server
