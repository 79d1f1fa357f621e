// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "util/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>

#include "util/secret.h"

namespace dl {

AtomicFile::AtomicFile(std::string what) : what_(std::move(what)) {
  crypto_generichash_init(&digest_, nullptr, 0, 32);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

Status AtomicFile::Create(const std::filesystem::path& target) {
  if (target.empty() || !target.has_filename()) return InvalidArgument(what_ + " path is empty");
  target_ = target;
  std::filesystem::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  fd_ = ::mkstemp(tmpl.data());  // creates with mode 0600
  if (fd_ < 0) {
    return IOError("cannot create " + what_ + " in " + dir.string() + ": " + std::strerror(errno));
  }
  path_ = tmpl;
  if (::fchmod(fd_, S_IRUSR | S_IWUSR) != 0) {
    return IOError("cannot set " + what_ + " mode: " + std::string(std::strerror(errno)));
  }
  return Status::Ok();
}

Status AtomicFile::Write(std::string_view data) {
  if (fd_ < 0) return Internal(what_ + " is not open");
  crypto_generichash_update(&digest_, reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return IOError("cannot write " + what_ + ": " + std::string(std::strerror(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status AtomicFile::Commit() {
  if (fd_ < 0) return Internal(what_ + " is not open");
  if (::fsync(fd_) != 0) {
    return IOError("cannot sync " + what_ + ": " + std::string(std::strerror(errno)));
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    return IOError("cannot close " + what_ + ": " + std::string(std::strerror(errno)));
  }
  if (::rename(path_.c_str(), target_.c_str()) != 0) {
    return IOError("cannot rename " + what_ + " into place: " + std::string(std::strerror(errno)));
  }
  path_.clear();
  // Best effort: make the rename durable.
  std::filesystem::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

std::string AtomicFile::Digest() {
  unsigned char out[32];
  crypto_generichash_final(&digest_, out, sizeof out);
  return ToHex(out, sizeof out);
}

Status WriteFileAtomically(const std::string& path, std::string_view content,
                           std::string_view what) {
  AtomicFile file{std::string(what)};
  RETURN_IF_ERROR(file.Create(path));
  RETURN_IF_ERROR(file.Write(content));
  return file.Commit();
}

}  // namespace dl
