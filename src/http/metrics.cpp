#include "http/metrics.hpp"

#include <fmt/format.h>

#include "http/router.hpp"

namespace reskill::http {

Metrics::Metrics(const Router& router) {
  for (const auto& r : router.routes()) {
    auto slot = std::make_unique<Slot>();
    slot->route = r->name;
    slot->method = std::string(MethodName(r->method));
    slots_.push_back(std::move(slot));
  }
  auto unmatched = std::make_unique<Slot>();
  unmatched->route = "unmatched";
  unmatched->method = "ANY";
  slots_.push_back(std::move(unmatched));
}

void Metrics::Record(std::size_t slot, int status, double seconds) {
  Slot& s = *slots_.at(slot < slots_.size() ? slot : slots_.size() - 1);
  const int cls = status / 100;
  if (cls >= 1 && cls <= 5)
    s.by_class[static_cast<std::size_t>(cls - 1)].fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      s.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP reskill_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE reskill_http_requests_total counter\n";
  for (const auto& s : slots_) {
    for (std::size_t c = 0; c < s->by_class.size(); ++c) {
      const auto n = s->by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format(
          "reskill_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}xx\"}} {}\n",
          s->route, s->method, c + 1, n);
    }
  }
  out += "# HELP reskill_http_request_duration_seconds Time to handle a request, by route.\n";
  out += "# TYPE reskill_http_request_duration_seconds histogram\n";
  for (const auto& s : slots_) {
    const auto count = s->count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += s->buckets[i].load(std::memory_order_relaxed);
      out += fmt::format(
          "reskill_http_request_duration_seconds_bucket{{route=\"{}\",method=\"{}\",le=\"{}\"}} "
          "{}\n",
          s->route, s->method, kBuckets[i], cumulative);
    }
    out += fmt::format(
        "reskill_http_request_duration_seconds_bucket{{route=\"{}\",method=\"{}\",le=\"+Inf\"}} "
        "{}\n",
        s->route, s->method, count);
    out += fmt::format(
        "reskill_http_request_duration_seconds_sum{{route=\"{}\",method=\"{}\"}} {:.6f}\n",
        s->route, s->method,
        static_cast<double>(s->sum_micros.load(std::memory_order_relaxed)) / 1e6);
    out += fmt::format(
        "reskill_http_request_duration_seconds_count{{route=\"{}\",method=\"{}\"}} {}\n", s->route,
        s->method, count);
  }
  return out;
}

}  // namespace reskill::http
