-- How many user accounts each organization holds, by status, invitation status and permission
-- group: the exact totals of the Accounts page for every filter, the dashboard's active users and
-- the groups' account counts, without counting the accounts table (docs/performance.md#lists).
-- It replaces active_account_counts (0012) and permission_group_counts (0014).
-- The code that inserts accounts adds them (a CSV import adds its rows in one step per key,
-- domain/accounts/account_counts.h); the triggers below follow every later change and deletion,
-- whichever statement makes it, in the same transaction. SQLite's twin is 0024_account_counts.sqlite.sql.
CREATE TABLE account_counts (
  org_id              TEXT NOT NULL,
  status              TEXT NOT NULL,
  invitation_status   TEXT NOT NULL,
  permission_group_id TEXT NOT NULL,   -- '' for none
  count               BIGINT NOT NULL,
  PRIMARY KEY (org_id, status, invitation_status, permission_group_id)
);
CREATE INDEX account_counts_group ON account_counts (permission_group_id);
INSERT INTO account_counts (org_id, status, invitation_status, permission_group_id, count)
SELECT org_id, status, invitation_status, COALESCE(permission_group_id, ''), COUNT(*) FROM accounts
GROUP BY org_id, status, invitation_status, COALESCE(permission_group_id, '');
DROP TABLE active_account_counts;
DROP TABLE permission_group_counts;

CREATE FUNCTION lineport_count_account(org TEXT, st TEXT, inv TEXT, grp TEXT, delta BIGINT) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO account_counts (org_id, status, invitation_status, permission_group_id, count)
  VALUES (org, st, inv, COALESCE(grp, ''), delta)
  ON CONFLICT (org_id, status, invitation_status, permission_group_id)
  DO UPDATE SET count = account_counts.count + excluded.count
$$;

-- The two counter rows of a change are taken in key order, so two transactions moving accounts in
-- opposite directions lock them in the same order and never deadlock.
CREATE FUNCTION lineport_count_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM lineport_count_account(OLD.org_id, OLD.status, OLD.invitation_status, OLD.permission_group_id, -1);
  ELSIF ROW(OLD.org_id, OLD.status, OLD.invitation_status, COALESCE(OLD.permission_group_id, ''))
      < ROW(NEW.org_id, NEW.status, NEW.invitation_status, COALESCE(NEW.permission_group_id, '')) THEN
    PERFORM lineport_count_account(OLD.org_id, OLD.status, OLD.invitation_status, OLD.permission_group_id, -1);
    PERFORM lineport_count_account(NEW.org_id, NEW.status, NEW.invitation_status, NEW.permission_group_id, 1);
  ELSE
    PERFORM lineport_count_account(NEW.org_id, NEW.status, NEW.invitation_status, NEW.permission_group_id, 1);
    PERFORM lineport_count_account(OLD.org_id, OLD.status, OLD.invitation_status, OLD.permission_group_id, -1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER accounts_count_changes AFTER UPDATE OF org_id, status, invitation_status, permission_group_id
ON accounts FOR EACH ROW
WHEN (ROW(OLD.org_id, OLD.status, OLD.invitation_status, OLD.permission_group_id)
  IS DISTINCT FROM ROW(NEW.org_id, NEW.status, NEW.invitation_status, NEW.permission_group_id))
EXECUTE FUNCTION lineport_count_account_change();

CREATE TRIGGER accounts_count_deletions AFTER DELETE ON accounts
FOR EACH ROW EXECUTE FUNCTION lineport_count_account_change();
