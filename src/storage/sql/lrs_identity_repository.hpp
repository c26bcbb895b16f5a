// The identity-mapping and activity-import repositories over SqlConnection, once for both engines
// (named queries in queries/lrs_identity.sql). Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/activity_imports.hpp"
#include "app/ports/lrs_identity.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlActorIdentityRepository final : public app::ActorIdentityRepository {
 public:
  SqlActorIdentityRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::vector<app::XapiActorRecord>> ListUnmapped(TenantId tenant, std::int64_t after_id,
                                                           int limit) override;
  StatusOr<std::int64_t> CountUnmapped(TenantId tenant) override;
  StatusOr<std::vector<app::XapiActorRecord>> ListByClient(TenantId tenant,
                                                           ClientId client) override;
  StatusOr<std::vector<app::XapiActorRecord>> ListByAccountName(TenantId tenant,
                                                                std::string_view name,
                                                                int limit) override;
  StatusOr<std::vector<app::XapiActorRecord>> ListUnmappedCandidates(
      TenantId tenant, std::string_view lower_ifi, std::string_view lower_like) override;
  StatusOr<std::optional<app::XapiActorRecord>> Find(TenantId tenant, std::int64_t id) override;
  StatusOr<std::optional<app::XapiActorRecord>> FindByIfi(TenantId tenant,
                                                          std::string_view ifi) override;
  Status Insert(const app::XapiActorRecord& actor) override;
  StatusOr<bool> Map(TenantId tenant, std::int64_t actor, ClientId client, Timestamp at) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

class SqlActivityImportRepository final : public app::ActivityImportRepository {
 public:
  SqlActivityImportRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::optional<app::ImportedTotals>> FindTotals(TenantId tenant, ClientId client,
                                                          std::int64_t provider,
                                                          std::string_view item) override;
  Status UpsertTotals(const app::ImportedTotals& totals) override;
  Status AddToLearningDay(const app::LearningDayAddition& addition) override;
  StatusOr<std::vector<app::ClientLearningDay>> ListClientDays(TenantId tenant, ClientId client,
                                                               int limit) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
