// Occupation search latency over a full O*NET release (issue 3 target: p99 under 5 ms).
//   reskill_occupation_search_benchmark DB [ROUNDS]
// DB is an SQLite file or a postgresql:// URL that holds an imported release (bench/
// occupation_search.sh prepares one). The queries are what people type: every occupation title,
// its first word, the first four letters of that word (search as you type), every tenth
// alternate title, and the examples. Each runs app::SearchOccupations with limit 10, as
// GET /api/v1/occupations?q= does, in its own read transaction. One warm-up round, then ROUNDS
// (default 3) timed rounds; prints the count, p50, p90, p99 and max per query set and overall,
// in wall-clock time and in the thread's CPU time (which leaves out time the thread spent
// preempted on a loaded machine; SQLite runs in this thread, PostgreSQL in its server).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "app/catalog/occupations.hpp"
#include "platform/platform.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#if RESKILL_WITH_POSTGRES
#include "storage/postgres/postgres_database.hpp"
#endif

namespace {

using namespace reskill;

struct QuerySet {
  std::string name;
  std::vector<std::string> queries;
  std::vector<double> ms;      // wall clock
  std::vector<double> cpu_ms;  // this thread's CPU time
};

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

StatusOr<std::unique_ptr<storage::SqlDatabase>> Open(const std::string& target) {
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) {
#if RESKILL_WITH_POSTGRES
    return storage::OpenPostgresDatabase({.url = target});
#else
    return FailedPrecondition("built without PostgreSQL");
#endif
  }
  return storage::OpenSqliteDatabase({.path = target});
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

void Print(const std::string& name, const std::vector<double>& ms) {
  std::printf("%-34s %7zu  p50 %6.3f ms  p90 %6.3f ms  p99 %6.3f ms  max %7.3f ms\n", name.c_str(),
              ms.size(), Percentile(ms, 50), Percentile(ms, 90), Percentile(ms, 99),
              ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
}

int Fail(const Status& st) {
  std::fprintf(stderr, "occupation_search_benchmark: %s %s\n", st.ToString().c_str(),
               st.internal_detail().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_FILE_OR_URL [ROUNDS]\n", argv[0]);
    return 2;
  }
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  if (Status st = platform::InitCrypto(); !st.ok()) return Fail(st);
  auto db = Open(argv[1]);
  if (!db.ok()) return Fail(db.status());
  if (auto migrated = (*db)->Migrate(); !migrated.ok()) return Fail(migrated.status());
  platform::SystemClock clock;
  platform::TimeOrderedIdGenerator ids;
  platform::SodiumPasswordHasher passwords(1, 8192);
  platform::SodiumSecretTokens tokens;
  platform::SodiumContactCipher contacts{platform::ContactKey{}};  // holds no contact data here
  const app::AppContext ctx{**db, clock, ids, passwords, tokens, contacts, {}};

  // The query sets, from the stored release.
  QuerySet titles{"occupation titles", {}, {}};
  QuerySet words{"first words of titles", {}, {}};
  QuerySet prefixes{"4-letter prefixes (as typed)", {}, {}};
  QuerySet alternates{"every 10th alternate title", {}, {}};
  QuerySet examples{"issue examples", {"cashier", "help desk", "nursing assistant"}, {}};
  std::vector<domain::catalog::Occupation> occupations;
  Status st = (*db)->Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    app::OccupationListQuery page;
    page.limit = 1000;
    while (true) {
      RESKILL_ASSIGN_OR_RETURN(auto some, uow.occupations().List(page));
      occupations.insert(occupations.end(), some.begin(), some.end());
      if (static_cast<int>(some.size()) < page.limit) break;
      page.after_code = occupations.back().code;
    }
    std::size_t n = 0;
    for (const auto& o : occupations) {
      RESKILL_ASSIGN_OR_RETURN(auto alt, uow.occupations().AlternateTitles(o.code));
      for (const auto& a : alt) {
        if (n++ % 10 == 0) alternates.queries.push_back(a.title);
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return Fail(st);
  if (occupations.empty()) {
    std::fprintf(stderr, "occupation_search_benchmark: no occupations in %s; import a release\n",
                 argv[1]);
    return 1;
  }
  for (const auto& o : occupations) {
    titles.queries.push_back(o.title);
    const std::string first = o.title.substr(0, o.title.find_first_of(" ,"));
    words.queries.push_back(first);
    if (first.size() >= 4) prefixes.queries.push_back(first.substr(0, 4));
  }

  app::SearchOccupations search(ctx);
  std::vector<QuerySet*> sets = {&examples, &titles, &words, &prefixes, &alternates};
  std::vector<std::string> empty_results;
  for (int round = 0; round <= rounds; ++round) {
    for (QuerySet* set : sets) {
      for (const auto& q : set->queries) {
        const double cpu_start = ThreadCpuMs();
        const auto start = std::chrono::steady_clock::now();
        auto found = search.Run(q, 10);
        const auto end = std::chrono::steady_clock::now();
        const double cpu_end = ThreadCpuMs();
        if (!found.ok()) {
          // Titles made only of stop words ("All Other") are refused; everything else must work.
          if (found.status().code() == ErrorCode::kInvalidArgument) continue;
          return Fail(found.status());
        }
        if (round == 0) {
          if (found->items.empty()) empty_results.push_back(q);
          continue;  // warm-up
        }
        set->ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
        set->cpu_ms.push_back(cpu_end - cpu_start);
      }
    }
  }

  std::printf("occupation search over %zu occupations (%s), %d timed rounds, limit 10\n",
              occupations.size(), (*db)->engine().data(), rounds);
  std::vector<double> all;
  std::vector<double> all_cpu;
  for (QuerySet* set : sets) {
    Print(set->name, set->ms);
    all.insert(all.end(), set->ms.begin(), set->ms.end());
    all_cpu.insert(all_cpu.end(), set->cpu_ms.begin(), set->cpu_ms.end());
  }
  Print("all queries (wall clock)", all);
  Print("all queries (thread CPU time)", all_cpu);
  const double p99 = Percentile(all, 99);
  std::printf("target p99 < 5 ms: %s (wall-clock p99 %.3f ms); queries without results: %zu",
              p99 < 5.0 ? "met" : "MISSED", p99, empty_results.size());
  for (std::size_t i = 0; i < empty_results.size() && i < 5; ++i) {
    std::printf("%s \"%s\"", i == 0 ? ":" : ",", empty_results[i].c_str());
  }
  std::printf("\n");
  return 0;
}
