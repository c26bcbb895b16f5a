// The pathway explorer page (/pathways): pick the current job by searching any title, see the
// reachable jobs as a server-drawn SVG chart (median wage against similarity, bubble size by
// annual openings) and a ranked, explained table, pick one and see the skill gaps and the
// training plan from the agency's catalogue. No JavaScript. Access is declared in
// route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

/// GET /pathways[?q=TEXT][&from=CODE | &client=ID][&mode=career|related][&to=CODE]. With
/// `client`, the client's career profile is the starting point, search results can be recorded
/// as the client's current job and the plan (the program's courses) can be assigned.
Response PathwaysPage(RequestContext& ctx);
/// POST /clients/{id}/career-profile/current (form: code): records the client's current job.
Response ClientCurrentJobSubmit(RequestContext& ctx);
/// POST /clients/{id}/pathway-plan (form: to, due): assigns the plan as a learning path.
Response ClientPathwayPlanSubmit(RequestContext& ctx);

}  // namespace reskill::http::web
