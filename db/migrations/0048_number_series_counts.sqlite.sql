-- How many numbers each pool holds by series and status: the Numbers page's summary by series
-- (numbers.series_of_pool), read without grouping the pool, which took 100-145 ms at 1,000,000
-- numbers (docs/performance.md#lists). Kept by the triggers below in the same transaction as the
-- numbers, whichever statement changes them: a pool's numbers change series-blind in several
-- places (a move of any available numbers, a deleted organization's pool handed to its parent, an
-- import of many series). PostgreSQL's twin is 0048_number_series_counts.postgresql.sql.
CREATE TABLE number_series_counts (
  org_id TEXT NOT NULL,
  series TEXT NOT NULL,
  status TEXT NOT NULL,
  count  BIGINT NOT NULL,
  PRIMARY KEY (org_id, series, status)
);
INSERT INTO number_series_counts (org_id, series, status, count)
SELECT org_id, series, status, COUNT(*) FROM numbers GROUP BY org_id, series, status;

CREATE TRIGGER numbers_series_count_insert AFTER INSERT ON numbers
BEGIN
  INSERT INTO number_series_counts (org_id, series, status, count) VALUES (NEW.org_id, NEW.series, NEW.status, 1)
  ON CONFLICT (org_id, series, status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER numbers_series_count_update AFTER UPDATE OF org_id, series, status ON numbers
WHEN OLD.org_id <> NEW.org_id OR OLD.series <> NEW.series OR OLD.status <> NEW.status
BEGIN
  UPDATE number_series_counts SET count = count - 1
  WHERE org_id = OLD.org_id AND series = OLD.series AND status = OLD.status;
  INSERT INTO number_series_counts (org_id, series, status, count) VALUES (NEW.org_id, NEW.series, NEW.status, 1)
  ON CONFLICT (org_id, series, status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER numbers_series_count_delete AFTER DELETE ON numbers
BEGIN
  UPDATE number_series_counts SET count = count - 1
  WHERE org_id = OLD.org_id AND series = OLD.series AND status = OLD.status;
END;
