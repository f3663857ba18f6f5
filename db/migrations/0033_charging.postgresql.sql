-- Charging (docs/subscriptions.md#charging): what the monthly charges of an organization are read
-- from, kept in the same transaction as the change. SQLite's twin is the .sqlite.sql; the
-- comments there say why each part exists.
ALTER TABLE usage_buckets ADD COLUMN billable_minutes BIGINT NOT NULL DEFAULT 0;
UPDATE usage_buckets SET billable_minutes = (
  SELECT COALESCE(SUM((r.quantity + 59) / 60), 0) FROM usage_records r
  WHERE r.org_id = usage_buckets.org_id AND r.usage_type = 'voice' AND r.direction = usage_buckets.direction
    AND r.billable = 1 AND r.started_at >= usage_buckets.slot AND r.started_at < usage_buckets.slot + 900)
WHERE usage_type = 'voice';

CREATE TABLE org_plan_history (
  org_id         TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  effective_from BIGINT NOT NULL,
  plan_id        TEXT,
  PRIMARY KEY (org_id, effective_from)
);
INSERT INTO org_plan_history (org_id, effective_from, plan_id)
SELECT org_id, 0, substr(value, 2, length(value) - 2) FROM org_settings WHERE key = 'subscription_id';

CREATE TABLE active_user_changes (
  org_id TEXT NOT NULL,
  at     BIGINT NOT NULL,
  delta  BIGINT NOT NULL
);
CREATE INDEX active_user_changes_org_at ON active_user_changes (org_id, at);
INSERT INTO active_user_changes (org_id, at, delta)
SELECT org_id, COALESCE(activated_at, updated_at), 1 FROM accounts WHERE status = 'active';

CREATE FUNCTION lineport_active_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'active' THEN
    INSERT INTO active_user_changes (org_id, at, delta) VALUES (OLD.org_id, NEW.updated_at, -1);
  END IF;
  IF NEW.status = 'active' THEN
    INSERT INTO active_user_changes (org_id, at, delta) VALUES (NEW.org_id, NEW.updated_at, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER accounts_active_changes AFTER UPDATE OF org_id, status ON accounts
FOR EACH ROW WHEN ((OLD.status = 'active' OR NEW.status = 'active')
  AND (OLD.status <> NEW.status OR OLD.org_id <> NEW.org_id))
EXECUTE FUNCTION lineport_active_user_changed();
