#include "http/api/lrs_statements_api.hpp"

#include <algorithm>
#include <charconv>

#include "common/strings.hpp"
#include "domain/lrs/statement.hpp"
#include "http/json.hpp"
#include "http/services.hpp"

namespace reskill::http::api {

namespace {

std::string QueryText(const Request& request, std::string_view name) {
  return std::string(Trim(request.Query(name).value_or("")));
}

// An ISO 8601 time; a datetime-local value ("2026-11-23T09:30" or with seconds) is UTC.
StatusOr<std::optional<Timestamp>> TimeParam(const Request& request, const char* name) {
  const std::string text = QueryText(request, name);
  if (text.empty()) return std::optional<Timestamp>();
  for (const std::string& candidate : {text, text + "Z", text + ":00Z"}) {
    if (auto t = domain::lrs::ParseXapiTimestamp(candidate)) return std::optional<Timestamp>(*t);
  }
  return InvalidArgument(std::string(name) + " is not a date and time (ISO 8601)", name);
}

StatusOr<std::int64_t> NumberParam(const std::string& text, const char* name) {
  std::int64_t value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return InvalidArgument(std::string(name) + " is not a number this server gave", name);
  }
  return value;
}

Json ItemJson(const app::lrs::ViewedStatement& s) {
  return {{"id", s.id},
          {"stored", FormatIso8601(s.stored)},
          {"voided", s.voided},
          {"client_id", s.client ? Json(IdString(s.client->value())) : Json(nullptr)},
          {"participant_id", s.client ? Json(s.participant_id) : Json(nullptr)},
          {"statement", Json::parse(s.body, nullptr, false)}};
}

}  // namespace

StatusOr<app::lrs::StatementViewerQuery> StatementViewerQueryFrom(const Request& request) {
  app::lrs::StatementViewerQuery q;
  q.agent = QueryText(request, "agent");
  q.verb = QueryText(request, "verb");
  q.activity = QueryText(request, "activity");
  q.registration = QueryText(request, "registration");
  RESKILL_ASSIGN_OR_RETURN(q.since, TimeParam(request, "since"));
  RESKILL_ASSIGN_OR_RETURN(q.until, TimeParam(request, "until"));
  const std::string voided = QueryText(request, "voided");
  q.include_voided = voided == "1" || voided == "true" || voided == "on";
  if (const std::string cursor = QueryText(request, "cursor"); !cursor.empty()) {
    RESKILL_ASSIGN_OR_RETURN(q.cursor, NumberParam(cursor, "cursor"));
  }
  if (const std::string limit = QueryText(request, "limit"); !limit.empty()) {
    RESKILL_ASSIGN_OR_RETURN(const std::int64_t n, NumberParam(limit, "limit"));
    q.limit = static_cast<int>(std::min<std::int64_t>(n, 1'000'000));
  }
  return q;
}

Response ListLrsStatements(RequestContext& ctx) {
  auto query = StatementViewerQueryFrom(ctx.request);
  if (!query.ok()) return ErrorResponse(ctx, query.status());
  auto page = app::lrs::BrowseStatements(ctx.services.app).Run(ctx.principal, *query, ctx.info);
  if (!page.ok()) return ErrorResponse(ctx, page.status());
  Json items = Json::array();
  for (const auto& s : page->statements) items.push_back(ItemJson(s));
  Json choices = Json::array();
  for (const auto& c : page->agent_choices) {
    choices.push_back(
        {{"ifi", c.ifi},
         {"name", c.name},
         {"participant_id", c.participant_id.empty() ? Json(nullptr) : Json(c.participant_id)}});
  }
  return JsonResponse(
      200, {{"items", std::move(items)},
            {"next_cursor",
             page->next_cursor ? Json(std::to_string(*page->next_cursor)) : Json(nullptr)},
            {"agent_ifi", page->agent_ifi.empty() ? Json(nullptr) : Json(page->agent_ifi)},
            {"agent_choices", std::move(choices)}});
}

Response GetLrsStatement(RequestContext& ctx) {
  auto found =
      app::lrs::ViewStatement(ctx.services.app).Run(ctx.principal, ctx.Param("id"), ctx.info);
  if (!found.ok()) return ErrorResponse(ctx, found.status());
  return JsonResponse(200, ItemJson(*found));
}

}  // namespace reskill::http::api
