-- What the app reports and reads (docs/app.md): the app each device runs, and the in-app
-- messages administrators send to their users with who received and read them.
CREATE TABLE app_heartbeats (
  account_id  TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  platform    TEXT NOT NULL,     -- ios | android
  app_version TEXT NOT NULL,     -- major.minor.patch
  os_version  TEXT NOT NULL,
  seen_at     BIGINT NOT NULL,
  CHECK (platform IN ('ios', 'android'))
);

CREATE TABLE in_app_messages (
  id                  TEXT PRIMARY KEY,
  org_id              TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  text                TEXT NOT NULL,
  include_suborgs     INTEGER NOT NULL,
  permission_group_id TEXT,              -- only the users of this group (NULL: every group)
  chosen_accounts     INTEGER NOT NULL,  -- 1: only the accounts in in_app_message_accounts
  starts_at           BIGINT NOT NULL,
  expires_at          BIGINT NOT NULL,
  created_at          BIGINT NOT NULL,
  created_by          TEXT NOT NULL      -- the administrator's email
);
CREATE INDEX in_app_messages_org ON in_app_messages (org_id, expires_at);

CREATE TABLE in_app_message_accounts (
  message_id TEXT NOT NULL REFERENCES in_app_messages (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (message_id, account_id)
);

-- A message is delivered when the app first lists it, read when the app says so.
CREATE TABLE in_app_message_receipts (
  message_id   TEXT NOT NULL REFERENCES in_app_messages (id) ON DELETE CASCADE,
  account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  delivered_at BIGINT NOT NULL,
  read_at      BIGINT,
  PRIMARY KEY (message_id, account_id)
);
