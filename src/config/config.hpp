// Configuration: plain structs with their defaults, loaded in the order defaults < TOML file <
// RESKILL_<SECTION>_<KEY> environment variables < command-line overrides, validated with every
// error reported at once. Every setting is declared once (config.cpp), which also generates
// docs/config.md and the redacted `reskill config show`. Immutable after loading; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace reskill::config {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  ///< HOST:PORT to listen on.
  int threads = 0;                        ///< Worker threads; 0 = one per core (at least 2).
  long long max_body_bytes = 1048576;     ///< Largest accepted request body (bytes).
  int read_timeout_s = 30;                ///< Time allowed to receive a request (seconds).
  int write_timeout_s = 30;               ///< Time allowed to send a response (seconds).
  int handle_timeout_s = 30;              ///< Time allowed for a handler (seconds).
  int shutdown_grace_s = 10;              ///< On SIGTERM, wait this long for in-flight requests.
  int max_connections = 10000;            ///< Concurrent connections accepted.
  bool secure_cookies = false;            ///< Mark cookies Secure (set when served over HTTPS).
};

struct DatabaseConfig {
  std::string url =
      "var/reskill.db";  ///< SQLite file path or postgresql:// URL (secret: may hold a password).
  int pool_size = 8;     ///< Connections kept open.
  int busy_timeout_ms = 5000;  ///< SQLite: how long a writer waits for the lock.
};

struct SecurityConfig {
  int session_ttl_minutes = 480;  ///< Absolute session lifetime.
  int session_idle_minutes = 60;  ///< A session unused this long ends.
  int sign_in_slow_after = 3;     ///< Failures before attempts must wait (doubling from 1 s).
  int sign_in_max_failures = 10;  ///< Failures that lock the account.
  int lockout_minutes = 15;       ///< How long a locked account stays locked.
  int argon2_ops_limit = 2;       ///< Argon2id passes.
  int argon2_mem_kib = 65536;     ///< Argon2id memory (KiB).
  std::string contact_key_file;   ///< Key sealing contact data; empty: beside the SQLite file.
};

struct LogConfig {
  std::string level = "info";  ///< trace, debug, info, warn, error or off.
  std::string file;            ///< Append to this file instead of stderr.
  bool access = true;          ///< One line per HTTP request.
};

struct WebConfig {
  std::string default_locale = "en";  ///< When neither the user nor Accept-Language chooses.
  std::string default_tenant;         ///< Agency slug pre-filled on the sign-in page.
  std::string public_url;             ///< Base of links in e-mails; empty: http://<server.listen>.
};

struct MailConfig {
  std::string transport = "eml";     ///< smtp, eml (files in eml_dir: the demo) or off.
  std::string smtp_url;              ///< smtp://HOST:PORT or smtps://HOST:PORT.
  std::string starttls = "require";  ///< smtp:// only: require, try or off.
  std::string from = "no-reply@reskill.invalid";  ///< Sender address.
  std::string from_name = "Reskill";              ///< Sender display name.
  std::string username;                           ///< SMTP AUTH user; empty: no AUTH.
  std::string password;                           ///< SMTP AUTH password (secret).
  std::string eml_dir = "var/mail";               ///< Folder of .eml files (transport eml).
  int max_attempts = 8;                           ///< Attempts before a message is given up.
  int retry_base_s = 60;     ///< Wait after the first failure (seconds); doubles each time.
  int retry_max_s = 21600;   ///< Longest wait between attempts (seconds).
  int timeout_s = 30;        ///< Time allowed to hand one message to the server (seconds).
  int poll_interval_s = 10;  ///< How often `serve` looks for due messages (seconds).
};

struct JobsConfig {
  bool enabled = true;  ///< Run outbox delivery and scheduled jobs inside `serve`.
  int interval_s = 60;  ///< How often `serve` looks for job runs that are due (seconds).
};

struct Config {
  ServerConfig server;
  DatabaseConfig database;
  SecurityConfig security;
  LogConfig log;
  WebConfig web;
  MailConfig mail;
  JobsConfig jobs;
};

/// Where a setting's value came from, for `config show`.
enum class Source { kDefault, kFile, kEnvironment, kCommandLine };

struct LoadedConfig {
  Config config;
  std::map<std::string, Source> sources;  ///< key ("server.listen") → source
};

/// Inputs of Load(): the file (optional), the environment, and command-line overrides by key.
struct LoadInput {
  std::string file_path;                         ///< Empty: no file.
  std::vector<std::string> environment;          ///< "NAME=value" entries (e.g. from environ).
  std::map<std::string, std::string> overrides;  ///< key → value, from CLI flags.
};

/// Loads and validates. kInvalidArgument whose message lists every problem, one per line.
StatusOr<LoadedConfig> Load(const LoadInput& input);

/// The effective configuration as TOML with each value's source; secrets are "<redacted>".
std::string Show(const LoadedConfig& loaded);

/// docs/config.md, generated from the declarations.
std::string DocsMarkdown();

/// "postgresql://user:secret@host/db" → "postgresql://user:<redacted>@host/db".
std::string RedactUrl(std::string_view url);

}  // namespace reskill::config
