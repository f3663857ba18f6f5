-- How many numbers each pool holds by series and status: the Numbers page's summary by series
-- (numbers.series_of_pool), read without grouping the pool, which took 100-145 ms at 1,000,000
-- numbers (docs/performance.md#lists). Kept by the triggers below in the same transaction as the
-- numbers, whichever statement changes them: a pool's numbers change series-blind in several
-- places (a move of any available numbers, a deleted organization's pool handed to its parent, an
-- import of many series). Triggers once a statement, on the rows it changed (transition tables):
-- an import inserts 64 numbers a statement, an allocation moves thousands in one. SQLite's twin is
-- 0048_number_series_counts.sqlite.sql.
CREATE TABLE number_series_counts (
  org_id TEXT NOT NULL,
  series TEXT NOT NULL,
  status TEXT NOT NULL,
  count  BIGINT NOT NULL,
  PRIMARY KEY (org_id, series, status)
);
INSERT INTO number_series_counts (org_id, series, status, count)
SELECT org_id, series, status, COUNT(*) FROM numbers GROUP BY org_id, series, status;

-- Adds what a statement changed, counter rows in key order: two transactions take them in the
-- same order and never deadlock.
CREATE FUNCTION number_series_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO number_series_counts (org_id, series, status, count)
    SELECT org_id, series, status, COUNT(*) FROM added GROUP BY org_id, series, status ORDER BY org_id, series, status
    ON CONFLICT (org_id, series, status) DO UPDATE SET count = number_series_counts.count + excluded.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO number_series_counts (org_id, series, status, count)
    SELECT org_id, series, status, -COUNT(*) FROM gone GROUP BY org_id, series, status ORDER BY org_id, series, status
    ON CONFLICT (org_id, series, status) DO UPDATE SET count = number_series_counts.count + excluded.count;
  ELSE
    INSERT INTO number_series_counts (org_id, series, status, count)
    SELECT org_id, series, status, SUM(delta) FROM (
      SELECT org_id, series, status, -1 AS delta FROM gone
      UNION ALL SELECT org_id, series, status, 1 FROM added) AS d
    GROUP BY org_id, series, status HAVING SUM(delta) <> 0 ORDER BY org_id, series, status
    ON CONFLICT (org_id, series, status) DO UPDATE SET count = number_series_counts.count + excluded.count;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER numbers_series_count_insert AFTER INSERT ON numbers
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION number_series_counts_add();
CREATE TRIGGER numbers_series_count_update AFTER UPDATE ON numbers
REFERENCING OLD TABLE AS gone NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION number_series_counts_add();
CREATE TRIGGER numbers_series_count_delete AFTER DELETE ON numbers
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION number_series_counts_add();
