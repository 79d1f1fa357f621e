// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Small byte helpers shared by every layer: a secret holder that wipes itself, random bytes,
// hex. Secrets live only in SecretBytes so that no copy of a key outlives its use in memory.
#ifndef DAYLIGHT_UTIL_SECRET_H_
#define DAYLIGHT_UTIL_SECRET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dl {

// Owns secret bytes; zeroes them (sodium_memzero) on destruction and on move-from.
// Not copyable, to make every copy of a key a visible decision (Clone()).
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t n) : bytes_(n) {}
  SecretBytes(const uint8_t* data, size_t n) : bytes_(data, data + n) {}
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // n random bytes from libsodium's CSPRNG.
  static SecretBytes Random(size_t n);
  SecretBytes Clone() const { return SecretBytes(bytes_.data(), bytes_.size()); }

  uint8_t* data() { return bytes_.data(); }
  const uint8_t* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

 private:
  void Wipe();
  std::vector<uint8_t> bytes_;
};

// Initialises libsodium once; safe to call from any thread, any number of times.
void EnsureSodium();

std::string ToHex(const uint8_t* data, size_t n);
inline std::string ToHex(std::string_view s) {
  return ToHex(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// nullopt if `hex` is not an even-length string of hex digits.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace dl

#endif  // DAYLIGHT_UTIL_SECRET_H_
