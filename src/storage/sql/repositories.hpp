// The repositories of the foundation, written once over SqlConnection and the query catalog.
// Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/database.hpp"
#include "storage/sql/career_profile_repository.hpp"
#include "storage/sql/course_catalog_repository.hpp"
#include "storage/sql/jobs_repository.hpp"
#include "storage/sql/labour_market_repository.hpp"
#include "storage/sql/learning_activity_reader.hpp"
#include "storage/sql/licence_sweep.hpp"
#include "storage/sql/lrs_identity_repository.hpp"
#include "storage/sql/mail_repository.hpp"
#include "storage/sql/occupation_repository.hpp"
#include "storage/sql/programs_repository.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"
#include "storage/sql/statement_store.hpp"
#include "storage/sql/xapi_platform_repository.hpp"

namespace reskill::storage {

class SqlTenantRepository final : public app::TenantRepository {
 public:
  SqlTenantRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}
  Status Insert(const app::Tenant& tenant) override;
  StatusOr<std::optional<app::Tenant>> FindBySlug(std::string_view slug) override;
  StatusOr<std::optional<app::Tenant>> FindById(TenantId id) override;
  StatusOr<std::vector<app::Tenant>> List() override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

class SqlStaffRepository final : public app::StaffRepository {
 public:
  SqlStaffRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}
  Status Insert(const app::StaffUser& user) override;
  Status Update(const app::StaffUser& user) override;
  StatusOr<std::optional<app::StaffUser>> FindById(TenantId tenant, StaffId id) override;
  StatusOr<std::optional<app::StaffUser>> FindByIdForUpdate(TenantId tenant, StaffId id) override;
  StatusOr<std::optional<app::StaffUser>> FindByEmail(TenantId tenant,
                                                      std::string_view email) override;
  StatusOr<std::vector<app::StaffUser>> List(TenantId tenant) override;
  StatusOr<std::int64_t> CountEnabledWithRole(TenantId tenant,
                                              domain::programs::Role role) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

class SqlSessionRepository final : public app::SessionRepository {
 public:
  SqlSessionRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}
  Status Insert(const app::Session& session) override;
  StatusOr<std::optional<app::SessionView>> Find(TenantId tenant,
                                                 std::string_view token_hash) override;
  Status Touch(TenantId tenant, std::string_view token_hash, Timestamp at) override;
  Status Delete(TenantId tenant, std::string_view token_hash) override;
  Status DeleteForStaff(TenantId tenant, StaffId staff) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

class SqlApiTokenRepository final : public app::ApiTokenRepository {
 public:
  SqlApiTokenRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}
  Status Insert(const app::ApiToken& token) override;
  StatusOr<std::optional<app::ApiToken>> FindByHash(TenantId tenant,
                                                    std::string_view hash) override;
  StatusOr<std::optional<app::ApiToken>> FindById(TenantId tenant, ApiTokenId id) override;
  StatusOr<std::vector<app::ApiToken>> ListForStaff(TenantId tenant, StaffId staff) override;
  Status Revoke(TenantId tenant, ApiTokenId id, Timestamp at) override;
  Status TouchUsed(TenantId tenant, ApiTokenId id, Timestamp at) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

class SqlAuditLog final : public app::AuditLog {
 public:
  SqlAuditLog(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}
  Status Append(const app::AuditEvent& event) override;
  StatusOr<std::vector<app::AuditEvent>> List(TenantId tenant,
                                              const app::AuditQuery& query) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

class SqlUnitOfWork final : public app::UnitOfWork {
 public:
  /// `term_ids`: the database's term-id cache (outlives this object).
  SqlUnitOfWork(SqlConnection& conn, const QueryCatalog& q, TermIdCache& term_ids)
      : tenants_(conn, q),
        staff_(conn, q),
        sessions_(conn, q),
        api_tokens_(conn, q),
        audit_(conn, q),
        occupations_(conn, q),
        labour_market_(conn, q),
        occupation_search_(conn, q),
        course_catalog_(conn, q),
        programs_(conn, q),
        lrs_clients_(conn, q),
        xapi_documents_(conn, q),
        outbox_(conn, q),
        job_ledger_(conn, q),
        learning_activity_(conn, q),
        licence_sweep_(conn, q),
        career_profiles_(conn, q),
        statements_(conn, q, term_ids),
        actor_identities_(conn, q),
        activity_imports_(conn, q) {}
  app::TenantRepository& tenants() override { return tenants_; }
  app::StaffRepository& staff() override { return staff_; }
  app::SessionRepository& sessions() override { return sessions_; }
  app::ApiTokenRepository& api_tokens() override { return api_tokens_; }
  app::AuditLog& audit() override { return audit_; }
  app::OccupationRepository& occupations() override { return occupations_; }
  app::LabourMarketRepository& labour_market() override { return labour_market_; }
  app::OccupationSearch& occupation_search() override { return occupation_search_; }
  app::CourseCatalogRepository& course_catalog() override { return course_catalog_; }
  app::ProgramsRepository& programs() override { return programs_; }
  app::LrsClientRepository& lrs_clients() override { return lrs_clients_; }
  app::XapiDocumentRepository& xapi_documents() override { return xapi_documents_; }
  app::Outbox& outbox() override { return outbox_; }
  app::JobLedger& job_ledger() override { return job_ledger_; }
  app::LearningActivityReader& learning_activity() override { return learning_activity_; }
  app::LicenceSweep& licence_sweep() override { return licence_sweep_; }
  app::CareerProfileRepository& career_profiles() override { return career_profiles_; }
  app::StatementStore& statements() override { return statements_; }
  app::ActorIdentityRepository& actor_identities() override { return actor_identities_; }
  app::ActivityImportRepository& activity_imports() override { return activity_imports_; }
  /// Called once the transaction has committed (state that may only be shared after COMMIT).
  void Committed() { statements_.Committed(); }

 private:
  SqlTenantRepository tenants_;
  SqlStaffRepository staff_;
  SqlSessionRepository sessions_;
  SqlApiTokenRepository api_tokens_;
  SqlAuditLog audit_;
  SqlOccupationRepository occupations_;
  SqlLabourMarketRepository labour_market_;
  SqlOccupationSearch occupation_search_;
  SqlCourseCatalogRepository course_catalog_;
  SqlProgramsRepository programs_;
  SqlLrsClientRepository lrs_clients_;
  SqlXapiDocumentRepository xapi_documents_;
  SqlOutbox outbox_;
  SqlJobLedger job_ledger_;
  SqlLearningActivityReader learning_activity_;
  SqlLicenceSweep licence_sweep_;
  SqlCareerProfileRepository career_profiles_;
  SqlStatementStore statements_;
  SqlActorIdentityRepository actor_identities_;
  SqlActivityImportRepository activity_imports_;
};

}  // namespace reskill::storage
