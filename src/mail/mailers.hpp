// Mail transports (app::Mailer): SMTP over libcurl (smtp:// or smtps://, STARTTLS, AUTH) and a
// folder of .eml files for the demo. Both are thread-safe: each Send() uses its own handle or file.
#pragma once

#include <memory>
#include <string>

#include "app/ports/mailer.hpp"
#include "mail/message.hpp"

namespace reskill::mail {

enum class StartTls { kOff, kTry, kRequire };

struct SmtpOptions {
  std::string url;  ///< "smtp://host:587" or "smtps://host:465".
  Sender sender;
  std::string username;  ///< Empty: no AUTH.
  std::string password;
  StartTls starttls = StartTls::kRequire;  ///< For smtp:// URLs; smtps:// is TLS from the start.
  int timeout_s = 30;                      ///< Whole-transaction limit per message.
};

/// kInvalidArgument when the URL is not smtp:// or smtps://, or the sender has no address.
StatusOr<std::unique_ptr<app::Mailer>> MakeSmtpMailer(SmtpOptions options);

/// Writes each message to `directory` as "<date>-<message key>.eml" (mode 0600, written to a
/// temporary name first, then renamed), creating the directory (mode 0700) when missing;
/// kUnavailable when it cannot be created.
StatusOr<std::unique_ptr<app::Mailer>> MakeEmlMailer(std::string directory, Sender sender);

}  // namespace reskill::mail
