// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Status and StatusOr<T>: Daylight's one error-handling style (see docs/errors.md).
//
// Every fallible function returns Status or StatusOr<T>; both are [[nodiscard]]. No exception
// crosses a module boundary: third-party exceptions are caught at the adapter that calls the
// library and turned into a Status there. Codes are distinct for distinct situations, so a
// caller can tell a bad input row (InvalidArgument) from a broken hash chain (Corruption) from
// a full disk (IOError). Messages carry context (file, line, field, reason) but never personal
// data in plaintext.
//
// The C++ namespace is `dl`, not `daylight`: glibc's <time.h> declares a global `int daylight`
// (the POSIX DST flag), which collides with a namespace of that name in any file that includes
// <chrono> or <ctime>.
#ifndef DAYLIGHT_STATUS_H_
#define DAYLIGHT_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace dl {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad user input: a row, a flag, a value
  kNotFound,            // a looked-up thing does not exist
  kAlreadyExists,       // creating something that is there
  kCorruption,          // stored data fails an integrity check (hash chain, MAC)
  kIOError,             // the OS or the database failed
  kFailedPrecondition,  // the store is not in the state the operation needs
  kPermissionDenied,    // the gate or an access check said no
  kInternal,            // a bug
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: crm.csv:12: field 'email': missing '@'".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
inline Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// StatusOr<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (status_.ok()) status_ = Internal("StatusOr constructed from OK status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace dl

#define DAYLIGHT_CONCAT_INNER_(a, b) a##b
#define DAYLIGHT_CONCAT_(a, b) DAYLIGHT_CONCAT_INNER_(a, b)

// RETURN_IF_ERROR(expr): evaluate a Status expression and return it if not OK.
#define RETURN_IF_ERROR(expr)                \
  do {                                       \
    ::dl::Status _dl_status = (expr);        \
    if (!_dl_status.ok()) return _dl_status; \
  } while (0)

// ASSIGN_OR_RETURN(lhs, expr): evaluate a StatusOr expression; on error return its Status,
// otherwise move the value into lhs (which may be a declaration: `auto x`).
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(DAYLIGHT_CONCAT_(_dl_statusor_, __LINE__), lhs, expr)
// `tmp` is a generated name and `lhs` may be a declaration, so neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // DAYLIGHT_STATUS_H_
