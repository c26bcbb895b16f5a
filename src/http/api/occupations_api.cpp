#include "http/api/occupations_api.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include "app/catalog/occupations.hpp"
#include "http/json.hpp"
#include "http/services.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::api {

namespace {

using domain::catalog::Projection;
using domain::catalog::WageDistribution;
using domain::catalog::WageRecord;
using domain::catalog::WageStatistic;

// The attribution O*NET's licence (CC BY 4.0) asks for wherever its content is shown, and the
// notice the licence requires because Reskill changed the files' form (../shared/data/README.md).
std::string OnetAttribution(const std::optional<domain::catalog::OnetRelease>& release) {
  const std::string database = release && !release->version.empty()
                                   ? "O*NET " + release->version + " Database"
                                   : "O*NET Database";
  return "This page includes information from the " + database +
         " by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). "
         "Used under the CC BY 4.0 license. O*NET\u00ae is a trademark of USDOL/ETA.";
}
constexpr std::string_view kOnetModified =
    "USDOL/ETA has not approved, endorsed, or tested these modifications.";

constexpr std::pair<WageStatistic, const char*> kStatistics[] = {
    {WageStatistic::kMean, "mean"},   {WageStatistic::kPct10, "pct10"},
    {WageStatistic::kPct25, "pct25"}, {WageStatistic::kMedian, "median"},
    {WageStatistic::kPct75, "pct75"}, {WageStatistic::kPct90, "pct90"}};

Json Amount(const std::optional<double>& amount) {
  return amount ? Json(*amount) : Json(nullptr);
}

// {"mean": …, "pct10": …} and the names of top-coded figures appended to `top_coded`.
Json DistributionJson(const WageDistribution& d, const char* period, Json& top_coded) {
  Json out = Json::object();
  for (const auto& [stat, name] : kStatistics) {
    const auto& figure = d.at(stat);
    out[name] = Amount(figure.amount);
    if (figure.top_coded) top_coded.push_back(std::string(period) + "." + name);
  }
  return out;
}

Json WagesJson(const app::MatchedWages& m) {
  const WageRecord& w = m.wages;
  Json top_coded = Json::array();
  Json annual = DistributionJson(w.annual, "annual", top_coded);
  Json hourly = DistributionJson(w.hourly, "hourly", top_coded);
  return {{"area_code", w.area_code},
          {"area_title", w.area_title},
          {"year", w.year},
          {"soc_code", w.soc_code},
          {"soc_title", w.occupation_title},
          {"soc_match", domain::catalog::SocMatchName(m.match)},
          {"employment", w.employment ? Json(*w.employment) : Json(nullptr)},
          {"annual", std::move(annual)},
          {"hourly", std::move(hourly)},
          {"top_coded", std::move(top_coded)},
          {"source",
           "U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
           "Statistics, May " +
               std::to_string(w.year)}};
}

Json ProjectionJson(const Projection& p, domain::catalog::SocMatch match) {
  return {{"period", p.period.Key()},
          {"base_year", p.period.base_year},
          {"projected_year", p.period.projected_year},
          {"soc_code", p.soc_code},
          {"soc_title", p.title},
          {"soc_match", domain::catalog::SocMatchName(match)},
          {"employment_base", p.employment_base},
          {"employment_projected", p.employment_projected},
          {"employment_change", p.employment_change},
          {"change_percent", p.change_percent},
          {"annual_openings", p.annual_openings},
          {"median_annual_wage", Amount(p.median_annual_wage.amount)},
          {"median_annual_wage_top_coded", p.median_annual_wage.top_coded},
          {"entry_education", p.entry_education},
          {"work_experience", p.work_experience},
          {"on_the_job_training", p.on_the_job_training},
          {"source",
           "U.S. Bureau of Labor Statistics, Employment Projections program, " + p.period.Label()}};
}

Json RatedJson(const std::vector<domain::catalog::RatedElement>& rated) {
  Json out = Json::array();
  for (const auto& r : rated) {
    out.push_back({{"id", r.element.id},
                   {"name", r.element.name},
                   {"description", r.element.description},
                   {"importance", r.importance},
                   {"level", r.level}});
  }
  return out;
}

// The education, experience and training distributions by scale, each category labelled in
// English from the message catalog (occupations.scale.<SCALE>_<category>).
Json EducationJson(const std::vector<domain::catalog::EducationRating>& ratings,
                   const Templates& t) {
  Json out = {{"required_level", Json::array()},
              {"related_experience", Json::array()},
              {"on_site_training", Json::array()},
              {"on_the_job_training", Json::array()}};
  for (const auto& e : ratings) {
    const char* key = e.scale_id == "RL"   ? "required_level"
                      : e.scale_id == "RW" ? "related_experience"
                      : e.scale_id == "PT" ? "on_site_training"
                      : e.scale_id == "OJ" ? "on_the_job_training"
                                           : nullptr;
    if (key == nullptr) continue;
    out[key].push_back({{"category", e.category},
                        {"label", t.Message("en", "occupations.scale." + e.scale_id + "_" +
                                                      std::to_string(e.category))},
                        {"percent", e.percent}});
  }
  return out;
}

Json ProfileJson(const app::OccupationProfile& p, const Templates& t) {
  const auto& o = p.occupation;
  Json titles = Json::array();
  for (const auto& a : p.alternate_titles) {
    titles.push_back({{"title", a.title}, {"short_title", a.short_title}});
  }
  Json technology = Json::array();
  for (const auto& tech : p.technology) {
    technology.push_back({{"example", tech.example},
                          {"commodity_code", tech.commodity_code},
                          {"commodity_title", tech.commodity_title},
                          {"hot", tech.hot},
                          {"in_demand", tech.in_demand}});
  }
  Json tasks = Json::array();
  for (const auto& task : p.tasks) {
    tasks.push_back({{"id", task.task_id}, {"text", task.text}, {"type", task.type}});
  }
  Json activities = Json::array();
  for (const auto& a : p.work_activities) {
    activities.push_back({{"id", a.dwa_id}, {"title", a.title}});
  }
  return {{"code", o.code},
          {"title", o.title},
          {"description", o.description},
          {"job_zone", o.job_zone},
          {"alternate_titles", std::move(titles)},
          {"skills", RatedJson(p.skills)},
          {"knowledge", RatedJson(p.knowledge)},
          {"technology", std::move(technology)},
          {"tasks", std::move(tasks)},
          {"work_activities", std::move(activities)},
          {"education", EducationJson(p.education, t)},
          {"wages", p.wages ? WagesJson(*p.wages) : Json(nullptr)},
          {"outlook",
           p.outlook ? ProjectionJson(p.outlook->projection, p.outlook->match) : Json(nullptr)},
          {"onet_release", p.release ? Json(p.release->version) : Json(nullptr)},
          {"attribution", {{"onet", OnetAttribution(p.release)}, {"notice", kOnetModified}}}};
}

}  // namespace

StatusOr<std::optional<int>> IntQueryParam(const Request& request, std::string_view name, int min,
                                           int max) {
  const auto text = request.Query(name);
  if (!text) return std::optional<int>();
  int value = 0;
  const auto r = std::from_chars(text->data(), text->data() + text->size(), value);
  if (r.ec != std::errc() || r.ptr != text->data() + text->size() || value < min || value > max) {
    return InvalidArgument(std::string(name) + " must be a whole number from " +
                               std::to_string(min) + " to " + std::to_string(max),
                           std::string(name));
  }
  return std::optional<int>(value);
}

Response ListOccupations(RequestContext& ctx) {
  const auto& req = ctx.request;
  if (auto q = req.Query("q")) {
    auto limit = IntQueryParam(req, "limit", 1, app::SearchOccupations::kMaxLimit);
    if (!limit.ok()) return ErrorResponse(ctx, limit.status());
    auto found = app::SearchOccupations(ctx.services.app).Run(*q, limit->value_or(10));
    if (!found.ok()) return ErrorResponse(ctx, found.status());
    Json items = Json::array();
    for (const auto& r : found->items) {
      items.push_back({{"code", r.code},
                       {"title", r.title},
                       {"job_zone", r.job_zone},
                       {"matched_title", r.matched_title},
                       {"match", app::OccupationMatchName(r.match)},
                       {"score", r.score}});
    }
    return JsonResponse(
        200,
        {{"query", std::string(*q)}, {"partial", found->partial}, {"items", std::move(items)}});
  }

  app::OccupationListQuery query;
  auto limit = IntQueryParam(req, "limit", 1, app::ListOccupations::kMaxLimit);
  if (!limit.ok()) return ErrorResponse(ctx, limit.status());
  auto zone = IntQueryParam(req, "job_zone", 0, 5);
  if (!zone.ok()) return ErrorResponse(ctx, zone.status());
  query.limit = limit->value_or(50);
  query.job_zone = zone->value_or(0);
  query.after_code = std::string(req.Query("after").value_or(""));
  auto page = app::ListOccupations(ctx.services.app).Run(query);
  if (!page.ok()) return ErrorResponse(ctx, page.status());
  Json items = Json::array();
  for (const auto& o : *page) {
    items.push_back({{"code", o.code},
                     {"title", o.title},
                     {"description", o.description},
                     {"job_zone", o.job_zone}});
  }
  Json out = {{"items", std::move(items)}};
  if (static_cast<int>(page->size()) == query.limit) {
    std::string next = "/api/v1/occupations?limit=" + std::to_string(query.limit) +
                       "&after=" + PercentEncode(page->back().code);
    if (query.job_zone != 0) next += "&job_zone=" + std::to_string(query.job_zone);
    out["next"] = next;
  }
  return JsonResponse(200, out);
}

Response GetOccupation(RequestContext& ctx) {
  auto profile = app::GetOccupationProfile(ctx.services.app).Run(ctx.Param("code"));
  if (!profile.ok()) return ErrorResponse(ctx, profile.status());
  return JsonResponse(200, ProfileJson(*profile, ctx.services.templates));
}

Response ListInDemandOccupations(RequestContext& ctx) {
  auto limit = IntQueryParam(ctx.request, "limit", 1, app::ListInDemandOccupations::kMaxLimit);
  if (!limit.ok()) return ErrorResponse(ctx, limit.status());
  auto zone = IntQueryParam(ctx.request, "job_zone_max", 0, 5);
  if (!zone.ok()) return ErrorResponse(ctx, zone.status());
  app::InDemandQuery query;
  query.limit = limit->value_or(20);
  query.job_zone_max = zone->value_or(0);
  auto list = app::ListInDemandOccupations(ctx.services.app).Run(query);
  if (!list.ok()) return ErrorResponse(ctx, list.status());
  Json items = Json::array();
  for (const auto& item : *list) {
    items.push_back({{"code", item.occupation.code},
                     {"title", item.occupation.title},
                     {"job_zone", item.occupation.job_zone},
                     {"outlook", ProjectionJson(item.outlook.projection, item.outlook.match)}});
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

}  // namespace reskill::http::api
