#include "domain/auth/attempts.h"

#include <algorithm>

#include "domain/error.h"
#include "storage/queries/attempts.h"
#include "util/crypto.h"

namespace lineport::auth {
namespace {

namespace sql = storage::sql::attempts;

UnixSeconds lockout_after(const AttemptRule& rule, int failures) {
  if (!rule.grows) return rule.lockout;
  UnixSeconds lockout = rule.lockout;
  for (int beyond = failures - rule.max_failures; beyond > 0 && lockout < rule.max_lockout; --beyond) lockout *= 2;
  return std::min(lockout, rule.max_lockout);
}

}  // namespace

UnixSeconds blocked_for(storage::Connection& conn, const AttemptRule& rule, std::string_view subject, UnixSeconds now) {
  const auto rows = conn.query(sql::select_blocked_until, {std::string(rule.scope), crypto::sha256_hex(subject)});
  if (rows.empty() || rows.one().is_null(0)) return 0;
  return std::max<UnixSeconds>(0, rows.one().integer(0) - now);
}

TakenTry take_try(storage::Connection& conn, const AttemptRule& rule, std::string_view subject, UnixSeconds now) {
  const auto rows = conn.query(sql::take_try, sql::TakeTry{.scope = std::string(rule.scope),
                                                           .subject_hash = crypto::sha256_hex(subject),
                                                           .now = now,
                                                           .expires_at = now + rule.window,
                                                           .oldest_open_window = now - rule.window,
                                                           .in_flight_until = now + try_seconds,
                                                           .max_failures = rule.max_failures,
                                                           .one_past_the_limit = rule.grows ? 1 : 0}
                                                  .params());
  if (!rows.empty()) return {true, 0};
  return {false, blocked_for(conn, rule, subject, now)};
}

void let_go(storage::Connection& conn, const AttemptRule& rule, std::string_view subject) {
  conn.execute(sql::let_go, {std::string(rule.scope), crypto::sha256_hex(subject)});
}

void throw_busy(const std::string& what) {
  DomainError error(ErrorCode::rate_limited, what + " Try again in a moment.");
  error.retry_after = 1;
  throw error;
}

std::optional<CountedFailure> count_failure(storage::Connection& conn, const AttemptRule& rule,
                                            std::string_view subject, UnixSeconds now) {
  const std::string scope(rule.scope);
  const std::string hash = crypto::sha256_hex(subject);
  const auto rows = conn.query(sql::count_failure, sql::CountFailure{.scope = scope,
                                                                     .subject_hash = hash,
                                                                     .now = now,
                                                                     .expires_at = now + rule.window,
                                                                     .oldest_open_window = now - rule.window}
                                                       .params());
  if (rows.empty()) return std::nullopt;
  CountedFailure counted;
  counted.failures = static_cast<int>(rows.one().integer(0));
  if (counted.failures < rule.max_failures) return counted;
  counted.blocked = lockout_after(rule, counted.failures);
  counted.newly_blocked = true;
  // The row stays until its block is over, even when that outlasts the window.
  conn.execute(sql::block, {scope, hash, now + counted.blocked, now + std::max(rule.window, counted.blocked)});
  return counted;
}

void clear_failures(storage::Connection& conn, const AttemptRule& rule, std::string_view subject) {
  conn.execute(sql::clear, {std::string(rule.scope), crypto::sha256_hex(subject)});
}

void sweep_attempt_counters(storage::Connection& conn, UnixSeconds now) {
  conn.execute(sql::delete_expired, {now});
}

}  // namespace lineport::auth
