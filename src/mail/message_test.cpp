// Unit tests of the RFC 5322 / MIME formatting of outgoing e-mail.
#include "mail/message.hpp"

#include <gtest/gtest.h>

namespace reskill::mail {
namespace {

Timestamp At(std::int64_t ms) {
  return FromUnixMillis(ms);
}

app::Email Sample() {
  app::Email e;
  e.tenant_id = TenantId(7);
  e.kind = "invitation";
  e.dedupe_key = "invitation:1:1";
  e.to_address = "ana@example.org";
  e.to_name = "Ana Pérez";
  e.locale = "es";
  e.subject = "Su invitación: activación de la licencia";
  e.text_body = "Hola Ana,\nabra https://reskill.example/activate/abc?x=1 para empezar.\n";
  return e;
}

TEST(MailMessage, DateIsRfc5322InUtc) {
  EXPECT_EQ(FormatDate(At(1'795'412'849'000)), "Mon, 23 Nov 2026 05:47:29 +0000");
  EXPECT_EQ(FormatDate(At(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(MailMessage, AsciiHeaderTextIsUnchanged) {
  EXPECT_EQ(EncodeHeaderText("Your invitation"), "Your invitation");
}

TEST(MailMessage, NonAsciiHeaderTextIsEncodedInWordsOfAtMost75Characters) {
  const std::string long_text =
      "Recordatorio: su licencia está activa — complete al menos un módulo este mes, por favor";
  const std::string encoded = EncodeHeaderText(long_text);
  EXPECT_TRUE(encoded.starts_with("=?UTF-8?B?"));
  std::size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n ", start);
    const std::string word = encoded.substr(start, end == std::string::npos ? end : end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
    ++words;
    if (end == std::string::npos) break;
    start = end + 3;
  }
  EXPECT_GE(words, 2);
  EXPECT_EQ(EncodeHeaderText("Ñandú"), "=?UTF-8?B?w5FhbmTDug==?=");
}

TEST(MailMessage, HeaderValuesCannotInjectHeaders) {
  EXPECT_EQ(EncodeHeaderText("Hi\r\nBcc: evil@example.org"), "Hi  Bcc: evil@example.org");
  EXPECT_EQ(FormatAddress("A\nB", "a@b\r\nBcc: x@y"), "A B <a@b  Bcc: x@y>");
}

TEST(MailMessage, AddressesQuoteOrEncodeTheName) {
  EXPECT_EQ(FormatAddress("", "a@b.org"), "a@b.org");
  EXPECT_EQ(FormatAddress("Ana Smith", "a@b.org"), "Ana Smith <a@b.org>");
  EXPECT_EQ(FormatAddress("Smith, Ana \"A\"", "a@b.org"), "\"Smith, Ana \\\"A\\\"\" <a@b.org>");
  EXPECT_EQ(FormatAddress("José", "a@b.org"), "=?UTF-8?B?Sm9zw6k=?= <a@b.org>");
}

TEST(MailMessage, QuotedPrintableKeepsLinesShortAndEncodesWhatItMust) {
  EXPECT_EQ(QuotedPrintable("a=b\n"), "a=3Db\r\n");
  EXPECT_EQ(QuotedPrintable("trailing \nnext"), "trailing=20\r\nnext");
  EXPECT_EQ(QuotedPrintable("ñ"), "=C3=B1");
  EXPECT_EQ(QuotedPrintable(".\n"), "=2E\r\n");
  const std::string long_line(200, 'x');
  const std::string qp = QuotedPrintable(long_line);
  std::size_t start = 0;
  std::string joined;
  while (start < qp.size()) {
    auto end = qp.find("\r\n", start);
    std::string line = qp.substr(start, end == std::string::npos ? end : end - start);
    EXPECT_LE(line.size(), 76u);
    if (line.ends_with("=")) line.pop_back();
    joined += line;
    if (end == std::string::npos) break;
    start = end + 2;
  }
  EXPECT_EQ(joined, long_line);
}

TEST(MailMessage, PlainMessageHasTheHeadersAndCrlfLines) {
  const std::string m = FormatMessage(Sample(), Sender{"no-reply@agency.example", "Agencia"},
                                      "reskill.7.42", At(1'795'412'849'000));
  EXPECT_NE(m.find("Date: Mon, 23 Nov 2026 05:47:29 +0000\r\n"), std::string::npos);
  EXPECT_NE(m.find("From: Agencia <no-reply@agency.example>\r\n"), std::string::npos);
  EXPECT_NE(m.find("To: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m.find("<ana@example.org>\r\n"), std::string::npos);
  EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <reskill.7.42@agency.example>\r\n"), std::string::npos);
  EXPECT_NE(m.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(m.find("Content-Language: es\r\n"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(m.find("https://reskill.example/activate/abc?x=3D1"), std::string::npos);
  EXPECT_EQ(m.find("multipart"), std::string::npos);
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\n') {
      ASSERT_TRUE(i > 0 && m[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(MailMessage, HtmlPartMakesAMultipartAlternative) {
  app::Email e = Sample();
  e.html_body = "<p>Hola <b>Ana</b></p>";
  const std::string m = FormatMessage(e, Sender{}, "reskill.7.43", At(0));
  EXPECT_NE(m.find("Content-Type: multipart/alternative; boundary=\"=_reskill_reskill.7.43\""),
            std::string::npos);
  const auto plain = m.find("Content-Type: text/plain; charset=UTF-8");
  const auto html = m.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(plain, html);  // RFC 2046 §5.1.4: the preferred (richest) part comes last
  EXPECT_NE(m.find("--=_reskill_reskill.7.43--\r\n"), std::string::npos);
}

}  // namespace
}  // namespace reskill::mail
