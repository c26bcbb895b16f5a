#include "app/lrs/query_statements.hpp"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

namespace reskill::app::lrs {

namespace {

using nlohmann::json;

bool IsAgentLike(const json& j) {
  return j.is_object() && (j.contains("mbox") || j.contains("mbox_sha1sum") ||
                           j.contains("openid") || j.contains("account") || j.contains("member"));
}

// format=ids: an Agent or Group reduced to its identifier (an anonymous Group to its members').
json AgentIds(const json& a) {
  json out = json::object();
  if (a.contains("objectType")) out["objectType"] = a["objectType"];
  for (const char* ifi : {"mbox", "mbox_sha1sum", "openid", "account"}) {
    if (a.contains(ifi)) out[ifi] = a[ifi];
  }
  const bool identified = out.size() > (out.contains("objectType") ? 1u : 0u);
  if (!identified && a.contains("member") && a["member"].is_array()) {
    json members = json::array();
    for (const auto& m : a["member"]) members.push_back(AgentIds(m));
    out["member"] = std::move(members);
  }
  return out;
}

json ActivityIds(const json& a) {
  json out = json::object();
  if (a.contains("objectType")) out["objectType"] = a["objectType"];
  if (a.contains("id")) out["id"] = a["id"];
  return out;
}

void StatementIds(json& s) {
  if (s.contains("actor")) s["actor"] = AgentIds(s["actor"]);
  if (s.contains("authority")) s["authority"] = AgentIds(s["authority"]);
  if (s.contains("verb") && s["verb"].is_object()) {
    json v = json::object();
    v["id"] = s["verb"].value("id", "");
    s["verb"] = std::move(v);
  }
  if (s.contains("object") && s["object"].is_object()) {
    json& o = s["object"];
    const std::string type = o.value("objectType", "Activity");
    if (type == "Activity") {
      o = ActivityIds(o);
    } else if (type == "Agent" || type == "Group") {
      o = AgentIds(o);
    } else if (type == "SubStatement") {
      StatementIds(o);
    }
  }
  if (s.contains("context") && s["context"].is_object()) {
    json& c = s["context"];
    for (const char* k : {"instructor", "team"}) {
      if (c.contains(k)) c[k] = AgentIds(c[k]);
    }
    if (c.contains("contextActivities") && c["contextActivities"].is_object()) {
      for (auto& [kind, list] : c["contextActivities"].items()) {
        if (list.is_array()) {
          for (auto& a : list) a = ActivityIds(a);
        } else if (list.is_object()) {
          list = ActivityIds(list);
        }
      }
    }
    for (const char* k : {"contextAgents", "contextGroups"}) {
      if (!c.contains(k) || !c[k].is_array()) continue;
      for (auto& entry : c[k]) {
        for (const char* who : {"agent", "group"}) {
          if (entry.is_object() && entry.contains(who) && IsAgentLike(entry[who])) {
            entry[who] = AgentIds(entry[who]);
          }
        }
      }
    }
  }
}

void PickLanguage(json& map, const std::vector<std::string>& languages) {
  if (!map.is_object() || map.size() <= 1) return;
  std::string chosen;
  for (const auto& lang : languages) {
    if (map.contains(lang)) {
      chosen = lang;
      break;
    }
  }
  if (chosen.empty()) chosen = map.begin().key();
  json out = json::object();
  out[chosen] = map[chosen];
  map = std::move(out);
}

void ActivityCanonical(json& a, const std::vector<std::string>& languages) {
  if (!a.is_object() || !a.contains("definition") || !a["definition"].is_object()) return;
  json& d = a["definition"];
  for (const char* k : {"name", "description"}) {
    if (d.contains(k)) PickLanguage(d[k], languages);
  }
  for (const char* k : {"choices", "scale", "source", "target", "steps"}) {
    if (!d.contains(k) || !d[k].is_array()) continue;
    for (auto& c : d[k]) {
      if (c.is_object() && c.contains("description")) PickLanguage(c["description"], languages);
    }
  }
}

void StatementCanonical(json& s, const std::vector<std::string>& languages) {
  if (s.contains("verb") && s["verb"].is_object() && s["verb"].contains("display")) {
    PickLanguage(s["verb"]["display"], languages);
  }
  if (s.contains("object") && s["object"].is_object()) {
    json& o = s["object"];
    const std::string type = o.value("objectType", "Activity");
    if (type == "Activity") ActivityCanonical(o, languages);
    if (type == "SubStatement") StatementCanonical(o, languages);
  }
  if (s.contains("context") && s["context"].is_object() &&
      s["context"].contains("contextActivities") && s["context"]["contextActivities"].is_object()) {
    for (auto& [kind, list] : s["context"]["contextActivities"].items()) {
      if (list.is_array()) {
        for (auto& a : list) ActivityCanonical(a, languages);
      }
    }
  }
  if (s.contains("attachments") && s["attachments"].is_array()) {
    for (auto& a : s["attachments"]) {
      for (const char* k : {"display", "description"}) {
        if (a.is_object() && a.contains(k)) PickLanguage(a[k], languages);
      }
    }
  }
}

}  // namespace

std::string FormatStatement(const std::string& body, StatementFormat format,
                            const std::vector<std::string>& languages) {
  if (format == StatementFormat::kExact) return body;
  json s = json::parse(body, nullptr, false);
  if (!s.is_object()) return body;
  if (format == StatementFormat::kIds) {
    StatementIds(s);
  } else {
    StatementCanonical(s, languages);
  }
  return s.dump();
}

StatusOr<StoredStatement> QueryStatements::Get(TenantId tenant, const std::string& id, bool voided,
                                               std::int64_t only_lrs_client) const {
  std::optional<StoredStatement> found;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(found, uow.statements().FindById(tenant, id));
    return Status::Ok();
  }));
  if (!found || found->voided != voided ||
      (only_lrs_client != 0 && found->lrs_client_id != only_lrs_client)) {
    return NotFound(voided ? "no voided statement has this id" : "no statement has this id");
  }
  return std::move(*found);
}

StatusOr<StatementPage> QueryStatements::List(TenantId tenant, const StatementQuery& q) const {
  StatementFilter f;
  f.agent = q.agent_ifi.empty() ? "" : "a|" + q.agent_ifi;
  f.related_agents = q.related_agents;
  f.verb = q.verb.empty() ? "" : "v|" + q.verb;
  f.activity = q.activity.empty() ? "" : "o|" + q.activity;
  f.related_activities = q.related_activities;
  f.registration = q.registration.empty() ? "" : "r|" + q.registration;
  f.ascending = q.ascending;
  f.only_lrs_client = q.only_lrs_client;
  // stored is seq >> kStatementSeqShift, so time windows are seq ranges.
  // Milliseconds beyond what seq can hold (2039) or before 1970 are clamped, never shifted out.
  constexpr std::int64_t kMaxMillis =
      (std::numeric_limits<std::int64_t>::max() >> kStatementSeqShift) - 1;
  const auto seq_at = [&](Timestamp t) {  // the first seq stored after the millisecond of t
    const std::int64_t ms = std::clamp<std::int64_t>(ToUnixMillis(t), -1, kMaxMillis);
    return (ms + 1) << kStatementSeqShift;
  };
  if (q.since) f.after_seq = std::max<std::int64_t>(0, seq_at(*q.since) - 1);
  if (q.until) f.before_seq = seq_at(*q.until);
  if (q.cursor) {
    if (q.ascending) {
      f.after_seq = std::max(f.after_seq, *q.cursor);
    } else {
      f.before_seq = std::min(f.before_seq, *q.cursor);
    }
  }
  const int limit = q.limit <= 0 ? kMaxStatementsPerPage : std::min(q.limit, kMaxStatementsPerPage);
  f.limit = limit + 1;
  std::vector<StatementRow> rows;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(rows, uow.statements().List(tenant, f));
    return Status::Ok();
  }));
  StatementPage page;
  if (rows.size() > static_cast<std::size_t>(limit)) {
    rows.resize(static_cast<std::size_t>(limit));
    page.next_cursor = rows.back().seq;
  }
  page.statements.reserve(rows.size());
  for (auto& r : rows) page.statements.push_back(std::move(r.body));
  return page;
}

StatusOr<std::vector<AttachmentContent>> QueryStatements::Attachments(
    TenantId tenant, const std::vector<std::string>& statements) const {
  std::vector<std::string> sha2s;
  for (const auto& body : statements) {
    if (body.find("\"attachments\"") == std::string::npos) continue;
    const json s = json::parse(body, nullptr, false);
    if (!s.is_object() || !s.contains("attachments") || !s["attachments"].is_array()) continue;
    for (const auto& a : s["attachments"]) {
      const std::string sha2 = a.value("sha2", "");
      if (!sha2.empty() && std::find(sha2s.begin(), sha2s.end(), sha2) == sha2s.end()) {
        sha2s.push_back(sha2);
      }
    }
  }
  std::vector<AttachmentContent> out;
  if (sha2s.empty()) return out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(out, uow.statements().FindAttachments(tenant, sha2s));
    return Status::Ok();
  }));
  return out;
}

}  // namespace reskill::app::lrs
