// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// InputBuffer: the whole input as one contiguous read-only byte range. Readers parse straight
// out of it, so unquoted CSV cells are copied once (into the caller's SourceRecord) and never
// staged. Regular files are memory-mapped (the kernel reads ahead; a multi-gigabyte export does
// not need that much heap); pipes and other non-regular files are read into memory.
#ifndef DAYLIGHT_INGEST_INPUT_BUFFER_H_
#define DAYLIGHT_INGEST_INPUT_BUFFER_H_

#include <memory>
#include <string>
#include <string_view>

#include "daylight/status.h"

namespace dl::ingest {

// Not copyable; data() stays valid for the object's lifetime. Thread-compatible (read-only).
class InputBuffer {
 public:
  // IOError naming the path and the OS reason when the file cannot be opened or read.
  static StatusOr<std::unique_ptr<InputBuffer>> OpenFile(const std::string& path);
  static std::unique_ptr<InputBuffer> FromString(std::string data);

  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;
  ~InputBuffer();

  std::string_view data() const { return data_; }

 private:
  InputBuffer() = default;

  std::string owned_;        // used when not mapped
  void* mapping_ = nullptr;  // mmap base, or nullptr
  size_t mapping_size_ = 0;
  std::string_view data_;
};

// Strips a leading UTF-8 byte order mark, which Excel writes in front of "CSV UTF-8" files.
std::string_view SkipUtf8Bom(std::string_view data);

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_INPUT_BUFFER_H_
