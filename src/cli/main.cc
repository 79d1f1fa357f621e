// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// daylight: the command-line interface. Each command registers itself (commands.h).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Daylight — a customer data platform in which no one is targeted from the shadows.\n"
      "Every identifier is held as claims that say who supplied it, for what purpose.\n\n"
      "Start with:\n"
      "  daylight init\n"
      "  daylight generate --out demo-data\n"
      "  daylight import demo-data/crm.csv --source salesforce --supplier first_party \\\n"
      "      --collected-for essential.service --region DE --preset salesforce --max-errors 100\n"
      "      (generated files hold malformed rows on purpose: --max-errors skips and lists them)\n"
      "  daylight status\n"
      "or run `daylight demo` for all of it on generated data.",
      "daylight"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "daylight 0.1.0");
  dl::cli::RegisterInitCommand(app);
  dl::cli::RegisterImportCommand(app);
  dl::cli::RegisterSubjectCommand(app);
  dl::cli::RegisterLedgerCommand(app);
  dl::cli::RegisterGenerateCommand(app);
  dl::cli::RegisterDemoCommand(app);
  dl::cli::RegisterPurposeCommand(app);
  dl::cli::RegisterPolicyCommand(app);
  dl::cli::RegisterConsentCommand(app);
  dl::cli::RegisterExplainCommand(app);
  dl::cli::RegisterAudienceCommand(app);
  dl::cli::RegisterRightsCommand(app);
  dl::cli::RegisterUploadsCommand(app);
  dl::cli::RegisterNoticesCommand(app);
  dl::cli::RegisterRecordsCommand(app);
  dl::cli::RegisterStatusCommand(app);
  dl::cli::RegisterServeCommand(app);
  dl::cli::RegisterKeysCommand(app);
  dl::cli::RegisterUsersCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return dl::cli::ExitCode();
}
