-- Failed attempts are counted in the database with one atomic statement per failure, so that
-- concurrent requests (and several servers on one database) cannot lose a count: sign-ins per
-- email (known or not), failures per client address, wrong activation codes per login,
-- password-reset requests per email, wrong second factors per administrator. Subjects are kept
-- as SHA-256 hashes: fixed size, and no email addresses of strangers at rest.
CREATE TABLE attempt_counters (
  scope         TEXT NOT NULL,
  subject_hash  TEXT NOT NULL,
  window_start  BIGINT NOT NULL,
  failures      INTEGER NOT NULL,
  blocked_until BIGINT,
  expires_at    BIGINT NOT NULL,  -- the row says nothing any more after this; swept
  PRIMARY KEY (scope, subject_hash)
);
CREATE INDEX attempt_counters_expiry ON attempt_counters (expires_at);

-- The per-account lockout moved to attempt_counters (scope 'sign_in', by email).
ALTER TABLE admins DROP COLUMN failed_sign_ins;
ALTER TABLE admins DROP COLUMN failed_window_start;
ALTER TABLE admins DROP COLUMN locked_until;

-- A challenge's PIN may be sent at most 4 times (the first and 3 resends); its wrong answers
-- count against the challenge, whichever PIN they were meant for.
ALTER TABLE two_factor_challenges ADD COLUMN pin_sends INTEGER NOT NULL DEFAULT 0;

-- Wrong activation codes no longer count against the code (a stranger who knows the login could
-- kill the invitation): they are counted per login and per address in attempt_counters.
ALTER TABLE accounts DROP COLUMN activation_failures;
