// JSON API handlers of the agency catalogue: providers, courses (with search), learning paths
// and collections under /api/v1. Access is declared in route_table.cpp, not here. Stateless
// functions; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::api {

Response ListProviders(RequestContext& ctx);
Response CreateProvider(RequestContext& ctx);
Response GetProvider(RequestContext& ctx);
Response PatchProvider(RequestContext& ctx);
Response DeleteProvider(RequestContext& ctx);

/// GET /api/v1/courses?q=&provider=&skill=&level=&limit=&offset=
Response ListCourses(RequestContext& ctx);
Response CreateCourse(RequestContext& ctx);
Response GetCourse(RequestContext& ctx);
Response PatchCourse(RequestContext& ctx);
Response DeleteCourse(RequestContext& ctx);

Response ListLearningPaths(RequestContext& ctx);
Response CreateLearningPath(RequestContext& ctx);
Response GetLearningPath(RequestContext& ctx);
Response PatchLearningPath(RequestContext& ctx);
Response DeleteLearningPath(RequestContext& ctx);

Response ListCollections(RequestContext& ctx);
Response CreateCollection(RequestContext& ctx);
Response GetCollection(RequestContext& ctx);
Response PatchCollection(RequestContext& ctx);
Response DeleteCollection(RequestContext& ctx);

}  // namespace reskill::http::api
