-- The administrators activity report's exact totals without counting the audit log
-- (docs/performance.md#lists, docs/decisions.md "Totals of the administrators activity report"):
-- how many entries each organization's log holds by UTC day and by UTC hour, event type (action)
-- and activity type. A total sums the whole days inside its range, the whole hours of what is left
-- (a range runs from local midnight to local midnight, most time zones a whole number of hours off
-- UTC), and counts the entries of the minutes left over. The triggers below follow every insert,
-- change and deletion of an entry in the same transaction, whichever statement makes it (entries
-- are only ever appended; the chain's verification tests delete some). Times are never negative.
-- PostgreSQL's twin is 0027_audit_counts.postgresql.sql.
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

CREATE TRIGGER audit_log_count_insert AFTER INSERT ON audit_log WHEN NEW.org_id IS NOT NULL
BEGIN
  INSERT INTO audit_counts (org_id, span, start, action, activity_type, count)
  VALUES (NEW.org_id, 86400, NEW.at - NEW.at % 86400, NEW.action, NEW.activity_type, 1),
         (NEW.org_id, 3600, NEW.at - NEW.at % 3600, NEW.action, NEW.activity_type, 1)
  ON CONFLICT (org_id, span, start, action, activity_type) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER audit_log_count_delete AFTER DELETE ON audit_log WHEN OLD.org_id IS NOT NULL
BEGIN
  UPDATE audit_counts SET count = count - 1
  WHERE org_id = OLD.org_id AND action = OLD.action AND activity_type = OLD.activity_type
    AND ((span = 86400 AND start = OLD.at - OLD.at % 86400) OR (span = 3600 AND start = OLD.at - OLD.at % 3600));
END;

CREATE TRIGGER audit_log_count_update AFTER UPDATE OF org_id, at, action, activity_type ON audit_log
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.at <> NEW.at OR OLD.action <> NEW.action
  OR OLD.activity_type <> NEW.activity_type
BEGIN
  UPDATE audit_counts SET count = count - 1
  WHERE OLD.org_id IS NOT NULL AND org_id = OLD.org_id AND action = OLD.action AND activity_type = OLD.activity_type
    AND ((span = 86400 AND start = OLD.at - OLD.at % 86400) OR (span = 3600 AND start = OLD.at - OLD.at % 3600));
  INSERT INTO audit_counts (org_id, span, start, action, activity_type, count)
  SELECT NEW.org_id, 86400, NEW.at - NEW.at % 86400, NEW.action, NEW.activity_type, 1 WHERE NEW.org_id IS NOT NULL
  UNION ALL
  SELECT NEW.org_id, 3600, NEW.at - NEW.at % 3600, NEW.action, NEW.activity_type, 1 WHERE NEW.org_id IS NOT NULL
  ON CONFLICT (org_id, span, start, action, activity_type) DO UPDATE SET count = count + 1;
END;

-- A page of one organization's entries, newest first, is read along one of these and stops at the
-- page's end: by time alone, or by the event type, the activity type or the administrator asked for.
-- The administrator's also counts the total of a filter by administrator, which the counters do not
-- hold.
DROP INDEX audit_log_org_at;
CREATE INDEX audit_log_org_at ON audit_log (org_id, at, seq);
CREATE INDEX audit_log_org_action_at ON audit_log (org_id, action, at, seq);
CREATE INDEX audit_log_org_activity_at ON audit_log (org_id, activity_type, at, seq);
CREATE INDEX audit_log_org_actor_at ON audit_log (org_id, actor_id, at, seq);
