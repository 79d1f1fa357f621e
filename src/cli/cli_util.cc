// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "cli/cli_util.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"

namespace dl::cli {
namespace {
std::string& DbFlag() {
  static std::string v;
  return v;
}
}  // namespace

int& ExitCode() {
  static int code = 0;
  return code;
}

void AddDbOption(CLI::App* cmd) {
  cmd->add_option(
      "--db", DbFlag(),
      "Store database (default: $DAYLIGHT_DB or ./daylight.db); its key file is <db>.key");
}

std::string DbPath() {
  if (!DbFlag().empty()) return DbFlag();
  if (const char* env = std::getenv("DAYLIGHT_DB"); env != nullptr && *env != '\0') return env;
  return "daylight.db";
}

std::string Actor() {
  const char* user = std::getenv("USER");
  if (user == nullptr || *user == '\0') {
    const passwd* pw = getpwuid(getuid());
    user = pw != nullptr ? pw->pw_name : "unknown";
  }
  return std::string("cli:") + user;
}

void Fail(const Status& s) {
  std::fprintf(stderr, "daylight: %s\n", s.ToString().c_str());
  ExitCode() = s.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace dl::cli
