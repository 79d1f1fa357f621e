// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Each route module registers its endpoints on the server's router (src/server/server.cc).
#ifndef DAYLIGHT_SERVER_ROUTES_H_
#define DAYLIGHT_SERVER_ROUTES_H_

#include "server/context.h"
#include "server/http.h"

namespace dl::server {

// /healthz, /metrics (src/server/ops_routes.cc).
void RegisterOpsRoutes(Router& router, ServerContext& ctx);
// /v1/identify, /v1/track, /v1/page, /v1/screen, /v1/group, /v1/alias, /v1/batch
// (src/server/collection_routes.cc).
void RegisterCollectionRoutes(Router& router, ServerContext& ctx);
// /api/v1/... and /openapi.json (src/server/api_routes.cc).
void RegisterApiRoutes(Router& router, ServerContext& ctx);
// /privacy/... (src/server/portal_routes.cc).
void RegisterPortalRoutes(Router& router, ServerContext& ctx);
// /console/..., /static/... (src/server/console_routes.cc).
void RegisterConsoleRoutes(Router& router, ServerContext& ctx);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_ROUTES_H_
