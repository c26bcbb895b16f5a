// Use cases of the consent ledger, licence pools, licences, invitations and activation, assigned
// learning and activity plans. The rules: no licence is requested, issued or kept without active
// consent for its provider (kFailedPrecondition, field "consent"); a pool never has more
// invitations outstanding plus activations than seats (kFailedPrecondition, field "seats"), checked
// with the pool row locked; every change writes a journal entry and an audit event in its
// transaction. Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/ports/programs_repository.hpp"
#include "domain/programs/programs.hpp"

namespace reskill::app::programs {

namespace prog = domain::programs;

// --- Shared steps (in the caller's transaction; what scheduled jobs call) -----------------------

/// Revokes an open licence: state revoked (its seat or held invitation is freed at once), journal
/// (licence) and audit (licence.revoke, detail "reason=…"). `reason` is a short code such as
/// "supervisor", "consent_withdrawn", "inactivity". kNotFound; kFailedPrecondition when the
/// licence is already revoked or expired.
Status RevokeLicence(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                     TenantId tenant, LicenceId id, std::string_view reason,
                     const RequestInfo& request);

/// Puts an activated licence on the supervisor's reclaim list (journal: reclaim; audit
/// licence.reclaim_list). No change when it is already listed. kNotFound.
Status PutOnReclaimList(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                        TenantId tenant, LicenceId id, const RequestInfo& request);

/// Expires an issued licence whose invitation has lapsed at `now` (state expired): it held no
/// seat since it lapsed, and it is listed for re-invite; journal (invitation) and audit
/// (licence.expire). False, and nothing changed, when the licence is not an issued one with a
/// lapsed invitation. kNotFound.
StatusOr<bool> ExpireInvitation(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                                TenantId tenant, LicenceId id, const RequestInfo& request);

/// True when `client` has a consent for `provider` that is active at `now`.
StatusOr<bool> HasActiveConsent(UnitOfWork& uow, TenantId tenant, ClientId client,
                                prog::CatalogProviderId provider, Timestamp now);

/// The client's activation link for `token`: base_url (no trailing slash, e.g.
/// "https://reskill.example.org"; may be empty for a relative link) + "/activate/" + token.
std::string ActivationLink(std::string_view base_url, std::string_view token);
/// The client's consent-signature link: base_url + "/consent/" + token.
std::string ConsentLink(std::string_view base_url, std::string_view token);

/// Subject and text of the invitation e-mail in the client's language ("en"/"es"), from the
/// program's template: its display name (never the internal name) and custom paragraph.
struct InvitationText {
  std::string subject;
  std::string body;
};
InvitationText BuildInvitationText(const prog::Program& program, std::string_view provider_name,
                                   std::string_view given_name, std::string_view locale,
                                   std::string_view link, Timestamp expires_at);
/// Subject and text of the consent e-signature request e-mail ("en"/"es"): the program's display
/// name, the provider, the purpose and the signature link.
InvitationText BuildConsentRequestText(const prog::Program& program, std::string_view provider_name,
                                       std::string_view purpose, std::string_view given_name,
                                       std::string_view locale, std::string_view link,
                                       Timestamp expires_at);

// --- Consent -----------------------------------------------------------------------------------

struct ConsentInput {
  prog::CatalogProviderId provider_id;
  std::string purpose;
  std::vector<std::string> data_categories;
  prog::ConsentMethod method = prog::ConsentMethod::kPaper;
  std::string document_ref;
  std::optional<Timestamp> given_at;    ///< Default now (paper, email).
  std::optional<Timestamp> expires_at;  ///< Default given + program.consent_valid_days.
};

/// A consent with the provider's name.
struct ConsentView {
  prog::Consent consent;
  std::string provider_name;
  bool active = false;
};

/// An e-signature request: the consent row and the raw token of its link (only its hash is
/// stored). The link is e-mailed to the client; it also verifies the e-mail address.
struct ConsentRequest {
  prog::Consent consent;
  std::string token;
};

class ManageConsent {
 public:
  explicit ManageConsent(const AppContext& ctx) : ctx_(ctx) {}
  /// Records consent given on paper (document_ref required) or by e-mail. kInvalidArgument;
  /// kNotFound (client outside the caseload). Journal: consent; audit consent.record.
  StatusOr<prog::Consent> Record(const Principal& actor, ClientId client, const ConsentInput& in,
                                 const RequestInfo& request) const;
  /// Creates an e-signature request for the client to sign through an e-mailed link (the e-mail
  /// is queued in the same transaction, in the client's language).
  /// kFailedPrecondition ("email") when the client has no e-mail address.
  StatusOr<ConsentRequest> RequestSignature(const Principal& actor, ClientId client,
                                            const ConsentInput& in,
                                            const RequestInfo& request) const;
  /// What the signature page shows; kNotFound for an unknown, used or withdrawn request.
  StatusOr<ConsentView> ViewRequest(std::string_view token) const;
  /// The client signs (no staff session): consent given now, e-mail verified. kNotFound.
  StatusOr<prog::Consent> Sign(std::string_view token, const RequestInfo& request) const;
  /// Withdraws a consent and revokes the client's open licences of that provider.
  /// kNotFound; kFailedPrecondition when already withdrawn.
  StatusOr<prog::Consent> Withdraw(const Principal& actor, prog::ConsentId id,
                                   std::string_view channel, const RequestInfo& request) const;
  StatusOr<std::vector<ConsentView>> List(const Principal& actor, ClientId client) const;

 private:
  const AppContext& ctx_;
};

// --- Pools -------------------------------------------------------------------------------------

struct PoolView {
  prog::LicencePool pool;
  prog::PoolUsage usage;
  std::string provider_name;
  std::string program_name;
};

class ManagePools {
 public:
  explicit ManagePools(const AppContext& ctx) : ctx_(ctx) {}
  /// kInvalidArgument (program_id, provider_id, name, seats, licence_type); kAlreadyExists.
  StatusOr<PoolView> Create(const Principal& actor, const prog::LicencePool& draft,
                            const RequestInfo& request) const;
  /// Changes name and/or seats; fewer seats than are allocated is kFailedPrecondition ("seats").
  StatusOr<PoolView> Update(const Principal& actor, prog::PoolId id,
                            std::optional<std::string> name, std::optional<std::int64_t> seats,
                            const RequestInfo& request) const;
  StatusOr<PoolView> Get(const Principal& actor, prog::PoolId id) const;
  StatusOr<std::vector<PoolView>> List(const Principal& actor) const;

 private:
  const AppContext& ctx_;
};

// --- Licences ----------------------------------------------------------------------------------

/// A licence with what the queue and the client page show (no contact data).
struct LicenceView {
  prog::Licence licence;
  std::string participant_id;
  std::string provider_name;
  std::string pool_name;
  bool invitation_lapsed = false;  ///< Expired, or issued with a lapsed invitation (shown expired).
};

/// The outcome of issuing: the licence and the raw activation token (e-mailed to the client;
/// only its hash is stored).
struct IssuedLicence {
  LicenceView view;
  std::string token;
};

/// One line of a bulk operation.
struct BulkOutcome {
  LicenceId id;
  Status status;
};

struct LicenceFilter {
  std::string state;
  prog::PoolId pool;
  ClientId client;
  bool reclaim_listed_only = false;
  bool lapsed_only = false;  ///< Expired invitations (state expired, or issued and lapsed).
  int limit = 500;
};

class ManageLicences {
 public:
  explicit ManageLicences(const AppContext& ctx) : ctx_(ctx) {}
  /// A counselor asks for a licence from `pool` for a client of the caseload. kNotFound;
  /// kInvalidArgument ("pool_id": not the client's program); kFailedPrecondition: "consent"
  /// (no active consent for the provider), "client" (exited), "licence" (one is already open).
  StatusOr<LicenceView> Request(const Principal& actor, ClientId client, prog::PoolId pool,
                                const RequestInfo& request) const;
  /// A supervisor issues a requested licence: the invitation holds a seat until it lapses. The
  /// invitation e-mail (program template, client's language, activation link) is queued in the
  /// same transaction when the client has an e-mail address.
  /// kFailedPrecondition: "consent", "seats" (no free seat), "state" (not requested).
  StatusOr<IssuedLicence> Issue(const Principal& actor, LicenceId id,
                                const RequestInfo& request) const;
  /// Issue() for each id, each in its own transaction.
  std::vector<BulkOutcome> IssueMany(const Principal& actor, const std::vector<LicenceId>& ids,
                                     const RequestInfo& request) const;
  /// A new invitation (and e-mail) for an issued licence (its previous link stops working). A
  /// lapsed invitation needs a free seat again. kFailedPrecondition: "state", "seats", "consent".
  StatusOr<IssuedLicence> Reinvite(const Principal& actor, LicenceId id,
                                   const RequestInfo& request) const;
  Status Revoke(const Principal& actor, LicenceId id, std::string_view reason,
                const RequestInfo& request) const;
  std::vector<BulkOutcome> RevokeMany(const Principal& actor, const std::vector<LicenceId>& ids,
                                      const RequestInfo& request) const;
  StatusOr<LicenceView> Get(const Principal& actor, LicenceId id) const;
  StatusOr<std::vector<LicenceView>> List(const Principal& actor,
                                          const LicenceFilter& filter) const;
  /// The licence list as CSV (participant_id, provider, pool, state, dates; never contact data or
  /// an SSN). Audited as licence.export with the row count.
  StatusOr<std::string> ExportCsv(const Principal& actor, const RequestInfo& request) const;

 private:
  StatusOr<IssuedLicence> IssueOrReinvite(const Principal& actor, LicenceId id, bool reinvite,
                                          const RequestInfo& request) const;
  const AppContext& ctx_;
};

// --- Activation (public: the client holds the token) --------------------------------------------

struct AssignmentView {
  prog::Assignment assignment;
  std::string title;
};

struct ActivationView {
  TenantId tenant_id;
  LicenceId licence_id;
  std::string given_name;
  std::string program_display_name;
  std::string provider_name;
  std::string locale;
  bool consent_needed = false;  ///< No active consent: the client must confirm it here.
  bool has_password = false;
  bool already_activated = false;
  std::vector<AssignmentView> assignments;
};

class ActivateLicence {
 public:
  explicit ActivateLicence(const AppContext& ctx) : ctx_(ctx) {}
  /// kNotFound for an unknown token; kFailedPrecondition ("token") when used or lapsed.
  StatusOr<ActivationView> View(std::string_view token) const;
  /// Activates: consent confirmed when needed (kFailedPrecondition "consent" otherwise), password
  /// set when given (kInvalidArgument "password"), the e-mail verified, provider handoff recorded,
  /// introductory paths assigned, invitation used up. Journal and audit for each step.
  StatusOr<ActivationView> Run(std::string_view token, bool confirm_consent,
                               std::string_view password, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

// --- Assigned learning and activity plans -------------------------------------------------------

struct AssignInput {
  prog::AssignmentTarget target_kind = prog::AssignmentTarget::kPath;
  std::int64_t target_id = 0;
  std::optional<Timestamp> due_at;
};

class AssignLearning {
 public:
  explicit AssignLearning(const AppContext& ctx) : ctx_(ctx) {}
  /// kInvalidArgument ("target_id" unknown, "due_at" in the past); kAlreadyExists.
  StatusOr<prog::Assignment> ToClient(const Principal& actor, ClientId client,
                                      const AssignInput& in, const RequestInfo& request) const;
  /// Assigns to every active client of the group; returns how many got it (duplicates skipped).
  StatusOr<int> ToGroup(const Principal& actor, prog::GroupId group, const AssignInput& in,
                        const RequestInfo& request) const;
  StatusOr<std::vector<AssignmentView>> List(const Principal& actor, ClientId client) const;

 private:
  const AppContext& ctx_;
};

class ManageActivityPlans {
 public:
  explicit ManageActivityPlans(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<prog::ActivityPlan> Schedule(const Principal& actor, ClientId client,
                                        const prog::ActivityPlan& draft,
                                        const RequestInfo& request) const;
  /// Ends the plan at its end and schedules the same activity from then until `ends_at`.
  StatusOr<prog::ActivityPlan> Renew(const Principal& actor, prog::ActivityPlanId id,
                                     Timestamp ends_at, const RequestInfo& request) const;
  /// Ends the plan now. kFailedPrecondition when it has ended.
  StatusOr<prog::ActivityPlan> End(const Principal& actor, prog::ActivityPlanId id,
                                   const RequestInfo& request) const;
  StatusOr<std::vector<prog::ActivityPlan>> List(const Principal& actor, ClientId client) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::programs
