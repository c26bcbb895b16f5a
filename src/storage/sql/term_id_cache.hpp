// TermIdCache: term text → id of the query index's term dictionary (xapi_term, migration 0020),
// kept by one SqlDatabase for the transactions that write index rows. Bounded; holds committed
// ids only (see docs/adr/0017-integer-term-ids.md). Thread-safe: every member takes one mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reskill::storage {

/// A term of one tenant, for lookups (the text is borrowed).
struct TermKeyView {
  std::int64_t tenant = 0;
  std::string_view term;
};

/// A term of one tenant, owning its text.
struct TermKey {
  std::int64_t tenant = 0;
  std::string term;
};

/// Hash and equality of TermKey and TermKeyView, mixed (heterogeneous lookups).
struct TermKeyHash {
  using is_transparent = void;
  std::size_t operator()(const TermKeyView& k) const noexcept {
    return std::hash<std::string_view>()(k.term) ^
           (static_cast<std::size_t>(k.tenant) * 0x9E3779B97F4A7C15ULL);
  }
  std::size_t operator()(const TermKey& k) const noexcept {
    return (*this)(TermKeyView{k.tenant, k.term});
  }
};
struct TermKeyEqual {
  using is_transparent = void;
  static TermKeyView View(const TermKey& k) { return {k.tenant, k.term}; }
  static TermKeyView View(const TermKeyView& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const noexcept {
    const TermKeyView x = View(a);
    const TermKeyView y = View(b);
    return x.tenant == y.tenant && x.term == y.term;
  }
};

/// Term → id, looked up by TermKeyView without copying the text.
using TermIdMap = std::unordered_map<TermKey, std::int64_t, TermKeyHash, TermKeyEqual>;

/// A term id learned by a transaction: (tenant, term) is the dictionary row with this id.
struct TermIdEntry {
  std::int64_t tenant = 0;
  std::string term;
  std::int64_t id = 0;
};

/// Maps (tenant, term) to the id of its xapi_term row. Only ids of committed rows may be put here:
/// a transaction keeps the ids it inserts to itself until its COMMIT has succeeded, so a rollback
/// cannot leave an id here that names no row (or, later, another term's row). Rows of xapi_term
/// are never deleted or renumbered, so an entry stays true for the database's life.
///
/// At most `capacity` entries, in two generations of capacity / 2: entries go to the young one;
/// when it is full it becomes the old one (the previous old generation is dropped), and a hit in
/// the old generation moves the entry back to the young one. So the terms used since the last
/// turnover stay, and memory is bounded by the capacity (about 150 bytes an entry for the terms
/// of docs/lrs.md). Thread-safe.
class TermIdCache {
 public:
  /// 65,536 entries: about 10 MB, several times the distinct terms a flush of 20,000 statements
  /// names in the bench (about 4,000).
  static constexpr std::size_t kDefaultCapacity = 65'536;

  explicit TermIdCache(std::size_t capacity = kDefaultCapacity);
  TermIdCache(const TermIdCache&) = delete;
  TermIdCache& operator=(const TermIdCache&) = delete;

  /// The ids of `keys`, in order (nullopt where not cached); one lock for all.
  std::vector<std::optional<std::int64_t>> FindAll(const std::vector<TermKeyView>& keys);
  /// Adds committed ids (an entry already present is replaced).
  void PutAll(std::vector<TermIdEntry> entries);
  /// Entries held (both generations); never above capacity().
  std::size_t size() const;
  std::size_t capacity() const;
  /// Sets the bound (at least 2) and drops every entry.
  void Reset(std::size_t capacity);

 private:
  // Inserts into the young generation, turning it over first when it is full.
  void InsertLocked(TermKey key, std::int64_t id);  // mu_ held

  mutable std::mutex mu_;
  // Guarded by mu_:
  std::size_t generation_size_;
  TermIdMap young_;
  TermIdMap old_;
};

}  // namespace reskill::storage
