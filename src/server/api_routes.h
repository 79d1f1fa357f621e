// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The REST API under /api/v1 (registered by RegisterApiRoutes, src/server/routes.h) and the
// OpenAPI document served at /openapi.json. The table below is what RegisterApiRoutes adds to
// the router; a unit test checks it against web/openapi.json both ways, so the document and the
// routes cannot drift apart.
//
// Every endpoint: the caller is an API key or a console session (401 otherwise), holding the
// endpoint's scope (403 otherwise); state-changing requests from a console session carry its
// CSRF token (X-CSRF-Token). Store work runs on ctx.work; every read of personal data is a
// `data.read` (or rights.access / rights.export) ledger entry naming the key or user, written
// before the answer is sent. Errors are {"error":{"code","message"}} without personal data.
#ifndef DAYLIGHT_SERVER_API_ROUTES_H_
#define DAYLIGHT_SERVER_API_ROUTES_H_

#include <string_view>
#include <vector>

namespace dl::server {

struct ApiRouteInfo {
  std::string_view method;    // "GET", "POST", "DELETE"
  std::string_view pattern;   // the router pattern ("/api/v1/subjects/*")
  std::string_view doc_path;  // the OpenAPI path ("/api/v1/subjects/{identifier}")
  std::string_view scope;     // read, write, audiences, rights, admin
};

// Every /api/v1 route RegisterApiRoutes registers (plus /openapi.json, which needs no key).
const std::vector<ApiRouteInfo>& ApiRouteTable();

// web/openapi.json as embedded at build time (CMake daylight_embed).
std::string_view OpenApiDocument();

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_API_ROUTES_H_
