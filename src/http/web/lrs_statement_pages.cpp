#include "http/web/lrs_statement_pages.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/lrs/identity.hpp"
#include "app/lrs/query_statements.hpp"
#include "app/lrs/statement_viewer.hpp"
#include "http/api/lrs_statements_api.hpp"
#include "http/error_mapping.hpp"
#include "http/json.hpp"
#include "http/services.hpp"
#include "http/web/pages.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

using Json = nlohmann::json;

constexpr int kPageSize = 50;

// One language of a language map: the page's, else English, else any (as format=canonical).
std::string InLanguage(const RequestContext& ctx, const Json& map) {
  if (!map.is_object() || map.empty()) return {};
  std::vector<std::string> tags;
  for (auto it = map.begin(); it != map.end(); ++it) tags.push_back(it.key());
  const std::string tag =
      app::lrs::PreferredLanguage(tags, {{ctx.locale, 1.0}, {"en", 0.5}, {"*", 0.1}});
  return map[tag].is_string() ? map[tag].get<std::string>() : std::string();
}

std::string LastSegment(const std::string& iri) {
  const auto cut = iri.find_last_of("/#:");
  return cut == std::string::npos || cut + 1 >= iri.size() ? iri : iri.substr(cut + 1);
}

// An Agent or Group as the statement names it: its name and its identifier.
std::string AgentText(const Json& a) {
  if (!a.is_object()) return {};
  std::string id;
  if (a.contains("mbox") && a["mbox"].is_string()) {
    id = a["mbox"].get<std::string>();
    if (id.rfind("mailto:", 0) == 0) id = id.substr(7);
  } else if (a.contains("account") && a["account"].is_object()) {
    id = a["account"].value("name", "") + " @ " + a["account"].value("homePage", "");
  } else if (a.contains("openid") && a["openid"].is_string()) {
    id = a["openid"].get<std::string>();
  } else if (a.contains("mbox_sha1sum") && a["mbox_sha1sum"].is_string()) {
    id = "sha1 " + a["mbox_sha1sum"].get<std::string>().substr(0, 12) + "…";
  } else if (a.contains("member") && a["member"].is_array()) {
    id = "group of " + std::to_string(a["member"].size());
  }
  const std::string name = a.value("name", "");
  if (name.empty()) return id;
  return id.empty() ? name : name + " (" + id + ")";
}

std::string ObjectText(const RequestContext& ctx, const Json& o) {
  if (!o.is_object()) return {};
  const std::string type = o.value("objectType", "Activity");
  if (type == "Activity") {
    std::string name;
    if (o.contains("definition") && o["definition"].is_object() &&
        o["definition"].contains("name")) {
      name = InLanguage(ctx, o["definition"]["name"]);
    }
    const std::string id = o.value("id", "");
    return name.empty() ? id : name + " (" + id + ")";
  }
  if (type == "StatementRef") return Msg(ctx, "statements.statement_ref") + " " + o.value("id", "");
  if (type == "SubStatement") {
    std::string verb;
    if (o.contains("verb") && o["verb"].is_object()) verb = LastSegment(o["verb"].value("id", ""));
    return Msg(ctx, "statements.sub_statement") + ": " + verb;
  }
  return AgentText(o);
}

std::string VerbText(const RequestContext& ctx, const Json& v) {
  if (!v.is_object()) return {};
  std::string shown;
  if (v.contains("display")) shown = InLanguage(ctx, v["display"]);
  return shown.empty() ? LastSegment(v.value("id", "")) : shown;
}

std::string ResultText(const RequestContext& ctx, const Json& s) {
  if (!s.contains("result") || !s["result"].is_object()) return {};
  const Json& r = s["result"];
  std::vector<std::string> parts;
  if (r.contains("score") && r["score"].is_object()) {
    const Json& sc = r["score"];
    char buf[64];
    if (sc.contains("scaled") && sc["scaled"].is_number()) {
      std::snprintf(buf, sizeof buf, "%.0f %%", std::round(sc["scaled"].get<double>() * 100));
      parts.push_back(Msg(ctx, "statements.score") + " " + buf);
    } else if (sc.contains("raw") && sc["raw"].is_number()) {
      std::snprintf(buf, sizeof buf, "%g", sc["raw"].get<double>());
      std::string text = buf;
      if (sc.contains("max") && sc["max"].is_number()) {
        std::snprintf(buf, sizeof buf, "%g", sc["max"].get<double>());
        text += std::string(" / ") + buf;
      }
      parts.push_back(Msg(ctx, "statements.score") + " " + text);
    }
  }
  if (r.contains("completion") && r["completion"].is_boolean()) {
    parts.push_back(Msg(
        ctx, r["completion"].get<bool>() ? "statements.completed" : "statements.not_completed"));
  }
  if (r.contains("success") && r["success"].is_boolean()) {
    parts.push_back(Msg(ctx, r["success"].get<bool>() ? "statements.passed" : "statements.failed"));
  }
  if (r.contains("duration") && r["duration"].is_string()) {
    parts.push_back(Msg(ctx, "statements.duration") + " " + r["duration"].get<std::string>());
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

// The list URL with the filters of `q` (and a cursor when given).
std::string ListUrl(const app::lrs::StatementViewerQuery& q, const std::string& since,
                    const std::string& until, std::optional<std::int64_t> cursor,
                    std::optional<std::string> agent = std::nullopt) {
  std::string url = "/lrs/statements?";
  const auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) url += std::string(name) + "=" + PercentEncode(value) + "&";
  };
  add("agent", agent ? *agent : q.agent);
  add("verb", q.verb);
  add("activity", q.activity);
  add("registration", q.registration);
  add("since", since);
  add("until", until);
  if (q.include_voided) url += "voided=1&";
  if (cursor) url += "cursor=" + std::to_string(*cursor) + "&";
  url.pop_back();
  return url;
}

}  // namespace

Response LrsStatementsPage(RequestContext& ctx) {
  const auto text = [&](const char* name) {
    return std::string(ctx.request.Query(name).value_or(""));
  };
  Json form = {{"agent", text("agent")},
               {"verb", text("verb")},
               {"activity", text("activity")},
               {"registration", text("registration")},
               {"since", text("since")},
               {"until", text("until")},
               {"voided", !text("voided").empty() && text("voided") != "0"}};
  Json model = {{"form", form}, {"rows", Json::array()}, {"empty", true}};
  auto query = api::StatementViewerQueryFrom(ctx.request);
  if (query.ok()) query->limit = kPageSize;
  StatusOr<app::lrs::StatementViewerPage> page =
      query.ok() ? app::lrs::BrowseStatements(ctx.services.app).Run(ctx.principal, *query, ctx.info)
                 : StatusOr<app::lrs::StatementViewerPage>(query.status());
  if (!page.ok()) {
    if (page.status().code() != ErrorCode::kInvalidArgument) return Fail(ctx, page.status());
    // A filter that does not parse: the form again, with what was typed and why.
    model["error"] = ErrorMessage(ctx.services.templates, ctx.locale, page.status());
    return RenderPage(ctx, "lrs_statements", model, "statements.title", 400);
  }
  Json rows = Json::array();
  for (const auto& s : page->statements) {
    const Json body = Json::parse(s.body, nullptr, false);
    rows.push_back({{"id", s.id},
                    {"stored", FormatIso8601(s.stored)},
                    {"voided", s.voided},
                    {"actor", AgentText(body.value("actor", Json()))},
                    {"participant_id", s.participant_id},
                    {"client_id", s.client ? Json(IdString(s.client->value())) : Json()},
                    {"verb", VerbText(ctx, body.value("verb", Json()))},
                    {"verb_id", body.contains("verb") ? body["verb"].value("id", "") : ""},
                    {"object", ObjectText(ctx, body.value("object", Json()))},
                    {"result", ResultText(ctx, body)}});
  }
  Json choices = Json::array();
  for (const auto& c : page->agent_choices) {
    // The identifier as the filter takes it: an xAPI Agent, exact.
    Json agent = Json::object();
    if (auto id = app::lrs::ParseIfi(c.ifi)) {
      if (!id->mbox.empty()) agent["mbox"] = id->mbox;
      if (!id->mbox_sha1sum.empty()) agent["mbox_sha1sum"] = id->mbox_sha1sum;
      if (!id->openid.empty()) agent["openid"] = id->openid;
      if (!id->account_home_page.empty() || !id->account_name.empty()) {
        agent["account"] = {{"homePage", id->account_home_page}, {"name", id->account_name}};
      }
    }
    choices.push_back(
        {{"ifi", c.ifi},
         {"name", c.name},
         {"participant_id", c.participant_id},
         {"href", ListUrl(*query, text("since"), text("until"), std::nullopt, agent.dump())}});
  }
  const bool agent_given = !query->agent.empty();
  model["rows"] = std::move(rows);
  model["empty"] = page->statements.empty();
  model["choices"] = choices;
  model["has_choices"] = !page->agent_choices.empty();
  model["agent_unknown"] = agent_given && page->agent_choices.empty() && page->agent_ifi.empty();
  model["agent_ifi"] = page->agent_ifi;
  if (page->next_cursor) {
    model["next"] = ListUrl(*query, text("since"), text("until"), page->next_cursor);
  }
  if (query->cursor) model["first"] = ListUrl(*query, text("since"), text("until"), std::nullopt);
  return RenderPage(ctx, "lrs_statements", model, "statements.title", 200);
}

Response LrsStatementPage(RequestContext& ctx) {
  auto found =
      app::lrs::ViewStatement(ctx.services.app).Run(ctx.principal, ctx.Param("id"), ctx.info);
  if (!found.ok()) return Fail(ctx, found.status());
  const Json body = Json::parse(found->body, nullptr, false);
  Json model = {{"id", found->id},
                {"stored", FormatIso8601(found->stored)},
                {"voided", found->voided},
                {"actor", AgentText(body.value("actor", Json()))},
                {"participant_id", found->participant_id},
                {"client_id", found->client ? Json(IdString(found->client->value())) : Json()},
                {"verb", VerbText(ctx, body.value("verb", Json()))},
                {"object", ObjectText(ctx, body.value("object", Json()))},
                {"result", ResultText(ctx, body)},
                {"json", body.dump(2)}};
  return RenderPage(ctx, "lrs_statement", model, "statements.detail_title", 200);
}

}  // namespace reskill::http::web
