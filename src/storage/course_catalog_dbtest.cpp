// Storage contract tests of the course catalogue (repository, full-text search) and of the use
// cases that only make sense against a real database (reference checks, CSV import, CTDL round
// trip, related courses), on SQLite (a temporary file, always) and on PostgreSQL when
// RESKILL_TEST_PG_DSN is set (scripts/with-postgres.sh; each process works in its own schema).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "app/catalog/catalog_transfer.hpp"
#include "app/catalog/course_catalog.hpp"
#include "importers/course_csv.hpp"
#include "importers/ctdl.hpp"
#include "platform/platform.hpp"
#include "storage/sql/course_catalog_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/test_engines.hpp"
#if RESKILL_WITH_POSTGRES
#include "storage/postgres/postgres_database.hpp"
#endif

namespace reskill::storage {
namespace {

using app::CourseQuery;
using app::Principal;
using app::TxMode;
using app::UnitOfWork;
using domain::catalog::Collection;
using domain::catalog::CollectionId;
using domain::catalog::CollectionTheme;
using domain::catalog::Course;
using domain::catalog::CourseId;
using domain::catalog::CourseLevel;
using domain::catalog::CourseSkill;
using domain::catalog::ElementKind;
using domain::catalog::LearningPath;
using domain::catalog::LearningPathId;
using domain::catalog::LicenseType;
using domain::catalog::Provider;
using domain::catalog::ProviderId;

Timestamp At(std::int64_t offset_ms) {
  return FromUnixMillis(1'760'000'000'000 + offset_ms);
}

using testing::Engine;
using testing::PgDsn;

StatusOr<std::unique_ptr<Engine>> MakeEngine(const std::string& name) {
  return testing::MakeEngine(name, "courses");
}

// A few occupations and elements to refer to, and the ratings RelatedCourses reads.
app::OnetReleaseData SmallOnet() {
  app::OnetReleaseData d;
  d.release.version = "1.0";
  d.release.fingerprint = "courses-test";
  d.release.imported_at = At(0);
  d.occupations = {
      {"15-1232.00", "Computer User Support Specialists", "Provide technical assistance.", 3},
      {"41-2011.00", "Cashiers", "Receive and disburse money.", 1},
      {"43-4051.00", "Customer Service Representatives", "Interact with customers.", 2},
  };
  d.elements = {
      {"2.A.1.a", "Reading Comprehension", "", ElementKind::kSkill},
      {"2.A.1.b", "Active Listening", "", ElementKind::kSkill},
      {"2.B.1.a", "Social Perceptiveness", "", ElementKind::kSkill},
      {"2.C.1.b", "Customer and Personal Service", "", ElementKind::kKnowledge},
      {"2.C.3.a", "Computers and Electronics", "", ElementKind::kKnowledge},
      {"1.A.1.a.1", "Oral Comprehension", "", ElementKind::kAbility},
  };
  d.ratings = {
      {"15-1232.00", "2.C.3.a", 4.6, 5.0, false, false},
      {"15-1232.00", "2.A.1.b", 4.0, 4.0, false, false},
      {"15-1232.00", "2.A.1.a", 3.9, 4.1, false, false},
      {"43-4051.00", "2.C.1.b", 4.5, 4.4, false, false},
      {"43-4051.00", "2.A.1.b", 4.2, 4.1, false, false},
  };
  return d;
}

class CourseCatalogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = MakeEngine(GetParam());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString() << " "
                             << engine.status().internal_detail();
    engine_ = std::move(engine).value();
    auto applied = db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    ids_ = std::make_unique<platform::TimeOrderedIdGenerator>();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    tokens_ = std::make_unique<platform::SodiumSecretTokens>();
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{db(), clock_, *ids_, *passwords_, *tokens_, contacts_, {}});
    alpha_ = NewTenant("alpha");
    beta_ = NewTenant("beta");
    Write([](UnitOfWork& uow) { return uow.occupations().ReplaceRelease(SmallOnet()); });
  }

  SqlDatabase& db() { return engine_->db(); }
  app::AppContext& ctx() { return *ctx_; }

  void Write(const std::function<Status(UnitOfWork&)>& work) {
    Status st = db().Run(TxMode::kWrite, work);
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  }
  Status TryWrite(const std::function<Status(UnitOfWork&)>& work) {
    return db().Run(TxMode::kWrite, work);
  }
  void Read(const std::function<Status(UnitOfWork&)>& work) {
    Status st = db().Run(TxMode::kRead, work);
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  }

  Principal NewTenant(const std::string& slug) {
    app::Tenant t{TenantId(ids_->Next()), slug, "Agency " + slug, At(0)};
    Write([&](UnitOfWork& uow) { return uow.tenants().Insert(t); });
    Principal p;
    p.kind = domain::audit::ActorKind::kSystem;
    p.actor_id = "test";
    p.tenant_id = t.id;
    return p;
  }

  Provider MakeProvider(const Principal& who, const std::string& slug, const std::string& name) {
    Provider p;
    p.tenant_id = who.tenant_id;
    p.id = ProviderId(ids_->Next());
    p.slug = slug;
    p.name = name;
    p.website = "https://" + slug + ".example";
    p.license_types = {LicenseType::kSeat, LicenseType::kFree};
    p.created_at = p.updated_at = At(1);
    return p;
  }

  Provider NewProvider(const Principal& who, const std::string& slug, const std::string& name) {
    Provider p = MakeProvider(who, slug, name);
    Write([&](UnitOfWork& uow) { return uow.course_catalog().InsertProvider(p); });
    return p;
  }

  Course MakeCourse(const Provider& provider, const std::string& external_id,
                    const std::string& title, const std::string& description = "") {
    Course c;
    c.tenant_id = provider.tenant_id;
    c.id = CourseId(ids_->Next());
    c.provider_id = provider.id;
    c.external_id = external_id;
    c.url = "https://learn.example/" + external_id;
    c.title = title;
    c.description = description;
    c.language = "en";
    c.estimated_hours = 12.5;
    c.level = CourseLevel::kIntroductory;
    c.created_at = c.updated_at = At(2);
    return c;
  }

  Course NewCourse(const Provider& provider, const std::string& external_id,
                   const std::string& title, const std::string& description = "",
                   std::vector<CourseSkill> skills = {}) {
    Course c = MakeCourse(provider, external_id, title, description);
    c.skills = std::move(skills);
    Write([&](UnitOfWork& uow) {
      return uow.course_catalog().InsertCourse(c, provider.name + " " + provider.slug);
    });
    return c;
  }

  LearningPath MakePath(TenantId tenant, const std::string& name, std::vector<CourseId> courses,
                        std::vector<std::string> codes = {}) {
    LearningPath p;
    p.tenant_id = tenant;
    p.id = LearningPathId(ids_->Next());
    p.name = name;
    p.description = "About " + name;
    p.is_introductory = true;
    p.course_ids = std::move(courses);
    p.occupation_codes = std::move(codes);
    p.created_at = p.updated_at = At(3);
    return p;
  }

  std::vector<std::string> Titles(TenantId tenant, const CourseQuery& q) {
    std::vector<std::string> out;
    Read([&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(auto courses, uow.course_catalog().ListCourses(tenant, q));
      for (const auto& c : courses) out.push_back(c.title);
      return Status::Ok();
    });
    return out;
  }

  std::vector<std::string> Search(TenantId tenant, const std::string& text) {
    CourseQuery q;
    q.text = text;
    return Titles(tenant, q);
  }

  std::int64_t CountAudit(TenantId tenant, const std::string& action) {
    std::int64_t n = 0;
    Read([&](UnitOfWork& uow) -> Status {
      app::AuditQuery q;
      q.action_prefix = action;
      q.limit = 500;
      RESKILL_ASSIGN_OR_RETURN(auto events, uow.audit().List(tenant, q));
      n = static_cast<std::int64_t>(events.size());
      return Status::Ok();
    });
    return n;
  }

  std::unique_ptr<Engine> engine_;
  app::FakeClock clock_{At(0)};
  std::unique_ptr<platform::TimeOrderedIdGenerator> ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  std::unique_ptr<platform::SodiumSecretTokens> tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  Principal alpha_;
  Principal beta_;
};

// --- Repository contract -----------------------------------------------------------------------

TEST_P(CourseCatalogTest, ProvidersInsertFindListUpdateDelete) {
  Provider b = NewProvider(alpha_, "brightpath", "Brightpath Academy");
  Provider a = NewProvider(alpha_, "northwind", "Aardvark Learning");
  Read([&](UnitOfWork& uow) -> Status {
    auto& repo = uow.course_catalog();
    RESKILL_ASSIGN_OR_RETURN(auto found, repo.FindProvider(alpha_.tenant_id, b.id));
    EXPECT_TRUE(found.has_value());
    if (found) {
      EXPECT_EQ(found->slug, "brightpath");
      EXPECT_EQ(found->website, "https://brightpath.example");
      EXPECT_EQ(found->license_types, (std::vector{LicenseType::kSeat, LicenseType::kFree}));
      EXPECT_EQ(found->created_at, At(1));
    }
    RESKILL_ASSIGN_OR_RETURN(auto by_slug, repo.FindProviderBySlug(alpha_.tenant_id, "northwind"));
    EXPECT_TRUE(by_slug && by_slug->id == a.id);
    RESKILL_ASSIGN_OR_RETURN(auto list, repo.ListProviders(alpha_.tenant_id));
    EXPECT_EQ(list.size(), 2u);
    if (list.size() == 2) {
      EXPECT_EQ(list[0].name, "Aardvark Learning");
      EXPECT_EQ(list[1].name, "Brightpath Academy");
    }
    RESKILL_ASSIGN_OR_RETURN(auto other, repo.ListProviders(beta_.tenant_id));
    EXPECT_TRUE(other.empty());
    RESKILL_ASSIGN_OR_RETURN(auto cross, repo.FindProvider(beta_.tenant_id, b.id));
    EXPECT_FALSE(cross.has_value());
    return Status::Ok();
  });

  Provider dup = MakeProvider(alpha_, "brightpath", "Another");
  Status st = TryWrite([&](UnitOfWork& uow) { return uow.course_catalog().InsertProvider(dup); });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(st.field(), "slug");
  // The same slug in another agency is fine.
  NewProvider(beta_, "brightpath", "Brightpath Academy");

  b.slug = "brightpath-academy";
  b.license_types = {LicenseType::kPurchase};
  Write([&](UnitOfWork& uow) { return uow.course_catalog().UpdateProvider(b); });
  a.slug = "brightpath-academy";
  st = TryWrite([&](UnitOfWork& uow) { return uow.course_catalog().UpdateProvider(a); });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists);
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindProviderBySlug(
                                             alpha_.tenant_id, "brightpath-academy"));
    EXPECT_TRUE(found && found->license_types == std::vector{LicenseType::kPurchase});
    return Status::Ok();
  });

  Write(
      [&](UnitOfWork& uow) { return uow.course_catalog().DeleteProvider(alpha_.tenant_id, b.id); });
  st = TryWrite(
      [&](UnitOfWork& uow) { return uow.course_catalog().DeleteProvider(alpha_.tenant_id, b.id); });
  EXPECT_EQ(st.code(), ErrorCode::kNotFound);
}

TEST_P(CourseCatalogTest, CoursesKeepEveryFieldAndTheSkillOrder) {
  const Provider p = NewProvider(alpha_, "northwind", "Northwind Learning");
  Course c = MakeCourse(p, "NW-IT101", "Help desk fundamentals", "Line one.\nLine two: ünïcode.");
  c.language = "es-419";
  c.estimated_hours = 0.25;
  c.level = CourseLevel::kAdvanced;
  c.is_free = true;
  c.offers_certificate = true;
  c.skills = {{"2.C.3.a", 4.5}, {"2.A.1.a", 3}, {"2.A.1.b", 0}};
  Write([&](UnitOfWork& uow) { return uow.course_catalog().InsertCourse(c, "terms"); });
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindCourse(alpha_.tenant_id, c.id));
    EXPECT_TRUE(found.has_value());
    if (!found) return Status::Ok();
    EXPECT_EQ(found->provider_id, p.id);
    EXPECT_EQ(found->external_id, "NW-IT101");
    EXPECT_EQ(found->url, c.url);
    EXPECT_EQ(found->title, c.title);
    EXPECT_EQ(found->description, c.description);
    EXPECT_EQ(found->language, "es-419");
    EXPECT_DOUBLE_EQ(found->estimated_hours, 0.25);
    EXPECT_EQ(found->level, CourseLevel::kAdvanced);
    EXPECT_TRUE(found->is_free);
    EXPECT_TRUE(found->offers_certificate);
    EXPECT_EQ(found->skills, c.skills);
    EXPECT_EQ(found->created_at, At(2));
    RESKILL_ASSIGN_OR_RETURN(auto by_external, uow.course_catalog().FindCourseByExternalId(
                                                   alpha_.tenant_id, p.id, "NW-IT101"));
    EXPECT_TRUE(by_external && by_external->id == c.id);
    RESKILL_ASSIGN_OR_RETURN(auto cross, uow.course_catalog().FindCourse(beta_.tenant_id, c.id));
    EXPECT_FALSE(cross.has_value());
    return Status::Ok();
  });

  c.skills = {{"2.A.1.b", 2}, {"2.C.3.a", 4.5}};
  c.is_free = false;
  c.updated_at = At(9);
  Write([&](UnitOfWork& uow) { return uow.course_catalog().UpdateCourse(c, "terms"); });
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindCourse(alpha_.tenant_id, c.id));
    EXPECT_TRUE(found && found->skills == c.skills && !found->is_free &&
                found->updated_at == At(9));
    return Status::Ok();
  });

  // External ids are unique per provider, not per agency.
  Course dup = MakeCourse(p, "NW-IT101", "Copy");
  Status st = TryWrite([&](UnitOfWork& uow) { return uow.course_catalog().InsertCourse(dup, ""); });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(st.field(), "external_id");
  const Provider other = NewProvider(alpha_, "brightpath", "Brightpath");
  NewCourse(other, "NW-IT101", "Same id, other provider");

  // A course of a provider the agency does not have breaks a data rule.
  Course orphan = MakeCourse(other, "X-1", "Orphan");
  orphan.provider_id = ProviderId(ids_->Next());
  st = TryWrite([&](UnitOfWork& uow) { return uow.course_catalog().InsertCourse(orphan, ""); });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition) << st.ToString();
  // And so does deleting a provider that still has courses.
  st = TryWrite(
      [&](UnitOfWork& uow) { return uow.course_catalog().DeleteProvider(alpha_.tenant_id, p.id); });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition) << st.ToString();
}

TEST_P(CourseCatalogTest, SearchMatchesTitleDescriptionProviderAndSkillTerms) {
  const Provider nw = NewProvider(alpha_, "northwind", "Northwind Learning");
  const Provider os = NewProvider(alpha_, "openskills", "OpenSkills Commons");
  NewCourse(nw, "1", "Help desk fundamentals", "Troubleshooting computers for office users.");
  NewCourse(nw, "2", "Cash handling", "Count money and serve customers at the register.");
  NewCourse(os, "3", "Customer service essentials", "Listen, empathise, solve.");
  NewCourse(os, "4", "Spreadsheets for the office", "Rows, columns and formulas.");
  // Another agency's course with the same words is never found.
  NewCourse(NewProvider(beta_, "northwind", "Northwind Learning"), "1", "Help desk fundamentals");

  EXPECT_EQ(Search(alpha_.tenant_id, "help desk"),
            std::vector<std::string>{"Help desk fundamentals"});
  EXPECT_EQ(Search(alpha_.tenant_id, "desk HELP"),
            std::vector<std::string>{"Help desk fundamentals"});
  // Singular and plural forms match (Porter stemming; PostgreSQL's english configuration).
  EXPECT_EQ(Search(alpha_.tenant_id, "spreadsheet"),
            std::vector<std::string>{"Spreadsheets for the office"});
  EXPECT_EQ(Search(alpha_.tenant_id, "troubleshoot"),
            std::vector<std::string>{"Help desk fundamentals"});
  // A title match ranks above a description match.
  EXPECT_EQ(Search(alpha_.tenant_id, "customer"),
            (std::vector<std::string>{"Customer service essentials", "Cash handling"}));
  // Provider names are search terms.
  EXPECT_EQ(
      Search(alpha_.tenant_id, "openskills"),
      (std::vector<std::string>{"Customer service essentials", "Spreadsheets for the office"}));
  EXPECT_TRUE(Search(alpha_.tenant_id, "welding").empty());
  // Query syntax in user input is only text.
  for (const char* hostile :
       {"\"help", "help OR desk*", "NEAR(help desk)", "desk -help", "*", "'"}) {
    CourseQuery q;
    q.text = hostile;
    std::vector<std::string> titles;
    Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(auto courses, uow.course_catalog().ListCourses(alpha_.tenant_id, q));
      return uow.course_catalog().CountCourses(alpha_.tenant_id, q).status();
    });
    EXPECT_TRUE(st.ok()) << hostile << ": " << st.ToString() << " " << st.internal_detail();
  }
  EXPECT_EQ(FullTextQuery("C++ help-desk \"x\""), "\"C\" \"help\" \"desk\" \"x\"");
  EXPECT_EQ(FullTextQuery("  ++ "), "");
}

TEST_P(CourseCatalogTest, FiltersCountsAndPages) {
  const Provider nw = NewProvider(alpha_, "northwind", "Northwind Learning");
  const Provider os = NewProvider(alpha_, "openskills", "OpenSkills Commons");
  NewCourse(nw, "1", "Alpha office skills", "", {{"2.A.1.a", 3}});
  NewCourse(nw, "2", "Beta office skills", "", {{"2.C.3.a", 4}, {"2.A.1.a", 2}});
  NewCourse(os, "3", "Gamma office skills", "", {{"2.C.3.a", 5}});
  Course advanced = MakeCourse(os, "4", "Delta office skills");
  advanced.level = CourseLevel::kAdvanced;
  Write([&](UnitOfWork& uow) { return uow.course_catalog().InsertCourse(advanced, ""); });

  CourseQuery all;
  EXPECT_EQ(Titles(alpha_.tenant_id, all),
            (std::vector<std::string>{"Alpha office skills", "Beta office skills",
                                      "Delta office skills", "Gamma office skills"}));
  CourseQuery by_provider;
  by_provider.provider = os.id;
  EXPECT_EQ(Titles(alpha_.tenant_id, by_provider),
            (std::vector<std::string>{"Delta office skills", "Gamma office skills"}));
  CourseQuery by_skill;
  by_skill.element_id = "2.C.3.a";
  EXPECT_EQ(Titles(alpha_.tenant_id, by_skill),
            (std::vector<std::string>{"Beta office skills", "Gamma office skills"}));
  CourseQuery by_level;
  by_level.level = CourseLevel::kAdvanced;
  EXPECT_EQ(Titles(alpha_.tenant_id, by_level), std::vector<std::string>{"Delta office skills"});
  CourseQuery combined;
  combined.text = "office";
  combined.provider = nw.id;
  combined.element_id = "2.A.1.a";
  EXPECT_EQ(Titles(alpha_.tenant_id, combined).size(), 2u);

  CourseQuery page;
  page.text = "office skills";
  page.limit = 3;
  page.offset = 0;
  const auto first = Titles(alpha_.tenant_id, page);
  page.offset = 3;
  const auto second = Titles(alpha_.tenant_id, page);
  EXPECT_EQ(first.size(), 3u);
  EXPECT_EQ(second.size(), 1u);
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto n, uow.course_catalog().CountCourses(alpha_.tenant_id, page));
    EXPECT_EQ(n, 4);
    RESKILL_ASSIGN_OR_RETURN(n, uow.course_catalog().CountCourses(alpha_.tenant_id, by_skill));
    EXPECT_EQ(n, 2);
    RESKILL_ASSIGN_OR_RETURN(n, uow.course_catalog().CountCourses(beta_.tenant_id, all));
    EXPECT_EQ(n, 0);
    const std::vector<std::string> elements = {"2.C.3.a", "2.A.1.a"};
    RESKILL_ASSIGN_OR_RETURN(auto teaching,
                             uow.course_catalog().ListCoursesTeaching(alpha_.tenant_id, elements));
    EXPECT_EQ(teaching.size(), 3u);
    return Status::Ok();
  });
}

TEST_P(CourseCatalogTest, DeletingACourseRemovesItsSkillsAndSearchEntry) {
  const Provider nw = NewProvider(alpha_, "northwind", "Northwind Learning");
  const Course c = NewCourse(nw, "1", "Help desk fundamentals", "", {{"2.A.1.a", 3}});
  Write([&](UnitOfWork& uow) { return uow.course_catalog().DeleteCourse(alpha_.tenant_id, c.id); });
  EXPECT_TRUE(Search(alpha_.tenant_id, "help desk").empty());
  CourseQuery by_skill;
  by_skill.element_id = "2.A.1.a";
  EXPECT_TRUE(Titles(alpha_.tenant_id, by_skill).empty());
  Status st = TryWrite(
      [&](UnitOfWork& uow) { return uow.course_catalog().DeleteCourse(alpha_.tenant_id, c.id); });
  EXPECT_EQ(st.code(), ErrorCode::kNotFound);
  // The id is free again: the search index holds no stale row for it.
  Course again = MakeCourse(nw, "1", "Help desk, second edition");
  again.id = c.id;
  Write([&](UnitOfWork& uow) { return uow.course_catalog().InsertCourse(again, ""); });
  EXPECT_EQ(Search(alpha_.tenant_id, "help desk"),
            std::vector<std::string>{"Help desk, second edition"});
}

TEST_P(CourseCatalogTest, LearningPathsKeepCourseOrderAndOccupations) {
  const Provider nw = NewProvider(alpha_, "northwind", "Northwind Learning");
  const Course c1 = NewCourse(nw, "1", "One");
  const Course c2 = NewCourse(nw, "2", "Two");
  const Course c3 = NewCourse(nw, "3", "Three");
  LearningPath p = MakePath(alpha_.tenant_id, "Help desk starter", {c3.id, c1.id, c2.id},
                            {"43-4051.00", "15-1232.00"});
  Write([&](UnitOfWork& uow) { return uow.course_catalog().InsertLearningPath(p); });
  Read([&](UnitOfWork& uow) -> Status {
    auto& repo = uow.course_catalog();
    RESKILL_ASSIGN_OR_RETURN(auto found, repo.FindLearningPath(alpha_.tenant_id, p.id));
    EXPECT_TRUE(found.has_value());
    if (found) {
      EXPECT_EQ(found->course_ids, (std::vector{c3.id, c1.id, c2.id}));
      // Occupations come back ordered by code.
      EXPECT_EQ(found->occupation_codes, (std::vector<std::string>{"15-1232.00", "43-4051.00"}));
      EXPECT_EQ(found->description, "About Help desk starter");
      EXPECT_TRUE(found->is_introductory);
    }
    RESKILL_ASSIGN_OR_RETURN(auto by_name,
                             repo.FindLearningPathByName(alpha_.tenant_id, "Help desk starter"));
    EXPECT_TRUE(by_name && by_name->id == p.id);
    RESKILL_ASSIGN_OR_RETURN(auto for_code,
                             repo.ListLearningPathsForOccupation(alpha_.tenant_id, "15-1232.00"));
    EXPECT_EQ(for_code.size(), 1u);
    RESKILL_ASSIGN_OR_RETURN(auto none,
                             repo.ListLearningPathsForOccupation(beta_.tenant_id, "15-1232.00"));
    EXPECT_TRUE(none.empty());
    RESKILL_ASSIGN_OR_RETURN(auto with_course,
                             repo.ListPathsContainingCourse(alpha_.tenant_id, c1.id));
    EXPECT_EQ(with_course.size(), 1u);
    return Status::Ok();
  });

  p.course_ids = {c2.id, c3.id};
  p.occupation_codes = {"41-2011.00"};
  p.name = "Help desk starter, revised";
  Write([&](UnitOfWork& uow) { return uow.course_catalog().UpdateLearningPath(p); });
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found,
                             uow.course_catalog().FindLearningPath(alpha_.tenant_id, p.id));
    EXPECT_TRUE(found && found->course_ids == (std::vector{c2.id, c3.id}) &&
                found->occupation_codes == std::vector<std::string>{"41-2011.00"});
    RESKILL_ASSIGN_OR_RETURN(auto list, uow.course_catalog().ListLearningPaths(alpha_.tenant_id));
    EXPECT_EQ(list.size(), 1u);
    return Status::Ok();
  });

  // A course in a path cannot be deleted; one that left the path can.
  Status st = TryWrite(
      [&](UnitOfWork& uow) { return uow.course_catalog().DeleteCourse(alpha_.tenant_id, c2.id); });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition) << st.ToString();
  Write(
      [&](UnitOfWork& uow) { return uow.course_catalog().DeleteCourse(alpha_.tenant_id, c1.id); });

  LearningPath dup = MakePath(alpha_.tenant_id, "Help desk starter, revised", {c3.id});
  st = TryWrite([&](UnitOfWork& uow) { return uow.course_catalog().InsertLearningPath(dup); });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(st.field(), "name");
  // A path of another agency's course breaks a data rule.
  LearningPath foreign = MakePath(beta_.tenant_id, "Foreign", {c3.id});
  st = TryWrite([&](UnitOfWork& uow) { return uow.course_catalog().InsertLearningPath(foreign); });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition) << st.ToString();
}

TEST_P(CourseCatalogTest, CollectionsKeepPathOrderAndProtectTheirPaths) {
  const Provider nw = NewProvider(alpha_, "northwind", "Northwind Learning");
  const Course c = NewCourse(nw, "1", "One");
  const LearningPath a = MakePath(alpha_.tenant_id, "Path A", {c.id});
  const LearningPath b = MakePath(alpha_.tenant_id, "Path B", {c.id});
  Write([&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().InsertLearningPath(a));
    return uow.course_catalog().InsertLearningPath(b);
  });
  Collection col;
  col.tenant_id = alpha_.tenant_id;
  col.id = CollectionId(ids_->Next());
  col.name = "Back to work";
  col.description = "For displaced workers.";
  col.theme = CollectionTheme::kDisplacedWorkerRetraining;
  col.path_ids = {b.id, a.id};
  col.created_at = col.updated_at = At(4);
  Write([&](UnitOfWork& uow) { return uow.course_catalog().InsertCollection(col); });
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found,
                             uow.course_catalog().FindCollection(alpha_.tenant_id, col.id));
    EXPECT_TRUE(found && found->path_ids == (std::vector{b.id, a.id}) &&
                found->theme == CollectionTheme::kDisplacedWorkerRetraining &&
                found->description == "For displaced workers.");
    RESKILL_ASSIGN_OR_RETURN(auto containing, uow.course_catalog().ListCollectionsContainingPath(
                                                  alpha_.tenant_id, a.id));
    EXPECT_EQ(containing.size(), 1u);
    RESKILL_ASSIGN_OR_RETURN(auto other, uow.course_catalog().ListCollections(beta_.tenant_id));
    EXPECT_TRUE(other.empty());
    return Status::Ok();
  });
  Status st = TryWrite([&](UnitOfWork& uow) {
    return uow.course_catalog().DeleteLearningPath(alpha_.tenant_id, a.id);
  });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition) << st.ToString();

  col.path_ids = {a.id};
  col.theme = CollectionTheme::kJobReadiness;
  Write([&](UnitOfWork& uow) { return uow.course_catalog().UpdateCollection(col); });
  Write([&](UnitOfWork& uow) {
    return uow.course_catalog().DeleteLearningPath(alpha_.tenant_id, b.id);
  });
  Write([&](UnitOfWork& uow) {
    return uow.course_catalog().DeleteCollection(alpha_.tenant_id, col.id);
  });
  // The collection's path list went with it, so path A can go now too.
  Write([&](UnitOfWork& uow) {
    return uow.course_catalog().DeleteLearningPath(alpha_.tenant_id, a.id);
  });
}

// --- Use cases on a real database --------------------------------------------------------------

TEST_P(CourseCatalogTest, ManageCoursesChecksReferencesAndAudits) {
  app::catalog::ManageProviders providers(ctx());
  Provider draft;
  draft.slug = "northwind";
  draft.name = "Northwind Learning";
  draft.license_types = {LicenseType::kSeat};
  auto provider = providers.Create(alpha_, draft, {"req-1"});
  ASSERT_TRUE(provider.ok()) << provider.status().ToString();

  app::catalog::ManageCourses courses(ctx());
  Course c = MakeCourse(*provider, "NW-1", "Help desk fundamentals");
  c.skills = {{"2.C.3.a", 4}, {"9.Z.9.z", 3}};
  auto created = courses.Create(alpha_, c, {"req-2"});
  EXPECT_EQ(created.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(created.status().field(), "skills[1].element_id");
  c.skills = {{"1.A.1.a.1", 3}};  // an ability, not something a course teaches
  created = courses.Create(alpha_, c, {"req-2"});
  EXPECT_EQ(created.status().field(), "skills[0].element_id");
  c.skills = {{"2.C.3.a", 4}};
  c.provider_id = ProviderId(ids_->Next());
  created = courses.Create(alpha_, c, {"req-2"});
  EXPECT_EQ(created.status().field(), "provider_id");
  // Beta cannot use alpha's provider either.
  c.provider_id = provider->id;
  created = courses.Create(beta_, c, {"req-2"});
  EXPECT_EQ(created.status().field(), "provider_id");
  c.estimated_hours = -3;
  created = courses.Create(alpha_, c, {"req-2"});
  EXPECT_EQ(created.status().field(), "estimated_hours");
  EXPECT_EQ(CountAudit(alpha_.tenant_id, "course."), 0);

  c.estimated_hours = 6;
  created = courses.Create(alpha_, c, {"req-3"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->element_names, std::vector<std::string>{"Computers and Electronics"});
  EXPECT_EQ(created->provider.slug, "northwind");
  EXPECT_EQ(CountAudit(alpha_.tenant_id, "course.create"), 1);
  // Element names are search terms.
  EXPECT_EQ(Search(alpha_.tenant_id, "electronics"),
            std::vector<std::string>{"Help desk fundamentals"});

  // A rename of the provider reaches the search terms of its courses.
  app::catalog::ProviderPatch rename;
  rename.name = "Contoso Academy";
  ASSERT_TRUE(providers.Update(alpha_, provider->id, rename, {"req-4"}).ok());
  EXPECT_EQ(Search(alpha_.tenant_id, "contoso"),
            std::vector<std::string>{"Help desk fundamentals"});
  EXPECT_TRUE(Search(alpha_.tenant_id, "northwind learning").empty());

  // An update that changes nothing writes nothing.
  app::catalog::CoursePatch same;
  same.title = "Help desk fundamentals";
  ASSERT_TRUE(courses.Update(alpha_, created->course.id, same, {"req-5"}).ok());
  EXPECT_EQ(CountAudit(alpha_.tenant_id, "course.update"), 0);
  app::catalog::CoursePatch change;
  change.skills = std::vector<CourseSkill>{{"2.A.1.b", 3}};
  change.estimated_hours = 8;
  auto updated = courses.Update(alpha_, created->course.id, change, {"req-6"});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->element_names, std::vector<std::string>{"Active Listening"});
  EXPECT_EQ(CountAudit(alpha_.tenant_id, "course.update"), 1);

  EXPECT_EQ(providers.Delete(alpha_, provider->id, {"req-7"}).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(courses.Delete(beta_, created->course.id, {"req-8"}).code(), ErrorCode::kNotFound);
  ASSERT_TRUE(courses.Delete(alpha_, created->course.id, {"req-9"}).ok());
  ASSERT_TRUE(providers.Delete(alpha_, provider->id, {"req-10"}).ok());
}

TEST_P(CourseCatalogTest, ManagePathsAndCollectionsCheckReferences) {
  const Provider nw = NewProvider(alpha_, "northwind", "Northwind Learning");
  const Course c1 = NewCourse(nw, "1", "One");
  const Course c2 = NewCourse(nw, "2", "Two");
  app::catalog::ManageLearningPaths paths(ctx());
  LearningPath draft =
      MakePath(alpha_.tenant_id, "Help desk starter", {c1.id, c2.id}, {"15-1232.00", "99-9999.00"});
  auto created = paths.Create(alpha_, draft, {"r"});
  EXPECT_EQ(created.status().field(), "occupation_codes[1]");
  draft.occupation_codes = {"15-1232.00"};
  draft.course_ids = {c1.id, CourseId(ids_->Next())};
  created = paths.Create(alpha_, draft, {"r"});
  EXPECT_EQ(created.status().field(), "course_ids[1]");
  created = paths.Create(beta_, MakePath(beta_.tenant_id, "X", {c1.id}), {"r"});
  EXPECT_EQ(created.status().field(), "course_ids[0]");
  draft.course_ids = {c2.id, c1.id};
  created = paths.Create(alpha_, draft, {"r"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_DOUBLE_EQ(created->total_hours, 25);
  ASSERT_EQ(created->courses.size(), 2u);
  EXPECT_EQ(created->courses[0].course.title, "Two");
  ASSERT_EQ(created->occupations.size(), 1u);
  EXPECT_EQ(created->occupations[0].title, "Computer User Support Specialists");

  app::catalog::ManageCollections collections(ctx());
  Collection col;
  col.name = "Job readiness";
  col.theme = CollectionTheme::kJobReadiness;
  col.path_ids = {LearningPathId(ids_->Next())};
  auto made = collections.Create(alpha_, col, {"r"});
  EXPECT_EQ(made.status().field(), "path_ids[0]");
  col.path_ids = {created->path.id};
  made = collections.Create(alpha_, col, {"r"});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_EQ(made->paths.size(), 1u);
  EXPECT_DOUBLE_EQ(made->paths[0].total_hours, 25);

  EXPECT_EQ(paths.Delete(alpha_, created->path.id, {"r"}).code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(app::catalog::ManageCourses(ctx()).Delete(alpha_, c1.id, {"r"}).code(),
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(collections.Delete(alpha_, made->collection.id, {"r"}).ok());
  ASSERT_TRUE(paths.Delete(alpha_, created->path.id, {"r"}).ok());
  EXPECT_EQ(CountAudit(alpha_.tenant_id, "learning_path."), 2);
  EXPECT_EQ(CountAudit(alpha_.tenant_id, "collection."), 2);
}

constexpr std::string_view kCsv =
    "external_id,title,url,description,language,estimated_hours,level,free,certificate,skills\n"
    "NW-1,Help desk fundamentals,https://learn.example/1,\"Tickets, calls \"\"and\"\" chat\",en,"
    "12,introductory,no,yes,2.C.3.a:4;2.A.1.b:3\n"
    "NW-2,Customer service essentials,https://learn.example/2,,es,6.5,intermediate,yes,no,"
    "2.C.1.b:4.5\n"
    "NW-3,Spreadsheets for the office,https://learn.example/3,\"Rows\ncolumns\",en,3,advanced,"
    "no,no,\n";

TEST_P(CourseCatalogTest, CsvImportIsAllOrNothingAndUpdatesByExternalId) {
  NewProvider(alpha_, "northwind", "Northwind Learning");
  app::catalog::ImportCourses import(ctx());
  auto summary = import.Run(alpha_, "northwind", importers::ReadCourseCsv("c.csv", kCsv), {"r"});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->created, 3);
  EXPECT_EQ(Search(alpha_.tenant_id, "chat"), std::vector<std::string>{"Help desk fundamentals"});
  EXPECT_EQ(CountAudit(alpha_.tenant_id, "course.import"), 1);

  summary = import.Run(alpha_, "northwind", importers::ReadCourseCsv("c.csv", kCsv), {"r"});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->unchanged, 3);
  EXPECT_EQ(summary->created + summary->updated, 0);

  std::string changed(kCsv);
  changed.replace(changed.find("6.5"), 3, "7.5");
  summary = import.Run(alpha_, "northwind", importers::ReadCourseCsv("c.csv", changed), {"r"});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->updated, 1);
  EXPECT_EQ(summary->unchanged, 2);

  // One unknown element and one bad number: both reported, nothing written.
  const std::string bad = std::string(kCsv) +
                          "NW-4,Networking,https://learn.example/4,,en,10,intermediate,no,no,"
                          "9.Z.9:3\n"
                          "NW-5,Security,https://learn.example/5,,en,-2,advanced,no,no,\n";
  auto failed = import.Run(alpha_, "northwind", importers::ReadCourseCsv("c.csv", bad), {"r"});
  EXPECT_EQ(failed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(failed.status().public_message().find("c.csv:6: skills[0].element_id"),
            std::string::npos)
      << failed.status().public_message();
  EXPECT_NE(failed.status().public_message().find("c.csv:7: estimated_hours"), std::string::npos)
      << failed.status().public_message();
  CourseQuery all;
  EXPECT_EQ(Titles(alpha_.tenant_id, all).size(), 3u);

  auto unknown = import.Run(alpha_, "nobody", importers::ReadCourseCsv("c.csv", kCsv), {"r"});
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
}

// Fills alpha with a catalogue that uses every field CTDL carries.
void FillAlpha(app::AppContext& ctx, const Principal& alpha) {
  app::catalog::ManageProviders providers(ctx);
  Provider nw;
  nw.slug = "northwind";
  nw.name = "Northwind Learning";
  nw.website = "https://northwind.example";
  nw.license_types = {LicenseType::kSeat};
  Provider os;
  os.slug = "openskills";
  os.name = "OpenSkills Commons";
  os.license_types = {LicenseType::kFree};
  auto p1 = providers.Create(alpha, nw, {"r"});
  auto p2 = providers.Create(alpha, os, {"r"});
  ASSERT_TRUE(p1.ok() && p2.ok());
  app::catalog::ManageCourses courses(ctx);
  std::vector<CourseId> ids;
  for (int i = 0; i < 3; ++i) {
    Course c;
    c.provider_id = i == 2 ? p2->id : p1->id;
    c.external_id = "C-" + std::to_string(i);
    c.url = "https://learn.example/c/" + std::to_string(i);
    c.title = "Course " + std::to_string(i);
    c.description = i == 1 ? "" : "Multi-line\ndescription \"quoted\" ünïcode " + std::to_string(i);
    c.language = i == 2 ? "es" : "en";
    c.estimated_hours = i == 0 ? 12.5 : i == 1 ? 1.3333 : 40;
    c.level = i == 0   ? CourseLevel::kIntroductory
              : i == 1 ? CourseLevel::kIntermediate
                       : CourseLevel::kAdvanced;
    c.is_free = i == 2;
    c.offers_certificate = i != 1;
    if (i == 0) c.skills = {{"2.C.3.a", 4.5}, {"2.A.1.b", 3}};
    if (i == 2) c.skills = {{"2.C.1.b", 0}};
    auto created = courses.Create(alpha, c, {"r"});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ids.push_back(created->course.id);
  }
  LearningPath path;
  path.name = "Help desk starter";
  path.description = "From zero to a first help desk job.";
  path.is_introductory = true;
  path.course_ids = {ids[2], ids[0]};
  path.occupation_codes = {"15-1232.00", "43-4051.00"};
  auto made = app::catalog::ManageLearningPaths(ctx).Create(alpha, path, {"r"});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

TEST_P(CourseCatalogTest, CtdlRoundTripIntoAnotherAgencyGivesTheSameCatalogue) {
  FillAlpha(ctx(), alpha_);
  if (HasFatalFailure()) return;
  auto exported = app::catalog::ExportCatalog(ctx()).Run(alpha_);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  const std::string document = importers::WriteCtdl(*exported);

  auto read = importers::ReadCtdl(document);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(read->problems.empty());
  auto summary = app::catalog::ImportCatalog(ctx()).Run(beta_, *read, {"r"});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->providers_created, 2);
  EXPECT_EQ(summary->courses_created, 3);
  EXPECT_EQ(summary->paths_created, 1);

  auto again = app::catalog::ExportCatalog(ctx()).Run(beta_);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->courses.size(), exported->courses.size());
  for (std::size_t i = 0; i < again->courses.size(); ++i) {
    const Course& a = exported->courses[i].course;
    const Course& b = again->courses[i].course;
    SCOPED_TRACE(a.external_id);
    EXPECT_EQ(b.tenant_id, beta_.tenant_id);
    EXPECT_NE(b.id, a.id);
    EXPECT_EQ(again->courses[i].provider.slug, exported->courses[i].provider.slug);
    EXPECT_EQ(b.external_id, a.external_id);
    EXPECT_EQ(b.url, a.url);
    EXPECT_EQ(b.title, a.title);
    EXPECT_EQ(b.description, a.description);
    EXPECT_EQ(b.language, a.language);
    EXPECT_DOUBLE_EQ(b.estimated_hours, a.estimated_hours);
    EXPECT_EQ(b.level, a.level);
    EXPECT_EQ(b.is_free, a.is_free);
    EXPECT_EQ(b.offers_certificate, a.offers_certificate);
    EXPECT_EQ(b.skills, a.skills);
  }
  ASSERT_EQ(again->paths.size(), 1u);
  EXPECT_EQ(again->paths[0].path.name, "Help desk starter");
  EXPECT_EQ(again->paths[0].path.description, "From zero to a first help desk job.");
  EXPECT_TRUE(again->paths[0].path.is_introductory);
  EXPECT_EQ(again->paths[0].path.occupation_codes, exported->paths[0].path.occupation_codes);
  ASSERT_EQ(again->paths[0].courses.size(), 2u);
  EXPECT_EQ(again->paths[0].courses[0].course.external_id, "C-2");
  EXPECT_EQ(again->paths[0].courses[1].course.external_id, "C-0");
  // CTIDs derive from providers' slugs and courses' external ids: the same document.
  EXPECT_EQ(importers::WriteCtdl(*again), document);

  // A second import changes nothing.
  summary = app::catalog::ImportCatalog(ctx()).Run(beta_, *read, {"r"});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->providers_created + summary->courses_created + summary->courses_updated, 0);
  EXPECT_EQ(CountAudit(beta_.tenant_id, "catalog.import"), 2);
}

TEST_P(CourseCatalogTest, CtdlImportOfUnknownReferencesWritesNothing) {
  FillAlpha(ctx(), alpha_);
  if (HasFatalFailure()) return;
  auto exported = app::catalog::ExportCatalog(ctx()).Run(alpha_);
  ASSERT_TRUE(exported.ok());
  const std::string document = importers::WriteCtdl(*exported);
  // An element the stored O*NET release does not have.
  std::string bad_element = document;
  ReplaceAll(bad_element, "\"2.A.1.b\"", "\"2.A.9.z\"");
  auto read = importers::ReadCtdl(bad_element);
  ASSERT_TRUE(read.ok());
  auto summary = app::catalog::ImportCatalog(ctx()).Run(beta_, *read, {"r"});
  EXPECT_EQ(summary.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(summary.status().public_message().find("skills[1].element_id"), std::string::npos)
      << summary.status().public_message();
  // An occupation it does not have.
  std::string bad_occupation = document;
  ReplaceAll(bad_occupation, "\"43-4051.00\"", "\"43-9999.00\"");
  read = importers::ReadCtdl(bad_occupation);
  ASSERT_TRUE(read.ok());
  summary = app::catalog::ImportCatalog(ctx()).Run(beta_, *read, {"r"});
  EXPECT_EQ(summary.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(summary.status().public_message().find("occupation_codes[1]"), std::string::npos)
      << summary.status().public_message();
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto providers, uow.course_catalog().ListProviders(beta_.tenant_id));
    EXPECT_TRUE(providers.empty());
    return Status::Ok();
  });
}

TEST_P(CourseCatalogTest, RelatedCoursesPutPathCoursesFirstThenTopElements) {
  const Provider nw = NewProvider(alpha_, "northwind", "Northwind Learning");
  const Course in_path_a = NewCourse(nw, "1", "Zeta networking basics", "", {{"2.C.3.a", 4}});
  const Course in_path_b = NewCourse(nw, "2", "Alpha listening", "");
  const Course teaches_two =
      NewCourse(nw, "3", "Omega support", "", {{"2.C.3.a", 4}, {"2.A.1.a", 4}});
  const Course teaches_one = NewCourse(nw, "4", "Beta reading", "", {{"2.A.1.a", 3}});
  NewCourse(nw, "5", "Unrelated cooking", "", {{"2.C.1.b", 3}});
  LearningPath path =
      MakePath(alpha_.tenant_id, "Help desk", {in_path_b.id, in_path_a.id}, {"15-1232.00"});
  Write([&](UnitOfWork& uow) { return uow.course_catalog().InsertLearningPath(path); });

  auto related = app::catalog::RelatedCourses(ctx()).Run(alpha_, "15-1232.00", 10);
  ASSERT_TRUE(related.ok()) << related.status().ToString();
  std::vector<std::string> titles;
  for (const auto& r : *related) titles.push_back(r.course.course.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Alpha listening", "Zeta networking basics",
                                              "Omega support", "Beta reading"}));
  ASSERT_EQ(related->size(), 4u);
  EXPECT_EQ((*related)[0].path_names, std::vector<std::string>{"Help desk"});
  EXPECT_EQ((*related)[1].element_ids, std::vector<std::string>{"2.C.3.a"});
  EXPECT_EQ((*related)[2].element_ids, (std::vector<std::string>{"2.C.3.a", "2.A.1.a"}));
  EXPECT_TRUE((*related)[2].path_names.empty());

  auto limited = app::catalog::RelatedCourses(ctx()).Run(alpha_, "15-1232.00", 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 1u);
  auto other_agency = app::catalog::RelatedCourses(ctx()).Run(beta_, "15-1232.00", 10);
  ASSERT_TRUE(other_agency.ok());
  EXPECT_TRUE(other_agency->empty());
  auto unknown = app::catalog::RelatedCourses(ctx()).Run(alpha_, "11-1111.00", 10);
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
  EXPECT_EQ(app::catalog::RelatedCourses(ctx()).Run(alpha_, "15-1232", 10).status().code(),
            ErrorCode::kInvalidArgument);
  (void)teaches_two;
  (void)teaches_one;
}

INSTANTIATE_TEST_SUITE_P(Engines, CourseCatalogTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
