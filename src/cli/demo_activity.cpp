#include "cli/demo_activity.hpp"

#include <ostream>
#include <string>

#include "app/catalog/course_catalog.hpp"
#include "app/lrs/activity_import.hpp"
#include "app/programs/clients.hpp"

namespace reskill::cli {

Status SeedDemoActivity(app::AppContext& ctx, TenantId tenant, std::ostream& out) {
  const app::RequestInfo request{"demo-seed"};
  const app::Principal sys = app::programs::SystemActor(tenant, "demo");
  std::optional<domain::catalog::Provider> provider;
  std::vector<std::string> participants;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(provider,
                             uow.course_catalog().FindProviderBySlug(tenant, "linkedin-learning"));
    app::ClientQuery q;
    q.limit = 2;
    RESKILL_ASSIGN_OR_RETURN(auto clients, uow.programs().ListClients(tenant, q));
    participants.clear();
    for (const auto& c : clients) participants.push_back(c.client.participant_id);
    return Status::Ok();
  }));
  if (!provider) {
    domain::catalog::Provider p;
    p.slug = "linkedin-learning";
    p.name = "LinkedIn Learning";
    p.website = "https://www.linkedin.com/learning";
    p.license_types = {domain::catalog::LicenseType::kSeat};
    RESKILL_RETURN_IF_ERROR(app::catalog::ManageProviders(ctx).Create(sys, p, request).status());
  }
  // The last 30 whole days; the figures are invented.
  const Timestamp now = ctx.clock.Now();
  const std::string start = FormatIso8601(now - std::chrono::days(30)).substr(0, 10);
  const std::string end = FormatIso8601(now - std::chrono::days(1)).substr(0, 10);
  std::string csv =
      "Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions,"
      "Start Day (PST/PDT),End Day (PST/PDT)\n";
  const char* figures[] = {"6,4:35:10,5,2", "2,0:48:00,2,0"};
  for (std::size_t i = 0; i < participants.size() && i < 2; ++i) {
    csv += "Demo Learner,," + participants[i] + "," + figures[i] + "," + start + "," + end + "\n";
  }
  csv += "Sam Unknown,sam.unknown@example.net,,1,0:12:00,1,0," + start + "," + end + "\n";
  auto imported =
      app::lrs::ImportActivityReport(ctx).Run(sys, {"linkedin-learning", "", "", "", csv}, request);
  if (!imported.ok()) return imported.status();
  if (!imported->errors.empty()) return Internal("the demo activity report is malformed");
  out << "Imported a LinkedIn Learning report (" << start << " to " << end
      << "): " << imported->counted << " clients counted, " << imported->unmatched.size()
      << " row unmatched\n";
  // A learner whose statements arrived under an address no client has.
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kWrite, [&](app::UnitOfWork& uow) -> Status {
    const std::string ifi = "mbox:mailto:jordan.lee@example.net";
    RESKILL_ASSIGN_OR_RETURN(auto existing, uow.actor_identities().FindByIfi(tenant, ifi));
    if (existing) return Status::Ok();
    app::XapiActorRecord a;
    a.tenant_id = tenant;
    a.id = ctx.ids.Next();
    a.ifi = ifi;
    a.name = "Jordan Lee";
    a.first_seen_at = now - std::chrono::days(3);
    RESKILL_RETURN_IF_ERROR(uow.actor_identities().Insert(a));
    app::LearningDayAddition day;
    day.tenant_id = tenant;
    day.actor_id = a.id;
    day.day = FormatIso8601(a.first_seen_at).substr(0, 10);
    day.source = "measured";
    day.seconds = 1500;
    day.progressed = 1;
    day.first_activity_at = a.first_seen_at;
    day.last_activity_at = a.first_seen_at + std::chrono::minutes(25);
    return uow.activity_imports().AddToLearningDay(day);
  }));
  out << "One learner the LRS could not match waits on the Unmatched learners page\n";
  return Status::Ok();
}

}  // namespace reskill::cli
