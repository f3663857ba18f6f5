-- The key of the usage records is (id, account_id), no longer (account_id, id), for the reason of
-- 0043: platforms number their records in order, so the ids of one upload land next to each other
-- in the key instead of at the ends of thousands of accounts' ranges (docs/performance.md). No
-- query reads the records by account alone. A re-sent record is still the same (account, id).
-- SQLite's twin is 0044_usage_key_order.sqlite.sql.
ALTER TABLE usage_records DROP CONSTRAINT usage_records_pkey;
ALTER TABLE usage_records ADD PRIMARY KEY (id, account_id);
