#include "storage/sql/xapi_platform_repository.hpp"

#include "common/strings.hpp"

namespace reskill::storage {

namespace {

using domain::xapi_platform::LrsClient;
using domain::xapi_platform::ScopeSet;

// Stored scope lists were validated when written; an unknown name (a scope removed from the
// code) is dropped rather than failing every request of the client.
ScopeSet ScopesFrom(const std::string& text) {
  ScopeSet out;
  for (auto part : Split(text, ' ')) {
    if (auto s = domain::xapi_platform::ParseScope(part)) out.Add(*s);
  }
  return out;
}

LrsClient ClientFrom(const SqlRow& r) {
  LrsClient c;
  c.tenant_id = TenantId(r.Int(0));
  c.id = LrsClientId(r.Int(1));
  c.name = r.Text(2);
  c.key = r.Text(3);
  c.secret_hash = r.Text(4);
  c.scopes = ScopesFrom(r.Text(5));
  c.provider_id = r.Int(6);
  c.disabled = r.Bool(7);
  c.created_at = r.Time(8);
  c.last_used_at = r.OptTime(9);
  return c;
}

app::LrsAccessToken TokenFrom(const SqlRow& r) {
  app::LrsAccessToken t;
  t.tenant_id = TenantId(r.Int(0));
  t.token_hash = r.Text(1);
  t.client_id = LrsClientId(r.Int(2));
  t.scopes = ScopesFrom(r.Text(3));
  t.created_at = r.Time(4);
  t.expires_at = r.Time(5);
  return t;
}

StatusOr<std::optional<LrsClient>> FirstClient(StatusOr<SqlRows> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<LrsClient>();
  return std::optional<LrsClient>(ClientFrom(rows->front()));
}

}  // namespace

Status SqlLrsClientRepository::Insert(const LrsClient& c) {
  Status st = conn_
                  .Execute(q_.Get("insert_lrs_client"),
                           {c.tenant_id.value(), c.id.value(), c.name, c.key, c.secret_hash,
                            c.scopes.ToString(), c.provider_id, std::int64_t{c.disabled ? 1 : 0},
                            TimeValue(c.created_at), OptionalTime(c.last_used_at)})
                  .status();
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("an LRS client with this key exists", "key")
        .WithDetail(st.internal_detail());
  }
  return st;
}

StatusOr<std::optional<LrsClient>> SqlLrsClientRepository::FindByKey(std::string_view key) {
  return FirstClient(conn_.Query(q_.Get("select_lrs_client_by_key"), {std::string(key)}));
}

StatusOr<std::optional<LrsClient>> SqlLrsClientRepository::FindById(TenantId tenant,
                                                                    LrsClientId id) {
  return FirstClient(conn_.Query(q_.Get("select_lrs_client_by_id"), {tenant.value(), id.value()}));
}

StatusOr<std::vector<LrsClient>> SqlLrsClientRepository::List(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_lrs_clients"), {tenant.value()}));
  std::vector<LrsClient> out;
  for (const auto& r : rows) out.push_back(ClientFrom(r));
  return out;
}

Status SqlLrsClientRepository::SetDisabled(TenantId tenant, LrsClientId id, bool disabled) {
  RESKILL_ASSIGN_OR_RETURN(
      auto n, conn_.Execute(q_.Get("update_lrs_client_disabled"),
                            {std::int64_t{disabled ? 1 : 0}, tenant.value(), id.value()}));
  if (n == 0) return NotFound("no such LRS client");
  return Status::Ok();
}

Status SqlLrsClientRepository::TouchUsed(TenantId tenant, LrsClientId id, Timestamp at) {
  return conn_.Execute(q_.Get("touch_lrs_client"), {TimeValue(at), tenant.value(), id.value()})
      .status();
}

Status SqlLrsClientRepository::InsertAccessToken(const app::LrsAccessToken& t) {
  return conn_
      .Execute(q_.Get("insert_lrs_access_token"),
               {t.tenant_id.value(), t.token_hash, t.client_id.value(), t.scopes.ToString(),
                TimeValue(t.created_at), TimeValue(t.expires_at)})
      .status();
}

StatusOr<std::optional<app::LrsAccessToken>> SqlLrsClientRepository::FindAccessToken(
    TenantId tenant, std::string_view hash) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_lrs_access_token"),
                                                  {tenant.value(), std::string(hash)}));
  if (rows.empty()) return std::optional<app::LrsAccessToken>();
  return std::optional<app::LrsAccessToken>(TokenFrom(rows.front()));
}

Status SqlLrsClientRepository::DeleteAccessTokens(TenantId tenant, LrsClientId id, Timestamp now) {
  return conn_
      .Execute(q_.Get("delete_lrs_access_tokens"), {tenant.value(), id.value(), TimeValue(now)})
      .status();
}

}  // namespace reskill::storage
