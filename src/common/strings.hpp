// Small string helpers shared by every layer. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace reskill {

std::string_view Trim(std::string_view text);
std::string ToLower(std::string_view text);
std::vector<std::string_view> Split(std::string_view text, char separator);
bool IsValidUtf8(std::string_view text);
/// The form of an e-mail address used for lookups and blind indexes: trimmed, ASCII-lowercased.
std::string NormalizeEmail(std::string_view email);

}  // namespace reskill
