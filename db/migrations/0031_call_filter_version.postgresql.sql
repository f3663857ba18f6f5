-- A counter that every change able to alter a call-filtering rule set moves on (plans, and the
-- settings that name an organization's plan or add blocked prefixes), in the same transaction.
-- The call-filter check keeps compiled rule sets in memory and reads only this to know they are
-- still current (docs/subscriptions.md#call-filtering). Here once per statement on
-- org_settings, whatever the key: settings change rarely. SQLite's twin is the .sqlite.sql.
CREATE TABLE call_filter_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO call_filter_version (id, version) VALUES (1, 1);
CREATE FUNCTION lineport_call_filter_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE call_filter_version SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER call_filter_plans AFTER INSERT OR UPDATE OR DELETE ON subscription_plans
FOR EACH STATEMENT EXECUTE FUNCTION lineport_call_filter_changed();
CREATE TRIGGER call_filter_settings AFTER INSERT OR UPDATE OR DELETE ON org_settings
FOR EACH STATEMENT EXECUTE FUNCTION lineport_call_filter_changed();
