// Time types: instants are UTC milliseconds since the Unix epoch. Pure functions, thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reskill {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

inline std::int64_t ToUnixMillis(Timestamp t) {
  return t.time_since_epoch().count();
}
inline Timestamp FromUnixMillis(std::int64_t ms) {
  return Timestamp(std::chrono::milliseconds(ms));
}

/// "2026-11-23T02:59:18.123Z".
std::string FormatIso8601(Timestamp t);
/// Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" or "YYYY-MM-DD"; nullopt when malformed.
std::optional<Timestamp> ParseIso8601(std::string_view text);

}  // namespace reskill
