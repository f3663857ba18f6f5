#pragma once
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::attempts {

// $1 scope, $2 subject hash, $3 now, $4 when a new window's row expires, $5 the start of the
// oldest window still open. Counts one failure in the open window or starts a new one; a subject
// blocked now is not counted and no row comes back. Atomic on both databases: the row is written
// (and, on PostgreSQL, locked) by the statement that reads it.
inline constexpr Query count_failure{
    "attempts.count_failure",
    "INSERT INTO attempt_counters (scope, subject_hash, window_start, failures, blocked_until, "
    "expires_at) "
    "VALUES ($1, $2, $3, 1, NULL, $4) "
    "ON CONFLICT (scope, subject_hash) DO UPDATE SET "
    "failures = CASE WHEN attempt_counters.window_start > $5 THEN attempt_counters.failures + 1 "
    "ELSE 1 END, "
    "window_start = CASE WHEN attempt_counters.window_start > $5 THEN "
    "attempt_counters.window_start ELSE $3 END, "
    "blocked_until = CASE WHEN attempt_counters.window_start > $5 THEN "
    "attempt_counters.blocked_until END, "
    "expires_at = CASE WHEN attempt_counters.window_start > $5 THEN attempt_counters.expires_at "
    "ELSE $4 END "
    "WHERE attempt_counters.blocked_until IS NULL OR attempt_counters.blocked_until <= $3 "
    "RETURNING failures"};
struct CountFailure {
  std::string scope;
  std::string subject_hash;
  std::int64_t now = 0;
  std::int64_t expires_at = 0;  // of a new window's row
  std::int64_t oldest_open_window = 0;
  Params params() const { return bind<count_failure>(scope, subject_hash, now, expires_at, oldest_open_window); }
};
// Takes a try of subject $2 in scope $1 before it is checked; $3 now, $4 when a new row expires,
// $5 the start of the oldest window still open, $6 until when the tries in flight count, $7 the
// failures that block, $8 1 when one try at a time may go past them (a growing block). Refused
// (no row) while the subject is blocked, or when its failures and the tries in flight already
// reach the limit. Tries in flight count nothing after in_flight_until.
#define LINEPORT_LIVE_IN_FLIGHT \
  "(CASE WHEN attempt_counters.in_flight_until > $3 THEN attempt_counters.in_flight ELSE 0 END)"
inline constexpr Query take_try{
    "attempts.take_try",
    "INSERT INTO attempt_counters (scope, subject_hash, window_start, failures, blocked_until, expires_at, "
    "in_flight, in_flight_until) VALUES ($1, $2, $3, 0, NULL, $4, 1, $6) "
    "ON CONFLICT (scope, subject_hash) DO UPDATE SET in_flight = " LINEPORT_LIVE_IN_FLIGHT
    " + 1, "
    "in_flight_until = $6, "
    "expires_at = CASE WHEN attempt_counters.expires_at > $6 THEN attempt_counters.expires_at ELSE $6 END "
    "WHERE (attempt_counters.blocked_until IS NULL OR attempt_counters.blocked_until <= $3) "
    "AND ((CASE WHEN attempt_counters.window_start > $5 THEN attempt_counters.failures ELSE 0 END) "
    "+ " LINEPORT_LIVE_IN_FLIGHT " < $7 OR ($8 = 1 AND " LINEPORT_LIVE_IN_FLIGHT
    " = 0)) "
    "RETURNING in_flight"};
#undef LINEPORT_LIVE_IN_FLIGHT
struct TakeTry {
  std::string scope;
  std::string subject_hash;
  std::int64_t now = 0;
  std::int64_t expires_at = 0;  // of a new row
  std::int64_t oldest_open_window = 0;
  std::int64_t in_flight_until = 0;
  std::int64_t max_failures = 0;
  std::int64_t one_past_the_limit = 0;
  Params params() const {
    return bind<take_try>(scope, subject_hash, now, expires_at, oldest_open_window, in_flight_until, max_failures,
                          one_past_the_limit);
  }
};
// A try taken is over: checked and counted, or checked and right.
inline constexpr Query let_go{"attempts.let_go",
                              "UPDATE attempt_counters SET in_flight = in_flight - 1 "
                              "WHERE scope = $1 AND subject_hash = $2 AND in_flight > 0"};

inline constexpr Query block{"attempts.block",
                             "UPDATE attempt_counters SET blocked_until = $3, expires_at = $4 "
                             "WHERE scope = $1 AND subject_hash = $2"};
inline constexpr Query select_blocked_until{
    "attempts.select_blocked_until",
    "SELECT blocked_until FROM attempt_counters WHERE scope = $1 AND subject_hash = $2"};
// Forgets the failures and the block, not the tries in flight (they are let go one by one).
inline constexpr Query clear{"attempts.clear",
                             "UPDATE attempt_counters SET failures = 0, blocked_until = NULL "
                             "WHERE scope = $1 AND subject_hash = $2"};
inline constexpr Query delete_expired{"attempts.delete_expired", "DELETE FROM attempt_counters WHERE expires_at <= $1"};

}  // namespace lineport::storage::sql::attempts
