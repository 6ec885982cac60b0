// Status and Result<T>: the one way Quarry reports expected failures.
//
// Every function that can fail on bad input, I/O or a remote service returns Status or Result<T>
// (both [[nodiscard]]); exceptions never cross a module boundary. A Status carries a code and a
// message written for the analyst at the keyboard ("line 3, col 12: column 'AcountName' not
// found ..."), never a secret. Thread-safety: values, safe to copy between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace quarry {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // the caller's input is wrong (bad KQL, bad flag, bad file content)
  kNotFound,          // a named thing does not exist (table, column, file, model)
  kAlreadyExists,
  kPermissionDenied,  // refused by policy or by a remote service (403)
  kUnauthenticated,   // missing or wrong credentials (401)
  kResourceExhausted, // budget, rate limit, row cap
  kFailedPrecondition,
  kOutOfRange,
  kUnimplemented,     // valid input Quarry does not support yet
  kUnavailable,       // a remote service or resource is down; retrying may help
  kDeadlineExceeded,
  kCancelled,
  kDataLoss,          // corrupt on-disk data
  kInternal,          // a bug
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "NotFound: table 'Foo' not found"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` and ": ".
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgument(std::string message);
Status NotFound(std::string message);
Status AlreadyExists(std::string message);
Status PermissionDenied(std::string message);
Status Unauthenticated(std::string message);
Status ResourceExhausted(std::string message);
Status FailedPrecondition(std::string message);
Status OutOfRange(std::string message);
Status Unimplemented(std::string message);
Status Unavailable(std::string message);
Status DeadlineExceeded(std::string message);
Status Cancelled(std::string message);
Status DataLoss(std::string message);
Status Internal(std::string message);

// Result<T>: a T or a non-OK Status.
// REQUIRES: value() only when ok(); constructing from an OK Status is a bug.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(state_).ok() && "Result constructed from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<Status, T> state_;
};

}  // namespace quarry

#define QUARRY_CONCAT_INNER_(a, b) a##b
#define QUARRY_CONCAT_(a, b) QUARRY_CONCAT_INNER_(a, b)

#define QUARRY_RETURN_IF_ERROR(expr)              \
  do {                                            \
    ::quarry::Status quarry_status_ = (expr);     \
    if (!quarry_status_.ok()) return quarry_status_; \
  } while (0)

#define QUARRY_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

// QUARRY_ASSIGN_OR_RETURN(auto x, MakeX()); declares/assigns x or returns the error.
#define QUARRY_ASSIGN_OR_RETURN(lhs, expr) \
  QUARRY_ASSIGN_OR_RETURN_IMPL_(QUARRY_CONCAT_(quarry_result_, __LINE__), lhs, expr)
