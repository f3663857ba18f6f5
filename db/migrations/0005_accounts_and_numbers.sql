-- User accounts, user permission groups and the number pool's bookkeeping (docs/product.md#numbers, #user-accounts-and-invitations, #user-permission-groups).

-- User permission groups: named sets of app features, usable on the organization that defines
-- them and below. Every organization has exactly one default group.
CREATE TABLE permission_groups (
  id         TEXT PRIMARY KEY,
  org_id     TEXT NOT NULL REFERENCES orgs (id),
  name       TEXT NOT NULL,
  name_key   TEXT NOT NULL,               -- case-folded name, unique per organization
  features   TEXT NOT NULL,               -- JSON array of feature keys
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX permission_groups_org_name ON permission_groups (org_id, name_key);
CREATE UNIQUE INDEX permission_groups_org_default ON permission_groups (org_id) WHERE is_default = 1;

-- The default group of every organization that exists already (new ones get theirs at creation).
INSERT INTO permission_groups (id, org_id, name, name_key, features, is_default, created_at, updated_at)
SELECT 'g' || id, id, 'default cos for ' || name, lower('default cos for ' || name),
       '["voice","sms","mms","social_messaging","in_app_messaging"]', 1, created_at, created_at
FROM orgs;

ALTER TABLE accounts ADD COLUMN login_kind TEXT NOT NULL DEFAULT 'email';       -- email | device
ALTER TABLE accounts ADD COLUMN multiline_number TEXT;                          -- E.164, mirrors numbers.account_id
ALTER TABLE accounts ADD COLUMN permission_group_id TEXT REFERENCES permission_groups (id);
ALTER TABLE accounts ADD COLUMN social_messaging INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN monitor_calls TEXT NOT NULL DEFAULT 'auto';     -- auto | off
ALTER TABLE accounts ADD COLUMN monitor_sms TEXT NOT NULL DEFAULT 'on';         -- on | off
ALTER TABLE accounts ADD COLUMN forwarding_number TEXT;
ALTER TABLE accounts ADD COLUMN restrict_incoming_social_messaging INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN suspended_reason TEXT;                          -- admin | privacy_opt_out
ALTER TABLE accounts ADD COLUMN invitation_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN invited_at BIGINT;
ALTER TABLE accounts ADD COLUMN activated_at BIGINT;
ALTER TABLE accounts ADD COLUMN device_number TEXT;
ALTER TABLE accounts ADD COLUMN notification_email TEXT;
ALTER TABLE accounts ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN platform TEXT;                                  -- ios | android, from the app
ALTER TABLE accounts ADD COLUMN last_sign_in_at BIGINT;
-- The current invitation: only a hash of the activation code is kept; every resend replaces it.
ALTER TABLE accounts ADD COLUMN activation_code_hash TEXT;
ALTER TABLE accounts ADD COLUMN activation_expires_at BIGINT;
ALTER TABLE accounts ADD COLUMN activation_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN device_token_hash TEXT;
-- Case-folded "first last login" for the list's text search.
ALTER TABLE accounts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- The CSV import that created the account, and its line in that file (the result report).
ALTER TABLE accounts ADD COLUMN import_batch_id TEXT;
ALTER TABLE accounts ADD COLUMN import_line BIGINT;

UPDATE accounts SET search_text = lower(first_name || ' ' || last_name || ' ' || login),
                    permission_group_id = (SELECT g.id FROM permission_groups g
                                           WHERE g.org_id = accounts.org_id AND g.is_default = 1);

CREATE UNIQUE INDEX accounts_multiline_number ON accounts (multiline_number) WHERE multiline_number IS NOT NULL;
CREATE UNIQUE INDEX accounts_device_token ON accounts (device_token_hash) WHERE device_token_hash IS NOT NULL;
CREATE INDEX accounts_org_created ON accounts (org_id, created_at, id);
CREATE INDEX accounts_login_key ON accounts (login_key);
CREATE INDEX accounts_permission_group ON accounts (permission_group_id);
CREATE INDEX accounts_import_batch ON accounts (import_batch_id, import_line);
-- The invitation threshold counts these on every invitation without a number.
CREATE INDEX accounts_invited_without_number ON accounts (org_id)
  WHERE status = 'invited' AND multiline_number IS NULL;

-- Numbers: picking "the first available" (by value, tag or series) must read an index in order,
-- never sort a pool of a million numbers.
ALTER TABLE numbers ADD COLUMN quarantined_until BIGINT;  -- set while status = 'quarantined'
DROP INDEX numbers_org_status;
CREATE INDEX numbers_org_status ON numbers (org_id, status, number);
CREATE INDEX numbers_org_number ON numbers (org_id, number);
CREATE INDEX numbers_org_tag ON numbers (org_id, tag, status, number);
CREATE INDEX numbers_org_series ON numbers (org_id, series, status, number);
CREATE INDEX numbers_account ON numbers (account_id);
CREATE INDEX numbers_quarantine ON numbers (quarantined_until) WHERE status = 'quarantined';

-- How many numbers each pool holds in each status, maintained in the same transaction as every
-- status change (domain/numbers), so the utilization report never counts the numbers table.
CREATE TABLE number_counts (
  org_id TEXT NOT NULL REFERENCES orgs (id),
  status TEXT NOT NULL,
  count  BIGINT NOT NULL,
  PRIMARY KEY (org_id, status)
);
INSERT INTO number_counts (org_id, status, count)
SELECT org_id, status, COUNT(*) FROM numbers GROUP BY org_id, status;

-- Results of bulk operations and CSV imports, kept for the downloadable report.
CREATE TABLE account_batches (
  id         TEXT PRIMARY KEY,
  org_id     TEXT NOT NULL REFERENCES orgs (id),
  kind       TEXT NOT NULL,              -- import | invite | edit | suspend | resume | delete | move
  actor_id   TEXT,
  created_at BIGINT NOT NULL,
  total      BIGINT NOT NULL,
  succeeded  BIGINT NOT NULL,
  failed     BIGINT NOT NULL,
  results    TEXT NOT NULL               -- JSON array of per-account results (empty for imports)
);
CREATE INDEX account_batches_org ON account_batches (org_id, created_at);
