// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// SHA-256 of a file's bytes, read in 1 MiB blocks (import batches and export entries name the
// file they read or wrote by this digest).
#ifndef DAYLIGHT_UTIL_FILE_DIGEST_H_
#define DAYLIGHT_UTIL_FILE_DIGEST_H_

#include <string>

#include "daylight/status.h"

namespace dl {

// Lowercase hex SHA-256 of the file at `path`; IOError if it cannot be read.
StatusOr<std::string> FileSha256Hex(const std::string& path);

}  // namespace dl

#endif  // DAYLIGHT_UTIL_FILE_DIGEST_H_
