// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "cli/credential_change.h"

#include <cstdio>
#include <memory>
#include <utility>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"

namespace dl::cli {

void AddCredentialChangeCommand(CLI::App* parent, const std::string& command,
                                const std::string& help, const std::string& arg_help,
                                std::string field, std::string done, CredentialChange change) {
  struct Opts {
    std::string arg;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = parent->add_subcommand(command, help);
  AddDbOption(cmd);
  cmd->add_option(field, o->arg, arg_help)->required();
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o, field = std::move(field), done = std::move(done), change = std::move(change)] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    CredentialStore creds(&(*store)->storage());
    const std::string actor = Actor();
    auto seq = change(creds, o->arg, actor);
    if (!seq.ok()) return Fail(seq.status());
    if (o->json) {
      std::printf("%s\n", nlohmann::json({{field, o->arg}, {"ledger_seq", *seq}}).dump(2).c_str());
    } else {
      std::printf("%s %s (ledger entry %llu, by %s)\n", done.c_str(), o->arg.c_str(),
                  static_cast<unsigned long long>(*seq), actor.c_str());
    }
  });
}

}  // namespace dl::cli
