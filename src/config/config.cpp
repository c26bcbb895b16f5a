#include "config/config.hpp"

#include <charconv>
#include <functional>
#include <initializer_list>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "common/strings.hpp"

namespace reskill::config {

namespace {

enum class Kind { kString, kInt, kBool };

struct Setting {
  std::string key;  // "section.name"
  Kind kind;
  std::string doc;
  bool secret;
  std::function<Status(Config&, const std::string&)> set;
  std::function<std::string(const Config&)> get;
};

Status ParseIntInto(const std::string& key, const std::string& text, long long min, long long max,
                    long long& out) {
  long long v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
    return InvalidArgument(key + ": expected an integer, got \"" + text + "\"", key);
  }
  if (v < min || v > max) {
    return InvalidArgument(fmt::format("{}: must be between {} and {}", key, min, max), key);
  }
  out = v;
  return Status::Ok();
}

template <typename S, typename T>
Setting Int(std::string key, S Config::*section, T S::*field, long long min, long long max,
            std::string doc) {
  return {key,
          Kind::kInt,
          std::move(doc),
          false,
          [=](Config& c, const std::string& text) -> Status {
            long long v = 0;
            RESKILL_RETURN_IF_ERROR(ParseIntInto(key, text, min, max, v));
            c.*section.*field = static_cast<T>(v);
            return Status::Ok();
          },
          [=](const Config& c) { return std::to_string(c.*section.*field); }};
}

template <typename S>
Setting Bool(std::string key, S Config::*section, bool S::*field, std::string doc) {
  return {key,
          Kind::kBool,
          std::move(doc),
          false,
          [=](Config& c, const std::string& text) -> Status {
            if (text == "true" || text == "1") {
              c.*section.*field = true;
            } else if (text == "false" || text == "0") {
              c.*section.*field = false;
            } else {
              return InvalidArgument(key + ": expected true or false, got \"" + text + "\"", key);
            }
            return Status::Ok();
          },
          [=](const Config& c) { return std::string(c.*section.*field ? "true" : "false"); }};
}

template <typename S>
Setting Str(std::string key, S Config::*section, std::string S::*field, std::string doc,
            std::function<Status(const std::string&)> check = {}, bool secret = false) {
  return {key,
          Kind::kString,
          std::move(doc),
          secret,
          [=](Config& c, const std::string& text) -> Status {
            if (check) RESKILL_RETURN_IF_ERROR(check(text));
            c.*section.*field = text;
            return Status::Ok();
          },
          [=](const Config& c) { return c.*section.*field; }};
}

Status CheckListen(const std::string& text) {
  const auto colon = text.rfind(':');
  long long port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !ParseIntInto("server.listen", text.substr(colon + 1), 0, 65535, port).ok()) {
    return InvalidArgument("server.listen: expected HOST:PORT, got \"" + text + "\"",
                           "server.listen");
  }
  return Status::Ok();
}

Status CheckLevel(const std::string& text) {
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "off"};
  if (!kLevels.contains(text)) {
    return InvalidArgument("log.level: expected trace, debug, info, warn, error or off",
                           "log.level");
  }
  return Status::Ok();
}

Status CheckPublicUrl(const std::string& url) {
  if (url.empty()) return Status::Ok();
  if ((!url.starts_with("http://") && !url.starts_with("https://")) || url.ends_with("/") ||
      url.find_first_of(" \t\r\n") != std::string::npos) {
    return InvalidArgument(
        "web.public_url: expected http(s)://HOST[:PORT][/PATH] without a "
        "trailing slash, got \"" +
            url + "\"",
        "web.public_url");
  }
  return Status::Ok();
}

Status CheckLocale(const std::string& text) {
  if (text != "en" && text != "es") {
    return InvalidArgument("web.default_locale: expected en or es", "web.default_locale");
  }
  return Status::Ok();
}

Status CheckDatabase(const std::string& text) {
  if (text.empty()) return InvalidArgument("database.url: must not be empty", "database.url");
  if (text.find("://") != std::string::npos && !text.starts_with("postgresql://") &&
      !text.starts_with("postgres://")) {
    return InvalidArgument("database.url: a SQLite file path or a postgresql:// URL",
                           "database.url");
  }
  return Status::Ok();
}

Status CheckOneOf(const std::string& key, const std::string& text,
                  std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed) {
    if (text == a) return Status::Ok();
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return InvalidArgument(key + ": expected one of " + list, key);
}

Status CheckSmtpUrl(const std::string& text) {
  if (!text.empty() && !text.starts_with("smtp://") && !text.starts_with("smtps://")) {
    return InvalidArgument("mail.smtp_url: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]",
                           "mail.smtp_url");
  }
  return Status::Ok();
}

Status CheckFrom(const std::string& text) {
  if (text.find('@') == std::string::npos || text.find_first_of("\r\n <>") != std::string::npos) {
    return InvalidArgument(
        "mail.from: expected a bare e-mail address (name goes in mail.from_name)", "mail.from");
  }
  return Status::Ok();
}

// The one declaration of every setting.
const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      Str("server.listen", &Config::server, &ServerConfig::listen,
          "Address and port to listen on, `HOST:PORT`.", CheckListen),
      Int("server.threads", &Config::server, &ServerConfig::threads, 0, 256,
          "Worker threads; 0 means one per CPU core, at least 2."),
      Int("server.max_body_bytes", &Config::server, &ServerConfig::max_body_bytes, 1024, 1LL << 30,
          "Largest request body accepted, in bytes; larger bodies get 413."),
      Int("server.read_timeout_s", &Config::server, &ServerConfig::read_timeout_s, 1, 3600,
          "Seconds allowed to receive a whole request."),
      Int("server.write_timeout_s", &Config::server, &ServerConfig::write_timeout_s, 1, 3600,
          "Seconds allowed to send a whole response."),
      Int("server.handle_timeout_s", &Config::server, &ServerConfig::handle_timeout_s, 1, 3600,
          "Seconds a request handler may run."),
      Int("server.shutdown_grace_s", &Config::server, &ServerConfig::shutdown_grace_s, 0, 600,
          "On SIGTERM or SIGINT, seconds to let in-flight requests finish before exiting."),
      Int("server.max_connections", &Config::server, &ServerConfig::max_connections, 1, 1000000,
          "Concurrent connections accepted; more wait in the listen queue."),
      Bool("server.secure_cookies", &Config::server, &ServerConfig::secure_cookies,
           "Mark cookies `Secure`. Turn on whenever users reach Reskill over HTTPS."),
      Str("database.url", &Config::database, &DatabaseConfig::url,
          "SQLite database file, or a `postgresql://` URL. Secret: a URL may carry a password.",
          CheckDatabase, true),
      Int("database.pool_size", &Config::database, &DatabaseConfig::pool_size, 1, 512,
          "Database connections kept open."),
      Int("database.busy_timeout_ms", &Config::database, &DatabaseConfig::busy_timeout_ms, 0,
          600000, "SQLite: milliseconds a writer waits for the write lock."),
      Int("security.session_ttl_minutes", &Config::security, &SecurityConfig::session_ttl_minutes,
          5, 60 * 24 * 30, "Absolute lifetime of a sign-in session, in minutes."),
      Int("security.session_idle_minutes", &Config::security, &SecurityConfig::session_idle_minutes,
          1, 60 * 24 * 30, "A session unused for this many minutes ends."),
      Int("security.sign_in_slow_after", &Config::security, &SecurityConfig::sign_in_slow_after, 1,
          100, "Consecutive failed sign-ins after which each attempt must wait (1 s, doubling)."),
      Int("security.sign_in_max_failures", &Config::security, &SecurityConfig::sign_in_max_failures,
          1, 1000, "Consecutive failed sign-ins that lock the account."),
      Int("security.lockout_minutes", &Config::security, &SecurityConfig::lockout_minutes, 1,
          60 * 24, "Minutes a locked account stays locked."),
      Int("security.argon2_ops_limit", &Config::security, &SecurityConfig::argon2_ops_limit, 1, 20,
          "Argon2id passes for password hashes."),
      Int("security.argon2_mem_kib", &Config::security, &SecurityConfig::argon2_mem_kib, 8, 4194304,
          "Argon2id memory for password hashes, in KiB."),
      Str("security.contact_key_file", &Config::security, &SecurityConfig::contact_key_file,
          "File holding the key that encrypts contact data (e-mail, phone) at rest: 64 hex digits, "
          "kept outside the database and backed up apart from it. Created with mode 0600 when "
          "missing. Empty: `<SQLite file>.key` beside the database; required with PostgreSQL."),
      Str("log.level", &Config::log, &LogConfig::level,
          "Lowest level logged: trace, debug, info, warn, error or off.", CheckLevel),
      Str("log.file", &Config::log, &LogConfig::file,
          "Append log lines to this file instead of standard error."),
      Bool("log.access", &Config::log, &LogConfig::access, "Log one line per HTTP request."),
      Str("web.default_locale", &Config::web, &WebConfig::default_locale,
          "Language of pages when neither the user's preference nor `Accept-Language` decides: "
          "`en` or `es`.",
          CheckLocale),
      Str("web.default_tenant", &Config::web, &WebConfig::default_tenant,
          "Agency slug pre-filled on the sign-in page (the demo uses `demo`)."),
      Str("web.public_url", &Config::web, &WebConfig::public_url,
          "Base URL of the links e-mailed to clients (activation, consent signature), e.g. "
          "`https://reskill.agency.example`, without a trailing slash. Empty: "
          "`http://<server.listen>`.",
          CheckPublicUrl),
      Str("mail.transport", &Config::mail, &MailConfig::transport,
          "How queued e-mail leaves: `smtp` (to `mail.smtp_url`), `eml` (one `.eml` file per "
          "message in `mail.eml_dir`, for the demo) or `off` (messages stay queued).",
          [](const std::string& t) {
            return CheckOneOf("mail.transport", t, {"smtp", "eml", "off"});
          }),
      Str("mail.smtp_url", &Config::mail, &MailConfig::smtp_url,
          "SMTP server, `smtp://HOST:PORT` (STARTTLS per `mail.starttls`) or `smtps://HOST:PORT` "
          "(TLS from the start).",
          CheckSmtpUrl),
      Str("mail.starttls", &Config::mail, &MailConfig::starttls,
          "For `smtp://`: `require` STARTTLS, `try` it when offered, or `off`.",
          [](const std::string& t) {
            return CheckOneOf("mail.starttls", t, {"require", "try", "off"});
          }),
      Str("mail.from", &Config::mail, &MailConfig::from, "Sender address of every e-mail.",
          CheckFrom),
      Str("mail.from_name", &Config::mail, &MailConfig::from_name,
          "Sender display name of every e-mail."),
      Str("mail.username", &Config::mail, &MailConfig::username,
          "SMTP AUTH user name; empty means no authentication."),
      Str("mail.password", &Config::mail, &MailConfig::password,
          "SMTP AUTH password. Secret: set it through `RESKILL_MAIL_PASSWORD`, not the file.", {},
          true),
      Str("mail.eml_dir", &Config::mail, &MailConfig::eml_dir,
          "Folder that receives one `.eml` file per message with `mail.transport = \"eml\"` "
          "(created with mode 0700; the files hold addresses)."),
      Int("mail.max_attempts", &Config::mail, &MailConfig::max_attempts, 1, 100,
          "Delivery attempts before a message is marked failed."),
      Int("mail.retry_base_s", &Config::mail, &MailConfig::retry_base_s, 1, 86400,
          "Seconds to wait after a message's first failed attempt; the wait doubles after each."),
      Int("mail.retry_max_s", &Config::mail, &MailConfig::retry_max_s, 1, 7 * 86400,
          "Longest wait between two attempts, in seconds."),
      Int("mail.timeout_s", &Config::mail, &MailConfig::timeout_s, 1, 600,
          "Seconds allowed to hand one message to the SMTP server."),
      Int("mail.poll_interval_s", &Config::mail, &MailConfig::poll_interval_s, 1, 3600,
          "How often `reskill serve` (and `reskill mail deliver`) look for due messages, in "
          "seconds."),
      Bool("jobs.enabled", &Config::jobs, &JobsConfig::enabled,
           "Run background work (outbox delivery, scheduled jobs) inside `reskill serve`. Turn "
           "off where another process runs `reskill mail deliver` and `reskill jobs run`."),
      Int("jobs.interval_s", &Config::jobs, &JobsConfig::interval_s, 1, 86400,
          "How often `reskill serve` looks for scheduled job runs that are due, in seconds. A "
          "run is keyed by job and period, so a period's run happens once however often this "
          "looks."),
  };
  return kSettings;
}

std::string EnvName(const std::string& key) {
  std::string name = "RESKILL_";
  for (char c : key)
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string TomlValueText(const toml::node& node, Kind kind, bool& ok) {
  ok = true;
  switch (kind) {
    case Kind::kString:
      if (auto v = node.value<std::string>(); v && node.is_string()) return *v;
      break;
    case Kind::kInt:
      if (auto v = node.value<long long>(); v && node.is_integer()) return std::to_string(*v);
      break;
    case Kind::kBool:
      if (auto v = node.value<bool>(); v && node.is_boolean()) return *v ? "true" : "false";
      break;
  }
  ok = false;
  return {};
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kString: return "string";
    case Kind::kInt: return "integer";
    case Kind::kBool: return "boolean";
  }
  return "string";
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const auto at = url.find('@', scheme + 3);
  if (at == std::string_view::npos) return std::string(url);
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "<redacted>" + std::string(url.substr(at));
}

StatusOr<LoadedConfig> Load(const LoadInput& input) {
  LoadedConfig loaded;
  std::vector<std::string> errors;
  const auto& settings = Settings();
  std::map<std::string, const Setting*> by_key;
  for (const auto& s : settings) {
    by_key[s.key] = &s;
    loaded.sources[s.key] = Source::kDefault;
  }
  const auto apply = [&](const std::string& key, const std::string& text, Source source,
                         const std::string& origin) {
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      errors.push_back(origin + ": unknown setting \"" + key + "\"");
      return;
    }
    Status st = it->second->set(loaded.config, text);
    if (!st.ok()) {
      errors.push_back(origin + ": " + st.public_message());
      return;
    }
    loaded.sources[key] = source;
  };

  if (!input.file_path.empty()) {
    try {
      toml::table table = toml::parse_file(input.file_path);
      for (const auto& [section, node] : table) {
        const auto* sub = node.as_table();
        if (!sub) {
          errors.push_back(input.file_path + ": unknown setting \"" + std::string(section.str()) +
                           "\"");
          continue;
        }
        for (const auto& [name, value] : *sub) {
          const std::string key = std::string(section.str()) + "." + std::string(name.str());
          auto it = by_key.find(key);
          if (it == by_key.end()) {
            errors.push_back(input.file_path + ": unknown setting \"" + key + "\"");
            continue;
          }
          bool ok = false;
          const std::string text = TomlValueText(value, it->second->kind, ok);
          if (!ok) {
            errors.push_back(input.file_path + ": " + key + ": expected a " +
                             std::string(KindName(it->second->kind)));
            continue;
          }
          apply(key, text, Source::kFile, input.file_path);
        }
      }
    } catch (const toml::parse_error& e) {
      errors.push_back(fmt::format("{}:{}:{}: {}", input.file_path, e.source().begin.line,
                                   e.source().begin.column, e.description()));
    }
  }

  std::set<std::string> sections;
  std::map<std::string, std::string> env_names;
  for (const auto& s : settings) {
    sections.insert(EnvName(s.key.substr(0, s.key.find('.'))) + "_");
    env_names[EnvName(s.key)] = s.key;
  }
  for (const auto& entry : input.environment) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = entry.substr(0, eq);
    if (!name.starts_with("RESKILL_")) continue;
    auto known = env_names.find(name);
    if (known != env_names.end()) {
      apply(known->second, entry.substr(eq + 1), Source::kEnvironment, "environment " + name);
      continue;
    }
    for (const auto& prefix : sections) {
      if (name.starts_with(prefix)) errors.push_back("environment: unknown setting " + name);
    }
  }

  for (const auto& [key, value] : input.overrides)
    apply(key, value, Source::kCommandLine, "command line");

  if (!errors.empty()) {
    std::string message = "invalid configuration:";
    for (const auto& e : errors) message += "\n  " + e;
    return InvalidArgument(message);
  }
  return loaded;
}

std::string Show(const LoadedConfig& loaded) {
  std::string out;
  std::string section;
  for (const auto& s : Settings()) {
    const std::string this_section = s.key.substr(0, s.key.find('.'));
    if (this_section != section) {
      if (!section.empty()) out += "\n";
      out += "[" + this_section + "]\n";
      section = this_section;
    }
    std::string value = s.get(loaded.config);
    if (s.secret) value = s.key == "database.url" ? RedactUrl(value) : "<redacted>";
    if (s.kind == Kind::kString) {
      std::string quoted = "\"";
      for (char c : value) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
      }
      value = quoted + "\"";
    }
    std::string_view source = "default";
    switch (loaded.sources.at(s.key)) {
      case Source::kDefault: source = "default"; break;
      case Source::kFile: source = "file"; break;
      case Source::kEnvironment: source = "environment"; break;
      case Source::kCommandLine: source = "command line"; break;
    }
    out += fmt::format("{} = {}  # {}\n", s.key.substr(s.key.find('.') + 1), value, source);
  }
  return out;
}

std::string DocsMarkdown() {
  std::string out =
      "# Configuration\n\n"
      "<!-- Generated by `reskill config docs` from src/config/config.cpp. Do not edit. -->\n\n"
      "Reskill reads its settings in this order, each overriding the one before:\n"
      "built-in defaults, the TOML file given with `--config FILE`, environment variables\n"
      "`RESKILL_<SECTION>_<KEY>` (for example `RESKILL_SERVER_LISTEN`), and command-line flags\n"
      "(`--db`, `--listen`). The whole configuration is validated at start and every problem is\n"
      "reported at once; unknown keys are errors. `reskill config show` prints the effective\n"
      "values with secrets redacted; `reskill config check` only validates.\n\n"
      "Example file:\n\n```toml\n[server]\nlisten = \"0.0.0.0:8080\"\nsecure_cookies = true\n\n"
      "[database]\nurl = \"postgresql://reskill@db.internal/reskill\"\n```\n\n"
      "| Setting | Environment variable | Type | Default | Meaning |\n"
      "|---|---|---|---|---|\n";
  const Config defaults;
  for (const auto& s : Settings()) {
    std::string def = s.get(defaults);
    if (def.empty()) def = "(empty)";
    out += fmt::format("| `{}` | `{}` | {} | `{}` | {} |\n", s.key, EnvName(s.key),
                       KindName(s.kind), def, s.doc);
  }
  return out;
}

}  // namespace reskill::config
