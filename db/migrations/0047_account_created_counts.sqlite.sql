-- How many accounts each organization gained in each UTC day and hour, by the time they were
-- created: the dashboard's new users of a cycle, read without counting the accounts, which took
-- 90 ms at 500,000 created in the cycle (docs/usage.md#dashboard). A cycle starts at a local
-- midnight: whole UTC days, whole hours, and in time zones a half or a quarter hour off UTC the
-- minutes left, whose accounts are counted one by one (as reports/activity_counts.h splits a range).
-- The code that inserts accounts adds them (domain/accounts/account_counts.h, beside
-- account_counts); the triggers below follow every move and deletion in the same transaction.
-- PostgreSQL's twin is 0047_account_created_counts.postgresql.sql.
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

CREATE TRIGGER accounts_created_count_changes AFTER UPDATE OF org_id, created_at ON accounts
WHEN OLD.org_id <> NEW.org_id OR OLD.created_at <> NEW.created_at
BEGIN
  UPDATE account_created_counts SET count = count - 1
  WHERE org_id = OLD.org_id AND ((span = 3600 AND start = OLD.created_at - OLD.created_at % 3600)
    OR (span = 86400 AND start = OLD.created_at - OLD.created_at % 86400));
  INSERT INTO account_created_counts (org_id, span, start, count)
  VALUES (NEW.org_id, 3600, NEW.created_at - NEW.created_at % 3600, 1),
         (NEW.org_id, 86400, NEW.created_at - NEW.created_at % 86400, 1)
  ON CONFLICT (org_id, span, start) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER accounts_created_count_deletions AFTER DELETE ON accounts
BEGIN
  UPDATE account_created_counts SET count = count - 1
  WHERE org_id = OLD.org_id AND ((span = 3600 AND start = OLD.created_at - OLD.created_at % 3600)
    OR (span = 86400 AND start = OLD.created_at - OLD.created_at % 86400));
END;
