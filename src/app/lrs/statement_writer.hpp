// The group-commit writer of the statements resource: one thread takes the batches queued by
// concurrent requests and stores as many as are waiting (up to a limit) in ONE transaction
// (StoreStatements::RunGroup), then wakes each request with its own result. A request is
// answered only after the COMMIT that stored its statements; a batch refused for its content
// does not fail the others of its group. The query index (terms) of what it stores is deferred:
// kept in memory and written in transactions of its own, sorted, every 20,000 statements or second,
// and whenever a query needs it (docs/adr/0014-deferred-term-index.md).
// Thread-safe: Write(), AwaitIndex() and ConsistentThrough() may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/context.hpp"
#include "app/lrs/store_statements.hpp"

namespace reskill::app::lrs {

/// Limits of one group (one transaction) and the flush policy of the deferred term index.
struct StatementWriterOptions {
  std::size_t max_batches = 512;        ///< requests per transaction
  std::size_t max_statements = 10'000;  ///< statements per transaction
  /// The index is written once it holds the terms of this many statements (memory: under 1 KB a
  /// statement; the bench's 2,000 learners then get about ten rows a leaf page), ...
  std::size_t index_flush_statements = 20'000;
  /// ... or once its oldest statement has waited this long (steady time), and whenever a query
  /// needs it.
  std::chrono::milliseconds index_flush_after{1'000};
  /// A flush writes its term rows in parts of about this many rows (each term's rows in one
  /// part), a transaction each, and the writer stores a waiting group between two parts: a POST
  /// waits for one part, not for the whole flush. The last part also writes the copies and the
  /// learning facts and raises the watermark (docs/adr/0014-deferred-term-index.md).
  std::size_t index_flush_part_rows = 16'384;
  /// How long a query waits for the index to cover what was committed before it began; then it
  /// answers with what is indexed.
  std::chrono::milliseconds index_wait{5'000};
  /// Tests only: the index is never written (not even at Stop()), as if the server were killed.
  bool never_flush_index_for_testing = false;
  /// Tests only: after this many flush parts (all flushes together) the writer writes no more,
  /// as if the server were killed in the middle of a flush.
  std::size_t max_flush_parts_for_testing = static_cast<std::size_t>(-1);
};

class StatementWriter {
 public:
  StatementWriter(const AppContext& ctx, StatementWriterOptions options = {});
  /// Stops the thread after the queued batches are stored and the index is written.
  ~StatementWriter();
  StatementWriter(const StatementWriter&) = delete;
  StatementWriter& operator=(const StatementWriter&) = delete;

  /// Writes the index terms of the statements a previous server committed without them
  /// (StoreStatements::RecoverIndex), then starts the writer thread (idempotent). If that
  /// recovery fails, the thread retries it before it stores anything.
  void Start();
  /// Stores what is queued, writes the index, then stops the thread; later Write() calls store
  /// directly (terms included).
  void Stop();

  /// Stores `batch` and blocks until its transaction has committed (or failed): the result of
  /// StoreStatements::Run for it. Without a running thread it stores in the caller's thread.
  StatusOr<std::vector<std::string>> Write(StatementBatch batch);

  /// Blocks until the query index covers every statement committed before the call (asking the
  /// writer to write it now), at most `index_wait`; returns at once when nothing is pending or
  /// the writer is not running. Call before reading the term index.
  void AwaitIndex();

  /// The stored time up to which every statement is committed AND indexed (visible to every
  /// query), after AwaitIndex() (a read asks for the index like a filtered query): just before
  /// the oldest statement whose terms are still not written, or before the transaction in
  /// flight, or now when neither.
  Timestamp ConsistentThrough();

 private:
  struct Pending {
    StatementBatch batch;
    std::optional<StatusOr<std::vector<std::string>>> result;
    // Each request waits on its own condition: a COMMIT wakes the requests of its group only,
    // not every thread whose batch waits for the next group.
    std::condition_variable done;
  };
  void Loop();
  // Writes the next part of the flush under way, first moving `index_` into a new one when none
  // is (writer thread); false when the transaction failed (the part is kept for a retry).
  bool FlushStep();
  // Runs RecoverIndex, which derives everything the flush under way and `index_` hold (both are
  // then dropped); true when it succeeded.
  bool Recover();
  // After a flush or a recovery: `groups` committed groups have their terms in the store, no
  // recovery is pending (a flush runs only when none is), and waiting queries wake.
  void MarkIndexed(std::uint64_t groups);

  const AppContext& ctx_;
  StatementWriterOptions options_;
  mutable std::mutex mu_;
  std::condition_variable work_;              // the writer waits for batches or a flush
  std::condition_variable indexed_;           // queries wait for the index
  std::deque<Pending*> queue_;                // guarded by mu_
  WriterCache cache_;                         // the writer thread's (Loop), reset by Start()
  bool running_ = false;                      // guarded by mu_
  bool stopping_ = false;                     // guarded by mu_
  std::optional<Timestamp> in_flight_since_;  // guarded by mu_
  // Groups committed, and groups whose terms are written: a query waits until the second reaches
  // the value the first had when it began.
  std::uint64_t committed_groups_ = 0;  // guarded by mu_
  std::uint64_t indexed_groups_ = 0;    // guarded by mu_
  // What waiting queries need indexed (a flush is due while indexed_groups_ is below it).
  std::uint64_t requested_groups_ = 0;  // guarded by mu_
  // The start of the oldest group whose terms are not written (what ConsistentThrough may not
  // claim); the epoch while statements of a previous server may lack theirs.
  std::optional<Timestamp> unindexed_since_;  // guarded by mu_
  // The start of the oldest group whose terms are in index_ (not in the flush under way).
  std::optional<Timestamp> buffered_since_;  // guarded by mu_
  // Recovery must run before the next group or flush: at start, or after a group whose outcome
  // is unknown (a failed transaction may have committed).
  bool needs_recovery_ = false;  // guarded by mu_
  // Writer thread only: the deferred terms and when (steady clock) the oldest of them arrived.
  DeferredIndex index_;
  std::chrono::steady_clock::time_point index_since_;
  // Writer thread only: the flush under way, if any — the index it writes (with its last part of
  // term rows), the other parts still to write, the committed groups it covers, whether a part
  // comes before the next group (parts and groups alternate), and when a failed part is retried.
  bool flush_active_ = false;
  DeferredIndex flushing_;
  std::vector<std::vector<TermRow>> flush_parts_;
  std::uint64_t flush_groups_ = 0;
  bool part_due_ = false;
  std::chrono::steady_clock::time_point flush_retry_at_;
  std::size_t parts_written_ = 0;
  std::thread thread_;
};

}  // namespace reskill::app::lrs
