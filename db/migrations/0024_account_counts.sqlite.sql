-- How many user accounts each organization holds, by status, invitation status and permission
-- group: the exact totals of the Accounts page for every filter, the dashboard's active users and
-- the groups' account counts, without counting the accounts table (docs/performance.md#lists).
-- It replaces active_account_counts (0012) and permission_group_counts (0014).
-- The code that inserts accounts adds them (a CSV import adds its rows in one step per key,
-- domain/accounts/account_counts.h); the triggers below follow every later change and deletion,
-- whichever statement makes it, in the same transaction.
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

CREATE TRIGGER accounts_count_changes AFTER UPDATE OF org_id, status, invitation_status, permission_group_id
ON accounts
WHEN OLD.org_id <> NEW.org_id OR OLD.status <> NEW.status OR OLD.invitation_status <> NEW.invitation_status
  OR OLD.permission_group_id IS NOT NEW.permission_group_id
BEGIN
  UPDATE account_counts SET count = count - 1
  WHERE org_id = OLD.org_id AND status = OLD.status AND invitation_status = OLD.invitation_status
    AND permission_group_id = COALESCE(OLD.permission_group_id, '');
  INSERT INTO account_counts (org_id, status, invitation_status, permission_group_id, count)
  VALUES (NEW.org_id, NEW.status, NEW.invitation_status, COALESCE(NEW.permission_group_id, ''), 1)
  ON CONFLICT (org_id, status, invitation_status, permission_group_id) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER accounts_count_deletions AFTER DELETE ON accounts
BEGIN
  UPDATE account_counts SET count = count - 1
  WHERE org_id = OLD.org_id AND status = OLD.status AND invitation_status = OLD.invitation_status
    AND permission_group_id = COALESCE(OLD.permission_group_id, '');
END;
