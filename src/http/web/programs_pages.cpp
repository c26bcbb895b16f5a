#include "http/web/programs_pages.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "app/catalog/course_catalog.hpp"
#include "app/programs/clients.hpp"
#include "app/programs/licences.hpp"
#include "common/strings.hpp"
#include "http/error_mapping.hpp"
#include "http/http_app.hpp"
#include "http/json.hpp"
#include "http/web/pages.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

namespace prog = domain::programs;
namespace ap = app::programs;
using domain::programs::Role;
using domain::programs::RoleSet;

bool IsManager(const RequestContext& ctx) {
  return ctx.principal.roles.Intersects(RoleSet{Role::kAdmin, Role::kSupervisor});
}

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t v = 0;
  text = Trim(text);
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v <= 0) return std::nullopt;
  return v;
}

std::string Day(const std::optional<Timestamp>& t) {
  return t ? FormatIso8601(*t).substr(0, 10) : std::string();
}

std::string When(Timestamp t) {
  const std::string s = FormatIso8601(t);
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

// The rule refusals explained in the user's language; other errors as the API words them.
std::string Explain(const RequestContext& ctx, const Status& st) {
  if (st.code() == ErrorCode::kFailedPrecondition) {
    if (st.field() == "consent")
      return Msg(ctx, "programs.why_consent") + " " + st.public_message();
    if (st.field() == "seats") return Msg(ctx, "programs.why_seats") + " " + st.public_message();
  }
  return ErrorMessage(ctx.services.templates, ctx.locale, st);
}

std::string Flash(const RequestContext& ctx) {
  for (const char* flag : {"created", "saved", "consent", "requested", "noted", "assigned",
                           "planned", "withdrawn", "issued", "revoked"}) {
    if (ctx.request.Query(flag)) return Msg(ctx, std::string("programs.done_") + flag);
  }
  return {};
}

Json ClientRow(const prog::Client& c) {
  return {{"id", IdString(c.id.value())},
          {"participant_id", c.participant_id},
          {"name", c.given_name + " " + c.family_name},
          {"email", c.email},
          {"case_number", c.case_number},
          {"status", prog::ClientStatusName(c.status)}};
}

StatusOr<Json> ProgramOptions(RequestContext& ctx, const std::string& selected) {
  RESKILL_ASSIGN_OR_RETURN(auto programs, ap::ManagePrograms(ctx.services.app).List(ctx.principal));
  Json out = Json::array();
  for (const auto& p : programs) {
    const std::string id = IdString(p.id.value());
    out.push_back({{"value", id}, {"label", p.name}, {"selected", id == selected}});
  }
  return out;
}

StatusOr<Json> GroupOptions(RequestContext& ctx, const std::string& selected) {
  RESKILL_ASSIGN_OR_RETURN(auto groups,
                           ap::ManageGroups(ctx.services.app).List(ctx.principal, ProgramId()));
  Json out = Json::array();
  for (const auto& g : groups) {
    const std::string id = IdString(g.id.value());
    out.push_back({{"value", id}, {"label", g.name}, {"selected", id == selected}});
  }
  return out;
}

}  // namespace

// --- Caseload ----------------------------------------------------------------------------------

namespace {

Response RenderCaseload(RequestContext& ctx, const std::string& error, int status) {
  ap::ClientFilter f;
  f.search = std::string(ctx.request.Query("q").value_or(""));
  f.status = std::string(ctx.request.Query("status").value_or(""));
  if (!f.status.empty() && !prog::ParseClientStatus(f.status)) f.status.clear();
  const std::string group = std::string(ctx.request.Query("group").value_or(""));
  if (auto g = ParseId(group)) f.group = prog::GroupId(*g);
  auto page = ap::ManageClients(ctx.services.app).List(ctx.principal, f, ctx.info);
  if (!page.ok()) return Fail(ctx, page.status());
  Json rows = Json::array();
  for (const auto& c : page->items) rows.push_back(ClientRow(c));
  auto programs = ProgramOptions(ctx, ctx.Form("program_id"));
  if (!programs.ok()) return Fail(ctx, programs.status());
  auto groups = GroupOptions(ctx, group);
  if (!groups.ok()) return Fail(ctx, groups.status());
  Json model = {{"clients", rows},
                {"empty", rows.empty()},
                {"q", f.search},
                {"status_active", f.status == "active"},
                {"status_exited", f.status == "exited"},
                {"groups", *groups},
                {"programs", *programs},
                {"notice", Flash(ctx)},
                {"error", error},
                {"form",
                 {{"given_name", ctx.Form("given_name")},
                  {"family_name", ctx.Form("family_name")},
                  {"email", ctx.Form("email")},
                  {"phone", ctx.Form("phone")},
                  {"case_number", ctx.Form("case_number")},
                  {"es", ctx.Form("preferred_language") == "es"}}}};
  return RenderPage(ctx, "programs_caseload", model, "programs.caseload_title", status);
}

}  // namespace

Response CaseloadPage(RequestContext& ctx) {
  return RenderCaseload(ctx, "", 200);
}

Response ClientCreate(RequestContext& ctx) {
  ap::NewClient in;
  auto program = ParseId(ctx.Form("program_id"));
  in.program_id = ProgramId(program.value_or(0));
  if (auto g = ParseId(ctx.Form("group_id"))) in.group_id = prog::GroupId(*g);
  in.given_name = ctx.Form("given_name");
  in.family_name = ctx.Form("family_name");
  in.email = ctx.Form("email");
  in.phone = ctx.Form("phone");
  in.preferred_language = ctx.Form("preferred_language");
  in.case_number = ctx.Form("case_number");
  auto c = ap::ManageClients(ctx.services.app).Create(ctx.principal, in, ctx.info);
  if (!c.ok()) return RenderCaseload(ctx, Explain(ctx, c.status()), 400);
  return SeeOther("/clients/" + IdString(c->id.value()) + "?created=1");
}

// --- Client page -------------------------------------------------------------------------------

namespace {

Response RenderClient(RequestContext& ctx, const std::string& error, int status) {
  auto id = ParseId(ctx.Param("id"));
  if (!id) return Fail(ctx, NotFound("no such client"));
  const ClientId client(*id);
  auto& app = ctx.services.app;
  auto c = ap::ManageClients(app).Get(ctx.principal, client, ctx.info);
  if (!c.ok()) return Fail(ctx, c.status());
  auto consents = ap::ManageConsent(app).List(ctx.principal, client);
  if (!consents.ok()) return Fail(ctx, consents.status());
  ap::LicenceFilter lf;
  lf.client = client;
  auto licences = ap::ManageLicences(app).List(ctx.principal, lf);
  if (!licences.ok()) return Fail(ctx, licences.status());
  auto assignments = ap::AssignLearning(app).List(ctx.principal, client);
  if (!assignments.ok()) return Fail(ctx, assignments.status());
  auto plans = ap::ManageActivityPlans(app).List(ctx.principal, client);
  if (!plans.ok()) return Fail(ctx, plans.status());
  auto journal = ap::ClientJournal(app).List(ctx.principal, client);
  if (!journal.ok()) return Fail(ctx, journal.status());
  auto pools = ap::ManagePools(app).List(ctx.principal);
  if (!pools.ok()) return Fail(ctx, pools.status());
  auto providers = app::catalog::ReadCatalog(app).ListProviders(ctx.principal);
  if (!providers.ok()) return Fail(ctx, providers.status());
  auto paths = app::catalog::ReadCatalog(app).ListLearningPaths(ctx.principal);
  if (!paths.ok()) return Fail(ctx, paths.status());

  Json consent_rows = Json::array();
  for (const auto& v : *consents) {
    const auto& k = v.consent;
    consent_rows.push_back(
        {{"id", IdString(k.id.value())},
         {"provider", v.provider_name},
         {"purpose", k.purpose},
         {"method", Msg(ctx, "programs.method_" + std::string(prog::ConsentMethodName(k.method)))},
         {"given", Day(k.given_at)},
         {"expires", Day(k.expires_at)},
         {"withdrawn", Day(k.withdrawn_at)},
         {"active", v.active},
         {"pending", !k.given_at && !k.withdrawn_at}});
  }
  Json licence_rows = Json::array();
  for (const auto& v : *licences) {
    const auto& l = v.licence;
    licence_rows.push_back(
        {{"id", IdString(l.id.value())},
         {"provider", v.provider_name},
         {"pool", v.pool_name},
         {"state", Msg(ctx, "programs.state_" + std::string(prog::LicenceStateName(l.state)))},
         {"requested", Day(l.requested_at)},
         {"lapsed", v.invitation_lapsed}});
  }
  Json assignment_rows = Json::array();
  for (const auto& a : *assignments) {
    assignment_rows.push_back(
        {{"title", a.title}, {"due", Day(a.assignment.due_at)}, {"source", a.assignment.source}});
  }
  Json plan_rows = Json::array();
  for (const auto& p : *plans) {
    plan_rows.push_back({{"code", p.activity_code},
                         {"category", p.category},
                         {"starts", Day(p.starts_at)},
                         {"ends", Day(p.ends_at)},
                         {"ended", p.ended}});
  }
  Json journal_rows = Json::array();
  for (auto it = journal->rbegin(); it != journal->rend(); ++it) {
    journal_rows.push_back(
        {{"at", When(it->at)},
         {"kind", Msg(ctx, "programs.kind_" + std::string(prog::JournalKindName(it->kind)))},
         {"text", it->text}});
  }
  Json pool_options = Json::array();
  for (const auto& p : *pools) {
    if (p.pool.program_id != c->program_id) continue;
    pool_options.push_back({{"value", IdString(p.pool.id.value())},
                            {"label", p.pool.name + " (" + p.provider_name + ")"}});
  }
  Json provider_options = Json::array();
  for (const auto& p : *providers) {
    provider_options.push_back({{"value", IdString(p.id.value())}, {"label", p.name}});
  }
  Json path_options = Json::array();
  for (const auto& p : *paths) {
    path_options.push_back({{"value", IdString(p.path.id.value())}, {"label", p.path.name}});
  }
  Json model = {{"client", ClientRow(*c)},
                {"phone", c->phone},
                {"language", c->preferred_language},
                {"verified", c->email_verified_at.has_value()},
                {"consents", consent_rows},
                {"licences", licence_rows},
                {"assignments", assignment_rows},
                {"plans", plan_rows},
                {"journal", journal_rows},
                {"pools", pool_options},
                {"providers", provider_options},
                {"paths", path_options},
                {"notice", Flash(ctx)},
                {"error", error}};
  return RenderPage(ctx, "programs_client", model, "programs.client_title", status);
}

// Runs a client-page action and redirects back with a flash, or re-renders with the reason.
template <typename F>
Response ClientAction(RequestContext& ctx, const char* flag, F action) {
  auto id = ParseId(ctx.Param("id"));
  if (!id) return Fail(ctx, NotFound("no such client"));
  const Status st = action(ClientId(*id));
  if (!st.ok()) {
    if (st.code() == ErrorCode::kNotFound) return Fail(ctx, st);
    return RenderClient(ctx, Explain(ctx, st), HttpStatusFor(st.code()));
  }
  return SeeOther("/clients/" + IdString(*id) + "?" + flag + "=1");
}

std::optional<Timestamp> FormDate(const RequestContext& ctx, const char* name) {
  const std::string text = ctx.Form(name);
  if (Trim(text).empty()) return std::nullopt;
  return ParseIso8601(Trim(text));
}

}  // namespace

Response ClientPage(RequestContext& ctx) {
  return RenderClient(ctx, "", 200);
}

Response ClientConsentSubmit(RequestContext& ctx) {
  return ClientAction(ctx, "consent", [&](ClientId client) -> Status {
    ap::ConsentInput in;
    in.provider_id = prog::CatalogProviderId(ParseId(ctx.Form("provider_id")).value_or(0));
    in.purpose = ctx.Form("purpose");
    for (auto it = ctx.form.equal_range("data_categories"); it.first != it.second; ++it.first) {
      in.data_categories.push_back(it.first->second);
    }
    const auto method = prog::ParseConsentMethod(ctx.Form("method"));
    if (!method) return InvalidArgument("choose how consent was given", "method");
    in.method = *method;
    in.document_ref = ctx.Form("document_ref");
    if (in.method == prog::ConsentMethod::kESignature) {
      return ap::ManageConsent(ctx.services.app)
          .RequestSignature(ctx.principal, client, in, ctx.info)
          .status();
    }
    return ap::ManageConsent(ctx.services.app).Record(ctx.principal, client, in, ctx.info).status();
  });
}

Response ClientConsentWithdraw(RequestContext& ctx) {
  return ClientAction(ctx, "withdrawn", [&](ClientId) -> Status {
    auto consent = ParseId(ctx.Form("consent_id"));
    return ap::ManageConsent(ctx.services.app)
        .Withdraw(ctx.principal, prog::ConsentId(consent.value_or(0)), ctx.Form("channel"),
                  ctx.info)
        .status();
  });
}

Response ClientLicenceRequest(RequestContext& ctx) {
  return ClientAction(ctx, "requested", [&](ClientId client) -> Status {
    auto pool = ParseId(ctx.Form("pool_id"));
    return ap::ManageLicences(ctx.services.app)
        .Request(ctx.principal, client, prog::PoolId(pool.value_or(0)), ctx.info)
        .status();
  });
}

Response ClientNoteSubmit(RequestContext& ctx) {
  return ClientAction(ctx, "noted", [&](ClientId client) -> Status {
    return ap::ClientJournal(ctx.services.app)
        .AddNote(ctx.principal, client, ctx.Form("text"), ctx.info)
        .status();
  });
}

Response ClientAssignSubmit(RequestContext& ctx) {
  return ClientAction(ctx, "assigned", [&](ClientId client) -> Status {
    ap::AssignInput in;
    in.target_kind = prog::AssignmentTarget::kPath;
    in.target_id = ParseId(ctx.Form("path_id")).value_or(0);
    in.due_at = FormDate(ctx, "due");
    return ap::AssignLearning(ctx.services.app)
        .ToClient(ctx.principal, client, in, ctx.info)
        .status();
  });
}

Response ClientPlanSubmit(RequestContext& ctx) {
  return ClientAction(ctx, "planned", [&](ClientId client) -> Status {
    prog::ActivityPlan draft;
    draft.activity_code = ctx.Form("activity_code");
    draft.category = ctx.Form("category");
    auto starts = FormDate(ctx, "starts");
    auto ends = FormDate(ctx, "ends");
    if (!starts) return InvalidArgument("starts is a date", "starts_at");
    if (!ends) return InvalidArgument("ends is a date", "ends_at");
    draft.starts_at = *starts;
    draft.ends_at = *ends;
    return ap::ManageActivityPlans(ctx.services.app)
        .Schedule(ctx.principal, client, draft, ctx.info)
        .status();
  });
}

// --- Licence queue -----------------------------------------------------------------------------

namespace {

Response RenderQueue(RequestContext& ctx, const std::string& error, Json issued_links, int status) {
  auto& app = ctx.services.app;
  ap::LicenceFilter requested;
  requested.state = "requested";
  auto queue = ap::ManageLicences(app).List(ctx.principal, requested);
  if (!queue.ok()) return Fail(ctx, queue.status());
  ap::LicenceFilter lapsed;
  lapsed.lapsed_only = true;
  auto expired = ap::ManageLicences(app).List(ctx.principal, lapsed);
  if (!expired.ok()) return Fail(ctx, expired.status());
  ap::LicenceFilter open;
  auto all = ap::ManageLicences(app).List(ctx.principal, open);
  if (!all.ok()) return Fail(ctx, all.status());
  const auto row = [&](const ap::LicenceView& v) {
    return Json{{"id", IdString(v.licence.id.value())},
                {"client_id", IdString(v.licence.client_id.value())},
                {"participant_id", v.participant_id},
                {"provider", v.provider_name},
                {"pool", v.pool_name},
                {"state", Msg(ctx, "programs.state_" +
                                       std::string(prog::LicenceStateName(v.licence.state)))},
                {"requested", Day(v.licence.requested_at)},
                {"invite_expires", Day(v.licence.invite_expires_at)},
                {"reclaim", v.licence.reclaim_listed_at.has_value()}};
  };
  Json q = Json::array();
  for (const auto& v : *queue) q.push_back(row(v));
  Json l = Json::array();
  for (const auto& v : *expired) l.push_back(row(v));
  Json active = Json::array();
  for (const auto& v : *all) {
    if (v.licence.state == prog::LicenceState::kIssued ||
        v.licence.state == prog::LicenceState::kActivated) {
      active.push_back(row(v));
    }
  }
  Json model = {{"queue", q},
                {"queue_empty", q.empty()},
                {"lapsed", l},
                {"lapsed_any", !l.empty()},
                {"active", active},
                {"active_any", !active.empty()},
                {"notice", Flash(ctx)},
                {"error", error},
                {"links", issued_links},
                {"links_any", !issued_links.empty()}};
  return RenderPage(ctx, "programs_licences", model, "programs.queue_title", status);
}

}  // namespace

Response LicenceQueuePage(RequestContext& ctx) {
  return RenderQueue(ctx, "", Json::array(), 200);
}

Response LicenceQueueSubmit(RequestContext& ctx) {
  std::vector<LicenceId> ids;
  for (auto it = ctx.form.equal_range("ids"); it.first != it.second; ++it.first) {
    if (auto id = ParseId(it.first->second)) ids.emplace_back(*id);
  }
  if (ids.empty()) return RenderQueue(ctx, Msg(ctx, "programs.pick_licences"), Json::array(), 400);
  const std::string action = ctx.Form("action");
  ap::ManageLicences licences(ctx.services.app);
  std::string error;
  Json links = Json::array();
  if (action == "issue" || action == "reinvite") {
    for (auto id : ids) {
      auto r = action == "issue" ? licences.Issue(ctx.principal, id, ctx.info)
                                 : licences.Reinvite(ctx.principal, id, ctx.info);
      if (r.ok()) {
        // Until the outbox delivers invitation e-mails, the link is shown to hand over.
        links.push_back({{"participant_id", r->view.participant_id},
                         {"link", ap::ActivationLink("", r->token)}});
      } else {
        error += Explain(ctx, r.status()) + " ";
      }
    }
  } else if (action == "revoke") {
    for (auto id : ids) {
      Status st = licences.Revoke(ctx.principal, id, "supervisor", ctx.info);
      if (!st.ok()) error += Explain(ctx, st) + " ";
    }
  } else {
    return RenderQueue(ctx, Msg(ctx, "programs.pick_action"), Json::array(), 400);
  }
  return RenderQueue(ctx, std::string(Trim(error)), links, error.empty() ? 200 : 409);
}

// --- Pools and programs ------------------------------------------------------------------------

namespace {

Response RenderPools(RequestContext& ctx, const std::string& error, int status) {
  auto pools = ap::ManagePools(ctx.services.app).List(ctx.principal);
  if (!pools.ok()) return Fail(ctx, pools.status());
  Json rows = Json::array();
  for (const auto& v : *pools) {
    rows.push_back({{"name", v.pool.name},
                    {"program", v.program_name},
                    {"provider", v.provider_name},
                    {"seats", v.usage.seats},
                    {"issued", v.usage.issued},
                    {"activated", v.usage.activated},
                    {"available", v.usage.available()},
                    {"requested", v.usage.requested},
                    {"percent", v.usage.allocation_percent()},
                    {"alert", v.usage.alert()}});
  }
  auto programs = ProgramOptions(ctx, ctx.Form("program_id"));
  if (!programs.ok()) return Fail(ctx, programs.status());
  auto providers = app::catalog::ReadCatalog(ctx.services.app).ListProviders(ctx.principal);
  if (!providers.ok()) return Fail(ctx, providers.status());
  Json provider_options = Json::array();
  for (const auto& p : *providers) {
    provider_options.push_back({{"value", IdString(p.id.value())}, {"label", p.name}});
  }
  Json model = {
      {"pools", rows},         {"empty", rows.empty()},         {"can_edit", IsManager(ctx)},
      {"programs", *programs}, {"providers", provider_options}, {"notice", Flash(ctx)},
      {"error", error}};
  return RenderPage(ctx, "programs_pools", model, "programs.pools_title", status);
}

Response RenderPrograms(RequestContext& ctx, const std::string& error, int status) {
  auto programs = ap::ManagePrograms(ctx.services.app).List(ctx.principal);
  if (!programs.ok()) return Fail(ctx, programs.status());
  Json rows = Json::array();
  for (const auto& p : *programs) {
    rows.push_back({{"id", IdString(p.id.value())},
                    {"name", p.name},
                    {"display_name", p.display_name},
                    {"target_population", p.target_population},
                    {"invitation_valid_days", p.invitation_valid_days},
                    {"consent_valid_days", p.consent_valid_days},
                    {"reclaim_after_days", p.reclaim_after_days},
                    {"nudge_after_days", p.nudge_after_days},
                    {"reclaim_revoke", p.reclaim_mode == prog::ReclaimMode::kRevoke},
                    {"invitation_text_en", p.invitation_text_en},
                    {"invitation_text_es", p.invitation_text_es}});
  }
  Json model = {
      {"programs", rows}, {"can_edit", IsManager(ctx)}, {"notice", Flash(ctx)}, {"error", error}};
  return RenderPage(ctx, "programs_programs", model, "programs.programs_title", status);
}

std::optional<int> FormInt(const RequestContext& ctx, const char* name) {
  auto v = ParseId(ctx.Form(name));
  if (!v || *v > 100000) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace

Response PoolsPage(RequestContext& ctx) {
  return RenderPools(ctx, "", 200);
}

Response PoolCreate(RequestContext& ctx) {
  prog::LicencePool draft;
  draft.program_id = ProgramId(ParseId(ctx.Form("program_id")).value_or(0));
  draft.provider_id = prog::CatalogProviderId(ParseId(ctx.Form("provider_id")).value_or(0));
  draft.name = ctx.Form("name");
  const std::string seats = std::string(Trim(ctx.Form("seats")));
  draft.seats = seats == "0" ? 0 : ParseId(seats).value_or(-1);
  auto v = ap::ManagePools(ctx.services.app).Create(ctx.principal, draft, ctx.info);
  if (!v.ok()) return RenderPools(ctx, Explain(ctx, v.status()), HttpStatusFor(v.status().code()));
  return SeeOther("/pools?created=1");
}

Response ProgramsPage(RequestContext& ctx) {
  return RenderPrograms(ctx, "", 200);
}

Response ProgramSettingsSubmit(RequestContext& ctx) {
  auto id = ParseId(ctx.Param("id"));
  if (!id) return Fail(ctx, NotFound("no such program"));
  ap::ProgramPatch p;
  p.display_name = ctx.Form("display_name");
  p.invitation_text_en = ctx.Form("invitation_text_en");
  p.invitation_text_es = ctx.Form("invitation_text_es");
  p.invitation_valid_days = FormInt(ctx, "invitation_valid_days");
  p.consent_valid_days = FormInt(ctx, "consent_valid_days");
  p.reclaim_after_days = FormInt(ctx, "reclaim_after_days");
  p.nudge_after_days = FormInt(ctx, "nudge_after_days");
  p.reclaim_mode =
      ctx.Form("reclaim_mode") == "revoke" ? prog::ReclaimMode::kRevoke : prog::ReclaimMode::kList;
  auto r = ap::ManagePrograms(ctx.services.app).Update(ctx.principal, ProgramId(*id), p, ctx.info);
  if (!r.ok())
    return RenderPrograms(ctx, Explain(ctx, r.status()), HttpStatusFor(r.status().code()));
  return SeeOther("/programs?saved=1");
}

// --- Activation (public) -----------------------------------------------------------------------

namespace {

// Anonymous form posts use the double-submit CSRF cookie (as the sign-in form does).
void AnonymousCsrf(RequestContext& ctx) {
  std::string csrf = ctx.request.Cookie(kAnonCsrfCookie).value_or("");
  if (csrf.empty()) {
    csrf = ctx.services.app.tokens.NewToken();
    ctx.extra_headers.emplace_back("Set-Cookie",
                                   std::string(kAnonCsrfCookie) + "=" + csrf +
                                       "; Path=/; HttpOnly; SameSite=Strict" +
                                       (ctx.services.options.secure_cookies ? "; Secure" : ""));
  }
  ctx.principal.csrf_token = csrf;
}

Response RenderActivation(RequestContext& ctx, const ap::ActivationView& v, bool done,
                          const std::string& error, int status) {
  if (!v.locale.empty()) ctx.locale = v.locale;
  AnonymousCsrf(ctx);
  Json paths = Json::array();
  for (const auto& a : v.assignments) {
    paths.push_back({{"title", a.title}, {"due", Day(a.assignment.due_at)}});
  }
  Json model = {{"token", ctx.Param("token")},
                {"given_name", v.given_name},
                {"program", v.program_display_name},
                {"provider", v.provider_name},
                {"consent_needed", v.consent_needed},
                {"has_password", v.has_password},
                {"activated", v.already_activated || done},
                {"paths", paths},
                {"paths_any", !paths.empty()},
                {"error", error}};
  return RenderPage(ctx, "programs_activate", model, "programs.activate_title", status);
}

}  // namespace

Response ConsentSignPage(RequestContext& ctx) {
  auto v = ap::ManageConsent(ctx.services.app).ViewRequest(ctx.Param("token"));
  if (!v.ok()) {
    return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(v.status().code()), "", &v.status());
  }
  AnonymousCsrf(ctx);
  std::string categories;
  for (const auto& c : v->consent.data_categories) {
    categories += (categories.empty() ? "" : ", ") + Msg(ctx, "programs.cat_" + c);
  }
  Json model = {{"token", ctx.Param("token")},           {"provider", v->provider_name},
                {"purpose", v->consent.purpose},         {"categories", categories},
                {"expires", Day(v->consent.expires_at)}, {"signed", false}};
  return RenderPage(ctx, "programs_consent", model, "programs.consent_sign_title");
}

Response ConsentSignSubmit(RequestContext& ctx) {
  auto c = ap::ManageConsent(ctx.services.app).Sign(ctx.Param("token"), ctx.info);
  if (!c.ok()) {
    return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(c.status().code()), "", &c.status());
  }
  Json model = {{"signed", true}, {"expires", Day(c->expires_at)}};
  return RenderPage(ctx, "programs_consent", model, "programs.consent_sign_title");
}

Response ActivationPage(RequestContext& ctx) {
  auto v = ap::ActivateLicence(ctx.services.app).View(ctx.Param("token"));
  if (!v.ok()) {
    return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(v.status().code()), "", &v.status());
  }
  return RenderActivation(ctx, *v, false, "", 200);
}

Response ActivationSubmit(RequestContext& ctx) {
  ap::ActivateLicence activate(ctx.services.app);
  auto v = activate.Run(ctx.Param("token"), ctx.Form("confirm_consent") == "yes",
                        ctx.Form("password"), ctx.info);
  if (!v.ok()) {
    auto view = activate.View(ctx.Param("token"));
    if (!view.ok()) {
      return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(v.status().code()), "", &v.status());
    }
    return RenderActivation(ctx, *view, false, Explain(ctx, v.status()),
                            HttpStatusFor(v.status().code()));
  }
  return RenderActivation(ctx, *v, true, "", 200);
}

}  // namespace reskill::http::web
