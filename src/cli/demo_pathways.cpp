#include "cli/demo_pathways.hpp"

#include <ostream>

#include "app/pathways/client_pathways.hpp"
#include "app/programs/clients.hpp"

namespace reskill::cli {

namespace {

namespace ap = app::programs;

StatusOr<ClientId> DemoClient(const app::AppContext& ctx, const app::Principal& sys,
                              const std::string& case_number) {
  ap::ClientFilter filter;
  filter.search = case_number;
  RESKILL_ASSIGN_OR_RETURN(auto page,
                           ap::ManageClients(ctx).List(sys, filter, app::RequestInfo{"demo-seed"}));
  if (page.items.empty()) return NotFound("no demo client " + case_number);
  return page.items.front().id;
}

}  // namespace

Status SeedDemoPathways(app::AppContext& ctx, TenantId tenant, std::ostream& out) {
  const app::RequestInfo request{"demo-seed"};
  const app::Principal sys = ap::SystemActor(tenant, "demo");
  app::PathwayEngineCache engines;
  const app::ClientCareerProfiles profiles(ctx, &engines);

  // Ana: customer service now, a cashier before; a plan toward computer user support (the
  // classic gateway job) assigned. Marcus: a cashier with a profile and no plan yet.
  RESKILL_ASSIGN_OR_RETURN(ClientId ana, DemoClient(ctx, sys, "CW-2026-0101"));
  app::PersonProfileInput p;
  p.occupations = {{"43-4051.00", true, 3}, {"41-2011.00", false, 2}};
  p.education_category = 2;
  p.self_assessment = {{"2.A.1.a", 4.0}};
  RESKILL_RETURN_IF_ERROR(profiles.Put(sys, ana, p, request).status());
  app::AssignPlanInput plan;
  plan.to = "15-1232.00";
  RESKILL_ASSIGN_OR_RETURN(auto assigned,
                           app::AssignPathwayPlan(ctx, &engines).Run(sys, ana, plan, request));

  RESKILL_ASSIGN_OR_RETURN(ClientId marcus, DemoClient(ctx, sys, "CW-2026-0102"));
  app::PersonProfileInput q;
  q.occupations = {{"41-2011.00", true, 4}};
  RESKILL_RETURN_IF_ERROR(profiles.Put(sys, marcus, q, request).status());
  out << "2 career profiles; training plan \"" << assigned.path.name << "\" ("
      << assigned.plan.courses.size() << " course(s), " << assigned.plan.hours
      << " hours) assigned to a client\n";
  return Status::Ok();
}

}  // namespace reskill::cli
