// The one mapping from ErrorCode to HTTP status, and RFC 9457 problem+json bodies.
#pragma once

#include <string_view>

#include "common/status.hpp"
#include "http/request.hpp"

namespace reskill::http {

/// The HTTP status for an error code (200 for kOk).
int HttpStatusFor(ErrorCode code);

/// The standard reason phrase of an HTTP status ("Not Found"); "Status" for unlisted codes.
std::string_view ReasonPhrase(int status);

/// An RFC 9457 problem response: type, title, status, detail, plus the extension members
/// `code` (stable ErrorCode name or a finer code), `field` (when known) and `request_id`.
Response Problem(int status, std::string_view code, std::string_view detail, std::string_view field,
                 std::string_view request_id);
/// Problem() for a Status, using HttpStatusFor(status.code()).
Response ProblemFor(const Status& status, std::string_view request_id);

}  // namespace reskill::http
