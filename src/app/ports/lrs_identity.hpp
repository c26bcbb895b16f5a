// The actor-identity port: the xAPI actors of a tenant (xapi_actor, migration 0007) as the identity
// mapping sees them — which are not yet mapped to a client, and setting the mapping. Mapping an
// actor makes every learning fact already derived for it (learning_day is per actor) count for
// the client. An object belongs to one UnitOfWork (one thread, one transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

/// One xapi_actor row. `ifi` is the canonical identifier: "mbox:mailto:a@b", "mbox_sha1sum:HEX",
/// "openid:URI" or "account:HOMEPAGE|NAME" (xAPI data: may hold an e-mail address, never logged).
struct XapiActorRecord {
  TenantId tenant_id;
  std::int64_t id = 0;
  std::string ifi;
  std::string object_type = "Agent";  ///< "Agent" or "Group" (wire names).
  std::string name;
  std::optional<ClientId> client_id;
  Timestamp first_seen_at;
  std::optional<Timestamp> mapped_at;
};

class ActorIdentityRepository {
 public:
  virtual ~ActorIdentityRepository() = default;
  /// Unmapped agents (groups are never mapped) with id > `after_id`, by id, at most `limit`.
  virtual StatusOr<std::vector<XapiActorRecord>> ListUnmapped(TenantId tenant,
                                                              std::int64_t after_id, int limit) = 0;
  /// How many agents of the tenant are unmapped.
  virtual StatusOr<std::int64_t> CountUnmapped(TenantId tenant) = 0;
  /// Unmapped agents whose lower-cased ifi equals `lower_ifi` or matches the SQL LIKE pattern
  /// `lower_like` (candidates only: the caller applies the mapping rule to each).
  virtual StatusOr<std::vector<XapiActorRecord>> ListUnmappedCandidates(
      TenantId tenant, std::string_view lower_ifi, std::string_view lower_like) = 0;
  virtual StatusOr<std::optional<XapiActorRecord>> Find(TenantId tenant, std::int64_t id) = 0;
  virtual StatusOr<std::optional<XapiActorRecord>> FindByIfi(TenantId tenant,
                                                             std::string_view ifi) = 0;
  /// The actors mapped to `client` (index xapi_actor_by_client), by id.
  virtual StatusOr<std::vector<XapiActorRecord>> ListByClient(TenantId tenant, ClientId client) = 0;
  /// The `account` actors whose account name is `name` (any homePage, ASCII case ignored), by
  /// id, at most `limit`. Reads the tenant's account actors (not the statements).
  virtual StatusOr<std::vector<XapiActorRecord>> ListByAccountName(TenantId tenant,
                                                                   std::string_view name,
                                                                   int limit) = 0;
  /// kAlreadyExists ("ifi") when the tenant already has an actor with this ifi.
  virtual Status Insert(const XapiActorRecord& actor) = 0;
  /// Maps an unmapped actor to `client`; false when the actor is absent or already mapped.
  virtual StatusOr<bool> Map(TenantId tenant, std::int64_t actor, ClientId client,
                             Timestamp at) = 0;
};

}  // namespace reskill::app
