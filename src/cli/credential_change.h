// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The shape `keys revoke ID` and `users remove NAME` share: one change to the credentials
// (src/store/credentials.h), which appends a ledger entry naming the operator.
#ifndef DAYLIGHT_CLI_CREDENTIAL_CHANGE_H_
#define DAYLIGHT_CLI_CREDENTIAL_CHANGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "daylight/status.h"

#include "store/credentials.h"

namespace dl::cli {

using CredentialChange = std::function<StatusOr<uint64_t>(
    CredentialStore& creds, const std::string& name, const std::string& actor)>;

// Adds `parent <command> <ARG> [--db PATH] [--json]`, which opens the store, runs
// `change(creds, ARG, actor)` and prints the result: with --json {"<field>": ARG, "ledger_seq": N},
// otherwise "<done> ARG (ledger entry N, by ACTOR)". A failure goes to Fail (message, exit code).
void AddCredentialChangeCommand(CLI::App* parent, const std::string& command,
                                const std::string& help, const std::string& arg_help,
                                std::string field, std::string done, CredentialChange change);

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_CREDENTIAL_CHANGE_H_
