// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/rights_requests.h"

#include <algorithm>
#include <utility>

namespace dl::server {

void ListRightsRequests(ServerContext& ctx, bool include_resolved,
                        std::function<void(StatusOr<std::vector<RightsRequestView>>)> done) {
  if (ctx.work == nullptr) return done(FailedPrecondition("the server has no store executor"));
  ctx.work->Post([include_resolved, done = std::move(done)](Store& store) {
    auto list = store.ListRightsRequests(include_resolved);
    if (list.ok()) std::reverse(list->begin(), list->end());
    done(std::move(list));
  });
}

void ResolveRightsRequest(ServerContext& ctx, uint64_t id, bool execute, std::string note,
                          std::string actor,
                          std::function<void(StatusOr<RightsRequestView>)> done) {
  if (ctx.work == nullptr) return done(FailedPrecondition("the server has no store executor"));
  ctx.work->Post([id, execute, note = std::move(note), actor = std::move(actor),
                  done = std::move(done)](Store& store) {
    done(store.ResolveRightsRequest(id, execute, note, actor));
  });
}

Status RecordShown(Store& store, const std::set<std::string>& shown, std::string_view what,
                   const std::string& actor) {
  std::vector<Identifier> ids;
  for (const std::string& text : shown) {
    auto id = ParseIdentifier(text);
    if (id.ok()) ids.push_back(std::move(*id));
  }
  if (ids.empty()) return Status::Ok();
  return store.RecordReads(ids, what, actor).status();
}

std::vector<OutboxMessage> OutboxMessages(const ServerContext& ctx, size_t limit, bool* available) {
  if (available != nullptr) *available = ctx.outbox != nullptr;
  if (ctx.outbox == nullptr) return {};
  return ctx.outbox->Messages(limit);
}

}  // namespace dl::server
