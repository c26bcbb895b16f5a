#include "cli/demo_catalog.hpp"

#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/catalog/catalog_transfer.hpp"
#include "app/catalog/course_catalog.hpp"
#include "app/catalog/import_labour_market.hpp"
#include "app/catalog/import_onet.hpp"
#include "importers/bls_reader.hpp"
#include "importers/course_csv.hpp"
#include "importers/onet_reader.hpp"

namespace reskill::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

StatusOr<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("demo data file missing: " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The paths and collections of data/demo/catalog/catalog.json (layout in data/demo/README.md).
Status LoadCatalog(app::AppContext& ctx, const app::Principal& actor, const fs::path& dir,
                   const app::RequestInfo& request, std::ostream& out) {
  using app::catalog::CatalogImportData;
  RESKILL_ASSIGN_OR_RETURN(std::string text, ReadText(dir / "catalog.json"));
  const Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidArgument("catalog.json is not a JSON object", "catalog.json");
  }
  CatalogImportData data;
  std::map<std::pair<std::string, std::string>, std::size_t> course_index;  // (provider, ext id)
  for (const auto& p : doc.value("providers", Json::array())) {
    CatalogImportData::ProviderEntry entry;
    entry.where = "catalog.json providers";
    entry.provider.slug = p.value("slug", "");
    entry.provider.name = p.value("name", "");
    entry.provider.website = p.value("website", "");
    for (const auto& type : p.value("license_types", Json::array())) {
      auto parsed = domain::catalog::ParseLicenseType(type.get<std::string>());
      if (!parsed) return InvalidArgument("unknown licence type in catalog.json", "license_types");
      entry.provider.license_types.push_back(*parsed);
    }
    data.providers.push_back(entry);
    const std::string file = p.value("courses_file", "");
    RESKILL_ASSIGN_OR_RETURN(std::string csv, ReadText(dir / file));
    auto courses = importers::ReadCourseCsv(file, csv);
    if (!courses.problems.empty()) return app::catalog::ProblemsStatus(courses.problems);
    for (auto& row : courses.rows) {
      course_index[{entry.provider.slug, row.course.external_id}] = data.courses.size();
      data.courses.push_back(
          {file + ":" + std::to_string(row.line), entry.provider.slug, std::move(row.course)});
    }
  }
  for (const auto& lp : doc.value("learning_paths", Json::array())) {
    CatalogImportData::PathEntry entry;
    entry.where = "catalog.json learning path " + lp.value("name", "");
    entry.path.name = lp.value("name", "");
    entry.path.description = lp.value("description", "");
    entry.path.is_introductory = lp.value("introductory", false);
    for (const auto& code : lp.value("occupation_codes", Json::array())) {
      entry.path.occupation_codes.push_back(code.get<std::string>());
    }
    for (const auto& c : lp.value("courses", Json::array())) {
      auto it = course_index.find({c.value("provider", ""), c.value("external_id", "")});
      if (it == course_index.end()) {
        return InvalidArgument(entry.where + ": unknown course " + c.value("external_id", ""),
                               "learning_paths");
      }
      entry.course_indexes.push_back(it->second);
    }
    data.paths.push_back(std::move(entry));
  }
  RESKILL_ASSIGN_OR_RETURN(auto summary,
                           app::catalog::ImportCatalog(ctx).Run(actor, data, request));
  out << "  catalogue: " << summary.providers_created << " providers, " << summary.courses_created
      << " courses, " << summary.paths_created << " learning paths\n";

  RESKILL_ASSIGN_OR_RETURN(auto paths, app::catalog::ReadCatalog(ctx).ListLearningPaths(actor));
  std::map<std::string, domain::catalog::LearningPathId> path_ids;
  for (const auto& p : paths) path_ids[p.path.name] = p.path.id;
  int collections = 0;
  for (const auto& c : doc.value("collections", Json::array())) {
    domain::catalog::Collection draft;
    draft.name = c.value("name", "");
    draft.description = c.value("description", "");
    auto theme = domain::catalog::ParseCollectionTheme(c.value("theme", "other"));
    if (!theme) return InvalidArgument("unknown collection theme in catalog.json", "theme");
    draft.theme = *theme;
    for (const auto& name : c.value("learning_paths", Json::array())) {
      auto it = path_ids.find(name.get<std::string>());
      if (it == path_ids.end()) {
        return InvalidArgument("collection " + draft.name + ": unknown path", "learning_paths");
      }
      draft.path_ids.push_back(it->second);
    }
    RESKILL_RETURN_IF_ERROR(
        app::catalog::ManageCollections(ctx).Create(actor, draft, request).status());
    ++collections;
  }
  out << "  collections: " << collections << "\n";
  return Status::Ok();
}

}  // namespace

Status SeedDemoCatalog(app::AppContext& ctx, TenantId tenant, const fs::path& dir,
                       std::ostream& out) {
  app::Principal actor;
  actor.kind = domain::audit::ActorKind::kSystem;
  actor.actor_id = "demo-seed";
  actor.tenant_id = tenant;
  const app::RequestInfo request{"demo-seed"};
  out << "Loading the demo catalogue from " << dir.string() << " (invented demo data):\n";

  RESKILL_ASSIGN_OR_RETURN(auto onet, importers::ReadOnetRelease(dir / "onet"));
  RESKILL_ASSIGN_OR_RETURN(auto outcome,
                           app::ImportOnetRelease(ctx).Run(actor, std::move(onet.data), request));
  out << "  occupations: release " << outcome.release.version
      << (outcome.changed ? " imported" : " already present") << "\n";

  importers::WageReadOptions wage_options;
  wage_options.year = 2024;
  RESKILL_ASSIGN_OR_RETURN(
      auto wages, importers::ReadOewsWagesFile(dir / "bls" / "oews_demo.csv", wage_options));
  RESKILL_RETURN_IF_ERROR(app::ImportWages(ctx).Run(actor, wages.records, request).status());
  out << "  wages: " << wages.records.size() << " rows\n";

  RESKILL_ASSIGN_OR_RETURN(auto projections,
                           importers::ReadProjectionsFile(dir / "bls" / "projections_demo.csv"));
  RESKILL_RETURN_IF_ERROR(app::ImportProjections(ctx)
                              .Run(actor, projections.period, projections.projections, request)
                              .status());
  out << "  projections: " << projections.projections.size() << " rows\n";

  return LoadCatalog(ctx, actor, dir / "catalog", request, out);
}

}  // namespace reskill::cli
