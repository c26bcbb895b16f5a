// `reskill` subcommands of the LRS identity mapping and provider report imports:
//   reskill lrs map --tenant SLUG
// maps every unmapped xAPI actor of the agency that identifies a client (participant id or
// verified e-mail; docs/lrs-imports.md) and prints {"examined", "mapped", "remaining"};
//   reskill import activity --tenant SLUG --provider linkedin-learning|coursera FILE
//       [--catalog-provider SLUG] [--from YYYY-MM-DD --to YYYY-MM-DD]
// imports a provider's activity report and prints {"rows", "matched", "counted", …}; format
// errors go to stderr as FILE:LINE: COLUMN: MESSAGE, nothing is stored and the exit code is the
// one of kInvalidArgument.
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/lrs/activity_import.hpp"
#include "app/lrs/identity.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"

namespace reskill::cli {

namespace {

struct Options {
  std::string tenant;
};

struct ImportOptions {
  std::string tenant;
  std::string provider;
  std::string catalog_provider;
  std::string from;
  std::string to;
  std::string file;
};

/// The system principal of `slug`'s agency; kNotFound naming the slug.
StatusOr<app::Principal> AgencyActor(app::AppContext& ctx, const std::string& slug) {
  std::optional<app::Tenant> tenant;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(slug));
    return Status::Ok();
  }));
  if (!tenant) {
    return NotFound("no agency with slug \"" + slug + "\"; create it with `reskill tenant add`");
  }
  app::Principal actor;
  actor.kind = domain::audit::ActorKind::kSystem;
  actor.actor_id = "cli";
  actor.tenant_id = tenant->id;
  actor.tenant_slug = tenant->slug;
  return actor;
}

int MapActors(CommandEnv& env, const Options& o) {
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto actor = AgencyActor(**ctx, o.tenant);
  if (!actor.ok()) return Fail(env.err, actor.status());
  auto summary = app::lrs::MapUnmappedActors(**ctx).Run(*actor, {"cli"});
  if (!summary.ok()) return Fail(env.err, summary.status());
  env.out << nlohmann::json{{"examined", summary->examined},
                            {"mapped", summary->mapped},
                            {"remaining", summary->remaining}}
                 .dump()
          << "\n";
  return 0;
}

int ImportActivity(CommandEnv& env, const ImportOptions& o) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.file, ec)) {
    return Fail(env.err, NotFound("no file " + o.file));
  }
  std::ifstream in(o.file, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto actor = AgencyActor(**ctx, o.tenant);
  if (!actor.ok()) return Fail(env.err, actor.status());
  app::lrs::ActivityImportInput input{o.provider, o.catalog_provider, o.from, o.to, buffer.str()};
  auto r = app::lrs::ImportActivityReport(**ctx).Run(*actor, input, {"cli"});
  if (!r.ok()) return Fail(env.err, r.status());
  if (!r->errors.empty()) {
    for (const auto& e : r->errors) {
      env.err << o.file << ":" << e.line << ": " << (e.column.empty() ? "" : e.column + ": ")
              << e.message << "\n";
    }
    env.err << "reskill: " << r->errors.size() << " error(s) in the report; nothing was imported\n";
    return ExitCodeFor(ErrorCode::kInvalidArgument);
  }
  const auto notes = [](const std::vector<app::lrs::ActivityRowNote>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& n : list) out.push_back({{"line", n.line}, {"reason", n.reason}});
    return out;
  };
  env.out << nlohmann::json{{"rows", r->rows},
                            {"matched", r->matched},
                            {"counted", r->counted},
                            {"unmatched", notes(r->unmatched)},
                            {"skipped", notes(r->skipped)}}
                 .dump()
          << "\n";
  return 0;
}

}  // namespace

std::vector<RegisteredCommand> AddLrsIdentityCommands(CommandGroups& groups) {
  std::vector<RegisteredCommand> out;
  auto* lrs = groups.root.get_subcommand("lrs");
  auto map_opts = std::make_shared<Options>();
  auto* map = lrs->add_subcommand(
      "map",
      "Map the agency's unmapped xAPI actors to clients (participant id or verified e-mail); "
      "prints {\"examined\", \"mapped\", \"remaining\"}");
  map->add_option("--tenant", map_opts->tenant, "Agency slug")->required();
  out.push_back({map, [map_opts](CommandEnv& env) { return MapActors(env, *map_opts); }});

  auto import_opts = std::make_shared<ImportOptions>();
  auto* activity = groups.import_group.add_subcommand(
      "activity",
      "Import a provider's activity report (LinkedIn Learning Learner Summary, Coursera Usage "
      "report; docs/lrs-imports.md)");
  activity->add_option("--tenant", import_opts->tenant, "Agency slug")->required();
  activity->add_option("--provider", import_opts->provider, "linkedin-learning or coursera")
      ->required();
  activity->add_option("--catalog-provider", import_opts->catalog_provider,
                       "Catalogue provider slug (default: the --provider value)");
  activity->add_option("--from", import_opts->from,
                       "First day of a LinkedIn Learning report without period columns");
  activity->add_option("--to", import_opts->to,
                       "Last day of a LinkedIn Learning report without period columns");
  activity->add_option("file", import_opts->file, "The report (CSV)")->required();
  out.push_back(
      {activity, [import_opts](CommandEnv& env) { return ImportActivity(env, *import_opts); }});
  return out;
}

}  // namespace reskill::cli
