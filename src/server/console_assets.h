// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The static files of web/ (console.css, console.js, ...), compiled into the binary at build
// time by web/embed.cmake, so the server needs no install directory and no CDN. Served at
// /static/<name> (src/server/console_routes.cc).
#ifndef DAYLIGHT_SERVER_CONSOLE_ASSETS_H_
#define DAYLIGHT_SERVER_CONSOLE_ASSETS_H_

#include <span>
#include <string_view>

namespace dl::server {

struct StaticAsset {
  std::string_view name;  // file name in web/, e.g. "console.css"
  std::string_view content_type;
  std::string_view body;
};

// Every embedded file, sorted by name (defined in the generated web_assets.cc).
std::span<const StaticAsset> StaticAssets();

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_ASSETS_H_
