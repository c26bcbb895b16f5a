#include "storage/sql/term_id_cache.hpp"

#include <algorithm>
#include <utility>

namespace reskill::storage {

TermIdCache::TermIdCache(std::size_t capacity)
    : generation_size_(std::max<std::size_t>(capacity, 2) / 2) {}

std::vector<std::optional<std::int64_t>> TermIdCache::FindAll(
    const std::vector<TermKeyView>& keys) {
  std::vector<std::optional<std::int64_t>> out(keys.size());
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (auto it = young_.find(keys[i]); it != young_.end()) {
      out[i] = it->second;
      continue;
    }
    auto old = old_.find(keys[i]);
    if (old == old_.end()) continue;
    out[i] = old->second;
    // Used again: back to the young generation, so a turnover does not drop it.
    auto node = old_.extract(old);
    InsertLocked(std::move(node.key()), node.mapped());
  }
  return out;
}

void TermIdCache::PutAll(std::vector<TermIdEntry> entries) {
  std::lock_guard lock(mu_);
  for (TermIdEntry& e : entries) {
    // Heterogeneous erase is C++23: find first.
    if (auto it = old_.find(TermKeyView{e.tenant, e.term}); it != old_.end()) old_.erase(it);
    InsertLocked(TermKey{e.tenant, std::move(e.term)}, e.id);
  }
}

void TermIdCache::InsertLocked(TermKey key, std::int64_t id) {
  if (auto it = young_.find(key); it != young_.end()) {
    it->second = id;
    return;
  }
  if (young_.size() >= generation_size_) {
    old_ = std::move(young_);
    young_ = TermIdMap();
  }
  young_.emplace(std::move(key), id);
}

std::size_t TermIdCache::size() const {
  std::lock_guard lock(mu_);
  return young_.size() + old_.size();
}

std::size_t TermIdCache::capacity() const {
  std::lock_guard lock(mu_);
  return generation_size_ * 2;
}

void TermIdCache::Reset(std::size_t capacity) {
  std::lock_guard lock(mu_);
  generation_size_ = std::max<std::size_t>(capacity, 2) / 2;
  young_ = TermIdMap();
  old_ = TermIdMap();
}

}  // namespace reskill::storage
