#include "platform/platform.hpp"

#include <set>

#include <gtest/gtest.h>

namespace reskill::platform {
namespace {

TEST(PlatformTest, PasswordHashVerifies) {
  ASSERT_TRUE(InitCrypto().ok());
  SodiumPasswordHasher hasher(1, 8192);
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery"));
  EXPECT_FALSE(hasher.Verify(*hash, "correct horse battery!"));
}

TEST(PlatformTest, IdsAreUniqueAndIncreasing) {
  TimeOrderedIdGenerator ids;
  std::int64_t prev = 0;
  std::set<std::int64_t> seen;
  for (int i = 0; i < 100000; ++i) {
    const auto id = ids.Next();
    EXPECT_GT(id, prev);
    prev = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100000u);
}

TEST(PlatformTest, TokensAreRandomAndHashStable) {
  ASSERT_TRUE(InitCrypto().ok());
  SodiumSecretTokens tokens;
  const auto a = tokens.NewToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, tokens.NewToken());
  EXPECT_EQ(tokens.HashToken(a), tokens.HashToken(a));
  EXPECT_EQ(tokens.HashToken(a).size(), 64u);
  EXPECT_TRUE(tokens.Equal("abc", "abc"));
  EXPECT_FALSE(tokens.Equal("abc", "abd"));
}

}  // namespace
}  // namespace reskill::platform
