-- SQLite's own cost of what the CSV import writes (FINDINGS.md): the bench file's rows into tables
-- with the accounts and outbox columns and indexes, in one transaction, by the sqlite3 shell.
--   cd DIR_WITH_accounts.csv && sqlite3 floor.db < bench/import_floor.sql   (the three times printed:
--   accounts insert, outbox insert, commit)
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;
CREATE TABLE bare (firstname TEXT, lastname TEXT, email_or_device TEXT, social_messaging TEXT, multiline_number TEXT, monitor_calls TEXT, monitor_sms TEXT, forwarding_number TEXT, restrict_incoming_social_messaging TEXT);
.import --csv --skip 1 accounts.csv bare
CREATE TABLE acc (id TEXT PRIMARY KEY, org_id TEXT, first_name TEXT, last_name TEXT, login TEXT, login_key TEXT, login_kind TEXT, pg TEXT, social INT, calls TEXT, sms TEXT, fwd TEXT, rs INT, search_text TEXT, batch TEXT, line INT, status TEXT, inv_status TEXT, inv_count INT, invited_at INT, code_hash TEXT, expires INT, created_at INT, updated_at INT, multiline_number TEXT);
CREATE UNIQUE INDEX a1 ON acc (login_key, org_id);
CREATE INDEX a2 ON acc (org_id, created_at, id);
CREATE INDEX a3 ON acc (pg);
CREATE INDEX a4 ON acc (batch, line);
CREATE INDEX a5 ON acc (org_id) WHERE status = 'invited' AND multiline_number IS NULL;
CREATE TABLE ob (id TEXT PRIMARY KEY, event TEXT, recipient TEXT, subject TEXT, body_text TEXT, body_html TEXT, created_at INT, next_attempt_at INT, sent_at INT, failed_at INT, channel TEXT, ref TEXT, template_data TEXT);
CREATE INDEX o1 ON ob (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
.timer on
BEGIN;
INSERT INTO acc SELECT lower(hex(randomblob(8))), 'org00000000000001', firstname, lastname, email_or_device, lower(email_or_device), 'email', 'group0000000000001', 1, monitor_calls, monitor_sms, NULL, 0, lower(firstname||' '||lastname||' '||email_or_device), 'batch00000000001', rowid, 'invited', 'sent', 1, 1790000000, lower(hex(randomblob(32))), 1792592000, 1790000000, 1790000000, NULL FROM bare;
INSERT INTO ob SELECT lower(hex(randomblob(8))), 'account_invitation', email_or_device, '', '', NULL, 1790000000, 1790000000, NULL, NULL, 'email', 'account_invitation:' || lower(hex(randomblob(8))) || ':1', '{"org_id":"org00000000000001","first_name":"' || firstname || '","last_name":"' || lastname || '","login":"' || email_or_device || '","activation_code":"12345678","multiline_number":""}' FROM bare;
COMMIT;
