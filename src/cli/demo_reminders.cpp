#include "cli/demo_reminders.hpp"

#include <ostream>

#include "app/jobs/standard_jobs.hpp"
#include "app/programs/clients.hpp"
#include "app/programs/licences.hpp"

namespace reskill::cli {

namespace {

namespace prog = domain::programs;
namespace ap = app::programs;
using std::chrono::days;

struct PastClient {
  const char* given;
  const char* family;
  const char* email;
  const char* language;
  const char* case_number;
  int days_ago;   // when the licence was issued
  bool activate;  // activated then (and never used since)
};

// Invented people; example.org addresses never reach anyone.
constexpr PastClient kPast[] = {
    {"Rosa", "Díaz", "rosa.diaz@example.org", "es", "CW-2026-0107", 10, false},
    {"Kevin", "Olsen", "kevin.olsen@example.org", "en", "CW-2026-0108", 120, true},
};

// The demo's past: the same use cases, with a clock set back.
Status SeedPastClient(const app::AppContext& ctx, const PastClient& d, const prog::Program& program,
                      const prog::Group& group, const ap::PoolView& pool, TenantId tenant) {
  app::FakeClock then(ctx.clock.Now() - days(d.days_ago));
  const app::AppContext past{ctx.db,     then,         ctx.ids,     ctx.passwords,
                             ctx.tokens, ctx.contacts, ctx.security};
  const app::RequestInfo request{"demo-seed"};
  const app::Principal sys = ap::SystemActor(tenant, "demo");
  ap::NewClient in;
  in.program_id = program.id;
  in.group_id = group.id;
  if (!group.members.empty()) in.counselor_id = group.members.front();
  in.given_name = d.given;
  in.family_name = d.family;
  in.email = d.email;
  in.preferred_language = d.language;
  in.case_number = d.case_number;
  RESKILL_ASSIGN_OR_RETURN(auto client, ap::ManageClients(past).Create(sys, in, request));
  ap::ConsentInput consent;
  consent.provider_id = pool.pool.provider_id;
  consent.purpose = "Access to the program's online courses";
  consent.data_categories = {"email", "participant_id", "progress", "completions"};
  consent.method = prog::ConsentMethod::kPaper;
  consent.document_ref = std::string("consent-") + d.case_number + ".pdf";
  RESKILL_RETURN_IF_ERROR(
      ap::ManageConsent(past).Record(sys, client.id, consent, request).status());
  RESKILL_ASSIGN_OR_RETURN(auto licence,
                           ap::ManageLicences(past).Request(sys, client.id, pool.pool.id, request));
  RESKILL_ASSIGN_OR_RETURN(auto issued,
                           ap::ManageLicences(past).Issue(sys, licence.licence.id, request));
  if (d.activate) {
    RESKILL_RETURN_IF_ERROR(
        ap::ActivateLicence(past).Run(issued.token, false, "", request).status());
  }
  return Status::Ok();
}

}  // namespace

Status SeedDemoReminders(app::AppContext& ctx, TenantId tenant, std::ostream& out) {
  const app::Principal sys = ap::SystemActor(tenant, "demo");
  RESKILL_ASSIGN_OR_RETURN(auto programs, ap::ManagePrograms(ctx).List(sys));
  RESKILL_ASSIGN_OR_RETURN(auto pools, ap::ManagePools(ctx).List(sys));
  if (programs.empty() || pools.empty()) {
    return FailedPrecondition("the demo programs have no program or pool");
  }
  const prog::Program& program = programs.front();
  RESKILL_ASSIGN_OR_RETURN(auto groups, ap::ManageGroups(ctx).List(sys, program.id));
  if (groups.empty()) return FailedPrecondition("the demo program has no unit");
  // The pool with the most free seats, so both past licences fit.
  const ap::PoolView* pool = &pools.front();
  for (const auto& p : pools) {
    if (p.pool.program_id == program.id && p.usage.available() > pool->usage.available()) {
      pool = &p;
    }
  }
  for (const auto& d : kPast) {
    RESKILL_RETURN_IF_ERROR(SeedPastClient(ctx, d, program, groups.front(), *pool, tenant));
  }
  out << "2 demo clients with a history (an invitation that lapsed, a licence never used)\n";

  app::JobRegistry registry;
  app::AddStandardJobs(registry);
  app::JobRunOptions options;
  options.tenant = tenant;
  std::int64_t items = 0;
  for (const char* name :
       {"expire-invitations", "remind-not-activated", "remind-not-started", "reclaim-inactive"}) {
    app::Job* job = registry.Find(name);
    if (job == nullptr) return Internal(std::string("no job ") + name);
    RESKILL_ASSIGN_OR_RETURN(auto reports, app::RunJob(ctx).Run(*job, options));
    for (const auto& r : reports) {
      if (r.outcome == app::JobRunReport::Outcome::kFailed) return r.error;
      items += r.items;
    }
  }
  out << "Reminder and reclaim jobs run for today: " << items
      << " licences acted on (an expired invitation to re-invite, reminders in the outbox, a "
         "licence on the reclaim list)\n";
  return Status::Ok();
}

}  // namespace reskill::cli
