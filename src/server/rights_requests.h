// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// What the privacy portal leaves for the data-protection officer, for the console's rights page
// (src/server/console_rights.cc) and anything else in the server that shows it:
//  * the queue of rights requests (today: erasure requests) people made through the portal —
//    kept durably by the store (Store::RecordRightsRequest / ListRightsRequests /
//    ResolveRightsRequest in include/daylight/store.h, docs/privacy-portal.md); these helpers
//    run them on the `work` executor and answer on its thread;
//  * the demo's code outbox (ctx.outbox, include/daylight/verification.h), read directly: it is
//    in memory and thread-safe.
// The identifiers in both are personal data: show them only to signed-in staff, and record the
// read (Store::RecordRead) where a page shows one.
#ifndef DAYLIGHT_SERVER_RIGHTS_REQUESTS_H_
#define DAYLIGHT_SERVER_RIGHTS_REQUESTS_H_

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/status.h"
#include "daylight/store.h"
#include "daylight/verification.h"

#include "server/context.h"

namespace dl::server {

// The requests, newest first: pending ones, and resolved ones too with `include_resolved`.
// `done` runs on the work executor's thread (FailedPrecondition when ctx.work is null: then it
// runs at once on the caller's thread).
void ListRightsRequests(ServerContext& ctx, bool include_resolved,
                        std::function<void(StatusOr<std::vector<RightsRequestView>>)> done);

// Resolves request `id`: `execute` carries it out (an erasure request erases the person, naming
// `actor`, e.g. Principal::Actor() "user:alice"), otherwise it is rejected with `note` (printable
// ASCII, at most 200 characters, no personal data). NotFound / FailedPrecondition as the store
// says (no such request / already resolved).
void ResolveRightsRequest(ServerContext& ctx, uint64_t id, bool execute, std::string note,
                          std::string actor, std::function<void(StatusOr<RightsRequestView>)> done);

// Puts on record that the identifiers in `shown` ("type:value", as the queue and the outbox
// hold them) were shown to `actor`: one `data.read` entry (Store::RecordReads) for all of them,
// none when `shown` is empty. A text that does not parse names no one the store could hold and
// is left out. Call it before the answer that shows them is sent.
Status RecordShown(Store& store, const std::set<std::string>& shown, std::string_view what,
                   const std::string& actor);

// The demo outbox's messages, newest first, at most `limit` (0: all); empty when ctx.outbox is
// null (codes go out through another delivery). `available` (optional) says which.
std::vector<OutboxMessage> OutboxMessages(const ServerContext& ctx, size_t limit = 0,
                                          bool* available = nullptr);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_RIGHTS_REQUESTS_H_
