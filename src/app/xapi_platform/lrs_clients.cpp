#include "app/xapi_platform/lrs_clients.hpp"

#include <charconv>

#include "app/xapi_platform/lrs_credential_cache.hpp"
#include "common/strings.hpp"

namespace reskill::app {

namespace {

using domain::audit::ActorKind;
using domain::xapi_platform::LrsClient;
using domain::xapi_platform::ScopeSet;

constexpr std::string_view kBadCredentials = "the LRS credentials are not valid";

// The audit actor of a request made by an LRS client itself (no staff user involved).
Principal ClientActor(const LrsClient& client) {
  Principal p;
  p.kind = ActorKind::kSystem;
  p.tenant_id = client.tenant_id;
  p.actor_id = "lrs_client:" + std::to_string(client.id.value());
  return p;
}

}  // namespace

StatusOr<CreatedLrsClient> CreateLrsClient::Run(const Principal& actor,
                                                const CreateLrsClientInput& input,
                                                const RequestInfo& request) const {
  RESKILL_RETURN_IF_ERROR(domain::xapi_platform::ValidateClientName(input.name));
  ScopeSet scopes;
  for (std::size_t i = 0; i < input.scopes.size(); ++i) {
    auto scope = domain::xapi_platform::ParseScope(input.scopes[i]);
    if (!scope) {
      return InvalidArgument("unknown scope \"" + input.scopes[i].substr(0, 64) +
                                 "\"; use statements/write, statements/read/mine, "
                                 "statements/read, state, define, profile, all/read, all, "
                                 "xapi:write, xapi:read or xapi:all",
                             "scopes[" + std::to_string(i) + "]");
    }
    scopes.Add(*scope);
  }
  if (scopes.empty()) scopes = domain::xapi_platform::DefaultScopes();

  CreatedLrsClient out;
  LrsClient& c = out.client;
  c.tenant_id = actor.tenant_id;
  c.id = LrsClientId(ctx_.ids.Next());
  c.name = std::string(Trim(input.name));
  c.key = std::string(kLrsClientKeyPrefix) + ctx_.tokens.NewToken().substr(0, 24);
  out.secret = ctx_.tokens.NewToken();
  c.secret_hash = ctx_.tokens.HashToken(out.secret);
  c.scopes = scopes;
  c.created_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    if (!input.provider_slug.empty()) {
      RESKILL_ASSIGN_OR_RETURN(
          auto provider, uow.course_catalog().FindProviderBySlug(c.tenant_id, input.provider_slug));
      if (!provider) {
        return InvalidArgument(
            "no catalogue provider with slug \"" + input.provider_slug.substr(0, 64) + "\"",
            "provider");
      }
      c.provider_id = provider->id.value();
    }
    RESKILL_RETURN_IF_ERROR(uow.lrs_clients().Insert(c));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, c.tenant_id, request, "lrs_client.create",
                                             "lrs_client", std::to_string(c.id.value()), "ok",
                                             "scopes=" + c.scopes.ToString()));
  }));
  return out;
}

StatusOr<std::vector<LrsClient>> ListLrsClients::Run(const Principal& actor) const {
  std::vector<LrsClient> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(out, uow.lrs_clients().List(actor.tenant_id));
    return Status::Ok();
  }));
  return out;
}

StatusOr<LrsClient> SetLrsClientDisabled::Run(const Principal& actor, LrsClientId id, bool disabled,
                                              const RequestInfo& request) const {
  std::optional<LrsClient> client;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(client, uow.lrs_clients().FindById(actor.tenant_id, id));
    if (!client) return NotFound("no such LRS client");
    RESKILL_RETURN_IF_ERROR(uow.lrs_clients().SetDisabled(actor.tenant_id, id, disabled));
    if (disabled) {
      RESKILL_RETURN_IF_ERROR(
          uow.lrs_clients().DeleteAccessTokens(actor.tenant_id, id, ctx_.clock.Now()));
    }
    client->disabled = disabled;
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             disabled ? "lrs_client.disable" : "lrs_client.enable",
                                             "lrs_client", std::to_string(id.value())));
  }));
  // After the COMMIT: a request that read the client before it (and caches what it read) is
  // turned away by the cache's generation check.
  if (ctx_.lrs_credentials != nullptr) ctx_.lrs_credentials->InvalidateClient(actor.tenant_id, id);
  return *client;
}

Status AuthenticateLrsClient::TouchUsed(LrsClient& client, Timestamp now) const {
  // Refresh last_used_at at most once a minute, so reads stay reads.
  if (client.last_used_at && now - *client.last_used_at <= std::chrono::minutes(1)) {
    return Status::Ok();
  }
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) {
    return uow.lrs_clients().TouchUsed(client.tenant_id, client.id, now);
  }));
  client.last_used_at = now;
  if (ctx_.lrs_credentials != nullptr) {
    ctx_.lrs_credentials->NoteUsed(client.tenant_id, client.id, now);
  }
  return Status::Ok();
}

StatusOr<LrsCaller> AuthenticateLrsClient::Basic(std::string_view key,
                                                 std::string_view secret) const {
  if (!key.starts_with(kLrsClientKeyPrefix) || key.size() > 64 || secret.empty()) {
    return Unauthenticated(std::string(kBadCredentials));
  }
  const std::string hash = ctx_.tokens.HashToken(secret);
  const Timestamp now = ctx_.clock.Now();
  LrsCredentialCache* cache = ctx_.lrs_credentials;
  // A cached success counts only for the secret it was made with: a wrong secret (or one rotated
  // elsewhere) misses and is checked against the store.
  if (cache != nullptr) {
    if (auto hit = cache->FindBasic(key, now);
        hit && ctx_.tokens.Equal(hash, hit->client.secret_hash)) {
      RESKILL_RETURN_IF_ERROR(TouchUsed(hit->client, now));
      return LrsCaller{std::move(hit->client), hit->scopes};
    }
  }
  const std::uint64_t generation = cache != nullptr ? cache->Generation() : 0;
  std::optional<LrsClient> client;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(client, uow.lrs_clients().FindByKey(key));
    return Status::Ok();
  }));
  if (!client || !ctx_.tokens.Equal(hash, client->secret_hash) || client->disabled) {
    return Unauthenticated(std::string(kBadCredentials));
  }
  RESKILL_RETURN_IF_ERROR(TouchUsed(*client, now));
  if (cache != nullptr) cache->PutBasic({*client, client->scopes}, now, generation);
  return LrsCaller{*client, client->scopes};
}

StatusOr<LrsCaller> AuthenticateLrsClient::Bearer(std::string_view token) const {
  if (!token.starts_with(kLrsAccessTokenPrefix))
    return Unauthenticated(std::string(kBadCredentials));
  token.remove_prefix(kLrsAccessTokenPrefix.size());
  const auto sep = token.find('_');
  std::int64_t tenant_value = 0;
  if (sep == std::string_view::npos || sep == 0 || sep + 1 >= token.size()) {
    return Unauthenticated(std::string(kBadCredentials));
  }
  const auto r = std::from_chars(token.data(), token.data() + sep, tenant_value);
  if (r.ec != std::errc() || r.ptr != token.data() + sep || tenant_value <= 0) {
    return Unauthenticated(std::string(kBadCredentials));
  }
  const TenantId tenant(tenant_value);
  const std::string hash = ctx_.tokens.HashToken(token.substr(sep + 1));
  const Timestamp now = ctx_.clock.Now();
  LrsCredentialCache* cache = ctx_.lrs_credentials;
  if (cache != nullptr) {
    if (auto hit = cache->FindBearer(tenant, hash, now)) {
      RESKILL_RETURN_IF_ERROR(TouchUsed(hit->client, now));
      return LrsCaller{std::move(hit->client), hit->scopes};
    }
  }
  const std::uint64_t generation = cache != nullptr ? cache->Generation() : 0;
  std::optional<LrsAccessToken> stored;
  std::optional<LrsClient> client;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(stored, uow.lrs_clients().FindAccessToken(tenant, hash));
    if (!stored) return Status::Ok();
    RESKILL_ASSIGN_OR_RETURN(client, uow.lrs_clients().FindById(tenant, stored->client_id));
    return Status::Ok();
  }));
  if (!stored || !client || client->disabled || stored->expires_at <= now) {
    return Unauthenticated(std::string(kBadCredentials));
  }
  RESKILL_RETURN_IF_ERROR(TouchUsed(*client, now));
  // A token never grants more than its client holds now (scopes may have been narrowed since).
  ScopeSet granted;
  for (auto s : domain::xapi_platform::kAllScopes) {
    if (stored->scopes.Has(s) && client->scopes.Has(s)) granted.Add(s);
  }
  if (cache != nullptr) {
    cache->PutBearer(tenant, hash, {*client, granted}, stored->expires_at, now, generation);
  }
  return LrsCaller{*client, granted};
}

StatusOr<IssuedAccessToken> IssueLrsAccessToken::Run(const LrsCaller& caller,
                                                     std::optional<std::string> scope,
                                                     const RequestInfo& request) const {
  ScopeSet granted = caller.client.scopes;
  if (scope && !Trim(*scope).empty()) {
    RESKILL_ASSIGN_OR_RETURN(auto wanted, domain::xapi_platform::ParseScopes(*scope, "scope"));
    if (!caller.client.scopes.Contains(wanted)) {
      return InvalidArgument("the client does not hold every requested scope", "scope");
    }
    granted = wanted;
  }
  const std::string secret = ctx_.tokens.NewToken();
  LrsAccessToken token;
  token.tenant_id = caller.client.tenant_id;
  token.token_hash = ctx_.tokens.HashToken(secret);
  token.client_id = caller.client.id;
  token.scopes = granted;
  token.created_at = ctx_.clock.Now();
  token.expires_at = token.created_at + kLrsAccessTokenTtl;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    // Expired tokens of the tenant go whenever a new one is issued, so the table stays small.
    RESKILL_RETURN_IF_ERROR(
        uow.lrs_clients().DeleteAccessTokens(token.tenant_id, LrsClientId(0), token.created_at));
    RESKILL_RETURN_IF_ERROR(uow.lrs_clients().InsertAccessToken(token));
    return uow.audit().Append(MakeAuditEvent(ctx_, ClientActor(caller.client), token.tenant_id,
                                             request, "lrs_client.token", "lrs_client",
                                             std::to_string(caller.client.id.value()), "ok",
                                             "scopes=" + granted.ToString()));
  }));
  IssuedAccessToken out;
  out.access_token = std::string(kLrsAccessTokenPrefix) +
                     std::to_string(caller.client.tenant_id.value()) + "_" + secret;
  out.expires_in = kLrsAccessTokenTtl.count();
  out.scopes = granted;
  return out;
}

}  // namespace reskill::app
