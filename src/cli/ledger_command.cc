// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <cstdio>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "store/json_views.h"
#include "util/secret.h"

namespace dl::cli {

void RegisterLedgerCommand(CLI::App& app) {
  CLI::App* ledger = app.add_subcommand("ledger", "The append-only, hash-chained ledger");
  ledger->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  CLI::App* verify = ledger->add_subcommand(
      "verify",
      "Recompute the hash chain and report the first altered, removed or reordered entry.\n"
      "Exit code 0 when the chain is intact, 4 when it is broken.");
  AddDbOption(verify);
  verify->add_flag("--json", *json, "Print the result as JSON");
  verify->callback([json] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto r = (*store)->VerifyLedger();
    if (!r.ok()) return Fail(r.status());
    std::string head = ToHex(r->head.data(), r->head.size());
    if (*json) {
      std::printf("%s\n", VerifyJson(*r).dump(2).c_str());
    } else if (r->ok) {
      std::printf("ledger ok: %llu entries, head %s\n", static_cast<unsigned long long>(r->entries),
                  head.c_str());
    } else {
      std::printf("ledger BROKEN at entry %llu: %s (%llu entries before it verify)\n",
                  static_cast<unsigned long long>(r->first_bad_seq), r->reason.c_str(),
                  static_cast<unsigned long long>(r->entries));
    }
    if (!r->ok) ExitCode() = 4;
  });
}

}  // namespace dl::cli

namespace dl::cli {

void RegisterStatusCommand(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "status",
      "Summarise the store: subjects, identifiers (shadow, shared, blocked), records, "
      "batches and ledger entries. Counts only, never values.");
  AddDbOption(cmd);
  cmd->add_flag("--json", *json, "Print the result as JSON");
  cmd->callback([json] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto s = (*store)->storage().Stats();
    if (!s.ok()) return Fail(s.status());
    if (*json) {
      std::printf("%s\n", StatsJson(*s, DbPath()).dump(2).c_str());
      return;
    }
    std::printf(
        "store %s\n  subjects             %llu\n  identifiers          %llu\n"
        "    shadow (3rd party) %llu\n    shared             %llu\n"
        "    blocked            %llu\n  records              %llu\n"
        "  import batches       %llu\n  ledger entries       %llu\n",
        DbPath().c_str(), static_cast<unsigned long long>(s->subjects),
        static_cast<unsigned long long>(s->identifiers),
        static_cast<unsigned long long>(s->shadow_identifiers),
        static_cast<unsigned long long>(s->shared_identifiers),
        static_cast<unsigned long long>(s->blocked_identifiers),
        static_cast<unsigned long long>(s->records), static_cast<unsigned long long>(s->batches),
        static_cast<unsigned long long>(s->ledger_entries));
  });
}

}  // namespace dl::cli
