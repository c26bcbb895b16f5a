#include "app/mail/deliver_outbox.hpp"

#include <algorithm>
#include <string>

namespace reskill::app {

std::chrono::seconds RetryDelay(const DeliveryPolicy& policy, int attempts) {
  auto delay = policy.retry_base;
  for (int i = 1; i < attempts && delay < policy.retry_max; ++i) delay *= 2;
  return std::min(delay, policy.retry_max);
}

StatusOr<DeliveryReport> DeliverOutbox::Run() {
  DeliveryReport report;
  // Every claimed message leaves the due set (its next attempt moves to the lease's end or to
  // its retry time, both after `now`), so each batch is new and the loop ends.
  for (;;) {
    const Timestamp now = ctx_.clock.Now();
    std::vector<OutboxMessage> due;
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(due, uow.outbox().Due(now, policy_.batch_size));
      return Status::Ok();
    }));
    if (due.empty()) return report;
    int progressed = 0;
    for (const OutboxMessage& m : due) {
      bool claimed = false;
      RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
        RESKILL_ASSIGN_OR_RETURN(claimed, uow.outbox().Claim(m, now + policy_.lease));
        return Status::Ok();
      }));
      if (!claimed) {
        ++report.contended;
        continue;
      }
      ++progressed;
      const int attempts = m.attempts + 1;
      Status sent;
      auto opened = ctx_.contacts.Open(m.envelope);
      auto email = opened.ok() ? ParseEmail(*opened) : StatusOr<Email>(opened.status());
      if (!email.ok()) {
        // A damaged envelope or a lost key: no retry can help.
        sent = FailedPrecondition("the message cannot be opened with the contact key");
      } else {
        const std::string key =
            "reskill." + std::to_string(m.tenant_id.value()) + "." + std::to_string(m.id.value());
        sent = mailer_.Send(*email, key, ctx_.clock.Now());
      }
      const Timestamp after = ctx_.clock.Now();
      std::optional<Timestamp> retry_at;
      DeliveryOutcome outcome{
          m.tenant_id,          m.id, m.kind, attempts, DeliveryOutcome::Result::kSent,
          sent.public_message()};
      if (sent.ok()) {
        ++report.sent;
        outcome.error.clear();
      } else if (sent.code() == ErrorCode::kUnavailable && attempts < policy_.max_attempts) {
        ++report.retried;
        retry_at = after + RetryDelay(policy_, attempts);
        outcome.result = DeliveryOutcome::Result::kRetry;
      } else {
        ++report.failed;
        outcome.result = DeliveryOutcome::Result::kFailed;
      }
      if (observer_) observer_(outcome);
      RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
        if (sent.ok()) return uow.outbox().MarkSent(m.tenant_id, m.id, after);
        return uow.outbox().MarkAttemptFailed(m.tenant_id, m.id, sent.public_message(), retry_at);
      }));
    }
    if (progressed == 0) return report;
  }
}

}  // namespace reskill::app
