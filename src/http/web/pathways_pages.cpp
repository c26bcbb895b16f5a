#include "http/web/pathways_pages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "app/catalog/occupations.hpp"
#include "app/pathways/client_pathways.hpp"
#include "app/pathways/pathways.hpp"
#include "common/strings.hpp"
#include "http/error_mapping.hpp"
#include "http/json.hpp"
#include "http/services.hpp"
#include "http/web/pages.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

namespace pw = domain::pathways;

constexpr int kTargets = 15;
constexpr int kSearchResults = 15;
// The chart: a viewBox of this size, with margins for the axes.
constexpr double kWidth = 640, kHeight = 360, kLeft = 70, kRight = 20, kTop = 20, kBottom = 50;

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Dollars(const std::optional<double>& v) {
  if (!v) return "—";
  std::string digits = Fixed(*v, 0);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return "$" + digits;
}

// The reachable jobs drawn as an SVG bubble chart: similarity (x) against median wage (y),
// bubble area by annual openings; the origin as a hollow marker. Coordinates only: the template
// writes the elements, escaping every text.
Json ChartModel(const app::PathwayResult& r, const std::string& base) {
  double wage_min = r.from.labour.median_annual_wage.value_or(1e12);
  double wage_max = r.from.labour.median_annual_wage.value_or(0);
  double openings_max = 1;
  for (const auto& t : r.targets) {
    if (t.occupation.labour.median_annual_wage) {
      wage_min = std::min(wage_min, *t.occupation.labour.median_annual_wage);
      wage_max = std::max(wage_max, *t.occupation.labour.median_annual_wage);
    }
    openings_max = std::max(openings_max,
                            static_cast<double>(t.occupation.labour.annual_openings.value_or(0)));
  }
  if (wage_max <= wage_min) {
    wage_min = std::max(0.0, wage_min - 10000);
    wage_max = wage_min + 20000;
  }
  // Round the wage axis outward to $10,000.
  wage_min = std::floor(wage_min / 10000) * 10000;
  wage_max = std::ceil(wage_max / 10000) * 10000;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const auto x_of = [&](double sim) { return kLeft + std::clamp(sim, 0.0, 1.0) * plot_w; };
  const auto y_of = [&](double wage) {
    return kTop + (1 - (wage - wage_min) / (wage_max - wage_min)) * plot_h;
  };
  Json bubbles = Json::array();
  for (const auto& t : r.targets) {
    if (!t.occupation.labour.median_annual_wage) continue;
    const double openings = static_cast<double>(t.occupation.labour.annual_openings.value_or(0));
    const double radius = 4 + 16 * std::sqrt(openings / openings_max);
    bubbles.push_back(
        {{"cx", Fixed(x_of(t.similarity), 1)},
         {"cy", Fixed(y_of(*t.occupation.labour.median_annual_wage), 1)},
         {"r", Fixed(radius, 1)},
         {"href", base + "&to=" + PercentEncode(t.occupation.code)},
         {"label", t.occupation.title + " — " + Dollars(t.occupation.labour.median_annual_wage) +
                       ", similarity " + Fixed(t.similarity, 2) + ", " +
                       std::to_string(t.occupation.labour.annual_openings.value_or(0)) +
                       " openings/yr"},
         {"short", t.occupation.title.substr(0, 28)}});
  }
  Json ticks_y = Json::array();
  for (int k = 0; k <= 4; ++k) {
    const double wage = wage_min + (wage_max - wage_min) * k / 4;
    ticks_y.push_back({{"y", Fixed(y_of(wage), 1)}, {"label", Dollars(wage)}});
  }
  Json ticks_x = Json::array();
  for (int k = 0; k <= 4; ++k) {
    ticks_x.push_back({{"x", Fixed(x_of(k / 4.0), 1)}, {"label", Fixed(k / 4.0, 2)}});
  }
  Json chart = {{"width", Fixed(kWidth, 0)},
                {"height", Fixed(kHeight, 0)},
                {"left", Fixed(kLeft, 0)},
                {"right", Fixed(kWidth - kRight, 0)},
                {"top", Fixed(kTop, 0)},
                {"bottom", Fixed(kHeight - kBottom, 0)},
                {"x_label_x", Fixed(kLeft + plot_w / 2, 0)},
                {"x_label_y", Fixed(kHeight - 10, 0)},
                {"bubbles", std::move(bubbles)},
                {"ticks_x", std::move(ticks_x)},
                {"ticks_y", std::move(ticks_y)}};
  if (r.from.labour.median_annual_wage) {
    chart["origin"] = {{"y", Fixed(y_of(*r.from.labour.median_annual_wage), 1)},
                       {"label", r.from.title + " — " + Dollars(r.from.labour.median_annual_wage)}};
  }
  return chart;
}

Json TargetRows(const app::PathwayResult& r, const std::string& base) {
  Json rows = Json::array();
  int rank = 0;
  for (const auto& t : r.targets) {
    Json route = Json::array();
    for (const auto& s : t.route) {
      route.push_back({{"code", s.occupation.code}, {"title", s.occupation.title}});
    }
    rows.push_back({{"rank", ++rank},
                    {"code", t.occupation.code},
                    {"title", t.occupation.title},
                    {"href", base + "&to=" + PercentEncode(t.occupation.code)},
                    {"score", Fixed(t.score, 3)},
                    {"viability", Fixed(t.viability, 2)},
                    {"wage", Dollars(t.occupation.labour.median_annual_wage)},
                    {"job_zone", t.occupation.job_zone},
                    {"route", std::move(route)},
                    {"multi_step", t.route.size() > 1},
                    {"zone_jump", t.needs_zone_jump},
                    {"hours", t.plan_hours ? Fixed(*t.plan_hours, 0) : Fixed(t.estimated_hours, 0)},
                    {"why", t.explanation.summary}});
  }
  return rows;
}

Json PlanModel(const app::PathwayPlan& p) {
  Json gaps = Json::array();
  for (const auto& g : p.gaps) {
    gaps.push_back({{"name", g.name},
                    {"have", Fixed(g.have, 1)},
                    {"need", Fixed(g.need, 1)},
                    {"gap", Fixed(g.size(), 1)}});
  }
  Json courses = Json::array();
  int n = 0;
  for (const auto& c : p.courses) {
    courses.push_back({{"n", ++n},
                       {"title", c.course.title},
                       {"href", "/catalog/courses/" + IdString(c.course.id.value())},
                       {"provider", c.provider_name},
                       {"level", domain::catalog::CourseLevelName(c.course.level)},
                       {"hours", Fixed(c.course.estimated_hours, 1)}});
  }
  Json uncovered = Json::array();
  for (const auto& g : p.uncovered) uncovered.push_back({{"name", g.name}});
  return {{"to_code", p.to.code},
          {"to_title", p.to.title},
          {"similarity", Fixed(p.similarity, 2)},
          {"zone_step", p.zone_step},
          {"gaps", std::move(gaps)},
          {"has_gaps", !p.gaps.empty()},
          {"courses", std::move(courses)},
          {"has_courses", !p.courses.empty()},
          {"hours", Fixed(p.hours, 1)},
          {"optimal", p.optimal},
          {"uncovered", std::move(uncovered)},
          {"has_uncovered", !p.uncovered.empty()}};
}

}  // namespace

Response PathwaysPage(RequestContext& ctx) {
  const auto& req = ctx.request;
  const std::string q(Trim(req.Query("q").value_or("")));
  const std::string from(Trim(req.Query("from").value_or("")));
  const std::string to(Trim(req.Query("to").value_or("")));
  const std::string mode_text(req.Query("mode").value_or("career"));
  const auto mode = pw::ParseMode(mode_text).value_or(pw::Mode::kCareer);
  const std::string mode_name(pw::ModeName(mode));
  Json model = {{"q", q},
                {"from", from},
                {"career", mode == pw::Mode::kCareer},
                {"related", mode == pw::Mode::kRelated}};
  int status = 200;
  const auto error = [&](const Status& st) {
    model["error"] = ErrorMessage(ctx.services.templates, ctx.locale, st);
    status = HttpStatusFor(st.code());
  };

  if (!q.empty()) {
    auto found = app::SearchOccupations(ctx.services.app).Run(q, kSearchResults);
    if (found.ok()) {
      Json rows = Json::array();
      for (const auto& r : found->items) {
        rows.push_back(
            {{"code", r.code},
             {"title", r.title},
             {"matched_title", r.matched_title},
             {"also", r.matched_title != r.title},
             {"href", "/pathways?from=" + PercentEncode(r.code) + "&mode=" + mode_name}});
      }
      model["searched"] = true;
      model["empty"] = rows.empty();
      model["results"] = std::move(rows);
    } else {
      error(found.status());
    }
  }
  // Client mode (?client=ID): the client's stored career profile is the starting point, the
  // plan uses the courses of the client's program and can be assigned in one step.
  const std::string client_text(Trim(req.Query("client").value_or("")));
  std::optional<ClientId> client;
  std::optional<app::PersonProfileInput> profile;
  if (!client_text.empty()) {
    auto id = ParseIdParam(client_text, "client");
    auto view = id.ok() ? app::ClientCareerProfiles(ctx.services.app, ctx.services.pathways)
                              .Get(ctx.principal, ClientId(*id), ctx.info)
                        : StatusOr<app::ClientCareerProfile>(NotFound("no such client"));
    if (!view.ok()) {
      error(view.status());
    } else {
      client = view->client_id;
      model["client"] = {{"id", IdString(view->client_id.value())},
                         {"participant_id", view->participant_id},
                         {"stored", view->stored}};
      if (view->stored) profile = view->profile;
      if (req.Query("saved").value_or("") == "1") model["saved"] = true;
    }
    if (model.contains("results")) {
      for (auto& row : model["results"]) row["set_current"] = true;
    }
  }
  const std::string base =
      client ? "/pathways?client=" + IdString(client->value()) + "&mode=" + mode_name
             : "/pathways?from=" + PercentEncode(from) + "&mode=" + mode_name;
  if ((!client && !from.empty()) || profile) {
    app::PathwayQuery query;
    if (profile) {
      query.profile = *profile;
    } else {
      query.from = from;
    }
    query.mode = mode;
    query.top = kTargets;
    query.tenant = ctx.principal.tenant_id;
    auto result = app::RecommendPathways(ctx.services.app, ctx.services.pathways).Run(query);
    if (result.ok()) {
      model["has_result"] = true;
      model["from_title"] = result->from.title;
      model["from_code"] = result->from.code;
      model["from_wage"] = Dollars(result->from.labour.median_annual_wage);
      model["from_zone"] = result->from.job_zone;
      model["targets"] = TargetRows(*result, base);
      model["no_targets"] = result->targets.empty();
      model["chart"] = ChartModel(*result, base);
      if (!result->targets.empty()) {
        const auto& l = result->targets.front().occupation.labour;
        model["wage_source"] = l.wage_source;
        model["outlook_source"] = l.projection_source;
      }
    } else {
      error(result.status());
    }
  }
  if (!to.empty() && status == 200 && (profile || (!client && !from.empty()))) {
    StatusOr<app::PathwayPlan> plan = Internal("unreachable");
    if (client) {
      plan = app::AssignPathwayPlan(ctx.services.app, ctx.services.pathways)
                 .Preview(ctx.principal, *client, to);
    } else {
      app::PlanQuery query;
      query.from.from = from;
      query.from.tenant = ctx.principal.tenant_id;
      query.to = to;
      plan = app::PlanPathway(ctx.services.app, ctx.services.pathways).Run(query);
    }
    if (plan.ok()) {
      model["plan"] = PlanModel(*plan);
      if (client && !plan->courses.empty()) model["plan"]["assign"] = model["client"];
    } else {
      error(plan.status());
    }
  }
  return RenderPage(ctx, "pathways", model, "pathways.title", status);
}

namespace {

// Runs a client action from the explorer; a refusal is shown on the explorer page (as a 4xx).
template <typename F>
Response ExplorerAction(RequestContext& ctx, F action) {
  auto id = ParseIdParam(ctx.Param("id"), "client");
  if (!id.ok()) return RenderPage(ctx, "pathways", {{"error", "not found"}}, "pathways.title", 404);
  const ClientId client(*id);
  auto where = action(client);
  if (!where.ok()) {
    Json model = {{"client", {{"id", IdString(client.value())}}},
                  {"error", ErrorMessage(ctx.services.templates, ctx.locale, where.status())}};
    return RenderPage(ctx, "pathways", model, "pathways.title",
                      HttpStatusFor(where.status().code()));
  }
  return SeeOther(*where);
}

}  // namespace

Response ClientCurrentJobSubmit(RequestContext& ctx) {
  return ExplorerAction(ctx, [&](ClientId client) -> StatusOr<std::string> {
    const std::string code(Trim(ctx.Form("code")));
    RESKILL_RETURN_IF_ERROR(app::ClientCareerProfiles(ctx.services.app, ctx.services.pathways)
                                .SetCurrentOccupation(ctx.principal, client, code, ctx.info)
                                .status());
    return "/pathways?client=" + IdString(client.value()) + "&saved=1";
  });
}

Response ClientPathwayPlanSubmit(RequestContext& ctx) {
  return ExplorerAction(ctx, [&](ClientId client) -> StatusOr<std::string> {
    app::AssignPlanInput in;
    in.to = std::string(Trim(ctx.Form("to")));
    const std::string due(Trim(ctx.Form("due")));
    if (!due.empty()) {
      auto t = ParseIso8601(due);
      if (!t) return InvalidArgument("due is a date", "due_at");
      in.due_at = *t;
    }
    RESKILL_RETURN_IF_ERROR(app::AssignPathwayPlan(ctx.services.app, ctx.services.pathways)
                                .Run(ctx.principal, client, in, ctx.info)
                                .status());
    return "/clients/" + IdString(client.value()) + "?assigned=1";
  });
}

}  // namespace reskill::http::web
