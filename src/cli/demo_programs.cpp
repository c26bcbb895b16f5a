#include "cli/demo_programs.hpp"

#include <algorithm>
#include <ostream>

#include "app/catalog/course_catalog.hpp"
#include "app/programs/clients.hpp"
#include "app/programs/licences.hpp"
#include "app/staff_admin.hpp"

namespace reskill::cli {

namespace {

namespace prog = domain::programs;
namespace ap = app::programs;
using domain::programs::Role;

struct DemoClient {
  const char* given;
  const char* family;
  const char* email;
  const char* language;
  const char* case_number;
  const char* state;  // none, requested, issued, activated, revoked, esign
};

// Invented people; example.org addresses never reach anyone.
constexpr DemoClient kClients[] = {
    {"Ana", "Ruiz", "ana.ruiz@example.org", "es", "CW-2026-0101", "activated"},
    {"Marcus", "Hill", "marcus.hill@example.org", "en", "CW-2026-0102", "issued"},
    {"Lena", "Park", "lena.park@example.org", "en", "CW-2026-0103", "requested"},
    {"José", "Navarro", "jose.navarro@example.org", "es", "CW-2026-0104", "revoked"},
    {"Priya", "Shah", "priya.shah@example.org", "en", "CW-2026-0105", "esign"},
    {"Tom", "Baker", "", "en", "CW-2026-0106", "none"},
};

}  // namespace

Status SeedDemoPrograms(app::AppContext& ctx, TenantId tenant, std::ostream& out) {
  const app::RequestInfo request{"demo-seed"};
  const app::Principal sys = ap::SystemActor(tenant, "demo");
  RESKILL_ASSIGN_OR_RETURN(auto providers, app::catalog::ReadCatalog(ctx).ListProviders(sys));
  if (providers.empty()) return FailedPrecondition("the demo catalogue has no provider");
  RESKILL_ASSIGN_OR_RETURN(auto paths, app::catalog::ReadCatalog(ctx).ListLearningPaths(sys));
  RESKILL_ASSIGN_OR_RETURN(auto staff, app::ReadStaff(ctx).List(sys));
  StaffId counselor;
  StaffId supervisor;
  for (const auto& s : staff) {
    if (!counselor.valid() && s.roles.Has(Role::kCounselor)) counselor = s.id;
    if (!supervisor.valid() && s.roles.Has(Role::kSupervisor)) supervisor = s.id;
  }

  ap::ProgramPatch program;
  program.name = "CalWORKs Welfare-to-Work 2027";
  program.target_population = "CalWORKs cash-aid recipients";
  program.display_name = "County Skills Academy";
  program.provider_ids.emplace();
  for (std::size_t i = 0; i < providers.size() && i < 2; ++i) {
    program.provider_ids->push_back(providers[i].id);
  }
  program.invitation_text_en = "Your counselor picked these courses to help you reach your goal.";
  program.invitation_text_es = "Su consejero eligió estos cursos para ayudarle a lograr su meta.";
  program.intro_path_ids.emplace();
  for (const auto& p : paths) {
    if (p.path.is_introductory && program.intro_path_ids->empty()) {
      program.intro_path_ids->push_back(p.path.id.value());
    }
  }
  RESKILL_ASSIGN_OR_RETURN(auto created, ap::ManagePrograms(ctx).Create(sys, program, request));
  std::vector<StaffId> members;
  if (counselor.valid()) members.push_back(counselor);
  if (supervisor.valid()) members.push_back(supervisor);
  RESKILL_ASSIGN_OR_RETURN(
      auto group, ap::ManageGroups(ctx).Create(sys, created.id, "North unit", members, request));
  prog::LicencePool draft;
  draft.program_id = created.id;
  draft.provider_id = providers.front().id;
  draft.name = providers.front().name + " seats";
  draft.seats = 5;
  RESKILL_ASSIGN_OR_RETURN(auto pool, ap::ManagePools(ctx).Create(sys, draft, request));
  if (providers.size() > 1) {
    draft.provider_id = providers[1].id;
    draft.name = providers[1].name + " seats";
    draft.seats = 3;
    RESKILL_RETURN_IF_ERROR(ap::ManagePools(ctx).Create(sys, draft, request).status());
  }
  out << "Program \"" << created.name << "\" (shown to providers as \"" << created.display_name
      << "\"), unit \"North unit\", pools\n";

  int count = 0;
  for (const auto& d : kClients) {
    ap::NewClient in;
    in.program_id = created.id;
    in.group_id = group.id;
    if (counselor.valid()) in.counselor_id = counselor;
    in.given_name = d.given;
    in.family_name = d.family;
    in.email = d.email;
    in.preferred_language = d.language;
    in.case_number = d.case_number;
    RESKILL_ASSIGN_OR_RETURN(auto client, ap::ManageClients(ctx).Create(sys, in, request));
    ++count;
    const std::string state = d.state;
    ap::ConsentInput consent;
    consent.provider_id = pool.pool.provider_id;
    consent.purpose = "Access to the program's online courses";
    consent.data_categories = {"email", "participant_id", "progress", "completions"};
    consent.method = prog::ConsentMethod::kPaper;
    consent.document_ref = std::string("consent-") + d.case_number + ".pdf";
    if (state == "esign") {
      RESKILL_RETURN_IF_ERROR(
          ap::ManageConsent(ctx).RequestSignature(sys, client.id, consent, request).status());
      continue;
    }
    if (state == "none") {
      RESKILL_RETURN_IF_ERROR(ap::ClientJournal(ctx)
                                  .AddNote(sys, client.id,
                                           "Intake interview done; client will bring the signed "
                                           "consent form next week.",
                                           request)
                                  .status());
      continue;
    }
    RESKILL_RETURN_IF_ERROR(
        ap::ManageConsent(ctx).Record(sys, client.id, consent, request).status());
    RESKILL_ASSIGN_OR_RETURN(
        auto licence, ap::ManageLicences(ctx).Request(sys, client.id, pool.pool.id, request));
    if (state == "requested") continue;
    RESKILL_ASSIGN_OR_RETURN(auto issued,
                             ap::ManageLicences(ctx).Issue(sys, licence.licence.id, request));
    if (state == "revoked") {
      RESKILL_RETURN_IF_ERROR(
          ap::ManageLicences(ctx).Revoke(sys, licence.licence.id, "client_moved_away", request));
      continue;
    }
    if (state == "issued") continue;
    RESKILL_RETURN_IF_ERROR(
        ap::ActivateLicence(ctx).Run(issued.token, false, "", request).status());
    const auto other = std::find_if(paths.begin(), paths.end(),
                                    [&](const auto& p) { return !p.path.is_introductory; });
    if (other != paths.end()) {
      ap::AssignInput assign;
      assign.target_kind = prog::AssignmentTarget::kPath;
      assign.target_id = other->path.id.value();
      assign.due_at = ctx.clock.Now() + std::chrono::days(60);
      RESKILL_RETURN_IF_ERROR(
          ap::AssignLearning(ctx).ToClient(sys, client.id, assign, request).status());
    }
    prog::ActivityPlan plan;
    plan.activity_code = "VOC-ED";
    plan.category = "Vocational training";
    plan.starts_at = ctx.clock.Now();
    plan.ends_at = prog::AddMonths(plan.starts_at, 3);
    RESKILL_RETURN_IF_ERROR(
        ap::ManageActivityPlans(ctx).Schedule(sys, client.id, plan, request).status());
  }
  out << count << " demo clients (every licence state, consents, assignments, journal)\n";
  return Status::Ok();
}

}  // namespace reskill::cli
