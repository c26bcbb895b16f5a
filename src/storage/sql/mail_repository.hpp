// The e-mail outbox over SqlConnection, once for both engines (queries/mail.sql, migration 0006).
// Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/outbox.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlOutbox final : public app::Outbox {
 public:
  SqlOutbox(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<bool> Enqueue(const app::OutboxMessage& message) override;
  StatusOr<std::vector<app::OutboxMessage>> Due(Timestamp now, int limit) override;
  StatusOr<bool> Claim(const app::OutboxMessage& message, Timestamp lease_until) override;
  Status MarkSent(TenantId tenant, app::OutboxMessageId id, Timestamp at) override;
  Status MarkAttemptFailed(TenantId tenant, app::OutboxMessageId id, std::string error,
                           std::optional<Timestamp> retry_at) override;
  StatusOr<std::vector<app::OutboxMessage>> List(
      TenantId tenant, int limit, std::optional<app::OutboxMessageId> before) override;
  StatusOr<std::int64_t> Count(TenantId tenant, app::OutboxStatus status) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
