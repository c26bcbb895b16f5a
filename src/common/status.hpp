// Status and StatusOr<T>: expected failures as values, with one error vocabulary for every
// protocol (HTTP, CLI, jobs). Immutable once built; safe to copy across threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace reskill {

/// The one error vocabulary. Mapped to HTTP in http/error_mapping.cpp and to exit codes in
/// cli/exit_codes.cpp. Wire-visible through ErrorCodeName(): do not rename or renumber.
enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kFailedPrecondition,
  kUnauthenticated,
  kPermissionDenied,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

/// The stable snake_case name of a code, used in problem bodies ("invalid_argument").
std::string_view ErrorCodeName(ErrorCode code);

/// The outcome of an operation. `public_message` is safe to show to anyone; `field` names the
/// offending input (JSON path or form field); `internal_detail` is only ever logged.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string public_message, std::string field = {},
         std::string internal_detail = {})
      : code_(code),
        public_message_(std::move(public_message)),
        field_(std::move(field)),
        internal_detail_(std::move(internal_detail)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& public_message() const { return public_message_; }
  const std::string& field() const { return field_; }
  const std::string& internal_detail() const { return internal_detail_; }

  /// Returns a copy whose field is `prefix` + "." + field (or `prefix` when it had none).
  Status WithFieldPrefix(std::string_view prefix) const;
  /// Returns a copy with the given internal detail (for logs only).
  Status WithDetail(std::string detail) const;

  /// "code: message [field]" for logs and CLI output.
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string public_message_;
  std::string field_;
  std::string internal_detail_;
};

Status InvalidArgument(std::string message, std::string field = {});
Status NotFound(std::string message);
Status AlreadyExists(std::string message, std::string field = {});
Status Conflict(std::string message);
Status FailedPrecondition(std::string message, std::string field = {});
Status Unauthenticated(std::string message);
Status PermissionDenied(std::string message);
Status ResourceExhausted(std::string message);
Status Unavailable(std::string message, std::string detail = {});
Status Internal(std::string detail);

/// Either a value or a non-OK Status. Accessing value() of an error is a programmer error.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : data_(std::move(value)) {}         // NOLINT: implicit like absl::StatusOr
  StatusOr(Status status) : data_(std::move(status)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace reskill

#define RESKILL_CONCAT_INNER(a, b) a##b
#define RESKILL_CONCAT(a, b) RESKILL_CONCAT_INNER(a, b)

/// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define RESKILL_RETURN_IF_ERROR(expr)                                  \
  do {                                                                 \
    ::reskill::Status RESKILL_CONCAT(_reskill_st_, __LINE__) = (expr); \
    if (!RESKILL_CONCAT(_reskill_st_, __LINE__).ok())                  \
      return RESKILL_CONCAT(_reskill_st_, __LINE__);                   \
  } while (false)

/// `RESKILL_ASSIGN_OR_RETURN(auto x, MakeX());` binds the value or returns the error.
#define RESKILL_ASSIGN_OR_RETURN(lhs, expr)                 \
  auto RESKILL_CONCAT(_reskill_so_, __LINE__) = (expr);     \
  if (!RESKILL_CONCAT(_reskill_so_, __LINE__).ok())         \
    return RESKILL_CONCAT(_reskill_so_, __LINE__).status(); \
  lhs = std::move(RESKILL_CONCAT(_reskill_so_, __LINE__)).value()
