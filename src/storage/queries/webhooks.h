#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::webhooks {

#define LINEPORT_WEBHOOK_COLUMNS                                                                 \
  "w.id, w.org_id, w.url, w.events, w.include_suborgs, w.enabled, w.disabled_reason, w.secret, " \
  "w.previous_secret, w.previous_secret_until, w.failing_since, w.created_at, w.updated_at"

inline constexpr Query insert{"webhooks.insert",
                              "INSERT INTO webhooks (id, org_id, url, events, include_suborgs, enabled, secret, "
                              "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"};
struct Insert {
  std::string id;
  std::string org_id;
  std::string url;
  std::string events;  // JSON array
  bool include_suborgs = true;
  bool enabled = true;
  std::string secret;  // sealed
  std::int64_t created_at = 0;
  Params params() const { return bind<insert>(id, org_id, url, events, include_suborgs, enabled, secret, created_at); }
};

inline constexpr Query select_by_id{"webhooks.select_by_id",
                                    "SELECT " LINEPORT_WEBHOOK_COLUMNS " FROM webhooks w WHERE w.id = $1"};
inline constexpr Columns webhook_columns{select_by_id};
inline constexpr Query select_for_org{"webhooks.select_for_org",
                                      "SELECT " LINEPORT_WEBHOOK_COLUMNS
                                      " FROM webhooks w WHERE w.org_id = $1 ORDER BY w.created_at, w.id"};
static_assert(Columns{select_for_org} == webhook_columns);
inline constexpr Query count_for_org{"webhooks.count_for_org", "SELECT COUNT(*) FROM webhooks WHERE org_id = $1"};

// The enabled webhooks that receive the events of organization $1: its own, and those of the
// organizations above it that include their sub-organizations.
inline constexpr Query select_receiving{
    "webhooks.select_receiving",
    "SELECT w.id, w.events FROM org_closure c JOIN webhooks w ON w.org_id = c.ancestor_id "
    "WHERE c.descendant_id = $1 AND w.enabled = 1 AND (c.depth = 0 OR w.include_suborgs = 1)"};
inline constexpr Columns receiving_columns{select_receiving};

inline constexpr Query update{
    "webhooks.update",
    "UPDATE webhooks SET url = $2, events = $3, include_suborgs = $4, enabled = $5, disabled_reason = $6, "
    "failing_since = $7, updated_at = $8 WHERE id = $1"};
struct Update {
  std::string id;
  std::string url;
  std::string events;
  bool include_suborgs = true;
  bool enabled = true;
  std::optional<std::string> disabled_reason;
  std::optional<std::int64_t> failing_since;
  std::int64_t updated_at = 0;
  Params params() const {
    return bind<update>(id, url, events, include_suborgs, enabled, disabled_reason, failing_since, updated_at);
  }
};
inline constexpr Query update_secrets{"webhooks.update_secrets",
                                      "UPDATE webhooks SET secret = $2, previous_secret = $3, "
                                      "previous_secret_until = $4, updated_at = $5 WHERE id = $1"};
inline constexpr Query remove{"webhooks.delete", "DELETE FROM webhooks WHERE id = $1"};

// After a success the webhook is no longer failing; after a failure it is failing since the first
// failure in a row ($2 when this is that first one).
inline constexpr Query mark_succeeding{"webhooks.mark_succeeding",
                                       "UPDATE webhooks SET failing_since = NULL WHERE id = $1 AND "
                                       "failing_since IS NOT NULL"};
inline constexpr Query mark_failing{"webhooks.mark_failing",
                                    "UPDATE webhooks SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 "
                                    "RETURNING failing_since"};
// The retention of finished deliveries: those succeeded or failed before $1 go, with their attempts.
inline constexpr Query delete_finished_before{
    "webhooks.delete_finished_before", "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1"};

// A webhook turned off parks its waiting deliveries (no next attempt: out of the due index);
// turned on again, they are due at once ($2, now). The one being sent, if any, keeps its lease.
inline constexpr Query park_pending{"webhooks.park_pending",
                                    "UPDATE webhook_deliveries SET next_attempt_at = NULL WHERE webhook_id = $1 "
                                    "AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= $2)"};
inline constexpr Query resume_parked{"webhooks.resume_parked",
                                     "UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE webhook_id = $1 "
                                     "AND status = 'pending' AND next_attempt_at IS NULL"};

// Turns the webhook off ($2: why) once: no row when it was already off.
inline constexpr Query disable{"webhooks.disable",
                               "UPDATE webhooks SET enabled = 0, disabled_reason = $2, updated_at = $3 "
                               "WHERE id = $1 AND enabled = 1 RETURNING org_id, url"};
inline constexpr Columns disabled_columns{disable};

// ---------------------------------------------------------------------------------------------
// Deliveries

#define LINEPORT_DELIVERY_COLUMNS                                                                   \
  "d.id, d.webhook_id, d.message_id, d.event_type, d.payload, d.created_at, d.status, d.attempts, " \
  "d.next_attempt_at, d.replay_of"

inline constexpr Query insert_delivery{
    "webhooks.insert_delivery",
    "INSERT INTO webhook_deliveries (id, webhook_id, message_id, event_type, payload, created_at, status, "
    "next_attempt_at, replay_of) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $6, $7)"};
struct InsertDelivery {
  std::string id;
  std::string webhook_id;
  std::string message_id;
  std::string event_type;
  std::string payload;
  std::int64_t created_at = 0;  // and the first attempt's time
  std::optional<std::string> replay_of;
  Params params() const {
    return bind<insert_delivery>(id, webhook_id, message_id, event_type, payload, created_at, replay_of);
  }
};

inline constexpr Query select_delivery{"webhooks.select_delivery",
                                       "SELECT " LINEPORT_DELIVERY_COLUMNS
                                       " FROM webhook_deliveries d WHERE d.id = $1 AND d.webhook_id = $2"};
inline constexpr Columns delivery_columns{select_delivery};
// A page of a webhook's deliveries, newest first, before id $2 ('': from the newest; ids sort by
// creation), each with its attempts in order (one row per attempt, or one with a NULL attempt).
// One statement, so a delivery and its attempts are read at one moment even under read committed.
inline constexpr Query select_deliveries_page{
    "webhooks.select_deliveries_page",
    "SELECT " LINEPORT_DELIVERY_COLUMNS
    ", a.attempt, a.attempted_at, a.status_code, a.latency_ms, "
    "a.response_excerpt, a.error FROM (SELECT * FROM webhook_deliveries WHERE webhook_id = $1 "
    "AND ($2 = '' OR id < $2) ORDER BY id DESC LIMIT $3) d "
    "LEFT JOIN webhook_attempts a ON a.delivery_id = d.id ORDER BY d.id DESC, a.attempt"};
inline constexpr Columns page_columns{select_deliveries_page};
static_assert(page_columns.starts_with(delivery_columns));

// Leases until $2 up to $3 deliveries due by $1 (the start of the worker's pass) and counts the
// attempt; $4 is now. One delivery per webhook at a time: a slow receiver holds one sender, not
// all of them. While a webhook is failing only its oldest waiting delivery probes the receiver
// (tests and replays, sent by an administrator, go at once); the others wait behind it rather
// than each knocking on a door that is shut. The conditions are repeated outside the subquery
// for the reason given in outbox.h (claim_due); that re-check reads only the delivery's own row,
// not the other deliveries NOT EXISTS looks at, so the caller holds ServerLock::webhook_claim.
inline constexpr Query claim_due{
    "webhooks.claim_due",
    "UPDATE webhook_deliveries SET claimed_until = $2, attempts = attempts + 1 "
    "WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
    "WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until <= $4) "
    "AND w.enabled = 1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.webhook_id = d.webhook_id "
    "AND o.status = 'pending' AND o.claimed_until > $4) "
    "AND (w.failing_since IS NULL OR d.event_type = 'ping' OR d.replay_of IS NOT NULL "
    "OR d.id = (SELECT MIN(p.id) FROM webhook_deliveries p WHERE p.webhook_id = d.webhook_id "
    "AND p.status = 'pending')) ORDER BY d.next_attempt_at LIMIT $3) "
    "AND status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $4) "
    "RETURNING id, webhook_id, message_id, event_type, payload, attempts"};
inline constexpr Columns claimed_columns{claim_due};
// What the worker needs of the webhook to send a claimed delivery.
inline constexpr Query select_target{
    "webhooks.select_target",
    "SELECT url, secret, previous_secret, previous_secret_until, enabled FROM webhooks WHERE id = $1"};
inline constexpr Columns target_columns{select_target};

// The outcome of an attempt, recorded only while the claim is still the one taken ($2, the
// lease): a worker whose lease expired, or whose delivery was deleted with its webhook, changes
// nothing.
inline constexpr Query mark_delivered{
    "webhooks.mark_delivered",
    "UPDATE webhook_deliveries SET status = 'succeeded', next_attempt_at = NULL, "
    "claimed_until = NULL WHERE id = $1 AND status = 'pending' AND claimed_until = $2"};
inline constexpr Query mark_retry{"webhooks.mark_retry",
                                  "UPDATE webhook_deliveries SET next_attempt_at = $3, claimed_until = NULL "
                                  "WHERE id = $1 AND status = 'pending' AND claimed_until = $2"};
inline constexpr Query mark_failed{"webhooks.mark_failed",
                                   "UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, "
                                   "claimed_until = NULL WHERE id = $1 AND status = 'pending' AND claimed_until = $2"};

inline constexpr Query insert_attempt{
    "webhooks.insert_attempt",
    "INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, latency_ms, response_excerpt, "
    "error) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING"};
struct InsertAttempt {
  std::string delivery_id;
  std::int64_t attempt = 0;
  std::int64_t attempted_at = 0;
  std::optional<std::int64_t> status_code;
  std::int64_t latency_ms = 0;
  std::optional<std::string> response_excerpt;
  std::optional<std::string> error;
  Params params() const {
    return bind<insert_attempt>(delivery_id, attempt, attempted_at, status_code, latency_ms, response_excerpt, error);
  }
};

#undef LINEPORT_WEBHOOK_COLUMNS
#undef LINEPORT_DELIVERY_COLUMNS

}  // namespace lineport::storage::sql::webhooks
