// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ledger/secrets.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace dl {
namespace {

constexpr std::string_view kHeader = "daylight-key-v1";

Status ParseHexLine(const std::string& line, std::string_view name, SecretBytes* out) {
  std::string prefix = std::string(name) + "=";
  if (line.rfind(prefix, 0) != 0) return Corruption("key file: expected '" + prefix + "...'");
  auto bin = FromHex(line.substr(prefix.size()));
  if (!bin || bin->size() != 32)
    return Corruption("key file: '" + std::string(name) + "' is not 32 hex bytes");
  SecretBytes secret(reinterpret_cast<const uint8_t*>(bin->data()), bin->size());
  sodium_memzero(bin->data(), bin->size());
  *out = std::move(secret);
  return Status::Ok();
}

}  // namespace

StatusOr<StoreSecrets> StoreSecrets::CreateFile(const std::string& path) {
  EnsureSodium();
  SecretBytes master = SecretBytes::Random(32);
  SecretBytes blind = SecretBytes::Random(32);
  std::string text = std::string(kHeader) + "\nmaster=" + ToHex(master.data(), 32) +
                     "\nblind=" + ToHex(blind.data(), 32) + "\n";
  // O_EXCL: an existing key file is never overwritten — losing it loses every data key.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int e = errno;
    sodium_memzero(text.data(), text.size());
    if (e == EEXIST) return AlreadyExists("key file " + path + " already exists");
    return IOError("cannot create key file " + path + ": " + std::strerror(e));
  }
  ::fchmod(fd, 0600);  // in case the umask was stricter than needed or the fs ignores mode
  ssize_t n = ::write(fd, text.data(), text.size());
  int e = errno;
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (n != static_cast<ssize_t>(kHeader.size() + size_t{2 * 64 + 16}) || !synced) {
    ::unlink(path.c_str());
    return IOError("cannot write key file " + path + ": " + std::strerror(e));
  }
  return StoreSecrets(std::move(master), std::move(blind));
}

StatusOr<StoreSecrets> StoreSecrets::LoadFile(const std::string& path) {
  EnsureSodium();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return NotFound("key file " + path + " not found (run `daylight init`, or pass --db)");
  }
  if ((st.st_mode & 077) != 0) {
    return FailedPrecondition("key file " + path +
                              " is readable by group or others; run: chmod 600 " + path);
  }
  std::ifstream in(path);
  if (!in) return IOError("cannot read key file " + path);
  std::string header, master_line, blind_line;
  std::getline(in, header);
  std::getline(in, master_line);
  std::getline(in, blind_line);
  if (header != kHeader) return Corruption("key file " + path + ": unknown format");
  SecretBytes master, blind;
  Status s = ParseHexLine(master_line, "master", &master);
  if (s.ok()) s = ParseHexLine(blind_line, "blind", &blind);
  sodium_memzero(master_line.data(), master_line.size());
  sodium_memzero(blind_line.data(), blind_line.size());
  if (!s.ok()) return s.WithContext(path);
  return StoreSecrets(std::move(master), std::move(blind));
}

StoreSecrets::StoreSecrets(SecretBytes master, SecretBytes blind)
    : master_(std::move(master)),
      blind_(std::move(blind)),
      keyed_state_(sizeof(crypto_auth_hmacsha256_state)) {
  crypto_auth_hmacsha256_init(reinterpret_cast<crypto_auth_hmacsha256_state*>(keyed_state_.data()),
                              blind_.data(), blind_.size());
}

StoreSecrets::~StoreSecrets() = default;

// HMAC-SHA-256 under the blind key over the concatenated parts, truncated to 16 bytes.
BlindIndex StoreSecrets::BlindParts(std::initializer_list<std::string_view> parts) const {
  crypto_auth_hmacsha256_state st;
  std::memcpy(&st, keyed_state_.data(), sizeof st);
  for (std::string_view p : parts) {
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const uint8_t*>(p.data()), p.size());
  }
  uint8_t mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  sodium_memzero(&st, sizeof st);
  BlindIndex out;
  std::memcpy(out.data(), mac, out.size());
  return out;
}

BlindIndex StoreSecrets::Blind(const Identifier& id) const {
  const char type = static_cast<char>(id.type);
  return BlindParts({std::string_view(&type, 1), id.value});
}

BlindIndex StoreSecrets::BlindRaw(std::string_view domain, std::string_view bytes) const {
  // Domain separation: type byte 0 never collides with an identifier's type (1..5).
  const std::string_view zero("\0", 1);
  return BlindParts({zero, domain, zero, bytes});
}

std::string StoreSecrets::WrapKey(const SecretBytes& key) const {
  return Seal(master_, {reinterpret_cast<const char*>(key.data()), key.size()},
              "daylight-data-key");
}

StatusOr<SecretBytes> StoreSecrets::UnwrapKey(std::string_view wrapped) const {
  ASSIGN_OR_RETURN(std::string raw, Unseal(master_, wrapped, "daylight-data-key"));
  SecretBytes key(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
  sodium_memzero(raw.data(), raw.size());
  return key;
}

std::string Seal(const SecretBytes& key, std::string_view plaintext, std::string_view ad) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  std::string out(kNonce + plaintext.size() + kTag, '\0');
  auto* o = reinterpret_cast<uint8_t*>(out.data());
  randombytes_buf(o, kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      o + kNonce, &clen, reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const uint8_t*>(ad.data()), ad.size(), nullptr, o, key.data());
  return out;
}

StatusOr<std::string> Unseal(const SecretBytes& key, std::string_view sealed, std::string_view ad) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kNonce + kTag) return Corruption("sealed data too short");
  std::string out(sealed.size() - kNonce - kTag, '\0');
  const auto* s = reinterpret_cast<const uint8_t*>(sealed.data());
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(out.data()), &mlen,
                                                 nullptr, s + kNonce, sealed.size() - kNonce,
                                                 reinterpret_cast<const uint8_t*>(ad.data()),
                                                 ad.size(), s, key.data()) != 0) {
    return Corruption("authentication failed (wrong key or altered data)");
  }
  return out;
}

}  // namespace dl
