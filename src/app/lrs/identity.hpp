// Identity mapping of the learning record store (issue 5 item 3): which client an xAPI actor is.
// An actor maps to a client through the client's pseudonymous participant id (an `account` whose
// name is the participant id, any homePage) or through the client's e-mail address once verified
// (`mbox`). `mbox_sha1sum` and `openid` never map (docs/lrs-imports.md, "Identity mapping").
// Actors nobody can map are listed for staff, who resolve them to a client by case number or
// participant id. Mapping sets xapi_actor.client_id, so the facts already derived for the actor
// (learning_day is per actor) count for the client from then on. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "domain/programs/programs.hpp"

namespace reskill::app::lrs {

/// The identifiers of an xAPI agent; a valid agent has exactly one set.
struct ActorIdentity {
  std::string mbox;  ///< "mailto:…" IRI.
  std::string mbox_sha1sum;
  std::string openid;
  std::string account_home_page;
  std::string account_name;
};

/// The canonical identifier xapi_actor.ifi stores: "mbox:mailto:a@b", "mbox_sha1sum:HEX",
/// "openid:URI" or "account:HOMEPAGE|NAME"; "" when no identifier is set.
std::string IfiOf(const ActorIdentity& actor);
/// The identity of a canonical identifier; nullopt when `ifi` is not one. For accounts the first
/// '|' separates homePage and name (an IRI has no unescaped '|').
std::optional<ActorIdentity> ParseIfi(std::string_view ifi);

/// The client `actor` identifies in `tenant` under the mapping rule (file comment), read in the
/// caller's transaction; nullopt when it identifies none. Errors: the repository's.
StatusOr<std::optional<ClientId>> ClientForActor(const AppContext& ctx, UnitOfWork& uow,
                                                 TenantId tenant, const ActorIdentity& actor);
/// As above for a canonical identifier (nullopt when it is not one).
StatusOr<std::optional<ClientId>> ClientForActor(const AppContext& ctx, UnitOfWork& uow,
                                                 TenantId tenant, std::string_view ifi);

/// Maps the tenant's unmapped actors that identify `client` (its participant id; its e-mail when
/// verified) to it, in the caller's transaction, and returns how many it mapped. Cheap: reads
/// only unmapped actors. Run after a client's e-mail address is verified.
StatusOr<int> MapActorsForClient(const AppContext& ctx, UnitOfWork& uow,
                                 const SealedClient& client);

/// What a mapping run did.
struct MapSummary {
  std::int64_t examined = 0;   ///< Unmapped actors looked at.
  std::int64_t mapped = 0;     ///< Of those, mapped to a client now.
  std::int64_t remaining = 0;  ///< Unmapped actors left afterwards.
};

/// Maps every currently unmapped actor of the actor's agency that the rule can map, in pages of
/// 500 (one transaction each). Audited as lrs.map with the counts. Errors: the repository's.
class MapUnmappedActors {
 public:
  explicit MapUnmappedActors(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<MapSummary> Run(const Principal& actor, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// An actor that no client could be found for.
struct UnmatchedActor {
  std::int64_t id = 0;
  std::string ifi;  ///< xAPI data (may be an e-mail address): shown to staff, never logged.
  std::string name;
  Timestamp first_seen_at;
};

struct UnmatchedPage {
  std::vector<UnmatchedActor> items;
  std::int64_t total = 0;       ///< Every unmapped agent of the agency.
  std::int64_t next_after = 0;  ///< Pass as `after` for the next page; 0 when this is the last.
};

/// The unmapped agents of the actor's agency, by id after `after`, `limit` 1–500 (else
/// kInvalidArgument "limit"). Audited as lrs.unmatched.list with the count.
class ListUnmatchedActors {
 public:
  explicit ListUnmatchedActors(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<UnmatchedPage> Run(const Principal& actor, std::int64_t after, int limit,
                              const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Staff resolve an unmapped actor to a client named by `number`: its participant id or its case
/// number. kInvalidArgument ("client") when empty; kNotFound when the actor or the client does
/// not exist or the client is outside the caller's caseload; kConflict when the actor is mapped
/// already or several clients share the case number. Writes a journal entry on the client
/// (without the identifier) and audits lrs.actor.resolve. Returns the client, contact data opened.
class ResolveActor {
 public:
  explicit ResolveActor(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<domain::programs::Client> Run(const Principal& actor, std::int64_t actor_id,
                                         std::string_view number, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::lrs
