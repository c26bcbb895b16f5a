// `reskill` subcommands of the e-mail outbox (see cli/command.hpp for how registrars work):
//   reskill mail deliver [--once]                       — send due messages (until SIGTERM/SIGINT)
//   reskill mail test --tenant SLUG --to ADDRESS [...]  — queue a test message
//   reskill mail list --tenant SLUG [--limit N]         — the outbox: kind, status, attempts, dates
#include <ctime>
#include <memory>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <signal.h>

#include "app/mail/deliver_outbox.hpp"
#include "cli/command.hpp"
#include "log/log.hpp"

namespace reskill::cli {

namespace {

struct Options {
  bool once = false;
  std::string tenant;
  std::string to;
  std::string name;
  std::string locale = "en";
  int limit = 50;
};

app::DeliveryPolicy PolicyFrom(const config::MailConfig& m) {
  app::DeliveryPolicy p;
  p.max_attempts = m.max_attempts;
  p.retry_base = std::chrono::seconds(m.retry_base_s);
  p.retry_max = std::chrono::seconds(m.retry_max_s);
  // A sender that dies mid-send leaves its message to be retried after the send could have
  // timed out, with a margin.
  p.lease = std::chrono::seconds(2 * m.timeout_s + 60);
  return p;
}

void LogOutcome(const app::DeliveryOutcome& o) {
  using R = app::DeliveryOutcome::Result;
  const std::string_view what = o.result == R::kSent    ? "sent"
                                : o.result == R::kRetry ? "will retry"
                                                        : "failed";
  RESKILL_LOG(o.result == R::kSent ? log::Level::kInfo : log::Level::kWarn, "mail.attempt",
              "tenant={} message={} kind={} attempts={} outcome=\"{}\" error=\"{}\"",
              o.tenant_id.value(), o.id.value(), o.kind, o.attempts, what, o.error);
}

StatusOr<TenantId> TenantBySlug(app::AppContext& ctx, const std::string& slug) {
  std::optional<app::Tenant> tenant;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(slug));
    return Status::Ok();
  }));
  if (!tenant) {
    return NotFound("no agency with slug \"" + slug + "\"; create it with `reskill tenant add`");
  }
  return tenant->id;
}

int Deliver(CommandEnv& env, const Options& o) {
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto mailer = env.make_mailer();
  if (!mailer.ok()) return Fail(env.err, mailer.status());
  if (!*mailer) {
    return Fail(env.err, FailedPrecondition("mail.transport is off: nothing is delivered",
                                            "mail.transport"));
  }
  app::DeliverOutbox deliver(**ctx, **mailer, PolicyFrom(env.config->mail), &LogOutcome);
  app::DeliveryReport total;
  const auto add = [&](const app::DeliveryReport& r) {
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    total.contended += r.contended;
  };
  // Without --once: wait for SIGTERM/SIGINT between passes (blocked, then taken synchronously,
  // so a signal never interrupts a send half-way).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  if (!o.once) pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  for (;;) {
    auto report = deliver.Run();
    if (!report.ok()) return Fail(env.err, report.status());
    add(*report);
    if (o.once) break;
    timespec wait{env.config->mail.poll_interval_s, 0};
    if (sigtimedwait(&stop_signals, nullptr, &wait) > 0) break;
  }
  env.out << fmt::format("delivered {} message(s); {} to retry later, {} failed\n", total.sent,
                         total.retried, total.failed);
  return 0;
}

int QueueTest(CommandEnv& env, const Options& o) {
  if (o.locale != "en" && o.locale != "es") {
    return Fail(env.err, InvalidArgument("--locale: expected en or es", "locale"));
  }
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto tenant = TenantBySlug(**ctx, o.tenant);
  if (!tenant.ok()) return Fail(env.err, tenant.status());
  app::AppContext& c = **ctx;
  app::Email email;
  email.tenant_id = *tenant;
  email.kind = "test";
  email.dedupe_key = "test:" + c.tokens.NewToken().substr(0, 16);
  email.to_address = o.to;
  email.to_name = o.name;
  email.locale = o.locale;
  if (o.locale == "es") {
    email.subject = "Reskill: mensaje de prueba — configuración de correo";
    email.text_body =
        "Este es un mensaje de prueba de Reskill.\nSi lo recibe, el correo saliente funciona.\n";
  } else {
    email.subject = "Reskill: test message — mail settings";
    email.text_body =
        "This is a test message from Reskill.\nIf you received it, outgoing mail works.\n";
  }
  bool queued = false;
  Status st = c.db.Run(app::TxMode::kWrite, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(queued, app::QueueEmail(c, uow, email));
    app::Principal cli;
    cli.kind = domain::audit::ActorKind::kSystem;
    cli.actor_id = "cli";
    cli.tenant_id = *tenant;
    return uow.audit().Append(app::MakeAuditEvent(c, cli, *tenant, {"cli"}, "mail.test_queued",
                                                  "outbox_message", email.dedupe_key));
  });
  if (!st.ok()) return Fail(env.err, st);
  env.out << "queued a test message (" << email.dedupe_key
          << "); `reskill mail deliver --once` sends it\n";
  return 0;
}

std::string When(const std::optional<Timestamp>& t) {
  return t ? FormatIso8601(*t) : "-";
}

int List(CommandEnv& env, const Options& o) {
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  auto tenant = TenantBySlug(**ctx, o.tenant);
  if (!tenant.ok()) return Fail(env.err, tenant.status());
  std::vector<app::OutboxMessage> messages;
  Status st = (*ctx)->db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(messages, uow.outbox().List(*tenant, o.limit, std::nullopt));
    return Status::Ok();
  });
  if (!st.ok()) return Fail(env.err, st);
  env.out << "id\tkind\tstatus\tattempts\tcreated\tnext attempt\tsent\tlast error\n";
  for (const auto& m : messages) {
    env.out << m.id.value() << "\t" << m.kind << "\t" << app::OutboxStatusName(m.status) << "\t"
            << m.attempts << "\t" << FormatIso8601(m.created_at) << "\t"
            << (m.status == app::OutboxStatus::kPending ? FormatIso8601(m.next_attempt_at) : "-")
            << "\t" << When(m.sent_at) << "\t" << (m.last_error.empty() ? "-" : m.last_error)
            << "\n";
  }
  return 0;
}

}  // namespace

std::vector<RegisteredCommand> AddMailCommands(CommandGroups& groups) {
  auto o = std::make_shared<Options>();
  auto* mail = groups.root.add_subcommand("mail", "The e-mail outbox: deliver, test, list");
  mail->require_subcommand(1);

  auto* deliver = mail->add_subcommand(
      "deliver", "Send due messages through mail.transport, polling until SIGTERM/SIGINT");
  deliver->add_flag("--once", o->once, "Send what is due now, then exit");

  auto* test = mail->add_subcommand("test", "Queue a test message to check the mail settings");
  test->add_option("--tenant", o->tenant, "Agency slug")->required();
  test->add_option("--to", o->to, "Recipient address")->required();
  test->add_option("--name", o->name, "Recipient name");
  test->add_option("--locale", o->locale, "Language of the message: en or es");

  auto* list = mail->add_subcommand("list", "List an agency's outbox (no addresses or bodies)");
  list->add_option("--tenant", o->tenant, "Agency slug")->required();
  list->add_option("--limit", o->limit, "Newest messages to show")->check(CLI::Range(1, 10000));

  return {{deliver, [o](CommandEnv& env) { return Deliver(env, *o); }},
          {test, [o](CommandEnv& env) { return QueueTest(env, *o); }},
          {list, [o](CommandEnv& env) { return List(env, *o); }}};
}

}  // namespace reskill::cli
