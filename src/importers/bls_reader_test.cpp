#include "importers/bls_reader.hpp"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace reskill::importers {
namespace {

using domain::catalog::SocGroup;
using domain::catalog::WageRecord;

const std::filesystem::path kFixtures = std::filesystem::path(RESKILL_FIXTURES_DIR) / "bls";

const WageRecord* FindRecord(const WageReadResult& r, std::string_view area, std::string_view soc) {
  for (const auto& w : r.records) {
    if (w.area_code == area && w.soc_code == soc) return &w;
  }
  return nullptr;
}

// The OEWS header followed by `rows` (only the columns the reader needs, in a shuffled order and
// lower case, which the reader must accept).
std::string Oews(std::string_view rows) {
  return "occ_code,AREA,area_title,AREA_TYPE,OCC_TITLE,O_GROUP,TOT_EMP,H_MEAN,A_MEAN,H_PCT10,"
         "H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90\n" +
         std::string(rows);
}

constexpr std::string_view kGoodRow =
    "15-1252,99,U.S.,1,Software Developers,detailed,1654440,69.5,144570,38.39,49.55,63.98,"
    "81.25,101.66,79850,103050,133080,169000,211450\n";

StatusOr<WageReadResult> ReadOewsText(std::string text,
                                      WageReadOptions options = {OewsAreaType::kNational, 2024}) {
  std::istringstream in(std::move(text));
  return ReadOewsWages(in, "test.csv", options);
}

TEST(OewsReaderTest, ReadsTheNationalSample) {
  auto r = ReadOewsWagesFile(kFixtures / "oews_national_M2024_sample.csv", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->year, 2024);  // from the file name
  EXPECT_EQ(r->rows_read, 17);
  // total and major rows, California (a state), a retail-only row, and the broad twin of the
  // detailed 31-1120 row are skipped.
  EXPECT_EQ(r->rows_skipped, 5);
  ASSERT_EQ(r->records.size(), 12u);
  EXPECT_EQ(r->records.front().soc_code, "11-1011");

  const WageRecord* dev = FindRecord(*r, "99", "15-1252");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->area_title, "U.S.");
  EXPECT_EQ(dev->occupation_title, "Software Developers");
  EXPECT_EQ(dev->group, SocGroup::kDetailed);
  EXPECT_EQ(dev->employment, 1654440);
  EXPECT_EQ(dev->annual.median.amount, 133080);
  EXPECT_EQ(dev->annual.mean.amount, 144570);
  EXPECT_EQ(dev->hourly.median.amount, 63.98);
  EXPECT_EQ(dev->annual.pct90.amount, 211450);
  EXPECT_EQ(dev->TopCodedMask(), 0);

  // Chief executives: '#' is top-coded at the cap.
  const WageRecord* ceo = FindRecord(*r, "99", "11-1011");
  ASSERT_NE(ceo, nullptr);
  EXPECT_EQ(ceo->annual.median.amount, 206420);
  EXPECT_TRUE(ceo->annual.pct75.top_coded);
  EXPECT_EQ(ceo->annual.pct75.amount, 239200);
  EXPECT_TRUE(ceo->hourly.pct90.top_coded);
  EXPECT_EQ(ceo->hourly.pct90.amount, 115);
  EXPECT_FALSE(ceo->annual.median.top_coded);

  // Actors: '*' is not available.
  const WageRecord* actors = FindRecord(*r, "99", "27-2011");
  ASSERT_NE(actors, nullptr);
  EXPECT_EQ(actors->annual.median.amount, std::nullopt);
  EXPECT_EQ(actors->hourly.median.amount, 23.33);

  // A group BLS publishes only as a whole is kept once, as detailed.
  const WageRecord* aides = FindRecord(*r, "99", "31-1120");
  ASSERT_NE(aides, nullptr);
  EXPECT_EQ(aides->group, SocGroup::kDetailed);
  const WageRecord* counselors = FindRecord(*r, "99", "21-1010");
  ASSERT_NE(counselors, nullptr);
  EXPECT_EQ(counselors->group, SocGroup::kBroad);
}

TEST(OewsReaderTest, SelectsAreasByType) {
  auto r =
      ReadOewsWagesFile(kFixtures / "oews_national_M2024_sample.csv", {OewsAreaType::kState, 2024});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->records.size(), 1u);
  EXPECT_EQ(r->records[0].area_code, "06");
  EXPECT_EQ(r->records[0].area_title, "California");

  r = ReadOewsWagesFile(kFixtures / "oews_national_M2024_sample.csv", {OewsAreaType::kAll, 2024});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records.size(), 13u);
}

TEST(OewsReaderTest, YearFromFileNameOrOption) {
  EXPECT_EQ(OewsYearFromFileName("oews_national_M2024.csv"), 2024);
  EXPECT_EQ(OewsYearFromFileName("/data/bls/national_M2023_dl.csv"), 2023);
  EXPECT_EQ(OewsYearFromFileName("state_m2022_dl.csv"), 2022);
  EXPECT_EQ(OewsYearFromFileName("wages.csv"), std::nullopt);
  EXPECT_EQ(OewsYearFromFileName("ARM20245.csv"), std::nullopt);

  std::istringstream in(Oews(kGoodRow));
  auto r = ReadOewsWages(in, "wages.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().public_message().find("--year"), std::string::npos);
  r = ReadOewsText(Oews(kGoodRow), {OewsAreaType::kNational, 2021});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->records[0].year, 2021);
}

TEST(OewsReaderTest, AcceptsQuotesCrLfAndABom) {
  auto r =
      ReadOewsText("\xEF\xBB\xBF" + Oews("15-1252,99,\"U.S.\",1,\"Developers, \"\"Software\"\"\","
                                         "detailed,\"1,654,440\",69.5,144570,38.39,49.55,63.98,"
                                         "81.25,101.66,79850,103050,133080,169000,211450\r\n\r\n"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->records.size(), 1u);
  EXPECT_EQ(r->records[0].occupation_title, "Developers, \"Software\"");
  EXPECT_EQ(r->records[0].employment, 1654440);
}

TEST(OewsReaderTest, EmploymentMayBeUnknown) {
  auto r = ReadOewsText(
      Oews("15-1252,99,U.S.,1,Software Developers,detailed,**,69.5,144570,38.39,49.55,63.98,81.25,"
           "101.66,79850,103050,133080,169000,211450\n"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->records[0].employment, std::nullopt);
}

TEST(OewsReaderTest, RejectsBadInputNamingFileAndLine) {
  struct Case {
    const char* what;
    std::string text;
    const char* expected;  // part of the message
  };
  const std::string good(kGoodRow);
  const Case cases[] = {
      {"missing column", "AREA,AREA_TITLE\n99,U.S.\n", "test.csv:1: missing column AREA_TYPE"},
      {"bad SOC code", Oews("15-12X2" + good.substr(7)), "test.csv:2: OCC_CODE \"15-12X2\""},
      {"bad wage",
       Oews(good + "41-2011,99,U.S.,1,Cashiers,detailed,1,1,1,1,1,1,1,1,1,1,lots,1,1\n"),
       "test.csv:3: A_MEDIAN \"lots\""},
      {"negative wage", Oews("41-2011,99,U.S.,1,Cashiers,detailed,1,1,-5,1,1,1,1,1,1,1,1,1,1\n"),
       "test.csv:2: A_MEAN \"-5\""},
      {"bad employment", Oews("41-2011,99,U.S.,1,Cashiers,detailed,12.5,1,1,1,1,1,1,1,1,1,1,1,1\n"),
       "test.csv:2: TOT_EMP \"12.5\""},
      {"unknown group", Oews("41-2011,99,U.S.,1,Cashiers,special,1,1,1,1,1,1,1,1,1,1,1,1,1\n"),
       "test.csv:2: O_GROUP \"special\""},
      {"duplicate", Oews(good + good),
       "test.csv:3: OCC_CODE 15-1252 appears twice for area 99 "
       "(also on line 2)"},
      {"short row", Oews(good + "41-2011,99,U.S.\n"), "test.csv:3: expected 19 fields, found 3"},
      {"unclosed quote", Oews("41-2011,99,\"U.S.,1\n"), "test.csv:2: a quoted field is not closed"},
      {"text after quote", Oews("41-2011,99,\"U.S.\"x,1\n"),
       "test.csv:2: unexpected text after a closing quote"},
      {"latin-1",
       Oews(good + "41-2011,99,Espa\xF1"
                   "a,1,Cashiers,detailed,1,1,1,1,1,1,1,1,1,1,1,"
                   "1,1\n"),
       "test.csv:3: not valid UTF-8"},
      {"no usable rows", Oews("00-0000,99,U.S.,1,All,total,1,1,1,1,1,1,1,1,1,1,1,1,1\n"),
       "no detailed or broad cross-industry rows"},
      {"empty", "", "test.csv:1: the file is empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = ReadOewsText(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.status().public_message().find(c.expected), std::string::npos)
        << r.status().public_message();
    EXPECT_EQ(r.status().field(), "test.csv");
  }
}

TEST(OewsReaderTest, MissingFileIsNotFound) {
  auto r = ReadOewsWagesFile(kFixtures / "no_such_M2024.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

TEST(OewsAreaTypeTest, Names) {
  EXPECT_EQ(ParseOewsAreaType("national"), OewsAreaType::kNational);
  EXPECT_EQ(ParseOewsAreaType("metro"), OewsAreaType::kMetro);
  EXPECT_EQ(ParseOewsAreaType("all"), OewsAreaType::kAll);
  EXPECT_EQ(ParseOewsAreaType("county"), std::nullopt);
}

// ---- Employment Projections ---------------------------------------------------------------------

constexpr std::string_view kProjectionHeader =
    "title,soc_code,occupation_type,emp_2024_k,emp_2034_k,emp_change_k,emp_change_pct,"
    "openings_annual_avg_k,median_annual_wage_2024,typical_entry_education,work_experience,"
    "typical_ojt\n";

StatusOr<ProjectionReadResult> ReadProjectionText(const std::string& rows,
                                                  std::string_view header = kProjectionHeader) {
  std::istringstream in(std::string(header) + rows);
  return ReadProjections(in, "ep.csv");
}

TEST(ProjectionReaderTest, ReadsTheSample) {
  auto r = ReadProjectionsFile(kFixtures / "ep_2024_34_table_1_2_sample.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->period.base_year, 2024);
  EXPECT_EQ(r->period.projected_year, 2034);
  EXPECT_EQ(r->rows_read, 13);
  EXPECT_EQ(r->summary_rows, 2);
  ASSERT_EQ(r->projections.size(), 11u);
  EXPECT_EQ(r->projections.front().soc_code, "11-1011");

  const auto find = [&](std::string_view soc) -> const domain::catalog::Projection* {
    for (const auto& p : r->projections) {
      if (p.soc_code == soc) return &p;
    }
    return nullptr;
  };
  const auto* dev = find("15-1252");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->title, "Software developers");
  EXPECT_EQ(dev->employment_base, 1693800);
  EXPECT_EQ(dev->employment_projected, 1961400);
  EXPECT_EQ(dev->employment_change, 267700);
  EXPECT_DOUBLE_EQ(dev->change_percent, 15.8);
  EXPECT_EQ(dev->annual_openings, 115200);
  EXPECT_EQ(dev->median_annual_wage.amount, 133080);
  EXPECT_EQ(dev->entry_education, "Bachelor's degree");
  EXPECT_EQ(dev->work_experience, "None");
  EXPECT_EQ(dev->on_the_job_training, "None");

  const auto* support = find("15-1232");
  ASSERT_NE(support, nullptr);
  EXPECT_EQ(support->employment_change, -27000);
  EXPECT_DOUBLE_EQ(support->change_percent, -3.7);
  EXPECT_EQ(support->entry_education, "Some college, no degree");

  const auto* actors = find("27-2011");
  ASSERT_NE(actors, nullptr);
  EXPECT_EQ(actors->median_annual_wage.amount, std::nullopt);

  const auto* surgeons = find("29-1022");
  ASSERT_NE(surgeons, nullptr);
  EXPECT_TRUE(surgeons->median_annual_wage.top_coded);
  EXPECT_EQ(surgeons->median_annual_wage.amount, 239200);

  const auto* aides = find("31-1120");  // BLS projects this broad group as one line item
  ASSERT_NE(aides, nullptr);
  EXPECT_EQ(aides->annual_openings, 765800);
}

TEST(ProjectionReaderTest, RejectsBadInput) {
  struct Case {
    const char* what;
    std::string rows;
    std::string header;
    const char* expected;
  };
  const std::string header(kProjectionHeader);
  const Case cases[] = {
      {"one employment column", "", "title,soc_code,occupation_type,emp_2024_k\n",
       "ep.csv:1: expected two employment columns"},
      {"missing column", "", "title,soc_code,emp_2024_k,emp_2034_k,median_annual_wage\n",
       "ep.csv:1: missing column occupation_type"},
      {"bad type", "X,15-1252,Detail,1,2,1,100,1,1,—,—,—\n", header,
       "ep.csv:2: occupation_type \"Detail\""},
      {"bad code", "X,151252,Line item,1,2,1,100,1,1,—,—,—\n", header,
       "ep.csv:2: soc_code \"151252\""},
      {"bad number", "X,15-1252,Line item,1,two,1,100,1,1,—,—,—\n", header,
       "ep.csv:2: employment \"two\" is not a number"},
      {"negative openings", "X,15-1252,Line item,1,2,1,100,-1,1,—,—,—\n", header,
       "ep.csv:2: employment and openings cannot be negative"},
      {"bad wage", "X,15-1252,Line item,1,2,1,100,1,about 5,—,—,—\n", header,
       "ep.csv:2: median_annual_wage \"about 5\""},
      {"duplicate",
       "X,15-1252,Line item,1,2,1,100,1,1,—,—,—\nY,15-1252,Line item,1,2,1,100,1,1,—,—,—\n", header,
       "ep.csv:3: soc_code 15-1252 appears twice (also on line 2)"},
      {"only summaries", "All,00-0000,Summary,1,2,1,100,1,1,—,—,—\n", header,
       "no \"Line item\" rows"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = ReadProjectionText(c.rows, c.header);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.status().public_message().find(c.expected), std::string::npos)
        << r.status().public_message();
  }
}

}  // namespace
}  // namespace reskill::importers
