// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's sign-in form (/console/login). The password is checked by the Authenticator
// (src/server/auth.h); a failed attempt says only that the name or password is wrong.
#ifndef DAYLIGHT_SERVER_CONSOLE_LOGIN_H_
#define DAYLIGHT_SERVER_CONSOLE_LOGIN_H_

#include <string>

namespace dl::server {

// `user` is kept in the field after a failed attempt.
std::string RenderLoginForm(const std::string& user);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_LOGIN_H_
