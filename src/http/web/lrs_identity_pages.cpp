#include "http/web/lrs_identity_pages.hpp"

#include <nlohmann/json.hpp>

#include "app/lrs/activity_import.hpp"
#include "app/lrs/identity.hpp"
#include "common/strings.hpp"
#include "http/error_mapping.hpp"
#include "http/json.hpp"
#include "http/web/pages.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

using Json = nlohmann::json;

Response ListPage(RequestContext& ctx, int status, std::int64_t failed_actor,
                  const std::string& entered, const std::string& error, const Json& resolved) {
  std::int64_t after = 0;
  if (auto text = ctx.request.Query("after"); text && !text->empty()) {
    auto id = ParseIdParam(*text, "after");
    if (id.ok()) after = *id;
  }
  auto page =
      app::lrs::ListUnmatchedActors(ctx.services.app).Run(ctx.principal, after, 50, ctx.info);
  if (!page.ok()) return Fail(ctx, page.status());
  Json rows = Json::array();
  for (const auto& a : page->items) {
    const bool failed = a.id == failed_actor;
    rows.push_back({{"id", IdString(a.id)},
                    {"ifi", a.ifi},
                    {"name", a.name},
                    {"first_seen_at", FormatIso8601(a.first_seen_at)},
                    {"value", failed ? entered : ""},
                    {"error", failed && !error.empty() ? Json(error) : Json()}});
  }
  Json model = {{"actors", std::move(rows)},
                {"empty", page->items.empty()},
                {"total", page->total},
                {"resolved", resolved},
                {"next", page->next_after > 0 ? Json(IdString(page->next_after)) : Json()}};
  return RenderPage(ctx, "lrs_unmatched", model, "activity.unmatched_title", status);
}

}  // namespace

Response UnmatchedActorsPage(RequestContext& ctx) {
  return ListPage(ctx, 200, 0, "", "", Json());
}

Response UnmatchedActorResolve(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "actor");
  if (!id.ok()) return Fail(ctx, id.status());
  const std::string number(Trim(ctx.Form("client")));
  auto client = app::lrs::ResolveActor(ctx.services.app).Run(ctx.principal, *id, number, ctx.info);
  if (!client.ok()) {
    return ListPage(ctx, HttpStatusFor(client.status().code()), *id, number,
                    ErrorMessage(ctx.services.templates, ctx.locale, client.status()), Json());
  }
  return ListPage(ctx, 200, 0, "", "",
                  Json{{"client_id", IdString(client->id.value())},
                       {"participant_id", client->participant_id}});
}

Response ClientActivityPage(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "client");
  if (!id.ok()) return Fail(ctx, id.status());
  auto days = app::lrs::ClientActivityTimeline(ctx.services.app)
                  .Run(ctx.principal, ClientId(*id), ctx.info);
  if (!days.ok()) return Fail(ctx, days.status());
  Json rows = Json::array();
  for (const auto& d : *days) {
    const std::int64_t minutes = (d.seconds + 30) / 60;
    rows.push_back({{"day", d.day},
                    {"provider", d.provider_name},
                    {"source", d.source},
                    {"time", std::to_string(minutes / 60) + " h " + (minutes % 60 < 10 ? "0" : "") +
                                 std::to_string(minutes % 60) + " min"},
                    {"started", d.started},
                    {"progressed", d.progressed},
                    {"completed", d.completed},
                    {"last_activity_at", FormatIso8601(d.last_activity_at)}});
  }
  Json model = {{"client_id", IdString(*id)}, {"days", std::move(rows)}, {"empty", days->empty()}};
  return RenderPage(ctx, "client_activity", model, "activity.timeline_title", 200);
}

}  // namespace reskill::http::web
