#include "domain/xapi_platform/lrs_client.hpp"

#include <gtest/gtest.h>

namespace reskill::domain::xapi_platform {
namespace {

TEST(XapiVersionTest, AcceptsThe10And20FamiliesOnly) {
  struct Case {
    const char* header;
    std::optional<XapiVersion> want;
  };
  const Case cases[] = {
      {"1.0.3", XapiVersion::k1_0},   {"1.0.0", XapiVersion::k1_0},
      {"1.0", XapiVersion::k1_0},     {"1.0.9", XapiVersion::k1_0},
      {" 1.0.1 ", XapiVersion::k1_0}, {"2.0.0", XapiVersion::k2_0},
      {"2.0", XapiVersion::k2_0},     {"0.95", std::nullopt},
      {"0.9", std::nullopt},          {"1.1.0", std::nullopt},
      {"1.0.", std::nullopt},         {"1.0.x", std::nullopt},
      {"3.0.0", std::nullopt},        {"", std::nullopt},
      {"2.1.0", std::nullopt},        {"1.0.3-beta", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseXapiVersion(c.header), c.want) << c.header;
  }
  EXPECT_EQ(XapiVersionHeader(XapiVersion::k1_0), "1.0.3");
  EXPECT_EQ(XapiVersionHeader(XapiVersion::k2_0), "2.0.0");
}

TEST(ScopeTest, ParsesSpaceSeparatedListsAndNamesUnknownScopes) {
  auto set = ParseScopes("statements/write  state xapi:write");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(*set, (ScopeSet{Scope::kStatementsWrite, Scope::kState, Scope::kXapiWrite}));
  EXPECT_EQ(set->ToString(), "statements/write state xapi:write");
  for (Scope s : kAllScopes) EXPECT_EQ(ParseScope(ScopeName(s)), s);

  auto bad = ParseScopes("all statements/delete", "scopes");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "scopes");
  EXPECT_NE(bad.status().public_message().find("statements/delete"), std::string::npos);
  EXPECT_TRUE(ParseScopes("").value().empty());
  EXPECT_EQ(DefaultScopes(), (ScopeSet{Scope::kStatementsWrite, Scope::kStatementsReadMine}));
}

TEST(ScopeTest, PermitsFollowsTheScopeTable) {
  using R = XapiResource;
  struct Case {
    ScopeSet held;
    R resource;
    bool write;
    bool want;
  };
  const Case cases[] = {
      {{Scope::kAll}, R::kState, true, true},
      {{Scope::kXapiAll}, R::kAgentProfile, true, true},
      {{Scope::kAllRead}, R::kStatements, false, true},
      {{Scope::kAllRead}, R::kStatements, true, false},
      {{Scope::kAllRead}, R::kState, true, false},
      {{Scope::kXapiRead}, R::kActivityProfile, false, true},
      {{Scope::kXapiWrite}, R::kStatements, true, true},
      {{Scope::kXapiWrite}, R::kStatements, false, false},
      {{Scope::kStatementsWrite}, R::kStatements, true, true},
      {{Scope::kStatementsWrite}, R::kStatements, false, false},
      {{Scope::kStatementsWrite}, R::kState, false, false},
      {{Scope::kStatementsReadMine}, R::kStatements, false, true},
      {{Scope::kStatementsReadMine}, R::kStatements, true, false},
      {{Scope::kStatementsRead}, R::kActivities, false, true},
      {{Scope::kState}, R::kState, true, true},
      {{Scope::kState}, R::kActivityProfile, false, false},
      {{Scope::kProfile}, R::kAgentProfile, true, true},
      {{Scope::kProfile}, R::kState, true, false},
      {{Scope::kDefine}, R::kAgents, false, true},
      {{Scope::kDefine}, R::kStatements, true, false},
      {{}, R::kStatements, false, false},
      {{}, R::kAbout, false, true},
      {{Scope::kAll}, R::kNone, false, true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Permits(c.held, c.resource, c.write), c.want)
        << c.held.ToString() << " resource " << static_cast<int>(c.resource) << " write "
        << c.write;
  }
}

TEST(LrsClientTest, ValidatesNames) {
  EXPECT_TRUE(ValidateClientName("LinkedIn Learning").ok());
  EXPECT_EQ(ValidateClientName("  ").field(), "name");
  EXPECT_EQ(ValidateClientName(std::string(101, 'a')).field(), "name");
  EXPECT_EQ(ValidateClientName("bad\x01name").field(), "name");
  EXPECT_EQ(ValidateClientName("\xff\xfe").field(), "name");
}

}  // namespace
}  // namespace reskill::domain::xapi_platform
