#include "app/lrs/statement_viewer.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "app/lrs/query_statements.hpp"
#include "common/strings.hpp"
#include "domain/lrs/statement.hpp"
#include "domain/programs/programs.hpp"

namespace reskill::app::lrs {

namespace {

using domain::lrs::SpecVersion;

// Enough identities to choose from; an account name shared by more is a data problem to fix.
constexpr int kMaxAgentChoices = 20;

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The client, and its participant id, each actor of `actor_ids` is mapped to.
struct Mapped {
  std::optional<ClientId> client;
  std::string participant_id;
};

StatusOr<std::map<std::int64_t, Mapped>> MapActors(UnitOfWork& uow, TenantId tenant,
                                                   const std::set<std::int64_t>& actor_ids) {
  std::map<std::int64_t, Mapped> out;
  std::map<std::int64_t, std::string> participants;  // by client id
  for (const std::int64_t id : actor_ids) {
    Mapped m;
    RESKILL_ASSIGN_OR_RETURN(auto actor, uow.actor_identities().Find(tenant, id));
    if (actor && actor->client_id) {
      m.client = actor->client_id;
      auto known = participants.find(actor->client_id->value());
      if (known == participants.end()) {
        RESKILL_ASSIGN_OR_RETURN(auto client, uow.programs().FindClient(tenant, *actor->client_id));
        known = participants
                    .emplace(actor->client_id->value(), client ? client->client.participant_id : "")
                    .first;
      }
      m.participant_id = known->second;
    }
    out.emplace(id, std::move(m));
  }
  return out;
}

// The identities an agent filter as typed may mean (module comment); an exact identifier
// (address, Agent JSON) is returned as is, whether or not the LRS has seen it.
StatusOr<std::vector<AgentChoice>> ResolveAgent(UnitOfWork& uow, TenantId tenant,
                                                std::string_view typed) {
  const std::string text(Trim(typed));
  std::vector<AgentChoice> out;
  const auto exact = [&](const std::string& agent_json) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto ifi,
                             domain::lrs::ParseAgentIfi(agent_json, SpecVersion::k1_0, "agent"));
    out.push_back({std::move(ifi), "", ""});
    return Status::Ok();
  };
  if (text.starts_with("{")) {
    RESKILL_RETURN_IF_ERROR(exact(text));
    return out;
  }
  if (text.find('@') != std::string::npos) {
    const bool has_scheme =
        ToLower(text.substr(0, std::min<std::size_t>(7, text.size()))) == "mailto:";
    RESKILL_RETURN_IF_ERROR(
        exact(nlohmann::json{{"mbox", has_scheme ? text : "mailto:" + text}}.dump()));
    return out;
  }
  std::vector<XapiActorRecord> actors;
  if (domain::programs::IsParticipantId(Upper(text))) {
    RESKILL_ASSIGN_OR_RETURN(auto client,
                             uow.programs().FindClientByParticipantId(tenant, Upper(text)));
    if (client) {
      RESKILL_ASSIGN_OR_RETURN(actors,
                               uow.actor_identities().ListByClient(tenant, client->client.id));
    }
  }
  RESKILL_ASSIGN_OR_RETURN(
      auto by_account, uow.actor_identities().ListByAccountName(tenant, text, kMaxAgentChoices));
  for (auto& a : by_account) {
    if (std::none_of(actors.begin(), actors.end(), [&](const auto& b) { return b.id == a.id; })) {
      actors.push_back(std::move(a));
    }
  }
  std::set<std::int64_t> ids;
  for (const auto& a : actors) ids.insert(a.id);
  RESKILL_ASSIGN_OR_RETURN(auto mapped, MapActors(uow, tenant, ids));
  for (auto& a : actors) {
    if (out.size() >= static_cast<std::size_t>(kMaxAgentChoices)) break;
    out.push_back({std::move(a.ifi), std::move(a.name), mapped[a.id].participant_id});
  }
  return out;
}

}  // namespace

StatusOr<StatementViewerPage> BrowseStatements::Run(const Principal& actor,
                                                    const StatementViewerQuery& in,
                                                    const RequestInfo& request) const {
  if (in.limit < 1 || in.limit > kMaxViewerPage) {
    return InvalidArgument("limit must be 1 to " + std::to_string(kMaxViewerPage), "limit");
  }
  StatementQuery q;
  if (const auto verb = Trim(in.verb); !verb.empty()) {
    if (!domain::lrs::IsIri(verb)) return InvalidArgument("the verb is not an IRI", "verb");
    q.verb = std::string(verb);
  }
  if (const auto activity = Trim(in.activity); !activity.empty()) {
    if (!domain::lrs::IsIri(activity)) {
      return InvalidArgument("the activity id is not an IRI", "activity");
    }
    q.activity = std::string(activity);
  }
  if (const auto reg = Trim(in.registration); !reg.empty()) {
    if (!domain::lrs::IsUuid(reg)) {
      return InvalidArgument("the registration is not a UUID", "registration");
    }
    q.registration = domain::lrs::NormalizeUuid(reg);
  }
  q.since = in.since;
  q.until = in.until;
  q.cursor = in.cursor;
  q.limit = in.limit;
  q.include_voided = in.include_voided;

  StatementViewerPage page;
  if (!Trim(in.agent).empty()) {
    std::vector<AgentChoice> choices;
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(choices, ResolveAgent(uow, actor.tenant_id, in.agent));
      return Status::Ok();
    }));
    if (choices.size() != 1) {
      // None: nothing can match. Several: staff pick one; no statements until then.
      page.agent_choices = std::move(choices);
      return page;
    }
    q.agent_ifi = page.agent_ifi = choices.front().ifi;
  }

  // The same query path as GET /xapi/statements: the term index and the `more` cursor.
  RESKILL_ASSIGN_OR_RETURN(auto found, QueryStatements(ctx_).List(actor.tenant_id, q));
  page.next_cursor = found.next_cursor;
  std::set<std::int64_t> actor_ids;
  for (const auto& m : found.meta) {
    if (m.actor_id != 0) actor_ids.insert(m.actor_id);
  }
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    page.statements.clear();
    RESKILL_ASSIGN_OR_RETURN(auto mapped, MapActors(uow, actor.tenant_id, actor_ids));
    std::set<std::int64_t> clients;
    for (std::size_t i = 0; i < found.statements.size(); ++i) {
      const StatementMeta& m = found.meta[i];
      ViewedStatement v;
      v.id = nlohmann::json::parse(found.statements[i], nullptr, false).value("id", "");
      v.stored = FromUnixMillis(m.seq >> kStatementSeqShift);
      v.voided = m.voided;
      v.body = found.statements[i];
      if (auto it = mapped.find(m.actor_id); it != mapped.end() && it->second.client) {
        v.client = it->second.client;
        v.participant_id = it->second.participant_id;
        clients.insert(v.client->value());
      }
      page.statements.push_back(std::move(v));
    }
    // Statements name clients' learning: the read is audited with the clients shown (ids only).
    std::string detail = "count=" + std::to_string(page.statements.size()) + ",clients=";
    bool first = true;
    for (const std::int64_t c : clients) {
      detail += (first ? "" : ";") + std::to_string(c);
      first = false;
    }
    return uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "lrs.statements.read", "tenant",
                       std::to_string(actor.tenant_id.value()), "ok", detail));
  }));
  return page;
}

StatusOr<ViewedStatement> ViewStatement::Run(const Principal& actor, const std::string& id,
                                             const RequestInfo& request) const {
  if (!domain::lrs::IsUuid(id)) return InvalidArgument("the statement id is not a UUID", "id");
  const std::string uuid = domain::lrs::NormalizeUuid(id);
  // The same reads as statementId / voidedStatementId.
  const QueryStatements query(ctx_);
  auto found = query.Get(actor.tenant_id, uuid, false, 0);
  if (!found.ok() && found.status().code() == ErrorCode::kNotFound) {
    found = query.Get(actor.tenant_id, uuid, true, 0);
  }
  if (!found.ok()) {
    if (found.status().code() == ErrorCode::kNotFound) return NotFound("no statement has this id");
    return found.status();
  }
  ViewedStatement v;
  v.id = uuid;
  v.stored = found->stored;
  v.voided = found->voided;
  v.body = std::move(found->body);
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    std::set<std::int64_t> ids;
    if (found->actor_id != 0) ids.insert(found->actor_id);
    RESKILL_ASSIGN_OR_RETURN(auto mapped, MapActors(uow, actor.tenant_id, ids));
    v.client.reset();
    v.participant_id.clear();
    if (auto it = mapped.find(found->actor_id); it != mapped.end() && it->second.client) {
      v.client = it->second.client;
      v.participant_id = it->second.participant_id;
    }
    return uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, "lrs.statement.read", "statement", uuid, "ok",
        v.client ? "client=" + std::to_string(v.client->value()) : std::string("client=none")));
  }));
  return v;
}

}  // namespace reskill::app::lrs
