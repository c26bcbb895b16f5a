// RFC 5322 / MIME formatting of an app::Email: headers with RFC 2047 encoded words for non-ASCII
// text, quoted-printable UTF-8 bodies, multipart/alternative when there is an HTML part, CRLF
// line ends. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "app/ports/outbox.hpp"
#include "common/time.hpp"

namespace reskill::mail {

/// The sender every message carries.
struct Sender {
  std::string address = "no-reply@reskill.invalid";
  std::string name = "Reskill";
};

/// The whole message, ready for SMTP DATA or a .eml file. The Message-ID is
/// `<message_key@domain of the sender>`. Header values lose any CR or LF (no header injection).
std::string FormatMessage(const app::Email& email, const Sender& sender,
                          std::string_view message_key, Timestamp date);

/// "Mon, 23 Nov 2026 05:47:29 +0000" (RFC 5322 §3.3, in UTC).
std::string FormatDate(Timestamp date);
/// `text` unchanged when it is printable ASCII; otherwise RFC 2047 "=?UTF-8?B?…?=" words of at
/// most 75 characters, separated by CRLF + space (folding), none splitting a UTF-8 sequence.
std::string EncodeHeaderText(std::string_view text);
/// "Name <a@b>", the name quoted or encoded as needed; just "a@b" without a name.
std::string FormatAddress(std::string_view name, std::string_view address);
/// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: LF or CRLF line ends become CRLF, lines are at
/// most 76 characters with soft breaks, and trailing spaces are encoded.
std::string QuotedPrintable(std::string_view text);

}  // namespace reskill::mail
