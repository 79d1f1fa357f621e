// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <cstdio>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/subject_printer.h"

namespace dl::cli {

void RegisterSubjectCommand(CLI::App& app) {
  CLI::App* subject = app.add_subcommand("subject", "Look up people");
  subject->require_subcommand(1);
  struct Opts {
    std::string identifier, region;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* show = subject->add_subcommand(
      "show",
      "Show the subject an identifier belongs to: every identifier with all its claims (supplier,\n"
      "source, purpose, time, batch), shared and blocked flags, traits, and the records that "
      "joined\n"
      "them. For a shadow identifier (known only from third parties) it says so, from how many\n"
      "uploads and since when, and shows no uploader and no label.\n\n"
      "Examples:\n"
      "  daylight subject show email:ann@example.com\n"
      "  daylight subject show phone:+4917112345678 --json\n"
      "  daylight subject show 'phone:0171 1234567' --region DE");
  AddDbOption(show);
  show->add_option("identifier", o->identifier,
                   "type:value — email:, phone:, maid:, vin:, external:")
      ->required();
  show->add_option("--region", o->region, "Region for a phone number written without country code");
  show->add_flag("--json", o->json, "Print the result as JSON");
  show->callback([o] {
    auto id = ParseIdentifier(o->identifier, o->region);
    if (!id.ok()) return Fail(id.status());
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto view = (*store)->ShowSubject(*id);
    if (!view.ok()) return Fail(view.status());
    if (o->json) {
      std::printf("%s\n", SubjectJson(*view, *id).dump(2).c_str());
    } else {
      std::fputs(SubjectText(*view, *id).c_str(), stdout);
    }
    if (!view->known) ExitCode() = 3;  // scripts can tell "not known" from an error
  });
}

}  // namespace dl::cli
