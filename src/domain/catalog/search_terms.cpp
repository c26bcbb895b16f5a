#include "domain/catalog/search_terms.hpp"

#include <algorithm>
#include <array>

#include "common/strings.hpp"

namespace reskill::domain::catalog {

namespace {

// Words too common to search for: PostgreSQL's english stop list (tsearch_data/english.stop,
// 127 words), which its text search drops anyway, so that both engines search the same words
// ("Managers, All Other" searches "managers"). "s" is what an apostrophe leaves ("children's").
constexpr std::array<std::string_view, 127> kStopWords = {
    "i",       "me",      "my",      "myself",   "we",         "our",    "ours",    "ourselves",
    "you",     "your",    "yours",   "yourself", "yourselves", "he",     "him",     "his",
    "himself", "she",     "her",     "hers",     "herself",    "it",     "its",     "itself",
    "they",    "them",    "their",   "theirs",   "themselves", "what",   "which",   "who",
    "whom",    "this",    "that",    "these",    "those",      "am",     "is",      "are",
    "was",     "were",    "be",      "been",     "being",      "have",   "has",     "had",
    "having",  "do",      "does",    "did",      "doing",      "a",      "an",      "the",
    "and",     "but",     "if",      "or",       "because",    "as",     "until",   "while",
    "of",      "at",      "by",      "for",      "with",       "about",  "against", "between",
    "into",    "through", "during",  "before",   "after",      "above",  "below",   "to",
    "from",    "up",      "down",    "in",       "out",        "on",     "off",     "over",
    "under",   "again",   "further", "then",     "once",       "here",   "there",   "when",
    "where",   "why",     "how",     "all",      "any",        "both",   "each",    "few",
    "more",    "most",    "other",   "some",     "such",       "no",     "nor",     "not",
    "only",    "own",     "same",    "so",       "than",       "too",    "very",    "s",
    "t",       "can",     "will",    "just",     "don",        "should", "now"};

bool IsStopWord(std::string_view w) {
  return std::find(kStopWords.begin(), kStopWords.end(), w) != kStopWords.end();
}

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Lower-case words (ASCII folded; other bytes kept), split at everything else.
std::vector<std::string> RawWords(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsWordByte(c)) {
      current += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool WordMatches(const std::string& query_stem, const std::string& query_text,
                 const SearchWord& title_word, bool as_prefix) {
  if (query_stem == title_word.stem) return true;
  return as_prefix && title_word.text.starts_with(query_text);
}

}  // namespace

std::string SearchTerms::Joined() const {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

StatusOr<SearchTerms> ParseSearchQuery(std::string_view text) {
  if (text.size() > kMaxSearchQueryBytes) {
    return InvalidArgument(
        "the search text is too long (at most " + std::to_string(kMaxSearchQueryBytes) + " bytes)",
        "q");
  }
  if (!IsValidUtf8(text)) return InvalidArgument("the search text is not valid UTF-8", "q");
  SearchTerms terms;
  std::vector<std::string> raw = RawWords(text);
  if (raw.empty()) return InvalidArgument("type a word of the job title to search for", "q");
  // A query of stop words only ("IT") is searched as typed rather than refused.
  const bool all_stop =
      std::all_of(raw.begin(), raw.end(), [](const auto& w) { return IsStopWord(w); });
  for (auto& w : raw) {
    if (!all_stop && IsStopWord(w)) continue;
    if (terms.words.size() == kMaxSearchWords) break;
    terms.words.push_back(std::move(w));
  }
  terms.prefix_last = terms.words.back().size() >= kMinPrefixLength;
  return terms;
}

bool LooksLikeOccupationCode(std::string_view text) {
  // "NN-NNNN.NN" with any tail cut off, but at least "NN-".
  static constexpr std::string_view kShape = "00-0000.00";
  if (text.size() < 3 || text.size() > kShape.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char want = kShape[i];
    const char c = text[i];
    if (want == '0' ? (c < '0' || c > '9') : c != want) return false;
  }
  return true;
}

std::string LightStem(std::string_view w) {
  std::string s(w);
  if (s.size() > 4 && EndsWith(s, "ies")) {
    s.resize(s.size() - 3);
    s += 'y';
  } else if (s.size() > 4 && EndsWith(s, "sses")) {
    s.resize(s.size() - 2);
  } else if (s.size() > 3 && EndsWith(s, "s") && !EndsWith(s, "ss") && !EndsWith(s, "us") &&
             !EndsWith(s, "is")) {
    s.pop_back();
  }
  if (s.size() > 5 && EndsWith(s, "ing")) s.resize(s.size() - 3);
  if (s.size() > 3 && EndsWith(s, "e")) s.pop_back();
  return s;
}

std::vector<SearchWord> SearchWords(std::string_view text) {
  std::vector<SearchWord> out;
  for (auto& w : RawWords(text)) {
    if (IsStopWord(w)) continue;
    std::string stem = LightStem(w);
    out.push_back({std::move(w), std::move(stem)});
  }
  return out;
}

TitleMatch ClassifyTitleMatch(const SearchTerms& terms, std::string_view title) {
  const std::vector<SearchWord> title_words = SearchWords(title);
  std::vector<std::string> stems;
  stems.reserve(terms.words.size());
  for (const auto& w : terms.words) stems.push_back(LightStem(w));
  const std::size_t n = terms.words.size();
  const auto matches = [&](std::size_t qi, const SearchWord& tw) {
    return WordMatches(stems[qi], terms.words[qi], tw, terms.prefix_last && qi + 1 == n);
  };

  // The words, contiguous and in order, starting at each position of the title.
  bool phrase = false;
  for (std::size_t start = 0; !phrase && start + n <= title_words.size(); ++start) {
    phrase = true;
    for (std::size_t qi = 0; qi < n && phrase; ++qi) phrase = matches(qi, title_words[start + qi]);
  }
  if (phrase) return title_words.size() == n ? TitleMatch::kExact : TitleMatch::kPhrase;

  for (std::size_t qi = 0; qi < n; ++qi) {
    const bool found = std::any_of(title_words.begin(), title_words.end(),
                                   [&](const SearchWord& tw) { return matches(qi, tw); });
    if (!found) return TitleMatch::kPartial;
  }
  return TitleMatch::kAllWords;
}

}  // namespace reskill::domain::catalog
