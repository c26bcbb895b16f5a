#include "storage/sql/programs_repository.hpp"

#include <charconv>

#include "common/strings.hpp"

namespace reskill::storage {

namespace {

namespace prog = domain::programs;
using app::SealedClient;

Status OnDuplicate(Status st, std::string message, std::string field) {
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists(std::move(message), std::move(field)).WithDetail(st.internal_detail());
  }
  return st;
}

Status ChangedOne(StatusOr<std::int64_t> changed, std::string_view what) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return NotFound("no such " + std::string(what));
  return Status::Ok();
}

SqlValue OptId(std::int64_t id) {
  if (id <= 0) return std::monostate{};
  return id;
}

SqlValue TextOrNull(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

template <typename T>
std::string JoinIds(const std::vector<T>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ',';
    if constexpr (std::is_same_v<T, std::int64_t>) {
      out += std::to_string(id);
    } else {
      out += std::to_string(id.value());
    }
  }
  return out;
}

std::vector<std::int64_t> SplitIds(const std::string& text) {
  std::vector<std::int64_t> out;
  for (auto part : Split(text, ',')) {
    std::int64_t v = 0;
    const auto r = std::from_chars(part.data(), part.data() + part.size(), v);
    if (r.ec == std::errc() && v > 0) out.push_back(v);
  }
  return out;
}

std::string JoinText(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

std::vector<std::string> SplitText(const std::string& text) {
  std::vector<std::string> out;
  for (auto part : Split(text, ',')) {
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

prog::Program ProgramFrom(const SqlRow& r) {
  prog::Program p;
  p.tenant_id = TenantId(r.Int(0));
  p.id = ProgramId(r.Int(1));
  p.name = r.Text(2);
  p.target_population = r.Text(3);
  p.display_name = r.Text(4);
  for (auto id : SplitIds(r.Text(5))) p.provider_ids.emplace_back(id);
  p.licence_types = SplitText(r.Text(6));
  p.starts_at = r.Time(7);
  p.ends_at = r.OptTime(8);
  p.seat_budget = r.Int(9);
  p.weekly_hours = r.Real(10);
  p.nudge_after_days = static_cast<int>(r.Int(11));
  p.min_items_per_month = static_cast<int>(r.Int(12));
  p.reclaim_after_days = static_cast<int>(r.Int(13));
  p.reclaim_mode = prog::ParseReclaimMode(r.Text(14)).value_or(prog::ReclaimMode::kList);
  p.invitation_valid_days = static_cast<int>(r.Int(15));
  p.consent_valid_days = static_cast<int>(r.Int(16));
  p.invitation_text_en = r.Text(17);
  p.invitation_text_es = r.Text(18);
  p.intro_path_ids = SplitIds(r.Text(19));
  p.created_at = r.Time(20);
  p.updated_at = r.Time(21);
  return p;
}

prog::Group GroupFrom(const SqlRow& r) {
  prog::Group g;
  g.tenant_id = TenantId(r.Int(0));
  g.id = prog::GroupId(r.Int(1));
  g.program_id = ProgramId(r.Int(2));
  g.name = r.Text(3);
  g.created_at = r.Time(4);
  return g;
}

SealedClient ClientFrom(const SqlRow& r) {
  SealedClient s;
  prog::Client& c = s.client;
  c.tenant_id = TenantId(r.Int(0));
  c.id = ClientId(r.Int(1));
  c.participant_id = r.Text(2);
  c.program_id = ProgramId(r.Int(3));
  if (!r.IsNull(4)) c.group_id = prog::GroupId(r.Int(4));
  if (!r.IsNull(5)) c.counselor_id = StaffId(r.Int(5));
  c.given_name = r.Text(6);
  c.family_name = r.Text(7);
  c.email = r.Text(8);
  s.email_index = r.Text(9);
  c.email_verified_at = r.OptTime(10);
  c.phone = r.Text(11);
  c.preferred_language = r.Text(12);
  c.case_number = r.Text(13);
  c.status = prog::ParseClientStatus(r.Text(14)).value_or(prog::ClientStatus::kActive);
  s.password_hash = r.Text(15);
  c.has_password = !s.password_hash.empty();
  c.created_at = r.Time(16);
  c.updated_at = r.Time(17);
  return s;
}

prog::JournalEntry JournalFrom(const SqlRow& r) {
  prog::JournalEntry e;
  e.tenant_id = TenantId(r.Int(0));
  e.id = prog::JournalEntryId(r.Int(1));
  e.client_id = ClientId(r.Int(2));
  e.at = r.Time(3);
  e.kind = prog::ParseJournalKind(r.Text(4)).value_or(prog::JournalKind::kNote);
  e.text = r.Text(5);
  e.actor_kind = r.Text(6);
  e.actor_id = r.Text(7);
  return e;
}

prog::Consent ConsentFrom(const SqlRow& r) {
  prog::Consent c;
  c.tenant_id = TenantId(r.Int(0));
  c.id = prog::ConsentId(r.Int(1));
  c.client_id = ClientId(r.Int(2));
  c.provider_id = prog::CatalogProviderId(r.Int(3));
  c.purpose = r.Text(4);
  c.data_categories = SplitText(r.Text(5));
  c.method = prog::ParseConsentMethod(r.Text(6)).value_or(prog::ConsentMethod::kPaper);
  c.document_ref = r.Text(7);
  c.request_token_hash = r.Text(8);
  c.requested_at = r.Time(9);
  c.given_at = r.OptTime(10);
  c.expires_at = r.Time(11);
  c.recorded_by = r.Text(12);
  c.withdrawn_at = r.OptTime(13);
  c.withdrawn_by = r.Text(14);
  c.withdrawal_channel = r.Text(15);
  return c;
}

prog::LicencePool PoolFrom(const SqlRow& r) {
  prog::LicencePool p;
  p.tenant_id = TenantId(r.Int(0));
  p.id = prog::PoolId(r.Int(1));
  p.program_id = ProgramId(r.Int(2));
  p.provider_id = prog::CatalogProviderId(r.Int(3));
  p.licence_type = r.Text(4);
  p.name = r.Text(5);
  p.seats = r.Int(6);
  p.created_at = r.Time(7);
  p.updated_at = r.Time(8);
  return p;
}

prog::Licence LicenceFrom(const SqlRow& r) {
  prog::Licence l;
  l.tenant_id = TenantId(r.Int(0));
  l.id = LicenceId(r.Int(1));
  l.client_id = ClientId(r.Int(2));
  l.program_id = ProgramId(r.Int(3));
  l.provider_id = prog::CatalogProviderId(r.Int(4));
  l.pool_id = prog::PoolId(r.Int(5));
  l.state = prog::ParseLicenceState(r.Text(6)).value_or(prog::LicenceState::kRequested);
  l.requested_at = r.Time(7);
  l.requested_by = r.Text(8);
  l.issued_at = r.OptTime(9);
  l.issued_by = r.Text(10);
  l.invite_expires_at = r.OptTime(11);
  l.activated_at = r.OptTime(12);
  l.revoked_at = r.OptTime(13);
  l.revoked_by = r.Text(14);
  l.revoke_reason = r.Text(15);
  l.reclaim_listed_at = r.OptTime(16);
  l.updated_at = r.Time(17);
  return l;
}

app::Invitation InvitationFrom(const SqlRow& r) {
  app::Invitation i;
  i.tenant_id = TenantId(r.Int(0));
  i.id = prog::InvitationId(r.Int(1));
  i.licence_id = LicenceId(r.Int(2));
  i.token_hash = r.Text(3);
  i.created_at = r.Time(4);
  i.expires_at = r.Time(5);
  i.used_at = r.OptTime(6);
  return i;
}

prog::Assignment AssignmentFrom(const SqlRow& r) {
  prog::Assignment a;
  a.tenant_id = TenantId(r.Int(0));
  a.id = prog::AssignmentId(r.Int(1));
  a.client_id = ClientId(r.Int(2));
  a.target_kind = prog::ParseAssignmentTarget(r.Text(3)).value_or(prog::AssignmentTarget::kPath);
  a.target_id = r.Int(4);
  a.due_at = r.OptTime(5);
  a.source = r.Text(6);
  if (!r.IsNull(7)) a.group_id = prog::GroupId(r.Int(7));
  a.assigned_at = r.Time(8);
  a.assigned_by = r.Text(9);
  return a;
}

prog::ActivityPlan PlanFrom(const SqlRow& r) {
  prog::ActivityPlan p;
  p.tenant_id = TenantId(r.Int(0));
  p.id = prog::ActivityPlanId(r.Int(1));
  p.client_id = ClientId(r.Int(2));
  p.activity_code = r.Text(3);
  p.category = r.Text(4);
  p.starts_at = r.Time(5);
  p.ends_at = r.Time(6);
  p.ended = r.Text(7) == "ended";
  p.ended_at = r.OptTime(8);
  if (!r.IsNull(9)) p.renewed_from = prog::ActivityPlanId(r.Int(9));
  p.created_at = r.Time(10);
  return p;
}

template <typename T, typename F>
std::vector<T> AllFrom(const SqlRows& rows, F from) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from(r));
  return out;
}

template <typename T, typename F>
std::optional<T> FirstFrom(const SqlRows& rows, F from) {
  if (rows.empty()) return std::nullopt;
  return from(rows.front());
}

}  // namespace

// --- Programs ----------------------------------------------------------------------------------

Status SqlProgramsRepository::InsertProgram(const prog::Program& p) {
  return OnDuplicate(
      conn_
          .Execute(q_.Get("insert_program"), {p.tenant_id.value(),
                                              p.id.value(),
                                              p.name,
                                              p.target_population,
                                              p.display_name,
                                              JoinIds(p.provider_ids),
                                              JoinText(p.licence_types),
                                              TimeValue(p.starts_at),
                                              OptionalTime(p.ends_at),
                                              p.seat_budget,
                                              p.weekly_hours,
                                              std::int64_t{p.nudge_after_days},
                                              std::int64_t{p.min_items_per_month},
                                              std::int64_t{p.reclaim_after_days},
                                              std::string(prog::ReclaimModeName(p.reclaim_mode)),
                                              std::int64_t{p.invitation_valid_days},
                                              std::int64_t{p.consent_valid_days},
                                              p.invitation_text_en,
                                              p.invitation_text_es,
                                              JoinIds(p.intro_path_ids),
                                              TimeValue(p.created_at),
                                              TimeValue(p.updated_at)})
          .status(),
      "the agency has a program with this name", "name");
}

Status SqlProgramsRepository::UpdateProgram(const prog::Program& p) {
  return OnDuplicate(ChangedOne(conn_.Execute(q_.Get("update_program"),
                                              {p.name,
                                               p.target_population,
                                               p.display_name,
                                               JoinIds(p.provider_ids),
                                               JoinText(p.licence_types),
                                               TimeValue(p.starts_at),
                                               OptionalTime(p.ends_at),
                                               p.seat_budget,
                                               p.weekly_hours,
                                               std::int64_t{p.nudge_after_days},
                                               std::int64_t{p.min_items_per_month},
                                               std::int64_t{p.reclaim_after_days},
                                               std::string(prog::ReclaimModeName(p.reclaim_mode)),
                                               std::int64_t{p.invitation_valid_days},
                                               std::int64_t{p.consent_valid_days},
                                               p.invitation_text_en,
                                               p.invitation_text_es,
                                               JoinIds(p.intro_path_ids),
                                               TimeValue(p.updated_at),
                                               p.tenant_id.value(),
                                               p.id.value()}),
                                "program"),
                     "the agency has a program with this name", "name");
}

StatusOr<std::optional<prog::Program>> SqlProgramsRepository::FindProgram(TenantId tenant,
                                                                          ProgramId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_program_by_id"), {tenant.value(), id.value()}));
  return FirstFrom<prog::Program>(rows, ProgramFrom);
}

StatusOr<std::vector<prog::Program>> SqlProgramsRepository::ListPrograms(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_programs"), {tenant.value()}));
  return AllFrom<prog::Program>(rows, ProgramFrom);
}

// --- Groups ------------------------------------------------------------------------------------

Status SqlProgramsRepository::LoadMembers(prog::Group& g) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_group_members"), {g.tenant_id.value(), g.id.value()}));
  g.members.clear();
  for (const auto& r : rows) g.members.emplace_back(r.Int(0));
  return Status::Ok();
}

Status SqlProgramsRepository::InsertGroup(const prog::Group& g) {
  RESKILL_RETURN_IF_ERROR(OnDuplicate(
      conn_
          .Execute(q_.Get("insert_group"), {g.tenant_id.value(), g.id.value(), g.program_id.value(),
                                            g.name, TimeValue(g.created_at)})
          .status(),
      "the program has a group with this name", "name"));
  for (const auto& m : g.members) {
    RESKILL_RETURN_IF_ERROR(
        conn_.Execute(q_.Get("insert_group_member"), {g.tenant_id.value(), g.id.value(), m.value()})
            .status());
  }
  return Status::Ok();
}

Status SqlProgramsRepository::UpdateGroup(const prog::Group& g) {
  RESKILL_RETURN_IF_ERROR(OnDuplicate(
      ChangedOne(conn_.Execute(q_.Get("update_group"), {g.name, g.tenant_id.value(), g.id.value()}),
                 "group"),
      "the program has a group with this name", "name"));
  RESKILL_RETURN_IF_ERROR(
      conn_.Execute(q_.Get("delete_group_members"), {g.tenant_id.value(), g.id.value()}).status());
  for (const auto& m : g.members) {
    RESKILL_RETURN_IF_ERROR(
        conn_.Execute(q_.Get("insert_group_member"), {g.tenant_id.value(), g.id.value(), m.value()})
            .status());
  }
  return Status::Ok();
}

StatusOr<std::optional<prog::Group>> SqlProgramsRepository::FindGroup(TenantId tenant,
                                                                      prog::GroupId id) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_group_by_id"), {tenant.value(), id.value()}));
  auto g = FirstFrom<prog::Group>(rows, GroupFrom);
  if (g) RESKILL_RETURN_IF_ERROR(LoadMembers(*g));
  return g;
}

StatusOr<std::vector<prog::Group>> SqlProgramsRepository::ListGroups(TenantId tenant,
                                                                     ProgramId program) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(q_.Get("select_groups"), {tenant.value(), program.value(), program.value()}));
  auto groups = AllFrom<prog::Group>(rows, GroupFrom);
  for (auto& g : groups) RESKILL_RETURN_IF_ERROR(LoadMembers(g));
  return groups;
}

StatusOr<std::vector<prog::GroupId>> SqlProgramsRepository::ListGroupsOfStaff(TenantId tenant,
                                                                              StaffId staff) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_groups_of_staff"), {tenant.value(), staff.value()}));
  std::vector<prog::GroupId> out;
  for (const auto& r : rows) out.emplace_back(r.Int(0));
  return out;
}

// --- Clients -----------------------------------------------------------------------------------

Status SqlProgramsRepository::InsertClient(const SealedClient& s) {
  const prog::Client& c = s.client;
  auto st =
      conn_
          .Execute(
              q_.Get("insert_client"),
              {c.tenant_id.value(), c.id.value(), c.participant_id, c.program_id.value(),
               OptId(c.group_id ? c.group_id->value() : 0),
               OptId(c.counselor_id ? c.counselor_id->value() : 0), c.given_name, c.family_name,
               c.email, TextOrNull(s.email_index), OptionalTime(c.email_verified_at), c.phone,
               c.preferred_language, c.case_number, std::string(prog::ClientStatusName(c.status)),
               TextOrNull(s.password_hash), TimeValue(c.created_at), TimeValue(c.updated_at)})
          .status();
  if (st.code() == ErrorCode::kAlreadyExists) {
    const bool email = st.internal_detail().find("email") != std::string::npos;
    return AlreadyExists(email ? "the agency has a client with this e-mail address"
                               : "the participant id is taken",
                         email ? "email" : "participant_id")
        .WithDetail(st.internal_detail());
  }
  return st;
}

Status SqlProgramsRepository::UpdateClient(const SealedClient& s) {
  const prog::Client& c = s.client;
  return OnDuplicate(
      ChangedOne(conn_.Execute(q_.Get("update_client"),
                               {c.program_id.value(), OptId(c.group_id ? c.group_id->value() : 0),
                                OptId(c.counselor_id ? c.counselor_id->value() : 0), c.given_name,
                                c.family_name, c.email, TextOrNull(s.email_index),
                                OptionalTime(c.email_verified_at), c.phone, c.preferred_language,
                                c.case_number, std::string(prog::ClientStatusName(c.status)),
                                TextOrNull(s.password_hash), TimeValue(c.updated_at),
                                c.tenant_id.value(), c.id.value()}),
                 "client"),
      "the agency has a client with this e-mail address", "email");
}

StatusOr<std::optional<SealedClient>> SqlProgramsRepository::OneClient(
    const char* query, std::initializer_list<SqlValue> params) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get(query), params));
  return FirstFrom<SealedClient>(rows, ClientFrom);
}

StatusOr<std::optional<SealedClient>> SqlProgramsRepository::FindClient(TenantId tenant,
                                                                        ClientId id) {
  return OneClient("select_client_by_id", {tenant.value(), id.value()});
}

StatusOr<std::optional<SealedClient>> SqlProgramsRepository::FindClientByEmailIndex(
    TenantId tenant, std::string_view email_index) {
  return OneClient("select_client_by_email_index", {tenant.value(), std::string(email_index)});
}

StatusOr<std::optional<SealedClient>> SqlProgramsRepository::FindClientByParticipantId(
    TenantId tenant, std::string_view participant_id) {
  return OneClient("select_client_by_participant_id",
                   {tenant.value(), std::string(participant_id)});
}

StatusOr<std::vector<SealedClient>> SqlProgramsRepository::ListClients(TenantId tenant,
                                                                       const app::ClientQuery& q) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(q_.Get("select_clients"),
                  {tenant.value(), q.program.value(), q.program.value(), q.group.value(),
                   q.group.value(), q.counselor.value(), q.counselor.value(), q.status, q.status,
                   q.number, q.number, q.number, q.scope_staff.value(), q.scope_staff.value(),
                   q.scope_staff.value(), std::int64_t{q.limit}, std::int64_t{q.offset}}));
  return AllFrom<SealedClient>(rows, ClientFrom);
}

// --- Journal -----------------------------------------------------------------------------------

Status SqlProgramsRepository::AppendJournal(const prog::JournalEntry& e) {
  return conn_
      .Execute(q_.Get("insert_journal_entry"),
               {e.tenant_id.value(), e.id.value(), e.client_id.value(), TimeValue(e.at),
                std::string(prog::JournalKindName(e.kind)), e.text, e.actor_kind, e.actor_id})
      .status();
}

StatusOr<std::vector<prog::JournalEntry>> SqlProgramsRepository::ListJournal(TenantId tenant,
                                                                             ClientId client) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_journal"), {tenant.value(), client.value()}));
  return AllFrom<prog::JournalEntry>(rows, JournalFrom);
}

// --- Consent -----------------------------------------------------------------------------------

Status SqlProgramsRepository::InsertConsent(const prog::Consent& c) {
  return conn_
      .Execute(
          q_.Get("insert_consent"),
          {c.tenant_id.value(), c.id.value(), c.client_id.value(), c.provider_id.value(), c.purpose,
           JoinText(c.data_categories), std::string(prog::ConsentMethodName(c.method)),
           c.document_ref, TextOrNull(c.request_token_hash), TimeValue(c.requested_at),
           OptionalTime(c.given_at), TimeValue(c.expires_at), c.recorded_by,
           OptionalTime(c.withdrawn_at), c.withdrawn_by, c.withdrawal_channel})
      .status();
}

Status SqlProgramsRepository::UpdateConsent(const prog::Consent& c) {
  return ChangedOne(
      conn_.Execute(q_.Get("update_consent"),
                    {TextOrNull(c.request_token_hash), OptionalTime(c.given_at),
                     TimeValue(c.expires_at), OptionalTime(c.withdrawn_at), c.withdrawn_by,
                     c.withdrawal_channel, c.tenant_id.value(), c.id.value()}),
      "consent");
}

StatusOr<std::optional<prog::Consent>> SqlProgramsRepository::FindConsent(TenantId tenant,
                                                                          prog::ConsentId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_consent_by_id"), {tenant.value(), id.value()}));
  return FirstFrom<prog::Consent>(rows, ConsentFrom);
}

StatusOr<std::optional<prog::Consent>> SqlProgramsRepository::FindConsentByTokenHash(
    std::string_view token_hash) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_consent_by_token"), {std::string(token_hash)}));
  return FirstFrom<prog::Consent>(rows, ConsentFrom);
}

StatusOr<std::vector<prog::Consent>> SqlProgramsRepository::ListConsents(TenantId tenant,
                                                                         ClientId client) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_consents_of_client"),
                                                  {tenant.value(), client.value()}));
  return AllFrom<prog::Consent>(rows, ConsentFrom);
}

// --- Pools -------------------------------------------------------------------------------------

Status SqlProgramsRepository::InsertPool(const prog::LicencePool& p) {
  return OnDuplicate(
      conn_
          .Execute(q_.Get("insert_pool"), {p.tenant_id.value(), p.id.value(), p.program_id.value(),
                                           p.provider_id.value(), p.licence_type, p.name, p.seats,
                                           TimeValue(p.created_at), TimeValue(p.updated_at)})
          .status(),
      "the program already has a pool for this provider and licence type", "provider_id");
}

Status SqlProgramsRepository::UpdatePool(const prog::LicencePool& p) {
  return ChangedOne(conn_.Execute(q_.Get("update_pool"), {p.name, p.seats, TimeValue(p.updated_at),
                                                          p.tenant_id.value(), p.id.value()}),
                    "pool");
}

StatusOr<std::optional<prog::LicencePool>> SqlProgramsRepository::FindPool(TenantId tenant,
                                                                           prog::PoolId id) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_pool_by_id"), {tenant.value(), id.value()}));
  return FirstFrom<prog::LicencePool>(rows, PoolFrom);
}

StatusOr<std::optional<prog::LicencePool>> SqlProgramsRepository::FindPoolForUpdate(
    TenantId tenant, prog::PoolId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_pool_for_update"), {tenant.value(), id.value()}));
  return FirstFrom<prog::LicencePool>(rows, PoolFrom);
}

StatusOr<std::vector<prog::LicencePool>> SqlProgramsRepository::ListPools(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_pools"), {tenant.value()}));
  return AllFrom<prog::LicencePool>(rows, PoolFrom);
}

StatusOr<prog::PoolUsage> SqlProgramsRepository::CountPoolUsage(TenantId tenant, prog::PoolId pool,
                                                                Timestamp now) {
  RESKILL_ASSIGN_OR_RETURN(auto found, FindPool(tenant, pool));
  if (!found) return NotFound("no such pool");
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_pool_usage"),
                                                  {TimeValue(now), tenant.value(), pool.value()}));
  prog::PoolUsage u;
  u.seats = found->seats;
  if (!rows.empty()) {
    u.issued = rows.front().Int(0);
    u.activated = rows.front().Int(1);
    u.requested = rows.front().Int(2);
  }
  return u;
}

// --- Licences ----------------------------------------------------------------------------------

Status SqlProgramsRepository::InsertLicence(const prog::Licence& l) {
  return conn_
      .Execute(
          q_.Get("insert_licence"),
          {l.tenant_id.value(), l.id.value(), l.client_id.value(), l.program_id.value(),
           l.provider_id.value(), l.pool_id.value(), std::string(prog::LicenceStateName(l.state)),
           TimeValue(l.requested_at), l.requested_by, OptionalTime(l.issued_at), l.issued_by,
           OptionalTime(l.invite_expires_at), OptionalTime(l.activated_at),
           OptionalTime(l.revoked_at), l.revoked_by, l.revoke_reason,
           OptionalTime(l.reclaim_listed_at), TimeValue(l.updated_at)})
      .status();
}

Status SqlProgramsRepository::UpdateLicence(const prog::Licence& l) {
  return ChangedOne(
      conn_.Execute(q_.Get("update_licence"),
                    {std::string(prog::LicenceStateName(l.state)), OptionalTime(l.issued_at),
                     l.issued_by, OptionalTime(l.invite_expires_at), OptionalTime(l.activated_at),
                     OptionalTime(l.revoked_at), l.revoked_by, l.revoke_reason,
                     OptionalTime(l.reclaim_listed_at), TimeValue(l.updated_at),
                     l.tenant_id.value(), l.id.value()}),
      "licence");
}

StatusOr<std::optional<prog::Licence>> SqlProgramsRepository::FindLicence(TenantId tenant,
                                                                          LicenceId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_licence_by_id"), {tenant.value(), id.value()}));
  return FirstFrom<prog::Licence>(rows, LicenceFrom);
}

StatusOr<std::vector<prog::Licence>> SqlProgramsRepository::ListLicences(
    TenantId tenant, const app::LicenceQuery& q) {
  const std::int64_t lapsed = q.lapsed_before ? 1 : 0;
  const std::int64_t before = q.lapsed_before ? ToUnixMillis(*q.lapsed_before) : 0;
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_licences"),
                             {tenant.value(), q.client.value(), q.client.value(), q.pool.value(),
                              q.pool.value(), q.program.value(), q.program.value(), q.state,
                              q.state, std::int64_t{q.reclaim_listed_only ? 1 : 0}, lapsed, before,
                              std::int64_t{q.limit}, std::int64_t{q.offset}}));
  return AllFrom<prog::Licence>(rows, LicenceFrom);
}

// --- Invitations -------------------------------------------------------------------------------

Status SqlProgramsRepository::InsertInvitation(const app::Invitation& i) {
  return conn_
      .Execute(q_.Get("insert_invitation"),
               {i.tenant_id.value(), i.id.value(), i.licence_id.value(), i.token_hash,
                TimeValue(i.created_at), TimeValue(i.expires_at), OptionalTime(i.used_at)})
      .status();
}

StatusOr<std::optional<app::Invitation>> SqlProgramsRepository::FindInvitationByTokenHash(
    std::string_view token_hash) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_invitation_by_token"), {std::string(token_hash)}));
  return FirstFrom<app::Invitation>(rows, InvitationFrom);
}

StatusOr<bool> SqlProgramsRepository::MarkInvitationUsed(TenantId tenant, prog::InvitationId id,
                                                         Timestamp at) {
  RESKILL_ASSIGN_OR_RETURN(
      auto changed,
      conn_.Execute(q_.Get("use_invitation"), {TimeValue(at), tenant.value(), id.value()}));
  return changed == 1;
}

// --- Handoffs, assignments, plans --------------------------------------------------------------

Status SqlProgramsRepository::InsertHandoff(const app::ProviderHandoff& h) {
  return conn_
      .Execute(q_.Get("insert_handoff"),
               {h.tenant_id.value(), h.id.value(), h.licence_id.value(), h.client_id.value(),
                h.provider_id.value(), h.participant_id, h.email_sealed, TimeValue(h.at)})
      .status();
}

StatusOr<std::vector<app::ProviderHandoff>> SqlProgramsRepository::ListHandoffs(TenantId tenant,
                                                                                ClientId client) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_handoffs_of_client"),
                                                  {tenant.value(), client.value()}));
  return AllFrom<app::ProviderHandoff>(rows, [](const SqlRow& r) {
    app::ProviderHandoff h;
    h.tenant_id = TenantId(r.Int(0));
    h.id = prog::HandoffId(r.Int(1));
    h.licence_id = LicenceId(r.Int(2));
    h.client_id = ClientId(r.Int(3));
    h.provider_id = prog::CatalogProviderId(r.Int(4));
    h.participant_id = r.Text(5);
    h.email_sealed = r.Text(6);
    h.at = r.Time(7);
    return h;
  });
}

Status SqlProgramsRepository::InsertAssignment(const prog::Assignment& a) {
  return OnDuplicate(
      conn_
          .Execute(q_.Get("insert_assignment"),
                   {a.tenant_id.value(), a.id.value(), a.client_id.value(),
                    std::string(prog::AssignmentTargetName(a.target_kind)), a.target_id,
                    OptionalTime(a.due_at), a.source, OptId(a.group_id ? a.group_id->value() : 0),
                    TimeValue(a.assigned_at), a.assigned_by})
          .status(),
      "the client already has this assignment", "target_id");
}

StatusOr<std::vector<prog::Assignment>> SqlProgramsRepository::ListAssignments(TenantId tenant,
                                                                               ClientId client) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_assignments_of_client"),
                                                  {tenant.value(), client.value()}));
  return AllFrom<prog::Assignment>(rows, AssignmentFrom);
}

Status SqlProgramsRepository::InsertPlan(const prog::ActivityPlan& p) {
  return conn_
      .Execute(q_.Get("insert_plan"),
               {p.tenant_id.value(), p.id.value(), p.client_id.value(), p.activity_code, p.category,
                TimeValue(p.starts_at), TimeValue(p.ends_at),
                std::string(p.ended ? "ended" : "active"), OptionalTime(p.ended_at),
                OptId(p.renewed_from ? p.renewed_from->value() : 0), TimeValue(p.created_at)})
      .status();
}

Status SqlProgramsRepository::UpdatePlan(const prog::ActivityPlan& p) {
  return ChangedOne(
      conn_.Execute(q_.Get("update_plan"),
                    {std::string(p.ended ? "ended" : "active"), OptionalTime(p.ended_at),
                     TimeValue(p.ends_at), p.tenant_id.value(), p.id.value()}),
      "activity plan");
}

StatusOr<std::optional<prog::ActivityPlan>> SqlProgramsRepository::FindPlan(
    TenantId tenant, prog::ActivityPlanId id) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_plan_by_id"), {tenant.value(), id.value()}));
  return FirstFrom<prog::ActivityPlan>(rows, PlanFrom);
}

StatusOr<std::vector<prog::ActivityPlan>> SqlProgramsRepository::ListPlans(TenantId tenant,
                                                                           ClientId client) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_plans_of_client"), {tenant.value(), client.value()}));
  return AllFrom<prog::ActivityPlan>(rows, PlanFrom);
}

}  // namespace reskill::storage
