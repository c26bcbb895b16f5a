// Storage contract tests of the labour-market repository, the occupation search index and the
// use cases over them (imports with their join report, search ranking, profiles, the in-demand
// list), on SQLite (a temporary file, always) and on PostgreSQL when RESKILL_TEST_PG_DSN is set
// (scripts/with-postgres.sh; each process works in its own schema).
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "app/catalog/import_labour_market.hpp"
#include "app/catalog/occupations.hpp"
#include "platform/platform.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/test_engines.hpp"
#if RESKILL_WITH_POSTGRES
#include "storage/postgres/postgres_database.hpp"
#endif

namespace reskill::storage {
namespace {

using app::OnetReleaseData;
using app::TxMode;
using app::UnitOfWork;
using domain::catalog::Projection;
using domain::catalog::ProjectionPeriod;
using domain::catalog::SocGroup;
using domain::catalog::SocMatch;
using domain::catalog::WageFigure;
using domain::catalog::WageRecord;

using testing::Engine;
using testing::PgDsn;

StatusOr<std::unique_ptr<Engine>> MakeEngine(const std::string& name) {
  return testing::MakeEngine(name, "lm");
}

// ---- Test data ----------------------------------------------------------------------------------

WageFigure Dollars(double amount) {
  return {amount, false};
}

WageRecord Wage(std::string soc, std::string title, double median, int year = 2024,
                std::string area = "99") {
  WageRecord w;
  w.area_code = area;
  w.area_title = area == "99" ? "U.S." : "Area " + area;
  w.soc_code = std::move(soc);
  w.occupation_title = std::move(title);
  w.group = domain::catalog::IsBroadSocCode(w.soc_code) ? SocGroup::kBroad : SocGroup::kDetailed;
  w.year = year;
  w.employment = 1000;
  w.annual = {Dollars(median * 1.1), Dollars(median * 0.6), Dollars(median * 0.8),
              Dollars(median),       Dollars(median * 1.2), Dollars(median * 1.5)};
  w.hourly.median = Dollars(median / 2080.0);
  return w;
}

Projection Outlook(std::string soc, std::string title, std::int64_t openings, double change,
                   ProjectionPeriod period = {2024, 2034}) {
  Projection p;
  p.soc_code = std::move(soc);
  p.title = std::move(title);
  p.period = period;
  p.employment_base = 100000;
  p.employment_change = static_cast<std::int64_t>(change * 1000);
  p.employment_projected = p.employment_base + p.employment_change;
  p.change_percent = change;
  p.annual_openings = openings;
  p.median_annual_wage = Dollars(40000);
  p.entry_education = "High school diploma or equivalent";
  p.work_experience = "None";
  p.on_the_job_training = "Short-term on-the-job training";
  return p;
}

// Occupations and alternate titles shaped like O*NET 29.3's, for search and joins.
OnetReleaseData Release(std::string fingerprint = "fp-1") {
  OnetReleaseData d;
  d.release.version = "29.3";
  d.release.fingerprint = std::move(fingerprint);
  d.release.imported_at = FromUnixMillis(1'760'000'000'000);
  d.occupations = {
      {"15-1232.00", "Computer User Support Specialists", "Provide technical assistance.", 3},
      {"15-1231.00", "Computer Network Support Specialists", "Analyze networks.", 4},
      {"21-1011.00", "Substance Abuse and Behavioral Disorder Counselors", "Counsel.", 4},
      {"21-1014.00", "Mental Health Counselors", "Counsel.", 5},
      {"31-1121.00", "Home Health Aides", "Monitor health at home.", 2},
      {"31-1122.00", "Personal Care Aides", "Provide personal care.", 2},
      {"31-1131.00", "Nursing Assistants", "Provide basic patient care.", 2},
      {"41-2011.00", "Cashiers", "Receive and disburse money.", 2},
      {"41-2012.00", "Gambling Change Persons and Booth Cashiers", "Exchange coins.", 2},
      {"43-3071.00", "Tellers", "Receive and pay out money.", 2},
      {"55-3016.00", "Infantry", "Operate weapons.", 0},
  };
  d.alternate_titles = {
      {"15-1232.00", "Help Desk Analyst", ""},
      {"15-1232.00", "Help Desk Technician", ""},
      {"15-1232.00", "Help Desk Tech (Help Desk Technician)", "Help Desk Tech"},
      {"15-1231.00", "Network Desktop Support Specialist", ""},
      {"31-1121.00", "Certified Nurses Aide (CNA)", "CNA"},
      {"31-1131.00", "Certified Nursing Assistant (CNA)", ""},
      {"31-1131.00", "Certified Nursing Assistant (CNA)", "CNA"},
      {"31-1131.00", "Certified Nurse Aide (CNA)", "CNA"},
      {"41-2011.00", "Cashier", ""},
      {"41-2011.00", "Checkout Clerk", ""},
      {"43-3071.00", "Cashier", ""},
      {"43-3071.00", "Bank Teller", ""},
  };
  return d;
}

class LabourMarketStorageTest : public ::testing::TestWithParam<std::string> {
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
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{db(), clock_, ids_, passwords_, tokens_, contacts_, {}});
    system_.kind = domain::audit::ActorKind::kSystem;
    system_.actor_id = "test";
  }

  SqlDatabase& db() { return engine_->db(); }
  const app::AppContext& ctx() { return *ctx_; }

  Status Write(const std::function<Status(UnitOfWork&)>& work) {
    return db().Run(TxMode::kWrite, work);
  }
  void Read(const std::function<Status(UnitOfWork&)>& work) {
    const Status st = db().Run(TxMode::kRead, work);
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  }
  void ImportOnet(const OnetReleaseData& data) {
    const Status st =
        Write([&](UnitOfWork& uow) { return uow.occupations().ReplaceRelease(data); });
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  }
  // The codes the search use case returns for `q`, best first.
  std::vector<std::string> SearchCodes(std::string_view q, int limit = 10) {
    auto found = app::SearchOccupations(ctx()).Run(q, limit);
    EXPECT_TRUE(found.ok()) << q << ": " << found.status().ToString() << " "
                            << found.status().internal_detail();
    std::vector<std::string> codes;
    if (found.ok()) {
      for (const auto& r : found->items) codes.push_back(r.code);
    }
    return codes;
  }

  std::unique_ptr<Engine> engine_;
  app::FakeClock clock_{FromUnixMillis(1'760'000'000'000)};
  platform::TimeOrderedIdGenerator ids_;
  platform::SodiumPasswordHasher passwords_{1, 8192};
  platform::SodiumSecretTokens tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  app::Principal system_;
};

// ---- Repository ---------------------------------------------------------------------------------

TEST_P(LabourMarketStorageTest, WagesRoundTripWithUnavailableAndTopCodedFigures) {
  WageRecord ceo = Wage("11-1011", "Chief Executives", 206420);
  ceo.annual.pct90 = {domain::catalog::kAnnualWageCap, true};
  ceo.hourly.pct90 = {domain::catalog::kHourlyWageCap, true};
  WageRecord actors = Wage("27-2011", "Actors", 0);
  actors.annual = {};
  actors.employment.reset();
  actors.hourly.median = Dollars(23.33);
  const std::vector<WageRecord> rows = {ceo, actors, Wage("11-1010", "Chief Executives", 206420)};
  auto replaced = std::make_shared<std::int64_t>(-1);
  ASSERT_TRUE(Write([&](UnitOfWork& uow) -> Status {
                RESKILL_ASSIGN_OR_RETURN(*replaced,
                                         uow.labour_market().ReplaceWages("99", 2024, rows));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(*replaced, 0);
  Read([&](UnitOfWork& uow) -> Status {
    auto& lm = uow.labour_market();
    RESKILL_ASSIGN_OR_RETURN(auto got, lm.FindWage("99", 2024, "11-1011"));
    EXPECT_TRUE(got.has_value());
    if (got) {
      EXPECT_EQ(*got, ceo);
    }
    RESKILL_ASSIGN_OR_RETURN(got, lm.FindWage("99", 2024, "27-2011"));
    EXPECT_TRUE(got.has_value());
    if (got) {
      EXPECT_EQ(*got, actors);
      EXPECT_EQ(got->annual.median.amount, std::nullopt);
      EXPECT_EQ(got->employment, std::nullopt);
    }
    RESKILL_ASSIGN_OR_RETURN(got, lm.FindWage("99", 2023, "11-1011"));
    EXPECT_FALSE(got.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto group, lm.ListWagesInGroup("99", "11-1011"));
    EXPECT_EQ(group.size(), 2u);
    if (group.size() == 2) {
      EXPECT_EQ(group[0].soc_code, "11-1010");
      EXPECT_EQ(group[0].group, SocGroup::kBroad);
      EXPECT_EQ(group[1].soc_code, "11-1011");
    }
    return Status::Ok();
  });
}

TEST_P(LabourMarketStorageTest, ReplacingWagesTouchesOnlyTheSameAreaAndYear) {
  ASSERT_TRUE(
      Write([&](UnitOfWork& uow) -> Status {
        auto& lm = uow.labour_market();
        const std::vector<WageRecord> y2023 = {Wage("41-2011", "Cashiers", 29000, 2023)};
        const std::vector<WageRecord> y2024 = {Wage("41-2011", "Cashiers", 31190),
                                               Wage("15-1252", "Software Developers", 133080)};
        const std::vector<WageRecord> california = {Wage("41-2011", "Cashiers", 37860, 2024, "06")};
        RESKILL_RETURN_IF_ERROR(lm.ReplaceWages("99", 2023, y2023).status());
        RESKILL_RETURN_IF_ERROR(lm.ReplaceWages("99", 2024, y2024).status());
        return lm.ReplaceWages("06", 2024, california).status();
      }).ok());
  std::int64_t replaced = -1;
  ASSERT_TRUE(Write([&](UnitOfWork& uow) -> Status {
                const std::vector<WageRecord> again = {Wage("41-2011", "Cashiers", 31500)};
                RESKILL_ASSIGN_OR_RETURN(replaced,
                                         uow.labour_market().ReplaceWages("99", 2024, again));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(replaced, 2);
  Read([&](UnitOfWork& uow) -> Status {
    auto& lm = uow.labour_market();
    RESKILL_ASSIGN_OR_RETURN(auto sets, lm.ListWageDatasets());
    EXPECT_EQ(sets.size(), 3u);
    if (sets.size() == 3) {
      EXPECT_EQ(sets[0].area_code, "06");
      EXPECT_EQ(sets[1].area_code, "99");
      EXPECT_EQ(sets[1].year, 2024);
      EXPECT_EQ(sets[1].rows, 1);
      EXPECT_EQ(sets[1].area_title, "U.S.");
      EXPECT_EQ(sets[2].year, 2023);
    }
    RESKILL_ASSIGN_OR_RETURN(auto got, lm.FindWage("99", 2024, "41-2011"));
    EXPECT_TRUE(got && got->annual.median.amount == 31500);
    RESKILL_ASSIGN_OR_RETURN(got, lm.FindWage("99", 2024, "15-1252"));
    EXPECT_FALSE(got.has_value());
    RESKILL_ASSIGN_OR_RETURN(got, lm.FindWage("99", 2023, "41-2011"));
    EXPECT_TRUE(got.has_value());
    RESKILL_ASSIGN_OR_RETURN(got, lm.FindWage("06", 2024, "41-2011"));
    EXPECT_TRUE(got && got->annual.median.amount == 37860);
    // A whole area and year at once (the pathway model).
    RESKILL_ASSIGN_OR_RETURN(auto year, lm.ListWages("99", 2023));
    EXPECT_EQ(year.size(), 1u);
    EXPECT_TRUE(!year.empty() && year[0].soc_code == "41-2011" && year[0].year == 2023);
    RESKILL_ASSIGN_OR_RETURN(year, lm.ListWages("98", 2024));
    EXPECT_TRUE(year.empty());
    // Newest year first.
    RESKILL_ASSIGN_OR_RETURN(auto group, lm.ListWagesInGroup("99", "41-2011"));
    EXPECT_EQ(group.size(), 2u);
    if (group.size() == 2) {
      EXPECT_EQ(group[0].year, 2024);
      EXPECT_EQ(group[1].year, 2023);
    }
    return Status::Ok();
  });
}

TEST_P(LabourMarketStorageTest, DuplicateSocCodeIsAlreadyExistsAndWritesNothing) {
  const std::vector<WageRecord> first = {Wage("41-2011", "Cashiers", 31190)};
  ASSERT_TRUE(Write([&](UnitOfWork& uow) {
                return uow.labour_market().ReplaceWages("99", 2024, first).status();
              }).ok());
  const std::vector<WageRecord> twice = {Wage("15-1252", "Software Developers", 1),
                                         Wage("15-1252", "Software Developers", 2)};
  const Status st = Write([&](UnitOfWork& uow) {
    return uow.labour_market().ReplaceWages("99", 2024, twice).status();
  });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists) << st.ToString();
  EXPECT_EQ(st.field(), "soc_code");
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto got, uow.labour_market().FindWage("99", 2024, "41-2011"));
    EXPECT_TRUE(got.has_value());  // the failed replacement was rolled back
    return Status::Ok();
  });

  const std::vector<Projection> dup = {Outlook("15-1252", "A", 1, 1),
                                       Outlook("15-1252", "B", 1, 1)};
  const Status pst = Write([&](UnitOfWork& uow) {
    return uow.labour_market().ReplaceProjections({2024, 2034}, dup).status();
  });
  EXPECT_EQ(pst.code(), ErrorCode::kAlreadyExists) << pst.ToString();
}

TEST_P(LabourMarketStorageTest, ProjectionsRoundTripAndNewestPeriodFirst) {
  Projection surgeons = Outlook("29-1022", "Oral and maxillofacial surgeons", 200, 4.1);
  surgeons.median_annual_wage = {domain::catalog::kAnnualWageCap, true};
  Projection actors = Outlook("27-2011", "Actors", 6300, 0.3);
  actors.median_annual_wage = {};
  actors.entry_education.clear();
  const std::vector<Projection> current = {surgeons, actors, Outlook("29-1021", "Dentists", 5, 1)};
  const std::vector<Projection> older = {Outlook("29-1022", "Surgeons", 150, 2, {2023, 2033})};
  ASSERT_TRUE(Write([&](UnitOfWork& uow) -> Status {
                RESKILL_RETURN_IF_ERROR(
                    uow.labour_market().ReplaceProjections({2023, 2033}, older).status());
                return uow.labour_market().ReplaceProjections({2024, 2034}, current).status();
              }).ok());
  Read([&](UnitOfWork& uow) -> Status {
    auto& lm = uow.labour_market();
    RESKILL_ASSIGN_OR_RETURN(auto sets, lm.ListProjectionDatasets());
    EXPECT_EQ(sets.size(), 2u);
    if (sets.size() == 2) {
      EXPECT_EQ(sets[0].period, (ProjectionPeriod{2024, 2034}));
      EXPECT_EQ(sets[0].rows, 3);
      EXPECT_EQ(sets[1].period, (ProjectionPeriod{2023, 2033}));
    }
    RESKILL_ASSIGN_OR_RETURN(auto all, lm.ListProjections({2024, 2034}));
    EXPECT_EQ(all.size(), 3u);
    if (all.size() == 3) {
      EXPECT_EQ(all[0], actors);
      EXPECT_EQ(all[2], surgeons);
    }
    RESKILL_ASSIGN_OR_RETURN(auto group, lm.ListProjectionsInGroup("29-1022"));
    EXPECT_EQ(group.size(), 3u);
    if (group.size() == 3) {
      EXPECT_EQ(group[0].soc_code, "29-1021");
      EXPECT_EQ(group[1].soc_code, "29-1022");
      EXPECT_EQ(group[2].period, (ProjectionPeriod{2023, 2033}));
    }
    return Status::Ok();
  });
  std::int64_t replaced = -1;
  ASSERT_TRUE(Write([&](UnitOfWork& uow) -> Status {
                RESKILL_ASSIGN_OR_RETURN(
                    replaced, uow.labour_market().ReplaceProjections({2024, 2034}, current));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(replaced, 3);
}

// ---- Search -------------------------------------------------------------------------------------

TEST_P(LabourMarketStorageTest, SearchFindsTheRightOccupationFirst) {
  ImportOnet(Release());
  struct Case {
    const char* query;
    const char* first;
  };
  for (const Case& c :
       {Case{"cashier", "41-2011.00"}, Case{"Cashiers", "41-2011.00"}, Case{"cash", "41-2011.00"},
        Case{"help desk", "15-1232.00"}, Case{"desk help", "15-1232.00"},
        Case{"nursing assistant", "31-1131.00"}, Case{"assistants nursing", "31-1131.00"},
        Case{"CNA", "31-1131.00"}, Case{"Nursing Assistants", "31-1131.00"},
        Case{"bank tellers", "43-3071.00"},
        Case{"nursi", "31-1131.00"},  // stemmed "nurs": retried shorter
        Case{"15-1232", "15-1232.00"}}) {
    const auto codes = SearchCodes(c.query);
    ASSERT_FALSE(codes.empty()) << c.query;
    EXPECT_EQ(codes.front(), c.first) << c.query;
  }
  // The occupation's own title, then the exact alternate title of another occupation.
  EXPECT_EQ(SearchCodes("cashier"),
            (std::vector<std::string>{"41-2011.00", "41-2012.00", "43-3071.00"}));
  EXPECT_TRUE(SearchCodes("zeppelin").empty());
}

TEST_P(LabourMarketStorageTest, SearchTextCannotInjectQuerySyntax) {
  ImportOnet(Release());
  for (const char* hostile :
       {"\"cashier\" OR title:*", "cashier' OR '1'='1", "NEAR(help desk)", "nurse & !aide | x:*",
        "cash*", "-cashier", "{title}: cashier", "cashier)); DROP TABLE onet_occupation; --",
        "\xC3\xA9\xE2\x80\x94 \xE2\x80\x99"}) {
    auto found = app::SearchOccupations(ctx()).Run(hostile, 10);
    EXPECT_TRUE(found.ok()) << hostile << ": " << found.status().ToString() << " "
                            << found.status().internal_detail();
  }
  EXPECT_EQ(SearchCodes("cashier").front(), "41-2011.00");  // the table is still there
}

TEST_P(LabourMarketStorageTest, SearchIndexFollowsTheOnetTables) {
  ImportOnet(Release());
  ASSERT_EQ(SearchCodes("teller").front(), "43-3071.00");
  // A new release renames an occupation, drops an alternate title and a short title, and drops
  // an occupation; the index follows through the triggers.
  OnetReleaseData next = Release("fp-2");
  next.occupations[9].title = "Bank Clerks";  // 43-3071.00
  std::erase_if(next.alternate_titles, [](const auto& a) {
    return a.title == "Bank Teller" || (a.occupation_code == "31-1121.00");
  });
  std::erase_if(next.occupations, [](const auto& o) { return o.code == "55-3016.00"; });
  ImportOnet(next);
  EXPECT_EQ(SearchCodes("bank clerk").front(), "43-3071.00");
  EXPECT_TRUE(SearchCodes("tellers").empty());
  EXPECT_TRUE(SearchCodes("infantry").empty());
  EXPECT_EQ(SearchCodes("CNA"), (std::vector<std::string>{"31-1131.00"}));
  // The same title listed with and without a short title: dropping one keeps the other.
  OnetReleaseData third = Release("fp-3");
  std::erase_if(third.alternate_titles, [](const auto& a) {
    return a.occupation_code == "31-1131.00" && !a.short_title.empty();
  });
  ImportOnet(third);
  EXPECT_EQ(SearchCodes("certified nursing assistant").front(), "31-1131.00");
  EXPECT_EQ(SearchCodes("CNA").front(), "31-1121.00");
  Read([&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(
        auto hits, uow.occupation_search().Search(
                       *domain::catalog::ParseSearchQuery("certified nursing"), false, 50));
    for (const auto& h : hits) EXPECT_NE(h.kind, app::TitleKind::kShortTitle) << h.matched_title;
    return Status::Ok();
  });
}

// ---- Use cases ----------------------------------------------------------------------------------

TEST_P(LabourMarketStorageTest, ImportWagesReportsHowSocCodesJoin) {
  ImportOnet(Release());
  for (const char* slug : {"alpha", "beta"}) {
    ASSERT_TRUE(
        Write([&](UnitOfWork& uow) {
          return uow.tenants().Insert({TenantId(ids_.Next()), slug, slug, FromUnixMillis(0)});
        }).ok());
  }
  const std::vector<WageRecord> rows = {
      Wage("15-1232", "Computer User Support Specialists", 60340),
      Wage("15-1230", "Computer Support Specialists", 61550),
      Wage("21-1018", "Substance Abuse, Behavioral Disorder, and Mental Health Counselors", 59190),
      Wage("21-1010", "Counselors", 60200),
      Wage("31-1120", "Home Health and Personal Care Aides", 34900),
      Wage("31-1131", "Nursing Assistants", 39530),
      Wage("41-2011", "Cashiers", 31190),
      Wage("53-7062", "Laborers and Freight, Stock, and Material Movers, Hand", 37000),
  };
  auto report = app::ImportWages(ctx()).Run(system_, rows, {"req-1"});
  ASSERT_TRUE(report.ok()) << report.status().ToString() << " "
                           << report.status().internal_detail();
  EXPECT_EQ(report->year, 2024);
  EXPECT_EQ(report->areas, (std::vector<std::string>{"U.S. (99)"}));
  EXPECT_EQ(report->rows_written, 8);
  EXPECT_EQ(report->rows_replaced, 0);
  EXPECT_EQ(report->audited_tenants, 2);
  const auto& join = report->join;
  EXPECT_EQ(join.onet_occupations, 11);
  EXPECT_EQ(join.matched_detailed, 3);   // 15-1232, 31-1131, 41-2011
  EXPECT_EQ(join.matched_aggregate, 2);  // 21-1011 and 21-1014 → 21-1018
  EXPECT_EQ(join.matched_broad, 3);      // 15-1231 → 15-1230; 31-1121, 31-1122 → 31-1120
  EXPECT_EQ(join.occupations_without_data.count, 3);
  EXPECT_EQ(join.occupations_without_data.first,
            (std::vector<std::string>{"41-2012.00", "43-3071.00", "55-3016.00"}));
  EXPECT_EQ(join.unmatched_soc_codes.count, 1);
  EXPECT_EQ(join.unmatched_soc_codes.first, (std::vector<std::string>{"53-7062"}));

  auto again = app::ImportWages(ctx()).Run(system_, rows, {"req-2"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->rows_replaced, 8);

  // Bad records write nothing.
  std::vector<WageRecord> bad = rows;
  bad[3].year = 2023;
  auto refused = app::ImportWages(ctx()).Run(system_, bad, {"req-3"});
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "records[3].year");
}

TEST_P(LabourMarketStorageTest, ProfileAndInDemandPickTheSocCodeThatJoins) {
  ImportOnet(Release());
  const std::vector<WageRecord> y2023 = {Wage("31-1131", "Nursing Assistants", 38000, 2023),
                                         Wage("31-1120", "Aides", 33000, 2023)};
  const std::vector<WageRecord> y2024 = {Wage("31-1131", "Nursing Assistants", 39530),
                                         Wage("21-1018", "Counselors (combined)", 59190),
                                         Wage("21-1010", "Counselors", 60200)};
  ASSERT_TRUE(app::ImportWages(ctx()).Run(system_, y2023, {"r"}).ok());
  ASSERT_TRUE(app::ImportWages(ctx()).Run(system_, y2024, {"r"}).ok());
  const std::vector<Projection> projections = {
      Outlook("31-1120", "Home health and personal care aides", 765800, 17),
      Outlook("31-1131", "Nursing assistants", 204100, 2.3),
      Outlook("41-2011", "Cashiers", 542600, -9.9),
      Outlook("15-1232", "Computer user support specialists", 40800, -3.7),
      Outlook("21-1018", "Counselors (combined)", 48300, 16.8),
  };
  ASSERT_TRUE(app::ImportProjections(ctx()).Run(system_, {2024, 2034}, projections, {"r"}).ok());

  auto profile = app::GetOccupationProfile(ctx()).Run("31-1131.00");
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  ASSERT_TRUE(profile->wages.has_value());
  EXPECT_EQ(profile->wages->wages.year, 2024);  // the newest year
  EXPECT_EQ(profile->wages->match, SocMatch::kDetailed);
  ASSERT_TRUE(profile->outlook.has_value());
  EXPECT_EQ(profile->outlook->projection.annual_openings, 204100);
  EXPECT_EQ(profile->release->version, "29.3");

  // 2024 has no figures for the aides' group: the newest year that has them, 2023, is used.
  profile = app::GetOccupationProfile(ctx()).Run("31-1122.00");
  ASSERT_TRUE(profile.ok());
  ASSERT_TRUE(profile->wages.has_value());
  EXPECT_EQ(profile->wages->wages.year, 2023);
  EXPECT_EQ(profile->wages->wages.soc_code, "31-1120");
  EXPECT_EQ(profile->wages->match, SocMatch::kBroad);

  profile = app::GetOccupationProfile(ctx()).Run("21-1014.00");
  ASSERT_TRUE(profile.ok());
  ASSERT_TRUE(profile->wages.has_value());
  EXPECT_EQ(profile->wages->wages.soc_code, "21-1018");
  EXPECT_EQ(profile->wages->match, SocMatch::kAggregate);
  EXPECT_EQ(profile->outlook->match, SocMatch::kAggregate);

  profile = app::GetOccupationProfile(ctx()).Run("55-3016.00");
  ASSERT_TRUE(profile.ok());
  EXPECT_FALSE(profile->wages.has_value());
  EXPECT_FALSE(profile->outlook.has_value());

  EXPECT_EQ(app::GetOccupationProfile(ctx()).Run("55-9999.00").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(app::GetOccupationProfile(ctx()).Run("55-9999").status().code(),
            ErrorCode::kInvalidArgument);

  auto in_demand = app::ListInDemandOccupations(ctx()).Run({.limit = 10, .job_zone_max = 0});
  ASSERT_TRUE(in_demand.ok()) << in_demand.status().ToString();
  std::vector<std::string> codes;
  for (const auto& item : *in_demand) codes.push_back(item.occupation.code);
  // Declining cashiers and support specialists are left out; aides share their group's figures.
  EXPECT_EQ(codes, (std::vector<std::string>{"31-1121.00", "31-1122.00", "31-1131.00", "21-1011.00",
                                             "21-1014.00"}));
  in_demand = app::ListInDemandOccupations(ctx()).Run({.limit = 2, .job_zone_max = 4});
  ASSERT_TRUE(in_demand.ok());
  EXPECT_EQ(in_demand->size(), 2u);
  in_demand = app::ListInDemandOccupations(ctx()).Run({.limit = 10, .job_zone_max = 4});
  ASSERT_TRUE(in_demand.ok());
  EXPECT_EQ(in_demand->size(), 4u);  // 21-1014 is job zone 5
}

INSTANTIATE_TEST_SUITE_P(Engines, LabourMarketStorageTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace reskill::storage
