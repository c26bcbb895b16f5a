// The mail transport port: hands one e-mail to SMTP, or to a folder of .eml files in the demo.
// Adapters live in src/mail/. Implementations are thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "app/ports/outbox.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

class Mailer {
 public:
  virtual ~Mailer() = default;
  /// Sends `email` as an RFC 5322 message dated `date`, whose Message-ID is built from
  /// `message_key` (unique per message and stable across retries). OK once the transport has
  /// accepted it. kUnavailable for a failure worth retrying (connection refused, timeout, a 4xx
  /// reply); kInvalidArgument or kFailedPrecondition when retrying cannot help (a 5xx reply).
  /// The Status text never contains an address or any part of the message.
  virtual Status Send(const Email& email, std::string_view message_key, Timestamp date) = 0;
  /// "smtp", "eml" or "off", for logs.
  virtual std::string_view name() const = 0;
};

}  // namespace reskill::app
