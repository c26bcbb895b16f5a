#include "common/status.hpp"

namespace reskill {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kResourceExhausted: return "resource_exhausted";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Status Status::WithFieldPrefix(std::string_view prefix) const {
  Status copy = *this;
  if (copy.field_.empty()) {
    copy.field_ = std::string(prefix);
  } else if (copy.field_.front() == '[') {
    copy.field_ = std::string(prefix) + copy.field_;
  } else {
    copy.field_ = std::string(prefix) + "." + copy.field_;
  }
  return copy;
}

Status Status::WithDetail(std::string detail) const {
  Status copy = *this;
  copy.internal_detail_ = std::move(detail);
  return copy;
}

std::string Status::ToString() const {
  std::string out(ErrorCodeName(code_));
  if (!public_message_.empty()) out += ": " + public_message_;
  if (!field_.empty()) out += " [" + field_ + "]";
  return out;
}

Status InvalidArgument(std::string message, std::string field) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
}
Status NotFound(std::string message) {
  return {ErrorCode::kNotFound, std::move(message)};
}
Status AlreadyExists(std::string message, std::string field) {
  return {ErrorCode::kAlreadyExists, std::move(message), std::move(field)};
}
Status Conflict(std::string message) {
  return {ErrorCode::kConflict, std::move(message)};
}
Status FailedPrecondition(std::string message, std::string field) {
  return {ErrorCode::kFailedPrecondition, std::move(message), std::move(field)};
}
Status Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}
Status PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message)};
}
Status ResourceExhausted(std::string message) {
  return {ErrorCode::kResourceExhausted, std::move(message)};
}
Status Unavailable(std::string message, std::string detail) {
  return {ErrorCode::kUnavailable, std::move(message), {}, std::move(detail)};
}
Status Internal(std::string detail) {
  return {ErrorCode::kInternal, "internal error", {}, std::move(detail)};
}

}  // namespace reskill
