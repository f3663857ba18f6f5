-- The compliance reports (docs/compliance.md#the-reports): each kind's records are read newest
-- first within an organization, an account or a peer number, so each has an index of that and
-- the record's time, then its feed position (the tie-break of the order).
-- SQLite's twin is 0042_compliance_reports.sqlite.sql.
DROP INDEX call_recordings_org_started;
CREATE INDEX call_recordings_org_time ON call_recordings (org_id, started_at, position);
CREATE INDEX call_recordings_account_time ON call_recordings (account_id, started_at, position);
CREATE INDEX call_recordings_peer_time ON call_recordings (peer_number, started_at, position);

DROP INDEX message_logs_org_sent;
CREATE INDEX message_logs_org_time ON message_logs (org_id, sent_at, position);
CREATE INDEX message_logs_account_time ON message_logs (account_id, sent_at, position);
CREATE INDEX message_logs_peer_time ON message_logs (peer_number, sent_at, position);

DROP INDEX sms_opt_ins_org_at;
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
);
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
