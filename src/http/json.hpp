// JSON helpers for API handlers: strict body parsing with field-level errors, and responses.
// Pure functions; thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.hpp"
#include "common/time.hpp"
#include "http/request.hpp"
#include "http/router.hpp"

namespace reskill::http {

using Json = nlohmann::json;

/// Parses a JSON object body. kInvalidArgument for a wrong Content-Type, malformed JSON (the
/// message names the byte offset), or a non-object; `allowed` lists the accepted keys and any
/// other key is refused with its name as the field.
StatusOr<Json> ParseJsonObject(const Request& request,
                               std::initializer_list<std::string_view> allowed);

/// Typed field readers: kInvalidArgument naming the field when the type is wrong or a required
/// field is missing.
StatusOr<std::string> RequiredString(const Json& body, const char* key);
StatusOr<std::optional<std::string>> OptionalString(const Json& body, const char* key);
StatusOr<std::optional<bool>> OptionalBool(const Json& body, const char* key);
StatusOr<std::optional<int>> OptionalInt(const Json& body, const char* key, int min, int max);
StatusOr<std::optional<std::vector<std::string>>> OptionalStringArray(const Json& body,
                                                                      const char* key);

/// A JSON response with `status`.
Response JsonResponse(int status, const Json& body);
/// 204 No Content.
Response NoContent();
/// The problem response for `status` in the request's context.
Response ErrorResponse(const RequestContext& ctx, const Status& status);

/// Ids travel as strings (63-bit integers exceed what JavaScript numbers hold exactly).
std::string IdString(std::int64_t id);
/// Parses a decimal id from a path or query parameter; kNotFound for anything malformed.
StatusOr<std::int64_t> ParseIdParam(std::string_view text, std::string_view what);
/// ISO 8601 text or null.
Json TimeOrNull(const std::optional<Timestamp>& t);

}  // namespace reskill::http
