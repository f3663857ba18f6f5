#pragma once
// Failed attempts counted in the database (docs/security.md, "Counting failures"): each failure
// is one atomic statement, so concurrent requests, or several servers on one database, cannot
// lose a count, and a subject that reached its limit is blocked for everyone at once.

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::auth {

// What is counted, per subject, and what happens at the limit.
struct AttemptRule {
  std::string_view scope;  // names the counter: "sign_in", "address", ...
  int max_failures;        // the failure that reaches this blocks the subject
  UnixSeconds window;      // failures count within this long from the first one
  UnixSeconds lockout;     // how long a subject that reached the limit is blocked
  // With growth, every further failure in the window doubles the block (up to max_lockout):
  // a slower and slower guesser rather than a subject locked out for good.
  bool grows = false;
  UnixSeconds max_lockout = 0;
};

// Seconds until `subject` may try again under `rule`; 0 when it may try now.
UnixSeconds blocked_for(storage::Connection& conn, const AttemptRule& rule, std::string_view subject, UnixSeconds now);

struct CountedFailure {
  int failures = 0;            // in the current window, this one included
  UnixSeconds blocked = 0;     // seconds the subject is now blocked for (0: not blocked)
  bool newly_blocked = false;  // this failure reached the limit or grew the block
};

// A try about to be checked (a password verified, an activation code compared). Taken before
// the check and let go after it, so that however many tries arrive at once, on however many
// servers, no more are checked than the failures the subject has left: tries in flight may all
// be wrong. A try never let go (its server killed during the check) counts until try_seconds after
// the subject's last try.
struct TakenTry {
  bool taken = false;
  UnixSeconds blocked = 0;  // not taken: seconds the subject is blocked for; 0 when the tries in
                            // flight fill its remaining failures (busy: "try again in a moment")
};
inline constexpr UnixSeconds try_seconds = 60;
TakenTry take_try(storage::Connection& conn, const AttemptRule& rule, std::string_view subject, UnixSeconds now);
// The try taken is over (after count_failure, or when it was right).
void let_go(storage::Connection& conn, const AttemptRule& rule, std::string_view subject);
// Refuses a try that was neither taken nor blocked: 429 with Retry-After: 1, since in a moment the
// tries in flight are over and either the subject is blocked or there is room again.
[[noreturn]] void throw_busy(const std::string& what);

// Counts one failure of `subject`. nullopt when the subject was already blocked (the failure is
// not counted: a blocked subject's attempts were refused before they were tried, or raced the
// block).
std::optional<CountedFailure> count_failure(storage::Connection& conn, const AttemptRule& rule,
                                            std::string_view subject, UnixSeconds now);

// Forgets the subject's failures (after a success, or when an administrator resets it).
void clear_failures(storage::Connection& conn, const AttemptRule& rule, std::string_view subject);

// Deletes counters whose window and block are both over (called periodically).
void sweep_attempt_counters(storage::Connection& conn, UnixSeconds now);

}  // namespace lineport::auth

namespace lineport::auth::attempt_rules {

// Wrong passwords per email, known or not: an unknown email locks like a known one, so the
// answers never tell which emails exist.
inline constexpr AttemptRule sign_in{"sign_in", 5, minutes(15), minutes(15)};
// Wrong passwords, second factors, reset links and activation codes per client address.
inline constexpr AttemptRule address{"address", 20, minutes(15), minutes(15)};
// Wrong second factors per administrator, across challenges: a guesser who knows the password
// cannot get fresh tries by signing in again.
inline constexpr AttemptRule second_factor{"second_factor", 10, minutes(15), minutes(15)};
// Password-reset messages per email: the first 3 in 15 minutes are sent, the rest are not.
inline constexpr AttemptRule reset_request{"reset_request", 3, minutes(15), minutes(15)};
// Wrong activation codes per login: past 5 in a day every wrong code doubles the wait (1 minute,
// 2, 4 … up to an hour). The code itself stays valid: a stranger who knows the login cannot kill
// the invitation, only slow it down, and the administrators are alerted.
inline constexpr AttemptRule activation{"activation", 5, hours(24), minutes(1), true, hours(1)};

}  // namespace lineport::auth::attempt_rules
