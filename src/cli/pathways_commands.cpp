// `reskill pathways` (see cli/command.hpp for how registrars work; docs/pathways.md):
//   reskill pathways --from CODE [--top 10] [--mode career|related] [--json]
//   reskill pathways --all [--top 10] [--mode …] --json       — one JSON object per line
//   reskill pathways --from CODE --to CODE [--tenant SLUG] [--provider SLUG]… [--license TYPE]…
//                                                             — skill gaps and training plan
#include <algorithm>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/pathways/pathways.hpp"
#include "cli/command.hpp"

namespace reskill::cli {

namespace {

using Json = nlohmann::json;
namespace pw = domain::pathways;

struct Options {
  std::string from;
  std::string to;
  bool all = false;
  int top = 10;
  int max_steps = 3;
  std::string mode = "career";
  bool json = false;
  bool reachable = false;
  std::string tenant;
  std::vector<std::string> providers;
  std::vector<std::string> licenses;
};

std::string Money(const std::optional<double>& amount) {
  if (!amount) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.0f", *amount);
  return buf;
}

std::string Fixed(double v, int decimals = 3) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Json RouteJson(const std::vector<app::PathwayRouteStep>& route) {
  Json out = Json::array();
  for (const auto& s : route) out.push_back(s.occupation.code);
  return out;
}

Json TargetJson(const app::PathwayTarget& t) {
  Json j = {
      {"code", t.occupation.code},
      {"title", t.occupation.title},
      {"score", t.score},
      {"route", RouteJson(t.route)},
      {"viability", t.viability},
      {"similarity", t.similarity},
      {"job_zone", t.occupation.job_zone},
      {"zone_step", t.zone_step},
      {"needs_zone_jump", t.needs_zone_jump},
      {"median_annual_wage", t.occupation.labour.median_annual_wage
                                 ? Json(*t.occupation.labour.median_annual_wage)
                                 : Json(nullptr)},
      {"wage_ratio", t.wage_ratio ? Json(std::round(*t.wage_ratio * 1e4) / 1e4) : Json(nullptr)},
      {"estimated_training_hours", t.estimated_hours},
      {"why", t.explanation.summary}};
  return j;
}

StatusOr<pw::Mode> ModeOf(const Options& o) {
  auto mode = pw::ParseMode(o.mode);
  if (!mode) return InvalidArgument("mode must be career or related", "mode");
  return *mode;
}

StatusOr<TenantId> TenantOf(app::AppContext& ctx, const std::string& slug) {
  if (slug.empty()) return TenantId();
  std::optional<app::Tenant> tenant;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(slug));
    return Status::Ok();
  }));
  if (!tenant) return NotFound("no agency with slug \"" + slug + "\"");
  return tenant->id;
}

int Recommend(CommandEnv& env, const Options& o, app::AppContext& ctx) {
  auto mode = ModeOf(o);
  if (!mode.ok()) return Fail(env.err, mode.status());
  auto tenant = TenantOf(ctx, o.tenant);
  if (!tenant.ok()) return Fail(env.err, tenant.status());
  app::PathwayQuery q;
  q.from = o.from;
  q.mode = *mode;
  q.top = o.top;
  q.max_steps = o.max_steps;
  q.tenant = *tenant;
  auto result = app::RecommendPathways(ctx).Run(q);
  if (!result.ok()) return Fail(env.err, result.status());
  if (o.json) {
    Json targets = Json::array();
    for (const auto& t : result->targets) targets.push_back(TargetJson(t));
    env.out << Json{{"from", result->from.code},
                    {"title", result->from.title},
                    {"mode", pw::ModeName(result->mode)},
                    {"targets", std::move(targets)}}
                   .dump()
            << "\n";
    return 0;
  }
  env.out << (result->mode == pw::Mode::kCareer ? "Career moves" : "Related occupations")
          << " from " << result->from.code << " " << result->from.title << " (job zone "
          << result->from.job_zone << ", median " << Money(result->from.labour.median_annual_wage)
          << "):\n";
  int rank = 0;
  for (const auto& t : result->targets) {
    std::string route;
    for (const auto& s : t.route) route += (route.empty() ? "" : " → ") + s.occupation.code;
    env.out << ++rank << ". " << t.occupation.code << " " << t.occupation.title << "  score "
            << Fixed(t.score) << "  viability " << Fixed(t.viability) << "  zone "
            << t.occupation.job_zone << "  median " << Money(t.occupation.labour.median_annual_wage)
            << "\n   route: " << route << (t.needs_zone_jump ? "  (needs a job-zone jump)" : "")
            << "\n   " << t.explanation.summary << "\n";
  }
  if (result->targets.empty()) env.out << "(no viable move found)\n";
  return 0;
}

// Every modelled occupation, one JSON object per line, computed on all cores.
int RecommendAll(CommandEnv& env, const Options& o, app::AppContext& ctx) {
  auto mode = ModeOf(o);
  if (!mode.ok()) return Fail(env.err, mode.status());
  const int threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  auto engine = app::BuildPathwayEngine(ctx.db, threads);
  if (!engine.ok()) return Fail(env.err, engine.status());
  const pw::Model& model = (*engine)->model();
  const pw::Recommender& rec = (*engine)->recommender();
  if (o.top < 1 || o.top > 100) {
    return Fail(env.err, InvalidArgument("top must be between 1 and 100", "top"));
  }
  std::vector<std::string> lines(model.size());
  const auto work = [&](std::size_t first, std::size_t step) {
    for (std::size_t i = first; i < model.size(); i += step) {
      auto recs = rec.Recommend(pw::OriginOf(model, i), {*mode, o.top, o.max_steps});
      Json targets = Json::array();
      if (recs.ok()) {
        for (const auto& r : *recs) {
          Json route = Json::array();
          for (const auto& s : r.route) route.push_back(model.node(s.node).code);
          targets.push_back({{"code", model.node(r.target).code},
                             {"title", model.node(r.target).title},
                             {"score", std::round(r.score * 1e4) / 1e4},
                             {"route", std::move(route)}});
        }
      }
      lines[i] = Json{{"from", model.node(i).code}, {"targets", std::move(targets)}}.dump();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, static_cast<std::size_t>(threads));
  for (auto& t : pool) t.join();
  for (const auto& line : lines) env.out << line << "\n";
  return 0;
}

int Plan(CommandEnv& env, const Options& o, app::AppContext& ctx) {
  auto tenant = TenantOf(ctx, o.tenant);
  if (!tenant.ok()) return Fail(env.err, tenant.status());
  app::PlanQuery q;
  q.from.from = o.from;
  q.from.tenant = *tenant;
  q.to = o.to;
  for (const auto& slug : o.providers) {
    std::optional<domain::catalog::Provider> provider;
    Status st = ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
      if (!tenant->valid()) return Status::Ok();
      RESKILL_ASSIGN_OR_RETURN(provider, uow.course_catalog().FindProviderBySlug(*tenant, slug));
      return Status::Ok();
    });
    if (!st.ok()) return Fail(env.err, st);
    if (!provider) return Fail(env.err, NotFound("no provider \"" + slug + "\""));
    q.providers.push_back(provider->id);
  }
  for (const auto& name : o.licenses) {
    auto type = domain::catalog::ParseLicenseType(name);
    if (!type) {
      return Fail(env.err,
                  InvalidArgument("license types are free, seat, site, purchase", "license"));
    }
    q.license_types.push_back(*type);
  }
  auto plan = app::PlanPathway(ctx).Run(q);
  if (!plan.ok()) return Fail(env.err, plan.status());
  if (o.json) {
    Json gaps = Json::array();
    for (const auto& g : plan->gaps) {
      gaps.push_back({{"element_id", g.element_id},
                      {"name", g.name},
                      {"have", g.have},
                      {"need", g.need},
                      {"gap", std::round(g.size() * 100) / 100}});
    }
    Json courses = Json::array();
    for (const auto& c : plan->courses) {
      courses.push_back({{"id", c.course.id.value()},
                         {"title", c.course.title},
                         {"provider", c.provider_name},
                         {"hours", c.course.estimated_hours},
                         {"closes", c.closes}});
    }
    Json uncovered = Json::array();
    for (const auto& g : plan->uncovered) uncovered.push_back(g.element_id);
    env.out << Json{{"from", plan->from.code}, {"to", plan->to.code},
                    {"gaps", std::move(gaps)}, {"courses", std::move(courses)},
                    {"hours", plan->hours},    {"uncovered", std::move(uncovered)},
                    {"optimal", plan->optimal}}
                   .dump()
            << "\n";
    return 0;
  }
  env.out << "From " << plan->from.code << " " << plan->from.title << " to " << plan->to.code << " "
          << plan->to.title << " (similarity " << Fixed(plan->similarity) << ", job zone step "
          << plan->zone_step << ")\n";
  env.out << "Similarity by content:";
  for (const auto& [block, value] : plan->similarity_by_content) {
    env.out << " " << block << " " << Fixed(value);
  }
  env.out << "\nGaps (" << plan->gaps.size() << "):\n";
  for (const auto& g : plan->gaps) {
    env.out << "  " << g.element_id << " " << g.name << ": " << Fixed(g.have, 1) << " → "
            << Fixed(g.need, 1) << "\n";
  }
  if (!o.tenant.empty()) {
    env.out << "Plan: " << plan->courses.size() << " courses, " << Fixed(plan->hours, 1) << " hours"
            << (plan->optimal ? " (fewest hours)" : "") << "\n";
    int n = 0;
    for (const auto& c : plan->courses) {
      env.out << "  " << ++n << ". " << c.course.title << " (" << c.provider_name << ", "
              << Fixed(c.course.estimated_hours, 1) << " h)\n";
    }
  }
  if (!plan->uncovered.empty()) {
    env.out << "Not covered by "
            << (o.tenant.empty() ? "any catalogue (no --tenant)" : "the catalogue") << ":";
    for (const auto& g : plan->uncovered) env.out << " " << g.name << ";";
    env.out << "\n";
  }
  return 0;
}

// Every occupation reachable in career mode within --max-steps moves, by code.
int Reachable(CommandEnv& env, const Options& o, app::AppContext& ctx) {
  auto engine = app::CurrentPathwayEngine(ctx, nullptr);
  if (!engine.ok()) return Fail(env.err, engine.status());
  const pw::Model& model = (*engine)->model();
  auto node = model.Find(o.from);
  if (!node) {
    return Fail(
        env.err,
        InvalidArgument("no occupation with O*NET skill ratings has the code " + o.from, "from"));
  }
  const auto reachable =
      (*engine)->recommender().Reachable(pw::OriginOf(model, *node), o.max_steps);
  for (std::size_t i : reachable) {
    env.out << model.node(i).code << " " << model.node(i).title << "\n";
  }
  return 0;
}

int Run(CommandEnv& env, const Options& o) {
  if (o.all == !o.from.empty()) {
    return Fail(env.err, InvalidArgument("give either --from CODE or --all", "from"));
  }
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  if (o.all) return RecommendAll(env, o, **ctx);
  if (!o.to.empty()) return Plan(env, o, **ctx);
  if (o.reachable) return Reachable(env, o, **ctx);
  return Recommend(env, o, **ctx);
}

}  // namespace

std::vector<RegisteredCommand> AddPathwayCommands(CommandGroups& groups) {
  auto o = std::make_shared<Options>();
  auto* cmd = groups.root.add_subcommand(
      "pathways",
      "Recommend career moves from an occupation (--from CODE) or for every occupation (--all, one "
      "JSON object per line: {\"from\", \"targets\": [{\"code\", \"title\", \"score\", "
      "\"route\"}]}, best first; a route lists the occupations moved through after the origin, "
      "ending with the target); with --to, the skill gaps and training plan toward one target");
  cmd->add_option("--from", o->from, "O*NET-SOC code of the current occupation (41-2011.00)");
  cmd->add_flag("--all", o->all, "Every occupation (batch; use with --json)");
  cmd->add_option("--top", o->top, "How many targets (1–100)")->default_val(10);
  cmd->add_option("--mode", o->mode,
                  "career: desirable moves, no target pays less (default); related: most "
                  "closely related occupations by viability alone")
      ->default_val("career");
  cmd->add_option("--max-steps", o->max_steps, "Moves per route (1–3)")->default_val(3);
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->add_flag("--reachable", o->reachable,
                "List every occupation reachable in career mode within --max-steps moves "
                "(targets and the gateways on their routes)");
  cmd->add_option("--to", o->to, "Target O*NET-SOC code: print gaps and the training plan");
  cmd->add_option("--tenant", o->tenant,
                  "Agency slug whose catalogue prices training (plans and effort)");
  cmd->add_option("--provider", o->providers, "Plan only with this provider's courses (slug)");
  cmd->add_option("--license", o->licenses,
                  "Plan only with courses under these licence types (free, seat, site, purchase)");
  return {{cmd, [o](CommandEnv& env) { return Run(env, *o); }}};
}

}  // namespace reskill::cli
