#include "app/lrs/activity_import.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "app/lrs/identity.hpp"
#include "app/lrs/statement_writer.hpp"
#include "app/programs/clients.hpp"
#include "common/strings.hpp"

namespace reskill::app::lrs {

namespace {

namespace act = domain::activity;
namespace prog = domain::programs;

constexpr int kTimelineDays = 366;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

act::ImportedFigures FiguresOf(const ImportedTotals& t) {
  act::ImportedFigures f;
  f.period_start = t.period_start;
  f.period_end = t.period_end;
  f.seconds = t.seconds;
  f.views = t.views;
  f.completions = t.completions;
  f.days_active = t.days_active;
  f.progress = t.progress;
  f.started = t.started;
  f.last_activity_at = t.last_activity_at;
  return f;
}

bool Same(const act::ImportedFigures& a, const act::ImportedFigures& b) {
  return a.period_start == b.period_start && a.period_end == b.period_end &&
         a.seconds == b.seconds && a.views == b.views && a.completions == b.completions &&
         a.days_active == b.days_active && a.progress == b.progress && a.started == b.started &&
         a.last_activity_at == b.last_activity_at;
}

// The client a row names: participant id first, else a verified e-mail address. On no match,
// `reason` says why (without the row's values).
StatusOr<std::optional<SealedClient>> MatchRow(const AppContext& ctx, UnitOfWork& uow,
                                               TenantId tenant, const act::ReportRow& row,
                                               std::string& reason) {
  std::vector<std::string> why;
  if (!row.user_id.empty()) {
    const std::string id = Upper(row.user_id);
    if (prog::IsParticipantId(id)) {
      RESKILL_ASSIGN_OR_RETURN(auto c, uow.programs().FindClientByParticipantId(tenant, id));
      if (c) return c;
      why.push_back("no client has this participant id");
    } else {
      why.push_back("the user id is not a participant id");
    }
  }
  if (!row.email.empty()) {
    RESKILL_ASSIGN_OR_RETURN(auto c,
                             uow.programs().FindClientByEmailIndex(
                                 tenant, ctx.contacts.BlindIndex(NormalizeEmail(row.email))));
    if (c && c->client.email_verified_at) return c;
    why.push_back(c ? "the client's e-mail address is not verified"
                    : "no client has this e-mail address");
  }
  if (why.empty()) why.push_back("the row has neither a participant id nor an e-mail address");
  reason.clear();
  for (const auto& w : why) reason += (reason.empty() ? "" : "; ") + w;
  return std::optional<SealedClient>();
}

}  // namespace

StatusOr<ActivityImportResult> ImportActivityReport::Run(const Principal& actor,
                                                         const ActivityImportInput& input,
                                                         const RequestInfo& request) const {
  const auto layout = act::ParseReportLayout(input.provider);
  if (!layout) {
    return InvalidArgument("provider must be linkedin-learning or coursera", "provider");
  }
  act::ParsedReport parsed = act::ParseReport(*layout, input.csv, {input.from, input.to});
  ActivityImportResult result;
  if (!parsed.errors.empty()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  const std::string slug = input.catalog_provider.empty()
                               ? std::string(act::ReportLayoutName(*layout))
                               : std::string(Trim(input.catalog_provider));
  const std::string home_page(act::ReportHomePage(*layout));
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    result = ActivityImportResult{};
    RESKILL_ASSIGN_OR_RETURN(auto provider,
                             uow.course_catalog().FindProviderBySlug(actor.tenant_id, slug));
    if (!provider) {
      return FailedPrecondition("the catalogue has no provider \"" + slug +
                                    "\"; add it first or name another with catalog_provider",
                                "catalog_provider");
    }
    const std::int64_t provider_id = provider->id.value();
    const Timestamp now = ctx_.clock.Now();
    std::map<std::int64_t, std::int64_t> actor_of;  // client id → actor id
    for (const auto& row : parsed.rows) {
      ++result.rows;
      std::string reason;
      RESKILL_ASSIGN_OR_RETURN(auto client, MatchRow(ctx_, uow, actor.tenant_id, row, reason));
      if (!client) {
        result.unmatched.push_back({row.line, reason});
        continue;
      }
      const ClientId client_id = client->client.id;
      auto known = actor_of.find(client_id.value());
      if (known == actor_of.end()) {
        XapiActorRecord a;
        a.tenant_id = actor.tenant_id;
        a.ifi = "account:" + home_page + "|" + client->client.participant_id;
        RESKILL_ASSIGN_OR_RETURN(auto found,
                                 uow.actor_identities().FindByIfi(actor.tenant_id, a.ifi));
        if (found && found->client_id && *found->client_id != client_id) {
          result.unmatched.push_back(
              {row.line, "the provider account is matched to another client"});
          continue;
        }
        if (found) {
          a.id = found->id;
          if (!found->client_id) {
            RESKILL_RETURN_IF_ERROR(
                uow.actor_identities().Map(actor.tenant_id, a.id, client_id, now).status());
          }
        } else {
          a.id = ctx_.ids.Next();
          a.client_id = client_id;
          a.first_seen_at = now;
          a.mapped_at = now;
          RESKILL_RETURN_IF_ERROR(uow.actor_identities().Insert(a));
        }
        known = actor_of.emplace(client_id.value(), a.id).first;
      }
      ++result.matched;
      RESKILL_ASSIGN_OR_RETURN(auto stored, uow.activity_imports().FindTotals(
                                                actor.tenant_id, client_id, provider_id, row.item));
      std::optional<act::ImportedFigures> previous;
      if (stored) previous = FiguresOf(*stored);
      const act::Increment inc = act::ComputeIncrement(*layout, previous, row);
      if (!inc.skipped.empty()) {
        result.skipped.push_back({row.line, inc.skipped});
        continue;
      }
      for (const auto& add : inc.additions) {
        LearningDayAddition day;
        day.tenant_id = actor.tenant_id;
        day.actor_id = known->second;
        day.provider_id = provider_id;
        day.day = add.day;
        day.source = add.source;
        day.seconds = add.seconds;
        day.started = add.started;
        day.progressed = add.progressed;
        day.completed = add.completed;
        day.first_activity_at = add.at;
        day.last_activity_at = add.at;
        RESKILL_RETURN_IF_ERROR(uow.activity_imports().AddToLearningDay(day));
      }
      if (!inc.additions.empty()) ++result.counted;
      if (!previous || !Same(*previous, inc.next)) {
        ImportedTotals t;
        t.tenant_id = actor.tenant_id;
        t.client_id = client_id;
        t.provider_id = provider_id;
        t.item = row.item;
        t.period_start = inc.next.period_start;
        t.period_end = inc.next.period_end;
        t.seconds = inc.next.seconds;
        t.views = inc.next.views;
        t.completions = inc.next.completions;
        t.days_active = inc.next.days_active;
        t.progress = inc.next.progress;
        t.started = inc.next.started;
        t.last_activity_at = inc.next.last_activity_at;
        t.updated_at = now;
        RESKILL_RETURN_IF_ERROR(uow.activity_imports().UpsertTotals(t));
      }
    }
    return uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, "activity.import", "provider",
        std::to_string(provider_id), "ok",
        "layout=" + input.provider + ",rows=" + std::to_string(result.rows) + ",matched=" +
            std::to_string(result.matched) + ",counted=" + std::to_string(result.counted) +
            ",unmatched=" + std::to_string(result.unmatched.size()) +
            ",skipped=" + std::to_string(result.skipped.size())));
  }));
  return result;
}

StatusOr<std::vector<ClientLearningDay>> ClientActivityTimeline::Run(
    const Principal& actor, ClientId client, const RequestInfo& request) const {
  // The statement writer adds learning facts with its deferred index: everything committed
  // before this read counts.
  if (ctx_.statement_writer != nullptr) ctx_.statement_writer->AwaitIndex();
  std::vector<ClientLearningDay> days;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindClient(actor.tenant_id, client));
    if (!found) return NotFound("no such client");
    RESKILL_RETURN_IF_ERROR(programs::CheckCaseload(uow, actor, found->client));
    RESKILL_ASSIGN_OR_RETURN(
        days, uow.activity_imports().ListClientDays(actor.tenant_id, client, kTimelineDays));
    return uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, "client.activity.read", "client",
        std::to_string(client.value()), "ok", "days=" + std::to_string(days.size())));
  }));
  return days;
}

}  // namespace reskill::app::lrs
