// The career-pathway routes over the demo data (data/demo: the invented O*NET release, BLS
// figures and the catalogue, loaded as `reskill demo` does): recommendations from an occupation
// and from a person's profile, gaps and training plans with provider/licence filters, bad input,
// and the explorer page (search, SVG chart, plan, escaping). The authorization matrix
// (authz_test.cpp) covers every role.
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/demo_catalog.hpp"
#include "cli/demo_programs.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

using Json = nlohmann::json;

class PathwaysHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {}
  void SetUp() override {
    std::ostringstream log;
    const TenantId demo(std::stoll(app_.TenantIdOf("demo")));
    Status st = cli::SeedDemoCatalog(app_.context(), demo, RESKILL_DEMO_DATA_DIR, log);
    ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << log.str();
    session_ = app_.SignIn("counselor");
  }

  Json Get(const std::string& target, int want = 200) {
    auto r = app_.CallAs(session_, "GET", target);
    EXPECT_EQ(r.status, want) << target << ": " << r.body;
    return r.status < 300 || r.body.starts_with("{") ? Json::parse(r.body, nullptr, false) : Json();
  }
  Json Post(const std::string& target, const Json& body, int want = 200) {
    auto r = app_.CallAs(session_, "POST", target, body.dump());
    EXPECT_EQ(r.status, want) << target << ": " << r.body;
    return Json::parse(r.body, nullptr, false);
  }
  std::string CourseId(const std::string& title) {
    const Json courses = Get("/api/v1/courses?limit=100");
    for (const auto& c : courses["items"]) {
      if (c["title"] == title) return c["id"].get<std::string>();
    }
    ADD_FAILURE() << "no course " << title;
    return "";
  }

  TestApp app_;
  Session session_;
};

TEST_F(PathwaysHttpTest, CareerMovesPayMoreAndAreExplainedWithSources) {
  const Json r = Get("/api/v1/pathways?from=41-2011.00&top=8");
  EXPECT_EQ(r["from"]["code"], "41-2011.00");
  EXPECT_EQ(r["mode"], "career");
  ASSERT_FALSE(r["targets"].empty());
  EXPECT_LE(r["targets"].size(), 8u);
  const double origin = r["from"]["wage"]["median_annual"].get<double>();
  double previous_score = 1e9;
  for (const auto& t : r["targets"]) {
    EXPECT_GT(t["wage"]["median_annual"].get<double>(), origin) << t["code"];
    EXPECT_EQ(t["route"].back(), t["code"]);
    EXPECT_LE(t["route"].size(), 3u);
    EXPECT_FALSE(t["needs_zone_jump"].get<bool>());
    EXPECT_LE(t["score"].get<double>(), previous_score);
    previous_score = t["score"].get<double>();
    EXPECT_FALSE(t["explanation"]["summary"].get<std::string>().empty());
    EXPECT_NE(t["wage"]["source"].get<std::string>().find("May 2024"), std::string::npos);
    // The agency's catalogue prices the gaps.
    EXPECT_TRUE(t["plan_hours"].is_number()) << t;
  }
}

TEST_F(PathwaysHttpTest, RelatedModeAndBadInput) {
  const Json r = Get("/api/v1/pathways?from=43-4051.00&mode=related&top=5");
  EXPECT_EQ(r["mode"], "related");
  EXPECT_EQ(r["targets"].size(), 5u);
  for (const auto& t : r["targets"]) EXPECT_EQ(t["score"], t["viability"]);

  EXPECT_EQ(Get("/api/v1/pathways?from=41-2011.00&mode=up", 400)["field"], "mode");
  EXPECT_EQ(Get("/api/v1/pathways", 400)["field"], "from");
  EXPECT_EQ(Get("/api/v1/pathways?from=cashier", 400)["field"], "from");
  EXPECT_EQ(Get("/api/v1/pathways?from=99-9999.00", 400)["field"], "from");
  EXPECT_EQ(Get("/api/v1/pathways?from=41-2011.00&top=0", 400)["field"], "top");
  EXPECT_EQ(Get("/api/v1/pathways?from=41-2011.00&max_steps=4", 400)["field"], "max_steps");
}

TEST_F(PathwaysHttpTest, APersonsCompletedCoursesCloseGaps) {
  const std::string it101 = CourseId("IT Support Fundamentals");
  const Json without =
      Post("/api/v1/pathways/plan",
           {{"profile", {{"occupations", {{{"code", "43-4051.00"}}}}}}, {"to", "15-1232.00"}});
  const Json with =
      Post("/api/v1/pathways/plan",
           {{"profile",
             {{"occupations", {{{"code", "43-4051.00"}, {"current", true}, {"years", 3}}}},
              {"completed_courses", {it101}},
              {"self_assessment", {{{"element_id", "2.A.1.a"}, {"level", 4.5}}}}}},
            {"to", "15-1232.00"}});
  ASSERT_TRUE(with["gaps"].is_array());
  EXPECT_LT(with["gaps"].size(), without["gaps"].size());
  for (const auto& c : with["courses"]) EXPECT_NE(c["title"], "IT Support Fundamentals");

  const Json recs =
      Post("/api/v1/pathways", {{"profile",
                                 {{"occupations", {{{"code", "43-4051.00"}, {"current", true}}}},
                                  {"completed_courses", {it101}}}},
                                {"top", 5}});
  EXPECT_TRUE(recs["from_profile"].get<bool>());
  EXPECT_EQ(recs["from"]["code"], "43-4051.00");

  EXPECT_EQ(Post("/api/v1/pathways", {{"profile", {{"hobbies", 1}}}}, 400)["field"],
            "profile.hobbies");
  EXPECT_EQ(Post("/api/v1/pathways", {{"profile", {{"occupations", Json::array()}}}}, 400)["field"],
            "profile.occupations");
  EXPECT_EQ(Post("/api/v1/pathways",
                 {{"profile",
                   {{"occupations", {{{"code", "43-4051.00"}}}}, {"completed_courses", {"123"}}}}},
                 400)["field"],
            "completed_courses[0]");
  EXPECT_EQ(Post("/api/v1/pathways", {{"top", 3}}, 400)["field"], "profile");
}

TEST_F(PathwaysHttpTest, PlanUsesTheCatalogueWithinTheChosenLicences) {
  const Json plan = Get("/api/v1/pathways/plan?from=43-4051.00&to=15-1232.00");
  ASSERT_FALSE(plan["gaps"].empty());
  bool it101 = false;
  double hours = 0;
  for (const auto& c : plan["courses"]) {
    it101 = it101 || c["title"] == "IT Support Fundamentals";
    hours += c["hours"].get<double>();
    EXPECT_FALSE(c["closes"].empty());
  }
  EXPECT_TRUE(it101) << plan;
  EXPECT_NEAR(plan["hours"].get<double>(), hours, 1e-6);

  const Json free = Get("/api/v1/pathways/plan?from=43-4051.00&to=15-1232.00&license=free");
  for (const auto& c : free["courses"]) EXPECT_EQ(c["provider"], "OpenSkills Commons");
  EXPECT_FALSE(free["uncovered"].empty());

  EXPECT_EQ(Get("/api/v1/pathways/plan?from=43-4051.00&to=15-1232.00&license=gift", 400)["field"],
            "license[0]");
  EXPECT_EQ(Get("/api/v1/pathways/plan?from=43-4051.00&to=15-1232.00&provider=42", 404)["field"],
            "providers[0]");
  EXPECT_EQ(Get("/api/v1/pathways/plan?from=43-4051.00", 400)["field"], "to");
}

TEST_F(PathwaysHttpTest, ExplorerPageSearchesDrawsTheChartAndShowsThePlan) {
  auto r = app_.CallAs(session_, "GET", "/pathways?q=cashier");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("/pathways?from=41-2011.00"), std::string::npos);

  r = app_.CallAs(session_, "GET", "/pathways?from=43-4051.00");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<svg"), std::string::npos);
  EXPECT_NE(r.body.find("<circle class=\"bubble\""), std::string::npos);
  EXPECT_NE(r.body.find("Career moves from Customer Service Representatives"), std::string::npos);
  EXPECT_NE(r.body.find("<table class=\"pathways\""), std::string::npos);

  r = app_.CallAs(session_, "GET", "/pathways?from=43-4051.00&to=15-1232.00");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("IT Support Fundamentals"), std::string::npos);
  EXPECT_NE(r.body.find("Troubleshooting"), std::string::npos);

  r = app_.CallAs(session_, "GET", "/pathways?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
  r = app_.CallAs(session_, "GET", "/pathways?from=%3Cb%3E");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("<b>"), std::string::npos);
}

// A client's career profile and plan: over the demo program (clients in the counselor's unit).
class ClientPathwaysTest : public PathwaysHttpTest {
 protected:
  void SetUp() override {
    PathwaysHttpTest::SetUp();
    std::ostringstream log;
    const TenantId demo(std::stoll(app_.TenantIdOf("demo")));
    Status st = cli::SeedDemoPrograms(app_.context(), demo, log);
    ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << log.str();
    const Json clients = Get("/api/v1/clients?limit=10");
    for (const auto& c : clients["items"]) ids_.push_back(c["id"].get<std::string>());
    ASSERT_GE(ids_.size(), 3u);
  }
  Json Put(const std::string& target, const Json& body, int want = 200) {
    auto r = app_.CallAs(session_, "PUT", target, body.dump());
    EXPECT_EQ(r.status, want) << target << ": " << r.body;
    return Json::parse(r.body, nullptr, false);
  }
  http::Response Form(const std::string& target, const std::string& fields) {
    return app_.CallAs(session_, "POST", target, "_csrf=" + session_.csrf + "&" + fields,
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  std::vector<std::string> ids_;
};

TEST_F(ClientPathwaysTest, AProfileIsStoredCheckedAndAudited) {
  const std::string profile = "/api/v1/clients/" + ids_[0] + "/career-profile";
  Json empty = Get(profile);
  EXPECT_FALSE(empty["stored"].get<bool>());
  EXPECT_TRUE(empty["profile"]["occupations"].empty());
  EXPECT_EQ(empty["participant_id"].get<std::string>().substr(0, 2), "P-");

  // Bad input names the field and stores nothing.
  const TableSnapshot before = app_.Snapshot();
  EXPECT_EQ(Put(profile, {{"occupations", {{{"code", "99-9999.00"}}}}}, 400)["field"],
            "profile.occupations[0].code");
  EXPECT_EQ(
      Put(profile, {{"occupations", {{{"code", "43-4051.00"}, {"years", -1}}}}}, 400)["field"],
      "profile.occupations[0].years");
  EXPECT_EQ(Put(profile,
                {{"occupations", {{{"code", "43-4051.00"}}}},
                 {"self_assessment", {{{"element_id", "2.A.1.a"}, {"level", 9}}}}},
                400)["field"]
                .get<std::string>()
                .rfind("profile.", 0),
            0u);
  EXPECT_EQ(Put(profile, {{"hobbies", {"chess"}}}, 400)["field"], "hobbies");
  EXPECT_EQ(Put("/api/v1/clients/123456/career-profile",
                {{"occupations", {{{"code", "43-4051.00"}}}}}, 404)["status"],
            404);
  EXPECT_EQ(app_.Snapshot(), before);

  const Json stored = Put(profile, {{"occupations",
                                     {{{"code", "43-4051.00"}, {"current", true}, {"years", 3}},
                                      {{"code", "41-2011.00"}, {"years", 2}}}},
                                    {"education_category", 2}});
  EXPECT_TRUE(stored["stored"].get<bool>());
  const Json again = Get(profile);
  EXPECT_EQ(again["profile"], stored["profile"]);
  EXPECT_EQ(again["profile"]["occupations"][0]["code"], "43-4051.00");
  EXPECT_TRUE(again["profile"]["occupations"][0]["current"].get<bool>());
  EXPECT_EQ(again["profile"]["occupations"][1]["years"], 2);
  EXPECT_EQ(again["profile"]["education_category"], 2);

  const auto audit = app_.Query("SELECT action FROM audit_event WHERE target_id = '" + ids_[0] +
                                "' AND action LIKE 'client.career_profile.%' ORDER BY action");
  ASSERT_GE(audit.size(), 3u);
  EXPECT_EQ(audit.front().at("action"), "client.career_profile.read");
  EXPECT_EQ(audit.back().at("action"), "client.career_profile.update");
  const Json journal = Get("/api/v1/clients/" + ids_[0] + "/journal");
  EXPECT_NE(journal.dump().find("Career profile updated"), std::string::npos);

  // Analysts never reach client records.
  EXPECT_EQ(app_.CallAs(app_.SignIn("analyst"), "GET", profile).status, 403);
}

TEST_F(ClientPathwaysTest, ThePlanIsAssignedAsALearningPathInOneStep) {
  const std::string plan = "/api/v1/clients/" + ids_[0] + "/pathway-plan";
  EXPECT_EQ(Post(plan, {{"to", "15-1232.00"}}, 409)["code"], "profile_required");
  const Json profile = {{"occupations", {{{"code", "43-4051.00"}, {"current", true}}}}};
  Put("/api/v1/clients/" + ids_[0] + "/career-profile", profile);
  Put("/api/v1/clients/" + ids_[1] + "/career-profile", profile);

  EXPECT_EQ(Post(plan, {{"to", "15-1232"}}, 400)["field"], "to");
  EXPECT_EQ(Post(plan, {{"to", "15-1232.00"}, {"due_at", "2001-01-01"}}, 400)["field"], "due_at");
  Json r = Post(plan, {{"to", "15-1232.00"}, {"due_at", "2099-06-30"}}, 201);
  ASSERT_TRUE(r.contains("path")) << r;
  EXPECT_TRUE(r["path"]["created"].get<bool>());
  EXPECT_NE(r["path"]["name"].get<std::string>().find("Computer User Support Specialists"),
            std::string::npos);
  ASSERT_FALSE(r["plan"]["courses"].empty());
  ASSERT_EQ(r["path"]["course_ids"].size(), r["plan"]["courses"].size());
  // The plan uses the program's providers only (the demo program offers the first two).
  Json program = Get("/api/v1/programs")["items"][0];
  for (const auto& c : r["plan"]["courses"]) {
    EXPECT_NE(
        std::find(program["provider_ids"].begin(), program["provider_ids"].end(), c["provider_id"]),
        program["provider_ids"].end())
        << c;
  }
  // The path is in the catalogue with the courses in plan order, and assigned.
  Json path = Get("/api/v1/learning-paths/" + r["path"]["id"].get<std::string>());
  Json in_path = Json::array();
  for (const auto& c : path["courses"]) in_path.push_back(c["id"]);
  EXPECT_EQ(in_path, r["path"]["course_ids"]) << path;
  EXPECT_EQ(path["occupations"][0]["code"], "15-1232.00");
  const Json assigned = Get("/api/v1/clients/" + ids_[0] + "/assignments");
  bool found = false;
  for (const auto& a : assigned["items"]) {
    found = found || (a["target_id"] == r["path"]["id"] && a["due_at"] != nullptr);
  }
  EXPECT_TRUE(found) << assigned;
  EXPECT_NE(Get("/api/v1/clients/" + ids_[0] + "/journal").dump().find("Training plan toward"),
            std::string::npos);

  // Twice for the same client: refused, nothing added. Another client: the same path reused.
  const TableSnapshot before = app_.Snapshot();
  Post(plan, {{"to", "15-1232.00"}}, 409);
  EXPECT_EQ(app_.Snapshot(), before);
  Json other = Post("/api/v1/clients/" + ids_[1] + "/pathway-plan", {{"to", "15-1232.00"}}, 201);
  EXPECT_FALSE(other["path"]["created"].get<bool>());
  EXPECT_EQ(other["path"]["id"], r["path"]["id"]);
}

TEST_F(ClientPathwaysTest, TheExplorerWorksForAClient) {
  const std::string id = ids_[2];
  auto r = app_.CallAs(session_, "GET", "/pathways?client=" + id + "&q=cashier");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("id=\"client-mode\""), std::string::npos);
  EXPECT_NE(r.body.find("/clients/" + id + "/career-profile/current"), std::string::npos);

  r = Form("/clients/" + id + "/career-profile/current", "code=41-2011.00");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Get("/api/v1/clients/" + id + "/career-profile")["profile"]["occupations"][0]["code"],
            "41-2011.00");
  r = app_.CallAs(session_, "GET", "/pathways?client=" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Career moves from Cashiers"), std::string::npos);
  EXPECT_NE(r.body.find("/pathways?client=" + id + "&amp;mode=career&amp;to="), std::string::npos);

  r = app_.CallAs(session_, "GET", "/pathways?client=" + id + "&to=15-1232.00");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("action=\"/clients/" + id + "/pathway-plan\""), std::string::npos);
  r = Form("/clients/" + id + "/pathway-plan", "to=15-1232.00&due=");
  ASSERT_EQ(r.status, 303) << r.body;
  r = app_.CallAs(session_, "GET", "/clients/" + id);
  EXPECT_NE(r.body.find("Plan: Cashiers"), std::string::npos);
  EXPECT_NE(r.body.find("/pathways?client=" + id), std::string::npos);

  // A bad code and an unknown client are refused on the page.
  EXPECT_EQ(Form("/clients/" + id + "/career-profile/current", "code=nope").status, 400);
  EXPECT_EQ(app_.CallAs(session_, "GET", "/pathways?client=999999").status, 404);
}

TEST(PathwaysWithoutDataTest, RecommendationsNeedAnOnetRelease) {
  TestApp app;
  const Session s = app.SignIn("counselor");
  auto r = app.CallAs(s, "GET", "/api/v1/pathways?from=41-2011.00");
  EXPECT_EQ(r.status, 409) << r.body;
  r = app.CallAs(s, "GET", "/pathways");
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace reskill::test
