// The transport-independent HTTP request and response. The RESTinio adapter (server.cpp) and the
// in-process test client both speak only these types. Plain values; not shared between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reskill::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method m);
Method ParseMethod(std::string_view name);
/// True for methods that change state (POST, PUT, PATCH, DELETE).
bool IsStateChanging(Method m);

struct Request {
  Method method = Method::kGet;
  std::string method_text;                        ///< As received (for 405 messages and logs).
  std::string path;                               ///< Decoded path, without the query string.
  std::multimap<std::string, std::string> query;  ///< Decoded query parameters.
  std::vector<std::pair<std::string, std::string>> headers;  ///< Names lower-cased.
  std::string body;
  std::string remote_address;

  /// The first header named `name` (lower-case), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
  /// The first query parameter `name`, if any.
  std::optional<std::string_view> Query(std::string_view name) const;
  /// The cookie `name` from the Cookie header, if any.
  std::optional<std::string> Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& SetHeader(std::string name, std::string value);
  std::optional<std::string_view> Header(std::string_view name) const;
};

/// Parses "a=1&b=x%20y" (also form bodies); '+' means space.
std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view text);
/// Percent-decodes; nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);
/// Percent-encodes everything but unreserved characters.
std::string PercentEncode(std::string_view text);

}  // namespace reskill::http
