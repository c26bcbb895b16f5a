// The route table: every route of the server and who may call it, in one place. The
// authorization test (tests/http/authz_test.cpp) calls every route here as every role.
#include "http/api/catalog_api.hpp"
#include "http/api/foundation_api.hpp"
#include "http/api/lrs_clients_api.hpp"
#include "http/api/lrs_identity_api.hpp"
#include "http/api/lrs_statements_api.hpp"
#include "http/api/occupations_api.hpp"
#include "http/api/pathways_api.hpp"
#include "http/api/programs_api.hpp"
#include "http/http_app.hpp"
#include "http/system/system_routes.hpp"
#include "http/web/catalog_pages.hpp"
#include "http/web/lrs_identity_pages.hpp"
#include "http/web/lrs_pages.hpp"
#include "http/web/lrs_statement_pages.hpp"
#include "http/web/occupation_pages.hpp"
#include "http/web/pages.hpp"
#include "http/web/pathways_pages.hpp"
#include "http/web/programs_pages.hpp"
#include "http/xapi/activities_api.hpp"
#include "http/xapi/documents_api.hpp"
#include "http/xapi/platform_api.hpp"
#include "http/xapi/statements_api.hpp"

namespace reskill::http {

void BuildRouteTable(Router& r) {
  using domain::programs::Role;
  const Access admin = Roles({Role::kAdmin});
  const Access staff = AnyStaff();
  const auto G = Method::kGet;
  const auto P = Method::kPost;

  // System.
  r.Add({G, "/healthz", "healthz", RouteKind::kSystem, Public(), system::Healthz});
  r.Add({G, "/readyz", "readyz", RouteKind::kSystem, Public(), system::Readyz});
  r.Add({G, "/metrics", "metrics", RouteKind::kSystem, Public(), system::MetricsText});
  r.Add({G, "/api/v1/openapi.json", "openapi", RouteKind::kSystem, Public(), system::OpenApi});
  r.Add({G, "/static/{file}", "static", RouteKind::kSystem, Public(), system::StaticFile});

  // JSON API.
  r.Add({P, "/api/v1/sessions", "sign_in", RouteKind::kApi, Public(), api::SignIn});
  r.Add({Method::kDelete, "/api/v1/sessions/current", "sign_out", RouteKind::kApi, staff,
         api::SignOut});
  r.Add({G, "/api/v1/me", "get_me", RouteKind::kApi, staff, api::GetMe});
  r.Add({Method::kPatch, "/api/v1/me", "update_me", RouteKind::kApi, staff, api::PatchMe});
  r.Add({G, "/api/v1/staff", "list_staff", RouteKind::kApi, admin, api::ListStaff});
  r.Add({P, "/api/v1/staff", "create_staff", RouteKind::kApi, admin, api::CreateStaff});
  r.Add({G, "/api/v1/staff/{id}", "get_staff", RouteKind::kApi, admin, api::GetStaff});
  r.Add({Method::kPatch, "/api/v1/staff/{id}", "update_staff", RouteKind::kApi, admin,
         api::PatchStaff});
  r.Add({G, "/api/v1/tokens", "list_tokens", RouteKind::kApi, staff, api::ListTokens});
  r.Add({P, "/api/v1/tokens", "create_token", RouteKind::kApi, staff, api::CreateToken});
  r.Add({Method::kDelete, "/api/v1/tokens/{id}", "revoke_token", RouteKind::kApi, staff,
         api::RevokeToken});
  r.Add({G, "/api/v1/audit", "list_audit", RouteKind::kApi, admin, api::ListAudit});

  // Web pages. nav_key puts a page in the navigation of the roles that may open it.
  r.Add({G, "/", "home", RouteKind::kWeb, staff, web::Home, "nav.home"});
  r.Add({G, "/signin", "sign_in_form", RouteKind::kWeb, Public(), web::SignInForm});
  r.Add({P, "/signin", "sign_in_submit", RouteKind::kWeb, Public(), web::SignInSubmit});
  r.Add({P, "/signout", "sign_out_submit", RouteKind::kWeb, staff, web::SignOutSubmit});
  r.Add({G, "/admin/staff", "staff_list", RouteKind::kWeb, admin, web::StaffList, "nav.staff"});
  r.Add({P, "/admin/staff", "staff_create", RouteKind::kWeb, admin, web::StaffCreate});
  r.Add({G, "/admin/staff/{id}", "staff_detail", RouteKind::kWeb, admin, web::StaffDetail});
  r.Add({P, "/admin/staff/{id}", "staff_update", RouteKind::kWeb, admin, web::StaffUpdate});
  r.Add({G, "/admin/audit", "audit_list", RouteKind::kWeb, admin, web::AuditList, "nav.audit"});
  r.Add({G, "/settings", "settings", RouteKind::kWeb, staff, web::SettingsForm, "nav.settings"});
  r.Add({P, "/settings", "settings_update", RouteKind::kWeb, staff, web::SettingsUpdate});
  r.Add({P, "/settings/tokens", "token_create", RouteKind::kWeb, staff, web::TokenCreate});
  r.Add({P, "/settings/tokens/{id}/revoke", "token_revoke", RouteKind::kWeb, staff,
         web::TokenRevoke});

  // Course catalogue: every staff role reads; curators and admins change.
  {
    const Access curate = Roles({Role::kCurator, Role::kAdmin});
    const auto D = Method::kDelete;
    const auto A = RouteKind::kApi;
    const auto W = RouteKind::kWeb;
    const auto PATCH = Method::kPatch;
    r.Add({G, "/api/v1/providers", "list_providers", A, staff, api::ListProviders});
    r.Add({P, "/api/v1/providers", "create_provider", A, curate, api::CreateProvider});
    r.Add({G, "/api/v1/providers/{id}", "get_provider", A, staff, api::GetProvider});
    r.Add({PATCH, "/api/v1/providers/{id}", "update_provider", A, curate, api::PatchProvider});
    r.Add({D, "/api/v1/providers/{id}", "delete_provider", A, curate, api::DeleteProvider});
    r.Add({G, "/api/v1/courses", "list_courses", A, staff, api::ListCourses});
    r.Add({P, "/api/v1/courses", "create_course", A, curate, api::CreateCourse});
    r.Add({G, "/api/v1/courses/{id}", "get_course", A, staff, api::GetCourse});
    r.Add({PATCH, "/api/v1/courses/{id}", "update_course", A, curate, api::PatchCourse});
    r.Add({D, "/api/v1/courses/{id}", "delete_course", A, curate, api::DeleteCourse});
    r.Add({G, "/api/v1/learning-paths", "list_learning_paths", A, staff, api::ListLearningPaths});
    r.Add(
        {P, "/api/v1/learning-paths", "create_learning_path", A, curate, api::CreateLearningPath});
    r.Add({G, "/api/v1/learning-paths/{id}", "get_learning_path", A, staff, api::GetLearningPath});
    r.Add({PATCH, "/api/v1/learning-paths/{id}", "update_learning_path", A, curate,
           api::PatchLearningPath});
    r.Add({D, "/api/v1/learning-paths/{id}", "delete_learning_path", A, curate,
           api::DeleteLearningPath});
    r.Add({G, "/api/v1/collections", "list_collections", A, staff, api::ListCollections});
    r.Add({P, "/api/v1/collections", "create_collection", A, curate, api::CreateCollection});
    r.Add({G, "/api/v1/collections/{id}", "get_collection", A, staff, api::GetCollection});
    r.Add(
        {PATCH, "/api/v1/collections/{id}", "update_collection", A, curate, api::PatchCollection});
    r.Add({D, "/api/v1/collections/{id}", "delete_collection", A, curate, api::DeleteCollection});

    r.Add({G, "/catalog/courses", "courses_page", W, staff, web::CoursesPage, "courses.nav"});
    r.Add({P, "/catalog/courses", "course_create", W, curate, web::CourseCreate});
    r.Add({G, "/catalog/courses/{id}", "course_page", W, staff, web::CoursePage});
    r.Add({P, "/catalog/courses/{id}", "course_update", W, curate, web::CourseUpdate});
    r.Add({P, "/catalog/courses/{id}/delete", "course_delete", W, curate, web::CourseDelete});
    r.Add({G, "/catalog/paths", "paths_page", W, staff, web::PathsPage});
    r.Add({P, "/catalog/paths", "path_create", W, curate, web::PathCreate});
    r.Add({G, "/catalog/paths/{id}", "path_page", W, staff, web::PathPage});
    r.Add({P, "/catalog/paths/{id}", "path_update", W, curate, web::PathUpdate});
    r.Add({P, "/catalog/paths/{id}/delete", "path_delete", W, curate, web::PathDelete});
    r.Add({G, "/catalog/collections", "collections_page", W, staff, web::CollectionsPage});
    r.Add({P, "/catalog/collections", "collection_create", W, curate, web::CollectionCreate});
    r.Add({G, "/catalog/collections/{id}", "collection_page", W, staff, web::CollectionPage});
    r.Add({P, "/catalog/collections/{id}", "collection_update", W, curate, web::CollectionUpdate});
    r.Add({P, "/catalog/collections/{id}/delete", "collection_delete", W, curate,
           web::CollectionDelete});
    r.Add({G, "/catalog/providers", "providers_page", W, staff, web::ProvidersPage});
    r.Add({P, "/catalog/providers", "provider_create", W, curate, web::ProviderCreate});
    r.Add({G, "/catalog/providers/{id}", "provider_page", W, staff, web::ProviderPage});
    r.Add({P, "/catalog/providers/{id}", "provider_update", W, curate, web::ProviderUpdate});
    r.Add({P, "/catalog/providers/{id}/delete", "provider_delete", W, curate, web::ProviderDelete});
  }

  // Programs, clients, consent, licences (issue 4). Caseworkers (counselors, supervisors, admins)
  // see the clients of their caseload, contact data included; analysts and curators never reach
  // client records. Supervisors issue and revoke licences; the activation and consent-signature
  // routes are public (the token in the URL is the credential).
  {
    const Access caseworkers = Roles({Role::kAdmin, Role::kSupervisor, Role::kCounselor});
    const Access managers = Roles({Role::kAdmin, Role::kSupervisor});
    const Access readers =
        Roles({Role::kAdmin, Role::kSupervisor, Role::kCounselor, Role::kAnalyst});
    const auto A = RouteKind::kApi;
    const auto PATCH = Method::kPatch;
    r.Add({G, "/api/v1/programs", "list_programs", A, readers, api::ListPrograms});
    r.Add({P, "/api/v1/programs", "create_program", A, admin, api::CreateProgram});
    r.Add({G, "/api/v1/programs/{id}", "get_program", A, readers, api::GetProgram});
    r.Add({PATCH, "/api/v1/programs/{id}", "update_program", A, managers, api::PatchProgram});
    r.Add({G, "/api/v1/groups", "list_groups", A, caseworkers, api::ListGroups});
    r.Add({P, "/api/v1/groups", "create_group", A, managers, api::CreateGroup});
    r.Add({G, "/api/v1/groups/{id}", "get_group", A, caseworkers, api::GetGroup});
    r.Add({PATCH, "/api/v1/groups/{id}", "update_group", A, managers, api::PatchGroup});
    r.Add({P, "/api/v1/groups/{id}/assignments", "assign_group", A, caseworkers, api::AssignGroup});
    r.Add({G, "/api/v1/clients", "list_clients", A, caseworkers, api::ListClients});
    r.Add({P, "/api/v1/clients", "create_client", A, caseworkers, api::CreateClient});
    r.Add({P, "/api/v1/clients/import", "import_clients", A, caseworkers, api::ImportClients});
    r.Add({G, "/api/v1/clients/{id}", "get_client", A, caseworkers, api::GetClient});
    r.Add({PATCH, "/api/v1/clients/{id}", "update_client", A, caseworkers, api::PatchClient});
    r.Add({P, "/api/v1/clients/{id}/group", "move_client", A, caseworkers, api::MoveClient});
    r.Add({G, "/api/v1/clients/{id}/journal", "list_journal", A, caseworkers, api::ListJournal});
    r.Add({P, "/api/v1/clients/{id}/journal", "add_journal_note", A, caseworkers,
           api::AddJournalNote});
    r.Add({G, "/api/v1/clients/{id}/consents", "list_consents", A, caseworkers,
           api::ListClientConsents});
    r.Add(
        {P, "/api/v1/clients/{id}/consents", "create_consent", A, caseworkers, api::CreateConsent});
    r.Add({P, "/api/v1/consents/{id}/withdraw", "withdraw_consent", A, caseworkers,
           api::WithdrawConsent});
    r.Add({G, "/api/v1/clients/{id}/licences", "list_client_licences", A, caseworkers,
           api::ListClientLicences});
    r.Add({G, "/api/v1/clients/{id}/assignments", "list_assignments", A, caseworkers,
           api::ListAssignments});
    r.Add({P, "/api/v1/clients/{id}/assignments", "assign_client", A, caseworkers,
           api::AssignClient});
    r.Add({G, "/api/v1/clients/{id}/plans", "list_plans", A, caseworkers, api::ListPlans});
    r.Add({P, "/api/v1/clients/{id}/plans", "create_plan", A, caseworkers, api::CreatePlan});
    r.Add({P, "/api/v1/plans/{id}/renew", "renew_plan", A, caseworkers, api::RenewPlan});
    r.Add({P, "/api/v1/plans/{id}/end", "end_plan", A, caseworkers, api::EndPlan});
    r.Add({G, "/api/v1/pools", "list_pools", A, readers, api::ListPools});
    r.Add({P, "/api/v1/pools", "create_pool", A, managers, api::CreatePool});
    r.Add({G, "/api/v1/pools/{id}", "get_pool", A, readers, api::GetPool});
    r.Add({PATCH, "/api/v1/pools/{id}", "update_pool", A, managers, api::PatchPool});
    r.Add({G, "/api/v1/licences", "list_licences", A, managers, api::ListLicences});
    r.Add({P, "/api/v1/licences", "request_licence", A, caseworkers, api::RequestLicence});
    r.Add({G, "/api/v1/licences/export.csv", "export_licences", A, managers, api::ExportLicences});
    r.Add({P, "/api/v1/licences/issue", "issue_licences", A, managers, api::IssueLicences});
    r.Add({P, "/api/v1/licences/revoke", "revoke_licences", A, managers, api::RevokeLicences});
    r.Add({G, "/api/v1/licences/{id}", "get_licence", A, managers, api::GetLicence});
    r.Add({P, "/api/v1/licences/{id}/issue", "issue_licence", A, managers, api::IssueLicence});
    r.Add({P, "/api/v1/licences/{id}/reinvite", "reinvite_licence", A, managers,
           api::ReinviteLicence});
    r.Add({P, "/api/v1/licences/{id}/revoke", "revoke_licence", A, managers, api::RevokeLicence});
    r.Add({G, "/api/v1/activation/{token}", "get_activation", A, Public(), api::GetActivation});
    r.Add({P, "/api/v1/activation/{token}", "activate_licence", A, Public(), api::Activate});
    r.Add({P, "/api/v1/consent-requests/{token}/sign", "sign_consent", A, Public(),
           api::SignConsent});

    const auto W = RouteKind::kWeb;
    r.Add({G, "/caseload", "caseload_page", W, caseworkers, web::CaseloadPage,
           "programs.nav_caseload"});
    r.Add({P, "/caseload", "client_create", W, caseworkers, web::ClientCreate});
    r.Add({G, "/clients/{id}", "client_page", W, caseworkers, web::ClientPage});
    r.Add(
        {P, "/clients/{id}/consents", "client_consent", W, caseworkers, web::ClientConsentSubmit});
    r.Add({P, "/clients/{id}/consents/withdraw", "client_consent_withdraw", W, caseworkers,
           web::ClientConsentWithdraw});
    r.Add({P, "/clients/{id}/licences", "client_licence_request", W, caseworkers,
           web::ClientLicenceRequest});
    r.Add({P, "/clients/{id}/notes", "client_note", W, caseworkers, web::ClientNoteSubmit});
    r.Add(
        {P, "/clients/{id}/assignments", "client_assign", W, caseworkers, web::ClientAssignSubmit});
    r.Add({P, "/clients/{id}/plans", "client_plan", W, caseworkers, web::ClientPlanSubmit});
    r.Add({G, "/licences", "licence_queue", W, managers, web::LicenceQueuePage,
           "programs.nav_licences"});
    r.Add({P, "/licences", "licence_queue_submit", W, managers, web::LicenceQueueSubmit});
    r.Add({G, "/pools", "pools_page", W, readers, web::PoolsPage, "programs.nav_pools"});
    r.Add({P, "/pools", "pool_create", W, managers, web::PoolCreate});
    r.Add(
        {G, "/programs", "programs_page", W, readers, web::ProgramsPage, "programs.nav_programs"});
    r.Add({P, "/programs/{id}", "program_settings", W, managers, web::ProgramSettingsSubmit});
    r.Add({G, "/consent/{token}", "consent_sign_page", W, Public(), web::ConsentSignPage});
    r.Add({P, "/consent/{token}", "consent_sign_submit", W, Public(), web::ConsentSignSubmit});
    r.Add({G, "/activate/{token}", "activation_page", W, Public(), web::ActivationPage});
    r.Add({P, "/activate/{token}", "activation_submit", W, Public(), web::ActivationSubmit});
  }

  // Occupation catalogue (O*NET with BLS wages and outlook): global reference data every staff
  // role reads. The in-demand list comes before {code}: the router takes the first match.
  r.Add(
      {G, "/api/v1/occupations", "list_occupations", RouteKind::kApi, staff, api::ListOccupations});
  r.Add({G, "/api/v1/occupations/in-demand", "list_in_demand_occupations", RouteKind::kApi, staff,
         api::ListInDemandOccupations});
  r.Add({G, "/api/v1/occupations/{code}", "get_occupation", RouteKind::kApi, staff,
         api::GetOccupation});
  r.Add({G, "/occupations", "occupations_page", RouteKind::kWeb, staff, web::OccupationsPage,
         "occupations.nav"});
  r.Add({G, "/occupations/{code}", "occupation_page", RouteKind::kWeb, staff, web::OccupationPage});

  // Career pathways (docs/pathways.md): every staff role reads; the POST variants take a
  // person's profile in the body and change nothing.
  r.Add({G, "/api/v1/pathways", "get_pathways", RouteKind::kApi, staff, api::GetPathways});
  r.Add({P, "/api/v1/pathways", "post_pathways", RouteKind::kApi, staff, api::PostPathways});
  r.Add({G, "/api/v1/pathways/plan", "get_pathway_plan", RouteKind::kApi, staff,
         api::GetPathwayPlan});
  r.Add({P, "/api/v1/pathways/plan", "post_pathway_plan", RouteKind::kApi, staff,
         api::PostPathwayPlan});
  r.Add(
      {G, "/pathways", "pathways_page", RouteKind::kWeb, staff, web::PathwaysPage, "pathways.nav"});
  // A client's career profile and plan: caseworkers only, within their caseload (like every
  // client record; reads audited).
  {
    const Access caseworkers = Roles({Role::kAdmin, Role::kSupervisor, Role::kCounselor});
    r.Add({G, "/api/v1/clients/{id}/career-profile", "get_client_career_profile", RouteKind::kApi,
           caseworkers, api::GetClientCareerProfile});
    r.Add({Method::kPut, "/api/v1/clients/{id}/career-profile", "put_client_career_profile",
           RouteKind::kApi, caseworkers, api::PutClientCareerProfile});
    r.Add({P, "/api/v1/clients/{id}/pathway-plan", "assign_client_pathway_plan", RouteKind::kApi,
           caseworkers, api::PostClientPathwayPlan});
    r.Add({P, "/clients/{id}/career-profile/current", "client_current_job", RouteKind::kWeb,
           caseworkers, web::ClientCurrentJobSubmit});
    r.Add({P, "/clients/{id}/pathway-plan", "client_pathway_plan", RouteKind::kWeb, caseworkers,
           web::ClientPathwayPlanSubmit});
  }
  // xAPI platform (issue 5): LRS clients authenticate with Basic key:secret or an OAuth bearer
  // token; each route declares the xAPI resource its scopes must permit. Admins manage clients.
  {
    using domain::xapi_platform::XapiResource;
    const auto X = RouteKind::kXapi;
    r.Add({G, "/xapi/about", "xapi_about", X, XapiPublic(XapiResource::kAbout), xapi::About});
    r.Add({P, "/xapi/oauth/token", "xapi_oauth_token", X, Xapi(XapiResource::kOAuthToken),
           xapi::OAuthToken});
    const auto PUT = Method::kPut;
    const auto D = Method::kDelete;
    const Access state = Xapi(XapiResource::kState);
    const Access activity_profile = Xapi(XapiResource::kActivityProfile);
    const Access agent_profile = Xapi(XapiResource::kAgentProfile);
    r.Add({G, "/xapi/activities/state", "xapi_get_state", X, state, xapi::StateGet});
    r.Add({PUT, "/xapi/activities/state", "xapi_put_state", X, state, xapi::StatePut});
    r.Add({P, "/xapi/activities/state", "xapi_post_state", X, state, xapi::StatePost});
    r.Add({D, "/xapi/activities/state", "xapi_delete_state", X, state, xapi::StateDelete});
    r.Add({G, "/xapi/activities/profile", "xapi_get_activity_profile", X, activity_profile,
           xapi::ActivityProfileGet});
    r.Add({PUT, "/xapi/activities/profile", "xapi_put_activity_profile", X, activity_profile,
           xapi::ActivityProfilePut});
    r.Add({P, "/xapi/activities/profile", "xapi_post_activity_profile", X, activity_profile,
           xapi::ActivityProfilePost});
    r.Add({D, "/xapi/activities/profile", "xapi_delete_activity_profile", X, activity_profile,
           xapi::ActivityProfileDelete});
    r.Add({G, "/xapi/agents/profile", "xapi_get_agent_profile", X, agent_profile,
           xapi::AgentProfileGet});
    r.Add({PUT, "/xapi/agents/profile", "xapi_put_agent_profile", X, agent_profile,
           xapi::AgentProfilePut});
    r.Add({P, "/xapi/agents/profile", "xapi_post_agent_profile", X, agent_profile,
           xapi::AgentProfilePost});
    r.Add({D, "/xapi/agents/profile", "xapi_delete_agent_profile", X, agent_profile,
           xapi::AgentProfileDelete});
    r.Add({G, "/xapi/activities", "xapi_get_activity", X, Xapi(XapiResource::kActivities),
           xapi::GetActivity});
    r.Add({G, "/xapi/agents", "xapi_get_agent", X, Xapi(XapiResource::kAgents), xapi::GetAgent});
    // Statements: xapi:write / statements/write for PUT and POST; xapi:read, statements/read or
    // statements/read/mine (the handler then keeps to the client's own) for GET and HEAD.
    const Access statements = Xapi(XapiResource::kStatements);
    r.Add({G, "/xapi/statements", "xapi_get_statements", X, statements, xapi::StatementsGet});
    r.Add({PUT, "/xapi/statements", "xapi_put_statement", X, statements, xapi::StatementsPut});
    r.Add({P, "/xapi/statements", "xapi_post_statements", X, statements, xapi::StatementsPost});
    r.Add({G, "/api/v1/lrs-clients", "list_lrs_clients", RouteKind::kApi, admin,
           api::ListLrsClients});
    r.Add({P, "/api/v1/lrs-clients", "create_lrs_client", RouteKind::kApi, admin,
           api::CreateLrsClient});
    r.Add({Method::kPatch, "/api/v1/lrs-clients/{id}", "update_lrs_client", RouteKind::kApi, admin,
           api::PatchLrsClient});
    r.Add({G, "/admin/lrs-clients", "lrs_clients_page", RouteKind::kWeb, admin, web::LrsClientsPage,
           "lrs.nav"});
    r.Add({P, "/admin/lrs-clients", "lrs_client_create", RouteKind::kWeb, admin,
           web::LrsClientCreate});
    r.Add({P, "/admin/lrs-clients/{id}", "lrs_client_update", RouteKind::kWeb, admin,
           web::LrsClientUpdate});
  }
  // LRS identity mapping and provider activity (issue 5 items 3, 5, 6): caseworkers resolve the
  // learners no client was matched to, as they handle client records (analysts never do).
  {
    const Access caseworkers = Roles({Role::kAdmin, Role::kSupervisor, Role::kCounselor});
    r.Add({G, "/api/v1/lrs/unmatched-actors", "list_unmatched_actors", RouteKind::kApi, caseworkers,
           api::ListUnmatchedActors});
    r.Add({P, "/api/v1/lrs/unmatched-actors/{id}/resolve", "resolve_unmatched_actor",
           RouteKind::kApi, caseworkers, api::ResolveUnmatchedActor});
    r.Add({G, "/lrs/unmatched", "unmatched_actors_page", RouteKind::kWeb, caseworkers,
           web::UnmatchedActorsPage, "activity.nav_unmatched"});
    r.Add({P, "/lrs/unmatched/{id}", "unmatched_actor_resolve", RouteKind::kWeb, caseworkers,
           web::UnmatchedActorResolve});
    r.Add({G, "/api/v1/clients/{id}/activity", "get_client_activity", RouteKind::kApi, caseworkers,
           api::GetClientActivity});
    r.Add({G, "/clients/{id}/activity", "client_activity_page", RouteKind::kWeb, caseworkers,
           web::ClientActivityPage});
    // The statement viewer reads every statement of the agency, whoever's client it names, so
    // only admins, who see every client, may use it (supervisors and counselors see their
    // caseload's learning on each client's activity timeline).
    r.Add({G, "/api/v1/lrs/statements", "list_lrs_statements", RouteKind::kApi, admin,
           api::ListLrsStatements});
    r.Add({G, "/api/v1/lrs/statements/{id}", "get_lrs_statement", RouteKind::kApi, admin,
           api::GetLrsStatement});
    r.Add({G, "/lrs/statements", "lrs_statements_page", RouteKind::kWeb, admin,
           web::LrsStatementsPage, "statements.nav"});
    r.Add({G, "/lrs/statements/{id}", "lrs_statement_page", RouteKind::kWeb, admin,
           web::LrsStatementPage});
    // Imports change many clients' facts at once: supervisors and admins.
    r.Add({P, "/api/v1/lrs/activity-imports", "import_activity_report", RouteKind::kApi,
           Roles({Role::kAdmin, Role::kSupervisor}), api::ImportActivityReport});
  }
}

}  // namespace reskill::http
