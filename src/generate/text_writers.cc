// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/text_writers.h"

#include <cerrno>
#include <cstring>

namespace dl::generate {
namespace {

constexpr size_t kFlushThreshold = 1 << 20;
constexpr size_t kMaxLineOctets = 75;

}  // namespace

void AppendCsvField(std::string& out, std::string_view value, char delimiter) {
  bool quote = !value.empty() && (value.front() == ' ' || value.back() == ' ');
  for (char c : value) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendJsonString(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : value) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (u < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

std::string EscapeVCardText(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out.append("\\\\");
        break;
      case ',':
        out.append("\\,");
        break;
      case ';':
        out.append("\\;");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

void AppendFoldedLine(std::string& out, std::string_view line) {
  // The first physical line holds 75 octets; continuation lines hold 74 after their space.
  size_t limit = kMaxLineOctets;
  while (line.size() > limit) {
    size_t cut = limit;
    // Back up to the start of a UTF-8 sequence so a character is never split.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    // Unfolding makes a split "\," legal, but readers that unescape per physical line exist;
    // keep an escape pair together (an odd run of backslashes ends in an escape's first half).
    size_t backslashes = 0;
    while (backslashes < cut && line[cut - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 1) --cut;
    out.append(line.substr(0, cut));
    out.append("\r\n ");
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;
  }
  out.append(line);
  out.append("\r\n");
}

OutputFile::~OutputFile() {
  if (file_ != nullptr) std::fclose(file_);
}

Status OutputFile::Open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) return IOError(path + ": cannot create: " + std::strerror(errno));
  buffer_.reserve(kFlushThreshold + (kFlushThreshold >> 2));
  return Status::Ok();
}

Status OutputFile::Append(std::string_view data) {
  buffer_.append(data);
  return MaybeFlush();
}

Status OutputFile::MaybeFlush() {
  if (buffer_.size() < kFlushThreshold) return Status::Ok();
  return Flush();
}

Status OutputFile::Flush() {
  if (file_ == nullptr) return FailedPrecondition(path_ + ": file is not open");
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    return IOError(path_ + ": write failed: " + std::strerror(errno));
  }
  buffer_.clear();
  return Status::Ok();
}

Status OutputFile::Close() {
  RETURN_IF_ERROR(Flush());
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) return IOError(path_ + ": close failed: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace dl::generate
