#include "http/xapi/activities_api.hpp"

#include <nlohmann/json.hpp>

#include "app/lrs/query_statements.hpp"
#include "domain/lrs/statement.hpp"
#include "domain/xapi_platform/encoding.hpp"
#include "http/services.hpp"
#include "http/xapi/xapi_support.hpp"

namespace reskill::http::xapi {

namespace {

using Json = nlohmann::json;

// Communication §3.2.s3.b7: only the named parameter is accepted.
std::optional<Response> OnlyParameter(const RequestContext& ctx, std::string_view name) {
  for (const auto& [key, value] : ctx.request.query) {
    if (key != name) {
      return XapiError(ctx, 400, "unknown parameter \"" + key.substr(0, 64) + "\"",
                       key.substr(0, 64));
    }
  }
  if (ctx.request.query.count(std::string(name)) > 1) {
    return XapiError(ctx, 400, "parameter given twice", name);
  }
  if (!ctx.request.Query(name)) {
    return XapiError(ctx, 400, std::string(name) + " is required", name);
  }
  return std::nullopt;
}

Response JsonWithEtag(const Json& body) {
  Response r;
  r.status = 200;
  r.body = body.dump();
  r.SetHeader("ETag", "\"" + domain::xapi_platform::Sha1Hex(r.body) + "\"");
  return r;
}

}  // namespace

Response GetActivity(RequestContext& ctx) {
  if (auto bad = OnlyParameter(ctx, "activityId")) return *bad;
  const XapiCaller& caller = Caller(ctx);
  const std::string id(*ctx.request.Query("activityId"));
  if (!domain::lrs::IsIri(id)) return XapiError(ctx, 400, "activityId is not an IRI", "activityId");
  auto stored = app::lrs::QueryStatements(ctx.services.app).ActivityDefinition(caller.tenant, id);
  if (!stored.ok()) return XapiError(ctx, stored.status());
  Json activity = {{"objectType", "Activity"}, {"id", id}};
  // §2.5: the LRS's canonical definition, merged from every statement that carried one (the
  // same one format=canonical returns); an activity without one carries its id only.
  if (*stored) {
    Json definition = Json::parse(**stored, nullptr, false);
    if (definition.is_object() && !definition.empty()) activity["definition"] = definition;
  }
  return JsonWithEtag(activity);
}

Response GetAgent(RequestContext& ctx) {
  if (auto bad = OnlyParameter(ctx, "agent")) return *bad;
  (void)Caller(ctx);
  const std::string text(*ctx.request.Query("agent"));
  const auto spec = Version(ctx) == XapiVersion::k2_0 ? domain::lrs::SpecVersion::k2_0
                                                      : domain::lrs::SpecVersion::k1_0;
  auto ifi = domain::lrs::ParseAgentIfi(text, spec, "agent");
  if (!ifi.ok()) return XapiError(ctx, ifi.status());
  const Json agent = Json::parse(text, nullptr, false);
  if (!agent.is_object() || agent.value("objectType", "Agent") != "Agent") {
    return XapiError(ctx, 400, "agent must be an Agent, not a Group", "agent");
  }
  // §2.4.s3.b3: with nothing more known, the Person holds what the request said.
  Json person = {{"objectType", "Person"}};
  for (const char* key : {"name", "mbox", "mbox_sha1sum", "openid", "account"}) {
    if (agent.contains(key)) person[key] = Json::array({agent[key]});
  }
  return JsonWithEtag(person);
}

}  // namespace reskill::http::xapi
