// The e-mail outbox port. A use case that causes an e-mail (an invitation, a reminder) queues it
// in the same transaction as the change that causes it, through QueueEmail(); a delivery job
// sends what is due and records the outcome. Recipients and bodies are contact data: the row
// keeps them only sealed with the ContactCipher, next to a kind, a status and a dedupe key.
// An Outbox belongs to one UnitOfWork (one thread, one transaction), like every repository.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

struct AppContext;
class UnitOfWork;

using OutboxMessageId = Id<struct OutboxMessageTag>;

/// An e-mail as a use case writes it. Nothing here is stored in clear except `kind` and
/// `dedupe_key`, so neither may contain personal data.
struct Email {
  TenantId tenant_id;
  std::string kind;        ///< What it is, for counts and the outbox page: "invitation", …
  std::string dedupe_key;  ///< Unique per tenant, e.g. "invitation:<licence id>:<n>" or
                           ///< "reminder.not_activated:<period>:<licence id>"; queueing a key
                           ///< that is already queued or sent changes nothing.
  std::string to_address;
  std::string to_name;
  std::string locale;  ///< "en" or "es": the language the text was written in.
  std::string subject;
  std::string text_body;
  std::string html_body;  ///< Optional alternative part.
};

enum class OutboxStatus { kPending, kSent, kFailed };

/// A queued message as stored.
struct OutboxMessage {
  TenantId tenant_id;
  OutboxMessageId id;
  std::string kind;
  std::string dedupe_key;
  std::string envelope;  ///< ContactCipher::Seal of the serialized Email.
  OutboxStatus status = OutboxStatus::kPending;
  int attempts = 0;
  Timestamp created_at;
  Timestamp next_attempt_at;
  std::optional<Timestamp> sent_at;
  std::string last_error;  ///< The transport's reason, without addresses.
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  /// Adds `message` (status pending) in the caller's transaction. False, and nothing written,
  /// when the tenant already has a message with this dedupe key.
  virtual StatusOr<bool> Enqueue(const OutboxMessage& message) = 0;
  /// Pending messages of every tenant whose next attempt is due at `now`, oldest first.
  virtual StatusOr<std::vector<OutboxMessage>> Due(Timestamp now, int limit) = 0;
  virtual Status MarkSent(TenantId tenant, OutboxMessageId id, Timestamp at) = 0;
  /// Records a failed attempt: pending again at `retry_at`, or failed for good when absent.
  virtual Status MarkAttemptFailed(TenantId tenant, OutboxMessageId id, std::string error,
                                   std::optional<Timestamp> retry_at) = 0;
  virtual StatusOr<std::vector<OutboxMessage>> List(TenantId tenant, int limit) = 0;
};

/// Seals `email` and queues it through `uow.outbox()` in the caller's transaction (what every use
/// case calls). Returns false when its dedupe key was already queued.
StatusOr<bool> QueueEmail(const AppContext& ctx, UnitOfWork& uow, const Email& email);

}  // namespace reskill::app
