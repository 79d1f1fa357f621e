// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight rights requests`: the officer's queue of requests people made through the privacy
// portal (docs/privacy-portal.md "Objections now, erasure after a check"). Listing shows the
// verified identifiers of pending requests: the officer's terminal is the place for them, as for
// `rights access`; error messages never carry them.
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "store/json_views.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

struct RequestsOpts {
  bool all = false, json = false;
  uint64_t id = 0;
  std::string note;
};

std::unique_ptr<Store> OpenStore() {
  auto store = Store::Open(DbPath());
  if (!store.ok()) {
    Fail(store.status());
    return nullptr;
  }
  return std::move(*store);
}

void RunList(const RequestsOpts& o) {
  auto store = OpenStore();
  if (store == nullptr) return;
  auto list = store->ListRightsRequests(o.all);
  if (!list.ok()) return Fail(list.status());
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const RightsRequestView& r : *list) out.push_back(RightsRequestJson(r));
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  if (list->empty()) {
    std::printf(o.all ? "no rights requests\n" : "no pending rights requests\n");
    return;
  }
  for (const RightsRequestView& r : *list) {
    if (r.status == "pending") {
      std::printf("#%llu  %s  %s  %s  %s%s (ledger entry %llu, by %s)\n",
                  static_cast<unsigned long long>(r.id), FormatTime(r.time_us).c_str(),
                  r.kind.c_str(), r.status.c_str(), r.identifier.c_str(),
                  r.held ? "" : " [no longer held]", static_cast<unsigned long long>(r.seq),
                  r.actor.c_str());
    } else {
      std::printf("#%llu  %s  %s  %s  %s by %s at %s\n", static_cast<unsigned long long>(r.id),
                  FormatTime(r.time_us).c_str(), r.kind.c_str(), r.status.c_str(),
                  r.resolution.c_str(), r.resolved_by.c_str(), FormatTime(r.resolved_us).c_str());
    }
  }
}

void RunResolve(const RequestsOpts& o, bool execute) {
  auto store = OpenStore();
  if (store == nullptr) return;
  auto r = store->ResolveRightsRequest(o.id, execute, o.note, Actor());
  if (!r.ok()) return Fail(r.status());
  if (o.json) {
    std::printf("%s\n", RightsRequestJson(*r).dump(2).c_str());
    return;
  }
  std::printf("request #%llu %s: %s (ledger entry %llu, by %s)\n",
              static_cast<unsigned long long>(r->id), r->status.c_str(), r->resolution.c_str(),
              static_cast<unsigned long long>(r->resolved_seq), r->resolved_by.c_str());
}

}  // namespace

void AddRightsRequestCommands(CLI::App* rights) {
  auto o = std::make_shared<RequestsOpts>();
  CLI::App* requests = rights->add_subcommand(
      "requests",
      "The queue of requests people made through the privacy portal (today: erasure requests,\n"
      "which wait for the officer; objections and withdrawals there take effect at once).\n"
      "Lists the pending requests with the identifier each person verified; --all adds the\n"
      "resolved ones. `done ID` carries a request out (an erasure erases the person, like\n"
      "`rights erase`); `reject ID --note TEXT` keeps the data and records why.\n\n"
      "Examples:\n"
      "  daylight rights requests\n"
      "  daylight rights requests done 3\n"
      "  daylight rights requests reject 4 --note \"invoices under legal hold until 2031\"");
  AddDbOption(requests);
  requests->add_flag("--all", o->all, "Also list resolved requests");
  requests->add_flag("--json", o->json, "Print JSON");
  requests->callback([o, requests] {
    if (requests->get_subcommands().empty()) RunList(*o);
  });

  CLI::App* done = requests->add_subcommand("done", "Carry a pending request out");
  AddDbOption(done);
  done->add_option("id", o->id, "Request number (from `rights requests`)")->required();
  done->add_flag("--json", o->json, "Print JSON");
  done->callback([o] { RunResolve(*o, true); });

  CLI::App* reject = requests->add_subcommand("reject", "Reject a pending request, saying why");
  AddDbOption(reject);
  reject->add_option("id", o->id, "Request number")->required();
  reject->add_option("--note", o->note, "Why (printable ASCII, no personal data)")->required();
  reject->add_flag("--json", o->json, "Print JSON");
  reject->callback([o] { RunResolve(*o, false); });
}

}  // namespace dl::cli
