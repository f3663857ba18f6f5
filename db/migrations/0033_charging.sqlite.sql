-- Charging (docs/subscriptions.md#charging): what the monthly charges of an organization are read
-- from, kept in the same transaction as the change. PostgreSQL's twin is the .postgresql.sql.

-- Billable voice time rounded up per record to the started minute, summed per slot (the ingest
-- adds it with the seconds); filled here from the records already stored.
ALTER TABLE usage_buckets ADD COLUMN billable_minutes BIGINT NOT NULL DEFAULT 0;
UPDATE usage_buckets SET billable_minutes = (
  SELECT COALESCE(SUM((r.quantity + 59) / 60), 0) FROM usage_records r
  WHERE r.org_id = usage_buckets.org_id AND r.usage_type = 'voice' AND r.direction = usage_buckets.direction
    AND r.billable = 1 AND r.started_at >= usage_buckets.slot AND r.started_at < usage_buckets.slot + 900)
WHERE usage_type = 'voice';

-- Which plan each organization had of its own, from when: usage is priced by the plan in force
-- when it happened. NULL: from then on it inherits. The plans set before this migration count
-- as set since the beginning.
CREATE TABLE org_plan_history (
  org_id         TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  effective_from BIGINT NOT NULL,
  plan_id        TEXT,
  PRIMARY KEY (org_id, effective_from)
);
INSERT INTO org_plan_history (org_id, effective_from, plan_id)
SELECT org_id, 0, substr(value, 2, length(value) - 2) FROM org_settings WHERE key = 'subscription_id';

-- Every time an account became active or stopped being active in an organization (+1 / -1), so
-- that the active users at the end of any past cycle are a sum. Accounts are never inserted
-- active; the trigger follows every status and organization change; deleting an active account
-- is logged by the code that deletes (one statement, accounts.delete_one), with the time of it.
CREATE TABLE active_user_changes (
  org_id TEXT NOT NULL,
  at     BIGINT NOT NULL,
  delta  BIGINT NOT NULL
);
CREATE INDEX active_user_changes_org_at ON active_user_changes (org_id, at);
INSERT INTO active_user_changes (org_id, at, delta)
SELECT org_id, COALESCE(activated_at, updated_at), 1 FROM accounts WHERE status = 'active';

CREATE TRIGGER accounts_active_changes AFTER UPDATE OF org_id, status ON accounts
WHEN (OLD.status = 'active' OR NEW.status = 'active') AND (OLD.status <> NEW.status OR OLD.org_id <> NEW.org_id)
BEGIN
  INSERT INTO active_user_changes (org_id, at, delta) SELECT OLD.org_id, NEW.updated_at, -1 WHERE OLD.status = 'active';
  INSERT INTO active_user_changes (org_id, at, delta) SELECT NEW.org_id, NEW.updated_at, 1 WHERE NEW.status = 'active';
END;
