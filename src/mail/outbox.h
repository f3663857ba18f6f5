#pragma once
// The outbox (docs/product.md#alerts-and-notifications): email and SMS. A message is written in the same transaction as
// the change that causes it, so it exists exactly when that change commits; jobs/outbox_worker delivers it later, with
// retries, through the mail transport or the SMS transport by its channel.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::mail {

inline constexpr std::string_view email_channel = "email";
inline constexpr std::string_view sms_channel = "sms";

struct Message {
  std::string event;                                 // the X-Lineport-Event header: an alert key or another known event
  std::string to;                                    // one email address, or for SMS one E.164 number ("+14155550123")
  std::string subject;                               // empty for SMS
  std::string text;                                  // text/plain body; for SMS the whole message
  std::optional<std::string> html;                   // text/html alternative (email only)
  std::string channel = std::string(email_channel);  // "email" or "sms"
  // What the message is about, e.g. "account_invitation:<account id>": handed to the worker's
  // dead-letter handler when delivery fails for good.
  std::optional<std::string> ref;
  // Email only: the message carries this link as a QR code image (Content-ID <qr@lineport>,
  // which the HTML may show with <img src="cid:qr@lineport">).
  std::optional<std::string> qr_link;
  // A message rendered at send time: the JSON its renderer (registered on the outbox worker for
  // the event) builds subject and bodies from. Subject, text, html and qr_link stay empty until
  // then; a message that cannot be rendered is given up (dead letter).
  std::optional<std::string> template_data;
};

// Every key an X-Lineport-Event header may carry: the alert catalog and the account events.
std::span<const std::string_view> event_keys();
bool is_known_event(std::string_view event);

// Throws std::invalid_argument when the message cannot be sent safely: an unknown event or
// channel, a subject with CR/LF (header injection), text that is not UTF-8, a body past the size
// limit, a ref or QR link that is too long or has control characters. Email: a recipient that is
// not exactly one address. SMS: a recipient that is not "+" and 8–15 digits, a text of more than
// 1600 characters, an HTML body or a QR link. A message to render later (template_data) is
// checked for what it has now: event, channel, recipient, ref, and JSON data of at most 64 KiB
// with no subject or body yet; the worker validates the rendered message in full.
void validate(const Message& m);

// Validates `m` and inserts it into the outbox inside the caller's transaction. Returns its
// outbox id (also its Message-ID and its spool file name).
std::string enqueue(storage::Connection& conn, const Clock& clock, const Message& m);

// Deletes the messages sent before `cutoff` (their bodies are already erased), 5,000 to a
// transaction. Messages not sent yet and messages given up on stay. Returns how many went.
std::int64_t delete_sent_before(storage::Database& db, UnixSeconds cutoff);

}  // namespace lineport::mail
