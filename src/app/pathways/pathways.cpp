#include "app/pathways/pathways.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "domain/catalog/labour_market.hpp"

namespace reskill::app {

namespace {

namespace pw = domain::pathways;
using domain::catalog::ElementKind;
using domain::catalog::Projection;
using domain::catalog::WageRecord;

constexpr double kHoursPerYear = 2080;  // BLS: annual wage = hourly × 2,080 hours

StatusOr<std::vector<domain::catalog::Occupation>> EveryOccupation(UnitOfWork& uow) {
  std::vector<domain::catalog::Occupation> out;
  OccupationListQuery page;
  page.limit = 1000;
  while (true) {
    RESKILL_ASSIGN_OR_RETURN(auto batch, uow.occupations().List(page));
    const bool last = static_cast<int>(batch.size()) < page.limit;
    for (auto& o : batch) out.push_back(std::move(o));
    if (last || out.empty()) break;
    page.after_code = out.back().code;
  }
  return out;
}

// The newest national OEWS year, if any.
StatusOr<std::optional<WageDataset>> NewestNationalWages(UnitOfWork& uow) {
  RESKILL_ASSIGN_OR_RETURN(auto sets, uow.labour_market().ListWageDatasets());
  std::optional<WageDataset> best;
  for (const auto& s : sets) {
    if (s.area_code == domain::catalog::kNationalAreaCode && (!best || s.year > best->year)) {
      best = s;
    }
  }
  return best;
}

}  // namespace

PathwayEngine::PathwayEngine(pw::Model model, std::string data_version, int threads)
    : model_(std::move(model)),
      recommender_(pw::Recommender::Create(model_, {}, threads)),
      data_version_(std::move(data_version)) {}

StatusOr<std::string> PathwayDataVersion(UnitOfWork& uow) {
  RESKILL_ASSIGN_OR_RETURN(auto release, uow.occupations().CurrentRelease());
  std::string version = release ? release->fingerprint : "-";
  RESKILL_ASSIGN_OR_RETURN(auto wages, NewestNationalWages(uow));
  if (wages) version += "|wages:" + std::to_string(wages->year) + ":" + std::to_string(wages->rows);
  RESKILL_ASSIGN_OR_RETURN(auto periods, uow.labour_market().ListProjectionDatasets());
  if (!periods.empty()) {
    version +=
        "|projections:" + periods.front().period.Key() + ":" + std::to_string(periods.front().rows);
  }
  return version;
}

StatusOr<pw::ModelInputs> LoadPathwayInputs(UnitOfWork& uow) {
  pw::ModelInputs in;
  auto& onet = uow.occupations();
  RESKILL_ASSIGN_OR_RETURN(in.occupations, EveryOccupation(uow));
  for (ElementKind kind : {ElementKind::kSkill, ElementKind::kKnowledge, ElementKind::kAbility,
                           ElementKind::kWorkActivity}) {
    RESKILL_ASSIGN_OR_RETURN(auto elements, onet.ListElements(kind));
    for (auto& e : elements) in.elements.push_back(std::move(e));
  }
  RESKILL_ASSIGN_OR_RETURN(in.ratings, onet.AllRatings());
  RESKILL_ASSIGN_OR_RETURN(in.alternate_titles, onet.AllAlternateTitles());
  RESKILL_ASSIGN_OR_RETURN(in.technology, onet.AllTechnology());
  RESKILL_ASSIGN_OR_RETURN(in.work_activities, onet.AllWorkActivities());
  RESKILL_ASSIGN_OR_RETURN(in.education, onet.AllEducation());
  RESKILL_ASSIGN_OR_RETURN(auto release, onet.CurrentRelease());
  if (release) in.release = release->version;

  domain::catalog::SocCodeSet onet_soc;
  for (const auto& o : in.occupations) onet_soc.insert(domain::catalog::SocCodeOf(o.code));

  RESKILL_ASSIGN_OR_RETURN(auto wage_set, NewestNationalWages(uow));
  std::vector<WageRecord> wages;
  if (wage_set) {
    RESKILL_ASSIGN_OR_RETURN(wages,
                             uow.labour_market().ListWages(wage_set->area_code, wage_set->year));
  }
  RESKILL_ASSIGN_OR_RETURN(auto periods, uow.labour_market().ListProjectionDatasets());
  std::vector<Projection> projections;
  if (!periods.empty()) {
    RESKILL_ASSIGN_OR_RETURN(projections,
                             uow.labour_market().ListProjections(periods.front().period));
  }
  std::map<std::string, const WageRecord*, std::less<>> wage_by_soc;
  domain::catalog::SocCodeSet wage_socs, projection_socs;
  for (const auto& w : wages) {
    wage_by_soc[w.soc_code] = &w;
    wage_socs.insert(w.soc_code);
  }
  std::map<std::string, const Projection*, std::less<>> projection_by_soc;
  for (const auto& p : projections) {
    projection_by_soc[p.soc_code] = &p;
    projection_socs.insert(p.soc_code);
  }
  for (const auto& o : in.occupations) {
    pw::LabourFigures l;
    if (auto soc = domain::catalog::ResolveSocCode(o.code, wage_socs, onet_soc)) {
      const WageRecord& w = *wage_by_soc.at(soc->soc_code);
      if (w.annual.median.amount) {
        l.median_annual_wage = w.annual.median.amount;
        l.wage_top_coded = w.annual.median.top_coded;
      } else if (w.hourly.median.amount) {
        l.median_annual_wage = *w.hourly.median.amount * kHoursPerYear;
        l.wage_top_coded = w.hourly.median.top_coded;
      }
      l.wage_year = w.year;
      l.wage_source =
          "U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
          "Statistics, May " +
          std::to_string(w.year);
    }
    if (auto soc = domain::catalog::ResolveSocCode(o.code, projection_socs, onet_soc)) {
      const Projection& p = *projection_by_soc.at(soc->soc_code);
      l.growth_percent = p.change_percent;
      l.annual_openings = p.annual_openings;
      l.projection_period = p.period.Label();
      l.projection_source =
          "U.S. Bureau of Labor Statistics, Employment Projections program, " + p.period.Label();
      l.entry_education = p.entry_education;
    }
    in.labour[o.code] = std::move(l);
  }
  return in;
}

StatusOr<std::shared_ptr<const PathwayEngine>> BuildPathwayEngine(Database& db, int threads) {
  pw::ModelInputs inputs;
  std::string version;
  RESKILL_RETURN_IF_ERROR(db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(version, PathwayDataVersion(uow));
    RESKILL_ASSIGN_OR_RETURN(inputs, LoadPathwayInputs(uow));
    return Status::Ok();
  }));
  RESKILL_ASSIGN_OR_RETURN(auto model, pw::Model::Build(inputs));
  return std::shared_ptr<const PathwayEngine>(
      std::make_shared<PathwayEngine>(std::move(model), std::move(version), threads));
}

StatusOr<std::shared_ptr<const PathwayEngine>> PathwayEngineCache::Get(Database& db) {
  std::string version;
  RESKILL_RETURN_IF_ERROR(db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(version, PathwayDataVersion(uow));
    return Status::Ok();
  }));
  // One rebuild at a time; readers of the current version wait only while it runs.
  std::lock_guard lock(mu_);
  if (engine_ && engine_->data_version() == version) return engine_;
  RESKILL_ASSIGN_OR_RETURN(auto engine, BuildPathwayEngine(db, threads_));
  engine_ = engine;
  return engine;
}

StatusOr<std::shared_ptr<const PathwayEngine>> CurrentPathwayEngine(const AppContext& ctx,
                                                                    PathwayEngineCache* engines) {
  if (engines != nullptr) return engines->Get(ctx.db);
  return BuildPathwayEngine(ctx.db);
}

namespace {

OccupationBrief BriefOf(const pw::Model& model, std::size_t node) {
  const pw::Node& n = model.node(node);
  return {n.code, n.title, n.job_zone, n.labour};
}

// The courses of the agency that the person completed, as shown skills.
Status AddCourseSkills(UnitOfWork& uow, TenantId tenant, const PersonProfileInput& input,
                       pw::PersonProfile& person) {
  for (std::size_t i = 0; i < input.completed_courses.size(); ++i) {
    const auto id = input.completed_courses[i];
    std::optional<domain::catalog::Course> course;
    if (tenant.valid()) {
      RESKILL_ASSIGN_OR_RETURN(course, uow.course_catalog().FindCourse(tenant, id));
    }
    if (!course) {
      return InvalidArgument("no course " + std::to_string(id.value()) + " in the catalogue",
                             "completed_courses[" + std::to_string(i) + "]");
    }
    for (const auto& s : course->skills) {
      person.skills.push_back(
          {s.element_id, s.target_level, "course:" + std::to_string(id.value())});
    }
  }
  return Status::Ok();
}

// Resolves the query's starting point. `profile_field` prefixes the person's field names.
StatusOr<pw::Origin> ResolveOrigin(const AppContext& ctx, const pw::Model& model,
                                   const PathwayQuery& q, OccupationBrief& from) {
  if (q.profile) {
    const PersonProfileInput& in = *q.profile;
    pw::PersonProfile person;
    person.occupations = in.occupations;
    person.education_category = in.education_category;
    for (const auto& c : in.credentials) {
      person.education_category = std::max(person.education_category, c.education_category);
      for (const auto& s : c.skills) {
        person.skills.push_back({s.element_id, s.target_level, "credential:" + c.name});
      }
    }
    for (const auto& s : in.self_assessment) {
      person.skills.push_back({s.element_id, s.target_level, "self"});
    }
    if (!in.completed_courses.empty()) {
      RESKILL_RETURN_IF_ERROR(ctx.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
        return AddCourseSkills(uow, q.tenant, in, person);
      }));
    }
    auto origin = pw::OriginOf(model, person);
    if (!origin.ok()) {
      const Status& st = origin.status();
      return Status(st.code(), std::string(st.public_message()),
                    "profile." + std::string(st.field()));
    }
    from = BriefOf(model, origin->occupations.front().first);
    return origin;
  }
  if (!domain::catalog::ValidateOnetCode(q.from).ok()) {
    return InvalidArgument("from must be an O*NET-SOC code like 41-2011.00", "from");
  }
  auto node = model.Find(q.from);
  if (!node) {
    return InvalidArgument("no occupation with O*NET skill ratings has the code " + q.from, "from");
  }
  from = BriefOf(model, *node);
  return pw::OriginOf(model, *node);
}

// Courses of the agency allowed by the provider and licence filters, teaching any of `elements`.
struct CatalogueSlice {
  std::vector<domain::catalog::Course> courses;
  std::map<std::int64_t, std::string> provider_names;
};

StatusOr<CatalogueSlice> AllowedCourses(UnitOfWork& uow, TenantId tenant,
                                        const std::vector<std::string>& elements,
                                        const std::vector<domain::catalog::ProviderId>& providers,
                                        const std::vector<domain::catalog::LicenseType>& licences) {
  CatalogueSlice slice;
  RESKILL_ASSIGN_OR_RETURN(auto all_providers, uow.course_catalog().ListProviders(tenant));
  std::map<std::int64_t, const domain::catalog::Provider*> by_id;
  for (const auto& p : all_providers) {
    by_id[p.id.value()] = &p;
    slice.provider_names[p.id.value()] = p.name;
  }
  for (std::size_t i = 0; i < providers.size(); ++i) {
    if (by_id.count(providers[i].value()) == 0) {
      return Status(ErrorCode::kNotFound,
                    "the agency has no provider " + std::to_string(providers[i].value()),
                    "providers[" + std::to_string(i) + "]");
    }
  }
  if (elements.empty()) return slice;
  RESKILL_ASSIGN_OR_RETURN(auto courses,
                           uow.course_catalog().ListCoursesTeaching(tenant, elements));
  for (auto& c : courses) {
    if (!providers.empty() &&
        std::find(providers.begin(), providers.end(), c.provider_id) == providers.end()) {
      continue;
    }
    if (!licences.empty()) {
      const auto it = by_id.find(c.provider_id.value());
      if (it == by_id.end()) continue;
      const auto& offered = it->second->license_types;
      const bool allowed =
          std::any_of(licences.begin(), licences.end(), [&](domain::catalog::LicenseType t) {
            return std::find(offered.begin(), offered.end(), t) != offered.end() ||
                   (t == domain::catalog::LicenseType::kFree && c.is_free);
          });
      if (!allowed) continue;
    }
    slice.courses.push_back(std::move(c));
  }
  return slice;
}

std::vector<pw::PlanCourse> PlanCoursesOf(const std::vector<domain::catalog::Course>& courses) {
  std::vector<pw::PlanCourse> out;
  out.reserve(courses.size());
  for (const auto& c : courses) {
    pw::PlanCourse p;
    p.id = c.id.value();
    p.hours = c.estimated_hours;
    p.level = static_cast<int>(c.level);
    for (const auto& s : c.skills) p.skills.push_back({s.element_id, s.target_level});
    out.push_back(std::move(p));
  }
  return out;
}

PathwayExplanation Explain(const pw::Model& model, const pw::Origin& origin,
                           const pw::Recommendation& r, const std::vector<pw::SkillGap>& gaps) {
  PathwayExplanation x;
  const pw::Node& t = model.node(r.target);
  const double tol = model.weights().transition.level_tolerance;
  for (std::uint32_t e : t.important) {
    if (origin.levels[e] + tol < t.level[e]) continue;
    const auto& info = model.elements()[e];
    x.shared.push_back(
        {info.id, info.name, info.kind, origin.levels[e], t.level[e], t.importance[e]});
  }
  std::stable_sort(x.shared.begin(), x.shared.end(), [](const auto& a, const auto& b) {
    return a.importance * a.need > b.importance * b.need;
  });
  if (x.shared.size() > 5) x.shared.resize(5);
  x.missing.assign(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(
                                                    std::min<std::size_t>(5, gaps.size())));
  x.similarity_by_content = model.BlockSimilarities(origin.occupations.front().first, r.target);
  std::sort(x.similarity_by_content.begin(), x.similarity_by_content.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });

  std::string s = "Shares ";
  for (std::size_t i = 0; i < x.shared.size() && i < 3; ++i) {
    s += (i == 0                                               ? ""
          : i + 1 == std::min<std::size_t>(3, x.shared.size()) ? " and "
                                                               : ", ") +
         x.shared[i].name;
  }
  if (x.shared.empty()) s += "few important skills";
  s += ".";
  if (!x.missing.empty()) {
    s += " Needs more " + x.missing.front().name;
    if (x.missing.size() > 1) s += " and " + std::to_string(x.missing.size() - 1) + " more";
    s += ".";
  }
  if (r.wage_ratio) {
    const long pct = std::lround((*r.wage_ratio - 1) * 100);
    s += " Median pay " + std::string(pct >= 0 ? "+" : "") + std::to_string(pct) + "% (" +
         t.labour.wage_source + ").";
  }
  if (t.labour.growth_percent) {
    char buf[160];
    std::snprintf(buf, sizeof buf, " Employment %+.1f%% over %s, %lld openings a year.",
                  *t.labour.growth_percent, t.labour.projection_period.c_str(),
                  static_cast<long long>(t.labour.annual_openings.value_or(0)));
    s += buf;
  }
  if (r.needs_zone_jump) {
    s += " Needs a step of " + std::to_string(r.zone_step) +
         " job zones: expect substantial extra education or experience.";
  } else if (r.route.size() > 1) {
    s += " Reached in " + std::to_string(r.route.size()) + " moves, each at most one job zone up.";
  }
  x.summary = std::move(s);
  return x;
}

}  // namespace

StatusOr<PathwayResult> RecommendPathways::Run(const PathwayQuery& query) const {
  RESKILL_ASSIGN_OR_RETURN(auto engine, CurrentPathwayEngine(ctx_, engines_));
  const pw::Model& model = engine->model();
  PathwayResult result;
  result.mode = query.mode;
  result.from_profile = query.profile.has_value();
  result.onet_release = model.release();
  RESKILL_ASSIGN_OR_RETURN(auto origin, ResolveOrigin(ctx_, model, query, result.from));
  RESKILL_ASSIGN_OR_RETURN(
      auto recs, engine->recommender().Recommend(origin, {query.mode, query.top, query.max_steps}));

  // With the agency's catalogue, price each target's gaps with a training plan.
  std::vector<std::vector<pw::SkillGap>> gaps(recs.size());
  std::set<std::string> elements;
  for (std::size_t i = 0; i < recs.size(); ++i) {
    gaps[i] = pw::FindSkillGaps(model, origin.levels, recs[i].target);
    for (const auto& g : gaps[i]) elements.insert(g.element_id);
  }
  std::optional<std::vector<pw::PlanCourse>> catalogue;
  if (query.tenant.valid()) {
    CatalogueSlice slice;
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(
          slice, AllowedCourses(uow, query.tenant, {elements.begin(), elements.end()}, {}, {}));
      return Status::Ok();
    }));
    catalogue = PlanCoursesOf(slice.courses);
  }
  for (std::size_t i = 0; i < recs.size(); ++i) {
    const auto& r = recs[i];
    PathwayTarget t;
    t.occupation = BriefOf(model, r.target);
    t.score = std::round(r.score * 1e4) / 1e4;
    t.viability = std::round(r.viability * 1e4) / 1e4;
    t.similarity = std::round(r.similarity * 1e4) / 1e4;
    for (const auto& step : r.route) {
      t.route.push_back(
          {BriefOf(model, step.node), std::round(step.viability * 1e4) / 1e4, step.zone_step});
    }
    t.zone_step = r.zone_step;
    t.needs_zone_jump = r.needs_zone_jump;
    t.wage_ratio = r.wage_ratio;
    t.estimated_hours = r.estimated_hours;
    t.gaps = static_cast<int>(gaps[i].size());
    if (catalogue) {
      const auto plan = pw::PlanTraining(gaps[i], *catalogue);
      t.plan_hours = plan.hours;
      t.uncovered_gaps = static_cast<int>(plan.uncovered.size());
    }
    t.explanation = Explain(model, origin, r, gaps[i]);
    result.targets.push_back(std::move(t));
  }
  return result;
}

StatusOr<PathwayPlan> PlanPathway::Run(const PlanQuery& query) const {
  RESKILL_ASSIGN_OR_RETURN(auto engine, CurrentPathwayEngine(ctx_, engines_));
  const pw::Model& model = engine->model();
  PathwayPlan plan;
  RESKILL_ASSIGN_OR_RETURN(auto origin, ResolveOrigin(ctx_, model, query.from, plan.from));
  RESKILL_RETURN_IF_ERROR(
      domain::catalog::ValidateOnetCode(query.to).ok()
          ? Status::Ok()
          : InvalidArgument("to must be an O*NET-SOC code like 15-1232.00", "to"));
  auto target = model.Find(query.to);
  if (!target) {
    return InvalidArgument("no occupation with O*NET skill ratings has the code " + query.to, "to");
  }
  plan.to = BriefOf(model, *target);
  const std::size_t first = origin.occupations.front().first;
  plan.similarity = std::round(engine->recommender().Similarity(first, *target) * 1e4) / 1e4;
  plan.viability = std::round(engine->recommender().Viability(first, *target) * 1e4) / 1e4;
  plan.zone_step =
      origin.job_zone > 0 && plan.to.job_zone > 0 ? plan.to.job_zone - origin.job_zone : 0;
  plan.similarity_by_content = model.BlockSimilarities(first, *target);
  std::sort(plan.similarity_by_content.begin(), plan.similarity_by_content.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  plan.gaps = pw::FindSkillGaps(model, origin.levels, *target);
  if (!query.from.tenant.valid()) {
    plan.uncovered = plan.gaps;
    return plan;
  }
  std::vector<std::string> elements;
  for (const auto& g : plan.gaps) elements.push_back(g.element_id);
  CatalogueSlice slice;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(slice, AllowedCourses(uow, query.from.tenant, elements,
                                                   query.providers, query.license_types));
    return Status::Ok();
  }));
  const auto courses = PlanCoursesOf(slice.courses);
  const auto solved = pw::PlanTraining(plan.gaps, courses);
  for (std::size_t c : solved.courses) {
    PlannedCourse pc;
    pc.course = slice.courses[c];
    pc.provider_name = slice.provider_names[pc.course.provider_id.value()];
    for (std::size_t g = 0; g < plan.gaps.size(); ++g) {
      if (solved.closed_by[g] == static_cast<std::ptrdiff_t>(c)) {
        pc.closes.push_back(plan.gaps[g].element_id);
      }
    }
    plan.courses.push_back(std::move(pc));
  }
  plan.hours = solved.hours;
  for (std::size_t g : solved.uncovered) plan.uncovered.push_back(plan.gaps[g]);
  plan.optimal = solved.optimal;
  return plan;
}

}  // namespace reskill::app
