// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight users add|list|remove`: console logins for team members. Passwords are kept as
// Argon2id hashes (libsodium crypto_pwhash_str); they are read from the terminal with echo off,
// or from one line of stdin with --password-stdin, and never appear in argv (where `ps` and
// shell history would show them).
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/credential_change.h"
#include "store/credentials.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

// One line from stdin without its line ending.
bool ReadLine(std::string* out) {
  if (!std::getline(std::cin, *out)) return false;
  if (!out->empty() && out->back() == '\r') out->pop_back();
  return true;
}

// Prompts on stderr and reads a line from the terminal on stdin with echo off.
StatusOr<std::string> AskHidden(const char* prompt) {
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  termios old{};
  if (tcgetattr(STDIN_FILENO, &old) != 0) return IOError("cannot read the terminal settings");
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
    return IOError("cannot turn off the terminal's echo");
  }
  std::string line;
  bool ok = ReadLine(&line);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  if (!ok) return InvalidArgument("no password given");
  return line;
}

StatusOr<std::string> ReadPassword(bool from_stdin) {
  if (from_stdin) {
    std::string line;
    if (!ReadLine(&line)) return InvalidArgument("--password-stdin: stdin is empty");
    return line;
  }
  if (isatty(STDIN_FILENO) == 0) {
    return InvalidArgument("stdin is not a terminal: give the password with --password-stdin");
  }
  ASSIGN_OR_RETURN(std::string first, AskHidden("Password (at least 12 characters): "));
  if (first.size() < kMinPasswordLength) {
    return InvalidArgument("the password must have at least " + std::to_string(kMinPasswordLength) +
                           " characters");
  }
  ASSIGN_OR_RETURN(std::string second, AskHidden("Repeat the password: "));
  if (first != second) return InvalidArgument("the passwords do not match; nothing was changed");
  return first;
}

void AddAdd(CLI::App* users) {
  struct Opts {
    std::string name;
    bool admin = false, password_stdin = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* add = users->add_subcommand(
      "add",
      "Add a console login for a team member. The password (at least 12 characters) is asked\n"
      "for twice on the terminal, without echo; scripts and tests pipe one line to\n"
      "--password-stdin instead. It is stored as an Argon2id hash. A user may read subjects,\n"
      "explain, build and export audiences and act on rights requests in the console; --admin\n"
      "also lets them manage keys. Recorded in the ledger.\n\n"
      "Examples:\n"
      "  daylight users add alice\n"
      "  printf '%s\\n' \"$PASSWORD\" | daylight users add dpo --admin --password-stdin");
  AddDbOption(add);
  add->add_option("name", o->name, "Login name: 1-64 of a-z 0-9 . _ -")->required();
  add->add_flag("--admin", o->admin, "May also manage keys (the admin scope)");
  add->add_flag("--password-stdin", o->password_stdin,
                "Read the password from the first line of stdin (for scripts)");
  add->add_flag("--json", o->json, "Print the result as JSON");
  add->callback([o] {
    // Check the name before asking for a password that would then be thrown away.
    if (!IsValidCredentialName(o->name)) {
      return Fail(InvalidArgument("user name: 1-64 of a-z 0-9 . _ - expected"));
    }
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto password = ReadPassword(o->password_stdin);
    if (!password.ok()) return Fail(password.status());
    CredentialStore creds(&(*store)->storage());
    auto seq = creds.AddUser(o->name, *password, o->admin, Actor());
    if (!seq.ok()) return Fail(seq.status());
    if (o->json) {
      nlohmann::json out = {{"name", o->name}, {"admin", o->admin}, {"ledger_seq", *seq}};
      std::printf("%s\n", out.dump(2).c_str());
    } else {
      std::printf("added user %s%s (ledger entry %llu); they sign in at /console\n",
                  o->name.c_str(), o->admin ? " (admin)" : "",
                  static_cast<unsigned long long>(*seq));
    }
  });
}

void AddList(CLI::App* users) {
  auto json = std::make_shared<bool>(false);
  CLI::App* list = users->add_subcommand("list",
                                         "List the console users (never their password hashes).\n"
                                         "Example: daylight users list --json");
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
      for (const UserRecord& u : set->users) out.push_back(UserJson(u));
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    if (set->users.empty()) std::printf("no users yet (add one with `users add NAME`)\n");
    for (const UserRecord& u : set->users) {
      std::printf("%-24s %-6s added %s\n", u.name.c_str(), u.admin ? "admin" : "",
                  FormatTime(u.created_us).c_str());
    }
  });
}

void AddRemove(CLI::App* users) {
  AddCredentialChangeCommand(
      users, "remove",
      "Remove a console user; their open sessions end within a second. Recorded in the ledger.\n"
      "Example: daylight users remove alice",
      "Login name", "name", "removed user",
      [](CredentialStore& creds, const std::string& name, const std::string& actor) {
        return creds.RemoveUser(name, actor);
      });
}

}  // namespace

void RegisterUsersCommand(CLI::App& app) {
  CLI::App* users = app.add_subcommand("users", "Console logins for team members");
  users->require_subcommand(1);
  AddAdd(users);
  AddList(users);
  AddRemove(users);
}

}  // namespace dl::cli
