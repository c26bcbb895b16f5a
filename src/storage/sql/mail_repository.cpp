#include "storage/sql/mail_repository.hpp"

#include <limits>

namespace reskill::storage {

namespace {

using app::OutboxMessage;
using app::OutboxMessageId;
using app::OutboxStatus;

// Columns as in select_outbox_due.
OutboxMessage MessageFrom(const SqlRow& r) {
  OutboxMessage m;
  m.tenant_id = TenantId(r.Int(0));
  m.id = OutboxMessageId(r.Int(1));
  m.kind = r.Text(2);
  m.dedupe_key = r.Text(3);
  m.envelope = r.Text(4);
  m.status = app::ParseOutboxStatus(r.Text(5)).value_or(OutboxStatus::kFailed);
  m.attempts = static_cast<int>(r.Int(6));
  m.created_at = r.Time(7);
  m.next_attempt_at = r.Time(8);
  m.sent_at = r.OptTime(9);
  m.last_error = r.Text(10);
  return m;
}

std::vector<OutboxMessage> MessagesFrom(const SqlRows& rows) {
  std::vector<OutboxMessage> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(MessageFrom(r));
  return out;
}

Status ExpectOneRow(StatusOr<std::int64_t> changed) {
  if (!changed.ok()) return changed.status();
  if (*changed != 1) return NotFound("no such outbox message");
  return Status::Ok();
}

}  // namespace

StatusOr<bool> SqlOutbox::Enqueue(const OutboxMessage& m) {
  RESKILL_ASSIGN_OR_RETURN(
      std::int64_t changed,
      conn_.Execute(q_.Get("insert_outbox_message"),
                    {m.tenant_id.value(), m.id.value(), m.kind, m.dedupe_key, m.envelope,
                     TimeValue(m.created_at), TimeValue(m.next_attempt_at)}));
  return changed == 1;
}

StatusOr<std::vector<OutboxMessage>> SqlOutbox::Due(Timestamp now, int limit) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_outbox_due"), {TimeValue(now), std::int64_t{limit}}));
  return MessagesFrom(rows);
}

StatusOr<bool> SqlOutbox::Claim(const OutboxMessage& m, Timestamp lease_until) {
  RESKILL_ASSIGN_OR_RETURN(std::int64_t changed,
                           conn_.Execute(q_.Get("claim_outbox_message"),
                                         {TimeValue(lease_until), m.tenant_id.value(), m.id.value(),
                                          std::int64_t{m.attempts}, TimeValue(m.next_attempt_at)}));
  return changed == 1;
}

Status SqlOutbox::MarkSent(TenantId tenant, OutboxMessageId id, Timestamp at) {
  return ExpectOneRow(
      conn_.Execute(q_.Get("update_outbox_sent"), {TimeValue(at), tenant.value(), id.value()}));
}

Status SqlOutbox::MarkAttemptFailed(TenantId tenant, OutboxMessageId id, std::string error,
                                    std::optional<Timestamp> retry_at) {
  if (retry_at) {
    return ExpectOneRow(
        conn_.Execute(q_.Get("update_outbox_retry"),
                      {std::move(error), TimeValue(*retry_at), tenant.value(), id.value()}));
  }
  return ExpectOneRow(conn_.Execute(q_.Get("update_outbox_failed"),
                                    {std::move(error), tenant.value(), id.value()}));
}

StatusOr<std::vector<OutboxMessage>> SqlOutbox::List(TenantId tenant, int limit,
                                                     std::optional<OutboxMessageId> before) {
  const std::int64_t below = before ? before->value() : std::numeric_limits<std::int64_t>::max();
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_outbox_by_tenant"),
                                                  {tenant.value(), below, std::int64_t{limit}}));
  return MessagesFrom(rows);
}

StatusOr<std::int64_t> SqlOutbox::Count(TenantId tenant, OutboxStatus status) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("count_outbox_by_status"),
                             {tenant.value(), std::string(app::OutboxStatusName(status))}));
  return rows.empty() ? 0 : rows.front().Int(0);
}

}  // namespace reskill::storage
