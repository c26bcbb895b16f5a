#include "importers/ctdl.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace reskill::importers {
namespace {

using app::catalog::CatalogContent;
using app::catalog::CourseView;
using app::catalog::LearningPathView;
using domain::catalog::CourseLevel;
using Json = nlohmann::json;

TEST(CtdlTest, DurationsInHoursMinutesAndSeconds) {
  const std::pair<double, const char*> cases[] = {
      {12, "PT12H"},       {1.5, "PT1H30M"},          {0.25, "PT15M"}, {0.5, "PT30M"},
      {40.75, "PT40H45M"}, {1.3333, "PT1H19M59.88S"}, {0, "PT0H"},     {2000, "PT2000H"}};
  for (const auto& [hours, text] : cases) {
    EXPECT_EQ(FormatIsoDuration(hours), text) << hours;
    auto back = ParseIsoDuration(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_DOUBLE_EQ(*back, hours) << text;
  }
  EXPECT_DOUBLE_EQ(*ParseIsoDuration("PT90M"), 1.5);
  EXPECT_DOUBLE_EQ(*ParseIsoDuration("PT1.5H"), 1.5);
  for (const char* bad :
       {"", "P1D", "P2W", "PT", "PT5", "PTH", "PT1M2H", "PT1H1H", "12", "PT1..5H", "P1DT2H"}) {
    EXPECT_FALSE(ParseIsoDuration(bad).has_value()) << bad;
  }
}

TEST(CtdlTest, StableCtidsAreUuidShapedAndDeterministic) {
  const std::string a = StableCtid("reskill:course:northwind:NW-1");
  EXPECT_EQ(a, StableCtid("reskill:course:northwind:NW-1"));
  EXPECT_NE(a, StableCtid("reskill:course:northwind:NW-2"));
  ASSERT_EQ(a.size(), 39u);  // "ce-" + 36
  EXPECT_TRUE(a.starts_with("ce-"));
  const std::string uuid = a.substr(3);
  for (std::size_t i : {8u, 13u, 18u, 23u}) EXPECT_EQ(uuid[i], '-');
  EXPECT_EQ(uuid[14], '8');
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
}

CatalogContent SmallCatalogue() {
  CatalogContent c;
  domain::catalog::Provider p;
  p.id = domain::catalog::ProviderId(1);
  p.slug = "northwind";
  p.name = "Northwind Learning";
  p.website = "https://northwind.example";
  p.license_types = {domain::catalog::LicenseType::kSeat};
  c.providers.push_back(p);
  CourseView v;
  v.provider = p;
  v.course.id = domain::catalog::CourseId(2);
  v.course.provider_id = p.id;
  v.course.external_id = "NW-1";
  v.course.url = "https://learn.example/1";
  v.course.title = "Help desk fundamentals";
  v.course.language = "en";
  v.course.estimated_hours = 12;
  v.course.level = CourseLevel::kIntermediate;
  v.course.is_free = true;
  v.course.offers_certificate = true;
  v.course.skills = {{"2.C.3.a", 4.5}};
  v.element_names = {"Computers and Electronics"};
  c.courses.push_back(v);
  LearningPathView path;
  path.path.name = "Help desk starter";
  path.path.is_introductory = true;
  path.path.course_ids = {v.course.id};
  path.path.occupation_codes = {"15-1232.00"};
  path.courses = {v};
  path.total_hours = 12;
  path.occupations = {{"15-1232.00", "Computer User Support Specialists", "", 3}};
  c.paths.push_back(path);
  return c;
}

const Json* OfType(const Json& graph, const std::string& type) {
  for (const auto& o : graph) {
    if (o.value("@type", "") == type) return &o;
  }
  return nullptr;
}

TEST(CtdlTest, WritesTheFieldsRegistryPublishingRequires) {
  const Json doc = Json::parse(WriteCtdl(SmallCatalogue()));
  EXPECT_EQ(doc["@context"], "https://credreg.net/ctdl/schema/context/json");
  const Json& graph = doc["@graph"];
  const Json* course = OfType(graph, "ceterms:Course");
  ASSERT_NE(course, nullptr);
  // Course: ctid, name, description, subjectWebpage, offeredBy, availableOnlineAt.
  for (const char* key :
       {"@id", "ceterms:ctid", "ceterms:name", "ceterms:description", "ceterms:subjectWebpage",
        "ceterms:offeredBy", "ceterms:availableOnlineAt", "ceterms:estimatedDuration",
        "ceterms:teaches", "ceterms:occupationType", "ceterms:inLanguage"}) {
    EXPECT_TRUE(course->contains(key)) << key;
  }
  EXPECT_EQ((*course)["@id"],
            std::string(kCtdlResourceBase) + (*course)["ceterms:ctid"].get<std::string>());
  EXPECT_EQ((*course)["ceterms:name"]["en"], "Help desk fundamentals");
  EXPECT_EQ((*course)["ceterms:estimatedDuration"][0]["ceterms:exactDuration"], "PT12H");
  EXPECT_EQ((*course)["ceterms:teaches"][0]["ceterms:codedNotation"], "2.C.3.a");
  EXPECT_EQ((*course)["ceterms:teaches"][0]["ceterms:targetNodeName"]["en-US"],
            "Computers and Electronics");
  EXPECT_EQ((*course)["ceterms:occupationType"][0]["ceterms:codedNotation"], "15-1232.00");
  EXPECT_EQ((*course)["ceterms:audienceLevelType"][0]["ceterms:targetNode"],
            "audLevel:IntermediateLevel");
  const Json* cert = OfType(graph, "ceterms:Certificate");
  ASSERT_NE(cert, nullptr);
  for (const char* key :
       {"ceterms:ctid", "ceterms:name", "ceterms:description", "ceterms:ownedBy",
        "ceterms:credentialStatusType", "ceterms:subjectWebpage", "ceterms:inLanguage"}) {
    EXPECT_TRUE(cert->contains(key)) << key;
  }
  const Json* org = OfType(graph, "ceterms:CredentialOrganization");
  ASSERT_NE(org, nullptr);
  EXPECT_EQ((*course)["ceterms:offeredBy"][0], (*org)["@id"]);
  const Json* program = OfType(graph, "ceterms:LearningProgram");
  ASSERT_NE(program, nullptr);
  EXPECT_EQ((*program)["ceterms:hasPart"][0], (*course)["@id"]);
  // Every CTID is distinct.
  std::set<std::string> ctids;
  for (const auto& o : graph)
    EXPECT_TRUE(ctids.insert(o["ceterms:ctid"].get<std::string>()).second);
}

TEST(CtdlTest, RefusesDocumentsThatAreNotCtdlGraphs) {
  EXPECT_EQ(ReadCtdl("{").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(ReadCtdl("[1,").status().public_message().find("byte"), std::string::npos);
  EXPECT_EQ(ReadCtdl("{\"@graph\": []}").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReadCtdl("{\"@context\": \"https://schema.org\", \"@graph\": []}").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      ReadCtdl("{\"@context\": \"https://credreg.net/ctdl/schema/context/json\"}").status().code(),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReadCtdl("{\"@context\": \"\xff\"}").status().code(), ErrorCode::kInvalidArgument);
  auto empty = ReadCtdl(
      "{\"@context\": \"https://credreg.net/ctdl/schema/context/json\", "
      "\"@graph\": []}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->courses.empty());
}

// A document as another system might write it: plain strings instead of language maps, ownedBy
// instead of offeredBy, alignments to other frameworks, objects of other types.
constexpr std::string_view kForeign = R"({
  "@context": "https://credreg.net/ctdl/schema/context/json",
  "@graph": [
    {"@id": "https://example.org/org/1", "@type": "ceterms:CredentialOrganization",
     "ceterms:name": "Metro Community College", "ceterms:subjectWebpage": "https://metro.example"},
    {"@id": "https://example.org/c/1", "@type": "ceterms:Course",
     "ceterms:ctid": "ce-11111111-2222-4333-8444-555555555555",
     "ceterms:name": "Welding I", "ceterms:description": "Shielded metal arc welding.",
     "ceterms:subjectWebpage": "https://metro.example/weld1", "ceterms:inLanguage": "en",
     "ceterms:ownedBy": {"@id": "https://example.org/org/1"},
     "ceterms:estimatedDuration": {"@type": "ceterms:DurationProfile", "ceterms:exactDuration": "PT90M"},
     "ceterms:audienceLevelType": ["audLevel:AdvancedLevel"],
     "ceterms:teaches": [
       {"@type": "ceterms:CredentialAlignmentObject", "ceterms:codedNotation": "2.B.3.k"},
       {"@type": "ceterms:CredentialAlignmentObject", "ceterms:codedNotation": "WELD-101",
        "ceterms:targetNodeName": "A competency of another framework"}]},
    {"@id": "https://example.org/c/2", "@type": "ceterms:Course", "ceterms:name": "No duration",
     "ceterms:subjectWebpage": "https://metro.example/x", "ceterms:offeredBy": ["https://example.org/org/1"]},
    {"@id": "https://example.org/c/3", "@type": "ceterms:Course", "ceterms:name": "No provider",
     "ceterms:subjectWebpage": "https://metro.example/y",
     "ceterms:estimatedDuration": [{"ceterms:exactDuration": "PT3H"}]},
    {"@id": "https://example.org/p/1", "@type": "ceterms:LearningProgram",
     "ceterms:name": "Welding certificate program",
     "ceterms:hasPart": ["https://example.org/c/1", "https://example.org/c/9"]},
    {"@id": "https://example.org/x", "@type": "ceterms:AssessmentProfile", "ceterms:name": "Skipped"}
  ]
})";

TEST(CtdlTest, ReadsOtherSystemsDocumentsAndNamesWhatItCannotRead) {
  auto data = ReadCtdl(kForeign);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->providers.size(), 1u);
  EXPECT_EQ(data->providers[0].provider.name, "Metro Community College");
  EXPECT_EQ(data->providers[0].provider.slug, "metro-community-college");
  EXPECT_EQ(data->providers[0].provider.website, "https://metro.example");
  ASSERT_EQ(data->courses.size(), 1u);
  const auto& c = data->courses[0];
  EXPECT_EQ(c.provider_slug, "metro-community-college");
  EXPECT_EQ(c.course.title, "Welding I");
  // Without a coded notation the CTID is the external id.
  EXPECT_EQ(c.course.external_id, "ce-11111111-2222-4333-8444-555555555555");
  EXPECT_DOUBLE_EQ(c.course.estimated_hours, 1.5);
  EXPECT_EQ(c.course.level, CourseLevel::kAdvanced);
  ASSERT_EQ(c.course.skills.size(), 1u);  // only the O*NET-shaped alignment
  EXPECT_EQ(c.course.skills[0].element_id, "2.B.3.k");
  std::vector<std::pair<std::string, std::string>> problems;
  for (const auto& p : data->problems) problems.emplace_back(p.where, p.field);
  EXPECT_EQ(problems, (std::vector<std::pair<std::string, std::string>>{
                          {"@graph[2]", "ceterms:estimatedDuration"},
                          {"@graph[3]", "ceterms:offeredBy"},
                          {"@graph[4]", "ceterms:hasPart[1]"}}));
  EXPECT_TRUE(data->paths.empty());
}

}  // namespace
}  // namespace reskill::importers
