#include "http/api/pathways_api.hpp"

#include <cmath>
#include <string>

#include "http/api/occupations_api.hpp"
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

// {"occupations": [{"code", "current", "years"}], "completed_courses": ["id"…],
//  "credentials": [{"name", "education_category", "skills": [{"element_id", "level"}]}],
//  "self_assessment": [{"element_id", "level"}], "education_category"}
StatusOr<app::PersonProfileInput> ProfileFrom(const Json& j) {
  const auto bad = [](const std::string& field, const std::string& what) {
    return InvalidArgument(what, "profile." + field);
  };
  if (!j.is_object()) return bad("", "profile must be an object");
  for (const auto& [key, value] : j.items()) {
    if (key != "occupations" && key != "completed_courses" && key != "credentials" &&
        key != "self_assessment" && key != "education_category") {
      return bad(key, "unknown field");
    }
  }
  app::PersonProfileInput p;
  const auto skills = [&](const Json& list, const std::string& field,
                          std::vector<domain::catalog::CourseSkill>& out) -> Status {
    if (!list.is_array()) return bad(field, "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string f = field + "[" + std::to_string(i) + "]";
      const Json& s = list[i];
      if (!s.is_object() || !s.contains("element_id") || !s["element_id"].is_string()) {
        return bad(f + ".element_id", "an element id (\"2.C.3.a\") is required");
      }
      if (!s.contains("level") || !s["level"].is_number()) {
        return bad(f + ".level", "a level from 0 to 7 is required");
      }
      out.push_back({s["element_id"].get<std::string>(), s["level"].get<double>()});
    }
    return Status::Ok();
  };
  if (j.contains("occupations")) {
    const Json& list = j["occupations"];
    if (!list.is_array()) return bad("occupations", "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& o = list[i];
      const std::string f = "occupations[" + std::to_string(i) + "]";
      if (!o.is_object() || !o.contains("code") || !o["code"].is_string()) {
        return bad(f + ".code", "an O*NET-SOC code is required");
      }
      pw::Experience e;
      e.code = o["code"].get<std::string>();
      if (o.contains("current")) {
        if (!o["current"].is_boolean()) return bad(f + ".current", "must be true or false");
        e.current = o["current"].get<bool>();
      }
      if (o.contains("years")) {
        if (!o["years"].is_number() || o["years"].get<double>() < 0) {
          return bad(f + ".years", "must be a number of years");
        }
        e.years = o["years"].get<double>();
      }
      p.occupations.push_back(std::move(e));
    }
  }
  if (j.contains("completed_courses")) {
    const Json& list = j["completed_courses"];
    if (!list.is_array()) return bad("completed_courses", "must be an array of course ids");
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto id = list[i].is_string() ? ParseIdParam(list[i].get<std::string>(), "course")
                                    : StatusOr<std::int64_t>(NotFound("course"));
      if (!id.ok()) {
        return bad("completed_courses[" + std::to_string(i) + "]", "a course id is required");
      }
      p.completed_courses.push_back(domain::catalog::CourseId(*id));
    }
  }
  if (j.contains("credentials")) {
    const Json& list = j["credentials"];
    if (!list.is_array()) return bad("credentials", "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& c = list[i];
      const std::string f = "credentials[" + std::to_string(i) + "]";
      if (!c.is_object()) return bad(f, "must be an object");
      app::PersonProfileInput::Credential cred;
      if (c.contains("name") && c["name"].is_string()) cred.name = c["name"].get<std::string>();
      if (c.contains("education_category")) {
        if (!c["education_category"].is_number_integer() ||
            c["education_category"].get<int>() < 0 || c["education_category"].get<int>() > 12) {
          return bad(f + ".education_category", "an O*NET RL category from 1 to 12");
        }
        cred.education_category = c["education_category"].get<int>();
      }
      if (c.contains("skills"))
        RESKILL_RETURN_IF_ERROR(skills(c["skills"], f + ".skills", cred.skills));
      p.credentials.push_back(std::move(cred));
    }
  }
  if (j.contains("self_assessment")) {
    RESKILL_RETURN_IF_ERROR(skills(j["self_assessment"], "self_assessment", p.self_assessment));
  }
  if (j.contains("education_category")) {
    if (!j["education_category"].is_number_integer() || j["education_category"].get<int>() < 0 ||
        j["education_category"].get<int>() > 12) {
      return bad("education_category", "an O*NET RL category from 1 to 12");
    }
    p.education_category = j["education_category"].get<int>();
  }
  return p;
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

}  // namespace reskill::http::api
