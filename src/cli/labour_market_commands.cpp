// `reskill` subcommands of this feature (see cli/command.hpp for how registrars work):
//   reskill import wages FILE [--area-type national] [--year 2024]  — BLS OEWS estimates (CSV)
//   reskill import projections FILE      — BLS Employment Projections, Table 1.2 (CSV)
// Each reads and checks the whole file before opening the database, so a bad row writes nothing,
// and prints how the file's SOC codes join to the stored O*NET occupations.
#include <memory>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/catalog/import_labour_market.hpp"
#include "cli/command.hpp"
#include "importers/bls_reader.hpp"

namespace reskill::cli {

namespace {

app::Principal SystemActor() {
  app::Principal system;
  system.kind = domain::audit::ActorKind::kSystem;
  system.actor_id = "cli";
  return system;
}

void PrintSample(std::ostream& out, const char* what, const app::CodeSample& sample) {
  out << "  " << what << ": " << sample.count;
  if (!sample.first.empty()) {
    out << " (";
    for (std::size_t i = 0; i < sample.first.size(); ++i) {
      out << (i ? ", " : "") << sample.first[i];
    }
    if (sample.count > static_cast<std::int64_t>(sample.first.size())) out << ", …";
    out << ")";
  }
  out << "\n";
}

void PrintJoin(std::ostream& out, const app::SocJoinReport& join) {
  if (join.onet_occupations == 0) {
    out << "  no O*NET occupations are stored yet (reskill import onet DIR); the figures will "
           "join to them once they are\n";
    return;
  }
  out << "  O*NET occupations with figures: "
      << join.matched_detailed + join.matched_aggregate + join.matched_broad << " of "
      << join.onet_occupations << " (" << join.matched_aggregate
      << " through a BLS aggregate code, " << join.matched_broad
      << " through their broad SOC group)\n";
  PrintSample(out, "O*NET occupations without figures", join.occupations_without_data);
  PrintSample(out, "SOC codes without an O*NET occupation", join.unmatched_soc_codes);
}

struct WageArgs {
  std::string file;
  std::string area_type = "national";
  int year = 0;
};

int ImportWagesCommand(CommandEnv& env, const WageArgs& args) {
  const auto area_type = importers::ParseOewsAreaType(args.area_type);
  if (!area_type) {
    return Fail(env.err, InvalidArgument("--area-type is one of national, state, territory, "
                                         "metro, nonmetro, all",
                                         "area-type"));
  }
  auto read = importers::ReadOewsWagesFile(args.file, {*area_type, args.year});
  if (!read.ok()) return Fail(env.err, read.status());
  env.out << "read " << read->records.size() << " SOC rows of " << read->rows_read
          << " in the file (May " << read->year << " estimates)\n";

  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto report = app::ImportWages(**ctx).Run(SystemActor(), read->records, {"cli"});
  if (!report.ok()) return Fail(env.err, report.status());
  env.out << "imported " << report->rows_written << " wage rows for May " << report->year;
  for (std::size_t i = 0; i < report->areas.size(); ++i) {
    env.out << (i ? ", " : ": ") << report->areas[i];
  }
  env.out << " (replaced " << report->rows_replaced << " stored rows)\n";
  PrintJoin(env.out, report->join);
  env.out << "recorded in the audit log of " << report->audited_tenants << " agencies\n";
  return 0;
}

int ImportProjectionsCommand(CommandEnv& env, const std::string& file) {
  auto read = importers::ReadProjectionsFile(file);
  if (!read.ok()) return Fail(env.err, read.status());
  env.out << "read " << read->projections.size() << " projections of " << read->rows_read
          << " rows (" << read->summary_rows << " summary rows skipped), period "
          << read->period.Label() << "\n";

  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto report =
      app::ImportProjections(**ctx).Run(SystemActor(), read->period, read->projections, {"cli"});
  if (!report.ok()) return Fail(env.err, report.status());
  env.out << "imported " << report->rows_written << " projections for " << report->period.Label()
          << " (replaced " << report->rows_replaced << " stored rows)\n";
  PrintJoin(env.out, report->join);
  env.out << "recorded in the audit log of " << report->audited_tenants << " agencies\n";
  return 0;
}

}  // namespace

std::vector<RegisteredCommand> AddLabourMarketCommands(CommandGroups& groups) {
  auto wage_args = std::make_shared<WageArgs>();
  auto* wages = groups.import_group.add_subcommand(
      "wages",
      "Import BLS OEWS wage estimates (CSV of national_M2024_dl.xlsx and the like); replaces "
      "the stored estimates of the same area and year");
  wages->add_option("file", wage_args->file, "The CSV file")->required();
  wages
      ->add_option("--area-type", wage_args->area_type,
                   "Rows to import by AREA_TYPE: national, state, territory, metro, nonmetro "
                   "or all")
      ->capture_default_str();
  wages
      ->add_option("--year", wage_args->year,
                   "Year of the estimates (default: from the file name, …_M2024…)")
      ->check(CLI::Range(1990, 2200));

  auto projections_file = std::make_shared<std::string>();
  auto* projections = groups.import_group.add_subcommand(
      "projections",
      "Import BLS Employment Projections, Table 1.2 as CSV; replaces the stored projections of "
      "the same period");
  projections->add_option("file", *projections_file, "The CSV file")->required();

  return {
      {wages, [wage_args](CommandEnv& env) { return ImportWagesCommand(env, *wage_args); }},
      {projections,
       [projections_file](CommandEnv& env) {
         return ImportProjectionsCommand(env, *projections_file);
       }},
  };
}

}  // namespace reskill::cli
