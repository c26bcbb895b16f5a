#include "http/web/occupation_pages.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/catalog/course_catalog.hpp"
#include "app/catalog/occupations.hpp"
#include "common/strings.hpp"
#include "http/api/occupations_api.hpp"
#include "http/error_mapping.hpp"
#include "http/json.hpp"
#include "http/web/pages.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

using domain::catalog::SocMatch;
using domain::catalog::WageFigure;

constexpr int kSearchResults = 25;
constexpr int kInDemand = 20;
constexpr int kBrowsePage = 50;
constexpr std::size_t kAlternateTitlesShown = 25;

// "1234567.891" with `decimals` digits → "1,234,567.89".
std::string Grouped(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(value));
  std::string digits(buf);
  const auto dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : digits.substr(dot);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) {
    whole.insert(static_cast<std::size_t>(i), ",");
  }
  return (value < 0 && std::round(value * std::pow(10, decimals)) != 0 ? "-" : "") + whole +
         fraction;
}

std::string Count(std::int64_t n) {
  return Grouped(static_cast<double>(n), 0);
}

std::string Money(const WageFigure& f, int decimals, const RequestContext& ctx) {
  if (!f.amount) return Msg(ctx, "occupations.not_available");
  const std::string text = "$" + Grouped(*f.amount, decimals);
  return f.top_coded ? Msg(ctx, "occupations.at_least") + " " + text : text;
}

std::string OneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string TwoDecimals(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string SignedPercent(double v) {
  return (v > 0 ? "+" : "") + OneDecimal(v) + "%";
}

std::string ZoneLabel(const RequestContext& ctx, int zone) {
  return Msg(ctx, "occupations.zone_" + std::to_string(zone >= 1 && zone <= 5 ? zone : 0));
}

std::string GroupNote(const RequestContext& ctx, SocMatch match) {
  switch (match) {
    case SocMatch::kDetailed: return "";
    case SocMatch::kAggregate: return Msg(ctx, "occupations.group_aggregate");
    case SocMatch::kBroad: return Msg(ctx, "occupations.group_broad");
  }
  return "";
}

// The O*NET attribution block (template onet_attribution), for pages that show O*NET content.
StatusOr<std::string> Attribution(RequestContext& ctx,
                                  const std::optional<domain::catalog::OnetRelease>& release) {
  Json model = Json::object();
  // A missing key, not an empty string, is what a mustache section treats as false.
  if (release && !release->version.empty()) model["version"] = release->version;
  // The quick start's invented release (data/demo) must not pass for O*NET content.
  if (release && release->version.starts_with("demo")) model["demo"] = true;
  return ctx.services.templates.Render("onet_attribution", model, ctx.locale);
}

// The agency's courses related to the occupation (its learning paths for the occupation first,
// then courses teaching its most important elements), as [{href, title, provider, hours}]; the
// page hides the section while this is empty.
Json RelatedCourses(RequestContext& ctx, const app::OccupationProfile& profile) {
  Json out = Json::array();
  auto related =
      app::catalog::RelatedCourses(ctx.services.app).Run(ctx.principal, profile.occupation.code);
  if (!related.ok()) return out;
  for (const auto& r : *related) {
    Json item = {{"href", "/catalog/courses/" + IdString(r.course.course.id.value())},
                 {"title", r.course.course.title},
                 {"provider", r.course.provider.name}};
    if (r.course.course.estimated_hours > 0) {
      item["hours"] = fmt::format("{:g}", r.course.course.estimated_hours);
    }
    out.push_back(std::move(item));
  }
  return out;
}

Json RatedRows(const std::vector<domain::catalog::RatedElement>& rated) {
  Json rows = Json::array();
  for (const auto& r : rated) {
    rows.push_back({{"name", r.element.name},
                    {"description", r.element.description},
                    {"level", TwoDecimals(r.level)},
                    {"importance", TwoDecimals(r.importance)}});
  }
  return rows;
}

Json WagesModel(const RequestContext& ctx, const app::MatchedWages& m) {
  const auto& w = m.wages;
  return {
      {"median_annual", Money(w.annual.median, 0, ctx)},
      {"median_hourly", Money(w.hourly.median, 2, ctx)},
      {"range_annual", Money(w.annual.pct10, 0, ctx) + " \u2013 " + Money(w.annual.pct90, 0, ctx)},
      {"employment", w.employment ? Count(*w.employment) : Msg(ctx, "occupations.not_available")},
      {"top_coded", w.TopCodedMask() != 0},
      {"group_note", GroupNote(ctx, m.match)},
      {"soc_code", w.soc_code},
      {"soc_title", w.occupation_title},
      {"year", w.year},
      {"area_title", w.area_title}};
}

Json OutlookModel(const RequestContext& ctx, const app::MatchedProjection& m) {
  const auto& p = m.projection;
  return {{"base_year", p.period.base_year},
          {"projected_year", p.period.projected_year},
          {"employment_base", Count(p.employment_base)},
          {"employment_projected", Count(p.employment_projected)},
          {"change", SignedPercent(p.change_percent) + " (" + (p.employment_change > 0 ? "+" : "") +
                         Count(p.employment_change) + ")"},
          {"openings", Count(p.annual_openings)},
          {"entry_education", p.entry_education},
          {"work_experience", p.work_experience},
          {"on_the_job_training", p.on_the_job_training},
          {"group_note", GroupNote(ctx, m.match)},
          {"soc_code", p.soc_code},
          {"soc_title", p.title},
          {"period", p.period.Label()}};
}

}  // namespace

Response OccupationsPage(RequestContext& ctx) {
  const std::string q(Trim(ctx.request.Query("q").value_or("")));
  Json model = {{"q", q}, {"searched", false}};
  int status = 200;
  if (!q.empty()) {
    auto found = app::SearchOccupations(ctx.services.app).Run(q, kSearchResults);
    if (found.ok()) {
      Json rows = Json::array();
      for (const auto& r : found->items) {
        const bool also = r.match == app::OccupationMatch::kAlternateTitle ||
                          r.match == app::OccupationMatch::kShortTitle;
        rows.push_back({{"code", r.code},
                        {"title", r.title},
                        {"matched_title", r.matched_title},
                        {"also", also},
                        {"job_zone", r.job_zone > 0 ? std::to_string(r.job_zone) : ""}});
      }
      model["searched"] = true;
      model["empty"] = rows.empty();
      model["partial"] = found->partial;
      model["results"] = std::move(rows);
    } else if (found.status().code() == ErrorCode::kInvalidArgument) {
      model["error"] = ErrorMessage(ctx.services.templates, ctx.locale, found.status());
      status = 400;
    } else {
      return Fail(ctx, found.status());
    }
  }
  if (!model["searched"].get<bool>()) {
    // An unreadable filter is ignored rather than refused: it only narrows a list.
    const auto zone_param = api::IntQueryParam(ctx.request, "job_zone_max", 0, 5);
    const int zone = zone_param.ok() ? zone_param->value_or(0) : 0;
    app::InDemandQuery demand;
    demand.limit = kInDemand;
    demand.job_zone_max = zone;
    auto in_demand = app::ListInDemandOccupations(ctx.services.app).Run(demand);
    if (!in_demand.ok()) return Fail(ctx, in_demand.status());
    Json rows = Json::array();
    std::string period;
    for (const auto& item : *in_demand) {
      const auto& p = item.outlook.projection;
      period = p.period.Label();
      rows.push_back(
          {{"code", item.occupation.code},
           {"title", item.occupation.title},
           {"openings", Count(p.annual_openings)},
           {"growth", SignedPercent(p.change_percent)},
           {"median_wage", Money(p.median_annual_wage, 0, ctx)},
           {"job_zone",
            item.occupation.job_zone > 0 ? std::to_string(item.occupation.job_zone) : ""}});
    }
    Json zones = Json::array();
    for (int z = 0; z <= 5; ++z) {
      zones.push_back({{"value", z},
                       {"label", z == 0 ? Msg(ctx, "occupations.any_zone") : ZoneLabel(ctx, z)},
                       {"selected", z == zone}});
    }
    model["has_in_demand"] = !rows.empty() || zone != 0;
    model["in_demand"] = std::move(rows);
    model["zones"] = std::move(zones);
    model["period"] = period;

    app::OccupationListQuery browse;
    browse.limit = kBrowsePage;
    const std::string after(ctx.request.Query("after").value_or(""));
    if (domain::catalog::ValidateOnetCode(after).ok()) browse.after_code = after;
    auto page = app::ListOccupations(ctx.services.app).Run(browse);
    if (!page.ok()) return Fail(ctx, page.status());
    Json list = Json::array();
    for (const auto& o : *page) {
      list.push_back({{"code", o.code},
                      {"title", o.title},
                      {"job_zone", o.job_zone > 0 ? std::to_string(o.job_zone) : ""}});
    }
    model["has_browse"] = !list.empty();
    model["no_data"] = list.empty() && browse.after_code.empty();
    if (static_cast<int>(page->size()) == kBrowsePage) {
      model["next"] = "/occupations?after=" + PercentEncode(page->back().code);
    }
    model["browse"] = std::move(list);
  }
  auto release = app::GetOnetRelease(ctx.services.app).Run();
  if (!release.ok()) return Fail(ctx, release.status());
  auto attribution = Attribution(ctx, *release);
  if (!attribution.ok()) return Fail(ctx, attribution.status());
  model["attribution"] = *attribution;
  return RenderPage(ctx, "occupations", model, "occupations.title", status);
}

Response OccupationPage(RequestContext& ctx) {
  auto profile = app::GetOccupationProfile(ctx.services.app).Run(ctx.Param("code"));
  if (!profile.ok()) return Fail(ctx, profile.status());
  const auto& p = *profile;
  const auto& o = p.occupation;

  std::string also;
  for (std::size_t i = 0; i < p.alternate_titles.size() && i < kAlternateTitlesShown; ++i) {
    if (i > 0) also += "; ";
    also += p.alternate_titles[i].title;
  }
  if (p.alternate_titles.size() > kAlternateTitlesShown) also += "; \u2026";

  Json education = Json::array();
  for (const auto& e : p.education) {
    // Required level of education (scale RL); categories nobody reported are left out.
    if (e.scale_id != "RL" || e.percent < 0.5) continue;
    education.push_back({{"label", Msg(ctx, "occupations.scale.RL_" + std::to_string(e.category))},
                         {"percent", OneDecimal(e.percent)}});
  }
  Json technology = Json::array();
  for (const auto& t : p.technology) {
    technology.push_back(
        {{"example", t.example}, {"commodity_title", t.commodity_title}, {"hot", t.hot}});
  }
  Json tasks = Json::array();
  for (const auto& t : p.tasks) {
    tasks.push_back({{"text", t.text}, {"supplemental", t.type == "Supplemental"}});
  }
  Json related = RelatedCourses(ctx, p);

  Json model = {{"code", o.code},
                {"title", o.title},
                {"description", o.description},
                {"job_zone_label", ZoneLabel(ctx, o.job_zone)},
                {"has_alternate_titles", !also.empty()},
                {"alternate_titles", also},
                {"has_skills", !p.skills.empty()},
                {"skills", RatedRows(p.skills)},
                {"has_knowledge", !p.knowledge.empty()},
                {"knowledge", RatedRows(p.knowledge)},
                {"has_education", !education.empty()},
                {"education", std::move(education)},
                {"has_technology", !technology.empty()},
                {"technology", std::move(technology)},
                {"has_tasks", !tasks.empty()},
                {"tasks", std::move(tasks)},
                {"has_related_courses", !related.empty()},
                {"related_courses", std::move(related)}};
  model["wages"] = p.wages ? WagesModel(ctx, *p.wages) : Json(false);
  model["outlook"] = p.outlook ? OutlookModel(ctx, *p.outlook) : Json(false);
  auto attribution = Attribution(ctx, p.release);
  if (!attribution.ok()) return Fail(ctx, attribution.status());
  model["attribution"] = *attribution;
  return RenderPage(ctx, "occupation", model, "occupations.title");
}

}  // namespace reskill::http::web
