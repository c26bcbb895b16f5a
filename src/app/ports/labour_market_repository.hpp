// Port for BLS labour-market data (global, not tenant-owned): OEWS wages per (area, year) and
// Employment Projections per period, both keyed by SOC code. Reads return a SOC code's whole
// broad group, from which the app picks an O*NET occupation's figures with
// domain::catalog::ResolveSocCode. One object per transaction (from UnitOfWork::labour_market()).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "domain/catalog/labour_market.hpp"

namespace reskill::app {

/// One stored OEWS data set: an area's estimates for one year.
struct WageDataset {
  std::string area_code;
  std::string area_title;
  int year = 0;
  std::int64_t rows = 0;
};

/// One stored projection period and how many SOC codes it covers.
struct ProjectionDataset {
  domain::catalog::ProjectionPeriod period;
  std::int64_t rows = 0;
};

class LabourMarketRepository {
 public:
  virtual ~LabourMarketRepository() = default;

  // Writes (the importers).
  /// Replaces every wage row of (`area_code`, `year`) with `rows` (each must carry that area
  /// and year). Returns how many rows were replaced (deleted first). kAlreadyExists (field
  /// "soc_code") when `rows` holds a SOC code twice.
  virtual StatusOr<std::int64_t> ReplaceWages(
      std::string_view area_code, int year, std::span<const domain::catalog::WageRecord> rows) = 0;
  /// Replaces every projection of `period` with `rows`; returns how many were replaced.
  /// kAlreadyExists (field "soc_code") for a SOC code given twice.
  virtual StatusOr<std::int64_t> ReplaceProjections(
      const domain::catalog::ProjectionPeriod& period,
      std::span<const domain::catalog::Projection> rows) = 0;

  // Reads.
  /// The wages of one SOC code in one area and year.
  virtual StatusOr<std::optional<domain::catalog::WageRecord>> FindWage(
      std::string_view area_code, int year, std::string_view soc_code) = 0;
  /// Every wage row of `area_code`, any year, whose SOC code is in the broad group of
  /// `soc_code` ("15-1252" → "15-1250" … "15-1259"): newest year first, then by SOC code.
  virtual StatusOr<std::vector<domain::catalog::WageRecord>> ListWagesInGroup(
      std::string_view area_code, std::string_view soc_code) = 0;
  /// Every projection, any period, whose SOC code is in the broad group of `soc_code`: newest
  /// period first, then by SOC code.
  virtual StatusOr<std::vector<domain::catalog::Projection>> ListProjectionsInGroup(
      std::string_view soc_code) = 0;
  /// Every wage row of one area and year, by SOC code.
  virtual StatusOr<std::vector<domain::catalog::WageRecord>> ListWages(std::string_view area_code,
                                                                       int year) = 0;
  /// Every projection of `period`, by SOC code.
  virtual StatusOr<std::vector<domain::catalog::Projection>> ListProjections(
      const domain::catalog::ProjectionPeriod& period) = 0;
  /// The stored wage data sets, by area then newest year first.
  virtual StatusOr<std::vector<WageDataset>> ListWageDatasets() = 0;
  /// The stored projection periods, newest first.
  virtual StatusOr<std::vector<ProjectionDataset>> ListProjectionDatasets() = 0;
};

}  // namespace reskill::app
