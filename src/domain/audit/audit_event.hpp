// The audit record: who did what to which record, when, from which request.
// It never holds secrets or personal data values — only ids, action names and outcomes.
#pragma once

#include <string>

#include "common/ids.hpp"
#include "common/time.hpp"

namespace reskill::domain::audit {

/// Who acted. Persisted by name: do not rename.
enum class ActorKind { kStaff, kApiToken, kSystem, kAnonymous };

std::string_view ActorKindName(ActorKind kind);

struct AuditEvent {
  TenantId tenant_id;
  AuditEventId id;
  Timestamp at;
  ActorKind actor_kind = ActorKind::kSystem;
  std::string actor_id;     ///< Staff id, token id or job name; empty when anonymous.
  std::string action;       ///< Dotted verb, e.g. "staff.create", "session.sign_in_failed".
  std::string target_type;  ///< e.g. "staff", "client"; empty when none.
  std::string target_id;
  std::string request_id;  ///< Correlates with log lines; empty for CLI/jobs.
  std::string outcome;     ///< "ok" or an ErrorCode name.
  std::string detail;      ///< Non-personal context, e.g. changed field names "roles,disabled".
};

}  // namespace reskill::domain::audit
