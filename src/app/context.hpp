// What every use case receives: the ports (AppContext), who is acting (Principal) and the
// request it serves (RequestInfo). AppContext is built once by the composition root.
#pragma once

#include <string>

#include "app/ports/clock.hpp"
#include "app/ports/crypto.hpp"
#include "app/ports/database.hpp"
#include "app/ports/id_generator.hpp"
#include "domain/audit/audit_event.hpp"
#include "domain/programs/roles.hpp"
#include "domain/programs/staff.hpp"

namespace reskill::app {

class LrsCredentialCache;
namespace lrs {
class StatementWriter;
}

/// Security settings the use cases apply (from config/).
struct SecurityPolicy {
  std::chrono::minutes session_ttl{8 * 60};       ///< Absolute session lifetime.
  std::chrono::minutes session_idle_timeout{60};  ///< Ends a session unused this long.
  domain::programs::SignInPolicy sign_in;
  /// Base of the single-use links e-mailed to clients (activation, consent signature), no
  /// trailing slash, e.g. "https://reskill.agency.example"; empty: relative links.
  std::string public_url;
};

/// The ports every use case may use. References stay valid for the server's lifetime.
struct AppContext {
  Database& db;
  Clock& clock;
  IdGenerator& ids;
  PasswordHasher& passwords;
  SecretTokens& tokens;
  ContactCipher& contacts;  ///< Seals contact data at rest (key file outside the database).
  SecurityPolicy security;
  /// Authenticated LRS credentials shared by this process's requests (xapi_platform/); null:
  /// every xAPI request reads its credentials from the store. Owned by the composition root.
  LrsCredentialCache* lrs_credentials = nullptr;
  /// The running writer of xAPI statements, whose query index lags its commits (docs/lrs.md):
  /// statement queries that read the index wait for it. Null when statements are stored with
  /// their index in the request's own transaction. Set by the composition root after Start().
  lrs::StatementWriter* statement_writer = nullptr;
};

/// Who is acting. Staff come from a session or an API token; anonymous callers have no tenant.
struct Principal {
  TenantId tenant_id;
  StaffId staff_id;
  domain::programs::RoleSet roles;
  domain::audit::ActorKind kind = domain::audit::ActorKind::kAnonymous;
  std::string actor_id;      ///< Staff id (or token id) as text, for the audit log.
  std::string csrf_token;    ///< Only for session principals.
  std::string session_hash;  ///< Only for session principals.
  std::string display_name;
  std::string email;
  std::string locale;
  std::string tenant_slug;
  std::string tenant_name;

  bool authenticated() const { return kind != domain::audit::ActorKind::kAnonymous; }
};

/// The request a use case serves, for the audit log.
struct RequestInfo {
  std::string request_id;
};

/// Builds an audit event for `principal` in `tenant` (ids only, never personal values).
AuditEvent MakeAuditEvent(const AppContext& ctx, const Principal& principal, TenantId tenant,
                          const RequestInfo& request, std::string action, std::string target_type,
                          std::string target_id, std::string outcome = "ok",
                          std::string detail = {});

}  // namespace reskill::app
