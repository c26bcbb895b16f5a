// The pathway explorer page (/pathways): pick the current job by searching any title, see the
// reachable jobs as a server-drawn SVG chart (median wage against similarity, bubble size by
// annual openings) and a ranked, explained table, pick one and see the skill gaps and the
// training plan from the agency's catalogue. No JavaScript. Access is declared in
// route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

/// GET /pathways[?q=TEXT][&from=CODE][&mode=career|related][&to=CODE]
Response PathwaysPage(RequestContext& ctx);

}  // namespace reskill::http::web
