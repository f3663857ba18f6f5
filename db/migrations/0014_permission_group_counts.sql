-- How many user accounts each permission group has in each organization, kept in the same
-- transaction as every change of an account's group or organization
-- (domain/accounts/account_counts.h), so the accounts table needs no index on its group: a CSV
-- import of 100,000 rows writes 100,000 index entries fewer (docs/product.md#targets). A group's count for the
-- User Permissions page adds the rows of the caller's subtree.
CREATE TABLE permission_group_counts (
  group_id TEXT NOT NULL REFERENCES permission_groups (id),
  org_id   TEXT NOT NULL REFERENCES orgs (id),
  count    BIGINT NOT NULL,
  PRIMARY KEY (group_id, org_id)
);
INSERT INTO permission_group_counts (group_id, org_id, count)
SELECT permission_group_id, org_id, COUNT(*) FROM accounts
WHERE permission_group_id IS NOT NULL GROUP BY permission_group_id, org_id;
DROP INDEX accounts_permission_group;
