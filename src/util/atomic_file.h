// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Files that hold personal data (audience exports, access reports, portability exports) are
// written the same way: under a temporary name beside the target, mode 0600 from the moment
// they exist, and renamed into place only when complete. A reader never sees half a file, a
// failure leaves nothing behind, and no one but the owner can read it at any point.
#ifndef DAYLIGHT_UTIL_ATOMIC_FILE_H_
#define DAYLIGHT_UTIL_ATOMIC_FILE_H_

#include <sodium.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "daylight/status.h"

namespace dl {

// A temporary file beside the target, mode 0600, removed unless committed. One writer at a
// time (Write may be called from another thread than Create, not from two at once).
class AtomicFile {
 public:
  // `what` names the file in error messages ("export file", "report file").
  explicit AtomicFile(std::string what = "file");
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Creates ".<name>.tmp-XXXXXX" in the target's directory. IOError naming the directory.
  Status Create(const std::filesystem::path& target);
  Status Write(std::string_view data);
  // fsync, close and rename onto the target given to Create; then (best effort) fsync the
  // directory so the rename is durable. An existing target is replaced.
  Status Commit();
  // Lowercase hex BLAKE2b-256 of everything written (libsodium's generic hash: about twice as
  // fast as SHA-256, which matters for files of hundreds of megabytes). Call once.
  std::string Digest();

 private:
  std::string what_;
  std::filesystem::path target_;
  int fd_ = -1;
  std::string path_;  // the temporary file while it exists
  crypto_generichash_state digest_;
};

// Writes `content` to `path` through an AtomicFile: mode 0600, all or nothing.
Status WriteFileAtomically(const std::string& path, std::string_view content,
                           std::string_view what = "file");

}  // namespace dl

#endif  // DAYLIGHT_UTIL_ATOMIC_FILE_H_
