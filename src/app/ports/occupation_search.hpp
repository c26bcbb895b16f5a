// Port for full-text search over O*NET occupation titles, alternate titles and short titles
// (SQLite FTS5 with the porter stemmer; PostgreSQL english text search). The index follows the
// O*NET tables by itself (database triggers). One object per transaction
// (from UnitOfWork::occupation_search()).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "domain/catalog/search_terms.hpp"

namespace reskill::app {

/// Which title of an occupation matched. Wire-visible by name (TitleKindName): do not rename;
/// stored as its number in occupation_search_doc.kind: do not renumber.
enum class TitleKind { kTitle = 0, kAlternateTitle = 1, kShortTitle = 2 };

/// "title", "alternate_title", "short_title".
inline std::string_view TitleKindName(TitleKind kind) {
  switch (kind) {
    case TitleKind::kTitle: return "title";
    case TitleKind::kAlternateTitle: return "alternate_title";
    case TitleKind::kShortTitle: return "short_title";
  }
  return "title";
}

/// One matching title.
struct OccupationSearchHit {
  std::string code;           ///< O*NET-SOC code.
  std::string title;          ///< The occupation's title.
  int job_zone = 0;           ///< The occupation's job zone (0: unknown).
  std::string matched_title;  ///< The title that matched (== title for kTitle).
  TitleKind kind = TitleKind::kTitle;
  /// The engine's relevance, higher is better (bm25 or ts_rank, occupation titles weighted
  /// tenfold); comparable only within one result.
  double score = 0;
};

class OccupationSearch {
 public:
  virtual ~OccupationSearch() = default;
  /// Titles matching every word of `terms` (or, with `any_word`, at least one), the last word
  /// also as a prefix when `terms.prefix_last`; best first, at most `limit` (several titles of
  /// one occupation may appear). Word order and plural forms do not matter.
  virtual StatusOr<std::vector<OccupationSearchHit>> Search(
      const domain::catalog::SearchTerms& terms, bool any_word, int limit) = 0;
};

}  // namespace reskill::app
