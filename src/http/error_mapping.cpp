#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

namespace reskill::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Status";
  }
}

Response Problem(int status, std::string_view code, std::string_view detail, std::string_view field,
                 std::string_view request_id) {
  nlohmann::json body = {
      {"type", "urn:reskill:problem:" + std::string(code)},
      {"title", ReasonPhrase(status)},
      {"status", status},
      {"code", code},
      {"detail", detail},
  };
  if (!field.empty()) body["field"] = field;
  if (!request_id.empty()) body["request_id"] = request_id;
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ProblemFor(const Status& status, std::string_view request_id) {
  return Problem(HttpStatusFor(status.code()), ErrorCodeName(status.code()),
                 status.public_message(), status.field(), request_id);
}

}  // namespace reskill::http
