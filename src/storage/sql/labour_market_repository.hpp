// The labour-market repository and the occupation search over SqlConnection, once for both
// engines (queries/labour_market.sql, queries/occupation_search.sql; the engines differ only in
// dialect blocks of the search query). Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/labour_market_repository.hpp"
#include "app/ports/occupation_search.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlLabourMarketRepository final : public app::LabourMarketRepository {
 public:
  SqlLabourMarketRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::int64_t> ReplaceWages(std::string_view area_code, int year,
                                      std::span<const domain::catalog::WageRecord> rows) override;
  StatusOr<std::int64_t> ReplaceProjections(
      const domain::catalog::ProjectionPeriod& period,
      std::span<const domain::catalog::Projection> rows) override;
  StatusOr<std::optional<domain::catalog::WageRecord>> FindWage(std::string_view area_code,
                                                                int year,
                                                                std::string_view soc_code) override;
  StatusOr<std::vector<domain::catalog::WageRecord>> ListWagesInGroup(
      std::string_view area_code, std::string_view soc_code) override;
  StatusOr<std::vector<domain::catalog::Projection>> ListProjectionsInGroup(
      std::string_view soc_code) override;
  StatusOr<std::vector<domain::catalog::WageRecord>> ListWages(std::string_view area_code,
                                                               int year) override;
  StatusOr<std::vector<domain::catalog::Projection>> ListProjections(
      const domain::catalog::ProjectionPeriod& period) override;
  StatusOr<std::vector<app::WageDataset>> ListWageDatasets() override;
  StatusOr<std::vector<app::ProjectionDataset>> ListProjectionDatasets() override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

class SqlOccupationSearch final : public app::OccupationSearch {
 public:
  SqlOccupationSearch(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::vector<app::OccupationSearchHit>> Search(const domain::catalog::SearchTerms& terms,
                                                         bool any_word, int limit) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
