// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// BitReader: big-endian, most-significant-bit-first reads from a packed bit buffer, as used by
// IAB TCF TC strings. Internal to the policy layer.
//
// The reader never reads past the end: every read is checked by the caller against remaining()
// (TcfDecoder turns a short read into an error naming the field and offset), and Read() itself
// asserts the precondition in debug builds and returns only the available bits otherwise.
#ifndef DAYLIGHT_POLICY_BIT_READER_H_
#define DAYLIGHT_POLICY_BIT_READER_H_

#include <cassert>
#include <cstddef>
#include <cstdint>

namespace dl::policy {

class BitReader {
 public:
  // `data` holds `bit_size` bits, most significant bit of data[0] first. The bytes past
  // bit_size within the last byte must be readable (they are ignored).
  BitReader(const uint8_t* data, size_t bit_size) : data_(data), size_(bit_size) {}

  size_t position() const { return pos_; }
  size_t size() const { return size_; }
  size_t remaining() const { return size_ - pos_; }

  // Reads `n` bits (0..64) as an unsigned big-endian number and advances. Precondition:
  // n <= remaining().
  uint64_t Read(int n) {
    assert(n >= 0 && n <= 64 && static_cast<size_t>(n) <= remaining());
    if (static_cast<size_t>(n) > remaining()) n = static_cast<int>(remaining());
    uint64_t value = 0;
    while (n > 0) {
      const size_t byte = pos_ >> 3;
      const int offset = static_cast<int>(pos_ & 7);  // bits already consumed in this byte
      const int avail = 8 - offset;
      const int take = n < avail ? n : avail;
      const unsigned bits =
          (static_cast<unsigned>(data_[byte]) >> (avail - take)) & ((1U << take) - 1U);
      value = (value << take) | bits;
      pos_ += static_cast<size_t>(take);
      n -= take;
    }
    return value;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace dl::policy

#endif  // DAYLIGHT_POLICY_BIT_READER_H_
