#include "storage/sql/xapi_platform_repository.hpp"

#include "common/strings.hpp"
#include "domain/xapi_platform/encoding.hpp"

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

namespace reskill::storage {

namespace {

using app::DocumentKey;
using app::DocumentScope;
using app::XapiDocument;
using domain::xapi_platform::Sha1Hex;

// The hashed lookup value of a key part; '' stays '' so absent parts need no hashing.
std::string KeyOf(const std::string& part) {
  return part.empty() ? std::string() : Sha1Hex(part);
}

bool StorableAsText(std::string_view content) {
  return IsValidUtf8(content) && content.find('\0') == std::string_view::npos;
}

}  // namespace

StatusOr<std::optional<XapiDocument>> SqlXapiDocumentRepository::Find(TenantId tenant,
                                                                      const DocumentKey& key) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_xapi_document"),
                             {tenant.value(), std::string(app::DocumentKindName(key.kind)),
                              KeyOf(key.activity_id), KeyOf(key.agent), key.registration,
                              KeyOf(key.document_id)}));
  if (rows.empty()) return std::optional<XapiDocument>();
  const SqlRow& r = rows.front();
  XapiDocument d;
  d.key = key;
  d.content_type = r.Text(4);
  if (r.Text(5) == "base64") {
    auto bytes = domain::xapi_platform::Base64Decode(r.Text(6));
    if (!bytes) return Internal("xapi_document content is not valid base64");
    d.content = std::move(*bytes);
  } else {
    d.content = r.Text(6);
  }
  d.etag = r.Text(7);
  d.updated_at = r.Time(8);
  return std::optional<XapiDocument>(std::move(d));
}

Status SqlXapiDocumentRepository::Upsert(TenantId tenant, const XapiDocument& d) {
  const bool text = StorableAsText(d.content);
  const DocumentKey& k = d.key;
  return conn_
      .Execute(
          q_.Get("upsert_xapi_document"),
          {tenant.value(), d.id, std::string(app::DocumentKindName(k.kind)), KeyOf(k.activity_id),
           KeyOf(k.agent), k.registration, KeyOf(k.document_id), k.activity_id, k.agent,
           k.document_id, d.content_type, std::string(text ? "utf8" : "base64"),
           text ? d.content : domain::xapi_platform::Base64Encode(d.content), d.etag,
           TimeValue(d.updated_at)})
      .status();
}

Status SqlXapiDocumentRepository::Delete(TenantId tenant, const DocumentKey& k) {
  return conn_
      .Execute(q_.Get("delete_xapi_document"),
               {tenant.value(), std::string(app::DocumentKindName(k.kind)), KeyOf(k.activity_id),
                KeyOf(k.agent), k.registration, KeyOf(k.document_id)})
      .status();
}

StatusOr<std::vector<std::string>> SqlXapiDocumentRepository::ListIds(
    TenantId tenant, const DocumentScope& s, std::optional<Timestamp> since) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(q_.Get("select_xapi_document_ids"),
                  {tenant.value(), std::string(app::DocumentKindName(s.kind)), KeyOf(s.activity_id),
                   KeyOf(s.agent), std::int64_t{s.registration ? 1 : 0},
                   s.registration.value_or(""), since ? ToUnixMillis(*since) : std::int64_t{-1}}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Status SqlXapiDocumentRepository::DeleteAll(TenantId tenant, const DocumentScope& s) {
  return conn_
      .Execute(q_.Get("delete_xapi_documents"),
               {tenant.value(), std::string(app::DocumentKindName(s.kind)), KeyOf(s.activity_id),
                KeyOf(s.agent), std::int64_t{s.registration ? 1 : 0}, s.registration.value_or("")})
      .status();
}

}  // namespace reskill::storage
