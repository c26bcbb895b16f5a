#include "domain/catalog/search_terms.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace reskill::domain::catalog {
namespace {

std::vector<std::string> Words(std::string_view q) {
  auto terms = ParseSearchQuery(q);
  EXPECT_TRUE(terms.ok()) << q << ": " << terms.status().ToString();
  return terms.ok() ? terms->words : std::vector<std::string>{};
}

TEST(ParseSearchQueryTest, KeepsOnlyWords) {
  EXPECT_EQ(Words("Cashier"), (std::vector<std::string>{"cashier"}));
  EXPECT_EQ(Words("  help   DESK "), (std::vector<std::string>{"help", "desk"}));
  EXPECT_EQ(Words("teachers of the English"), (std::vector<std::string>{"teachers", "english"}));
  EXPECT_EQ(Words("children's"), (std::vector<std::string>{"children"}));
  EXPECT_EQ(Words("Managers, All Other"), (std::vector<std::string>{"managers"}));
  EXPECT_EQ(Words("IT"), (std::vector<std::string>{"it"}));  // only stop words: kept
  EXPECT_EQ(Words("IT help desk"), (std::vector<std::string>{"help", "desk"}));
  EXPECT_EQ(Words("C++ developer"), (std::vector<std::string>{"c", "developer"}));
  EXPECT_EQ(Words("enfermería"), (std::vector<std::string>{"enfermería"}));
}

TEST(ParseSearchQueryTest, FullTextSyntaxCannotGetThrough) {
  // FTS5 and tsquery operators, quotes, column filters and prefixes are all separators.
  for (const char* hostile :
       {"\"cashier\" OR title:*", "NEAR(help desk)", "nurse & !aide | (x:*)", "a' OR '1'='1",
        "{title}: cash*", "^cash", "-nurse +aide", "\\\"; DROP TABLE onet_occupation; --"}) {
    SCOPED_TRACE(hostile);
    auto terms = ParseSearchQuery(hostile);
    ASSERT_TRUE(terms.ok()) << terms.status().ToString();
    for (const auto& w : terms->words) {
      for (char c : w) {
        const auto u = static_cast<unsigned char>(c);
        EXPECT_TRUE((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || u >= 0x80) << w;
      }
    }
  }
  // "OR" is an ordinary word once quoted by the adapters; it is not a stop word here.
  EXPECT_EQ(Words("nurse OR aide"), (std::vector<std::string>{"nurse", "aide"}));
}

TEST(ParseSearchQueryTest, RefusesEmptyLongAndInvalidText) {
  for (std::string_view bad : {std::string_view(""), std::string_view("   "),
                               std::string_view("?!*"), std::string_view("'\"")}) {
    auto terms = ParseSearchQuery(bad);
    ASSERT_FALSE(terms.ok()) << bad;
    EXPECT_EQ(terms.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(terms.status().field(), "q");
  }
  EXPECT_FALSE(ParseSearchQuery(std::string(kMaxSearchQueryBytes + 1, 'a')).ok());
  EXPECT_TRUE(ParseSearchQuery(std::string(kMaxSearchQueryBytes, 'a')).ok());
  EXPECT_FALSE(ParseSearchQuery("caf\xC3").ok());
}

TEST(ParseSearchQueryTest, CapsTheWordCountAndMarksAPrefix) {
  auto terms = ParseSearchQuery("one two three four five six seven eight nine ten");
  ASSERT_TRUE(terms.ok());
  EXPECT_EQ(terms->words.size(), kMaxSearchWords);
  EXPECT_TRUE(terms->prefix_last);
  EXPECT_FALSE(ParseSearchQuery("the help ab")->prefix_last);
  EXPECT_EQ(ParseSearchQuery("Help  Desk")->Joined(), "help desk");
}

TEST(LooksLikeOccupationCodeTest, Prefixes) {
  for (const char* yes : {"15-", "15-1", "15-1252", "15-1252.", "15-1252.00"}) {
    EXPECT_TRUE(LooksLikeOccupationCode(yes)) << yes;
  }
  for (const char* no : {"15", "1-", "15-1252.001", "15_1252", "cashier", "15-12a"}) {
    EXPECT_FALSE(LooksLikeOccupationCode(no)) << no;
  }
}

TEST(LightStemTest, FoldsPluralsAndIng) {
  struct Case {
    const char* word;
    const char* stem;
  };
  for (const Case& c : {Case{"cashiers", "cashier"}, Case{"cashier", "cashier"},
                        Case{"nursing", "nurs"}, Case{"nurses", "nurs"}, Case{"nurse", "nurs"},
                        Case{"assistants", "assistant"}, Case{"secretaries", "secretary"},
                        Case{"business", "business"}, Case{"analysis", "analysis"},
                        Case{"status", "status"}, Case{"aides", "aid"}, Case{"desk", "desk"}}) {
    EXPECT_EQ(LightStem(c.word), c.stem) << c.word;
  }
}

TEST(ClassifyTitleMatchTest, OrdersExactPhraseAndScatteredMatches) {
  const auto classify = [](std::string_view q, std::string_view title) {
    return ClassifyTitleMatch(*ParseSearchQuery(q), title);
  };
  EXPECT_EQ(classify("cashier", "Cashiers"), TitleMatch::kExact);
  EXPECT_EQ(classify("nursing assistant", "Nursing Assistants"), TitleMatch::kExact);
  EXPECT_EQ(classify("cashier", "Gambling Change Persons and Booth Cashiers"), TitleMatch::kPhrase);
  EXPECT_EQ(classify("help desk", "Help Desk Analyst"), TitleMatch::kPhrase);
  EXPECT_EQ(classify("assistant nursing", "Nursing Assistants"), TitleMatch::kAllWords);
  EXPECT_EQ(classify("help desk", "Desk Help"), TitleMatch::kAllWords);
  EXPECT_EQ(classify("cash", "Cashiers"), TitleMatch::kExact);  // prefix of the last word
  EXPECT_EQ(classify("help desk", "Helpers, Construction Trades"), TitleMatch::kPartial);
}

}  // namespace
}  // namespace reskill::domain::catalog
