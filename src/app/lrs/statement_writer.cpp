#include "app/lrs/statement_writer.hpp"

#include <algorithm>

namespace reskill::app::lrs {

StatementWriter::StatementWriter(const AppContext& ctx, StatementWriterOptions options)
    : ctx_(ctx), options_(options) {}

StatementWriter::~StatementWriter() {
  Stop();
}

void StatementWriter::Start() {
  {
    std::lock_guard lock(mu_);
    if (running_) return;
    stopping_ = false;
    // What a previous server committed may lack its terms: a query waits for the recovery (one
    // more group to index) and Consistent-Through claims nothing until it is done.
    needs_recovery_ = true;
    ++committed_groups_;
    cache_ = WriterCache();  // what was stored while it was stopped is read again
    unindexed_since_ = FromUnixMillis(0);
  }
  // Before the thread takes any request: a server answers with a complete index from the start.
  // On failure the thread retries before it writes the index again.
  Recover();
  std::lock_guard lock(mu_);
  running_ = true;
  index_since_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { Loop(); });
}

void StatementWriter::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
  std::lock_guard lock(mu_);
  running_ = false;
  indexed_.notify_all();
}

StatusOr<std::vector<std::string>> StatementWriter::Write(StatementBatch batch) {
  Pending pending{std::move(batch), std::nullopt, {}};
  {
    std::unique_lock lock(mu_);
    if (running_ && stopping_) {
      // Stored synchronously only once the writer has written what it holds (the synchronous
      // path derives whatever a writer left unwritten, which must then be nothing in flight).
      indexed_.wait(lock, [&] { return !running_; });
    }
    if (!running_) {
      lock.unlock();
      return StoreStatements(ctx_).Run(std::move(pending.batch));
    }
    queue_.push_back(&pending);
  }
  work_.notify_one();
  std::unique_lock lock(mu_);
  pending.done.wait(lock, [&] { return pending.result.has_value(); });
  return std::move(*pending.result);
}

void StatementWriter::AwaitIndex() {
  std::unique_lock lock(mu_);
  if (!running_) return;
  const std::uint64_t target = committed_groups_;
  if (indexed_groups_ >= target) return;
  requested_groups_ = std::max(requested_groups_, target);
  work_.notify_one();
  // Bounded: a writer that cannot write the index (a database error) must not hang queries; they
  // then answer with what is indexed.
  indexed_.wait_for(lock, options_.index_wait,
                    [&] { return indexed_groups_ >= target || !running_; });
}

Timestamp StatementWriter::ConsistentThrough() {
  // A client that waits for Consistent-Through to pass its statement (the conformance suite does)
  // gets it at once rather than after index_flush_after.
  AwaitIndex();
  std::lock_guard lock(mu_);
  std::optional<Timestamp> bound = in_flight_since_;
  if (unindexed_since_ && (!bound || *unindexed_since_ < *bound)) bound = unindexed_since_;
  if (bound) return *bound - std::chrono::milliseconds(1);
  return ctx_.clock.Now();
}

bool StatementWriter::FlushStep() {
  if (options_.never_flush_index_for_testing ||
      parts_written_ >= options_.max_flush_parts_for_testing) {
    return false;
  }
  if (!flush_active_) {
    {
      std::lock_guard lock(mu_);
      flush_groups_ = committed_groups_;  // every one of them has its terms in index_ or stored
      buffered_since_.reset();
    }
    flushing_ = std::move(index_);
    index_ = DeferredIndex();
    flush_parts_ = flushing_.SplitTerms(options_.index_flush_part_rows);
    flush_active_ = true;
  }
  part_due_ = false;
  const StoreStatements store(ctx_);
  if (!flush_parts_.empty()) {
    if (!store.WriteIndexTerms(flush_parts_.back()).ok()) return false;
    flush_parts_.pop_back();
    ++parts_written_;
    return true;
  }
  // The last part: its term rows, the copies, the learning facts, the watermark.
  if (!store.WriteIndex(flushing_).ok()) return false;
  ++parts_written_;
  flushing_ = DeferredIndex();
  flush_active_ = false;
  MarkIndexed(flush_groups_);
  return true;
}

void StatementWriter::MarkIndexed(std::uint64_t groups) {
  std::lock_guard lock(mu_);
  needs_recovery_ = false;
  indexed_groups_ = groups;
  unindexed_since_ = buffered_since_;  // groups stored while the flush ran wait for the next
  indexed_.notify_all();
}

bool StatementWriter::Recover() {
  std::uint64_t groups = 0;
  {
    std::lock_guard lock(mu_);
    groups = committed_groups_;
  }
  // RecoverIndex derives the terms of every statement above the watermark, those the flush under
  // way and index_ hold included (the same derivation; rows a part wrote are found), so both are
  // then dropped rather than written twice.
  if (!StoreStatements(ctx_).RecoverIndex().ok()) return false;
  index_ = DeferredIndex();
  flushing_ = DeferredIndex();
  flush_parts_.clear();
  flush_active_ = false;
  {
    std::lock_guard lock(mu_);
    buffered_since_.reset();
  }
  MarkIndexed(groups);
  return true;
}

void StatementWriter::Loop() {
  StoreStatements store(ctx_);
  for (;;) {
    std::vector<Pending*> group;
    std::vector<StatementBatch> batches;
    bool index_work = false;
    bool recover = false;
    {
      std::unique_lock lock(mu_);
      const auto requested = [&] { return requested_groups_ > indexed_groups_; };
      const auto pending_index = [&] {
        return needs_recovery_ || flush_active_ || !index_.empty();
      };
      const auto ready = [&] {
        return stopping_ || !queue_.empty() || (requested() && pending_index());
      };
      // Index work is due when its oldest terms are old enough, or at once for a flush under way
      // (unless a part failed: then at its retry time).
      const auto due = flush_active_ && !needs_recovery_
                           ? flush_retry_at_
                           : index_since_ + options_.index_flush_after;
      if (pending_index()) {
        work_.wait_until(lock, due, ready);
      } else {
        work_.wait(lock, ready);
      }
      // The index is written before the next group when a query waits for it, when it is old or
      // large enough, and at stop; otherwise groups come first (they hold requests). Once a flush
      // is under way, its parts and waiting groups take turns.
      const bool index_due =
          pending_index() &&
          (requested() || std::chrono::steady_clock::now() >= due ||
           (!flush_active_ && index_.statements >= options_.index_flush_statements) ||
           (stopping_ && queue_.empty()));
      const bool group_first =
          !queue_.empty() && flush_active_ && !needs_recovery_ && !part_due_ && !requested();
      if (index_due && !group_first) {
        index_work = true;
        recover = needs_recovery_;
      } else if (queue_.empty()) {
        if (stopping_ && !pending_index()) return;  // everything queued is stored and indexed
        continue;
      } else {
        std::size_t statements = 0;
        while (!queue_.empty() && group.size() < options_.max_batches &&
               (group.empty() ||
                statements + queue_.front()->batch.statements.size() <= options_.max_statements)) {
          statements += queue_.front()->batch.statements.size();
          group.push_back(queue_.front());
          queue_.pop_front();
        }
        // Statements of this group get stored times from now on; everything stored before is
        // committed (one writer, one group at a time).
        in_flight_since_ = ctx_.clock.Now();
      }
    }
    if (index_work) {
      // A recovery pending (it failed at start, or a failed group may have committed) comes
      // first: writing index_ alone would raise the watermark above statements without terms.
      const bool done = recover ? Recover() : FlushStep();
      if (!done) {
        std::lock_guard lock(mu_);
        // Retried after index_flush_after; queries wait at most index_wait meanwhile. At stop
        // the terms stay missing above the watermark: the next start derives them.
        requested_groups_ = indexed_groups_;
        index_since_ = std::chrono::steady_clock::now();
        flush_retry_at_ = index_since_ + options_.index_flush_after;
        if (stopping_ && queue_.empty()) return;
      }
      continue;
    }
    batches.reserve(group.size());
    for (Pending* p : group) batches.push_back(std::move(p->batch));
    DeferredIndex group_index;
    auto results = store.RunGroup(batches, &group_index, &cache_);
    // A transaction that failed may still have committed (an error at COMMIT): recovery then
    // derives whatever terms it left out.
    const bool unknown_outcome = std::any_of(results.begin(), results.end(), [](const auto& r) {
      return !r.ok() && r.status().code() != ErrorCode::kInvalidArgument &&
             r.status().code() != ErrorCode::kConflict;
    });
    const bool first_buffered = index_.empty() && !group_index.empty();
    if (first_buffered) index_since_ = std::chrono::steady_clock::now();
    index_.Append(std::move(group_index));
    part_due_ = flush_active_;
    std::lock_guard lock(mu_);
    ++committed_groups_;
    if (unknown_outcome && !needs_recovery_) {
      needs_recovery_ = true;
      index_since_ = std::chrono::steady_clock::now() - options_.index_flush_after;
    }
    if (first_buffered) buffered_since_ = in_flight_since_;
    if (!index_.empty() || flush_active_ || needs_recovery_) {
      if (!unindexed_since_) unindexed_since_ = in_flight_since_;
    } else {
      indexed_groups_ = committed_groups_;  // nothing of it to index (identical re-sends)
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
      // Each batch goes back to its request, whose thread frees it: the writer is the
      // bottleneck, the request threads are many.
      group[i]->batch = std::move(batches[i]);
      group[i]->result = std::move(results[i]);
      // Notified under the lock: once it sees its result, the request returns and its Pending
      // (on the request's stack) is gone.
      group[i]->done.notify_one();
    }
    in_flight_since_.reset();
  }
}

}  // namespace reskill::app::lrs
