// The LRS-client port: xAPI credentials (HTTP Basic key/secret) and the OAuth 2.0 access tokens
// issued to them. Secrets and tokens are stored only as hashes. One object belongs to one
// transaction on one thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"
#include "domain/xapi_platform/lrs_client.hpp"

namespace reskill::app {

/// An OAuth 2.0 access token (client-credentials grant) of an LRS client.
struct LrsAccessToken {
  TenantId tenant_id;
  std::string token_hash;  ///< SecretTokens::HashToken of the bearer value.
  LrsClientId client_id;
  domain::xapi_platform::ScopeSet scopes;  ///< Granted: a subset of the client's scopes.
  Timestamp created_at;
  Timestamp expires_at;
};

class LrsClientRepository {
 public:
  virtual ~LrsClientRepository() = default;
  /// kAlreadyExists (field "key") when the key is taken (keys are unique across tenants).
  virtual Status Insert(const domain::xapi_platform::LrsClient& client) = 0;
  /// The client with `key` in any tenant (the key identifies the tenant).
  virtual StatusOr<std::optional<domain::xapi_platform::LrsClient>> FindByKey(
      std::string_view key) = 0;
  virtual StatusOr<std::optional<domain::xapi_platform::LrsClient>> FindById(TenantId tenant,
                                                                             LrsClientId id) = 0;
  /// Every client of the tenant, newest first.
  virtual StatusOr<std::vector<domain::xapi_platform::LrsClient>> List(TenantId tenant) = 0;
  /// Sets `disabled`; kNotFound when the client does not exist.
  virtual Status SetDisabled(TenantId tenant, LrsClientId id, bool disabled) = 0;
  virtual Status TouchUsed(TenantId tenant, LrsClientId id, Timestamp at) = 0;

  virtual Status InsertAccessToken(const LrsAccessToken& token) = 0;
  virtual StatusOr<std::optional<LrsAccessToken>> FindAccessToken(TenantId tenant,
                                                                  std::string_view hash) = 0;
  /// Removes the client's tokens (on disable) and every token expired before `now`.
  virtual Status DeleteAccessTokens(TenantId tenant, LrsClientId id, Timestamp now) = 0;
};

}  // namespace reskill::app
