#include "mail/mime.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "util/qr_code.h"
#include "util/text.h"

namespace lineport::mail {
namespace {

constexpr std::size_t fold_at = 78;
// 39 bytes become 52 base64 characters: "Subject: =?UTF-8?B?…?=" stays within 78 columns.
constexpr std::size_t encoded_word_bytes = 39;

std::string base64(std::string_view in) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n =
        static_cast<std::uint32_t>(static_cast<unsigned char>(in[i]) << 16 |
                                   static_cast<unsigned char>(in[i + 1]) << 8 | static_cast<unsigned char>(in[i + 2]));
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += alphabet[n >> 6 & 63];
    out += alphabet[n & 63];
  }
  if (i < in.size()) {
    const bool two = i + 1 < in.size();
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i]) << 16 |
                                              (two ? static_cast<unsigned char>(in[i + 1]) << 8 : 0));
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += two ? alphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

bool is_plain_ascii(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return false;
  }
  // Text that looks like an encoded word would be decoded by the reader: encode it instead.
  return s.find("=?") == std::string_view::npos;
}

// RFC 2047 encoded words, never splitting a UTF-8 sequence, joined by folding whitespace.
std::string encoded_words(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    std::size_t n = std::min(encoded_word_bytes, s.size());
    while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    if (n == 0) n = std::min(encoded_word_bytes, s.size());  // not UTF-8: split anywhere
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(s.substr(0, n)) + "?=";
    s.remove_prefix(n);
  }
  return out;
}

// Breaks before a space once a line passes 78 columns (a word longer than that stays whole).
std::string fold_plain(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ": ";
  std::size_t line_start = 0;
  std::size_t min_break = out.size();
  for (const char c : value) {
    out += c;
    if (out.size() - line_start <= fold_at) continue;
    const auto space = out.rfind(' ', out.size() - 1);
    if (space == std::string::npos || space <= min_break || space + 1 >= out.size()) continue;
    out.insert(space, "\r\n");
    line_start = space + 2;
    min_break = line_start;
  }
  return out;
}

bool needs_quoting(std::string_view display) {
  return display.find_first_of("()<>[]:;@\\,.\"") != std::string_view::npos;
}

// "Display Name <address>" with the display name encoded or quoted as needed.
std::string format_mailbox(std::string_view mailbox) {
  std::string address = address_of(mailbox);
  const auto open = mailbox.rfind('<');
  if (open == std::string_view::npos) return address;
  std::string display = text::trim(mailbox.substr(0, open));
  if (display.size() >= 2 && display.front() == '"' && display.back() == '"')
    display = display.substr(1, display.size() - 2);
  if (display.empty()) return "<" + address + ">";
  if (!is_plain_ascii(display)) return encoded_words(display) + " <" + address + ">";
  if (!needs_quoting(display)) return display + " <" + address + ">";
  std::string quoted = "\"";
  for (const char c : display) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + address + ">";
}

// Plain ASCII in lines of at most 998 characters goes as written (7bit): "Password: …" and
// "Reset link: …" stay greppable in a spooled file. Anything else is quoted-printable.
bool fits_7bit(std::string_view body) {
  std::size_t line = 0;
  for (const char c : body) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r' || c == '\n') {
      line = 0;
      continue;
    }
    if (u == 0 || u > 0x7E || (u < 0x20 && c != '\t') || ++line > 998) return false;
  }
  return true;
}

std::string crlf_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

void append_part(std::string& out, std::string_view content_type, std::string_view body, bool in_multipart) {
  const bool seven_bit = fits_7bit(body);
  out += "Content-Type: ";
  out += content_type;
  out += "; charset=UTF-8\r\nContent-Transfer-Encoding: ";
  out += seven_bit ? "7bit\r\n\r\n" : "quoted-printable\r\n\r\n";
  out += seven_bit ? crlf_lines(body) : encode_quoted_printable(body);
  // In a multipart body the CRLF before the next boundary belongs to the boundary, so a body
  // that ends in a line break needs one more. A lone part just has to end the message with one.
  if (in_multipart || !out.ends_with("\r\n")) out += "\r\n";
}

// Base64 in lines of 76 characters (RFC 2045), without a line break after the last one.
std::string base64_lines(std::string_view data) {
  const std::string encoded = base64(data);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 38);
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    if (i > 0) out += "\r\n";
    out += std::string_view(encoded).substr(i, 76);
  }
  return out;
}

// The QR code of the activation link, made here rather than stored: enqueuing a hundred
// thousand invitations writes only the link.
void append_qr_image(std::string& out, std::string_view link) {
  out += "Content-Type: image/png\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += std::string("Content-ID: <") + std::string(qr_content_id) + ">\r\n";
  out += "Content-Disposition: inline; filename=\"activation-qr.png\"\r\n\r\n";
  out += base64_lines(qr::qr_png(link));
  out += "\r\n";
}

void append_multipart_header(std::string& out, std::string_view subtype, const std::string& boundary,
                             std::string_view root_type = {}) {
  out += "Content-Type: multipart/";
  out += subtype;
  out += ";\r\n boundary=\"" + boundary + "\"";
  if (!root_type.empty()) out += ";\r\n type=\"" + std::string(root_type) + "\"";
  out += "\r\n\r\n";
}

// "=_" never occurs in quoted-printable or base64 output, so a boundary cannot appear in a part;
// each level has its own prefix, so no boundary is the start of another.
void append_alternative(std::string& out, const Message& m, const std::string& id) {
  const std::string boundary = "=_lineport_" + id;
  append_multipart_header(out, "alternative", boundary);
  out += "--" + boundary + "\r\n";
  append_part(out, "text/plain", m.text, true);
  out += "--" + boundary + "\r\n";
  append_part(out, "text/html", *m.html, true);
  out += "--" + boundary + "--\r\n";
}

// The body with the QR image: multipart/related {alternative, image} when there is HTML to show
// it in place (cid:qr@lineport), else multipart/mixed {text, image}.
void append_with_qr_image(std::string& out, const Message& m, const std::string& id) {
  const bool html = m.html.has_value();
  const std::string boundary = (html ? "=_lineport_related_" : "=_lineport_mixed_") + id;
  if (html)
    append_multipart_header(out, "related", boundary, "multipart/alternative");
  else
    append_multipart_header(out, "mixed", boundary);
  out += "--" + boundary + "\r\n";
  if (html)
    append_alternative(out, m, id);
  else
    append_part(out, "text/plain", m.text, true);
  // Each part above ends in the CRLF that belongs to the next delimiter.
  out += "--" + boundary + "\r\n";
  append_qr_image(out, *m.qr_link);
  out += "--" + boundary + "--\r\n";
}

}  // namespace

bool is_safe_outbox_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
      return false;
  return true;
}

std::string address_of(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  if (open == std::string_view::npos) return text::trim(mailbox);
  const auto close = mailbox.find('>', open);
  if (close == std::string_view::npos) return text::trim(mailbox.substr(open + 1));
  return text::trim(mailbox.substr(open + 1, close - open - 1));
}

std::string header_line(std::string_view name, std::string_view value) {
  if (is_plain_ascii(value)) return fold_plain(name, value);
  return std::string(name) + ": " + encoded_words(value);
}

std::string rfc5322_date(UnixSeconds t) {
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string encode_quoted_printable(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      column = 0;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    // Literal: printable ASCII except '=', and blanks that do not end a line.
    bool literal = (u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end);
    if (column + (literal ? 1 : 3) > 75) {
      out += "=\r\n";
      column = 0;
    }
    // A '.' that starts a line is encoded so no SMTP hop can take it for the end of the data.
    if (c == '.' && column == 0) literal = false;
    if (literal) {
      out += c;
      column += 1;
    } else {
      out += '=';
      out += hex[u >> 4];
      out += hex[u & 15];
      column += 3;
    }
  }
  return out;
}

std::string build_rfc5322(const OutgoingMail& mail) {
  const Message& m = mail.message;
  validate(m);
  if (m.channel != email_channel)
    throw std::invalid_argument("mail: a message for the '" + m.channel + "' channel is no email");
  if (!is_safe_outbox_id(mail.id)) throw std::invalid_argument("mail: the outbox id is not a safe token");
  if (mail.from.find_first_of("\r\n") != std::string::npos || !text::is_email(address_of(mail.from)))
    throw std::invalid_argument("mail: the sender must be an address or \"Name <address>\"");

  std::string out;
  out.reserve(m.text.size() * 11 / 10 + (m.html ? m.html->size() * 11 / 10 : 0) + 1024);
  out += "From: " + format_mailbox(mail.from) + "\r\n";
  out += "To: " + m.to + "\r\n";
  out += header_line("Subject", m.subject) + "\r\n";
  out += "Date: " + rfc5322_date(mail.date) + "\r\n";
  out += "Message-ID: <" + mail.id + "@lineport>\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "X-Lineport-Event: " + m.event + "\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  if (m.qr_link)
    append_with_qr_image(out, m, mail.id);
  else if (m.html)
    append_alternative(out, m, mail.id);
  else
    append_part(out, "text/plain", m.text, false);
  return out;
}

}  // namespace lineport::mail
