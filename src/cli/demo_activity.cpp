#include "cli/demo_activity.hpp"

#include <cstdio>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/catalog/course_catalog.hpp"
#include "app/lrs/activity_import.hpp"
#include "app/lrs/store_statements.hpp"
#include "app/programs/clients.hpp"

namespace reskill::cli {

namespace {

using nlohmann::json;

std::string DemoId(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "d3e0c0de-0000-4000-8000-%012d", n);
  return buf;
}

// Statements as LinkedIn Learning sends them for the demo clients (account = participant id),
// for the statement viewer: a completion that was voided later, and a progress statement whose
// voiding statement arrived first (the LRS stores it voided on arrival).
Status SeedDemoStatements(app::AppContext& ctx, TenantId tenant, std::int64_t provider_id,
                          const std::vector<std::string>& participants, Timestamp now,
                          std::ostream& out) {
  if (participants.empty()) return Status::Ok();
  bool seeded = false;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto first, uow.statements().FindById(tenant, DemoId(1)));
    seeded = first.has_value();
    return Status::Ok();
  }));
  if (seeded) return Status::Ok();
  constexpr const char* kCourse = "https://www.linkedin.com/learning/excel-essential-training";
  constexpr const char* kVerbs = "http://adlnet.gov/expapi/verbs/";
  const auto actor = [&](std::size_t i) {
    return json{{"objectType", "Agent"},
                {"name", "Demo Learner"},
                {"account",
                 {{"homePage", "https://www.linkedin.com"},
                  {"name", participants[i % participants.size()]}}}};
  };
  const auto statement = [&](int n, const json& who, const std::string& verb, int days_ago) {
    json s = {
        {"id", DemoId(n)},
        {"actor", who},
        {"verb",
         {{"id", kVerbs + verb},
          {"display", {{"en-US", verb}, {"es", verb == "completed" ? "completó" : "avanzó"}}}}},
        {"object",
         {{"id", kCourse},
          {"definition",
           {{"name",
             {{"en-US", "Excel Essential Training"}, {"es", "Formación esencial de Excel"}}},
            {"type", "http://adlnet.gov/expapi/activities/course"}}}}},
        {"timestamp", FormatIso8601(now - std::chrono::days(days_ago))}};
    return s;
  };
  // The provider voids on behalf of the learner (an actor of its own would be one more
  // unmatched learner on the staff page).
  const auto voiding = [&](int n, int target) {
    return json{{"id", DemoId(n)},
                {"actor", actor(1)},
                {"verb", {{"id", std::string(kVerbs) + "voided"}}},
                {"object", {{"objectType", "StatementRef"}, {"id", DemoId(target)}}}};
  };
  json p1 = statement(1, actor(0), "progressed", 6);
  p1["result"] = {{"duration", "PT25M"}, {"completion", false}};
  json c1 = statement(2, actor(0), "completed", 5);
  c1["result"] = {{"duration", "PT40M"}, {"completion", true}, {"score", {{"scaled", 0.9}}}};
  json wrong = statement(3, actor(1), "completed", 4);  // sent by mistake, then voided
  wrong["result"] = {{"completion", true}};
  json p2 = statement(5, actor(1), "progressed", 3);
  p2["result"] = {{"duration", "PT15M"}};
  json late = statement(7, actor(1), "progressed", 2);  // its voiding statement came first
  late["result"] = {{"duration", "PT5H"}};
  json unmatched = statement(8, {{"name", "Jordan Lee"}, {"mbox", "mailto:jordan.lee@example.net"}},
                             "progressed", 3);
  // One request each, in this order, as a provider would send them.
  const std::vector<json> requests = {
      json::array({p1, c1, wrong}), voiding(4, 3), p2, voiding(6, 7), late, unmatched};
  app::lrs::StatementAuthority authority;
  authority.tenant = tenant;
  authority.provider_id = provider_id;
  authority.authority_json =
      R"({"account":{"homePage":"https://reskill.invalid/xapi/clients","name":"demo-seed"},"objectType":"Agent"})";
  authority.authority_ifi = "account:https://reskill.invalid/xapi/clients|demo-seed";
  for (const json& body : requests) {
    app::lrs::StatementBatch batch;
    batch.authority = authority;
    batch.is_array = body.is_array();
    RESKILL_ASSIGN_OR_RETURN(batch.statements, domain::lrs::ParseStatementBatch(
                                                   body.dump(), domain::lrs::SpecVersion::k1_0));
    RESKILL_RETURN_IF_ERROR(app::lrs::StoreStatements(ctx).Run(std::move(batch)).status());
  }
  out << "Stored 8 demo xAPI statements (one voided, one voided on arrival) for the Statements "
         "page\n";
  return Status::Ok();
}

}  // namespace

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
    RESKILL_ASSIGN_OR_RETURN(provider, app::catalog::ManageProviders(ctx).Create(sys, p, request));
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
  return SeedDemoStatements(ctx, tenant, provider ? provider->id.value() : 0, participants, now,
                            out);
}

}  // namespace reskill::cli
