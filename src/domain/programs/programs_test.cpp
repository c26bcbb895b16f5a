#include "domain/programs/programs.hpp"

#include <gtest/gtest.h>

namespace reskill::domain::programs {
namespace {

TEST(SsnTest, RefusesNineDigitShapesWithOrWithoutSeparators) {
  for (const char* text :
       {"123456789", "123-45-6789", "123 45 6789", "case 123-45-6789 x", " 123 - 45 - 6789 "}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(LooksLikeSsn(text));
    const Status st = RefuseSsn(text, "case_number");
    EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.field(), "case_number");
  }
  for (const char* text :
       {"", "CW-2026-0001", "12345678", "1234567890", "555-123-4567", "P-7K3M9Q", "12-34"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(LooksLikeSsn(text));
  }
}

TEST(ParticipantIdTest, HasTheShapeAndAvoidsLookAlikes) {
  const std::string id = MakeParticipantId("\x01\x02\x03\x04\x05\x06");
  EXPECT_TRUE(IsParticipantId(id)) << id;
  EXPECT_FALSE(IsParticipantId("P-0OIL11"));
  EXPECT_FALSE(IsParticipantId("X-ABCDEF"));
  EXPECT_EQ(MakeParticipantId("abcdef"), MakeParticipantId("abcdef"));
}

Program ValidProgram() {
  Program p;
  p.name = "CalWORKs Welfare-to-Work 2027";
  p.target_population = "CalWORKs recipients";
  p.display_name = "County Skills Academy";
  p.starts_at = FromUnixMillis(1'700'000'000'000);
  return p;
}

TEST(ProgramTest, DisplayNameMustNotRevealThePopulation) {
  EXPECT_TRUE(ValidateProgram(ValidProgram()).ok());
  Program p = ValidProgram();
  p.display_name = "CalWORKs recipients academy";
  EXPECT_EQ(ValidateProgram(p).field(), "display_name");
  p = ValidProgram();
  p.display_name = "calworks welfare-to-work 2027";
  EXPECT_EQ(ValidateProgram(p).field(), "display_name");
  p = ValidProgram();
  p.invitation_text_en = "Welcome to CalWORKs Welfare-to-Work 2027";
  EXPECT_EQ(ValidateProgram(p).field(), "invitation_text_en");
  p = ValidProgram();
  p.ends_at = p.starts_at;
  EXPECT_EQ(ValidateProgram(p).field(), "ends_at");
  p = ValidProgram();
  p.invitation_valid_days = 0;
  EXPECT_EQ(ValidateProgram(p).field(), "invitation_valid_days");
}

TEST(ClientTest, ValidatesContactFieldsAndRefusesSsnInCaseNumber) {
  Client c;
  c.given_name = "Ana";
  c.family_name = "Ruiz";
  c.email = "ana@example.org";
  c.phone = "+1 (555) 010-2000";
  c.case_number = "CW-1001";
  EXPECT_TRUE(ValidateClient(c).ok());
  c.case_number = "123-45-6789";
  EXPECT_EQ(ValidateClient(c).field(), "case_number");
  c.case_number = "";
  c.phone = "abc";
  EXPECT_EQ(ValidateClient(c).field(), "phone");
  c.phone = "";
  c.email = "not-an-address";
  EXPECT_EQ(ValidateClient(c).field(), "email");
  c.email = "";
  c.preferred_language = "fr";
  EXPECT_EQ(ValidateClient(c).field(), "preferred_language");
}

TEST(ConsentTest, ActiveOnlyWhenGivenNotWithdrawnAndNotExpired) {
  Consent c;
  c.purpose = "Enrol in online courses";
  c.data_categories = {"email", "participant_id"};
  c.method = ConsentMethod::kPaper;
  c.document_ref = "scan-2026-001.pdf";
  c.requested_at = FromUnixMillis(1000);
  c.expires_at = FromUnixMillis(1000) + std::chrono::days(365);
  EXPECT_TRUE(ValidateConsent(c).ok());
  EXPECT_FALSE(c.IsActiveAt(FromUnixMillis(2000)));  // not given yet
  c.given_at = FromUnixMillis(1000);
  EXPECT_TRUE(c.IsActiveAt(FromUnixMillis(2000)));
  EXPECT_FALSE(c.IsActiveAt(c.expires_at));
  c.withdrawn_at = FromUnixMillis(3000);
  EXPECT_FALSE(c.IsActiveAt(FromUnixMillis(4000)));
  c.document_ref = "";
  EXPECT_EQ(ValidateConsent(c).field(), "document_ref");
  c.method = ConsentMethod::kEmail;
  c.data_categories = {"ssn"};
  EXPECT_EQ(ValidateConsent(c).field(), "data_categories[0]");
}

TEST(PoolUsageTest, InvitationsHoldSeatsAndTheAlertStartsAtSeventyFivePercent) {
  PoolUsage u;
  u.seats = 4;
  EXPECT_EQ(u.available(), 4);
  EXPECT_FALSE(u.alert());
  u.issued = 2;
  EXPECT_EQ(u.available(), 2);
  EXPECT_FALSE(u.alert());
  u.activated = 1;
  EXPECT_EQ(u.available(), 1);
  EXPECT_TRUE(u.alert());
  EXPECT_EQ(u.allocation_percent(), 75);
}

TEST(ActivityPlanTest, AtMostThreeCalendarMonths) {
  ActivityPlan p;
  p.activity_code = "JS-01";
  p.category = "Job search";
  p.starts_at = *ParseIso8601("2026-11-30");
  p.ends_at = *ParseIso8601("2027-02-28");
  EXPECT_TRUE(ValidateActivityPlan(p).ok());
  p.ends_at = *ParseIso8601("2027-03-01");
  EXPECT_EQ(ValidateActivityPlan(p).field(), "ends_at");
  EXPECT_EQ(AddMonths(*ParseIso8601("2027-01-31"), 1), *ParseIso8601("2027-02-28"));
  p.activity_code = "bad code";
  EXPECT_EQ(ValidateActivityPlan(p).field(), "activity_code");
}

}  // namespace
}  // namespace reskill::domain::programs
