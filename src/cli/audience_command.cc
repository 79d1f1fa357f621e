// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight audience create|list|show|export` (docs/audiences.md). Every count printed here is a
// guarded count (docs/guardrails.md); exact sizes never reach the terminal.
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/audience_printer.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "util/progress.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

// Progress for the snapshot rebuild and the gate's bulk decisions, on stderr when a terminal.
std::function<void(double)> ProgressFor(ProgressBar* bar) {
  return [bar](double f) { bar->Update(f, static_cast<uint64_t>(f * 100)); };
}

void AddCreate(CLI::App* audience) {
  struct Opts {
    std::string name, purpose, where;
    bool replace = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = audience->add_subcommand(
      "create",
      "Define an audience: a filter over traits, always for one purpose. Members are the\n"
      "subjects matching the filter AND eligible for the purpose under the gate.\n"
      "Example:\n"
      "  daylight audience create lapsed-de --purpose marketing.advertising.third_party.targeted"
      " \\\n"
      "      --where 'country = \"DE\" and last_order < now - 90d'\n"
      "Filter language: docs/filter-language.md. Fields are trait names (see `subject show`).");
  AddDbOption(cmd);
  cmd->add_option("name", o->name, "Audience name: 1-64 of a-z 0-9 _ . -")->required();
  cmd->add_option("--purpose", o->purpose, "What the audience is for (see `purpose list`)")
      ->required();
  cmd->add_option("--where", o->where, "The filter, e.g. 'country = \"DE\" and orders >= 3'")
      ->required();
  cmd->add_flag("--replace", o->replace, "Redefine an existing audience (recorded in the ledger)");
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto def = (*store)->CreateAudience(o->name, o->purpose, o->where, o->replace, Actor());
    if (!def.ok()) return Fail(def.status());
    ProgressBar bar("evaluating " + o->name, "%");
    auto view = (*store)->ShowAudience(o->name, ProgressFor(&bar));
    bar.Finish();
    if (!view.ok()) return Fail(view.status().WithContext("audience created, but evaluating it"));
    if (o->json) {
      std::printf("%s\n", AudienceJson(*view).dump(2).c_str());
      return;
    }
    std::printf("created %s", AudienceText(*view).c_str());
  });
}

void AddList(CLI::App* audience) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = audience->add_subcommand("list", "List the audiences and their purposes");
  AddDbOption(cmd);
  cmd->add_flag("--json", *json, "Print the result as JSON");
  cmd->callback([json] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto list = (*store)->ListAudiences();
    if (!list.ok()) return Fail(list.status());
    if (*json) {
      nlohmann::json out = nlohmann::json::array();
      for (const AudienceDefinition& d : *list) out.push_back(DefinitionJson(d));
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    if (list->empty()) std::printf("no audiences yet (create one with `audience create`)\n");
    for (const AudienceDefinition& d : *list) {
      std::printf("%-24s %-44s %s\n", d.name.c_str(), d.purpose.c_str(), d.filter.c_str());
    }
  });
}

void AddShow(CLI::App* audience) {
  struct Opts {
    std::string name;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = audience->add_subcommand(
      "show",
      "Evaluate an audience now and show its guarded size and the gate's exclusions by reason.\n"
      "Counts are rounded and withheld under the minimum, so that no one can learn about a\n"
      "single person by comparing audience sizes (docs/guardrails.md).\n"
      "Example: daylight audience show lapsed-de --json");
  AddDbOption(cmd);
  cmd->add_option("name", o->name, "Audience name")->required();
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    ProgressBar bar("evaluating " + o->name, "%");
    auto view = (*store)->ShowAudience(o->name, ProgressFor(&bar));
    bar.Finish();
    if (!view.ok()) return Fail(view.status());
    if (o->json) {
      std::printf("%s\n", AudienceJson(*view).dump(2).c_str());
    } else {
      std::printf("%s", AudienceText(*view).c_str());
    }
  });
}

void AddExport(CLI::App* audience) {
  struct Opts {
    AudienceExportRequest request;
    std::string format;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = audience->add_subcommand(
      "export",
      "Write the audience as a customer-list file for Meta Custom Audiences or Google Customer\n"
      "Match: only identifiers the gate allows for the audience's purpose, normalised and\n"
      "SHA-256 hashed as the platform requires (docs/exports.md). The export is recorded in the\n"
      "ledger with recipient, purpose, time and members (as blind indexes). When the audience\n"
      "went to the same recipient before, the identifiers to remove there are written to a\n"
      "removal list (--removals, default <out>.remove.csv).\n"
      "Example:\n"
      "  daylight audience export lapsed-de --format meta --recipient \"Meta Ads account 123\" "
      "--out lapsed.csv");
  AddDbOption(cmd);
  cmd->add_option("name", o->request.audience, "Audience name")->required();
  cmd->add_option("--format", o->format, "meta or google")
      ->required()
      ->check(CLI::IsMember({"meta", "google"}));
  cmd->add_option("--recipient", o->request.recipient,
                  "Who receives the file, e.g. \"Meta Ads account 123\" (recorded in the ledger)")
      ->required();
  cmd->add_option("--out", o->request.out_path, "The file to write (replaced atomically)")
      ->required();
  cmd->add_option("--removals", o->request.removals_path,
                  "Where to write the removal list (default: <out>.remove.csv)");
  cmd->add_option("--region", o->request.default_region,
                  "Country for members without one (ISO alpha-2; Google's address match)");
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    o->request.platform = o->format == "google" ? Platform::kGoogle : Platform::kMeta;
    o->request.actor = Actor();
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    ProgressBar bar("exporting " + o->request.audience, "%");
    auto r = (*store)->ExportAudience(o->request, ProgressFor(&bar));
    bar.Finish();
    if (!r.ok()) return Fail(r.status());
    const GuardrailOptions g = (*store)->guardrails();
    if (o->json) {
      std::printf("%s\n", AudienceExportJson(*r).dump(2).c_str());
      return;
    }
    std::printf("wrote %s: %s rows for %s members (ledger entry #%llu)\n", r->path.c_str(),
                Grouped(r->rows).c_str(), DescribeGuarded(r->members, g).c_str(),
                static_cast<unsigned long long>(r->seq));
    for (const auto& [reason, n] : r->skipped) {
      std::printf("  left out: %s: %s\n", reason.c_str(), Grouped(n).c_str());
    }
    if (r->previous_seq != 0) {
      std::printf("since export #%llu to the same recipient: %s identifiers to remove",
                  static_cast<unsigned long long>(r->previous_seq), Grouped(r->removed).c_str());
      if (!r->removals_path.empty()) std::printf(" -> %s", r->removals_path.c_str());
      std::printf("\n");
      if (r->removed_unreadable > 0) {
        std::printf("  %s of them were erased since; the erasure listed this recipient\n",
                    Grouped(r->removed_unreadable).c_str());
      }
    }
  });
}

}  // namespace

void RegisterAudienceCommand(CLI::App& app) {
  CLI::App* audience = app.add_subcommand(
      "audience", "Audiences for a purpose: define, evaluate with guarded counts, export");
  audience->require_subcommand(1);
  AddCreate(audience);
  AddList(audience);
  AddShow(audience);
  AddExport(audience);
}

}  // namespace dl::cli
