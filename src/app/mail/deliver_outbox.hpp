// The outbox delivery use case: sends every message that is due through a Mailer, outside any
// transaction, with retries and exponential backoff. Safe to run from several processes at once:
// each message is claimed before it is sent. One DeliverOutbox is used by one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "app/context.hpp"
#include "app/ports/mailer.hpp"

namespace reskill::app {

/// How delivery retries (from config: mail.*).
struct DeliveryPolicy {
  int max_attempts = 8;                      ///< Attempts before a message is given up.
  std::chrono::seconds retry_base{60};       ///< Wait after the first failure; doubles each time.
  std::chrono::seconds retry_max{6 * 3600};  ///< Longest wait between attempts.
  std::chrono::seconds lease{300};           ///< A claimed message is retried after this if its
                                             ///< sender never reports back (it died mid-send).
  int batch_size = 100;                      ///< Messages read per batch.
};

/// What one pass did.
struct DeliveryReport {
  int sent = 0;
  int retried = 0;    ///< Failed attempts that will be retried.
  int failed = 0;     ///< Messages given up for good in this pass.
  int contended = 0;  ///< Messages another sender claimed first.
};

/// One message's attempt, for the caller's log (never an address).
struct DeliveryOutcome {
  TenantId tenant_id;
  OutboxMessageId id;
  std::string kind;
  int attempts = 0;  ///< Including this one.
  enum class Result { kSent, kRetry, kFailed } result = Result::kSent;
  std::string error;  ///< The transport's reason when not sent.
};

/// The wait after the `attempts`-th failed attempt (1-based): base · 2^(attempts−1), capped.
std::chrono::seconds RetryDelay(const DeliveryPolicy& policy, int attempts);

class DeliverOutbox {
 public:
  using Observer = std::function<void(const DeliveryOutcome&)>;

  /// `observer` (may be empty) hears every attempt, on the calling thread.
  DeliverOutbox(const AppContext& ctx, Mailer& mailer, DeliveryPolicy policy,
                Observer observer = {})
      : ctx_(ctx), mailer_(mailer), policy_(policy), observer_(std::move(observer)) {}

  /// Sends every message due now, batch after batch, until none is due. A failed send is
  /// recorded on the message (and told to the observer), not returned; errors are the
  /// database's (kUnavailable, kInternal).
  StatusOr<DeliveryReport> Run();

 private:
  const AppContext& ctx_;
  Mailer& mailer_;
  DeliveryPolicy policy_;
  Observer observer_;
};

}  // namespace reskill::app
