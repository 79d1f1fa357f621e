// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <cstdio>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"

namespace dl::cli {

void RegisterInitCommand(CLI::App& app) {
  struct Opts {
    InitOptions init;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Create a new store: the database (./daylight.db, --db PATH or $DAYLIGHT_DB) and its key\n"
      "file <db>.key (mode 0600) holding the master and blind-index secrets. Keep the key file\n"
      "safe and apart from backups of the database: without it nothing can be read.");
  AddDbOption(cmd);
  cmd->add_option("--blocklist", opts->init.blocklist_file,
                  "File of extra placeholder identifiers, one per line: 'email:x@y', "
                  "'email-domain:example.org', 'phone-pattern:REGEX'")
      ->check(CLI::ExistingFile);
  cmd->add_option("--share-limit", opts->init.share_limit,
                  "Subjects one identifier may belong to before it counts as shared (a family "
                  "or office number) and stops merging")
      ->default_val(5)
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--audience-minimum", opts->init.guardrails.minimum,
                  "No audience count below this is shown, and no smaller audience is exported "
                  "(docs/guardrails.md)")
      ->default_val(100)
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--audience-rounding", opts->init.guardrails.rounding,
                  "Audience counts are shown as multiples of this")
      ->default_val(100)
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--audience-margin", opts->init.guardrails.threshold_band,
                  "Each audience's threshold is the minimum plus a secret margin below this, so "
                  "that nobody can tell where one person tips an audience over it")
      ->default_val(100)
      ->check(CLI::Range(1, 1000000));
  cmd->add_flag("--json", opts->json, "Print the result as JSON");
  cmd->callback([opts] {
    std::string db = DbPath();
    auto store = Store::Init(db, opts->init, Actor());
    if (!store.ok()) return Fail(store.status());
    if (opts->json) {
      nlohmann::json out = {{"db", db},
                            {"key_file", KeyFilePathFor(db)},
                            {"share_limit", opts->init.share_limit},
                            {"guardrails",
                             {{"minimum", opts->init.guardrails.minimum},
                              {"rounding", opts->init.guardrails.rounding},
                              {"margin", opts->init.guardrails.threshold_band}}}};
      std::printf("%s\n", out.dump(2).c_str());
    } else {
      std::printf(
          "created store %s\nkey file %s (mode 0600): keep it safe, apart from backups of the "
          "store\n",
          db.c_str(), KeyFilePathFor(db).c_str());
    }
  });
}

}  // namespace dl::cli
