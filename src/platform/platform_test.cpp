#include "platform/platform.hpp"

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include "common/strings.hpp"

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

TEST(PlatformTest, TheDummyHashCostsWhatARealHashCostsAndMatchesNoPassword) {
  ASSERT_TRUE(InitCrypto().ok());
  SodiumPasswordHasher hasher(2, 8192);
  const std::string& dummy = hasher.dummy_hash();
  ASSERT_TRUE(dummy.starts_with("$argon2id$v=19$m=8192,t=2,p=1$")) << dummy;
  // Well formed and with exactly this hasher's parameters: libsodium parses it and would not
  // rehash it, so verifying against it runs a full Argon2id of the same cost.
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(dummy.c_str(), 2, 8192 * 1024), 0);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(dummy.c_str(), 3, 8192 * 1024), 1);
  EXPECT_FALSE(hasher.Verify(dummy, ""));
  EXPECT_FALSE(hasher.Verify(dummy, "not a real password, used to even out timing"));
  hasher.VerifyDummy("anything");
  // Its salt and digest are random: another hasher's differs.
  EXPECT_NE(SodiumPasswordHasher(2, 8192).dummy_hash(), dummy);
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

std::filesystem::path TempKeyPath(const char* name) {
  return std::filesystem::temp_directory_path() /
         (std::string("reskill-key-") + std::to_string(::getpid()) + "-" + name) / "contact.key";
}

TEST(PlatformTest, ContactKeyFileIsCreatedPrivateAndReadBack) {
  ASSERT_TRUE(InitCrypto().ok());
  const auto path = TempKeyPath("create");
  std::filesystem::remove_all(path.parent_path());
  EXPECT_EQ(LoadContactKey(path, false).status().code(), ErrorCode::kNotFound);
  auto created = LoadContactKey(path, true);
  ASSERT_TRUE(created.ok());
  const auto perms = std::filesystem::status(path).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  auto again = LoadContactKey(path, true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*created, *again);
  {
    std::ofstream bad(path, std::ios::trunc);
    bad << "not-hex\n";
  }
  auto broken = LoadContactKey(path, true);
  EXPECT_EQ(broken.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(broken.status().field(), "security.contact_key_file");
  std::filesystem::remove_all(path.parent_path());
}

TEST(PlatformTest, ContactCipherSealsOpensAndIndexes) {
  ASSERT_TRUE(InitCrypto().ok());
  ContactKey key{};
  key.fill(7);
  SodiumContactCipher cipher(key);
  const std::string email = "ana.garcia@example.org";
  const std::string a = cipher.Seal(email);
  const std::string b = cipher.Seal(email);
  EXPECT_NE(a, b);                              // fresh nonce each time
  EXPECT_EQ(a.find("ana"), std::string::npos);  // nothing in clear
  EXPECT_EQ(cipher.Open(a).value(), email);
  EXPECT_EQ(cipher.Open(cipher.Seal("")).value(), "");

  std::string altered = a;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher.Open(altered).ok());
  EXPECT_FALSE(cipher.Open("v2.abc").ok());
  EXPECT_FALSE(cipher.Open("v1.").ok());

  ContactKey other_key{};
  other_key.fill(8);
  SodiumContactCipher other(other_key);
  EXPECT_FALSE(other.Open(a).ok());

  EXPECT_EQ(cipher.BlindIndex(NormalizeEmail(" Ana.Garcia@Example.org ")),
            cipher.BlindIndex(email));
  EXPECT_NE(cipher.BlindIndex(email), other.BlindIndex(email));
  EXPECT_NE(cipher.BlindIndex(email), cipher.BlindIndex("ana.garcia@example.com"));
  EXPECT_EQ(cipher.BlindIndex(email).size(), 64u);
}
}  // namespace
}  // namespace reskill::platform
