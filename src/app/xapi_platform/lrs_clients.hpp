// Use cases of LRS clients: creating, listing and disabling them (staff admins, the CLI), and
// authenticating xAPI requests by HTTP Basic key/secret or by an OAuth 2.0 bearer token issued
// through the client-credentials grant (RFC 6749 §4.4). Stateless beyond the AppContext
// reference; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/xapi_platform/lrs_client.hpp"

namespace reskill::app {

/// An authenticated xAPI caller: the client and the scopes this request carries (the client's
/// scopes for Basic, the token's granted scopes for a bearer token).
struct LrsCaller {
  domain::xapi_platform::LrsClient client;
  domain::xapi_platform::ScopeSet scopes;
};

struct CreateLrsClientInput {
  std::string name;
  std::vector<std::string> scopes;  ///< Scope names; empty gives DefaultScopes().
  std::string provider_slug;        ///< Catalogue provider; empty for none.
};

/// A new client with its secret: the only time the secret is available.
struct CreatedLrsClient {
  domain::xapi_platform::LrsClient client;
  std::string secret;
};

/// Creates a client in the principal's tenant with a fresh key and secret. kInvalidArgument
/// (field name, scopes[i] or provider) for bad input. Audited ("lrs_client.create").
class CreateLrsClient {
 public:
  explicit CreateLrsClient(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<CreatedLrsClient> Run(const Principal& actor, const CreateLrsClientInput& input,
                                 const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// The clients of the principal's tenant, newest first (secret hashes included; callers must
/// not show them).
class ListLrsClients {
 public:
  explicit ListLrsClients(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<domain::xapi_platform::LrsClient>> Run(const Principal& actor) const;

 private:
  const AppContext& ctx_;
};

/// Disables (or re-enables) a client of the principal's tenant; disabling also ends its access
/// tokens. kNotFound when the tenant has no such client. Audited ("lrs_client.disable" /
/// "lrs_client.enable"); returns the updated client. Drops the client's entries from
/// ctx.lrs_credentials after the COMMIT, so this process refuses its credentials at once.
class SetLrsClientDisabled {
 public:
  explicit SetLrsClientDisabled(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<domain::xapi_platform::LrsClient> Run(const Principal& actor, LrsClientId id,
                                                 bool disabled, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Resolves xAPI credentials. kUnauthenticated for an unknown key, a wrong secret, a disabled
/// client, or an unknown, expired or malformed token (one message, so keys cannot be probed).
/// With ctx.lrs_credentials set, a success is cached for its TTL (docs/lrs.md "Credentials"):
/// a credential revoked by SetLrsClientDisabled in this process is refused at once, one revoked
/// by another process (another server, the CLI) within the TTL.
class AuthenticateLrsClient {
 public:
  explicit AuthenticateLrsClient(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<LrsCaller> Basic(std::string_view key, std::string_view secret) const;
  StatusOr<LrsCaller> Bearer(std::string_view token) const;

 private:
  // Refreshes the client's last_used_at (in the store, in `client` and in the cache) when it is
  // older than a minute.
  Status TouchUsed(domain::xapi_platform::LrsClient& client, Timestamp now) const;

  const AppContext& ctx_;
};

/// An issued OAuth 2.0 access token (RFC 6749 §5.1).
struct IssuedAccessToken {
  std::string access_token;     ///< "rlt_<tenant id>_<secret>"; stored only as a hash.
  std::int64_t expires_in = 0;  ///< Seconds.
  domain::xapi_platform::ScopeSet scopes;
};

/// The lifetime of an OAuth access token.
inline constexpr std::chrono::seconds kLrsAccessTokenTtl{3600};

/// Issues an access token to an authenticated client (client-credentials grant). `scope` is the
/// requested scope text (RFC 6749 §3.3): absent or empty grants all the client's scopes; a scope
/// the client does not hold or an unknown scope is kInvalidArgument (field "scope"), which the
/// token endpoint answers as `invalid_scope`. Audited ("lrs_client.token").
class IssueLrsAccessToken {
 public:
  explicit IssueLrsAccessToken(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<IssuedAccessToken> Run(const LrsCaller& caller, std::optional<std::string> scope,
                                  const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// The prefix of every LRS client key and access token, so leaked values are recognisable.
inline constexpr std::string_view kLrsClientKeyPrefix = "rlc_";
inline constexpr std::string_view kLrsAccessTokenPrefix = "rlt_";

}  // namespace reskill::app
