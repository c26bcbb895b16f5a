#include "app/auth.hpp"

#include <charconv>

namespace reskill::app {

namespace {

using domain::audit::ActorKind;

constexpr std::string_view kBadCredentials = "wrong agency, e-mail or password";

Principal PrincipalFor(const StaffUser& user, const Tenant& tenant, ActorKind kind) {
  Principal p;
  p.tenant_id = user.tenant_id;
  p.staff_id = user.id;
  p.roles = user.roles;
  p.kind = kind;
  p.actor_id = std::to_string(user.id.value());
  p.display_name = user.display_name;
  p.email = user.email;
  p.locale = user.locale;
  p.tenant_slug = tenant.slug;
  p.tenant_name = tenant.name;
  return p;
}

// Parses "<digits><sep><rest>" into the tenant id and the rest.
bool SplitTenantPrefixed(std::string_view text, char sep, TenantId& tenant,
                         std::string_view& rest) {
  const auto pos = text.find(sep);
  if (pos == std::string_view::npos || pos == 0 || pos + 1 >= text.size()) return false;
  std::int64_t id = 0;
  const auto r = std::from_chars(text.data(), text.data() + pos, id);
  if (r.ec != std::errc() || r.ptr != text.data() + pos || id <= 0) return false;
  tenant = TenantId(id);
  rest = text.substr(pos + 1);
  return true;
}

}  // namespace

StatusOr<SignInResult> SignIn::Run(const SignInInput& input, const RequestInfo& request) const {
  if (input.tenant_slug.empty()) return InvalidArgument("agency is required", "tenant");
  // A malformed slug cannot name an agency; answer like any wrong credential.
  if (!domain::programs::ValidateTenantSlug(input.tenant_slug).ok()) {
    return Unauthenticated(std::string(kBadCredentials));
  }
  if (input.email.empty()) return InvalidArgument("e-mail is required", "email");
  if (input.password.empty()) return InvalidArgument("password is required", "password");
  if (input.password.size() > domain::programs::kMaxPasswordLength) {
    return Unauthenticated(std::string(kBadCredentials));
  }

  std::optional<Tenant> tenant;
  std::optional<StaffUser> user;
  const auto email = domain::programs::NormalizeEmail(input.email);
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(input.tenant_slug));
    if (tenant && email.ok()) {
      RESKILL_ASSIGN_OR_RETURN(user, uow.staff().FindByEmail(tenant->id, *email));
    }
    return Status::Ok();
  }));

  const Timestamp now = ctx_.clock.Now();
  if (!user) {
    // Spend the same time as a real check so that timing does not reveal which accounts exist.
    ctx_.passwords.VerifyDummy(input.password);
    if (tenant) {
      Principal anonymous;
      (void)ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) {
        return uow.audit().Append(MakeAuditEvent(ctx_, anonymous, tenant->id, request,
                                                 "session.sign_in_failed", "", "",
                                                 "unauthenticated", "unknown account"));
      });
    }
    return Unauthenticated(std::string(kBadCredentials));
  }

  const auto& policy = ctx_.security.sign_in;
  const bool locked = user->locked_until && *user->locked_until > now;
  const bool slowed = !locked && user->last_failed_sign_in_at &&
                      domain::programs::NextSignInAllowedAt(policy, user->failed_sign_ins,
                                                            *user->last_failed_sign_in_at) > now;
  if (locked || slowed) {
    Principal anonymous;
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) {
      return uow.audit().Append(MakeAuditEvent(
          ctx_, anonymous, tenant->id, request, "session.sign_in_refused", "staff",
          std::to_string(user->id.value()), "resource_exhausted", locked ? "locked" : "slowed"));
    }));
    if (locked) {
      return ResourceExhausted("too many failed sign-ins: this account is locked until " +
                               FormatIso8601(*user->locked_until));
    }
    return ResourceExhausted("too many failed sign-ins: wait a few seconds and try again");
  }

  const bool password_ok = ctx_.passwords.Verify(user->password_hash, input.password);
  Principal actor = PrincipalFor(*user, *tenant, ActorKind::kStaff);
  if (!password_ok || user->disabled) {
    Status st = ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(auto fresh, uow.staff().FindByIdForUpdate(tenant->id, user->id));
      if (!fresh) return Status::Ok();
      if (!password_ok) {
        fresh->failed_sign_ins += 1;
        fresh->last_failed_sign_in_at = now;
        if (fresh->failed_sign_ins >= policy.max_failures) {
          fresh->locked_until = now + policy.lockout;
          fresh->failed_sign_ins = 0;
        }
        RESKILL_RETURN_IF_ERROR(uow.staff().Update(*fresh));
      }
      Principal anonymous;
      return uow.audit().Append(MakeAuditEvent(
          ctx_, anonymous, tenant->id, request, "session.sign_in_failed", "staff",
          std::to_string(user->id.value()), password_ok ? "permission_denied" : "unauthenticated",
          password_ok ? "account disabled" : "wrong password"));
    });
    RESKILL_RETURN_IF_ERROR(st);
    return Unauthenticated(std::string(kBadCredentials));
  }

  SignInResult result;
  const std::string token = ctx_.tokens.NewToken();
  Session session;
  session.tenant_id = tenant->id;
  session.token_hash = ctx_.tokens.HashToken(token);
  session.staff_id = user->id;
  session.csrf_token = ctx_.tokens.NewToken();
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + ctx_.security.session_ttl;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto fresh, uow.staff().FindByIdForUpdate(tenant->id, user->id));
    if (!fresh) return Unauthenticated(std::string(kBadCredentials));
    if (fresh->failed_sign_ins != 0 || fresh->locked_until || fresh->last_failed_sign_in_at) {
      fresh->failed_sign_ins = 0;
      fresh->locked_until.reset();
      fresh->last_failed_sign_in_at.reset();
      RESKILL_RETURN_IF_ERROR(uow.staff().Update(*fresh));
    }
    RESKILL_RETURN_IF_ERROR(uow.sessions().Insert(session));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, tenant->id, request, "session.sign_in",
                                             "staff", actor.actor_id));
  }));
  result.cookie_value = std::to_string(tenant->id.value()) + "." + token;
  result.csrf_token = session.csrf_token;
  result.expires_at = session.expires_at;
  result.principal = actor;
  result.principal.csrf_token = session.csrf_token;
  result.principal.session_hash = session.token_hash;
  return result;
}

Status SignOut::Run(const Principal& principal, const RequestInfo& request) const {
  if (principal.session_hash.empty()) return Status::Ok();
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.sessions().Delete(principal.tenant_id, principal.session_hash));
    return uow.audit().Append(MakeAuditEvent(ctx_, principal, principal.tenant_id, request,
                                             "session.sign_out", "staff", principal.actor_id));
  });
}

StatusOr<Principal> Authenticate::Session(std::string_view cookie_value) const {
  TenantId tenant;
  std::string_view token;
  if (!SplitTenantPrefixed(cookie_value, '.', tenant, token)) {
    return Unauthenticated("session is not valid; sign in again");
  }
  const std::string hash = ctx_.tokens.HashToken(token);
  std::optional<SessionView> view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(view, uow.sessions().Find(tenant, hash));
    return Status::Ok();
  }));
  const Timestamp now = ctx_.clock.Now();
  if (!view || view->user.disabled || view->session.expires_at <= now ||
      view->session.last_seen_at + ctx_.security.session_idle_timeout <= now) {
    return Unauthenticated("session has expired; sign in again");
  }
  // Refresh the idle timer at most once a minute, so reads stay reads.
  if (now - view->session.last_seen_at > std::chrono::minutes(1)) {
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(
        TxMode::kWrite, [&](UnitOfWork& uow) { return uow.sessions().Touch(tenant, hash, now); }));
  }
  Principal p = PrincipalFor(view->user, view->tenant, ActorKind::kStaff);
  p.csrf_token = view->session.csrf_token;
  p.session_hash = hash;
  return p;
}

StatusOr<Principal> Authenticate::Token(std::string_view bearer) const {
  TenantId tenant;
  std::string_view secret;
  if (!bearer.starts_with(kApiTokenPrefix) ||
      !SplitTenantPrefixed(bearer.substr(kApiTokenPrefix.size()), '_', tenant, secret)) {
    return Unauthenticated("API token is not valid");
  }
  const std::string hash = ctx_.tokens.HashToken(secret);
  std::optional<ApiToken> token;
  std::optional<StaffUser> user;
  std::optional<Tenant> owner;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(token, uow.api_tokens().FindByHash(tenant, hash));
    if (!token) return Status::Ok();
    RESKILL_ASSIGN_OR_RETURN(user, uow.staff().FindById(tenant, token->staff_id));
    RESKILL_ASSIGN_OR_RETURN(owner, uow.tenants().FindById(tenant));
    return Status::Ok();
  }));
  const Timestamp now = ctx_.clock.Now();
  if (!token || !user || !owner || user->disabled || token->revoked_at ||
      (token->expires_at && *token->expires_at <= now)) {
    return Unauthenticated("API token is not valid");
  }
  if (!token->last_used_at || now - *token->last_used_at > std::chrono::minutes(1)) {
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) {
      return uow.api_tokens().TouchUsed(tenant, token->id, now);
    }));
  }
  Principal p = PrincipalFor(*user, *owner, ActorKind::kApiToken);
  p.actor_id = "token:" + std::to_string(token->id.value());
  return p;
}

}  // namespace reskill::app
