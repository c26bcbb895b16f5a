// `reskill` subcommands of programs (see cli/command.hpp for how registrars work):
//   reskill import clients --tenant SLUG [--program ID] [--partial] FILE
//     CSV with the header given_name,family_name,email,phone,preferred_language,case_number,group;
//     validated first, every row error listed, nothing written unless all rows are valid (or the
//     valid ones with --partial). --program may be left out when the agency has one program.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/programs/client_import.hpp"
#include "app/programs/clients.hpp"
#include "cli/command.hpp"

namespace reskill::cli {

namespace {

struct ImportOptions {
  std::string tenant;
  std::string program;
  bool partial = false;
  std::string file;
};

int ImportClientCsv(CommandEnv& env, const ImportOptions& o) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.file, ec)) {
    return Fail(env.err, NotFound("no file " + o.file));
  }
  std::ifstream in(o.file, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  std::optional<app::Tenant> tenant;
  Status st = (*ctx)->db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(o.tenant));
    return Status::Ok();
  });
  if (!st.ok()) return Fail(env.err, st);
  if (!tenant) return Fail(env.err, NotFound("no agency with slug \"" + o.tenant + "\""));
  const app::Principal actor = app::programs::SystemActor(tenant->id, "cli");
  std::int64_t program = 0;
  if (o.program.empty()) {
    auto programs = app::programs::ManagePrograms(**ctx).List(actor);
    if (!programs.ok()) return Fail(env.err, programs.status());
    if (programs->size() != 1) {
      return Fail(env.err, InvalidArgument("the agency has " + std::to_string(programs->size()) +
                                               " programs; name one with --program ID",
                                           "program"));
    }
    program = programs->front().id.value();
  } else {
    const auto* end = o.program.data() + o.program.size();
    auto [ptr, err] = std::from_chars(o.program.data(), end, program);
    if (err != std::errc() || ptr != end || program <= 0) {
      return Fail(env.err, InvalidArgument("--program is a program id", "program"));
    }
  }
  auto r = app::programs::ImportClients(**ctx).Run(actor, ProgramId(program), buffer.str(),
                                                   o.partial, {"cli"});
  if (!r.ok()) return Fail(env.err, r.status());
  for (const auto& e : r->errors) {
    env.err << o.file << ":" << e.line << ": " << (e.field.empty() ? "" : e.field + ": ")
            << e.message << "\n";
  }
  if (!r->errors.empty() && !o.partial) {
    env.err << "reskill: " << r->errors.size()
            << " row(s) refused; nothing was imported (fix them, or use --partial)\n";
    return Fail(env.err, InvalidArgument("the file has invalid rows", "file"));
  }
  env.out << "imported " << r->created << " client(s) into " << o.tenant;
  if (!r->errors.empty()) env.out << "; " << r->errors.size() << " row(s) refused";
  env.out << "\n";
  return 0;
}

}  // namespace

std::vector<RegisteredCommand> AddProgramsCommands(CommandGroups& groups) {
  auto opts = std::make_shared<ImportOptions>();
  auto* clients = groups.import_group.add_subcommand(
      "clients",
      "Import clients from CSV (given_name,family_name,email,phone,preferred_language,"
      "case_number,group); every bad row is reported and nothing is written unless --partial");
  clients->add_option("--tenant", opts->tenant, "Agency slug")->required();
  clients->add_option("--program", opts->program, "Program id (optional with one program)");
  clients->add_flag("--partial", opts->partial, "Import the valid rows, report the others");
  clients->add_option("file", opts->file, "CSV file (UTF-8)")->required();
  return {{clients, [opts](CommandEnv& env) { return ImportClientCsv(env, *opts); }}};
}

}  // namespace reskill::cli
