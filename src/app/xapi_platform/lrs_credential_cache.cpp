#include "app/xapi_platform/lrs_credential_cache.hpp"

#include <algorithm>

namespace reskill::app {

std::string LrsCredentialCache::BearerKey(TenantId tenant, std::string_view token_hash) {
  std::string key = "t|" + std::to_string(tenant.value()) + "|";
  key += token_hash;
  return key;
}

std::uint64_t LrsCredentialCache::Generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

std::optional<CachedLrsCaller> LrsCredentialCache::FindBasic(std::string_view key,
                                                             Timestamp now) const {
  std::string k = "b|";
  k += key;
  std::lock_guard lock(mu_);
  const auto it = entries_.find(k);
  if (it == entries_.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second.caller;
}

void LrsCredentialCache::PutBasic(const CachedLrsCaller& caller, Timestamp now,
                                  std::uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  PutLocked("b|" + caller.client.key, caller, now + options_.ttl, now);
}

std::optional<CachedLrsCaller> LrsCredentialCache::FindBearer(TenantId tenant,
                                                              std::string_view token_hash,
                                                              Timestamp now) const {
  const std::string k = BearerKey(tenant, token_hash);
  std::lock_guard lock(mu_);
  const auto it = entries_.find(k);
  if (it == entries_.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second.caller;
}

void LrsCredentialCache::PutBearer(TenantId tenant, std::string_view token_hash,
                                   const CachedLrsCaller& caller, Timestamp token_expires_at,
                                   Timestamp now, std::uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  PutLocked(BearerKey(tenant, token_hash), caller, std::min(now + options_.ttl, token_expires_at),
            now);
}

void LrsCredentialCache::PutLocked(std::string key, const CachedLrsCaller& caller,
                                   Timestamp expires_at, Timestamp now) {
  if (options_.max_entries == 0 || expires_at <= now) return;
  if (entries_.size() >= options_.max_entries && !entries_.contains(key)) {
    std::erase_if(entries_, [&](const auto& e) { return e.second.expires_at <= now; });
    if (entries_.size() >= options_.max_entries) {
      entries_.erase(std::min_element(
          entries_.begin(), entries_.end(),
          [](const auto& a, const auto& b) { return a.second.expires_at < b.second.expires_at; }));
    }
  }
  entries_.insert_or_assign(std::move(key), Entry{caller, expires_at});
}

void LrsCredentialCache::NoteUsed(TenantId tenant, LrsClientId client, Timestamp at) {
  std::lock_guard lock(mu_);
  for (auto& [key, e] : entries_) {
    if (e.caller.client.tenant_id == tenant && e.caller.client.id == client) {
      e.caller.client.last_used_at = at;
    }
  }
}

void LrsCredentialCache::InvalidateClient(TenantId tenant, LrsClientId client) {
  std::lock_guard lock(mu_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& e) {
    return e.second.caller.client.tenant_id == tenant && e.second.caller.client.id == client;
  });
}

std::size_t LrsCredentialCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace reskill::app
