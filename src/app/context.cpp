#include "app/context.hpp"

namespace reskill::app {

AuditEvent MakeAuditEvent(const AppContext& ctx, const Principal& principal, TenantId tenant,
                          const RequestInfo& request, std::string action, std::string target_type,
                          std::string target_id, std::string outcome, std::string detail) {
  AuditEvent e;
  e.tenant_id = tenant;
  e.id = AuditEventId(ctx.ids.Next());
  e.at = ctx.clock.Now();
  e.actor_kind = principal.kind;
  e.actor_id = principal.actor_id;
  e.action = std::move(action);
  e.target_type = std::move(target_type);
  e.target_id = std::move(target_id);
  e.request_id = request.request_id;
  e.outcome = std::move(outcome);
  e.detail = std::move(detail);
  return e;
}

}  // namespace reskill::app
