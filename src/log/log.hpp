// Structured logging: one event per line, "event=… key=value … request_id=…". The level is checked
// before formatting. The request/job id comes from a thread-local scope set by the HTTP dispatcher
// and the job runner. Thread-safe. Never log secrets, tokens or personal data values.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace reskill::log {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

/// Parses "trace|debug|info|warn|error|off"; false on anything else.
bool ParseLevel(std::string_view text, Level& out);
/// Sends lines to stderr (the default) or, when `path` is not empty, appends to that file.
void Init(Level level, const std::string& path = {});
bool Enabled(Level level);
/// Writes one line: `event` then `fields` (already "k=v k=v"), then the scope's request id.
void Write(Level level, std::string_view event, std::string_view fields);
/// Flushes buffered lines (at shutdown).
void Flush();

/// Sets the id that every line written by this thread carries, for the scope's lifetime.
class ContextScope {
 public:
  explicit ContextScope(std::string_view id);
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  std::string previous_;
};

/// The current thread's request/job id ("" outside a scope).
std::string_view CurrentContext();

}  // namespace reskill::log

#define RESKILL_LOG(level, event, ...)                                 \
  do {                                                                 \
    if (::reskill::log::Enabled(level))                                \
      ::reskill::log::Write(level, event, ::fmt::format(__VA_ARGS__)); \
  } while (false)
#define RESKILL_LOG_DEBUG(event, ...) RESKILL_LOG(::reskill::log::Level::kDebug, event, __VA_ARGS__)
#define RESKILL_LOG_INFO(event, ...) RESKILL_LOG(::reskill::log::Level::kInfo, event, __VA_ARGS__)
#define RESKILL_LOG_WARN(event, ...) RESKILL_LOG(::reskill::log::Level::kWarn, event, __VA_ARGS__)
#define RESKILL_LOG_ERROR(event, ...) RESKILL_LOG(::reskill::log::Level::kError, event, __VA_ARGS__)
