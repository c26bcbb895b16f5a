#include "http/api/lrs_identity_api.hpp"

#include <charconv>

#include "app/lrs/activity_import.hpp"
#include "app/lrs/identity.hpp"
#include "http/json.hpp"
#include "http/services.hpp"

namespace reskill::http::api {

namespace {

StatusOr<int> LimitQuery(const Request& request, int fallback) {
  auto text = request.Query("limit");
  if (!text || text->empty()) return fallback;
  int value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return InvalidArgument("limit is a number", "limit");
  }
  return value;
}

}  // namespace

Response ListUnmatchedActors(RequestContext& ctx) {
  std::int64_t after = 0;
  if (auto text = ctx.request.Query("after"); text && !text->empty()) {
    auto id = ParseIdParam(*text, "after");
    if (!id.ok()) return ErrorResponse(ctx, InvalidArgument("after is an actor id", "after"));
    after = *id;
  }
  auto limit = LimitQuery(ctx.request, 100);
  if (!limit.ok()) return ErrorResponse(ctx, limit.status());
  auto page =
      app::lrs::ListUnmatchedActors(ctx.services.app).Run(ctx.principal, after, *limit, ctx.info);
  if (!page.ok()) return ErrorResponse(ctx, page.status());
  Json items = Json::array();
  for (const auto& a : page->items) {
    items.push_back({{"id", IdString(a.id)},
                     {"ifi", a.ifi},
                     {"name", a.name},
                     {"first_seen_at", FormatIso8601(a.first_seen_at)}});
  }
  return JsonResponse(200, {{"items", std::move(items)},
                            {"total", page->total},
                            {"next_after", page->next_after > 0 ? Json(IdString(page->next_after))
                                                                : Json(nullptr)}});
}

Response ResolveUnmatchedActor(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "actor");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"client"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto number = RequiredString(*body, "client");
  if (!number.ok()) return ErrorResponse(ctx, number.status());
  auto client = app::lrs::ResolveActor(ctx.services.app).Run(ctx.principal, *id, *number, ctx.info);
  if (!client.ok()) return ErrorResponse(ctx, client.status());
  return JsonResponse(200, {{"actor_id", IdString(*id)},
                            {"client_id", IdString(client->id.value())},
                            {"participant_id", client->participant_id}});
}

Response ImportActivityReport(RequestContext& ctx) {
  const auto type = ctx.request.Header("content-type").value_or("");
  if (!type.starts_with("text/csv")) {
    return ErrorResponse(ctx, InvalidArgument("send the file as text/csv", "Content-Type"));
  }
  const auto query = [&](const char* name) {
    return std::string(ctx.request.Query(name).value_or(""));
  };
  app::lrs::ActivityImportInput input;
  input.provider = query("provider");
  input.catalog_provider = query("catalog_provider");
  input.from = query("from");
  input.to = query("to");
  input.csv = ctx.request.body;
  auto r = app::lrs::ImportActivityReport(ctx.services.app).Run(ctx.principal, input, ctx.info);
  if (!r.ok()) return ErrorResponse(ctx, r.status());
  const auto notes = [](const std::vector<app::lrs::ActivityRowNote>& list) {
    Json out = Json::array();
    for (const auto& n : list) out.push_back({{"line", n.line}, {"reason", n.reason}});
    return out;
  };
  Json errors = Json::array();
  for (const auto& e : r->errors) {
    errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return JsonResponse(r->errors.empty() ? 200 : 400, {{"rows", r->rows},
                                                      {"matched", r->matched},
                                                      {"counted", r->counted},
                                                      {"unmatched", notes(r->unmatched)},
                                                      {"skipped", notes(r->skipped)},
                                                      {"errors", std::move(errors)}});
}

Response GetClientActivity(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "client");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto days = app::lrs::ClientActivityTimeline(ctx.services.app)
                  .Run(ctx.principal, ClientId(*id), ctx.info);
  if (!days.ok()) return ErrorResponse(ctx, days.status());
  Json items = Json::array();
  for (const auto& d : *days) {
    items.push_back({{"day", d.day},
                     {"provider_id", d.provider_id > 0 ? Json(IdString(d.provider_id)) : Json()},
                     {"provider", d.provider_name},
                     {"source", d.source},
                     {"seconds", d.seconds},
                     {"started", d.started},
                     {"progressed", d.progressed},
                     {"completed", d.completed},
                     {"passed", d.passed},
                     {"last_activity_at", FormatIso8601(d.last_activity_at)}});
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

}  // namespace reskill::http::api
