// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Each CLI command lives in its own file and registers itself on the root app here. A command's
// callback returns a process exit code through CommandResult (0 ok, 1 operational error,
// 2 bad usage or input) and prints errors as "daylight: <Status>" on stderr.
#ifndef DAYLIGHT_CLI_COMMANDS_H_
#define DAYLIGHT_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace dl::cli {

// Exit code chosen by the command that ran; main() returns it.
int& ExitCode();

void RegisterInitCommand(CLI::App& app);
void RegisterImportCommand(CLI::App& app);
void RegisterSubjectCommand(CLI::App& app);
void RegisterLedgerCommand(CLI::App& app);
void RegisterGenerateCommand(CLI::App& app);
void RegisterDemoCommand(CLI::App& app);
void RegisterPurposeCommand(CLI::App& app);
void RegisterPolicyCommand(CLI::App& app);
void RegisterConsentCommand(CLI::App& app);
void RegisterExplainCommand(CLI::App& app);
void RegisterStatusCommand(CLI::App& app);
void RegisterAudienceCommand(CLI::App& app);
void RegisterRightsCommand(CLI::App& app);
void RegisterUploadsCommand(CLI::App& app);
void RegisterNoticesCommand(CLI::App& app);
void RegisterRecordsCommand(CLI::App& app);
// `serve` (src/cli/serve_command.cc): the HTTP server.
void RegisterServeCommand(CLI::App& app);
// `keys` and `users` (src/cli/keys_command.cc, users_command.cc): credentials for the server.
void RegisterKeysCommand(CLI::App& app);
void RegisterUsersCommand(CLI::App& app);
// `rights access` and `rights export` (src/cli/rights_report_command.cc), under `rights`.
void AddRightsReportCommands(CLI::App* rights);
// `rights requests` (src/cli/rights_requests_command.cc): the privacy portal's request queue.
void AddRightsRequestCommands(CLI::App* rights);

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_COMMANDS_H_
