// The group-commit writer of the statements resource: one thread takes the batches queued by
// concurrent requests and stores as many as are waiting (up to a limit) in ONE transaction
// (StoreStatements::RunGroup), then wakes each request with its own result. A request is
// answered only after the COMMIT that stored its statements; a batch refused for its content
// does not fail the others of its group. Thread-safe: Write() may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/context.hpp"
#include "app/lrs/store_statements.hpp"

namespace reskill::app::lrs {

/// Limits of one group (one transaction).
struct StatementWriterOptions {
  std::size_t max_batches = 512;        ///< requests per transaction
  std::size_t max_statements = 10'000;  ///< statements per transaction
};

class StatementWriter {
 public:
  StatementWriter(const AppContext& ctx, StatementWriterOptions options = {});
  /// Stops the thread after the queued batches are stored.
  ~StatementWriter();
  StatementWriter(const StatementWriter&) = delete;
  StatementWriter& operator=(const StatementWriter&) = delete;

  /// Starts the writer thread (idempotent).
  void Start();
  /// Stores what is queued, then stops the thread; later Write() calls store directly.
  void Stop();

  /// Stores `batch` and blocks until its transaction has committed (or failed): the result of
  /// StoreStatements::Run for it. Without a running thread it stores in the caller's thread.
  StatusOr<std::vector<std::string>> Write(StatementBatch batch);

  /// The stored time up to which every statement is visible to queries: just before the
  /// transaction in flight began, or now when none is in flight.
  Timestamp ConsistentThrough() const;

 private:
  struct Pending {
    StatementBatch batch;
    std::optional<StatusOr<std::vector<std::string>>> result;
    // Each request waits on its own condition: a COMMIT wakes the requests of its group only,
    // not every thread whose batch waits for the next group.
    std::condition_variable done;
  };
  void Loop();

  const AppContext& ctx_;
  StatementWriterOptions options_;
  mutable std::mutex mu_;
  std::condition_variable work_;              // the writer waits for batches
  std::deque<Pending*> queue_;                // guarded by mu_
  bool running_ = false;                      // guarded by mu_
  bool stopping_ = false;                     // guarded by mu_
  std::optional<Timestamp> in_flight_since_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace reskill::app::lrs
