#include "domain/activity/provider_report.hpp"

#include <string>

#include <gtest/gtest.h>

namespace reskill::domain::activity {
namespace {

constexpr const char* kLinkedIn =
    "Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions,"
    "Start Day (PST/PDT),End Day (PST/PDT)\n"
    "Ana Ruiz,ana@example.org,P-7K3M9Q,3,1:30:00,4,1,2026-10-01,2026-10-31\n"
    "\"Doe, Jo\",jo@example.org,,0,0:00:00,0,0,10/1/2026,10/31/2026\r\n";

constexpr const char* kCoursera =
    "Name,Email,External Id,Course,Course Slug,Enrollment Time,Last Course Activity Time,"
    "Overall Progress,Estimated Learning Hours,Completed,Completion Time\n"
    "Ana,ana@example.org,P-7K3M9Q,Python,python-basics,2026-09-01 10:00:00,"
    "2026-10-05 18:30:00,45%,6.5,No,\n"
    "Jo,jo@example.org,,SQL,,2026-09-02,,0,0,No,\n";

TEST(ProviderReportTest, ReadsLinkedInLearningLearnerSummary) {
  const auto r = ParseReport(ReportLayout::kLinkedInLearning, kLinkedIn, {});
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].line << " " << r.errors[0].column << " "
                                << r.errors[0].message;
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].line, 2);
  EXPECT_EQ(r.rows[0].user_id, "P-7K3M9Q");
  EXPECT_EQ(r.rows[0].seconds, 5400);
  EXPECT_EQ(r.rows[0].views, 4);
  EXPECT_EQ(r.rows[0].completions, 1);
  EXPECT_EQ(r.rows[0].days_active, 3);
  EXPECT_EQ(r.rows[0].period_start, "2026-10-01");
  EXPECT_EQ(r.rows[1].period_end, "2026-10-31");  // M/D/YYYY accepted
  EXPECT_EQ(r.rows[1].email, "jo@example.org");
}

TEST(ProviderReportTest, LinkedInLearningWithoutPeriodColumnsNeedsTheGivenPeriod) {
  const std::string file =
      "Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions\n"
      "A,a@example.org,P-7K3M9Q,1,0:10:00,1,0\n";
  auto r = ParseReport(ReportLayout::kLinkedInLearning, file, {});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 1);
  r = ParseReport(ReportLayout::kLinkedInLearning, file, {"2026-11-01", "2026-11-15"});
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.rows[0].period_start, "2026-11-01");
  EXPECT_EQ(r.rows[0].period_end, "2026-11-15");
}

TEST(ProviderReportTest, ReadsCourseraUsageReport) {
  const auto r = ParseReport(ReportLayout::kCoursera, kCoursera, {});
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].line << " " << r.errors[0].column << " "
                                << r.errors[0].message;
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].item, "python-basics");
  EXPECT_EQ(r.rows[0].progress, 450);
  EXPECT_EQ(r.rows[0].seconds, 23400);
  EXPECT_EQ(FormatIso8601(*r.rows[0].last_activity_at), "2026-10-05T18:30:00.000Z");
  EXPECT_EQ(r.rows[1].item, "SQL");  // no slug: the course name
  EXPECT_FALSE(r.rows[1].last_activity_at);
}

struct BadCase {
  const char* name;
  ReportLayout layout;
  std::string csv;
  int line;
  std::string column;
};

TEST(ProviderReportTest, NamesLineAndColumnOfEveryBadValue) {
  const std::string li_head =
      "Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions,"
      "Start Day (PST/PDT),End Day (PST/PDT)\n";
  const std::string co_head =
      "Email,External Id,Course,Last Course Activity Time,Overall Progress,"
      "Estimated Learning Hours,Completed,Completion Time\n";
  const BadCase cases[] = {
      {"missing column", ReportLayout::kLinkedInLearning,
       "Name,Email,Unique User ID,Days Logged In,Course Views,Course Completions\n", 1,
       "Hours Viewed"},
      {"bad duration", ReportLayout::kLinkedInLearning,
       li_head + "A,a@x.org,P-7K3M9Q,1,1.5,1,0,2026-10-01,2026-10-31\n", 2, "Hours Viewed"},
      {"bad count", ReportLayout::kLinkedInLearning,
       li_head + "A,a@x.org,P-7K3M9Q,1,0:10:00,-1,0,2026-10-01,2026-10-31\n", 2, "Course Views"},
      {"bad day", ReportLayout::kLinkedInLearning,
       li_head + "A,a@x.org,P-7K3M9Q,1,0:10:00,1,0,2026-02-30,2026-10-31\n", 2,
       "Start Day (PST/PDT)"},
      {"reversed period", ReportLayout::kLinkedInLearning,
       li_head + "A,a@x.org,P-7K3M9Q,1,0:10:00,1,0,2026-10-31,2026-10-01\n", 2,
       "End Day (PST/PDT)"},
      {"bad time", ReportLayout::kCoursera, co_head + "a@x.org,P-7K3M9Q,SQL,yesterday,10,1,No,\n",
       2, "Last Course Activity Time"},
      {"bad progress", ReportLayout::kCoursera,
       co_head + "a@x.org,P-7K3M9Q,SQL,2026-10-01 10:00:00,120,1,No,\n", 2, "Overall Progress"},
      {"bad hours", ReportLayout::kCoursera,
       co_head + "a@x.org,P-7K3M9Q,SQL,2026-10-01 10:00:00,10,two,No,\n", 2,
       "Estimated Learning Hours"},
      {"bad yes/no", ReportLayout::kCoursera,
       co_head + "a@x.org,P-7K3M9Q,SQL,2026-10-01 10:00:00,10,1,maybe,\n", 2, "Completed"},
      {"no course", ReportLayout::kCoursera,
       co_head + "a@x.org,P-7K3M9Q,,2026-10-01 10:00:00,10,1,No,\n", 2, "Course"},
      {"learning without a time", ReportLayout::kCoursera,
       co_head + "a@x.org,P-7K3M9Q,SQL,,10,1,No,\n", 2, "Last Course Activity Time"},
      {"unclosed quote", ReportLayout::kCoursera, co_head + "\"a@x.org,P-7K3M9Q,SQL,,0,0,No,\n", 2,
       ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = ParseReport(c.layout, c.csv, {});
    ASSERT_FALSE(r.errors.empty());
    EXPECT_EQ(r.errors[0].line, c.line);
    EXPECT_EQ(r.errors[0].column, c.column);
    EXPECT_FALSE(r.errors[0].message.empty());
    EXPECT_TRUE(r.rows.empty());
  }
}

ReportRow LiRow(std::string start, std::string end, std::int64_t seconds, std::int64_t views,
                std::int64_t completions) {
  ReportRow r;
  r.period_start = std::move(start);
  r.period_end = std::move(end);
  r.seconds = seconds;
  r.views = views;
  r.completions = completions;
  r.days_active = views;
  return r;
}

TEST(ProviderReportTest, LinkedInLearningCountsOnlyTheGrowthWithinOnePeriodStart) {
  const auto first = ComputeIncrement(ReportLayout::kLinkedInLearning, std::nullopt,
                                      LiRow("2026-10-01", "2026-10-15", 3600, 2, 0));
  ASSERT_EQ(first.additions.size(), 1u);
  EXPECT_EQ(first.additions[0].day, "2026-10-15");
  EXPECT_EQ(first.additions[0].source, "measured");
  EXPECT_EQ(first.additions[0].seconds, 3600);
  // The same report again: nothing.
  const auto again = ComputeIncrement(ReportLayout::kLinkedInLearning, first.next,
                                      LiRow("2026-10-01", "2026-10-15", 3600, 2, 0));
  EXPECT_TRUE(again.additions.empty());
  EXPECT_TRUE(again.skipped.empty());
  // A later report from the same start: only the growth, on its end day.
  const auto later = ComputeIncrement(ReportLayout::kLinkedInLearning, first.next,
                                      LiRow("2026-10-01", "2026-10-31", 5400, 3, 1));
  ASSERT_EQ(later.additions.size(), 1u);
  EXPECT_EQ(later.additions[0].day, "2026-10-31");
  EXPECT_EQ(later.additions[0].seconds, 1800);
  EXPECT_EQ(later.additions[0].progressed, 1);
  EXPECT_EQ(later.additions[0].completed, 1);
  // The older report after the newer one: nothing goes back.
  const auto older = ComputeIncrement(ReportLayout::kLinkedInLearning, later.next,
                                      LiRow("2026-10-01", "2026-10-15", 3600, 2, 0));
  EXPECT_TRUE(older.additions.empty());
  EXPECT_EQ(older.next.period_end, "2026-10-31");
  // The following period counts in full; an overlapping one with another start is refused.
  const auto next = ComputeIncrement(ReportLayout::kLinkedInLearning, later.next,
                                     LiRow("2026-11-01", "2026-11-30", 600, 1, 0));
  ASSERT_EQ(next.additions.size(), 1u);
  EXPECT_EQ(next.additions[0].seconds, 600);
  const auto overlap = ComputeIncrement(ReportLayout::kLinkedInLearning, later.next,
                                        LiRow("2026-10-15", "2026-11-15", 9000, 5, 1));
  EXPECT_TRUE(overlap.additions.empty());
  EXPECT_FALSE(overlap.skipped.empty());
}

TEST(ProviderReportTest, CourseraCountsStartProgressCompletionOnceAndHoursAsEstimated) {
  ReportRow row;
  row.item = "python";
  row.enrolled_at = *ParseIso8601("2026-09-01T10:00:00Z");
  row.last_activity_at = *ParseIso8601("2026-10-05T18:30:00Z");
  row.progress = 450;
  row.seconds = 7200;
  const auto first = ComputeIncrement(ReportLayout::kCoursera, std::nullopt, row);
  ASSERT_EQ(first.additions.size(), 3u);
  EXPECT_EQ(first.additions[0].day, "2026-09-01");
  EXPECT_EQ(first.additions[0].started, 1);
  EXPECT_EQ(first.additions[1].progressed, 1);
  EXPECT_EQ(first.additions[2].source, "estimated");
  EXPECT_EQ(first.additions[2].seconds, 7200);
  EXPECT_TRUE(ComputeIncrement(ReportLayout::kCoursera, first.next, row).additions.empty());
  row.last_activity_at = *ParseIso8601("2026-10-20T09:00:00Z");
  row.completed_at = *ParseIso8601("2026-10-20T09:00:00Z");
  row.completions = 1;
  row.progress = 1000;
  row.seconds = 10800;
  const auto done = ComputeIncrement(ReportLayout::kCoursera, first.next, row);
  ASSERT_EQ(done.additions.size(), 3u);
  EXPECT_EQ(done.additions[0].progressed, 1);
  EXPECT_EQ(done.additions[1].completed, 1);
  EXPECT_EQ(done.additions[2].seconds, 3600);
  EXPECT_TRUE(ComputeIncrement(ReportLayout::kCoursera, done.next, row).additions.empty());
}

}  // namespace
}  // namespace reskill::domain::activity
