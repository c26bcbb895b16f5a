#include "domain/catalog/labour_market.hpp"

#include "domain/catalog/onet.hpp"

namespace reskill::domain::catalog {

namespace {

// One switch for both constnesses of WageDistribution::at.
template <typename Distribution>
auto& FigureOf(Distribution& d, WageStatistic s) {
  switch (s) {
    case WageStatistic::kMean: return d.mean;
    case WageStatistic::kPct10: return d.pct10;
    case WageStatistic::kPct25: return d.pct25;
    case WageStatistic::kMedian: return d.median;
    case WageStatistic::kPct75: return d.pct75;
    case WageStatistic::kPct90: return d.pct90;
  }
  return d.median;
}

}  // namespace

WageFigure& WageDistribution::at(WageStatistic s) {
  return FigureOf(*this, s);
}

const WageFigure& WageDistribution::at(WageStatistic s) const {
  return FigureOf(*this, s);
}

std::string_view SocGroupName(SocGroup group) {
  switch (group) {
    case SocGroup::kDetailed: return "detailed";
    case SocGroup::kBroad: return "broad";
  }
  return "detailed";
}

std::optional<SocGroup> ParseSocGroup(std::string_view name) {
  if (name == "detailed") return SocGroup::kDetailed;
  if (name == "broad") return SocGroup::kBroad;
  return std::nullopt;
}

std::int64_t WageRecord::TopCodedMask() const {
  std::int64_t mask = 0;
  for (int i = 0; i < kWageStatisticCount; ++i) {
    const auto s = static_cast<WageStatistic>(i);
    if (annual.at(s).top_coded) mask |= std::int64_t{1} << i;
    if (hourly.at(s).top_coded) mask |= std::int64_t{1} << (kWageStatisticCount + i);
  }
  return mask;
}

void WageRecord::ApplyTopCodedMask(std::int64_t mask) {
  for (int i = 0; i < kWageStatisticCount; ++i) {
    const auto s = static_cast<WageStatistic>(i);
    annual.at(s).top_coded = (mask >> i) & 1;
    hourly.at(s).top_coded = (mask >> (kWageStatisticCount + i)) & 1;
  }
}

std::string ProjectionPeriod::Key() const {
  return std::to_string(base_year) + "-" + std::to_string(projected_year);
}

std::string ProjectionPeriod::Label() const {
  const std::string end = std::to_string(projected_year);
  // BLS abbreviates the end year within the same century: "2024–34".
  const bool same_century = base_year / 100 == projected_year / 100 && end.size() == 4;
  return std::to_string(base_year) + "\u2013" + (same_century ? end.substr(2) : end);
}

Status ValidateSocCode(std::string_view code) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool ok = code.size() == 7 && digit(code[0]) && digit(code[1]) && code[2] == '-' &&
                  digit(code[3]) && digit(code[4]) && digit(code[5]) && digit(code[6]);
  if (!ok) return InvalidArgument("a SOC code looks like 15-1252", "soc_code");
  return Status::Ok();
}

bool IsBroadSocCode(std::string_view soc_code) {
  return ValidateSocCode(soc_code).ok() && soc_code.back() == '0';
}

std::string BroadSocCodeOf(std::string_view soc_code) {
  if (soc_code.size() < 7) return std::string(soc_code);
  return std::string(soc_code.substr(0, 6)) + "0";
}

std::string_view SocMatchName(SocMatch match) {
  switch (match) {
    case SocMatch::kDetailed: return "detailed";
    case SocMatch::kAggregate: return "aggregate";
    case SocMatch::kBroad: return "broad";
  }
  return "detailed";
}

std::optional<SocResolution> ResolveSocCode(std::string_view onet_code, const SocCodeSet& published,
                                            const SocCodeSet& onet_soc_codes) {
  const std::string detailed = SocCodeOf(onet_code);
  if (published.contains(detailed)) return SocResolution{detailed, SocMatch::kDetailed};
  const std::string broad = BroadSocCodeOf(detailed);
  // The published codes of the broad group sort between "NN-NNN0" and "NN-NNN9".
  std::optional<std::string> aggregate;
  const std::string last = broad.substr(0, 6) + "9";
  for (auto it = published.lower_bound(broad); it != published.end() && *it <= last; ++it) {
    if (*it == broad || onet_soc_codes.contains(*it)) continue;
    if (aggregate) {
      aggregate.reset();  // two candidates: ambiguous, fall back to the broad group
      break;
    }
    aggregate = *it;
  }
  if (aggregate) return SocResolution{*aggregate, SocMatch::kAggregate};
  if (broad != detailed && published.contains(broad)) {
    return SocResolution{broad, SocMatch::kBroad};
  }
  return std::nullopt;
}

}  // namespace reskill::domain::catalog
