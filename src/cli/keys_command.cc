// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight keys create|list|revoke`: write keys for event collection and API keys with scopes
// (src/store/credentials.h). A key is printed once, at creation; the store keeps only its hash.
// A revocation reaches a running server within a second.
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/credential_change.h"
#include "store/credentials.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

std::vector<std::string> SplitScopes(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

struct CreateOpts {
  std::string name, source, collected_for, scopes;
  bool json = false;
};

void RunCreate(KeyKind kind, const CreateOpts& o) {
  auto store = Store::Open(DbPath());
  if (!store.ok()) return Fail(store.status());
  CredentialStore creds(&(*store)->storage());
  NewKey request{kind, o.name, SplitScopes(o.scopes), o.source, o.collected_for};
  auto created = creds.CreateKey(request, Actor());
  if (!created.ok()) return Fail(created.status());
  if (o.json) {
    nlohmann::json out = KeyJson(created->record);
    out["key"] = created->secret;
    out["ledger_seq"] = created->seq;
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    const KeyRecord& k = created->record;
    std::printf("created %s key %s (%s)", std::string(KeyKindName(k.kind)).c_str(), k.id.c_str(),
                k.name.c_str());
    if (k.kind == KeyKind::kWrite) {
      std::printf(": events from source %s, identify claims collected for %s\n", k.source.c_str(),
                  k.collected_for.c_str());
    } else {
      std::string scopes;
      for (const std::string& s : k.scopes) scopes += (scopes.empty() ? "" : ",") + s;
      std::printf(" with scopes %s\n", scopes.c_str());
    }
    std::printf("\n  %s\n\n", created->secret.c_str());
  }
  std::fprintf(stderr,
               "daylight: this is the only time the key is shown; the store keeps only its hash. "
               "Keep it in a secret store; if it is lost, create a new one and revoke %s.\n",
               created->record.id.c_str());
}

void AddCreate(CLI::App* keys) {
  CLI::App* create = keys->add_subcommand(
      "create",
      "Create a key and print it once (it cannot be shown again: only its hash is stored).");
  create->require_subcommand(1);

  auto w = std::make_shared<CreateOpts>();
  CLI::App* write = create->add_subcommand(
      "write",
      "A write key: collects events on /v1/* (Segment's HTTP Tracking API) and nothing else.\n"
      "Give it to analytics.js, @segment/analytics-node or a RudderStack SDK as the write key;\n"
      "they send it as the HTTP Basic user. Events get the key's source (user ids become\n"
      "external:<source>:<id>), and identify traits become `self` claims collected for the\n"
      "key's purpose.\n\n"
      "Examples:\n"
      "  daylight keys create write --name web\n"
      "  daylight keys create write --name app --source ios --collected-for essential.service "
      "--json");
  AddDbOption(write);
  write->add_option("--name", w->name, "What the key is for, e.g. web (a-z 0-9 . _ -)")->required();
  write->add_option("--source", w->source, "Source of the events (default: the name)");
  write->add_option("--collected-for", w->collected_for,
                    "Purpose identify claims are collected for (default: essential.service; see "
                    "`purpose list`)");
  write->add_flag("--json", w->json, "Print the key and its record as JSON");
  write->callback([w] { RunCreate(KeyKind::kWrite, *w); });

  auto a = std::make_shared<CreateOpts>();
  CLI::App* api = create->add_subcommand(
      "api",
      "An API key for /api/v1 (docs/server.md), sent as \"Authorization: Bearer dla_...\".\n"
      "Scopes: read (subjects, explain, status, ledger verify), write (consents), audiences\n"
      "(define, evaluate, export), rights (rights actions, uploads, notices, records),\n"
      "admin (keys). Every read of personal data with it is a ledger entry naming the key.\n\n"
      "Examples:\n"
      "  daylight keys create api --name crm-sync --scopes read,write\n"
      "  daylight keys create api --name dpo --scopes read,rights --json");
  AddDbOption(api);
  api->add_option("--name", a->name, "What the key is for, e.g. crm-sync (a-z 0-9 . _ -)")
      ->required();
  api->add_option("--scopes", a->scopes, "Comma-separated: read, write, audiences, rights, admin")
      ->required();
  api->add_flag("--json", a->json, "Print the key and its record as JSON");
  api->callback([a] { RunCreate(KeyKind::kApi, *a); });
}

void AddList(CLI::App* keys) {
  auto json = std::make_shared<bool>(false);
  CLI::App* list = keys->add_subcommand(
      "list",
      "List the keys: id, kind, name, scopes or source, created, revoked. Never the key itself.\n"
      "Example: daylight keys list --json");
  AddDbOption(list);
  list->add_flag("--json", *json, "Print the result as JSON");
  list->callback([json] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    CredentialStore creds(&(*store)->storage());
    auto set = creds.Load();
    if (!set.ok()) return Fail(set.status());
    if (*json) {
      nlohmann::json out = nlohmann::json::array();
      for (const KeyRecord& k : set->keys) out.push_back(KeyJson(k));
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    if (set->keys.empty()) std::printf("no keys yet (create one with `keys create`)\n");
    for (const KeyRecord& k : set->keys) {
      std::string what;
      if (k.kind == KeyKind::kWrite) {
        what = "source " + k.source + ", collected for " + k.collected_for;
      } else {
        for (const std::string& s : k.scopes) what += (what.empty() ? "scopes " : ",") + s;
      }
      std::printf("%-20s %-5s %-20s %-56s created %s%s\n", k.id.c_str(),
                  std::string(KeyKindName(k.kind)).c_str(), k.name.c_str(), what.c_str(),
                  FormatTime(k.created_us).c_str(),
                  k.active() ? "" : ("  REVOKED " + FormatTime(k.revoked_us)).c_str());
    }
  });
}

void AddRevoke(CLI::App* keys) {
  AddCredentialChangeCommand(
      keys, "revoke",
      "Revoke a key: a running server refuses it within a second (401). Recorded in the ledger.\n"
      "Example: daylight keys revoke k_3f9a0c1d2e4b5a69",
      "Key id from `keys list` (k_...)", "id", "revoked",
      [](CredentialStore& creds, const std::string& id, const std::string& actor) {
        return creds.RevokeKey(id, actor);
      });
}

}  // namespace

void RegisterKeysCommand(CLI::App& app) {
  CLI::App* keys = app.add_subcommand(
      "keys", "Write keys (event collection) and API keys with scopes for `daylight serve`");
  keys->require_subcommand(1);
  AddCreate(keys);
  AddList(keys);
  AddRevoke(keys);
}

}  // namespace dl::cli
