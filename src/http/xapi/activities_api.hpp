// The xAPI Activities resource (GET /xapi/activities?activityId=) and Agents resource
// (GET /xapi/agents?agent= → Person object). Access is declared in route_table.cpp. Stateless;
// thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::xapi {

/// The Activity object for `activityId` (xAPI 1.0.3 Communication §2.5): the definition the LRS
/// holds, or just the id when it has none.
Response GetActivity(RequestContext& ctx);
/// The Person object for `agent` (§2.4): the identifiers and name of the requested Agent.
Response GetAgent(RequestContext& ctx);

}  // namespace reskill::http::xapi
