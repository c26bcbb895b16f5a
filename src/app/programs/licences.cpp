#include "app/programs/licences.hpp"

#include <algorithm>

#include "app/lrs/identity.hpp"
#include "app/programs/clients.hpp"
#include "app/programs/programs_support.hpp"
#include "common/strings.hpp"
#include "domain/programs/staff.hpp"

namespace reskill::app::programs {

namespace {

using detail::IdText;
using domain::programs::Role;

std::string Day(Timestamp t) {
  return FormatIso8601(t).substr(0, 10);
}

StatusOr<std::string> ProviderName(UnitOfWork& uow, TenantId tenant, prog::CatalogProviderId id) {
  RESKILL_ASSIGN_OR_RETURN(auto p, uow.course_catalog().FindProvider(tenant, id));
  return p ? p->name : std::string("provider ") + IdText(id.value());
}

Status ConsentRequired(std::string_view provider) {
  return FailedPrecondition("the client has no active consent to share data with " +
                                std::string(provider) +
                                "; record the client's consent first (paper form, e-mail or "
                                "e-signature)",
                            "consent");
}

Principal ClientActor(TenantId tenant, ClientId client) {
  Principal p;
  p.kind = domain::audit::ActorKind::kAnonymous;
  p.tenant_id = tenant;
  p.actor_id = "client:" + IdText(client.value());
  return p;
}

StatusOr<prog::Program> RequireProgram(UnitOfWork& uow, TenantId tenant, ProgramId id) {
  RESKILL_ASSIGN_OR_RETURN(auto p, uow.programs().FindProgram(tenant, id));
  if (!p) return NotFound("no such program");
  return *p;
}

StatusOr<LicenceView> ViewOf(UnitOfWork& uow, const prog::Licence& l, Timestamp now) {
  LicenceView v;
  v.licence = l;
  RESKILL_ASSIGN_OR_RETURN(auto client, uow.programs().FindClient(l.tenant_id, l.client_id));
  if (client) v.participant_id = client->client.participant_id;
  RESKILL_ASSIGN_OR_RETURN(v.provider_name, ProviderName(uow, l.tenant_id, l.provider_id));
  RESKILL_ASSIGN_OR_RETURN(auto pool, uow.programs().FindPool(l.tenant_id, l.pool_id));
  if (pool) v.pool_name = pool->name;
  // An invitation that lapsed is expired on read, before the expire-invitations job records it.
  v.invitation_lapsed = l.InvitationLapsedAt(now) || l.state == prog::LicenceState::kExpired;
  if (v.invitation_lapsed) v.licence.state = prog::LicenceState::kExpired;
  return v;
}

StatusOr<std::string> AssignmentTitle(UnitOfWork& uow, TenantId tenant, const prog::Assignment& a) {
  if (a.target_kind == prog::AssignmentTarget::kPath) {
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.course_catalog().FindLearningPath(
                                         tenant, domain::catalog::LearningPathId(a.target_id)));
    return p ? p->name : std::string("learning path ") + IdText(a.target_id);
  }
  RESKILL_ASSIGN_OR_RETURN(
      auto c, uow.course_catalog().FindCourse(tenant, domain::catalog::CourseId(a.target_id)));
  return c ? c->title : std::string("course ") + IdText(a.target_id);
}

StatusOr<std::vector<AssignmentView>> AssignmentViews(UnitOfWork& uow, TenantId tenant,
                                                      ClientId client) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, uow.programs().ListAssignments(tenant, client));
  std::vector<AssignmentView> out;
  for (auto& a : rows) {
    AssignmentView v;
    RESKILL_ASSIGN_OR_RETURN(v.title, AssignmentTitle(uow, tenant, a));
    v.assignment = std::move(a);
    out.push_back(std::move(v));
  }
  return out;
}

// Inserts an assignment and journals it; false when the client already had it.
StatusOr<bool> AssignOne(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                         TenantId tenant, ClientId client, const AssignInput& in,
                         std::string source, std::optional<prog::GroupId> group,
                         const std::string& title, const RequestInfo& request) {
  prog::Assignment a;
  a.tenant_id = tenant;
  a.id = prog::AssignmentId(ctx.ids.Next());
  a.client_id = client;
  a.target_kind = in.target_kind;
  a.target_id = in.target_id;
  a.due_at = in.due_at;
  a.source = std::move(source);
  a.group_id = group;
  a.assigned_at = ctx.clock.Now();
  a.assigned_by = actor.actor_id;
  Status st = uow.programs().InsertAssignment(a);
  if (st.code() == ErrorCode::kAlreadyExists) return false;
  RESKILL_RETURN_IF_ERROR(st);
  std::string text =
      std::string(a.target_kind == prog::AssignmentTarget::kPath ? "Learning path" : "Course") +
      " assigned: " + title;
  if (a.due_at) text += ", due " + Day(*a.due_at);
  if (a.source == "introductory") text += " (introductory, on activation)";
  if (a.source == "group") text += " (to the whole group)";
  RESKILL_RETURN_IF_ERROR(
      AppendJournal(ctx, uow, actor, tenant, client, prog::JournalKind::kAssignment, text));
  RESKILL_RETURN_IF_ERROR(uow.audit().Append(MakeAuditEvent(
      ctx, actor, tenant, request, "assignment.create", "client", IdText(client.value()), "ok",
      std::string(prog::AssignmentTargetName(a.target_kind)) + "=" + IdText(a.target_id))));
  return true;
}

StatusOr<std::string> CheckTarget(UnitOfWork& uow, TenantId tenant, const AssignInput& in) {
  if (in.target_kind == prog::AssignmentTarget::kPath) {
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.course_catalog().FindLearningPath(
                                         tenant, domain::catalog::LearningPathId(in.target_id)));
    if (!p) return InvalidArgument("no such learning path", "target_id");
    return p->name;
  }
  RESKILL_ASSIGN_OR_RETURN(
      auto c, uow.course_catalog().FindCourse(tenant, domain::catalog::CourseId(in.target_id)));
  if (!c) return InvalidArgument("no such course", "target_id");
  return c->title;
}

// Queues an e-mail to the client in the caller's transaction (what the client's language and
// address say); false, and nothing queued, when the client has no e-mail address.
StatusOr<bool> QueueClientEmail(const AppContext& ctx, UnitOfWork& uow, TenantId tenant,
                                const prog::Client& client, std::string kind,
                                std::string dedupe_key, const InvitationText& text) {
  if (client.email.empty()) return false;
  Email email;
  email.tenant_id = tenant;
  email.kind = std::move(kind);
  email.dedupe_key = std::move(dedupe_key);
  email.to_address = client.email;
  email.to_name = client.given_name + " " + client.family_name;
  email.locale = client.preferred_language == "es" ? "es" : "en";
  email.subject = text.subject;
  email.text_body = text.body;
  RESKILL_RETURN_IF_ERROR(QueueEmail(ctx, uow, email).status());
  return true;
}

StatusOr<prog::Client> OpenClient(const AppContext& ctx, UnitOfWork& uow, TenantId tenant,
                                  ClientId id) {
  RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindClient(tenant, id));
  if (!found) return NotFound("no such client");
  return detail::Open(ctx, found->client);
}

}  // namespace

// --- Shared steps ------------------------------------------------------------------------------

std::string ActivationLink(std::string_view base_url, std::string_view token) {
  return std::string(base_url) + "/activate/" + std::string(token);
}

std::string ConsentLink(std::string_view base_url, std::string_view token) {
  return std::string(base_url) + "/consent/" + std::string(token);
}

InvitationText BuildInvitationText(const prog::Program& program, std::string_view provider_name,
                                   std::string_view given_name, std::string_view locale,
                                   std::string_view link, Timestamp expires_at) {
  InvitationText t;
  const bool es = locale == "es";
  const std::string& custom = es ? program.invitation_text_es : program.invitation_text_en;
  if (es) {
    t.subject = "Su acceso a " + std::string(provider_name) + " — " + program.display_name;
    t.body = "Hola " + std::string(given_name) + ":\n\n" + "Tiene una licencia de " +
             std::string(provider_name) + " gracias a " + program.display_name + ".\n\n";
    if (!custom.empty()) t.body += custom + "\n\n";
    t.body += "Active su licencia antes del " + Day(expires_at) + ":\n" + std::string(link) +
              "\n\nEl enlace solo se puede usar una vez.\n";
  } else {
    t.subject = "Your access to " + std::string(provider_name) + " — " + program.display_name;
    t.body = "Hello " + std::string(given_name) + ",\n\n" + "You have a " +
             std::string(provider_name) + " licence through " + program.display_name + ".\n\n";
    if (!custom.empty()) t.body += custom + "\n\n";
    t.body += "Activate it before " + Day(expires_at) + ":\n" + std::string(link) +
              "\n\nThe link works once.\n";
  }
  return t;
}

InvitationText BuildConsentRequestText(const prog::Program& program, std::string_view provider_name,
                                       std::string_view purpose, std::string_view given_name,
                                       std::string_view locale, std::string_view link,
                                       Timestamp expires_at) {
  InvitationText t;
  if (locale == "es") {
    t.subject =
        "Su consentimiento para " + std::string(provider_name) + " — " + program.display_name;
    t.body = "Hola " + std::string(given_name) + ":\n\n" + program.display_name +
             " le pide su consentimiento para compartir datos con " + std::string(provider_name) +
             ".\n\nFinalidad: " + std::string(purpose) +
             "\n\nLea la solicitud y, si está de acuerdo, fírmela aquí antes del " +
             Day(expires_at) + ":\n" + std::string(link) +
             "\n\nAl firmar también confirma esta dirección de correo. El enlace solo se puede "
             "usar una vez.\n";
  } else {
    t.subject = "Your consent for " + std::string(provider_name) + " — " + program.display_name;
    t.body = "Hello " + std::string(given_name) + ",\n\n" + program.display_name +
             " asks for your consent to share data with " + std::string(provider_name) +
             ".\n\nPurpose: " + std::string(purpose) +
             "\n\nRead the request and, if you agree, sign it here before " + Day(expires_at) +
             ":\n" + std::string(link) +
             "\n\nSigning also confirms this e-mail address. The link works once.\n";
  }
  return t;
}

StatusOr<bool> HasActiveConsent(UnitOfWork& uow, TenantId tenant, ClientId client,
                                prog::CatalogProviderId provider, Timestamp now) {
  RESKILL_ASSIGN_OR_RETURN(auto consents, uow.programs().ListConsents(tenant, client));
  return std::any_of(consents.begin(), consents.end(), [&](const prog::Consent& c) {
    return c.provider_id == provider && c.IsActiveAt(now);
  });
}

Status RevokeLicence(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                     TenantId tenant, LicenceId id, std::string_view reason,
                     const RequestInfo& request) {
  RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindLicence(tenant, id));
  if (!found) return NotFound("no such licence");
  prog::Licence l = *found;
  if (!l.IsOpen())
    return FailedPrecondition(
        "the licence is already " + std::string(prog::LicenceStateName(l.state)), "state");
  const auto now = ctx.clock.Now();
  const auto before = l.state;
  l.state = prog::LicenceState::kRevoked;
  l.revoked_at = now;
  l.revoked_by = actor.actor_id;
  l.revoke_reason = std::string(reason);
  l.updated_at = now;
  RESKILL_RETURN_IF_ERROR(uow.programs().UpdateLicence(l));
  RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, tenant, l.provider_id));
  RESKILL_RETURN_IF_ERROR(AppendJournal(
      ctx, uow, actor, tenant, l.client_id, prog::JournalKind::kLicence,
      "Licence for " + provider + " revoked (was " + std::string(prog::LicenceStateName(before)) +
          "; reason: " + std::string(reason) + ")"));
  return uow.audit().Append(MakeAuditEvent(ctx, actor, tenant, request, "licence.revoke", "licence",
                                           IdText(id.value()), "ok",
                                           "reason=" + std::string(reason)));
}

StatusOr<bool> ExpireInvitation(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                                TenantId tenant, LicenceId id, const RequestInfo& request) {
  RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindLicence(tenant, id));
  if (!found) return NotFound("no such licence");
  prog::Licence l = *found;
  const auto now = ctx.clock.Now();
  if (!l.InvitationLapsedAt(now)) return false;
  l.state = prog::LicenceState::kExpired;
  l.updated_at = now;
  RESKILL_RETURN_IF_ERROR(uow.programs().UpdateLicence(l));
  RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, tenant, l.provider_id));
  RESKILL_RETURN_IF_ERROR(AppendJournal(
      ctx, uow, actor, tenant, l.client_id, prog::JournalKind::kInvitation,
      "Invitation to activate the " + provider + " licence expired unused on " +
          Day(*l.invite_expires_at) + "; its seat is free again and it is listed for re-invite"));
  RESKILL_RETURN_IF_ERROR(uow.audit().Append(MakeAuditEvent(
      ctx, actor, tenant, request, "licence.expire", "licence", IdText(id.value()))));
  return true;
}

Status PutOnReclaimList(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                        TenantId tenant, LicenceId id, const RequestInfo& request) {
  RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindLicence(tenant, id));
  if (!found) return NotFound("no such licence");
  prog::Licence l = *found;
  if (l.reclaim_listed_at || l.state != prog::LicenceState::kActivated) return Status::Ok();
  l.reclaim_listed_at = l.updated_at = ctx.clock.Now();
  RESKILL_RETURN_IF_ERROR(uow.programs().UpdateLicence(l));
  RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, tenant, l.provider_id));
  RESKILL_RETURN_IF_ERROR(
      AppendJournal(ctx, uow, actor, tenant, l.client_id, prog::JournalKind::kReclaim,
                    "Licence for " + provider + " put on the reclaim list (no recent activity)"));
  return uow.audit().Append(MakeAuditEvent(ctx, actor, tenant, request, "licence.reclaim_list",
                                           "licence", IdText(id.value())));
}

// --- Consent -----------------------------------------------------------------------------------

namespace {

StatusOr<prog::Consent> DraftConsent(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                                     const prog::Client& client, const ConsentInput& in) {
  RESKILL_ASSIGN_OR_RETURN(auto program, RequireProgram(uow, actor.tenant_id, client.program_id));
  RESKILL_ASSIGN_OR_RETURN(auto provider,
                           uow.course_catalog().FindProvider(actor.tenant_id, in.provider_id));
  if (!provider) return InvalidArgument("no such provider", "provider_id");
  prog::Consent c;
  c.tenant_id = actor.tenant_id;
  c.id = prog::ConsentId(ctx.ids.Next());
  c.client_id = client.id;
  c.provider_id = in.provider_id;
  c.purpose = std::string(Trim(in.purpose));
  c.data_categories = in.data_categories;
  c.method = in.method;
  c.document_ref = std::string(Trim(in.document_ref));
  c.requested_at = ctx.clock.Now();
  const Timestamp from = in.given_at.value_or(c.requested_at);
  c.expires_at = in.expires_at.value_or(from + std::chrono::days(program.consent_valid_days));
  c.recorded_by = actor.actor_id;
  if (in.given_at && *in.given_at > c.requested_at) {
    return InvalidArgument("given_at is not in the future", "given_at");
  }
  RESKILL_RETURN_IF_ERROR(prog::ValidateConsent(c));
  return c;
}

}  // namespace

StatusOr<prog::Consent> ManageConsent::Record(const Principal& actor, ClientId client,
                                              const ConsentInput& in,
                                              const RequestInfo& request) const {
  if (in.method == prog::ConsentMethod::kESignature) {
    return InvalidArgument("an e-signature is requested from the client, not recorded", "method");
  }
  prog::Consent result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(result, DraftConsent(ctx_, uow, actor, c, in));
    result.given_at = in.given_at.value_or(result.requested_at);
    if (result.expires_at <= ctx_.clock.Now()) {
      return InvalidArgument("expires_at is in the future", "expires_at");
    }
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertConsent(result));
    RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, actor.tenant_id, result.provider_id));
    RESKILL_RETURN_IF_ERROR(AppendJournal(
        ctx_, uow, actor, actor.tenant_id, client, prog::JournalKind::kConsent,
        "Consent recorded (" + std::string(prog::ConsentMethodName(result.method)) +
            ") to share data with " + provider + ", valid until " + Day(result.expires_at)));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "consent.record", "client", IdText(client.value()),
                                             "ok", "consent=" + IdText(result.id.value())));
  }));
  return result;
}

StatusOr<ConsentRequest> ManageConsent::RequestSignature(const Principal& actor, ClientId client,
                                                         const ConsentInput& in,
                                                         const RequestInfo& request) const {
  ConsentRequest out;
  out.token = ctx_.tokens.NewToken();
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    if (c.email.empty()) {
      return FailedPrecondition("the client has no e-mail address to send the link to", "email");
    }
    ConsentInput e = in;
    e.method = prog::ConsentMethod::kESignature;
    e.given_at.reset();
    RESKILL_ASSIGN_OR_RETURN(out.consent, DraftConsent(ctx_, uow, actor, c, e));
    out.consent.request_token_hash = ctx_.tokens.HashToken(out.token);
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertConsent(out.consent));
    RESKILL_ASSIGN_OR_RETURN(auto provider,
                             ProviderName(uow, actor.tenant_id, out.consent.provider_id));
    RESKILL_ASSIGN_OR_RETURN(auto program, RequireProgram(uow, actor.tenant_id, c.program_id));
    const InvitationText text = BuildConsentRequestText(
        program, provider, out.consent.purpose, c.given_name, c.preferred_language,
        ConsentLink(ctx_.security.public_url, out.token), out.consent.expires_at);
    RESKILL_RETURN_IF_ERROR(QueueClientEmail(ctx_, uow, actor.tenant_id, c, "consent_request",
                                             "consent_request:" + IdText(out.consent.id.value()),
                                             text)
                                .status());
    RESKILL_RETURN_IF_ERROR(AppendJournal(
        ctx_, uow, actor, actor.tenant_id, client, prog::JournalKind::kConsent,
        "Consent to share data with " + provider + " requested: signature link e-mailed (" +
            std::string(c.preferred_language == "es" ? "Spanish" : "English") + ")"));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "consent.request", "client", IdText(client.value()),
                                             "ok", "consent=" + IdText(out.consent.id.value())));
  }));
  return out;
}

StatusOr<ConsentView> ManageConsent::ViewRequest(std::string_view token) const {
  ConsentView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c,
                             uow.programs().FindConsentByTokenHash(ctx_.tokens.HashToken(token)));
    if (!c || c->given_at || c->withdrawn_at) return NotFound("no such consent request");
    v.consent = *c;
    RESKILL_ASSIGN_OR_RETURN(v.provider_name, ProviderName(uow, c->tenant_id, c->provider_id));
    return Status::Ok();
  }));
  return v;
}

StatusOr<prog::Consent> ManageConsent::Sign(std::string_view token,
                                            const RequestInfo& request) const {
  prog::Consent result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c,
                             uow.programs().FindConsentByTokenHash(ctx_.tokens.HashToken(token)));
    if (!c || c->given_at || c->withdrawn_at) return NotFound("no such consent request");
    const auto now = ctx_.clock.Now();
    if (c->expires_at <= now) return NotFound("no such consent request");
    result = *c;
    result.given_at = now;
    result.request_token_hash.clear();
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdateConsent(result));
    RESKILL_ASSIGN_OR_RETURN(auto client, uow.programs().FindClient(c->tenant_id, c->client_id));
    if (!client) return NotFound("no such consent request");
    // The link went to the client's e-mail address: signing through it verifies the address.
    if (!client->client.email_verified_at) {
      SealedClient s = *client;
      s.client.email_verified_at = now;
      s.client.updated_at = now;
      RESKILL_RETURN_IF_ERROR(uow.programs().UpdateClient(s));
      // A verified address can now identify the client's xAPI actors (issue 5 item 3).
      RESKILL_RETURN_IF_ERROR(lrs::MapActorsForClient(ctx_, uow, s).status());
    }
    const Principal who = ClientActor(c->tenant_id, c->client_id);
    RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, c->tenant_id, c->provider_id));
    RESKILL_RETURN_IF_ERROR(AppendJournal(ctx_, uow, who, c->tenant_id, c->client_id,
                                          prog::JournalKind::kConsent,
                                          "Consent to share data with " + provider +
                                              " e-signed by the client (e-mail verified), valid "
                                              "until " +
                                              Day(result.expires_at)));
    return uow.audit().Append(MakeAuditEvent(ctx_, who, c->tenant_id, request, "consent.sign",
                                             "client", IdText(c->client_id.value()), "ok",
                                             "consent=" + IdText(c->id.value())));
  }));
  return result;
}

StatusOr<prog::Consent> ManageConsent::Withdraw(const Principal& actor, prog::ConsentId id,
                                                std::string_view channel,
                                                const RequestInfo& request) const {
  const std::string ch =
      std::string(Trim(channel)).empty() ? "written" : std::string(Trim(channel));
  if (ch != "written" && ch != "email" && ch != "phone" && ch != "in_person") {
    return InvalidArgument("channel is written, email, phone or in_person", "channel");
  }
  prog::Consent result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindConsent(actor.tenant_id, id));
    if (!found) return NotFound("no such consent");
    RESKILL_ASSIGN_OR_RETURN(auto client, LoadClient(ctx_, uow, actor, found->client_id));
    if (found->withdrawn_at) return FailedPrecondition("the consent is already withdrawn", "state");
    const auto now = ctx_.clock.Now();
    result = *found;
    result.withdrawn_at = now;
    result.withdrawn_by = actor.actor_id;
    result.withdrawal_channel = ch;
    result.request_token_hash.clear();
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdateConsent(result));
    RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, actor.tenant_id, result.provider_id));
    RESKILL_RETURN_IF_ERROR(
        AppendJournal(ctx_, uow, actor, actor.tenant_id, client.id, prog::JournalKind::kConsent,
                      "Consent to share data with " + provider + " withdrawn (" + ch + ")"));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "consent.withdraw", "client",
                       IdText(client.id.value()), "ok", "consent=" + IdText(id.value()))));
    // No licence is kept without active consent for its provider.
    RESKILL_ASSIGN_OR_RETURN(
        bool still, HasActiveConsent(uow, actor.tenant_id, client.id, result.provider_id, now));
    if (still) return Status::Ok();
    LicenceQuery q;
    q.client = client.id;
    RESKILL_ASSIGN_OR_RETURN(auto licences, uow.programs().ListLicences(actor.tenant_id, q));
    for (const auto& l : licences) {
      if (l.provider_id == result.provider_id && l.IsOpen()) {
        RESKILL_RETURN_IF_ERROR(
            RevokeLicence(ctx_, uow, actor, actor.tenant_id, l.id, "consent_withdrawn", request));
      }
    }
    return Status::Ok();
  }));
  return result;
}

StatusOr<std::vector<ConsentView>> ManageConsent::List(const Principal& actor,
                                                       ClientId client) const {
  std::vector<ConsentView> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(auto rows, uow.programs().ListConsents(actor.tenant_id, c.id));
    const auto now = ctx_.clock.Now();
    for (auto& r : rows) {
      ConsentView v;
      RESKILL_ASSIGN_OR_RETURN(v.provider_name, ProviderName(uow, actor.tenant_id, r.provider_id));
      v.active = r.IsActiveAt(now);
      v.consent = std::move(r);
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

// --- Pools -------------------------------------------------------------------------------------

namespace {

StatusOr<PoolView> PoolViewOf(UnitOfWork& uow, const prog::LicencePool& pool, Timestamp now) {
  PoolView v;
  v.pool = pool;
  RESKILL_ASSIGN_OR_RETURN(v.usage, uow.programs().CountPoolUsage(pool.tenant_id, pool.id, now));
  RESKILL_ASSIGN_OR_RETURN(v.provider_name, ProviderName(uow, pool.tenant_id, pool.provider_id));
  RESKILL_ASSIGN_OR_RETURN(auto program,
                           uow.programs().FindProgram(pool.tenant_id, pool.program_id));
  if (program) v.program_name = program->name;
  return v;
}

}  // namespace

StatusOr<PoolView> ManagePools::Create(const Principal& actor, const prog::LicencePool& draft,
                                       const RequestInfo& request) const {
  prog::LicencePool p = draft;
  p.tenant_id = actor.tenant_id;
  p.id = prog::PoolId(ctx_.ids.Next());
  p.name = std::string(Trim(p.name));
  p.created_at = p.updated_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(prog::ValidatePool(p));
  PoolView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto program,
                             uow.programs().FindProgram(actor.tenant_id, p.program_id));
    if (!program) return InvalidArgument("no such program", "program_id");
    RESKILL_ASSIGN_OR_RETURN(auto provider,
                             uow.course_catalog().FindProvider(actor.tenant_id, p.provider_id));
    if (!provider) return InvalidArgument("no such provider", "provider_id");
    if (!program->provider_ids.empty() &&
        std::find(program->provider_ids.begin(), program->provider_ids.end(), p.provider_id) ==
            program->provider_ids.end()) {
      return InvalidArgument("the program does not offer this provider", "provider_id");
    }
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertPool(p));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "pool.create", "pool",
                       IdText(p.id.value()), "ok", "seats=" + std::to_string(p.seats))));
    RESKILL_ASSIGN_OR_RETURN(v, PoolViewOf(uow, p, p.created_at));
    return Status::Ok();
  }));
  return v;
}

StatusOr<PoolView> ManagePools::Update(const Principal& actor, prog::PoolId id,
                                       std::optional<std::string> name,
                                       std::optional<std::int64_t> seats,
                                       const RequestInfo& request) const {
  PoolView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindPoolForUpdate(actor.tenant_id, id));
    if (!found) return NotFound("no such pool");
    prog::LicencePool p = *found;
    if (name) p.name = std::string(Trim(*name));
    if (seats) p.seats = *seats;
    RESKILL_RETURN_IF_ERROR(prog::ValidatePool(p));
    const auto now = ctx_.clock.Now();
    RESKILL_ASSIGN_OR_RETURN(auto usage, uow.programs().CountPoolUsage(actor.tenant_id, id, now));
    if (p.seats < usage.issued + usage.activated) {
      return FailedPrecondition("the pool has " + std::to_string(usage.issued + usage.activated) +
                                    " seats allocated; revoke licences before lowering the count",
                                "seats");
    }
    p.updated_at = now;
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdatePool(p));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "pool.update", "pool",
                       IdText(p.id.value()), "ok", "seats=" + std::to_string(p.seats))));
    RESKILL_ASSIGN_OR_RETURN(v, PoolViewOf(uow, p, now));
    return Status::Ok();
  }));
  return v;
}

StatusOr<PoolView> ManagePools::Get(const Principal& actor, prog::PoolId id) const {
  PoolView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindPool(actor.tenant_id, id));
    if (!found) return NotFound("no such pool");
    RESKILL_ASSIGN_OR_RETURN(v, PoolViewOf(uow, *found, ctx_.clock.Now()));
    return Status::Ok();
  }));
  return v;
}

StatusOr<std::vector<PoolView>> ManagePools::List(const Principal& actor) const {
  std::vector<PoolView> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto pools, uow.programs().ListPools(actor.tenant_id));
    const auto now = ctx_.clock.Now();
    for (const auto& p : pools) {
      RESKILL_ASSIGN_OR_RETURN(auto v, PoolViewOf(uow, p, now));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

// --- Licences ----------------------------------------------------------------------------------

StatusOr<LicenceView> ManageLicences::Request(const Principal& actor, ClientId client,
                                              prog::PoolId pool, const RequestInfo& request) const {
  LicenceView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.programs().FindPool(actor.tenant_id, pool));
    if (!p || p->program_id != c.program_id) {
      return InvalidArgument("no such pool in the client's program", "pool_id");
    }
    if (c.status != prog::ClientStatus::kActive) {
      return FailedPrecondition("the client has exited the program", "client");
    }
    const auto now = ctx_.clock.Now();
    RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, actor.tenant_id, p->provider_id));
    RESKILL_ASSIGN_OR_RETURN(bool consent,
                             HasActiveConsent(uow, actor.tenant_id, c.id, p->provider_id, now));
    if (!consent) return ConsentRequired(provider);
    LicenceQuery q;
    q.client = c.id;
    RESKILL_ASSIGN_OR_RETURN(auto existing, uow.programs().ListLicences(actor.tenant_id, q));
    for (const auto& l : existing) {
      if (l.provider_id == p->provider_id && l.IsOpen()) {
        return FailedPrecondition("the client already has a " +
                                      std::string(prog::LicenceStateName(l.state)) +
                                      " licence for " + provider,
                                  "licence");
      }
    }
    prog::Licence l;
    l.tenant_id = actor.tenant_id;
    l.id = LicenceId(ctx_.ids.Next());
    l.client_id = c.id;
    l.program_id = c.program_id;
    l.provider_id = p->provider_id;
    l.pool_id = p->id;
    l.state = prog::LicenceState::kRequested;
    l.requested_at = l.updated_at = now;
    l.requested_by = actor.actor_id;
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertLicence(l));
    RESKILL_RETURN_IF_ERROR(AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id,
                                          prog::JournalKind::kLicence,
                                          "Licence for " + provider + " requested"));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "licence.request", "licence",
                       IdText(l.id.value()), "ok", "client=" + IdText(c.id.value()))));
    RESKILL_ASSIGN_OR_RETURN(v, ViewOf(uow, l, now));
    return Status::Ok();
  }));
  return v;
}

StatusOr<IssuedLicence> ManageLicences::IssueOrReinvite(const Principal& actor, LicenceId id,
                                                        bool reinvite,
                                                        const RequestInfo& request) const {
  IssuedLicence out;
  out.token = ctx_.tokens.NewToken();
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindLicence(actor.tenant_id, id));
    if (!found) return NotFound("no such licence");
    // Lock the pool first: concurrent issuers of the same pool wait here, so the seat count read
    // below is the one this transaction commits against (SQLite: the write lock is already held).
    RESKILL_ASSIGN_OR_RETURN(auto pool,
                             uow.programs().FindPoolForUpdate(actor.tenant_id, found->pool_id));
    if (!pool) return NotFound("no such pool");
    RESKILL_ASSIGN_OR_RETURN(auto again, uow.programs().FindLicence(actor.tenant_id, id));
    prog::Licence l = *again;
    const auto now = ctx_.clock.Now();
    if (!reinvite && l.state != prog::LicenceState::kRequested) {
      return FailedPrecondition("only a requested licence can be issued; this one is " +
                                    std::string(prog::LicenceStateName(l.state)),
                                "state");
    }
    if (reinvite && l.state != prog::LicenceState::kIssued &&
        l.state != prog::LicenceState::kExpired) {
      return FailedPrecondition(
          "only an issued or expired licence can be re-invited; this one is " +
              std::string(prog::LicenceStateName(l.state)),
          "state");
    }
    RESKILL_ASSIGN_OR_RETURN(auto provider, ProviderName(uow, actor.tenant_id, l.provider_id));
    RESKILL_ASSIGN_OR_RETURN(
        bool consent, HasActiveConsent(uow, actor.tenant_id, l.client_id, l.provider_id, now));
    if (!consent) return ConsentRequired(provider);
    const bool holds_seat =
        reinvite && l.state == prog::LicenceState::kIssued && !l.InvitationLapsedAt(now);
    if (!holds_seat) {
      RESKILL_ASSIGN_OR_RETURN(auto usage,
                               uow.programs().CountPoolUsage(actor.tenant_id, pool->id, now));
      if (usage.available() <= 0) {
        return FailedPrecondition("the pool " + pool->name + " has no free seat (" +
                                      std::to_string(usage.seats) + " seats, " +
                                      std::to_string(usage.issued) + " invitations outstanding, " +
                                      std::to_string(usage.activated) + " activated)",
                                  "seats");
      }
    }
    RESKILL_ASSIGN_OR_RETURN(auto program, RequireProgram(uow, actor.tenant_id, l.program_id));
    l.state = prog::LicenceState::kIssued;
    if (!reinvite) {
      l.issued_at = now;
      l.issued_by = actor.actor_id;
    }
    l.invite_expires_at = now + std::chrono::days(program.invitation_valid_days);
    l.updated_at = now;
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdateLicence(l));
    Invitation inv;
    inv.tenant_id = actor.tenant_id;
    inv.id = prog::InvitationId(ctx_.ids.Next());
    inv.licence_id = l.id;
    inv.token_hash = ctx_.tokens.HashToken(out.token);
    inv.created_at = now;
    inv.expires_at = *l.invite_expires_at;
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertInvitation(inv));
    RESKILL_ASSIGN_OR_RETURN(auto client, OpenClient(ctx_, uow, actor.tenant_id, l.client_id));
    const InvitationText text =
        BuildInvitationText(program, provider, client.given_name, client.preferred_language,
                            ActivationLink(ctx_.security.public_url, out.token), inv.expires_at);
    // One e-mail per invitation: a re-invite is a new invitation with its own key.
    RESKILL_ASSIGN_OR_RETURN(
        bool mailed,
        QueueClientEmail(ctx_, uow, actor.tenant_id, client, "invitation",
                         "invitation:" + IdText(l.id.value()) + ":" + IdText(inv.id.value()),
                         text));
    if (!reinvite) {
      RESKILL_RETURN_IF_ERROR(AppendJournal(ctx_, uow, actor, actor.tenant_id, l.client_id,
                                            prog::JournalKind::kLicence,
                                            "Licence for " + provider + " issued"));
    }
    RESKILL_RETURN_IF_ERROR(AppendJournal(
        ctx_, uow, actor, actor.tenant_id, l.client_id, prog::JournalKind::kInvitation,
        std::string(reinvite ? "New invitation" : "Invitation") + " to activate the " + provider +
            " licence " +
            (mailed ? std::string("e-mailed (") +
                          (client.preferred_language == "es" ? "Spanish" : "English") + ")"
                    : std::string("created; no e-mail address on file, the link is handed over "
                                  "by staff")) +
            ", valid until " + Day(inv.expires_at)));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, reinvite ? "licence.reinvite" : "licence.issue",
        "licence", IdText(l.id.value()), "ok", "client=" + IdText(l.client_id.value()))));
    RESKILL_ASSIGN_OR_RETURN(out.view, ViewOf(uow, l, now));
    return Status::Ok();
  }));
  return out;
}

StatusOr<IssuedLicence> ManageLicences::Issue(const Principal& actor, LicenceId id,
                                              const RequestInfo& request) const {
  return IssueOrReinvite(actor, id, false, request);
}

StatusOr<IssuedLicence> ManageLicences::Reinvite(const Principal& actor, LicenceId id,
                                                 const RequestInfo& request) const {
  return IssueOrReinvite(actor, id, true, request);
}

std::vector<BulkOutcome> ManageLicences::IssueMany(const Principal& actor,
                                                   const std::vector<LicenceId>& ids,
                                                   const RequestInfo& request) const {
  std::vector<BulkOutcome> out;
  for (auto id : ids) out.push_back({id, Issue(actor, id, request).status()});
  return out;
}

Status ManageLicences::Revoke(const Principal& actor, LicenceId id, std::string_view reason,
                              const RequestInfo& request) const {
  const std::string r =
      std::string(Trim(reason)).empty() ? "supervisor" : std::string(Trim(reason));
  if (r.size() > 60 || prog::LooksLikeSsn(r)) {
    return InvalidArgument("reason is a short code of at most 60 characters", "reason");
  }
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    return RevokeLicence(ctx_, uow, actor, actor.tenant_id, id, r, request);
  });
}

std::vector<BulkOutcome> ManageLicences::RevokeMany(const Principal& actor,
                                                    const std::vector<LicenceId>& ids,
                                                    const RequestInfo& request) const {
  std::vector<BulkOutcome> out;
  for (auto id : ids) out.push_back({id, Revoke(actor, id, "supervisor", request)});
  return out;
}

StatusOr<LicenceView> ManageLicences::Get(const Principal& actor, LicenceId id) const {
  LicenceView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto l, uow.programs().FindLicence(actor.tenant_id, id));
    if (!l) return NotFound("no such licence");
    RESKILL_ASSIGN_OR_RETURN(v, ViewOf(uow, *l, ctx_.clock.Now()));
    return Status::Ok();
  }));
  return v;
}

StatusOr<std::vector<LicenceView>> ManageLicences::List(const Principal& actor,
                                                        const LicenceFilter& filter) const {
  if (!filter.state.empty() && !prog::ParseLicenceState(filter.state)) {
    return InvalidArgument("state is requested, issued, activated, revoked or expired", "state");
  }
  if (filter.limit < 1 || filter.limit > 5000) {
    return InvalidArgument("limit is between 1 and 5000", "limit");
  }
  std::vector<LicenceView> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    const auto now = ctx_.clock.Now();
    LicenceQuery q;
    q.state = filter.state;
    q.pool = filter.pool;
    q.client = filter.client;
    q.reclaim_listed_only = filter.reclaim_listed_only;
    if (filter.lapsed_only) q.lapsed_before = now;
    q.limit = filter.limit;
    RESKILL_ASSIGN_OR_RETURN(auto rows, uow.programs().ListLicences(actor.tenant_id, q));
    for (const auto& l : rows) {
      RESKILL_ASSIGN_OR_RETURN(auto v, ViewOf(uow, l, now));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<std::string> ManageLicences::ExportCsv(const Principal& actor,
                                                const RequestInfo& request) const {
  std::string csv =
      "participant_id,provider,pool,state,requested_at,issued_at,activated_at,revoked_at\r\n";
  const auto cell = [](std::string_view v) {
    std::string out = "\"";
    for (char ch : v) {
      if (ch == '"') out += '"';
      out += ch;
    }
    return out + "\"";
  };
  const auto time = [](const std::optional<Timestamp>& t) {
    return t ? FormatIso8601(*t) : std::string();
  };
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    const auto now = ctx_.clock.Now();
    LicenceQuery q;
    q.limit = 1'000'000;
    RESKILL_ASSIGN_OR_RETURN(auto rows, uow.programs().ListLicences(actor.tenant_id, q));
    for (const auto& l : rows) {
      RESKILL_ASSIGN_OR_RETURN(auto v, ViewOf(uow, l, now));
      csv += cell(v.participant_id) + "," + cell(v.provider_name) + "," + cell(v.pool_name) + "," +
             std::string(prog::LicenceStateName(l.state)) + "," + FormatIso8601(l.requested_at) +
             "," + time(l.issued_at) + "," + time(l.activated_at) + "," + time(l.revoked_at) +
             "\r\n";
    }
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "licence.export", "licence", "", "ok",
                                             "rows=" + std::to_string(rows.size())));
  }));
  return csv;
}

// --- Activation --------------------------------------------------------------------------------

namespace {

struct ActivationContext {
  Invitation invitation;
  prog::Licence licence;
  SealedClient client;
  prog::Program program;
  std::string provider_name;
};

StatusOr<ActivationContext> LoadActivation(const AppContext& ctx, UnitOfWork& uow,
                                           std::string_view token, bool allow_activated) {
  ActivationContext a;
  RESKILL_ASSIGN_OR_RETURN(auto inv,
                           uow.programs().FindInvitationByTokenHash(ctx.tokens.HashToken(token)));
  if (!inv) return NotFound("no such invitation");
  a.invitation = *inv;
  RESKILL_ASSIGN_OR_RETURN(auto l, uow.programs().FindLicence(inv->tenant_id, inv->licence_id));
  if (!l) return NotFound("no such invitation");
  a.licence = *l;
  const auto now = ctx.clock.Now();
  const bool activated = l->state == prog::LicenceState::kActivated;
  if (!(allow_activated && activated)) {
    if (l->state == prog::LicenceState::kExpired) {
      return FailedPrecondition(
          "this activation link has expired; ask your counselor for a new invitation", "token");
    }
    if (inv->used_at || l->state != prog::LicenceState::kIssued) {
      return FailedPrecondition("this activation link has already been used or was withdrawn",
                                "token");
    }
    if (inv->expires_at <= now || !l->invite_expires_at ||
        *l->invite_expires_at != inv->expires_at) {
      return FailedPrecondition(
          "this activation link has expired; ask your counselor for a new invitation", "token");
    }
  }
  RESKILL_ASSIGN_OR_RETURN(auto client, uow.programs().FindClient(l->tenant_id, l->client_id));
  if (!client) return NotFound("no such invitation");
  a.client = *client;
  RESKILL_ASSIGN_OR_RETURN(a.program, RequireProgram(uow, l->tenant_id, l->program_id));
  RESKILL_ASSIGN_OR_RETURN(a.provider_name, ProviderName(uow, l->tenant_id, l->provider_id));
  return a;
}

StatusOr<ActivationView> ActivationViewOf(const AppContext& ctx, UnitOfWork& uow,
                                          const ActivationContext& a) {
  ActivationView v;
  v.tenant_id = a.licence.tenant_id;
  v.licence_id = a.licence.id;
  RESKILL_ASSIGN_OR_RETURN(v.given_name, ctx.contacts.Open(a.client.client.given_name));
  v.program_display_name = a.program.display_name;
  v.provider_name = a.provider_name;
  v.locale = a.client.client.preferred_language;
  RESKILL_ASSIGN_OR_RETURN(bool consent,
                           HasActiveConsent(uow, a.licence.tenant_id, a.licence.client_id,
                                            a.licence.provider_id, ctx.clock.Now()));
  v.consent_needed = !consent;
  v.has_password = !a.client.password_hash.empty();
  v.already_activated = a.licence.state == prog::LicenceState::kActivated;
  RESKILL_ASSIGN_OR_RETURN(v.assignments,
                           AssignmentViews(uow, a.licence.tenant_id, a.licence.client_id));
  return v;
}

}  // namespace

StatusOr<ActivationView> ActivateLicence::View(std::string_view token) const {
  ActivationView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto a, LoadActivation(ctx_, uow, token, true));
    RESKILL_ASSIGN_OR_RETURN(v, ActivationViewOf(ctx_, uow, a));
    return Status::Ok();
  }));
  return v;
}

StatusOr<ActivationView> ActivateLicence::Run(std::string_view token, bool confirm_consent,
                                              std::string_view password,
                                              const RequestInfo& request) const {
  std::optional<std::string> hash;
  if (!password.empty()) {
    RESKILL_RETURN_IF_ERROR(domain::programs::ValidatePassword(password));
    RESKILL_ASSIGN_OR_RETURN(hash, ctx_.passwords.Hash(password));
  }
  ActivationView v;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto a, LoadActivation(ctx_, uow, token, false));
    const TenantId tenant = a.licence.tenant_id;
    const Principal who = ClientActor(tenant, a.licence.client_id);
    RESKILL_ASSIGN_OR_RETURN(auto pool,
                             uow.programs().FindPoolForUpdate(tenant, a.licence.pool_id));
    if (!pool) return NotFound("no such invitation");
    const auto now = ctx_.clock.Now();
    RESKILL_ASSIGN_OR_RETURN(bool consent, HasActiveConsent(uow, tenant, a.licence.client_id,
                                                            a.licence.provider_id, now));
    if (!consent) {
      if (!confirm_consent) {
        return FailedPrecondition("please confirm that " + a.provider_name +
                                      " may receive your e-mail address and participant id",
                                  "consent");
      }
      prog::Consent c;
      c.tenant_id = tenant;
      c.id = prog::ConsentId(ctx_.ids.Next());
      c.client_id = a.licence.client_id;
      c.provider_id = a.licence.provider_id;
      c.purpose = "Access to " + a.provider_name + " courses through " + a.program.display_name;
      c.data_categories = {"email", "participant_id", "progress", "completions"};
      c.method = prog::ConsentMethod::kESignature;
      c.requested_at = now;
      c.given_at = now;
      c.expires_at = now + std::chrono::days(a.program.consent_valid_days);
      c.recorded_by = who.actor_id;
      RESKILL_RETURN_IF_ERROR(uow.programs().InsertConsent(c));
      RESKILL_RETURN_IF_ERROR(AppendJournal(
          ctx_, uow, who, tenant, c.client_id, prog::JournalKind::kConsent,
          "Consent to share data with " + a.provider_name +
              " confirmed by the client on the activation page, valid until " + Day(c.expires_at)));
      RESKILL_RETURN_IF_ERROR(uow.audit().Append(
          MakeAuditEvent(ctx_, who, tenant, request, "consent.sign", "client",
                         IdText(c.client_id.value()), "ok", "consent=" + IdText(c.id.value()))));
    }
    RESKILL_ASSIGN_OR_RETURN(bool fresh,
                             uow.programs().MarkInvitationUsed(tenant, a.invitation.id, now));
    if (!fresh) {
      return FailedPrecondition("this activation link has already been used", "token");
    }
    prog::Licence l = a.licence;
    l.state = prog::LicenceState::kActivated;
    l.activated_at = now;
    l.updated_at = now;
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdateLicence(l));
    SealedClient client = a.client;
    // The link reached the client at this address: activation verifies it.
    if (!client.client.email_verified_at && !client.client.email.empty()) {
      client.client.email_verified_at = now;
    }
    if (hash) client.password_hash = *hash;
    client.client.updated_at = now;
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdateClient(client));
    // A verified address can now identify the client's xAPI actors (issue 5 item 3).
    RESKILL_RETURN_IF_ERROR(lrs::MapActorsForClient(ctx_, uow, client).status());
    ProviderHandoff h;
    h.tenant_id = tenant;
    h.id = prog::HandoffId(ctx_.ids.Next());
    h.licence_id = l.id;
    h.client_id = l.client_id;
    h.provider_id = l.provider_id;
    h.participant_id = client.client.participant_id;
    h.email_sealed = client.client.email;  // already sealed
    h.at = now;
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertHandoff(h));
    RESKILL_RETURN_IF_ERROR(
        AppendJournal(ctx_, uow, who, tenant, l.client_id, prog::JournalKind::kLicence,
                      "Licence for " + a.provider_name + " activated by the client"));
    RESKILL_RETURN_IF_ERROR(AppendJournal(
        ctx_, uow, who, tenant, l.client_id, prog::JournalKind::kLicence,
        "Handed to " + a.provider_name + ": participant id " + h.participant_id +
            (h.email_sealed.empty() ? std::string() : " and the client's e-mail address")));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, who, tenant, request, "licence.activate", "licence",
                       IdText(l.id.value()), "ok", "client=" + IdText(l.client_id.value()))));
    for (auto path_id : a.program.intro_path_ids) {
      AssignInput in;
      in.target_kind = prog::AssignmentTarget::kPath;
      in.target_id = path_id;
      auto title = CheckTarget(uow, tenant, in);
      if (!title.ok()) continue;  // a path removed from the catalogue since the program was set
      RESKILL_ASSIGN_OR_RETURN(bool added,
                               AssignOne(ctx_, uow, who, tenant, l.client_id, in, "introductory",
                                         std::nullopt, *title, request));
      (void)added;
    }
    a.licence = l;
    a.client = client;
    RESKILL_ASSIGN_OR_RETURN(v, ActivationViewOf(ctx_, uow, a));
    return Status::Ok();
  }));
  return v;
}

// --- Assigned learning -------------------------------------------------------------------------

StatusOr<prog::Assignment> AssignLearning::ToClient(const Principal& actor, ClientId client,
                                                    const AssignInput& in,
                                                    const RequestInfo& request) const {
  if (in.due_at && *in.due_at < ctx_.clock.Now()) {
    return InvalidArgument("due_at is not in the past", "due_at");
  }
  prog::Assignment result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(auto title, CheckTarget(uow, actor.tenant_id, in));
    RESKILL_ASSIGN_OR_RETURN(bool added, AssignOne(ctx_, uow, actor, actor.tenant_id, c.id, in,
                                                   "client", std::nullopt, title, request));
    if (!added) return AlreadyExists("the client already has this assignment", "target_id");
    RESKILL_ASSIGN_OR_RETURN(auto all, uow.programs().ListAssignments(actor.tenant_id, c.id));
    for (const auto& a : all) {
      if (a.target_kind == in.target_kind && a.target_id == in.target_id) result = a;
    }
    return Status::Ok();
  }));
  return result;
}

StatusOr<int> AssignLearning::ToGroup(const Principal& actor, prog::GroupId group,
                                      const AssignInput& in, const RequestInfo& request) const {
  if (in.due_at && *in.due_at < ctx_.clock.Now()) {
    return InvalidArgument("due_at is not in the past", "due_at");
  }
  int count = 0;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto g, uow.programs().FindGroup(actor.tenant_id, group));
    if (!g) return NotFound("no such group");
    if (!actor.roles.Has(Role::kAdmin) &&
        std::find(g->members.begin(), g->members.end(), actor.staff_id) == g->members.end()) {
      return NotFound("no such group");
    }
    RESKILL_ASSIGN_OR_RETURN(auto title, CheckTarget(uow, actor.tenant_id, in));
    ClientQuery q;
    q.group = group;
    q.status = "active";
    q.limit = 100000;
    RESKILL_ASSIGN_OR_RETURN(auto clients, uow.programs().ListClients(actor.tenant_id, q));
    for (const auto& c : clients) {
      RESKILL_ASSIGN_OR_RETURN(bool added, AssignOne(ctx_, uow, actor, actor.tenant_id, c.client.id,
                                                     in, "group", group, title, request));
      if (added) ++count;
    }
    return Status::Ok();
  }));
  return count;
}

StatusOr<std::vector<AssignmentView>> AssignLearning::List(const Principal& actor,
                                                           ClientId client) const {
  std::vector<AssignmentView> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(out, AssignmentViews(uow, actor.tenant_id, c.id));
    return Status::Ok();
  }));
  return out;
}

// --- Activity plans ----------------------------------------------------------------------------

StatusOr<prog::ActivityPlan> ManageActivityPlans::Schedule(const Principal& actor, ClientId client,
                                                           const prog::ActivityPlan& draft,
                                                           const RequestInfo& request) const {
  prog::ActivityPlan p = draft;
  p.tenant_id = actor.tenant_id;
  p.id = prog::ActivityPlanId(ctx_.ids.Next());
  p.client_id = client;
  p.activity_code = std::string(Trim(p.activity_code));
  p.category = std::string(Trim(p.category));
  p.ended = false;
  p.ended_at.reset();
  p.created_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(prog::ValidateActivityPlan(p));
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertPlan(p));
    RESKILL_RETURN_IF_ERROR(
        AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id, prog::JournalKind::kPlan,
                      "Activity " + p.activity_code + " (" + p.category + ") scheduled from " +
                          Day(p.starts_at) + " to " + Day(p.ends_at)));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "plan.create",
                                             "client", IdText(c.id.value()), "ok",
                                             "plan=" + IdText(p.id.value())));
  }));
  return p;
}

StatusOr<prog::ActivityPlan> ManageActivityPlans::Renew(const Principal& actor,
                                                        prog::ActivityPlanId id, Timestamp ends_at,
                                                        const RequestInfo& request) const {
  prog::ActivityPlan next;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindPlan(actor.tenant_id, id));
    if (!found) return NotFound("no such activity plan");
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, found->client_id));
    if (found->ended) return FailedPrecondition("the activity plan has ended", "state");
    const auto now = ctx_.clock.Now();
    prog::ActivityPlan old = *found;
    old.ended = true;
    old.ended_at = now;
    next = *found;
    next.id = prog::ActivityPlanId(ctx_.ids.Next());
    next.starts_at = found->ends_at;
    next.ends_at = ends_at;
    next.renewed_from = found->id;
    next.created_at = now;
    RESKILL_RETURN_IF_ERROR(prog::ValidateActivityPlan(next));
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdatePlan(old));
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertPlan(next));
    RESKILL_RETURN_IF_ERROR(
        AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id, prog::JournalKind::kPlan,
                      "Activity " + next.activity_code + " renewed until " + Day(next.ends_at)));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "plan.renew",
                                             "client", IdText(c.id.value()), "ok",
                                             "plan=" + IdText(next.id.value())));
  }));
  return next;
}

StatusOr<prog::ActivityPlan> ManageActivityPlans::End(const Principal& actor,
                                                      prog::ActivityPlanId id,
                                                      const RequestInfo& request) const {
  prog::ActivityPlan p;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindPlan(actor.tenant_id, id));
    if (!found) return NotFound("no such activity plan");
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, found->client_id));
    if (found->ended) return FailedPrecondition("the activity plan has ended", "state");
    const auto now = ctx_.clock.Now();
    p = *found;
    p.ended = true;
    p.ended_at = now;
    if (now < p.ends_at) p.ends_at = std::max(now, p.starts_at + std::chrono::milliseconds(1));
    RESKILL_RETURN_IF_ERROR(uow.programs().UpdatePlan(p));
    RESKILL_RETURN_IF_ERROR(AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id,
                                          prog::JournalKind::kPlan,
                                          "Activity " + p.activity_code + " ended"));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "plan.end",
                                             "client", IdText(c.id.value()), "ok",
                                             "plan=" + IdText(p.id.value())));
  }));
  return p;
}

StatusOr<std::vector<prog::ActivityPlan>> ManageActivityPlans::List(const Principal& actor,
                                                                    ClientId client) const {
  std::vector<prog::ActivityPlan> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(out, uow.programs().ListPlans(actor.tenant_id, c.id));
    return Status::Ok();
  }));
  return out;
}

}  // namespace reskill::app::programs
