-- Authenticator-app (TOTP) second factor an administrator may enrol in, with recovery codes.

CREATE TABLE admin_totp (
  admin_id   TEXT PRIMARY KEY REFERENCES admins (id) ON DELETE CASCADE,
  secret     TEXT NOT NULL,            -- base32, as shown to the authenticator app
  confirmed  INTEGER NOT NULL DEFAULT 0,
  last_step  BIGINT NOT NULL DEFAULT 0, -- the newest 30-second step accepted: codes are single use
  created_at BIGINT NOT NULL
);

CREATE TABLE admin_recovery_codes (
  admin_id  TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at   BIGINT,
  PRIMARY KEY (admin_id, code_hash)
);
