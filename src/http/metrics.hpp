// Request metrics per route (counts by status class and a latency histogram), exported in the
// Prometheus text format. Lock-free counters; thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace reskill::http {

class Router;

class Metrics {
 public:
  /// Histogram bucket bounds in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  /// One slot per route of `router`, plus one for unmatched requests.
  explicit Metrics(const Router& router);
  /// Records one request; `slot` is Route::index, or slots()-1 for unmatched.
  void Record(std::size_t slot, int status, double seconds);
  std::size_t unmatched_slot() const { return slots_.size() - 1; }
  /// The exposition text for /metrics.
  std::string Render() const;

 private:
  struct Slot {
    std::string route;
    std::string method;
    std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_micros{0};
  };
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace reskill::http
