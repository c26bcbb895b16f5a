#include "cli/cli.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "app/staff_admin.hpp"
#include "cli/command.hpp"
#include "cli/demo_activity.hpp"
#include "cli/demo_catalog.hpp"
#include "cli/demo_pathways.hpp"
#include "cli/demo_programs.hpp"
#include "cli/demo_reminders.hpp"
#include "cli/exit_codes.hpp"
#include "common/embedded.hpp"
#include "common/strings.hpp"
#include "log/log.hpp"

namespace reskill {
std::span<const EmbeddedFile> EmbeddedDemoData();
}

namespace reskill::cli {

int Fail(std::ostream& err, const Status& st) {
  err << "reskill: " << st.public_message();
  if (!st.field().empty() && st.public_message().find(st.field()) == std::string::npos) {
    err << " (" << st.field() << ")";
  }
  // The operator at the terminal is the audience the internal detail is logged for (for example
  // which database file could not be opened, and why); it never holds secrets.
  if (!st.internal_detail().empty()) err << ": " << st.internal_detail();
  err << "\n";
  return ExitCodeFor(st.code());
}

namespace {

using domain::programs::RoleSet;

struct Globals {
  std::string db;
  std::string config_file;
  std::string listen;
};

StatusOr<config::LoadedConfig> LoadConfig(const Globals& g, const Platform& platform) {
  config::LoadInput in;
  in.file_path = g.config_file;
  in.environment = platform.environment;
  if (!g.db.empty()) in.overrides["database.url"] = g.db;
  if (!g.listen.empty()) in.overrides["server.listen"] = g.listen;
  return config::Load(in);
}

// Opens and migrates the database, and builds the app context around it.
struct Opened {
  std::unique_ptr<app::Database> db;
  std::shared_ptr<app::AppContext> ctx;
};

StatusOr<Opened> OpenAndMigrate(const config::Config& cfg, const Platform& platform,
                                std::ostream* out) {
  Opened o;
  RESKILL_ASSIGN_OR_RETURN(o.db, platform.open_database(cfg));
  RESKILL_ASSIGN_OR_RETURN(auto applied, o.db->Migrate());
  if (out && !applied.empty()) {
    *out << "applied migrations:";
    for (int v : applied) *out << " " << v;
    *out << "\n";
  }
  RESKILL_ASSIGN_OR_RETURN(o.ctx, platform.make_context(*o.db, cfg));
  return o;
}

StatusOr<std::string> ReadPassword(std::istream& in) {
  std::string password;
  if (!std::getline(in, password)) {
    return InvalidArgument("type the password on standard input (one line)", "password");
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

app::Principal CliActor() {
  app::Principal p;
  p.kind = domain::audit::ActorKind::kSystem;
  p.actor_id = "cli";
  return p;
}

StatusOr<app::Tenant> FindTenant(app::AppContext& ctx, const std::string& slug) {
  std::optional<app::Tenant> tenant;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(slug));
    return Status::Ok();
  }));
  if (!tenant)
    return NotFound("no agency with slug \"" + slug + "\"; create it with `reskill tenant add`");
  return *tenant;
}

// Creates the demo agency and one staff user per role, unless it exists. Prints the generated
// passwords once.
Status SeedDemo(app::AppContext& ctx, const std::string& data_dir, std::ostream& out) {
  std::optional<app::Tenant> existing;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(existing, uow.tenants().FindBySlug("demo"));
    return Status::Ok();
  }));
  if (existing) {
    out << "demo agency already present; reusing it (passwords were printed when it was created)\n";
    return Status::Ok();
  }
  app::RequestInfo request{"demo-seed"};
  RESKILL_ASSIGN_OR_RETURN(
      auto tenant, app::AddTenant(ctx).Run("demo", "Demo Workforce Agency (demo data)", request));
  std::string_view staff_csv;
  for (const auto& f : EmbeddedDemoData()) {
    if (f.path == "staff.csv") staff_csv = f.content;
  }
  out << "Demo agency \"demo\" created. Staff sign-ins (shown once, keep them):\n";
  bool header = true;
  for (auto line : Split(staff_csv, '\n')) {
    line = Trim(line);
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    const auto cols = Split(line, ',');
    if (cols.size() != 4) return Internal("data/demo/staff.csv: malformed line");
    app::NewStaffUser user;
    user.email = std::string(cols[0]);
    user.display_name = std::string(cols[1]);
    user.roles = RoleSet::FromCsv(cols[2]).value_or(RoleSet{});
    user.locale = std::string(cols[3]);
    user.password = ctx.tokens.NewToken().substr(0, 16);
    RESKILL_ASSIGN_OR_RETURN(auto created,
                             app::AddStaffUser(ctx).Run(CliActor(), tenant.id, user, request));
    out << "  " << user.roles.ToCsv() << ": " << created.email << "  password: " << user.password
        << "\n";
  }
  RESKILL_RETURN_IF_ERROR(SeedDemoCatalog(ctx, tenant.id, data_dir, out));
  RESKILL_RETURN_IF_ERROR(SeedDemoPrograms(ctx, tenant.id, out));
  RESKILL_RETURN_IF_ERROR(SeedDemoReminders(ctx, tenant.id, out));
  RESKILL_RETURN_IF_ERROR(SeedDemoActivity(ctx, tenant.id, out));
  return SeedDemoPathways(ctx, tenant.id, out);
}

}  // namespace

int Run(int argc, char** argv, const Platform& platform, std::istream& in, std::ostream& out,
        std::ostream& err) {
  CLI::App cli{"Reskill — online reskilling programs for job seekers, end to end.", "reskill"};
  cli.require_subcommand(1);
  cli.footer(
      "Exit codes: 0 ok, 1 internal error, 2 invalid input or usage, 3 not found, 4 already "
      "exists,\n"
      "5 conflict, 6 failed precondition, 7/8 not allowed, 9 too many requests, 10 database "
      "unavailable.");
  Globals g;
  cli.add_option("--db", g.db, "SQLite database file or postgresql:// URL (overrides the config)");
  cli.add_option("--config", g.config_file, "TOML configuration file")->check(CLI::ExistingFile);

  auto* serve =
      cli.add_subcommand("serve", "Migrate the database and serve HTTP until SIGTERM/SIGINT");
  serve->add_option("--listen", g.listen, "HOST:PORT to listen on (overrides server.listen)");
  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  auto* demo = cli.add_subcommand(
      "demo", "Create the demo agency and staff (idempotent), then serve unless --no-serve");
  bool no_serve = false;
  demo->add_flag("--no-serve", no_serve, "Only create the demo data");
  // The source tree's data/demo by default, so `reskill demo` works from any directory.
  std::string demo_data = RESKILL_DEMO_DATA_DIR;
  demo->add_option("--data", demo_data, "Folder of the demo data set")->capture_default_str();
  demo->add_option("--listen", g.listen, "HOST:PORT to listen on (overrides server.listen)");

  auto* tenant = cli.add_subcommand("tenant", "Manage agencies");
  tenant->require_subcommand(1);
  auto* tenant_add =
      tenant->add_subcommand("add", "Create an agency: reskill tenant add SLUG \"NAME\"");
  std::string slug, name;
  tenant_add->add_option("slug", slug, "Agency slug (a-z, 0-9, -)")->required();
  tenant_add->add_option("name", name, "Agency name")->required();

  auto* user = cli.add_subcommand("user", "Manage staff users");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Add a staff user; the password is read from standard input");
  std::string user_tenant, email, display_name, locale;
  std::vector<std::string> roles;
  user_add->add_option("--tenant", user_tenant, "Agency slug")->required();
  user_add->add_option("--email", email, "E-mail address (the sign-in name)")->required();
  user_add
      ->add_option("--role", roles,
                   "Role: admin, supervisor, counselor, analyst, curator (repeatable)")
      ->required();
  user_add->add_option("--name", display_name, "Display name (default: the e-mail's local part)");
  user_add->add_option("--locale", locale, "Preferred language: en or es");

  auto* config_cmd = cli.add_subcommand("config", "Inspect configuration");
  config_cmd->require_subcommand(1);
  auto* config_show =
      config_cmd->add_subcommand("show", "Print the effective configuration, secrets redacted");
  auto* config_check = config_cmd->add_subcommand("check", "Validate the configuration");
  auto* config_docs = config_cmd->add_subcommand("docs", "Print docs/config.md");
  auto* version = cli.add_subcommand("version", "Print the version");

  auto* import_group =
      cli.add_subcommand("import", "Import data files (O*NET, labour-market data, courses)");
  import_group->require_subcommand(1);
  auto* export_group = cli.add_subcommand("export", "Export data (catalogue as CTDL JSON-LD)");
  export_group->require_subcommand(1);
  CommandGroups groups{cli, *import_group, *export_group};
  std::vector<RegisteredCommand> registered;
  for (auto* registrar : {&AddOnetCommands, &AddLabourMarketCommands, &AddCourseCatalogCommands,
                          &AddProgramsCommands, &AddPathwayCommands, &AddMailCommands,
                          &AddJobsCommands, &AddLrsCommands, &AddLrsIdentityCommands}) {
    for (auto& r : registrar(groups)) registered.push_back(std::move(r));
  }
  if (import_group->get_subcommands({}).empty()) cli.remove_subcommand(import_group);
  if (export_group->get_subcommands({}).empty()) cli.remove_subcommand(export_group);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports a mistyped command as "A subcommand is required"; name the word instead.
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr &&
        std::string_view(e.what()).find("subcommand") != std::string_view::npos) {
      if (const auto extra = cli.remaining(true); !extra.empty()) {
        err << "reskill: unknown command \"" << extra.front()
            << "\"; run with --help to list the commands\n";
        return kUsageExitCode;
      }
    }
    const int code = cli.exit(e, out, err);
    return code == 0 ? 0 : kUsageExitCode;
  }

  if (version->parsed()) {
    out << "reskill " << platform.version << "\n";
    return 0;
  }
  if (config_docs->parsed()) {
    out << config::DocsMarkdown();
    return 0;
  }

  auto loaded = LoadConfig(g, platform);
  if (!loaded.ok()) return Fail(err, loaded.status());
  const config::Config& cfg = loaded->config;
  log::Level level = log::Level::kInfo;
  log::ParseLevel(cfg.log.level, level);
  log::Init(level, cfg.log.file);

  if (config_show->parsed()) {
    out << config::Show(*loaded);
    return 0;
  }
  if (config_check->parsed()) {
    out << "configuration is valid\n";
    return 0;
  }

  for (auto& r : registered) {
    if (!r.command->parsed()) continue;
    std::optional<Opened> lazily_opened;
    CommandEnv env{[&]() -> StatusOr<app::AppContext*> {
                     if (!lazily_opened) {
                       RESKILL_ASSIGN_OR_RETURN(auto o, OpenAndMigrate(cfg, platform, &out));
                       lazily_opened = std::move(o);
                     }
                     return lazily_opened->ctx.get();
                   },
                   in,
                   out,
                   err,
                   [&] { return platform.make_mailer(cfg); },
                   &cfg};
    return r.action(env);
  }

  auto opened = OpenAndMigrate(cfg, platform, &out);
  if (!opened.ok()) return Fail(err, opened.status());
  app::AppContext& ctx = *opened->ctx;

  if (migrate->parsed()) {
    out << "schema is current\n";
    return 0;
  }
  if (tenant_add->parsed()) {
    auto created = app::AddTenant(ctx).Run(slug, name, {"cli"});
    if (!created.ok()) return Fail(err, created.status());
    out << "created agency " << created->slug << " (id " << created->id.value() << ")\n";
    return 0;
  }
  if (user_add->parsed()) {
    auto owner = FindTenant(ctx, user_tenant);
    if (!owner.ok()) return Fail(err, owner.status());
    app::NewStaffUser input;
    input.email = email;
    input.display_name = display_name.empty() ? email.substr(0, email.find('@')) : display_name;
    input.locale = locale;
    for (const auto& r : roles) {
      auto role = domain::programs::ParseRole(r);
      if (!role) {
        return Fail(
            err, InvalidArgument("unknown role \"" + r +
                                     "\"; roles are admin, supervisor, counselor, analyst, curator",
                                 "role"));
      }
      input.roles.Add(*role);
    }
    auto password = ReadPassword(in);
    if (!password.ok()) return Fail(err, password.status());
    input.password = *password;
    auto created = app::AddStaffUser(ctx).Run(CliActor(), owner->id, input, {"cli"});
    if (!created.ok()) return Fail(err, created.status());
    out << "created staff user " << created->email << " (" << created->roles.ToCsv() << ") in "
        << user_tenant << "\n";
    return 0;
  }
  if (demo->parsed()) {
    Status st = SeedDemo(ctx, demo_data, out);
    if (!st.ok()) return Fail(err, st);
    out.flush();
    if (no_serve) return 0;
  }
  if (serve->parsed() || demo->parsed()) {
    Status st = platform.serve(ctx, cfg);
    if (!st.ok()) return Fail(err, st);
    return 0;
  }
  return 0;
}

}  // namespace reskill::cli
