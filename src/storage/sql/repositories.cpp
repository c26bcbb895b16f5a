#include "storage/sql/repositories.hpp"

#include <limits>

namespace reskill::storage {

namespace {

using app::ApiToken;
using app::AuditEvent;
using app::Session;
using app::StaffUser;
using app::Tenant;

// Maps a unique-key violation to a field-level error; other errors pass through.
Status OnDuplicate(Status st, std::string message, std::string field) {
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists(std::move(message), std::move(field)).WithDetail(st.internal_detail());
  }
  return st;
}

Tenant TenantFrom(const SqlRow& r, std::size_t i) {
  Tenant t;
  t.id = TenantId(r.Int(i));
  t.slug = r.Text(i + 1);
  t.name = r.Text(i + 2);
  t.created_at = r.Time(i + 3);
  return t;
}

// Columns as in select_staff_user_by_id, starting at `i`.
StaffUser StaffFrom(const SqlRow& r, std::size_t i) {
  StaffUser u;
  u.tenant_id = TenantId(r.Int(i));
  u.id = StaffId(r.Int(i + 1));
  u.email = r.Text(i + 2);
  u.display_name = r.Text(i + 3);
  u.roles = domain::programs::RoleSet::FromCsv(r.Text(i + 4)).value_or(domain::programs::RoleSet{});
  u.locale = r.Text(i + 5);
  u.password_hash = r.Text(i + 6);
  u.disabled = r.Bool(i + 7);
  u.failed_sign_ins = static_cast<int>(r.Int(i + 8));
  u.last_failed_sign_in_at = r.OptTime(i + 9);
  u.locked_until = r.OptTime(i + 10);
  u.created_at = r.Time(i + 11);
  return u;
}

ApiToken TokenFrom(const SqlRow& r) {
  ApiToken t;
  t.tenant_id = TenantId(r.Int(0));
  t.id = ApiTokenId(r.Int(1));
  t.staff_id = StaffId(r.Int(2));
  t.name = r.Text(3);
  t.token_hash = r.Text(4);
  t.created_at = r.Time(5);
  t.expires_at = r.OptTime(6);
  t.revoked_at = r.OptTime(7);
  t.last_used_at = r.OptTime(8);
  return t;
}

template <typename T, typename F>
StatusOr<std::optional<T>> FirstOf(StatusOr<SqlRows> rows, F&& make) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(make(rows->front()));
}

}  // namespace

Status SqlTenantRepository::Insert(const Tenant& t) {
  return OnDuplicate(
      conn_
          .Execute(q_.Get("insert_tenant"), {t.id.value(), t.slug, t.name, TimeValue(t.created_at)})
          .status(),
      "an agency with this slug exists", "slug");
}

StatusOr<std::optional<Tenant>> SqlTenantRepository::FindBySlug(std::string_view slug) {
  return FirstOf<Tenant>(conn_.Query(q_.Get("select_tenant_by_slug"), {std::string(slug)}),
                         [](const SqlRow& r) { return TenantFrom(r, 0); });
}

StatusOr<std::optional<Tenant>> SqlTenantRepository::FindById(TenantId id) {
  return FirstOf<Tenant>(conn_.Query(q_.Get("select_tenant_by_id"), {id.value()}),
                         [](const SqlRow& r) { return TenantFrom(r, 0); });
}

StatusOr<std::vector<Tenant>> SqlTenantRepository::List() {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_tenants"), {}));
  std::vector<Tenant> out;
  for (const auto& r : rows) out.push_back(TenantFrom(r, 0));
  return out;
}

Status SqlStaffRepository::Insert(const StaffUser& u) {
  return OnDuplicate(
      conn_
          .Execute(q_.Get("insert_staff_user"),
                   {u.tenant_id.value(), u.id.value(), u.email, u.display_name, u.roles.ToCsv(),
                    u.locale, u.password_hash, std::int64_t{u.disabled ? 1 : 0},
                    std::int64_t{u.failed_sign_ins}, OptionalTime(u.last_failed_sign_in_at),
                    OptionalTime(u.locked_until), TimeValue(u.created_at)})
          .status(),
      "a staff user with this e-mail exists", "email");
}

Status SqlStaffRepository::Update(const StaffUser& u) {
  RESKILL_ASSIGN_OR_RETURN(
      auto n, conn_.Execute(q_.Get("update_staff_user"),
                            {u.display_name, u.roles.ToCsv(), u.locale, u.password_hash,
                             std::int64_t{u.disabled ? 1 : 0}, std::int64_t{u.failed_sign_ins},
                             OptionalTime(u.last_failed_sign_in_at), OptionalTime(u.locked_until),
                             u.tenant_id.value(), u.id.value()}));
  if (n == 0) return NotFound("no such staff user");
  return Status::Ok();
}

StatusOr<std::optional<StaffUser>> SqlStaffRepository::FindById(TenantId tenant, StaffId id) {
  return FirstOf<StaffUser>(
      conn_.Query(q_.Get("select_staff_user_by_id"), {tenant.value(), id.value()}),
      [](const SqlRow& r) { return StaffFrom(r, 0); });
}

StatusOr<std::optional<StaffUser>> SqlStaffRepository::FindByIdForUpdate(TenantId tenant,
                                                                         StaffId id) {
  return FirstOf<StaffUser>(
      conn_.Query(q_.Get("select_staff_user_for_update"), {tenant.value(), id.value()}),
      [](const SqlRow& r) { return StaffFrom(r, 0); });
}

StatusOr<std::optional<StaffUser>> SqlStaffRepository::FindByEmail(TenantId tenant,
                                                                   std::string_view email) {
  return FirstOf<StaffUser>(
      conn_.Query(q_.Get("select_staff_user_by_email"), {tenant.value(), std::string(email)}),
      [](const SqlRow& r) { return StaffFrom(r, 0); });
}

StatusOr<std::vector<StaffUser>> SqlStaffRepository::List(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_staff_users"), {tenant.value()}));
  std::vector<StaffUser> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(StaffFrom(r, 0));
  return out;
}

StatusOr<std::int64_t> SqlStaffRepository::CountEnabledWithRole(TenantId tenant,
                                                                domain::programs::Role role) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_enabled_staff_roles"), {tenant.value()}));
  std::int64_t count = 0;
  for (const auto& r : rows) {
    auto roles = domain::programs::RoleSet::FromCsv(r.Text(0));
    if (roles && roles->Has(role)) ++count;
  }
  return count;
}

Status SqlSessionRepository::Insert(const Session& s) {
  return conn_
      .Execute(q_.Get("insert_session"),
               {s.tenant_id.value(), s.token_hash, s.staff_id.value(), s.csrf_token,
                TimeValue(s.created_at), TimeValue(s.last_seen_at), TimeValue(s.expires_at)})
      .status();
}

StatusOr<std::optional<app::SessionView>> SqlSessionRepository::Find(TenantId tenant,
                                                                     std::string_view token_hash) {
  return FirstOf<app::SessionView>(
      conn_.Query(q_.Get("select_session_view"), {tenant.value(), std::string(token_hash)}),
      [tenant](const SqlRow& r) {
        app::SessionView v;
        v.session.tenant_id = tenant;
        v.session.token_hash = r.Text(0);
        v.session.staff_id = StaffId(r.Int(1));
        v.session.csrf_token = r.Text(2);
        v.session.created_at = r.Time(3);
        v.session.last_seen_at = r.Time(4);
        v.session.expires_at = r.Time(5);
        v.user = StaffFrom(r, 6);
        v.tenant.id = tenant;
        v.tenant.slug = r.Text(18);
        v.tenant.name = r.Text(19);
        v.tenant.created_at = r.Time(20);
        return v;
      });
}

Status SqlSessionRepository::Touch(TenantId tenant, std::string_view token_hash, Timestamp at) {
  return conn_
      .Execute(q_.Get("touch_session"), {TimeValue(at), tenant.value(), std::string(token_hash)})
      .status();
}

Status SqlSessionRepository::Delete(TenantId tenant, std::string_view token_hash) {
  return conn_.Execute(q_.Get("delete_session"), {tenant.value(), std::string(token_hash)})
      .status();
}

Status SqlSessionRepository::DeleteForStaff(TenantId tenant, StaffId staff) {
  return conn_.Execute(q_.Get("delete_sessions_by_staff"), {tenant.value(), staff.value()})
      .status();
}

Status SqlApiTokenRepository::Insert(const ApiToken& t) {
  return conn_
      .Execute(q_.Get("insert_api_token"),
               {t.tenant_id.value(), t.id.value(), t.staff_id.value(), t.name, t.token_hash,
                TimeValue(t.created_at), OptionalTime(t.expires_at), OptionalTime(t.revoked_at),
                OptionalTime(t.last_used_at)})
      .status();
}

StatusOr<std::optional<ApiToken>> SqlApiTokenRepository::FindByHash(TenantId tenant,
                                                                    std::string_view hash) {
  return FirstOf<ApiToken>(
      conn_.Query(q_.Get("select_api_token_by_hash"), {tenant.value(), std::string(hash)}),
      TokenFrom);
}

StatusOr<std::optional<ApiToken>> SqlApiTokenRepository::FindById(TenantId tenant, ApiTokenId id) {
  return FirstOf<ApiToken>(
      conn_.Query(q_.Get("select_api_token_by_id"), {tenant.value(), id.value()}), TokenFrom);
}

StatusOr<std::vector<ApiToken>> SqlApiTokenRepository::ListForStaff(TenantId tenant,
                                                                    StaffId staff) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_api_tokens_by_staff"),
                                                  {tenant.value(), staff.value()}));
  std::vector<ApiToken> out;
  for (const auto& r : rows) out.push_back(TokenFrom(r));
  return out;
}

Status SqlApiTokenRepository::Revoke(TenantId tenant, ApiTokenId id, Timestamp at) {
  return conn_.Execute(q_.Get("revoke_api_token"), {TimeValue(at), tenant.value(), id.value()})
      .status();
}

Status SqlApiTokenRepository::TouchUsed(TenantId tenant, ApiTokenId id, Timestamp at) {
  return conn_.Execute(q_.Get("touch_api_token"), {TimeValue(at), tenant.value(), id.value()})
      .status();
}

Status SqlAuditLog::Append(const AuditEvent& e) {
  return conn_
      .Execute(q_.Get("insert_audit_event"),
               {e.tenant_id.value(), e.id.value(), TimeValue(e.at),
                std::string(domain::audit::ActorKindName(e.actor_kind)), e.actor_id, e.action,
                e.target_type, e.target_id, e.request_id, e.outcome, e.detail})
      .status();
}

StatusOr<std::vector<AuditEvent>> SqlAuditLog::List(TenantId tenant, const app::AuditQuery& q) {
  const std::int64_t before =
      q.before ? q.before->value() : std::numeric_limits<std::int64_t>::max();
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_audit_events"),
                             {tenant.value(), q.action_prefix, q.action_prefix, q.action_prefix,
                              q.actor_id, q.actor_id, q.target_type, q.target_type, q.target_id,
                              q.target_id, before, std::int64_t{q.limit}}));
  std::vector<AuditEvent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    AuditEvent e;
    e.tenant_id = TenantId(r.Int(0));
    e.id = AuditEventId(r.Int(1));
    e.at = r.Time(2);
    const std::string kind = r.Text(3);
    e.actor_kind = kind == "staff"       ? domain::audit::ActorKind::kStaff
                   : kind == "api_token" ? domain::audit::ActorKind::kApiToken
                   : kind == "anonymous" ? domain::audit::ActorKind::kAnonymous
                                         : domain::audit::ActorKind::kSystem;
    e.actor_id = r.Text(4);
    e.action = r.Text(5);
    e.target_type = r.Text(6);
    e.target_id = r.Text(7);
    e.request_id = r.Text(8);
    e.outcome = r.Text(9);
    e.detail = r.Text(10);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace reskill::storage
