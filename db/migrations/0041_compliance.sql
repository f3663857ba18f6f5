-- Compliance records (docs/compliance.md): the index of what the telecom core recorded — call
-- recordings, message logs, SMS opt-ins — for the reports and the archivers' change feed (ADK).
-- Like usage records, keyed by (account, record id), without foreign keys: regulated records
-- outlive the accounts they describe. org_id and login are the account's when ingested.

-- The change feed's counter. An ingest locks this row first and holds it until it commits, so
-- feed positions become visible in the order they were handed out: an archiver that asks for
-- everything after position p never misses a record that commits later with a smaller one.
CREATE TABLE compliance_feed (
  id            INTEGER PRIMARY KEY,
  last_position BIGINT NOT NULL,
  CHECK (id = 1)
);
INSERT INTO compliance_feed (id, last_position) VALUES (1, 0);

CREATE TABLE call_recordings (
  position         BIGINT PRIMARY KEY,   -- in the change feed
  account_id       TEXT NOT NULL,
  id               TEXT NOT NULL,
  org_id           TEXT NOT NULL,
  login            TEXT NOT NULL,
  multiline_number TEXT,
  direction        TEXT NOT NULL,        -- in | out
  peer_number      TEXT NOT NULL,        -- E.164
  started_at       BIGINT NOT NULL,
  duration_seconds BIGINT NOT NULL,
  media_url        TEXT NOT NULL,
  size_bytes       BIGINT NOT NULL,
  ingested_at      BIGINT NOT NULL,
  UNIQUE (account_id, id)
);
CREATE INDEX call_recordings_org_started ON call_recordings (org_id, started_at);

CREATE TABLE message_logs (
  position         BIGINT PRIMARY KEY,
  account_id       TEXT NOT NULL,
  id               TEXT NOT NULL,
  org_id           TEXT NOT NULL,
  login            TEXT NOT NULL,
  multiline_number TEXT,
  direction        TEXT NOT NULL,        -- in | out
  peer_number      TEXT NOT NULL,
  sent_at          BIGINT NOT NULL,
  channel          TEXT NOT NULL,        -- sms | mms | whatsapp | wechat | line
  text_sealed      TEXT,                 -- the text, sealed with the data key; NULL: none, or erased
  attachment_urls  TEXT NOT NULL,        -- JSON array
  erase_after      BIGINT NOT NULL,      -- the retention: the text is erased after this moment
  text_erased_at   BIGINT,
  ingested_at      BIGINT NOT NULL,
  UNIQUE (account_id, id)
);
CREATE INDEX message_logs_org_sent ON message_logs (org_id, sent_at);
CREATE INDEX message_logs_erase ON message_logs (erase_after) WHERE text_sealed IS NOT NULL;

CREATE TABLE sms_opt_ins (
  position         BIGINT PRIMARY KEY,
  account_id       TEXT NOT NULL,
  id               TEXT NOT NULL,
  org_id           TEXT NOT NULL,
  login            TEXT NOT NULL,
  multiline_number TEXT,
  peer_number      TEXT NOT NULL,
  at               BIGINT NOT NULL,
  opted_in         INTEGER NOT NULL,
  keyword          TEXT,
  ingested_at      BIGINT NOT NULL,
  UNIQUE (account_id, id)
);
CREATE INDEX sms_opt_ins_org_at ON sms_opt_ins (org_id, at);
