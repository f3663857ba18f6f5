-- The administrators activity report's exact totals without counting the audit log
-- (docs/performance.md#lists, docs/decisions.md "Totals of the administrators activity report"):
-- how many entries each organization's log holds by UTC day and by UTC hour, event type (action)
-- and activity type. A total sums the whole days inside its range, the whole hours of what is left
-- (a range runs from local midnight to local midnight, most time zones a whole number of hours off
-- UTC), and counts the entries of the minutes left over. The triggers below follow every insert,
-- change and deletion of an entry in the same transaction, whichever statement makes it (entries
-- are only ever appended; the chain's verification tests delete some). Appends are serialized by
-- the lock on audit_head, so two never wait on each other's counter rows. Times are never negative.
-- SQLite's twin is 0027_audit_counts.sqlite.sql.
CREATE TABLE audit_counts (
  org_id        TEXT NOT NULL,
  span          BIGINT NOT NULL,   -- 86400: a UTC day; 3600: a UTC hour
  start         BIGINT NOT NULL,   -- its first second, a multiple of span
  action        TEXT NOT NULL,
  activity_type TEXT NOT NULL,
  count         BIGINT NOT NULL,
  PRIMARY KEY (org_id, span, start, action, activity_type)
);
INSERT INTO audit_counts (org_id, span, start, action, activity_type, count)
SELECT org_id, 86400, at - at % 86400, action, activity_type, COUNT(*) FROM audit_log WHERE org_id IS NOT NULL
GROUP BY org_id, at - at % 86400, action, activity_type;
INSERT INTO audit_counts (org_id, span, start, action, activity_type, count)
SELECT org_id, 3600, at - at % 3600, action, activity_type, COUNT(*) FROM audit_log WHERE org_id IS NOT NULL
GROUP BY org_id, at - at % 3600, action, activity_type;

CREATE FUNCTION lineport_count_audit_entry(org TEXT, t BIGINT, act TEXT, activity TEXT, delta BIGINT) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO audit_counts (org_id, span, start, action, activity_type, count)
  SELECT org, s.span, t - t % s.span, act, activity, delta FROM (VALUES (86400::BIGINT), (3600::BIGINT)) AS s (span)
  WHERE org IS NOT NULL
  ON CONFLICT (org_id, span, start, action, activity_type)
  DO UPDATE SET count = audit_counts.count + excluded.count
$$;

CREATE FUNCTION lineport_count_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM lineport_count_audit_entry(OLD.org_id, OLD.at, OLD.action, OLD.activity_type, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM lineport_count_audit_entry(NEW.org_id, NEW.at, NEW.action, NEW.activity_type, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_count_insert AFTER INSERT ON audit_log
FOR EACH ROW WHEN (NEW.org_id IS NOT NULL) EXECUTE FUNCTION lineport_count_audit_change();

CREATE TRIGGER audit_log_count_update AFTER UPDATE OF org_id, at, action, activity_type ON audit_log
FOR EACH ROW WHEN (ROW(OLD.org_id, OLD.at, OLD.action, OLD.activity_type)
  IS DISTINCT FROM ROW(NEW.org_id, NEW.at, NEW.action, NEW.activity_type))
EXECUTE FUNCTION lineport_count_audit_change();

CREATE TRIGGER audit_log_count_delete AFTER DELETE ON audit_log
FOR EACH ROW WHEN (OLD.org_id IS NOT NULL) EXECUTE FUNCTION lineport_count_audit_change();

-- A page of one organization's entries, newest first, is read along one of these and stops at the
-- page's end: by time alone, or by the event type, the activity type or the administrator asked for.
-- The administrator's also counts the total of a filter by administrator, which the counters do not
-- hold.
DROP INDEX audit_log_org_at;
CREATE INDEX audit_log_org_at ON audit_log (org_id, at, seq);
CREATE INDEX audit_log_org_action_at ON audit_log (org_id, action, at, seq);
CREATE INDEX audit_log_org_activity_at ON audit_log (org_id, activity_type, at, seq);
CREATE INDEX audit_log_org_actor_at ON audit_log (org_id, actor_id, at, seq);
