// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/credentials.h"

#include <sodium.h>

#include <algorithm>

#include "daylight/purpose.h"

#include "ledger/ledger_writer.h"
#include "store/transaction.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {
namespace {

constexpr std::string_view kKeysMeta = "credentials.keys";
constexpr std::string_view kUsersMeta = "credentials.users";
constexpr std::string_view kVersionMeta = "credentials_version";
constexpr size_t kKeyBytes = 32;

// RFC 4648 base32, lowercase, no padding: 52 characters for 32 bytes, only letters and digits,
// so a key survives being pasted into a URL, a shell or a YAML file.
std::string Base32(const uint8_t* data, size_t n) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::string_view Prefix(KeyKind k) { return k == KeyKind::kWrite ? "dlw_" : "dla_"; }

nlohmann::json StoredKey(const KeyRecord& k) {
  return {{"id", k.id},         {"kind", KeyKindName(k.kind)}, {"name", k.name},
          {"scopes", k.scopes}, {"source", k.source},          {"collected_for", k.collected_for},
          {"hash", k.hash},     {"created_us", k.created_us},  {"revoked_us", k.revoked_us}};
}

nlohmann::json StoredUser(const UserRecord& u) {
  return {{"name", u.name},
          {"password_hash", u.password_hash},
          {"admin", u.admin},
          {"created_us", u.created_us}};
}

StatusOr<std::vector<KeyRecord>> ParseKeys(const std::optional<std::string>& text) {
  std::vector<KeyRecord> out;
  if (!text.has_value() || text->empty()) return out;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return Corruption("stored keys are not a JSON array");
  try {
    for (const auto& e : j) {
      KeyRecord k;
      k.id = e.at("id").get<std::string>();
      k.kind = e.at("kind").get<std::string>() == "write" ? KeyKind::kWrite : KeyKind::kApi;
      k.name = e.at("name").get<std::string>();
      k.scopes = e.at("scopes").get<std::vector<std::string>>();
      k.source = e.value("source", "");
      k.collected_for = e.value("collected_for", "");
      k.hash = e.at("hash").get<std::string>();
      k.created_us = e.at("created_us").get<int64_t>();
      k.revoked_us = e.value("revoked_us", int64_t{0});
      out.push_back(std::move(k));
    }
  } catch (const nlohmann::json::exception&) {
    return Corruption("stored keys: an entry lacks a field or has the wrong type");
  }
  return out;
}

StatusOr<std::vector<UserRecord>> ParseUsers(const std::optional<std::string>& text) {
  std::vector<UserRecord> out;
  if (!text.has_value() || text->empty()) return out;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return Corruption("stored users are not a JSON array");
  try {
    for (const auto& e : j) {
      UserRecord u;
      u.name = e.at("name").get<std::string>();
      u.password_hash = e.at("password_hash").get<std::string>();
      u.admin = e.value("admin", false);
      u.created_us = e.value("created_us", int64_t{0});
      out.push_back(std::move(u));
    }
  } catch (const nlohmann::json::exception&) {
    return Corruption("stored users: an entry lacks a field or has the wrong type");
  }
  return out;
}

StatusOr<uint64_t> ReadVersion(Storage* storage) {
  ASSIGN_OR_RETURN(auto v, storage->GetMeta(kVersionMeta));
  if (!v.has_value() || v->empty()) return uint64_t{0};
  char* end = nullptr;
  uint64_t n = std::strtoull(v->c_str(), &end, 10);
  if (end == nullptr || *end != '\0')
    return Corruption("stored credentials_version is not a number");
  return n;
}

// Validated, deduplicated scopes in KnownScopes() order.
StatusOr<std::vector<std::string>> NormaliseScopes(const std::vector<std::string>& scopes) {
  const auto& known = KnownScopes();
  for (const std::string& s : scopes) {
    if (std::find(known.begin(), known.end(), s) == known.end()) {
      return InvalidArgument("unknown scope '" + s + "'; scopes are read, write, audiences, " +
                             "rights, admin");
    }
  }
  std::vector<std::string> out;
  for (const std::string& k : known) {
    if (std::find(scopes.begin(), scopes.end(), k) != scopes.end()) out.push_back(k);
  }
  return out;
}

}  // namespace

std::string_view KeyKindName(KeyKind k) { return k == KeyKind::kWrite ? "write" : "api"; }

const std::vector<std::string>& KnownScopes() {
  static const std::vector<std::string> kScopes = {"read", "write", "audiences", "rights", "admin"};
  return kScopes;
}

bool IsValidCredentialName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::string KeyHash(std::string_view secret) {
  EnsureSodium();
  static constexpr char kDomain[] = "daylight credential key hash v1";  // 31 bytes + NUL
  uint8_t out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const uint8_t*>(secret.data()),
                     secret.size(), reinterpret_cast<const uint8_t*>(kDomain), sizeof kDomain);
  return ToHex(out, sizeof out);
}

std::optional<KeyKind> KeyKindOf(std::string_view secret) {
  if (secret.substr(0, 4) == "dlw_") return KeyKind::kWrite;
  if (secret.substr(0, 4) == "dla_") return KeyKind::kApi;
  return std::nullopt;
}

nlohmann::json KeyJson(const KeyRecord& k) {
  nlohmann::json j = {
      {"id", k.id},
      {"kind", KeyKindName(k.kind)},
      {"name", k.name},
      {"created", FormatTime(k.created_us)},
      {"revoked", k.active() ? nlohmann::json(nullptr) : nlohmann::json(FormatTime(k.revoked_us))}};
  if (k.kind == KeyKind::kWrite) {
    j["source"] = k.source;
    j["collected_for"] = k.collected_for;
  } else {
    j["scopes"] = k.scopes;
  }
  return j;
}

nlohmann::json UserJson(const UserRecord& u) {
  return {{"name", u.name}, {"admin", u.admin}, {"created", FormatTime(u.created_us)}};
}

StatusOr<std::string> HashPassword(const std::string& password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return IOError("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& password_hash, const std::string& password) {
  EnsureSodium();
  return crypto_pwhash_str_verify(password_hash.c_str(), password.data(), password.size()) == 0;
}

StatusOr<CredentialSet> CredentialStore::Load() {
  // The three settings change together in one transaction; reading them one by one could mix
  // two versions, so read the version around them and try again if it moved.
  for (int attempt = 0; attempt < 10; ++attempt) {
    CredentialSet set;
    ASSIGN_OR_RETURN(set.version, ReadVersion(storage_));
    ASSIGN_OR_RETURN(auto keys, storage_->GetMeta(kKeysMeta));
    ASSIGN_OR_RETURN(auto users, storage_->GetMeta(kUsersMeta));
    ASSIGN_OR_RETURN(uint64_t after, ReadVersion(storage_));
    if (after != set.version) continue;
    ASSIGN_OR_RETURN(set.keys, ParseKeys(keys));
    ASSIGN_OR_RETURN(set.users, ParseUsers(users));
    return set;
  }
  return IOError("credentials kept changing while being read");
}

StatusOr<uint64_t> CredentialStore::Version() { return ReadVersion(storage_); }

template <typename Fn>
StatusOr<uint64_t> CredentialStore::Change(std::string_view kind, const std::string& actor, Fn fn) {
  const int64_t now = NowMicros();
  return InTransaction(storage_, [&]() -> StatusOr<uint64_t> {
    ASSIGN_OR_RETURN(uint64_t version, ReadVersion(storage_));
    ASSIGN_OR_RETURN(auto keys_text, storage_->GetMeta(kKeysMeta));
    ASSIGN_OR_RETURN(auto users_text, storage_->GetMeta(kUsersMeta));
    ASSIGN_OR_RETURN(std::vector<KeyRecord> keys, ParseKeys(keys_text));
    ASSIGN_OR_RETURN(std::vector<UserRecord> users, ParseUsers(users_text));
    nlohmann::json body;
    RETURN_IF_ERROR(fn(keys, users, now, body));
    nlohmann::json kj = nlohmann::json::array(), uj = nlohmann::json::array();
    for (const KeyRecord& k : keys) kj.push_back(StoredKey(k));
    for (const UserRecord& u : users) uj.push_back(StoredUser(u));
    RETURN_IF_ERROR(storage_->SetMeta(kKeysMeta, kj.dump()));
    RETURN_IF_ERROR(storage_->SetMeta(kUsersMeta, uj.dump()));
    RETURN_IF_ERROR(storage_->SetMeta(kVersionMeta, std::to_string(version + 1)));
    LedgerWriter writer(storage_);
    RETURN_IF_ERROR(writer.Reload());
    return writer.Append(kind, actor, body.dump(), now);
  });
}

StatusOr<CreatedKey> CredentialStore::CreateKey(const NewKey& request, const std::string& actor) {
  if (!IsValidCredentialName(request.name)) {
    return InvalidArgument("--name: 1-64 of a-z 0-9 . _ - expected");
  }
  KeyRecord k;
  k.kind = request.kind;
  k.name = request.name;
  if (request.kind == KeyKind::kWrite) {
    if (!request.scopes.empty()) {
      return InvalidArgument("--scopes: write keys collect events only and take no scopes");
    }
    k.source = request.source.empty() ? request.name : request.source;
    if (!IsValidCredentialName(k.source)) {
      return InvalidArgument("--source: 1-64 of a-z 0-9 . _ - expected");
    }
    k.collected_for = request.collected_for.empty() ? "essential.service" : request.collected_for;
    if (!IsKnownPurpose(k.collected_for)) {
      return InvalidArgument("--collected-for: unknown purpose '" + k.collected_for +
                             "' (see `daylight purpose list`)");
    }
  } else {
    if (!request.source.empty() || !request.collected_for.empty()) {
      return InvalidArgument("--source and --collected-for are for write keys only");
    }
    if (request.scopes.empty()) {
      return InvalidArgument(
          "--scopes: an API key needs at least one of read, write, "
          "audiences, rights, admin");
    }
    ASSIGN_OR_RETURN(k.scopes, NormaliseScopes(request.scopes));
  }
  SecretBytes raw = SecretBytes::Random(kKeyBytes);
  SecretBytes id = SecretBytes::Random(8);
  CreatedKey created;
  created.secret = std::string(Prefix(k.kind)) + Base32(raw.data(), raw.size());
  k.id = "k_" + ToHex(id.data(), id.size());
  k.hash = KeyHash(created.secret);
  ASSIGN_OR_RETURN(created.seq, Change("key.create", actor,
                                       [&](std::vector<KeyRecord>& keys, std::vector<UserRecord>&,
                                           int64_t now, nlohmann::json& body) -> Status {
                                         k.created_us = now;
                                         keys.push_back(k);
                                         body = KeyJson(k);  // no secret, no hash
                                         return Status::Ok();
                                       }));
  created.record = std::move(k);
  return created;
}

StatusOr<uint64_t> CredentialStore::RevokeKey(const std::string& id, const std::string& actor) {
  return Change("key.revoke", actor,
                [&](std::vector<KeyRecord>& keys, std::vector<UserRecord>&, int64_t now,
                    nlohmann::json& body) -> Status {
                  auto it = std::find_if(keys.begin(), keys.end(),
                                         [&](const KeyRecord& k) { return k.id == id; });
                  if (it == keys.end()) return NotFound("no key " + id + " (see `keys list`)");
                  if (!it->active()) return FailedPrecondition("key " + id + " is already revoked");
                  it->revoked_us = now;
                  body = {{"id", it->id}, {"kind", KeyKindName(it->kind)}, {"name", it->name}};
                  return Status::Ok();
                });
}

StatusOr<uint64_t> CredentialStore::AddUser(const std::string& name, const std::string& password,
                                            bool admin, const std::string& actor) {
  if (!IsValidCredentialName(name)) {
    return InvalidArgument("user name: 1-64 of a-z 0-9 . _ - expected");
  }
  if (password.size() < kMinPasswordLength) {
    return InvalidArgument("the password must have at least " + std::to_string(kMinPasswordLength) +
                           " characters");
  }
  // Hash before taking the write lock: Argon2id takes a noticeable fraction of a second.
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  return Change("user.add", actor,
                [&](std::vector<KeyRecord>&, std::vector<UserRecord>& users, int64_t now,
                    nlohmann::json& body) -> Status {
                  for (const UserRecord& u : users) {
                    if (u.name == name) return AlreadyExists("user " + name + " already exists");
                  }
                  users.push_back({name, hash, admin, now});
                  body = {{"name", name}, {"admin", admin}};
                  return Status::Ok();
                });
}

StatusOr<uint64_t> CredentialStore::RemoveUser(const std::string& name, const std::string& actor) {
  return Change("user.remove", actor,
                [&](std::vector<KeyRecord>&, std::vector<UserRecord>& users, int64_t,
                    nlohmann::json& body) -> Status {
                  auto it = std::find_if(users.begin(), users.end(),
                                         [&](const UserRecord& u) { return u.name == name; });
                  if (it == users.end()) return NotFound("no user " + name);
                  users.erase(it);
                  body = {{"name", name}};
                  return Status::Ok();
                });
}

}  // namespace dl
