// Occupation search text: turning what a person types into safe search terms (words only, so
// no full-text query syntax can reach the database), and judging how closely a title matches
// them, for the tie-breaks above the database's own rank. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace reskill::domain::catalog {

/// Longest accepted query, in bytes (longer ones are refused, not cut).
inline constexpr std::size_t kMaxSearchQueryBytes = 200;
/// Words beyond this many are ignored (every word must match, so more only narrow further).
inline constexpr std::size_t kMaxSearchWords = 8;
/// The last word is also matched as a prefix ("cash" → "Cashiers") when it is at least this long.
inline constexpr std::size_t kMinPrefixLength = 3;

/// A parsed query: lower-case words in the order typed, English stop words removed unless the
/// query has nothing else.
/// Each word consists of ASCII letters and digits and non-ASCII UTF-8 sequences only.
struct SearchTerms {
  std::vector<std::string> words;
  bool prefix_last = false;  ///< Match the last word as a prefix too.

  /// The words joined by single spaces ("help desk"), as the storage adapters expect them.
  std::string Joined() const;
};

/// Parses a query. kInvalidArgument (field "q") when it has no word (empty, only punctuation),
/// is longer than kMaxSearchQueryBytes, or is not valid UTF-8.
StatusOr<SearchTerms> ParseSearchQuery(std::string_view text);

/// True when `text` is an O*NET-SOC code or a prefix of one ("15-", "15-12", "15-1252.00").
bool LooksLikeOccupationCode(std::string_view text);

/// A word of a title as search compares it: lower-case, and its light stem.
struct SearchWord {
  std::string text;  ///< "nursing"
  std::string stem;  ///< "nurs"
};

/// The words of `text` (stop words dropped), each with its light stem.
std::vector<SearchWord> SearchWords(std::string_view text);
/// Folds plural and -ing endings so "Cashiers"/"cashier" and "nurse"/"nursing" compare equal.
std::string LightStem(std::string_view lower_word);

/// How a title matches search terms, closest first.
enum class TitleMatch {
  kExact,     ///< The same words in the same order ("Cashiers" for "cashier").
  kPhrase,    ///< The words appear together in order ("Help Desk Analyst" for "help desk").
  kAllWords,  ///< Every word appears, in another order or apart.
  kPartial,   ///< Only some words appear (an any-word fallback search).
};

/// Compares on light stems; the last word also matches as a prefix when `terms.prefix_last`.
TitleMatch ClassifyTitleMatch(const SearchTerms& terms, std::string_view title);

}  // namespace reskill::domain::catalog
