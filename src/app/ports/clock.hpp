// Clock port: the only source of "now" below the composition root. Implementations are thread-safe.
#pragma once

#include <atomic>

#include "common/time.hpp"

namespace reskill::app {

class Clock {
 public:
  virtual ~Clock() = default;
  /// The current instant (UTC, millisecond precision).
  virtual Timestamp Now() const = 0;
};

/// A settable clock for tests. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_ms_(ToUnixMillis(start)) {}
  Timestamp Now() const override { return FromUnixMillis(now_ms_.load()); }
  void Set(Timestamp t) { now_ms_.store(ToUnixMillis(t)); }
  void Advance(std::chrono::milliseconds d) { now_ms_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace reskill::app
