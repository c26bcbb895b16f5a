#include "log/log.hpp"

#include <atomic>
#include <memory>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace reskill::log {

namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
// The process logger: set once by Init() before threads start, then only read.
std::shared_ptr<spdlog::logger>& Logger() {
  static std::shared_ptr<spdlog::logger> logger = spdlog::stderr_logger_mt("reskill");
  return logger;
}
thread_local std::string t_context;

spdlog::level::level_enum ToSpd(Level level) {
  switch (level) {
    case Level::kTrace: return spdlog::level::trace;
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
    case Level::kOff: return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

bool ParseLevel(std::string_view text, Level& out) {
  static constexpr std::pair<std::string_view, Level> kNames[] = {
      {"trace", Level::kTrace}, {"debug", Level::kDebug}, {"info", Level::kInfo},
      {"warn", Level::kWarn},   {"error", Level::kError}, {"off", Level::kOff}};
  for (const auto& [name, level] : kNames) {
    if (name == text) {
      out = level;
      return true;
    }
  }
  return false;
}

void Init(Level level, const std::string& path) {
  g_level.store(static_cast<int>(level));
  if (!path.empty()) {
    // Create the default logger first: in `Logger() = make()` the right side runs first, and the
    // default's creation would then find the name taken and throw.
    auto& logger = Logger();
    spdlog::drop("reskill");
    logger = spdlog::basic_logger_mt("reskill", path);
  }
  Logger()->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  Logger()->set_level(ToSpd(level));
  Logger()->flush_on(spdlog::level::warn);
}

bool Enabled(Level level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

void Write(Level level, std::string_view event, std::string_view fields) {
  if (t_context.empty()) {
    Logger()->log(ToSpd(level), "event={} {}", event, fields);
  } else {
    Logger()->log(ToSpd(level), "event={} {} request_id={}", event, fields, t_context);
  }
}

void Flush() {
  Logger()->flush();
}

ContextScope::ContextScope(std::string_view id) : previous_(std::move(t_context)) {
  t_context = std::string(id);
}
ContextScope::~ContextScope() {
  t_context = std::move(previous_);
}

std::string_view CurrentContext() {
  return t_context;
}

}  // namespace reskill::log
