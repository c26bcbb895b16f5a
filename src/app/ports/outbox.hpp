// The e-mail outbox port. A use case that causes an e-mail (an invitation, a reminder) queues it
// in the same transaction as the change that causes it, through QueueEmail(); a delivery job
// sends what is due and records the outcome. Recipients and bodies are contact data: the row
// keeps them only sealed with the ContactCipher, next to a kind, a status and a dedupe key.
// An Outbox belongs to one UnitOfWork (one thread, one transaction), like every repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
  /// Pending messages of every tenant whose next attempt is due at `now`, oldest due first.
  virtual StatusOr<std::vector<OutboxMessage>> Due(Timestamp now, int limit) = 0;
  /// Takes `message` (as read by Due) for one attempt: counts the attempt and moves its next
  /// attempt to `lease_until`, so no other sender takes it meanwhile (and a sender that dies
  /// mid-send leaves it to be retried then). False when another sender took it first.
  virtual StatusOr<bool> Claim(const OutboxMessage& message, Timestamp lease_until) = 0;
  virtual Status MarkSent(TenantId tenant, OutboxMessageId id, Timestamp at) = 0;
  /// Records that the claimed attempt failed: pending again at `retry_at`, or failed for good
  /// when absent. `error` must not contain addresses.
  virtual Status MarkAttemptFailed(TenantId tenant, OutboxMessageId id, std::string error,
                                   std::optional<Timestamp> retry_at) = 0;
  /// The tenant's messages, newest first (keyset paging: ids below `before` when given).
  virtual StatusOr<std::vector<OutboxMessage>> List(TenantId tenant, int limit,
                                                    std::optional<OutboxMessageId> before) = 0;
  /// How many messages of the tenant are in `status`.
  virtual StatusOr<std::int64_t> Count(TenantId tenant, OutboxStatus status) = 0;
};

/// "pending", "sent", "failed" (stored values: do not rename).
std::string_view OutboxStatusName(OutboxStatus status);
/// The status named `name`; nullopt for anything else.
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name);

/// Seals `email` and queues it through `uow.outbox()` in the caller's transaction (what every use
/// case calls). Returns false when its dedupe key was already queued.
/// kInvalidArgument when the e-mail lacks a tenant, kind, dedupe key, recipient or subject, or
/// when a header field holds a line break.
StatusOr<bool> QueueEmail(const AppContext& ctx, UnitOfWork& uow, const Email& email);

/// The envelope's plaintext: every field of `email`, length-prefixed (what QueueEmail seals).
std::string SerializeEmail(const Email& email);
/// The e-mail serialized by SerializeEmail; kInternal when `text` is not one.
StatusOr<Email> ParseEmail(std::string_view text);

}  // namespace reskill::app
