// `reskill` subcommands of the xAPI platform (see cli/command.hpp for how registrars work):
//   reskill lrs client add --tenant SLUG --name NAME [--scope SCOPE]… [--provider SLUG]
// prints {"key": …, "secret": …} once: the secret is stored only as a hash.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/xapi_platform/lrs_clients.hpp"
#include "cli/command.hpp"
#include "common/strings.hpp"

namespace reskill::cli {

namespace {

struct Options {
  std::string tenant;
  std::string name;
  std::vector<std::string> scopes;
  std::string provider;
};

int AddClient(CommandEnv& env, const Options& o) {
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  std::optional<app::Tenant> tenant;
  Status st = (*ctx)->db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(o.tenant));
    return Status::Ok();
  });
  if (!st.ok()) return Fail(env.err, st);
  if (!tenant) {
    return Fail(env.err, NotFound("no agency with slug \"" + o.tenant +
                                  "\"; create it with `reskill tenant add`"));
  }
  app::Principal actor;
  actor.kind = domain::audit::ActorKind::kSystem;
  actor.actor_id = "cli";
  actor.tenant_id = tenant->id;
  actor.tenant_slug = tenant->slug;
  app::CreateLrsClientInput input;
  input.name = o.name;
  // "--scope a --scope b" and "--scope 'a b'" both work.
  for (const auto& s : o.scopes) {
    for (auto part : Split(s, ' ')) {
      if (!Trim(part).empty()) input.scopes.emplace_back(Trim(part));
    }
  }
  input.provider_slug = o.provider;
  auto created = app::CreateLrsClient(**ctx).Run(actor, input, {"cli"});
  if (!created.ok()) return Fail(env.err, created.status());
  env.out << nlohmann::json{{"key", created->client.key}, {"secret", created->secret}}.dump()
          << "\n";
  return 0;
}

}  // namespace

std::vector<RegisteredCommand> AddLrsCommands(CommandGroups& groups) {
  auto opts = std::make_shared<Options>();
  auto* lrs = groups.root.add_subcommand("lrs", "Manage the learning record store (xAPI)");
  lrs->require_subcommand(1);
  auto* client = lrs->add_subcommand("client", "Manage LRS clients (xAPI credentials)");
  client->require_subcommand(1);
  auto* add = client->add_subcommand(
      "add",
      "Create xAPI credentials for a learning provider; prints {\"key\": …, \"secret\": …} once");
  add->add_option("--tenant", opts->tenant, "Agency slug")->required();
  add->add_option("--name", opts->name, "Client name, e.g. \"LinkedIn Learning\"")->required();
  add->add_option("--scope", opts->scopes,
                  "Scope (repeatable): statements/write, statements/read/mine, statements/read, "
                  "state, define, profile, all/read, all, xapi:write, xapi:read, xapi:all; "
                  "default statements/write statements/read/mine");
  add->add_option("--provider", opts->provider, "Catalogue provider slug whose activity it sends");
  return {{add, [opts](CommandEnv& env) { return AddClient(env, *opts); }}};
}

}  // namespace reskill::cli
