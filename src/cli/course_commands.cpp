// `reskill` subcommands of the course catalogue (see cli/command.hpp for how registrars work):
//   reskill provider add --tenant SLUG PROVIDER "NAME" [--website URL] [--license TYPE]…
//   reskill import courses --tenant SLUG --provider SLUG FILE   — CSV (docs/catalogue-csv.md)
//   reskill import ctdl --tenant SLUG FILE                      — CTDL JSON-LD
//   reskill export ctdl --tenant SLUG [--out FILE]              — CTDL JSON-LD
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/catalog/catalog_transfer.hpp"
#include "app/catalog/course_catalog.hpp"
#include "cli/command.hpp"
#include "importers/course_csv.hpp"
#include "importers/ctdl.hpp"

namespace reskill::cli {

namespace {

struct Options {
  std::string tenant;
  std::string provider;
  std::string name;
  std::string website;
  std::vector<std::string> licenses;
  std::string file;
  std::string out;
};

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("no file " + path);
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof()) return Unavailable("cannot read " + path);
  return buffer.str();
}

// The agency `slug` as the acting principal: the CLI acts as the system, inside that agency.
StatusOr<app::Principal> ActorFor(app::AppContext& ctx, const std::string& slug) {
  std::optional<app::Tenant> tenant;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(slug));
    return Status::Ok();
  }));
  if (!tenant) {
    return NotFound("no agency with slug \"" + slug + "\"; create it with `reskill tenant add`");
  }
  app::Principal p;
  p.kind = domain::audit::ActorKind::kSystem;
  p.actor_id = "cli";
  p.tenant_id = tenant->id;
  p.tenant_slug = tenant->slug;
  p.tenant_name = tenant->name;
  return p;
}

int AddProvider(CommandEnv& env, const Options& o) {
  domain::catalog::Provider draft;
  draft.slug = o.provider;
  draft.name = o.name;
  draft.website = o.website;
  for (const auto& name : o.licenses.empty() ? std::vector<std::string>{"seat"} : o.licenses) {
    auto type = domain::catalog::ParseLicenseType(name);
    if (!type) {
      return Fail(env.err, InvalidArgument("unknown license type \"" + name +
                                               "\"; types are free, seat, site, purchase",
                                           "license"));
    }
    draft.license_types.push_back(*type);
  }
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto actor = ActorFor(**ctx, o.tenant);
  if (!actor.ok()) return Fail(env.err, actor.status());
  auto created = app::catalog::ManageProviders(**ctx).Create(*actor, draft, {"cli"});
  if (!created.ok()) return Fail(env.err, created.status());
  env.out << "created provider " << created->slug << " (id " << created->id.value() << ") in "
          << o.tenant << "\n";
  return 0;
}

int ImportCourseCsv(CommandEnv& env, const Options& o) {
  auto content = ReadWholeFile(o.file);
  if (!content.ok()) return Fail(env.err, content.status());
  const std::string source = std::filesystem::path(o.file).filename().string();
  // Read and check every row before touching the database.
  app::catalog::CourseFile file = importers::ReadCourseCsv(source, *content);
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto actor = ActorFor(**ctx, o.tenant);
  if (!actor.ok()) return Fail(env.err, actor.status());
  auto summary = app::catalog::ImportCourses(**ctx).Run(*actor, o.provider, file, {"cli"});
  if (!summary.ok()) return Fail(env.err, summary.status());
  env.out << "imported " << source << " for provider " << o.provider << " of " << o.tenant << ": "
          << summary->created << " created, " << summary->updated << " updated, "
          << summary->unchanged << " unchanged\n";
  return 0;
}

int ImportCtdl(CommandEnv& env, const Options& o) {
  auto content = ReadWholeFile(o.file);
  if (!content.ok()) return Fail(env.err, content.status());
  auto data = importers::ReadCtdl(*content);
  if (!data.ok()) return Fail(env.err, data.status());
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto actor = ActorFor(**ctx, o.tenant);
  if (!actor.ok()) return Fail(env.err, actor.status());
  auto summary = app::catalog::ImportCatalog(**ctx).Run(*actor, *data, {"cli"});
  if (!summary.ok()) return Fail(env.err, summary.status());
  env.out << "imported " << std::filesystem::path(o.file).filename().string() << " into "
          << o.tenant << ": " << summary->providers_created << " providers created, "
          << summary->courses_created << " courses created, " << summary->courses_updated
          << " updated, " << summary->paths_created << " learning paths created, "
          << summary->paths_updated << " updated\n";
  return 0;
}

int ExportCtdl(CommandEnv& env, const Options& o) {
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto actor = ActorFor(**ctx, o.tenant);
  if (!actor.ok()) return Fail(env.err, actor.status());
  auto content = app::catalog::ExportCatalog(**ctx).Run(*actor);
  if (!content.ok()) return Fail(env.err, content.status());
  const std::string document = importers::WriteCtdl(*content);
  if (o.out.empty() || o.out == "-") {
    env.out << document;
    return 0;
  }
  // Written beside the target and renamed, so a failed export never leaves half a file.
  const std::string partial = o.out + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    file << document;
    file.close();
    if (!file) {
      std::error_code ec;
      std::filesystem::remove(partial, ec);
      return Fail(env.err, InvalidArgument("cannot write " + o.out, "out"));
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, o.out, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    return Fail(env.err, InvalidArgument("cannot write " + o.out, "out"));
  }
  // Progress goes to stderr so that stdout stays clean when the document goes there.
  env.err << "exported " << content->providers.size() << " providers, " << content->courses.size()
          << " courses and " << content->paths.size() << " learning paths of " << o.tenant << " to "
          << o.out << "\n";
  return 0;
}

}  // namespace

std::vector<RegisteredCommand> AddCourseCatalogCommands(CommandGroups& groups) {
  auto provider_opts = std::make_shared<Options>();
  auto* provider = groups.root.add_subcommand("provider", "Manage learning providers");
  provider->require_subcommand(1);
  auto* provider_add = provider->add_subcommand(
      "add", "Add a learning provider to an agency: reskill provider add --tenant T SLUG \"NAME\"");
  provider_add->add_option("--tenant", provider_opts->tenant, "Agency slug")->required();
  provider_add->add_option("slug", provider_opts->provider, "Provider slug (a-z, 0-9, -)")
      ->required();
  provider_add->add_option("name", provider_opts->name, "Provider name")->required();
  provider_add->add_option("--website", provider_opts->website, "Provider website (https://…)");
  provider_add->add_option("--license", provider_opts->licenses,
                           "License type: free, seat, site, purchase (repeatable; default seat)");

  auto csv_opts = std::make_shared<Options>();
  auto* courses = groups.import_group.add_subcommand(
      "courses",
      "Import a provider's courses from CSV (columns: docs/catalogue-csv.md); a course whose "
      "external_id the provider has is updated; every bad row is reported and nothing is written");
  courses->add_option("--tenant", csv_opts->tenant, "Agency slug")->required();
  courses->add_option("--provider", csv_opts->provider, "Provider slug")->required();
  courses->add_option("file", csv_opts->file, "CSV file (UTF-8)")->required();

  auto import_opts = std::make_shared<Options>();
  auto* import_ctdl = groups.import_group.add_subcommand(
      "ctdl",
      "Import courses and learning paths from a CTDL JSON-LD file (ceterms:Course, "
      "ceterms:Certificate, ceterms:LearningProgram)");
  import_ctdl->add_option("--tenant", import_opts->tenant, "Agency slug")->required();
  import_ctdl->add_option("file", import_opts->file, "JSON-LD file")->required();

  auto export_opts = std::make_shared<Options>();
  auto* export_ctdl = groups.export_group.add_subcommand(
      "ctdl", "Export an agency's courses and learning paths as CTDL JSON-LD");
  export_ctdl->add_option("--tenant", export_opts->tenant, "Agency slug")->required();
  export_ctdl->add_option("--out", export_opts->out, "Output file (default: standard output)");

  return {
      {provider_add, [provider_opts](CommandEnv& env) { return AddProvider(env, *provider_opts); }},
      {courses, [csv_opts](CommandEnv& env) { return ImportCourseCsv(env, *csv_opts); }},
      {import_ctdl, [import_opts](CommandEnv& env) { return ImportCtdl(env, *import_opts); }},
      {export_ctdl, [export_opts](CommandEnv& env) { return ExportCtdl(env, *export_opts); }},
  };
}

}  // namespace reskill::cli
