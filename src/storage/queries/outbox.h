#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::outbox {

inline constexpr Query insert{"outbox.insert",
                              "INSERT INTO outbox (id, event, recipient, subject, body_text, "
                              "body_html, created_at, next_attempt_at, channel, ref, qr_link, template_data) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11)"};
struct Insert {
  std::string id;
  std::string event;
  std::string recipient;
  std::string subject;
  std::string body_text;
  std::optional<std::string> body_html;
  std::int64_t created_at = 0;  // and the first attempt's time
  std::string channel;
  std::optional<std::string> ref;
  std::optional<std::string> qr_link;
  std::optional<std::string> template_data;
  Params params() const {
    return bind<insert>(id, event, recipient, subject, body_text, body_html, created_at, channel, ref, qr_link,
                        template_data);
  }
};

// Leases up to $3 messages due by $1 (the start of the worker's pass) until $2 and counts the
// attempt; $4 is now (a lease that ran out by then is free). The conditions are
// repeated outside the subquery on purpose: on PostgreSQL (read committed) a concurrent worker
// that selected the same rows blocks on the row lock, then re-checks the outer conditions
// against the committed row and skips it; SQLite write transactions are already exclusive.
inline constexpr Query claim_due{
    "outbox.claim_due",
    "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1 "
    "WHERE id IN (SELECT id FROM outbox "
    "WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 "
    "AND (claimed_until IS NULL OR claimed_until <= $4) ORDER BY next_attempt_at LIMIT $3) "
    "AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 "
    "AND (claimed_until IS NULL OR claimed_until <= $4) "
    "RETURNING id, event, recipient, subject, body_text, body_html, created_at, attempts, "
    "channel, ref, qr_link, template_data"};
inline constexpr Columns claimed_columns{claim_due};

// The bodies go once the message is out: they may hold passwords, PINs, reset and activation
// links (and template_data activation codes).
inline constexpr Query mark_sent{
    "outbox.mark_sent",
    "UPDATE outbox SET sent_at = $2, claimed_until = NULL, body_text = '', body_html = NULL, "
    "qr_link = NULL, template_data = NULL WHERE id = $1 AND sent_at IS NULL"};

// The three below change a message only while the worker's claim holds it: its lease ($N, the
// claimed_until its claim set; each claim of a message sets a later one). A worker whose lease
// ran out while it tried, and whose message another worker has claimed since, leaves it to that
// one: clearing the new claim would let a third worker send it again meanwhile. A sent message is
// marked sent whoever holds it (mark_sent), so that it is not sent once more.
// A failed attempt, retried at $2. Changes nothing once the message is sent or given up.
inline constexpr Query mark_attempt_failed{
    "outbox.mark_attempt_failed",
    "UPDATE outbox SET claimed_until = NULL, next_attempt_at = $2, last_error = $3 "
    "WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL AND claimed_until = $4"};
// A message given up on at $4, once (its dead-letter handler runs once). Its bodies go as when it
// is sent: what stays for the operator (recipient, subject, event, error) holds no secret.
inline constexpr Query mark_dead{
    "outbox.mark_dead",
    "UPDATE outbox SET claimed_until = NULL, next_attempt_at = $2, last_error = $3, failed_at = $4, "
    "body_text = '', body_html = NULL, qr_link = NULL, template_data = NULL "
    "WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL AND claimed_until = $5"};

// Hands back a claimed message that was not attempted (the worker is stopping).
inline constexpr Query release_claim{"outbox.release_claim",
                                     "UPDATE outbox SET claimed_until = NULL, attempts = attempts - 1 "
                                     "WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL AND claimed_until = $2"};

inline constexpr Query select_by_id{"outbox.select_by_id",
                                    "SELECT id, event, recipient, subject, created_at, attempts, "
                                    "next_attempt_at, claimed_until, sent_at, "
                                    "failed_at, last_error, channel, ref FROM outbox WHERE id = $1"};

// Messages still to deliver, and messages given up on (health and operations).
inline constexpr Query count_pending{"outbox.count_pending",
                                     "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"};
inline constexpr Query count_failed{"outbox.count_failed", "SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL"};

// Up to $2 messages sent before $1 (migration 0015): deleted a batch at a time, so the write lock
// is never held for long.
inline constexpr Query delete_sent_before{
    "outbox.delete_sent_before",
    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1 LIMIT $2)"};

// The values of a message not sent yet, by its reference (the demo reads its users' invitations).
inline constexpr Query pending_template_data_of_ref{
    "outbox.pending_template_data_of_ref",
    "SELECT template_data FROM outbox WHERE ref = $1 AND sent_at IS NULL AND failed_at IS NULL"};

}  // namespace lineport::storage::sql::outbox
