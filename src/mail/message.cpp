#include "mail/message.hpp"

#include <array>
#include <ctime>

#include <fmt/format.h>

namespace reskill::mail {

namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";

std::string OneLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

bool IsPlainAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Length of the UTF-8 sequence starting with byte `c` (1 for stray continuation bytes).
std::size_t SequenceLength(unsigned char c) {
  if (c >= 0xf0) return 4;
  if (c >= 0xe0) return 3;
  if (c >= 0xc0) return 2;
  return 1;
}

std::string DomainOf(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at + 1 == address.size()) return "reskill.invalid";
  return std::string(address.substr(at + 1));
}

// RFC 5322 "atext" plus space: a display name made only of these needs no quoting.
bool IsAtomText(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-/=?^_`{|}~ ").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

void Header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

}  // namespace

std::string FormatDate(Timestamp date) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(ToUnixMillis(date) / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", kDays.at(tm.tm_wday),
                     tm.tm_mday, kMonths.at(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
}

std::string EncodeHeaderText(std::string_view text) {
  const std::string line = OneLine(text);
  if (IsPlainAscii(line)) return line;
  // RFC 2047 §2: an encoded word is at most 75 characters; "=?UTF-8?B?" + "?=" take 12, which
  // leaves 63 base64 characters, i.e. 45 bytes of text per word.
  constexpr std::size_t kBytesPerWord = 45;
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    std::size_t end = i;
    while (end < line.size()) {
      const std::size_t n = SequenceLength(static_cast<unsigned char>(line[end]));
      if (end + n - i > kBytesPerWord) break;
      end += n;
    }
    if (end == i) end = std::min(line.size(), i + kBytesPerWord);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(line).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string FormatAddress(std::string_view name, std::string_view address) {
  const std::string addr = OneLine(address);
  const std::string display = OneLine(name);
  if (display.empty()) return addr;
  if (!IsPlainAscii(display)) return EncodeHeaderText(display) + " <" + addr + ">";
  if (IsAtomText(display)) return display + " <" + addr + ">";
  std::string quoted = "\"";
  for (char c : display) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + addr + ">";
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  std::size_t column = 0;
  const auto put = [&](std::string_view piece) {
    // Soft line break (RFC 2045 §6.7 rule 5) so no encoded line exceeds 76 characters.
    if (column + piece.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool literal =
        (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    // A leading '.' is encoded too, so no line of the body can end the SMTP DATA.
    if (literal && !(c == '.' && column == 0)) {
      put(std::string_view(reinterpret_cast<const char*>(&text[i]), 1));
    } else {
      const char encoded[3] = {'=', kHex[c >> 4], kHex[c & 15]};
      put(std::string_view(encoded, 3));
    }
  }
  return out;
}

std::string FormatMessage(const app::Email& email, const Sender& sender,
                          std::string_view message_key, Timestamp date) {
  std::string out;
  Header(out, "Date", FormatDate(date));
  Header(out, "From", FormatAddress(sender.name, sender.address));
  Header(out, "To", FormatAddress(email.to_name, email.to_address));
  Header(out, "Subject", EncodeHeaderText(email.subject));
  Header(out, "Message-ID", "<" + OneLine(message_key) + "@" + DomainOf(sender.address) + ">");
  Header(out, "MIME-Version", "1.0");
  if (!email.locale.empty()) Header(out, "Content-Language", OneLine(email.locale));
  // RFC 3834: machine-generated, so vacation responders do not answer it.
  Header(out, "Auto-Submitted", "auto-generated");
  const auto part = [&](std::string_view type, std::string_view body) {
    std::string p;
    Header(p, "Content-Type", std::string(type) + "; charset=UTF-8");
    Header(p, "Content-Transfer-Encoding", "quoted-printable");
    p += "\r\n";
    p += QuotedPrintable(body);
    p += "\r\n";
    return p;
  };
  if (email.html_body.empty()) {
    out += part("text/plain", email.text_body);
    return out;
  }
  // "=_" cannot occur in quoted-printable text, so the boundary never appears in a part.
  const std::string boundary = "=_reskill_" + OneLine(message_key);
  Header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  out += "\r\n";
  out += "--" + boundary + "\r\n";
  out += part("text/plain", email.text_body);
  out += "--" + boundary + "\r\n";
  out += part("text/html", email.html_body);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace reskill::mail
