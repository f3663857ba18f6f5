-- The compliance reports (docs/compliance.md#the-reports): each kind's records are read newest
-- first within an organization, an account or a peer number, so each has an index of that and
-- the record's time, then its feed position (the tie-break of the order).
-- PostgreSQL's twin is 0042_compliance_reports.postgresql.sql. Here the tables are also rebuilt
-- so that the feed position is the rowid (INTEGER PRIMARY KEY): one B-tree less for the ingest to
-- write (BIGINT PRIMARY KEY is a separate unique index in SQLite), and the feed reads by rowid.

CREATE TABLE call_recordings_by_position (
  position         INTEGER PRIMARY KEY,
  account_id       TEXT NOT NULL,
  id               TEXT NOT NULL,
  org_id           TEXT NOT NULL,
  login            TEXT NOT NULL,
  multiline_number TEXT,
  direction        TEXT NOT NULL,
  peer_number      TEXT NOT NULL,
  started_at       BIGINT NOT NULL,
  duration_seconds BIGINT NOT NULL,
  media_url        TEXT NOT NULL,
  size_bytes       BIGINT NOT NULL,
  ingested_at      BIGINT NOT NULL,
  UNIQUE (account_id, id)
);
INSERT INTO call_recordings_by_position SELECT position, account_id, id, org_id, login, multiline_number, direction,
  peer_number, started_at, duration_seconds, media_url, size_bytes, ingested_at FROM call_recordings;
DROP TABLE call_recordings;
ALTER TABLE call_recordings_by_position RENAME TO call_recordings;
CREATE INDEX call_recordings_org_time ON call_recordings (org_id, started_at, position);
CREATE INDEX call_recordings_account_time ON call_recordings (account_id, started_at, position);
CREATE INDEX call_recordings_peer_time ON call_recordings (peer_number, started_at, position);

CREATE TABLE message_logs_by_position (
  position         INTEGER PRIMARY KEY,
  account_id       TEXT NOT NULL,
  id               TEXT NOT NULL,
  org_id           TEXT NOT NULL,
  login            TEXT NOT NULL,
  multiline_number TEXT,
  direction        TEXT NOT NULL,
  peer_number      TEXT NOT NULL,
  sent_at          BIGINT NOT NULL,
  channel          TEXT NOT NULL,
  text_sealed      TEXT,
  attachment_urls  TEXT NOT NULL,
  erase_after      BIGINT NOT NULL,
  text_erased_at   BIGINT,
  ingested_at      BIGINT NOT NULL,
  UNIQUE (account_id, id)
);
INSERT INTO message_logs_by_position SELECT position, account_id, id, org_id, login, multiline_number, direction,
  peer_number, sent_at, channel, text_sealed, attachment_urls, erase_after, text_erased_at, ingested_at
  FROM message_logs;
DROP TABLE message_logs;
ALTER TABLE message_logs_by_position RENAME TO message_logs;
CREATE INDEX message_logs_erase ON message_logs (erase_after) WHERE text_sealed IS NOT NULL;
CREATE INDEX message_logs_org_time ON message_logs (org_id, sent_at, position);
CREATE INDEX message_logs_account_time ON message_logs (account_id, sent_at, position);
CREATE INDEX message_logs_peer_time ON message_logs (peer_number, sent_at, position);

CREATE TABLE sms_opt_ins_by_position (
  position         INTEGER PRIMARY KEY,
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
INSERT INTO sms_opt_ins_by_position SELECT position, account_id, id, org_id, login, multiline_number, peer_number, at,
  opted_in, keyword, ingested_at FROM sms_opt_ins;
DROP TABLE sms_opt_ins;
ALTER TABLE sms_opt_ins_by_position RENAME TO sms_opt_ins;
CREATE INDEX sms_opt_ins_org_time ON sms_opt_ins (org_id, at, position);
CREATE INDEX sms_opt_ins_account_time ON sms_opt_ins (account_id, at, position);
CREATE INDEX sms_opt_ins_peer_time ON sms_opt_ins (peer_number, at, position);

-- A report's total without counting every record of a long range: records per kind
-- (call_recording, message_log, sms_opt_in), organization and UTC day or hour, added by the
-- ingest in its transaction (records are never deleted; erasing a text keeps its record). A total
-- sums the whole days of its range, the whole hours at its ends, and counts the minutes left.
CREATE TABLE compliance_counts (
  kind   TEXT NOT NULL,
  org_id TEXT NOT NULL,
  span   BIGINT NOT NULL,   -- 86400: a UTC day; 3600: a UTC hour
  start  BIGINT NOT NULL,   -- its first second, a multiple of span
  count  BIGINT NOT NULL,
  PRIMARY KEY (kind, org_id, span, start)
) WITHOUT ROWID;  -- the key is the table: a total sums one range of it, reading no other B-tree
-- The records ingested before this migration (times after 1970, where % rounds down).
INSERT INTO compliance_counts (kind, org_id, span, start, count)
SELECT 'call_recording', org_id, s.span, started_at - started_at % s.span, COUNT(*)
FROM call_recordings, (SELECT 86400 AS span UNION ALL SELECT 3600) s GROUP BY org_id, s.span, started_at - started_at % s.span;
INSERT INTO compliance_counts (kind, org_id, span, start, count)
SELECT 'message_log', org_id, s.span, sent_at - sent_at % s.span, COUNT(*)
FROM message_logs, (SELECT 86400 AS span UNION ALL SELECT 3600) s GROUP BY org_id, s.span, sent_at - sent_at % s.span;
INSERT INTO compliance_counts (kind, org_id, span, start, count)
SELECT 'sms_opt_in', org_id, s.span, at - at % s.span, COUNT(*)
FROM sms_opt_ins, (SELECT 86400 AS span UNION ALL SELECT 3600) s GROUP BY org_id, s.span, at - at % s.span;
