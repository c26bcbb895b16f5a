#include "app/programs/clients.hpp"

#include <algorithm>

#include "app/programs/programs_support.hpp"
#include "common/strings.hpp"
#include "domain/programs/staff.hpp"

namespace reskill::app::programs {

namespace {

using detail::IdText;
using domain::programs::Role;

std::string TrimmedCopy(std::string_view text) {
  return std::string(Trim(text));
}

// The names of changed fields, for the audit detail (names only, never values).
class Changed {
 public:
  void Note(std::string_view name) {
    if (!text_.empty()) text_ += ',';
    text_ += name;
  }
  bool empty() const { return text_.empty(); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

Status CheckProviders(UnitOfWork& uow, TenantId tenant,
                      const std::vector<prog::CatalogProviderId>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.course_catalog().FindProvider(tenant, ids[i]));
    if (!p) return InvalidArgument("no such provider", "provider_ids[" + std::to_string(i) + "]");
  }
  return Status::Ok();
}

Status CheckPaths(UnitOfWork& uow, TenantId tenant, const std::vector<std::int64_t>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.course_catalog().FindLearningPath(
                                         tenant, domain::catalog::LearningPathId(ids[i])));
    if (!p) {
      return InvalidArgument("no such learning path", "intro_path_ids[" + std::to_string(i) + "]");
    }
  }
  return Status::Ok();
}

Status CheckMembers(UnitOfWork& uow, TenantId tenant, const std::vector<StaffId>& members) {
  for (std::size_t i = 0; i < members.size(); ++i) {
    RESKILL_ASSIGN_OR_RETURN(auto s, uow.staff().FindById(tenant, members[i]));
    if (!s || !(s->roles.Has(Role::kCounselor) || s->roles.Has(Role::kSupervisor))) {
      return InvalidArgument("members are counselors or supervisors of the agency",
                             "members[" + std::to_string(i) + "]");
    }
  }
  return Status::Ok();
}

Status CheckCounselor(UnitOfWork& uow, TenantId tenant, StaffId id) {
  RESKILL_ASSIGN_OR_RETURN(auto s, uow.staff().FindById(tenant, id));
  if (!s || s->disabled || !(s->roles.Has(Role::kCounselor) || s->roles.Has(Role::kSupervisor))) {
    return InvalidArgument("the counselor is an enabled counselor or supervisor of the agency",
                           "counselor_id");
  }
  return Status::Ok();
}

void ApplyProgramPatch(const ProgramPatch& in, prog::Program& p, Changed& changed) {
  const auto set = [&changed](auto& target, const auto& value, std::string_view name) {
    if (value && !(target == *value)) {
      target = *value;
      changed.Note(name);
    }
  };
  if (in.name) set(p.name, std::optional(TrimmedCopy(*in.name)), "name");
  if (in.target_population) {
    set(p.target_population, std::optional(TrimmedCopy(*in.target_population)),
        "target_population");
  }
  if (in.display_name) {
    set(p.display_name, std::optional(TrimmedCopy(*in.display_name)), "display_name");
  }
  set(p.provider_ids, in.provider_ids, "provider_ids");
  set(p.licence_types, in.licence_types, "licence_types");
  set(p.starts_at, in.starts_at, "starts_at");
  set(p.ends_at, in.ends_at, "ends_at");
  set(p.seat_budget, in.seat_budget, "seat_budget");
  set(p.weekly_hours, in.weekly_hours, "weekly_hours");
  set(p.nudge_after_days, in.nudge_after_days, "nudge_after_days");
  set(p.min_items_per_month, in.min_items_per_month, "min_items_per_month");
  set(p.reclaim_after_days, in.reclaim_after_days, "reclaim_after_days");
  set(p.reclaim_mode, in.reclaim_mode, "reclaim_mode");
  set(p.invitation_valid_days, in.invitation_valid_days, "invitation_valid_days");
  set(p.consent_valid_days, in.consent_valid_days, "consent_valid_days");
  set(p.invitation_text_en, in.invitation_text_en, "invitation_text_en");
  set(p.invitation_text_es, in.invitation_text_es, "invitation_text_es");
  set(p.intro_path_ids, in.intro_path_ids, "intro_path_ids");
}

bool MatchesSearch(const prog::Client& c, std::string_view search) {
  const std::string needle = ToLower(Trim(search));
  if (needle.empty()) return true;
  for (const std::string* field :
       {&c.given_name, &c.family_name, &c.email, &c.case_number, &c.participant_id}) {
    if (ToLower(*field).find(needle) != std::string::npos) return true;
  }
  const std::string full = ToLower(c.given_name + " " + c.family_name);
  return full.find(needle) != std::string::npos;
}

}  // namespace

// --- Shared ------------------------------------------------------------------------------------

Principal SystemActor(TenantId tenant, std::string name) {
  Principal p;
  p.kind = domain::audit::ActorKind::kSystem;
  p.tenant_id = tenant;
  p.actor_id = std::move(name);
  return p;
}

Status AppendJournal(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                     TenantId tenant, ClientId client, prog::JournalKind kind, std::string text) {
  prog::JournalEntry e;
  e.tenant_id = tenant;
  e.id = prog::JournalEntryId(ctx.ids.Next());
  e.client_id = client;
  e.at = ctx.clock.Now();
  e.kind = kind;
  e.text = std::move(text);
  e.actor_kind = std::string(domain::audit::ActorKindName(actor.kind));
  e.actor_id = actor.actor_id;
  return uow.programs().AppendJournal(e);
}

Status CheckCaseload(UnitOfWork& uow, const Principal& actor, const prog::Client& client) {
  if (actor.kind == domain::audit::ActorKind::kSystem || actor.roles.Has(Role::kAdmin)) {
    return Status::Ok();
  }
  if (!actor.roles.Has(Role::kCounselor) && !actor.roles.Has(Role::kSupervisor)) {
    return NotFound("no such client");
  }
  if (client.counselor_id && *client.counselor_id == actor.staff_id) return Status::Ok();
  if (client.group_id) {
    RESKILL_ASSIGN_OR_RETURN(auto groups,
                             uow.programs().ListGroupsOfStaff(actor.tenant_id, actor.staff_id));
    if (std::find(groups.begin(), groups.end(), *client.group_id) != groups.end()) {
      return Status::Ok();
    }
  }
  return NotFound("no such client");
}

StatusOr<prog::Client> LoadClient(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                                  ClientId id) {
  RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindClient(actor.tenant_id, id));
  if (!found) return NotFound("no such client");
  RESKILL_RETURN_IF_ERROR(CheckCaseload(uow, actor, found->client));
  return detail::Open(ctx, found->client);
}

// --- Programs ----------------------------------------------------------------------------------

StatusOr<prog::Program> ManagePrograms::Create(const Principal& actor, const ProgramPatch& input,
                                               const RequestInfo& request) const {
  prog::Program p;
  p.tenant_id = actor.tenant_id;
  p.id = ProgramId(ctx_.ids.Next());
  p.created_at = p.updated_at = ctx_.clock.Now();
  p.starts_at = p.created_at;
  Changed ignored;
  ApplyProgramPatch(input, p, ignored);
  RESKILL_RETURN_IF_ERROR(prog::ValidateProgram(p));
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(CheckProviders(uow, actor.tenant_id, p.provider_ids));
    RESKILL_RETURN_IF_ERROR(CheckPaths(uow, actor.tenant_id, p.intro_path_ids));
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertProgram(p));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "program.create", "program", IdText(p.id.value())));
  }));
  return p;
}

StatusOr<prog::Program> ManagePrograms::Update(const Principal& actor, ProgramId id,
                                               const ProgramPatch& patch,
                                               const RequestInfo& request) const {
  prog::Program result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindProgram(actor.tenant_id, id));
    if (!found) return NotFound("no such program");
    prog::Program p = *found;
    Changed changed;
    ApplyProgramPatch(patch, p, changed);
    RESKILL_RETURN_IF_ERROR(prog::ValidateProgram(p));
    if (!changed.empty()) {
      RESKILL_RETURN_IF_ERROR(CheckProviders(uow, actor.tenant_id, p.provider_ids));
      RESKILL_RETURN_IF_ERROR(CheckPaths(uow, actor.tenant_id, p.intro_path_ids));
      p.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(uow.programs().UpdateProgram(p));
      RESKILL_RETURN_IF_ERROR(uow.audit().Append(
          MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "program.update", "program",
                         IdText(p.id.value()), "ok", changed.text())));
    }
    result = std::move(p);
    return Status::Ok();
  }));
  return result;
}

StatusOr<prog::Program> ManagePrograms::Get(const Principal& actor, ProgramId id) const {
  std::optional<prog::Program> p;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(p, uow.programs().FindProgram(actor.tenant_id, id));
    return Status::Ok();
  }));
  if (!p) return NotFound("no such program");
  return *p;
}

StatusOr<std::vector<prog::Program>> ManagePrograms::List(const Principal& actor) const {
  std::vector<prog::Program> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(out, uow.programs().ListPrograms(actor.tenant_id));
    return Status::Ok();
  }));
  return out;
}

// --- Groups ------------------------------------------------------------------------------------

StatusOr<prog::Group> ManageGroups::Create(const Principal& actor, ProgramId program,
                                           std::string name, std::vector<StaffId> members,
                                           const RequestInfo& request) const {
  prog::Group g;
  g.tenant_id = actor.tenant_id;
  g.id = prog::GroupId(ctx_.ids.Next());
  g.program_id = program;
  g.name = TrimmedCopy(name);
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  g.members = std::move(members);
  g.created_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(prog::ValidateGroup(g));
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.programs().FindProgram(actor.tenant_id, program));
    if (!p) return InvalidArgument("no such program", "program_id");
    RESKILL_RETURN_IF_ERROR(CheckMembers(uow, actor.tenant_id, g.members));
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertGroup(g));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "group.create",
                                             "group", IdText(g.id.value())));
  }));
  return g;
}

StatusOr<prog::Group> ManageGroups::Update(const Principal& actor, prog::GroupId id,
                                           std::optional<std::string> name,
                                           std::optional<std::vector<StaffId>> members,
                                           const RequestInfo& request) const {
  prog::Group result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindGroup(actor.tenant_id, id));
    if (!found) return NotFound("no such group");
    prog::Group g = *found;
    Changed changed;
    if (name && TrimmedCopy(*name) != g.name) {
      g.name = TrimmedCopy(*name);
      changed.Note("name");
    }
    if (members) {
      std::sort(members->begin(), members->end());
      members->erase(std::unique(members->begin(), members->end()), members->end());
      if (*members != g.members) {
        g.members = *members;
        changed.Note("members");
      }
    }
    RESKILL_RETURN_IF_ERROR(prog::ValidateGroup(g));
    RESKILL_RETURN_IF_ERROR(CheckMembers(uow, actor.tenant_id, g.members));
    if (!changed.empty()) {
      RESKILL_RETURN_IF_ERROR(uow.programs().UpdateGroup(g));
      RESKILL_RETURN_IF_ERROR(
          uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "group.update",
                                            "group", IdText(g.id.value()), "ok", changed.text())));
    }
    result = std::move(g);
    return Status::Ok();
  }));
  return result;
}

StatusOr<prog::Group> ManageGroups::Get(const Principal& actor, prog::GroupId id) const {
  std::optional<prog::Group> g;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(g, uow.programs().FindGroup(actor.tenant_id, id));
    return Status::Ok();
  }));
  if (!g) return NotFound("no such group");
  return *g;
}

StatusOr<std::vector<prog::Group>> ManageGroups::List(const Principal& actor,
                                                      ProgramId program) const {
  std::vector<prog::Group> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(out, uow.programs().ListGroups(actor.tenant_id, program));
    return Status::Ok();
  }));
  return out;
}

// --- Clients -----------------------------------------------------------------------------------

StatusOr<prog::Client> ManageClients::Create(const Principal& actor, const NewClient& in,
                                             const RequestInfo& request) const {
  prog::Client c;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(c, CreateIn(uow, actor, in, request));
    return Status::Ok();
  }));
  return c;
}

StatusOr<prog::Client> ManageClients::CreateIn(UnitOfWork& uow, const Principal& actor,
                                               const NewClient& in,
                                               const RequestInfo& request) const {
  prog::Client c;
  c.tenant_id = actor.tenant_id;
  c.id = ClientId(ctx_.ids.Next());
  c.program_id = in.program_id;
  c.group_id = in.group_id;
  c.counselor_id = in.counselor_id;
  if (!c.counselor_id && actor.kind != domain::audit::ActorKind::kSystem &&
      !actor.roles.Has(Role::kAdmin)) {
    c.counselor_id = actor.staff_id;
  }
  c.given_name = TrimmedCopy(in.given_name);
  c.family_name = TrimmedCopy(in.family_name);
  c.email = TrimmedCopy(in.email);
  c.phone = TrimmedCopy(in.phone);
  c.preferred_language = in.preferred_language.empty() ? "en" : in.preferred_language;
  c.case_number = TrimmedCopy(in.case_number);
  c.created_at = c.updated_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(prog::ValidateClient(c));
  if (!c.email.empty()) c.email = NormalizeEmail(c.email);
  {
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.programs().FindProgram(actor.tenant_id, c.program_id));
    if (!p) return InvalidArgument("no such program", "program_id");
    if (c.group_id) {
      RESKILL_ASSIGN_OR_RETURN(auto g, uow.programs().FindGroup(actor.tenant_id, *c.group_id));
      if (!g || g->program_id != c.program_id) {
        return InvalidArgument("no such group in the program", "group_id");
      }
    }
    if (c.counselor_id)
      RESKILL_RETURN_IF_ERROR(CheckCounselor(uow, actor.tenant_id, *c.counselor_id));
    // The participant id is random; a clash (1 in ~900 million per pair) just draws again.
    for (int attempt = 0;; ++attempt) {
      c.participant_id = prog::MakeParticipantId(ctx_.tokens.NewToken());
      RESKILL_ASSIGN_OR_RETURN(
          auto taken, uow.programs().FindClientByParticipantId(actor.tenant_id, c.participant_id));
      if (!taken) break;
      if (attempt > 20) return Internal("could not draw a free participant id");
    }
    RESKILL_RETURN_IF_ERROR(uow.programs().InsertClient(detail::Seal(ctx_, c, "")));
    RESKILL_RETURN_IF_ERROR(AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id,
                                          prog::JournalKind::kClient,
                                          "Client record created (" + c.participant_id + ")"));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, "client.create", "client", IdText(c.id.value()))));
  }
  return c;
}

StatusOr<prog::Client> ManageClients::Update(const Principal& actor, ClientId id,
                                             const ClientPatch& patch,
                                             const RequestInfo& request) const {
  prog::Client result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindClient(actor.tenant_id, id));
    if (!found) return NotFound("no such client");
    RESKILL_RETURN_IF_ERROR(CheckCaseload(uow, actor, found->client));
    RESKILL_ASSIGN_OR_RETURN(prog::Client c, detail::Open(ctx_, found->client));
    Changed changed;
    const auto text = [&changed](std::string& target, const std::optional<std::string>& value,
                                 std::string_view name) {
      if (value && TrimmedCopy(*value) != target) {
        target = TrimmedCopy(*value);
        changed.Note(name);
      }
    };
    text(c.given_name, patch.given_name, "given_name");
    text(c.family_name, patch.family_name, "family_name");
    const std::string old_email = c.email;
    text(c.email, patch.email, "email");
    text(c.phone, patch.phone, "phone");
    text(c.preferred_language, patch.preferred_language, "preferred_language");
    text(c.case_number, patch.case_number, "case_number");
    if (patch.counselor_id && *patch.counselor_id != c.counselor_id) {
      c.counselor_id = *patch.counselor_id;
      changed.Note("counselor_id");
      if (c.counselor_id)
        RESKILL_RETURN_IF_ERROR(CheckCounselor(uow, actor.tenant_id, *c.counselor_id));
    }
    if (patch.status && *patch.status != c.status) {
      c.status = *patch.status;
      changed.Note("status");
    }
    RESKILL_RETURN_IF_ERROR(prog::ValidateClient(c));
    if (!c.email.empty()) c.email = NormalizeEmail(c.email);
    if (c.email != old_email) c.email_verified_at.reset();
    if (!changed.empty()) {
      c.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(
          uow.programs().UpdateClient(detail::Seal(ctx_, c, found->password_hash)));
      RESKILL_RETURN_IF_ERROR(AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id,
                                            prog::JournalKind::kClient,
                                            "Client record updated: " + changed.text()));
      RESKILL_RETURN_IF_ERROR(
          uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "client.update",
                                            "client", IdText(c.id.value()), "ok", changed.text())));
    }
    result = std::move(c);
    return Status::Ok();
  }));
  return result;
}

StatusOr<prog::Client> ManageClients::MoveToGroup(const Principal& actor, ClientId id,
                                                  std::optional<prog::GroupId> group,
                                                  const RequestInfo& request) const {
  prog::Client result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindClient(actor.tenant_id, id));
    if (!found) return NotFound("no such client");
    RESKILL_RETURN_IF_ERROR(CheckCaseload(uow, actor, found->client));
    RESKILL_ASSIGN_OR_RETURN(prog::Client c, detail::Open(ctx_, found->client));
    std::string to = "no group";
    if (group) {
      RESKILL_ASSIGN_OR_RETURN(auto g, uow.programs().FindGroup(actor.tenant_id, *group));
      if (!g || g->program_id != c.program_id) {
        return InvalidArgument("no such group in the client's program", "group_id");
      }
      to = g->name;
    }
    if (c.group_id != group) {
      std::string from = "no group";
      if (c.group_id) {
        RESKILL_ASSIGN_OR_RETURN(auto old, uow.programs().FindGroup(actor.tenant_id, *c.group_id));
        if (old) from = old->name;
      }
      c.group_id = group;
      c.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(
          uow.programs().UpdateClient(detail::Seal(ctx_, c, found->password_hash)));
      RESKILL_RETURN_IF_ERROR(AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id,
                                            prog::JournalKind::kGroup,
                                            "Moved from " + from + " to " + to));
      RESKILL_RETURN_IF_ERROR(uow.audit().Append(MakeAuditEvent(
          ctx_, actor, actor.tenant_id, request, "client.move", "client", IdText(c.id.value()),
          "ok", "group=" + (group ? IdText(group->value()) : std::string("none")))));
    }
    result = std::move(c);
    return Status::Ok();
  }));
  return result;
}

StatusOr<prog::Client> ManageClients::Get(const Principal& actor, ClientId id,
                                          const RequestInfo& request) const {
  prog::Client result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(result, LoadClient(ctx_, uow, actor, id));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "client.read",
                                             "client", IdText(id.value())));
  }));
  return result;
}

StatusOr<ClientPage> ManageClients::List(const Principal& actor, const ClientFilter& filter,
                                         const RequestInfo& request) const {
  if (filter.limit < 1 || filter.limit > 500) {
    return InvalidArgument("limit is between 1 and 500", "limit");
  }
  if (filter.offset < 0) return InvalidArgument("offset is at least 0", "offset");
  ClientPage page;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    ClientQuery q;
    q.program = filter.program;
    q.group = filter.group;
    q.counselor = filter.counselor;
    q.status = filter.status;
    if (!actor.roles.Has(Role::kAdmin)) q.scope_staff = actor.staff_id;
    const auto search = Trim(filter.search);
    // An exact case number or participant id is looked up in SQL; any other text is matched
    // against the opened names and e-mail of the caseload (they are sealed at rest).
    const bool exact = !search.empty() && (prog::IsParticipantId(search) ||
                                           search.find(' ') == std::string_view::npos);
    if (exact) q.number = std::string(search);
    q.limit = 5000;
    RESKILL_ASSIGN_OR_RETURN(auto rows, uow.programs().ListClients(actor.tenant_id, q));
    if (exact && rows.empty()) {
      q.number.clear();
      RESKILL_ASSIGN_OR_RETURN(rows, uow.programs().ListClients(actor.tenant_id, q));
    }
    int skipped = 0;
    for (const auto& row : rows) {
      RESKILL_ASSIGN_OR_RETURN(auto c, detail::Open(ctx_, row.client));
      if (!MatchesSearch(c, search)) continue;
      if (skipped < filter.offset) {
        ++skipped;
        continue;
      }
      if (static_cast<int>(page.items.size()) >= filter.limit) break;
      page.items.push_back(std::move(c));
    }
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "client.list",
                                             "client", "", "ok",
                                             "count=" + std::to_string(page.items.size())));
  }));
  return page;
}

// --- Journal -----------------------------------------------------------------------------------

StatusOr<prog::JournalEntry> ClientJournal::AddNote(const Principal& actor, ClientId client,
                                                    std::string_view text,
                                                    const RequestInfo& request) const {
  RESKILL_RETURN_IF_ERROR(prog::ValidateNote(text));
  prog::JournalEntry entry;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindClient(actor.tenant_id, client));
    if (!found) return NotFound("no such client");
    RESKILL_RETURN_IF_ERROR(CheckCaseload(uow, actor, found->client));
    entry.tenant_id = actor.tenant_id;
    entry.id = prog::JournalEntryId(ctx_.ids.Next());
    entry.client_id = client;
    entry.at = ctx_.clock.Now();
    entry.kind = prog::JournalKind::kNote;
    entry.text = TrimmedCopy(text);
    entry.actor_kind = std::string(domain::audit::ActorKindName(actor.kind));
    entry.actor_id = actor.actor_id;
    RESKILL_RETURN_IF_ERROR(uow.programs().AppendJournal(entry));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "journal.note",
                                             "client", IdText(client.value())));
  }));
  return entry;
}

StatusOr<std::vector<prog::JournalEntry>> ClientJournal::List(const Principal& actor,
                                                              ClientId client) const {
  std::vector<prog::JournalEntry> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.programs().FindClient(actor.tenant_id, client));
    if (!found) return NotFound("no such client");
    RESKILL_RETURN_IF_ERROR(CheckCaseload(uow, actor, found->client));
    RESKILL_ASSIGN_OR_RETURN(out, uow.programs().ListJournal(actor.tenant_id, client));
    return Status::Ok();
  }));
  return out;
}

}  // namespace reskill::app::programs
