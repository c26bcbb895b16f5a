// LRS clients (the credentials a learning provider uses to send xAPI data), their OAuth scopes,
// what each scope permits, and the xAPI versions the server speaks. Plain values and pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::domain::xapi_platform {

/// An xAPI OAuth scope (xAPI 1.0.3 Communication §4.2 plus the `xapi:*` scopes LinkedIn Learning
/// and similar senders request). Persisted and sent by name (ScopeName): do not rename.
enum class Scope : std::uint8_t {
  kStatementsWrite,     ///< "statements/write": write any statement.
  kStatementsReadMine,  ///< "statements/read/mine": read statements whose authority is the caller.
  kStatementsRead,      ///< "statements/read": read any statement.
  kState,               ///< "state": read/write state documents.
  kDefine,              ///< "define": (re)define activities and actors.
  kProfile,             ///< "profile": read/write activity and agent profiles.
  kAllRead,             ///< "all/read": unrestricted read access.
  kAll,                 ///< "all": unrestricted access.
  kXapiWrite,           ///< "xapi:write": write statements, state and profiles.
  kXapiRead,            ///< "xapi:read": like all/read.
  kXapiAll,             ///< "xapi:all": like all.
};
inline constexpr Scope kAllScopes[] = {Scope::kStatementsWrite, Scope::kStatementsReadMine,
                                       Scope::kStatementsRead,  Scope::kState,
                                       Scope::kDefine,          Scope::kProfile,
                                       Scope::kAllRead,         Scope::kAll,
                                       Scope::kXapiWrite,       Scope::kXapiRead,
                                       Scope::kXapiAll};

std::string_view ScopeName(Scope scope);
std::optional<Scope> ParseScope(std::string_view name);

/// A set of scopes. Value type.
class ScopeSet {
 public:
  ScopeSet() = default;
  ScopeSet(std::initializer_list<Scope> scopes) {
    for (Scope s : scopes) Add(s);
  }
  void Add(Scope s) { bits_ |= Bit(s); }
  bool Has(Scope s) const { return (bits_ & Bit(s)) != 0; }
  bool empty() const { return bits_ == 0; }
  /// True when every scope of `other` is in this set.
  bool Contains(const ScopeSet& other) const { return (bits_ & other.bits_) == other.bits_; }
  /// Scope names in declaration order.
  std::vector<std::string> Names() const;
  /// The names joined by single spaces (the OAuth `scope` syntax, RFC 6749 §3.3).
  std::string ToString() const;
  friend bool operator==(const ScopeSet&, const ScopeSet&) = default;

 private:
  static std::uint32_t Bit(Scope s) { return 1u << static_cast<unsigned>(s); }
  std::uint32_t bits_ = 0;
};

/// Parses a space-separated scope list (RFC 6749 §3.3). kInvalidArgument (field `field`) naming
/// the first unknown scope. An empty text gives an empty set.
StatusOr<ScopeSet> ParseScopes(std::string_view text, std::string_view field = "scope");

/// The scopes a client gets when it names none: statements/write and statements/read/mine
/// (xAPI 1.0.3 Communication §4.2.s6.b2).
ScopeSet DefaultScopes();

/// The xAPI resource an `/xapi/...` route serves; a route declares it in the route table.
enum class XapiResource : std::uint8_t {
  kNone,             ///< Not an xAPI route.
  kAbout,            ///< /xapi/about: open to anyone.
  kOAuthToken,       ///< /xapi/oauth/token: any enabled client (its own credentials).
  kStatements,       ///< /xapi/statements.
  kState,            ///< /xapi/activities/state.
  kActivityProfile,  ///< /xapi/activities/profile.
  kAgentProfile,     ///< /xapi/agents/profile.
  kActivities,       ///< /xapi/activities (read only).
  kAgents,           ///< /xapi/agents (read only).
};

/// True when a caller holding `scopes` may use `resource` for reading (`write` false: GET, HEAD)
/// or for changing it (`write` true: PUT, POST, DELETE). Reading statements with only
/// statements/read/mine is permitted here; the statements handler then limits the results.
bool Permits(const ScopeSet& scopes, XapiResource resource, bool write);

/// The xAPI version family a request speaks; responses echo it.
enum class XapiVersion : std::uint8_t { k1_0, k2_0 };

/// The version of an `X-Experience-API-Version` header value: "1.0" and "1.0.<digits>" give
/// 1.0 (xAPI 1.0.3 Communication §3.3), "2.0" and "2.0.<digits>" give 2.0; anything else
/// (0.95, 1.1.0, 3.0.0, text) is nullopt.
std::optional<XapiVersion> ParseXapiVersion(std::string_view header);
/// The header value a response carries for `version`: "1.0.3" or "2.0.0".
std::string_view XapiVersionHeader(XapiVersion version);

/// An LRS client: HTTP Basic credentials (key:secret, the secret stored only as a hash) and
/// the OAuth 2.0 client-credentials identity of one sender in one tenant.
struct LrsClient {
  TenantId tenant_id;
  LrsClientId id;
  std::string name;
  std::string key;          ///< Public identifier (Basic user name, OAuth client_id); unique.
  std::string secret_hash;  ///< SecretTokens::HashToken of the secret.
  ScopeSet scopes;
  std::int64_t provider_id = 0;  ///< Catalogue provider whose activity it sends; 0 when none.
  bool disabled = false;
  Timestamp created_at;
  std::optional<Timestamp> last_used_at;
};

/// Checks a client name: 1–100 characters after trimming, no control characters.
/// kInvalidArgument with field "name".
Status ValidateClientName(std::string_view name);

}  // namespace reskill::domain::xapi_platform
