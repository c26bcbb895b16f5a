// Unit tests of the O*NET text reader over the synthetic release in tests/fixtures/onet/db_1_0_text
// and broken copies of it made in a temporary directory.
#include "importers/onet_reader.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace reskill::importers {
namespace {

namespace fs = std::filesystem;
using domain::catalog::ElementKind;

const fs::path kFixture = fs::path(RESKILL_FIXTURES_DIR) / "onet" / "db_1_0_text";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Lines in the file, so a test knows the line number of the row it appends.
std::size_t LineCount(const fs::path& path) {
  const std::string text = ReadText(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A writable copy of the fixture release, removed at the end of the test.
class ReleaseCopy {
 public:
  explicit ReleaseCopy(const std::string& dir_name = "db_1_0_text") {
    static std::atomic<int> counter{0};
    root_ = fs::temp_directory_path() /
            ("reskill_onet_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    dir_ = root_ / dir_name;
    fs::create_directories(dir_);
    for (const auto& entry : fs::directory_iterator(kFixture)) {
      fs::copy_file(entry.path(), dir_ / entry.path().filename());
      fs::permissions(dir_ / entry.path().filename(), fs::perms::owner_write,
                      fs::perm_options::add);
    }
  }
  ~ReleaseCopy() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  ReleaseCopy(const ReleaseCopy&) = delete;
  ReleaseCopy& operator=(const ReleaseCopy&) = delete;

  const fs::path& dir() const { return dir_; }
  fs::path File(const std::string& name) const { return dir_ / name; }

  // Appends `row` (columns joined by tabs) and returns its line number.
  std::size_t Append(const std::string& name, const std::string& row) {
    const std::size_t line = LineCount(File(name)) + 1;
    WriteText(File(name), ReadText(File(name)) + row + "\n");
    return line;
  }
  void Replace(const std::string& name, const std::string& from, const std::string& to) {
    std::string text = ReadText(File(name));
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << name;
    text.replace(at, from.size(), to);
    WriteText(File(name), text);
  }
  void Remove(const std::string& name) { fs::remove(File(name)); }

 private:
  fs::path root_;
  fs::path dir_;
};

std::string Row(std::initializer_list<std::string> columns) {
  std::string out;
  for (const auto& c : columns) {
    if (!out.empty()) out += '\t';
    out += c;
  }
  return out;
}

std::string SkillRow(const std::string& code, const std::string& element, const std::string& scale,
                     const std::string& value) {
  return Row({code, element, "Some Element", scale, value, "8", "0.1", "3.8", "4.3", "N",
              scale == "LV" ? "N" : "n/a", "08/2023", "Analyst"});
}

TEST(OnetReaderTest, ReadsTheFixtureRelease) {
  auto read = ReadOnetRelease(kFixture);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const app::OnetReleaseData& d = read->data;
  EXPECT_EQ(d.release.version, "1.0");
  EXPECT_TRUE(d.release.fingerprint.starts_with("fnv1a64:")) << d.release.fingerprint;

  ASSERT_EQ(d.occupations.size(), 4u);
  EXPECT_EQ(d.occupations[0].code, "15-1232.00");
  EXPECT_EQ(d.occupations[0].title, "Computer User Support Specialists");
  EXPECT_EQ(d.occupations[0].job_zone, 3);
  EXPECT_EQ(d.occupations[1].code, "31-1131.00");
  EXPECT_EQ(d.occupations[1].job_zone, 0) << "no row in Job Zones.txt";

  // Leaves of the rated branches only: 3 skills, 2 knowledge, 1 ability, 2 work activities.
  EXPECT_EQ(d.elements.size(), 8u);
  const auto count_kind = [&](ElementKind k) {
    return std::count_if(d.elements.begin(), d.elements.end(),
                         [&](const auto& e) { return e.kind == k; });
  };
  EXPECT_EQ(count_kind(ElementKind::kSkill), 3);
  EXPECT_EQ(count_kind(ElementKind::kKnowledge), 2);
  EXPECT_EQ(count_kind(ElementKind::kAbility), 1);
  EXPECT_EQ(count_kind(ElementKind::kWorkActivity), 2);
  const auto reading = std::find_if(d.elements.begin(), d.elements.end(),
                                    [](const auto& e) { return e.id == "2.A.1.a"; });
  ASSERT_NE(reading, d.elements.end());
  EXPECT_EQ(reading->name, "Reading Comprehension");

  // 3 occupations × 3 skills + 3 × 2 knowledge + 1 ability; IM and LV merged into one rating.
  ASSERT_EQ(d.ratings.size(), 16u);
  EXPECT_EQ(d.ratings[0].occupation_code, "15-1232.00");
  EXPECT_EQ(d.ratings[0].element_id, "2.A.1.a");
  EXPECT_DOUBLE_EQ(d.ratings[0].importance, 3.88);
  EXPECT_DOUBLE_EQ(d.ratings[0].level, 4.12);
  EXPECT_FALSE(d.ratings[0].suppressed);
  const auto find_rating = [&](const std::string& code, const std::string& element) {
    return *std::find_if(d.ratings.begin(), d.ratings.end(), [&](const auto& r) {
      return r.occupation_code == code && r.element_id == element;
    });
  };
  EXPECT_TRUE(find_rating("41-2011.00", "2.A.1.a").suppressed);
  EXPECT_TRUE(find_rating("41-2011.00", "2.C.1.a").not_relevant);
  EXPECT_FALSE(find_rating("43-4051.00", "2.C.1.a").not_relevant);
  EXPECT_DOUBLE_EQ(find_rating("31-1131.00", "1.A.1.a.1").importance, 4.0);

  ASSERT_EQ(d.alternate_titles.size(), 7u);
  EXPECT_EQ(d.alternate_titles[2].title, "Certified Nursing Assistant (CNA)");
  EXPECT_EQ(d.alternate_titles[2].short_title, "") << "n/a is empty";
  EXPECT_EQ(d.alternate_titles[3].short_title, "CNA");
  EXPECT_EQ(d.alternate_titles[4].title, "Caf\u00e9 Cashier");

  ASSERT_EQ(d.technology.size(), 4u);
  EXPECT_TRUE(d.technology[0].hot);
  EXPECT_TRUE(d.technology[0].in_demand);
  EXPECT_EQ(d.technology[0].commodity_code, "43232110");
  EXPECT_FALSE(d.technology[1].hot);

  ASSERT_EQ(d.tasks.size(), 4u);
  EXPECT_EQ(d.tasks[0].task_id, 101);
  EXPECT_EQ(d.tasks[0].type, "Core");
  EXPECT_EQ(d.tasks[3].type, "") << "n/a is empty";

  ASSERT_EQ(d.dwas.size(), 3u);
  EXPECT_EQ(d.dwas[1].element_id, "4.A.4.a.8");
  EXPECT_EQ(d.dwas[1].iwa_id, "4.A.4.a.8.I01");
  ASSERT_EQ(d.task_dwas.size(), 4u);
  EXPECT_EQ(d.task_dwas[0], (std::pair<std::int64_t, std::string>{101, "4.A.4.a.8.I01.D01"}));

  // The IM row of the education file is not a category distribution.
  ASSERT_EQ(d.education.size(), 4u);
  EXPECT_EQ(d.education[0].scale_id, "RL");
  EXPECT_EQ(d.education[0].category, 1);
  EXPECT_DOUBLE_EQ(d.education[0].percent, 62.5);

  ASSERT_EQ(read->warnings.size(), 1u);
  EXPECT_NE(read->warnings[0].find("Work Activities.txt"), std::string::npos) << read->warnings[0];
  EXPECT_EQ(read->files_read.size(), 13u);
}

TEST(OnetReaderTest, FingerprintIsStableAndFollowsContent) {
  auto a = ReadOnetRelease(kFixture);
  ReleaseCopy copy;
  auto b = ReadOnetRelease(copy.dir());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->data.release.fingerprint, b->data.release.fingerprint);
  copy.Replace("Occupation Data.txt", "Cashiers", "Cashiers and Tellers");
  auto c = ReadOnetRelease(copy.dir());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_NE(c->data.release.fingerprint, a->data.release.fingerprint);
}

TEST(OnetReaderTest, VersionFromDirectoryNameWithoutReadMe) {
  ReleaseCopy copy("db_29_3_text");
  copy.Remove("Read Me.txt");
  auto read = ReadOnetRelease(copy.dir() / "");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->data.release.version, "29.3");
}

TEST(OnetReaderTest, NoVersionAnywhereIsAnError) {
  ReleaseCopy copy("onet");
  copy.Remove("Read Me.txt");
  auto read = ReadOnetRelease(copy.dir());
  EXPECT_EQ(read.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(read.status().public_message().find("version"), std::string::npos);
}

TEST(OnetReaderTest, AcceptsCrlfLineEndingsAndAByteOrderMark) {
  ReleaseCopy copy;
  for (const char* name : {"Skills.txt", "Occupation Data.txt"}) {
    std::string text = ReadText(copy.File(name));
    std::string crlf;
    for (char c : text) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    WriteText(copy.File(name), "\xEF\xBB\xBF" + crlf);
  }
  auto read = ReadOnetRelease(copy.dir());
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->data.ratings.size(), 16u);
  EXPECT_EQ(read->data.occupations[3].description,
            "Interact with customers to provide information about products and services.");
}

TEST(OnetReaderTest, MissingOptionalFilesAreWarningsAndTasksToDwasNeedTheirParents) {
  ReleaseCopy copy;
  for (const char* name : {"Abilities.txt", "Technology Skills.txt", "Task Statements.txt",
                           "Education, Training, and Experience.txt", "Scales Reference.txt"}) {
    copy.Remove(name);
  }
  auto read = ReadOnetRelease(copy.dir());
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(read->data.technology.empty());
  EXPECT_TRUE(read->data.tasks.empty());
  EXPECT_TRUE(read->data.task_dwas.empty());
  EXPECT_TRUE(read->data.education.empty());
  EXPECT_EQ(read->data.ratings.size(), 15u);
  std::string all;
  for (const auto& w : read->warnings) all += w + "\n";
  for (const char* name :
       {"Abilities.txt", "Work Activities.txt", "Technology Skills.txt", "Task Statements.txt",
        "Tasks to DWAs.txt", "Scales Reference.txt", "Education, Training, and Experience.txt"}) {
    EXPECT_NE(all.find(name), std::string::npos) << name << " in\n" << all;
  }
}

TEST(OnetReaderTest, MissingDirectoryIsNotFound) {
  auto read = ReadOnetRelease(kFixture.parent_path() / "db_0_0_text");
  EXPECT_EQ(read.status().code(), ErrorCode::kNotFound) << read.status().ToString();
}

// A broken copy of the release and the error it must produce.
struct BrokenCase {
  std::string name;
  std::function<std::size_t(ReleaseCopy&)> sabotage;  // returns the bad line (0: none)
  std::string file;                                   // the file the error names
  std::string message;                                // expected in the public message
};

void PrintTo(const BrokenCase& c, std::ostream* os) {
  *os << c.name;
}

class OnetReaderBrokenTest : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(OnetReaderBrokenTest, FailsNamingFileAndLine) {
  const BrokenCase& c = GetParam();
  ReleaseCopy copy;
  const std::size_t line = c.sabotage(copy);
  auto read = ReadOnetRelease(copy.dir());
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), ErrorCode::kInvalidArgument) << read.status().ToString();
  const std::string& message = read.status().public_message();
  const std::string where = line == 0 ? c.file + ":" : c.file + ":" + std::to_string(line) + ": ";
  if (line != 0) {
    EXPECT_TRUE(message.starts_with(where)) << message;
  } else {
    EXPECT_TRUE(message.starts_with(c.file)) << message;
  }
  EXPECT_NE(message.find(c.message), std::string::npos) << message;
  EXPECT_EQ(read.status().field(), c.file);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OnetReaderBrokenTest,
    ::testing::Values(
        BrokenCase{"WrongHeader",
                   [](ReleaseCopy& r) {
                     r.Replace("Skills.txt", "Scale ID\tData Value", "Scale\tValue");
                     return std::size_t{0};
                   },
                   "Skills.txt",
                   "expected a tab-separated header row with the columns "
                   "\"O*NET-SOC Code\", \"Element ID\""},
        BrokenCase{"CommaSeparatedFile",
                   [](ReleaseCopy& r) {
                     WriteText(r.File("Occupation Data.txt"),
                               "O*NET-SOC Code,Title,Description\n41-2011.00,Cashiers,x\n");
                     return std::size_t{0};
                   },
                   "Occupation Data.txt", "not the O*NET text layout"},
        BrokenCase{"EmptyFile",
                   [](ReleaseCopy& r) {
                     WriteText(r.File("Job Zones.txt"), "");
                     return std::size_t{0};
                   },
                   "Job Zones.txt", "the file is empty"},
        BrokenCase{"InvalidUtf8",
                   [](ReleaseCopy& r) {
                     return r.Append("Alternate Titles.txt",
                                     Row({"41-2011.00", "Caf\xE9 Cashier", "n/a", "10"}));
                   },
                   "Alternate Titles.txt", "not valid UTF-8 (byte 0xE9)"},
        BrokenCase{"Latin1Header",
                   [](ReleaseCopy& r) {
                     r.Replace("Occupation Data.txt", "Cashiers", "Caissi\xE8res");
                     return std::size_t{4};
                   },
                   "Occupation Data.txt", "not valid UTF-8"},
        BrokenCase{"UnknownOccupation",
                   [](ReleaseCopy& r) {
                     return r.Append("Skills.txt", SkillRow("99-9999.99", "2.A.1.a", "IM", "3.00"));
                   },
                   "Skills.txt", "unknown occupation 99-9999.99"},
        BrokenCase{
            "UnknownOccupationInAlternateTitles",
            [](ReleaseCopy& r) {
              return r.Append("Alternate Titles.txt", Row({"11-1011.00", "Chief", "n/a", "10"}));
            },
            "Alternate Titles.txt", "unknown occupation 11-1011.00"},
        BrokenCase{"UnknownElement",
                   [](ReleaseCopy& r) {
                     return r.Append("Skills.txt", SkillRow("41-2011.00", "2.A.9.z", "IM", "3.00"));
                   },
                   "Skills.txt", "unknown element 2.A.9.z"},
        BrokenCase{"KnowledgeElementInSkills",
                   [](ReleaseCopy& r) {
                     return r.Append("Skills.txt", SkillRow("31-1131.00", "2.C.1.a", "IM", "3.00"));
                   },
                   "Skills.txt", "element 2.C.1.a is a knowledge element, not a skill element"},
        BrokenCase{"DuplicateRating",
                   [](ReleaseCopy& r) {
                     return r.Append("Knowledge.txt",
                                     SkillRow("15-1232.00", "2.C.1.a", "LV", "2.00"));
                   },
                   "Knowledge.txt",
                   "duplicate rating of 2.C.1.a on scale LV for 15-1232.00 (also on line 3)"},
        BrokenCase{"DuplicateOccupation",
                   [](ReleaseCopy& r) {
                     return r.Append("Occupation Data.txt", Row({"41-2011.00", "Cashiers", "x"}));
                   },
                   "Occupation Data.txt", "duplicate occupation 41-2011.00 (also on line 4)"},
        BrokenCase{"DuplicateAlternateTitle",
                   [](ReleaseCopy& r) {
                     return r.Append(
                         "Alternate Titles.txt",
                         Row({"31-1131.00", "Certified Nursing Assistant (CNA)", "CNA", "08"}));
                   },
                   "Alternate Titles.txt", "duplicate alternate title"},
        BrokenCase{"DuplicateTaskId",
                   [](ReleaseCopy& r) {
                     return r.Append("Task Statements.txt",
                                     Row({"41-2011.00", "101", "Count money.", "Core", "n/a",
                                          "08/2023", "Analyst"}));
                   },
                   "Task Statements.txt", "duplicate Task ID 101"},
        BrokenCase{"MalformedNumber",
                   [](ReleaseCopy& r) {
                     return r.Append("Skills.txt", SkillRow("31-1131.00", "2.A.1.a", "IM", "3,50"));
                   },
                   "Skills.txt", "malformed number \"3,50\" in Data Value"},
        BrokenCase{"NotANumber",
                   [](ReleaseCopy& r) {
                     return r.Append("Skills.txt", SkillRow("31-1131.00", "2.A.1.a", "IM", "nan"));
                   },
                   "Skills.txt", "malformed number"},
        BrokenCase{"OutOfScaleRange",
                   [](ReleaseCopy& r) {
                     return r.Append("Skills.txt", SkillRow("31-1131.00", "2.A.1.a", "IM", "5.50"));
                   },
                   "Skills.txt", "outside the range of scale IM"},
        BrokenCase{"UnexpectedScale",
                   [](ReleaseCopy& r) {
                     return r.Append("Skills.txt", SkillRow("31-1131.00", "2.A.1.a", "XX", "1.00"));
                   },
                   "Skills.txt", "unexpected Scale ID \"XX\""},
        BrokenCase{
            "MalformedJobZone",
            [](ReleaseCopy& r) {
              return r.Append("Job Zones.txt", Row({"31-1131.00", "6", "08/2023", "Analyst"}));
            },
            "Job Zones.txt", "malformed Job Zone \"6\""},
        BrokenCase{"MalformedOccupationCode",
                   [](ReleaseCopy& r) {
                     return r.Append("Occupation Data.txt", Row({"41-2011", "Cashiers", "x"}));
                   },
                   "Occupation Data.txt", "malformed O*NET-SOC code \"41-2011\""},
        BrokenCase{"TooFewColumns",
                   [](ReleaseCopy& r) {
                     return r.Append("Technology Skills.txt",
                                     Row({"41-2011.00", "Excel", "43232110", "Spreadsheets", "N"}));
                   },
                   "Technology Skills.txt", "expected 6 tab-separated columns, found 5"},
        BrokenCase{"BadYesNo",
                   [](ReleaseCopy& r) {
                     return r.Append(
                         "Technology Skills.txt",
                         Row({"41-2011.00", "Excel", "43232110", "Spreadsheets", "yes", "N"}));
                   },
                   "Technology Skills.txt", "malformed Hot Technology \"yes\""},
        BrokenCase{"UnknownTaskInTasksToDwas",
                   [](ReleaseCopy& r) {
                     return r.Append(
                         "Tasks to DWAs.txt",
                         Row({"41-2011.00", "999", "4.A.4.a.8.I01.D02", "03/2014", "Analyst"}));
                   },
                   "Tasks to DWAs.txt", "unknown task 999"},
        BrokenCase{"TaskOfAnotherOccupation",
                   [](ReleaseCopy& r) {
                     return r.Append(
                         "Tasks to DWAs.txt",
                         Row({"41-2011.00", "301", "4.A.4.a.8.I01.D02", "03/2014", "Analyst"}));
                   },
                   "Tasks to DWAs.txt", "task 301 belongs to 43-4051.00, not 41-2011.00"},
        BrokenCase{"UnknownDwa",
                   [](ReleaseCopy& r) {
                     return r.Append("Tasks to DWAs.txt", Row({"41-2011.00", "201", "4.A.9.I01.D01",
                                                               "03/2014", "Analyst"}));
                   },
                   "Tasks to DWAs.txt", "unknown DWA 4.A.9.I01.D01"},
        BrokenCase{"DwaOfNonWorkActivity",
                   [](ReleaseCopy& r) {
                     return r.Append("DWA Reference.txt",
                                     Row({"2.A.1.a", "2.A.1.a.I01", "2.A.1.a.I01.D01", "Read."}));
                   },
                   "DWA Reference.txt", "is a skill element, not a work activity element"},
        BrokenCase{"EducationPercentOutOfRange",
                   [](ReleaseCopy& r) {
                     return r.Append(
                         "Education, Training, and Experience.txt",
                         Row({"43-4051.00", "2.D.1", "Required Level of Education", "RL", "3",
                              "120.0", "18", "0.0", "n/a", "n/a", "N", "08/2023", "Incumbent"}));
                   },
                   "Education, Training, and Experience.txt", "outside the range of scale RL"},
        BrokenCase{"MissingRequiredFile",
                   [](ReleaseCopy& r) {
                     r.Remove("Knowledge.txt");
                     return std::size_t{0};
                   },
                   "Knowledge.txt", "is missing from"},
        BrokenCase{"MissingContentModel",
                   [](ReleaseCopy& r) {
                     r.Remove("Content Model Reference.txt");
                     return std::size_t{0};
                   },
                   "Content Model Reference.txt", "it is required"}),
    [](const ::testing::TestParamInfo<BrokenCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace reskill::importers
