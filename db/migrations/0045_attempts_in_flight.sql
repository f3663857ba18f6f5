-- Tries in flight (docs/security.md, "Counting failures"): a sign-in or an activation code is
-- taken before it is checked, so that however many arrive at once, on however many servers, no
-- more are checked than the failures still allowed. in_flight counts nothing after
-- in_flight_until: a server killed during a check does not hold its try for ever.
ALTER TABLE attempt_counters ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempt_counters ADD COLUMN in_flight_until BIGINT NOT NULL DEFAULT 0;
