-- Alert settings per organization (absent row: the default, on and sent to the organization's
-- administrators), two-factor sign-in challenges, and password reset links.

CREATE TABLE alert_settings (
  org_id        TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  enabled       INTEGER NOT NULL,
  to_org_admins INTEGER NOT NULL,
  recipients    TEXT NOT NULL,         -- JSON array of email addresses
  PRIMARY KEY (org_id, key)
);

-- A sign-in that passed the password and waits for the emailed PIN. Only hashes are stored.
CREATE TABLE two_factor_challenges (
  challenge_hash TEXT PRIMARY KEY,
  admin_id       TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
  pin_hash       TEXT,                 -- set when the PIN is sent
  attempts       INTEGER NOT NULL DEFAULT 0,
  created_at     BIGINT NOT NULL,
  pin_expires_at BIGINT,
  expires_at     BIGINT NOT NULL,      -- the challenge itself
  used_at        BIGINT
);
CREATE INDEX two_factor_challenges_admin ON two_factor_challenges (admin_id);

CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  admin_id   TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT
);
CREATE INDEX password_resets_admin ON password_resets (admin_id);
