// Server-rendered pages of the agency catalogue under /catalog: courses (search, create, edit,
// delete), learning paths, collections and providers. Every staff role may read them; curators
// and admins see and submit the forms (access is declared in route_table.cpp). Forms work without
// JavaScript and carry the session's CSRF token. Stateless functions; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

Response CoursesPage(RequestContext& ctx);
Response CourseCreate(RequestContext& ctx);
Response CoursePage(RequestContext& ctx);
Response CourseUpdate(RequestContext& ctx);
Response CourseDelete(RequestContext& ctx);

Response PathsPage(RequestContext& ctx);
Response PathCreate(RequestContext& ctx);
Response PathPage(RequestContext& ctx);
Response PathUpdate(RequestContext& ctx);
Response PathDelete(RequestContext& ctx);

Response CollectionsPage(RequestContext& ctx);
Response CollectionCreate(RequestContext& ctx);
Response CollectionPage(RequestContext& ctx);
Response CollectionUpdate(RequestContext& ctx);
Response CollectionDelete(RequestContext& ctx);

Response ProvidersPage(RequestContext& ctx);
Response ProviderCreate(RequestContext& ctx);
Response ProviderPage(RequestContext& ctx);
Response ProviderUpdate(RequestContext& ctx);
Response ProviderDelete(RequestContext& ctx);

}  // namespace reskill::http::web
