#include "importers/course_csv.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace reskill::importers {
namespace {

using app::catalog::CourseFile;
using app::catalog::ImportProblem;
using domain::catalog::CourseLevel;

std::string Fixture(const std::string& name) {
  const auto path = std::filesystem::path(RESKILL_FIXTURES_DIR) / "courses" / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

CourseFile Read(const std::string& name) {
  return ReadCourseCsv(name, Fixture(name));
}

std::string Describe(const std::vector<ImportProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.where + " [" + p.field + "] " + p.message + "\n";
  return out;
}

TEST(CourseCsvTest, ReadsQuotedFieldsBomCrlfAndBlankLines) {
  const CourseFile file = Read("valid.csv");
  EXPECT_TRUE(file.problems.empty()) << Describe(file.problems);
  ASSERT_EQ(file.rows.size(), 3u);
  EXPECT_EQ(file.source, "valid.csv");

  const auto& a = file.rows[0];
  EXPECT_EQ(a.line, 2);
  EXPECT_EQ(a.course.external_id, "NW-IT101");
  EXPECT_EQ(a.course.description, "Tickets, calls and \"chat\" support");
  EXPECT_DOUBLE_EQ(a.course.estimated_hours, 12);
  EXPECT_EQ(a.course.level, CourseLevel::kIntroductory);
  EXPECT_FALSE(a.course.is_free);
  EXPECT_TRUE(a.course.offers_certificate);
  ASSERT_EQ(a.course.skills.size(), 2u);
  EXPECT_EQ(a.course.skills[1].element_id, "2.A.1.b");
  EXPECT_DOUBLE_EQ(a.course.skills[1].target_level, 3);

  const auto& b = file.rows[1];
  EXPECT_EQ(b.line, 3);  // a record that spans lines 3 and 4 is named by its first line
  EXPECT_EQ(b.course.description, "Escuchar,\r\nresolver y acompañar");
  EXPECT_EQ(b.course.language, "es");
  EXPECT_TRUE(b.course.is_free);

  const auto& c = file.rows[2];
  EXPECT_EQ(c.line, 6);
  EXPECT_EQ(c.course.level, CourseLevel::kAdvanced);  // level names are not case-sensitive
  EXPECT_EQ(c.course.language, "en-US");
  EXPECT_TRUE(c.course.skills.empty());
}

TEST(CourseCsvTest, ColumnsMayComeInAnyOrder) {
  const CourseFile file = Read("reordered.csv");
  EXPECT_TRUE(file.problems.empty()) << Describe(file.problems);
  ASSERT_EQ(file.rows.size(), 1u);
  EXPECT_EQ(file.rows[0].course.external_id, "NW-IT101");
  EXPECT_EQ(file.rows[0].course.title, "Help desk fundamentals");
  EXPECT_EQ(file.rows[0].course.description, "Tickets");
}

struct BadFileCase {
  const char* file;
  std::vector<std::pair<std::string, std::string>> problems;  // (where, field)
  std::size_t good_rows;
};

TEST(CourseCsvTest, ReportsEveryBadRowWithItsLine) {
  const BadFileCase cases[] = {
      {"negative_hours.csv",
       {{"negative_hours.csv:3", "estimated_hours"}, {"negative_hours.csv:4", "estimated_hours"}},
       1},
      {"unknown_level.csv", {{"unknown_level.csv:2", "level"}}, 0},
      {"bad_utf8.csv", {{"bad_utf8.csv:2", "title"}}, 1},
      {"duplicate_external_id.csv", {{"duplicate_external_id.csv:4", "external_id"}}, 2},
      {"wrong_header.csv", {{"wrong_header.csv:1", ""}}, 0},
      {"many_errors.csv",
       {{"many_errors.csv:3", "estimated_hours"},
        {"many_errors.csv:4", "url"},
        {"many_errors.csv:5", "skills[0].target_level"},
        {"many_errors.csv:6", ""},
        {"many_errors.csv:7", "free"},
        {"many_errors.csv:8", ""},
        {"many_errors.csv:9", ""}},
       1},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.file);
    const CourseFile file = Read(tc.file);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& p : file.problems) got.emplace_back(p.where, p.field);
    EXPECT_EQ(got, tc.problems) << Describe(file.problems);
    EXPECT_EQ(file.rows.size(), tc.good_rows);
  }
}

TEST(CourseCsvTest, MessagesSayWhatIsWrong) {
  const CourseFile header = Read("wrong_header.csv");
  ASSERT_EQ(header.problems.size(), 1u);
  EXPECT_NE(header.problems[0].message.find("external_id,title,url"), std::string::npos)
      << header.problems[0].message;
  const CourseFile dup = Read("duplicate_external_id.csv");
  ASSERT_EQ(dup.problems.size(), 1u);
  EXPECT_NE(dup.problems[0].message.find("also on line 2"), std::string::npos);
  const CourseFile utf8 = Read("bad_utf8.csv");
  ASSERT_EQ(utf8.problems.size(), 1u);
  EXPECT_NE(utf8.problems[0].message.find("UTF-8"), std::string::npos);
  const CourseFile many = Read("many_errors.csv");
  ASSERT_GE(many.problems.size(), 4u);
  EXPECT_NE(many.problems[3].message.find("6 fields"), std::string::npos)
      << many.problems[3].message;
  // The whole report as the use case and the CLI show it.
  const Status st = app::catalog::ProblemsStatus(many.problems);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(st.public_message().find("7 problems found; nothing was imported"), std::string::npos)
      << st.public_message();
  EXPECT_NE(st.public_message().find("\nmany_errors.csv:7: free: \"maybe\" is not yes or no"),
            std::string::npos)
      << st.public_message();
}

TEST(CourseCsvTest, EmptyAndHeaderOnlyFiles) {
  EXPECT_EQ(ReadCourseCsv("e.csv", "").problems.size(), 1u);
  const CourseFile only_header = ReadCourseCsv(
      "h.csv",
      "external_id,title,url,description,language,estimated_hours,level,free,certificate,skills\n");
  EXPECT_TRUE(only_header.problems.empty());
  EXPECT_TRUE(only_header.rows.empty());
}

TEST(CourseCsvTest, YesNoValues) {
  for (const char* yes : {"yes", "Y", "TRUE", "1", " yes "})
    EXPECT_EQ(ParseYesNo(yes), true) << yes;
  for (const char* no : {"no", "n", "false", "0", ""}) EXPECT_EQ(ParseYesNo(no), false) << no;
  for (const char* bad : {"maybe", "2", "oui"}) EXPECT_FALSE(ParseYesNo(bad).has_value()) << bad;
}

}  // namespace
}  // namespace reskill::importers
