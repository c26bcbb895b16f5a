#include "domain/catalog/courses.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include <gtest/gtest.h>

namespace reskill::domain::catalog {
namespace {

Course ValidCourse() {
  Course c;
  c.tenant_id = TenantId(1);
  c.id = CourseId(2);
  c.provider_id = ProviderId(3);
  c.external_id = "excel-101";
  c.url = "https://learn.example/excel-101";
  c.title = "Spreadsheets for the office";
  c.description = "Rows, columns and formulas.\nWith exercises.";
  c.language = "en";
  c.estimated_hours = 12.5;
  c.level = CourseLevel::kIntroductory;
  c.skills = {{"2.A.1.a", 3.5}, {"2.C.3.a", 4}};
  return c;
}

struct CourseCase {
  const char* name;
  std::function<void(Course&)> change;
  const char* field;  // "" when the course stays valid
};

TEST(CourseValidationTest, TableOfCourseRules) {
  const CourseCase cases[] = {
      {"valid", [](Course&) {}, ""},
      {"empty external id", [](Course& c) { c.external_id = ""; }, "external_id"},
      {"padded external id", [](Course& c) { c.external_id = " x"; }, "external_id"},
      {"ftp url", [](Course& c) { c.url = "ftp://x.example/a"; }, "url"},
      {"url without host", [](Course& c) { c.url = "https:///a"; }, "url"},
      {"url with space", [](Course& c) { c.url = "https://x.example/a b"; }, "url"},
      {"empty title", [](Course& c) { c.title = "  "; }, "title"},
      {"title with newline", [](Course& c) { c.title = "a\nb"; }, "title"},
      {"title bad utf8", [](Course& c) { c.title = "caf\xC3"; }, "title"},
      {"description with NUL", [](Course& c) { c.description = std::string("a\0b", 3); },
       "description"},
      {"language upper case", [](Course& c) { c.language = "EN"; }, "language"},
      {"language region", [](Course& c) { c.language = "es-419"; }, ""},
      {"language empty", [](Course& c) { c.language = ""; }, "language"},
      {"zero hours", [](Course& c) { c.estimated_hours = 0; }, "estimated_hours"},
      {"negative hours", [](Course& c) { c.estimated_hours = -3; }, "estimated_hours"},
      {"too many hours", [](Course& c) { c.estimated_hours = 2000.5; }, "estimated_hours"},
      {"max hours", [](Course& c) { c.estimated_hours = 2000; }, ""},
      {"nan hours", [](Course& c) { c.estimated_hours = std::numeric_limits<double>::quiet_NaN(); },
       "estimated_hours"},
      {"bad element", [](Course& c) { c.skills[1].element_id = "reading"; },
       "skills[1].element_id"},
      {"element not starting with a number", [](Course& c) { c.skills[0].element_id = "A.1"; },
       "skills[0].element_id"},
      {"repeated element", [](Course& c) { c.skills[1].element_id = "2.A.1.a"; },
       "skills[1].element_id"},
      {"level above 7", [](Course& c) { c.skills[0].target_level = 7.5; },
       "skills[0].target_level"},
      {"negative level", [](Course& c) { c.skills[1].target_level = -1; },
       "skills[1].target_level"},
      {"no skills", [](Course& c) { c.skills.clear(); }, ""},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.name);
    Course c = ValidCourse();
    tc.change(c);
    const Status st = ValidateCourse(c);
    if (std::string_view(tc.field).empty()) {
      EXPECT_TRUE(st.ok()) << st.ToString();
    } else {
      EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(st.field(), tc.field) << st.ToString();
    }
  }
}

TEST(CourseValidationTest, ProviderRules) {
  Provider p;
  p.slug = "coursera";
  p.name = "Coursera";
  p.website = "https://www.coursera.org";
  p.license_types = {LicenseType::kSeat, LicenseType::kFree};
  EXPECT_TRUE(ValidateProvider(p).ok());
  p.website = "";
  EXPECT_TRUE(ValidateProvider(p).ok());
  p.website = "www.coursera.org";
  EXPECT_EQ(ValidateProvider(p).field(), "website");
  p.website = "";
  p.slug = "Coursera";
  EXPECT_EQ(ValidateProvider(p).field(), "slug");
  p.slug = "c";
  EXPECT_EQ(ValidateProvider(p).field(), "slug");
  p.slug = "coursera";
  p.license_types = {};
  EXPECT_EQ(ValidateProvider(p).field(), "license_types");
  p.license_types = {LicenseType::kSeat, LicenseType::kSeat};
  EXPECT_EQ(ValidateProvider(p).field(), "license_types[1]");
}

TEST(CourseValidationTest, LearningPathRules) {
  LearningPath p;
  p.name = "Help desk in 12 weeks";
  p.course_ids = {CourseId(5), CourseId(6)};
  p.occupation_codes = {"15-1232.00"};
  EXPECT_TRUE(ValidateLearningPath(p).ok());
  p.course_ids = {};
  EXPECT_EQ(ValidateLearningPath(p).field(), "course_ids");
  p.course_ids = {CourseId(5), CourseId(5)};
  EXPECT_EQ(ValidateLearningPath(p).field(), "course_ids[1]");
  p.course_ids = {CourseId(5)};
  p.occupation_codes = {"15-1232.00", "15-1232"};
  EXPECT_EQ(ValidateLearningPath(p).field(), "occupation_codes[1]");
  p.occupation_codes = {"15-1232.00", "15-1232.00"};
  EXPECT_EQ(ValidateLearningPath(p).field(), "occupation_codes[1]");
}

TEST(CourseValidationTest, CollectionRules) {
  Collection c;
  c.name = "Back to work";
  c.theme = CollectionTheme::kDisplacedWorkerRetraining;
  c.path_ids = {LearningPathId(1), LearningPathId(2)};
  EXPECT_TRUE(ValidateCollection(c).ok());
  c.path_ids = {LearningPathId(1), LearningPathId(1)};
  EXPECT_EQ(ValidateCollection(c).field(), "path_ids[1]");
  c.path_ids = {};
  EXPECT_TRUE(ValidateCollection(c).ok());  // an empty collection is a draft
  c.name = "";
  EXPECT_EQ(ValidateCollection(c).field(), "name");
}

TEST(CourseValidationTest, EnumNamesRoundTrip) {
  for (auto t : kAllLicenseTypes) EXPECT_EQ(ParseLicenseType(LicenseTypeName(t)), t);
  for (auto l : kAllCourseLevels) EXPECT_EQ(ParseCourseLevel(CourseLevelName(l)), l);
  for (auto t : kAllCollectionThemes) EXPECT_EQ(ParseCollectionTheme(CollectionThemeName(t)), t);
  EXPECT_FALSE(ParseCourseLevel("expert"));
  EXPECT_FALSE(ParseLicenseType("Seat"));
  EXPECT_FALSE(ParseCollectionTheme(""));
}

TEST(SkillListTest, ParsesAndFormats) {
  auto skills = ParseSkillList(" 2.A.1.a:4.5; 2.C.3.a : 3 ,\n2.B.1.a:0\n");
  ASSERT_TRUE(skills.ok()) << skills.status().ToString();
  ASSERT_EQ(skills->size(), 3u);
  EXPECT_EQ((*skills)[0].element_id, "2.A.1.a");
  EXPECT_DOUBLE_EQ((*skills)[0].target_level, 4.5);
  EXPECT_EQ((*skills)[1].element_id, "2.C.3.a");
  EXPECT_EQ(FormatSkillList(*skills), "2.A.1.a:4.5;2.C.3.a:3;2.B.1.a:0");
  EXPECT_TRUE(ParseSkillList("")->empty());
  EXPECT_EQ(ParseSkillList("2.A.1.a").status().field(), "skills[0]");
  EXPECT_EQ(ParseSkillList("2.A.1.a:1;2.A.1.b:high").status().field(), "skills[1].target_level");
  EXPECT_EQ(ParseSkillList("2.A.1.a:").status().field(), "skills[0].target_level");
}

TEST(SkillListTest, FormatNumberDropsTrailingZeros) {
  EXPECT_EQ(FormatNumber(12), "12");
  EXPECT_EQ(FormatNumber(12.5), "12.5");
  EXPECT_EQ(FormatNumber(0.1 + 0.2), "0.3");
  EXPECT_EQ(FormatNumber(0), "0");
}

TEST(TotalHoursTest, SumsTheCourses) {
  Course a = ValidCourse();
  Course b = ValidCourse();
  b.estimated_hours = 7.5;
  const Course both[] = {a, b};
  EXPECT_DOUBLE_EQ(TotalHours(both), 20);
  EXPECT_DOUBLE_EQ(TotalHours({}), 0);
}

}  // namespace
}  // namespace reskill::domain::catalog
