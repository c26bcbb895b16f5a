#include "http/api/programs_api.hpp"

#include <charconv>

#include "app/programs/client_import.hpp"
#include "app/programs/clients.hpp"
#include "app/programs/licences.hpp"
#include "http/error_mapping.hpp"
#include "http/json.hpp"
#include "http/services.hpp"

namespace reskill::http::api {

namespace {

namespace prog = domain::programs;
namespace ap = app::programs;

// Rule refusals carry the rule's name as the problem code, so API clients can branch on it.
Response Fail(const RequestContext& ctx, const Status& st) {
  if (st.code() == ErrorCode::kFailedPrecondition) {
    std::string_view code = "failed_precondition";
    if (st.field() == "consent") code = "consent_required";
    if (st.field() == "seats") code = "no_free_seats";
    if (st.field() == "state" || st.field() == "token") code = "invalid_state";
    if (st.field() == "licence") code = "licence_open";
    return Problem(409, code, st.public_message(), st.field(), ctx.info.request_id);
  }
  return ErrorResponse(ctx, st);
}

Json OptId(std::int64_t id) {
  return id > 0 ? Json(IdString(id)) : Json(nullptr);
}

template <typename T>
Json IdArray(const std::vector<T>& ids) {
  Json out = Json::array();
  for (const auto& id : ids) {
    if constexpr (std::is_same_v<T, std::int64_t>) {
      out.push_back(IdString(id));
    } else {
      out.push_back(IdString(id.value()));
    }
  }
  return out;
}

Json ProgramJson(const prog::Program& p) {
  return {{"id", IdString(p.id.value())},
          {"name", p.name},
          {"target_population", p.target_population},
          {"display_name", p.display_name},
          {"provider_ids", IdArray(p.provider_ids)},
          {"licence_types", p.licence_types},
          {"starts_at", FormatIso8601(p.starts_at)},
          {"ends_at", TimeOrNull(p.ends_at)},
          {"seat_budget", p.seat_budget},
          {"weekly_hours", p.weekly_hours},
          {"nudge_after_days", p.nudge_after_days},
          {"min_items_per_month", p.min_items_per_month},
          {"reclaim_after_days", p.reclaim_after_days},
          {"reclaim_mode", prog::ReclaimModeName(p.reclaim_mode)},
          {"invitation_valid_days", p.invitation_valid_days},
          {"consent_valid_days", p.consent_valid_days},
          {"invitation_text_en", p.invitation_text_en},
          {"invitation_text_es", p.invitation_text_es},
          {"intro_path_ids", IdArray(p.intro_path_ids)},
          {"created_at", FormatIso8601(p.created_at)},
          {"updated_at", FormatIso8601(p.updated_at)}};
}

Json GroupJson(const prog::Group& g) {
  return {{"id", IdString(g.id.value())},
          {"program_id", IdString(g.program_id.value())},
          {"name", g.name},
          {"members", IdArray(g.members)},
          {"created_at", FormatIso8601(g.created_at)}};
}

// Contact data is included: only caseworkers reach client routes, and only for their caseload.
Json ClientJson(const prog::Client& c) {
  return {{"id", IdString(c.id.value())},
          {"participant_id", c.participant_id},
          {"program_id", IdString(c.program_id.value())},
          {"group_id", OptId(c.group_id ? c.group_id->value() : 0)},
          {"counselor_id", OptId(c.counselor_id ? c.counselor_id->value() : 0)},
          {"given_name", c.given_name},
          {"family_name", c.family_name},
          {"email", c.email},
          {"email_verified_at", TimeOrNull(c.email_verified_at)},
          {"phone", c.phone},
          {"preferred_language", c.preferred_language},
          {"case_number", c.case_number},
          {"status", prog::ClientStatusName(c.status)},
          {"has_password", c.has_password},
          {"created_at", FormatIso8601(c.created_at)},
          {"updated_at", FormatIso8601(c.updated_at)}};
}

Json JournalJson(const prog::JournalEntry& e) {
  return {{"id", IdString(e.id.value())},
          {"at", FormatIso8601(e.at)},
          {"kind", prog::JournalKindName(e.kind)},
          {"text", e.text},
          {"actor_kind", e.actor_kind},
          {"actor_id", e.actor_id}};
}

Json ConsentJson(const prog::Consent& c, const std::string& provider_name, bool active) {
  return {{"id", IdString(c.id.value())},
          {"client_id", IdString(c.client_id.value())},
          {"provider", {{"id", IdString(c.provider_id.value())}, {"name", provider_name}}},
          {"purpose", c.purpose},
          {"data_categories", c.data_categories},
          {"method", prog::ConsentMethodName(c.method)},
          {"document_ref", c.document_ref},
          {"requested_at", FormatIso8601(c.requested_at)},
          {"given_at", TimeOrNull(c.given_at)},
          {"expires_at", FormatIso8601(c.expires_at)},
          {"recorded_by", c.recorded_by},
          {"withdrawn_at", TimeOrNull(c.withdrawn_at)},
          {"withdrawal_channel", c.withdrawal_channel},
          {"active", active}};
}

Json PoolJson(const ap::PoolView& v) {
  const auto& p = v.pool;
  return {{"id", IdString(p.id.value())},
          {"program_id", IdString(p.program_id.value())},
          {"provider", {{"id", IdString(p.provider_id.value())}, {"name", v.provider_name}}},
          {"licence_type", p.licence_type},
          {"name", p.name},
          {"seats", p.seats},
          {"issued", v.usage.issued},
          {"activated", v.usage.activated},
          {"available", v.usage.available()},
          {"pending_requests", v.usage.requested},
          {"allocation_percent", v.usage.allocation_percent()},
          {"alert", v.usage.alert()},
          {"created_at", FormatIso8601(p.created_at)},
          {"updated_at", FormatIso8601(p.updated_at)}};
}

Json LicenceJson(const ap::LicenceView& v) {
  const auto& l = v.licence;
  return {{"id", IdString(l.id.value())},
          {"client_id", IdString(l.client_id.value())},
          {"participant_id", v.participant_id},
          {"program_id", IdString(l.program_id.value())},
          {"provider", {{"id", IdString(l.provider_id.value())}, {"name", v.provider_name}}},
          {"pool", {{"id", IdString(l.pool_id.value())}, {"name", v.pool_name}}},
          {"state", prog::LicenceStateName(l.state)},
          {"requested_at", FormatIso8601(l.requested_at)},
          {"requested_by", l.requested_by},
          {"issued_at", TimeOrNull(l.issued_at)},
          {"issued_by", l.issued_by},
          {"invitation_expires_at", TimeOrNull(l.invite_expires_at)},
          {"invitation_lapsed", v.invitation_lapsed},
          {"activated_at", TimeOrNull(l.activated_at)},
          {"revoked_at", TimeOrNull(l.revoked_at)},
          {"revoke_reason", l.revoke_reason},
          {"reclaim_listed_at", TimeOrNull(l.reclaim_listed_at)}};
}

Json AssignmentJson(const ap::AssignmentView& v) {
  const auto& a = v.assignment;
  return {{"id", IdString(a.id.value())},
          {"target_kind", prog::AssignmentTargetName(a.target_kind)},
          {"target_id", IdString(a.target_id)},
          {"title", v.title},
          {"due_at", TimeOrNull(a.due_at)},
          {"source", a.source},
          {"assigned_at", FormatIso8601(a.assigned_at)}};
}

Json PlanJson(const prog::ActivityPlan& p) {
  return {{"id", IdString(p.id.value())},
          {"client_id", IdString(p.client_id.value())},
          {"activity_code", p.activity_code},
          {"category", p.category},
          {"starts_at", FormatIso8601(p.starts_at)},
          {"ends_at", FormatIso8601(p.ends_at)},
          {"status", p.ended ? "ended" : "active"},
          {"ended_at", TimeOrNull(p.ended_at)},
          {"renewed_from", OptId(p.renewed_from ? p.renewed_from->value() : 0)}};
}

Json ActivationJson(const ap::ActivationView& v) {
  Json paths = Json::array();
  for (const auto& a : v.assignments) paths.push_back(AssignmentJson(a));
  return {{"given_name", v.given_name},         {"program", v.program_display_name},
          {"provider", v.provider_name},        {"locale", v.locale},
          {"consent_needed", v.consent_needed}, {"has_password", v.has_password},
          {"activated", v.already_activated},   {"assignments", std::move(paths)}};
}

Response Created(const Json& body, const std::string& location) {
  Response r = JsonResponse(201, body);
  r.SetHeader("Location", location);
  return r;
}

// --- Request readers ---------------------------------------------------------------------------

template <typename T>
StatusOr<T> PathId(const RequestContext& ctx, std::string_view what) {
  RESKILL_ASSIGN_OR_RETURN(auto id, ParseIdParam(ctx.Param("id"), what));
  return T(id);
}

StatusOr<std::optional<std::int64_t>> OptionalId(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_string()) return InvalidArgument("an id is a string of digits", key);
  auto id = ParseIdParam(it->get<std::string>(), key);
  if (!id.ok()) return InvalidArgument("an id is a string of digits", key);
  return std::optional<std::int64_t>(*id);
}

StatusOr<std::int64_t> RequiredId(const Json& body, const char* key) {
  RESKILL_ASSIGN_OR_RETURN(auto id, OptionalId(body, key));
  if (!id) return InvalidArgument(std::string(key) + " is required", key);
  return *id;
}

StatusOr<std::optional<std::vector<std::int64_t>>> OptionalIds(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::vector<std::int64_t>>();
  if (!it->is_array()) return InvalidArgument(std::string(key) + " is an array of ids", key);
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string field = std::string(key) + "[" + std::to_string(i) + "]";
    const auto& v = (*it)[i];
    if (!v.is_string()) return InvalidArgument("an id is a string of digits", field);
    auto id = ParseIdParam(v.get<std::string>(), "record");
    if (!id.ok()) return InvalidArgument("an id is a string of digits", field);
    out.push_back(*id);
  }
  return std::optional<std::vector<std::int64_t>>(std::move(out));
}

StatusOr<std::optional<Timestamp>> OptionalTime(const Json& body, const char* key) {
  RESKILL_ASSIGN_OR_RETURN(auto text, OptionalString(body, key));
  if (!text) return std::optional<Timestamp>();
  auto t = ParseIso8601(*text);
  if (!t) return InvalidArgument(std::string(key) + " is a date or an ISO 8601 time", key);
  return std::optional<Timestamp>(*t);
}

StatusOr<std::optional<double>> OptionalNumber(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return InvalidArgument(std::string(key) + " must be a number", key);
  return std::optional<double>(it->get<double>());
}

// SSN-shaped values are refused in every id or number field, before anything else.
Status RefuseSsnFields(const Json& body, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = body.find(key);
    if (it != body.end() && it->is_string()) {
      RESKILL_RETURN_IF_ERROR(prog::RefuseSsn(it->get<std::string>(), key));
    }
  }
  return Status::Ok();
}

StatusOr<int> IntQuery(const Request& request, const char* name, int fallback) {
  auto text = request.Query(name);
  if (!text) return fallback;
  int value = 0;
  const auto* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end) {
    return InvalidArgument(std::string(name) + " must be an integer", name);
  }
  return value;
}

StatusOr<std::int64_t> IdQuery(const Request& request, const char* name) {
  auto text = request.Query(name);
  if (!text || text->empty()) return std::int64_t{0};
  auto id = ParseIdParam(*text, name);
  if (!id.ok()) return InvalidArgument(std::string(name) + " is an id", name);
  return *id;
}

const std::initializer_list<std::string_view> kProgramKeys = {"name",
                                                              "target_population",
                                                              "display_name",
                                                              "provider_ids",
                                                              "licence_types",
                                                              "starts_at",
                                                              "ends_at",
                                                              "seat_budget",
                                                              "weekly_hours",
                                                              "nudge_after_days",
                                                              "min_items_per_month",
                                                              "reclaim_after_days",
                                                              "reclaim_mode",
                                                              "invitation_valid_days",
                                                              "consent_valid_days",
                                                              "invitation_text_en",
                                                              "invitation_text_es",
                                                              "intro_path_ids"};

StatusOr<ap::ProgramPatch> ReadProgram(const Json& body) {
  ap::ProgramPatch p;
  RESKILL_ASSIGN_OR_RETURN(p.name, OptionalString(body, "name"));
  RESKILL_ASSIGN_OR_RETURN(p.target_population, OptionalString(body, "target_population"));
  RESKILL_ASSIGN_OR_RETURN(p.display_name, OptionalString(body, "display_name"));
  RESKILL_ASSIGN_OR_RETURN(auto providers, OptionalIds(body, "provider_ids"));
  if (providers) {
    p.provider_ids.emplace();
    for (auto id : *providers) p.provider_ids->emplace_back(id);
  }
  RESKILL_ASSIGN_OR_RETURN(p.licence_types, OptionalStringArray(body, "licence_types"));
  RESKILL_ASSIGN_OR_RETURN(p.starts_at, OptionalTime(body, "starts_at"));
  if (body.contains("ends_at")) {
    RESKILL_ASSIGN_OR_RETURN(auto ends, OptionalTime(body, "ends_at"));
    p.ends_at = ends;
  }
  RESKILL_ASSIGN_OR_RETURN(auto budget, OptionalInt(body, "seat_budget", 0, 10'000'000));
  if (budget) p.seat_budget = *budget;
  RESKILL_ASSIGN_OR_RETURN(p.weekly_hours, OptionalNumber(body, "weekly_hours"));
  RESKILL_ASSIGN_OR_RETURN(p.nudge_after_days, OptionalInt(body, "nudge_after_days", 1, 3650));
  RESKILL_ASSIGN_OR_RETURN(p.min_items_per_month, OptionalInt(body, "min_items_per_month", 0, 100));
  RESKILL_ASSIGN_OR_RETURN(p.reclaim_after_days, OptionalInt(body, "reclaim_after_days", 1, 3650));
  RESKILL_ASSIGN_OR_RETURN(auto mode, OptionalString(body, "reclaim_mode"));
  if (mode) {
    auto m = prog::ParseReclaimMode(*mode);
    if (!m) return InvalidArgument("reclaim_mode is list or revoke", "reclaim_mode");
    p.reclaim_mode = *m;
  }
  RESKILL_ASSIGN_OR_RETURN(p.invitation_valid_days,
                           OptionalInt(body, "invitation_valid_days", 1, 3650));
  RESKILL_ASSIGN_OR_RETURN(p.consent_valid_days, OptionalInt(body, "consent_valid_days", 1, 1096));
  RESKILL_ASSIGN_OR_RETURN(p.invitation_text_en, OptionalString(body, "invitation_text_en"));
  RESKILL_ASSIGN_OR_RETURN(p.invitation_text_es, OptionalString(body, "invitation_text_es"));
  RESKILL_ASSIGN_OR_RETURN(p.intro_path_ids, OptionalIds(body, "intro_path_ids"));
  return p;
}

StatusOr<ap::ConsentInput> ReadConsent(const Json& body) {
  ap::ConsentInput in;
  RESKILL_ASSIGN_OR_RETURN(auto provider, RequiredId(body, "provider_id"));
  in.provider_id = prog::CatalogProviderId(provider);
  RESKILL_ASSIGN_OR_RETURN(in.purpose, RequiredString(body, "purpose"));
  RESKILL_ASSIGN_OR_RETURN(auto cats, OptionalStringArray(body, "data_categories"));
  if (cats) in.data_categories = *cats;
  RESKILL_ASSIGN_OR_RETURN(auto method, RequiredString(body, "method"));
  auto m = prog::ParseConsentMethod(method);
  if (!m) return InvalidArgument("method is paper, email or e_signature", "method");
  in.method = *m;
  RESKILL_ASSIGN_OR_RETURN(auto ref, OptionalString(body, "document_ref"));
  if (ref) in.document_ref = *ref;
  RESKILL_ASSIGN_OR_RETURN(in.given_at, OptionalTime(body, "given_at"));
  RESKILL_ASSIGN_OR_RETURN(in.expires_at, OptionalTime(body, "expires_at"));
  return in;
}

StatusOr<ap::AssignInput> ReadAssign(const Json& body) {
  ap::AssignInput in;
  RESKILL_ASSIGN_OR_RETURN(auto kind, RequiredString(body, "target_kind"));
  auto k = prog::ParseAssignmentTarget(kind);
  if (!k) return InvalidArgument("target_kind is path or course", "target_kind");
  in.target_kind = *k;
  RESKILL_ASSIGN_OR_RETURN(in.target_id, RequiredId(body, "target_id"));
  RESKILL_ASSIGN_OR_RETURN(in.due_at, OptionalTime(body, "due_at"));
  return in;
}

Json BulkJson(const RequestContext& ctx, const std::vector<ap::BulkOutcome>& outcomes) {
  Json items = Json::array();
  int ok = 0;
  for (const auto& o : outcomes) {
    Json item = {{"id", IdString(o.id.value())}, {"ok", o.status.ok()}};
    if (o.status.ok()) {
      ++ok;
    } else {
      item["error"] = Json::parse(Fail(ctx, o.status).body, nullptr, false);
    }
    items.push_back(std::move(item));
  }
  return {{"items", std::move(items)},
          {"succeeded", ok},
          {"failed", static_cast<int>(outcomes.size()) - ok}};
}

}  // namespace

// --- Programs ----------------------------------------------------------------------------------

Response ListPrograms(RequestContext& ctx) {
  auto programs = ap::ManagePrograms(ctx.services.app).List(ctx.principal);
  if (!programs.ok()) return Fail(ctx, programs.status());
  Json items = Json::array();
  for (const auto& p : *programs) items.push_back(ProgramJson(p));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateProgram(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, kProgramKeys);
  if (!body.ok()) return Fail(ctx, body.status());
  auto in = ReadProgram(*body);
  if (!in.ok()) return Fail(ctx, in.status());
  for (const char* field : {"name", "display_name"}) {
    if (!body->contains(field))
      return Fail(ctx, InvalidArgument(std::string(field) + " is required", field));
  }
  auto p = ap::ManagePrograms(ctx.services.app).Create(ctx.principal, *in, ctx.info);
  if (!p.ok()) return Fail(ctx, p.status());
  return Created(ProgramJson(*p), "/api/v1/programs/" + IdString(p->id.value()));
}

Response GetProgram(RequestContext& ctx) {
  auto id = PathId<ProgramId>(ctx, "program");
  if (!id.ok()) return Fail(ctx, id.status());
  auto p = ap::ManagePrograms(ctx.services.app).Get(ctx.principal, *id);
  if (!p.ok()) return Fail(ctx, p.status());
  return JsonResponse(200, ProgramJson(*p));
}

Response PatchProgram(RequestContext& ctx) {
  auto id = PathId<ProgramId>(ctx, "program");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, kProgramKeys);
  if (!body.ok()) return Fail(ctx, body.status());
  auto in = ReadProgram(*body);
  if (!in.ok()) return Fail(ctx, in.status());
  auto p = ap::ManagePrograms(ctx.services.app).Update(ctx.principal, *id, *in, ctx.info);
  if (!p.ok()) return Fail(ctx, p.status());
  return JsonResponse(200, ProgramJson(*p));
}

// --- Groups ------------------------------------------------------------------------------------

Response ListGroups(RequestContext& ctx) {
  auto program = IdQuery(ctx.request, "program");
  if (!program.ok()) return Fail(ctx, program.status());
  auto groups = ap::ManageGroups(ctx.services.app).List(ctx.principal, ProgramId(*program));
  if (!groups.ok()) return Fail(ctx, groups.status());
  Json items = Json::array();
  for (const auto& g : *groups) items.push_back(GroupJson(g));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateGroup(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"program_id", "name", "members"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto program = RequiredId(*body, "program_id");
  if (!program.ok()) return Fail(ctx, program.status());
  auto name = RequiredString(*body, "name");
  if (!name.ok()) return Fail(ctx, name.status());
  auto members = OptionalIds(*body, "members");
  if (!members.ok()) return Fail(ctx, members.status());
  std::vector<StaffId> staff;
  if (*members) {
    for (auto id : **members) staff.emplace_back(id);
  }
  auto g = ap::ManageGroups(ctx.services.app)
               .Create(ctx.principal, ProgramId(*program), *name, std::move(staff), ctx.info);
  if (!g.ok()) return Fail(ctx, g.status());
  return Created(GroupJson(*g), "/api/v1/groups/" + IdString(g->id.value()));
}

Response GetGroup(RequestContext& ctx) {
  auto id = PathId<prog::GroupId>(ctx, "group");
  if (!id.ok()) return Fail(ctx, id.status());
  auto g = ap::ManageGroups(ctx.services.app).Get(ctx.principal, *id);
  if (!g.ok()) return Fail(ctx, g.status());
  return JsonResponse(200, GroupJson(*g));
}

Response PatchGroup(RequestContext& ctx) {
  auto id = PathId<prog::GroupId>(ctx, "group");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"name", "members"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto name = OptionalString(*body, "name");
  if (!name.ok()) return Fail(ctx, name.status());
  auto members = OptionalIds(*body, "members");
  if (!members.ok()) return Fail(ctx, members.status());
  std::optional<std::vector<StaffId>> staff;
  if (*members) {
    staff.emplace();
    for (auto m : **members) staff->emplace_back(m);
  }
  auto g = ap::ManageGroups(ctx.services.app).Update(ctx.principal, *id, *name, staff, ctx.info);
  if (!g.ok()) return Fail(ctx, g.status());
  return JsonResponse(200, GroupJson(*g));
}

Response AssignGroup(RequestContext& ctx) {
  auto id = PathId<prog::GroupId>(ctx, "group");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"target_kind", "target_id", "due_at"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto in = ReadAssign(*body);
  if (!in.ok()) return Fail(ctx, in.status());
  auto n = ap::AssignLearning(ctx.services.app).ToGroup(ctx.principal, *id, *in, ctx.info);
  if (!n.ok()) return Fail(ctx, n.status());
  return JsonResponse(200, {{"assigned", *n}});
}

// --- Clients -----------------------------------------------------------------------------------

Response ListClients(RequestContext& ctx) {
  ap::ClientFilter f;
  auto program = IdQuery(ctx.request, "program");
  auto group = IdQuery(ctx.request, "group");
  auto counselor = IdQuery(ctx.request, "counselor");
  auto limit = IntQuery(ctx.request, "limit", 100);
  auto offset = IntQuery(ctx.request, "offset", 0);
  for (const Status* st : {&program.status(), &group.status(), &counselor.status(), &limit.status(),
                           &offset.status()}) {
    if (!st->ok()) return Fail(ctx, *st);
  }
  f.program = ProgramId(*program);
  f.group = prog::GroupId(*group);
  f.counselor = StaffId(*counselor);
  f.limit = *limit;
  f.offset = *offset;
  if (auto s = ctx.request.Query("status")) f.status = std::string(*s);
  if (auto q = ctx.request.Query("q")) f.search = std::string(*q);
  if (!f.status.empty() && !prog::ParseClientStatus(f.status)) {
    return Fail(ctx, InvalidArgument("status is active or exited", "status"));
  }
  auto page = ap::ManageClients(ctx.services.app).List(ctx.principal, f, ctx.info);
  if (!page.ok()) return Fail(ctx, page.status());
  Json items = Json::array();
  for (const auto& c : page->items) items.push_back(ClientJson(c));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateClient(RequestContext& ctx) {
  auto body = ParseJsonObject(
      ctx.request, {"program_id", "group_id", "counselor_id", "given_name", "family_name", "email",
                    "phone", "preferred_language", "case_number", "participant_id"});
  if (!body.ok()) return Fail(ctx, body.status());
  if (auto st =
          RefuseSsnFields(*body, {"case_number", "participant_id", "given_name", "family_name"});
      !st.ok()) {
    return Fail(ctx, st);
  }
  if (body->contains("participant_id")) {
    return Fail(ctx,
                InvalidArgument("the participant id is generated by Reskill", "participant_id"));
  }
  ap::NewClient in;
  auto program = RequiredId(*body, "program_id");
  if (!program.ok()) return Fail(ctx, program.status());
  in.program_id = ProgramId(*program);
  auto group = OptionalId(*body, "group_id");
  if (!group.ok()) return Fail(ctx, group.status());
  if (*group) in.group_id = prog::GroupId(**group);
  auto counselor = OptionalId(*body, "counselor_id");
  if (!counselor.ok()) return Fail(ctx, counselor.status());
  if (*counselor) in.counselor_id = StaffId(**counselor);
  auto given = RequiredString(*body, "given_name");
  if (!given.ok()) return Fail(ctx, given.status());
  in.given_name = *given;
  auto family = RequiredString(*body, "family_name");
  if (!family.ok()) return Fail(ctx, family.status());
  in.family_name = *family;
  for (auto [key, target] : {std::pair{"email", &in.email}, std::pair{"phone", &in.phone},
                             std::pair{"preferred_language", &in.preferred_language},
                             std::pair{"case_number", &in.case_number}}) {
    auto v = OptionalString(*body, key);
    if (!v.ok()) return Fail(ctx, v.status());
    if (*v) *target = **v;
  }
  auto c = ap::ManageClients(ctx.services.app).Create(ctx.principal, in, ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  return Created(ClientJson(*c), "/api/v1/clients/" + IdString(c->id.value()));
}

Response ImportClients(RequestContext& ctx) {
  auto program = IdQuery(ctx.request, "program");
  if (!program.ok()) return Fail(ctx, program.status());
  if (*program == 0) return Fail(ctx, InvalidArgument("program is required", "program"));
  const auto type = ctx.request.Header("content-type").value_or("");
  if (!type.starts_with("text/csv")) {
    return Fail(ctx, InvalidArgument("send the file as text/csv", "Content-Type"));
  }
  const bool partial = ctx.request.Query("partial").value_or("") == "1";
  auto r = ap::ImportClients(ctx.services.app)
               .Run(ctx.principal, ProgramId(*program), ctx.request.body, partial, ctx.info);
  if (!r.ok()) return Fail(ctx, r.status());
  Json errors = Json::array();
  for (const auto& e : r->errors) {
    errors.push_back({{"row", e.line}, {"field", e.field}, {"message", e.message}});
  }
  return JsonResponse(r->errors.empty() || partial ? 200 : 400,
                      {{"created", r->created}, {"errors", std::move(errors)}});
}

Response GetClient(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto c = ap::ManageClients(ctx.services.app).Get(ctx.principal, *id, ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  return JsonResponse(200, ClientJson(*c));
}

Response PatchClient(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body =
      ParseJsonObject(ctx.request, {"given_name", "family_name", "email", "phone",
                                    "preferred_language", "case_number", "counselor_id", "status"});
  if (!body.ok()) return Fail(ctx, body.status());
  if (auto st = RefuseSsnFields(*body, {"case_number", "given_name", "family_name"}); !st.ok()) {
    return Fail(ctx, st);
  }
  ap::ClientPatch p;
  for (auto [key, target] :
       {std::pair{"given_name", &p.given_name}, std::pair{"family_name", &p.family_name},
        std::pair{"email", &p.email}, std::pair{"phone", &p.phone},
        std::pair{"preferred_language", &p.preferred_language},
        std::pair{"case_number", &p.case_number}}) {
    auto v = OptionalString(*body, key);
    if (!v.ok()) return Fail(ctx, v.status());
    *target = *v;
  }
  if (body->contains("counselor_id")) {
    auto counselor = OptionalId(*body, "counselor_id");
    if (!counselor.ok()) return Fail(ctx, counselor.status());
    p.counselor_id = *counselor ? std::optional<StaffId>(StaffId(**counselor)) : std::nullopt;
  }
  auto status = OptionalString(*body, "status");
  if (!status.ok()) return Fail(ctx, status.status());
  if (*status) {
    auto s = prog::ParseClientStatus(**status);
    if (!s) return Fail(ctx, InvalidArgument("status is active or exited", "status"));
    p.status = *s;
  }
  auto c = ap::ManageClients(ctx.services.app).Update(ctx.principal, *id, p, ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  return JsonResponse(200, ClientJson(*c));
}

Response MoveClient(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"group_id"});
  if (!body.ok()) return Fail(ctx, body.status());
  if (!body->contains("group_id")) {
    return Fail(ctx, InvalidArgument("group_id is required (null for no group)", "group_id"));
  }
  auto group = OptionalId(*body, "group_id");
  if (!group.ok()) return Fail(ctx, group.status());
  std::optional<prog::GroupId> g;
  if (*group) g = prog::GroupId(**group);
  auto c = ap::ManageClients(ctx.services.app).MoveToGroup(ctx.principal, *id, g, ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  return JsonResponse(200, ClientJson(*c));
}

Response ListJournal(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto entries = ap::ClientJournal(ctx.services.app).List(ctx.principal, *id);
  if (!entries.ok()) return Fail(ctx, entries.status());
  Json items = Json::array();
  for (const auto& e : *entries) items.push_back(JournalJson(e));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response AddJournalNote(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"text"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto text = RequiredString(*body, "text");
  if (!text.ok()) return Fail(ctx, text.status());
  auto e = ap::ClientJournal(ctx.services.app).AddNote(ctx.principal, *id, *text, ctx.info);
  if (!e.ok()) return Fail(ctx, e.status());
  return JsonResponse(201, JournalJson(*e));
}

Response ListClientConsents(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto consents = ap::ManageConsent(ctx.services.app).List(ctx.principal, *id);
  if (!consents.ok()) return Fail(ctx, consents.status());
  Json items = Json::array();
  for (const auto& v : *consents)
    items.push_back(ConsentJson(v.consent, v.provider_name, v.active));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateConsent(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"provider_id", "purpose", "data_categories", "method",
                                            "document_ref", "given_at", "expires_at"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto in = ReadConsent(*body);
  if (!in.ok()) return Fail(ctx, in.status());
  ap::ManageConsent consent(ctx.services.app);
  if (in->method == prog::ConsentMethod::kESignature) {
    auto r = consent.RequestSignature(ctx.principal, *id, *in, ctx.info);
    if (!r.ok()) return Fail(ctx, r.status());
    Json out = ConsentJson(r->consent, "", false);
    // The link is e-mailed to the client; staff also see it, to hand it over in person.
    out["signature_link"] = app::programs::ConsentLink("", r->token);
    return JsonResponse(201, out);
  }
  auto c = consent.Record(ctx.principal, *id, *in, ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  return JsonResponse(201, ConsentJson(*c, "", true));
}

Response WithdrawConsent(RequestContext& ctx) {
  auto id = PathId<prog::ConsentId>(ctx, "consent");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"channel"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto channel = OptionalString(*body, "channel");
  if (!channel.ok()) return Fail(ctx, channel.status());
  auto c = ap::ManageConsent(ctx.services.app)
               .Withdraw(ctx.principal, *id, channel->value_or(""), ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  return JsonResponse(200, ConsentJson(*c, "", false));
}

Response ListClientLicences(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  // The caseload check: a client outside it is not found.
  auto c = ap::ManageClients(ctx.services.app).Get(ctx.principal, *id, ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  ap::LicenceFilter f;
  f.client = *id;
  auto rows = ap::ManageLicences(ctx.services.app).List(ctx.principal, f);
  if (!rows.ok()) return Fail(ctx, rows.status());
  Json items = Json::array();
  for (const auto& v : *rows) items.push_back(LicenceJson(v));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response ListAssignments(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto rows = ap::AssignLearning(ctx.services.app).List(ctx.principal, *id);
  if (!rows.ok()) return Fail(ctx, rows.status());
  Json items = Json::array();
  for (const auto& v : *rows) items.push_back(AssignmentJson(v));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response AssignClient(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"target_kind", "target_id", "due_at"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto in = ReadAssign(*body);
  if (!in.ok()) return Fail(ctx, in.status());
  auto a = ap::AssignLearning(ctx.services.app).ToClient(ctx.principal, *id, *in, ctx.info);
  if (!a.ok()) return Fail(ctx, a.status());
  return JsonResponse(201, AssignmentJson({*a, ""}));
}

Response ListPlans(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto rows = ap::ManageActivityPlans(ctx.services.app).List(ctx.principal, *id);
  if (!rows.ok()) return Fail(ctx, rows.status());
  Json items = Json::array();
  for (const auto& p : *rows) items.push_back(PlanJson(p));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreatePlan(RequestContext& ctx) {
  auto id = PathId<ClientId>(ctx, "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"activity_code", "category", "starts_at", "ends_at"});
  if (!body.ok()) return Fail(ctx, body.status());
  prog::ActivityPlan draft;
  auto code = RequiredString(*body, "activity_code");
  if (!code.ok()) return Fail(ctx, code.status());
  draft.activity_code = *code;
  auto category = RequiredString(*body, "category");
  if (!category.ok()) return Fail(ctx, category.status());
  draft.category = *category;
  auto starts = OptionalTime(*body, "starts_at");
  if (!starts.ok()) return Fail(ctx, starts.status());
  auto ends = OptionalTime(*body, "ends_at");
  if (!ends.ok()) return Fail(ctx, ends.status());
  if (!*starts) return Fail(ctx, InvalidArgument("starts_at is required", "starts_at"));
  if (!*ends) return Fail(ctx, InvalidArgument("ends_at is required", "ends_at"));
  draft.starts_at = **starts;
  draft.ends_at = **ends;
  auto p = ap::ManageActivityPlans(ctx.services.app).Schedule(ctx.principal, *id, draft, ctx.info);
  if (!p.ok()) return Fail(ctx, p.status());
  return JsonResponse(201, PlanJson(*p));
}

Response RenewPlan(RequestContext& ctx) {
  auto id = PathId<prog::ActivityPlanId>(ctx, "activity plan");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"ends_at"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto ends = OptionalTime(*body, "ends_at");
  if (!ends.ok()) return Fail(ctx, ends.status());
  if (!*ends) return Fail(ctx, InvalidArgument("ends_at is required", "ends_at"));
  auto p = ap::ManageActivityPlans(ctx.services.app).Renew(ctx.principal, *id, **ends, ctx.info);
  if (!p.ok()) return Fail(ctx, p.status());
  return JsonResponse(201, PlanJson(*p));
}

Response EndPlan(RequestContext& ctx) {
  auto id = PathId<prog::ActivityPlanId>(ctx, "activity plan");
  if (!id.ok()) return Fail(ctx, id.status());
  auto p = ap::ManageActivityPlans(ctx.services.app).End(ctx.principal, *id, ctx.info);
  if (!p.ok()) return Fail(ctx, p.status());
  return JsonResponse(200, PlanJson(*p));
}

// --- Pools -------------------------------------------------------------------------------------

Response ListPools(RequestContext& ctx) {
  auto pools = ap::ManagePools(ctx.services.app).List(ctx.principal);
  if (!pools.ok()) return Fail(ctx, pools.status());
  Json items = Json::array();
  for (const auto& v : *pools) items.push_back(PoolJson(v));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreatePool(RequestContext& ctx) {
  auto body =
      ParseJsonObject(ctx.request, {"program_id", "provider_id", "licence_type", "name", "seats"});
  if (!body.ok()) return Fail(ctx, body.status());
  prog::LicencePool draft;
  auto program = RequiredId(*body, "program_id");
  if (!program.ok()) return Fail(ctx, program.status());
  draft.program_id = ProgramId(*program);
  auto provider = RequiredId(*body, "provider_id");
  if (!provider.ok()) return Fail(ctx, provider.status());
  draft.provider_id = prog::CatalogProviderId(*provider);
  auto type = OptionalString(*body, "licence_type");
  if (!type.ok()) return Fail(ctx, type.status());
  if (*type) draft.licence_type = **type;
  auto name = RequiredString(*body, "name");
  if (!name.ok()) return Fail(ctx, name.status());
  draft.name = *name;
  auto seats = OptionalInt(*body, "seats", 0, 10'000'000);
  if (!seats.ok()) return Fail(ctx, seats.status());
  if (!*seats) return Fail(ctx, InvalidArgument("seats is required", "seats"));
  draft.seats = **seats;
  auto v = ap::ManagePools(ctx.services.app).Create(ctx.principal, draft, ctx.info);
  if (!v.ok()) return Fail(ctx, v.status());
  return Created(PoolJson(*v), "/api/v1/pools/" + IdString(v->pool.id.value()));
}

Response GetPool(RequestContext& ctx) {
  auto id = PathId<prog::PoolId>(ctx, "pool");
  if (!id.ok()) return Fail(ctx, id.status());
  auto v = ap::ManagePools(ctx.services.app).Get(ctx.principal, *id);
  if (!v.ok()) return Fail(ctx, v.status());
  return JsonResponse(200, PoolJson(*v));
}

Response PatchPool(RequestContext& ctx) {
  auto id = PathId<prog::PoolId>(ctx, "pool");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"name", "seats"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto name = OptionalString(*body, "name");
  if (!name.ok()) return Fail(ctx, name.status());
  auto seats = OptionalInt(*body, "seats", 0, 10'000'000);
  if (!seats.ok()) return Fail(ctx, seats.status());
  std::optional<std::int64_t> s;
  if (*seats) s = **seats;
  auto v = ap::ManagePools(ctx.services.app).Update(ctx.principal, *id, *name, s, ctx.info);
  if (!v.ok()) return Fail(ctx, v.status());
  return JsonResponse(200, PoolJson(*v));
}

// --- Licences ----------------------------------------------------------------------------------

Response ListLicences(RequestContext& ctx) {
  ap::LicenceFilter f;
  auto pool = IdQuery(ctx.request, "pool");
  if (!pool.ok()) return Fail(ctx, pool.status());
  auto client = IdQuery(ctx.request, "client");
  if (!client.ok()) return Fail(ctx, client.status());
  f.pool = prog::PoolId(*pool);
  f.client = ClientId(*client);
  if (auto s = ctx.request.Query("state")) f.state = std::string(*s);
  f.reclaim_listed_only = ctx.request.Query("reclaim").value_or("") == "1";
  f.lapsed_only = ctx.request.Query("lapsed").value_or("") == "1";
  auto rows = ap::ManageLicences(ctx.services.app).List(ctx.principal, f);
  if (!rows.ok()) return Fail(ctx, rows.status());
  Json items = Json::array();
  for (const auto& v : *rows) items.push_back(LicenceJson(v));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response RequestLicence(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"client_id", "pool_id"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto client = RequiredId(*body, "client_id");
  if (!client.ok()) return Fail(ctx, client.status());
  auto pool = RequiredId(*body, "pool_id");
  if (!pool.ok()) return Fail(ctx, pool.status());
  auto v = ap::ManageLicences(ctx.services.app)
               .Request(ctx.principal, ClientId(*client), prog::PoolId(*pool), ctx.info);
  if (!v.ok()) return Fail(ctx, v.status());
  return Created(LicenceJson(*v), "/api/v1/licences/" + IdString(v->licence.id.value()));
}

Response GetLicence(RequestContext& ctx) {
  auto id = PathId<LicenceId>(ctx, "licence");
  if (!id.ok()) return Fail(ctx, id.status());
  auto v = ap::ManageLicences(ctx.services.app).Get(ctx.principal, *id);
  if (!v.ok()) return Fail(ctx, v.status());
  return JsonResponse(200, LicenceJson(*v));
}

namespace {

Response IssuedJson(const ap::IssuedLicence& issued) {
  Json out = LicenceJson(issued.view);
  // The invitation is e-mailed; staff also see the link, for a client without an address.
  out["activation_link"] = app::programs::ActivationLink("", issued.token);
  return JsonResponse(200, out);
}

}  // namespace

Response IssueLicence(RequestContext& ctx) {
  auto id = PathId<LicenceId>(ctx, "licence");
  if (!id.ok()) return Fail(ctx, id.status());
  auto v = ap::ManageLicences(ctx.services.app).Issue(ctx.principal, *id, ctx.info);
  if (!v.ok()) return Fail(ctx, v.status());
  return IssuedJson(*v);
}

Response ReinviteLicence(RequestContext& ctx) {
  auto id = PathId<LicenceId>(ctx, "licence");
  if (!id.ok()) return Fail(ctx, id.status());
  auto v = ap::ManageLicences(ctx.services.app).Reinvite(ctx.principal, *id, ctx.info);
  if (!v.ok()) return Fail(ctx, v.status());
  return IssuedJson(*v);
}

Response RevokeLicence(RequestContext& ctx) {
  auto id = PathId<LicenceId>(ctx, "licence");
  if (!id.ok()) return Fail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"reason"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto reason = OptionalString(*body, "reason");
  if (!reason.ok()) return Fail(ctx, reason.status());
  ap::ManageLicences licences(ctx.services.app);
  auto st = licences.Revoke(ctx.principal, *id, reason->value_or(""), ctx.info);
  if (!st.ok()) return Fail(ctx, st);
  auto v = licences.Get(ctx.principal, *id);
  if (!v.ok()) return Fail(ctx, v.status());
  return JsonResponse(200, LicenceJson(*v));
}

namespace {

StatusOr<std::vector<LicenceId>> BulkIds(const RequestContext& ctx) {
  RESKILL_ASSIGN_OR_RETURN(auto body, ParseJsonObject(ctx.request, {"ids"}));
  RESKILL_ASSIGN_OR_RETURN(auto ids, OptionalIds(body, "ids"));
  if (!ids || ids->empty()) return InvalidArgument("ids lists at least one licence", "ids");
  if (ids->size() > 1000) return InvalidArgument("at most 1000 licences at a time", "ids");
  std::vector<LicenceId> out;
  for (auto id : *ids) out.emplace_back(id);
  return out;
}

}  // namespace

Response IssueLicences(RequestContext& ctx) {
  auto ids = BulkIds(ctx);
  if (!ids.ok()) return Fail(ctx, ids.status());
  return JsonResponse(
      200,
      BulkJson(ctx, ap::ManageLicences(ctx.services.app).IssueMany(ctx.principal, *ids, ctx.info)));
}

Response RevokeLicences(RequestContext& ctx) {
  auto ids = BulkIds(ctx);
  if (!ids.ok()) return Fail(ctx, ids.status());
  return JsonResponse(
      200,
      BulkJson(ctx,
               ap::ManageLicences(ctx.services.app).RevokeMany(ctx.principal, *ids, ctx.info)));
}

Response ExportLicences(RequestContext& ctx) {
  auto csv = ap::ManageLicences(ctx.services.app).ExportCsv(ctx.principal, ctx.info);
  if (!csv.ok()) return Fail(ctx, csv.status());
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(*csv);
  r.SetHeader("Content-Disposition", "attachment; filename=\"licences.csv\"");
  return r;
}

// --- Public: activation and consent signature ---------------------------------------------------

Response GetActivation(RequestContext& ctx) {
  auto v = ap::ActivateLicence(ctx.services.app).View(ctx.Param("token"));
  if (!v.ok()) return Fail(ctx, v.status());
  return JsonResponse(200, ActivationJson(*v));
}

Response Activate(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"confirm_consent", "password"});
  if (!body.ok()) return Fail(ctx, body.status());
  auto confirm = OptionalBool(*body, "confirm_consent");
  if (!confirm.ok()) return Fail(ctx, confirm.status());
  auto password = OptionalString(*body, "password");
  if (!password.ok()) return Fail(ctx, password.status());
  auto v = ap::ActivateLicence(ctx.services.app)
               .Run(ctx.Param("token"), confirm->value_or(false), password->value_or(""), ctx.info);
  if (!v.ok()) return Fail(ctx, v.status());
  return JsonResponse(200, ActivationJson(*v));
}

Response SignConsent(RequestContext& ctx) {
  auto c = ap::ManageConsent(ctx.services.app).Sign(ctx.Param("token"), ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  return JsonResponse(200, {{"signed", true}, {"expires_at", FormatIso8601(c->expires_at)}});
}

}  // namespace reskill::http::api
