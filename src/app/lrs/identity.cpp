#include "app/lrs/identity.hpp"

#include <algorithm>
#include <cctype>

#include "app/programs/clients.hpp"
#include "app/programs/programs_support.hpp"
#include "common/strings.hpp"

namespace reskill::app::lrs {

namespace {

namespace prog = domain::programs;

constexpr int kMapPage = 500;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string IdText(std::int64_t id) {
  return std::to_string(id);
}

}  // namespace

std::string IfiOf(const ActorIdentity& a) {
  if (!a.mbox.empty()) return "mbox:" + a.mbox;
  if (!a.mbox_sha1sum.empty()) return "mbox_sha1sum:" + a.mbox_sha1sum;
  if (!a.openid.empty()) return "openid:" + a.openid;
  if (!a.account_home_page.empty() || !a.account_name.empty()) {
    return "account:" + a.account_home_page + "|" + a.account_name;
  }
  return {};
}

std::optional<ActorIdentity> ParseIfi(std::string_view ifi) {
  ActorIdentity a;
  const auto rest = [&](std::string_view prefix) { return ifi.substr(prefix.size()); };
  if (ifi.starts_with("mbox:")) {
    a.mbox = std::string(rest("mbox:"));
  } else if (ifi.starts_with("mbox_sha1sum:")) {
    a.mbox_sha1sum = std::string(rest("mbox_sha1sum:"));
  } else if (ifi.starts_with("openid:")) {
    a.openid = std::string(rest("openid:"));
  } else if (ifi.starts_with("account:")) {
    const auto body = rest("account:");
    const auto bar = body.find('|');
    if (bar == std::string_view::npos) return std::nullopt;
    a.account_home_page = std::string(body.substr(0, bar));
    a.account_name = std::string(body.substr(bar + 1));
  } else {
    return std::nullopt;
  }
  if (IfiOf(a).empty()) return std::nullopt;
  return a;
}

StatusOr<std::optional<ClientId>> ClientForActor(const AppContext& ctx, UnitOfWork& uow,
                                                 TenantId tenant, const ActorIdentity& actor) {
  if (!actor.account_name.empty()) {
    // Providers echo the id they were given (SSO attribute, "Unique User ID", "External Id"),
    // sometimes lower-cased; the participant id alphabet has no case-only look-alikes.
    const std::string id = Upper(Trim(actor.account_name));
    if (!prog::IsParticipantId(id)) return std::optional<ClientId>();
    RESKILL_ASSIGN_OR_RETURN(auto c, uow.programs().FindClientByParticipantId(tenant, id));
    if (!c) return std::optional<ClientId>();
    return std::optional<ClientId>(c->client.id);
  }
  if (!actor.mbox.empty()) {
    std::string_view address = actor.mbox;
    if (!ToLower(address.substr(0, 7)).starts_with("mailto:")) return std::optional<ClientId>();
    address.remove_prefix(7);
    if (Trim(address).empty()) return std::optional<ClientId>();
    RESKILL_ASSIGN_OR_RETURN(auto c, uow.programs().FindClientByEmailIndex(
                                         tenant, ctx.contacts.BlindIndex(NormalizeEmail(address))));
    // An unverified address may be a typo that belongs to someone else: never map through it.
    if (!c || !c->client.email_verified_at) return std::optional<ClientId>();
    return std::optional<ClientId>(c->client.id);
  }
  // mbox_sha1sum: matching would need an unkeyed SHA-1 of every client's address in the database,
  // which a dictionary reverses; openid: clients have none. Both stay for staff to resolve.
  return std::optional<ClientId>();
}

StatusOr<std::optional<ClientId>> ClientForActor(const AppContext& ctx, UnitOfWork& uow,
                                                 TenantId tenant, std::string_view ifi) {
  const auto parsed = ParseIfi(ifi);
  if (!parsed) return std::optional<ClientId>();
  return ClientForActor(ctx, uow, tenant, *parsed);
}

StatusOr<int> MapActorsForClient(const AppContext& ctx, UnitOfWork& uow,
                                 const SealedClient& sealed) {
  const prog::Client& c = sealed.client;
  std::string email;
  if (c.email_verified_at && !c.email.empty()) {
    RESKILL_ASSIGN_OR_RETURN(email, ctx.contacts.Open(c.email));
  }
  // Candidates by a cheap filter over the unmapped actors only; the rule decides.
  const std::string by_mail =
      email.empty() ? std::string() : "mbox:mailto:" + NormalizeEmail(email);
  const std::string by_account = "account:%|" + ToLower(c.participant_id);
  RESKILL_ASSIGN_OR_RETURN(auto candidates, uow.actor_identities().ListUnmappedCandidates(
                                                c.tenant_id, by_mail, by_account));
  int mapped = 0;
  const Timestamp now = ctx.clock.Now();
  for (const auto& a : candidates) {
    RESKILL_ASSIGN_OR_RETURN(auto who, ClientForActor(ctx, uow, c.tenant_id, a.ifi));
    if (!who || *who != c.id) continue;
    RESKILL_ASSIGN_OR_RETURN(bool done, uow.actor_identities().Map(c.tenant_id, a.id, c.id, now));
    if (done) ++mapped;
  }
  return mapped;
}

StatusOr<MapSummary> MapUnmappedActors::Run(const Principal& actor,
                                            const RequestInfo& request) const {
  MapSummary summary;
  std::int64_t after = 0;
  for (;;) {
    bool more = false;
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
      more = false;
      RESKILL_ASSIGN_OR_RETURN(
          auto page, uow.actor_identities().ListUnmapped(actor.tenant_id, after, kMapPage));
      const Timestamp now = ctx_.clock.Now();
      std::int64_t examined = 0;
      std::int64_t mapped = 0;
      for (const auto& a : page) {
        ++examined;
        RESKILL_ASSIGN_OR_RETURN(auto client, ClientForActor(ctx_, uow, actor.tenant_id, a.ifi));
        if (!client) continue;
        RESKILL_ASSIGN_OR_RETURN(bool done,
                                 uow.actor_identities().Map(actor.tenant_id, a.id, *client, now));
        if (done) ++mapped;
      }
      // Counted only once the page's transaction is certain to commit (retries re-run it).
      summary.examined += examined;
      summary.mapped += mapped;
      if (!page.empty()) after = page.back().id;
      more = static_cast<int>(page.size()) == kMapPage;
      return Status::Ok();
    }));
    if (!more) break;
  }
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(summary.remaining,
                             uow.actor_identities().CountUnmapped(actor.tenant_id));
    return uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, "lrs.map", "tenant", IdText(actor.tenant_id.value()),
        "ok",
        "examined=" + std::to_string(summary.examined) + ",mapped=" +
            std::to_string(summary.mapped) + ",remaining=" + std::to_string(summary.remaining)));
  }));
  return summary;
}

StatusOr<UnmatchedPage> ListUnmatchedActors::Run(const Principal& actor, std::int64_t after,
                                                 int limit, const RequestInfo& request) const {
  if (limit < 1 || limit > 500) return InvalidArgument("limit must be 1 to 500", "limit");
  UnmatchedPage page;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    page = UnmatchedPage{};
    RESKILL_ASSIGN_OR_RETURN(
        auto rows, uow.actor_identities().ListUnmapped(actor.tenant_id, after, limit + 1));
    if (static_cast<int>(rows.size()) > limit) {
      rows.resize(static_cast<std::size_t>(limit));
      page.next_after = rows.back().id;
    }
    for (auto& r : rows) {
      page.items.push_back({r.id, std::move(r.ifi), std::move(r.name), r.first_seen_at});
    }
    RESKILL_ASSIGN_OR_RETURN(page.total, uow.actor_identities().CountUnmapped(actor.tenant_id));
    return uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, "lrs.unmatched.list", "tenant",
        IdText(actor.tenant_id.value()), "ok", "count=" + std::to_string(page.items.size())));
  }));
  return page;
}

StatusOr<prog::Client> ResolveActor::Run(const Principal& actor, std::int64_t actor_id,
                                         std::string_view number,
                                         const RequestInfo& request) const {
  const std::string wanted(Trim(number));
  if (wanted.empty()) {
    return InvalidArgument("give the client's case number or participant id", "client");
  }
  prog::Client result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.actor_identities().Find(actor.tenant_id, actor_id));
    if (!found || found->object_type != "Agent") return NotFound("no such actor");
    if (found->client_id) return Conflict("this actor is already mapped to a client");
    std::optional<SealedClient> client;
    if (prog::IsParticipantId(Upper(wanted))) {
      RESKILL_ASSIGN_OR_RETURN(
          client, uow.programs().FindClientByParticipantId(actor.tenant_id, Upper(wanted)));
    }
    if (!client) {
      ClientQuery q;
      q.number = wanted;
      q.limit = 2;
      RESKILL_ASSIGN_OR_RETURN(auto list, uow.programs().ListClients(actor.tenant_id, q));
      if (list.size() > 1) {
        return Conflict("several clients have this case number; use the participant id");
      }
      if (!list.empty()) client = std::move(list.front());
    }
    if (!client) return NotFound("no client with this case number or participant id");
    // Outside the caseload is "not found", as everywhere else.
    if (Status st = programs::CheckCaseload(uow, actor, client->client); !st.ok()) {
      return NotFound("no client with this case number or participant id");
    }
    RESKILL_ASSIGN_OR_RETURN(
        bool done,
        uow.actor_identities().Map(actor.tenant_id, actor_id, client->client.id, ctx_.clock.Now()));
    if (!done) return Conflict("this actor is already mapped to a client");
    RESKILL_RETURN_IF_ERROR(programs::AppendJournal(
        ctx_, uow, actor, actor.tenant_id, client->client.id, prog::JournalKind::kClient,
        "Learning record store identity " + IdText(actor_id) +
            " resolved to this client by staff; its learning activity now counts here"));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "lrs.actor.resolve", "client",
                       IdText(client->client.id.value()), "ok", "actor=" + IdText(actor_id))));
    RESKILL_ASSIGN_OR_RETURN(result, programs::detail::Open(ctx_, client->client));
    return Status::Ok();
  }));
  return result;
}

}  // namespace reskill::app::lrs
