-- What the dashboard's rollup queries cost over 10 million records, and what other rollup shapes
-- would cost, measured with sqlite3 alone on a COPY of usage_dashboard_bench's dataset
-- (docs/performance.md, "Usage"). The copy gets two extra tables; the dataset itself is never
-- changed. Run:
--   cp build-bench/usage-10000000-v1-YYYYMM.db /tmp/floor.db && . build-bench/usage-10000000-v1-YYYYMM.db.env
--   sqlite3 /tmp/floor.db -cmd ".parameter set @org '$ORG_ID'" -cmd ".parameter set @cur_from 1793491200" \
--     -cmd ".parameter set @cur_to 1796083200" -cmd ".parameter set @past_from 1790812800" < bench/dashboard_floor.sql
-- (@cur_from/@cur_to: the current month, @past_from: the month before, as Unix seconds; UTC.)
-- Run it three times on the same copy and take the best time of each query (the extra tables
-- are filled by the first run only).

.timer on

-- 1. Today's queries (src/storage/queries/usage.h): the subtree's slot rows, joined through
--    org_closure, grouped. usage_buckets is a rowid table, so every slot row read through the
--    primary key index costs a second B-tree search into the table.
SELECT 'current cycle by slot', COUNT(*), SUM(s) FROM (
  SELECT b.slot, b.usage_type, SUM(b.billable_quantity) AS s FROM org_closure c
  JOIN usage_buckets b ON b.org_id = c.descendant_id
  WHERE c.ancestor_id = @org AND b.slot >= @cur_from AND b.slot < @cur_to GROUP BY b.slot, b.usage_type);
SELECT 'past cycle by type', COUNT(*), SUM(s) FROM (
  SELECT b.usage_type, SUM(b.billable_quantity) AS s FROM org_closure c
  JOIN usage_buckets b ON b.org_id = c.descendant_id
  WHERE c.ancestor_id = @org AND b.slot >= @past_from AND b.slot < @cur_from GROUP BY b.usage_type);

-- 2. The same rows in a WITHOUT ROWID table (clustered on the primary key): one search per range.
CREATE TABLE IF NOT EXISTS buckets_clustered (org_id TEXT NOT NULL, slot BIGINT NOT NULL, usage_type TEXT NOT NULL,
  direction TEXT NOT NULL, quantity BIGINT NOT NULL, billable_quantity BIGINT NOT NULL, records BIGINT NOT NULL,
  PRIMARY KEY (org_id, slot, usage_type, direction)) WITHOUT ROWID;
INSERT INTO buckets_clustered SELECT * FROM usage_buckets WHERE NOT EXISTS (SELECT 1 FROM buckets_clustered);
SELECT 'clustered: current cycle by slot', COUNT(*), SUM(s) FROM (
  SELECT b.slot, b.usage_type, SUM(b.billable_quantity) AS s FROM org_closure c
  JOIN buckets_clustered b ON b.org_id = c.descendant_id
  WHERE c.ancestor_id = @org AND b.slot >= @cur_from AND b.slot < @cur_to GROUP BY b.slot, b.usage_type);
SELECT 'clustered: past cycle by type', COUNT(*), SUM(s) FROM (
  SELECT b.usage_type, SUM(b.billable_quantity) AS s FROM org_closure c
  JOIN buckets_clustered b ON b.org_id = c.descendant_id
  WHERE c.ancestor_id = @org AND b.slot >= @past_from AND b.slot < @cur_from GROUP BY b.usage_type);

-- 3. Subtree rollups: the ingest adds each slot's billable sum to the organization AND each of
--    its ancestors (org_closure), per type (directions summed: the dashboard never splits them).
--    The dashboard then reads one contiguous range of one organization: no join, no grouping.
CREATE TABLE IF NOT EXISTS subtree_slots (org_id TEXT NOT NULL, slot BIGINT NOT NULL, usage_type TEXT NOT NULL,
  billable_quantity BIGINT NOT NULL, PRIMARY KEY (org_id, slot, usage_type)) WITHOUT ROWID;
INSERT INTO subtree_slots SELECT c.ancestor_id, b.slot, b.usage_type, SUM(b.billable_quantity)
  FROM usage_buckets b JOIN org_closure c ON c.descendant_id = b.org_id
  WHERE NOT EXISTS (SELECT 1 FROM subtree_slots) GROUP BY 1, 2, 3;
SELECT 'subtree: current cycle by slot', COUNT(*), SUM(billable_quantity) FROM (
  SELECT slot, usage_type, billable_quantity FROM subtree_slots
  WHERE org_id = @org AND slot >= @cur_from AND slot < @cur_to);
SELECT 'subtree: past cycle by type', COUNT(*), SUM(s) FROM (
  SELECT usage_type, SUM(billable_quantity) AS s FROM subtree_slots
  WHERE org_id = @org AND slot >= @past_from AND slot < @cur_from GROUP BY usage_type);

-- The other queries of a dashboard request, for comparison.
SELECT 'all time', COUNT(*) FROM (SELECT t.usage_type, SUM(t.billable_quantity) FROM org_closure c
  JOIN usage_totals t ON t.org_id = c.descendant_id WHERE c.ancestor_id = @org GROUP BY t.usage_type);
SELECT 'active users', COUNT(*) FROM org_closure c JOIN accounts a ON a.org_id = c.descendant_id
  WHERE c.ancestor_id = @org AND a.status = 'active';
