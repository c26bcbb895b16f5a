#include "domain/catalog/labour_market.hpp"

#include <string>

#include <gtest/gtest.h>

namespace reskill::domain::catalog {
namespace {

TEST(SocCodeTest, ValidatesTheSixDigitShape) {
  struct Case {
    const char* code;
    bool ok;
  };
  for (const Case& c : {Case{"15-1252", true}, Case{"31-1120", true}, Case{"15-1252.00", false},
                        Case{"151252", false}, Case{"15-125", false}, Case{"1a-1252", false},
                        Case{"", false}, Case{"15_1252", false}}) {
    SCOPED_TRACE(c.code);
    const Status st = ValidateSocCode(c.code);
    EXPECT_EQ(st.ok(), c.ok);
    if (!st.ok()) {
      EXPECT_EQ(st.field(), "soc_code");
    }
  }
}

TEST(SocCodeTest, BroadGroupEndsInZero) {
  EXPECT_EQ(BroadSocCodeOf("15-1252"), "15-1250");
  EXPECT_EQ(BroadSocCodeOf("31-1121"), "31-1120");
  EXPECT_EQ(BroadSocCodeOf("31-1120"), "31-1120");
  EXPECT_TRUE(IsBroadSocCode("31-1120"));
  EXPECT_FALSE(IsBroadSocCode("31-1121"));
  EXPECT_FALSE(IsBroadSocCode("31-112"));
}

TEST(ResolveSocCodeTest, DetailedThenAggregateThenBroad) {
  // As in OEWS May 2024: 21-1018 combines O*NET 21-1011 and 21-1014; 31-1120 is published only
  // as a group; the military (55-) is not surveyed.
  const SocCodeSet published = {"15-1250", "15-1252", "21-1010", "21-1012", "21-1013",
                                "21-1018", "31-1120", "53-1041", "53-1047"};
  const SocCodeSet onet = {"15-1252", "21-1011", "21-1012", "21-1013", "21-1014", "31-1121",
                           "31-1122", "53-1041", "53-1042", "53-1043", "55-1011"};
  using M = SocMatch;
  EXPECT_EQ(ResolveSocCode("15-1252.00", published, onet),
            (SocResolution{"15-1252", M::kDetailed}));
  EXPECT_EQ(ResolveSocCode("21-1012.00", published, onet),
            (SocResolution{"21-1012", M::kDetailed}));
  EXPECT_EQ(ResolveSocCode("21-1011.00", published, onet),
            (SocResolution{"21-1018", M::kAggregate}));
  EXPECT_EQ(ResolveSocCode("21-1014.00", published, onet),
            (SocResolution{"21-1018", M::kAggregate}));
  EXPECT_EQ(ResolveSocCode("53-1042.00", published, onet),
            (SocResolution{"53-1047", M::kAggregate}));
  EXPECT_EQ(ResolveSocCode("31-1121.00", published, onet), (SocResolution{"31-1120", M::kBroad}));
  EXPECT_EQ(ResolveSocCode("31-1122.00", published, onet), (SocResolution{"31-1120", M::kBroad}));
  EXPECT_EQ(ResolveSocCode("55-1011.00", published, onet), std::nullopt);
  // Specialties share their SOC code's figures.
  EXPECT_EQ(ResolveSocCode("15-1252.01", published, onet),
            (SocResolution{"15-1252", M::kDetailed}));
}

TEST(ResolveSocCodeTest, TwoUnclaimedCodesAreAmbiguous) {
  const SocCodeSet published = {"25-2050", "25-2052", "25-2059"};
  const SocCodeSet onet = {"25-2055", "25-2056", "25-2057"};
  EXPECT_EQ(ResolveSocCode("25-2055.00", published, onet),
            (SocResolution{"25-2050", SocMatch::kBroad}));
  EXPECT_EQ(ResolveSocCode("25-2055.00", {"25-2052", "25-2059"}, onet), std::nullopt);
}

TEST(SocMatchTest, Names) {
  EXPECT_EQ(SocMatchName(SocMatch::kDetailed), "detailed");
  EXPECT_EQ(SocMatchName(SocMatch::kAggregate), "aggregate");
  EXPECT_EQ(SocMatchName(SocMatch::kBroad), "broad");
}

TEST(WageRecordTest, TopCodedMaskRoundTrips) {
  WageRecord w;
  w.annual.pct90.top_coded = true;
  w.annual.median.top_coded = true;
  w.hourly.pct90.top_coded = true;
  const std::int64_t mask = w.TopCodedMask();
  EXPECT_EQ(mask, (1 << 5) | (1 << 3) | (1 << 11));
  WageRecord back;
  back.ApplyTopCodedMask(mask);
  EXPECT_EQ(back.annual, w.annual);
  EXPECT_EQ(back.hourly, w.hourly);
  EXPECT_FALSE(back.annual.mean.top_coded);
}

TEST(ProjectionPeriodTest, KeyAndLabel) {
  const ProjectionPeriod p{2024, 2034};
  EXPECT_EQ(p.Key(), "2024-2034");
  EXPECT_EQ(p.Label(), "2024\u201334");
  EXPECT_EQ((ProjectionPeriod{1998, 2008}).Label(), "1998\u20132008");
}

TEST(SocGroupTest, NamesRoundTrip) {
  for (SocGroup g : {SocGroup::kDetailed, SocGroup::kBroad}) {
    EXPECT_EQ(ParseSocGroup(SocGroupName(g)), g);
  }
  EXPECT_EQ(ParseSocGroup("minor"), std::nullopt);
}

}  // namespace
}  // namespace reskill::domain::catalog
