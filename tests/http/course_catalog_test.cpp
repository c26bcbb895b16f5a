// The catalogue routes with real records: every route × every role (authz_test.cpp calls them
// with ids that do not exist), and tenant isolation of providers, courses, paths and collections.
#include "app/catalog/course_catalog.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http/http_app.hpp"
#include "http/router.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

using domain::catalog::Collection;
using domain::catalog::CollectionTheme;
using domain::catalog::Course;
using domain::catalog::CourseLevel;
using domain::catalog::LearningPath;
using domain::catalog::LicenseType;
using domain::catalog::Provider;

// Ids (decimal text) of one record of each kind in tenant demo, each referring to the previous.
struct Records {
  std::string provider;
  std::string course;
  std::string path;
  std::string collection;
};

app::Principal DemoSystem(TestApp& app) {
  app::Principal p;
  p.kind = domain::audit::ActorKind::kSystem;
  p.actor_id = "test";
  p.tenant_id = TenantId(std::stoll(app.TenantIdOf("demo")));
  return p;
}

Records Seed(TestApp& app) {
  Records r;
  auto& ctx = app.context();
  const app::Principal actor = DemoSystem(app);
  Provider provider;
  provider.slug = "northwind";
  provider.name = "Northwind Learning";
  provider.license_types = {LicenseType::kSeat};
  auto p = app::catalog::ManageProviders(ctx).Create(actor, provider, {"seed"});
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return r;
  r.provider = std::to_string(p->id.value());
  Course course;
  course.provider_id = p->id;
  course.external_id = "NW-1";
  course.url = "https://learn.example/1";
  course.title = "Help desk fundamentals";
  course.language = "en";
  course.estimated_hours = 12;
  course.level = CourseLevel::kIntroductory;
  auto c = app::catalog::ManageCourses(ctx).Create(actor, course, {"seed"});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return r;
  r.course = std::to_string(c->course.id.value());
  LearningPath path;
  path.name = "Help desk starter";
  path.course_ids = {c->course.id};
  auto lp = app::catalog::ManageLearningPaths(ctx).Create(actor, path, {"seed"});
  EXPECT_TRUE(lp.ok()) << lp.status().ToString();
  if (!lp.ok()) return r;
  r.path = std::to_string(lp->path.id.value());
  Collection collection;
  collection.name = "Job readiness";
  collection.theme = CollectionTheme::kJobReadiness;
  auto col = app::catalog::ManageCollections(ctx).Create(actor, collection, {"seed"});
  EXPECT_TRUE(col.ok()) << col.status().ToString();
  if (col.ok()) r.collection = std::to_string(col->collection.id.value());
  return r;
}

bool IsCatalogRoute(const http::Route& r) {
  for (const char* prefix : {"/api/v1/providers", "/api/v1/courses", "/api/v1/learning-paths",
                             "/api/v1/collections", "/catalog/"}) {
    if (r.pattern.starts_with(prefix)) return true;
  }
  return false;
}

std::string Fill(const std::string& pattern, const Records& r) {
  std::string out = pattern;
  const auto pos = out.find("{id}");
  if (pos == std::string::npos) return out;
  const std::string& id = pattern.find("provider") != std::string::npos     ? r.provider
                          : pattern.find("course") != std::string::npos     ? r.course
                          : pattern.find("collection") != std::string::npos ? r.collection
                                                                            : r.path;
  return out.replace(pos, 4, id);
}

TEST(CourseCatalogRoutesTest, EveryRoleGetsWhatTheRouteTableDeclaresOnRealRecords) {
  std::vector<std::pair<std::string, std::string>> routes;  // (method, pattern)
  {
    TestApp probe;
    for (const auto& r : probe.http().router().routes()) {
      if (IsCatalogRoute(*r))
        routes.emplace_back(std::string(http::MethodName(r->method)), r->pattern);
    }
  }
  ASSERT_EQ(routes.size(), 40u);
  // Reads first and deletions last, so that every read finds its record.
  const auto rank = [](const std::pair<std::string, std::string>& r) {
    if (r.first == "GET") return 0;
    if (r.first == "DELETE" || r.second.ends_with("/delete")) return 2;
    return 1;
  };
  std::stable_sort(routes.begin(), routes.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  for (auto role : kStaffRoles) {
    // One application per role: allowed deletes change the records.
    TestApp app;
    const Records records = Seed(app);
    ASSERT_FALSE(records.collection.empty());
    const Session session = app.SignIn(role);
    const auto parsed = domain::programs::ParseRole(role);
    ASSERT_TRUE(parsed.has_value());
    for (const auto& [method, pattern] : routes) {
      SCOPED_TRACE(method + " " + pattern + " as " + std::string(role));
      const http::Route* route = nullptr;
      for (const auto& r : app.http().router().routes()) {
        if (r->pattern == pattern && http::MethodName(r->method) == method) route = r.get();
      }
      ASSERT_NE(route, nullptr);
      const bool allowed = route->access.roles.Has(*parsed);
      const TableSnapshot before = app.Snapshot();
      const bool changes = http::IsStateChanging(route->method);
      const auto r = app.CallAs(session, method, Fill(pattern, records), changes ? "{}" : "");
      if (allowed) {
        EXPECT_NE(r.status, 401) << r.body;
        EXPECT_NE(r.status, 403) << r.body;
        EXPECT_LT(r.status, 500) << r.body;
        if (!changes) {
          EXPECT_EQ(r.status, 200) << r.body;
        }
      } else {
        EXPECT_EQ(r.status, 403) << r.body;
        EXPECT_TRUE(SameData(before, app.Snapshot()));
      }
    }
  }
}

TEST(CourseCatalogRoutesTest, AnotherAgencyCannotSeeOrChangeTheCatalogue) {
  TestApp app;
  const Records records = Seed(app);
  ASSERT_FALSE(records.collection.empty());
  const Session other = app.SignIn("admin", "other");
  const TableSnapshot before = app.Snapshot();
  const std::pair<std::string, std::string> reads[] = {
      {"/api/v1/providers/", records.provider},  {"/api/v1/courses/", records.course},
      {"/api/v1/learning-paths/", records.path}, {"/api/v1/collections/", records.collection},
      {"/catalog/providers/", records.provider}, {"/catalog/courses/", records.course},
      {"/catalog/paths/", records.path},         {"/catalog/collections/", records.collection}};
  for (const auto& [prefix, id] : reads) {
    SCOPED_TRACE(prefix);
    auto r = app.CallAs(other, "GET", prefix + id);
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body.find("Help desk"), std::string::npos);
    if (prefix.starts_with("/api/")) {
      r = app.CallAs(other, "PATCH", prefix + id, R"({"name": "Taken over"})");
      EXPECT_EQ(r.status, prefix.find("courses") != std::string::npos ? 400 : 404) << r.body;
      r = app.CallAs(other, "DELETE", prefix + id);
      EXPECT_EQ(r.status, 404) << r.body;
    } else {
      r = app.CallAs(other, "POST", prefix + id + "/delete");
      EXPECT_EQ(r.status, 404) << r.body;
    }
  }
  // Lists and search show nothing of demo's.
  for (const char* list : {"/api/v1/providers", "/api/v1/courses?q=help", "/api/v1/learning-paths",
                           "/api/v1/collections", "/catalog/courses", "/catalog/paths",
                           "/catalog/collections", "/catalog/providers"}) {
    const auto r = app.CallAs(other, "GET", list);
    EXPECT_EQ(r.status, 200) << list;
    EXPECT_EQ(r.body.find("Help desk"), std::string::npos) << list;
    EXPECT_EQ(r.body.find("Northwind"), std::string::npos) << list;
  }
  // Other's own course cannot use demo's provider, and its path cannot use demo's course.
  auto r = app.CallAs(other, "POST", "/api/v1/courses",
                      R"({"provider_id": ")" + records.provider +
                          R"(", "external_id": "X", "url": "https://x.example/1", "title": "T",
                          "language": "en", "estimated_hours": 1, "level": "introductory"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "provider_id");
  r = app.CallAs(other, "POST", "/api/v1/learning-paths",
                 R"({"name": "Stolen", "course_ids": [")" + records.course + R"("]})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "course_ids[0]");
  EXPECT_TRUE(SameData(before, app.Snapshot()));
}

}  // namespace
}  // namespace reskill::test
