#include "http/xapi/documents_api.hpp"

#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "app/xapi_platform/xapi_documents.hpp"
#include "domain/lrs/statement.hpp"
#include "domain/xapi_platform/encoding.hpp"
#include "http/services.hpp"
#include "http/xapi/xapi_support.hpp"

namespace reskill::http::xapi {

namespace {

using app::DocumentKey;
using app::DocumentKind;
using app::DocumentScope;

// What distinguishes the three resources.
struct ResourceSpec {
  DocumentKind kind;
  bool has_activity;
  bool has_agent;
  bool has_registration;
  const char* id_param;  // "stateId" or "profileId"
  // A PUT over an existing document needs If-Match or If-None-Match (1.0.3 Communication
  // §3.1.s3: profiles only, state is exempt; xAPI 2.0 applies it to every document resource).
  bool headers_required;
};

constexpr ResourceSpec kState{DocumentKind::kState, true, true, true, "stateId", false};
constexpr ResourceSpec kActivityProfile{
    DocumentKind::kActivityProfile, true, false, false, "profileId", true};
constexpr ResourceSpec kAgentProfile{
    DocumentKind::kAgentProfile, false, true, false, "profileId", true};

// The parsed parameters of a request.
struct Params {
  DocumentKey key;
  bool has_id = false;
  bool has_registration = false;
  std::optional<Timestamp> since;
};

std::string HttpDate(Timestamp t) {
  const std::time_t secs = static_cast<std::time_t>(ToUnixMillis(t) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

domain::lrs::SpecVersion SpecFor(XapiVersion v) {
  return v == XapiVersion::k2_0 ? domain::lrs::SpecVersion::k2_0 : domain::lrs::SpecVersion::k1_0;
}

// Parses and checks the query parameters (Communication §3.2.s3.b7: unknown parameters are
// refused, and so are known ones in the wrong case).
StatusOr<Params> ParseParams(const RequestContext& ctx, const ResourceSpec& spec,
                             bool allow_since) {
  std::set<std::string> allowed{spec.id_param};
  if (spec.has_activity) allowed.insert("activityId");
  if (spec.has_agent) allowed.insert("agent");
  if (spec.has_registration) allowed.insert("registration");
  if (allow_since) allowed.insert("since");
  std::set<std::string> seen;
  for (const auto& [name, value] : ctx.request.query) {
    if (allowed.count(name) == 0) {
      return InvalidArgument("unknown parameter \"" + name.substr(0, 64) + "\"",
                             name.substr(0, 64));
    }
    if (!seen.insert(name).second) return InvalidArgument("parameter given twice", name);
  }
  Params p;
  p.key.kind = spec.kind;
  if (spec.has_activity) {
    auto a = ctx.request.Query("activityId");
    if (!a) return InvalidArgument("activityId is required", "activityId");
    if (!domain::lrs::IsIri(*a)) return InvalidArgument("activityId is not an IRI", "activityId");
    p.key.activity_id = std::string(*a);
  }
  if (spec.has_agent) {
    auto a = ctx.request.Query("agent");
    if (!a) return InvalidArgument("agent is required", "agent");
    auto j = nlohmann::json::parse(*a, nullptr, false);
    if (j.is_object() && j.value("objectType", "") == "Group") {
      return InvalidArgument("agent must be an Agent, not a Group", "agent");
    }
    auto ifi = domain::lrs::ParseAgentIfi(*a, SpecFor(Version(ctx)), "agent");
    if (!ifi.ok()) return ifi.status();
    p.key.agent = *ifi;
  }
  if (spec.has_registration) {
    if (auto r = ctx.request.Query("registration")) {
      if (!domain::lrs::IsUuid(*r)) {
        return InvalidArgument("registration is not a UUID", "registration");
      }
      p.key.registration = domain::lrs::NormalizeUuid(*r);
      p.has_registration = true;
    }
  }
  if (auto id = ctx.request.Query(spec.id_param)) {
    p.key.document_id = std::string(*id);
    p.has_id = true;
  }
  if (auto since = ctx.request.Query("since")) {
    if (p.has_id) return InvalidArgument("since applies only to lists of ids", "since");
    p.since = domain::lrs::ParseXapiTimestamp(*since);
    if (!p.since) return InvalidArgument("since is not an ISO 8601 timestamp", "since");
  }
  return p;
}

app::DocumentPreconditions PreconditionsOf(const Request& request) {
  app::DocumentPreconditions pre;
  if (auto h = request.Header("if-match")) pre.if_match = std::string(*h);
  if (auto h = request.Header("if-none-match")) pre.if_none_match = std::string(*h);
  return pre;
}

DocumentScope ScopeOf(const Params& p) {
  DocumentScope s;
  s.kind = p.key.kind;
  s.activity_id = p.key.activity_id;
  s.agent = p.key.agent;
  if (p.has_registration) s.registration = p.key.registration;
  return s;
}

Response FailFor(const RequestContext& ctx, const Status& st) {
  switch (st.code()) {
    case ErrorCode::kFailedPrecondition: return XapiError(ctx, st, 412);
    case ErrorCode::kConflict: return XapiError(ctx, st, 409);
    default: return XapiError(ctx, st);
  }
}

Response Get(RequestContext& ctx, const ResourceSpec& spec) {
  auto p = ParseParams(ctx, spec, true);
  if (!p.ok()) return XapiError(ctx, p.status());
  const TenantId tenant = Caller(ctx).tenant;
  app::XapiDocuments docs(ctx.services.app);
  if (p->has_id) {
    auto doc = docs.Get(tenant, p->key);
    if (!doc.ok()) return FailFor(ctx, doc.status());
    if (!*doc) return XapiError(ctx, 404, "no such document", spec.id_param);
    Response r;
    r.status = 200;
    r.content_type = (*doc)->content_type;
    r.body = (*doc)->content;
    r.SetHeader("ETag", "\"" + (*doc)->etag + "\"");
    r.SetHeader("Last-Modified", HttpDate((*doc)->updated_at));
    return r;
  }
  auto ids = docs.ListIds(tenant, ScopeOf(*p), p->since);
  if (!ids.ok()) return FailFor(ctx, ids.status());
  Response r;
  r.status = 200;
  r.body = nlohmann::json(*ids).dump();
  r.SetHeader("ETag", "\"" + domain::xapi_platform::Sha1Hex(r.body) + "\"");
  return r;
}

Response Write(RequestContext& ctx, const ResourceSpec& spec, app::DocumentWriteMode mode) {
  auto p = ParseParams(ctx, spec, false);
  if (!p.ok()) return XapiError(ctx, p.status());
  if (!p->has_id) {
    return XapiError(ctx, 400, std::string(spec.id_param) + " is required", spec.id_param);
  }
  const std::string content_type(ctx.request.Header("content-type").value_or(""));
  auto doc = app::XapiDocuments(ctx.services.app)
                 .Write(Caller(ctx).tenant, p->key, ctx.request.body, content_type, mode,
                        PreconditionsOf(ctx.request),
                        spec.headers_required || Version(ctx) == XapiVersion::k2_0);
  if (!doc.ok()) return FailFor(ctx, doc.status());
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.SetHeader("ETag", "\"" + doc->etag + "\"");
  return r;
}

Response Delete(RequestContext& ctx, const ResourceSpec& spec) {
  auto p = ParseParams(ctx, spec, false);
  if (!p.ok()) return XapiError(ctx, p.status());
  app::XapiDocuments docs(ctx.services.app);
  Status st;
  if (p->has_id) {
    st = docs.Delete(Caller(ctx).tenant, p->key, PreconditionsOf(ctx.request));
  } else if (spec.kind == DocumentKind::kState) {
    st = docs.DeleteAll(Caller(ctx).tenant, ScopeOf(*p));
  } else {
    return XapiError(ctx, 400, std::string(spec.id_param) + " is required", spec.id_param);
  }
  if (!st.ok()) return FailFor(ctx, st);
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

Response StateGet(RequestContext& ctx) {
  return Get(ctx, kState);
}
Response StatePut(RequestContext& ctx) {
  return Write(ctx, kState, app::DocumentWriteMode::kPut);
}
Response StatePost(RequestContext& ctx) {
  return Write(ctx, kState, app::DocumentWriteMode::kPost);
}
Response StateDelete(RequestContext& ctx) {
  return Delete(ctx, kState);
}
Response ActivityProfileGet(RequestContext& ctx) {
  return Get(ctx, kActivityProfile);
}
Response ActivityProfilePut(RequestContext& ctx) {
  return Write(ctx, kActivityProfile, app::DocumentWriteMode::kPut);
}
Response ActivityProfilePost(RequestContext& ctx) {
  return Write(ctx, kActivityProfile, app::DocumentWriteMode::kPost);
}
Response ActivityProfileDelete(RequestContext& ctx) {
  return Delete(ctx, kActivityProfile);
}
Response AgentProfileGet(RequestContext& ctx) {
  return Get(ctx, kAgentProfile);
}
Response AgentProfilePut(RequestContext& ctx) {
  return Write(ctx, kAgentProfile, app::DocumentWriteMode::kPut);
}
Response AgentProfilePost(RequestContext& ctx) {
  return Write(ctx, kAgentProfile, app::DocumentWriteMode::kPost);
}
Response AgentProfileDelete(RequestContext& ctx) {
  return Delete(ctx, kAgentProfile);
}

}  // namespace reskill::http::xapi
