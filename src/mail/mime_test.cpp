#include "mail/mime.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/qr_code.h"
#include "util/text.h"

namespace lineport::mail {
namespace {

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    const auto end = s.find("\r\n", pos);
    if (end == std::string::npos) {
      if (pos < s.size()) lines.push_back(s.substr(pos));
      break;
    }
    lines.push_back(s.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// An independent quoted-printable decoder (CRLF in, LF out).
std::string decode_qp(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '=' && s.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (s[i] == '=') {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string decode_base64(std::string_view s) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : s) {
    if (c == '=') break;
    buffer = buffer << 6 | static_cast<std::uint32_t>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(buffer >> bits & 0xFF);
    }
  }
  return out;
}

// Unfolds "Subject: =?UTF-8?B?…?=\r\n =?UTF-8?B?…?=" into the original text.
std::string decode_encoded_words(const std::string& value) {
  std::string out;
  std::size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = value.find("?=", pos + 10);
    const std::string word = decode_base64(value.substr(pos + 10, end - pos - 10));
    EXPECT_TRUE(text::is_valid_utf8(word)) << "an encoded word splits a character";
    out += word;
    pos = end + 2;
  }
  return out;
}

OutgoingMail sample(std::optional<std::string> html = std::nullopt) {
  return {"01jabcdefghkmnpq", "Lineport <no-reply@lineport.test>", 1762247100,
          Message{"password_reset", "ana@example.com", "Reset your Lineport password",
                  "Hello Ana,\n\nReset link: https://portal.test/reset?t=abc=def\n", std::move(html)}};
}

// Header name → value (unfolded) of the message's top-level header block.
std::map<std::string, std::string> headers_of(const std::string& message) {
  std::map<std::string, std::string> headers;
  std::string last;
  for (const auto& line : split_lines(message.substr(0, message.find("\r\n\r\n")))) {
    if (line.starts_with(" ") || line.starts_with("\t")) {
      headers[last] += line;
      continue;
    }
    const auto colon = line.find(':');
    last = line.substr(0, colon);
    headers[last] = line.substr(colon + 2);
  }
  return headers;
}

TEST(MimeTest, TextOnlyMessageHasTheHeadersAndOneQuotedPrintablePart) {
  const std::string msg = build_rfc5322(sample());
  const auto h = headers_of(msg);
  EXPECT_EQ(h.at("From"), "Lineport <no-reply@lineport.test>");
  EXPECT_EQ(h.at("To"), "ana@example.com");
  EXPECT_EQ(h.at("Subject"), "Reset your Lineport password");
  EXPECT_EQ(h.at("Date"), "Tue, 04 Nov 2025 09:05:00 +0000");
  EXPECT_EQ(h.at("Message-ID"), "<01jabcdefghkmnpq@lineport>");
  EXPECT_EQ(h.at("MIME-Version"), "1.0");
  EXPECT_EQ(h.at("X-Lineport-Event"), "password_reset");
  EXPECT_EQ(h.at("Content-Type"), "text/plain; charset=UTF-8");
  // Plain ASCII goes as written: the reset link can be read straight from the file.
  EXPECT_EQ(h.at("Content-Transfer-Encoding"), "7bit");
  const std::string body = msg.substr(msg.find("\r\n\r\n") + 4);
  EXPECT_EQ(body, "Hello Ana,\r\n\r\nReset link: https://portal.test/reset?t=abc=def\r\n");
}

TEST(MimeTest, NonAsciiTextIsQuotedPrintable) {
  auto mail = sample();
  mail.message.text = "Hola, José:\n\nEnlace de restablecimiento: https://portal.test/r?t=abc\n";
  const std::string msg = build_rfc5322(mail);
  EXPECT_EQ(headers_of(msg).at("Content-Transfer-Encoding"), "quoted-printable");
  const std::string body = msg.substr(msg.find("\r\n\r\n") + 4);
  EXPECT_EQ(decode_qp(body), mail.message.text);
  EXPECT_NE(body.find("Jos=C3=A9"), std::string::npos);

  mail.message.text = std::string(999, 'a');  // too long a line for 7bit
  EXPECT_EQ(headers_of(build_rfc5322(mail)).at("Content-Transfer-Encoding"), "quoted-printable");
}

TEST(MimeTest, EveryLineEndsInCrlfAndFitsTheLimit) {
  auto mail = sample("<p>" + std::string(300, 'x') + "</p>\n");
  mail.message.text = "ñ" + std::string(500, 'y') + "\nshort\rmac\r\nwindows\n";
  mail.message.subject = "A subject long enough to need folding: " + std::string(20, 's') + " and more words here";
  const std::string msg = build_rfc5322(mail);
  for (std::size_t i = 0; i < msg.size(); ++i) {
    if (msg[i] == '\n') {
      ASSERT_TRUE(i > 0 && msg[i - 1] == '\r') << "bare LF at " << i;
    }
    if (msg[i] == '\r') {
      ASSERT_TRUE(i + 1 < msg.size() && msg[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  for (const auto& line : split_lines(msg)) EXPECT_LE(line.size(), 998u);
  for (const auto& line : split_lines(msg.substr(0, msg.find("\r\n\r\n")))) EXPECT_LE(line.size(), 78u) << line;
}

TEST(MimeTest, HtmlMakesMultipartAlternative) {
  const std::string msg = build_rfc5322(sample(std::string("<p>Hello &amp; welcome</p>")));
  const auto h = headers_of(msg);
  EXPECT_EQ(h.at("Content-Type"), "multipart/alternative; boundary=\"=_lineport_01jabcdefghkmnpq\"");
  const std::string boundary = "--=_lineport_01jabcdefghkmnpq";
  const auto text_part = msg.find(boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n");
  const auto html_part = msg.find(boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\n");
  ASSERT_NE(text_part, std::string::npos);
  ASSERT_NE(html_part, std::string::npos);
  EXPECT_LT(text_part, html_part);  // the preferred alternative comes last
  EXPECT_TRUE(msg.ends_with(boundary + "--\r\n"));
  EXPECT_NE(msg.find("<p>Hello &amp; welcome</p>"), std::string::npos);
}

TEST(MimeTest, TheSameOutboxRowBuildsTheSameBytes) {
  EXPECT_EQ(build_rfc5322(sample("<b>x</b>")), build_rfc5322(sample("<b>x</b>")));
}

TEST(MimeTest, NonAsciiSubjectIsEncodedAsRfc2047Words) {
  const std::string subject = "Restablezca su contraseña de Lineport — ¡ahora! Ação, ñandú, 日本語のテキスト";
  const std::string line = header_line("Subject", subject);
  EXPECT_TRUE(line.starts_with("Subject: =?UTF-8?B?"));
  for (const auto& l : split_lines(line)) {
    EXPECT_LE(l.size(), 78u);
    for (const char c : l) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
  }
  EXPECT_GT(split_lines(line).size(), 1u);
  EXPECT_EQ(decode_encoded_words(line), subject);
}

TEST(MimeTest, AsciiSubjectStaysReadableAndFoldsAtSpaces) {
  EXPECT_EQ(header_line("Subject", "Your Lineport sign-in PIN"), "Subject: Your Lineport sign-in PIN");
  std::string long_subject;
  for (int i = 0; i < 30; ++i) long_subject += "word" + std::to_string(i) + " ";
  long_subject += "end";
  const std::string line = header_line("Subject", long_subject);
  const auto lines = split_lines(line);
  ASSERT_GT(lines.size(), 1u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 78u);
    if (i > 0) {
      EXPECT_TRUE(lines[i].starts_with(" "));
    }
  }
  std::string unfolded = line;
  for (std::size_t p; (p = unfolded.find("\r\n")) != std::string::npos;) unfolded.erase(p, 2);
  EXPECT_EQ(unfolded, "Subject: " + long_subject);
}

TEST(MimeTest, TextThatLooksLikeAnEncodedWordIsEncoded) {
  const std::string line = header_line("Subject", "=?UTF-8?B?SGk=?=");
  EXPECT_EQ(decode_encoded_words(line), "=?UTF-8?B?SGk=?=");
}

TEST(MimeTest, QuotedPrintableRoundTripsAndKeepsLinesShort) {
  const std::string inputs[] = {
      "plain text\n",
      "trailing space \nand tab\t\nend",
      "equals = sign and 100% sure\n",
      ".leading dot\n..two\n",
      std::string(200, 'a') + "\n",
      "Contraseña: ñ€𝄞 " + std::string(120, 'z'),
      "mixed\r\nline\rendings\n",
  };
  for (const auto& in : inputs) {
    const std::string qp = encode_quoted_printable(in);
    std::string normalized;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '\r') {
        normalized += '\n';
        if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
      } else {
        normalized += in[i];
      }
    }
    EXPECT_EQ(decode_qp(qp), normalized);
    for (const auto& line : split_lines(qp)) {
      EXPECT_LE(line.size(), 76u);
      EXPECT_FALSE(line.starts_with(".")) << line;
      EXPECT_FALSE(line.ends_with(" ") || line.ends_with("\t")) << line;
      for (const char c : line) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
    }
  }
}

TEST(MimeTest, SenderDisplayNamesAreQuotedOrEncoded) {
  auto mail = sample();
  mail.from = "Lineport, Inc. <no-reply@lineport.test>";
  EXPECT_EQ(headers_of(build_rfc5322(mail)).at("From"), "\"Lineport, Inc.\" <no-reply@lineport.test>");
  mail.from = "Atención Lineport <no-reply@lineport.test>";
  const std::string from = headers_of(build_rfc5322(mail)).at("From");
  EXPECT_TRUE(from.starts_with("=?UTF-8?B?"));
  EXPECT_TRUE(from.ends_with(" <no-reply@lineport.test>"));
  EXPECT_EQ(decode_encoded_words(from), "Atención Lineport");
  mail.from = "no-reply@lineport.test";
  EXPECT_EQ(headers_of(build_rfc5322(mail)).at("From"), "no-reply@lineport.test");
  EXPECT_EQ(address_of("Lineport <no-reply@lineport.test>"), "no-reply@lineport.test");
  EXPECT_EQ(address_of(" no-reply@lineport.test "), "no-reply@lineport.test");
}

TEST(MimeTest, RefusesHeaderInjection) {
  auto mail = sample();
  mail.message.subject = "Hi\r\nBcc: victim@example.com";
  EXPECT_THROW(build_rfc5322(mail), std::invalid_argument);
  mail = sample();
  mail.message.to = "ana@example.com\r\nBcc: victim@example.com";
  EXPECT_THROW(build_rfc5322(mail), std::invalid_argument);
  mail = sample();
  mail.message.to = "ana@example.com, victim@example.com";
  EXPECT_THROW(build_rfc5322(mail), std::invalid_argument);
  mail = sample();
  mail.from = "Lineport <no-reply@lineport.test>\r\nBcc: victim@example.com";
  EXPECT_THROW(build_rfc5322(mail), std::invalid_argument);
  mail = sample();
  mail.id = "../../etc/passwd";
  EXPECT_THROW(build_rfc5322(mail), std::invalid_argument);
}

constexpr const char* activation_link = "https://portal.test/activate?login=ana%40example.com&c=1";

// The text between "--boundary\r\n" lines, without the CRLF that belongs to the next delimiter.
std::vector<std::string> parts_of(const std::string& msg, const std::string& boundary) {
  const std::string open = "--" + boundary + "\r\n";
  const std::string close = "\r\n--" + boundary + "--";
  std::vector<std::string> parts;
  auto pos = msg.find(open);
  while (pos != std::string::npos) {
    const auto start = pos + open.size();
    auto next = msg.find("\r\n" + open, start);
    const auto end = next != std::string::npos ? next : msg.find(close, start);
    if (end == std::string::npos) break;
    parts.push_back(msg.substr(start, end - start));
    pos = next == std::string::npos ? next : next + 2;
  }
  return parts;
}

std::string body_of(const std::string& part) {
  return part.substr(part.find("\r\n\r\n") + 4);
}

void expect_inline_qr_png(const std::string& part) {
  const auto h = headers_of(part);
  EXPECT_EQ(h.at("Content-Type"), "image/png");
  EXPECT_EQ(h.at("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(h.at("Content-ID"), "<qr@lineport>");
  EXPECT_EQ(h.at("Content-Disposition"), "inline; filename=\"activation-qr.png\"");
  std::string joined;
  for (const auto& line : split_lines(body_of(part))) {
    EXPECT_LE(line.size(), 76u);
    joined += line;
  }
  EXPECT_EQ(decode_base64(joined), qr::qr_png(activation_link));
}

TEST(MimeTest, QrLinkWithHtmlMakesMultipartRelatedWithTheImageInline) {
  auto mail = sample(std::string("<p>Scan:</p><img src=\"cid:qr@lineport\" alt=\"QR\">"));
  mail.message.qr_link = activation_link;
  const std::string msg = build_rfc5322(mail);
  EXPECT_EQ(headers_of(msg).at("Content-Type"),
            "multipart/related; boundary=\"=_lineport_related_01jabcdefghkmnpq\"; "
            "type=\"multipart/alternative\"");
  EXPECT_TRUE(msg.ends_with("\r\n--=_lineport_related_01jabcdefghkmnpq--\r\n"));
  const auto parts = parts_of(msg, "=_lineport_related_01jabcdefghkmnpq");
  ASSERT_EQ(parts.size(), 2u);

  // The first part is the text and HTML alternative, unchanged: ASCII text still goes as 7bit.
  EXPECT_EQ(headers_of(parts[0]).at("Content-Type"), "multipart/alternative; boundary=\"=_lineport_01jabcdefghkmnpq\"");
  const auto alternatives = parts_of(parts[0], "=_lineport_01jabcdefghkmnpq");
  ASSERT_EQ(alternatives.size(), 2u);
  EXPECT_EQ(headers_of(alternatives[0]).at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(headers_of(alternatives[0]).at("Content-Transfer-Encoding"), "7bit");
  EXPECT_EQ(body_of(alternatives[0]), "Hello Ana,\r\n\r\nReset link: https://portal.test/reset?t=abc=def\r\n");
  EXPECT_EQ(headers_of(alternatives[1]).at("Content-Type"), "text/html; charset=UTF-8");
  EXPECT_EQ(body_of(alternatives[1]), *mail.message.html);

  expect_inline_qr_png(parts[1]);
  for (const auto& line : split_lines(msg.substr(0, msg.find("\r\n\r\n")))) EXPECT_LE(line.size(), 78u) << line;
}

TEST(MimeTest, QrLinkWithoutHtmlMakesMultipartMixed) {
  auto mail = sample();
  mail.message.text = "Olá Ana,\n\nActivation code: 48291375\n";
  mail.message.qr_link = activation_link;
  const std::string msg = build_rfc5322(mail);
  EXPECT_EQ(headers_of(msg).at("Content-Type"), "multipart/mixed; boundary=\"=_lineport_mixed_01jabcdefghkmnpq\"");
  const auto parts = parts_of(msg, "=_lineport_mixed_01jabcdefghkmnpq");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(headers_of(parts[0]).at("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(decode_qp(body_of(parts[0])), mail.message.text);
  expect_inline_qr_png(parts[1]);
  EXPECT_EQ(build_rfc5322(mail), msg);  // the image is made the same way on every retry
}

TEST(MimeTest, AnSmsIsNotBuiltAsAnEmail) {
  auto mail = sample();
  mail.message.channel = "sms";
  mail.message.to = "+14155550123";
  EXPECT_THROW(build_rfc5322(mail), std::invalid_argument);
}

TEST(MimeTest, DatesAreRfc5322InUtc) {
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(1709251199), "Thu, 29 Feb 2024 23:59:59 +0000");
}

}  // namespace
}  // namespace lineport::mail
