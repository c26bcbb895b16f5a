// Storage contract tests of the O*NET repository and the ImportOnetRelease use case, on SQLite
// (a temporary file, always) and on PostgreSQL when RESKILL_TEST_PG_DSN is set
// (scripts/with-postgres.sh; each process works in its own schema).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "app/catalog/import_onet.hpp"
#include "platform/platform.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/test_engines.hpp"
#if RESKILL_WITH_POSTGRES
#include "storage/postgres/postgres_database.hpp"
#endif

// Field-wise equality for the comparisons below; found by argument-dependent lookup.
namespace reskill::domain::catalog {

bool operator==(const Occupation& a, const Occupation& b) {
  return a.code == b.code && a.title == b.title && a.description == b.description &&
         a.job_zone == b.job_zone;
}
bool operator==(const Element& a, const Element& b) {
  return a.id == b.id && a.name == b.name && a.description == b.description && a.kind == b.kind;
}
bool operator==(const ElementRating& a, const ElementRating& b) {
  return a.occupation_code == b.occupation_code && a.element_id == b.element_id &&
         a.importance == b.importance && a.level == b.level && a.suppressed == b.suppressed &&
         a.not_relevant == b.not_relevant;
}
bool operator==(const AlternateTitle& a, const AlternateTitle& b) {
  return a.occupation_code == b.occupation_code && a.title == b.title &&
         a.short_title == b.short_title;
}
bool operator==(const TechnologySkill& a, const TechnologySkill& b) {
  return a.occupation_code == b.occupation_code && a.example == b.example &&
         a.commodity_code == b.commodity_code && a.commodity_title == b.commodity_title &&
         a.hot == b.hot && a.in_demand == b.in_demand;
}
bool operator==(const Task& a, const Task& b) {
  return a.occupation_code == b.occupation_code && a.task_id == b.task_id && a.text == b.text &&
         a.type == b.type;
}
bool operator==(const DetailedWorkActivity& a, const DetailedWorkActivity& b) {
  return a.dwa_id == b.dwa_id && a.iwa_id == b.iwa_id && a.element_id == b.element_id &&
         a.title == b.title;
}
bool operator==(const EducationRating& a, const EducationRating& b) {
  return a.occupation_code == b.occupation_code && a.element_id == b.element_id &&
         a.scale_id == b.scale_id && a.category == b.category && a.percent == b.percent;
}

}  // namespace reskill::domain::catalog

namespace reskill::storage {
namespace {

using app::OnetReleaseData;
using app::TxMode;
using app::UnitOfWork;
using domain::catalog::AlternateTitle;
using domain::catalog::DetailedWorkActivity;
using domain::catalog::EducationRating;
using domain::catalog::Element;
using domain::catalog::ElementKind;
using domain::catalog::ElementRating;
using domain::catalog::Occupation;
using domain::catalog::Task;
using domain::catalog::TechnologySkill;

using testing::Engine;
using testing::PgDsn;

StatusOr<std::unique_ptr<Engine>> MakeEngine(const std::string& name) {
  return testing::MakeEngine(name, "onet");
}

// A small release: 4 occupations, 6 elements, ratings, and every kind of detail.
OnetReleaseData SmallRelease() {
  OnetReleaseData d;
  d.release.version = "1.0";
  d.release.fingerprint = "fp-1";
  d.release.imported_at = FromUnixMillis(1'760'000'000'000);
  d.occupations = {
      {"15-1232.00", "Computer User Support Specialists", "Provide technical assistance.", 3},
      {"31-1131.00", "Nursing Assistants", "Provide basic patient care.", 0},
      {"41-2011.00", "Cashiers", "Receive and disburse money.", 1},
      {"43-4051.00", "Customer Service Representatives", "Interact with customers.", 2},
  };
  d.elements = {
      {"2.A.1.a", "Reading Comprehension", "Understanding written sentences.", ElementKind::kSkill},
      {"2.A.1.b", "Active Listening", "Giving full attention.", ElementKind::kSkill},
      {"2.B.1.a", "Social Perceptiveness", "Being aware of reactions.", ElementKind::kSkill},
      {"2.C.1.b", "Customer and Personal Service", "Customer services.", ElementKind::kKnowledge},
      {"1.A.1.a.1", "Oral Comprehension", "Understand spoken words.", ElementKind::kAbility},
      {"4.A.4.a.8", "Working with the Public", "Serving customers.", ElementKind::kWorkActivity},
  };
  d.ratings = {
      {"15-1232.00", "2.A.1.a", 3.88, 4.12, false, false},
      {"15-1232.00", "2.A.1.b", 4.25, 4.0, false, false},
      {"15-1232.00", "2.B.1.a", 3.12, 3.25, false, false},
      {"15-1232.00", "2.C.1.b", 4.0, 4.25, false, false},
      {"41-2011.00", "2.A.1.a", 2.75, 2.12, true, false},
      {"41-2011.00", "2.A.1.b", 3.38, 3.0, false, false},
      {"41-2011.00", "2.C.1.b", 3.9, 0.0, false, true},
      {"31-1131.00", "1.A.1.a.1", 4.0, 3.88, false, false},
  };
  d.alternate_titles = {
      {"15-1232.00", "Help Desk Technician", ""},
      {"31-1131.00", "Certified Nursing Assistant (CNA)", ""},
      {"31-1131.00", "Certified Nursing Assistant (CNA)", "CNA"},
      {"41-2011.00", "Caf\u00e9 Cashier", ""},
  };
  d.technology = {
      {"15-1232.00", "Microsoft Excel", "43232110", "Spreadsheet software", false, true},
      {"15-1232.00", "Zendesk", "43232303", "CRM software", true, false},
  };
  d.tasks = {
      {"15-1232.00", 102, "Install software.", "Supplemental"},
      {"15-1232.00", 101, "Answer user inquiries.", "Core"},
      {"15-1232.00", 103, "Write documentation.", ""},
      {"41-2011.00", 201, "Receive payment.", "Core"},
  };
  d.dwas = {
      {"4.A.4.a.8.I01.D01", "4.A.4.a.8.I01", "4.A.4.a.8", "Respond to customer inquiries."},
      {"4.A.4.a.8.I01.D02", "4.A.4.a.8.I01", "4.A.4.a.8", "Process customer payments."},
  };
  d.task_dwas = {
      {101, "4.A.4.a.8.I01.D01"}, {102, "4.A.4.a.8.I01.D01"}, {201, "4.A.4.a.8.I01.D02"}};
  d.education = {
      {"41-2011.00", "2.D.1", "RL", 1, 62.5},
      {"41-2011.00", "2.D.1", "RL", 2, 37.5},
      {"41-2011.00", "3.A.1", "RW", 1, 80.0},
  };
  return d;
}

// A release big enough to cross the 500-row batches: 30 occupations × 40 skills.
OnetReleaseData LargeRelease() {
  OnetReleaseData d;
  d.release.version = "2.0";
  d.release.fingerprint = "fp-large";
  for (int o = 0; o < 30; ++o) {
    char code[16];
    std::snprintf(code, sizeof code, "11-%04d.00", 1000 + o);
    d.occupations.push_back({code, "Occupation " + std::to_string(o), "", 1 + o % 5});
  }
  for (int e = 0; e < 40; ++e) {
    d.elements.push_back({"2.A.9." + std::to_string(100 + e), "Skill " + std::to_string(e), "",
                          ElementKind::kSkill});
  }
  for (const auto& o : d.occupations) {
    for (const auto& e : d.elements) {
      d.ratings.push_back({o.code, e.id, 1.0 + static_cast<double>(d.ratings.size() % 40) / 10.0,
                           2.5, false, false});
      d.alternate_titles.push_back({o.code, o.title + " / " + e.name, ""});
    }
  }
  return d;
}

// Everything stored, read back through the port.
struct Snapshot {
  std::vector<Occupation> occupations;
  std::vector<Element> elements;
  std::vector<ElementRating> ratings;
  std::vector<AlternateTitle> titles;
  std::vector<TechnologySkill> technology;
  std::vector<Task> tasks;
  std::vector<DetailedWorkActivity> activities;
  std::vector<EducationRating> education;
};

class OnetStorageTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    auto engine = MakeEngine(GetParam());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString() << " "
                             << engine.status().internal_detail();
    engine_ = std::move(engine).value();
    auto applied = db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
  }

  SqlDatabase& db() { return engine_->db(); }

  Status Replace(const OnetReleaseData& data) {
    return db().Run(TxMode::kWrite,
                    [&](UnitOfWork& uow) { return uow.occupations().ReplaceRelease(data); });
  }

  void Read(const std::function<Status(app::OccupationRepository&)>& work) {
    Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) { return work(uow.occupations()); });
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  }

  Snapshot Take() {
    Snapshot s;
    Read([&](app::OccupationRepository& repo) -> Status {
      RESKILL_ASSIGN_OR_RETURN(s.occupations, repo.List({.limit = 1000}));
      for (ElementKind k : {ElementKind::kSkill, ElementKind::kKnowledge, ElementKind::kAbility,
                            ElementKind::kWorkActivity}) {
        RESKILL_ASSIGN_OR_RETURN(auto some, repo.ListElements(k));
        s.elements.insert(s.elements.end(), some.begin(), some.end());
      }
      RESKILL_ASSIGN_OR_RETURN(s.ratings, repo.AllRatings());
      for (const auto& o : s.occupations) {
        RESKILL_ASSIGN_OR_RETURN(auto titles, repo.AlternateTitles(o.code));
        s.titles.insert(s.titles.end(), titles.begin(), titles.end());
        RESKILL_ASSIGN_OR_RETURN(auto tech, repo.Technology(o.code));
        s.technology.insert(s.technology.end(), tech.begin(), tech.end());
        RESKILL_ASSIGN_OR_RETURN(auto tasks, repo.Tasks(o.code));
        s.tasks.insert(s.tasks.end(), tasks.begin(), tasks.end());
        RESKILL_ASSIGN_OR_RETURN(auto dwas, repo.WorkActivities(o.code));
        s.activities.insert(s.activities.end(), dwas.begin(), dwas.end());
        RESKILL_ASSIGN_OR_RETURN(auto education, repo.Education(o.code));
        s.education.insert(s.education.end(), education.begin(), education.end());
      }
      return Status::Ok();
    });
    return s;
  }

  std::unique_ptr<Engine> engine_;
};

template <typename T, typename Less>
std::vector<T> Sorted(std::vector<T> v, Less less) {
  std::sort(v.begin(), v.end(), less);
  return v;
}

// The stored snapshot holds exactly the release's rows.
void ExpectHolds(const Snapshot& s, const OnetReleaseData& d) {
  const auto by_code = [](const auto& a, const auto& b) { return a.code < b.code; };
  EXPECT_EQ(s.occupations, Sorted(d.occupations, by_code));
  const auto by_id = [](const Element& a, const Element& b) {
    return std::pair(static_cast<int>(a.kind), a.id) < std::pair(static_cast<int>(b.kind), b.id);
  };
  EXPECT_EQ(Sorted(s.elements, by_id), Sorted(d.elements, by_id));
  const auto by_key = [](const ElementRating& a, const ElementRating& b) {
    return std::pair(a.occupation_code, a.element_id) < std::pair(b.occupation_code, b.element_id);
  };
  EXPECT_EQ(s.ratings, Sorted(d.ratings, by_key));
  const auto by_title = [](const AlternateTitle& a, const AlternateTitle& b) {
    return std::tie(a.occupation_code, a.title, a.short_title) <
           std::tie(b.occupation_code, b.title, b.short_title);
  };
  EXPECT_EQ(Sorted(s.titles, by_title), Sorted(d.alternate_titles, by_title));
  const auto by_tech = [](const TechnologySkill& a, const TechnologySkill& b) {
    return std::tie(a.occupation_code, a.example) < std::tie(b.occupation_code, b.example);
  };
  EXPECT_EQ(Sorted(s.technology, by_tech), Sorted(d.technology, by_tech));
  const auto by_task = [](const Task& a, const Task& b) { return a.task_id < b.task_id; };
  EXPECT_EQ(Sorted(s.tasks, by_task), Sorted(d.tasks, by_task));
  const auto by_edu = [](const EducationRating& a, const EducationRating& b) {
    return std::tie(a.occupation_code, a.element_id, a.scale_id, a.category) <
           std::tie(b.occupation_code, b.element_id, b.scale_id, b.category);
  };
  EXPECT_EQ(Sorted(s.education, by_edu), Sorted(d.education, by_edu));
}

TEST_P(OnetStorageTest, EmptyBeforeTheFirstImport) {
  Read([](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto count, repo.Count());
    EXPECT_EQ(count, 0);
    RESKILL_ASSIGN_OR_RETURN(auto release, repo.CurrentRelease());
    EXPECT_FALSE(release.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto found, repo.Find("41-2011.00"));
    EXPECT_FALSE(found.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto ratings, repo.AllRatings());
    EXPECT_TRUE(ratings.empty());
    return Status::Ok();
  });
}

TEST_P(OnetStorageTest, ReplaceReleaseThenReadEverything) {
  const OnetReleaseData d = SmallRelease();
  ASSERT_TRUE(Replace(d).ok());
  ExpectHolds(Take(), d);
  Read([](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto count, repo.Count());
    EXPECT_EQ(count, 4);
    RESKILL_ASSIGN_OR_RETURN(auto cashier, repo.Find("41-2011.00"));
    EXPECT_TRUE(cashier.has_value());
    if (cashier) {
      EXPECT_EQ(cashier->title, "Cashiers");
      EXPECT_EQ(cashier->job_zone, 1);
    }
    RESKILL_ASSIGN_OR_RETURN(auto release, repo.CurrentRelease());
    EXPECT_TRUE(release.has_value());
    if (release) {
      EXPECT_EQ(release->version, "1.0");
      EXPECT_EQ(release->fingerprint, "fp-1");
      EXPECT_EQ(release->imported_at, FromUnixMillis(1'760'000'000'000));
      EXPECT_EQ(release->occupations, 4);
      EXPECT_EQ(release->ratings, 8);
    }
    RESKILL_ASSIGN_OR_RETURN(auto element, repo.FindElement("2.C.1.b"));
    EXPECT_TRUE(element && element->kind == ElementKind::kKnowledge &&
                element->name == "Customer and Personal Service");
    RESKILL_ASSIGN_OR_RETURN(auto skills, repo.ListElements(ElementKind::kSkill));
    EXPECT_EQ(skills.size(), 3u);
    if (skills.size() == 3) {
      EXPECT_EQ(skills[0].id, "2.A.1.a");
    }
    return Status::Ok();
  });
}

// The bulk reads of the pathway model hold exactly what the per-occupation reads hold.
TEST_P(OnetStorageTest, BulkReadsEqualThePerOccupationReads) {
  const OnetReleaseData d = SmallRelease();
  ASSERT_TRUE(Replace(d).ok());
  const Snapshot s = Take();
  Read([&](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto titles, repo.AllAlternateTitles());
    EXPECT_EQ(titles.size(), s.titles.size());
    RESKILL_ASSIGN_OR_RETURN(auto technology, repo.AllTechnology());
    EXPECT_EQ(technology.size(), s.technology.size());
    RESKILL_ASSIGN_OR_RETURN(auto education, repo.AllEducation());
    EXPECT_EQ(education.size(), s.education.size());
    RESKILL_ASSIGN_OR_RETURN(auto links, repo.AllWorkActivities());
    EXPECT_EQ(links.size(), s.activities.size());
    for (const auto& [code, dwa] : links) {
      RESKILL_ASSIGN_OR_RETURN(auto per_code, repo.WorkActivities(code));
      EXPECT_TRUE(std::any_of(per_code.begin(), per_code.end(),
                              [&](const auto& x) { return x.dwa_id == dwa.dwa_id; }))
          << code << " " << dwa.dwa_id;
    }
    EXPECT_TRUE(std::is_sorted(links.begin(), links.end(),
                               [](const auto& a, const auto& b) { return a.first < b.first; }));
    return Status::Ok();
  });
}

TEST_P(OnetStorageTest, RatedElementsAreMostImportantFirstWithoutSuppressedOnes) {
  ASSERT_TRUE(Replace(SmallRelease()).ok());
  Read([](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto skills, repo.RatedElements("15-1232.00", ElementKind::kSkill));
    EXPECT_EQ(skills.size(), 3u);
    if (skills.size() == 3) {
      EXPECT_EQ(skills[0].element.id, "2.A.1.b");
      EXPECT_DOUBLE_EQ(skills[0].importance, 4.25);
      EXPECT_DOUBLE_EQ(skills[0].level, 4.0);
      EXPECT_EQ(skills[1].element.id, "2.A.1.a");
      EXPECT_EQ(skills[2].element.id, "2.B.1.a");
    }
    RESKILL_ASSIGN_OR_RETURN(auto cashier, repo.RatedElements("41-2011.00", ElementKind::kSkill));
    EXPECT_EQ(cashier.size(), 1u) << "the suppressed Reading Comprehension rating is left out";
    RESKILL_ASSIGN_OR_RETURN(auto knowledge,
                             repo.RatedElements("15-1232.00", ElementKind::kKnowledge));
    EXPECT_EQ(knowledge.size(), 1u);
    RESKILL_ASSIGN_OR_RETURN(auto none, repo.RatedElements("99-9999.99", ElementKind::kSkill));
    EXPECT_TRUE(none.empty());
    return Status::Ok();
  });
}

TEST_P(OnetStorageTest, DetailReadsAreOrdered) {
  ASSERT_TRUE(Replace(SmallRelease()).ok());
  Read([](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto tasks, repo.Tasks("15-1232.00"));
    std::vector<std::int64_t> ids;
    for (const auto& t : tasks) ids.push_back(t.task_id);
    EXPECT_EQ(ids, (std::vector<std::int64_t>{101, 102, 103})) << "core, supplemental, other";
    RESKILL_ASSIGN_OR_RETURN(auto tech, repo.Technology("15-1232.00"));
    EXPECT_EQ(tech.size(), 2u);
    if (tech.size() == 2) {
      EXPECT_EQ(tech[0].example, "Zendesk") << "hot technologies first";
      EXPECT_TRUE(tech[0].hot);
      EXPECT_TRUE(tech[1].in_demand);
    }
    RESKILL_ASSIGN_OR_RETURN(auto dwas, repo.WorkActivities("15-1232.00"));
    EXPECT_EQ(dwas.size(), 1u) << "two tasks link the same DWA";
    if (!dwas.empty()) {
      EXPECT_EQ(dwas[0].title, "Respond to customer inquiries.");
    }
    RESKILL_ASSIGN_OR_RETURN(auto titles, repo.AlternateTitles("31-1131.00"));
    EXPECT_EQ(titles.size(), 2u);
    if (titles.size() == 2) {
      EXPECT_EQ(titles[0].short_title, "");
      EXPECT_EQ(titles[1].short_title, "CNA");
    }
    RESKILL_ASSIGN_OR_RETURN(auto education, repo.Education("41-2011.00"));
    EXPECT_EQ(education.size(), 3u);
    if (education.size() == 3) {
      EXPECT_EQ(education[0].scale_id, "RL");
      EXPECT_EQ(education[0].category, 1);
      EXPECT_DOUBLE_EQ(education[0].percent, 62.5);
    }
    return Status::Ok();
  });
}

TEST_P(OnetStorageTest, ListFiltersByJobZoneAndCodePrefixAndPagesByCode) {
  ASSERT_TRUE(Replace(SmallRelease()).ok());
  Read([](app::OccupationRepository& repo) -> Status {
    const auto codes = [](const std::vector<Occupation>& v) {
      std::vector<std::string> out;
      for (const auto& o : v) out.push_back(o.code);
      return out;
    };
    RESKILL_ASSIGN_OR_RETURN(auto all, repo.List({}));
    EXPECT_EQ(codes(all),
              (std::vector<std::string>{"15-1232.00", "31-1131.00", "41-2011.00", "43-4051.00"}));
    RESKILL_ASSIGN_OR_RETURN(auto zone, repo.List({.job_zone = 2}));
    EXPECT_EQ(codes(zone), std::vector<std::string>{"43-4051.00"});
    RESKILL_ASSIGN_OR_RETURN(auto prefix, repo.List({.soc_prefix = "4"}));
    EXPECT_EQ(codes(prefix), (std::vector<std::string>{"41-2011.00", "43-4051.00"}));
    RESKILL_ASSIGN_OR_RETURN(auto wildcard, repo.List({.soc_prefix = "%"}));
    EXPECT_TRUE(wildcard.empty()) << "the prefix is literal text";
    RESKILL_ASSIGN_OR_RETURN(auto page1, repo.List({.limit = 2}));
    EXPECT_EQ(codes(page1), (std::vector<std::string>{"15-1232.00", "31-1131.00"}));
    RESKILL_ASSIGN_OR_RETURN(auto page2, repo.List({.after_code = "31-1131.00", .limit = 2}));
    EXPECT_EQ(codes(page2), (std::vector<std::string>{"41-2011.00", "43-4051.00"}));
    return Status::Ok();
  });
}

TEST_P(OnetStorageTest, ANewerReleaseUpdatesInPlace) {
  ASSERT_TRUE(Replace(SmallRelease()).ok());
  OnetReleaseData next = SmallRelease();
  next.release.version = "1.1";
  next.release.fingerprint = "fp-2";
  // Dropped: the nursing assistants with their ability element, rating and titles.
  std::erase_if(next.occupations, [](const auto& o) { return o.code == "31-1131.00"; });
  std::erase_if(next.elements, [](const auto& e) { return e.id == "1.A.1.a.1"; });
  std::erase_if(next.ratings, [](const auto& r) { return r.occupation_code == "31-1131.00"; });
  std::erase_if(next.alternate_titles,
                [](const auto& t) { return t.occupation_code == "31-1131.00"; });
  // Added: an occupation with a rating.
  next.occupations.push_back({"29-1141.00", "Registered Nurses", "Assess patient health.", 3});
  next.ratings.push_back({"29-1141.00", "2.A.1.b", 4.5, 4.75, false, false});
  // Changed: a title, a job zone, a rating, a technology flag; a task moves to another
  // occupation, a DWA link is dropped, an education category is dropped.
  next.occupations[0].title = "Computer Support Specialists";
  next.occupations[1].job_zone = 2;
  next.ratings[0].importance = 4.5;
  next.ratings[4].suppressed = false;
  next.technology[0].hot = true;
  next.tasks[2].occupation_code = "43-4051.00";
  next.task_dwas.pop_back();
  next.education.pop_back();
  // A DWA that no task refers to any more goes too.
  next.dwas.pop_back();
  std::erase_if(next.task_dwas, [](const auto& l) { return l.second == "4.A.4.a.8.I01.D02"; });

  Status st = Replace(next);
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  ExpectHolds(Take(), next);
  Read([](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto release, repo.CurrentRelease());
    EXPECT_TRUE(release && release->version == "1.1" && release->fingerprint == "fp-2");
    RESKILL_ASSIGN_OR_RETURN(auto gone, repo.Find("31-1131.00"));
    EXPECT_FALSE(gone.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto ability, repo.FindElement("1.A.1.a.1"));
    EXPECT_FALSE(ability.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto moved, repo.Tasks("43-4051.00"));
    EXPECT_EQ(moved.size(), 1u);
    return Status::Ok();
  });

  // Back to the first release: the same rows as before.
  ASSERT_TRUE(Replace(SmallRelease()).ok());
  ExpectHolds(Take(), SmallRelease());
}

TEST_P(OnetStorageTest, BatchesAcrossFiveHundredRowsAndPartialUpdates) {
  OnetReleaseData d = LargeRelease();
  ASSERT_TRUE(Replace(d).ok());
  ExpectHolds(Take(), d);
  // Every third rating changes: the upserts are no longer one contiguous run.
  for (std::size_t i = 0; i < d.ratings.size(); i += 3) d.ratings[i].level = 6.5;
  d.alternate_titles.resize(d.alternate_titles.size() / 2);
  d.release.fingerprint = "fp-large-2";
  Status st = Replace(d);
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  ExpectHolds(Take(), d);
}

TEST_P(OnetStorageTest, DuplicateKeyInTheDataWritesNothing) {
  OnetReleaseData d = SmallRelease();
  d.ratings.push_back(d.ratings.front());
  Status st = Replace(d);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument) << st.ToString();
  Read([](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto count, repo.Count());
    EXPECT_EQ(count, 0);
    return Status::Ok();
  });
}

TEST_P(OnetStorageTest, RowOfAnUnknownOccupationWritesNothing) {
  ASSERT_TRUE(Replace(SmallRelease()).ok());
  OnetReleaseData d = SmallRelease();
  d.release.fingerprint = "fp-bad";
  d.occupations[0].title = "Changed";
  d.ratings.push_back({"99-9999.99", "2.A.1.a", 1, 1, false, false});
  Status st = Replace(d);
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition) << st.ToString();
  ExpectHolds(Take(), SmallRelease());
  Read([](app::OccupationRepository& repo) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto release, repo.CurrentRelease());
    EXPECT_TRUE(release && release->fingerprint == "fp-1");
    return Status::Ok();
  });
}

// The use case over the real adapters: audited per agency, and a second import is a no-op.
TEST_P(OnetStorageTest, ImportOnetReleaseIsIdempotentAndAuditedPerAgency) {
  ASSERT_TRUE(platform::InitCrypto().ok());
  platform::SystemClock clock;
  platform::TimeOrderedIdGenerator ids;
  platform::SodiumPasswordHasher passwords(1, 8192);
  platform::SodiumSecretTokens tokens;
  platform::SodiumContactCipher contacts{platform::ContactKey{}};
  app::AppContext ctx{db(), clock, ids, passwords, tokens, contacts, {}};
  for (const char* slug : {"alpha", "beta"}) {
    ASSERT_TRUE(db().Run(TxMode::kWrite,
                         [&](UnitOfWork& uow) {
                           return uow.tenants().Insert(
                               {TenantId(ids.Next()), slug, slug, FromUnixMillis(0)});
                         })
                    .ok());
  }
  app::Principal system;
  system.kind = domain::audit::ActorKind::kSystem;
  system.actor_id = "cli";

  auto first = app::ImportOnetRelease(ctx).Run(system, SmallRelease(), {"req-1"});
  ASSERT_TRUE(first.ok()) << first.status().ToString() << " " << first.status().internal_detail();
  EXPECT_TRUE(first->changed);
  EXPECT_EQ(first->audited_tenants, 2);
  EXPECT_EQ(first->release.occupations, 4);
  EXPECT_EQ(first->release.ratings, 8);

  auto second = app::ImportOnetRelease(ctx).Run(system, SmallRelease(), {"req-2"});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(second->changed);
  EXPECT_EQ(second->release.fingerprint, "fp-1");

  Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto tenants, uow.tenants().List());
    for (const auto& t : tenants) {
      RESKILL_ASSIGN_OR_RETURN(auto events, uow.audit().List(t.id, {.action_prefix = "onet."}));
      EXPECT_EQ(events.size(), 1u) << t.slug << ": one event, none for the no-op import";
      if (!events.empty()) {
        EXPECT_EQ(events[0].target_type, "onet_release");
        EXPECT_EQ(events[0].target_id, "1.0");
        EXPECT_EQ(events[0].actor_kind, domain::audit::ActorKind::kSystem);
        EXPECT_EQ(events[0].detail, "occupations=4,ratings=8");
      }
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();

  OnetReleaseData bad = SmallRelease();
  bad.occupations[0].code = "15-1232";
  auto rejected = app::ImportOnetRelease(ctx).Run(system, bad, {"req-3"});
  EXPECT_EQ(rejected.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(rejected.status().field(), "occupations[0].code");
}

INSTANTIATE_TEST_SUITE_P(Engines, OnetStorageTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
