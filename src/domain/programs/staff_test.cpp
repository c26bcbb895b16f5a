#include "domain/programs/staff.hpp"

#include <gtest/gtest.h>

namespace reskill::domain::programs {
namespace {

TEST(RoleSetTest, RoundTripsCsv) {
  RoleSet s{Role::kCounselor, Role::kAdmin};
  EXPECT_EQ(s.ToCsv(), "admin,counselor");
  EXPECT_EQ(RoleSet::FromCsv("admin,counselor"), s);
  EXPECT_FALSE(RoleSet::FromCsv("admin,root"));
  EXPECT_TRUE(RoleSet::FromCsv("")->empty());
}

TEST(StaffValidationTest, Slugs) {
  EXPECT_TRUE(ValidateTenantSlug("demo").ok());
  EXPECT_TRUE(ValidateTenantSlug("county-7").ok());
  for (const char* bad : {"", "a", "7up", "Demo", "de mo", "d_x"}) {
    EXPECT_EQ(ValidateTenantSlug(bad).field(), "slug") << bad;
  }
}

TEST(StaffValidationTest, Emails) {
  EXPECT_EQ(*NormalizeEmail("  Ana@Example.ORG "), "ana@example.org");
  for (const char* bad :
       {"", "ana", "@x.org", "ana@", "ana@x", "a b@x.org", "a@@x.org", "a@x.org."}) {
    EXPECT_FALSE(NormalizeEmail(bad).ok()) << bad;
  }
}

TEST(SignInPolicyTest, WaitDoublesAfterThreshold) {
  SignInPolicy p;
  const Timestamp t = FromUnixMillis(1'000'000);
  EXPECT_EQ(NextSignInAllowedAt(p, 2, t), t);
  EXPECT_EQ(NextSignInAllowedAt(p, 3, t), t + std::chrono::seconds(1));
  EXPECT_EQ(NextSignInAllowedAt(p, 5, t), t + std::chrono::seconds(4));
}

}  // namespace
}  // namespace reskill::domain::programs
