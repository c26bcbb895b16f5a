#include "app/lrs/statement_writer.hpp"

namespace reskill::app::lrs {

StatementWriter::StatementWriter(const AppContext& ctx, StatementWriterOptions options)
    : ctx_(ctx), options_(options) {}

StatementWriter::~StatementWriter() {
  Stop();
}

void StatementWriter::Start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  running_ = true;
  stopping_ = false;
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
}

StatusOr<std::vector<std::string>> StatementWriter::Write(StatementBatch batch) {
  Pending pending{std::move(batch), std::nullopt, {}};
  {
    std::unique_lock lock(mu_);
    if (!running_ || stopping_) {
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

Timestamp StatementWriter::ConsistentThrough() const {
  std::lock_guard lock(mu_);
  if (in_flight_since_) return *in_flight_since_ - std::chrono::milliseconds(1);
  return ctx_.clock.Now();
}

void StatementWriter::Loop() {
  StoreStatements store(ctx_);
  for (;;) {
    std::vector<Pending*> group;
    std::vector<StatementBatch> batches;
    {
      std::unique_lock lock(mu_);
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is stored
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
    batches.reserve(group.size());
    for (Pending* p : group) batches.push_back(std::move(p->batch));
    auto results = store.RunGroup(batches);
    std::lock_guard lock(mu_);
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
