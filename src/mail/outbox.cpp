#include "mail/outbox.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "storage/queries/outbox.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::mail {
namespace {

constexpr std::array<std::string_view, 22> known_events{
    // The alert catalog (docs/product.md#alerts-and-notifications).
    "account_moved", "invitation_threshold_exceeded", "admin_privilege_granted", "suspended_account_reactivated",
    "account_added", "admin_added", "number_utilization_threshold_exceeded", "admin_privilege_revoked",
    "suspicious_login_activity", "account_deleted", "password_changed", "account_suspended", "privacy_opted_out",
    "privacy_resumed", "batch_operations_report",
    // Messages that are not alerts.
    "admin_invitation", "account_invitation", "two_factor_pin", "password_reset", "password_reset_blocked",
    "subscription_changed", "webhook_disabled"};

// A header line may not pass 998 characters; an encoded subject grows by a third.
constexpr std::size_t max_subject_bytes = 700;
constexpr std::size_t max_body_bytes = 4u << 20;
// Ten concatenated SMS segments of 160 GSM characters: what gateways commonly accept.
constexpr std::size_t max_sms_code_points = 1600;
constexpr std::size_t max_ref_bytes = 200;
// Well within a QR code's capacity at level M (2331 bytes), and a module size a phone can read.
constexpr std::size_t max_qr_link_bytes = 1024;
// Values for a template, not a body: far below a body's limit.
constexpr std::size_t max_template_data_bytes = 64u << 10;

// "+" and 8–15 digits: E.164 without spaces or separators.
bool is_e164(std::string_view s) {
  if (s.size() < 9 || s.size() > 16 || s.front() != '+') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void validate_subject(const Message& m) {
  if (m.subject.find_first_of("\r\n") != std::string::npos)
    throw std::invalid_argument("mail: the subject must not contain line breaks");
  if (text::has_control_chars(m.subject) || !text::is_valid_utf8(m.subject) || m.subject.size() > max_subject_bytes)
    throw std::invalid_argument("mail: the subject must be at most 700 bytes of UTF-8 without control characters");
}

void validate_sms_recipient(const Message& m) {
  if (!is_e164(m.to)) throw std::invalid_argument("sms: the recipient must be an E.164 number (+ and 8-15 digits)");
}

void validate_email_recipient(const Message& m) {
  // is_email refuses spaces, control characters (CR/LF), commas, semicolons and angle brackets,
  // so the value is one bare address that cannot add headers or recipients.
  if (!text::is_email(m.to) || !text::is_valid_utf8(m.to))
    throw std::invalid_argument("mail: the recipient must be exactly one email address");
}

void validate_email(const Message& m) {
  validate_email_recipient(m);
  if (!text::is_valid_utf8(m.text) || m.text.size() > max_body_bytes)
    throw std::invalid_argument("mail: the text body must be UTF-8 of at most 4 MiB");
  if (m.html && (!text::is_valid_utf8(*m.html) || m.html->size() > max_body_bytes))
    throw std::invalid_argument("mail: the HTML body must be UTF-8 of at most 4 MiB");
  if (m.qr_link && (m.qr_link->empty() || m.qr_link->size() > max_qr_link_bytes || !text::is_valid_utf8(*m.qr_link) ||
                    text::has_control_chars(*m.qr_link)))
    throw std::invalid_argument("mail: the QR link must be 1 to 1024 bytes of UTF-8 without control characters");
}

// The part of a message to render later that exists before rendering.
void validate_deferred(const Message& m) {
  const auto& data = *m.template_data;
  if (data.empty() || data.front() != '{' || data.size() > max_template_data_bytes || !text::is_valid_utf8(data))
    throw std::invalid_argument("mail: the template data must be a JSON object of at most 64 KiB of UTF-8");
  if (!m.subject.empty() || !m.text.empty() || m.html || m.qr_link)
    throw std::invalid_argument("mail: a message rendered at send time has no subject or body yet");
  if (m.channel == email_channel)
    validate_email_recipient(m);
  else if (m.channel == sms_channel)
    validate_sms_recipient(m);
  else
    throw std::invalid_argument("mail: unknown channel '" + m.channel + "'");
}

void validate_sms(const Message& m) {
  validate_sms_recipient(m);
  if (!text::is_valid_utf8(m.text) || text::code_points(m.text) > max_sms_code_points)
    throw std::invalid_argument("sms: the text must be UTF-8 of at most 1600 characters");
  if (m.html) throw std::invalid_argument("sms: a text message has no HTML body");
  if (m.qr_link) throw std::invalid_argument("sms: a text message carries no QR code");
}

}  // namespace

std::span<const std::string_view> event_keys() {
  return known_events;
}

bool is_known_event(std::string_view event) {
  return std::find(known_events.begin(), known_events.end(), event) != known_events.end();
}

void validate(const Message& m) {
  if (!is_known_event(m.event)) throw std::invalid_argument("mail: unknown event '" + m.event + "'");
  validate_subject(m);
  if (m.ref && (m.ref->size() > max_ref_bytes || !text::is_valid_utf8(*m.ref) || text::has_control_chars(*m.ref)))
    throw std::invalid_argument("mail: the ref must be at most 200 bytes of UTF-8 without control characters");
  if (m.template_data)
    validate_deferred(m);
  else if (m.channel == email_channel)
    validate_email(m);
  else if (m.channel == sms_channel)
    validate_sms(m);
  else
    throw std::invalid_argument("mail: unknown channel '" + m.channel + "'");
}

std::string enqueue(storage::Connection& conn, const Clock& clock, const Message& m) {
  validate(m);
  std::string id = crypto::new_id();
  conn.execute(storage::sql::outbox::insert, storage::sql::outbox::Insert{.id = id,
                                                                          .event = m.event,
                                                                          .recipient = m.to,
                                                                          .subject = m.subject,
                                                                          .body_text = m.text,
                                                                          .body_html = m.html,
                                                                          .created_at = clock.now(),
                                                                          .channel = m.channel,
                                                                          .ref = m.ref,
                                                                          .qr_link = m.qr_link,
                                                                          .template_data = m.template_data}
                                                 .params());
  return id;
}

std::int64_t delete_sent_before(storage::Database& db, UnixSeconds cutoff) {
  constexpr std::int64_t batch = 5000;
  std::int64_t total = 0;
  for (;;) {
    const auto deleted = db.write([&](storage::Connection& conn) {
      return conn.execute(storage::sql::outbox::delete_sent_before, {static_cast<std::int64_t>(cutoff), batch});
    });
    total += deleted;
    if (deleted < batch) return total;
  }
}

}  // namespace lineport::mail
