-- How many accounts each organization gained in each UTC day and hour, by the time they were
-- created: the dashboard's new users of a cycle, read without counting the accounts, which took
-- 90 ms at 500,000 created in the cycle (docs/usage.md#dashboard). A cycle starts at a local
-- midnight: whole UTC days, whole hours, and in time zones a half or a quarter hour off UTC the
-- minutes left, whose accounts are counted one by one (as reports/activity_counts.h splits a range).
-- The code that inserts accounts adds them (domain/accounts/account_counts.h, beside
-- account_counts); the triggers below follow every move and deletion in the same transaction.
-- SQLite's twin is 0047_account_created_counts.sqlite.sql.
CREATE TABLE account_created_counts (
  org_id TEXT NOT NULL,
  span   BIGINT NOT NULL,   -- 86400: a UTC day; 3600: a UTC hour
  start  BIGINT NOT NULL,   -- its first second, a multiple of span
  count  BIGINT NOT NULL,
  PRIMARY KEY (org_id, span, start)
);
INSERT INTO account_created_counts (org_id, span, start, count)
SELECT org_id, 86400, created_at - created_at % 86400, COUNT(*) FROM accounts
GROUP BY org_id, created_at - created_at % 86400;
INSERT INTO account_created_counts (org_id, span, start, count)
SELECT org_id, 3600, created_at - created_at % 3600, COUNT(*) FROM accounts
GROUP BY org_id, created_at - created_at % 3600;

-- An organization's two rows are always taken hour first, as the code that inserts accounts
-- takes them (accounts.add_to_created_counts).
CREATE FUNCTION lineport_count_account_created(org TEXT, t BIGINT, delta BIGINT) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO account_created_counts (org_id, span, start, count)
  VALUES (org, 3600, t - t % 3600, delta), (org, 86400, t - t % 86400, delta)
  ON CONFLICT (org_id, span, start) DO UPDATE SET count = account_created_counts.count + excluded.count
$$;

-- A move takes the two organizations' rows in key order, so two transactions moving accounts in
-- opposite directions lock them in the same order and never deadlock.
CREATE FUNCTION lineport_count_account_created_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM lineport_count_account_created(OLD.org_id, OLD.created_at, -1);
  ELSIF ROW(OLD.org_id, OLD.created_at) < ROW(NEW.org_id, NEW.created_at) THEN
    PERFORM lineport_count_account_created(OLD.org_id, OLD.created_at, -1);
    PERFORM lineport_count_account_created(NEW.org_id, NEW.created_at, 1);
  ELSE
    PERFORM lineport_count_account_created(NEW.org_id, NEW.created_at, 1);
    PERFORM lineport_count_account_created(OLD.org_id, OLD.created_at, -1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER accounts_created_count_changes AFTER UPDATE OF org_id, created_at ON accounts
FOR EACH ROW WHEN (ROW(OLD.org_id, OLD.created_at) IS DISTINCT FROM ROW(NEW.org_id, NEW.created_at))
EXECUTE FUNCTION lineport_count_account_created_change();

CREATE TRIGGER accounts_created_count_deletions AFTER DELETE ON accounts
FOR EACH ROW EXECUTE FUNCTION lineport_count_account_created_change();
