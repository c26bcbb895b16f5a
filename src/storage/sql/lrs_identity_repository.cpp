#include "storage/sql/lrs_identity_repository.hpp"

#include <cctype>

namespace reskill::storage {

namespace {

app::XapiActorRecord ActorFrom(const SqlRow& r) {
  app::XapiActorRecord a;
  a.tenant_id = TenantId(r.Int(0));
  a.id = r.Int(1);
  a.ifi = r.Text(2);
  a.object_type = r.Text(3);
  a.name = r.Text(4);
  if (!r.IsNull(5)) a.client_id = ClientId(r.Int(5));
  a.first_seen_at = r.Time(6);
  a.mapped_at = r.OptTime(7);
  return a;
}

StatusOr<std::vector<app::XapiActorRecord>> Actors(StatusOr<SqlRows> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<app::XapiActorRecord> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ActorFrom(r));
  return out;
}

StatusOr<std::optional<app::XapiActorRecord>> FirstActor(StatusOr<SqlRows> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<app::XapiActorRecord>();
  return std::optional<app::XapiActorRecord>(ActorFrom(rows->front()));
}

}  // namespace

StatusOr<std::vector<app::XapiActorRecord>> SqlActorIdentityRepository::ListUnmapped(
    TenantId tenant, std::int64_t after_id, int limit) {
  return Actors(conn_.Query(q_.Get("select_unmapped_actors"),
                            {tenant.value(), after_id, std::int64_t{limit}}));
}

StatusOr<std::int64_t> SqlActorIdentityRepository::CountUnmapped(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("count_unmapped_actors"), {tenant.value()}));
  return rows.empty() ? 0 : rows.front().Int(0);
}

StatusOr<std::vector<app::XapiActorRecord>> SqlActorIdentityRepository::ListUnmappedCandidates(
    TenantId tenant, std::string_view lower_ifi, std::string_view lower_like) {
  return Actors(conn_.Query(q_.Get("select_unmapped_actor_candidates"),
                            {tenant.value(), std::string(lower_ifi), std::string(lower_like)}));
}

StatusOr<std::vector<app::XapiActorRecord>> SqlActorIdentityRepository::ListByClient(
    TenantId tenant, ClientId client) {
  return Actors(conn_.Query(q_.Get("select_actors_by_client"), {tenant.value(), client.value()}));
}

StatusOr<std::vector<app::XapiActorRecord>> SqlActorIdentityRepository::ListByAccountName(
    TenantId tenant, std::string_view name, int limit) {
  // "account:HOMEPAGE|NAME": any homePage, then this name; LIKE wildcards in it are escaped.
  std::string pattern = "account:%|";
  for (char c : name) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return Actors(conn_.Query(q_.Get("select_actors_by_account_name"),
                            {tenant.value(), pattern, std::int64_t{limit}}));
}

StatusOr<std::optional<app::XapiActorRecord>> SqlActorIdentityRepository::Find(TenantId tenant,
                                                                               std::int64_t id) {
  return FirstActor(conn_.Query(q_.Get("select_actor_by_id"), {tenant.value(), id}));
}

StatusOr<std::optional<app::XapiActorRecord>> SqlActorIdentityRepository::FindByIfi(
    TenantId tenant, std::string_view ifi) {
  return FirstActor(conn_.Query(q_.Get("select_actor_by_ifi"), {tenant.value(), std::string(ifi)}));
}

Status SqlActorIdentityRepository::Insert(const app::XapiActorRecord& a) {
  Status st = conn_
                  .Execute(q_.Get("insert_actor"),
                           {a.tenant_id.value(), a.id, a.ifi, a.object_type, a.name,
                            a.client_id ? SqlValue(a.client_id->value()) : SqlValue(),
                            TimeValue(a.first_seen_at), OptionalTime(a.mapped_at)})
                  .status();
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("an actor with this identifier exists", "ifi")
        .WithDetail(st.internal_detail());
  }
  return st;
}

StatusOr<bool> SqlActorIdentityRepository::Map(TenantId tenant, std::int64_t actor, ClientId client,
                                               Timestamp at) {
  RESKILL_ASSIGN_OR_RETURN(auto n,
                           conn_.Execute(q_.Get("update_actor_client"),
                                         {client.value(), TimeValue(at), tenant.value(), actor}));
  return n > 0;
}

StatusOr<std::optional<app::ImportedTotals>> SqlActivityImportRepository::FindTotals(
    TenantId tenant, ClientId client, std::int64_t provider, std::string_view item) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_import_totals"),
                             {tenant.value(), client.value(), provider, std::string(item)}));
  if (rows.empty()) return std::optional<app::ImportedTotals>();
  const SqlRow& r = rows.front();
  app::ImportedTotals t;
  t.tenant_id = TenantId(r.Int(0));
  t.client_id = ClientId(r.Int(1));
  t.provider_id = r.Int(2);
  t.item = r.Text(3);
  t.period_start = r.Text(4);
  t.period_end = r.Text(5);
  t.seconds = r.Int(6);
  t.views = r.Int(7);
  t.completions = r.Int(8);
  t.days_active = r.Int(9);
  t.progress = r.Int(10);
  t.started = r.Bool(11);
  t.last_activity_at = r.OptTime(12);
  t.updated_at = r.Time(13);
  return std::optional<app::ImportedTotals>(std::move(t));
}

Status SqlActivityImportRepository::UpsertTotals(const app::ImportedTotals& t) {
  return conn_
      .Execute(q_.Get("upsert_import_totals"),
               {t.tenant_id.value(), t.client_id.value(), t.provider_id, t.item, t.period_start,
                t.period_end, t.seconds, t.views, t.completions, t.days_active, t.progress,
                std::int64_t{t.started ? 1 : 0}, OptionalTime(t.last_activity_at),
                TimeValue(t.updated_at)})
      .status();
}

Status SqlActivityImportRepository::AddToLearningDay(const app::LearningDayAddition& a) {
  return conn_
      .Execute(q_.Get("add_learning_day"),
               {a.tenant_id.value(), a.actor_id, a.provider_id, a.day, a.source, a.seconds,
                a.started, a.progressed, a.completed, a.passed, TimeValue(a.first_activity_at),
                TimeValue(a.last_activity_at)})
      .status();
}

StatusOr<std::vector<app::ClientLearningDay>> SqlActivityImportRepository::ListClientDays(
    TenantId tenant, ClientId client, int limit) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_client_learning_days"),
                                       {tenant.value(), client.value(), std::int64_t{limit}}));
  std::vector<app::ClientLearningDay> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    app::ClientLearningDay d;
    d.day = r.Text(0);
    d.provider_id = r.Int(1);
    d.provider_name = r.Text(2);
    d.source = r.Text(3);
    d.seconds = r.Int(4);
    d.started = r.Int(5);
    d.progressed = r.Int(6);
    d.completed = r.Int(7);
    d.passed = r.Int(8);
    d.last_activity_at = r.Time(9);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace reskill::storage
