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
inline constexpr Query block{"attempts.block",
                             "UPDATE attempt_counters SET blocked_until = $3, expires_at = $4 "
                             "WHERE scope = $1 AND subject_hash = $2"};
inline constexpr Query select_blocked_until{
    "attempts.select_blocked_until",
    "SELECT blocked_until FROM attempt_counters WHERE scope = $1 AND subject_hash = $2"};
inline constexpr Query clear{"attempts.clear", "DELETE FROM attempt_counters WHERE scope = $1 AND subject_hash = $2"};
inline constexpr Query delete_expired{"attempts.delete_expired", "DELETE FROM attempt_counters WHERE expires_at <= $1"};

}  // namespace lineport::storage::sql::attempts
