// The programs repository over SqlConnection, once for both engines (named queries in
// queries/programs.sql). Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/programs_repository.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlProgramsRepository final : public app::ProgramsRepository {
 public:
  SqlProgramsRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  Status InsertProgram(const app::prog::Program& program) override;
  Status UpdateProgram(const app::prog::Program& program) override;
  StatusOr<std::optional<app::prog::Program>> FindProgram(TenantId tenant, ProgramId id) override;
  StatusOr<std::vector<app::prog::Program>> ListPrograms(TenantId tenant) override;

  Status InsertGroup(const app::prog::Group& group) override;
  Status UpdateGroup(const app::prog::Group& group) override;
  StatusOr<std::optional<app::prog::Group>> FindGroup(TenantId tenant,
                                                      app::prog::GroupId id) override;
  StatusOr<std::vector<app::prog::Group>> ListGroups(TenantId tenant, ProgramId program) override;
  StatusOr<std::vector<app::prog::GroupId>> ListGroupsOfStaff(TenantId tenant,
                                                              StaffId staff) override;

  Status InsertClient(const app::SealedClient& client) override;
  Status UpdateClient(const app::SealedClient& client) override;
  StatusOr<std::optional<app::SealedClient>> FindClient(TenantId tenant, ClientId id) override;
  StatusOr<std::optional<app::SealedClient>> FindClientByEmailIndex(
      TenantId tenant, std::string_view email_index) override;
  StatusOr<std::optional<app::SealedClient>> FindClientByParticipantId(
      TenantId tenant, std::string_view participant_id) override;
  StatusOr<std::vector<app::SealedClient>> ListClients(TenantId tenant,
                                                       const app::ClientQuery& query) override;

  Status AppendJournal(const app::prog::JournalEntry& entry) override;
  StatusOr<std::vector<app::prog::JournalEntry>> ListJournal(TenantId tenant,
                                                             ClientId client) override;

  Status InsertConsent(const app::prog::Consent& consent) override;
  Status UpdateConsent(const app::prog::Consent& consent) override;
  StatusOr<std::optional<app::prog::Consent>> FindConsent(TenantId tenant,
                                                          app::prog::ConsentId id) override;
  StatusOr<std::optional<app::prog::Consent>> FindConsentByTokenHash(
      std::string_view token_hash) override;
  StatusOr<std::vector<app::prog::Consent>> ListConsents(TenantId tenant, ClientId client) override;

  Status InsertPool(const app::prog::LicencePool& pool) override;
  Status UpdatePool(const app::prog::LicencePool& pool) override;
  StatusOr<std::optional<app::prog::LicencePool>> FindPool(TenantId tenant,
                                                           app::prog::PoolId id) override;
  StatusOr<std::optional<app::prog::LicencePool>> FindPoolForUpdate(TenantId tenant,
                                                                    app::prog::PoolId id) override;
  StatusOr<std::vector<app::prog::LicencePool>> ListPools(TenantId tenant) override;
  StatusOr<app::prog::PoolUsage> CountPoolUsage(TenantId tenant, app::prog::PoolId pool,
                                                Timestamp now) override;

  Status InsertLicence(const app::prog::Licence& licence) override;
  Status UpdateLicence(const app::prog::Licence& licence) override;
  StatusOr<std::optional<app::prog::Licence>> FindLicence(TenantId tenant, LicenceId id) override;
  StatusOr<std::vector<app::prog::Licence>> ListLicences(TenantId tenant,
                                                         const app::LicenceQuery& query) override;

  Status InsertInvitation(const app::Invitation& invitation) override;
  StatusOr<std::optional<app::Invitation>> FindInvitationByTokenHash(
      std::string_view token_hash) override;
  StatusOr<bool> MarkInvitationUsed(TenantId tenant, app::prog::InvitationId id,
                                    Timestamp at) override;

  Status InsertHandoff(const app::ProviderHandoff& handoff) override;
  StatusOr<std::vector<app::ProviderHandoff>> ListHandoffs(TenantId tenant,
                                                           ClientId client) override;

  Status InsertAssignment(const app::prog::Assignment& assignment) override;
  StatusOr<std::vector<app::prog::Assignment>> ListAssignments(TenantId tenant,
                                                               ClientId client) override;

  Status InsertPlan(const app::prog::ActivityPlan& plan) override;
  Status UpdatePlan(const app::prog::ActivityPlan& plan) override;
  StatusOr<std::optional<app::prog::ActivityPlan>> FindPlan(TenantId tenant,
                                                            app::prog::ActivityPlanId id) override;
  StatusOr<std::vector<app::prog::ActivityPlan>> ListPlans(TenantId tenant,
                                                           ClientId client) override;

 private:
  StatusOr<std::optional<app::SealedClient>> OneClient(const char* query,
                                                       std::initializer_list<SqlValue> params);
  Status LoadMembers(app::prog::Group& group);

  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
