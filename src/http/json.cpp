#include "http/json.hpp"

#include <charconv>

#include "common/strings.hpp"
#include "http/error_mapping.hpp"

namespace reskill::http {

StatusOr<Json> ParseJsonObject(const Request& request,
                               std::initializer_list<std::string_view> allowed) {
  const auto type = request.Header("content-type").value_or("");
  if (!type.starts_with("application/json")) {
    return InvalidArgument("send the body as JSON with Content-Type: application/json",
                           "Content-Type");
  }
  if (!IsValidUtf8(request.body)) return InvalidArgument("the body is not valid UTF-8", "body");
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    // Re-parse with exceptions to learn where it broke; only on the error path.
    try {
      [[maybe_unused]] const Json strict = Json::parse(request.body);
    } catch (const Json::parse_error& e) {
      return InvalidArgument("malformed JSON at byte " + std::to_string(e.byte), "body");
    }
    return InvalidArgument("malformed JSON", "body");
  }
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object", "body");
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) return InvalidArgument("unknown field \"" + key + "\"", key);
  }
  return body;
}

StatusOr<std::string> RequiredString(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null())
    return InvalidArgument(std::string(key) + " is required", key);
  if (!it->is_string()) return InvalidArgument(std::string(key) + " must be a string", key);
  return it->get<std::string>();
}

StatusOr<std::optional<std::string>> OptionalString(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return InvalidArgument(std::string(key) + " must be a string", key);
  return std::optional<std::string>(it->get<std::string>());
}

StatusOr<std::optional<bool>> OptionalBool(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return InvalidArgument(std::string(key) + " must be true or false", key);
  return std::optional<bool>(it->get<bool>());
}

StatusOr<std::optional<int>> OptionalInt(const Json& body, const char* key, int min, int max) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<int>();
  if (!it->is_number_integer())
    return InvalidArgument(std::string(key) + " must be an integer", key);
  const auto v = it->get<long long>();
  if (v < min || v > max) {
    return InvalidArgument(std::string(key) + " must be between " + std::to_string(min) + " and " +
                               std::to_string(max),
                           key);
  }
  return std::optional<int>(static_cast<int>(v));
}

StatusOr<std::optional<std::vector<std::string>>> OptionalStringArray(const Json& body,
                                                                      const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::vector<std::string>>();
  if (!it->is_array())
    return InvalidArgument(std::string(key) + " must be an array of strings", key);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (!v.is_string()) {
      return InvalidArgument(std::string(key) + " must be an array of strings",
                             std::string(key) + "[" + std::to_string(i) + "]");
    }
    out.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Response JsonResponse(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response ErrorResponse(const RequestContext& ctx, const Status& status) {
  return ProblemFor(status, ctx.info.request_id);
}

std::string IdString(std::int64_t id) {
  return std::to_string(id);
}

StatusOr<std::int64_t> ParseIdParam(std::string_view text, std::string_view what) {
  std::int64_t v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v <= 0) {
    return NotFound("no such " + std::string(what));
  }
  return v;
}

Json TimeOrNull(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return FormatIso8601(*t);
}

}  // namespace reskill::http
