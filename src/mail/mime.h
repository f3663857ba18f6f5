#pragma once
// Builds the RFC 5322 / MIME text of one outbox message. Both transports (SMTP and the spool)
// send exactly these bytes, so a spooled .eml is what an SMTP server would have received.

#include <string>
#include <string_view>

#include "mail/outbox.h"
#include "util/clock.h"

namespace lineport::mail {

// One outbox row on its way out.
struct OutgoingMail {
  std::string id;        // outbox id: Message-ID <id@lineport>, the spool file name
  std::string from;      // "Display Name <address>" or a bare address
  UnixSeconds date = 0;  // when it was enqueued: the Date header stays the same across retries
  Message message;
};

// The Content-ID of the QR code image: HTML shows it with <img src="cid:qr@lineport">.
inline constexpr std::string_view qr_content_id = "qr@lineport";

// The complete message with CRLF line endings: From, To, Subject, Date, Message-ID,
// MIME-Version, X-Lineport-Event, then a UTF-8 text/plain part, or a multipart/alternative of
// text and HTML when `html` is present. A part that is plain ASCII in short lines goes as
// written (7bit), so secrets on their own line stay readable in the raw file; any other part
// is quoted-printable.
// With a `qr_link`, the QR code of the link follows as an inline image/png part (base64,
// Content-ID <qr@lineport>, filename activation-qr.png): the message becomes
// multipart/related {multipart/alternative {text, html}, image} with HTML, or
// multipart/mixed {text, image} without.
// Throws std::invalid_argument when `from` is not a usable mailbox, or the message is invalid
// or not for the email channel.
std::string build_rfc5322(const OutgoingMail& mail);

// An outbox id that is safe as a file name and inside Message-ID: 1–64 of [0-9A-Za-z_-].
bool is_safe_outbox_id(std::string_view id);

// The address inside "Display Name <address>" (or the whole value when it has no brackets).
std::string address_of(std::string_view mailbox);

// "Name: value", folded to 78 columns where possible; the value becomes RFC 2047 encoded words
// (=?UTF-8?B?…?=) when it is not plain printable ASCII. No trailing CRLF.
std::string header_line(std::string_view name, std::string_view value);

// "Tue, 04 Nov 2025 09:05:00 +0000"
std::string rfc5322_date(UnixSeconds t);

// RFC 2045 quoted-printable with CRLF line breaks and soft breaks at 76 columns. Any line
// ending in the input (LF, CRLF or CR) becomes CRLF.
std::string encode_quoted_printable(std::string_view text);

}  // namespace lineport::mail
