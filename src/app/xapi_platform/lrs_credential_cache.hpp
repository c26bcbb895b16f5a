// An in-process cache of authenticated LRS credentials (HTTP Basic key/secret and OAuth bearer
// tokens), so an xAPI request does not cost a read transaction to authenticate. Bounded in size,
// entries live a short TTL; invalidated at once by the use cases that revoke credentials in this
// process (another process's revocation takes effect within the TTL). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/ids.hpp"
#include "common/time.hpp"
#include "domain/xapi_platform/lrs_client.hpp"

namespace reskill::app {

/// What a cache entry answers: the client as read from the store and the scopes the credential
/// grants (the client's for Basic, the token's granted subset for a bearer token).
struct CachedLrsCaller {
  domain::xapi_platform::LrsClient client;
  domain::xapi_platform::ScopeSet scopes;
};

/// Successful authentications of the last `ttl`, keyed by the client key (Basic: the entry
/// keeps the client's stored secret hash, which the caller compares with the presented secret's
/// hash in constant time) or by the hash of a bearer token (a wrong token hashes elsewhere).
/// Failures are never cached. Thread-safe (one mutex; every operation is O(1) but for Put on a
/// full cache, which first drops expired entries, then the one expiring first).
class LrsCredentialCache {
 public:
  struct Options {
    std::chrono::milliseconds ttl{std::chrono::seconds(10)};  ///< Entry lifetime; default 10 s.
    std::size_t max_entries = 4096;  ///< Basic and bearer entries together; default 4,096.
  };

  LrsCredentialCache() : LrsCredentialCache(Options{}) {}
  explicit LrsCredentialCache(Options options) : options_(options) {}
  LrsCredentialCache(const LrsCredentialCache&) = delete;
  LrsCredentialCache& operator=(const LrsCredentialCache&) = delete;

  /// A number to read before loading credentials from the store and to pass to Put*: a Put
  /// whose generation an invalidation has passed since is dropped, so a read that raced with a
  /// revocation cannot bring the revoked credential back.
  std::uint64_t Generation() const;

  /// The entry of Basic key `key` unexpired at `now`: the client with its stored secret hash.
  /// The caller must compare the hashes (SecretTokens::Equal) before trusting it.
  std::optional<CachedLrsCaller> FindBasic(std::string_view key, Timestamp now) const;
  /// Caches a client that authenticated with its key and secret at `now`.
  void PutBasic(const CachedLrsCaller& caller, Timestamp now, std::uint64_t generation);

  /// The entry of the bearer token whose hash is `token_hash` in `tenant`, unexpired at `now`.
  std::optional<CachedLrsCaller> FindBearer(TenantId tenant, std::string_view token_hash,
                                            Timestamp now) const;
  /// Caches a bearer token; the entry never outlives the token (`token_expires_at`).
  void PutBearer(TenantId tenant, std::string_view token_hash, const CachedLrsCaller& caller,
                 Timestamp token_expires_at, Timestamp now, std::uint64_t generation);

  /// Records that the client was used at `at` in its entries (the store's last_used_at is
  /// refreshed at most once a minute; the cached copy must see that refresh).
  void NoteUsed(TenantId tenant, LrsClientId client, Timestamp at);

  /// Drops every entry of the client (its Basic key and all its bearer tokens).
  void InvalidateClient(TenantId tenant, LrsClientId client);

  /// Entries held (expired ones included until they are dropped).
  std::size_t size() const;

 private:
  struct Entry {
    CachedLrsCaller caller;
    Timestamp expires_at;
  };
  void PutLocked(std::string key, const CachedLrsCaller& caller, Timestamp expires_at,
                 Timestamp now);
  static std::string BearerKey(TenantId tenant, std::string_view token_hash);

  const Options options_;
  mutable std::mutex mu_;
  std::uint64_t generation_ = 0;                    // guarded by mu_
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_; "b|KEY" or "t|TENANT|HASH"
};

}  // namespace reskill::app
