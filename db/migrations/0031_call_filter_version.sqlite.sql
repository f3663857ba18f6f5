-- A counter that every change able to alter a call-filtering rule set moves on (plans, and the
-- settings that name an organization's plan or add blocked prefixes), in the same transaction.
-- The call-filter check keeps compiled rule sets in memory and reads only this to know they are
-- still current (docs/subscriptions.md#call-filtering). PostgreSQL's twin is the .postgresql.sql.
CREATE TABLE call_filter_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO call_filter_version (id, version) VALUES (1, 1);
CREATE TRIGGER call_filter_plan_added AFTER INSERT ON subscription_plans
BEGIN UPDATE call_filter_version SET version = version + 1; END;
CREATE TRIGGER call_filter_plan_changed AFTER UPDATE ON subscription_plans
BEGIN UPDATE call_filter_version SET version = version + 1; END;
CREATE TRIGGER call_filter_plan_deleted AFTER DELETE ON subscription_plans
BEGIN UPDATE call_filter_version SET version = version + 1; END;
CREATE TRIGGER call_filter_setting_added AFTER INSERT ON org_settings
WHEN NEW.key IN ('subscription_id', 'call_filter_blocked_prefixes')
BEGIN UPDATE call_filter_version SET version = version + 1; END;
CREATE TRIGGER call_filter_setting_changed AFTER UPDATE ON org_settings
WHEN NEW.key IN ('subscription_id', 'call_filter_blocked_prefixes')
BEGIN UPDATE call_filter_version SET version = version + 1; END;
CREATE TRIGGER call_filter_setting_deleted AFTER DELETE ON org_settings
WHEN OLD.key IN ('subscription_id', 'call_filter_blocked_prefixes')
BEGIN UPDATE call_filter_version SET version = version + 1; END;
