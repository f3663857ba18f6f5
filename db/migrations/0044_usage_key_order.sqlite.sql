-- The key of the usage records is (id, account_id), no longer (account_id, id), for the reason of
-- 0043: platforms number their records in order, so the ids of one upload land next to each other
-- in the key instead of at the ends of thousands of accounts' ranges (docs/performance.md). No
-- query reads the records by account alone. A re-sent record is still the same (account, id).
-- SQLite cannot change a table's key in place: the table is rebuilt with its index.
-- PostgreSQL's twin is 0044_usage_key_order.postgresql.sql.
CREATE TABLE usage_records_rebuilt (
  account_id  TEXT NOT NULL,
  id          TEXT NOT NULL,
  org_id      TEXT NOT NULL,
  usage_type  TEXT NOT NULL,          -- voice (seconds) | message (count) | data (bytes)
  direction   TEXT NOT NULL,          -- in | out
  started_at  BIGINT NOT NULL,
  quantity    BIGINT NOT NULL,
  billable    INTEGER NOT NULL,
  ingested_at BIGINT NOT NULL,
  PRIMARY KEY (id, account_id)
);
INSERT INTO usage_records_rebuilt SELECT account_id, id, org_id, usage_type, direction, started_at, quantity, billable,
  ingested_at FROM usage_records;
DROP TABLE usage_records;
ALTER TABLE usage_records_rebuilt RENAME TO usage_records;
CREATE INDEX usage_records_org_started ON usage_records (org_id, started_at);
