#include "domain/audit/audit_event.hpp"

namespace reskill::domain::audit {

std::string_view ActorKindName(ActorKind kind) {
  switch (kind) {
    case ActorKind::kStaff: return "staff";
    case ActorKind::kApiToken: return "api_token";
    case ActorKind::kSystem: return "system";
    case ActorKind::kAnonymous: return "anonymous";
  }
  return "system";
}

}  // namespace reskill::domain::audit
