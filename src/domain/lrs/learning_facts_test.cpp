#include "domain/lrs/learning_facts.hpp"

#include <string>

#include <gtest/gtest.h>

namespace reskill::domain::lrs {
namespace {

ParsedStatement Parse(const std::string& verb, const std::string& result = "") {
  const std::string json = R"({"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":")" + verb +
                           R"("},"object":{"id":"http://example.com/course/1"})" + result + "}";
  auto p = ParseStatement(json, SpecVersion::k1_0);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(p).value() : ParsedStatement{};
}

const Timestamp kLateEvening = FromUnixMillis(1'763'942'399'000);  // 2025-11-23T23:59:59Z

TEST(LearningFactsTest, CountsByVerbClass) {
  struct Case {
    const char* verb;
    std::int64_t started, progressed, completed, passed;
  };
  for (const Case& c : {Case{"http://adlnet.gov/expapi/verbs/launched", 1, 0, 0, 0},
                        Case{"http://adlnet.gov/expapi/verbs/progressed", 0, 1, 0, 0},
                        Case{"http://adlnet.gov/expapi/verbs/completed", 0, 0, 1, 0},
                        Case{"http://adlnet.gov/expapi/verbs/passed", 0, 0, 0, 1},
                        Case{"http://adlnet.gov/expapi/verbs/failed", 0, 0, 0, 0},
                        Case{"http://example.com/verbs/liked", 0, 0, 0, 0}}) {
    SCOPED_TRACE(c.verb);
    auto f = FactOf(Parse(c.verb), kLateEvening);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->started, c.started);
    EXPECT_EQ(f->progressed, c.progressed);
    EXPECT_EQ(f->completed, c.completed);
    EXPECT_EQ(f->passed, c.passed);
    EXPECT_EQ(f->day, "2025-11-23");
    EXPECT_EQ(f->at, kLateEvening);
    EXPECT_EQ(f->seconds, 0);
  }
}

TEST(LearningFactsTest, SecondsComeFromTheDurationRoundedAndCapped) {
  auto f = FactOf(
      Parse("http://adlnet.gov/expapi/verbs/progressed", R"(,"result":{"duration":"PT1H2M3.6S"})"),
      kLateEvening);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->seconds, 3724);
  f = FactOf(
      Parse("http://adlnet.gov/expapi/verbs/progressed", R"(,"result":{"duration":"P100Y"})"),
      kLateEvening);
  EXPECT_EQ(f->seconds, kMaxFactSeconds);
}

TEST(LearningFactsTest, VoidingStatementsAreNotLearning) {
  const std::string json =
      R"({"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"3b7b0c2e-8f1a-4a57-9a4e-2a8f5f0d1c11"}})";
  auto p = ParseStatement(json, SpecVersion::k1_0);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE(FactOf(*p, kLateEvening).has_value());
}

TEST(LearningFactsTest, DaysAreUtc) {
  EXPECT_EQ(UtcDay(FromUnixMillis(0)), "1970-01-01");
  EXPECT_EQ(UtcDay(kLateEvening + std::chrono::seconds(1)), "2025-11-24");
}

}  // namespace
}  // namespace reskill::domain::lrs
