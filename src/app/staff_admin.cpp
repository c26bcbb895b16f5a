#include "app/staff_admin.hpp"

#include "app/auth.hpp"
#include "common/strings.hpp"

namespace reskill::app {

namespace {

using domain::programs::Role;

std::string IdText(std::int64_t id) {
  return std::to_string(id);
}

}  // namespace

StatusOr<Tenant> AddTenant::Run(std::string_view slug, std::string_view name,
                                const RequestInfo& request) const {
  RESKILL_RETURN_IF_ERROR(domain::programs::ValidateTenantSlug(slug));
  RESKILL_RETURN_IF_ERROR(domain::programs::ValidateDisplayName(name));
  Tenant tenant;
  tenant.id = TenantId(ctx_.ids.Next());
  tenant.slug = std::string(slug);
  tenant.name = std::string(Trim(name));
  tenant.created_at = ctx_.clock.Now();
  Principal system;
  system.kind = domain::audit::ActorKind::kSystem;
  system.actor_id = "cli";
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.tenants().Insert(tenant));
    return uow.audit().Append(MakeAuditEvent(ctx_, system, tenant.id, request, "tenant.create",
                                             "tenant", IdText(tenant.id.value())));
  }));
  return tenant;
}

StatusOr<StaffUser> AddStaffUser::Run(const Principal& actor, TenantId tenant,
                                      const NewStaffUser& input, const RequestInfo& request) const {
  RESKILL_ASSIGN_OR_RETURN(std::string email, domain::programs::NormalizeEmail(input.email));
  RESKILL_RETURN_IF_ERROR(
      domain::programs::ValidateDisplayName(input.display_name, "display_name"));
  RESKILL_RETURN_IF_ERROR(domain::programs::ValidateRoles(input.roles));
  RESKILL_RETURN_IF_ERROR(domain::programs::ValidateLocale(input.locale));
  RESKILL_RETURN_IF_ERROR(domain::programs::ValidatePassword(input.password));
  RESKILL_ASSIGN_OR_RETURN(std::string hash, ctx_.passwords.Hash(input.password));

  StaffUser user;
  user.tenant_id = tenant;
  user.id = StaffId(ctx_.ids.Next());
  user.email = std::move(email);
  user.display_name = std::string(Trim(input.display_name));
  user.roles = input.roles;
  user.locale = input.locale;
  user.password_hash = std::move(hash);
  user.created_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto owner, uow.tenants().FindById(tenant));
    if (!owner) return NotFound("no such agency");
    RESKILL_RETURN_IF_ERROR(uow.staff().Insert(user));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, tenant, request, "staff.create", "staff",
                                             IdText(user.id.value()), "ok",
                                             "roles=" + user.roles.ToCsv()));
  }));
  return user;
}

StatusOr<StaffUser> UpdateStaffUser::Run(const Principal& actor, StaffId id,
                                         const StaffUserPatch& patch,
                                         const RequestInfo& request) const {
  if (patch.display_name) {
    RESKILL_RETURN_IF_ERROR(
        domain::programs::ValidateDisplayName(*patch.display_name, "display_name"));
  }
  if (patch.roles) RESKILL_RETURN_IF_ERROR(domain::programs::ValidateRoles(*patch.roles));
  if (patch.locale) RESKILL_RETURN_IF_ERROR(domain::programs::ValidateLocale(*patch.locale));
  std::optional<std::string> new_hash;
  if (patch.password) {
    RESKILL_RETURN_IF_ERROR(domain::programs::ValidatePassword(*patch.password));
    RESKILL_ASSIGN_OR_RETURN(new_hash, ctx_.passwords.Hash(*patch.password));
  }

  StaffUser result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.staff().FindByIdForUpdate(actor.tenant_id, id));
    if (!found) return NotFound("no such staff user");
    StaffUser user = *found;
    std::string changed;
    const auto note = [&changed](std::string_view name) {
      if (!changed.empty()) changed += ',';
      changed += name;
    };
    if (patch.display_name && Trim(*patch.display_name) != user.display_name) {
      user.display_name = std::string(Trim(*patch.display_name));
      note("display_name");
    }
    if (patch.roles && *patch.roles != user.roles) {
      user.roles = *patch.roles;
      note("roles");
    }
    if (patch.disabled && *patch.disabled != user.disabled) {
      user.disabled = *patch.disabled;
      note("disabled");
    }
    if (patch.locale && *patch.locale != user.locale) {
      user.locale = *patch.locale;
      note("locale");
    }
    if (new_hash) {
      user.password_hash = *new_hash;
      note("password");
    }
    if (patch.unlock && (user.locked_until || user.failed_sign_ins != 0)) {
      user.locked_until.reset();
      user.failed_sign_ins = 0;
      user.last_failed_sign_in_at.reset();
      note("unlock");
    }
    const bool was_admin = found->roles.Has(Role::kAdmin) && !found->disabled;
    const bool is_admin = user.roles.Has(Role::kAdmin) && !user.disabled;
    if (was_admin && !is_admin) {
      RESKILL_ASSIGN_OR_RETURN(auto admins,
                               uow.staff().CountEnabledWithRole(actor.tenant_id, Role::kAdmin));
      if (admins <= 1) {
        return FailedPrecondition("an agency keeps at least one enabled admin", "roles");
      }
    }
    if (!changed.empty()) {
      RESKILL_RETURN_IF_ERROR(uow.staff().Update(user));
      if (user.disabled || new_hash) {
        RESKILL_RETURN_IF_ERROR(uow.sessions().DeleteForStaff(actor.tenant_id, user.id));
      }
      RESKILL_RETURN_IF_ERROR(
          uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "staff.update",
                                            "staff", IdText(user.id.value()), "ok", changed)));
    }
    result = std::move(user);
    return Status::Ok();
  }));
  return result;
}

StatusOr<std::vector<StaffUser>> ReadStaff::List(const Principal& actor) const {
  std::vector<StaffUser> users;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(users, uow.staff().List(actor.tenant_id));
    return Status::Ok();
  }));
  return users;
}

StatusOr<StaffUser> ReadStaff::Get(const Principal& actor, StaffId id) const {
  std::optional<StaffUser> user;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(user, uow.staff().FindById(actor.tenant_id, id));
    return Status::Ok();
  }));
  if (!user) return NotFound("no such staff user");
  return *user;
}

StatusOr<CreatedApiToken> ManageApiTokens::Create(const Principal& actor, std::string_view name,
                                                  std::optional<int> expires_in_days,
                                                  const RequestInfo& request) const {
  RESKILL_RETURN_IF_ERROR(domain::programs::ValidateDisplayName(name, "name"));
  if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > 366)) {
    return InvalidArgument("expires_in_days is between 1 and 366", "expires_in_days");
  }
  CreatedApiToken created;
  const std::string secret = ctx_.tokens.NewToken();
  ApiToken& token = created.token;
  token.tenant_id = actor.tenant_id;
  token.id = ApiTokenId(ctx_.ids.Next());
  token.staff_id = actor.staff_id;
  token.name = std::string(Trim(name));
  token.token_hash = ctx_.tokens.HashToken(secret);
  token.created_at = ctx_.clock.Now();
  if (expires_in_days) token.expires_at = token.created_at + std::chrono::days(*expires_in_days);
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.api_tokens().Insert(token));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "api_token.create", "api_token",
                                             IdText(token.id.value())));
  }));
  created.secret = std::string(kApiTokenPrefix) + IdText(actor.tenant_id.value()) + "_" + secret;
  return created;
}

StatusOr<std::vector<ApiToken>> ManageApiTokens::List(const Principal& actor) const {
  std::vector<ApiToken> tokens;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tokens,
                             uow.api_tokens().ListForStaff(actor.tenant_id, actor.staff_id));
    return Status::Ok();
  }));
  return tokens;
}

Status ManageApiTokens::Revoke(const Principal& actor, ApiTokenId id,
                               const RequestInfo& request) const {
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto token, uow.api_tokens().FindById(actor.tenant_id, id));
    if (!token || (token->staff_id != actor.staff_id && !actor.roles.Has(Role::kAdmin))) {
      return NotFound("no such API token");
    }
    if (token->revoked_at) return Status::Ok();
    RESKILL_RETURN_IF_ERROR(uow.api_tokens().Revoke(actor.tenant_id, id, ctx_.clock.Now()));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "api_token.revoke", "api_token", IdText(id.value())));
  });
}

StatusOr<std::vector<AuditEvent>> ReadAuditLog::Run(const Principal& actor,
                                                    const AuditQuery& query) const {
  if (query.limit < 1 || query.limit > 500) {
    return InvalidArgument("limit is between 1 and 500", "limit");
  }
  std::vector<AuditEvent> events;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(events, uow.audit().List(actor.tenant_id, query));
    return Status::Ok();
  }));
  return events;
}

}  // namespace reskill::app
