// JSON API of the LRS identity mapping and provider activity (issue 5 items 3, 5, 6): the
// unmatched actors staff resolve to clients, provider report imports and a client's activity
// timeline. Access is declared in route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::api {

/// GET /api/v1/lrs/unmatched-actors?after=ID&limit=N
Response ListUnmatchedActors(RequestContext& ctx);
/// POST /api/v1/lrs/unmatched-actors/{id}/resolve {"client": case number or participant id}
Response ResolveUnmatchedActor(RequestContext& ctx);
/// POST /api/v1/lrs/activity-imports?provider=…[&catalog_provider=…&from=…&to=…] (text/csv)
Response ImportActivityReport(RequestContext& ctx);
/// GET /api/v1/clients/{id}/activity
Response GetClientActivity(RequestContext& ctx);

}  // namespace reskill::http::api
