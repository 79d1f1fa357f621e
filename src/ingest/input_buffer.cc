// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ingest/input_buffer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <sys/mman.h>
#include <sys/stat.h>

namespace dl::ingest {
namespace {

Status PosixError(const std::string& path, const char* op, int err) {
  return IOError(path + ": " + op + ": " + std::strerror(err));
}

// Closes the descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

}  // namespace

StatusOr<std::unique_ptr<InputBuffer>> InputBuffer::OpenFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError(path, "open", errno);
  FdCloser closer(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return PosixError(path, "stat", errno);
  if (S_ISDIR(st.st_mode)) return IOError(path + ": is a directory");

  std::unique_ptr<InputBuffer> buffer(new InputBuffer);
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    const size_t size = static_cast<size_t>(st.st_size);
    void* base = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (base != MAP_FAILED) {
      // Readers go front to back once: tell the kernel to read ahead aggressively.
      ::madvise(base, size, MADV_SEQUENTIAL);
      buffer->mapping_ = base;
      buffer->mapping_size_ = size;
      buffer->data_ = std::string_view(static_cast<const char*>(base), size);
      return buffer;
    }
    // Some file systems cannot map; fall through to reading.
  }
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      return PosixError(path, "read", errno);
    }
    if (n == 0) break;
    buffer->owned_.append(chunk, static_cast<size_t>(n));
  }
  buffer->data_ = buffer->owned_;
  return buffer;
}

std::unique_ptr<InputBuffer> InputBuffer::FromString(std::string data) {
  std::unique_ptr<InputBuffer> buffer(new InputBuffer);
  buffer->owned_ = std::move(data);
  buffer->data_ = buffer->owned_;
  return buffer;
}

InputBuffer::~InputBuffer() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
}

std::string_view SkipUtf8Bom(std::string_view data) {
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  return data;
}

}  // namespace dl::ingest
