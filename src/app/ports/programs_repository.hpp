// The programs repository port: programs, groups, clients (contact data sealed), the journal,
// consent, licence pools and licences, invitations, provider handoffs, assignments and activity
// plans of one tenant (migration 0005). Implemented once over SqlConnection for both engines.
// A repository belongs to one UnitOfWork (one thread, one transaction).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "domain/programs/programs.hpp"

namespace reskill::app {

namespace prog = domain::programs;

/// A client as stored: given_name, family_name, email and phone of `client` hold ContactCipher
/// sealed texts (never clear text); `email_index` is the blind index ("" when there is no e-mail).
struct SealedClient {
  prog::Client client;
  std::string email_index;
  std::string password_hash;  ///< "" until the client sets one on the activation page.
};

/// Filters of a client list; zero / empty means "any".
struct ClientQuery {
  ProgramId program;
  prog::GroupId group;
  StaffId counselor;
  std::string status;
  std::string number;  ///< Exact case number or participant id.
  /// When set, only the caseload of this staff member: clients they counsel or of a group they
  /// are a member of.
  StaffId scope_staff;
  int limit = 200;
  int offset = 0;
};

/// Filters of a licence list; zero / empty means "any".
struct LicenceQuery {
  ClientId client;
  prog::PoolId pool;
  ProgramId program;
  std::string state;
  bool reclaim_listed_only = false;
  /// Only issued licences whose invitation lapsed before this time (re-invite list).
  std::optional<Timestamp> lapsed_before;
  int limit = 1000;
  int offset = 0;
};

/// An invitation (activation link) as stored: only the token's hash.
struct Invitation {
  TenantId tenant_id;
  prog::InvitationId id;
  LicenceId licence_id;
  std::string token_hash;
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
};

/// What was given to which provider for a licence.
struct ProviderHandoff {
  TenantId tenant_id;
  prog::HandoffId id;
  LicenceId licence_id;
  ClientId client_id;
  prog::CatalogProviderId provider_id;
  std::string participant_id;
  std::string email_sealed;  ///< The e-mail address given, sealed ("" when none was given).
  Timestamp at;
};

class ProgramsRepository {
 public:
  virtual ~ProgramsRepository() = default;

  // Programs. Insert/Update: kAlreadyExists (name) for a duplicate name.
  virtual Status InsertProgram(const prog::Program& program) = 0;
  virtual Status UpdateProgram(const prog::Program& program) = 0;
  virtual StatusOr<std::optional<prog::Program>> FindProgram(TenantId tenant, ProgramId id) = 0;
  virtual StatusOr<std::vector<prog::Program>> ListPrograms(TenantId tenant) = 0;

  // Groups. Insert/Update: kAlreadyExists (name) for a duplicate name within the program.
  virtual Status InsertGroup(const prog::Group& group) = 0;
  virtual Status UpdateGroup(const prog::Group& group) = 0;
  virtual StatusOr<std::optional<prog::Group>> FindGroup(TenantId tenant, prog::GroupId id) = 0;
  /// Every group of the tenant (of `program` when set), by name, with members.
  virtual StatusOr<std::vector<prog::Group>> ListGroups(TenantId tenant, ProgramId program) = 0;
  /// The groups `staff` is a member of.
  virtual StatusOr<std::vector<prog::GroupId>> ListGroupsOfStaff(TenantId tenant,
                                                                 StaffId staff) = 0;

  // Clients. Insert: kAlreadyExists (participant_id or email) for a duplicate.
  virtual Status InsertClient(const SealedClient& client) = 0;
  virtual Status UpdateClient(const SealedClient& client) = 0;
  virtual StatusOr<std::optional<SealedClient>> FindClient(TenantId tenant, ClientId id) = 0;
  virtual StatusOr<std::optional<SealedClient>> FindClientByEmailIndex(
      TenantId tenant, std::string_view email_index) = 0;
  virtual StatusOr<std::optional<SealedClient>> FindClientByParticipantId(
      TenantId tenant, std::string_view participant_id) = 0;
  /// Newest first.
  virtual StatusOr<std::vector<SealedClient>> ListClients(TenantId tenant,
                                                          const ClientQuery& query) = 0;

  // Journal (append-only).
  virtual Status AppendJournal(const prog::JournalEntry& entry) = 0;
  /// Oldest first.
  virtual StatusOr<std::vector<prog::JournalEntry>> ListJournal(TenantId tenant,
                                                                ClientId client) = 0;

  // Consent.
  virtual Status InsertConsent(const prog::Consent& consent) = 0;
  virtual Status UpdateConsent(const prog::Consent& consent) = 0;
  virtual StatusOr<std::optional<prog::Consent>> FindConsent(TenantId tenant,
                                                             prog::ConsentId id) = 0;
  /// Any tenant's pending e-signature request with this token hash.
  virtual StatusOr<std::optional<prog::Consent>> FindConsentByTokenHash(
      std::string_view token_hash) = 0;
  /// Newest first.
  virtual StatusOr<std::vector<prog::Consent>> ListConsents(TenantId tenant, ClientId client) = 0;

  // Pools. Insert: kAlreadyExists when the program already has a pool for the provider and type.
  virtual Status InsertPool(const prog::LicencePool& pool) = 0;
  virtual Status UpdatePool(const prog::LicencePool& pool) = 0;
  virtual StatusOr<std::optional<prog::LicencePool>> FindPool(TenantId tenant, prog::PoolId id) = 0;
  /// FindPool that also locks the pool row until the transaction ends (PostgreSQL FOR UPDATE;
  /// SQLite write transactions already exclude each other): seat checks must not race.
  virtual StatusOr<std::optional<prog::LicencePool>> FindPoolForUpdate(TenantId tenant,
                                                                       prog::PoolId id) = 0;
  virtual StatusOr<std::vector<prog::LicencePool>> ListPools(TenantId tenant) = 0;
  /// Seat numbers of a pool at `now` (an issued licence whose invitation lapsed holds no seat).
  virtual StatusOr<prog::PoolUsage> CountPoolUsage(TenantId tenant, prog::PoolId pool,
                                                   Timestamp now) = 0;

  // Licences.
  virtual Status InsertLicence(const prog::Licence& licence) = 0;
  virtual Status UpdateLicence(const prog::Licence& licence) = 0;
  virtual StatusOr<std::optional<prog::Licence>> FindLicence(TenantId tenant, LicenceId id) = 0;
  /// Newest request first.
  virtual StatusOr<std::vector<prog::Licence>> ListLicences(TenantId tenant,
                                                            const LicenceQuery& query) = 0;

  // Invitations.
  virtual Status InsertInvitation(const Invitation& invitation) = 0;
  /// Any tenant's invitation with this token hash.
  virtual StatusOr<std::optional<Invitation>> FindInvitationByTokenHash(
      std::string_view token_hash) = 0;
  /// Marks an unused invitation used; false when it was already used (single use).
  virtual StatusOr<bool> MarkInvitationUsed(TenantId tenant, prog::InvitationId id,
                                            Timestamp at) = 0;

  // Provider handoffs.
  virtual Status InsertHandoff(const ProviderHandoff& handoff) = 0;
  virtual StatusOr<std::vector<ProviderHandoff>> ListHandoffs(TenantId tenant, ClientId client) = 0;

  // Assignments. Insert: kAlreadyExists when the client already has this path or course.
  virtual Status InsertAssignment(const prog::Assignment& assignment) = 0;
  virtual StatusOr<std::vector<prog::Assignment>> ListAssignments(TenantId tenant,
                                                                  ClientId client) = 0;

  // Activity plans.
  virtual Status InsertPlan(const prog::ActivityPlan& plan) = 0;
  virtual Status UpdatePlan(const prog::ActivityPlan& plan) = 0;
  virtual StatusOr<std::optional<prog::ActivityPlan>> FindPlan(TenantId tenant,
                                                               prog::ActivityPlanId id) = 0;
  virtual StatusOr<std::vector<prog::ActivityPlan>> ListPlans(TenantId tenant, ClientId client) = 0;
};

}  // namespace reskill::app
