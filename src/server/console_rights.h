// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's rights page (/console/rights): the queue of requests people made through the
// privacy portal (access, export, objection, erasure) with an action to mark one done, and the
// outbox of one-time codes the demo's delivery holds (a real deployment sends them by e-mail or
// SMS instead, and the outbox is empty).
#ifndef DAYLIGHT_SERVER_CONSOLE_RIGHTS_H_
#define DAYLIGHT_SERVER_CONSOLE_RIGHTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "daylight/store.h"
#include "daylight/verification.h"

#include "server/auth.h"
#include "server/context.h"
#include "server/http.h"

namespace dl::server {

// One request in the queue, as the console shows it.
struct RightsRequestLine {
  uint64_t id = 0;
  int64_t time_us = 0;
  std::string kind;        // "erase" (include/daylight/store.h RightsRequestView)
  std::string identifier;  // the verified identifier ("type:value"); "" once resolved
  bool held = false;       // pending: the store still holds the identifier
  std::string status;      // "pending", "done", "rejected"
  std::string resolution;  // "erased", "nothing held", "rejected: <note>"
  int64_t done_us = 0;
  std::string done_by;
};

struct RightsPage {
  bool queue_available = false;             // the server has a rights-request queue
  std::vector<RightsRequestLine> requests;  // newest first
  bool outbox_available = false;            // the server delivers codes to the demo outbox
  std::vector<OutboxMessage> outbox;        // newest first
  std::string csrf;
};

std::string RenderRightsPage(const RightsPage& page);

// GET /console/rights.
void RightsQueue(ServerContext& ctx, Principal p, std::string notice, Responder respond);
// POST /console/rights/done (id, action=execute|reject, note): resolves a pending request and
// shows the queue again. CSRF was checked by the caller.
void RightsPost(ServerContext& ctx, const Request& r, Principal p, Responder respond);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_RIGHTS_H_
