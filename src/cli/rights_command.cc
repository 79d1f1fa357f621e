// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight rights ...`: the data-protection officer's path for the rights of the people
// concerned (GDPR Art. 15-21). Each action is a ledger entry naming who performed it (the
// operator's login, Actor()). Requesters are verified before an officer acts; the server's
// privacy portal brings the one-time-code flow.
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "store/json_views.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

struct RightsOpts {
  std::string id, region, purpose;
  bool json = false;
};

// Parses the identifier, runs `action` on the store, prints the ledger entry it made.
template <typename Action>
void RunAction(const RightsOpts& o, const char* what, Action action) {
  auto id = ParseIdentifier(o.id, o.region);
  if (!id.ok()) return Fail(id.status().WithContext("identifier"));
  auto store = Store::Open(DbPath());
  if (!store.ok()) return Fail(store.status());
  auto seq = action(**store, *id);
  if (!seq.ok()) {
    Fail(seq.status());
    if (seq.status().code() == StatusCode::kNotFound) ExitCode() = 3;  // docs/cli.md
    return;
  }
  if (o.json) {
    std::printf("%s\n", RightsActionJson(*id, what, *seq, o.purpose).dump(2).c_str());
    return;
  }
  std::printf("%s %s%s recorded (ledger entry %llu, by %s)\n", what, id->ToString().c_str(),
              o.purpose.empty() ? "" : (" for " + o.purpose).c_str(),
              static_cast<unsigned long long>(*seq), Actor().c_str());
}

CLI::App* AddIdentifierCommand(CLI::App* rights, const char* name, const char* help,
                               const std::shared_ptr<RightsOpts>& o) {
  CLI::App* cmd = rights->add_subcommand(name, help);
  AddDbOption(cmd);
  cmd->add_option("identifier", o->id, "type:value, e.g. email:ann@example.com")->required();
  cmd->add_option("--region", o->region, "Default region for a national phone number");
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  return cmd;
}

}  // namespace

void RegisterRightsCommand(CLI::App& app) {
  CLI::App* rights = app.add_subcommand(
      "rights", "The rights of the people concerned (GDPR Art. 15-21), as the officer's path");
  rights->require_subcommand(1);

  auto obj = std::make_shared<RightsOpts>();
  CLI::App* object = AddIdentifierCommand(
      rights, "object",
      "Art. 21: record the person's objection to a purpose. Absolute: no consent or policy\n"
      "overrides it; it covers every identifier of the person, survives merges and re-uploads,\n"
      "and `explain` shows it. `--purpose marketing` objects to every marketing.* purpose.\n"
      "Example: daylight rights object phone:+4917112345678 --purpose marketing",
      obj);
  object->add_option("--purpose", obj->purpose, "The purpose objected to (see `purpose list`)")
      ->required();
  object->callback([obj] {
    RunAction(*obj, "objection",
              [&](Store& s, const Identifier& id) { return s.Object(id, obj->purpose, Actor()); });
  });

  auto res = std::make_shared<RightsOpts>();
  CLI::App* restrict = AddIdentifierCommand(
      rights, "restrict",
      "Art. 18: restrict processing of the person's data to storage: the gate denies every\n"
      "use until `rights unrestrict`. Example: daylight rights restrict email:ann@example.com",
      res);
  restrict->callback([res] {
    RunAction(*res, "restriction",
              [&](Store& s, const Identifier& id) { return s.Restrict(id, true, Actor()); });
  });

  auto unres = std::make_shared<RightsOpts>();
  CLI::App* unrestrict = AddIdentifierCommand(
      rights, "unrestrict", "Art. 18: lift a restriction recorded with `rights restrict`", unres);
  unrestrict->callback([unres] {
    RunAction(*unres, "lifting of the restriction of",
              [&](Store& s, const Identifier& id) { return s.Restrict(id, false, Actor()); });
  });

  auto er = std::make_shared<RightsOpts>();
  CLI::App* erase = AddIdentifierCommand(
      rights, "erase",
      "Art. 17: erase the person: destroys the keys of every record that names them (their own,\n"
      "the organisation's, contact cards in address books), deletes what the store says about\n"
      "them, and suppresses their identifiers (as blind indexes) so that no later import from\n"
      "any source stores them again. Lists the recipients of earlier exports that held them,\n"
      "who must be told. The ledger keeps only ciphertext and still verifies.\n"
      "Many people at once: --from FILE, one type:value per line ('#' starts a comment); all\n"
      "or nothing, in one transaction.\n"
      "Example: daylight rights erase email:ann@example.com",
      er);
  erase->get_option("identifier")->required(false);
  auto from = std::make_shared<std::string>();
  erase->add_option("--from", *from, "File of identifiers to erase, one per line")
      ->check(CLI::ExistingFile);
  erase->callback([er, from] {
    std::vector<Identifier> ids;
    if (!from->empty()) {
      std::ifstream in(*from);
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        line = line.substr(0, line.find('#'));
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto id = ParseIdentifier(line, er->region);
        if (!id.ok()) {
          return Fail(InvalidArgument(*from + ":" + std::to_string(n) + ": " +
                                      id.status().message() + "; nothing was erased"));
        }
        ids.push_back(*id);
      }
    }
    if (!er->id.empty()) {
      auto id = ParseIdentifier(er->id, er->region);
      if (!id.ok()) return Fail(id.status().WithContext("identifier"));
      ids.push_back(*id);
    }
    if (ids.empty()) return Fail(InvalidArgument("give an identifier or --from FILE"));
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto r = ids.size() == 1 && from->empty() ? (*store)->Erase(ids[0], Actor())
                                              : (*store)->EraseMany(ids, Actor());
    if (!r.ok()) {
      Fail(r.status());
      if (r.status().code() == StatusCode::kNotFound) ExitCode() = 3;
      return;
    }
    if (er->json) {
      std::printf("%s\n", ErasureJson(*r).dump(2).c_str());
      return;
    }
    std::printf("erased %llu %s (ledger entry %llu, by %s): %llu identifiers, %llu records "
                "shredded; identifiers suppressed for future imports\n",
                static_cast<unsigned long long>(r->people), r->people == 1 ? "person" : "people",
                static_cast<unsigned long long>(r->seq), Actor().c_str(),
                static_cast<unsigned long long>(r->identifiers),
                static_cast<unsigned long long>(r->records));
    if (r->unknown > 0) {
      std::printf("%llu identifiers were not held by the store\n",
                  static_cast<unsigned long long>(r->unknown));
    }
    if (r->uses.empty()) {
      std::printf("no earlier export held them: no recipient to notify\n");
    } else {
      std::printf("recipients to notify (earlier exports that held them):\n");
      for (const UseView& u : r->uses) {
        std::printf("  %s  (audience %s, export #%llu, %s)\n", u.recipient.c_str(),
                    u.audience.c_str(), static_cast<unsigned long long>(u.seq),
                    FormatTime(u.time_us).c_str());
      }
    }
  });

  AddRightsReportCommands(rights);
  AddRightsRequestCommands(rights);
}

}  // namespace dl::cli
