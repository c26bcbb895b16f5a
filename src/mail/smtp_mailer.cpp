// The SMTP transport over libcurl. Errors are built from libcurl's code and the server's reply
// code only, never from reply text, which may echo an address.
#include <cstring>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

#include "mail/mailers.hpp"

namespace reskill::mail {

namespace {

struct Upload {
  std::string data;
  std::size_t pos = 0;
};

std::size_t ReadBody(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->data.size() - up->pos);
  std::memcpy(buffer, up->data.data() + up->pos, n);
  up->pos += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Transient: the server or network may do better later (RFC 5321 §4.2.1: 4yz replies are
// transient, 5yz permanent).
bool IsTransient(CURLcode code, long reply) {
  if (reply >= 500 && reply < 600) return false;
  switch (code) {
    case CURLE_LOGIN_DENIED:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return false;
    default: return true;
  }
}

class SmtpMailer final : public app::Mailer {
 public:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {}

  Status Send(const app::Email& email, std::string_view message_key, Timestamp date) override {
    std::unique_ptr<CURL, CurlDeleter> h(curl_easy_init());
    if (!h) return Unavailable("the SMTP client could not start");
    Upload body{FormatMessage(email, options_.sender, message_key, date)};
    const std::string from = "<" + options_.sender.address + ">";
    const std::string to = "<" + email.to_address + ">";
    std::unique_ptr<curl_slist, SlistDeleter> rcpt(curl_slist_append(nullptr, to.c_str()));
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadBody);
    curl_easy_setopt(c, CURLOPT_READDATA, &body);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout_s));
    if (options_.url.starts_with("smtp://")) {
      switch (options_.starttls) {
        case StartTls::kOff: curl_easy_setopt(c, CURLOPT_USE_SSL, CURLUSESSL_NONE); break;
        case StartTls::kTry: curl_easy_setopt(c, CURLOPT_USE_SSL, CURLUSESSL_TRY); break;
        case StartTls::kRequire: curl_easy_setopt(c, CURLOPT_USE_SSL, CURLUSESSL_ALL); break;
      }
    }
    if (!options_.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(c);
    if (code == CURLE_OK) return Status::Ok();
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    std::string why = fmt::format("SMTP: {}", curl_easy_strerror(code));
    if (reply != 0) why += fmt::format(" (server replied {})", reply);
    if (IsTransient(code, reply)) return Unavailable(why);
    return FailedPrecondition(why);
  }

  std::string_view name() const override { return "smtp"; }

 private:
  SmtpOptions options_;
};

}  // namespace

StatusOr<std::unique_ptr<app::Mailer>> MakeSmtpMailer(SmtpOptions options) {
  if (!options.url.starts_with("smtp://") && !options.url.starts_with("smtps://")) {
    return InvalidArgument("mail.smtp_url: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]",
                           "mail.smtp_url");
  }
  if (options.sender.address.find('@') == std::string::npos) {
    return InvalidArgument("mail.from: expected an e-mail address", "mail.from");
  }
  // curl_global_init is not thread-safe in older libcurl: once, before any handle.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::unique_ptr<app::Mailer>(std::make_unique<SmtpMailer>(std::move(options)));
}

}  // namespace reskill::mail
