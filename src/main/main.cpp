// The composition root: the only code that sees every concrete adapter. It wires the platform
// (clock, ids, libsodium), the storage engines, the HTTP server and the CLI together.
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <optional>
#include <thread>

#include "app/jobs/standard_jobs.hpp"
#include "app/lrs/statement_writer.hpp"
#include "app/pathways/pathways.hpp"
#include "app/xapi_platform/lrs_credential_cache.hpp"
#include "cli/cli.hpp"
#include "http/server.hpp"
#include "http/web/templates.hpp"
#include "jobs/background.hpp"
#include "log/log.hpp"
#include "mail/mailers.hpp"
#include "platform/jws_verifier.hpp"
#include "platform/platform.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#ifdef RESKILL_WITH_POSTGRES
#include "storage/postgres/postgres_database.hpp"
#endif

extern char** environ;

namespace reskill {
namespace {

#ifndef RESKILL_VERSION
#define RESKILL_VERSION "dev"
#endif

// Owns the platform adapters of an AppContext (the context itself holds references).
struct OwnedContext : app::AppContext {
  OwnedContext(std::unique_ptr<platform::SystemClock> c,
               std::unique_ptr<platform::TimeOrderedIdGenerator> i,
               std::unique_ptr<platform::SodiumPasswordHasher> p,
               std::unique_ptr<platform::SodiumSecretTokens> t,
               std::unique_ptr<platform::SodiumContactCipher> k, app::Database& database,
               app::SecurityPolicy policy)
      : app::AppContext{database, *c, *i, *p, *t, *k, policy},
        clock_(std::move(c)),
        ids_(std::move(i)),
        passwords_(std::move(p)),
        tokens_(std::move(t)),
        contacts_(std::move(k)) {
    lrs_credentials = &lrs_credentials_;
  }
  std::unique_ptr<platform::SystemClock> clock_;
  std::unique_ptr<platform::TimeOrderedIdGenerator> ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  std::unique_ptr<platform::SodiumSecretTokens> tokens_;
  std::unique_ptr<platform::SodiumContactCipher> contacts_;
  app::LrsCredentialCache lrs_credentials_;  // the defaults: 10 s, 4,096 entries
};

bool IsPostgresUrl(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

StatusOr<std::unique_ptr<app::Database>> OpenDatabase(const config::Config& cfg) {
  const std::string& url = cfg.database.url;
  if (IsPostgresUrl(url)) {
#ifdef RESKILL_WITH_POSTGRES
    RESKILL_ASSIGN_OR_RETURN(auto db, storage::OpenPostgresDatabase({url, cfg.database.pool_size}));
    return std::unique_ptr<app::Database>(std::move(db));
#else
    return FailedPrecondition("this build has no PostgreSQL support (RESKILL_WITH_POSTGRES=OFF)",
                              "database.url");
#endif
  }
  RESKILL_ASSIGN_OR_RETURN(auto db, storage::OpenSqliteDatabase({url, cfg.database.pool_size,
                                                                 cfg.database.busy_timeout_ms}));
  return std::unique_ptr<app::Database>(std::move(db));
}

// The contact-data key: the configured file, else `<SQLite file>.key` beside the database.
StatusOr<platform::ContactKey> ContactKey(const config::Config& cfg) {
  std::string path = cfg.security.contact_key_file;
  if (path.empty()) {
    if (IsPostgresUrl(cfg.database.url)) {
      return InvalidArgument(
          "set security.contact_key_file (the key encrypting contact data) when using PostgreSQL",
          "security.contact_key_file");
    }
    path = cfg.database.url + ".key";
  }
  return platform::LoadContactKey(path, /*create=*/true);
}

StatusOr<std::shared_ptr<app::AppContext>> MakeContext(app::Database& db,
                                                       const config::Config& cfg) {
  RESKILL_ASSIGN_OR_RETURN(const platform::ContactKey key, ContactKey(cfg));
  app::SecurityPolicy policy;
  policy.session_ttl = std::chrono::minutes(cfg.security.session_ttl_minutes);
  policy.session_idle_timeout = std::chrono::minutes(cfg.security.session_idle_minutes);
  policy.sign_in.slow_after_failures = cfg.security.sign_in_slow_after;
  policy.sign_in.max_failures = cfg.security.sign_in_max_failures;
  policy.sign_in.lockout = std::chrono::minutes(cfg.security.lockout_minutes);
  policy.public_url =
      cfg.web.public_url.empty() ? "http://" + cfg.server.listen : cfg.web.public_url;
  std::shared_ptr<app::AppContext> ctx = std::make_shared<OwnedContext>(
      std::make_unique<platform::SystemClock>(),
      std::make_unique<platform::TimeOrderedIdGenerator>(),
      std::make_unique<platform::SodiumPasswordHasher>(
          static_cast<unsigned long long>(cfg.security.argon2_ops_limit),
          static_cast<std::size_t>(cfg.security.argon2_mem_kib)),
      std::make_unique<platform::SodiumSecretTokens>(),
      std::make_unique<platform::SodiumContactCipher>(key), db, policy);
  return ctx;
}

// The transport named by mail.transport; null for "off".
StatusOr<std::unique_ptr<app::Mailer>> MakeMailer(const config::Config& cfg) {
  const config::MailConfig& m = cfg.mail;
  mail::Sender sender{m.from, m.from_name};
  if (m.transport == "off") return std::unique_ptr<app::Mailer>();
  if (m.transport == "eml") return mail::MakeEmlMailer(m.eml_dir, sender);
  mail::SmtpOptions smtp;
  smtp.url = m.smtp_url;
  smtp.sender = sender;
  smtp.username = m.username;
  smtp.password = m.password;
  smtp.starttls = m.starttls == "off"   ? mail::StartTls::kOff
                  : m.starttls == "try" ? mail::StartTls::kTry
                                        : mail::StartTls::kRequire;
  smtp.timeout_s = m.timeout_s;
  return mail::MakeSmtpMailer(std::move(smtp));
}

jobs::BackgroundOptions BackgroundOptionsFrom(const config::Config& cfg) {
  jobs::BackgroundOptions o;
  o.poll_interval = std::chrono::seconds(cfg.mail.poll_interval_s);
  o.jobs_interval = std::chrono::seconds(cfg.jobs.interval_s);
  o.delivery.max_attempts = cfg.mail.max_attempts;
  o.delivery.retry_base = std::chrono::seconds(cfg.mail.retry_base_s);
  o.delivery.retry_max = std::chrono::seconds(cfg.mail.retry_max_s);
  o.delivery.lease = std::chrono::seconds(2 * cfg.mail.timeout_s + 60);
  return o;
}

// glibc's malloc hands the top of a thread's heap back to the kernel (madvise) once more than
// 128 KB of it is free, and serves blocks past a threshold that moves with use by mmap: a page of
// statements (~130 KB answered, as much again read from SQLite) was given back and faulted in
// again on every request, 13 % of the server's CPU (perf, docs/lrs.md "Query profile"). Fixed
// thresholds keep up to 8 MB free per heap (bounded: a heap per thread at most).
void TuneMalloc() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

Status Serve(app::AppContext& ctx, const config::Config& cfg) {
  TuneMalloc();
  // Mail settings are checked before the server starts listening, so a typo fails the start.
  RESKILL_ASSIGN_OR_RETURN(std::unique_ptr<app::Mailer> mailer, MakeMailer(cfg));
  app::JobRegistry scheduled;
  app::AddStandardJobs(scheduled);
  std::optional<jobs::BackgroundWorker> background;
  if (cfg.jobs.enabled) {
    background.emplace(ctx, mailer.get(), &scheduled, BackgroundOptionsFrom(cfg));
  }
  http::Templates templates;
  http::HttpOptions options;
  options.max_body_bytes = cfg.server.max_body_bytes;
  options.secure_cookies = cfg.server.secure_cookies;
  options.access_log = cfg.log.access;
  options.default_locale = cfg.web.default_locale;
  options.default_tenant = cfg.web.default_tenant;
  options.version = RESKILL_VERSION;
  // The pathway model is built on first use and again after an import; both cores build it.
  app::PathwayEngineCache pathway_engines(2);
  // xAPI statements are stored by one group-commit writer (docs/lrs.md); it outlives the server.
  app::lrs::StatementWriter statement_writer(ctx);
  statement_writer.Start();
  // Statement queries wait for the writer's deferred term index while it runs; the context
  // forgets the writer before the writer goes.
  struct ForgetWriter {
    app::AppContext& ctx;
    ~ForgetWriter() { ctx.statement_writer = nullptr; }
  } forget_writer{ctx};
  ctx.statement_writer = &statement_writer;
  const platform::OpensslJwsVerifier jws_verifier;
  http::Services services{ctx, options, templates};
  services.pathways = &pathway_engines;
  services.statements = &statement_writer;
  services.jws = &jws_verifier;
  http::HttpApp app(std::move(services));

  http::ServerOptions server;
  const auto colon = cfg.server.listen.rfind(':');
  server.host = cfg.server.listen.substr(0, colon);
  server.port = static_cast<unsigned short>(std::stoi(cfg.server.listen.substr(colon + 1)));
  server.threads = cfg.server.threads > 0
                       ? cfg.server.threads
                       : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  server.transport_body_limit = std::max<long long>(cfg.server.max_body_bytes * 4, 16LL << 20);
  server.read_timeout_s = cfg.server.read_timeout_s;
  server.write_timeout_s = cfg.server.write_timeout_s;
  server.handle_timeout_s = cfg.server.handle_timeout_s;
  server.shutdown_grace_s = cfg.server.shutdown_grace_s;
  server.max_connections = cfg.server.max_connections;
  Status served = http::RunServer(app, server, [&] {
    RESKILL_LOG_INFO("server.listening", "address=http://{} threads={} database={}",
                     cfg.server.listen, server.threads, ctx.db.engine());
    std::cout << "Reskill is serving on http://" << cfg.server.listen << "  (Ctrl+C to stop)"
              << std::endl;
    if (background) background->Start();
  });
  // The server has drained; the background pass in progress finishes before the database goes.
  if (background) background->Stop();
  return served;
}

}  // namespace
}  // namespace reskill

int main(int argc, char** argv) {
  using namespace reskill;
  try {
    if (Status st = platform::InitCrypto(); !st.ok()) {
      std::cerr << "reskill: " << st.internal_detail() << "\n";
      return 1;
    }
    cli::Platform p;
    p.open_database = OpenDatabase;
    p.make_context = MakeContext;
    p.serve = Serve;
    p.make_mailer = MakeMailer;
    p.version = RESKILL_VERSION;
    for (char** e = environ; *e != nullptr; ++e) p.environment.emplace_back(*e);
    const int code = cli::Run(argc, argv, p, std::cin, std::cout, std::cerr);
    log::Flush();
    return code;
  } catch (const std::exception& e) {
    std::cerr << "reskill: internal error: " << e.what() << "\n";
    return 1;
  }
}
