// The program model: programs, groups (units), clients, consent, licence pools and licences,
// assignments, activity plans and journal entries, with their validation rules. Pure values and
// functions; thread-safe. Contact data (names, e-mail, phone) appears here in clear: sealing it at
// rest is the app layer's job (ContactCipher), and nothing here logs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"
#include "domain/catalog/courses.hpp"

namespace reskill::domain::programs {

using GroupId = Id<struct GroupTag>;
using ConsentId = Id<struct ConsentTag>;
using PoolId = Id<struct PoolTag>;
using JournalEntryId = Id<struct JournalEntryTag>;
using InvitationId = Id<struct InvitationTag>;
using HandoffId = Id<struct HandoffTag>;
using AssignmentId = Id<struct AssignmentTag>;
using ActivityPlanId = Id<struct ActivityPlanTag>;
using CatalogProviderId = domain::catalog::ProviderId;

// --- SSN refusal -------------------------------------------------------------------------------

/// True when `text` holds a Social Security number shape: a run of digits, dashes and spaces with
/// exactly nine digits ("123456789", "123-45-6789", "123 45 6789"), anywhere in the text.
bool LooksLikeSsn(std::string_view text);
/// kInvalidArgument naming `field` when LooksLikeSsn(text): Reskill stores no SSN at all.
Status RefuseSsn(std::string_view text, std::string_view field);

// --- Programs ----------------------------------------------------------------------------------

/// Persisted by name: do not rename.
enum class ReclaimMode { kList, kRevoke };
std::string_view ReclaimModeName(ReclaimMode mode);
std::optional<ReclaimMode> ParseReclaimMode(std::string_view name);

struct Program {
  TenantId tenant_id;
  ProgramId id;
  std::string name;               ///< Internal (may name the public-assistance program).
  std::string target_population;  ///< Internal.
  std::string display_name;       ///< What providers and e-mails show; never the population.
  std::vector<CatalogProviderId> provider_ids;
  std::vector<std::string> licence_types;  ///< LicenseTypeName values ("seat", …).
  Timestamp starts_at;
  std::optional<Timestamp> ends_at;
  std::int64_t seat_budget = 0;
  double weekly_hours = 0;
  int nudge_after_days = 14;
  int min_items_per_month = 1;
  int reclaim_after_days = 90;
  ReclaimMode reclaim_mode = ReclaimMode::kList;
  int invitation_valid_days = 7;
  int consent_valid_days = 365;
  std::string invitation_text_en;  ///< Custom paragraph of the invitation e-mail.
  std::string invitation_text_es;
  std::vector<std::int64_t> intro_path_ids;  ///< Learning paths assigned on activation.
  Timestamp created_at;
  Timestamp updated_at;
};

/// kInvalidArgument naming the field: name/display_name 1–200 characters; the display name must
/// not contain the program name or the target population (providers must not learn it); ends_at
/// after starts_at; numbers within their ranges (days 1–3650, weekly hours 0–80, budget ≥ 0).
Status ValidateProgram(const Program& program);

// --- Groups ------------------------------------------------------------------------------------

struct Group {
  TenantId tenant_id;
  GroupId id;
  ProgramId program_id;
  std::string name;
  std::vector<StaffId> members;  ///< Counselors and supervisors of the unit.
  Timestamp created_at;
};

Status ValidateGroup(const Group& group);

// --- Clients -----------------------------------------------------------------------------------

/// Persisted by name: do not rename.
enum class ClientStatus { kActive, kExited };
std::string_view ClientStatusName(ClientStatus status);
std::optional<ClientStatus> ParseClientStatus(std::string_view name);

struct Client {
  TenantId tenant_id;
  ClientId id;
  std::string participant_id;  ///< Pseudonymous ("P-7K3M9Q"); the only id providers see.
  ProgramId program_id;
  std::optional<GroupId> group_id;
  std::optional<StaffId> counselor_id;
  std::string given_name;   ///< Contact data: sealed at rest.
  std::string family_name;  ///< Contact data: sealed at rest.
  std::string email;        ///< Contact data: sealed at rest; normalized; may be empty.
  std::string phone;        ///< Contact data: sealed at rest; may be empty.
  std::optional<Timestamp> email_verified_at;
  std::string preferred_language = "en";  ///< "en" or "es".
  std::string case_number;                ///< The agency case system's number (never an SSN).
  ClientStatus status = ClientStatus::kActive;
  bool has_password = false;  ///< The client set a password on the activation page.
  Timestamp created_at;
  Timestamp updated_at;
};

/// kInvalidArgument naming the field: names 1–100 characters without control characters; e-mail
/// empty or a plausible address; phone empty or 7–20 of digits, spaces and +-(); language en/es;
/// case number ≤ 40 characters; no SSN-shaped value in case_number or participant_id.
Status ValidateClient(const Client& client);

/// A participant id from `entropy` (any bytes, ≥ 6): "P-" and six characters of an alphabet
/// without look-alikes (no 0/O, 1/I/L). Deterministic in `entropy`.
std::string MakeParticipantId(std::string_view entropy);
/// True for the form MakeParticipantId produces.
bool IsParticipantId(std::string_view text);

// --- Journal -----------------------------------------------------------------------------------

/// Persisted by name: do not rename.
enum class JournalKind {
  kConsent,
  kLicence,
  kInvitation,
  kAssignment,
  kReminder,
  kReclaim,
  kGroup,
  kNote,
  kPlan,
  kClient,
};
std::string_view JournalKindName(JournalKind kind);
std::optional<JournalKind> ParseJournalKind(std::string_view name);

struct JournalEntry {
  TenantId tenant_id;
  JournalEntryId id;
  ClientId client_id;
  Timestamp at;
  JournalKind kind = JournalKind::kNote;
  std::string text;
  std::string actor_kind;  ///< ActorKindName of who wrote it.
  std::string actor_id;
};

/// A manual note: 1–4000 characters, no SSN-shaped value. kInvalidArgument ("text").
Status ValidateNote(std::string_view text);

// --- Consent -----------------------------------------------------------------------------------

/// How consent was given. Persisted by name: do not rename.
enum class ConsentMethod { kESignature, kPaper, kEmail };
std::string_view ConsentMethodName(ConsentMethod method);
std::optional<ConsentMethod> ParseConsentMethod(std::string_view name);

struct Consent {
  TenantId tenant_id;
  ConsentId id;
  ClientId client_id;
  CatalogProviderId provider_id;
  std::string purpose;
  std::vector<std::string> data_categories;  ///< e.g. "email", "participant_id", "progress".
  ConsentMethod method = ConsentMethod::kPaper;
  std::string document_ref;        ///< The scanned paper form (paper consent requires it).
  std::string request_token_hash;  ///< E-signature requests only, until signed.
  Timestamp requested_at;
  std::optional<Timestamp> given_at;  ///< Absent while an e-signature request awaits the client.
  Timestamp expires_at;
  std::string recorded_by;  ///< Actor id of the staff member who recorded or requested it.
  std::optional<Timestamp> withdrawn_at;
  std::string withdrawn_by;
  std::string withdrawal_channel;  ///< "written", "email", "phone", "in_person", "client".

  /// Given, not withdrawn and not yet expired at `now`.
  bool IsActiveAt(Timestamp now) const;
};

/// The data categories a consent may name.
inline constexpr std::string_view kDataCategories[] = {"name", "email", "participant_id",
                                                       "progress", "completions"};

/// kInvalidArgument naming the field: purpose 1–500 characters; at least one known data category;
/// paper consent needs document_ref; expires_at after requested_at, at most 3 years later.
Status ValidateConsent(const Consent& consent);

// --- Licence pools and licences ----------------------------------------------------------------

struct LicencePool {
  TenantId tenant_id;
  PoolId id;
  ProgramId program_id;
  CatalogProviderId provider_id;
  std::string licence_type = "seat";
  std::string name;
  std::int64_t seats = 0;
  Timestamp created_at;
  Timestamp updated_at;
};

Status ValidatePool(const LicencePool& pool);

/// Seat numbers of a pool. An invitation (issued, not yet activated, not lapsed) holds a seat
/// without consuming it: a lapsed or revoked invitation gives it back, and only activation uses
/// one of the provider's licences.
struct PoolUsage {
  std::int64_t seats = 0;
  std::int64_t issued = 0;     ///< Invitations outstanding (holding a seat).
  std::int64_t activated = 0;  ///< Seats in use.
  std::int64_t requested = 0;  ///< Requests waiting for a supervisor.

  std::int64_t available() const;
  /// (issued + activated) / seats ≥ 75 %, or no seats at all.
  bool alert() const;
  /// Allocation in whole percent (0 when the pool has no seats).
  int allocation_percent() const;
};

/// Persisted by name: do not rename.
enum class LicenceState { kRequested, kIssued, kActivated, kRevoked, kExpired };
std::string_view LicenceStateName(LicenceState state);
std::optional<LicenceState> ParseLicenceState(std::string_view name);

struct Licence {
  TenantId tenant_id;
  LicenceId id;
  ClientId client_id;
  ProgramId program_id;
  CatalogProviderId provider_id;
  PoolId pool_id;
  LicenceState state = LicenceState::kRequested;
  Timestamp requested_at;
  std::string requested_by;
  std::optional<Timestamp> issued_at;
  std::string issued_by;
  std::optional<Timestamp> invite_expires_at;
  std::optional<Timestamp> activated_at;
  std::optional<Timestamp> revoked_at;
  std::string revoked_by;
  std::string revoke_reason;
  std::optional<Timestamp> reclaim_listed_at;
  Timestamp updated_at;

  /// Requested, issued or activated.
  bool IsOpen() const;
  /// Issued and its invitation has lapsed at `now` (listed for re-invite).
  bool InvitationLapsedAt(Timestamp now) const;
};

// --- Assignments and activity plans ------------------------------------------------------------

/// Persisted by name: do not rename.
enum class AssignmentTarget { kPath, kCourse };
std::string_view AssignmentTargetName(AssignmentTarget target);
std::optional<AssignmentTarget> ParseAssignmentTarget(std::string_view name);

struct Assignment {
  TenantId tenant_id;
  AssignmentId id;
  ClientId client_id;
  AssignmentTarget target_kind = AssignmentTarget::kPath;
  std::int64_t target_id = 0;
  std::optional<Timestamp> due_at;
  std::string source = "client";  ///< "client", "group" or "introductory".
  std::optional<GroupId> group_id;
  Timestamp assigned_at;
  std::string assigned_by;
};

struct ActivityPlan {
  TenantId tenant_id;
  ActivityPlanId id;
  ClientId client_id;
  std::string activity_code;
  std::string category;
  Timestamp starts_at;
  Timestamp ends_at;
  bool ended = false;
  std::optional<Timestamp> ended_at;
  std::optional<ActivityPlanId> renewed_from;
  Timestamp created_at;
};

/// kInvalidArgument naming the field: code 1–20 characters of letters, digits, '-' or '_';
/// category 1–60 characters; ends_at after starts_at and at most three calendar months later.
Status ValidateActivityPlan(const ActivityPlan& plan);

/// `t` plus `months` calendar months (the day clamped to the month's end), same time of day.
Timestamp AddMonths(Timestamp t, int months);

}  // namespace reskill::domain::programs
