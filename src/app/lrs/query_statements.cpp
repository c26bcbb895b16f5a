#include "app/lrs/query_statements.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>

#include <nlohmann/json.hpp>

#include "app/lrs/statement_writer.hpp"

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

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

void PickLanguage(json& map, const std::vector<LanguageRange>& languages) {
  if (!map.is_object() || map.size() <= 1) return;
  std::vector<std::string> tags;
  tags.reserve(map.size());
  for (auto it = map.begin(); it != map.end(); ++it) tags.push_back(it.key());
  const std::string chosen = PreferredLanguage(tags, languages);
  json out = json::object();
  out[chosen] = map[chosen];
  map = std::move(out);
}

void ReduceDefinition(json& d, const std::vector<LanguageRange>& languages) {
  if (!d.is_object()) return;
  for (const char* k : {"name", "description"}) {
    if (d.contains(k)) PickLanguage(d[k], languages);
  }
  // Interaction components carry language maps too (Data 2.4.4.1.1).
  for (const char* k : {"choices", "scale", "source", "target", "steps"}) {
    if (!d.contains(k) || !d[k].is_array()) continue;
    for (auto& c : d[k]) {
      if (c.is_object() && c.contains("description")) PickLanguage(c["description"], languages);
    }
  }
}

void ActivityCanonical(json& a, const std::vector<LanguageRange>& languages,
                       const ActivityDefinitions& definitions) {
  if (!a.is_object()) return;
  if (auto known = definitions.find(a.value("id", "")); known != definitions.end()) {
    // Communication §2.1.3 format=canonical: the definition as determined by the LRS.
    json canonical = json::parse(known->second, nullptr, false);
    if (canonical.is_object() && !canonical.empty()) {
      a["definition"] = std::move(canonical);
    } else if (canonical.is_object()) {
      a.erase("definition");
    }
  }
  if (a.contains("definition")) ReduceDefinition(a["definition"], languages);
}

template <typename Fn>
void ForEachActivity(json& s, const Fn& fn) {
  if (s.contains("object") && s["object"].is_object()) {
    json& o = s["object"];
    const std::string type = o.value("objectType", "Activity");
    if (type == "Activity") fn(o);
    if (type == "SubStatement") ForEachActivity(o, fn);
  }
  if (s.contains("context") && s["context"].is_object() &&
      s["context"].contains("contextActivities") && s["context"]["contextActivities"].is_object()) {
    for (auto& [kind, list] : s["context"]["contextActivities"].items()) {
      if (list.is_array()) {
        for (auto& a : list) fn(a);
      } else if (list.is_object()) {
        fn(list);  // 0.95-style single object, as stored by older senders
      }
    }
  }
}

void StatementCanonical(json& s, const std::vector<LanguageRange>& languages,
                        const ActivityDefinitions& definitions) {
  // The LRS keeps no canonical Verb display: the statement's own, reduced to one language.
  if (s.contains("verb") && s["verb"].is_object() && s["verb"].contains("display")) {
    PickLanguage(s["verb"]["display"], languages);
  }
  if (s.contains("object") && s["object"].is_object() &&
      s["object"].value("objectType", "") == "SubStatement") {
    json& sub = s["object"];
    if (sub.contains("verb") && sub["verb"].is_object() && sub["verb"].contains("display")) {
      PickLanguage(sub["verb"]["display"], languages);
    }
  }
  ForEachActivity(s, [&](json& a) { ActivityCanonical(a, languages, definitions); });
  if (s.contains("attachments") && s["attachments"].is_array()) {
    for (auto& a : s["attachments"]) {
      for (const char* k : {"display", "description"}) {
        if (a.is_object() && a.contains(k)) PickLanguage(a[k], languages);
      }
    }
  }
}

}  // namespace

std::vector<LanguageRange> ParseAcceptLanguage(std::string_view header) {
  std::vector<LanguageRange> out;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const auto semi = part.find(';');
    LanguageRange r;
    r.range = Lower(TrimView(part.substr(0, semi)));
    if (r.range.empty()) continue;
    for (std::string_view params = semi == std::string_view::npos ? "" : part.substr(semi + 1);
         !params.empty();) {
      const auto next = params.find(';');
      std::string_view p = TrimView(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
        const std::string value(p.substr(2));
        char* end = nullptr;
        const double q = std::strtod(value.c_str(), &end);
        if (end != value.c_str() && *end == '\0' && q >= 0 && q <= 1) r.quality = q;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string PreferredLanguage(const std::vector<std::string>& tags,
                              const std::vector<LanguageRange>& ranges) {
  if (tags.empty()) return {};
  std::size_t best = tags.size();
  double best_quality = 0;
  std::size_t best_position = ranges.size();
  for (std::size_t t = 0; t < tags.size(); ++t) {
    const std::string tag = Lower(tags[t]);
    // RFC 2616 §14.4: the longest range that equals the tag or is a prefix of it ending before
    // a '-' decides its quality; '*' applies to tags no other range matches.
    std::optional<std::size_t> match;
    std::optional<std::size_t> star;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const std::string& r = ranges[i].range;
      if (r == "*") {
        if (!star) star = i;
        continue;
      }
      const bool matches =
          tag == r || (tag.size() > r.size() && tag.starts_with(r) && tag[r.size()] == '-');
      if (matches && (!match || r.size() > ranges[*match].range.size())) match = i;
    }
    if (!match) match = star;
    if (!match) continue;
    const double q = ranges[*match].quality;
    if (q > best_quality || (q == best_quality && q > 0 && *match < best_position)) {
      best = t;
      best_quality = q;
      best_position = *match;
    }
  }
  return best < tags.size() ? tags[best] : tags.front();
}

std::string FormatStatement(const std::string& body, StatementFormat format,
                            const std::vector<LanguageRange>& languages,
                            const ActivityDefinitions& definitions) {
  if (format == StatementFormat::kExact) return body;
  json s = json::parse(body, nullptr, false);
  if (!s.is_object()) return body;
  if (format == StatementFormat::kIds) {
    StatementIds(s);
  } else {
    StatementCanonical(s, languages, definitions);
  }
  return s.dump();
}

StatusOr<ActivityDefinitions> QueryStatements::CanonicalDefinitions(
    TenantId tenant, const std::vector<std::string>& statements) const {
  std::vector<std::string> iris;
  for (const auto& body : statements) {
    json s = json::parse(body, nullptr, false);
    if (!s.is_object()) continue;
    ForEachActivity(s, [&](json& a) {
      if (a.is_object() && a.contains("id") && a["id"].is_string())
        iris.push_back(a["id"].get<std::string>());
    });
  }
  std::sort(iris.begin(), iris.end());
  iris.erase(std::unique(iris.begin(), iris.end()), iris.end());
  ActivityDefinitions out;
  if (iris.empty()) return out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    out.clear();
    for (const auto& iri : iris) {
      RESKILL_ASSIGN_OR_RETURN(auto def, uow.statements().FindActivityDefinition(tenant, iri));
      if (def) out.emplace(iri, std::move(*def));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<std::optional<std::string>> QueryStatements::ActivityDefinition(
    TenantId tenant, const std::string& activity_id) const {
  std::optional<std::string> def;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(def, uow.statements().FindActivityDefinition(tenant, activity_id));
    return Status::Ok();
  }));
  return def;
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
  f.include_voided = q.include_voided;
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
  // The term index is written after the statements (docs/adr/0014-deferred-term-index.md): a
  // filtered query first waits until it covers what was committed before it began.
  const bool reads_index =
      !f.agent.empty() || !f.verb.empty() || !f.activity.empty() || !f.registration.empty();
  if (reads_index && ctx_.statement_writer != nullptr) ctx_.statement_writer->AwaitIndex();
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
  page.meta.reserve(rows.size());
  for (auto& r : rows) {
    page.statements.push_back(std::move(r.body));
    page.meta.push_back({r.seq, r.voided, r.actor_id});
  }
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
