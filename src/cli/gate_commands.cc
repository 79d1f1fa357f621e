// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The gate's commands: purposes, the policy, consent, and explain.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daylight/purpose.h"
#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/decision_printer.h"
#include "store/json_views.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {}  // namespace

void RegisterPurposeCommand(CLI::App& app) {
  CLI::App* purpose = app.add_subcommand("purpose", "Purposes (fideslang data uses)");
  purpose->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  CLI::App* list = purpose->add_subcommand(
      "list",
      "List the purposes Daylight knows. A parent covers its children: `marketing` "
      "covers every marketing.* purpose.");
  list->add_flag("--json", *json, "Print the result as JSON");
  list->callback([json] {
    if (*json) {
      std::printf("%s\n", PurposesJson().dump(2).c_str());
      return;
    }
    for (const std::string& p : KnownPurposes()) {
      std::printf("%-44s %s\n", p.c_str(), std::string(PurposeDescription(p)).c_str());
    }
  });
}

void RegisterPolicyCommand(CLI::App& app) {
  CLI::App* policy =
      app.add_subcommand("policy", "The legal basis the organisation relies on per purpose");
  policy->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  CLI::App* show = policy->add_subcommand(
      "show",
      "Show the legal basis for each purpose, from the policy file <db>.policy that the operator\n"
      "edits (created by `daylight init`; format in docs/policy-file.md). A purpose without a\n"
      "basis is never eligible.");
  AddDbOption(show);
  show->add_flag("--json", *json, "Print the result as JSON");
  show->callback([json] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto policy = (*store)->LoadPolicy();
    if (!policy.ok()) return Fail(policy.status());
    if (*json) {
      std::printf("%s\n", PolicyJson(*policy).dump(2).c_str());
      return;
    }
    std::printf("policy file %s\n", PolicyFilePathFor(DbPath()).c_str());
    for (const std::string& p : KnownPurposes()) {
      auto basis = policy->BasisFor(p);
      const PolicyEntry* e = policy->EntryFor(p);
      std::string from = e == nullptr ? "" : (e->purpose == p ? "declared" : "from " + e->purpose);
      std::printf("  %-44s %-20s %s\n", p.c_str(),
                  basis ? std::string(LegalBasisName(*basis)).c_str() : "(none: never eligible)",
                  from.c_str());
    }
  });
}

void RegisterConsentImportCommand(CLI::App* consent);

void RegisterConsentCommand(CLI::App& app) {
  CLI::App* consent = app.add_subcommand("consent", "Record consent decisions");
  consent->require_subcommand(1);
  RegisterConsentImportCommand(consent);
  struct Opts {
    std::string identifier, purpose, evidence, expires, source = "cli", region;
    bool json = false;
  };
  for (ConsentState state : {ConsentState::kGranted, ConsentState::kWithdrawn}) {
    auto o = std::make_shared<Opts>();
    bool grant = state == ConsentState::kGranted;
    CLI::App* cmd = consent->add_subcommand(
        grant ? "grant" : "withdraw",
        grant ? "Record that the person granted consent for a purpose (and its children).\n"
                "Example: daylight consent grant email:ann@example.com --purpose "
                "marketing.advertising.third_party.targeted --evidence \"signup form v3\" "
                "--expires 2027-11-02"
              : "Record that the person withdrew consent: it takes effect for every decision "
                "after it.\nExample: daylight consent withdraw email:ann@example.com --purpose "
                "marketing.advertising.third_party.targeted");
    AddDbOption(cmd);
    cmd->add_option("identifier", o->identifier, "type:value of the person")->required();
    cmd->add_option("--purpose", o->purpose, "Purpose key (see `daylight purpose list`)")
        ->required();
    auto* ev = cmd->add_option("--evidence", o->evidence,
                               "Where the decision was captured (form, version, ticket); stored "
                               "encrypted under the person's key");
    if (grant) {
      ev->required();
      cmd->add_option("--expires", o->expires, "Date the consent lapses (YYYY-MM-DD)");
    }
    cmd->add_option("--source", o->source, "Capture source, e.g. web, crm, cli")
        ->default_val("cli");
    cmd->add_option("--region", o->region, "Region for a phone number without country code");
    cmd->add_flag("--json", o->json, "Print the result as JSON");
    cmd->callback([o, state] {
      auto id = ParseIdentifier(o->identifier, o->region);
      if (!id.ok()) return Fail(id.status());
      int64_t expires = 0;
      if (!o->expires.empty()) {
        auto t = ParseTime(o->expires);
        if (!t) return Fail(InvalidArgument("--expires: expected YYYY-MM-DD"));
        expires = *t;
      }
      auto store = Store::Open(DbPath());
      if (!store.ok()) return Fail(store.status());
      auto seq =
          (*store)->RecordConsent(*id, o->purpose, state, o->evidence, expires, o->source, Actor());
      if (!seq.ok()) return Fail(seq.status());
      if (o->json) {
        std::printf("%s\n", ConsentRecordedJson(*seq, o->purpose, state).dump(2).c_str());
      } else {
        std::printf("consent %s for %s recorded (ledger entry %llu)\n",
                    std::string(ConsentStateName(state)).c_str(), o->purpose.c_str(),
                    static_cast<unsigned long long>(*seq));
      }
    });
  }
}

void RegisterConsentImportCommand(CLI::App* consent) {
  struct Opts {
    std::string path, region;
    uint64_t max_errors = 0;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = consent->add_subcommand(
      "import",
      "Import consent signals: a CSV with header identifier,signal,time where signal is an IAB\n"
      "TC string, Google consent mode (ad_user_data=granted;ad_personalization=denied) or GPC\n"
      "(Sec-GPC: 1), and time is ISO 8601 UTC (docs/consent-signals.md). GPC is an objection to\n"
      "sale, sharing and third-party targeted advertising, and to nothing else.\n"
      "Example: daylight consent import signals.csv");
  AddDbOption(cmd);
  cmd->add_option("file", o->path, "signals CSV")->required()->check(CLI::ExistingFile);
  cmd->add_option("--region", o->region, "Region for phone numbers without country code");
  cmd->add_option("--max-errors", o->max_errors, "Malformed rows to skip before aborting")
      ->default_val(0);
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto r = (*store)->ImportConsentSignals(o->path, o->region, o->max_errors, Actor());
    if (!r.ok()) return Fail(r.status());
    if (o->json) {
      std::printf("%s\n", SignalImportJson(*r).dump(2).c_str());
      return;
    }
    for (const std::string& e : r->errors) std::fprintf(stderr, "skipped %s\n", e.c_str());
    std::printf(
        "%llu signals: %llu consents granted, %llu denied, %llu objections; %llu for "
        "unknown identifiers and %llu for shadow identifiers not recorded; %llu skipped\n",
        static_cast<unsigned long long>(r->rows), static_cast<unsigned long long>(r->granted),
        static_cast<unsigned long long>(r->denied), static_cast<unsigned long long>(r->objections),
        static_cast<unsigned long long>(r->unknown), static_cast<unsigned long long>(r->shadow),
        static_cast<unsigned long long>(r->skipped));
  });
}

void RegisterExplainCommand(CLI::App& app) {
  struct Opts {
    std::string identifier, purpose, at, region;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "Ask the gate whether an identifier may be used for a purpose, and why. Every rule is\n"
      "shown with its verdict: provenance (no shadow contacts), purpose compatibility, legal\n"
      "basis and consent, objections and restrictions, placeholders and shared identifiers.\n\n"
      "Example: daylight explain phone:+4917112345678 --purpose "
      "marketing.advertising.third_party.targeted");
  AddDbOption(cmd);
  cmd->add_option("identifier", o->identifier, "type:value")->required();
  cmd->add_option("--purpose", o->purpose, "Purpose key (see `daylight purpose list`)")->required();
  cmd->add_option("--at", o->at,
                  "Decide as of this time (YYYY-MM-DD or ISO 8601 UTC); default now");
  cmd->add_option("--region", o->region, "Region for a phone number without country code");
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    auto id = ParseIdentifier(o->identifier, o->region);
    if (!id.ok()) return Fail(id.status());
    int64_t at = NowMicros();
    if (!o->at.empty()) {
      auto t = ParseTime(o->at);
      if (!t) return Fail(InvalidArgument("--at: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"));
      at = *t;
    }
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto d = (*store)->Explain(*id, o->purpose, at);
    if (!d.ok()) return Fail(d.status());
    if (o->json) {
      std::printf("%s\n", DecisionJson(*d, *id, at).dump(2).c_str());
      return;
    }
    std::fputs(DecisionText(*d, *id, "  ").c_str(), stdout);
  });
}

}  // namespace dl::cli
