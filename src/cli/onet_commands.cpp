// `reskill` subcommands of this feature (see cli/command.hpp for how registrars work):
//   reskill import onet DIR   — import an O*NET release in its tab-delimited text layout.
#include <chrono>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/catalog/import_onet.hpp"
#include "cli/command.hpp"
#include "importers/onet_reader.hpp"

namespace reskill::cli {

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

// Rows per table of a release, for the report.
std::vector<std::pair<const char*, std::size_t>> Counts(const app::OnetReleaseData& data) {
  return {{"occupations", data.occupations.size()},
          {"elements", data.elements.size()},
          {"ratings", data.ratings.size()},
          {"alternate titles", data.alternate_titles.size()},
          {"technology skills", data.technology.size()},
          {"tasks", data.tasks.size()},
          {"detailed work activities", data.dwas.size()},
          {"task-DWA links", data.task_dwas.size()},
          {"education categories", data.education.size()}};
}

int ImportOnet(CommandEnv& env, const std::string& dir) {
  const auto start = std::chrono::steady_clock::now();
  // Read and check every file before touching the database: a bad row writes nothing.
  auto read = importers::ReadOnetRelease(dir);
  if (!read.ok()) return Fail(env.err, read.status());
  for (const auto& warning : read->warnings) env.err << "warning: " << warning << "\n";
  const double read_seconds = SecondsSince(start);
  const std::string version = read->data.release.version;
  const auto counts = Counts(read->data);
  env.out << "read O*NET " << version << " (" << read->files_read.size() << " files) in "
          << Seconds(read_seconds) << "\n";

  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  app::Principal system;
  system.kind = domain::audit::ActorKind::kSystem;
  system.actor_id = "cli";
  const auto write_start = std::chrono::steady_clock::now();
  auto outcome = app::ImportOnetRelease(**ctx).Run(system, std::move(read->data), {"cli"});
  if (!outcome.ok()) return Fail(env.err, outcome.status());
  if (!outcome->changed) {
    env.out << "O*NET " << version << " is already imported (fingerprint "
            << outcome->release.fingerprint << "); nothing changed\n";
    return 0;
  }
  env.out << "imported O*NET " << version << " in " << Seconds(SecondsSince(write_start))
          << " (total " << Seconds(SecondsSince(start)) << "):\n";
  for (const auto& [what, n] : counts) {
    char line[64];
    std::snprintf(line, sizeof line, "  %-26s %8zu\n", what, n);
    env.out << line;
  }
  env.out << "recorded in the audit log of " << outcome->audited_tenants << " agencies\n";
  return 0;
}

}  // namespace

std::vector<RegisteredCommand> AddOnetCommands(CommandGroups& groups) {
  auto dir = std::make_shared<std::string>();
  auto* onet = groups.import_group.add_subcommand(
      "onet",
      "Import an O*NET database release in its tab-delimited text layout (e.g. db_29_3_text); "
      "a second import of the same release changes nothing");
  onet->add_option("dir", *dir, "Directory of the release (\"Occupation Data.txt\", …)")
      ->required();
  return {{onet, [dir](CommandEnv& env) { return ImportOnet(env, *dir); }}};
}

}  // namespace reskill::cli
