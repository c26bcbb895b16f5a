// The demo transport: one .eml file per message in a folder.
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mail/mailers.hpp"

namespace reskill::mail {

namespace {

std::string FileStamp(Timestamp t) {
  const std::time_t s = static_cast<std::time_t>(ToUnixMillis(t) / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  return fmt::format("{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

class EmlMailer final : public app::Mailer {
 public:
  EmlMailer(std::string directory, Sender sender)
      : directory_(std::move(directory)), sender_(std::move(sender)) {}

  Status Send(const app::Email& email, std::string_view message_key, Timestamp date) override {
    std::string safe_key;
    for (char c : message_key) safe_key += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    const std::string name = FileStamp(date) + "-" + safe_key + ".eml";
    const std::string final_path = directory_ + "/" + name;
    const std::string temp_path = directory_ + "/." + name + ".tmp";
    const std::string text = FormatMessage(email, sender_, message_key, date);
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Unavailable("cannot write to the mail folder", std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(temp_path.c_str());
        return Unavailable("cannot write to the mail folder", std::strerror(err));
      }
      done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed || ::rename(temp_path.c_str(), final_path.c_str()) != 0) {
      const int err = errno;
      ::unlink(temp_path.c_str());
      return Unavailable("cannot write to the mail folder", std::strerror(err));
    }
    return Status::Ok();
  }

  std::string_view name() const override { return "eml"; }

 private:
  std::string directory_;
  Sender sender_;
};

}  // namespace

StatusOr<std::unique_ptr<app::Mailer>> MakeEmlMailer(std::string directory, Sender sender) {
  if (directory.empty()) return InvalidArgument("mail.eml_dir: must not be empty", "mail.eml_dir");
  std::error_code ec;
  const bool created = std::filesystem::create_directories(directory, ec);
  if (ec) {
    return Unavailable("cannot create the mail folder (mail.eml_dir)",
                       directory + ": " + ec.message());
  }
  // The files hold addresses: a folder we create is the owner's alone.
  if (created) ::chmod(directory.c_str(), 0700);
  return std::unique_ptr<app::Mailer>(
      std::make_unique<EmlMailer>(std::move(directory), std::move(sender)));
}

}  // namespace reskill::mail
