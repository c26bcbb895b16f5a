#include "http/api/pathways_api.hpp"

#include <cmath>
#include <string>

#include "app/pathways/client_pathways.hpp"
#include "http/api/occupations_api.hpp"
#include "http/error_mapping.hpp"
#include "http/services.hpp"

namespace reskill::http::api {

namespace {

namespace pw = domain::pathways;

double Round(double v, double scale = 1e4) {
  return std::round(v * scale) / scale;
}

Json LabourJson(const pw::LabourFigures& l) {
  Json wage = nullptr;
  if (l.median_annual_wage) {
    wage = {{"median_annual", *l.median_annual_wage},
            {"top_coded", l.wage_top_coded},
            {"year", l.wage_year},
            {"source", l.wage_source}};
  }
  Json outlook = nullptr;
  if (l.growth_percent) {
    outlook = {{"change_percent", *l.growth_percent},
               {"annual_openings", l.annual_openings ? Json(*l.annual_openings) : Json(nullptr)},
               {"period", l.projection_period},
               {"entry_education", l.entry_education},
               {"source", l.projection_source}};
  }
  return {{"wage", std::move(wage)}, {"outlook", std::move(outlook)}};
}

Json BriefJson(const app::OccupationBrief& o) {
  Json j = {{"code", o.code}, {"title", o.title}, {"job_zone", o.job_zone}};
  j.update(LabourJson(o.labour));
  return j;
}

Json GapJson(const pw::SkillGap& g) {
  return {{"element_id", g.element_id},
          {"name", g.name},
          {"kind", domain::catalog::ElementKindName(g.kind)},
          {"importance", Round(g.importance, 100)},
          {"have", Round(g.have, 100)},
          {"need", Round(g.need, 100)},
          {"gap", Round(g.size(), 100)}};
}

Json TargetJson(const app::PathwayTarget& t) {
  Json route = Json::array();
  Json steps = Json::array();
  for (const auto& s : t.route) {
    route.push_back(s.occupation.code);
    steps.push_back({{"code", s.occupation.code},
                     {"title", s.occupation.title},
                     {"job_zone", s.occupation.job_zone},
                     {"zone_step", s.zone_step},
                     {"viability", s.viability},
                     {"median_annual_wage", s.occupation.labour.median_annual_wage
                                                ? Json(*s.occupation.labour.median_annual_wage)
                                                : Json(nullptr)}});
  }
  Json shared = Json::array();
  for (const auto& s : t.explanation.shared) {
    shared.push_back({{"element_id", s.element_id},
                      {"name", s.name},
                      {"kind", domain::catalog::ElementKindName(s.kind)},
                      {"have", Round(s.have, 100)},
                      {"need", Round(s.need, 100)}});
  }
  Json missing = Json::array();
  for (const auto& g : t.explanation.missing) missing.push_back(GapJson(g));
  Json blocks = Json::object();
  for (const auto& [name, value] : t.explanation.similarity_by_content) {
    blocks[name] = Round(value);
  }
  Json j = BriefJson(t.occupation);
  j.update({{"score", t.score},
            {"viability", t.viability},
            {"similarity", t.similarity},
            {"route", std::move(route)},
            {"steps", std::move(steps)},
            {"zone_step", t.zone_step},
            {"needs_zone_jump", t.needs_zone_jump},
            {"wage_ratio", t.wage_ratio ? Json(Round(*t.wage_ratio)) : Json(nullptr)},
            {"estimated_training_hours", Round(t.estimated_hours, 10)},
            {"plan_hours", t.plan_hours ? Json(Round(*t.plan_hours, 10)) : Json(nullptr)},
            {"gaps", t.gaps},
            {"uncovered_gaps", t.uncovered_gaps},
            {"explanation",
             {{"summary", t.explanation.summary},
              {"shared", std::move(shared)},
              {"missing", std::move(missing)},
              {"similarity_by_content", std::move(blocks)}}}});
  return j;
}

StatusOr<pw::Mode> ModeParam(std::optional<std::string_view> text) {
  if (!text) return pw::Mode::kCareer;
  auto mode = pw::ParseMode(*text);
  if (!mode) return InvalidArgument("mode must be career or related", "mode");
  return *mode;
}

StatusOr<app::PersonProfileInput> ProfileFrom(const Json& j) {
  return app::ParseCareerProfile(j.dump(), "profile");
}

}  // namespace

Json PathwayResultJson(const app::PathwayResult& r) {
  Json targets = Json::array();
  for (const auto& t : r.targets) targets.push_back(TargetJson(t));
  return {{"from", BriefJson(r.from)},
          {"from_profile", r.from_profile},
          {"mode", pw::ModeName(r.mode)},
          {"onet_release", r.onet_release},
          {"targets", std::move(targets)},
          {"notes",
           {"Each route lists the occupations moved through after the origin, ending with the "
            "target.",
            "Career mode keeps only better-paid targets; each step raises the wage and climbs at "
            "most one job zone."}}};
}

Json PathwayPlanJson(const app::PathwayPlan& p) {
  Json gaps = Json::array();
  for (const auto& g : p.gaps) gaps.push_back(GapJson(g));
  Json uncovered = Json::array();
  for (const auto& g : p.uncovered) uncovered.push_back(GapJson(g));
  Json courses = Json::array();
  for (const auto& c : p.courses) {
    courses.push_back({{"id", IdString(c.course.id.value())},
                       {"title", c.course.title},
                       {"provider", c.provider_name},
                       {"provider_id", IdString(c.course.provider_id.value())},
                       {"level", domain::catalog::CourseLevelName(c.course.level)},
                       {"hours", c.course.estimated_hours},
                       {"url", c.course.url},
                       {"closes", c.closes}});
  }
  Json blocks = Json::object();
  for (const auto& [name, value] : p.similarity_by_content) blocks[name] = Round(value);
  return {{"from", BriefJson(p.from)},    {"to", BriefJson(p.to)},
          {"similarity", p.similarity},   {"viability", p.viability},
          {"zone_step", p.zone_step},     {"similarity_by_content", std::move(blocks)},
          {"gaps", std::move(gaps)},      {"courses", std::move(courses)},
          {"hours", Round(p.hours, 100)}, {"uncovered", std::move(uncovered)},
          {"optimal", p.optimal}};
}

Response GetPathways(RequestContext& ctx) {
  const auto& req = ctx.request;
  app::PathwayQuery q;
  q.from = std::string(req.Query("from").value_or(""));
  if (q.from.empty()) {
    return ErrorResponse(ctx, InvalidArgument("from (an O*NET-SOC code) is required", "from"));
  }
  auto mode = ModeParam(req.Query("mode"));
  if (!mode.ok()) return ErrorResponse(ctx, mode.status());
  auto top = IntQueryParam(req, "top", 1, 100);
  if (!top.ok()) return ErrorResponse(ctx, top.status());
  auto steps = IntQueryParam(req, "max_steps", 1, 3);
  if (!steps.ok()) return ErrorResponse(ctx, steps.status());
  q.mode = *mode;
  q.top = top->value_or(10);
  q.max_steps = steps->value_or(3);
  q.tenant = ctx.principal.tenant_id;
  auto result = app::RecommendPathways(ctx.services.app, ctx.services.pathways).Run(q);
  if (!result.ok()) return ErrorResponse(ctx, result.status());
  return JsonResponse(200, PathwayResultJson(*result));
}

Response PostPathways(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"profile", "top", "mode", "max_steps"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  if (!body->contains("profile")) {
    return ErrorResponse(ctx, InvalidArgument("profile is required", "profile"));
  }
  auto profile = ProfileFrom((*body)["profile"]);
  if (!profile.ok()) return ErrorResponse(ctx, profile.status());
  auto mode_text = OptionalString(*body, "mode");
  if (!mode_text.ok()) return ErrorResponse(ctx, mode_text.status());
  auto mode = ModeParam(*mode_text ? std::optional<std::string_view>(**mode_text) : std::nullopt);
  if (!mode.ok()) return ErrorResponse(ctx, mode.status());
  auto top = OptionalInt(*body, "top", 1, 100);
  if (!top.ok()) return ErrorResponse(ctx, top.status());
  auto steps = OptionalInt(*body, "max_steps", 1, 3);
  if (!steps.ok()) return ErrorResponse(ctx, steps.status());
  app::PathwayQuery q;
  q.profile = std::move(*profile);
  q.mode = *mode;
  q.top = top->value_or(10);
  q.max_steps = steps->value_or(3);
  q.tenant = ctx.principal.tenant_id;
  auto result = app::RecommendPathways(ctx.services.app, ctx.services.pathways).Run(q);
  if (!result.ok()) return ErrorResponse(ctx, result.status());
  return JsonResponse(200, PathwayResultJson(*result));
}

namespace {

StatusOr<std::vector<domain::catalog::LicenseType>> Licences(const std::vector<std::string>& names,
                                                             const char* field) {
  std::vector<domain::catalog::LicenseType> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto t = domain::catalog::ParseLicenseType(names[i]);
    if (!t) {
      return InvalidArgument("licence types are free, seat, site, purchase",
                             std::string(field) + "[" + std::to_string(i) + "]");
    }
    out.push_back(*t);
  }
  return out;
}

StatusOr<std::vector<domain::catalog::ProviderId>> Providers(const std::vector<std::string>& ids,
                                                             const char* field) {
  std::vector<domain::catalog::ProviderId> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto id = ParseIdParam(ids[i], "provider");
    if (!id.ok()) {
      return InvalidArgument("a provider id is required",
                             std::string(field) + "[" + std::to_string(i) + "]");
    }
    out.push_back(domain::catalog::ProviderId(*id));
  }
  return out;
}

}  // namespace

Response GetPathwayPlan(RequestContext& ctx) {
  const auto& req = ctx.request;
  app::PlanQuery q;
  q.from.from = std::string(req.Query("from").value_or(""));
  q.to = std::string(req.Query("to").value_or(""));
  if (q.from.from.empty()) {
    return ErrorResponse(ctx, InvalidArgument("from (an O*NET-SOC code) is required", "from"));
  }
  if (q.to.empty()) {
    return ErrorResponse(ctx, InvalidArgument("to (an O*NET-SOC code) is required", "to"));
  }
  std::vector<std::string> providers, licences;
  for (auto [it, end] = req.query.equal_range("provider"); it != end; ++it) {
    providers.push_back(it->second);
  }
  for (auto [it, end] = req.query.equal_range("license"); it != end; ++it) {
    licences.push_back(it->second);
  }
  auto p = Providers(providers, "provider");
  if (!p.ok()) return ErrorResponse(ctx, p.status());
  auto l = Licences(licences, "license");
  if (!l.ok()) return ErrorResponse(ctx, l.status());
  q.providers = std::move(*p);
  q.license_types = std::move(*l);
  q.from.tenant = ctx.principal.tenant_id;
  auto plan = app::PlanPathway(ctx.services.app, ctx.services.pathways).Run(q);
  if (!plan.ok()) return ErrorResponse(ctx, plan.status());
  return JsonResponse(200, PathwayPlanJson(*plan));
}

Response PostPathwayPlan(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"profile", "to", "providers", "license_types"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  if (!body->contains("profile")) {
    return ErrorResponse(ctx, InvalidArgument("profile is required", "profile"));
  }
  auto profile = ProfileFrom((*body)["profile"]);
  if (!profile.ok()) return ErrorResponse(ctx, profile.status());
  auto to = RequiredString(*body, "to");
  if (!to.ok()) return ErrorResponse(ctx, to.status());
  auto providers = OptionalStringArray(*body, "providers");
  if (!providers.ok()) return ErrorResponse(ctx, providers.status());
  auto licences = OptionalStringArray(*body, "license_types");
  if (!licences.ok()) return ErrorResponse(ctx, licences.status());
  auto p = Providers(providers->value_or(std::vector<std::string>{}), "providers");
  if (!p.ok()) return ErrorResponse(ctx, p.status());
  auto l = Licences(licences->value_or(std::vector<std::string>{}), "license_types");
  if (!l.ok()) return ErrorResponse(ctx, l.status());
  app::PlanQuery q;
  q.from.profile = std::move(*profile);
  q.from.tenant = ctx.principal.tenant_id;
  q.to = *to;
  q.providers = std::move(*p);
  q.license_types = std::move(*l);
  auto plan = app::PlanPathway(ctx.services.app, ctx.services.pathways).Run(q);
  if (!plan.ok()) return ErrorResponse(ctx, plan.status());
  return JsonResponse(200, PathwayPlanJson(*plan));
}

// --- A client's career profile and plan -------------------------------------------------------

namespace {

StatusOr<ClientId> ClientParam(const RequestContext& ctx) {
  RESKILL_ASSIGN_OR_RETURN(auto id, ParseIdParam(ctx.Param("id"), "client"));
  return ClientId(id);
}

Response ClientFail(const RequestContext& ctx, const Status& st) {
  if (st.code() == ErrorCode::kFailedPrecondition && st.field() == "profile") {
    return Problem(409, "profile_required", st.public_message(), st.field(), ctx.info.request_id);
  }
  if (st.code() == ErrorCode::kFailedPrecondition && st.field() == "to") {
    return Problem(409, "no_plan", st.public_message(), st.field(), ctx.info.request_id);
  }
  return ErrorResponse(ctx, st);
}

}  // namespace

Json CareerProfileViewJson(const app::ClientCareerProfile& v) {
  return {{"client_id", IdString(v.client_id.value())},
          {"participant_id", v.participant_id},
          {"stored", v.stored},
          {"profile", Json::parse(app::CareerProfileJson(v.profile))},
          {"updated_at", TimeOrNull(v.updated_at)}};
}

Response GetClientCareerProfile(RequestContext& ctx) {
  auto id = ClientParam(ctx);
  if (!id.ok()) return ClientFail(ctx, id.status());
  auto v = app::ClientCareerProfiles(ctx.services.app, ctx.services.pathways)
               .Get(ctx.principal, *id, ctx.info);
  if (!v.ok()) return ClientFail(ctx, v.status());
  return JsonResponse(200, CareerProfileViewJson(*v));
}

Response PutClientCareerProfile(RequestContext& ctx) {
  auto id = ClientParam(ctx);
  if (!id.ok()) return ClientFail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"occupations", "completed_courses", "credentials",
                                            "self_assessment", "education_category"});
  if (!body.ok()) return ClientFail(ctx, body.status());
  auto profile = ProfileFrom(*body);
  if (!profile.ok()) return ClientFail(ctx, profile.status());
  auto v = app::ClientCareerProfiles(ctx.services.app, ctx.services.pathways)
               .Put(ctx.principal, *id, *profile, ctx.info);
  if (!v.ok()) return ClientFail(ctx, v.status());
  return JsonResponse(200, CareerProfileViewJson(*v));
}

Response PostClientPathwayPlan(RequestContext& ctx) {
  auto id = ClientParam(ctx);
  if (!id.ok()) return ClientFail(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"to", "due_at"});
  if (!body.ok()) return ClientFail(ctx, body.status());
  app::AssignPlanInput in;
  auto to = RequiredString(*body, "to");
  if (!to.ok()) return ClientFail(ctx, to.status());
  in.to = *to;
  auto due = OptionalString(*body, "due_at");
  if (!due.ok()) return ClientFail(ctx, due.status());
  if (*due) {
    auto t = ParseIso8601(**due);
    if (!t) {
      return ClientFail(ctx, InvalidArgument("due_at is a date or an ISO 8601 time", "due_at"));
    }
    in.due_at = *t;
  }
  auto r = app::AssignPathwayPlan(ctx.services.app, ctx.services.pathways)
               .Run(ctx.principal, *id, in, ctx.info);
  if (!r.ok()) return ClientFail(ctx, r.status());
  Json path = {{"id", IdString(r->path.id.value())},
               {"name", r->path.name},
               {"description", r->path.description},
               {"created", r->path_created}};
  Json course_ids = Json::array();
  for (const auto& c : r->path.course_ids) course_ids.push_back(IdString(c.value()));
  path["course_ids"] = std::move(course_ids);
  return JsonResponse(201, {{"path", std::move(path)},
                            {"assignment",
                             {{"id", IdString(r->assignment.id.value())},
                              {"target_kind", "path"},
                              {"target_id", IdString(r->assignment.target_id)},
                              {"due_at", TimeOrNull(r->assignment.due_at)},
                              {"assigned_at", FormatIso8601(r->assignment.assigned_at)}}},
                            {"plan", PathwayPlanJson(r->plan)}});
}

}  // namespace reskill::http::api
