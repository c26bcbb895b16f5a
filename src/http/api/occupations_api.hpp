// JSON API of the occupation catalogue: search and list occupations, one occupation's profile
// (O*NET content with BLS wages and outlook), the in-demand list. Access is declared in
// route_table.cpp, not here. Stateless functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "common/status.hpp"
#include "http/router.hpp"

namespace reskill::http::api {

/// The query parameter `name` as an integer in [min, max]: nullopt when absent;
/// kInvalidArgument (field `name`) when it is not a whole number in range.
StatusOr<std::optional<int>> IntQueryParam(const Request& request, std::string_view name, int min,
                                           int max);

/// GET /api/v1/occupations — `q` searches (with `limit` 1…50, default 10); without `q`, a page
/// of occupations by code (`limit` 1…200, default 50, `after`, `job_zone`) with a `next` link.
Response ListOccupations(RequestContext& ctx);
/// GET /api/v1/occupations/{code}
Response GetOccupation(RequestContext& ctx);
/// GET /api/v1/occupations/in-demand — `limit` 1…200 (default 20), `job_zone_max` 0…5.
Response ListInDemandOccupations(RequestContext& ctx);

}  // namespace reskill::http::api
