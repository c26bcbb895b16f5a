// JSON API of career pathways (docs/pathways.md): recommended moves from an occupation or a
// person's profile, and the skill gaps and training plan toward one target. Access is declared
// in route_table.cpp. Stateless functions; thread-safe.
#pragma once

#include "app/pathways/pathways.hpp"
#include "http/json.hpp"
#include "http/router.hpp"

namespace reskill::http::api {

/// GET /api/v1/pathways?from=CODE[&top=1…100][&mode=career|related][&max_steps=1…3]
Response GetPathways(RequestContext& ctx);
/// POST /api/v1/pathways {"profile": {…}, "top", "mode", "max_steps"}
Response PostPathways(RequestContext& ctx);
/// GET /api/v1/pathways/plan?from=CODE&to=CODE[&provider=ID…][&license=TYPE…]
Response GetPathwayPlan(RequestContext& ctx);
/// POST /api/v1/pathways/plan {"profile": {…}, "to", "providers": [ID…], "license_types": […]}
Response PostPathwayPlan(RequestContext& ctx);

/// GET /api/v1/clients/{id}/career-profile: the client's stored profile (audited).
Response GetClientCareerProfile(RequestContext& ctx);
/// PUT /api/v1/clients/{id}/career-profile {"occupations", "completed_courses", …}
Response PutClientCareerProfile(RequestContext& ctx);
/// POST /api/v1/clients/{id}/pathway-plan {"to": CODE, "due_at"?}: plans from the client's
/// profile with the program's courses and assigns the plan as a learning path (201).
Response PostClientPathwayPlan(RequestContext& ctx);

/// The wire form of a recommendation result (also the explorer page's model).
Json PathwayResultJson(const app::PathwayResult& result);
/// The wire form of a plan.
Json PathwayPlanJson(const app::PathwayPlan& plan);

}  // namespace reskill::http::api
