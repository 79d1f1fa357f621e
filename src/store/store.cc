// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "daylight/store.h"

#include <cstdio>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "daylight/blocklist.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "ledger/sqlite_storage.h"
#include "util/time_util.h"

namespace dl {

std::string KeyFilePathFor(const std::string& db_path) { return db_path + ".key"; }
std::string PolicyFilePathFor(const std::string& db_path) { return db_path + ".policy"; }

Store::Store(std::unique_ptr<Storage> storage, std::unique_ptr<StoreSecrets> secrets,
             std::unique_ptr<Blocklist> blocklist, uint32_t share_limit, std::string db_path)
    : storage_(std::move(storage)),
      secrets_(std::move(secrets)),
      blocklist_(std::move(blocklist)),
      share_limit_(share_limit),
      db_path_(std::move(db_path)) {}

Store::~Store() = default;

StatusOr<std::unique_ptr<Store>> Store::Init(const std::string& db_path, const InitOptions& o,
                                             const std::string& actor) {
  if (o.share_limit == 0) return InvalidArgument("--share-limit must be at least 1");
  RETURN_IF_ERROR(ValidateGuardrailOptions(o.guardrails));
  Blocklist blocklist = Blocklist::Defaults();
  std::string extra;
  if (!o.blocklist_file.empty()) {
    RETURN_IF_ERROR(blocklist.LoadFile(o.blocklist_file));
    std::ifstream in(o.blocklist_file);
    extra.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string key_path = KeyFilePathFor(db_path);
  // Create the key file first: if the database cannot be created we remove it again, and a
  // database is never left without its keys.
  ASSIGN_OR_RETURN(StoreSecrets secrets, StoreSecrets::CreateFile(key_path));
  auto storage = OpenSqliteStorage(db_path, /*create=*/true);
  if (!storage.ok()) {
    std::remove(key_path.c_str());
    return storage.status();
  }
  Storage& st = **storage;
  RETURN_IF_ERROR(st.Begin());
  RETURN_IF_ERROR(st.SetMeta("share_limit", std::to_string(o.share_limit)));
  RETURN_IF_ERROR(st.SetMeta("blocklist", extra));
  nlohmann::json guard = {{"minimum", o.guardrails.minimum},
                          {"rounding", o.guardrails.rounding},
                          {"threshold_band", o.guardrails.threshold_band}};
  RETURN_IF_ERROR(st.SetMeta("guardrails", guard.dump()));
  LedgerWriter writer(&st);
  RETURN_IF_ERROR(writer.Reload());
  nlohmann::json body = {{"share_limit", o.share_limit},
                         {"blocklist_entries_added", !extra.empty()},
                         {"guardrails", guard}};
  RETURN_IF_ERROR(writer.Append("store.init", actor, body.dump(), NowMicros()).status());
  RETURN_IF_ERROR(st.Commit());
  // The operator edits this file to declare the legal basis for each purpose; an existing one
  // (from an earlier store at the same path) is kept.
  std::string policy_path = PolicyFilePathFor(db_path);
  if (!std::ifstream(policy_path)) {
    std::ofstream out(policy_path);
    out << DefaultPolicyText();
    if (!out) return IOError("cannot write " + policy_path);
  }
  std::unique_ptr<Store> store(
      new Store(std::move(*storage), std::make_unique<StoreSecrets>(std::move(secrets)),
                std::make_unique<Blocklist>(std::move(blocklist)), o.share_limit, db_path));
  store->guardrails_ = o.guardrails;
  return store;
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& db_path) {
  ASSIGN_OR_RETURN(auto storage, OpenSqliteStorage(db_path, /*create=*/false));
  ASSIGN_OR_RETURN(StoreSecrets secrets, StoreSecrets::LoadFile(KeyFilePathFor(db_path)));
  ASSIGN_OR_RETURN(auto limit, storage->GetMeta("share_limit"));
  ASSIGN_OR_RETURN(auto extra, storage->GetMeta("blocklist"));
  auto blocklist = std::make_unique<Blocklist>(Blocklist::Defaults());
  if (extra.has_value()) {
    size_t start = 0;
    int line = 0;
    while (start <= extra->size()) {
      size_t end = extra->find('\n', start);
      if (end == std::string::npos) end = extra->size();
      ++line;
      Status s = blocklist->AddLine(std::string_view(*extra).substr(start, end - start));
      if (!s.ok()) return s.WithContext("stored blocklist line " + std::to_string(line));
      start = end + 1;
    }
  }
  uint32_t share_limit = limit.has_value() ? static_cast<uint32_t>(std::stoul(*limit)) : 5;
  GuardrailOptions guard;  // stores made before guardrails were configurable use the defaults
  ASSIGN_OR_RETURN(auto guard_meta, storage->GetMeta("guardrails"));
  if (guard_meta.has_value()) {
    auto j = nlohmann::json::parse(*guard_meta, nullptr, false);
    if (j.is_discarded()) return Corruption("stored guardrail settings are not JSON");
    guard.minimum = j.value("minimum", guard.minimum);
    guard.rounding = j.value("rounding", guard.rounding);
    guard.threshold_band = j.value("threshold_band", guard.threshold_band);
    RETURN_IF_ERROR(ValidateGuardrailOptions(guard).WithContext("stored guardrail settings"));
  }
  std::unique_ptr<Store> store(new Store(std::move(storage),
                                         std::make_unique<StoreSecrets>(std::move(secrets)),
                                         std::move(blocklist), share_limit, db_path));
  store->guardrails_ = guard;
  return store;
}

StatusOr<VerifyReport> Store::VerifyLedger() { return VerifyChain(storage_.get()); }

}  // namespace dl
