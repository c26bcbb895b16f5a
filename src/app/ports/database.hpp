// The Database port: transactions over the repositories. Adapters: storage/sqlite (default,
// embedded) and storage/postgres (production). A Database is thread-safe; a UnitOfWork and the
// repositories it hands out belong to one thread for the duration of one transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/activity_imports.hpp"
#include "app/ports/career_profiles.hpp"
#include "app/ports/course_catalog_repository.hpp"
#include "app/ports/job_ledger.hpp"
#include "app/ports/labour_market_repository.hpp"
#include "app/ports/learning_activity.hpp"
#include "app/ports/licence_sweep.hpp"
#include "app/ports/lrs_client_repository.hpp"
#include "app/ports/lrs_identity.hpp"
#include "app/ports/occupation_repository.hpp"
#include "app/ports/occupation_search.hpp"
#include "app/ports/outbox.hpp"
#include "app/ports/programs_repository.hpp"
#include "app/ports/statement_store.hpp"
#include "app/ports/xapi_document_repository.hpp"
#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"
#include "domain/audit/audit_event.hpp"
#include "domain/programs/staff.hpp"

namespace reskill::app {

using domain::audit::AuditEvent;
using domain::programs::StaffUser;
using domain::programs::Tenant;

/// A signed-in browser session. The raw token lives only in the user's cookie.
struct Session {
  TenantId tenant_id;
  std::string token_hash;
  StaffId staff_id;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp last_seen_at;
  Timestamp expires_at;
};

/// A machine client's bearer token, owned by a staff user and acting with that user's roles.
struct ApiToken {
  TenantId tenant_id;
  ApiTokenId id;
  StaffId staff_id;
  std::string name;
  std::string token_hash;
  Timestamp created_at;
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> revoked_at;
  std::optional<Timestamp> last_used_at;
};

class TenantRepository {
 public:
  virtual ~TenantRepository() = default;
  /// kAlreadyExists (field "slug") when the slug is taken.
  virtual Status Insert(const Tenant& tenant) = 0;
  virtual StatusOr<std::optional<Tenant>> FindBySlug(std::string_view slug) = 0;
  virtual StatusOr<std::optional<Tenant>> FindById(TenantId id) = 0;
  virtual StatusOr<std::vector<Tenant>> List() = 0;
};

class StaffRepository {
 public:
  virtual ~StaffRepository() = default;
  /// kAlreadyExists (field "email") when the tenant already has this e-mail.
  virtual Status Insert(const StaffUser& user) = 0;
  /// Replaces every mutable column; kNotFound when absent.
  virtual Status Update(const StaffUser& user) = 0;
  virtual StatusOr<std::optional<StaffUser>> FindById(TenantId tenant, StaffId id) = 0;
  /// FindById that also locks the row until the transaction ends (a read-modify-write of
  /// counters such as failed sign-ins must not lose concurrent updates).
  virtual StatusOr<std::optional<StaffUser>> FindByIdForUpdate(TenantId tenant, StaffId id) = 0;
  virtual StatusOr<std::optional<StaffUser>> FindByEmail(TenantId tenant,
                                                         std::string_view email) = 0;
  /// Every staff user of the tenant, ordered by e-mail.
  virtual StatusOr<std::vector<StaffUser>> List(TenantId tenant) = 0;
  /// How many enabled staff users of the tenant hold `role`.
  virtual StatusOr<std::int64_t> CountEnabledWithRole(TenantId tenant,
                                                      domain::programs::Role role) = 0;
};

/// A session joined with its user and tenant: what authenticating one request needs, in one read.
struct SessionView {
  Session session;
  StaffUser user;
  Tenant tenant;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Status Insert(const Session& session) = 0;
  virtual StatusOr<std::optional<SessionView>> Find(TenantId tenant,
                                                    std::string_view token_hash) = 0;
  virtual Status Touch(TenantId tenant, std::string_view token_hash, Timestamp at) = 0;
  virtual Status Delete(TenantId tenant, std::string_view token_hash) = 0;
  /// Ends every session of a user (on disable or password change).
  virtual Status DeleteForStaff(TenantId tenant, StaffId staff) = 0;
};

class ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Status Insert(const ApiToken& token) = 0;
  virtual StatusOr<std::optional<ApiToken>> FindByHash(TenantId tenant, std::string_view hash) = 0;
  virtual StatusOr<std::optional<ApiToken>> FindById(TenantId tenant, ApiTokenId id) = 0;
  virtual StatusOr<std::vector<ApiToken>> ListForStaff(TenantId tenant, StaffId staff) = 0;
  virtual Status Revoke(TenantId tenant, ApiTokenId id, Timestamp at) = 0;
  virtual Status TouchUsed(TenantId tenant, ApiTokenId id, Timestamp at) = 0;
};

/// Filter for reading the audit log, newest first.
struct AuditQuery {
  std::string action_prefix;  ///< "staff." matches every staff action; empty matches all.
  std::string actor_id;
  std::string target_type;
  std::string target_id;
  std::optional<AuditEventId> before;  ///< Keyset paging: events with a smaller id.
  int limit = 50;
};

/// Append-only: there is no update or delete (the schema forbids them too).
class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual Status Append(const AuditEvent& event) = 0;
  virtual StatusOr<std::vector<AuditEvent>> List(TenantId tenant, const AuditQuery& query) = 0;
};

/// The repositories of one transaction.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual TenantRepository& tenants() = 0;
  virtual StaffRepository& staff() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual ApiTokenRepository& api_tokens() = 0;
  virtual AuditLog& audit() = 0;
  /// The O*NET reference data (global: not scoped to a tenant).
  virtual OccupationRepository& occupations() = 0;
  /// BLS wages and projections (global: not scoped to a tenant).
  virtual LabourMarketRepository& labour_market() = 0;
  /// Full-text search over O*NET occupation titles (global).
  virtual OccupationSearch& occupation_search() = 0;
  /// The agency catalogue: providers, courses, learning paths, collections (tenant-scoped).
  virtual CourseCatalogRepository& course_catalog() = 0;
  /// Programs, groups, clients, journal, consent, pools, licences, invitations (tenant-scoped).
  virtual ProgramsRepository& programs() = 0;
  /// xAPI LRS clients and their OAuth access tokens (tenant-scoped; the key lookup is global).
  virtual LrsClientRepository& lrs_clients() = 0;
  /// xAPI state, activity profile and agent profile documents (tenant-scoped).
  virtual XapiDocumentRepository& xapi_documents() = 0;
  /// The e-mail outbox (tenant-scoped rows; the delivery scan reads every tenant).
  virtual Outbox& outbox() = 0;
  /// The ledger of scheduled job runs and the items they acted on (tenant-scoped).
  virtual JobLedger& job_ledger() = 0;
  /// Learning activity per client and provider, from the LRS's learning facts (read-only).
  virtual LearningActivityReader& learning_activity() = 0;
  /// The licences the reminder and reclaim jobs sweep, with policy and sealed contact (read-only).
  virtual LicenceSweep& licence_sweep() = 0;
  /// Clients' career profiles for the pathway engine (tenant-scoped).
  virtual CareerProfileRepository& career_profiles() = 0;
  /// xAPI statements, their query index, actors, activities and learning facts (tenant-scoped).
  virtual StatementStore& statements() = 0;
  /// xAPI actors as the identity mapping sees them (tenant-scoped).
  virtual ActorIdentityRepository& actor_identities() = 0;
  /// Provider report imports: imported totals, learning_day additions, client timelines.
  virtual ActivityImportRepository& activity_imports() = 0;
};

enum class TxMode { kRead, kWrite };

class Database {
 public:
  virtual ~Database() = default;
  /// Runs `work` in one transaction: commits when it returns OK, rolls back otherwise and returns
  /// its Status. Write transactions that fail with a transient conflict are retried a few times,
  /// so `work` must not have side effects outside the database. kUnavailable when the database
  /// cannot be reached.
  virtual Status Run(TxMode mode, const std::function<Status(UnitOfWork&)>& work) = 0;
  /// OK when the database answers a trivial query (used by /readyz).
  virtual Status Ping() = 0;
  /// Applies every migration not yet applied, in order, each in its own transaction, and
  /// returns the versions it applied (empty when the schema was current).
  virtual StatusOr<std::vector<int>> Migrate() = 0;
  /// "sqlite" or "postgres".
  virtual std::string_view engine() const = 0;
};

}  // namespace reskill::app
